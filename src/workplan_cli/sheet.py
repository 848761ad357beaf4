"""Progress by spreadsheet (SPEC §8): the sheet to send out, and the filled sheet back in.

The sheet's name, headers and their order are a contract: a sheet made by one version
imports into the next. Reading a workbook is here (openpyxl, imported only when a workbook
is read); writing one is render/workbook.py's.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from workplan_cli.errors import NotFoundError, RecordRefusedError, WorkplanError, WriteError
from workplan_cli.i18n import N_, _, ngettext, number_text
from workplan_cli.models import PlanFile, StoredRecord
from workplan_cli.planning import ActivityFigures, Filters, in_force, states_as_of
from workplan_cli.progress import NewRecord, prepare_record, reporter_code, same_values
from workplan_cli.rules import Finding
from workplan_cli.standing import plan_status
from workplan_cli.store import write_record
from workplan_cli.text import one_line, shorten
from workplan_cli.vocabulary import RECORD_STATUSES
from workplan_cli.workspace import Workspace


class SheetError(WorkplanError):
    """A file that cannot be read as a progress sheet (exit 1: the input is invalid)."""


SHEET: Final = "Progress"
INSTRUCTIONS: Final = "Instructions"
ABOUT: Final = "workplan"  # a hidden sheet: the plan, the sheet format, the plan's hash, lists
SHEET_FORMAT: Final = 1
READ_ONLY: Final = (
    "Plan", "Activity", "Title", "Lead", "Window", "Current status", "Current %", "Last update",
)  # fmt: skip
INPUTS: Final = (
    "Status", "Percent", "As of", "Note", "Evidence title", "Evidence URL", "Restricted",
    "Reported by", "Meeting",
)  # fmt: skip
INDICATOR: Final = "Indicator: "
# "ya" and "tidak": what an Indonesian officer writes in the Restricted column
YES: Final = frozenset({"yes", "y", "true", "1", "x", "ya"})
NO: Final = frozenset({"no", "n", "false", "0", "", "tidak"})

# The record's keys, as the sheet's columns name them (for messages and cell references).
_COLUMNS: Final = {
    "status": "Status",
    "percent": "Percent",
    "as_of": "As of",
    "note": "Note",
    "evidence": "Evidence URL",
    "reported_by": "Reported by",
    "meeting": "Meeting",
    "plan": "Plan",
    "activity": "Activity",
}


# --- the sheet to send out ------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """What the sheet holds: where each activity stands as of a day, and what may be typed."""

    plan: PlanFile
    digest: str  # the SHA-256 of the plan file the sheet was made from
    day: dt.date
    rows: tuple[ActivityFigures, ...]
    indicators: tuple[str, ...]  # one column each, in the order of first appearance
    codes: tuple[str, ...]  # for Reported by
    meetings: tuple[str, ...]


def make_template(
    plans_dir: Path, plan_id: str, lead: str | None, day: dt.date, today: dt.date
) -> Template:
    """The sheet of ``plan_id`` as of ``day``: every activity, or those ``lead`` leads.

    Raises:
        NotFoundError: no such plan, or no such code; the plan or its records have problems.
    """
    result = plan_status(plans_dir, plan_id, day, today, Filters(lead=lead))
    standing = result.plans[0]
    plan = standing.plan
    if not standing.activities and lead:
        raise NotFoundError(
            _('no activity of plan "{plan}" is led by {code}').format(
                plan=plan.plan.id, code=result.filters.lead
            ),
            hint=_("leads in the plan: {codes}").format(
                codes=" ".join(dict.fromkeys(c for a in plan.activities() for c in a.lead))
            ),
        )
    if not standing.activities:
        raise NotFoundError(
            _('plan "{plan}" has no activities yet').format(plan=plan.plan.id),
            hint=_("add activities to the plan first"),
        )
    loaded = Workspace(plans_dir).get(plan.plan.id)
    digest = loaded.digest if loaded and loaded.digest else ""
    rows = standing.activities
    indicators = tuple(dict.fromkeys(i.id for f in rows for i in f.activity.indicators))
    return Template(
        plan, digest, day, rows, indicators, tuple(plan.names), tuple(m.id for m in plan.meetings)
    )


def headers(indicators: Sequence[str]) -> list[str]:
    """The first row of the sheet."""
    return [*READ_ONLY, *INPUTS, *(INDICATOR + i for i in indicators)]


# --- the filled sheet back in -----------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula whose value no spreadsheet program has worked out and saved
    (a sheet written by a script): what it shows is unknown."""

    text: str


