"""Plan files and progress records to models; owns every "your file is wrong" message."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar

import tomli
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from workplan_cli.errors import Problem
from workplan_cli.models import PlanFile, ProgressRecord, StoredRecord, is_plan_id
from workplan_cli.paths import (
    PROGRESS,
    absolute,
    display_path,
    filed_under,
    linked_part,
    record_files,
    records_root,
    shown_name,
)
from workplan_cli.positions import PositionMap
from workplan_cli.rules import Finding, RecordContext, check_plan, check_record
from workplan_cli.translate import translate_errors

MAX_FILE_BYTES: Final = 10 * 1024 * 1024


@dataclass(frozen=True)
class LoadedPlan:
    """A plan file read and checked: the model when it is valid, and every problem."""

    path: Path
    plan: PlanFile | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class LoadedRecords:
    """The progress records of a plan: every valid one, and the problems of the others."""

    records: tuple[StoredRecord, ...]
    problems: tuple[Problem, ...]


@dataclass
class PlansDir:
    """A plans directory; each plan in it is read once, when first asked for."""

    folder: Path
    _loaded: dict[str, LoadedPlan] = field(default_factory=dict)
    _ids: tuple[str, ...] | None = None
    links: dict[str, Path | None] = field(default_factory=dict)  # symbolic links, by folder

    def ids(self) -> tuple[str, ...]:
        """The ids of the plans in the directory: the stems of its plan file names (read once)."""
        if self._ids is None:
            found = (p.stem for p in self.folder.glob("*.toml") if is_plan_id(p.stem))
            self._ids = tuple(sorted(found))
        return self._ids

    def get(self, plan_id: str) -> LoadedPlan | None:
        """The plan with this id, read and checked; None when there is no such plan file."""
        if plan_id not in self._loaded:
            path = self.folder / f"{plan_id}.toml"
            if not is_plan_id(plan_id) or not path.is_file():  # never a path from outside
                return None
            self._loaded[plan_id] = load_plan(path)
        return self._loaded[plan_id]

    def remember(self, loaded: LoadedPlan) -> None:
        """Keep a plan file already read and checked, so that its records need not read it."""
        if loaded.path.suffix == ".toml" and is_plan_id(loaded.path.stem):
            self._loaded.setdefault(loaded.path.stem, loaded)

    def loaded(self) -> list[LoadedPlan]:
        """The plans read so far."""
        return list(self._loaded.values())


@dataclass(frozen=True)
class ValidationReport:
    """What `workplan validate` found in a set of files."""

    plans: tuple[str, ...]
    records: tuple[str, ...]
    problems: tuple[Problem, ...]
    valid_plans: tuple[PlanFile, ...] = ()  # the plan files without problems
    valid_records: tuple[StoredRecord, ...] = ()  # the records without problems

    @property
    def files(self) -> tuple[str, ...]:
        """Every file checked."""
        return self.plans + self.records

    @property
    def ok(self) -> bool:
        """True when no file has a problem."""
        return not self.problems


def latest_allowed_day() -> dt.date:
    """The latest as_of a stored record may have: today in the time zone furthest ahead."""
    return dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)


def validate_paths(paths: Sequence[Path]) -> ValidationReport:
    """Check every plan and record file named, or found in the directories named."""
    plans: list[str] = []
    records: list[str] = []
    problems: list[Problem] = []
    valid: list[PlanFile | StoredRecord] = []
    seen: set[str] = set()
    dirs: dict[str, PlansDir] = {}
    latest = latest_allowed_day()
    for path in paths:
        targets, blocked = _targets(path)
        problems += blocked
        if not targets and not blocked:
            problems.append(
                _file_problem(
                    path,
                    "WP001",
                    "the directory holds no plan files (*.toml) and no progress records",
                    "name plan files, or a directory that holds them",
                )
            )
        for target in targets:
            full = absolute(target)
            if full in seen:  # named twice, or also inside a directory named
                continue
            seen.add(full)
            is_record, model, found = _check_file(target, full, dirs, latest)
            (records if is_record else plans).append(display_path(target))
            if not is_record:  # its records, if any follow, are checked against it
                home = dirs.setdefault(os.path.dirname(full), PlansDir(target.parent))
                home.remember(
                    LoadedPlan(target, model if isinstance(model, PlanFile) else None, found)
                )
            problems.extend(found)
            if model is not None:
                valid.append(model)
    for plans_dir in dirs.values():  # plans read only because a record names them
        for loaded in plans_dir.loaded():
            if absolute(loaded.path) not in seen:
                seen.add(absolute(loaded.path))
                plans.append(display_path(loaded.path))
                problems.extend(loaded.problems)
    return ValidationReport(
        tuple(plans),
        tuple(records),
        tuple(sorted(problems)),
        tuple(m for m in valid if isinstance(m, PlanFile)),
        tuple(m for m in valid if isinstance(m, StoredRecord)),
    )


def _targets(path: Path) -> tuple[list[Path], list[Problem]]:
    """The files to check for a path named, and a problem if its progress/ is not a folder."""
    if not path.is_dir():
        return [path], []
    if records_root(path) is not None:  # progress/ itself, or a folder inside it
        return record_files(path), []
    progress = path / PROGRESS
    blocked = [] if progress.is_dir() or not progress.exists() else [_not_a_folder(progress)]
    return sorted(path.glob("*.toml")) + record_files(progress), blocked


def _not_a_folder(path: Path) -> Problem:
    return _file_problem(
        path,
        "WP001",
        "this should be the folder of progress records, but it is a file",
        "move the file away; workplan record makes the folder when it first records",
    )


def _check_file(
    path: Path, full: str, dirs: dict[str, PlansDir], latest: dt.date
) -> tuple[bool, PlanFile | StoredRecord | None, tuple[Problem, ...]]:
    """Whether the file is a progress record (it is under a progress/ folder), its model when
    it is valid, and its problems. ``full`` is its absolute path."""
    root = records_root(full)
    if root is None:
        parsed = _parse(path)
        if isinstance(parsed, Problem):
            return False, None, (parsed,)
        text, data = parsed
        if isinstance(data.get("plan"), str) and "activity" in data:
            line, col = PositionMap(text).find(("plan",), at_key=True)
            where = f"{data['plan']}/{data['activity']}"
            stray = Problem(
                display_path(path),
                line,
                col,
                "WP203",
                "this is a progress record, but it is not in a progress/ folder",
                f"records belong in plans/progress/{where}/; move it there (git mv)",
            )
            return True, None, (stray,)
        return False, *_plan_problems(path, text, data)
    plans_dir = dirs.setdefault(absolute(root), PlansDir(root))
    record, found = _record_file(path, plans_dir, latest, full)
    return (
        True,
        None if record is None else StoredRecord(shown_name(path.stem), path, record),
        found,
    )


def _record_file(
    path: Path, plans_dir: PlansDir, latest: dt.date, full: str | None = None
) -> tuple[ProgressRecord | None, tuple[Problem, ...]]:
    """Read and check one record file that lies in ``plans_dir``'s progress/ tree."""
    full = full or absolute(path)
    link = linked_part(full, plans_dir.folder, plans_dir.links)
    if link is not None:
        problem = _file_problem(
            path,
            "WP203",
            f"{display_path(link)} is a symbolic link; records must be files in the repository",
            "replace the link with the folder or file itself",
        )
        return None, (problem,)
    parsed = _parse(path)
    if isinstance(parsed, Problem):
        return None, (parsed,)
    return _record_problems(path, *parsed, plans_dir, latest, filed_under(full, plans_dir.folder))


