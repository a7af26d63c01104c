"""After the run, straight from the database: every acknowledged write is there exactly once.

Each write is looked for by what it left (the tagged name or description, the number or
entry the client was given). A write that left nothing is *lost*; one that left more than
once, or a key remembered for a write the client never saw succeed, is *double*. The
idempotency table must hold exactly one row per acknowledged key.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from bench.chaos.client import Write
from server.models import (
    Campaign,
    CampaignEntry,
    Contact,
    IdempotencyRecord,
    Interaction,
    LoggedSegment,
    PriceLine,
    SalesDocument,
    SalesLine,
    Segment,
    SegmentLine,
)


@dataclass
class Findings:
    """What the verification found; `lost`, `double` and `violations` must stay empty."""

    lost: list[str] = field(default_factory=list)
    double: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    #: Acknowledged keyed writes sent once more after the run whose answer named another
    #: record (or none): the first was lost, or the key forgotten.
    replay_mismatches: list[str] = field(default_factory=list)
    #: Keyed writes committed by a server killed before it answered, answered on retry.
    applied_before_kill: int = 0
    #: How many things each check looked at.
    checked: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def count(self, check: str, n: int = 1) -> None:
        self.checked[check] += n

    def once(self, what: str, found: int) -> None:
        """`what` must have been found exactly once."""
        self.count("writes present exactly once")
        if found == 0:
            self.lost.append(what)
        elif found > 1:
            self.double.append(f"{what}: found {found} times")


def _database_id(global_id: str) -> int:
    """The row id inside a Node id ("PriceLine:12" in base64, served without padding)."""
    padded = global_id + "=" * (-len(global_id) % 4)
    return int(base64.b64decode(padded).decode().rsplit(":", 1)[1])


def _by(writes: Iterable[Write], operation: str) -> list[Write]:
    return [w for w in writes if w.operation == operation]


async def verify_writes(writes: list[Write], run: str, username: str, findings: Findings) -> None:
    """Every acknowledged write present exactly once, every key remembered once."""
    await _keys(writes, username, findings)
    await _named(writes, run, findings)
    await _segments(writes, findings)
    await _prices(writes, findings)
    await _logged(writes, run, findings)
    await _documents(writes, run, findings)


async def _keys(writes: list[Write], username: str, findings: Findings) -> None:
    acknowledged = {(w.operation, w.key): w for w in writes if w.key}
    remembered = await IdempotencyRecord.filter(user=username).values_list(
        "operation", "key", "created_at"
    )
    rows: dict[tuple[str, str], list[datetime]] = defaultdict(list)
    for operation, key, created_at in remembered:
        rows[(operation, key)].append(created_at)
    for pair, write in sorted(acknowledged.items()):
        findings.count("idempotency keys")
        made = rows.get(pair, [])
        if len(made) != 1:
            findings.violations.append(f"key {pair} remembered {len(made)} times")
        elif write.cut and made[0] < write.sent_at:
            # Committed by a server killed before it could answer; the retry was answered
            # from the key.
            findings.applied_before_kill += 1
    for pair in sorted(set(rows) - set(acknowledged)):
        findings.double.append(f"key {pair} applied but never acknowledged")


async def _named(writes: list[Write], run: str, findings: Findings) -> None:
    """Contacts, campaigns, segments and single interactions, by their tagged texts."""
    for w in _by(writes, "contactCreate"):
        found = await Contact.filter(name=w.input["name"]).values_list("no", flat=True)
        findings.once(f"contact {w.input['name']!r}", len(found))
        if len(found) == 1 and found[0] != w.payload["contact"]["no"]:
            findings.lost.append(f"contact {w.payload['contact']['no']} (now {found[0]})")
    for model, operation, name in (
        (Campaign, "campaignCreate", "campaign"),
        (Segment, "segmentCreate", "segment"),
    ):
        for w in _by(writes, operation):
            found = await model.filter(description=w.input["description"]).values_list(
                "no", flat=True
            )
            findings.once(f"{name} {w.input['description']!r}", len(found))
            if len(found) == 1 and found[0] != w.payload[name]["no"]:
                findings.lost.append(f"{name} {w.payload[name]['no']} (now {found[0]})")
    for w in _by(writes, "interactionLog"):
        entries = await Interaction.filter(description=w.input["description"]).values_list(
            "entry_no", flat=True
        )
        findings.once(f"interaction {w.input['description']!r}", len(entries))
        answered = w.payload["interaction"]["entryNo"]
        if len(entries) == 1 and entries[0] != answered:
            # Lost, and made again by the replay of its key (which the crash forgot too).
            findings.lost.append(f"interaction {answered} (now {entries[0]})")
    # Nothing the run wrote beyond what was acknowledged (every request was answered).
    tagged = f" {run} "
    for label, made, acknowledged in (
        ("contacts", Contact.filter(name__contains=tagged), "contactCreate"),
        ("campaigns", Campaign.filter(description__contains=tagged), "campaignCreate"),
        ("segments", Segment.filter(description__contains=tagged), "segmentCreate"),
        (
            "single interactions",
            Interaction.filter(
                description__startswith="Chaos single", description__contains=tagged
            ),
            "interactionLog",
        ),
    ):
        made_count = await made.count()
        expected = len(_by(writes, acknowledged))
        if made_count != expected:
            findings.double.append(f"{made_count} {label} in the database, {expected} acked")


async def _segments(writes: list[Write], findings: Findings) -> None:
    """Segment contact adds: each added contact is on its segment, once."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for w in _by(writes, "segmentContactsAdd"):
        wanted[w.input["segmentNo"]] |= set(w.input["contactNos"])
    for segment_no, contacts in sorted(wanted.items()):
        lines: list[Any] = list(
            await SegmentLine.filter(segment__no=segment_no).values_list("contact__no", flat=True)
        )
        for contact in sorted(contacts):
            findings.once(f"segment {segment_no} line for {contact}", lines.count(contact))
        if len(lines) != len(contacts):
            findings.double.append(f"segment {segment_no}: {len(lines)} lines, {contacts} added")


