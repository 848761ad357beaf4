"""The consultation progress summary as JSON, Markdown, one self-contained HTML page, or PDF
(the Word paper is render/word.py)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Final

from workplan_cli.errors import MissingExtraError
from workplan_cli.models import Evidence, Meeting
from workplan_cli.planning import ActivityFigures, RateChange
from workplan_cli.render.paper import Cell, Section, paper_of
from workplan_cli.render.status import counts_json, plan_data
from workplan_cli.summary import Summary
from workplan_cli.text import visible
from workplan_cli.vocabulary import JSON_FORMAT

if TYPE_CHECKING:
    from markupsafe import Markup

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


def as_data(summary: Summary, marking: str = "") -> dict[str, Any]:
    """Every figure and list of the summary, as plain data (the JSON document)."""
    *areas, overall = summary.rates
    return {
        "format": JSON_FORMAT,
        "marking": " ".join(marking.split()) or None,
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
        "trend": [
            {
                "date": p.day.isoformat(),
                "meeting": p.meeting.id if p.meeting else None,
                "title": p.meeting.title if p.meeting else None,
                **{k: v for k, v in counts_json(p.counts).items() if k.endswith("_rate")},
            }
            for p in summary.trend
        ],
    }


DOCUMENTS: Final = ("docx", "pdf")  # formats written as bytes, never to a terminal


def render_summary(summary: Summary, fmt: str, marking: str = "") -> str | bytes:
    """The summary in the format asked for: md, html or json as text, docx or pdf as bytes."""
    if fmt == "json":
        return as_json(summary, marking)
    if fmt == "docx":
        from workplan_cli.render.word import as_docx

        return as_docx(summary, marking)
    if fmt == "pdf":
        return as_pdf(summary, marking)
    return as_html(summary, marking) if fmt == "html" else as_markdown(summary, marking)


def as_json(summary: Summary, marking: str = "") -> str:
    """The summary as one JSON document (docs/summary.md)."""
    return json.dumps(as_data(summary, marking), indent=2, ensure_ascii=False) + "\n"


# --- Markdown ------------------------------------------------------------------------------------

# What could format text inside a line: emphasis, code, links, HTML and its entities, table
# cells, strikethrough; "_" only at the edge of a word (snake_case stays as it is).
_MD_SPECIAL: Final = re.compile(r"([\\`*\[\]<>|~&]|(?<!\w)_|_(?!\w))")


def md_text(text: str | None) -> str:
    """User text for Markdown: one line, every character that could format something escaped."""
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(visible(text).split()))


def as_markdown(summary: Summary, marking: str = "") -> str:
    """The summary as Markdown for a meeting paper, or a GitHub Actions job summary."""
    paper = paper_of(summary, marking)
    said = f"**{md_text(paper.marking)}**" if paper.marking else ""
    out = [*((said, "") if said else ()), f"# {md_text(paper.title)}", ""]
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
    if said:
        out += ["", said]
    return "\n".join(out) + "\n"


def _md_section(section: Section) -> list[str]:
    from workplan_cli.i18n import _

    if section.entries:
        return [
            f"- **{md_text(e.name)}{md_text(e.mark)}** {md_text(e.text)}"
            + (f" {md_text(e.note)}" if e.note else "")
            + (
                ". " + _("Evidence:") + " " + "; ".join(_md_link(link) for link in e.links)
                if e.links
                else ""
            )
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
    shown += f" ({md_text(cell.below)})" if cell.below else ""
    shown += f"{' ' if shown else ''}{md_text(cell.note)}" if cell.note else ""
    return shown + "; ".join(_md_link(link) for link in cell.links)


def _md_link(evidence: Evidence) -> str:
    from workplan_cli.i18n import _

    # characters that would end the link, or the table cell it is in
    url = evidence.url
    for character, code in ((">", "%3E"), ("<", "%3C"), (" ", "%20"), ("|", "%7C"), ("\\", "%5C")):
        url = url.replace(character, code)
    restricted = " (" + _("restricted") + ")" if evidence.restricted else ""
    return f"[{md_text(evidence.title)}](<{url}>){restricted}"


# --- HTML and PDF ------------------------------------------------------------------------------


def as_html(summary: Summary, marking: str = "") -> str:
    """One self-contained page (no network, no external files), printable on A4."""
    from importlib.resources import files

    from jinja2 import Environment, StrictUndefined, select_autoescape
    from markupsafe import Markup

    from workplan_cli.i18n import _, language, ngettext
    from workplan_cli.render.charts import RAG_COLOURS, RAG_TEXT, charts_of, svg

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
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]  # by the extension
        gettext=_, ngettext=ngettext, newstyle=True
    )
    environment.filters["css_string"] = css_string
    template_text = (files("workplan_cli") / "render" / "templates" / "summary.html").read_text(
        encoding="utf-8"
    )
    template = environment.from_string(template_text)
    return template.render(
        s=summary,
        paper=paper_of(summary, marking),
        charts={
            name: [{"svg": Markup(svg(c)), "caption": c.caption} for c in charts]
            for name, charts in charts_of(summary).items()
        },
        rag_colours=RAG_COLOURS,
        rag_text=RAG_TEXT,
        lang=language(),
    )


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string that nothing in it can end (the marking in @page): every
    character but ASCII letters and digits written as a hexadecimal escape."""
    from markupsafe import Markup

    said = "".join(  # an escape ends at the space after it (a space itself is escaped too)
        ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):x} " for ch in visible(text)
    )
    return Markup(f'"{said}"')


def as_pdf(summary: Summary, marking: str = "") -> bytes:
    """The HTML page printed to PDF by WeasyPrint (an optional extra: it needs Pango)."""
    from workplan_cli.i18n import _

    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # not installed, or Pango missing
        raise MissingExtraError(
            _("PDF papers need WeasyPrint, which could not be loaded ({reason})").format(
                reason=exc
            ),
            hint=_(
                'in the workplan folder, run: pip install ".[pdf]" (on Windows and macOS, '
                "WeasyPrint's install notes say how to add Pango); or write -o paper.docx"
            ),
        ) from None
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # its notes on CSS it skips
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = HTML(string=as_html(summary, marking), base_url=None)
    return bytes(document.write_pdf(uncompressed_pdf=False))
