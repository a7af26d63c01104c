"""Facts several areas record and another follows up: the shared vocabulary of changes.

A service records what it changed here, in its transaction's unit of work; the area that owns
the follow-up declares, once, the rule run before commit (`unit_of_work.before_commit`). So the
recording service needs to know neither the rule nor the area: segments and interactions do not
import pricing to keep target groups exact (DOMAIN A7), pricing declares it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

from server.services.core.unit_of_work import Fact, record


@dataclass(frozen=True)
class TargetingChange(Fact):
    """What campaigns target may have changed (DOMAIN A1/A7): segment lines, their target flags
    or interactions of `campaign_ids`; with `every_campaign`, how contacts resolve to members
    (a customer link, a person's company), which concerns every campaign."""

    campaign_ids: frozenset[int] = frozenset()
    every_campaign: bool = False

    def merge(self, other: Self) -> Self:
        """Both changes: the campaigns of either, every campaign if either says so."""
        return type(self)(
            self.campaign_ids | other.campaign_ids, self.every_campaign or other.every_campaign
        )


def record_targeting_change(campaign_ids: Iterable[int | None]) -> None:
    """A7: segment lines, their flags or interactions of these campaigns changed (None is no
    campaign and concerns none)."""
    ids = frozenset(i for i in campaign_ids if i is not None)
    if ids:
        record(TargetingChange(campaign_ids=ids))


def record_contact_resolution_change() -> None:
    """A7: a customer link or a person's company changed, so contacts of every campaign may
    resolve to other members."""
    record(TargetingChange(every_campaign=True))
