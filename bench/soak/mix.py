"""What the soak's clients send: a weighted mix of reads and rounds of writes.

Each client picks its next action by weight, one after the other without pause (a closed loop:
the load is what the server can take from that many clients):

- `campaign_card`: a campaign's card with its statistics (any seeded campaign);
- `contact`: a contact with its company, customer and latest interactions (any seeded contact);
- `my_day`: a salesperson's day (`viewer`: open tasks, latest interactions, running campaigns),
  as a SALES user;
- `price_explanation`: why a sales line would get its price (a customer, an item, a quantity);
- `dashboard`: the campaign dashboard of the benchmark (bench/dashboard.graphql: 10 segments x
  100 lines x 5 interactions) on the seeded dashboard campaign;
- `writes`: one round of the chaos journey (bench/chaos/workload.py): contacts and a campaign
  made, a target segment filled, a campaign price, the activation, the segment logged and
  single interactions logged (with idempotency keys), a price change, an order whose lines are
  priced by the campaign's price, and one line added. Each of its mutations is a kind of its
  own in the report.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

DASHBOARD = (Path(__file__).resolve().parents[1] / "dashboard.graphql").read_text()

CAMPAIGN_CARD = """query CampaignCard($no: String!) {
  campaign(no: $no) {
    id no description startingDate endingDate activated
    status { code } salesperson { code name }
    statistics { targetContactsContacted contactsResponded responseRatePercent cost }
  }
}"""

CONTACT = """query Contact($no: String!) {
  contact(no: $no) {
    id no type name email city blocked
    company { id no name } customer { id no name }
    interactions(first: 5) { nodes { id entryNo date description cost } }
  }
}"""

MY_DAY = """query MyDay {
  viewer {
    username role salesperson { code name }
    openTasks { no date description }
    recentInteractions(first: 5) { entryNo date description contact { name } }
    runningCampaigns { no description endingDate activated }
  }
}"""

PRICE_EXPLANATION = """query PriceExplanation(
  $customerNo: String, $itemNo: String!, $quantity: Decimal!, $date: Date!
) {
  priceExplanation(customerNo: $customerNo, itemNo: $itemNo, quantity: $quantity, date: $date) {
    priceCandidates { sourceType sourceCode unitPrice qualified reason winner }
    discountCandidates { sourceType sourceCode lineDiscountPercent qualified reason winner }
    priceSource { type code } unitPrice lineDiscountPercent lineAmount
  }
}"""

READS = {
    "campaign_card": CAMPAIGN_CARD,
    "contact": CONTACT,
    "my_day": MY_DAY,
    "price_explanation": PRICE_EXPLANATION,
    "dashboard": DASHBOARD,
}

#: Actions by weight (a `writes` round is about 13 requests: see the report for the realized
#: share of each kind of request).
WEIGHTS = {
    "campaign_card": 30,
    "contact": 25,
    "my_day": 15,
    "price_explanation": 12,
    "dashboard": 6,
    "writes": 4,
}


@dataclass(frozen=True)
class Data:
    """What the reads pick from, read once from the seeded database."""

    dashboard_campaign: str
    campaigns: list[str]
    contacts: list[str]
    customers: list[str]
    items: list[str]


def parse_weights(text: str) -> dict[str, int]:
    """`campaign_card=30,dashboard=6,...` over the defaults; unknown actions are refused."""
    weights = dict(WEIGHTS)
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        if name not in WEIGHTS:
            raise ValueError(f"unknown action {name!r} (known: {', '.join(WEIGHTS)})")
        weights[name] = int(value)
    if not any(weights.values()):
        raise ValueError("every weight is 0")
    return weights


def read_body(action: str, data: Data, rng: random.Random) -> dict[str, Any]:
    """The request body of one read."""
    variables: dict[str, Any] = {}
    if action == "campaign_card":
        variables = {"no": rng.choice(data.campaigns)}
    elif action == "contact":
        variables = {"no": rng.choice(data.contacts)}
    elif action == "price_explanation":
        variables = {
            "customerNo": rng.choice(data.customers),
            "itemNo": rng.choice(data.items),
            "quantity": str(Decimal(rng.randint(1, 40))),
            "date": date.today().isoformat(),
        }
    elif action == "dashboard":
        variables = {"no": data.dashboard_campaign}
    return {"query": READS[action], "variables": variables}
