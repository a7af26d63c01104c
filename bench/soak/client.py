"""A soak client: the chaos client on a kept-alive connection, every send timed and its outcome
counted by kind of request.

Outcomes: `ok`; `http <status>` (any answer but 200); `graphql <code>` (a top-level error, by
its `extensions.code`); `payload <code>` (a mutation's payload error: the write was refused);
`transport <error>` (no answer: a refused or cut connection, a timeout). Latencies are kept for
the answered sends after the warm-up; outcomes and the per-second counts for the whole run.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections import Counter, defaultdict
from typing import Any

import httpx

from bench.chaos.client import Client, Tally

#: Only an answer that may hold an error is parsed (a dashboard is about a megabyte).
_MAY_HOLD_ERRORS = re.compile(rb'"errors"\s*:\s*\[\s*\{')
EXAMPLES = 10


class Recorder:
    """What one driver's clients sent and got, by kind of request."""

    def __init__(self, began: float, warm_until: float) -> None:
        self.began = began
        self.warm_until = warm_until
        #: Milliseconds of each answered send after the warm-up, by kind.
        self.latencies: dict[str, list[float]] = defaultdict(list)
        #: Every send by kind and outcome, warm-up included.
        self.outcomes: dict[str, Counter[str]] = defaultdict(Counter)
        #: Sends during the warm-up, by kind.
        self.warmup: Counter[str] = Counter()
        #: Answered sends per second of the run (the throughput curve).
        self.per_second: Counter[int] = Counter()
        #: The first few answers that were not `ok`, with their kind.
        self.examples: list[str] = []

    def record(
        self, kind: str, started: float, outcome: str, detail: str = "", answered: bool = True
    ) -> None:
        now = time.monotonic()
        self.outcomes[kind][outcome] += 1
        if started < self.warm_until:
            self.warmup[kind] += 1
        elif answered:
            self.latencies[kind].append(round((now - started) * 1000, 3))
        if answered:
            self.per_second[int(now - self.began)] += 1
        if outcome != "ok" and len(self.examples) < EXAMPLES:
            self.examples.append(f"{kind}: {outcome}: {detail[:400]}")

    def as_json(self) -> dict[str, Any]:
        return {
            "latencies_ms": dict(self.latencies),
            "outcomes": {kind: dict(counts) for kind, counts in self.outcomes.items()},
            "warmup_requests": dict(self.warmup),
            "per_second": {str(second): n for second, n in sorted(self.per_second.items())},
            "examples": self.examples,
        }


def outcome(response: httpx.Response) -> str:
    """`ok`, or what went wrong in the answer (see the module's docstring)."""
    if response.status_code != 200:
        return f"http {response.status_code}"
    if not _MAY_HOLD_ERRORS.search(response.content):
        return "ok"
    try:
        answer = json.loads(response.content)
    except ValueError:
        return "http 200 not JSON"
    for error in answer.get("errors") or ():
        return f"graphql {(error.get('extensions') or {}).get('code', 'UNKNOWN')}"
    for payload in (answer.get("data") or {}).values():
        if isinstance(payload, dict):
            for error in payload.get("errors") or ():
                return f"payload {error.get('code', 'UNKNOWN')}"
    return "ok"


class SoakClient(Client):
    """One client of the soak: writes as the chaos client sends them (again, with the same
    key, when unanswered), reads once, each send recorded."""

    def __init__(
        self,
        url: str,
        token: str,
        tally: Tally,
        recorder: Recorder,
        *,
        timeout: float,
        give_up_at: float,
    ) -> None:
        super().__init__(url, token, tally, timeout=timeout, give_up_at=give_up_at, keep_alive=True)
        self.recorder = recorder

    async def post(
        self, operation: str, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> httpx.Response:
        started = time.monotonic()
        try:
            response = await self.http.post(self.url, json=body, headers=headers)
        except httpx.TransportError as error:
            self.recorder.record(
                operation, started, f"transport {type(error).__name__}", str(error), False
            )
            raise
        result = outcome(response)
        self.recorder.record(operation, started, result, response.text if result != "ok" else "")
        return response

    async def query(
        self, kind: str, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> None:
        """A read, sent once (a failure is recorded, not retried)."""
        with contextlib.suppress(httpx.TransportError):
            await self.post(kind, body, headers)
