// Apollo Client reports cache problems (data that may be lost, missing fields, a missing key
// field) with console.warn and console.error, in its development build only. The journey fails
// on any of them: this keeps what was said, besides printing it.

import { format } from "node:util";

export type Said = { level: "warn" | "error"; text: string };

export type Guard = {
  /** Everything said with console.warn or console.error since the guard was set. */
  said: Said[];
  /** Keep, but do not print (the canary's expected complaints). */
  quiet: boolean;
};

export function guardConsole(): Guard {
  const guard: Guard = { said: [], quiet: false };
  for (const level of ["warn", "error"] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      guard.said.push({ level, text: format(...args) });
      if (!guard.quiet) original(...args);
    };
  }
  return guard;
}
