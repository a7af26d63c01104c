"""Activation kept exact (A7, A8): the target group equals a brute-force computation after
random changes, and after concurrent activations, toggles and company moves."""

from __future__ import annotations

import asyncio
import random

import pytest

from server.models import (
    Campaign,
    CampaignTarget,
    Contact,
    ContactType,
    Customer,
    Interaction,
    SegmentLine,
    TargetType,
)
from server.services.contacts import contact as contacts
from server.services.core.context import ServiceContext
from server.services.customers.customer import set_business_relation
from server.services.interactions import entries, logging
from server.services.pricing import activation
from server.services.segments import lines as segment_lines
from tests.builders import make_contact, make_customer, make_segment
from tests.services.pricing.activation_builders import _priced_campaign

pytestmark = pytest.mark.usefixtures("db")


async def _brute_force(campaign_id: int) -> set[tuple[TargetType, int]]:
    """A1 computed in Python from every row, independently of the service's queries."""
    contact_ids = {
        line.contact_id
        for line in await SegmentLine.all()
        if line.campaign_id == campaign_id and line.campaign_target
    } | {
        i.contact_id
        for i in await Interaction.all()
        if i.campaign_id == campaign_id and i.campaign_target and not i.postponed
    }
    everyone = {c.id: c for c in await Contact.all()}
    customers = {c.contact_id: c.id for c in await Customer.all() if c.contact_id}
    members = set()
    for contact_id in contact_ids:
        contact = everyone[contact_id]
        key = (
            contact.company_id
            if contact.type is ContactType.PERSON and contact.company_id
            else contact.id
        )
        members.add(
            (TargetType.CUSTOMER, customers[key]) if key in customers else (TargetType.CONTACT, key)
        )
    return members


async def test_membership_stays_exact_under_random_changes(manager: ServiceContext):
    """A7: after every change, stored rows == a fresh computation == a brute-force one."""
    rng = random.Random(7)
    campaign = await _priced_campaign()
    companies = [await make_contact(no=f"CO{i}") for i in range(4)]
    persons = [await make_contact(companies[i % 4], no=f"PE{i}") for i in range(6)]
    loners = [await make_contact(no=f"LO{i}", type=ContactType.PERSON) for i in range(2)]
    everyone = companies + persons + loners
    customers = [await Customer.create(no=f"CU{i}", name=f"Customer {i}") for i in range(3)]
    segment = await make_segment(no="SEGR", campaign=campaign, campaign_target=True)
    await segment_lines.segment_contacts_add(manager, "SEGR", ["CO0", "PE1"])
    await activation.activate(manager, "CP1")

    async def add_lines() -> None:
        picked = rng.sample(everyone, 2)
        await segment_lines.segment_contacts_add(manager, "SEGR", [c.no for c in picked])

    async def remove_line() -> None:
        nos = list(
            await SegmentLine.filter(segment_id=segment.id).values_list("contact__no", flat=True)
        )
        if nos:
            await segment_lines.segment_contacts_remove(manager, "SEGR", [rng.choice(nos)])

    async def toggle_line() -> None:
        nos = list(
            await SegmentLine.filter(segment_id=segment.id).values_list("contact__no", flat=True)
        )
        if nos:
            await segment_lines.segment_lines_campaign_target_set(
                manager, "SEGR", rng.random() < 0.5, contact_nos=[rng.choice(nos)]
            )

    async def toggle_segment() -> None:
        await segment_lines.segment_campaign_target_set(manager, "SEGR", rng.random() < 0.7)

    async def log_one() -> None:
        await logging.interaction_log(
            manager,
            logging.InteractionDraft(
                contact_no=rng.choice(everyone).no,
                description="touch",
                campaign_no="CP1",
                campaign_target=rng.random() < 0.7,
                postponed=rng.random() < 0.3,
            ),
        )

    async def drop_one() -> None:
        interaction = await Interaction.filter(campaign_id=campaign.id).first()
        if interaction is not None:
            await entries.interaction_set_canceled(manager, interaction.entry_no, True)
            await entries.interaction_delete(manager, interaction.entry_no)

    async def relink() -> None:
        customer = await Customer.get(id=rng.choice(customers).id)
        company = rng.choice([*companies, None])
        if company is not None and await Customer.filter(contact_id=company.id).exists():
            company = None
        await set_business_relation(customer, company)

    async def move_person() -> None:
        person = rng.choice(persons)
        await contacts.update_contact(
            manager, person.no, contacts.ContactChanges(company_no=rng.choice(companies).no)
        )

    operations = [
        add_lines,
        remove_line,
        toggle_line,
        toggle_segment,
        log_one,
        drop_one,
        relink,
        move_person,
    ]
    for step in range(60):
        operation = rng.choice(operations)
        await operation()
        stored = await activation.stored_targets(campaign.id)
        assert stored == await activation.compute_targets(campaign.id), (step, operation.__name__)
        assert stored == await _brute_force(campaign.id), (step, operation.__name__)
    assert (await Campaign.get(id=campaign.id)).activation_requested is True


