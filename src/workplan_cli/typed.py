"""Values as typed on the command line: dates, percents, evidence and indicator values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Final

from workplan_cli.errors import RecordRefusedError, UsageError
from workplan_cli.text import shorten

_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER: Final = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def parse_date(text: str, option: str) -> dt.date:
    """A YYYY-MM-DD date given on the command line.

    Raises:
        UsageError: it is not one.
    """
    try:
        if _DATE.fullmatch(text.strip()):
            return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f'{option} "{text}" is not a day of the calendar',
            hint="write dates as YYYY-MM-DD, e.g. 2025-06-30",
        ) from None
    raise UsageError(
        f'{option} "{shorten(text)}" is not a date',
        hint="write dates as YYYY-MM-DD, e.g. 2025-06-30",
    )


def check_text(option: str, text: str | None) -> None:
    """Refuse text the terminal passed in an encoding that is not UTF-8 (it cannot be stored)."""
    if text is None:
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(
            f"{option} holds characters that are not valid text",
            hint="set the terminal to UTF-8 (e.g. export LANG=C.UTF-8), then try again",
        ) from None


def percent(text: str) -> int:
    """A whole number of percent, "40" or "40%"."""
    digits = text.strip().removesuffix("%").strip()
    if not re.fullmatch(r"[+-]?[0-9]+", digits):
        raise UsageError(
            f'--percent "{shorten(text)}" is not a whole number',
            hint="write a whole number from 0 to 100, e.g. --percent 40",
        )
    if len(digits.lstrip("+-")) > 6:  # far out of range: said as the model says it
        raise RecordRefusedError(
            "nothing was written",
            details=((f"--percent is {shorten(digits)}, outside the range 0 to 100", None),),
        )
    return int(digits)


def indicators(texts: Sequence[str]) -> dict[str, int | float]:
    values: dict[str, int | float] = {}
    for text in texts:
        key, value = _indicator(text)
        if key in values:
            raise UsageError(
                f"--indicator {shorten(key)} is given twice",
                hint="give each indicator once, with its value as of this record's date",
            )
        values[key] = value
    return values


def evidence(text: str, restricted: bool) -> dict[str, Any]:
    """``URL`` or ``TITLE=URL``; a title may itself hold "=", a URL's query too."""
    text = text.strip()
    if not text:
        raise UsageError("--evidence is empty", hint='give a web address, or "TITLE=URL"')
    split = re.search(r"=(?=\s*https?://)", text)
    if split:
        title, url = text[: split.start()].strip(), text[split.end() :].strip()
    elif "=" in text and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", text):
        title, url = (part.strip() for part in text.split("=", 1))
    else:
        title = url = text
    return {"title": title, "url": url, "restricted": restricted}


def _indicator(text: str) -> tuple[str, int | float]:
    """``ID=VALUE`` with a number for VALUE."""
    key, sep, value = text.rpartition("=")
    value = value.strip()
    if not sep or not key.strip():
        raise UsageError(
            f'--indicator "{shorten(text)}" has no value',
            hint="write --indicator ID=VALUE, e.g. --indicator officials-trained=45",
        )
    if len(value) > 40 or not _NUMBER.fullmatch(value):
        hint = "write the number without thousands separators, e.g. 1200"
        raise UsageError(
            f'--indicator {shorten(key.strip())}: "{shorten(value)}" is not a number', hint=hint
        )
    return key.strip(), int(value) if re.fullmatch(r"[+-]?\d+", value) else float(value)
