"""Plan files to models; owns every "your file is wrong" message, with line and column."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import stat
import tomllib
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from workplan_cli.errors import Problem
from workplan_cli.models import PlanFile
from workplan_cli.paths import display_path
from workplan_cli.positions import Path as Loc
from workplan_cli.positions import PositionMap
from workplan_cli.rules import Finding, check_plan

MAX_FILE_BYTES: Final = 10 * 1024 * 1024

# Codes people often write instead of the two-letter ones the format uses.
_CODE_ALIASES: Final[dict[str, str]] = {
    "BRN": "BN", "KHM": "KH", "IDN": "ID", "LAO": "LA", "MYS": "MY", "MMR": "MM",
    "PHL": "PH", "SGP": "SG", "THA": "TH", "VNM": "VN", "TLS": "TL", "AUS": "AU",
    "CAN": "CA", "CHN": "CN", "IND": "IN", "JPN": "JP", "KOR": "KR", "ROK": "KR",
    "NZL": "NZ", "RUS": "RU", "GBR": "GB", "UK": "GB", "USA": "US", "ASEAN": "ASEC",
    "INA": "ID", "INDO": "ID", "RI": "ID", "PRC": "CN", "LAOS": "LA", "RP": "PH",
    "SIN": "SG", "BRU": "BN", "CAM": "KH", "MYA": "MM", "VIE": "VN", "PHI": "PH",
    "TLE": "TL", "EC": "EU", "EUR": "EU", "ASE": "ASEC",
}  # fmt: skip
_COUNTRY_FIELDS: Final = frozenset({"country", "partner", "lead", "partners"})
_ROLES: Final[dict[str, str]] = {
    "country": "the code of an ASEAN member state",
    "partner": "the code of a dialogue partner",
}


@dataclass(frozen=True)
class LoadedPlan:
    """A plan file read and checked: the model when it is valid, and every problem."""

    path: Path
    plan: PlanFile | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class ValidationReport:
    """What `workplan validate` found in a set of files."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when no file has a problem."""
        return not self.problems


def validate_paths(paths: Sequence[Path]) -> ValidationReport:
    """Check every plan file named, or found in the directories named."""
    files: list[str] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                problems.append(
                    _file_problem(
                        path,
                        "WP001",
                        "the directory holds no plan files (*.toml)",
                        "name plan files, or a directory that holds them",
                    )
                )
            targets: Iterable[Path] = found
        else:
            targets = [path]
        for target in targets:
            if target.absolute() in seen:  # named twice, or also inside a directory named
                continue
            seen.add(target.absolute())
            files.append(display_path(target))
            problems.extend(load_plan(target).problems)
    return ValidationReport(tuple(files), tuple(sorted(problems)))


def load_plan(path: Path) -> LoadedPlan:
    """Read, parse and check one plan file; never raises for a problem in the file."""
    shown = display_path(path)
    read = _read_text(path)
    if isinstance(read, Problem):
        return LoadedPlan(path, None, (read,))
    text = read
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return LoadedPlan(path, None, (_syntax_problem(shown, text, str(exc)),))
    except ValueError:  # Python refuses integers of more than 4300 digits
        long_run = re.search(r"[0-9_]{4300,}", text)
        line, col = _line_col(text, long_run.start() if long_run else 0)
        problem = Problem(shown, line, col, "WP005", "TOML syntax: a number is too long to read")
        return LoadedPlan(path, None, (problem,))
    except RecursionError:
        line, col = _deep_nesting_at(text)
        problem = Problem(
            shown, line, col, "WP007", "values are nested too deeply to read", "flatten the value"
        )
        return LoadedPlan(path, None, (problem,))

    if not data:
        problem = Problem(
            shown,
            0,
            0,
            "WP003",
            "the file holds only comments",
            "start from `workplan new PLAN-ID`",
        )
        return LoadedPlan(path, None, (problem,))
    plan: PlanFile | None = None
    findings: list[Finding] = []
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as exc:
        findings = _translate_all(exc.errors(include_url=False), data)
    findings += check_plan(data, path.stem)
    if not findings:
        return LoadedPlan(path, plan, ())
    positions = PositionMap(text)
    problems = tuple(sorted(_place(shown, f, positions) for f in findings))
    return LoadedPlan(path, None, problems)


