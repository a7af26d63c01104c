"""Per-request DataLoaders: nested fields cost one statement per level, not one per row."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from tortoise.models import Model

from server.engine import records
from server.models import ApiToken, Salesperson
from server.services.accounts import users as auth
from server.services.core.context import ServiceContext
from server.services.setup import codes as setup

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


#: The fetches under way.
_FETCHING: set[asyncio.Task[None]] = set()


class _Batch(Generic[K]):
    """Keys fetched by one call of a loader's function; `done` when their values are in."""

    __slots__ = ("dispatched", "done", "keys")

    def __init__(self, done: asyncio.Future[None]) -> None:
        self.keys: list[K] = []
        self.dispatched = False
        self.done = done


class Loader(Generic[K, V]):
    """A DataLoader (the batching and caching of Strawberry's, which it replaces here): the
    keys asked for while the event loop goes round once are fetched by one call of
    `load_fn(keys)`, which answers a value per key in order, and each key's value is kept for
    the rest of the request.

    Strawberry's loader makes a future per key, and the dashboard asks for about 2,000 keys:
    their futures, callbacks and results were a tenth of its time. This one keeps values in a
    dict and makes one future per batch, and `load_many` asks for many keys in one pass.
    Callers cannot cancel each other's loads: each awaits a shield of the batch's future (a
    cancelled sibling field must not fail every other caller of its keys). A failed fetch
    fails every caller of its keys, now and later in the request, as Strawberry's does."""

    __slots__ = ("_batch", "_load_fn", "_pending", "_values")

    def __init__(self, load_fn: Callable[[list[K]], Awaitable[Sequence[V]]]) -> None:
        self._load_fn = load_fn
        self._values: dict[K, V] = {}
        #: Keys asked for and not answered yet (or whose fetch failed): their batch.
        self._pending: dict[K, _Batch[K]] = {}
        self._batch: _Batch[K] | None = None

    def load(self, key: K) -> Awaitable[V]:
        """The value of one key (the key joins a batch now, as with Strawberry's)."""
        batch = None if key in self._values else self._pending.get(key) or self._ask(key)
        return self._value(key, batch)

    def load_many(self, keys: Iterable[K]) -> Awaitable[list[V]]:
        """The values of many keys, in order (they join a batch now): one pass over them and
        a wait per batch, not per key."""
        keys = list(keys)
        values, pending = self._values, self._pending
        waits: list[_Batch[K]] = []
        for key in keys:
            if key not in values:
                batch = pending.get(key) or self._ask(key)
                if not waits or waits[-1] is not batch:
                    waits.append(batch)
        return self._values_of(keys, waits)

    async def _value(self, key: K, batch: _Batch[K] | None) -> V:
        if batch is not None:
            await _answered(batch)
        return self._values[key]

    async def _values_of(self, keys: list[K], waits: list[_Batch[K]]) -> list[V]:
        for batch in waits:
            await _answered(batch)
        values = self._values
        return [values[key] for key in keys]

    def clear_all(self) -> None:
        """Forget every value (the batches in flight still answer their callers)."""
        self._values.clear()
        self._pending.clear()

    def _ask(self, key: K) -> _Batch[K]:
        """Put `key` in the batch still gathering keys (a new one goes out when the loop
        comes round, as Strawberry's does)."""
        batch = self._batch
        if batch is None or batch.dispatched:
            loop = asyncio.get_running_loop()
            batch = self._batch = _Batch(loop.create_future())
            loop.call_soon(self._schedule, batch)
        batch.keys.append(key)
        self._pending[key] = batch
        return batch

    def _schedule(self, batch: _Batch[K]) -> None:
        task = asyncio.get_running_loop().create_task(self._dispatch(batch))
        _FETCHING.add(task)  # the loop keeps only a weak reference to its tasks
        task.add_done_callback(_FETCHING.discard)

    async def _dispatch(self, batch: _Batch[K]) -> None:
        batch.dispatched = True
        keys = batch.keys
        try:
            values = list(await self._load_fn(keys))
            if len(values) != len(keys):
                raise ValueError(f"a loader answered {len(values)} values for {len(keys)} keys")
        except Exception as exc:  # every caller of these keys gets it, as with Strawberry's
            batch.done.set_exception(exc)
            batch.done.exception()  # said to its callers; not "never retrieved" without any
            return
        known, pending = self._values, self._pending
        for key, value in zip(keys, values, strict=True):
            known[key] = value
            if pending.get(key) is batch:
                del pending[key]
        batch.done.set_result(None)


