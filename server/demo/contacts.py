"""The demo company's contacts: about 60 companies with 3-4 persons each (docs/domain.md, the demo
company).

Generated from a fixed seed, so every run produces the same contacts with the same numbers;
bulk-inserted because the rows are known to be valid and `make run` should start quickly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from server.models import Contact, ContactType, Salesperson
from server.services.core.numbering import reserve_through
from server.services.core.unit_of_work import transaction

SEED = 2017
COMPANIES = 60

#: (country code, legal form, phone prefix, [(city, post code, street)])
COUNTRIES = [
    (
        "GB",
        "Ltd",
        "+44",
        [
            ("London", "EC1A 1BB", "Farringdon Road"),
            ("Manchester", "M1 1AE", "Portland Street"),
            ("Leeds", "LS1 4DY", "Park Row"),
            ("Bristol", "BS1 4DJ", "Queen Square"),
        ],
    ),
    (
        "DK",
        "A/S",
        "+45",
        [
            ("Copenhagen", "1620", "Vesterbrogade"),
            ("Aarhus", "8000", "Banegaardspladsen"),
            ("Odense", "5000", "Vestergade"),
        ],
    ),
    (
        "DE",
        "GmbH",
        "+49",
        [
            ("Berlin", "10115", "Invalidenstrasse"),
            ("Munich", "80331", "Sendlinger Strasse"),
            ("Hamburg", "20095", "Moenckebergstrasse"),
        ],
    ),
    (
        "NL",
        "B.V.",
        "+31",
        [("Amsterdam", "1012 JS", "Damrak"), ("Rotterdam", "3011 AD", "Coolsingel")],
    ),
    (
        "SE",
        "AB",
        "+46",
        [("Stockholm", "111 52", "Drottninggatan"), ("Gothenburg", "411 19", "Avenyn")],
    ),
    (
        "US",
        "Inc.",
        "+1",
        [
            ("Chicago", "60601", "North Michigan Avenue"),
            ("Atlanta", "30303", "Peachtree Street"),
            ("Seattle", "98101", "Pine Street"),
        ],
    ),
]

NAME_STEMS = [
    "Adatum", "Alpine", "Bellows", "Blue Yonder", "Coho", "Contoso", "Cronus", "Fabrikam",
    "Fourth Coffee", "Greyfield", "Harbour", "Humongous", "Kestrel", "Litware", "Lucerne",
    "Margie", "Meridian", "Northwind", "Proseware", "Relecloud", "Southridge", "Tailspin",
    "Trey", "VanArsdel", "Wide World", "Wingtip", "Woodgrove", "Nod", "Birch", "Oakhill",
]  # fmt: skip
NAME_TRADES = [
    "Interiors", "Office Supply", "Furniture", "Design Studio", "Hotels", "Consulting",
    "Architects", "Workspace", "Trading", "Retail",
]  # fmt: skip
FIRST_NAMES = [
    "Anna", "Ben", "Carla", "David", "Emma", "Felix", "Grace", "Hannah", "Ivan", "Julia",
    "Karl", "Laura", "Marcus", "Nina", "Oscar", "Paula", "Quinn", "Rosa", "Simon", "Tara",
    "Uma", "Victor", "Wendy", "Xavier", "Yvonne", "Zoe", "Lars", "Mette", "Sven", "Ingrid",
]  # fmt: skip
LAST_NAMES = [
    "Andersen", "Baker", "Carter", "Dahl", "Evans", "Fischer", "Garcia", "Hansen", "Ito",
    "Jensen", "Keller", "Larsen", "Meyer", "Nielsen", "Olsen", "Patel", "Quist", "Richter",
    "Schmidt", "Thomsen", "Underwood", "Vogel", "Walsh", "Young", "Zimmer", "Berg", "Lund",
]  # fmt: skip
JOB_TITLES = [
    "Purchasing Manager", "Office Manager", "Managing Director", "Facilities Manager",
    "Marketing Director", "Buyer", "Interior Designer", "Sales Director", "Assistant",
    "Financial Controller",
]  # fmt: skip
#: Salespeople who look after customers (the marketing people do not own contacts).
OWNERS = ["AH", "BC", "EF", "HR", "JO", "MH", "RB"]


@dataclass(frozen=True)
class DemoContact:
    """One generated contact; `company_no` is set for persons."""

    no: str
    type: ContactType
    name: str
    company_no: str | None
    email: str
    phone: str
    address: str
    city: str
    post_code: str
    country_code: str
    salesperson_code: str | None
    job_title: str | None
    blocked: bool


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def demo_contacts() -> list[DemoContact]:
    """The demo contacts, companies each followed by their persons, numbered CT00001 on."""
    rng = random.Random(SEED)
    names = [f"{stem} {trade}" for stem in NAME_STEMS for trade in NAME_TRADES]
    rng.shuffle(names)
    contacts: list[DemoContact] = []
    for index, name in enumerate(names[:COMPANIES]):
        country, legal_form, prefix, cities = COUNTRIES[index % len(COUNTRIES)]
        city, post_code, street = rng.choice(cities)
        domain = f"{_slug(name)}.example"
        owner = rng.choice(OWNERS) if rng.random() < 0.7 else None
        company_no = f"CT{len(contacts) + 1:05d}"
        number = rng.randint(1, 180)
        address = f"{number} {street}" if country in ("GB", "US") else f"{street} {number}"
        contacts.append(
            DemoContact(
                no=company_no,
                type=ContactType.COMPANY,
                name=f"{name} {legal_form}",
                company_no=None,
                email=f"info@{domain}",
                phone=f"{prefix} {rng.randint(200, 899)} {rng.randint(100000, 999999)}",
                address=address,
                city=city,
                post_code=post_code,
                country_code=country,
                salesperson_code=owner,
                job_title=None,
                blocked=index % 25 == 24,
            )
        )
        people = list(zip(rng.sample(FIRST_NAMES, 4), rng.sample(LAST_NAMES, 4), strict=True))
        for first, last in people[: rng.choice([3, 4])]:
            contacts.append(
                DemoContact(
                    no=f"CT{len(contacts) + 1:05d}",
                    type=ContactType.PERSON,
                    name=f"{first} {last}",
                    company_no=company_no,
                    email=f"{first.lower()}.{last.lower()}@{domain}",
                    phone=f"{prefix} {rng.randint(200, 899)} {rng.randint(100000, 999999)}",
                    address=address,
                    city=city,
                    post_code=post_code,
                    country_code=country,
                    salesperson_code=owner,
                    job_title=rng.choice(JOB_TITLES),
                    blocked=rng.random() < 0.03,
                )
            )
    return contacts


async def load_demo_contacts() -> int:
    """Insert the demo contacts that are missing; returns how many were added."""
    async with transaction():
        return await _insert_missing(demo_contacts())


async def _insert_missing(wanted: list[DemoContact]) -> int:
    """Bulk-insert the companies, then their persons, then move the number series on."""
    found = await Contact.filter(no__in=[c.no for c in wanted]).values_list("no", flat=True)
    existing: set[object] = set(found)
    missing = [c for c in wanted if c.no not in existing]
    owners = dict(await Salesperson.filter(code__in=OWNERS).values_list("code", "id"))
    for kind in (ContactType.COMPANY, ContactType.PERSON):
        rows = [c for c in missing if c.type is kind]
        company_nos = {c.company_no for c in rows if c.company_no}
        companies = dict(
            await Contact.filter(no__in=company_nos, type=ContactType.COMPANY).values_list(
                "no", "id"
            )
        )
        await Contact.bulk_create(
            [
                Contact(
                    no=c.no,
                    type=c.type,
                    name=c.name,
                    company_id=companies.get(c.company_no) if c.company_no else None,
                    email=c.email,
                    phone=c.phone,
                    address=c.address,
                    city=c.city,
                    post_code=c.post_code,
                    country_code=c.country_code,
                    salesperson_id=owners.get(c.salesperson_code) if c.salesperson_code else None,
                    job_title=c.job_title,
                    blocked=c.blocked,
                )
                for c in rows
            ]
        )
    await reserve_through("CONTACT", len(wanted))
    return len(missing)