def _place(shown: str, finding: Finding, positions: PositionMap) -> Problem:
    line, col = positions.find(finding.loc, at_key=finding.at_key)
    hint = finding.hint
    if finding.first is not None:
        first_line, _ = positions.find(finding.first)
        hint = f"the first is at line {first_line}; {hint}" if hint else None
    return Problem(shown, line, col, finding.code, finding.message, hint)


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
    if not positions.redefined:  # e.g. [x] after [[x]]: at the start of tomllib's line
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


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


# --- translating pydantic errors ------------------------------------------------------------

_EXPECTED: Final[dict[str, str]] = {
    "string_type": "text in double quotes",
    "int_type": "a whole number",
    "float_type": "a number",
    "date_type": "a date such as 2024-01-31",
    "list_type": "a list such as [...]",
    "model_type": "a table",
    "dict_type": "a table",
    "bool_type": "true or false",
}


def _show(value: Any) -> str:
    """A value as a reader would write it, cut short when long."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) and value.bit_length() > 128:
        return "(a very long number)"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _got(value: Any) -> str:
    kinds: tuple[tuple[type, str], ...] = (
        (bool, "true/false"),
        (str, "text"),
        (int, "a whole number"),
        (float, "a decimal number"),
        (dt.datetime, "a date with a time"),
        (dt.date, "a date"),
        (dt.time, "a time"),
        (list, "a list"),
        (dict, "a table"),
    )
    return next((name for kind, name in kinds if isinstance(value, kind)), "a value")


def _translate_all(errors: list[ErrorDetails], data: dict[str, Any]) -> list[Finding]:
    """Our findings for pydantic's errors; a misspelt key is one problem, not two."""
    misspelt: set[Loc] = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(loc[-1]), _keys_at(loc[:-1]), n=1, cutoff=0.6)
            misspelt.update((*loc[:-1], word) for word in close)
    return [
        _translate(error, data)
        for error in errors
        if not (error["type"] == "missing" and tuple(error["loc"]) in misspelt)
    ]


def _translate(error: ErrorDetails, data: dict[str, Any]) -> Finding:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    owner = _owner(loc, data)
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")

    if kind == "extra_forbidden":
        allowed = _keys_at(loc[:-1])
        return Finding(
            loc,
            "WP100",
            f'unknown key "{field}" in {owner}',
            _did_you_mean(field, allowed) or f"allowed keys: {', '.join(allowed)}",
            at_key=True,
        )
    if kind == "missing":
        return Finding(loc, "WP101", f'{owner} has no "{field}"; it is required', at_key=True)
    if loc == ("format",):
        return Finding(
            loc,
            "WP008",
            f"format = {_show(value)} is not a format this version of workplan reads",
            "write format = 1 at the top of the file",
        )
    if kind in _EXPECTED:
        return Finding(
            loc,
            "WP102",
            f'{owner}: "{field}" must be {_EXPECTED[kind]}, not {_got(value)}',
            _type_hint(kind, value),
        )
    if kind == "literal_error" and field in _COUNTRY_FIELDS:
        return Finding(
            loc,
            "WP108",
            f'{owner}: "{_show(value)}" is not {_ROLES.get(field, "a known country code")}',
            _country_hint(value, _choices(error)),
        )
    return Finding(loc, "WP103", f'{owner}: "{field}" {_value_message(error)}', _value_hint(error))


