"""Values as typed on the command line: dates, percents, evidence and indicator values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Final

from workplan_cli.errors import RecordRefusedError, UsageError
from workplan_cli.i18n import _
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
            _('{option} "{text}" is not a day of the calendar').format(option=option, text=text),
            hint=_("write dates as YYYY-MM-DD, e.g. 2025-06-30"),
        ) from None
    raise UsageError(
        _('{option} "{text}" is not a date').format(option=option, text=shorten(text)),
        hint=_("write dates as YYYY-MM-DD, e.g. 2025-06-30"),
    )


def check_text(option: str, text: str | None) -> None:
    """Refuse text the terminal passed in an encoding that is not UTF-8 (it cannot be stored)."""
    if text is None:
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(
            _("{option} holds characters that are not valid text").format(option=option),
            hint=_("set the terminal to UTF-8 (e.g. export LANG=C.UTF-8), then try again"),
        ) from None


def percent(text: str) -> int:
    """A whole number of percent, "40" or "40%"."""
    digits = text.strip().removesuffix("%").strip()
    if not re.fullmatch(r"[+-]?[0-9]+", digits):
        raise UsageError(
            _('--percent "{text}" is not a whole number').format(text=shorten(text)),
            hint=_("write a whole number from 0 to 100, e.g. --percent 40"),
        )
    if len(digits.lstrip("+-")) > 6:  # far out of range: said as the model says it
        raise RecordRefusedError(
            _("nothing was written"),
            details=(
                (
                    _("--percent is {number}, outside the range 0 to 100").format(
                        number=shorten(digits)
                    ),
                    None,
                ),
            ),
        )
    return int(digits)


def indicators(texts: Sequence[str]) -> dict[str, int | float]:
    values: dict[str, int | float] = {}
    for text in texts:
        key, value = _indicator(text)
        if key in values:
            raise UsageError(
                _("--indicator {indicator} is given twice").format(indicator=shorten(key)),
                hint=_("give each indicator once, with its value as of this record's date"),
            )
        values[key] = value
    return values


def evidence(text: str, restricted: bool) -> dict[str, Any]:
    """``URL`` or ``TITLE=URL``; a title may itself hold "=", a URL's query too."""
    text = text.strip()
    if not text:
        raise UsageError(_("--evidence is empty"), hint=_('give a web address, or "TITLE=URL"'))
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
            _('--indicator "{text}" has no value').format(text=shorten(text)),
            hint=_("write --indicator ID=VALUE, e.g. --indicator officials-trained=45"),
        )
    if len(value) > 40 or not _NUMBER.fullmatch(value):
        hint = _("write the number without thousands separators, e.g. 1200")
        raise UsageError(
            _('--indicator {indicator}: "{value}" is not a number').format(
                indicator=shorten(key.strip()), value=shorten(value)
            ),
            hint=hint,
        )
    return key.strip(), int(value) if re.fullmatch(r"[+-]?\d+", value) else float(value)
