// A client's journey on the demo company, with Apollo Client's normalized cache:
//   1. the contract dashboard of campaign CP00004, and (1b) a campaigns list over the same
//      campaigns that leaves it whole in the cache;
//   2. the contacts list paged to the end with fetchMore (relayStylePagination on edges), and
//      (2b) why not over the `nodes` shortcut: the cache keeps the last page only;
//   3. a campaignUpdate whose answer updates the dashboard in the cache, with no refetch;
// and it fails on any assertion and on anything Apollo says with console.warn/console.error.
//
//   CAMPAIGN_GRAPH_URL    the server (default http://127.0.0.1:8000, `make run`)
//   CAMPAIGN_GRAPH_TOKEN  a bearer token (none: the server must be in demo mode)
//
// Run with `npm run journey` (node --conditions=development: Apollo's development build, the
// one that warns).
import assert from "node:assert/strict";

import { InMemoryCache } from "@apollo/client";
import { __DEV__ } from "@apollo/client/utilities/environment";
import type { Subscription } from "rxjs";

import { createClient, type Sent } from "./client.js";
import { guardConsole } from "./console-guard.js";
import {
  CampaignDashboardDocument,
  type CampaignDashboardQuery,
  CampaignDescriptionUpdateDocument,
  CampaignListDocument,
  ContactsNodesPageDocument,
  type ContactsNodesPageQuery,
  ContactsPageDocument,
  type ContactsPageQuery,
  type ContactsPageQueryVariables,
} from "./gql/graphql.js";

const CAMPAIGN = "CP00004";
const PAGE_SIZE = 50;

// The wire forms of the custom scalars the documents select (all typed `string`).
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

const guard = guardConsole();
const sent: Sent[] = [];

async function main(): Promise<void> {
  canary();
  const url = process.env.CAMPAIGN_GRAPH_URL ?? "http://127.0.0.1:8000";
  const client = createClient(url, process.env.CAMPAIGN_GRAPH_TOKEN || undefined, sent);
  const seen: CampaignDashboardQuery[] = [];
  const dashboard = client.watchQuery({
    query: CampaignDashboardDocument,
    variables: { no: CAMPAIGN },
  });
  const watching: Subscription = dashboard.subscribe({
    next: (result) => {
      if (result.dataState === "complete") seen.push(result.data);
    },
    error: (error: unknown) => fail(`the dashboard query failed: ${String(error)}`),
  });
  try {
    const campaign = await dashboardStep(seen);
    await listStep(client, campaign);
    await pagingStep(client);
    await nodesPitfallStep(client);
    await mutationStep(client, seen, campaign);
  } finally {
    watching.unsubscribe();
    client.stop();
  }
  // Nothing was fetched again behind the journey's back, not even late.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const dashboards = operations().filter((name) => name === "CampaignDashboard");
  assert.equal(dashboards.length, 1, "the dashboard was fetched once");
  assert.deepEqual(guard.said, [], "Apollo Client warned or reported an error (above)");
  console.log(`journey passed: ${sent.length} requests, no warnings`);
}

type Client = ReturnType<typeof createClient>;
type Campaign = NonNullable<CampaignDashboardQuery["campaign"]>;

/** 1. The contract dashboard, one request. */
async function dashboardStep(seen: CampaignDashboardQuery[]): Promise<Campaign> {
  const data = await nextResult(seen, 0);
  const campaign = data.campaign;
  assert.ok(campaign, `campaign ${CAMPAIGN} not found`);
  assert.equal(campaign.no, CAMPAIGN);
  assert.equal(campaign.activated, true);
  assert.equal(campaign.status?.code, "RUNNING");
  assert.match(campaign.startingDate ?? "", DATE);
  assert.match(campaign.statistics.cost, DECIMAL);
  assert.ok(campaign.priceLines.totalCount > 0, "the demo's CP00004 has campaign prices");
  for (const line of campaign.priceLines.nodes) assert.match(line.unitPrice, DECIMAL);
  const segments = campaign.segments;
  assert.equal(segments.nodes.length, segments.totalCount);
  assert.equal(segments.totalCount, 1, "the demo's CP00004 has one segment");
  const lines = segments.nodes.reduce((sum, segment) => sum + segment.lines.nodes.length, 0);
  assert.equal(lines, 40, "of 40 lines");
  assert.deepEqual(operations(), ["CampaignDashboard"]);
  console.log(
    `1. dashboard ${campaign.no} "${campaign.description}": ${segments.totalCount} segments, ` +
      `${lines} lines, ${campaign.priceLines.totalCount} prices, cost ${campaign.statistics.cost}`,
  );
  return campaign;
}

