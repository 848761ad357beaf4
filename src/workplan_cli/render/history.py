"""The history of progress records as a table, plain text, JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import replace
from typing import Any, Final

from workplan_cli.i18n import N_, _, ngettext
from workplan_cli.models import StoredRecord
from workplan_cli.paths import display_path
from workplan_cli.progress import History, RecordResult
from workplan_cli.render.terminal import (
    ILLUSTRATIVE,
    PLAIN_WIDTH,
    Column,
    Output,
    Printer,
    cell,
    one_line,
    render,
)
from workplan_cli.render.terminal import table as fitted
from workplan_cli.render.words import mark, shown
from workplan_cli.text import spreadsheet_safe, visible
from workplan_cli.vocabulary import JSON_FORMAT

MIN_WIDTH: Final = 80
ILLUSTRATIVE_NOTE: Final = N_(
    "{mark} illustrative: invented to demonstrate workplan, not a real report"
)
_CSV_COLUMNS: Final = (
    "record",
    "as_of",
    "activity",
    "status",
    "percent",
    "note",
    "meeting",
    "reported_by",
    "evidence",
    "restricted_evidence",
    "indicators",
    "provenance",
    "recorded_at",
    "path",
    "withdraws",
    "withdrawn_by",
    "withdrawn_reason",
    "replaced",
    "reports_differ",
    "filed_as",
)


def standing_words(status: str | None, percent: int | None) -> str:
    """'ongoing', 'ongoing, 40%', the status in the language chosen."""
    said = shown(status) if status else f"{status}"
    return said if percent is None else f"{said}, {percent}%"


def as_recorded(result: RecordResult) -> str:
    """What `workplan record` (or `withdraw`) wrote, and where the activity stands now."""
    written = result.stored.record
    activity = result.activity
    state = result.state
    standing = standing_words(written.status, written.effective_percent)
    meeting = result.meeting
    day = (
        _("{day}, the day of the {meeting}").format(day=written.as_of, meeting=meeting.title)
        if meeting
        else f"{written.as_of}"
    )
    file = "  " + _("file: {path}").format(path=display_path(result.stored.path))
    if not result.written:
        nothing = _(
            "Nothing written: {activity} already has a record with these values as of {day}."
        ).format(activity=activity.id, day=day)
        return visible(f"{nothing}\n{file}\n")
    if result.withdrawn is not None:
        gone = result.withdrawn.record
        head = _(
            'Withdrew record {record} of {activity} "{title}" ({standing}, as of {day}): {reason}'
        ).format(
            record=result.withdrawn.id,
            activity=activity.id,
            title=activity.title,
            standing=standing_words(gone.status, gone.effective_percent),
            day=gone.as_of,
            reason=written.note,
        )
    else:
        head = _('Recorded {activity} "{title}": {standing}, as of {day}.').format(
            activity=activity.id, title=activity.title, standing=standing, day=day
        )
    lines = [head, file]
    now = {"activity": activity.id, "standing": standing_words(state.status, state.percent)}
    counting = state.record
    if counting is not None and counting.id != result.stored.id and result.withdrawn:
        said = _("Now: {activity} is {standing}, from a record as of {day}.")
    elif counting is not None and counting.id != result.stored.id:
        if counting.record.as_of > written.as_of:
            said = _(
                "Now: {activity} is {standing}, from a record as of {day}; the new one counts "
                "for the days before that."
            )
        elif counting.record.as_of == written.as_of:  # came after more records of the day
            said = _(
                "Now: {activity} is {standing}, from a record as of {day}; it is a later report "
                "for the same day, so it counts."
            )
        else:
            said = _("Now: {activity} is {standing}, from a record as of {day}.")
    else:
        said = _("Now: {activity} is {standing}.")
    day_counted = counting.record.as_of if counting is not None else None
    lines.append(said.format(**now, day=day_counted))
    return visible("\n".join(lines)) + "\n"


def recorded_json(result: RecordResult) -> str:
    """What `record` or `withdraw` wrote (or found stored already), and where the activity
    stands now, as one JSON document."""
    state = result.state
    doc = {
        "format": JSON_FORMAT,
        "written": result.written,
        "record": result.stored.id,
        "path": display_path(result.stored.path),
        **result.stored.record.model_dump(mode="json"),
        "withdrawn": result.withdrawn.id if result.withdrawn else None,
        "now": {
            "status": state.status,
            "percent": state.percent,
            "record": state.record.id if state.record else None,
        },
        "unreadable_records": result.unreadable,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def unreadable_warning(result: RecordResult) -> str | None:
    """What to say when other records of the plan could not be read, if any."""
    if not result.unreadable:
        return None
    return ngettext(
        "warning: {count} other record file of this plan could not be read, so the state "
        "above leaves it out; run: workplan validate",
        "warning: {count} other record files of this plan could not be read, so the state "
        "above leaves them out; run: workplan validate",
        result.unreadable,
    ).format(count=result.unreadable)


def _title(history: History) -> str:
    plan = history.plan.plan
    about = f"{history.activity.id} {history.activity.title}" if history.activity else plan.title
    count = len(history.records)
    if history.since:
        said = ngettext(
            "{about}: {count} record, newest first, as of {day} or later",
            "{about}: {count} records, newest first, as of {day} or later",
            count,
        )
    else:
        said = ngettext(
            "{about}: {count} record, newest first", "{about}: {count} records, newest first", count
        )
    return said.format(about=about, count=count, day=history.since)


def _evidence_cell(stored: StoredRecord) -> str:
    evidence = stored.record.evidence
    if not evidence:
        return ""
    restricted = sum(e.restricted for e in evidence)
    count = len(evidence)
    if restricted:
        return ngettext(
            "{count} link, {restricted} restricted", "{count} links, {restricted} restricted", count
        ).format(count=count, restricted=restricted)
    return ngettext("{count} link", "{count} links", count).format(count=count)


def _percent(stored: StoredRecord) -> str:
    percent = stored.record.effective_percent
    return "" if percent is None else f"{percent}%"


_COLUMNS: Final = (
    Column(N_("As of")),
    Column(N_("Activity"), wrap=True),
    Column(N_("Status")),
    Column("%", right=True),
    Column(N_("Note"), wrap=True, min_width=24),
    Column(N_("Evidence"), drop=2),
    Column(N_("By"), wrap=True, drop=1),
    Column(N_("Recorded (UTC)"), drop=3),
)


def render_history(history: History, output: Output) -> str:
    """The history in the format asked for: table, plain, json or csv."""
    if output.format == "json":
        return as_json(history)
    return as_csv(history) if output.format == "csv" else as_table(history, output)


def as_table(history: History, output: Output) -> str:
    """A table for the terminal, notes wrapped; plain: one record per line, no box.

    Colour adds bold headers (the caller decides: a terminal, and no NO_COLOR).
    """
    plain = output.plain
    columns = [
        replace(c, header=_(c.header))
        for c in _COLUMNS
        if history.activity is None or c.header != "Activity"
    ]
    rows = []
    illustrative = False
    for stored in history.records:
        record = stored.record
        status = _status_words(stored, history)
        status += mark(record.provenance)
        illustrative = illustrative or record.provenance == "illustrative"
        note = _note_words(stored, history)
        cells = [
            str(record.as_of),
            *([record.activity] if history.activity is None else []),
            status,
            _percent(stored),
            one_line(note) if plain else note,
            _evidence_cell(stored),
            ", ".join(x for x in (record.reported_by, record.meeting) if x),
            record.recorded_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M"),
        ]
        rows.append([cell(text) for text in cells])

    def draw(console: Printer) -> None:
        console.print(cell(_title(history)))
        fitted_table = fitted(columns, rows, plain=plain, width=console.width)
        console.print(fitted_table.table)
        if illustrative:
            console.print(cell(_(ILLUSTRATIVE_NOTE).format(mark=ILLUSTRATIVE)))
        if not history.records:
            none = (
                _("No progress recorded as of {day} or later.").format(day=history.since)
                if history.since
                else _("No progress recorded yet.")
            )
            console.print(cell(none))
        if fitted_table.dropped:
            left = ", ".join(fitted_table.dropped)
            console.print(cell(_("Left out at this width: {columns}.").format(columns=left)))

    width = PLAIN_WIDTH if plain else max(output.width, MIN_WIDTH)
    return render(width, output.color, draw, plain=plain, ascii=output.ascii)


def _status_words(stored: StoredRecord, history: History) -> str:
    """'ongoing', 'withdrawal', 'ongoing, withdrawn', 'ongoing, replaced', 'ongoing, reports
    differ'."""
    record = stored.record
    if record.withdraws is not None:
        return _("withdrawal")
    said: str = shown(record.status)
    same = history.same_day.get(stored.id)
    if (record.activity, stored.id) in history.withdrawn:
        said += ", " + _("withdrawn")
    elif same is not None and same.replaced:
        said += ", " + _("replaced")
    elif same is not None and same.differs:
        said += ", " + _("reports differ")
    return said


