"""Per-parent keyset pages in one statement (resolvers.nested)."""

from __future__ import annotations

from datetime import date

import pytest

from server.engine.nested import pages_by_parent
from server.engine.pagination import PageArgs, SortField, ordering
from server.models import SegmentLine
from tests.builders import make_contact, make_segment
from tests.conftest import StatementCounter

pytestmark = pytest.mark.usefixtures("db")

LINE_NO = SortField("LINE_NO", "line_no", int)
DATE = SortField("DATE", "date", date, nullable=True)


async def _segments_with(*sizes: int) -> list[int]:
    ids = []
    for size in sizes:
        segment = await make_segment()
        for i in range(size):
            contact = await make_contact()
            await SegmentLine.create(segment=segment, line_no=(i + 1) * 10, contact=contact)
        ids.append(segment.id)
    return ids


def _args(**given: object) -> PageArgs:
    values: dict[str, object] = {"first": None, "after": None, "last": None, "before": None}
    values.update(given)
    return PageArgs(**values)  # type: ignore[arg-type]


async def test_each_parent_gets_its_own_first_page_in_one_statement(sql: StatementCounter):
    empty, small, big = await _segments_with(0, 3, 7)
    order = ordering([], LINE_NO)
    sql.statements.clear()

    pages = await pages_by_parent(
        SegmentLine.all(), "segment_id", [big, empty, small, big], order, _args(first=5)
    )

    assert sql.count == 1
    assert [r.line_no for r in pages[small].nodes] == [10, 20, 30]
    assert [r.line_no for r in pages[big].nodes] == [10, 20, 30, 40, 50]
    assert pages[empty].nodes == []
    assert (pages[big].page_info.has_next_page, pages[small].page_info.has_next_page) == (
        True,
        False,
    )
    assert [await pages[k].total_count() for k in (empty, small, big)] == [0, 3, 7]
    assert sql.count == 1  # the totals came with the page


async def test_cursors_page_forward_and_backward_within_each_parent():
    (big,) = await _segments_with(7)
    order = ordering([], LINE_NO)
    first = (await pages_by_parent(SegmentLine.all(), "segment_id", [big], order, _args(first=3)))[
        big
    ]

    after = first.page_info.end_cursor
    second = (
        await pages_by_parent(
            SegmentLine.all(), "segment_id", [big], order, _args(first=3, after=after)
        )
    )[big]
    last = (await pages_by_parent(SegmentLine.all(), "segment_id", [big], order, _args(last=2)))[
        big
    ]
    before = (
        await pages_by_parent(
            SegmentLine.all(),
            "segment_id",
            [big],
            order,
            _args(last=2, before=second.page_info.start_cursor),
        )
    )[big]

    assert [r.line_no for r in second.nodes] == [40, 50, 60]
    assert (second.page_info.has_previous_page, second.page_info.has_next_page) == (True, True)
    assert await second.total_count() == 7
    assert [r.line_no for r in last.nodes] == [60, 70]
    assert last.page_info.has_previous_page is True
    assert [r.line_no for r in before.nodes] == [20, 30]


async def test_descending_and_nullable_orderings_and_filters_apply_per_parent():
    a, b = await _segments_with(4, 2)
    await SegmentLine.filter(segment_id=a, line_no=20).update(description="skip")
    order = ordering([(LINE_NO, True)], LINE_NO)

    pages = await pages_by_parent(
        SegmentLine.filter(description__isnull=True), "segment_id", [a, b], order, _args(first=10)
    )

    assert [r.line_no for r in pages[a].nodes] == [40, 30, 10]
    assert [r.line_no for r in pages[b].nodes] == [20, 10]
    assert await pages[a].total_count() == 3


async def test_a_cursor_past_the_end_still_counts(sql: StatementCounter):
    (seg,) = await _segments_with(2)
    order = ordering([], LINE_NO)
    page = (await pages_by_parent(SegmentLine.all(), "segment_id", [seg], order, _args(first=2)))[
        seg
    ]
    beyond = (
        await pages_by_parent(
            SegmentLine.all(),
            "segment_id",
            [seg],
            order,
            _args(first=2, after=page.page_info.end_cursor),
        )
    )[seg]

    assert beyond.nodes == []
    assert await beyond.total_count() == 2


async def test_a_nullable_date_order_pages_with_blanks_first():
    (seg,) = await _segments_with(4)
    for line_no, day in ((10, date(2026, 5, 2)), (20, None), (30, date(2026, 5, 1)), (40, None)):
        await SegmentLine.filter(segment_id=seg, line_no=line_no).update(date=day)
    order = ordering([(DATE, False)], LINE_NO)

    first = (await pages_by_parent(SegmentLine.all(), "segment_id", [seg], order, _args(first=3)))[
        seg
    ]
    rest = (
        await pages_by_parent(
            SegmentLine.all(),
            "segment_id",
            [seg],
            order,
            _args(first=3, after=first.page_info.end_cursor),
        )
    )[seg]

    assert [r.line_no for r in first.nodes] == [20, 40, 30]
    assert [r.line_no for r in rest.nodes] == [10]


async def test_without_page_info_no_row_beyond_the_page_is_fetched(sql: StatementCounter):
    small, big = await _segments_with(3, 7)
    order = ordering([], LINE_NO)
    sql.statements.clear()

    pages = await pages_by_parent(
        SegmentLine.all(), "segment_id", [small, big], order, _args(first=5), with_more=False
    )

    [statement] = sql.statements
    assert "_rn <= 5 " in statement
    assert "_rn <= 6" not in statement
    assert [r.line_no for r in pages[big].nodes] == [10, 20, 30, 40, 50]
    assert [r.line_no for r in pages[small].nodes] == [10, 20, 30]
    assert [await pages[k].total_count() for k in (small, big)] == [3, 7]


async def test_edges_carry_the_cursors_of_the_rows_they_show():
    (big,) = await _segments_with(4)
    order = ordering([], LINE_NO)
    page = (await pages_by_parent(SegmentLine.all(), "segment_id", [big], order, _args(first=2)))[
        big
    ]
    shown = page.with_nodes(["first", "second"])
    assert shown.nodes == ["first", "second"]
    assert [e.node for e in shown.edges] == ["first", "second"]
    assert [e.cursor for e in shown.edges] == [e.cursor for e in page.edges]
    assert shown.page_info.end_cursor == page.page_info.end_cursor == page.edges[-1].cursor
    assert shown.page_info.has_next_page is True
    with pytest.raises(ValueError, match="one object per row"):
        page.with_nodes(["one"])