async def test_twenty_concurrent_activations_and_toggles_leave_an_exact_group(
    manager: ServiceContext,
):
    """A8: no duplicates, no missing rows, whatever the interleaving."""
    campaign = await _priced_campaign()
    await make_segment(no="SEGC", campaign=campaign, campaign_target=True)
    for i in range(5):
        await make_contact(no=f"C{i}")
    await segment_lines.segment_contacts_add(manager, "SEGC", [f"C{i}" for i in range(5)])

    async def one(i: int) -> None:
        if i % 3 == 0:
            await activation.activate(manager, "CP1")
        elif i % 3 == 1:
            await segment_lines.segment_lines_campaign_target_set(
                manager, "SEGC", i % 2 == 0, contact_nos=[f"C{i % 5}"]
            )
        else:
            await activation.deactivate(manager, "CP1")

    await asyncio.gather(*(one(i) for i in range(20)))
    requested = (await Campaign.get(id=campaign.id)).activation_requested
    expected = await _brute_force(campaign.id) if requested else set()
    assert await activation.stored_targets(campaign.id) == expected
    await activation.activate(manager, "CP1")

    rows = await CampaignTarget.filter(campaign_id=campaign.id).values_list("contact_id", flat=True)
    assert len(rows) == len(set(rows))
    assert await activation.stored_targets(campaign.id) == await _brute_force(campaign.id)


async def test_concurrent_activations_and_company_moves_leave_an_exact_group(
    manager: ServiceContext,
):
    """A7/A8: moving persons between companies re-syncs every activated campaign, including
    one whose activation commits at the same time."""
    campaign = await _priced_campaign()
    await make_segment(no="SEGM", campaign=campaign, campaign_target=True)
    known = await make_contact(no="KNOWN")
    await make_customer(known)
    other = await make_contact(no="OTHER")
    for i in range(4):
        await make_contact(company=known if i % 2 else other, no=f"P{i}")
    await segment_lines.segment_contacts_add(manager, "SEGM", [f"P{i}" for i in range(4)])

    async def one(i: int) -> None:
        if i % 3 == 0:
            await activation.activate(manager, "CP1")
        elif i % 3 == 1:
            company = "KNOWN" if i % 2 else "OTHER"
            changes = contacts.ContactChanges(company_no=company)
            await contacts.update_contact(manager, f"P{i % 4}", changes)
        else:
            await activation.deactivate(manager, "CP1")

    await asyncio.gather(*(one(i) for i in range(18)))
    requested = (await Campaign.get(id=campaign.id)).activation_requested
    expected = await _brute_force(campaign.id) if requested else set()
    assert await activation.stored_targets(campaign.id) == expected


async def test_a_company_move_waits_for_an_activation_committing_meanwhile(
    manager: ServiceContext, monkeypatch: pytest.MonkeyPatch
):
    """A7/A8: the move's re-sync must see an activation that commits while it runs, or the
    activation's group (computed before the move) stays stale."""
    campaign = await _priced_campaign()
    await make_segment(no="SEGW", campaign=campaign, campaign_target=True)
    await make_customer(await make_contact(no="KNOWN"))
    await make_contact(company=await make_contact(no="OTHER"), no="P0")
    await segment_lines.segment_contacts_add(manager, "SEGW", ["P0"])
    activated = asyncio.Event()
    original = activation.sync

    async def sync_then_linger(campaign_id: int) -> set[tuple[TargetType, int]]:
        members = await original(campaign_id)
        if not activated.is_set():  # the activation's own sync: it has not committed yet
            activated.set()
            await asyncio.sleep(0.3)  # the move runs now
        return members

    async def move() -> None:
        await activated.wait()
        changes = contacts.ContactChanges(company_no="KNOWN")
        await contacts.update_contact(manager, "P0", changes)

    monkeypatch.setattr(activation, "sync", sync_then_linger)
    await asyncio.gather(activation.activate(manager, "CP1"), move())

    stored = await activation.stored_targets(campaign.id)
    assert stored == await _brute_force(campaign.id)
    assert [kind for kind, _ in stored] == [TargetType.CUSTOMER]
