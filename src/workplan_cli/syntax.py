"""TOML syntax errors as problems: line, column, plain words and a hint that helps."""

from __future__ import annotations

import re
from typing import Final

import tomli

from workplan_cli.errors import Problem
from workplan_cli.i18n import N_, _
from workplan_cli.positions import PositionMap


def toml_problem(shown: str, text: str, exc: Exception) -> Problem:
    """The problem for why tomli could not read ``text`` (the file ``shown``)."""
    if isinstance(exc, tomli.TOMLDecodeError):
        return _syntax_problem(shown, text, str(exc))
    if isinstance(exc, RecursionError):
        if "key" in str(exc):  # tomli: "TOML key has more than the allowed 1000 parts"
            line, col = _most_dots_at(text)
            return Problem(
                shown,
                line,
                col,
                "WP007",
                _("a dotted key here has too many parts to read"),
                _("each dot nests a table one level deeper; use fewer parts"),
            )
        line, col = _deep_nesting_at(text)
        return Problem(
            shown,
            line,
            col,
            "WP007",
            _("values are nested too deeply to read"),
            _("flatten the value"),
        )
    # ValueError: Python refuses integers of more than 4300 digits
    long_run = re.search(r"[0-9_]{4300,}", text)
    line, col = _line_col(text, long_run.start() if long_run else 0)
    return Problem(shown, line, col, "WP005", _("TOML syntax: a number is too long to read"))


_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")
_TOML_HINTS: Final = (
    (
        "Invalid value",
        N_('text needs double quotes ("..."); dates are written 2024-01-31, no quotes'),
    ),
    ("Illegal character '\\n'", N_("close the string with a quote on the same line")),
    (
        "Illegal character",
        N_("remove the character here; it may be invisible, such as a control code"),
    ),
    ("Expected '=' after a key", N_("each line is key = value; quote keys that have spaces")),
    ("Unclosed", N_("close every [ and { you open")),
)  # tomli's English messages (left), and the hints for them, translated where shown
_UNCLOSED_STRING: Final = ("Unterminated string", "Expected \"'''\"")
_UNCLOSED_HINT: Final = N_("close the string that starts here with the quotes it opens with")
_KEEP_ONE: Final = N_("keep one of them")
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
        return Problem(shown, line, col, "WP005", _syntax(message), _(_UNCLOSED_HINT))
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    hint = _source_hint(source) or next(
        (_(h) for start, h in _TOML_HINTS if message.startswith(start)), None
    )
    return Problem(shown, line, col, "WP005", _syntax(message), hint)


def _syntax(message: str) -> str:
    """tomli's message (English: it comes from tomli) as our message."""
    # TRANSLATORS: {message} is the TOML reader's own message, in English
    return _("TOML syntax: {message}").format(message=message)


_SOURCE_HINTS: Final = (
    (
        re.compile(r"[\u201c\u201d\u2018\u2019]"),
        N_('replace curly quotes (“ ”) with straight ones (")'),
    ),
    (
        re.compile(
            r"=\s*(\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[/.]\d{1,2}[/.]\d{1,2}|\d{4}-\d-|\d{4}-\d{2}-\d(\D|$))"
        ),
        N_("write dates as YYYY-MM-DD with two-digit months and days, e.g. 2024-01-31"),
    ),
    (re.compile(r"=\s*\d{4}-\d{2}-\d{2}"), N_("the date does not exist, or has a time after it")),
    (re.compile(r"=\s*-?\d+,\d{3}"), N_("write numbers without thousands separators, e.g. 1200")),
)


def _source_hint(source: str) -> str | None:
    """A hint from the offending line itself: dates, numbers and quotes as people write them."""
    return next((_(hint) for pattern, hint in _SOURCE_HINTS if pattern.search(source)), None)


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
        return Problem(
            shown, line, col, "WP006", _("a key or table is defined twice"), _(_KEEP_ONE)
        )
    path, offset = positions.redefined[-1]
    here_line, here_col = positions.line_col(offset)
    first_line, _col = positions.find(path, at_key=True)
    name = ".".join(str(part) for part in path if isinstance(part, str))
    is_table = text[offset] == "["
    if is_table:
        message = _("the table [{name}] is defined twice").format(name=name)
    else:
        message = _('the key "{key}" is defined twice').format(key=path[-1])
    return Problem(shown, here_line, here_col, "WP006", message, first_at(first_line, _(_KEEP_ONE)))


def first_at(line: int, hint: str) -> str:
    """The hint for something given twice, saying where the first one is."""
    # TRANSLATORS: {hint} says what to do, e.g. "keep one of them"
    return _("the first is at line {line}; {hint}").format(line=line, hint=hint)


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
