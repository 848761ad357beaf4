"""Where plans stand (`status`, `areas`) as a table, plain text, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from workplan_cli.errors import BrokenFilesError
from workplan_cli.i18n import N_, _, ngettext
from workplan_cli.planning import (
    ActivityFigures,
    AreaStanding,
    Counts,
    Filters,
    PlanStanding,
    whole,
)
from workplan_cli.render.terminal import (
    ILLUSTRATIVE,
    PLAIN_WIDTH,
    Cell,
    Column,
    Fitted,
    Output,
    Printer,
    cell,
    cells,
    one_line,
    render,
)
from workplan_cli.render.terminal import table as fitted
from workplan_cli.render.words import (
    area_name,
    day_in_text,
    engagement,
    future_note,
    implementation,
    leads,
    mark,
    occurrences,
    partners,
    shown,
    window,
)
from workplan_cli.standing import AreasResult, StatusResult
from workplan_cli.text import spreadsheet_safe
from workplan_cli.vocabulary import (
    COUNT_FIELDS,
    ENGAGEMENT_RULE,
    IMPLEMENTATION_RULE,
    JSON_FORMAT,
    RAGS,
    Rag,
)

if TYPE_CHECKING:
    import datetime as dt

MIN_WIDTH: Final = 80
LEGEND: Final = N_(
    "{mark} illustrative: invented to demonstrate workplan, not a real commitment or report"
)
_RAG_STYLE: Final[dict[str, str]] = {
    "green": "green",
    "amber": "yellow",
    "red": "bold red",
    "grey": "dim",
}
_NONE: Final = "-"


# --- words and numbers -------------------------------------------------------------------------


def _legend() -> str:
    return _(LEGEND).format(mark=ILLUSTRATIVE)


def rag_counts(counts: Counts) -> str:
    """'red: 2 red, 3 amber, 12 green, 5 grey' (worst first, none left out)."""
    if counts.rag is None:
        return _("none judged")
    parts = ", ".join(
        f"{n} {shown(rag)}" for rag, n in reversed(list(zip(RAGS, counts.rags, strict=True)))
    )
    return f"{shown(counts.rag)}: {parts}"


def _period(start: dt.date, end: dt.date) -> str:
    """'2023-2027' for whole years, else the two days."""
    whole_years = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    if whole_years:
        return f"{start.year}-{end.year}"
    return _("{start} to {end}").format(start=start, end=end)


def _updated(item: ActivityFigures) -> str:
    stored = item.state.record
    if stored is None:
        return ""
    return f"{stored.record.as_of}{mark(stored.record.provenance)}"


def _note(item: ActivityFigures) -> str:
    stored = item.state.record
    return one_line(stored.record.note or "") if stored is not None else ""


def _activity_id(item: ActivityFigures) -> str:
    return item.activity.id + mark(item.activity.provenance)


def _flat(text: str, plain: bool) -> str:
    """Text from a file as a plain cell: on one line (its line breaks become spaces), so that
    plain output keeps one row per line."""
    return one_line(text) if plain else text


def _plan_name(standing: PlanStanding) -> str:
    plan = standing.plan.plan
    return (plan.short_title or plan.id) + (ILLUSTRATIVE if standing.illustrative else "")


def _bar(counts: Counts, width: int = 10) -> list[tuple[str, str]]:
    """Completed (full blocks), then ongoing (shaded), then the rest (dots), of the counted."""
    if counts.counted == 0:
        return [("·" * width, "dim")]
    done = round(width * counts.completed / counts.counted)
    busy = round(width * counts.engaged / counts.counted) - done
    return [("█" * done, "green"), ("▒" * busy, "yellow"), ("·" * (width - done - busy), "dim")]


def _filters(filters: Filters) -> str:
    parts = [
        _("area {area}").format(area=filters.area) if filters.area else "",
        _("lead {lead}").format(lead=filters.lead) if filters.lead else "",
        _("status {status}").format(status=filters.status) if filters.status else "",
        _("overdue") if filters.overdue else "",
    ]
    said = ", ".join(p for p in parts if p)
    return "; " + _("filtered: {filters}").format(filters=said) if said else ""


def _as_of(result: StatusResult) -> str:
    future = future_note() if result.day > result.today else ""
    return _("as of {day}").format(day=day_in_text(result.day)) + future


# --- terminal ----------------------------------------------------------------------------------


def render_status(result: StatusResult, output: Output) -> str:
    """The status in the format asked for: table, plain, json or csv."""
    if output.format == "json":
        return as_json(result)
    return as_csv(result) if output.format == "csv" else as_table(result, output)


def render_areas(result: AreasResult, output: Output) -> str:
    """The coverage of the SOMTC areas in the format asked for: table, plain, json or csv."""
    if output.format == "json":
        return areas_json(result)
    return areas_csv(result) if output.format == "csv" else areas_table(result, output)


def as_table(result: StatusResult, output: Output) -> str:
    """The status for the terminal; plain: without box drawing, one row per line."""
    plain = output.plain
    width = PLAIN_WIDTH if plain else max(output.width, MIN_WIDTH)

    def draw(console: Printer) -> None:
        if result.single:
            _draw_plan(console, result, result.plans[0], plain)
        else:
            _draw_overview(console, result, plain)

    return render(width, output.color and not plain, draw, plain=plain, ascii=output.ascii)


def _rag_cell(rag: Rag | None, extra: str = "") -> Cell:
    return cell(_NONE if rag is None else shown(rag) + extra, _RAG_STYLE.get(rag or "", ""))


def _said(columns: tuple[Column, ...] | list[Column]) -> list[Column]:
    """The columns with their headers (marked with N_ where they are written) in the language
    chosen."""
    return [replace(c, header=_(c.header)) for c in columns]


# Count columns by attribute of Counts: planned, suspended and cancelled go first when a
# table does not fit (plain output keeps them all).
_COUNT_COLUMNS_SHOWN: Final = {
    "activities": Column(N_("Acts"), right=True),
    "completed": Column(N_("Done"), right=True),
    "ongoing": Column(N_("Ongoing"), right=True),
    "planned": Column(N_("Planned"), right=True, drop=8),
    "suspended": Column(N_("Susp."), right=True, drop=9),
    "cancelled": Column(N_("Canc."), right=True, drop=9),
    "overdue": Column(N_("Overdue"), right=True),
}
_RATE_COLUMNS: Final = (
    Column(N_("Implemented"), right=True, drop=1),
    Column(N_("Engaged"), right=True, drop=2),
    Column(N_("RAG")),
)


def _count_names(plain: bool, counts: list[Counts]) -> list[str]:
    """The counts to show: suspended and cancelled, on a terminal, only when a row has any."""
    return [
        name
        for name in _COUNT_COLUMNS_SHOWN
        if plain or name not in ("suspended", "cancelled") or any(c.of(name) for c in counts)
    ]


def _count_columns(names: list[str]) -> list[Column]:
    return _said([_COUNT_COLUMNS_SHOWN[name] for name in names] + list(_RATE_COLUMNS))


def _count_cells(counts: Counts, names: list[str], rag_count: bool = False) -> list[Cell]:
    worst = counts.rag
    many = f" ({counts.worst})" if rag_count and worst else ""
    return [
        *(cell(str(counts.of(name))) for name in names),
        cell(implementation(counts)),
        cell(engagement(counts)),
        _rag_cell(worst, many),
    ]


_WORDS: Final = {N_("Susp."): N_("Suspended"), N_("Canc."): N_("Cancelled")}


def _left_out(console: Printer, made: list[Fitted]) -> None:
    """Say which columns a narrow terminal left out, or cut short."""
    dropped = list(dict.fromkeys(d for m in made for d in m.dropped))
    cut = list(dict.fromkeys(c for m in made for c in m.cut))
    words = {_(short): _(long) for short, long in _WORDS.items()}
    said = []
    if dropped:
        columns = ", ".join(words.get(d, d) for d in dropped)
        said.append(_("Left out at this width: {columns}.").format(columns=columns))
    if cut:
        columns = ", ".join(words.get(c, c) for c in cut)
        said.append(_("Cut short to fit: {columns}.").format(columns=columns))
    if said:
        said.append(_("Widen the terminal, or use --format plain."))
        console.print(cell(" ".join(said)))


def _draw_overview(console: Printer, result: StatusResult, plain: bool) -> None:
    count = len(result.plans)
    plans = ngettext("{count} plan, {as_of}", "{count} plans, {as_of}", count)
    console.print(cell(plans.format(count=count, as_of=_as_of(result)) + _filters(result.filters)))
    names = _count_names(plain, [s.counts for s in result.plans])
    columns = [
        *_said(
            [
                Column(N_("Plan"), wrap=True, min_width=16),
                Column(N_("Title"), wrap=True, min_width=12, drop=10),
                Column(N_("Partner"), drop=6),
                Column(N_("Period"), drop=5),
                Column(N_("Over"), right=True, drop=4),
            ]
        ),
        *_count_columns(names),
        *([] if plain else _said([Column(N_("Progress"), drop=7)])),
    ]
    rows = []
    for standing in result.plans:
        plan, counts = standing.plan.plan, standing.counts
        rows.append(
            [
                cell(plan.id + (ILLUSTRATIVE if standing.illustrative else "")),
                cell(_flat(plan.short_title or plan.title, plain)),
                cell(partners(plan)),
                cell(_period(plan.start, plan.end)),
                cell(f"{standing.elapsed}%"),
                *_count_cells(counts, names, rag_count=True),
                *([] if plain else [cells(*_bar(counts))]),
            ]
        )
    made = fitted(columns, rows, plain=plain, width=console.width)
    console.print(made.table)
    if any(s.illustrative for s in result.plans):
        console.print(cell(_legend()))
    headers = {c.header for c in columns} - set(made.dropped)
    explained = [
        _(text).format(rule=shown(rule))
        for header, text, rule in _EXPLAINED
        if _(header) in headers
    ]
    console.print(cell(" ".join(explained)))
    _not_shown(console, result.blocked, result.broken is not None)
    tables = [made]
    if result.filters.active:  # the activities that pass, plan by plan
        for standing in result.plans:
            for area in standing.areas:
                if area.activities:
                    console.print()
                    tables.append(
                        _activities_table(area, plain, console.width, standing.plan.plan.id)
                    )
                    console.print(tables[-1].table)
    _left_out(console, tables)


def _not_shown(console: Printer, blocked: tuple[str, ...], problems: bool) -> None:
    """Name the plans left out because their files have problems (listed after, on stderr),
    or say that files with problems stop no plan (a stray file beside the plans)."""
    if blocked:
        line = ngettext(
            "Not shown: {plans}: its files have problems (listed below), so the figures would "
            "be wrong.",
            "Not shown: {plans}: their files have problems (listed below), so the figures "
            "would be wrong.",
            len(blocked),
        ).format(plans=", ".join(blocked))
    elif problems:
        line = _("Files with problems are listed below; they belong to no plan shown here.")
    else:
        return
    console.print(cell(line, "bold red"))


# (header, what it means, the rule said in it): each said when its column is shown
_EXPLAINED: Final = (
    ("Over", N_("Over: share of the period gone by."), ""),
    ("Implemented", N_("Implemented: {rule}."), IMPLEMENTATION_RULE),
    ("Engaged", N_("Engaged: {rule}."), ENGAGEMENT_RULE),
    ("RAG", N_("RAG: the worst activity (how many)."), ""),
)


def _draw_plan(console: Printer, result: StatusResult, standing: PlanStanding, plain: bool) -> None:
    plan = standing.plan.plan
    counts = standing.counts
    coordinators = ", ".join(
        _("{country} (since {day})").format(country=c.country, day=c.from_)
        for c in standing.coordinators
    ) or _("none recorded for this day")
    last, upcoming = standing.last_meeting, standing.next_meeting
    period = _("{start} to {end}, {elapsed}% over").format(
        start=plan.start, end=plan.end, elapsed=standing.elapsed
    )
    lines = [
        plan.title,
        f"{partners(plan)} · {plan.track} · {period} · {_as_of(result)}{_filters(result.filters)}",
        _("Coordinator: {coordinators}").format(coordinators=coordinators),
        _("Last meeting: {meeting}").format(
            meeting=f"{last.title}, {last.date}" if last else _("none yet")
        )
        + " · "
        + _("next: {meeting}").format(
            meeting=f"{upcoming.title}, {upcoming.date}" if upcoming else _("none in the plan")
        ),
        _("Implemented {implemented} · engaged {engaged} · {overdue} overdue · RAG {rags}").format(
            implemented=implementation(counts),
            engaged=engagement(counts),
            overdue=counts.overdue,
            rags=rag_counts(counts),
        ),
    ]
    for line in lines:
        console.print(cell(one_line(line)))
    console.print()
    names = _count_names(plain, [a.counts for a in standing.areas])
    columns = [
        *_said([Column(N_("Area")), Column(N_("Title"), wrap=True, min_width=24)]),
        *_count_columns(names),
    ]
    rows = []
    for a in standing.areas:
        title = _flat(a.area.title, plain)
        rows.append([cell(a.area.id), cell(title), *_count_cells(a.counts, names)])
        rows.extend(
            [
                cell(f"  {g.group.id}"),
                cell(f"  {_flat(g.group.title, plain)}"),
                *_count_cells(g.counts, names),
            ]
            for g in a.groups
        )
    made = [fitted(columns, rows, plain=plain, width=console.width)]
    console.print(made[0].table)
    for area in standing.areas:
        if area.activities:
            console.print()
            made.append(_activities_table(area, plain, console.width))
            console.print(made[-1].table)
    if not standing.activities:
        console.print(
            cell(_("No activity matches.") if result.filters.active else _("No activities yet."))
        )
    if standing.illustrative:
        console.print(cell(_legend()))
    _left_out(console, made)


_ACTIVITY_COLUMNS: Final = (
    Column(N_("Activity"), wrap=True),
    Column(N_("Title"), wrap=True, min_width=24),
    Column(N_("Lead")),
    Column(N_("Window")),
    Column(N_("Status")),
    Column("%", right=True),
    Column(N_("Exp."), right=True),
    Column(N_("RAG")),
    Column(N_("Updated"), drop=1),
    Column(N_("Note"), cut=True, min_width=16, drop=2),
)


def _activities_table(area: AreaStanding, plain: bool, width: int, plan: str = "") -> Fitted:
    """The activities of an area (of ``plan``, named in the title when given); on a terminal,
    fitted to ``width``, long titles wrapped."""
    stack = "\n" if not plain else ""  # on a terminal, stacked to save width
    rows = []
    for item in area.activities:
        percent = item.state.percent
        overdue = (stack or ", ") + _("overdue") if item.overdue else ""
        yearly = (stack or ", ") + occurrences(item) if item.occurrences else ""
        rows.append(
            [
                cell(_activity_id(item)),
                cell(_flat(item.activity.title, plain)),
                cell(leads(item.activity.lead, stack or " ")),
                cell(_flat(window(item, stack or None, stack or ", "), plain)),
                cell(
                    shown(item.state.status) + yearly + overdue, "bold red" if item.overdue else ""
                ),
                cell("" if percent is None else f"{percent}%"),
                cell("" if item.rag is None else f"{item.expected}%"),
                _rag_cell(item.rag),
                cell(_updated(item)),
                cell(_note(item)),
            ]
        )
    return fitted(
        _said(_ACTIVITY_COLUMNS),
        rows,
        plain=plain,
        width=width,
        title=f"{plan + ' · ' if plan else ''}{area.area.id} {_flat(area.area.title, plain)}",
    )


def areas_table(result: AreasResult, output: Output) -> str:
    """The ten SOMTC areas against the plans, for the terminal or (plain) for scripts."""
    plain = output.plain
    width = PLAIN_WIDTH if plain else max(output.width, MIN_WIDTH)

    def draw(console: Printer) -> None:
        console.print(
            cell(
                _("The ten SOMTC priority areas and the plans that cover them, as of {day}").format(
                    day=day_in_text(result.day)
                )
            )
        )
        columns = [
            Column(_("SOMTC area"), wrap=True, min_width=16),
            *(
                Column(_flat(_plan_name(s), plain), right=True, wrap=True, drop=1)
                for s in result.plans
            ),
        ]
        rows = [
            [cell(area_name(row.somtc_area)), *(cell(_coverage(c)) for c in row.cells)]
            for row in result.rows
        ]
        made = fitted(columns, rows, plain=plain, width=console.width)
        console.print(made.table)
        uncovered = [area_name(r.somtc_area) for r in result.rows if not r.covered]
        if uncovered:
            console.print(
                cell(_("Covered by no plan: {areas}.").format(areas=", ".join(uncovered)))
            )
        console.print(cell(_("Each cell: activities in the area, and the share implemented.")))
        if any(s.illustrative for s in result.plans):
            console.print(cell(_legend()))
        _not_shown(console, result.blocked, result.broken is not None)
        _left_out(console, [made])

    return render(width, output.color and not plain, draw, plain=plain, ascii=output.ascii)


def _coverage(counts: Counts | None) -> str:
    if counts is None:
        return _NONE
    rate = counts.implementation
    acts = ngettext("{count} act", "{count} acts", counts.activities).format(
        count=counts.activities
    )
    return acts if rate is None else f"{acts}, {whole(rate)}%"


# --- machines ----------------------------------------------------------------------------------


def counts_json(counts: Counts) -> dict[str, Any]:
    """The counts, rates and RAG of a set of activities, as JSON data."""
    return {
        "counts": {name: counts.of(name) for name in (*COUNT_FIELDS, "illustrative")},
        "implementation_rate": counts.implementation,
        "engagement_rate": counts.engagement,
        "rag": counts.rag,
        "rag_counts": dict(zip(RAGS, counts.rags, strict=True)),
    }


def _activity_json(item: ActivityFigures) -> dict[str, Any]:
    activity, stored = item.activity, item.state.record
    record = stored.record if stored is not None else None
    found = item.occurrences
    return {
        "id": activity.id,
        "title": activity.title,
        "group": activity.group,
        "lead": list(activity.lead),
        "partners": list(activity.partners),
        "start": item.window[0].isoformat(),
        "end": item.window[1].isoformat(),
        "dated": activity.start is not None or activity.end is not None,
        "timeline": activity.timeline,
        "repeat": activity.repeat,
        "note": activity.note,
        "occurrences": None
        if found is None
        else {
            "year": found.year,
            "start": found.window[0].isoformat(),
            "end": found.window[1].isoformat(),
            "completed": found.completed,
            "due": found.due,
            "missed": list(found.missed),
        },
        "provenance": activity.provenance,
        "status": item.state.status,
        "percent": item.state.percent,
        "expected_percent": item.expected,
        "behind": item.behind,
        "overdue": item.overdue,
        "rag": item.rag,
        "record": None
        if record is None or stored is None
        else {
            "id": stored.id,
            "as_of": record.as_of.isoformat(),
            "note": record.note,
            "provenance": record.provenance,
        },
    }


def plan_data(standing: PlanStanding) -> dict[str, Any]:
    """What a plan is, and how much of its period is over, as JSON data (status, summary)."""
    plan = standing.plan.plan
    return {
        "id": plan.id,
        "title": plan.title,
        "short_title": plan.short_title,
        "partner": plan.partner_codes[0] if len(plan.partner_codes) == 1 else None,
        "partners": list(plan.partner_codes),
        "track": plan.track,
        "kind": plan.kind,
        "start": plan.start.isoformat(),
        "end": plan.end.isoformat(),
        "status": plan.status,
        "elapsed_percent": standing.elapsed,
        "document": None
        if plan.document is None
        else {"title": plan.document.title, "url": plan.document.url, "ref": plan.document.ref},
        "bodies": [{"id": b.id, "name": b.name} for b in standing.plan.bodies],
    }


def _plan_json(standing: PlanStanding, detail: bool) -> dict[str, Any]:
    doc = {**plan_data(standing), **counts_json(standing.counts)}
    if detail:
        doc["coordinators"] = [c.country for c in standing.coordinators]
        doc["last_meeting"] = _meeting_json(standing.last_meeting)
        doc["next_meeting"] = _meeting_json(standing.next_meeting)
        doc["areas"] = [
            {
                "id": area.area.id,
                "title": area.area.title,
                "somtc_area": _one(area.area.somtc_areas),
                "somtc_areas": list(area.area.somtc_areas),
                **counts_json(area.counts),
                "groups": [
                    {"id": g.group.id, "title": g.group.title, **counts_json(g.counts)}
                    for g in area.groups
                ],
                "activities": [_activity_json(item) for item in area.activities],
            }
            for area in standing.areas
        ]
    return doc


def _problems(broken: BrokenFilesError | None) -> int:
    """How many problems the files have (each is on stderr, worded as validate words it)."""
    return 0 if broken is None else broken.count


def _one(values: tuple[str, ...]) -> str | None:
    """The value when there is exactly one (the key older readers know), else None."""
    return values[0] if len(values) == 1 else None


def _meeting_json(meeting: Any) -> dict[str, Any] | None:
    if meeting is None:
        return None
    return {"id": meeting.id, "title": meeting.title, "date": meeting.date.isoformat()}


def as_json(result: StatusResult) -> str:
    """The same figures as the table, as one JSON document (docs/status.md)."""
    filters = result.filters
    doc = {
        "format": JSON_FORMAT,
        "as_of": result.day.isoformat(),
        "filters": {
            "area": filters.area,
            "lead": filters.lead,
            "status": filters.status,
            "overdue": filters.overdue,
        },
        "plans": [_plan_json(s, detail=result.single or filters.active) for s in result.plans],
        "not_shown": list(result.blocked),
        "problems": _problems(result.broken),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def areas_json(result: AreasResult) -> str:
    """The coverage matrix as JSON: per SOMTC area, per plan, the counts and rates."""
    doc = {
        "format": JSON_FORMAT,
        "as_of": result.day.isoformat(),
        "plans": [s.plan.plan.id for s in result.plans],
        "not_shown": list(result.blocked),
        "problems": _problems(result.broken),
        "areas": [
            {
                "somtc_area": row.somtc_area,
                "covered": row.covered,
                "plans": {
                    s.plan.plan.id: (counts_json(c) if c is not None else None)
                    for s, c in zip(result.plans, row.cells, strict=True)
                },
            }
            for row in result.rows
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _counts_row(counts: Counts) -> list[Any]:
    return [
        *(counts.of(n) for n in COUNT_FIELDS),
        _number(counts.implementation),
        _number(counts.engagement),
        counts.rag or "",
    ]


def as_csv(result: StatusResult) -> str:
    """One row per plan (all plans), or per activity (one plan, or the activities of every
    plan that pass the filters), under one header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    rates = ["implementation_rate", "engagement_rate", "rag"]
    if not (result.single or result.filters.active):
        writer.writerow(
            ["as_of", "plan", "partner", "start", "end", "elapsed_percent", *COUNT_FIELDS, *rates]
        )
        for s in result.plans:
            plan = s.plan.plan
            writer.writerow(
                [
                    result.day,
                    plan.id,
                    " ".join(plan.partner_codes),
                    plan.start,
                    plan.end,
                    s.elapsed,
                    *_counts_row(s.counts),
                ]
            )
        return out.getvalue()
    writer.writerow(
        [
            "as_of",
            "plan",
            "area",
            "activity",
            "title",
            "group",
            "lead",
            "start",
            "end",
            "timeline",
            "repeat",
            "provenance",
            "status",
            "percent",
            "expected_percent",
            "overdue",
            "rag",
            "updated",
            "note",
            "years_done",
            "years_begun",
            "years_missed",
        ]
    )
    for standing, item in ((s, i) for s in result.plans for i in s.activities):
        stored = item.state.record
        writer.writerow(
            [
                result.day,
                standing.plan.plan.id,
                item.area.id,
                item.activity.id,
                spreadsheet_safe(item.activity.title),
                item.activity.group or "",
                " ".join(item.activity.lead),
                *item.window,
                spreadsheet_safe(item.activity.timeline),
                item.activity.repeat or "",
                item.activity.provenance,
                item.state.status,
                "" if item.state.percent is None else item.state.percent,
                item.expected,
                "yes" if item.overdue else "",
                item.rag or "",
                "" if stored is None else stored.record.as_of,
                spreadsheet_safe(None if stored is None else stored.record.note),
                *_years(item),
            ]
        )
    return out.getvalue()


def _years(item: ActivityFigures) -> list[Any]:
    """A yearly activity's years done, begun and missed (empty cells for another)."""
    found = item.occurrences
    if found is None:
        return ["", "", ""]
    return [found.completed, found.due, " ".join(map(str, found.missed))]


def areas_csv(result: AreasResult) -> str:
    """One row per SOMTC area and plan."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "as_of",
            "somtc_area",
            "plan",
            *COUNT_FIELDS,
            "implementation_rate",
            "engagement_rate",
            "rag",
        ]
    )
    for row in result.rows:
        for standing, counts in zip(result.plans, row.cells, strict=True):
            if counts is not None:
                writer.writerow(
                    [result.day, row.somtc_area, standing.plan.plan.id, *_counts_row(counts)]
                )
        if not row.covered:  # a row of its own, with no plan, so that no area goes missing
            writer.writerow([result.day, row.somtc_area, "", *_counts_row(Counts())])
    return out.getvalue()
