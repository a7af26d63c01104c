"""`campaign-graph seed` in the service layer: exact counts, determinism, statistics and
numbering on seeded data, and the refusals (sizes, unmigrated or non-empty databases)."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from tortoise import connections

from server.demo.seed import BULK_TABLES, SeedRefused, SeedSize, seed
from server.demo.seed_bulk import KEYED_TABLES
from server.demo.seed_data import Plan, plan_sizes
from server.models import (
    Campaign,
    CampaignEntry,
    CampaignTarget,
    Contact,
    ContactType,
    Customer,
    DiscountLine,
    Interaction,
    LoggedSegment,
    PriceLine,
    Role,
    Segment,
    SegmentLine,
    SegmentStatus,
)
from server.services.campaigns import campaign
from server.services.contacts import contact
from server.services.core.errors import PermissionDenied
from server.services.interactions import logging
from server.services.interactions.statistics import campaign_statistics
from server.services.segments import lines as segment_lines
from server.services.segments import segment
from tests.builders import make_contact
from tests.conftest import BACKEND, make_ctx, separate_database

SMALL = SeedSize(contacts=200, segments=5, lines=100, interactions=500, random_seed=7)
#: Background segments and campaigns besides the dashboard, and logged background segments.
MIXED = SeedSize(contacts=300, segments=24, lines=900, interactions=2500, random_seed=3)
HASHED = [
    *BULK_TABLES,
    "campaign",
    "price_line",
    "discount_line",
    "campaign_target",
    "number_series",
    "item",
]


def admin():  # type: ignore[no-untyped-def]
    return make_ctx(Role.ADMIN)


@asynccontextmanager
async def fresh_database() -> AsyncIterator[None]:
    """A database of its own (for comparing two seeds), dropped afterwards."""
    async with separate_database():
        yield


async def data_hash() -> str:
    """A digest of every seeded table, row by row in key order."""
    db = connections.get("default")
    digest = hashlib.sha256()
    for table in HASHED:
        key = dict(KEYED_TABLES).get(table, "code" if table == "number_series" else "id")
        rows = await db.execute_query_dict(f'SELECT * FROM "{table}" ORDER BY "{key}"')
        for row in rows:
            digest.update(repr(sorted((k, str(v)) for k, v in row.items())).encode())
    return digest.hexdigest()


async def seeded_hash(size: SeedSize) -> str:
    async with fresh_database():
        await seed(admin(), size)
        return await data_hash()


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize("size", [SMALL, MIXED], ids=["small", "mixed"])
async def test_the_counts_are_exactly_the_sizes_asked_for(size: SeedSize):
    result = await seed(admin(), size)

    assert await Contact.all().count() == size.contacts
    assert await Segment.all().count() == size.segments
    assert await SegmentLine.all().count() == size.lines
    assert await Interaction.all().count() == size.interactions
    assert result.counts["contacts"] == size.contacts
    assert result.counts["interactions"] == size.interactions
    assert result.dashboard_campaign_no == "CP00001"
    assert "seeded 200 contacts" in result.summary() or size is MIXED
    # every logged segment's lines became interactions; open segments logged nothing
    for logged in await Segment.filter(status=SegmentStatus.LOGGED):
        lines = await SegmentLine.filter(segment_id=logged.id).count()
        assert await Interaction.filter(segment_id=logged.id).count() == lines
        assert await LoggedSegment.filter(segment_id=logged.id).count() == 1
        evaluations = dict(
            await SegmentLine.filter(segment_id=logged.id).values_list("contact_id", "evaluation")
        )
        for contact_id, evaluation in await Interaction.filter(segment_id=logged.id).values_list(
            "contact_id", "evaluation"
        ):
            assert evaluations[contact_id] == evaluation
    for customer in await Customer.all().select_related("contact"):
        assert customer.contact.type is ContactType.COMPANY
        assert customer.name == customer.contact.name
    for still_open in await Segment.filter(status=SegmentStatus.OPEN):
        assert not await Interaction.filter(segment_id=still_open.id).exists()
    # persons belong to companies; interactions carry the contact's company
    persons = await Contact.filter(type=ContactType.PERSON).count()
    assert 0 < persons < size.contacts
    assert not await Contact.filter(type=ContactType.PERSON, company_id__isnull=True).exists()
    for row in await Interaction.all().limit(200).select_related("contact"):
        expected = row.contact.company_id or row.contact.id
        assert row.contact_company_id == expected


@pytest.mark.usefixtures("db")
async def test_the_dashboard_campaign_has_its_shape_and_is_activated():
    size = SeedSize(contacts=1500, segments=12, lines=1400, interactions=9000, random_seed=5)

    result = await seed(admin(), size)

    dashboard = await Campaign.get(no=result.dashboard_campaign_no)
    segments = await Segment.filter(campaign_id=dashboard.id).order_by("no")
    assert [await SegmentLine.filter(segment_id=s.id).count() for s in segments] == [100] * 10
    assert await PriceLine.filter(campaign_id=dashboard.id).count() == 50
    assert await DiscountLine.filter(campaign_id=dashboard.id).count() == 50
    contacts = set(
        await SegmentLine.filter(campaign_id=dashboard.id).values_list("contact_id", flat=True)
    )
    assert len(contacts) == 1000
    for contact_id in list(contacts)[:100]:
        count = await Interaction.filter(campaign_id=dashboard.id, contact_id=contact_id).count()
        assert count == 6
    assert await CampaignTarget.filter(campaign_id=dashboard.id).exists()
    assert dashboard.activation_requested
    assert dashboard.starting_date is not None
    assert dashboard.ending_date is not None
    assert dashboard.starting_date < date(2026, 3, 15) < dashboard.ending_date
    assert dashboard.notes == (
        "campaign-graph seed --contacts 1500 --segments 12 --lines 1400 --interactions 9000 "
        "--random-seed 5 --anchor-date 2026-03-15"
    )


async def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first = await seeded_hash(MIXED)
    again = await seeded_hash(MIXED)
    other = await seeded_hash(SeedSize(**{**MIXED.__dict__, "random_seed": 4}))

    assert first == again
    assert other != first


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize(
    ("date_from", "date_to"), [(None, None), (date(2026, 2, 1), date(2026, 3, 1))]
)
async def test_statistics_of_the_dashboard_campaign_equal_a_brute_force_count(
    date_from: date | None, date_to: date | None
):
    result = await seed(admin(), MIXED)
    dashboard = await Campaign.get(no=result.dashboard_campaign_no)

    stats = (
        await campaign_statistics(admin(), [dashboard.id], date_from=date_from, date_to=date_to)
    )[dashboard.id]

    rows = [
        i
        for i in await Interaction.filter(campaign_id=dashboard.id)
        if not i.canceled
        and not i.postponed
        and (date_from is None or i.date >= date_from)
        and (date_to is None or i.date <= date_to)
    ]
    contacted = [i for i in rows if i.campaign_target]
    responded = [i for i in rows if i.campaign_response]
    cost = sum((i.cost for i in rows), Decimal("0.00"))
    assert contacted
    assert responded
    assert stats.target_contacts_contacted == len(contacted)
    assert stats.contacts_responded == len(responded)
    assert stats.distinct_contacts_contacted == len({i.contact_id for i in contacted})
    assert stats.distinct_contacts_responded == len({i.contact_id for i in responded})
    assert stats.cost == cost
    assert stats.duration == sum((i.duration for i in rows), Decimal("0.00"))
    rate = (Decimal(len(responded) * 100) / len(contacted)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    assert stats.response_rate_percent == rate
    average = (cost / len(responded)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert stats.average_cost_per_response == average


@pytest.mark.usefixtures("db")
async def test_numbers_and_ids_continue_after_the_seeded_ones():
    await seed(admin(), MIXED)
    ctx = admin()

    made = await contact.create_contact(
        ctx, contact.ContactDraft(type=ContactType.COMPANY, name="After The Seed Ltd")
    )
    new_segment = await segment.create_segment(
        ctx,
        segment.SegmentDraft(
            description="After the seed",
            campaign_no="CP00001",
            campaign_target=True,
            salesperson_code="AH",
            interaction_template_code="LETTER",
            date=date(2026, 3, 20),
        ),
    )
    await segment_lines.segment_contacts_add(ctx, new_segment.no, [made.no, "CT00002"])
    logged = await logging.segment_log(ctx, new_segment.no)
    single = await logging.interaction_log(
        ctx,
        logging.InteractionDraft(
            contact_no=made.no, description="Call", campaign_no="CP00001", salesperson_code="AH"
        ),
    )
    new_campaign = await campaign.create_campaign(
        ctx, campaign.CampaignDraft(description="After the seed")
    )

    assert made.no == "CT00301"
    assert made.id == 301
    assert new_segment.no == "SEG00025"
    assert new_segment.id == 25
    assert new_campaign.no == f"CP{await Campaign.all().count():05d}"
    assert logged.logged_segment.entry_no == await LoggedSegment.all().count()
    assert single.entry_no == MIXED.interactions + 3
    lines = await SegmentLine.filter(segment_id=new_segment.id).values_list("id", flat=True)
    assert sorted(lines) == [MIXED.lines + 1, MIXED.lines + 2]
    entries = await CampaignEntry.all().order_by("-entry_no").first()
    assert entries is not None
    assert entries.entry_no == await CampaignEntry.all().count()
    # the seeded dashboard campaign stays exact: the new contact became a target
    dashboard = await Campaign.get(no="CP00001")
    assert await CampaignTarget.filter(campaign_id=dashboard.id, contact_id=made.id).exists()


@pytest.mark.usefixtures("db")
async def test_a_second_run_with_the_same_parameters_does_nothing_and_others_are_refused():
    first = await seed(admin(), SMALL)
    before = await data_hash()

    again = await seed(admin(), SMALL)
    pinned = await seed(admin(), SeedSize(**{**SMALL.__dict__, "anchor": "2026-03-15"}))
    with pytest.raises(SeedRefused, match=r"already holds contacts.*made by `campaign-graph seed"):
        await seed(admin(), SeedSize(**{**SMALL.__dict__, "random_seed": 8}))
    with pytest.raises(SeedRefused, match="already holds"):
        await seed(admin(), SeedSize(**{**SMALL.__dict__, "anchor": "2026-03-16"}))

    assert again.already_seeded
    assert pinned.already_seeded
    assert again.counts == first.counts
    assert "already seeded with these parameters" in again.summary()
    assert await data_hash() == before


@pytest.mark.usefixtures("db")
async def test_a_database_with_other_data_is_refused_and_left_alone():
    await make_contact(no="MINE")

    with pytest.raises(SeedRefused, match="already holds contacts; seed writes only"):
        await seed(admin(), SMALL)

    assert await Contact.all().values_list("no", flat=True) == ["MINE"]
    assert not await Campaign.exists()
    assert not await Customer.exists()


async def test_an_unmigrated_database_is_refused_before_anything_is_written():
    async with separate_database():  # its schema is damaged: not the shared test database
        db = connections.get("default")
        await db.execute_script('ALTER TABLE "interaction" RENAME TO "interaction_old"')

        with pytest.raises(SeedRefused, match=r"not migrated .*interaction.*migrate"):
            await seed(admin(), SMALL)

        assert not await Contact.exists()
        assert not await Campaign.exists()


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize(
    ("size", "reason"),
    [
        (SeedSize(contacts=10, segments=2, lines=21, interactions=0), "do not fit"),
        (SeedSize(contacts=-1, segments=0, lines=0, interactions=0), "--contacts must not"),
        (SeedSize(contacts=0, segments=0, lines=0, interactions=5), "need at least one contact"),
    ],
)
async def test_sizes_that_cannot_be_built_are_refused(size: SeedSize, reason: str):
    with pytest.raises(SeedRefused, match=reason):
        await seed(admin(), size)

    assert not await Campaign.exists()


@pytest.mark.usefixtures("db")
async def test_only_an_administrator_or_manager_may_seed():
    with pytest.raises(PermissionDenied):
        await seed(make_ctx(Role.SALES, salesperson="AH"), SMALL)

    assert not await Contact.exists()


@pytest.mark.usefixtures("db")
async def test_an_empty_data_set_still_makes_the_dashboard_campaign():
    result = await seed(admin(), SeedSize(contacts=0, segments=0, lines=0, interactions=0))

    assert result.counts["campaigns"] == 1
    assert await PriceLine.all().count() == 50
    assert not await CampaignTarget.exists()


def test_the_bulk_columns_cover_every_required_field():
    models = {
        "contact": Contact,
        "customer": Customer,
        "segment": Segment,
        "segment_line": SegmentLine,
        "logged_segment": LoggedSegment,
        "campaign_entry": CampaignEntry,
        "interaction": Interaction,
    }
    for table, columns in BULK_TABLES.items():
        meta = models[table]._meta
        assert meta.db_table == table
        fields = {
            meta.fields_map[name].source_field or name: meta.fields_map[name]
            for name in meta.db_fields
        }
        assert set(columns) <= set(fields), table
        missing = {name for name, f in fields.items() if name not in columns and not f.null}
        assert not missing, (table, missing)


def test_the_full_size_plan_gives_the_dashboard_ten_segments_of_a_hundred_lines():
    size = SeedSize(contacts=100_000, segments=1_000, lines=200_000, interactions=1_000_000)

    plan = plan_sizes(size, [(i * 0.37) % 1 for i in range(1_000)])

    assert plan.segment_sizes[:10] == [100] * 10
    assert sum(plan.segment_sizes) == 200_000
    assert max(plan.segment_sizes) <= 100_000
    assert min(plan.segment_sizes[10:]) > 0
    assert plan.background_campaigns == 50


@pytest.mark.parametrize(
    ("contacts", "segments", "lines"), [(150, 11, 1650), (3, 12, 30), (7, 3, 20), (5, 0, 0)]
)
def test_the_plan_fits_every_line_without_a_contact_twice_in_a_segment(
    contacts: int, segments: int, lines: int
):
    size = SeedSize(contacts=contacts, segments=segments, lines=lines, interactions=0)

    plan: Plan = plan_sizes(size, [0.99, 0.01] * segments)

    assert sum(plan.segment_sizes) == lines
    assert len(plan.segment_sizes) == segments
    assert all(0 <= s <= contacts for s in plan.segment_sizes)


@pytest.mark.usefixtures("db")
@pytest.mark.skipif(BACKEND != "sqlite", reason="a SQLite connection setting")
async def test_the_bigger_sqlite_page_cache_is_given_back_after_seeding():
    db = connections.get("default")
    _, before = await db.execute_query("PRAGMA cache_size")

    await seed(admin(), SMALL)

    _, after = await db.execute_query("PRAGMA cache_size")
    assert after[0][0] == before[0][0]
