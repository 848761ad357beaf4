"""The progress sheet to send out (SPEC §8), as an .xlsx workbook or a .csv file.

openpyxl writes the workbook: data validation, cell protection, number formats, a frozen
header; it is imported here only, and only `workplan template` imports this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any, Final

from workplan_cli.i18n import N_, _, in_english, ngettext
from workplan_cli.paths import display_path
from workplan_cli.planning import ActivityFigures
from workplan_cli.render.history import standing_words
from workplan_cli.render.words import leads, window
from workplan_cli.sheet import (
    ABOUT,
    INDICATOR,
    INPUTS,
    INSTRUCTIONS,
    SHEET,
    SHEET_FORMAT,
    Imported,
    Template,
    headers,
)
from workplan_cli.text import spreadsheet_safe, visible
from workplan_cli.vocabulary import RECORD_STATUSES

_SHADE: Final = "E7EBF0"  # read-only cells: light grey
_HEAD: Final = "1F4E79"
_WIDTHS: Final = {
    "Plan": 22, "Activity": 10, "Title": 48, "Lead": 12, "Window": 26, "Current status": 14,
    "Current %": 10, "Last update": 12, "Status": 12, "Percent": 9, "As of": 12, "Note": 44,
    "Evidence title": 28, "Evidence URL": 36, "Restricted": 10, "Reported by": 12,
    "Meeting": 22,
}  # fmt: skip


def _read_only_values(template: Template, item: ActivityFigures) -> list[Any]:
    """What the sheet says of an activity as of its day, before anyone fills it in: values of
    the sheet, in English whatever the language (SPEC §8), as its Current status is."""
    state = item.state
    with in_english():
        lead, when = leads(item.activity.lead), window(item)
    return [
        template.plan.plan.id,
        item.activity.id,
        item.activity.title,
        lead,
        when,
        state.status,
        state.percent,
        state.record.record.as_of if state.record else None,
    ]


def template_csv(template: Template) -> bytes:
    """The sheet as CSV: UTF-8 with a byte-order mark, so that Excel reads every script."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers(template.indicators))
    for item in template.rows:
        values = _read_only_values(template, item)
        writer.writerow(
            [
                spreadsheet_safe(v) if isinstance(v, str) else ("" if v is None else v)
                for v in values
            ]
            + [""] * (len(INPUTS) + len(template.indicators))
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(template: Template) -> bytes:
    """The sheet as a workbook: Progress (read-only columns locked and shaded, input columns
    open with data validation), Instructions, and a hidden sheet with the plan, the sheet's
    format, the plan's hash and the lists the validation draws on. The same every time for
    the same inputs."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    names = headers(template.indicators)
    column = {name: get_column_letter(i + 1) for i, name in enumerate(names)}
    shade = PatternFill("solid", fgColor=_SHADE)
    sheet.append(names)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=_HEAD)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for item in template.rows:
        values = _read_only_values(template, item)
        sheet.append([visible(v) if isinstance(v, str) else v for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text from the plan never runs as a formula
    last = len(template.rows) + 1
    has = [{i.id for i in item.activity.indicators} for item in template.rows]
    for row in range(2, last + 1):
        for name in names:
            cell = sheet[f"{column[name]}{row}"]
            open_ = name in INPUTS or (
                name.startswith(INDICATOR) and name.removeprefix(INDICATOR) in has[row - 2]
            )
            cell.protection = Protection(locked=not open_)
            if not open_:
                cell.fill = shade
            cell.alignment = Alignment(
                wrap_text=name in ("Title", "Window", "Note"), vertical="top"
            )
        sheet[f"{column['Current %']}{row}"].number_format = "0"
        sheet[f"{column['Last update']}{row}"].number_format = "yyyy-mm-dd"
        sheet[f"{column['As of']}{row}"].number_format = "yyyy-mm-dd"
        sheet[f"{column['Percent']}{row}"].number_format = "0"
    for name in names:
        sheet.column_dimensions[column[name]].width = _WIDTHS.get(name, 16)
    sheet.freeze_panes = "C2"
    sheet.protection.sheet = True  # locked cells cannot be changed; no password: a guard
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    _lists_and_about(book, template)
    if last > 1:
        _validations(sheet, template, column, last, quote_sheetname(ABOUT), DataValidation)
    _instructions(book, template)
    book.properties.creator = "workplan"
    fixed = dt.datetime.combine(template.day, dt.time())
    book.properties.created = fixed
    book.properties.modified = fixed
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _lists_and_about(book: Any, template: Template) -> None:
    about = book.create_sheet(ABOUT)
    about.sheet_state = "hidden"
    facts: list[tuple[str, Any]] = [
        ("sheet format", SHEET_FORMAT),
        ("plan", template.plan.plan.id),
        ("plan hash", template.digest),
        ("as of", template.day.isoformat()),
    ]
    for key, value in facts:
        about.append([key, value])
    lists = {"D": RECORD_STATUSES, "E": ("yes", "no"), "F": template.codes, "G": template.meetings}
    for letter, values in lists.items():
        for i, value in enumerate(values, start=1):
            about[f"{letter}{i}"] = value


def _validations(
    sheet: Any, template: Template, column: dict[str, str], last: int, about: str, made: Any
) -> None:
    def add(name: str, validation: Any, prompt: str) -> None:
        validation.error = prompt
        validation.errorTitle = name
        validation.prompt = prompt
        validation.showErrorMessage = True
        validation.showInputMessage = True
        sheet.add_data_validation(validation)
        validation.add(f"{column[name]}2:{column[name]}{last}")

    def listed(letter: str, count: int) -> str:
        return f"={about}!${letter}$1:${letter}${max(count, 1)}"

    # TRANSLATORS: the five words are what the cell takes: keep them in English
    statuses = _("planned, ongoing, completed, suspended or cancelled")
    add("Status", made("list", formula1=listed("D", len(RECORD_STATUSES)), allow_blank=True),
        statuses)  # fmt: skip
    add("Percent", made("whole", operator="between", formula1="0", formula2="100",
                        allow_blank=True), _("a whole number from 0 to 100"))  # fmt: skip
    start, end = template.plan.plan.start, template.plan.plan.end
    add("As of", made("date", operator="between", formula1=_serial(start),
                      formula2=_serial(end), allow_blank=True),
        _("a date from {start} to {end}; blank: the day it is imported").format(
            start=start, end=end))  # fmt: skip
    # TRANSLATORS: "yes" is what the cell takes: keep it in English
    restricted = _("yes: the evidence must not be published")
    add("Restricted", made("list", formula1=listed("E", 2), allow_blank=True),
        restricted)  # fmt: skip
    add("Reported by", made("list", formula1=listed("F", len(template.codes)), allow_blank=True),
        _("a country code (TH, JP, ...), ASEC, AMS or a body of the plan"))  # fmt: skip
    if template.meetings:
        add("Meeting", made("list", formula1=listed("G", len(template.meetings)),
                            allow_blank=True), _("a meeting of the plan (its id)"))  # fmt: skip
    for indicator in template.indicators:
        add(INDICATOR + indicator, made("decimal", allow_blank=True), _("a number"))


def _serial(day: dt.date) -> str:
    """A date as the serial number spreadsheets keep it as."""
    return str((day - dt.date(1899, 12, 30)).days)


# The steps of the Instructions sheet. The names of the columns (Status, Percent, As of, Note,
# Restricted, Reported by, Meeting, Indicator), of the Progress sheet, and the words a cell
# takes (planned ... cancelled, yes) stay English in every language: the sheet's header row
# is a contract (SPEC §8), and import reads those words.
_STEPS: Final = (
    N_("This sheet reports progress on the plan's activities. One row is one activity."),
    N_(
        "The grey columns say where each activity stood on the day the sheet was made; do not "
        "change them."
    ),
    # TRANSLATORS: column names, sheet names and the words a cell takes stay in English
    N_(
        "To report on an activity, fill in its row: Status (planned, ongoing, completed, "
        "suspended or cancelled), and where you can, Percent (a whole number, 0 to 100), As of "
        "(the day your report is true for; blank means the day it is imported), and a Note."
    ),
    # TRANSLATORS: column names, sheet names and the words a cell takes stay in English
    N_(
        '"Completed" needs evidence: the title and web address (https://...) of a report that '
        "shows it. Mark Restricted yes when the document must not be published."
    ),
    # TRANSLATORS: column names, sheet names and the words a cell takes stay in English
    N_("Reported by: your country's code (for example TH or JP) or your office's code."),
    # TRANSLATORS: column names, sheet names and the words a cell takes stay in English
    N_(
        "Meeting: the consultation the report is for, if any. The Indicator columns are open "
        "on the rows whose activity has that indicator: type the number reached."
    ),
    N_("Leave a row blank to say nothing about that activity: blank rows are skipped."),
    N_(
        "Do not add, remove or rename columns or the sheet. Save it as .xlsx (or CSV UTF-8) "
        "and send it back to the coordinator, who imports it with: workplan import FILE"
    ),
    # TRANSLATORS: column names, sheet names and the words a cell takes stay in English
    N_(
        "If a value cannot be accepted, the coordinator receives the cell (for example "
        "Progress!J7) and what is wrong, and nothing is recorded until every row is right."
    ),
)


def _instructions(book: Any, template: Template) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(INSTRUCTIONS, 1)
    plan = template.plan.plan
    sheet.append([_("Progress report: {plan}").format(plan=visible(plan.title))])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [_("Where the activities stood as of {day}, made by workplan.").format(day=template.day)]
    )
    sheet.append([])
    for number, step in enumerate(_STEPS, start=1):
        sheet.append([f"{number}. {_(step)}"])
    sheet.column_dimensions["A"].width = 110
    for row in sheet.iter_rows(min_row=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def as_imported(result: Imported) -> str:
    """What `workplan import` wrote (or would write), a line per record, and the git step."""
    lines = []
    if result.dry_run:
        verb = _("Would record {activity} ({ref}): {standing}, as of {day}")
    else:
        verb = _("Recorded {activity} ({ref}): {standing}, as of {day}")
    for ref, item in result.written:
        record = item.record
        assert record is not None
        line = verb.format(
            activity=record.activity,
            ref=ref,
            standing=standing_words(record.status, record.effective_percent),
            day=record.as_of,
        )
        path = getattr(item, "path", None)
        lines.append(line + (f" -> {display_path(path)}" if path is not None else ""))
    for ref, stored in result.unchanged:
        lines.append(
            _("Already recorded {activity} ({ref}): {path}").format(
                activity=stored.record.activity, ref=ref, path=display_path(stored.path)
            )
        )
    count = len(result.written)
    skipped = (
        "; "
        + ngettext(
            "{count} blank row skipped", "{count} blank rows skipped", result.skipped
        ).format(count=result.skipped)
        if result.skipped
        else ""
    )
    if result.dry_run:
        said = ngettext(
            "{count} record would be written (a dry run: nothing was written)",
            "{count} records would be written (a dry run: nothing was written)",
            count,
        ).format(count=count)
        lines.append(f"{said}{skipped}.")
    elif count:
        said = ngettext("{count} record written", "{count} records written", count).format(
            count=count
        )
        lines.append(f"{said}{skipped}. " + _("Share them with: git add plans/progress"))
    elif result.unchanged:
        said = _("Nothing written: every filled row is recorded already")
        lines.append(f"{said}{skipped}.")
    else:  # an untouched sheet
        said = _("Nothing written: no row of the sheet is filled in")
        lines.append(f"{said}{skipped}.")
    return visible("\n".join(lines)) + "\n"
