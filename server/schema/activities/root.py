"""The activities area's root fields, mixed into the root Query and Mutation."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from server.resolvers import activities as activity_resolvers
from server.resolvers.mutations import Payload
from server.schema.activities import inputs as task_inputs
from server.schema.activities import types as task_types
from server.schema.common import ARG
from server.schema.connection import BY_NUMBER, connection


@strawberry.type(description="Activities and tasks.")
class ActivityQueries:
    """Activities and tasks."""

    @strawberry.field(
        description="One activity by code; null if none.", graphql_type=task_types.Activity | None
    )
    async def activity(
        self, info: Info, code: Annotated[str, strawberry.argument(description="Activity code.")]
    ) -> Any:
        return await activity_resolvers.activity(info, code)

    @strawberry.field(description="All activities by code.", graphql_type=list[task_types.Activity])
    async def activities(self, info: Info) -> Any:
        return await activity_resolvers.activities(info)

    @strawberry.field(
        description="One task by number; null if none.", graphql_type=task_types.Task | None
    )
    async def task(
        self, info: Info, no: Annotated[str, strawberry.argument(description="Task number.")]
    ) -> Any:
        return await activity_resolvers.task(info, no)

    tasks = connection(
        task_types.Task,
        "Tasks, filtered and sorted, as a keyset-paged connection.",
        activity_resolvers.TASKS,
        filter=(task_types.TaskFilter, "Which tasks."),
        order=(task_types.TaskOrder, BY_NUMBER),
    )


@strawberry.type(description="Changing activities and tasks.")
class ActivityMutations:
    """Changing activities and tasks."""

    @strawberry.mutation(
        description="Create an activity with its steps.",
        graphql_type=task_inputs.ActivityCreatePayload,
    )
    async def activity_create(
        self, info: Info, input: Annotated[task_inputs.ActivityCreateInput, ARG]
    ) -> Payload:
        return await activity_resolvers.activity_create(info, input)

    @strawberry.mutation(
        description="Change an activity or replace its steps.",
        graphql_type=task_inputs.ActivityUpdatePayload,
    )
    async def activity_update(
        self, info: Info, input: Annotated[task_inputs.ActivityUpdateInput, ARG]
    ) -> Payload:
        return await activity_resolvers.activity_update(info, input)

    @strawberry.mutation(
        description="Delete an activity no task refers to.",
        graphql_type=task_inputs.ActivityDeletePayload,
    )
    async def activity_delete(
        self, info: Info, input: Annotated[task_inputs.ActivityDeleteInput, ARG]
    ) -> Payload:
        return await activity_resolvers.activity_delete(info, input)

    @strawberry.mutation(
        description="Make one task per step of an activity, dated from the start date (K2/K3).",
        graphql_type=task_inputs.ActivityAssignPayload,
    )
    async def activity_assign(
        self, info: Info, input: Annotated[task_inputs.ActivityAssignInput, ARG]
    ) -> Payload:
        return await activity_resolvers.activity_assign(info, input)

    @strawberry.mutation(
        description="Create a task (K1).", graphql_type=task_inputs.TaskCreatePayload
    )
    async def task_create(
        self, info: Info, input: Annotated[task_inputs.TaskCreateInput, ARG]
    ) -> Payload:
        return await activity_resolvers.task_create(info, input)

    @strawberry.mutation(
        description="Change a task (K1, K5).", graphql_type=task_inputs.TaskUpdatePayload
    )
    async def task_update(
        self, info: Info, input: Annotated[task_inputs.TaskUpdateInput, ARG]
    ) -> Payload:
        return await activity_resolvers.task_update(info, input)

    @strawberry.mutation(
        description="Complete and close a task (K4).", graphql_type=task_inputs.TaskClosePayload
    )
    async def task_close(
        self, info: Info, input: Annotated[task_inputs.TaskCloseInput, ARG]
    ) -> Payload:
        return await activity_resolvers.task_close(info, input)

    @strawberry.mutation(
        description="Cancel (and close) a task (K4).", graphql_type=task_inputs.TaskCancelPayload
    )
    async def task_cancel(
        self, info: Info, input: Annotated[task_inputs.TaskCancelInput, ARG]
    ) -> Payload:
        return await activity_resolvers.task_cancel(info, input)

    @strawberry.mutation(
        description="Reopen a closed task (K4).", graphql_type=task_inputs.TaskReopenPayload
    )
    async def task_reopen(
        self, info: Info, input: Annotated[task_inputs.TaskReopenInput, ARG]
    ) -> Payload:
        return await activity_resolvers.task_reopen(info, input)
