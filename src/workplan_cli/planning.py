"""Pure domain logic over plans and records: state as of a date, rates, overdue, RAG, standing.

Every figure any view shows is computed here; renderers only format.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from workplan_cli.models import (
    Activity,
    Area,
    Coordinator,
    Group,
    Indicator,
    Meeting,
    PlanFile,
    StoredRecord,
)
from workplan_cli.models import Rag as RagLimits
from workplan_cli.vocabulary import DONE_WITH, RAGS, RECORD_STATUSES, Rag, RecordStatus


@dataclass(frozen=True)
class ActivityState:
    """Where an activity stands as of a date, and the record that says so (None: no record)."""

    activity: str
    status: RecordStatus
    percent: int | None
    record: StoredRecord | None


Order = tuple[dt.date, int, dt.datetime, str]


def _ranks(records: Sequence[StoredRecord]) -> dict[str, int]:
    """The place of each record among those of its activity and day, when any of them says
    which it came after (SPEC §4.1): by recorded_at, except that a record comes after every
    record it lists in ``after``, whatever the clocks said. Ids it lists that are not of its
    day, and lists that run in a circle (only a hand edit makes one), leave the clocks to
    decide."""
    if not any(s.record.after for s in records):
        return {}
    groups: dict[tuple[str, dt.date], list[StoredRecord]] = {}
    for stored in records:
        groups.setdefault((stored.record.activity, stored.record.as_of), []).append(stored)
    ranks: dict[str, int] = {}
    for group in groups.values():
        if len(group) < 2 or not any(s.record.after for s in group):
            continue
        ids = {s.id for s in group}
        waiting = sorted(group, key=lambda s: (s.record.recorded_at, s.id))
        placed: set[str] = set()
        while waiting:
            ready = next(
                (
                    s
                    for s in waiting
                    if all(p in placed or p not in ids or p == s.id for p in s.record.after)
                ),
                waiting[0],  # a circle: the earliest by the clock
            )
            waiting.remove(ready)
            ranks[ready.id] = len(placed)
            placed.add(ready.id)
    return ranks


def _order_in(records: Sequence[StoredRecord]) -> Callable[[StoredRecord], Order]:
    """The order of ``records``: later as_of first counts; on the same day, the record that
    came after (``_ranks``), then the later recorded_at, then the file name."""
    ranks = _ranks(records)

    def order(stored: StoredRecord) -> Order:
        rec = stored.record
        return rec.as_of, ranks.get(stored.id, 0), rec.recorded_at, stored.id

    return order


def _withdrawn(records: Iterable[StoredRecord]) -> set[tuple[str, str]]:
    return {
        (s.record.activity, s.record.withdraws) for s in records if s.record.withdraws is not None
    }


def in_force(records: Iterable[StoredRecord]) -> list[StoredRecord]:
    """The records that count: neither a withdrawal nor withdrawn (SPEC §4.1)."""
    every = list(records)
    withdrawn = _withdrawn(every)
    return [
        s
        for s in every
        if s.record.status is not None and (s.record.activity, s.id) not in withdrawn
    ]


def withdrawals(records: Iterable[StoredRecord]) -> dict[tuple[str, str], StoredRecord]:
    """The withdrawal of each withdrawn record, by its activity and id (the first written,
    when two branches withdrew the same record)."""
    found: dict[tuple[str, str], StoredRecord] = {}
    for stored in oldest_first(records):
        if stored.record.withdraws is not None:
            found.setdefault((stored.record.activity, stored.record.withdraws), stored)
    return found


@dataclass(frozen=True)
class SameDay:
    """What other records of the same activity and day say about a record (SPEC §4.1)."""

    replaced: bool  # a later record of the day, by the same reporter or with none, corrects it
    differs: tuple[str, ...]  # reporters whose reports of the day say otherwise (parallel)


def same_day(records: Iterable[StoredRecord]) -> dict[str, SameDay]:
    """For each record in force that shares its activity and day with another: corrected
    by a later one, or one of parallel reports that say different things (the status or
    percent of another reporter's report that stands). Reports that agree are not
    "differing"; a record alone on its day is not listed."""
    every = in_force(records)
    order = _order_in(every)
    groups: dict[tuple[str, dt.date], list[StoredRecord]] = {}
    for stored in every:
        groups.setdefault((stored.record.activity, stored.record.as_of), []).append(stored)
    found = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=order)
        standing = [
            s
            for i, s in enumerate(group)
            if not any(_same_reporter(s, later) for later in group[i + 1 :])
        ]
        for i, stored in enumerate(group):
            said = (stored.record.status, stored.record.effective_percent)
            others = {
                o.record.reported_by
                for o in standing
                if o is not stored
                and not _same_reporter(o, stored)
                and o.record.reported_by
                and (o.record.status, o.record.effective_percent) != said
            }
            replaced = any(_same_reporter(stored, later) for later in group[i + 1 :])
            found[stored.id] = SameDay(replaced, () if replaced else tuple(sorted(others)))
    return found


def _same_reporter(a: StoredRecord, b: StoredRecord) -> bool:
    """One reporter, or a record with none: a later one of the day corrects the other."""
    first, second = a.record.reported_by, b.record.reported_by
    return first is None or second is None or first == second


def newest_first(records: Iterable[StoredRecord]) -> list[StoredRecord]:
    """Records in the order `history` shows them: the one that counts most comes first."""
    every = list(records)
    return sorted(every, key=_order_in(every), reverse=True)


def oldest_first(records: Iterable[StoredRecord]) -> list[StoredRecord]:
    """Records in the order they came to count: the one that counts last comes last."""
    every = list(records)
    return sorted(every, key=_order_in(every))


K = TypeVar("K", bound=Hashable)


def latest_by(
    records: Iterable[StoredRecord], key: Callable[[StoredRecord], K]
) -> dict[K, StoredRecord]:
    """For each ``key``, the record that counts: the latest as_of; on a tie, the one that
    came after (``_order_in``), so that the answer never depends on the order files are
    read, nor, between records that knew of each other, on clocks."""
    every = list(records)
    order = _order_in(every)
    latest: dict[K, StoredRecord] = {}
    for stored in every:
        k = key(stored)
        current = latest.get(k)
        if current is None or order(stored) > order(current):
            latest[k] = stored
    return latest


def renamed(plan: PlanFile, records: Iterable[StoredRecord]) -> tuple[StoredRecord, ...]:
    """The records of ``plan`` as the activities they count for (SPEC §3.4): a record filed
    under a former id of the plan or of an activity is taken as one about the ids they have
    now, and keeps the ids it was filed under in ``filed_as``."""
    result = []
    for stored in records:
        rec = stored.record
        activity = plan.current_id(rec.activity)
        if rec.plan == plan.plan.id and activity == rec.activity:
            result.append(stored)
        else:
            moved = rec.model_copy(update={"plan": plan.plan.id, "activity": activity})
            result.append(
                StoredRecord(stored.id, stored.file, moved, filed_as=f"{rec.plan}/{rec.activity}")
            )
    return tuple(result)


def _state(activity_id: str, found: StoredRecord | None) -> ActivityState:
    if found is None or found.record.status is None:  # a withdrawal never counts
        return ActivityState(activity_id, "planned", None, None)
    return ActivityState(activity_id, found.record.status, found.record.effective_percent, found)


def states_as_of(
    plan: PlanFile, records: Iterable[StoredRecord], day: dt.date
) -> dict[str, ActivityState]:
    """The state of every activity of ``plan`` as of ``day`` (SPEC §4).

    It is the record that counts (``latest_by``) among those with ``as_of <= day``.
    An activity with no such record is planned.
    """
    latest = latest_by(
        (s for s in in_force(records) if s.record.plan == plan.plan.id and s.record.as_of <= day),
        lambda s: s.record.activity,
    )
    return {a.id: _state(a.id, latest.get(a.id)) for a in plan.activities()}


# --- figures (SPEC §5) ---------------------------------------------------------------------


def whole(value: float) -> int:
    """A percent as a whole number: halves round up (12.5 is 13), as people expect."""
    return math.floor(value + 0.5)


def elapsed_percent(start: dt.date, end: dt.date, day: dt.date) -> int:
    """The share of the days ``start..end`` (both counted) over by the end of ``day``, 0-100.

    Whole percent, rounded down, so that a figure shown is the figure judged.
    """
    if day < start:
        return 0
    if day >= end:
        return 100
    return ((day - start).days + 1) * 100 // ((end - start).days + 1)


def is_overdue(end: dt.date, status: RecordStatus, day: dt.date) -> bool:
    """A window ending on ``end`` ended before ``day``, and it is neither completed nor
    cancelled."""
    return end < day and status not in DONE_WITH


def rag_of(
    window: tuple[dt.date, dt.date],
    status: RecordStatus,
    percent: int | None,
    expected: int,
    day: dt.date,
    rag: RagLimits,
) -> Rag | None:
    """Red, amber, green or grey as of ``day`` (SPEC §5); None for a cancelled activity.

    Green when completed or at most ``rag.amber`` points behind the ``expected`` progress;
    amber when behind by more; red when behind by more than ``rag.red``, or overdue;
    grey when its window has not begun and it has not either. A missing percent counts as 0.
    """
    if status == "cancelled":
        return None
    if status == "completed":
        return "green"
    if is_overdue(window[1], status, day):
        return "red"
    if day < window[0] and status != "ongoing":
        return "grey"
    behind = expected - (percent or 0)
    if behind > rag.red:
        return "red"
    if behind > rag.amber:
        return "amber"
    return "green"


@dataclass(frozen=True)
class Occurrences:
    """How a yearly activity stands over its years (SPEC §3.4)."""

    year: int  # the occurrence its state, expected progress and RAG are of
    window: tuple[dt.date, dt.date]  # that occurrence's first and last day
    completed: int  # occurrences completed, of those begun by the day
    due: int  # occurrences begun by the day
    missed: tuple[int, ...]  # past years whose occurrence was neither completed nor cancelled


@dataclass(frozen=True)
class ActivityFigures:
    """An activity as of a date: its state, expected progress, lateness and RAG.

    For a yearly activity, the state, expected progress and RAG are those of the current
    year's occurrence, and ``occurrences`` has the rest."""

    activity: Activity
    area: Area
    state: ActivityState
    expected: int  # percent of the window elapsed
    overdue: bool
    rag: Rag | None  # None: cancelled, so not judged
    window: tuple[dt.date, dt.date] = (dt.date.min, dt.date.max)  # its first and last day
    occurrences: Occurrences | None = None  # for a yearly activity

    @property
    def group(self) -> Group | None:
        """The group of its area the activity is in, if any."""
        return next((g for g in self.area.groups if g.id == self.activity.group), None)

    @property
    def behind(self) -> int | None:
        """Points behind the expected progress (negative: ahead); None when not judged."""
        if self.state.status in DONE_WITH:
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
    def engaged(self) -> int:
        """The activities completed or ongoing."""
        return self.completed + self.ongoing

    @property
    def engagement(self) -> float | None:
        """(Completed + ongoing) / (all - cancelled), in percent; None when nothing counts."""
        return _rate(self.engaged, self.counted)

    @property
    def rag(self) -> Rag | None:
        """The worst RAG among the activities; None when none is judged."""
        return next((RAGS[i] for i in reversed(range(len(RAGS))) if self.rags[i]), None)

    @property
    def worst(self) -> int:
        """How many activities have the worst RAG (0 when none is judged)."""
        return self.rags[RAGS.index(self.rag)] if self.rag else 0

    def of(self, name: str) -> int:
        """The count called ``name`` (one of vocabulary.COUNT_FIELDS, or "illustrative")."""
        value: int = getattr(self, name)
        return value


def _rate(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100 * part / whole, 1)


def count(figures: Iterable[ActivityFigures]) -> Counts:
    """The counts, rates and RAG roll-up of a set of activities."""
    items = list(figures)
    statuses = Counter(item.state.status for item in items)
    rags = Counter(item.rag for item in items)
    by_status: dict[str, Any] = {status: statuses[status] for status in RECORD_STATUSES}
    return Counts(
        len(items),
        **by_status,
        overdue=sum(item.overdue for item in items),
        illustrative=sum(item.activity.provenance == "illustrative" for item in items),
        rags=tuple(rags[rag] for rag in RAGS),
    )


def figures_as_of(
    plan: PlanFile, records: Iterable[StoredRecord], day: dt.date
) -> list[ActivityFigures]:
    """Every activity of ``plan`` with its figures as of ``day``, area by area."""
    counted = [
        s for s in in_force(records) if s.record.plan == plan.plan.id and s.record.as_of <= day
    ]
    latest = latest_by(counted, lambda s: s.record.activity)
    yearly = {a.id: plan.window(a) for a in plan.activities() if a.repeat == "yearly"}
    by_year = latest_by(
        (s for s in counted if s.record.activity in yearly),
        lambda s: (s.record.activity, occurrence_year(yearly[s.record.activity], s.record.as_of)),
    )
    result = []
    for area in plan.areas:
        for activity in area.activities:
            window = plan.window(activity)
            if activity.id in yearly:
                result.append(_yearly(activity, area, window, by_year, day, plan.rag))
                continue
            state = _state(activity.id, latest.get(activity.id))
            expected = elapsed_percent(*window, day)
            result.append(
                ActivityFigures(
                    activity,
                    area,
                    state,
                    expected,
                    is_overdue(window[1], state.status, day),
                    rag_of(window, state.status, state.percent, expected, day, plan.rag),
                    window,
                )
            )
    return result


def occurrence_year(window: tuple[dt.date, dt.date], day: dt.date) -> int:
    """The year of the occurrence a record as of ``day`` speaks for: its own year, or the
    first or last of the window for a day before or after it (a report made late, in the
    January after the last occurrence, still counts for it)."""
    return min(max(day.year, window[0].year), window[1].year)


def occurrence(window: tuple[dt.date, dt.date], year: int) -> tuple[dt.date, dt.date]:
    """The window of a yearly activity's occurrence in ``year``."""
    return max(window[0], dt.date(year, 1, 1)), min(window[1], dt.date(year, 12, 31))


def _yearly(
    activity: Activity,
    area: Area,
    window: tuple[dt.date, dt.date],
    by_year: dict[tuple[str, int], StoredRecord],
    day: dt.date,
    rag: RagLimits,
) -> ActivityFigures:
    """A yearly activity (SPEC §3.4): one occurrence per calendar year of its window; a
    record speaks for the occurrence of its as_of year."""
    years = range(window[0].year, window[1].year + 1)
    current = occurrence_year(window, day)
    states = {y: _state(activity.id, by_year.get((activity.id, y))) for y in years}
    begun = [y for y in years if occurrence(window, y)[0] <= day]
    missed = tuple(y for y in begun if is_overdue(occurrence(window, y)[1], states[y].status, day))
    state = states[current]
    now = occurrence(window, current)
    expected = elapsed_percent(*now, day)
    return ActivityFigures(
        activity,
        area,
        state,
        expected,
        bool(missed),
        rag_of(now, state.status, state.percent, expected, day, rag),
        window,
        Occurrences(
            current,
            now,
            sum(states[y].status == "completed" for y in begun),
            len(begun),
            missed,
        ),
    )


def indicator_value(
    activity: Activity, indicator: Indicator, records: Iterable[StoredRecord], day: dt.date
) -> tuple[float | None, dt.date | None]:
    """The value of an activity's indicator as of ``day``, and the day of its latest report.

    For each day, only the record that counts for that day is read (a correction
    replaces, never adds; one without the indicator leaves that day out).
    Cumulative: the latest value; incremental: the sum.
    """
    counting = latest_by(
        (
            s
            for s in in_force(records)
            if s.record.activity == activity.id and s.record.as_of <= day
        ),
        lambda s: s.record.as_of,
    )
    values = [
        (when, counting[when].record.indicators[indicator.id])
        for when in sorted(counting)
        if indicator.id in counting[when].record.indicators
    ]
    if not values:
        return None, None
    total = values[-1][1] if indicator.aggregation == "cumulative" else sum(v for _, v in values)
    return total, values[-1][0]


def indicator_share(indicator: Indicator, value: float) -> float | None:
    """How far ``value`` has come from baseline to target, in percent (may pass 100); None
    when there is no span, or it is so small that the share is beyond any float."""
    span = indicator.target - indicator.baseline
    share = None if span == 0 else 100 * (value - indicator.baseline) / span
    return round(share, 1) if share is not None and math.isfinite(share) else None


@dataclass(frozen=True)
class RateChange:
    """How far the rates moved over a period, in points between the rates as shown (whole
    percents), so that a reader who subtracts the two figures finds the change printed."""

    implementation: int | None  # None: no rate at one end
    engagement: int | None


def rate_change(now: Counts, then: Counts | None) -> RateChange:
    """The change of the rates from ``then`` (None: no figures then) to ``now``."""

    def points(a: float | None, b: float | None) -> int | None:
        return None if a is None or b is None else whole(a) - whole(b)

    if then is None:
        return RateChange(None, None)
    return RateChange(
        points(now.implementation, then.implementation), points(now.engagement, then.engagement)
    )


# --- a plan as of a day ------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Which activities to show, as given on the command line (None: any)."""

    area: str | None = None  # an area or group id of the plan, or one of the ten SOMTC areas
    lead: str | None = None  # a code among the leads
    status: str | None = None
    overdue: bool = False

    @property
    def active(self) -> bool:
        """True when any filter is set."""
        return any((self.area, self.lead, self.status, self.overdue))

    def keeps(self, item: ActivityFigures) -> bool:
        """True when the activity passes every filter."""
        return (
            (self.area is None or _area_matches(item, self.area))
            and (self.lead is None or self.lead in item.activity.lead)
            and (self.status is None or item.state.status == self.status)
            and (not self.overdue or item.overdue)
        )


def _area_matches(item: ActivityFigures, wanted: str) -> bool:
    ids = (item.area.id, item.activity.group or "")
    return wanted.casefold() in (*(i.casefold() for i in ids), *item.area.somtc_areas)


@dataclass(frozen=True)
class GroupStanding:
    """A group inside an area and those of its activities that pass the filters."""

    group: Group
    counts: Counts
    activities: tuple[ActivityFigures, ...]


@dataclass(frozen=True)
class AreaStanding:
    """A priority area of a plan and those of its activities that pass the filters."""

    area: Area
    counts: Counts
    activities: tuple[ActivityFigures, ...]
    groups: tuple[GroupStanding, ...] = ()  # its groups, in the plan's order


@dataclass(frozen=True)
class PlanStanding:
    """A plan as of a date: its figures, overall and by area, over the activities shown."""

    plan: PlanFile
    day: dt.date
    elapsed: int  # percent of the plan period over
    counts: Counts
    areas: tuple[AreaStanding, ...]
    coordinators: tuple[Coordinator, ...]  # in office on the day
    last_meeting: Meeting | None  # the latest on or before the day
    next_meeting: Meeting | None  # the first after it
    records: int  # records of the plan as of the day or before

    @property
    def activities(self) -> tuple[ActivityFigures, ...]:
        """The activities shown, area by area."""
        return tuple(item for area in self.areas for item in area.activities)

    @property
    def illustrative(self) -> bool:
        """True when an activity shown, or the record it stands by, is illustrative."""
        return bool(self.counts.illustrative) or any(
            item.state.record is not None and item.state.record.record.provenance == "illustrative"
            for item in self.activities
        )


def standing_of(
    plan: PlanFile, records: Sequence[StoredRecord], day: dt.date, filters: Filters
) -> PlanStanding:
    """A plan as of ``day``: figures overall and by area, of the activities that pass."""
    figures = [f for f in figures_as_of(plan, records, day) if filters.keeps(f)]
    areas = []
    for area in plan.areas:
        shown = tuple(f for f in figures if f.area.id == area.id)
        groups = []
        for group in area.groups:
            inside = tuple(f for f in shown if f.activity.group == group.id)
            if inside or not filters.active:
                groups.append(GroupStanding(group, count(inside), inside))
        if shown or not filters.active:
            areas.append(AreaStanding(area, count(shown), shown, tuple(groups)))
    meetings = sorted(plan.meetings, key=lambda m: m.date)
    return PlanStanding(
        plan=plan,
        day=day,
        elapsed=elapsed_percent(plan.plan.start, plan.plan.end, day),
        counts=count(figures),
        areas=tuple(areas),
        coordinators=tuple(
            c
            for c in plan.plan.coordinators
            if c.from_ <= day and (c.until is None or day <= c.until)
        ),
        last_meeting=next((m for m in reversed(meetings) if m.date <= day), None),
        next_meeting=next((m for m in meetings if m.date > day), None),
        records=sum(
            r.record.plan == plan.plan.id and r.record.as_of <= day for r in in_force(records)
        ),
    )
