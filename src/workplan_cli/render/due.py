"""Who owes an update before a consultation: words to paste into a message, Markdown, JSON
and CSV (SPEC §7.2)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Final

from workplan_cli.due import NOT_ASSIGNED, Due, LeadOwes, Owed
from workplan_cli.i18n import N_, _, in_english, ngettext
from workplan_cli.models import Meeting
from workplan_cli.render.words import day_words
from workplan_cli.text import one_line, spreadsheet_safe, visible
from workplan_cli.vocabulary import JSON_FORMAT, name_of

# Each reason an update is owed (workplan_cli.due keeps them in English, for JSON and CSV) as
# a whole phrase for people: with a day, with the meeting since which, or alone.
_ON_DAY: Final = {
    "no update since": N_("no update since {day}"),
    "overdue since": N_("overdue since {day}"),
    "starts": N_("starts {day}"),
    "started": N_("started {day}"),
    "ends": N_("ends {day}"),
    "ended": N_("ended {day}"),
}
_SINCE_MEETING: Final = {"no update since": N_("no update since the {meeting} ({day})")}
_ALONE: Final = {"no update yet": N_("no update yet")}


def _reason(what: str, about: dt.date | Meeting | None, words: Callable[[dt.date], str]) -> str:
    if isinstance(about, Meeting):
        return f"{what} the {about.title.removeprefix('the ')} ({words(about.date)})"
    return what if about is None else f"{what} {words(about)}"


def _reason_words(what: str, about: dt.date | Meeting | None) -> str:
    """A reason in the language chosen (English as ``_reason`` says it)."""
    if isinstance(about, Meeting) and what in _SINCE_MEETING:
        return _(_SINCE_MEETING[what]).format(
            meeting=about.title.removeprefix("the "), day=day_words(about.date)
        )
    if isinstance(about, dt.date) and what in _ON_DAY:
        return _(_ON_DAY[what]).format(day=day_words(about))
    if about is None and what in _ALONE:
        return _(_ALONE[what])
    return _reason(_(what), about, day_words)


def reasons(owed: Owed) -> str:
    """'no update since the 9th ... (29 August 2024); overdue since 31 December 2025', as JSON
    and CSV say it."""
    with in_english():  # JSON and CSV keep the reasons in English
        return "; ".join(_reason(what, about, day_words) for what, about in owed.reasons)


def reasons_words(owed: Owed) -> str:
    """The reasons in the language chosen, for people (text and Markdown)."""
    return "; ".join(_reason_words(what, about) for what, about in owed.reasons)


def _heading(due: Due) -> str:
    said = {"plan": due.plan.plan.id, "day": day_words(due.day)}
    if due.meeting:
        heading = _("Updates owed on {plan} before {day} (the {meeting})").format(
            **said, meeting=due.meeting.title
        )
    else:
        heading = _("Updates owed on {plan} before {day} (that day)").format(**said)
    if due.today != due.day:
        heading += ", " + _("as of {day}").format(day=day_words(due.today))
    return heading


def _lead(owes: LeadOwes) -> str:
    code = _(owes.code) if owes.code == NOT_ASSIGNED else owes.code
    name = name_of(owes.code, {owes.code: owes.name})  # a built-in name in the language
    return code + (f" ({name})" if owes.name else "")


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
        lines.append(_("Nobody owes an update: every activity not done with has one."))
    for owes in due.leads:
        count = len(owes.items)
        said = ngettext("{lead}: {count} activity", "{lead}: {count} activities", count)
        lines += ["", said.format(lead=_lead(owes), count=count)]
        lines += [
            f"  - {o.activity.id} {one_line(o.activity.title)}: {reasons_words(o)}"
            for o in owes.items
        ]
    return visible("\n".join(lines)) + "\n"


def as_markdown(due: Due) -> str:
    from workplan_cli.render.summary import md_text

    lines = [f"# {md_text(_heading(due))}"]
    if not due.leads:
        lines += ["", _("Nobody owes an update: every activity not done with has one.")]
    for owes in due.leads:
        lines += ["", f"## {md_text(_lead(owes))}", ""]
        lines += [
            f"- **{md_text(o.activity.id)}** {md_text(o.activity.title)}: "
            f"{md_text(reasons_words(o))}"
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