_ERRORS: Final = frozenset({"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!"})
MAX_ROWS: Final = 20_000  # far more than any plan's activities; a sheet is read whole
MAX_COLUMNS: Final = 200


@dataclass(frozen=True)
class Cell:
    """A value as the sheet stores it, and where it is ("J7", or "line 7, Status" in CSV)."""

    ref: str
    value: Any
    percent_format: bool = False  # the cell shows its number as a percent (0.4 is 40%)


@dataclass(frozen=True)
class Filled:
    """The rows of a filled sheet, and what the workbook says about where it came from."""

    rows: list[tuple[int, dict[str, Cell]]]  # (row number, cells by header)
    plan: str | None = None  # the plan the sheet was made from (workbooks only)
    digest: str | None = None
    made: dt.date | None = None


@dataclass(frozen=True)
class Imported:
    """What an import wrote (or, dry, would write), what it found already recorded, and what
    it has to say about the sheet."""

    written: tuple[tuple[str, StoredRecord | NewRecord], ...]  # (row ref, record)
    unchanged: tuple[tuple[str, StoredRecord], ...]  # rows whose values are recorded already
    skipped: int  # blank rows
    dry_run: bool
    notes: tuple[str, ...] = field(default=())  # e.g. the plan changed since the sheet was made


def import_sheet(
    plans_dir: Path, path: Path, by: str | None, dry_run: bool, now: dt.datetime
) -> Imported:
    """Every filled row of the sheet as a progress record, checked exactly as `record` checks
    one; all rows or none (SPEC §8).

    Raises:
        SheetError: the file is no sheet workplan reads (not a workbook, no Progress sheet).
        RecordRefusedError: rows have problems (each named by its cell); nothing is written.
        WriteError: a record could not be written; those written before it are removed.
    """
    filled = read_sheet(path)
    workspace = Workspace(plans_dir, use_cache=False)
    where = f"{path.name}:" if path.suffix.lower() == ".csv" else f"{path.name}:{SHEET}!"
    problems: list[tuple[str, str, str | None]] = []
    prepared: list[tuple[str, NewRecord]] = []
    notes: list[str] = []
    befores: dict[str, dict[str, list[StoredRecord]]] = {}  # plan -> activity -> records
    seen: dict[tuple[str, str], str] = {}  # (plan, activity) -> the cell of its row
    sheet_plan = filled.plan
    if sheet_plan is not None:
        loaded = workspace.get(sheet_plan)
        if loaded is not None and loaded.digest and filled.digest not in (None, loaded.digest):
            notes.append(
                _(
                    "the plan changed since this sheet was made ({day}); its rows were "
                    "checked against the plan as it is now"
                ).format(day=filled.made)
            )
    filled_rows = [(number, cells) for number, cells in filled.rows if not _empty(cells)]
    skipped = len(filled.rows) - len(filled_rows)
    _check_by(workspace, by, sheet_plan, filled_rows)
    for number, cells in filled_rows:
        row = _row(workspace, cells, number, by, now, befores, sheet_plan, filled.made)
        if isinstance(row, list):
            column = {cell.ref: i for i, cell in enumerate(cells.values())}
            problems += sorted(row, key=lambda p: column.get(p[0], -1))  # by cell, in the row
            continue
        ref, new = row
        if new.record is None:
            problems += [_placed(cells, number, f) for f in new.findings]
            continue
        key = (new.record.plan, new.record.activity)
        if key in seen:
            problems.append(
                (
                    ref,
                    _("activity {activity} has a row already ({cell})").format(
                        activity=new.record.activity, cell=seen[key]
                    ),
                    _("one row per activity: keep the row with what is true now"),
                )
            )
            continue
        seen[key] = ref
        prepared.append((ref, new))
    if problems:
        raise RecordRefusedError(
            ngettext(
                "nothing was written: {count} problem in the sheet",
                "nothing was written: {count} problems in the sheet",
                len(problems),
            ).format(count=len(problems)),
            details=tuple((f"{where}{ref}: {msg}", hint) for ref, msg, hint in problems),
        )
    written: list[tuple[str, StoredRecord | NewRecord]] = []
    unchanged = [(ref, new.same) for ref, new in prepared if new.same is not None]
    fresh = [(ref, new) for ref, new in prepared if new.same is None]
    if dry_run:
        written = [(ref, new) for ref, new in fresh]
    else:
        written = [(ref, stored) for ref, stored in _write_all(plans_dir, fresh)]
    return Imported(tuple(written), tuple(unchanged), skipped, dry_run, tuple(notes))


