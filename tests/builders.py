"""Async builders: create one record with sensible defaults, overridable per test."""

from __future__ import annotations

import itertools
from typing import Any

from server.models import (
    Activity,
    ActivityStep,
    Campaign,
    CampaignStatus,
    CampaignTarget,
    Contact,
    ContactType,
    Customer,
    CustomerDiscountGroup,
    CustomerPriceGroup,
    InteractionGroup,
    InteractionTemplate,
    Item,
    ItemDiscountGroup,
    ItemUnitOfMeasure,
    Opportunity,
    ProbabilityCalculation,
    Role,
    SalesCycle,
    SalesCycleStage,
    Salesperson,
    Segment,
    TargetType,
    Task,
    TaskType,
    Team,
    User,
)
from tests.conftest import TODAY

_seq = itertools.count(1)


async def make_salesperson(**overrides: Any) -> Salesperson:
    """A salesperson with a unique code."""
    n = next(_seq)
    values: dict[str, Any] = {"code": f"SP{n}", "name": f"Sales Person {n}"}
    values.update(overrides)
    return await Salesperson.create(**values)


async def make_team(members: list[Salesperson] | None = None, **overrides: Any) -> Team:
    """A team, optionally with members."""
    n = next(_seq)
    values: dict[str, Any] = {"code": f"T{n}", "name": f"Team {n}"}
    values.update(overrides)
    team = await Team.create(**values)
    if members:
        await team.members.add(*members)
    return team


async def make_status(**overrides: Any) -> CampaignStatus:
    """A campaign status code."""
    n = next(_seq)
    values: dict[str, Any] = {"code": f"ST{n}", "description": f"Status {n}", "sort_order": n}
    values.update(overrides)
    return await CampaignStatus.create(**values)


async def make_campaign(**overrides: Any) -> Campaign:
    """A campaign with a unique number, stamped on the test day."""
    n = next(_seq)
    values: dict[str, Any] = {
        "no": f"CPT{n:05d}",
        "description": f"Campaign {n}",
        "last_date_modified": TODAY.date(),
    }
    values.update(overrides)
    return await Campaign.create(**values)


async def make_user(role: Role = Role.MANAGER, **overrides: Any) -> User:
    """An active user with a unique username."""
    n = next(_seq)
    values: dict[str, Any] = {
        "username": f"user{n}",
        "name": f"User {n}",
        "role": role,
        "created_at": TODAY,
    }
    values.update(overrides)
    return await User.create(**values)


async def make_contact(company: Contact | None = None, **overrides: Any) -> Contact:
    """A contact with a unique number: a company, or a person of `company` when given."""
    n = next(_seq)
    values: dict[str, Any] = {
        "no": f"CTT{n:05d}",
        "type": ContactType.PERSON if company else ContactType.COMPANY,
        "name": f"Contact {n}",
        "company": company,
    }
    values.update(overrides)
    return await Contact.create(**values)


async def make_group(**overrides: Any) -> InteractionGroup:
    """An interaction group."""
    n = next(_seq)
    values: dict[str, Any] = {"code": f"G{n}", "description": f"Group {n}"}
    values.update(overrides)
    return await InteractionGroup.create(**values)


async def make_template(
    group: InteractionGroup | None = None, **overrides: Any
) -> InteractionTemplate:
    """An interaction template (in a new group unless one is given)."""
    n = next(_seq)
    values: dict[str, Any] = {
        "code": f"TPL{n}",
        "description": f"Template {n}",
        "group": group or await make_group(),
    }
    values.update(overrides)
    return await InteractionTemplate.create(**values)


async def make_segment(**overrides: Any) -> Segment:
    """An open segment with a unique number."""
    n = next(_seq)
    values: dict[str, Any] = {"no": f"SGT{n:05d}", "description": f"Segment {n}"}
    values.update(overrides)
    return await Segment.create(**values)


async def make_customer(contact: Contact | None = None, **overrides: Any) -> Customer:
    """A customer with a unique number, linked to `contact` when given."""
    n = next(_seq)
    values: dict[str, Any] = {"no": f"CUT{n:05d}", "name": f"Customer {n}", "contact": contact}
    values.update(overrides)
    return await Customer.create(**values)


