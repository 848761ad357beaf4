"""Where plans stand as of a date: the work behind `workplan status` and `workplan areas`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, get_args

from workplan_cli.errors import NotFoundError
from workplan_cli.loader import PlansDir, load_records, validate_paths
from workplan_cli.models import (
    Area,
    Coordinator,
    CountryCode,
    Meeting,
    PlanFile,
    SomtcArea,
    StoredRecord,
)
from workplan_cli.paths import display_path
from workplan_cli.planning import ActivityFigures, Counts, count, elapsed_percent, figures_as_of
from workplan_cli.progress import broken_files, open_plan
from workplan_cli.rules import suggest
from workplan_cli.text import shorten

COUNTRY_CODES: Final[tuple[str, ...]] = get_args(CountryCode)
SOMTC_AREAS: Final[tuple[str, ...]] = get_args(SomtcArea)


@dataclass(frozen=True)
class Filters:
    """Which activities to show, as given on the command line (None: any)."""

    area: str | None = None  # an area id of the plan, or one of the ten SOMTC areas
    lead: str | None = None  # a country code among the leads
    status: str | None = None
    overdue: bool = False

    @property
    def active(self) -> bool:
        """True when any filter is set."""
        return any((self.area, self.lead, self.status, self.overdue))

    def keeps(self, item: ActivityFigures) -> bool:
        """True when the activity passes every filter."""
        return (
            (self.area is None or _area_matches(item.area, self.area))
            and (self.lead is None or self.lead in item.activity.lead)
            and (self.status is None or item.state.status == self.status)
            and (not self.overdue or item.overdue)
        )


def _area_matches(area: Area, wanted: str) -> bool:
    return wanted.casefold() in (area.id.casefold(), area.somtc_area)


@dataclass(frozen=True)
class AreaStanding:
    """A priority area of a plan and those of its activities that pass the filters."""

    area: Area
    counts: Counts
    activities: tuple[ActivityFigures, ...]


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
    def illustrative_records(self) -> int:
        """How many of the activities shown stand where they do by an illustrative record."""
        return sum(
            item.state.record is not None and item.state.record.record.provenance == "illustrative"
            for item in self.activities
        )


@dataclass(frozen=True)
class StatusResult:
    """What `workplan status` shows: one plan, or every plan, as of a day."""

    day: dt.date
    today: dt.date
    filters: Filters
    plans: tuple[PlanStanding, ...]
    single: bool  # one plan was asked for


@dataclass(frozen=True)
class AreaCoverage:
    """One of the ten SOMTC areas across the plans: each plan's activities in it (None: none)."""

    somtc_area: str
    cells: tuple[Counts | None, ...]  # in the order of AreasResult.plans

    @property
    def covered(self) -> bool:
        """True when at least one plan has an area mapped to it."""
        return any(cell is not None for cell in self.cells)


@dataclass(frozen=True)
class AreasResult:
    """What `workplan areas` shows: the ten SOMTC areas against the plans."""

    day: dt.date
    plans: tuple[PlanStanding, ...]
    rows: tuple[AreaCoverage, ...]


def plan_status(
    plans_dir: Path, plan_id: str, day: dt.date, today: dt.date, filters: Filters
) -> StatusResult:
    """One plan as of ``day``: its areas and activities, filtered.

    Raises:
        NotFoundError: no such plan, or the plan file has problems.
        BrokenFilesError: a record of the plan has problems, so the figures would be wrong.
        NotFoundError: a filter names no area or country code there is.
    """
    plans = PlansDir(plans_dir)
    plan = open_plan(plans, plan_id)
    loaded = load_records(plans, plan.plan.id)
    if loaded.problems:
        raise broken_files(loaded.problems, "the figures would be wrong")
    checked = _checked(filters, [plan])
    standing = standing_of(plan, loaded.records, day, checked)
    return StatusResult(day, today, checked, (standing,), single=True)