def _write_all(
    plans_dir: Path, fresh: list[tuple[str, NewRecord]]
) -> list[tuple[str, StoredRecord]]:
    """Write every record, or none: when one cannot be written, or the run is interrupted
    (Ctrl-C), remove those that were."""
    done: list[tuple[str, StoredRecord]] = []
    try:
        for ref, new in fresh:
            assert new.record is not None
            done.append((ref, write_record(plans_dir, new.record)))
    except (WriteError, KeyboardInterrupt) as exc:
        for _cell, stored in done:
            stored.path.unlink(missing_ok=True)
        if isinstance(exc, WriteError):
            raise WriteError(
                # TRANSLATORS: {message} says why the record could not be written
                _(
                    "{message}; nothing was written (the records written before it were removed)"
                ).format(message=exc.message),
                hint=exc.hint,
            ) from None
        raise
    return done


def _empty(cells: dict[str, Cell]) -> bool:
    """A row with nothing typed in its input columns."""
    return all(_blank(c.value) for h, c in cells.items() if h in INPUTS or h.startswith(INDICATOR))


def _check_by(
    workspace: Workspace,
    by: str | None,
    sheet_plan: str | None,
    rows: list[tuple[int, dict[str, Cell]]],
) -> None:
    """--by is a code of the sheet's plans, checked once, before any row.

    Raises:
        RecordRefusedError: it is not.
    """
    if by is None:
        return
    ids = {sheet_plan} if sheet_plan else {_text(cells, "Plan") for _number, cells in rows}
    for plan_id in sorted(i for i in ids if i):
        loaded = workspace.get(plan_id)
        if loaded is None or loaded.plan is None:
            continue  # said at the row's Plan cell
        wrong = reporter_code(by, loaded.plan, "--by")[1]
        if wrong is not None:
            raise RecordRefusedError(
                _("nothing was written"), details=((wrong.message, wrong.hint),)
            )