async def make_price_group(**overrides: Any) -> CustomerPriceGroup:
    """A customer price group."""
    n = next(_seq)
    values: dict[str, Any] = {"code": f"PG{n}", "description": f"Price group {n}"}
    values.update(overrides)
    return await CustomerPriceGroup.create(**values)


async def make_customer_discount_group(**overrides: Any) -> CustomerDiscountGroup:
    """A customer discount group."""
    n = next(_seq)
    values: dict[str, Any] = {"code": f"CDG{n}", "description": f"Discount group {n}"}
    values.update(overrides)
    return await CustomerDiscountGroup.create(**values)


async def make_item_discount_group(**overrides: Any) -> ItemDiscountGroup:
    """An item discount group."""
    n = next(_seq)
    values: dict[str, Any] = {"code": f"IDG{n}", "description": f"Item group {n}"}
    values.update(overrides)
    return await ItemDiscountGroup.create(**values)


async def make_item(**overrides: Any) -> Item:
    """An item with a unique number and its base unit PCS (quantity 1)."""
    n = next(_seq)
    values: dict[str, Any] = {
        "no": f"IT{n:05d}",
        "description": f"Item {n}",
        "base_unit_of_measure": "PCS",
        "unit_price": "10.00",
    }
    values.update(overrides)
    item = await Item.create(**values)
    await ItemUnitOfMeasure.create(item=item, code=item.base_unit_of_measure, quantity_per_unit=1)
    return item


async def make_activity(
    steps: list[tuple[TaskType, str]] | None = None, **overrides: Any
) -> Activity:
    """An activity; `steps` are (type, date formula) pairs, numbered in order."""
    n = next(_seq)
    values: dict[str, Any] = {"code": f"ACT{n}", "description": f"Activity {n}"}
    values.update(overrides)
    activity = await Activity.create(**values)
    for step_no, (kind, formula) in enumerate(steps or [], start=1):
        await ActivityStep.create(
            activity=activity,
            step_no=step_no,
            type=kind,
            description=f"Step {step_no}",
            date_formula=formula,
        )
    return activity


async def make_task(**overrides: Any) -> Task:
    """An open task with a unique number, dated on the test day (give it a salesperson or team)."""
    n = next(_seq)
    values: dict[str, Any] = {"no": f"TDT{n:05d}", "description": f"Task {n}", "date": TODAY.date()}
    values.update(overrides)
    return await Task.create(**values)


async def make_sales_cycle(
    stages: list[tuple[str, str]] | None = None,
    method: ProbabilityCalculation = ProbabilityCalculation.MULTIPLY,
    **overrides: Any,
) -> SalesCycle:
    """A sales cycle; `stages` are (completed %, chances of success %) pairs numbered 1, 2, ..."""
    n = next(_seq)
    values: dict[str, Any] = {
        "code": f"SC{n}",
        "description": f"Sales cycle {n}",
        "probability_calculation": method,
    }
    values.update(overrides)
    cycle = await SalesCycle.create(**values)
    for stage, (completed, chances) in enumerate(stages or [], start=1):
        await SalesCycleStage.create(
            sales_cycle=cycle,
            stage=stage,
            description=f"Stage {stage}",
            completed_percent=completed,
            chances_of_success_percent=chances,
        )
    return cycle


async def make_opportunity(**overrides: Any) -> Opportunity:
    """A not-started opportunity created on the test day (give it contact, salesperson, cycle)."""
    n = next(_seq)
    values: dict[str, Any] = {
        "no": f"OPT{n:05d}",
        "description": f"Opportunity {n}",
        "creation_date": TODAY.date(),
    }
    values.update(overrides)
    return await Opportunity.create(**values)


async def activate(campaign: Campaign, contact: Contact | None = None) -> None:
    """Give `campaign` one target-group row, which makes it activated (C4)."""
    who = contact or await make_contact()
    await CampaignTarget.create(campaign=campaign, type=TargetType.CONTACT, contact=who)