def _note_words(stored: StoredRecord, history: History) -> str:
    """The note, with what other records say of this one: withdrawn and why, the reporters of
    differing reports, where it was filed under a former id."""
    record = stored.record
    parts = [record.note or ""]
    if record.withdraws is not None:
        parts = [
            _("withdraws {record}: {reason}").format(
                record=record.withdraws, reason=record.note or ""
            )
        ]
    withdrawal = history.withdrawn.get((record.activity, stored.id))
    if withdrawal is not None:
        parts.append(
            _("[withdrawn as of {day}: {reason}]").format(
                day=withdrawal.record.as_of, reason=withdrawal.record.note or ""
            )
        )
    same = history.same_day.get(stored.id)
    if same is not None and same.differs:
        reporters = ", ".join((record.reported_by or "-", *same.differs))
        parts.append(_("[reports differ: {reporters}]").format(reporters=reporters))
    if stored.filed_as:
        parts.append(_("(filed as {record})").format(record=stored.filed_as))
    return " ".join(p for p in parts if p)


def _as_dict(stored: StoredRecord, history: History) -> dict[str, Any]:
    record = stored.record
    withdrawal = history.withdrawn.get((record.activity, stored.id))
    same = history.same_day.get(stored.id)
    return {
        "record": stored.id,
        "path": display_path(stored.path),
        "filed_as": stored.filed_as,
        **record.model_dump(mode="json"),
        "withdrawn": None
        if withdrawal is None
        else {
            "by": withdrawal.id,
            "as_of": withdrawal.record.as_of.isoformat(),
            "reason": withdrawal.record.note,
        },
        "replaced": same is not None and same.replaced,
        "reports_differ": list(same.differs) if same else [],
    }


