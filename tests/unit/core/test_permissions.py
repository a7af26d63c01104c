"""The role matrix of docs/domain.md "Who may do what", and how OWN-scoped permissions follow
ownership."""

from __future__ import annotations

import pytest

from server.services.core.context import GRANTS, Actor, Permission, Role, Scope
from server.services.core.errors import PermissionDenied
from tests.conftest import make_ctx

P = Permission


def test_admin_may_do_everything():
    assert GRANTS[Role.ADMIN] == dict.fromkeys(Permission, Scope.ALL)


def test_manager_may_do_all_business_work_but_not_manage_users():
    assert set(GRANTS[Role.MANAGER]) == set(Permission) - {P.MANAGE_USERS}
    assert set(GRANTS[Role.MANAGER].values()) == {Scope.ALL}


def test_sales_reads_all_and_works_only_on_their_own_records():
    assert GRANTS[Role.SALES] == {
        P.READ: Scope.ALL,
        P.MANAGE_SEGMENTS: Scope.OWN,
        P.LOG_INTERACTIONS: Scope.OWN,
        P.MANAGE_TASKS: Scope.OWN,
        P.MANAGE_OPPORTUNITIES: Scope.OWN,
        P.MANAGE_SALES_DOCUMENTS: Scope.OWN,
    }


def test_contacts_are_changed_by_admins_and_managers_only():
    granted = {role: grants.get(P.MANAGE_CONTACTS) for role, grants in GRANTS.items()}

    assert granted == {
        Role.ADMIN: Scope.ALL,
        Role.MANAGER: Scope.ALL,
        Role.SALES: None,
        Role.VIEWER: None,
    }


def test_customers_are_changed_by_admins_and_managers_only():
    granted = {role: grants.get(P.MANAGE_CUSTOMERS) for role, grants in GRANTS.items()}

    assert granted == {
        Role.ADMIN: Scope.ALL,
        Role.MANAGER: Scope.ALL,
        Role.SALES: None,
        Role.VIEWER: None,
    }


def test_viewer_only_reads():
    assert GRANTS[Role.VIEWER] == {P.READ: Scope.ALL}


@pytest.mark.parametrize(
    ("owners", "allowed"),
    [
        ({"ANN"}, True),  # their own record
        ({"BOB", "ANN"}, True),  # a record of one of their teams (members expanded)
        ({"BOB"}, False),  # someone else's
        (set(), False),  # nobody's
        (None, False),  # a whole-table operation: OWN is not enough
    ],
)
def test_own_scope_depends_on_the_records_owners(owners: set[str] | None, allowed: bool):
    ctx = make_ctx(Role.SALES, salesperson="ANN")

    assert ctx.actor.can(P.MANAGE_TASKS, owners) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied, match="create or change this task"):
            ctx.require(P.MANAGE_TASKS, owners)


def test_a_sales_user_without_a_salesperson_owns_nothing():
    actor = Actor(user="nosp", role=Role.SALES)

    assert not actor.can(P.LOG_INTERACTIONS, {"ANN"})
    assert actor.can(P.READ)


@pytest.mark.parametrize("role", list(Role))
def test_all_scope_ignores_owners(role: Role):
    ctx = make_ctx(role, salesperson="ANN")

    assert ctx.actor.can(P.READ, {"SOMEONE"})
    assert ctx.actor.can(P.READ)