def _row(
    workspace: Workspace,
    cells: dict[str, Cell],
    number: int,
    by: str | None,
    now: dt.datetime,
    befores: dict[str, dict[str, list[StoredRecord]]],
    sheet_plan: str | None,
    made: dt.date | None,
) -> tuple[str, NewRecord] | list[tuple[str, str, str | None]]:
    """One filled row as a record checked as `record` checks it, or its problems."""
    problems: list[tuple[str, str, str | None]] = []

    def wrong(header: str, message: str, hint: str | None = None) -> None:
        problems.append((_ref(cells, header, number), message, hint))

    for header, cell in cells.items():
        if isinstance(cell.value, Formula):
            wrong(
                header,
                _("the cell holds a formula whose value was never worked out"),
                _("open the sheet in Excel or LibreOffice and save it, or type the value"),
            )
        elif isinstance(cell.value, str) and cell.value.strip().upper() in _ERRORS:
            wrong(
                header,
                _("the cell shows an error ({error})").format(error=cell.value.strip()),
                _("type the value"),
            )
    if problems:
        return problems
    plan_id = _text(cells, "Plan")
    if sheet_plan is not None and plan_id != sheet_plan:
        wrong(
            "Plan",
            _('the row is of plan "{plan}", but the sheet was made for "{sheet_plan}"').format(
                plan=shorten(plan_id), sheet_plan=sheet_plan
            ),
            _("a sheet reports on one plan; make a sheet for each plan (workplan template)"),
        )
        return problems
    try:
        plan = workspace.plan(plan_id)
    except (NotFoundError, RecordRefusedError) as exc:
        wrong("Plan", f'"{shorten(plan_id)}": {exc.message}', exc.hint)
        return problems
    activity_id = _text(cells, "Activity")
    activity = plan.activity(activity_id)
    if not activity_id:
        wrong(
            "Activity",
            _("the row has no activity"),
            _("keep the Activity cell as the sheet had it"),
        )
        return problems
    if activity is None:
        wrong(
            "Activity",
            _('plan "{plan}" has no activity "{activity}" (any more)').format(
                plan=plan.plan.id, activity=shorten(activity_id)
            ),
            _(
                "the plan changed since the sheet was made; ask for a new sheet, or copy the "
                "row's values to the activity it became"
            ),
        )
        return problems
    if plan.plan.id not in befores:  # a plan's records, once, by activity
        by_activity: dict[str, list[StoredRecord]] = {}
        for kept in workspace.load_records(plan.plan.id).records:
            by_activity.setdefault(kept.record.activity, []).append(kept)
        befores[plan.plan.id] = by_activity
    data: dict[str, Any] = {
        "format": 1,
        "plan": plan.plan.id,
        "activity": activity.id,
        "recorded_at": now.astimezone(dt.UTC),
    }
    status = _text(cells, "Status").lower()
    if status:
        data["status"] = status
    else:
        wrong(
            "Status",
            _("the row is filled in but has no status"),
            _("one of: {choices}").format(choices=", ".join(RECORD_STATUSES)),
        )
    percent = _percent(cells.get("Percent"), wrong)
    if percent is not None:
        data["percent"] = percent
    as_of = _date(cells.get("As of"), wrong)
    if as_of is not None:
        data["as_of"] = as_of
    note = _text(cells, "Note")
    if note:
        data["note"] = note
    evidence = _evidence(cells, wrong)
    if evidence:
        data["evidence"] = [evidence]
    who = _text(cells, "Reported by") or (by or "")
    if who:
        code, refused = reporter_code(who, plan, '"Reported by"')
        if refused is not None:
            wrong("Reported by", refused.message, refused.hint)
        data["reported_by"] = code
    meeting = _text(cells, "Meeting")
    if meeting:
        data["meeting"] = meeting
    indicators = {}
    for header, cell in cells.items():
        if header.startswith(INDICATOR) and not _blank(cell.value):
            value = _number(cell.value)
            if value is None:
                wrong(
                    header,
                    _('"{text}" is not a number').format(text=shorten(str(cell.value))),
                    _("write the number alone, e.g. 45"),
                )
            else:
                indicators[header.removeprefix(INDICATOR)] = value
    if indicators:
        data["indicators"] = indicators
    names = {**_COLUMNS, **{"indicators": "Indicator"}}
    before = befores[plan.plan.id].get(activity.id, [])
    new = prepare_record(
        workspace, plan, {k: v for k, v in data.items() if v is not None}, now.date(),
        before, {k: f'"{v}"' for k, v in names.items()},
    )  # fmt: skip
    if problems:  # and what the rules find in the cells that could be read
        said = {problem[0] for problem in problems}
        placed = [_placed(cells, number, f) for f in new.findings]
        return problems + [p for p in placed if p[0] not in said]
    if new.record is not None and new.same is None:
        # the same sheet imported again is the same report: its values are stored already
        # (for the row's day; with no As of, since the sheet was made), whatever came after
        ours = in_force(before)
        day = new.record.as_of
        stored = [
            s
            for s in ours
            if (s.record.as_of == day if as_of is not None else made and s.record.as_of >= made)
        ]
        current = states_as_of(plan, before, now.date())[activity.id].record
        if as_of is None and current is not None:
            stored.append(current)
        same = next((s for s in stored if same_values(s.record, new.record)), None)
        if same is not None:
            new = NewRecord(new.record, same=same)
    return _ref(cells, "Activity", number), new


def _placed(cells: dict[str, Cell], number: int, finding: Finding) -> tuple[str, str, str | None]:
    """A finding about a record made from a row, at the cell its key came from."""
    key = str(finding.loc[0]) if finding.loc else ""
    header = _COLUMNS.get(key, "Activity")
    if key == "indicators" and len(finding.loc) > 1:
        header = INDICATOR + str(finding.loc[1])
    if key == "evidence" and len(finding.loc) > 2 and finding.loc[2] == "title":
        header = "Evidence title"
    hint = finding.hint
    if finding.code == "WP205" and key == "status":  # said for a sheet, not a command line
        hint = _("fill in Evidence URL (and Evidence title) with a report that shows it")
    return _ref(cells, header, number), finding.message, hint


