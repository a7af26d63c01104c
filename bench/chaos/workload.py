"""What the chaos clients write: rounds of a marketing journey on the demo company.

A round, each step waiting for the one before (every create and log carries an
`idempotencyKey`; the other writes state what they want, so a repeat changes nothing more):

 1. a company contact and a person of it (`contactCreate` x2)
 2. a campaign (`campaignCreate`) and a target segment for it (`segmentCreate`)
 3. contacts added to the segment: the two new ones and two customers' companies
    (`segmentContactsAdd`)
 4. a campaign price (`priceLineCreate`) and the activation (`campaignPricingActivate`)
 5. the segment logged (`segmentLog`) and one or two single interactions (`interactionLog`)
 6. a price change (`priceLineUpdate`)
 7. an order for a targeted customer with two lines (`salesDocumentCreate`) and one more line
    (`salesLineAdd`)

Every text a round writes carries the run's and the round's tag, so the verification can count
what each write left in the database.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bench.chaos.client import Client, Refused

#: The salesperson and the template the segments are logged with (demo company).
SALESPERSON = "EF"
TEMPLATE = "EMAIL"
SINGLE_TEMPLATES = ("CALL-OUT", "MEETING", "LETTER")


@dataclass(frozen=True)
class Company:
    """What the clients pick from: customers' company contacts and the items."""

    customers: dict[str, str]  # company contact no -> customer no
    items: list[str]


async def load_company(client: Client) -> Company:
    """The demo company's customers (with their contacts) and items, read once; blocked ones
    are left out (a segment skips a blocked contact, an order refuses a blocked customer)."""
    data = await client.read(
        "{ customers(first: 100) { nodes { no blocked contact { no blocked } } } "
        "items(first: 100) { nodes { no blocked } } }"
    )
    customers = {
        node["contact"]["no"]: node["no"]
        for node in data["customers"]["nodes"]
        if node["contact"] is not None and not node["blocked"] and not node["contact"]["blocked"]
    }
    items = [node["no"] for node in data["items"]["nodes"] if not node["blocked"]]
    return Company(customers, items)


def _money(rng: random.Random, low: int, high: int) -> str:
    return str(Decimal(rng.randint(low * 100, high * 100)).scaleb(-2))


class Journey:
    """One client's rounds until `stop_at` (monotonic time)."""

    def __init__(self, client: Client, company: Company, run: str, number: int, seed: int) -> None:
        self.client = client
        self.company = company
        self.run = run
        self.number = number
        self.rng = random.Random(seed)
        self.rounds = 0
        self.aborted = 0

    def _key(self) -> str:
        return f"{self.run}-{uuid.UUID(int=self.rng.getrandbits(128)).hex[:16]}"

    async def _keyed(self, operation: str, values: dict[str, Any]) -> dict[str, Any]:
        return await self.client.write(operation, {"idempotencyKey": self._key(), **values})

    async def run_until(self, stop_at: float) -> None:
        while time.monotonic() < stop_at:
            self.rounds += 1
            try:
                await self.round(f"{self.run} c{self.number} r{self.rounds}")
            except Refused:
                # Counted by the client; the rest of the round depended on it.
                self.aborted += 1

    async def round(self, tag: str) -> None:
        rng = self.rng
        today = date.today()
        company = await self._keyed(
            "contactCreate", {"type": "COMPANY", "name": f"Chaos company {tag}"}
        )
        company_no = company["contact"]["no"]
        person = await self._keyed(
            "contactCreate",
            {"type": "PERSON", "name": f"Chaos person {tag}", "companyNo": company_no},
        )
        person_no = person["contact"]["no"]
        campaign = await self._keyed(
            "campaignCreate",
            {
                "description": f"Chaos {tag}",
                "startingDate": (today - timedelta(days=7)).isoformat(),
                "endingDate": (today + timedelta(days=60)).isoformat(),
                "budgetedCost": _money(rng, 10, 5000),
            },
        )
        campaign_no = campaign["campaign"]["no"]
        segment = await self._keyed(
            "segmentCreate",
            {
                "description": f"Chaos {tag}",
                "campaignNo": campaign_no,
                "campaignTarget": True,
                "salespersonCode": SALESPERSON,
                "interactionTemplateCode": TEMPLATE,
                "date": today.isoformat(),
            },
        )
        segment_no = segment["segment"]["no"]
        targeted = rng.sample(sorted(self.company.customers), 2)
        await self.client.write(
            "segmentContactsAdd",
            {"segmentNo": segment_no, "contactNos": [company_no, person_no, *targeted]},
        )
        item, other = rng.sample(self.company.items, 2)
        price = await self._keyed(
            "priceLineCreate",
            {
                "itemNo": item,
                "sourceType": "CAMPAIGN",
                "sourceCode": campaign_no,
                "unitPrice": _money(rng, 1, 100),
            },
        )
        await self.client.write("campaignPricingActivate", {"campaignNo": campaign_no})
        await self._keyed("segmentLog", {"segmentNo": segment_no})
        for n in range(rng.randint(1, 2)):
            await self._keyed(
                "interactionLog",
                {
                    "contactNo": rng.choice([person_no, *targeted]),
                    "description": f"Chaos single {n + 1} {tag}",
                    "interactionTemplateCode": rng.choice(SINGLE_TEMPLATES),
                    "campaignNo": campaign_no,
                    "campaignTarget": rng.random() < 0.7,
                    "campaignResponse": rng.random() < 0.4,
                    "cost": _money(rng, 0, 80),
                    "duration": _money(rng, 0, 3),
                },
            )
        await self.client.write(
            "priceLineUpdate",
            {"id": price["priceLine"]["id"], "unitPrice": _money(rng, 1, 100)},
        )
        order = await self._keyed(
            "salesDocumentCreate",
            {
                "type": "ORDER",
                "customerNo": self.company.customers[targeted[0]],
                "campaignNo": campaign_no,
                "lines": [
                    {"itemNo": item, "quantity": str(rng.randint(1, 20))},
                    {"itemNo": other, "quantity": str(rng.randint(1, 20))},
                ],
            },
        )
        await self._keyed(
            "salesLineAdd",
            {
                "documentNo": order["salesDocument"]["no"],
                "itemNo": item,
                "quantity": str(rng.randint(1, 20)),
            },
        )
