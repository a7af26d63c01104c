"""Per-request DataLoaders: nested fields cost one statement per level, not one per row."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from server.engine import records
from server.models import ApiToken, Salesperson
from server.services.accounts import users as auth
from server.services.core.context import ServiceContext
from server.services.setup import codes as setup

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Loader(DataLoader[K, V]):
    """A DataLoader whose callers cannot cancel each other's loads.

    Callers asking for the same key share one future. Awaiting a future directly and being
    cancelled cancels the future itself, so one cancelled caller -- a sibling field that
    graphql-core cancels because another one failed -- would fail every other caller of that
    key with CancelledError (a 500 for a plain field error). Each caller awaits a shield of
    the shared future instead; a finished future is handed out as it is."""

    def load(self, key: K) -> Awaitable[V]:
        return asyncio.shield(super().load(key))


async def load_all(loader: DataLoader[K, V], keys: Iterable[K]) -> list[V]:
    """`loader.load_many(keys)` without asyncio.gather: the keys join the loader's batch as
    with load_many, and the futures are awaited in turn (once the batch is dispatched they are
    all done), sparing gather's per-future bookkeeping on thousands of keys. As with `Loader`,
    the shared futures are awaited through a shield, one per batch rather than one per key."""
    load = DataLoader.load  # the shared futures themselves, not Loader's shields
    futures = [cast("asyncio.Future[V]", load(loader, key)) for key in keys]
    for future in futures:
        if not future.done():  # after the first wait, the rest of its batch is done too
            await asyncio.shield(future)
    return [future.result() for future in futures]


class Loaders:
    """Lazily created loaders, one set per request (so caches never leak between users)."""

    def __init__(self, service: ServiceContext) -> None:
        self._service = service
        self._by_id: dict[tuple[type[Model], tuple[str, ...] | None], DataLoader[int, Any]] = {}
        self._team_members: DataLoader[int, list[Salesperson]] | None = None
        self._user_tokens: DataLoader[int, list[ApiToken]] | None = None
        self._keyed: dict[Hashable, DataLoader[Any, Any]] = {}

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
    ) -> DataLoader[K, V]:
        """A loader per `name` (a field and its arguments): the parents asking for the same
        field with the same arguments are fetched together."""
        loader = self._keyed.get(name)
        if loader is None:

            async def load(keys: Sequence[K]) -> list[V]:
                found = await fetch(keys)
                return [found[k] if k in found else missing(k) for k in keys]

            loader = self._keyed[name] = Loader(load_fn=load)
        return loader

    def by_id(
        self, model: type[Model], columns: Sequence[str] | None = None
    ) -> DataLoader[int, Any]:
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
    def team_members(self) -> DataLoader[int, list[Salesperson]]:
        """TeamMembersByTeamIdLoader."""
        if self._team_members is None:

            async def load(team_ids: Sequence[int]) -> list[list[Salesperson]]:
                found = await setup.team_members(self._service, team_ids)
                return [found.get(i, []) for i in team_ids]

            self._team_members = Loader(load_fn=load)
        return self._team_members

    @property
    def user_tokens(self) -> DataLoader[int, list[ApiToken]]:
        """ApiTokensByUserIdLoader."""
        if self._user_tokens is None:

            async def load(user_ids: Sequence[int]) -> list[list[ApiToken]]:
                found = await auth.tokens_of_users(self._service, user_ids)
                return [found.get(i, []) for i in user_ids]

            self._user_tokens = Loader(load_fn=load)
        return self._user_tokens