/** 1b. A campaigns list over the same objects: the dashboard stays whole in the cache. */
async function listStep(client: Client, campaign: Campaign): Promise<void> {
  const before = sent.length;
  const { data } = await client.query({ query: CampaignListDocument, variables: { first: 20 } });
  assert.ok(data);
  const row = data.campaigns.edges.find((edge) => edge.node.id === campaign.id)?.node;
  assert.equal(row?.statistics.cost, campaign.statistics.cost);
  const cached = client.readQuery({
    query: CampaignDashboardDocument,
    variables: { no: CAMPAIGN },
  });
  assert.deepEqual(cached?.campaign?.statistics, campaign.statistics, "the figures merged");
  assert.deepEqual(operations().slice(before), ["CampaignList"]);
  const total = data.campaigns.totalCount;
  console.log(`1b. campaigns list: ${total} campaigns; the dashboard still whole in the cache`);
}

/** 2. The contacts by name, paged to the end into one cached list. */
async function pagingStep(client: Client): Promise<void> {
  const variables: ContactsPageQueryVariables = {
    first: PAGE_SIZE,
    orderBy: [{ field: "NAME" }],
  };
  const before = sent.length;
  const list = client.watchQuery({ query: ContactsPageDocument, variables });
  const shown: ContactsPageQuery[] = [];
  const watching = list.subscribe((result) => {
    if (result.dataState === "complete") shown.push(result.data);
  });
  const first = await nextResult(shown, 0);
  const fetched = first.contacts.edges.map((edge) => edge.node.id);
  let pages = 1;
  let { hasNextPage, endCursor } = first.contacts.pageInfo;
  while (hasNextPage) {
    const more = await list.fetchMore({ variables: { after: endCursor } });
    assert.ok(more.data, `page ${pages + 1} of contacts`);
    fetched.push(...more.data.contacts.edges.map((edge) => edge.node.id));
    ({ hasNextPage, endCursor } = more.data.contacts.pageInfo);
    pages += 1;
    assert.ok(pages < 100, "paging does not end");
  }
  // What the list view shows: the watcher's latest result comes to hold every page.
  await until(() => shown.at(-1)?.contacts.edges.length === fetched.length, "the list view");
  const latest = shown.at(-1)?.contacts.edges.map((edge) => edge.node.id);
  watching.unsubscribe();

  // What the cache holds for the list (read without the network, as a list view redraws).
  const cached = client.readQuery({ query: ContactsPageDocument, variables });
  assert.ok(cached, "the list is in the cache");
  const ids = cached.contacts.edges.map((edge) => edge.node.id);
  const total = cached.contacts.totalCount;
  assert.ok(pages > 1, `more than one page (${total} contacts by ${PAGE_SIZE})`);
  assert.equal(ids.length, total, "every page's edges merged into one list");
  assert.equal(new Set(ids).size, ids.length, "no contact twice");
  assert.deepEqual(ids, fetched, "in the order the pages came");
  assert.equal(cached.contacts.pageInfo.hasNextPage, false);
  assert.deepEqual(latest, ids, "the watching list view shows them all");
  const names = cached.contacts.edges.map((edge) => edge.node.name);
  assert.equal(names.filter((name) => !name).length, 0);
  assert.equal(sent.length - before, pages, "one request per page");
  console.log(`2. contacts: ${pages} pages of ${PAGE_SIZE} merged into ${ids.length} cached edges`);
}

