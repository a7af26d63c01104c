"""One chaos client's HTTP side: a mutation is sent again, unchanged (the same idempotency
key), until the server answers it; what it answered is tallied.

"Answered" means an HTTP answer with the mutation's payload. A refused connection, a reset, a
timeout, a 502-504 or a payload error TRANSIENT_CONFLICT (nothing applied) is not an answer:
the request goes again. A write is *acknowledged* when its payload reports no error.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

#: The selection of each mutation: what the ledger keeps of an acknowledged write.
SELECTIONS = {
    "contactCreate": "contact { no }",
    "campaignCreate": "campaign { no }",
    "segmentCreate": "segment { no }",
    "segmentContactsAdd": "count",
    "priceLineCreate": "priceLine { id unitPrice }",
    "priceLineUpdate": "priceLine { id unitPrice }",
    "campaignPricingActivate": "targetedCustomers targetedContacts",
    "segmentLog": "loggedSegment { entryNo } interactionCount campaignEntries { entryNo }",
    "interactionLog": "interaction { entryNo }",
    "salesDocumentCreate": "salesDocument { no lines(first: 100) { nodes { lineNo } } }",
    "salesLineAdd": "salesLine { lineNo }",
}

#: Statuses that mean "not answered": the server was away or gave up on the request.
_AWAY = {502, 503, 504}


def document(operation: str) -> str:
    """The mutation document of `operation` with its input as variable `i`."""
    kind = operation[0].upper() + operation[1:]
    return (
        f"mutation Chaos($i: {kind}Input!) {{ {operation}(input: $i) "
        f"{{ {SELECTIONS[operation]} errors {{ code message field }} }} }}"
    )


@dataclass(frozen=True)
class Write:
    """An acknowledged write: what was sent and what the server answered."""

    operation: str
    input: dict[str, Any]
    payload: dict[str, Any]
    attempts: int
    #: Whether an earlier send was cut off after it reached the server (a kill mid-request):
    #: it may have been applied, and then the answer came from its idempotency key.
    cut: bool
    #: When the send that was answered left (UTC).
    sent_at: datetime

    @property
    def key(self) -> str | None:
        key: str | None = self.input.get("idempotencyKey")
        return key


@dataclass
class Tally:
    """What the clients of one run sent and got (shared by all of them)."""

    requests: int = 0
    #: Sends of a request that had been sent before (the same body, the same key).
    retries: int = 0
    #: Requests that needed more than one send before their answer.
    retried_requests: int = 0
    transport_errors: int = 0
    #: Of those, sends cut off after reaching the server (not a refused connection).
    cut_sends: int = 0
    away_statuses: int = 0
    conflicts: int = 0
    #: Payload errors other than TRANSIENT_CONFLICT, by code (the write was refused).
    refused: Counter[str] = field(default_factory=Counter)
    #: Answers that are bugs: a 4xx/500, a top-level GraphQL error, INTERNAL_SERVER_ERROR.
    internal_errors: list[str] = field(default_factory=list)
    #: Requests still unanswered when the run gave up on them (must be none).
    unanswered: int = 0
    acknowledged: list[Write] = field(default_factory=list)


class Unanswered(Exception):
    """A request got no answer before the run's last moment."""


class Refused(Exception):
    """The server answered the write with a payload error: it was not applied."""


class Client:
    """Sends mutations to one server URL with a bearer token until they are answered."""

    def __init__(
        self,
        url: str,
        token: str,
        tally: Tally,
        *,
        timeout: float,
        give_up_at: float,
        keep_alive: bool = False,
    ) -> None:
        self.url = url
        self.tally = tally
        self.give_up_at = give_up_at
        self.http = httpx.AsyncClient(
            headers={"Authorization": f"Bearer {token}"},
            timeout=httpx.Timeout(timeout, connect=2.0),
            # Under kills a fresh connection per request: a pooled one may belong to a killed
            # server.
            limits=httpx.Limits(max_keepalive_connections=None if keep_alive else 0),
        )

    async def close(self) -> None:
        await self.http.aclose()

    async def post(self, operation: str, body: dict[str, Any]) -> httpx.Response:
        """One send of `body` (`operation` names it: the soak times each kind apart)."""
        return await self.http.post(self.url, json=body)

    async def write(self, operation: str, values: dict[str, Any]) -> dict[str, Any]:
        """Send `operation` until answered; returns its payload when acknowledged, raises
        Refused when answered with an error."""
        body = {"query": document(operation), "variables": {"i": values}}
        sends = 0
        cut = False
        while True:
            if sends:
                self.tally.retries += 1
                if sends == 1:
                    self.tally.retried_requests += 1
                if time.monotonic() > self.give_up_at:
                    self.tally.unanswered += 1
                    raise Unanswered(f"{operation} {values.get('idempotencyKey')}")
                await asyncio.sleep(random.uniform(0.05, 0.25))
            sends += 1
            self.tally.requests += 1
            sent_at = datetime.now(UTC)
            try:
                response = await self.post(operation, body)
            except httpx.TransportError as error:
                self.tally.transport_errors += 1
                if not isinstance(error, httpx.ConnectError | httpx.ConnectTimeout):
                    self.tally.cut_sends += 1
                    cut = True
                continue
            if response.status_code in _AWAY:
                self.tally.away_statuses += 1
                continue
            payload = self._payload(operation, response)
            codes = [error["code"] for error in payload["errors"]]
            if "TRANSIENT_CONFLICT" in codes:
                self.tally.conflicts += 1
                continue
            if "INTERNAL_SERVER_ERROR" in codes:
                self.tally.internal_errors.append(f"{operation}: {payload['errors']}")
            if codes:
                self.tally.refused.update(codes)
                raise Refused(f"{operation} {values}: {payload['errors']}")
            self.tally.acknowledged.append(Write(operation, values, payload, sends, cut, sent_at))
            return payload

    def _payload(self, operation: str, response: httpx.Response) -> dict[str, Any]:
        try:
            answer = response.json()
            payload: dict[str, Any] = answer["data"][operation]
            if response.status_code == 200 and not answer.get("errors"):
                return payload
        except (ValueError, KeyError, TypeError):
            pass
        problem = f"{operation}: HTTP {response.status_code} {response.text[:300]}"
        self.tally.internal_errors.append(problem)
        raise Refused(problem)

    async def read(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """A query, sent until answered (the setup's look-ups)."""
        while True:
            try:
                response = await self.post("read", {"query": query, "variables": variables or {}})
                if response.status_code == 200:
                    data: dict[str, Any] = response.json()["data"]
                    return data
            except httpx.TransportError:
                pass
            if time.monotonic() > self.give_up_at:
                raise Unanswered(query)
            await asyncio.sleep(0.1)
