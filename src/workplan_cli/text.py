"""Text from files and command lines, made safe to show: control codes, long text, formulas."""

from __future__ import annotations

import re
from typing import Final

# Every C0 and C1 control code but tab and new line: an escape sequence in a note
# must not recolour a terminal or set its title.
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with control codes written out (ESC as \\x1b); Windows line ends become \\n."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text.replace("\r\n", "\n"))


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
