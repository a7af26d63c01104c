"""Choosing the event broker, and the PostgreSQL one (docs/api.md "Subscriptions"; SQLite's is in
sqlite_broker.py, one process's in services/core/events.py).

On PostgreSQL every server process keeps one extra connection that LISTENs on the channel
`campaign_graph_events`; a process that commits a change NOTIFYs it with a small JSON payload
(the kind, the campaign id and at most 100 interaction numbers), and every process, itself
included, hands it to its own subscribers, who reload what they show. So any process can serve
any subscriber. A lost listener connection is reopened with a growing pause; while it is away
the process publishes through its ordinary pool, and once it is back its subscribers get a
RESYNC event (events may have been missed: reload).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg  # type: ignore[import-untyped]
from tortoise import connections
from tortoise.backends.base.config_generator import expand_db_url

from server.http.sqlite_broker import SqliteBroker
from server.services.accounts import credentials
from server.services.core.events import (
    DEFAULT_QUEUE_SIZE,
    ActivityEvent,
    Broker,
    InProcessBroker,
)
from server.settings import Settings, is_postgres

log = logging.getLogger("campaign_graph.broker")

CHANNEL = "campaign_graph_events"

_NOTIFY = "SELECT pg_notify($1, $2)"

#: URL options that configure Tortoise's pool, not the connection asyncpg opens.
_TORTOISE_OPTIONS = frozenset(
    {"minsize", "maxsize", "max_queries", "max_inactive_connection_lifetime", "schema"}
)


def asyncpg_dsn(database_url: str) -> str:
    """The Tortoise URL as asyncpg expects it (Tortoise's pool options dropped)."""
    parts = urlsplit(database_url)
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in _TORTOISE_OPTIONS]
    )
    return urlunsplit(("postgresql", parts.netloc, parts.path, query, ""))


def _ignoring_payload(heard: Callable[[], None]) -> Callable[..., None]:
    def listener(connection: Any, pid: int, channel: str, payload: str) -> None:
        heard()

    return listener


def watch_for(settings: Settings, broker: Broker) -> credentials.Watch:
    """How this process tells that users or tokens changed (services/accounts/credentials.py):
    PostgreSQL's notifications through the broker, SQLite's data version of the database file,
    or, for an in-memory database, not at all (nothing is remembered)."""
    if isinstance(broker, PostgresBroker):
        return PostgresWatch(broker)
    if is_postgres(settings.database_url):
        return credentials.Watch()  # notifications are not listened to (event_broker=memory)
    filename = _sqlite_file(settings.database_url)
    return credentials.Watch() if filename is None else credentials.SqliteWatch(filename)


def broker_for(settings: Settings) -> Broker:
    """The broker these settings ask for ("auto": LISTEN/NOTIFY exactly on PostgreSQL)."""
    size = settings.subscription_queue_size
    wanted = settings.event_broker
    if wanted == "postgres" or (wanted == "auto" and is_postgres(settings.database_url)):
        return PostgresBroker(asyncpg_dsn(settings.database_url), queue_size=size)
    path = None if is_postgres(settings.database_url) else _sqlite_file(settings.database_url)
    if wanted == "auto" and path is not None:
        return SqliteBroker(path, queue_size=size)
    return InProcessBroker(queue_size=size)


def _sqlite_file(database_url: str) -> str | None:
    """The database file of a SQLite URL (None for an in-memory database)."""
    filename: str = expand_db_url(database_url)["credentials"]["file_path"]
    return None if filename == ":memory:" or filename.startswith("file:") else filename


class PostgresBroker(Broker):
    """Events between server processes through PostgreSQL LISTEN/NOTIFY."""

    def __init__(
        self,
        dsn: str,
        *,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        channel: str = CHANNEL,
        retry_pause: float = 1.0,
    ) -> None:
        super().__init__(queue_size)
        self.dsn = dsn
        self.channel = channel
        self.retry_pause = retry_pause
        self._connection: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        self._reconnecting: asyncio.Task[None] | None = None
        self._stopped = False
        #: Other channels heard on the same connection, and what hearing them does.
        self._also: dict[str, Callable[[], None]] = {}
        #: Counts the connections made: what was heard on an earlier one may be incomplete.
        self.epoch = 0

    @property
    def listening(self) -> bool:
        """Whether notifications reach this process right now."""
        return self._connection is not None

    def also_hear(self, channel: str, heard: Callable[[], None]) -> None:
        """Call `heard` on every notification on `channel` (from the next connection on)."""
        self._also[channel] = heard

    async def start(self) -> None:
        self._stopped = False
        await self._connect()

    async def _connect(self) -> None:
        connection = await asyncpg.connect(self.dsn)
        await connection.add_listener(self.channel, self._notified)
        for channel, heard in self._also.items():
            await connection.add_listener(channel, _ignoring_payload(heard))
        connection.add_termination_listener(self._lost)
        self.epoch += 1
        self._connection = connection

    def _lost(self, connection: Any) -> None:
        if self._stopped or connection is not self._connection:
            return
        log.warning("event listener connection lost; reconnecting")
        self._connection = None
        self._reconnecting = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        pause = self.retry_pause
        while not self._stopped:
            await asyncio.sleep(pause)
            try:
                await self._connect()
            except (OSError, asyncpg.PostgresError):
                log.warning("event listener reconnect failed; retrying in %ss", pause)
                pause = min(pause * 2, 30.0)
            else:
                log.info("event listener reconnected; subscribers told to reload")
                self.resync()
                return

    def _notified(self, connection: Any, pid: int, channel: str, payload: str) -> None:
        try:
            event = ActivityEvent.from_json(json.loads(payload))
        except (ValueError, KeyError, TypeError):
            log.warning("ignored a malformed event on %s: %.200r", channel, payload)
            return
        self.deliver(event)

    async def publish(self, events: Sequence[ActivityEvent]) -> None:
        payloads = [json.dumps(event.to_json(), separators=(",", ":")) for event in events]
        connection = self._connection
        if connection is None:
            # The listener is away: other processes must still hear of the change, so the
            # notification goes through the application's own pool (our own subscribers get
            # RESYNC when the listener is back).
            pool = connections.get("default")
            for payload in payloads:
                await pool.execute_query(_NOTIFY, [self.channel, payload])
            return
        async with self._lock:  # one connection runs one statement at a time
            for payload in payloads:
                await connection.execute(_NOTIFY, self.channel, payload)

    async def stop(self) -> None:
        self._stopped = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.remove_listener(self.channel, self._notified)
            finally:
                await connection.close()
        await super().stop()


class PostgresWatch(credentials.LocalWatch):
    """Changes to users and tokens heard through the broker's listening connection; none are
    told while it is away (the next connection starts a new epoch)."""

    def __init__(self, broker: PostgresBroker) -> None:
        super().__init__()
        self.broker = broker
        broker.also_hear(credentials.CHANNEL, self.changed)

    def stamp(self) -> Any:
        return (self.generation, self.broker.epoch) if self.broker.listening else None