/** 2b. The same paging over the `nodes` shortcut: the cache keeps only the last page. */
async function nodesPitfallStep(client: Client): Promise<void> {
  // Another filter, so another cached list than step 2's.
  const variables = { first: PAGE_SIZE, filter: { type: "COMPANY" as const } };
  const list = client.watchQuery({ query: ContactsNodesPageDocument, variables });
  const shown: ContactsNodesPageQuery[] = [];
  const watching = list.subscribe((result) => {
    if (result.dataState === "complete") shown.push(result.data);
  });
  let page = (await nextResult(shown, 0)).contacts;
  let fetched = page.nodes.length;
  while (page.pageInfo.hasNextPage) {
    const more = await list.fetchMore({ variables: { after: page.pageInfo.endCursor } });
    assert.ok(more.data);
    page = more.data.contacts;
    fetched += page.nodes.length;
  }
  watching.unsubscribe();
  const cached = client.readQuery({ query: ContactsNodesPageDocument, variables });
  assert.equal(fetched, page.totalCount, "every page came");
  assert.ok(page.nodes.length < page.totalCount);
  assert.equal(cached?.contacts.nodes.length, page.nodes.length, "only the last page is kept");
  console.log(
    `2b. the nodes shortcut: ${fetched} companies fetched, ` +
      `${cached?.contacts.nodes.length} left in the cached list (the last page)`,
  );
}

/** 3. A change to the dashboard's campaign: the cache updates it, nothing is fetched again. */
async function mutationStep(
  client: Client,
  seen: CampaignDashboardQuery[],
  campaign: Campaign,
): Promise<void> {
  // One cache entry per Node, keyed by its global id (the Node policy, through possibleTypes).
  const key = client.cache.identify({ __typename: "Campaign", id: campaign.id });
  assert.equal(key, `Campaign:${JSON.stringify({ id: campaign.id })}`);
  const entries = client.cache.extract() as Record<string, unknown>;
  assert.ok(key && key in entries, "the campaign is a normalized entry");
  const original = campaign.description;
  for (const description of [`${original} (extended)`, original]) {
    const before = sent.length;
    const emitted = seen.length;
    const { data } = await client.mutate({
      mutation: CampaignDescriptionUpdateDocument,
      variables: { no: CAMPAIGN, description },
    });
    assert.deepEqual(data?.campaignUpdate.errors, []);
    assert.equal(data?.campaignUpdate.campaign?.id, campaign.id, "the same Node");

    // The watching dashboard redraws from the cache with the new description ...
    const redrawn = (await nextResult(seen, emitted)).campaign;
    assert.equal(redrawn?.description, description);
    assert.equal(redrawn?.segments.totalCount, campaign.segments.totalCount);
    // ... and so does a cache-only read of the whole dashboard document.
    const cached = client.readQuery({
      query: CampaignDashboardDocument,
      variables: { no: CAMPAIGN },
    });
    assert.equal(cached?.campaign?.description, description);
    assert.deepEqual(cached?.campaign?.statistics, campaign.statistics, "the rest stays");
    const fromCache = await client.query({
      query: CampaignDashboardDocument,
      variables: { no: CAMPAIGN },
      fetchPolicy: "cache-only",
    });
    assert.equal(fromCache.data?.campaign?.description, description);
    assert.deepEqual(operations().slice(before), ["CampaignDescriptionUpdate"], "no refetch");
    console.log(`3. campaignUpdate: the cached dashboard says "${description}" (1 request)`);
  }
}

/** Prove the guard hears Apollo: its development build must be on, or it would say nothing. */
function canary(): void {
  assert.ok(__DEV__, "Apollo's development build is off: run node with --conditions=development");
  const cache = new InMemoryCache();
  guard.quiet = true;
  // A page without its `edges` and `pageInfo`: Apollo reports the missing fields.
  cache.writeQuery({
    query: ContactsPageDocument,
    variables: { first: 1 },
    data: { contacts: { totalCount: 0 } } as never,
  });
  guard.quiet = false;
  const heard = guard.said.splice(0).map((said) => said.text);
  assert.ok(heard.length > 0, "Apollo said nothing about a write with missing fields");
  console.log(`0. canary: Apollo's complaints are heard (${heard.join("; ")})`);
}

/** The result number `index` a watcher emitted (waits for it). */
async function nextResult<T>(seen: T[], index: number): Promise<T> {
  await until(() => seen.length > index, `result ${index + 1} of a watched query`);
  return seen[index] as T;
}

/** Waits, at most 10 s, until `done()`. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    assert.ok(Date.now() < deadline, `waited 10 s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function operations(): string[] {
  return sent.map((request) => request.operationName);
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
