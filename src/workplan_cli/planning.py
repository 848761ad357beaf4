"""Pure domain logic over plans and records: state as of a date, rates, overdue, RAG."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from workplan_cli.models import Activity, Area, Indicator, PlanFile, RecordStatus, StoredRecord
from workplan_cli.models import Rag as RagLimits


@dataclass(frozen=True)
class ActivityState:
    """Where an activity stands as of a date, and the record that says so (None: no record)."""

    activity: str
    status: RecordStatus
    percent: int | None
    record: StoredRecord | None


def _order(stored: StoredRecord) -> tuple[dt.date, dt.datetime, str]:
    """Later as_of first counts; on the same day, the later recorded; then the file name."""
    return stored.record.as_of, stored.record.recorded_at, stored.id


def newest_first(records: Iterable[StoredRecord]) -> list[StoredRecord]:
    """Records in the order `history` shows them: the one that counts most comes first."""
    return sorted(records, key=_order, reverse=True)


def states_as_of(
    plan: PlanFile, records: Iterable[StoredRecord], day: dt.date
) -> dict[str, ActivityState]:
    """The state of every activity of ``plan`` as of ``day`` (SPEC §4).

    It is the latest record with ``as_of <= day``; on a tie, the later ``recorded_at``
    (then the file name, so the answer never depends on the order files are read).
    An activity with no such record is planned.
    """
    latest: dict[str, StoredRecord] = {}
    for stored in records:
        record = stored.record
        if record.plan != plan.plan.id or record.as_of > day:
            continue
        current = latest.get(record.activity)
        if current is None or _order(stored) > _order(current):
            latest[record.activity] = stored
    states = {}
    for activity in plan.activities():
        found = latest.get(activity.id)
        if found is None:
            states[activity.id] = ActivityState(activity.id, "planned", None, None)
        else:
            rec = found.record
            states[activity.id] = ActivityState(
                activity.id, rec.status, rec.effective_percent, found
            )
    return states


# --- figures (SPEC §5) ---------------------------------------------------------------------

Rag = Literal["grey", "green", "amber", "red"]
RAGS: Final[tuple[Rag, ...]] = ("grey", "green", "amber", "red")  # from best to worst


def elapsed_percent(start: dt.date, end: dt.date, day: dt.date) -> int:
    """The share of the days ``start..end`` (both counted) over by the end of ``day``, 0-100.

    Whole percent, rounded down, so that a figure shown is the figure judged.
    """
    if day < start:
        return 0
    if day >= end:
        return 100
    return ((day - start).days + 1) * 100 // ((end - start).days + 1)


def is_overdue(activity: Activity, status: RecordStatus, day: dt.date) -> bool:
    """Its window ended before ``day`` and it is neither completed nor cancelled."""
    return activity.end < day and status not in ("completed", "cancelled")


def rag_of(
    activity: Activity, status: RecordStatus, percent: int | None, day: dt.date, rag: RagLimits
) -> Rag | None:
    """Red, amber, green or grey as of ``day`` (SPEC §5); None for a cancelled activity.

    Green when completed or at most ``rag.amber`` points behind the expected progress;
    amber when behind by more; red when behind by more than ``rag.red``, or overdue;
    grey when its window has not begun and it has not either. A missing percent counts as 0.
    """
    if status == "cancelled":
        return None
    if status == "completed":
        return "green"
    if is_overdue(activity, status, day):
        return "red"
    if day < activity.start and status != "ongoing":
        return "grey"
    behind = elapsed_percent(activity.start, activity.end, day) - (percent or 0)
    if behind > rag.red:
        return "red"
    if behind > rag.amber:
        return "amber"
    return "green"


@dataclass(frozen=True)
class ActivityFigures:
    """An activity as of a date: its state, expected progress, lateness and RAG."""

    activity: Activity
    area: Area
    state: ActivityState
    expected: int  # percent of the window elapsed
    overdue: bool
    rag: Rag | None  # None: cancelled, so not judged

    @property
    def behind(self) -> int | None:
        """Points behind the expected progress (negative: ahead); None when not judged."""
        if self.state.status in ("completed", "cancelled"):
            return None
        return self.expected - (self.state.percent or 0)


@dataclass(frozen=True)
class Counts:
    """How many activities of a set stand where, and the rates (SPEC §5) they give."""

    activities: int = 0
    planned: int = 0
    ongoing: int = 0
    completed: int = 0
    suspended: int = 0
    cancelled: int = 0
    overdue: int = 0
    illustrative: int = 0
    rags: tuple[int, ...] = (0, 0, 0, 0)  # how many grey, green, amber, red (as in RAGS)

    @property
    def counted(self) -> int:
        """The activities the rates are of: all but the cancelled ones."""
        return self.activities - self.cancelled

    @property
    def implementation(self) -> float | None:
        """Completed / (all - cancelled), in percent; None when nothing counts."""
        return _rate(self.completed, self.counted)

    @property
    def engagement(self) -> float | None:
        """(Completed + ongoing) / (all - cancelled), in percent; None when nothing counts."""
        return _rate(self.completed + self.ongoing, self.counted)

    @property
    def rag(self) -> Rag | None:
        """The worst RAG among the activities; None when none is judged."""
        return next((RAGS[i] for i in reversed(range(len(RAGS))) if self.rags[i]), None)


def _rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100 * part / whole, 1)


def count(figures: Iterable[ActivityFigures]) -> Counts:
    """The counts, rates and RAG roll-up of a set of activities."""
    items = list(figures)
    statuses = Counter(item.state.status for item in items)
    rags = Counter(item.rag for item in items)
    return Counts(
        activities=len(items),
        planned=statuses["planned"],
        ongoing=statuses["ongoing"],
        completed=statuses["completed"],
        suspended=statuses["suspended"],
        cancelled=statuses["cancelled"],
        overdue=sum(item.overdue for item in items),
        illustrative=sum(item.activity.provenance == "illustrative" for item in items),
        rags=tuple(rags[rag] for rag in RAGS),
    )


def figures_as_of(
    plan: PlanFile, records: Iterable[StoredRecord], day: dt.date
) -> list[ActivityFigures]:
    """Every activity of ``plan`` with its figures as of ``day``, area by area."""
    states = states_as_of(plan, records, day)
    result = []
    for area in plan.areas:
        for activity in area.activities:
            state = states[activity.id]
            result.append(
                ActivityFigures(
                    activity,
                    area,
                    state,
                    elapsed_percent(activity.start, activity.end, day),
                    is_overdue(activity, state.status, day),
                    rag_of(activity, state.status, state.percent, day, plan.rag),
                )
            )
    return result


def indicator_value(
    activity: Activity, indicator: Indicator, records: Iterable[StoredRecord], day: dt.date
) -> tuple[float | None, dt.date | None]:
    """The value of an activity's indicator as of ``day``, and the day of its latest report.

    For each day, only the record that counts for that day is read (a correction
    replaces, never adds; one without the indicator leaves that day out).
    Cumulative: the latest value; incremental: the sum.
    """
    counting: dict[dt.date, StoredRecord] = {}
    for stored in records:
        record = stored.record
        if record.activity != activity.id or record.as_of > day:
            continue
        current = counting.get(record.as_of)
        if current is None or _order(stored) > _order(current):
            counting[record.as_of] = stored
    values = [
        (when, counting[when].record.indicators[indicator.id])
        for when in sorted(counting)
        if indicator.id in counting[when].record.indicators
    ]
    if not values:
        return None, None
    total = values[-1][1] if indicator.aggregation == "cumulative" else sum(v for _, v in values)
    return total, values[-1][0]


def replaced(records: Iterable[StoredRecord]) -> set[str]:
    """The ids of records a later record for the same activity and day corrects."""
    counting: dict[tuple[str, dt.date], StoredRecord] = {}
    every = list(records)
    for stored in every:
        key = (stored.record.activity, stored.record.as_of)
        current = counting.get(key)
        if current is None or _order(stored) > _order(current):
            counting[key] = stored
    return {s.id for s in every if counting[(s.record.activity, s.record.as_of)] is not s}


def indicator_share(indicator: Indicator, value: float) -> float | None:
    """How far ``value`` has come from baseline to target, in percent (may pass 100); None
    when there is no span, or it is so small that the share is beyond any float."""
    span = indicator.target - indicator.baseline
    share = None if span == 0 else 100 * (value - indicator.baseline) / span
    return round(share, 1) if share is not None and math.isfinite(share) else None
