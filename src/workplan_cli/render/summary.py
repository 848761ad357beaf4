"""The consultation progress summary as JSON, Markdown, or one self-contained HTML page."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Final

from workplan_cli.models import Evidence, Meeting
from workplan_cli.planning import ActivityFigures, Counts
from workplan_cli.render.status import area_name, counts_json, engagement, implementation, whole
from workplan_cli.summary import Summary, year_after
from workplan_cli.text import visible

JSON_FORMAT: Final = 1  # the version of the JSON structure (docs/summary.md)
ILLUSTRATIVE_NOTE: Final = (
    "Illustrative data: activities and progress marked * are invented to demonstrate "
    "workplan; they are not real commitments or reports."
)


# --- the data: one structure behind every format ---------------------------------------------


def _meeting(meeting: Meeting | None) -> dict[str, Any] | None:
    if meeting is None:
        return None
    return {
        "id": meeting.id,
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "place": meeting.place,
        "level": meeting.level,
    }


def _evidence(items: tuple[Evidence, ...]) -> list[dict[str, Any]]:
    return [{"title": e.title, "url": e.url, "restricted": e.restricted} for e in items]


def _change(now: Counts, then: Counts | None) -> dict[str, float | None]:
    def points(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else round(a - b, 1)

    return {
        "implementation_points": points(now.implementation, then.implementation if then else None),
        "engagement_points": points(now.engagement, then.engagement if then else None),
    }


def _late(item: ActivityFigures) -> dict[str, Any]:
    stored = item.state.record
    return {
        "activity": item.activity.id,
        "title": item.activity.title,
        "lead": list(item.activity.lead),
        "start": item.activity.start.isoformat(),
        "end": item.activity.end.isoformat(),
        "provenance": item.activity.provenance,
        "status": item.state.status,
        "percent": item.state.percent,
        "expected_percent": item.expected,
        "overdue": item.overdue,
        "rag": item.rag,
        "note": stored.record.note if stored else None,
        "note_as_of": stored.record.as_of.isoformat() if stored else None,
    }


def _then(summary: Summary) -> dict[str, Counts]:
    """The counts at the start of the period, by area id, and "" for all areas."""
    if summary.then is None:
        return {}
    return {"": summary.then.counts} | {a.area.id: a.counts for a in summary.then.areas}


def as_data(summary: Summary) -> dict[str, Any]:
    """Every figure and list of the summary, as plain data (the JSON document)."""
    plan = summary.plan.plan
    then = _then(summary)
    return {
        "format": JSON_FORMAT,
        "plan": {
            "id": plan.id,
            "title": plan.title,
            "short_title": plan.short_title,
            "partner": plan.partner,
            "track": plan.track,
            "kind": plan.kind,
            "start": plan.start.isoformat(),
            "end": plan.end.isoformat(),
            "status": plan.status,
            "elapsed_percent": summary.now.elapsed,
            "coordinators": [c.country for c in summary.now.coordinators],
        },
        "meeting": _meeting(summary.meeting),
        "previous_meeting": _meeting(summary.previous),
        "as_of": summary.day.isoformat(),
        "since": summary.since.isoformat() if summary.since else None,
        "public": summary.public,
        "withheld_evidence": summary.withheld,
        "illustrative": summary.illustrative,
        "overall": {
            **counts_json(summary.now.counts),
            "change": _change(summary.now.counts, then.get("")),
        },
        "areas": [
            {
                "id": a.area.id,
                "title": a.area.title,
                "somtc_area": a.area.somtc_area,
                **counts_json(a.counts),
                "change": _change(a.counts, then.get(a.area.id)),
            }
            for a in summary.now.areas
        ],
        "completed": [
            {
                "activity": c.figures.activity.id,
                "title": c.figures.activity.title,
                "lead": list(c.figures.activity.lead),
                "provenance": c.figures.activity.provenance,
                "as_of": c.figures.state.record.record.as_of.isoformat()
                if c.figures.state.record
                else None,
                "evidence": _evidence(c.evidence),
            }
            for c in summary.completed
        ],
        "late": [_late(item) for item in summary.late],
        "changes": [
            {
                "as_of": c.stored.record.as_of.isoformat(),
                "activity": c.activity.id,
                "title": c.activity.title,
                "status": c.stored.record.status,
                "percent": c.stored.record.effective_percent,
                "note": c.stored.record.note,
                "meeting": c.stored.record.meeting,
                "reported_by": c.stored.record.reported_by,
                "provenance": c.stored.record.provenance,
                "evidence": _evidence(c.evidence),
                "record": c.stored.id,
                "replaced": c.replaced,
            }
            for c in summary.changes
        ],
        "upcoming_until": year_after(summary.day).isoformat(),
        "upcoming": [
            {
                "date": u.day.isoformat(),
                "event": u.event,
                "activity": u.activity.id,
                "title": u.activity.title,
                "lead": list(u.activity.lead),
            }
            for u in summary.upcoming
        ],
        "indicators": [
            {
                "activity": i.activity.id,
                "indicator": i.indicator.id,
                "title": i.indicator.title,
                "unit": i.indicator.unit,
                "aggregation": i.indicator.aggregation,
                "baseline": i.indicator.baseline,
                "target": i.indicator.target,
                "value": i.value,
                "progress_percent": i.share,
                "reported": i.reported.isoformat() if i.reported else None,
            }
            for i in summary.indicators
        ],
    }


def as_json(summary: Summary) -> str:
    """The summary as one JSON document (docs/summary.md)."""
    return json.dumps(as_data(summary), indent=2, ensure_ascii=False) + "\n"


# --- words shared by Markdown and HTML ----------------------------------------------------------


def period_words(summary: Summary) -> str:
    """'since the 9th AMMTC+Japan Consultation (2024-10-17)', or the like."""
    if summary.previous is not None and summary.since == summary.previous.date:
        return f"since the {_the(summary.previous.title)} ({summary.previous.date})"
    if summary.since is not None:
        return f"since {summary.since}"
    return "since the plan began"


def _the(title: str) -> str:
    return title[4:] if title.lower().startswith("the ") else title


def _points(now: float | None, then: float | None) -> str:
    """The change between two rates as shown (whole percent), so the reader's sum agrees."""
    if now is None or then is None:
        return ""
    value = whole(now) - whole(then)
    return "no change" if value == 0 else f"{value:+d} pts"


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _mark(provenance: str) -> str:
    return "*" if provenance == "illustrative" else ""


