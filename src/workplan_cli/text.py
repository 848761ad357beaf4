"""Text from files and command lines, made safe to show: control codes, long text, formulas."""

from __future__ import annotations

import re
from typing import Final

# Every C0 and C1 control code but tab and new line: an escape sequence in a note must not
# recolour a terminal or set its title. And the bidirectional controls, which make text read
# in another order than it is (U+202E turns "gpj.exe" into "exe.jpg").
# Also the marks and separators that act unseen (U+200E, U+200F, U+061C, U+2028, U+2029,
# U+FEFF); not the zero-width joiners and spaces, which Thai, Lao, Khmer and Myanmar text uses.
# And the two non-characters U+FFFE and U+FFFF, which XML (a Word paper) cannot hold.
_CONTROL: Final = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ufeff\ufffe\uffff]"
)


def _written_out(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# A line that starts with "::", after any white space, is run by GitHub Actions as a workflow
# command (::error, ::add-mask::, ::stop-commands::) when it reaches a CI log.
_COMMAND: Final = re.compile(r"^(\s*)::", re.MULTILINE)


def inert(text: str) -> str:
    """``text`` whose lines never start with "::" (the first colon is spaced out: ": :")."""
    return _COMMAND.sub(r"\1: :", text)


def visible(text: str) -> str:
    """``text`` with control codes written out (ESC as \\x1b, U+202E as \\u202e); Windows
    line ends become \\n."""
    return _CONTROL.sub(_written_out, text.replace("\r\n", "\n"))


def one_line(text: str) -> str:
    """``text`` made visible, on one line: a new line in it is written out as \\n, so that
    each problem and each error stays one line of output."""
    return visible(text).replace("\n", "\\n")


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters, with "..." when cut, and made visible."""
    return visible(text if len(text) <= limit else text[: limit - 3] + "...")


def spreadsheet_safe(text: str | None) -> str:
    """Free text for a CSV cell: a leading = + - @ would run as a formula, so it gets a ';
    control codes are written out, as everywhere."""
    if not text:
        return ""
    return visible("'" + text if text[0] in "=+-@\t\r" else text)
