"""The rows `campaign-graph seed` writes, generated lazily from seeded random streams.

Rows are tuples in the column order of the `*_COLUMNS` lists, already in the form the
database driver takes: on SQLite dates as ISO text and decimals as quantized text (exactly what
the ORM writes, so exact sums in services/core/decimal_sums apply), on PostgreSQL `date` and
`Decimal`. Every segment draws its contacts from its own random stream, so its lines and the
interactions logged from them are generated twice from the same numbers, never held in memory.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from server.demo.seed_data import (
    COMPANY_STEMS,
    COMPANY_TRADES,
    FIRST_NAMES,
    JOB_TITLES,
    LAST_NAMES,
    PLACES,
    RESPONSE_TEMPLATES,
    SEGMENT_TEMPLATES,
    SEGMENT_THEMES,
    SINGLE_TEMPLATES,
    Plan,
)
from server.models import ContactType, Evaluation, SegmentStatus
from server.services.core.sql import SQLITE
from server.services.segments.lines import LINE_STEP

USER = "seed"
CENTS = Decimal("0.01")
#: Single interactions reach back this many days before the anchor day.
HISTORY_DAYS = 730
#: Of ten background single interactions, this many are about a campaign.
CAMPAIGN_SINGLES_PER_TEN = 3

CONTACT_COLUMNS = (
    "id", "no", "type", "name", "company_id", "email", "phone", "address", "address_2", "city",
    "post_code", "country_code", "salesperson_id", "job_title", "blocked",
)  # fmt: skip
CUSTOMER_COLUMNS = (
    "id", "no", "name", "contact_id", "price_group_id", "discount_group_id", "blocked",
)  # fmt: skip
SEGMENT_COLUMNS = (
    "id", "no", "description", "campaign_id", "campaign_target", "campaign_response",
    "salesperson_id", "interaction_template_id", "unit_cost", "unit_duration", "date",
    "information_flow", "initiated_by", "subject", "status", "created_by",
)  # fmt: skip
LINE_COLUMNS = (
    "id", "segment_id", "line_no", "contact_id", "campaign_id", "campaign_target",
    "campaign_response", "salesperson_id", "interaction_template_id", "cost", "duration",
    "date", "description", "evaluation", "attempt_failed", "campaign_entry_id",
)  # fmt: skip
LOGGED_COLUMNS = ("entry_no", "segment_id", "description", "creation_date", "user", "canceled")
ENTRY_COLUMNS = (
    "entry_no", "campaign_id", "date", "description", "segment_id", "logged_segment_id",
    "salesperson_id", "user", "single_interactions", "canceled",
)  # fmt: skip
INTERACTION_COLUMNS = (
    "entry_no", "contact_id", "contact_company_id", "date", "time", "description", "subject",
    "template_id", "group_id", "information_flow", "initiated_by", "cost", "duration",
    "evaluation", "attempt_failed", "salesperson_id", "user", "campaign_id", "campaign_entry_id",
    "campaign_target", "campaign_response", "segment_id", "logged_segment_id", "canceled",
    "postponed",
)  # fmt: skip

EVALUATIONS: list[str | None] = [e.value for e in Evaluation] + [None, None, None]


@dataclass(frozen=True)
class TemplateRef:
    """An interaction template's id and the defaults it gives (encoded)."""

    id: int
    group_id: int
    description: str
    cost: Any
    duration: Any
    flow: str
    initiated_by: str


@dataclass(frozen=True)
class CampaignRef:
    """A campaign the rows refer to."""

    id: int
    no: str
    description: str
    start: date
    salesperson_id: int | None


@dataclass(frozen=True)
class SegmentRef:
    """One segment as planned: its id, number, campaign, template, owner, date, lines."""

    index: int
    id: int
    no: str
    description: str
    campaign: CampaignRef | None
    target: bool
    template: TemplateRef
    salesperson_id: int
    day: date
    size: int
    logged: bool


