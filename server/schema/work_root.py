"""Root fields for activities and tasks, mixed into Query and Mutation."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server.engine.pagination import Page
from server.resolvers import activities as resolve
from server.resolvers.mutations import Payload
from server.schema.activities import inputs as ti
from server.schema.activities import types as t
from server.schema.common import AfterCursor, BeforeCursor, Connection, PageSize

ARG = strawberry.argument(description="What to do.")


@strawberry.type(description="Activities and tasks.")
class WorkQueries:
    """Activities and tasks."""

    @strawberry.field(
        description="One activity by code; null if none.", graphql_type=t.Activity | None
    )
    async def activity(
        self, info: Info, code: Annotated[str, strawberry.argument(description="Activity code.")]
    ) -> Any:
        return await resolve.activity(info, code)

    @strawberry.field(description="All activities by code.", graphql_type=list[t.Activity])
    async def activities(self, info: Info) -> Any:
        return await resolve.activities(info)

    @strawberry.field(description="One task by number; null if none.", graphql_type=t.Task | None)
    async def task(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Task number.")]
    ) -> Any:
        return await resolve.task(info, no)

    @strawberry.field(
        description="Tasks, filtered and sorted, as a keyset-paged connection.",
        graphql_type=Connection[t.Task],
    )
    async def tasks(
        self,
        info: Info,
        filter: Annotated[
            t.TaskFilter | None, strawberry.argument(description="Which tasks.")
        ] = None,
        order_by: Annotated[
            list[t.TaskOrder] | None,
            strawberry.argument(description="Sort keys, in priority; default by number."),
        ] = None,
        first: PageSize = None,
        after: AfterCursor = None,
        last: PageSize = None,
        before: BeforeCursor = None,
    ) -> Page[Any]:
        return await resolve.tasks(info, filter, order_by, first, after, last, before)


@strawberry.type(description="Changing activities and tasks.")
class WorkMutations:
    """Changing activities and tasks."""

    @strawberry.mutation(
        description="Create an activity with its steps.", graphql_type=ti.ActivityCreatePayload
    )
    async def activity_create(
        self, info: Info, input: Annotated[ti.ActivityCreateInput, ARG]
    ) -> Payload:
        return await resolve.activity_create(info, input)

    @strawberry.mutation(
        description="Change an activity or replace its steps.",
        graphql_type=ti.ActivityUpdatePayload,
    )
    async def activity_update(
        self, info: Info, input: Annotated[ti.ActivityUpdateInput, ARG]
    ) -> Payload:
        return await resolve.activity_update(info, input)

    @strawberry.mutation(
        description="Delete an activity no task refers to.", graphql_type=ti.ActivityDeletePayload
    )
    async def activity_delete(
        self, info: Info, input: Annotated[ti.ActivityDeleteInput, ARG]
    ) -> Payload:
        return await resolve.activity_delete(info, input)

    @strawberry.mutation(
        description="Make one task per step of an activity, dated from the start date (K2/K3).",
        graphql_type=ti.ActivityAssignPayload,
    )
    async def activity_assign(
        self, info: Info, input: Annotated[ti.ActivityAssignInput, ARG]
    ) -> Payload:
        return await resolve.activity_assign(info, input)

    @strawberry.mutation(description="Create a task (K1).", graphql_type=ti.TaskCreatePayload)
    async def task_create(self, info: Info, input: Annotated[ti.TaskCreateInput, ARG]) -> Payload:
        return await resolve.task_create(info, input)

    @strawberry.mutation(description="Change a task (K1, K5).", graphql_type=ti.TaskUpdatePayload)
    async def task_update(self, info: Info, input: Annotated[ti.TaskUpdateInput, ARG]) -> Payload:
        return await resolve.task_update(info, input)

    @strawberry.mutation(
        description="Complete and close a task (K4).", graphql_type=ti.TaskClosePayload
    )
    async def task_close(self, info: Info, input: Annotated[ti.TaskCloseInput, ARG]) -> Payload:
        return await resolve.task_close(info, input)

    @strawberry.mutation(
        description="Cancel (and close) a task (K4).", graphql_type=ti.TaskCancelPayload
    )
    async def task_cancel(self, info: Info, input: Annotated[ti.TaskCancelInput, ARG]) -> Payload:
        return await resolve.task_cancel(info, input)

    @strawberry.mutation(
        description="Reopen a closed task (K4).", graphql_type=ti.TaskReopenPayload
    )
    async def task_reopen(self, info: Info, input: Annotated[ti.TaskReopenInput, ARG]) -> Payload:
        return await resolve.task_reopen(info, input)
