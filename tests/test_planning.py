"""The figures of SPEC §5 (planning.py): expected progress, overdue, RAG, rates, roll-up."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workplan_cli.models import Activity, Area, PlanFile, Rag
from workplan_cli.planning import (
    ActivityFigures,
    ActivityState,
    count,
    elapsed_percent,
    figures_as_of,
    is_overdue,
    rag_of,
)
from workplan_cli.vocabulary import RAGS, RecordStatus

DAY = dt.date
STATUSES: tuple[RecordStatus, ...] = ("planned", "ongoing", "completed", "suspended", "cancelled")
LIMITS = Rag(amber=15, red=35)


def _activity(start: dt.date, end: dt.date, provenance: str = "illustrative") -> Activity:
    return Activity.model_validate(
        {
            "id": "X.1",
            "title": "An activity",
            "lead": ["JP"],
            "start": start,
            "end": end,
            "provenance": provenance,
        }
    )


AREA = Area.model_validate({"id": "X", "title": "X", "somtc_area": "terrorism"})


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (DAY(2023, 12, 31), 0),  # before the window
        (DAY(2024, 1, 1), 1),  # its first day is over by the end of it: 1 of 100 days
        (DAY(2024, 2, 19), 50),  # day 50 of 100
        (DAY(2024, 4, 8), 99),  # day 99
        (DAY(2024, 4, 9), 100),  # the last day
        (DAY(2030, 1, 1), 100),  # long after
    ],
)
def test_elapsed_percent_counts_whole_days_and_rounds_down(day: dt.date, expected: int) -> None:
    """A 100-day window (2024-01-01 to 2024-04-09): the share of its days over, rounded down."""
    assert elapsed_percent(DAY(2024, 1, 1), DAY(2024, 4, 9), day) == expected


def test_a_one_day_window_is_all_or_nothing() -> None:
    day = DAY(2024, 5, 1)
    assert [elapsed_percent(day, day, day + dt.timedelta(n)) for n in (-1, 0, 1)] == [0, 100, 100]


WINDOW = _activity(DAY(2024, 1, 1), DAY(2024, 4, 9))  # 100 days: day N is N% over
END = DAY(2024, 4, 9)


def _rag(
    status: RecordStatus,
    percent: int | None,
    day: dt.date,
    limits: Rag,
    activity: Activity = WINDOW,
) -> str | None:
    """rag_of with the expected progress of the day, as figures_as_of gives it."""
    assert activity.start
    assert activity.end
    expected = elapsed_percent(activity.start, activity.end, day)
    return rag_of((activity.start, activity.end), status, percent, expected, day, limits)


@pytest.mark.parametrize(
    ("status", "percent", "day", "rag"),
    [
        ("planned", None, DAY(2023, 12, 31), "grey"),  # not begun, and not due
        ("suspended", None, DAY(2023, 12, 31), "grey"),
        ("ongoing", 5, DAY(2023, 12, 31), "green"),  # begun early: not grey
        ("planned", None, DAY(2024, 1, 15), "green"),  # 15 behind: at the amber limit
        ("planned", None, DAY(2024, 1, 16), "amber"),  # 16 behind
        ("ongoing", 15, DAY(2024, 2, 19), "amber"),  # 50 - 15 = 35: at the red limit
        ("ongoing", 14, DAY(2024, 2, 19), "red"),  # 36 behind
        ("ongoing", None, DAY(2024, 2, 19), "red"),  # no percent counts as 0
        ("ongoing", 90, DAY(2024, 2, 19), "green"),  # ahead
        ("ongoing", 99, DAY(2024, 4, 9), "green"),  # the last day: due, not yet overdue
        ("ongoing", 99, DAY(2024, 4, 10), "red"),  # overdue
        ("suspended", 99, DAY(2024, 4, 10), "red"),
        ("completed", 100, DAY(2030, 1, 1), "green"),
        ("completed", None, DAY(2024, 1, 20), "green"),
        ("cancelled", None, DAY(2030, 1, 1), None),  # not judged
    ],
)
def test_rag(status: RecordStatus, percent: int | None, day: dt.date, rag: str | None) -> None:
    assert _rag(status, percent, day, LIMITS) == rag


def test_rag_uses_the_plans_thresholds() -> None:
    """30 points behind: amber by default, red when the plan sets red = 25."""
    day = DAY(2024, 1, 30)
    assert _rag("planned", None, day, LIMITS) == "amber"
    assert _rag("planned", None, day, Rag(amber=10, red=25)) == "red"
    assert _rag("planned", None, day, Rag(amber=40, red=50)) == "green"


def test_overdue_is_after_the_end_and_neither_completed_nor_cancelled() -> None:
    after = DAY(2024, 4, 10)
    assert [is_overdue(END, s, after) for s in STATUSES] == [True, True, False, True, False]
    assert not any(is_overdue(END, s, DAY(2024, 4, 9)) for s in STATUSES)


def _figures(status: RecordStatus, overdue: bool = False, rag: Any = "green") -> ActivityFigures:
    return ActivityFigures(WINDOW, AREA, ActivityState("X.1", status, None, None), 50, overdue, rag)


def test_rates_leave_cancelled_activities_out() -> None:
    """5 activities, 1 cancelled: 1 completed is 25%; completed and ongoing, 2 of 4, 50%."""
    counts = count(
        [
            _figures("completed"),
            _figures("ongoing", overdue=True, rag="red"),
            _figures("planned", rag="amber"),
            _figures("suspended", rag="grey"),
            _figures("cancelled", rag=None),
        ]
    )
    assert (counts.activities, counts.counted, counts.overdue) == (5, 4, 1)
    assert (counts.implementation, counts.engagement) == (25.0, 50.0)
    assert counts.rags == (1, 1, 1, 1)
    assert counts.rag == "red"


def test_rates_of_nothing_are_none() -> None:
    """No activity, or only cancelled ones: no rate (not 0%, not a division by zero)."""
    for counts in (count([]), count([_figures("cancelled", rag=None)])):
        assert counts.implementation is None
        assert counts.engagement is None
        assert counts.rag is None


def test_rates_are_rounded_to_one_decimal() -> None:
    counts = count([_figures("completed"), _figures("planned"), _figures("planned")])
    assert counts.implementation == 33.3


statuses = st.sampled_from(STATUSES)
percents = st.none() | st.integers(0, 100)
days = st.dates(DAY(2020, 1, 1), DAY(2030, 12, 31))
windows = st.tuples(days, st.integers(0, 3000)).map(
    lambda t: (t[0], t[0] + dt.timedelta(days=t[1]))
)
limits = st.tuples(st.integers(0, 100), st.integers(0, 100)).map(
    lambda t: Rag(amber=min(t), red=max(t))
)


@given(windows, statuses, percents, days, st.integers(1, 800), limits)
def test_rag_never_improves_as_time_passes(
    window: tuple[dt.date, dt.date],
    status: RecordStatus,
    percent: int | None,
    day: dt.date,
    later: int,
    rag: Rag,
) -> None:
    """With the same record, a later day is never a better RAG (grey, green, amber, red)."""
    activity = _activity(*window)
    before = _rag(status, percent, day, rag, activity)
    after = _rag(status, percent, day + dt.timedelta(days=later), rag, activity)
    if before is None or after is None:
        assert before is after is None  # cancelled, whatever the day
    else:
        assert RAGS.index(after) >= RAGS.index(before)


@given(windows, st.sampled_from(("planned", "ongoing", "suspended")), days, limits, percents)
def test_rag_never_worsens_with_more_done(
    window: tuple[dt.date, dt.date], status: RecordStatus, day: dt.date, rag: Rag, p: int | None
) -> None:
    """On the same day, a higher percent is never a worse RAG (grey aside: before the start)."""
    activity = _activity(*window)
    low, high = sorted((p or 0, 100 if p is None else p))
    worse = _rag(status, low, day, rag, activity)
    better = _rag(status, high, day, rag, activity)
    assert worse is not None
    assert better is not None
    assert RAGS.index(better) <= RAGS.index(worse)


@given(st.lists(st.tuples(statuses, st.booleans(), st.sampled_from((*RAGS, None))), max_size=40))
def test_counts_add_up_and_rates_stay_in_0_to_100(
    items: list[tuple[RecordStatus, bool, Any]],
) -> None:
    counts = count(_figures(s, overdue=o, rag=None if s == "cancelled" else r) for s, o, r in items)
    parts = (counts.planned, counts.ongoing, counts.completed, counts.suspended, counts.cancelled)
    assert sum(parts) == counts.activities == len(items)
    assert sum(counts.rags) == counts.activities - counts.cancelled - sum(
        r is None and s != "cancelled" for s, _, r in items
    )
    for rate in (counts.implementation, counts.engagement):
        assert rate is None or 0 <= rate <= 100
    if counts.implementation is not None and counts.engagement is not None:
        assert counts.implementation <= counts.engagement


def test_figures_as_of_follow_the_plan_area_by_area(tmp_path: Any) -> None:
    """Every activity, in file order, planned and grey or judged when nothing is recorded."""
    plan = PlanFile.model_validate(
        {
            "format": 1,
            "plan": {
                "id": "p-2024-2025",
                "title": "P",
                "partner": "JP",
                "track": "T",
                "kind": "work-plan",
                "start": DAY(2024, 1, 1),
                "end": DAY(2025, 12, 31),
                "status": "active",
            },
            "areas": [
                {
                    "id": area,
                    "title": area,
                    "somtc_area": "cybercrime",
                    "provenance": "illustrative",
                    "activities": [
                        {
                            "id": f"{area}.{n}",
                            "title": "t",
                            "lead": ["JP"],
                            "start": DAY(2024, 1, 1) + dt.timedelta(days=200 * n),
                            "end": DAY(2025, 12, 31),
                            "provenance": "illustrative",
                        }
                        for n in (1, 2)
                    ],
                }
                for area in ("B", "A")
            ],
        }
    )
    figures = figures_as_of(plan, [], DAY(2024, 12, 1))
    assert [(f.area.id, f.activity.id, f.state.status, f.rag) for f in figures] == [
        ("B", "B.1", "planned", "amber"),  # 2024-07-19 to 2025-12-31: 136 of 531 days over
        ("B", "B.2", "planned", "grey"),  # starts 2025-02-04
        ("A", "A.1", "planned", "amber"),
        ("A", "A.2", "planned", "grey"),
    ]
    assert figures[0].expected == 25  # 13600 / 531 = 25.6, rounded down
    assert figures[0].behind == 25