def _ref(cells: dict[str, Cell], header: str, number: int) -> str:
    cell = cells.get(header)
    return cell.ref if cell is not None else _("row {number}").format(number=number)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(cells: dict[str, Cell], header: str) -> str:
    """A cell as text, spaces trimmed ('' for a blank); a whole number as written."""
    cell = cells.get(header)
    if cell is None or _blank(cell.value):
        return ""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


Wrong = Any  # the row's problem collector: wrong(header, message, hint=None)


def _percent(cell: Cell | None, wrong: Wrong) -> int | None:
    """40, 40.0, "40", "40%", or 0.4 in a cell shown as a percent: 40."""
    if cell is None or _blank(cell.value):
        return None
    value = cell.value
    shown = f'"{shorten(str(value))}"' if isinstance(value, str) else f"{value}"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and cell.percent_format:
        shown = f"{value * 100:g}%"  # as the sheet shows it
    hint = _("write a whole number from 0 to 100, e.g. 40")
    if isinstance(value, bool):
        wrong("Percent", _("{value} is not a percent").format(value=shown), hint)
        return None
    if isinstance(value, (int, float)) and cell.percent_format:
        value = value * 100
    number = _number(value.strip().removesuffix("%")) if isinstance(value, str) else value
    if not (isinstance(number, (int, float)) and math.isfinite(number)):
        wrong("Percent", _("{value} is not a whole number").format(value=shown), hint)
        return None
    rounded = round(number)
    if abs(number - rounded) > 1e-9:
        wrong("Percent", _("{value} is not a whole number").format(value=shown), hint)
        return None
    return int(rounded)


_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)  # day 0 of spreadsheet serial dates


def _date(cell: Cell | None, wrong: Wrong) -> dt.date | None:
    """A date cell, a serial number, or YYYY-MM-DD text; 03/04/2025 is refused (which is
    the month?), and 25/04/2025 too, with the date it must be."""
    if cell is None or _blank(cell.value):
        return None
    value = cell.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, dt.time):
        wrong(
            "As of",
            _("{value} is a time, not a date").format(value=value),
            _("type the date as YYYY-MM-DD"),
        )
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2_958_466:  # up to 9999-12-31
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        wrong(
            "As of",
            _("{value} is not a date").format(value=f"{value:g}"),
            _("type the date as 2025-06-30, or use a date cell"),
        )
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    found = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    readings: list[str] = []
    for day, month in ((1, 2), (2, 1)) if found else ():
        assert found is not None
        try:
            readings.append(dt.date(int(found[3]), int(found[month]), int(found[day])).isoformat())
        except ValueError:
            continue
    readings = list(dict.fromkeys(readings))
    if len(readings) == 2:
        wrong(
            "As of",
            _('"{text}" could be read two ways (day/month or month/day)').format(
                text=shorten(text)
            ),
            _("type the date as YYYY-MM-DD: {first} or {second}").format(
                first=readings[0], second=readings[1]
            ),
        )
    elif readings:
        wrong(
            "As of",
            _('"{text}" is not written as YYYY-MM-DD').format(text=shorten(text)),
            _("type it as {day}, or use a date cell").format(day=readings[0]),
        )
    else:
        wrong(
            "As of",
            _('"{text}" is not a date').format(text=shorten(text)),
            _("type the date as YYYY-MM-DD, e.g. 2025-06-30"),
        )
    return None


