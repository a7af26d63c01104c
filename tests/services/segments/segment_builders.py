"""Shorthands the segment service tests share: a segment's lines in line order."""

from __future__ import annotations

from server.models import Segment, SegmentLine


async def _lines(segment: Segment) -> list[SegmentLine]:
    return await SegmentLine.filter(segment_id=segment.id).order_by("line_no")