def load_plan(path: Path) -> LoadedPlan:
    """Read, parse and check one plan file; never raises for a problem in the file."""
    parsed = _parse(path)
    if isinstance(parsed, Problem):
        return LoadedPlan(path, None, (parsed,))
    plan, problems = _plan_problems(path, *parsed)
    return LoadedPlan(path, plan, problems)


def _plan_problems(
    path: Path, text: str, data: dict[str, Any]
) -> tuple[PlanFile | None, tuple[Problem, ...]]:
    plan, findings = _validated(PlanFile, data, "the top level of the file")
    findings += check_plan(data, shown_name(path.stem))
    if not findings:
        return plan, ()
    return None, _placed(path, text, findings)


def load_records(plans_dir: PlansDir, plan_id: str) -> LoadedRecords:
    """Every progress record of a plan, each checked as `validate` checks it.

    Besides the plan's own folder, it reads the files lying loose in progress/,
    where a record moved by hand may have landed: one that is about this plan,
    or cannot be read at all, is reported, so that no record is silently left out.
    """
    records: list[StoredRecord] = []
    problems: list[Problem] = []
    progress = plans_dir.folder / PROGRESS
    own = progress / plan_id
    for folder in (progress, own):
        if folder.exists() and not folder.is_dir():
            problems.append(_not_a_folder(folder))
    loose = [p for p in record_files(progress, deep=False) if not _about_another(p, plan_id)]
    files = loose + (record_files(own) if own.is_dir() else [])
    latest = latest_allowed_day()
    for path in files:
        record, found = _record_file(path, plans_dir, latest)
        problems.extend(found)
        if record is not None:
            records.append(StoredRecord(shown_name(path.stem), path, record))
    return LoadedRecords(tuple(records), tuple(sorted(problems)))