@dataclass
class Rows:
    """Generates every bulk row of one seed run; ids start where the tables end."""

    dialect: str
    seed: int
    anchor: date
    plan: Plan
    sellers: list[int]
    templates: dict[str, TemplateRef]
    contact_count: int
    first_contact_id: int
    contact_nos: list[str]
    #: Per contact index: the company the contact belongs to (a company: itself).
    company_of: list[int | None] = field(default_factory=list)
    owner_of: list[int | None] = field(default_factory=list)
    company_indexes: list[int] = field(default_factory=list)
    company_names: dict[int, str] = field(default_factory=dict)
    segments: list[SegmentRef] = field(default_factory=list)
    #: Dashboard contact indexes in the order their interactions are generated.
    dashboard_contacts: list[int] = field(default_factory=list)
    #: Per segment index: its line's contact indexes (re-drawn from the segment's stream).
    _days: dict[int, Any] = field(default_factory=dict)

    def rng(self, *stream: object) -> random.Random:
        """An independent random stream per purpose, so one part's size never shifts another's."""
        return random.Random("/".join(str(s) for s in (self.seed, *stream)))

    def day(self, offset: int) -> Any:
        """The anchor day moved by `offset` days, encoded for the driver."""
        found = self._days.get(offset)
        if found is None:
            value = self.anchor + timedelta(days=offset)
            found = self._days[offset] = value.isoformat() if self.dialect == SQLITE else value
        return found

    def money(self, value: Decimal) -> Any:
        """A decimal as the ORM stores it (quantized; text on SQLite)."""
        quantized = value.quantize(CENTS)
        return str(quantized) if self.dialect == SQLITE else quantized

    def contacts(self) -> Iterator[tuple[Any, ...]]:
        """Companies, each followed by two to four persons, numbered in order."""
        rng = self.rng("contacts")
        company_id: int | None = None
        persons_left = 0
        domain = city = street = post = country = prefix = ""
        owner: int | None = None
        for index in range(self.contact_count):
            contact_id = self.first_contact_id + index
            if persons_left == 0 or company_id is None:
                country, form, prefix, places = rng.choice(PLACES)
                city, post, street = rng.choice(places)
                street = f"{street} {rng.randint(1, 180)}"
                name = f"{rng.choice(COMPANY_STEMS)} {rng.choice(COMPANY_TRADES)}"
                domain = f"{name.lower().replace(' ', '')}{len(self.company_indexes) + 1}.example"
                owner = rng.choice(self.sellers) if rng.random() < 0.7 else None
                company_id, persons_left = contact_id, rng.choice((2, 3, 4))
                self.company_indexes.append(index)
                self.company_names[index] = f"{name} {form}"
                self.company_of.append(contact_id)
                self.owner_of.append(owner)
                phone = f"{prefix} {rng.randint(200, 899)} {rng.randint(100000, 999999)}"
                yield (
                    contact_id, self.contact_nos[index], ContactType.COMPANY.value,
                    f"{name} {form}", None, f"info@{domain}", phone, street, None, city, post,
                    country, owner, None, False,
                )  # fmt: skip
                continue
            persons_left -= 1
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            self.company_of.append(company_id)
            self.owner_of.append(owner)
            phone = f"{prefix} {rng.randint(200, 899)} {rng.randint(100000, 999999)}"
            yield (
                contact_id, self.contact_nos[index], ContactType.PERSON.value, f"{first} {last}",
                company_id, f"{first.lower()}.{last.lower()}@{domain}", phone, street, None, city,
                post, country, owner, rng.choice(JOB_TITLES), False,
            )  # fmt: skip

    def customers(
        self, first_id: int, nos: list[str], price_groups: list[int], discount_groups: list[int]
    ) -> Iterator[tuple[Any, ...]]:
        """Every fifth company is a customer (the business relation); the rest are prospects."""
        for n, index in enumerate(self.company_indexes[::5]):
            yield (
                first_id + n, nos[n], self.company_names[index],
                self.first_contact_id + index, price_groups[n % len(price_groups)],
                discount_groups[n % len(discount_groups)], False,
            )  # fmt: skip

    def plan_segments(
        self, first_id: int, nos: list[str], dashboard: CampaignRef, background: list[CampaignRef]
    ) -> None:
        """Decide each segment's campaign, template, owner, date and whether it is logged."""
        rng = self.rng("segments")
        dash = self.plan.dashboard_segments
        for index, size in enumerate(self.plan.segment_sizes):
            template = self.templates[rng.choice(SEGMENT_TEMPLATES)]
            if index < dash:
                campaign: CampaignRef | None = dashboard
                theme = SEGMENT_THEMES[index % len(SEGMENT_THEMES)]
                logged = self.plan.logged[index]
                offset = -50 + 4 * index if logged else 5 + index
                owner = dashboard.salesperson_id or self.sellers[0]
            else:
                campaign = background[index % len(background)] if rng.random() < 0.9 else None
                theme = rng.choice(SEGMENT_THEMES)
                logged = self.plan.logged[index]
                offset = -rng.randint(1, HISTORY_DAYS - 1) if logged else rng.randint(1, 60)
                owner = rng.choice(self.sellers)
            title = f"{campaign.description}: {theme}" if campaign else f"Ad hoc: {theme}"
            self.segments.append(
                SegmentRef(
                    index, first_id + index, nos[index], title[:100], campaign,
                    campaign is not None and (index < dash or rng.random() < 0.9), template, owner,
                    self.anchor + timedelta(days=offset), size, logged,
                )
            )  # fmt: skip

    def segment_rows(self) -> Iterator[tuple[Any, ...]]:
        for s in self.segments:
            t = s.template
            yield (
                s.id, s.no, s.description, s.campaign.id if s.campaign else None, s.target, False,
                s.salesperson_id, t.id, t.cost, t.duration, self.encode_day(s.day), t.flow,
                t.initiated_by, None,
                (SegmentStatus.LOGGED if s.logged else SegmentStatus.OPEN).value, USER,
            )  # fmt: skip

    def encode_day(self, day: date) -> Any:
        """A date encoded for the driver (cached per day)."""
        return self.day((day - self.anchor).days)

    def segment_contacts(self, s: SegmentRef) -> list[int]:
        """The contact indexes on a segment's lines: dashboard segments walk one shuffled
        list (distinct contacts while there are enough), others sample their own stream."""
        if s.index < self.plan.dashboard_segments:
            start = sum(x.size for x in self.segments[: s.index])
            pool = self.dashboard_pool()
            return [pool[(start + j) % len(pool)] for j in range(s.size)]
        return self.rng("segment", s.index).sample(range(self.contact_count), s.size)

    def dashboard_pool(self) -> list[int]:
        if not self.dashboard_contacts:
            wanted = sum(s for s in self.plan.segment_sizes[: self.plan.dashboard_segments])
            count = min(wanted, self.contact_count)
            self.dashboard_contacts = self.rng("dashboard").sample(range(self.contact_count), count)
        return self.dashboard_contacts

    def line_rows(self, first_id: int, entries: dict[int, int]) -> Iterator[tuple[Any, ...]]:
        """Segment lines with the segment's values; lines of a logged segment point at the
        campaign entry logging made (`entries`: segment index -> entry no)."""
        line_id = first_id
        for s in self.segments:
            t = s.template
            day = self.encode_day(s.day)
            campaign_id = s.campaign.id if s.campaign else None
            entry = entries.get(s.index)
            # a logged line was evaluated: the same evaluation as its interaction's
            evaluation = self.rng("evaluation", s.index) if s.logged else None
            for n, contact in enumerate(self.segment_contacts(s), start=1):
                yield (
                    line_id, s.id, n * LINE_STEP, self.first_contact_id + contact, campaign_id,
                    s.target, False, s.salesperson_id, t.id, t.cost, t.duration, day,
                    s.description, evaluation.choice(EVALUATIONS) if evaluation else None, False,
                    entry,
                )  # fmt: skip
                line_id += 1

    def logged_interactions(
        self, first_no: int, logged_nos: dict[int, int], entries: dict[int, int]
    ) -> Iterator[tuple[Any, ...]]:
        """One interaction per line of every logged segment, as segment logging writes it."""
        no = first_no
        for s in self.segments:
            if not s.logged:
                continue
            t = s.template
            day = self.encode_day(s.day)
            campaign_id = s.campaign.id if s.campaign else None
            evaluation = self.rng("evaluation", s.index)
            for contact in self.segment_contacts(s):
                yield (
                    no, self.first_contact_id + contact, self.company_of[contact], day, None,
                    s.description, None, t.id, t.group_id, t.flow, t.initiated_by, t.cost,
                    t.duration, evaluation.choice(EVALUATIONS), False, s.salesperson_id, USER,
                    campaign_id, entries.get(s.index), s.target, False, s.id,
                    logged_nos[s.index], False, False,
                )  # fmt: skip
                no += 1

    def single(
        self, no: int, contact: int, template: TemplateRef, day: Any, seller: int | None,
        evaluation: str | None, campaign: tuple[int, int] | None, target: bool, response: bool,
    ) -> tuple[Any, ...]:  # fmt: skip
        """An interaction logged one by one (`campaign`: (campaign id, its entry no))."""
        return (
            no, self.first_contact_id + contact, self.company_of[contact], day, None,
            template.description, None, template.id, template.group_id, template.flow,
            template.initiated_by, template.cost, template.duration, evaluation, False, seller,
            USER, campaign[0] if campaign else None, campaign[1] if campaign else None, target,
            response, None, None, False, False,
        )  # fmt: skip

    def dashboard_singles(
        self, first_no: int, campaign: CampaignRef, entry_no: int, logged: dict[int, int]
    ) -> Iterator[tuple[Any, ...]]:
        """Each dashboard contact's interactions for the dashboard campaign, topped up to
        `per_dashboard_contact` beyond what logging its segments gave (`logged`)."""
        rng = self.rng("dashboard-singles")
        span = max(1, (self.anchor - campaign.start).days + 1)
        no = first_no
        for contact in self.dashboard_pool():
            for _ in range(self.plan.per_dashboard_contact - logged.get(contact, 0)):
                responds = rng.random() < 0.3
                code = rng.choice(RESPONSE_TEMPLATES if responds else SINGLE_TEMPLATES[:3])
                seller = self.owner_of[contact] or rng.choice(self.sellers)
                day = self.day(-int(rng.random() * span))
                yield self.single(
                    no, contact, self.templates[code], day, seller, rng.choice(EVALUATIONS),
                    (campaign.id, entry_no), not responds, responds,
                )  # fmt: skip
                no += 1

    def background_singles(
        self, first_no: int, count: int, campaigns: list[tuple[int, int]]
    ) -> Iterator[tuple[Any, ...]]:
        """`count` interactions over the past two years; three in ten answer or target one of
        `campaigns` (round robin: (campaign id, entry no))."""
        rng = self.rng("singles")
        random_ = rng.random
        templates = [self.templates[code] for code in SINGLE_TEMPLATES]
        responses = {self.templates[code].id for code in RESPONSE_TEMPLATES}
        days = [self.day(-d) for d in range(HISTORY_DAYS)]
        contacts, sellers = self.contact_count, self.sellers
        evaluations = EVALUATIONS
        used = 0
        for n in range(count):
            template = templates[int(random_() * len(templates))]
            campaign = None
            target = response = False
            if campaigns and n % 10 < CAMPAIGN_SINGLES_PER_TEN:
                campaign = campaigns[used % len(campaigns)]
                used += 1
                response = template.id in responses
                target = not response and random_() < 0.6
            yield self.single(
                first_no + n, int(random_() * contacts), template,
                days[int(random_() * HISTORY_DAYS)], sellers[int(random_() * len(sellers))],
                evaluations[int(random_() * len(evaluations))], campaign, target, response,
            )  # fmt: skip


def campaign_singles(count: int) -> int:
    """How many of `count` background singles are about a campaign (see background_singles)."""
    tens, rest = divmod(count, 10)
    return tens * CAMPAIGN_SINGLES_PER_TEN + min(rest, CAMPAIGN_SINGLES_PER_TEN)
