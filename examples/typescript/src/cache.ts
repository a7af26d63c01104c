// The normalized cache a Campaign Graph client should start from (docs/clients.md, "TypeScript and
// Apollo Client").
import { InMemoryCache } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";

import introspection from "./gql/possible-types.js";

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    // Generated from schema.graphql: the 29 types that implement Node (and the two
    // PricingCandidate types), so that the Node policy below applies to each of them.
    possibleTypes: introspection.possibleTypes,
    typePolicies: {
      // Every Node is one cache entry per global id. Naming the key makes a document that
      // selects a Node without its `id` an error instead of a silently unnormalized copy.
      Node: { keyFields: ["id"] },
      // A campaign's figures have no id: they are kept inside the campaign's field (one per
      // from/to). Two documents selecting different figures merge into one object instead of
      // the second replacing the first (and Apollo warning that data may be lost).
      CampaignStatistics: { merge: true },
      Query: {
        fields: {
          // Lists that are paged with `fetchMore`: the pages of one filter and order are one
          // list; `first` and `after` only say which page. relayStylePagination merges
          // `edges` (select `edges { cursor node { id ... } }` and `pageInfo`, not `nodes`).
          contacts: relayStylePagination(["filter", "orderBy"]),
          campaigns: relayStylePagination(["filter", "orderBy"]),
        },
      },
    },
  });
}