def _about_another(path: Path, plan_id: str) -> bool:
    """True for a loose file that can be read and names another plan."""
    if path.is_dir() or path.is_symlink():
        return False
    parsed = _parse(path)
    if isinstance(parsed, Problem):
        return False
    named = parsed[1].get("plan")
    return isinstance(named, str) and named != plan_id


def _record_problems(
    path: Path,
    text: str,
    data: dict[str, Any],
    plans_dir: PlansDir,
    latest: dt.date,
    filed: tuple[str, ...],
) -> tuple[ProgressRecord | None, tuple[Problem, ...]]:
    context = record_context(data, plans_dir, latest, filed)
    record, findings = _validated(ProgressRecord, data, "the record")
    findings += check_record(data, context)
    if not findings:
        return record, ()
    return None, _placed(path, text, findings)


def record_context(
    data: dict[str, Any],
    plans_dir: PlansDir,
    latest: dt.date,
    filed: tuple[str, ...] | None = None,
) -> RecordContext:
    """What the record ``data`` is checked against: ``filed`` is the folders it lies in below
    progress/, or None before it is written."""
    plan_id = data.get("plan")
    loaded = plans_dir.get(plan_id) if isinstance(plan_id, str) else None
    return RecordContext(
        loaded.plan if loaded else None, loaded is not None, plans_dir.ids(), latest, filed
    )


def check_new_record(
    data: dict[str, Any], plans_dir: PlansDir, latest: dt.date
) -> tuple[ProgressRecord | None, list[Finding]]:
    """A record about to be written, checked as `validate` will check it once it is stored."""
    record, findings = _validated(ProgressRecord, data, "the record")
    findings += check_record(data, record_context(data, plans_dir, latest))
    return (record if not findings else None), findings


M = TypeVar("M", bound=BaseModel)