def _md_mark(provenance: str) -> str:
    return _md(_mark(provenance))


def _header(summary: Summary) -> list[tuple[str, str]]:
    """The facts under the title, as (label, value) pairs."""
    plan = summary.plan.plan
    coordinators = ", ".join(c.country for c in summary.now.coordinators)
    rows = [
        ("Plan", f"{plan.partner} · {plan.track} · {plan.kind} · {plan.status}"),
        ("Period", f"{plan.start} to {plan.end}, {summary.now.elapsed}% gone by"),
        ("Coordinator", coordinators or "none recorded for this day"),
    ]
    if summary.meeting is not None:
        m = summary.meeting
        rows.append(("For", f"{m.title}, {m.date}" + (f", {m.place}" if m.place else "")))
    future = " (a future day: the latest records, projected)" if summary.day > summary.today else ""
    rows.append(("As of", f"{summary.day}{future}; changes {period_words(summary)}"))
    return rows


# --- Markdown ------------------------------------------------------------------------------------

# What could format text inside a line: emphasis, code, links, HTML and its entities, table
# cells, strikethrough; "_" only at the edge of a word (snake_case stays as it is).
_MD_SPECIAL: Final = re.compile(r"([\\`*\[\]<>|~&]|(?<!\w)_|_(?!\w))")


def _md(text: str | None) -> str:
    """User text for Markdown: one line, every character that could format something escaped."""
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(visible(text).split()))