async def _answered(batch: _Batch[Any]) -> None:
    """Once `batch` is fetched (through a shield: a cancelled caller leaves it running);
    raises its failure."""
    if not batch.done.done():
        await asyncio.shield(batch.done)
    batch.done.result()


class Loaders:
    """Lazily created loaders, one set per request (so caches never leak between users)."""

    def __init__(self, service: ServiceContext) -> None:
        self._service = service
        self._by_id: dict[tuple[type[Model], tuple[str, ...] | None], Loader[int, Any]] = {}
        self._team_members: Loader[int, list[Salesperson]] | None = None
        self._user_tokens: Loader[int, list[ApiToken]] | None = None
        self._keyed: dict[Hashable, Loader[Any, Any]] = {}

    def release(self) -> None:
        """Drop every loader and its cache. Loaders hold closures over this object and cache
        the answers' rows: a cycle that would keep a whole answer alive until the garbage
        collector runs. Released at the end of each operation, it is freed at once."""
        for loader in [
            *self._by_id.values(),
            *self._keyed.values(),
            *(x for x in (self._team_members, self._user_tokens) if x is not None),
        ]:
            loader.clear_all()
        self._by_id.clear()
        self._keyed.clear()
        self._team_members = self._user_tokens = None

    def keyed(
        self,
        name: Hashable,
        fetch: Callable[[Sequence[K]], Awaitable[Mapping[K, V]]],
        missing: Callable[[K], V],
    ) -> Loader[K, V]:
        """A loader per `name` (a field and its arguments): the parents asking for the same
        field with the same arguments are fetched together."""
        loader = self._keyed.get(name)
        if loader is None:

            async def load(keys: Sequence[K]) -> list[V]:
                found = await fetch(keys)
                return [found[k] if k in found else missing(k) for k in keys]

            loader = self._keyed[name] = Loader(load_fn=load)
        return loader

    def by_id(self, model: type[Model], columns: Sequence[str] | None = None) -> Loader[int, Any]:
        """`XByIdLoader` for any model: instances by primary key (None when absent), or
        read-only rows of only `columns` (see records.by_ids)."""
        key = (model, None if columns is None else tuple(columns))
        loader = self._by_id.get(key)
        if loader is None:

            async def load(ids: Sequence[int]) -> list[Any]:
                found = await records.by_ids(self._service, model, ids, key[1])
                return [found.get(i) for i in ids]

            loader = self._by_id[key] = Loader(load_fn=load)
        return loader

    @property
    def team_members(self) -> Loader[int, list[Salesperson]]:
        """TeamMembersByTeamIdLoader."""
        if self._team_members is None:

            async def load(team_ids: Sequence[int]) -> list[list[Salesperson]]:
                found = await setup.team_members(self._service, team_ids)
                return [found.get(i, []) for i in team_ids]

            self._team_members = Loader(load_fn=load)
        return self._team_members

    @property
    def user_tokens(self) -> Loader[int, list[ApiToken]]:
        """ApiTokensByUserIdLoader."""
        if self._user_tokens is None:

            async def load(user_ids: Sequence[int]) -> list[list[ApiToken]]:
                found = await auth.tokens_of_users(self._service, user_ids)
                return [found.get(i, []) for i in user_ids]

            self._user_tokens = Loader(load_fn=load)
        return self._user_tokens
