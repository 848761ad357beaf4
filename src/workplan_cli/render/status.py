"""Where plans stand (`status`, `areas`) as a table, plain text, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any, Final

from workplan_cli.errors import BrokenFilesError
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
    FUTURE,
    area_name,
    engagement,
    implementation,
    leads,
    mark,
    occurrences,
    partners,
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
    plural,
)

if TYPE_CHECKING:
    import datetime as dt

MIN_WIDTH: Final = 80
LEGEND: Final = (
    f"{ILLUSTRATIVE} illustrative: invented to demonstrate workplan, "
    "not a real commitment or report"
)
_RAG_STYLE: Final[dict[str, str]] = {
    "green": "green",
    "amber": "yellow",
    "red": "bold red",
    "grey": "dim",
}
_NONE: Final = "-"


# --- words and numbers -------------------------------------------------------------------------


def rag_counts(counts: Counts) -> str:
    """'red: 2 red, 3 amber, 12 green, 5 grey' (worst first, none left out)."""
    if counts.rag is None:
        return "none judged"
    parts = ", ".join(
        f"{n} {rag}" for rag, n in reversed(list(zip(RAGS, counts.rags, strict=True)))
    )
    return f"{counts.rag}: {parts}"


def _period(start: dt.date, end: dt.date) -> str:
    """'2023-2027' for whole years, else the two days."""
    whole_years = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    return f"{start.year}-{end.year}" if whole_years else f"{start} to {end}"


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
        f"area {filters.area}" if filters.area else "",
        f"lead {filters.lead}" if filters.lead else "",
        f"status {filters.status}" if filters.status else "",
        "overdue" if filters.overdue else "",
    ]
    shown = ", ".join(p for p in parts if p)
    return f"; filtered: {shown}" if shown else ""


def _as_of(result: StatusResult) -> str:
    future = FUTURE if result.day > result.today else ""
    return f"as of {result.day}{future}"


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
    return cell(_NONE if rag is None else rag + extra, _RAG_STYLE.get(rag or "", ""))


# Count columns by attribute of Counts: planned, suspended and cancelled go first when a
# table does not fit (plain output keeps them all).
_COUNT_COLUMNS_SHOWN: Final = {
    "activities": Column("Acts", right=True),
    "completed": Column("Done", right=True),
    "ongoing": Column("Ongoing", right=True),
    "planned": Column("Planned", right=True, drop=8),
    "suspended": Column("Susp.", right=True, drop=9),
    "cancelled": Column("Canc.", right=True, drop=9),
    "overdue": Column("Overdue", right=True),
}
_RATE_COLUMNS: Final = (
    Column("Implemented", right=True, drop=1),
    Column("Engaged", right=True, drop=2),
    Column("RAG"),
)


def _count_names(plain: bool, counts: list[Counts]) -> list[str]:
    """The counts to show: suspended and cancelled, on a terminal, only when a row has any."""
    return [
        name
        for name in _COUNT_COLUMNS_SHOWN
        if plain or name not in ("suspended", "cancelled") or any(c.of(name) for c in counts)
    ]


def _count_columns(names: list[str]) -> list[Column]:
    return [_COUNT_COLUMNS_SHOWN[name] for name in names] + list(_RATE_COLUMNS)


def _count_cells(counts: Counts, names: list[str], rag_count: bool = False) -> list[Cell]:
    worst = counts.rag
    many = f" ({counts.worst})" if rag_count and worst else ""
    return [
        *(cell(str(counts.of(name))) for name in names),
        cell(implementation(counts)),
        cell(engagement(counts)),
        _rag_cell(worst, many),
    ]


_WORDS: Final = {"Susp.": "Suspended", "Canc.": "Cancelled"}


def _left_out(console: Printer, made: list[Fitted]) -> None:
    """Say which columns a narrow terminal left out, or cut short."""
    dropped = list(dict.fromkeys(d for m in made for d in m.dropped))
    cut = list(dict.fromkeys(c for m in made for c in m.cut))
    said = []
    if dropped:
        said.append(f"Left out at this width: {', '.join(_WORDS.get(d, d) for d in dropped)}.")
    if cut:
        said.append(f"Cut short to fit: {', '.join(_WORDS.get(c, c) for c in cut)}.")
    if said:
        console.print(cell(" ".join(said) + " Widen the terminal, or use --format plain."))


def _draw_overview(console: Printer, result: StatusResult, plain: bool) -> None:
    console.print(
        cell(f"{plural(len(result.plans), 'plan')}, {_as_of(result)}{_filters(result.filters)}")
    )
    names = _count_names(plain, [s.counts for s in result.plans])
    columns = [
        Column("Plan", wrap=True, min_width=16),
        Column("Title", wrap=True, min_width=12, drop=10),
        Column("Partner", drop=6),
        Column("Period", drop=5),
        Column("Over", right=True, drop=4),
        *_count_columns(names),
        *([] if plain else [Column("Progress", drop=7)]),
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
        console.print(cell(LEGEND))
    shown = {c.header for c in columns} - set(made.dropped)
    console.print(cell(" ".join(text for header, text in _EXPLAINED if header in shown)))
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
        said = "its files have" if len(blocked) == 1 else "their files have"
        line = (
            f"Not shown: {', '.join(blocked)}: {said} problems (listed below), so the "
            "figures would be wrong."
        )
    elif problems:
        line = "Files with problems are listed below; they belong to no plan shown here."
    else:
        return
    console.print(cell(line, "bold red"))


_EXPLAINED: Final = (
    ("Over", "Over: share of the period gone by."),
    ("Implemented", f"Implemented: {IMPLEMENTATION_RULE}."),
    ("Engaged", f"Engaged: {ENGAGEMENT_RULE}."),
    ("RAG", "RAG: the worst activity (how many)."),
)


def _draw_plan(console: Printer, result: StatusResult, standing: PlanStanding, plain: bool) -> None:
    plan = standing.plan.plan
    counts = standing.counts
    coordinators = (
        ", ".join(f"{c.country} (since {c.from_})" for c in standing.coordinators)
        or "none recorded for this day"
    )
    last, upcoming = standing.last_meeting, standing.next_meeting
    lines = [
        plan.title,
        f"{partners(plan)} · {plan.track} · {plan.start} to {plan.end}, {standing.elapsed}% over "
        f"· {_as_of(result)}{_filters(result.filters)}",
        f"Coordinator: {coordinators}",
        "Last meeting: "
        + (f"{last.title}, {last.date}" if last else "none yet")
        + " · next: "
        + (f"{upcoming.title}, {upcoming.date}" if upcoming else "none in the plan"),
        f"Implemented {implementation(counts)} · engaged {engagement(counts)} "
        f"· {counts.overdue} overdue · RAG {rag_counts(counts)}",
    ]
    for line in lines:
        console.print(cell(one_line(line)))
    console.print()
    names = _count_names(plain, [a.counts for a in standing.areas])
    columns = [Column("Area"), Column("Title", wrap=True, min_width=24), *_count_columns(names)]
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
            cell("No activity matches." if result.filters.active else "No activities yet.")
        )
    if standing.illustrative:
        console.print(cell(LEGEND))
    _left_out(console, made)


_ACTIVITY_COLUMNS: Final = (
    Column("Activity", wrap=True),
    Column("Title", wrap=True, min_width=24),
    Column("Lead"),
    Column("Window"),
    Column("Status"),
    Column("%", right=True),
    Column("Exp.", right=True),
    Column("RAG"),
    Column("Updated", drop=1),
    Column("Note", cut=True, min_width=16, drop=2),
)


def _activities_table(area: AreaStanding, plain: bool, width: int, plan: str = "") -> Fitted:
    """The activities of an area (of ``plan``, named in the title when given); on a terminal,
    fitted to ``width``, long titles wrapped."""
    stack = "\n" if not plain else ""  # on a terminal, stacked to save width
    rows = []
    for item in area.activities:
        percent = item.state.percent
        overdue = (stack or ", ") + "overdue" if item.overdue else ""
        yearly = (stack or ", ") + occurrences(item) if item.occurrences else ""
        rows.append(
            [
                cell(_activity_id(item)),
                cell(_flat(item.activity.title, plain)),
                cell(leads(item.activity.lead, stack or " ")),
                cell(_flat(window(item, stack or " to ", stack or ", "), plain)),
                cell(item.state.status + yearly + overdue, "bold red" if item.overdue else ""),
                cell("" if percent is None else f"{percent}%"),
                cell("" if item.rag is None else f"{item.expected}%"),
                _rag_cell(item.rag),
                cell(_updated(item)),
                cell(_note(item)),
            ]
        )
    return fitted(
        _ACTIVITY_COLUMNS,
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
            cell(f"The ten SOMTC priority areas and the plans that cover them, as of {result.day}")
        )
        columns = [
            Column("SOMTC area", wrap=True, min_width=16),
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
            console.print(cell(f"Covered by no plan: {', '.join(uncovered)}."))
        console.print(cell("Each cell: activities in the area, and the share implemented."))
        if any(s.illustrative for s in result.plans):
            console.print(cell(LEGEND))
        _not_shown(console, result.blocked, result.broken is not None)
        _left_out(console, [made])

    return render(width, output.color and not plain, draw, plain=plain, ascii=output.ascii)


def _coverage(counts: Counts | None) -> str:
    if counts is None:
        return _NONE
    rate = counts.implementation
    acts = plural(counts.activities, "act")
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