def all_status(plans_dir: Path, day: dt.date, today: dt.date, filters: Filters) -> StatusResult:
    """Every plan of the directory as of ``day``, filtered.

    Raises:
        BrokenFilesError: any plan or record has problems (as `workplan validate` reports them).
        NotFoundError: a filter names no area or country code there is.
    """
    plans, records = _everything(plans_dir)
    checked = _checked(filters, plans)
    own = _by_plan(records)
    standings = tuple(standing_of(p, own.get(p.plan.id, ()), day, checked) for p in plans)
    return StatusResult(day, today, checked, standings, single=False)


def area_coverage(plans_dir: Path, day: dt.date) -> AreasResult:
    """The ten SOMTC areas against every plan of the directory, as of ``day``.

    Raises:
        BrokenFilesError: any plan or record has problems.
    """
    plans, records = _everything(plans_dir)
    own = _by_plan(records)
    standings = tuple(standing_of(p, own.get(p.plan.id, ()), day, Filters()) for p in plans)
    rows = []
    for name in SOMTC_AREAS:
        cells = []
        for standing in standings:
            mapped = [a for a in standing.areas if a.area.somtc_area == name]
            cells.append(count(i for a in mapped for i in a.activities) if mapped else None)
        rows.append(AreaCoverage(name, tuple(cells)))
    return AreasResult(day, standings, tuple(rows))


def _by_plan(records: Sequence[StoredRecord]) -> dict[str, list[StoredRecord]]:
    """The records of each plan, so that each plan's figures read only its own."""
    found: dict[str, list[StoredRecord]] = {}
    for stored in records:
        found.setdefault(stored.record.plan, []).append(stored)
    return found


def _everything(plans_dir: Path) -> tuple[list[PlanFile], tuple[StoredRecord, ...]]:
    """Every plan and record, when `workplan validate` finds no problem in any of them."""
    if not any(plans_dir.glob("*.toml")):
        raise NotFoundError(
            f"there are no plans in {display_path(plans_dir)} yet",
            hint="start one with: workplan new PLAN-ID (e.g. somtc-india-2026-2030)",
        )
    report = validate_paths([plans_dir])
    if report.problems:
        raise broken_files(report.problems, "the figures would be wrong")
    plans = sorted(report.valid_plans, key=lambda p: p.plan.id)
    return plans, report.valid_records


def standing_of(
    plan: PlanFile, records: Sequence[StoredRecord], day: dt.date, filters: Filters
) -> PlanStanding:
    """A plan as of ``day``: figures overall and by area, of the activities that pass."""
    figures = [f for f in figures_as_of(plan, records, day) if filters.keeps(f)]
    areas = []
    for area in plan.areas:
        shown = tuple(f for f in figures if f.area.id == area.id)
        if shown or not filters.active:
            areas.append(AreaStanding(area, count(shown), shown))
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
        records=sum(r.record.plan == plan.plan.id and r.record.as_of <= day for r in records),
    )


def _checked(filters: Filters, plans: Sequence[PlanFile]) -> Filters:
    """The filters in their stored spelling (CT, JP, terrorism); unknown ones refused."""
    area = filters.area
    if area is not None:
        wanted = area.strip().casefold().replace("-", "_").replace(" ", "_")
        ids = sorted({a.id for p in plans for a in p.areas})
        # one plan: the SOMTC areas it covers; all plans: any of the ten
        somtc = [a.somtc_area for a in plans[0].areas] if len(plans) == 1 else SOMTC_AREAS
        known = {i.casefold(): i for i in ids} | {name: name for name in somtc}
        if wanted not in known:
            where = f'plan "{plans[0].plan.id}"' if len(plans) == 1 else "any plan"
            raise NotFoundError(
                f'--area "{shorten(area)}": no such area in {where}',
                hint=suggest(area.strip(), list(dict.fromkeys([*ids, *somtc])), "areas"),
            )
        area = known[wanted]
    lead = filters.lead
    if lead is not None:
        lead = lead.strip().upper()
        if lead not in COUNTRY_CODES:
            raise NotFoundError(
                f'--lead "{shorten(filters.lead or "")}" is not a country code',
                hint=suggest(lead, COUNTRY_CODES, "codes"),
            )
    return Filters(area, lead, filters.status, filters.overdue)
