"""A7 through the unit of work: services record what changed, pricing's declared upkeep re-syncs
the activated campaigns concerned before the transaction commits."""

from __future__ import annotations

import pytest

from server.models import CampaignTarget, Customer, SegmentLine, TargetType
from server.services.contacts import contact as contacts
from server.services.core.changes import (
    TargetingChange,
    record_contact_resolution_change,
    record_targeting_change,
)
from server.services.core.context import ServiceContext
from server.services.core.unit_of_work import UnitOfWork, current, transaction
from server.services.customers.customer import set_business_relation
from server.services.pricing import activation
from server.services.segments import lines as segment_lines
from tests.builders import make_campaign, make_contact, make_segment

pytestmark = pytest.mark.usefixtures("db")


def _work() -> UnitOfWork:
    work = current()
    assert work is not None
    return work


async def _activated(ctx: ServiceContext, no: str, *contact_nos: str) -> int:
    """An activated campaign whose segment S<no> targets the contacts `contact_nos`."""
    campaign = await make_campaign(no=no)
    await make_segment(no=f"S{no}", campaign=campaign, campaign_target=True)
    await segment_lines.segment_contacts_add(ctx, f"S{no}", list(contact_nos))
    await activation.activate(ctx, no, allow_without_pricing=True)
    return campaign.id


async def _exact(campaign_id: int) -> bool:
    stored = await activation.stored_targets(campaign_id)
    return stored == await activation.compute_targets(campaign_id)


async def test_changes_are_recorded_and_the_upkeep_runs_before_commit(manager: ServiceContext):
    await make_contact(no="A")
    await make_contact(no="B")
    campaign_id = await _activated(manager, "CP1", "A")

    async with transaction():
        await segment_lines.segment_contacts_add(manager, "SCP1", ["B"])  # a savepoint
        assert _work().facts == (TargetingChange(frozenset({campaign_id})),)
        # Nothing re-synced yet: the upkeep runs once, when the whole transaction is done.
        assert len(await activation.stored_targets(campaign_id)) == 1
    assert len(await activation.stored_targets(campaign_id)) == 2
    assert await _exact(campaign_id)


async def test_campaign_ids_merge_and_none_is_no_campaign():
    async with transaction():
        record_targeting_change([3, None, 1])
        record_targeting_change([None])
        record_targeting_change([2, 1])
        assert _work().facts == (TargetingChange(frozenset({1, 2, 3})),)
        record_contact_resolution_change()
        assert _work().facts == (TargetingChange(frozenset({1, 2, 3}), every_campaign=True),)


async def test_no_campaign_records_nothing():
    record_targeting_change([None])  # not even outside a transaction: there is nothing to do
    async with transaction():
        record_targeting_change([])
        assert _work().facts == ()


async def test_a_rolled_back_savepoint_takes_its_targeting_change_with_it(manager: ServiceContext):
    await make_contact(no="A")
    await make_contact(no="B")
    campaign_id = await _activated(manager, "CP1", "A")

    async def add_then_fail() -> None:
        async with transaction():
            await segment_lines.segment_contacts_add(manager, "SCP1", ["B"])
            raise RuntimeError("roll the savepoint back")

    async with transaction():
        with pytest.raises(RuntimeError):
            await add_then_fail()
        assert _work().facts == ()
    assert await SegmentLine.all().count() == 1
    assert len(await activation.stored_targets(campaign_id)) == 1
    assert await _exact(campaign_id)


async def test_a_customer_link_concerns_every_activated_campaign(manager: ServiceContext):
    await make_contact(no="ACME")
    await make_contact(no="BETA")
    first = await _activated(manager, "CP1", "ACME")
    second = await _activated(manager, "CP2", "BETA")
    customer = await Customer.create(no="CU1", name="Acme")
    acme = await contacts.contact_by_no(manager, "ACME")
    assert acme is not None

    async with transaction():
        await set_business_relation(customer, acme)
        assert _work().facts == (TargetingChange(every_campaign=True),)
    assert await activation.stored_targets(first) == {(TargetType.CUSTOMER, customer.id)}
    assert await _exact(second)


async def test_a_company_move_concerns_every_activated_campaign(manager: ServiceContext):
    old = await make_contact(no="OLD")
    new = await make_contact(no="NEW")
    await make_contact(old, no="P1")
    campaign_id = await _activated(manager, "CP1", "P1")
    assert await activation.stored_targets(campaign_id) == {(TargetType.CONTACT, old.id)}

    async with transaction():
        await contacts.update_contact(manager, "P1", contacts.ContactChanges(company_no="NEW"))
        assert _work().facts == (TargetingChange(every_campaign=True),)
    assert await activation.stored_targets(campaign_id) == {(TargetType.CONTACT, new.id)}


async def test_a_failing_upkeep_rolls_the_change_back(
    monkeypatch: pytest.MonkeyPatch, manager: ServiceContext
):
    await make_contact(no="A")
    await make_contact(no="B")
    campaign_id = await _activated(manager, "CP1", "A")

    async def broken(campaign_id: int) -> set[tuple[TargetType, int]]:
        raise ValueError("upkeep failed")

    monkeypatch.setattr(activation, "sync", broken)
    with pytest.raises(ValueError, match="upkeep failed"):
        await segment_lines.segment_contacts_add(manager, "SCP1", ["B"])
    assert await SegmentLine.all().count() == 1
    assert await CampaignTarget.filter(campaign_id=campaign_id).count() == 1
