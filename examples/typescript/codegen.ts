// GraphQL Code Generator: typed operations from the repository's schema.graphql (no network
// introspection) and the documents below. `npm run codegen` writes src/gql/ (committed);
// `npm run codegen:check` fails when it is not what the schema and documents give.
import type { CodegenConfig } from "@graphql-codegen/cli";

// Every custom scalar is a JSON string both ways, in one form (docs/api.md, "Protection": the
// scalars table; the schema's descriptions say the same). strictScalars refuses to generate if a
// scalar is missing here, so a new scalar cannot silently become `any`.
const scalars = {
  // "2026-03-31": YYYY-MM-DD (RFC 3339 full-date), an existing day.
  Date: "string",
  // "2026-12-06T14:05:09.250000+00:00": RFC 3339 date-time, served in UTC with six fraction
  // digits; accepted with any offset ("Z" or "+01:00"), never without one.
  DateTime: "string",
  // "09:30:00": HH:MM:SS (RFC 3339 partial-time, whole seconds), no date, no offset.
  Time: "string",
  // "12.50": an exact decimal in plain notation with the amount's own decimals; send strings
  // ("12.5"), never JSON numbers (refused: binary floats lose digits).
  Decimal: "string",
  // "CM+1D": a date formula in the neutral form (accepted with or without angle brackets).
  DateFormula: "string",
} as const;

const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: [
    // The contract dashboard itself, not a copy: the document the benchmark and the server's
    // tests run is the one this client types and sends.
    "../../bench/dashboard.graphql",
    "operations/*.graphql",
  ],
  emitLegacyCommonJSImports: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        strictScalars: true,
        scalars,
        // Enums as string unions ("COMPANY" | "PERSON"): what arrives on the wire, with no
        // runtime enum objects to import.
        enumsAsTypes: true,
        useTypeImports: true,
        // Documents keep no `__typename` of their own: Apollo Client adds it to each selection
        // when it sends them (its cache needs it), so the generated types need not.
        skipTypename: true,
      },
    },
    // Which types implement the Node interface (and PricingCandidate): Apollo Client's
    // `possibleTypes`, so a type policy on an interface applies to its implementations.
    // (apolloClientVersion 3 is the plugin's name for the format Apollo Client 4 takes too.)
    "src/gql/possible-types.ts": {
      plugins: ["fragment-matcher"],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
  },
};

export default config;