def _md_table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> str:
    right = right or set()
    rule = ["---:" if i in right else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _rate_rows(summary: Summary) -> list[dict[str, Any]]:
    """The rates table: one row per area, then all areas; the changes as shown."""
    then = _then(summary)
    rows: list[tuple[str, str, str, Counts]] = [
        (a.area.id, a.area.title, a.area.somtc_area, a.counts) for a in summary.now.areas
    ]
    rows.append(("", "All areas", "", summary.now.counts))
    result = []
    for key, title, somtc, counts in rows:
        before = then.get(key)
        result.append(
            {
                "id": key,
                "title": title,
                "somtc_area": area_name(somtc),
                "counts": counts,
                "implementation": implementation(counts),
                "implementation_change": _points(
                    counts.implementation, before.implementation if before else None
                ),
                "engagement": engagement(counts),
                "engagement_change": _points(
                    counts.engagement, before.engagement if before else None
                ),
                "rag": counts.rag,
            }
        )
    return result


def as_markdown(summary: Summary) -> str:
    """The summary as Markdown for a meeting paper, or a GitHub Actions job summary."""
    plan = summary.plan.plan
    out = [f"# Progress summary: {_md(plan.title)}", ""]
    out += [f"- **{label}:** {_md(value)}" for label, value in _header(summary)]
    out.append("")
    if summary.illustrative:
        out += [f"> {ILLUSTRATIVE_NOTE}", ""]
    if summary.public:
        out += [f"> Public version: {_withheld(summary.withheld)}", ""]

    period = period_words(summary)
    out += ["## Implementation by priority area", ""]
    rows = [
        [
            f"{_md(r['id'])} {_md(r['title'])}" if r["id"] else "**All areas**",
            *(str(getattr(r["counts"], n)) for n in ("activities", "completed", "ongoing")),
            str(r["counts"].overdue),
            r["implementation"],
            r["implementation_change"],
            r["engagement"],
            r["engagement_change"],
            r["rag"] or "-",
        ]
        for r in _rate_rows(summary)
    ]
    out += [
        _md_table(
            [
                "Area",
                "Activities",
                "Completed",
                "Ongoing",
                "Overdue",
                "Implementation",
                "Change",
                "Engagement",
                "Change",
                "RAG",
            ],
            rows,
            right={1, 2, 3, 4, 5, 6, 7, 8},
        ),
        "",
        "Implementation: completed / (all - cancelled). Engagement: completed and ongoing / "
        f"(all - cancelled). Change: percentage points {period}.",
        "",
    ]

    out += [f"## Completed {period}", ""]
    if summary.completed:
        for c in summary.completed:
            a = c.figures.activity
            name = f"{_md(a.id)}{_md_mark(a.provenance)}"
            line = f"- **{name}** {_md(a.title)} (lead {', '.join(a.lead)})"
            if c.evidence:
                line += ". Evidence: " + "; ".join(_md_link(e) for e in c.evidence)
            out.append(line)
    else:
        out.append("No activity was completed in this period.")
    out.append("")

    out += ["## Overdue and red activities", ""]
    if summary.late:
        out.append(
            _md_table(
                [
                    "Activity",
                    "Title",
                    "Lead",
                    "Window",
                    "Status",
                    "%",
                    "Expected",
                    "RAG",
                    "Latest note",
                ],
                [
                    [
                        _md(i.activity.id) + _md_mark(i.activity.provenance),
                        _md(i.activity.title),
                        ", ".join(i.activity.lead),
                        f"{i.activity.start} to {i.activity.end}",
                        i.state.status + (", overdue" if i.overdue else ""),
                        "" if i.state.percent is None else f"{i.state.percent}%",
                        f"{i.expected}%",
                        i.rag or "-",
                        _md(i.state.record.record.note) if i.state.record else "",
                    ]
                    for i in summary.late
                ],
                right={5, 6},
            )
        )
    else:
        out.append("None: no activity is overdue or red.")
    out.append("")

    out += [f"## Progress reported {period}", ""]
    if summary.changes:
        out.append(
            _md_table(
                ["As of", "Activity", "Status", "%", "Note", "Evidence"],
                [
                    [
                        str(c.stored.record.as_of),
                        _md(c.activity.id) + _md_mark(c.stored.record.provenance),
                        c.stored.record.status,
                        ""
                        if c.stored.record.effective_percent is None
                        else f"{c.stored.record.effective_percent}%",
                        _md(c.stored.record.note)
                        + (" (replaced by a later record for this day)" if c.replaced else ""),
                        "; ".join(_md_link(e) for e in c.evidence),
                    ]
                    for c in summary.changes
                ],
                right={3},
            )
        )
    else:
        out.append("No progress was recorded in this period.")
    out.append("")

    out += [f"## Due in the next twelve months (to {year_after(summary.day)})", ""]
    if summary.upcoming:
        out.append(
            _md_table(
                ["Date", "Activity", "Event", "Title", "Lead"],
                [
                    [
                        str(u.day),
                        _md(u.activity.id) + _md_mark(u.activity.provenance),
                        u.event,
                        _md(u.activity.title),
                        ", ".join(u.activity.lead),
                    ]
                    for u in summary.upcoming
                ],
            )
        )
    else:
        out.append("No activity starts or ends in the next twelve months.")
    out.append("")

    if summary.indicators:
        out += ["## Indicators", ""]
        out.append(
            _md_table(
                ["Activity", "Indicator", "Baseline", "Value", "Target", "Progress", "Reported"],
                [
                    [
                        _md(i.activity.id) + _md_mark(i.activity.provenance),
                        f"{_md(i.indicator.title)} ({_md(i.indicator.unit)})",
                        _number(i.indicator.baseline),
                        _number(i.value),
                        _number(i.indicator.target),
                        "" if i.share is None else f"{whole(i.share)}%",
                        str(i.reported or "not yet"),
                    ]
                    for i in summary.indicators
                ],
                right={2, 3, 4, 5},
            )
        )
        out.append("")
    out.append(_footer(summary))
    return "\n".join(out) + "\n"


def _md_link(evidence: Evidence) -> str:
    url = evidence.url.replace(">", "%3E").replace("<", "%3C").replace(" ", "%20")
    restricted = " (restricted)" if evidence.restricted else ""
    return f"[{_md(evidence.title)}](<{url}>){restricted}"


def _withheld(count: int) -> str:
    if count == 0:
        return "no restricted evidence was left out."
    items = (
        "1 restricted evidence item was"
        if count == 1
        else f"{count} restricted evidence items were"
    )
    return f"{items} left out."


def _footer(summary: Summary) -> str:
    plan = summary.plan.plan
    return (
        f"Written by workplan from plans/{plan.id}.toml and its progress records, as of "
        f"{summary.day}. Marked *: illustrative."
        if summary.illustrative
        else f"Written by workplan from plans/{plan.id}.toml and its progress records, "
        f"as of {summary.day}."
    )


# --- HTML ----------------------------------------------------------------------------------------

_RAG_COLOURS: Final = {
    "green": "#2e7d32",
    "amber": "#ef8f00",
    "red": "#c62828",
    "grey": "#9e9e9e",
    None: "#cfd8dc",
}


_RAG_TEXT: Final = {"green": "#fff", "amber": "#1f2933", "red": "#fff", "grey": "#fff"} | {
    "none": "#1f2933"
}


def _bars(summary: Summary) -> dict[str, Any]:
    """Rates per area as horizontal bars: geometry for the template (numbers and labels)."""
    rows = [(f"{a.area.id} {a.area.title}", a.counts) for a in summary.now.areas]
    rows.append(("All areas", summary.now.counts))
    label_w, bar_w, row_h = 230, 360, 34
    bars: list[dict[str, Any]] = []
    for n, (label, counts) in enumerate(rows):
        bars.append(
            {
                "label": label if len(label) <= 34 else label[:33] + "…",
                "y": 24 + n * row_h,
                "engaged": round(bar_w * (counts.engagement or 0) / 100, 1),
                "implemented": round(bar_w * (counts.implementation or 0) / 100, 1),
                "text": f"{implementation(counts)}; engaged {engagement(counts)}",
            }
        )
    text_w = 7 * max(len(bar["text"]) for bar in bars) + 16  # about 7 px a character at 12 px
    return {
        "width": label_w + bar_w + text_w,
        "height": 24 + len(rows) * row_h + 8,
        "x": label_w,
        "bar_w": bar_w,
        "bars": bars,
    }


def _timeline(summary: Summary) -> dict[str, Any]:
    """Each activity's window against the plan period, coloured by RAG, with the day marked."""
    plan = summary.plan.plan
    start, end = plan.start, plan.end
    span = max((end - start).days, 1)
    label_w, chart_w, row_h = 90, 560, 18

    def x(day: dt.date) -> float:
        clamped = min(max(day, start), end)
        return round(label_w + chart_w * (clamped - start).days / span, 1)

    rows = []
    for n, item in enumerate(summary.now.activities):
        a = item.activity
        rows.append(
            {
                "label": a.id + _mark(a.provenance),
                "y": 30 + n * row_h,
                "x": x(a.start),
                "w": max(round(x(a.end) - x(a.start), 1), 2),
                "colour": _RAG_COLOURS[item.rag],
                "title": f"{a.id} {a.title}: {item.state.status}, RAG {item.rag or 'none'}",
            }
        )
    years = [
        {"x": x(dt.date(year, 1, 1)), "label": str(year)}
        for year in range(start.year, end.year + 1)
        if start <= dt.date(year, 1, 1) <= end
    ]
    return {
        "width": label_w + chart_w + 20,
        "height": 30 + len(rows) * row_h + 10,
        "rows": rows,
        "years": years,
        "today": x(summary.day) if start <= summary.day <= end else None,
        "today_label": str(summary.day),
        "today_anchor": "end" if x(summary.day) > label_w + chart_w - 80 else "start",
        "left": label_w,
        "right": label_w + chart_w,
    }


def as_html(summary: Summary) -> str:
    """One self-contained page (no network, no external files), printable on A4."""
    from importlib.resources import files

    from jinja2 import Environment, StrictUndefined, select_autoescape

    environment = Environment(
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=lambda value: visible(value) if isinstance(value, str) else value,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    template_text = (files("workplan_cli") / "render" / "templates" / "summary.html").read_text(
        encoding="utf-8"
    )
    template = environment.from_string(template_text)
    return template.render(
        s=summary,
        upcoming_until=year_after(summary.day),
        header=_header(summary),
        rates=_rate_rows(summary),
        period=period_words(summary),
        illustrative_note=ILLUSTRATIVE_NOTE,
        withheld=_withheld(summary.withheld),
        footer=_footer(summary),
        bars=_bars(summary),
        timeline=_timeline(summary),
        rag_colours={k or "none": v for k, v in _RAG_COLOURS.items()},
        rag_text=_RAG_TEXT,
        number=_number,
        whole=whole,
        mark=_mark,
        area_name=area_name,
    )