def _validated(model: type[M], data: dict[str, Any], top: str) -> tuple[M | None, list[Finding]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = [e for e in exc.errors(include_url=False) if not _said_better(model, e)]
        return None, translate_errors(errors, data, model, top)


_REFERENCES: Final = frozenset({("plan",), ("activity",), ("meeting",)})


def _said_better(model: type[BaseModel], error: ErrorDetails) -> bool:
    """An id in a record that is malformed is also unknown; the rules say so, with a suggestion."""
    if model is not ProgressRecord:
        return False
    loc = tuple(error["loc"])
    malformed = error["type"] == "string_pattern_mismatch" and loc in _REFERENCES
    return malformed or (loc[:1] == ("indicators",) and loc[-1] == "[key]")


def _placed(path: Path, text: str, findings: list[Finding]) -> tuple[Problem, ...]:
    """The findings with line and column: the text is scanned only when there are some."""
    shown = display_path(path)
    positions = PositionMap(text)
    return tuple(sorted(_place(shown, f, positions) for f in findings))


def _place(shown: str, finding: Finding, positions: PositionMap) -> Problem:
    line, col = positions.find(finding.loc, at_key=finding.at_key)
    hint = finding.hint
    if finding.first is not None:
        first_line, _ = positions.find(finding.first)
        hint = f"the first is at line {first_line}; {hint}" if hint else None
    return Problem(shown, line, col, finding.code, finding.message, hint)


def _parse(path: Path) -> tuple[str, dict[str, Any]] | Problem:
    """The text and the parsed TOML of a file, or the one problem that stops reading it."""
    shown = display_path(path)
    read = _read_text(path)
    if isinstance(read, Problem):
        return read
    text = read
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        return _syntax_problem(shown, text, str(exc))
    except ValueError:  # Python refuses integers of more than 4300 digits
        long_run = re.search(r"[0-9_]{4300,}", text)
        line, col = _line_col(text, long_run.start() if long_run else 0)
        return Problem(shown, line, col, "WP005", "TOML syntax: a number is too long to read")
    except RecursionError as exc:
        if "key" in str(exc):  # tomli: "TOML key has more than the allowed 1000 parts"
            line, col = _most_dots_at(text)
            return Problem(
                shown,
                line,
                col,
                "WP007",
                "a dotted key here has too many parts to read",
                "each dot nests a table one level deeper; use fewer parts",
            )
        line, col = _deep_nesting_at(text)
        return Problem(
            shown, line, col, "WP007", "values are nested too deeply to read", "flatten the value"
        )
    if not data:
        return Problem(
            shown,
            0,
            0,
            "WP003",
            "the file holds only comments",
            "start from `workplan new PLAN-ID`",
        )
    return text, data


# --- reading -------------------------------------------------------------------------------


def _file_problem(path: Path, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(display_path(path), 0, 0, code, message, hint)


def _read_text(path: Path) -> str | Problem:
    try:
        info = path.stat()
        size = info.st_size
        if stat.S_ISDIR(info.st_mode):
            return _file_problem(path, "WP001", "this is a directory, not a plan file")
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
            return _file_problem(path, "WP001", "this is not a regular file")
        if size > MAX_FILE_BYTES:
            return _file_problem(
                path,
                "WP004",
                f"the file is {size / 1_048_576:.1f} MB; plan files may be at most "
                f"{MAX_FILE_BYTES // 1_048_576} MB",
                "a plan file holds one plan; split records and reports out of it",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        return _file_problem(path, "WP001", "no such file", "check the path and its spelling")
    except OSError as exc:
        return _file_problem(path, "WP001", f"cannot read the file: {exc.strerror or exc}")
    if not raw.strip():
        return _file_problem(
            path, "WP003", "the file is empty", "start from `workplan new PLAN-ID`"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return Problem(
            display_path(path),
            line,
            col,
            "WP002",
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02X} here)",
            "save it as UTF-8: in most editors, Save As and choose the encoding UTF-8",
        )
    return text.removeprefix("\ufeff")  # a byte-order mark, as some Windows editors write


_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")
_TOML_HINTS: Final = (
    ("Invalid value", 'text needs double quotes ("..."); dates are written 2024-01-31, no quotes'),
    ("Illegal character '\\n'", "close the string with a quote on the same line"),
    ("Illegal character", "remove the character here; it may be invisible, such as a control code"),
    ("Expected '=' after a key", "each line is key = value; quote keys that have spaces"),
    ("Unclosed", "close every [ and { you open"),
)
_UNCLOSED_STRING: Final = ("Unterminated string", "Expected \"'''\"")
_UNCLOSED_HINT: Final = "close the string that starts here with the quotes it opens with"
_KEEP_ONE: Final = "keep one of them"
_REDEFINED: Final = ("Cannot overwrite a value", "Cannot declare", "Duplicate inline table key")


def _syntax_problem(shown: str, text: str, message: str) -> Problem:
    match = _TOML_POSITION.search(message)
    lines = text.split("\n")
    line, col = len(lines), 1
    if match:
        message = message[: match.start()]
        if match.group(1):
            line, col = int(match.group(1)), int(match.group(2))
    if message.startswith(_REDEFINED):
        return _redefined_problem(shown, "\n".join(lines[:line]), line, col)
    at_end = match is None or not match.group(1)
    if at_end and message.startswith(_UNCLOSED_STRING):
        line, col = _last_opening(text)
        return Problem(shown, line, col, "WP005", f"TOML syntax: {message}", _UNCLOSED_HINT)
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    hint = _source_hint(source) or next(
        (h for start, h in _TOML_HINTS if message.startswith(start)), None
    )
    return Problem(shown, line, col, "WP005", f"TOML syntax: {message}", hint)


_SOURCE_HINTS: Final = (
    (
        re.compile(r"[\u201c\u201d\u2018\u2019]"),
        'replace curly quotes (“ ”) with straight ones (")',
    ),
    (
        re.compile(
            r"=\s*(\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[/.]\d{1,2}[/.]\d{1,2}|\d{4}-\d-|\d{4}-\d{2}-\d(\D|$))"
        ),
        "write dates as YYYY-MM-DD with two-digit months and days, e.g. 2024-01-31",
    ),
    (re.compile(r"=\s*\d{4}-\d{2}-\d{2}"), "the date does not exist, or has a time after it"),
    (re.compile(r"=\s*-?\d+,\d{3}"), "write numbers without thousands separators, e.g. 1200"),
)


def _source_hint(source: str) -> str | None:
    """A hint from the offending line itself: dates, numbers and quotes as people write them."""
    return next((hint for pattern, hint in _SOURCE_HINTS if pattern.search(source)), None)


def _last_opening(text: str) -> tuple[int, int]:
    """Where the last multi-line string opens: the likely start of one never closed."""
    offset = max(text.rfind('"""'), text.rfind("'''"))
    return _line_col(text, max(offset, 0))


def _redefined_problem(shown: str, text: str, line: int, col: int) -> Problem:
    """A key or table defined twice: found by the scanner in the text up to where TOML stopped."""
    positions = PositionMap(text)
    if not positions.redefined:  # e.g. [x] after [[x]]: at the start of tomli's line
        source = text.split("\n")[line - 1] if line else ""
        col = len(source) - len(source.lstrip()) + 1
        return Problem(shown, line, col, "WP006", "a key or table is defined twice", _KEEP_ONE)
    path, offset = positions.redefined[-1]
    here_line, here_col = positions.line_col(offset)
    first_line, _ = positions.find(path, at_key=True)
    name = ".".join(str(part) for part in path if isinstance(part, str))
    is_table = text[offset] == "["
    what = f"the table [{name}]" if is_table else f'the key "{path[-1]}"'
    return Problem(
        shown,
        here_line,
        here_col,
        "WP006",
        f"{what} is defined twice",
        f"the first is at line {first_line}; {_KEEP_ONE}",
    )


def _deep_nesting_at(text: str) -> tuple[int, int]:
    """The line where brackets nest deepest, at its first bracket (strings are not told apart)."""
    depth = deepest = where = 0
    for offset, ch in enumerate(text):
        depth += (ch in "[{") - (ch in "]}")
        if depth > deepest:
            deepest, where = depth, offset
    line_start = text.rfind("\n", 0, where) + 1
    first = min(i for i in (text.find("[", line_start), text.find("{", line_start)) if i >= 0)
    return _line_col(text, first)


def _most_dots_at(text: str) -> tuple[int, int]:
    """The line with the most dots, at its first character that is not blank: where a key of
    too many dotted parts stands (a dotted key cannot span lines)."""
    lines = text.split("\n")
    index = max(range(len(lines)), key=lambda i: lines[i].count("."))
    return index + 1, len(lines[index]) - len(lines[index].lstrip()) + 1


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