def _type_hint(kind: str, value: Any) -> str | None:
    if kind == "date_type" and isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return "write dates as YYYY-MM-DD without quotes, e.g. start = 2024-01-31"
        return f'write dates without quotes: {value}, not "{value}"'
    if kind == "list_type" and isinstance(value, str):
        return f'put it in a list: ["{_show(value)}"]'
    if kind == "string_type" and not isinstance(value, (list, dict)):
        return f'put it in double quotes: "{_show(value)}"'
    return None


def _value_message(error: ErrorDetails) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx", {})
    if kind == "literal_error":
        return f'is "{_show(value)}", which is not one of: {", ".join(_choices(error))}'
    if kind == "string_pattern_mismatch":
        what = "web address" if error["loc"][-1] == "url" else "id"
        return f'"{_show(value)}" is not a valid {what}'
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"is {_show(value)}, outside the range 0 to 100"
    if kind == "too_short":
        return "needs at least one value"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    return f"is not valid: {error['msg']}"


def _value_hint(error: ErrorDetails) -> str | None:
    kind = error["type"]
    value = error.get("input")
    if kind == "literal_error":
        return _did_you_mean(_show(value), _choices(error))
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if "https?" in pattern:
            return "a source url starts with https:// or http:// and has no spaces"
        if "[a-z0-9]+(-" in pattern:
            return "use lowercase letters, digits and single hyphens, e.g. ammtc-japan-10"
        return 'use letters and digits joined by single dots, hyphens or underscores, e.g. "CT.1"'
    return None


def _choices(error: ErrorDetails) -> list[str]:
    return re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))


def _country_hint(value: Any, choices: list[str]) -> str:
    text = _show(value)
    alias = _CODE_ALIASES.get(text.upper())
    if alias in choices:
        return f'use the two-letter code "{alias}"'
    if text.upper() in choices:
        return f'use capitals: "{text.upper()}"'
    # No guessing from spelling: "SIN" is Singapore, not India; a wrong guess misleads.
    return f"codes allowed here: {' '.join(choices)}"


def _did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    options = list(choices)
    lowered = {c.lower(): c for c in options}
    if word.lower() in lowered and word not in options:
        return f'did you mean "{lowered[word.lower()]}"?'
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else None


_KINDS: Final[dict[str, str]] = {
    "coordinators": "coordinator",
    "meetings": "meeting",
    "areas": "area",
    "activities": "activity",
    "indicators": "indicator",
    "sources": "source",
}


def _owner(loc: Loc, data: Any) -> str:
    """A reader's name for the table that holds ``loc``, e.g. 'activity "CT.1"'."""
    names: list[str] = []
    numbered = False  # the innermost item has no id of its own, only a number
    node = data
    table = "the top level of the file"
    for i, part in enumerate(loc[:-1]):
        node = _child(node, part)
        if isinstance(part, str) and i == 0 and part in ("plan", "rag"):
            table = f"[{part}]"
        if isinstance(part, int):
            kind = _KINDS.get(str(loc[i - 1]), "item")
            item_id = node.get("id") if isinstance(node, dict) else None
            numbered = False
            if isinstance(item_id, str):
                names.append(f'{kind} "{item_id}"')
            elif kind == "coordinator" and isinstance(node, dict) and "country" in node:
                names.append(f"coordinator {node['country']}")
            else:
                names.append(f"{kind} {part + 1}")
                numbered = True
    if numbered and len(names) == 1 and table != "the top level of the file":
        names.insert(0, table)  # e.g. 'source 1 of [plan]'
    if names:
        return " of ".join(reversed(names[-2:])) if numbered else names[-1]
    return table


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _keys_at(loc: Loc) -> list[str]:
    """The keys a table at ``loc`` may hold."""
    model: type[BaseModel] = PlanFile
    for part in loc:
        if isinstance(part, int):
            continue
        field = next(
            (f for name, f in model.model_fields.items() if (f.alias or name) == part), None
        )
        inner = _model_in(field.annotation) if field else None
        if inner is None:
            return []
        model = inner
    return [f.alias or name for name, f in model.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
