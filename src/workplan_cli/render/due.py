"""Who owes an update before a consultation: words to paste into a message, Markdown, JSON
and CSV (SPEC §7.2)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from workplan_cli.due import Due, LeadOwes, Owed
from workplan_cli.models import Meeting
from workplan_cli.render.words import day_words
from workplan_cli.text import one_line, spreadsheet_safe, visible
from workplan_cli.vocabulary import JSON_FORMAT, plural


def _reason(what: str, about: dt.date | Meeting | None) -> str:
    if isinstance(about, Meeting):
        return f"{what} the {about.title.removeprefix('the ')} ({day_words(about.date)})"
    return what if about is None else f"{what} {day_words(about)}"


def reasons(owed: Owed) -> str:
    """'no update since the 9th ... (29 August 2024); overdue since 31 December 2025'."""
    return "; ".join(_reason(what, about) for what, about in owed.reasons)


def _heading(due: Due) -> str:
    towards = f"the {due.meeting.title}" if due.meeting else "that day"
    return (
        f"Updates owed on {due.plan.plan.id} before {day_words(due.day)} ({towards})"
        f"{', as of ' + day_words(due.today) if due.today != due.day else ''}"
    )


def _lead(owes: LeadOwes) -> str:
    return owes.code + (f" ({owes.name})" if owes.name else "")


def render_due(due: Due, fmt: str) -> str:
    """The list in ``fmt``: text, md, json or csv."""
    if fmt == "json":
        return as_json(due)
    if fmt == "csv":
        return as_csv(due)
    return as_markdown(due) if fmt == "md" else as_text(due)


def as_text(due: Due) -> str:
    lines = [_heading(due)]
    if not due.leads:
        lines.append("Nobody owes an update: every activity not done with has one.")
    for owes in due.leads:
        lines += ["", f"{_lead(owes)}: {plural(len(owes.items), 'activity', 'activities')}"]
        lines += [
            f"  - {o.activity.id} {one_line(o.activity.title)}: {reasons(o)}" for o in owes.items
        ]
    return visible("\n".join(lines)) + "\n"


def as_markdown(due: Due) -> str:
    from workplan_cli.render.summary import md_text

    lines = [f"# {md_text(_heading(due))}"]
    if not due.leads:
        lines += ["", "Nobody owes an update: every activity not done with has one."]
    for owes in due.leads:
        lines += ["", f"## {md_text(_lead(owes))}", ""]
        lines += [
            f"- **{md_text(o.activity.id)}** {md_text(o.activity.title)}: {md_text(reasons(o))}"
            for o in owes.items
        ]
    return "\n".join(lines) + "\n"


def as_json(due: Due) -> str:
    doc = {
        "format": JSON_FORMAT,
        "plan": due.plan.plan.id,
        "before": due.day.isoformat(),
        "meeting": due.meeting.id if due.meeting else None,
        "previous_meeting": due.previous.id if due.previous else None,
        "leads": [
            {
                "lead": owes.code,
                "name": owes.name or None,
                "activities": [
                    {"id": o.activity.id, "title": o.activity.title, "reasons": reasons(o)}
                    for o in owes.items
                ],
            }
            for owes in due.leads
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def as_csv(due: Due) -> str:
    """One row per lead and activity."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["plan", "before", "lead", "lead_name", "activity", "title", "reasons"])
    for owes in due.leads:
        for o in owes.items:
            writer.writerow(
                [
                    due.plan.plan.id,
                    due.day.isoformat(),
                    owes.code,
                    owes.name,
                    o.activity.id,
                    spreadsheet_safe(o.activity.title),
                    spreadsheet_safe(reasons(o)),
                ]
            )
    return out.getvalue()
