"""Where plans stand as of a date: the work behind `workplan status` and `workplan areas`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, get_args

from workplan_cli.errors import BrokenFilesError, NotFoundError
from workplan_cli.i18n import N_, _
from workplan_cli.models import PlanFile, SomtcArea
from workplan_cli.planning import Counts, Filters, PlanStanding, count, standing_of
from workplan_cli.text import shorten
from workplan_cli.vocabulary import BUILT_IN_CODES, CROSS_CUTTING, code_hint, suggest
from workplan_cli.workspace import Workspace

_WRONG: Final = N_("the figures would be wrong")

SOMTC_AREAS: Final[tuple[str, ...]] = get_args(SomtcArea)


@dataclass(frozen=True)
class StatusResult:
    """What `workplan status` shows: one plan, or every plan, as of a day."""

    day: dt.date
    today: dt.date
    filters: Filters
    plans: tuple[PlanStanding, ...]
    single: bool  # one plan was asked for
    blocked: tuple[str, ...] = ()  # plans not shown: their files have problems
    broken: BrokenFilesError | None = None  # those problems, reported after the figures


@dataclass(frozen=True)
class AreaCoverage:
    """One of the ten SOMTC areas across the plans: each plan's activities in it (None: none).
    The row of cross-cutting areas (those mapped to no SOMTC area) has ``CROSS_CUTTING``."""

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
    blocked: tuple[str, ...] = ()  # plans not shown: their files have problems
    broken: BrokenFilesError | None = None  # those problems, reported after the figures


def plan_status(
    plans_dir: Path, plan_id: str, day: dt.date, today: dt.date, filters: Filters
) -> StatusResult:
    """One plan as of ``day``: its areas and activities, filtered.

    Raises:
        NotFoundError: no such plan, or the plan file has problems.
        BrokenFilesError: a record of the plan has problems, so the figures would be wrong.
        NotFoundError: a filter names no area or country code there is.
    """
    workspace = Workspace(plans_dir)
    plan = workspace.plan(plan_id)
    records = workspace.records(plan.plan.id, _(_WRONG))
    checked = checked_filters(filters, [plan])
    standing = standing_of(plan, records, day, checked)
    return StatusResult(day, today, checked, (standing,), single=True)


def all_status(
    plans_dir: Path, day: dt.date, today: dt.date, filters: Filters, *, use_cache: bool = True
) -> StatusResult:
    """Every plan of the directory as of ``day``, filtered: those whose files have problems
    are left out and named, with the problems (``broken``).

    Raises:
        NotFoundError: there is no plan, or a filter names no area or country code there is.
    """
    checked: list[Filters] = []

    def prepare(plans: list[PlanFile]) -> None:
        checked.append(checked_filters(filters, plans))

    each = Workspace(plans_dir, use_cache=use_cache).each_plan(
        _(_WRONG), lambda plan, records: standing_of(plan, records, day, checked[0]), prepare
    )
    return StatusResult(
        day, today, checked[0], tuple(each.results), False, tuple(each.blocked), each.broken
    )


def area_coverage(plans_dir: Path, day: dt.date, *, use_cache: bool = True) -> AreasResult:
    """The ten SOMTC areas against every plan of the directory, as of ``day``: an area counts
    under each SOMTC area it lists; areas that list none make a last row, cross-cutting
    (shown only when a plan has one). Plans whose files have problems are left out and named.

    Raises:
        NotFoundError: there is no plan yet.
    """
    each = Workspace(plans_dir, use_cache=use_cache).each_plan(
        _(_WRONG), lambda plan, records: standing_of(plan, records, day, Filters())
    )
    standings = each.results
    rows = []
    for name in (*SOMTC_AREAS, CROSS_CUTTING):
        cells = []
        for standing in standings:
            mapped = [
                a
                for a in standing.areas
                if name in a.area.somtc_areas or (name == CROSS_CUTTING and not a.area.somtc_areas)
            ]
            cells.append(count(i for a in mapped for i in a.activities) if mapped else None)
        if name != CROSS_CUTTING or any(c is not None for c in cells):
            rows.append(AreaCoverage(name, tuple(cells)))
    return AreasResult(day, tuple(standings), tuple(rows), tuple(each.blocked), each.broken)


def checked_filters(filters: Filters, plans: Sequence[PlanFile]) -> Filters:
    """The filters in their stored spelling (CT, JP, terrorism); unknown ones refused."""
    area = filters.area
    if area is not None:
        wanted = area.strip().casefold().replace("-", "_").replace(" ", "_")
        ids = sorted(
            {a.id for p in plans for a in p.areas}
            | {g.id for p in plans for a in p.areas for g in a.groups}
        )
        # one plan: the SOMTC areas it covers; all plans: any of the ten
        somtc = (
            list(dict.fromkeys(n for a in plans[0].areas for n in a.somtc_areas))
            if len(plans) == 1
            else SOMTC_AREAS
        )
        known = {i.casefold(): i for i in ids} | {name: name for name in somtc}
        if wanted not in known:
            if len(plans) == 1:
                message = _('--area "{area}": no such area in plan "{plan}"').format(
                    area=shorten(area), plan=plans[0].plan.id
                )
            else:
                message = _('--area "{area}": no such area in any plan').format(area=shorten(area))
            raise NotFoundError(
                message,
                hint=suggest(area.strip(), list(dict.fromkeys([*ids, *somtc])), _("areas")),
            )
        area = known[wanted]
    lead = filters.lead
    if lead is not None:
        lead = lead.strip().upper()
        codes = list(dict.fromkeys([*BUILT_IN_CODES, *(b.id for p in plans for b in p.bodies)]))
        if lead not in codes:
            names = {k: v for p in plans for k, v in p.names.items()}
            raise NotFoundError(
                _('--lead "{code}" is not a known code').format(code=shorten(filters.lead or "")),
                hint=code_hint(filters.lead or "", codes, names),
            )
    return Filters(area, lead, filters.status, filters.overdue)
