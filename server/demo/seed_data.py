"""What `campaign-graph seed` builds: the sizes it is asked for, split into the dashboard
campaign and the background volume, and the names its rows are made of.

The dashboard campaign (the one bench/dashboard.graphql draws, issue 9) gets up to
10 segments of up to 100 lines, every contact on them has a fixed number (up to 6) of
interactions for it, and it carries 50 campaign prices and 50 line discounts. Everything else
is background volume spread over background campaigns. All numbers are exact: the totals asked
for are the totals written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The dashboard campaign's shape at full size (issue 9).
DASHBOARD_SEGMENTS = 10
DASHBOARD_LINES = 100
DASHBOARD_INTERACTIONS = 6
DASHBOARD_PRICE_LINES = 50
DASHBOARD_DISCOUNT_LINES = 50
#: Background segments per background campaign.
SEGMENTS_PER_CAMPAIGN = 20
#: At most this share of the background interactions comes from logged segments.
LOGGED_SHARE = 0.5

COMPANY_STEMS = [
    "Adatum", "Alpine", "Bellows", "Blue Yonder", "Coho", "Contoso", "Cronus", "Fabrikam",
    "Fourth Coffee", "Greyfield", "Harbour", "Humongous", "Kestrel", "Litware", "Lucerne",
    "Margie", "Meridian", "Northwind", "Proseware", "Relecloud", "Southridge", "Tailspin",
    "Trey", "VanArsdel", "Wide World", "Wingtip", "Woodgrove", "Nod", "Birch", "Oakhill",
    "Aurora", "Bluebell", "Cobalt", "Driftwood", "Evergreen", "Falcon", "Granite", "Highland",
    "Ironbark", "Juniper", "Kingfisher", "Lakeside", "Maple", "Nordic", "Orchid", "Pinecrest",
]  # fmt: skip
COMPANY_TRADES = [
    "Interiors", "Office Supply", "Furniture", "Design Studio", "Hotels", "Consulting",
    "Architects", "Workspace", "Trading", "Retail", "Logistics", "Group", "Partners",
]  # fmt: skip
FIRST_NAMES = [
    "Anna", "Ben", "Carla", "David", "Emma", "Felix", "Grace", "Hannah", "Ivan", "Julia",
    "Karl", "Laura", "Marcus", "Nina", "Oscar", "Paula", "Quinn", "Rosa", "Simon", "Tara",
    "Uma", "Victor", "Wendy", "Xavier", "Yvonne", "Zoe", "Lars", "Mette", "Sven", "Ingrid",
    "Ahmed", "Bianca", "Chen", "Dora", "Elif", "Farid", "Giulia", "Hiro", "Isabel", "Jonas",
]  # fmt: skip
LAST_NAMES = [
    "Andersen", "Baker", "Carter", "Dahl", "Evans", "Fischer", "Garcia", "Hansen", "Ito",
    "Jensen", "Keller", "Larsen", "Meyer", "Nielsen", "Olsen", "Patel", "Quist", "Richter",
    "Schmidt", "Thomsen", "Underwood", "Vogel", "Walsh", "Young", "Zimmer", "Berg", "Lund",
    "Moreau", "Novak", "Rossi", "Silva", "Tanaka", "Weber", "Kowalski", "Lindqvist", "Okafor",
]  # fmt: skip
JOB_TITLES = [
    "Purchasing Manager", "Office Manager", "Managing Director", "Facilities Manager",
    "Marketing Director", "Buyer", "Interior Designer", "Sales Director", "Assistant",
    "Financial Controller",
]  # fmt: skip
#: (country code, legal form, phone prefix, [(city, post code, street)])
PLACES = [
    ("GB", "Ltd", "+44", [("London", "EC1A 1BB", "Farringdon Road"),
                          ("Manchester", "M1 1AE", "Portland Street"),
                          ("Leeds", "LS1 4DY", "Park Row")]),
    ("DK", "A/S", "+45", [("Copenhagen", "1620", "Vesterbrogade"),
                          ("Aarhus", "8000", "Vestergade")]),
    ("DE", "GmbH", "+49", [("Berlin", "10115", "Invalidenstrasse"),
                           ("Munich", "80331", "Sendlinger Strasse"),
                           ("Hamburg", "20095", "Jungfernstieg")]),
    ("NL", "B.V.", "+31", [("Amsterdam", "1012 JS", "Damrak"),
                           ("Rotterdam", "3011 AD", "Coolsingel")]),
    ("SE", "AB", "+46", [("Stockholm", "111 52", "Drottninggatan"),
                         ("Gothenburg", "411 19", "Avenyn")]),
    ("US", "Inc.", "+1", [("Chicago", "60601", "Michigan Avenue"),
                          ("Seattle", "98101", "Pine Street")]),
]  # fmt: skip
CAMPAIGN_THEMES = [
    "Spring trade show", "Summer direct mail", "Autumn furniture fair", "Winter e-mail offers",
    "Key account roadshow", "Loyalty programme", "New chairs launch", "Year-end clearance",
    "Home office push", "Hotel refit offers", "Architects breakfast", "Dealer days",
]  # fmt: skip
SEGMENT_THEMES = [
    "Invitations", "Follow-up calls", "Mailshot", "Newsletter", "Visitors", "Prospects",
    "Key accounts", "Reactivation", "Preview", "Thank-you letters",
]  # fmt: skip
#: Salespeople who own contacts and log interactions (codes of demo.SALESPEOPLE).
SELLERS = ["AH", "BC", "EF", "HR", "JO", "MH", "RB"]
#: Templates used by segments and by single interactions (codes of demo.INTERACTION_TEMPLATES).
SEGMENT_TEMPLATES = ["LETTER", "MAILSHOT", "EMAIL", "NEWSLETTER", "CALL-OUT"]
SINGLE_TEMPLATES = ["CALL-OUT", "EMAIL", "MEETING", "CALL-IN", "EMAIL-IN", "LETTER"]
#: Single interactions answering a campaign come in by these templates.
RESPONSE_TEMPLATES = ["CALL-IN", "EMAIL-IN"]


class SeedRefused(Exception):
    """The seed cannot run: bad sizes, an unmigrated database or one that holds data."""


@dataclass(frozen=True)
class SeedSize:
    """What the command line asks for: exact totals, the random seed and the day the data
    is dated around (None: today)."""

    contacts: int
    segments: int
    lines: int
    interactions: int
    random_seed: int = 1
    anchor: str | None = None

    def check(self) -> None:
        """Refuse sizes that cannot be built (a contact is on a segment at most once)."""
        names = ("contacts", "segments", "lines", "interactions")
        for name in names:
            if getattr(self, name) < 0:
                raise SeedRefused(f"--{name} must not be negative")
        if self.lines > self.segments * self.contacts:
            raise SeedRefused(
                f"--lines {self.lines} do not fit: each of the {self.segments} segments holds "
                f"each of the {self.contacts} contacts at most once"
            )
        if self.interactions and not self.contacts:
            raise SeedRefused("--interactions need at least one contact")

    def marker(self) -> str:
        """The note the dashboard campaign carries, naming how the data set was made."""
        return (
            f"campaign-graph seed --contacts {self.contacts} --segments {self.segments} "
            f"--lines {self.lines} --interactions {self.interactions} "
            f"--random-seed {self.random_seed}"
        )


@dataclass
class Plan:
    """The sizes split into the dashboard part and the background part."""

    #: Lines per segment; the first `dashboard_segments` belong to the dashboard campaign.
    segment_sizes: list[int]
    dashboard_segments: int
    #: Interactions each dashboard contact has for the dashboard campaign.
    per_dashboard_contact: int
    #: Which segments are logged (their lines became interactions).
    logged: list[bool] = field(default_factory=list)
    background_campaigns: int = 0
    single_interactions: int = 0


def spread(total: int, slots: int, cap: int) -> list[int]:
    """`total` split over `slots` as evenly as possible, none above `cap`."""
    if slots == 0:
        return []
    base, extra = divmod(total, slots)
    return [min(cap, base + (1 if i < extra else 0)) for i in range(slots)]


def plan_sizes(size: SeedSize, jitter: list[float]) -> Plan:
    """Split the segments and lines; `jitter` (one random number per segment) varies the
    background segments' sizes without changing their total."""
    dash = min(DASHBOARD_SEGMENTS, size.segments)
    background = size.segments - dash
    if background == 0:
        sizes = spread(size.lines, dash, size.contacts)
    else:
        share = size.lines // size.segments
        sizes = [min(DASHBOARD_LINES, share)] * dash
        rest = spread(size.lines - sum(sizes), background, size.contacts)
        for i in range(0, background - 1, 2):  # move lines between pairs: same total
            pair = rest[i] + rest[i + 1]
            low, high = max(0, pair - size.contacts), min(pair, size.contacts)
            wanted = rest[i] + int((jitter[i] - 0.5) * rest[i])  # within +-50%
            rest[i] = max(low, min(high, wanted))
            rest[i + 1] = pair - rest[i]
        sizes += rest
    missing = size.lines - sum(sizes)
    for i in range(len(sizes)):  # what the caps left over goes where there is room
        room = min(missing, size.contacts - sizes[i])
        sizes[i] += room
        missing -= room
    return Plan(
        segment_sizes=sizes,
        dashboard_segments=dash,
        per_dashboard_contact=0,
        background_campaigns=-(-background // SEGMENTS_PER_CAMPAIGN),
    )
