"""The consultation progress summary as JSON, Markdown, or one self-contained HTML page."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from typing import Any, Final

from workplan_cli.models import Evidence, Meeting
from workplan_cli.planning import ActivityFigures, RateChange
from workplan_cli.render.paper import Cell, Section, paper_of
from workplan_cli.render.status import counts_json, plan_data
from workplan_cli.render.words import engagement, implementation, mark, window
from workplan_cli.summary import Summary
from workplan_cli.text import visible
from workplan_cli.vocabulary import JSON_FORMAT

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


def _change(change: RateChange) -> dict[str, int | None]:
    return {
        "implementation_points": change.implementation,
        "engagement_points": change.engagement,
    }


def _late(item: ActivityFigures) -> dict[str, Any]:
    stored = item.state.record
    return {
        "activity": item.activity.id,
        "title": item.activity.title,
        "lead": list(item.activity.lead),
        "start": item.window[0].isoformat(),
        "end": item.window[1].isoformat(),
        "timeline": item.activity.timeline,
        "repeat": item.activity.repeat,
        "provenance": item.activity.provenance,
        "status": item.state.status,
        "percent": item.state.percent,
        "expected_percent": item.expected,
        "overdue": item.overdue,
        "rag": item.rag,
        "note": stored.record.note if stored else None,
        "note_as_of": stored.record.as_of.isoformat() if stored else None,
    }


def as_data(summary: Summary) -> dict[str, Any]:
    """Every figure and list of the summary, as plain data (the JSON document)."""
    *areas, overall = summary.rates
    return {
        "format": JSON_FORMAT,
        "plan": {
            **plan_data(summary.now),
            "coordinators": [c.country for c in summary.now.coordinators],
        },
        "meeting": _meeting(summary.meeting),
        "previous_meeting": _meeting(summary.previous),
        "as_of": summary.day.isoformat(),
        "since": summary.since.isoformat() if summary.since else None,
        "public": summary.public,
        "withheld_evidence": summary.withheld,
        "redacted_notes": summary.redacted,
        "illustrative": summary.illustrative,
        "overall": {**counts_json(overall.counts), "change": _change(overall.change)},
        "areas": [
            {
                "id": a.area.id,
                "title": a.area.title,
                "somtc_area": a.area.somtc_areas[0] if len(a.area.somtc_areas) == 1 else None,
                "somtc_areas": list(a.area.somtc_areas),
                **counts_json(a.counts),
                "change": _change(a.change),
                "groups": [
                    {
                        "id": g.group.id,
                        "title": g.group.title,
                        **counts_json(g.counts),
                        "change": _change(g.change),
                    }
                    for g in areas
                    if g.group is not None and g.area is a.area
                ],
            }
            for a in areas
            if a.area is not None and a.group is None
        ],
        "completed": [
            {
                "activity": c.figures.activity.id,
                "title": c.figures.activity.title,
                "lead": list(c.figures.activity.lead),
                "provenance": c.figures.activity.provenance,
                "as_of": c.record.record.as_of.isoformat() if c.record else None,
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
                "reports_differ": list(c.same_day.differs) if c.same_day else [],
            }
            for c in summary.changes
        ],
        "upcoming_until": summary.upcoming_until.isoformat(),
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


def render_summary(summary: Summary, fmt: str) -> str:
    """The summary in the format asked for: md, html or json."""
    if fmt == "json":
        return as_json(summary)
    return as_html(summary) if fmt == "html" else as_markdown(summary)


def as_json(summary: Summary) -> str:
    """The summary as one JSON document (docs/summary.md)."""
    return json.dumps(as_data(summary), indent=2, ensure_ascii=False) + "\n"


# --- Markdown ------------------------------------------------------------------------------------

# What could format text inside a line: emphasis, code, links, HTML and its entities, table
# cells, strikethrough; "_" only at the edge of a word (snake_case stays as it is).
_MD_SPECIAL: Final = re.compile(r"([\\`*\[\]<>|~&]|(?<!\w)_|_(?!\w))")


def md_text(text: str | None) -> str:
    """User text for Markdown: one line, every character that could format something escaped."""
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(visible(text).split()))


def as_markdown(summary: Summary) -> str:
    """The summary as Markdown for a meeting paper, or a GitHub Actions job summary."""
    paper = paper_of(summary)
    out = [f"# {md_text(paper.title)}", ""]
    out += [f"- **{label}:** {md_text(value)}" for label, value in paper.facts]
    out.append("")
    for _, note in paper.notes:
        out += [f"> {note}", ""]
    for section in paper.sections:
        if section.rows or section.entries or section.empty:  # Markdown draws no charts
            out += [f"## {md_text(section.title)}", "", *_md_section(section), ""]
            if section.after:
                out += [md_text(section.after), ""]
    out.append(paper.footer)
    return "\n".join(out) + "\n"


def _md_section(section: Section) -> list[str]:
    if section.entries:
        return [
            f"- **{md_text(e.name)}{md_text(e.mark)}** {md_text(e.text)} {e.note}"
            + (". Evidence: " + "; ".join(_md_link(link) for link in e.links) if e.links else "")
            for e in section.entries
        ]
    if not section.rows:
        return [section.empty]
    lines = [
        "| " + " | ".join(c.title for c in section.columns) + " |",
        "| " + " | ".join("---:" if c.num else "---" for c in section.columns) + " |",
    ]
    for row in section.rows:
        cells = [_md_cell(cell) for cell in row.cells]
        if row.total:
            cells[0] = f"**{cells[0]}**"
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _md_cell(cell: Cell) -> str:
    text = " ".join(cell.lines) if cell.lines else cell.text
    shown = md_text(text) + md_text(cell.mark) + (f", {cell.alert}" if cell.alert else "")
    shown += f"{' ' if shown else ''}{md_text(cell.note)}" if cell.note else ""
    return shown + "; ".join(_md_link(link) for link in cell.links)


def _md_link(evidence: Evidence) -> str:
    # characters that would end the link, or the table cell it is in
    url = evidence.url
    for character, code in ((">", "%3E"), ("<", "%3C"), (" ", "%20"), ("|", "%7C"), ("\\", "%5C")):
        url = url.replace(character, code)
    restricted = " (restricted)" if evidence.restricted else ""
    return f"[{md_text(evidence.title)}](<{url}>){restricted}"


# --- HTML ----------------------------------------------------------------------------------------

_RAG_COLOURS: Final = {
    "green": "#2e7d32",
    "amber": "#ef8f00",
    "red": "#c62828",
    "grey": "#616161",  # white on it: 6.2:1 (WCAG AA needs 4.5)
    None: "#cfd8dc",
}


_RAG_TEXT: Final = {"green": "#fff", "amber": "#1f2933", "red": "#fff", "grey": "#fff"} | {
    "none": "#1f2933"
}


def _bars(summary: Summary) -> dict[str, Any]:
    """Rates per area as horizontal bars: geometry for the template (numbers and labels)."""
    rows = [(f"{a.area.id} {a.area.title}", a.counts) for a in summary.now.areas]
    rows.append(("All areas", summary.now.counts))
    label_w, bar_w, row_h, line_h = 230, 360, 34, 15
    bars: list[dict[str, Any]] = []
    y = 24
    for label, counts in rows:
        # the whole label, on as many lines as it takes (about 32 characters fit a line)
        lines = textwrap.wrap(label, 32, break_long_words=True) or [""]
        bars.append(
            {
                "lines": lines,
                "label_y": y + 16 - (len(lines) - 1) * line_h / 2,
                "line_h": line_h,
                "y": y,
                "engaged": round(bar_w * (counts.engagement or 0) / 100, 1),
                "implemented": round(bar_w * (counts.implementation or 0) / 100, 1),
                "text": f"{implementation(counts)}; engaged {engagement(counts)}",
            }
        )
        y += max(row_h, len(lines) * line_h + 6)
    text_w = 7 * max(len(bar["text"]) for bar in bars) + 16  # about 7 px a character at 12 px
    return {
        "width": label_w + bar_w + text_w,
        "height": y + 8,
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
                "label": a.id + mark(a.provenance),
                "y": 30 + n * row_h,
                "x": x(item.window[0]),
                "w": max(round(x(item.window[1]) - x(item.window[0]), 1), 2),
                "colour": _RAG_COLOURS[item.rag],
                "title": f"{a.id} {a.title}: {window(item)}; {item.state.status}, "
                f"RAG {item.rag or 'none'}",
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
    from markupsafe import Markup

    environment = Environment(
        autoescape=select_autoescape(default=True, default_for_string=True),
        # user text with control codes written out; a macro's output is markup already
        finalize=lambda value: (
            visible(value) if isinstance(value, str) and not isinstance(value, Markup) else value
        ),
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
        paper=paper_of(summary),
        bars=_bars(summary),
        timeline=_timeline(summary),
        rag_colours={k or "none": v for k, v in _RAG_COLOURS.items()},
        rag_text=_RAG_TEXT,
    )