def _number(value: Any) -> int | float | None:
    """A number from a cell: a number, or text that is one (spaces trimmed)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else float(value)
    text = str(value).strip()
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
        return None
    number = float(text)
    return int(number) if number.is_integer() and "e" not in text.lower() else number


def _evidence(cells: dict[str, Cell], wrong: Wrong) -> dict[str, Any] | None:
    title, url = _text(cells, "Evidence title"), _text(cells, "Evidence URL")
    restricted = _text(cells, "Restricted").lower()
    if restricted not in YES | NO:
        wrong(
            "Restricted",
            _('"{text}" is not yes or no').format(text=shorten(restricted)),
            _("write yes or no"),
        )
        restricted = "no"  # said; the evidence is still there
    if not url:
        if title:
            wrong(
                "Evidence URL",
                _("the evidence has a title but no address"),
                _("add its web address, https://..."),
            )
        elif restricted in YES:
            wrong(
                "Restricted",
                _("Restricted marks evidence, but the row has none"),
                _("add the Evidence URL"),
            )
        return None
    return {"title": title or url, "url": url, "restricted": restricted in YES}


# --- reading a sheet ------------------------------------------------------------------------------


def read_sheet(path: Path) -> Filled:
    """The rows of a filled sheet: an .xlsx workbook, or a .csv file of the same columns.

    Raises:
        SheetError: it cannot be read as one, or its headers are not the sheet's.
    """
    kind = path.suffix.lower()
    if kind == ".csv":
        return _read_csv(path)
    if kind not in (".xlsx", ".xlsm"):
        raise SheetError(
            _("{file}: workplan reads sheets saved as .xlsx or .csv").format(file=path.name),
            hint=_("in Excel or LibreOffice: Save As, Excel Workbook (.xlsx)"),
        )
    return _read_workbook(path)


def _read_csv(path: Path) -> Filled:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise SheetError(
            # TRANSLATORS: {reason} is the system's own words, e.g. "Permission denied"
            _("{file}: cannot read it: {reason}").format(file=path.name, reason=exc.strerror)
        ) from None
    except UnicodeDecodeError:
        raise SheetError(
            _("{file} is not UTF-8 text").format(file=path.name),
            hint=_("save it as CSV UTF-8 (in Excel: Save As, CSV UTF-8), or send the .xlsx"),
        ) from None
    lines = list(csv.reader(io.StringIO(text, newline="")))
    if not lines:
        raise SheetError(
            _("{file} is empty").format(file=path.name), hint=_("send the filled sheet")
        )
    if len(lines) > MAX_ROWS + 1:
        raise SheetError(
            _("{file} has more than {count} rows").format(
                file=path.name, count=number_text(f"{MAX_ROWS:,}")
            ),
            hint=_(_ONE_PLAN),
        )
    header = [h.strip() for h in lines[0]]
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        if ";" in header[0]:
            message = _("{file}: the columns are separated by semicolons, not commas")
        else:
            message = _("{file}: the columns are separated by tabs, not commas")
        raise SheetError(
            message.format(file=path.name),
            hint=_("save it as CSV UTF-8 (Comma delimited), or send the .xlsx"),
        )
    _check_header(path.name, header, lambda i: _("line 1, column {number}").format(number=i + 1))
    rows = []
    # TRANSLATORS: where a cell of a CSV sheet is: "line 7, Status" ({column} stays English)
    at = _("line {number}, {column}")
    for number, line in enumerate(lines[1:], start=2):
        cells = {
            h: Cell(at.format(number=number, column=h), line[i] if i < len(line) else None)
            for i, h in enumerate(header)
        }
        rows.append((number, cells))
    return Filled(rows)


_ONE_PLAN: Final = N_("a sheet holds one row per activity of a plan; send the template's rows")


def _read_workbook(path: Path) -> Filled:
    import warnings
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():  # openpyxl warns of what it cannot read; we say it
            warnings.simplefilter("ignore")
            book = load_workbook(path, data_only=True)
            formulas = load_workbook(path, data_only=False)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, InvalidFileException) as exc:
        if isinstance(exc, OSError) and exc.strerror:
            # TRANSLATORS: {reason} is the system's own words, e.g. "Permission denied"
            message = _("{file}: cannot read it: {reason}").format(
                file=path.name, reason=exc.strerror
            )
        else:
            message = _("{file}: cannot read it: it is not an .xlsx workbook").format(
                file=path.name
            )
        raise SheetError(
            message,
            hint=_(
                "send the .xlsx file workplan template made, saved in Excel or LibreOffice "
                "as .xlsx; or a .csv of the same columns"
            ),
        ) from None
    if SHEET not in book.sheetnames:
        raise SheetError(
            _('{file} has no sheet named "{sheet}"').format(file=path.name, sheet=SHEET),
            hint=_(
                'sheets in it: {sheets}; the progress rows go in the "{sheet}" sheet of the '
                "template"
            ).format(sheets=", ".join(book.sheetnames), sheet=SHEET),
        )
    sheet, written = book[SHEET], formulas[SHEET]
    if sheet.max_row > MAX_ROWS + 1 or sheet.max_column > MAX_COLUMNS:
        far = f"{get_column_letter(sheet.max_column)}{sheet.max_row}"
        raise SheetError(
            _(
                '{file}: the "{sheet}" sheet reaches cell {cell}, beyond what a progress '
                "sheet holds ({rows} rows, {columns} columns)"
            ).format(
                file=path.name,
                sheet=SHEET,
                cell=far,
                rows=number_text(f"{MAX_ROWS:,}"),
                columns=MAX_COLUMNS,
            ),
            # TRANSLATORS: {more} is "a sheet holds one row per activity of a plan; ..."
            hint=_("clear the cells beyond the activities' rows; {more}").format(more=_(_ONE_PLAN)),
        )
    grid = list(sheet.iter_rows())
    if not grid:
        raise SheetError(
            _('{file}: the "{sheet}" sheet is empty').format(file=path.name, sheet=SHEET),
            hint=_("send the filled sheet"),
        )
    header = ["" if c.value is None else str(c.value).strip() for c in grid[0]]
    while header and not header[-1]:
        header.pop()
    _check_header(path.name, header, lambda i: f"{SHEET}!{get_column_letter(i + 1)}1")
    rows = []
    for line in grid[1:]:
        number = (line[0].row or 0) if line else 0
        cells = {}
        for i, h in enumerate(header):
            cell = line[i] if i < len(line) else None
            value: Any = None if cell is None else cell.value
            ref = f"{get_column_letter(i + 1)}{number}"
            if value is None:
                typed = written[ref].value
                if isinstance(typed, str) and typed.startswith("="):
                    value = Formula(typed)  # a formula no program has worked out
            shown_as = str(getattr(cell, "number_format", "") or "")
            cells[h] = Cell(ref, value, "%" in shown_as)
        rows.append((number, cells))
    return _with_about(book, path.name, rows)


def _with_about(book: Any, name: str, rows: list[tuple[int, dict[str, Cell]]]) -> Filled:
    """The rows, with what the hidden sheet says of where the workbook came from.

    Raises:
        SheetError: a sheet format this version does not read.
    """
    if ABOUT not in book.sheetnames:
        return Filled(rows)
    about = {
        str(row[0].value): row[1].value
        for row in book[ABOUT].iter_rows(max_col=2, max_row=10)
        if len(row) > 1 and row[0].value is not None
    }
    version = about.get("sheet format")
    if version not in (None, SHEET_FORMAT):
        raise SheetError(
            _(
                '{file}: the sheet is of format "{found}", which this version of '
                "workplan does not read (it reads format {format})"
            ).format(file=name, found=shorten(str(version)), format=SHEET_FORMAT),
            hint=_("make the sheet again with this version: workplan template"),
        )
    made = None
    with contextlib.suppress(TypeError, ValueError):
        made = dt.date.fromisoformat(str(about.get("as of"))[:10])
    plan, digest = about.get("plan"), about.get("plan hash")
    return Filled(rows, str(plan) if plan else None, str(digest) if digest else None, made)


def _check_header(name: str, header: list[str], where: Any) -> None:
    """The sheet's columns, in their order: the fixed ones, then indicators."""
    fixed = [*READ_ONLY, *INPUTS]
    for i, expected in enumerate(fixed):
        got = header[i] if i < len(header) else ""
        if got != expected:
            raise SheetError(
                _('{file}:{cell}: the column is "{found}", not "{expected}"').format(
                    file=name, cell=where(i), found=one_line(shorten(got)), expected=expected
                ),
                hint=_(
                    "import the sheet workplan template made, with its columns as they were "
                    "(add rows, not columns)"
                ),
            )
    for i, got in enumerate(header[len(fixed) :], start=len(fixed)):
        if not got.startswith(INDICATOR):
            raise SheetError(
                _('{file}:{cell}: the column "{found}" is not one of the sheet\'s').format(
                    file=name, cell=where(i), found=one_line(shorten(got))
                ),
                hint=_('after "{last}" come only "{indicator}ID" columns').format(
                    last=fixed[-1], indicator=INDICATOR
                ),
            )