async def _prices(writes: list[Write], findings: Findings) -> None:
    """Campaign prices created once, the last price change in place, activations kept."""
    for w in _by(writes, "priceLineCreate"):
        line_id = _database_id(w.payload["priceLine"]["id"])
        line = await PriceLine.get_or_none(id=line_id).select_related("campaign")
        findings.once(f"price line {line_id}", 0 if line is None else 1)
        if line is not None and (
            line.campaign is None or line.campaign.no != w.input["sourceCode"]
        ):
            findings.violations.append(f"price line {line_id} is not {w.input['sourceCode']}'s")
        count = await PriceLine.filter(campaign__no=w.input["sourceCode"]).count()
        if count > 1:
            findings.double.append(f"campaign {w.input['sourceCode']} has {count} price lines")
    last: dict[int, Decimal] = {}
    for w in _by(writes, "priceLineUpdate"):
        last[_database_id(w.input["id"])] = Decimal(w.input["unitPrice"])
    for line_id, price in sorted(last.items()):
        findings.count("price changes in place")
        stored = await PriceLine.get_or_none(id=line_id).values_list("unit_price", flat=True)
        if stored is None or Decimal(str(stored)) != price:
            findings.lost.append(f"price line {line_id}: {stored}, last acknowledged {price}")
    for w in _by(writes, "campaignPricingActivate"):
        findings.count("activations in place")
        requested = await Campaign.get_or_none(no=w.input["campaignNo"]).values_list(
            "activation_requested", flat=True
        )
        if not requested:
            findings.lost.append(f"activation of {w.input['campaignNo']}")


async def _logged(writes: list[Write], run: str, findings: Findings) -> None:
    """Each logged segment once, with one interaction per line and its campaign entry."""
    for w in _by(writes, "segmentLog"):
        segment_no = w.input["segmentNo"]
        logged = await LoggedSegment.filter(segment__no=segment_no).values_list(
            "entry_no", flat=True
        )
        findings.once(f"logged segment of {segment_no}", len(logged))
        if not logged:
            continue
        entry_no = w.payload["loggedSegment"]["entryNo"]
        if logged[0] != entry_no:
            findings.lost.append(f"logged segment {entry_no} (now {logged[0]})")
        lines = await SegmentLine.filter(segment__no=segment_no).count()
        interactions = await Interaction.filter(logged_segment_id=logged[0]).count()
        answered = w.payload["interactionCount"]
        if not interactions == lines == answered:
            findings.double.append(
                f"{segment_no}: {interactions} interactions, {lines} lines, {answered} answered"
            )
        entries = await CampaignEntry.filter(logged_segment_id=logged[0]).count()
        if entries != len(w.payload["campaignEntries"]):
            findings.double.append(f"{segment_no}: {entries} campaign entries")
    logged_count = await LoggedSegment.filter(description__contains=f" {run} ").count()
    if logged_count != len(_by(writes, "segmentLog")):
        findings.double.append(f"{logged_count} segments of the run logged, acknowledged fewer")


async def _documents(writes: list[Write], run: str, findings: Findings) -> None:
    """Each order once, with the lines it was created with and each line added once."""
    added: dict[str, list[Write]] = defaultdict(list)
    for w in _by(writes, "salesLineAdd"):
        added[w.input["documentNo"]].append(w)
    for w in _by(writes, "salesDocumentCreate"):
        no = w.payload["salesDocument"]["no"]
        document = await SalesDocument.get_or_none(no=no)
        findings.once(f"sales document {no}", 0 if document is None else 1)
        if document is None:
            continue
        line_nos = sorted(
            await SalesLine.filter(document_id=document.id).values_list("line_no", flat=True)
        )
        created = [line["lineNo"] for line in w.payload["salesDocument"]["lines"]["nodes"]]
        extra = [a.payload["salesLine"]["lineNo"] for a in added.pop(no, [])]
        for line_no in created + extra:
            findings.once(f"{no} line {line_no}", line_nos.count(line_no))
        if len(line_nos) != len(created) + len(extra):
            findings.double.append(f"{no}: lines {line_nos}, acknowledged {created + extra}")
    for no in sorted(added):
        findings.violations.append(f"lines added to {no}, whose creation was not acknowledged")
    campaigns = [w.input["campaignNo"] for w in _by(writes, "salesDocumentCreate")]
    made = await SalesDocument.filter(campaign__description__contains=f" {run} ").count()
    if made != len(campaigns):
        findings.double.append(f"{made} orders of the run, {len(campaigns)} acknowledged")


def summary(findings: Findings) -> dict[str, Any]:
    """The findings as figures and the first few examples of each kind."""
    return {
        "lost_writes": len(findings.lost),
        "double_applied": len(findings.double),
        "invariant_violations": len(findings.violations),
        "applied_before_kill": findings.applied_before_kill,
        "replay_mismatches": len(findings.replay_mismatches),
        "checked": dict(findings.checked),
        "examples": {
            "lost": findings.lost[:10],
            "double": findings.double[:10],
            "violations": findings.violations[:10],
            "replay": findings.replay_mismatches[:10],
        },
    }
