"""The SQLite event broker (docs/api.md "Subscriptions"): events between the server processes that
share one database file (`serve --workers N`, and the command line's changes too).

A process that commits a change writes its events as rows of `broker_event`; every process,
itself included, looks for new rows every `poll_interval` seconds and hands them to its own
subscribers. Looking costs a read of SQLite's `PRAGMA data_version` on a read-only connection
(it changes with every commit of another connection, about 1.5 us); only then are the new
rows read. Rows are deleted once `keep` old. Without it, with several workers, an event reached
only the subscribers of the process that made the change: on SQLite `serve --workers 2`
delivered about half of the events, silently.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from server.models import BrokerEvent
from server.services.core.events import DEFAULT_QUEUE_SIZE, ActivityEvent, Broker

log = logging.getLogger("campaign_graph.broker")

_NEW = "SELECT id, payload FROM broker_event WHERE id > ? ORDER BY id"
_LAST = "SELECT coalesce(max(id), 0) FROM broker_event"


class SqliteBroker(Broker):
    """Events between processes through a table of the SQLite database they share."""

    def __init__(
        self,
        path: str,
        *,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        poll_interval: float = 0.05,
        keep: timedelta = timedelta(minutes=5),
    ) -> None:
        super().__init__(queue_size)
        self.path = path
        self.poll_interval = poll_interval
        self.keep = keep
        self._connection: sqlite3.Connection | None = None
        self._version: int | None = None
        self._last = 0
        self._polling: asyncio.Task[None] | None = None
        self._pruned = datetime.min.replace(tzinfo=UTC)

    async def start(self) -> None:
        # No busy wait (it would block the event loop): a busy database is looked at again
        # at the next poll.
        connection = sqlite3.connect(
            self.path, timeout=0, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA query_only = ON")
        self._connection = connection
        try:
            (last,) = connection.execute(_LAST).fetchone()
        except sqlite3.OperationalError as reason:
            connection.close()
            self._connection = None
            raise RuntimeError(
                f"{self.path} cannot carry events ({reason}): run `campaign-graph migrate`"
            ) from reason
        self._last = int(last)
        self._version = self._data_version()
        self._polling = asyncio.get_running_loop().create_task(self._poll())

    def _data_version(self) -> int:
        assert self._connection is not None
        (version,) = self._connection.execute("PRAGMA data_version").fetchone()
        return int(version)

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.poll_interval)
            try:
                self.receive()
            except sqlite3.Error as reason:
                log.info("event rows not read this time (%s)", reason)

    def receive(self) -> int:
        """Hand the rows committed since the last look to this process's subscribers; how
        many there were."""
        version = self._data_version()
        if version == self._version:
            return 0
        assert self._connection is not None
        rows = self._connection.execute(_NEW, (self._last,)).fetchall()
        self._version = version
        for row_id, payload in rows:
            self._last = int(row_id)
            try:
                event = ActivityEvent.from_json(json.loads(payload))
            except (ValueError, KeyError, TypeError):
                log.warning("ignored a malformed event row %s: %.200r", row_id, payload)
                continue
            self.deliver(event)
        return len(rows)

    async def publish(self, events: Sequence[ActivityEvent]) -> None:
        now = datetime.now(UTC)
        await BrokerEvent.bulk_create(
            [
                BrokerEvent(payload=json.dumps(e.to_json(), separators=(",", ":")), created_at=now)
                for e in events
            ]
        )
        if now - self._pruned >= self.keep:
            self._pruned = now
            await BrokerEvent.filter(created_at__lt=now - self.keep).delete()

    async def stop(self) -> None:
        if self._polling is not None:
            self._polling.cancel()
            self._polling = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        await super().stop()
