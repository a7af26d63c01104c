// An Apollo Client for Campaign Graph over HTTP, which counts what it sends.
import { ApolloClient, HttpLink } from "@apollo/client";

import { createCache } from "./cache.js";

export type Sent = { operationName: string };

export function createClient(url: string, token: string | undefined, sent: Sent[]): ApolloClient {
  const countingFetch: typeof fetch = (input, init) => {
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as Sent) : undefined;
    sent.push({ operationName: body?.operationName ?? "?" });
    return fetch(input, init);
  };
  return new ApolloClient({
    cache: createCache(),
    link: new HttpLink({
      uri: `${url.replace(/\/$/, "")}/graphql`,
      // A bearer token (`campaign-graph token create`); none against a demo-mode server
      // on this machine (`make run`).
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      fetch: countingFetch,
    }),
  });
}