def as_json(history: History) -> str:
    """Every field of every record, as one JSON document."""
    doc = {
        "format": JSON_FORMAT,
        "plan": history.plan.plan.id,
        "activity": history.activity.id if history.activity else None,
        "since": history.since.isoformat() if history.since else None,
        "records": [_as_dict(stored, history) for stored in history.records],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _csv_marks(stored: StoredRecord, history: History) -> list[Any]:
    withdrawal = history.withdrawn.get((stored.record.activity, stored.id))
    same = history.same_day.get(stored.id)
    return [
        stored.record.withdraws or "",
        "" if withdrawal is None else withdrawal.id,
        "" if withdrawal is None else spreadsheet_safe(withdrawal.record.note),
        "yes" if same is not None and same.replaced else "",
        " ".join(same.differs) if same else "",
        spreadsheet_safe(stored.filed_as),
    ]


def as_csv(history: History) -> str:
    """One row per record, for spreadsheets; evidence and indicators joined with "; "."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    for stored in history.records:
        record = stored.record
        writer.writerow(
            [
                spreadsheet_safe(stored.id),  # a file name may start with "="
                record.as_of.isoformat(),
                record.activity,
                record.status or "",
                "" if record.effective_percent is None else record.effective_percent,
                spreadsheet_safe(record.note),
                record.meeting or "",
                spreadsheet_safe(record.reported_by),
                "; ".join(spreadsheet_safe(f"{e.title} <{e.url}>") for e in record.evidence),
                sum(e.restricted for e in record.evidence),
                "; ".join(f"{key}={value}" for key, value in record.indicators.items()),
                record.provenance,
                record.recorded_at.isoformat(),
                spreadsheet_safe(display_path(stored.path)),
                *_csv_marks(stored, history),
            ]
        )
    return out.getvalue()
