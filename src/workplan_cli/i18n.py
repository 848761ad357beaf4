"""The language workplan speaks: English, or Bahasa Indonesia (SPEC §9).

Chosen by ``--lang``, else ``$WORKPLAN_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``) where workplan has a translation, else English; a language it does not have is
English, without an error. Messages are looked up in the gettext catalogue shipped in the
package (``locale/id/LC_MESSAGES/workplan.mo``), read only when a language other than
English is chosen: English costs nothing. Dates and numbers take the language's form; the
words and signs for them come from Babel's locale data, copied into the catalogue (a test
checks them against Babel), so that no locale library is loaded at run time.

Machine output (JSON and CSV keys and values, codes, record files) stays English.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import gettext

LANGUAGES: Final = ("en", "id")
DOMAIN: Final = "workplan"
_ALIASES: Final = {"in": "id", "ind": "id", "indonesian": "id", "eng": "en", "english": "en"}


class _Chosen:
    language: str | None = None  # None: not chosen yet; from the environment when first asked


_CHOSEN = _Chosen()


def language_of(tag: str | None) -> str | None:
    """'id' for 'id', 'id_ID.UTF-8', 'id-ID', 'in'; None for a language workplan lacks."""
    if not tag:
        return None
    code = tag.replace("-", "_").split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].lower()
    code = _ALIASES.get(code, code)
    return code if code in LANGUAGES else None


def choose(asked: str | None = None) -> str:
    """Set the language: ``asked`` (--lang), else the environment's; English by default."""
    # a language asked for that workplan lacks is English (not the environment's)
    _CHOSEN.language = (language_of(asked) or "en") if asked else _from_environment()
    speak_for_click()
    return _CHOSEN.language


def _from_environment() -> str:
    asked = os.environ.get("WORKPLAN_LANG")
    if asked:
        return language_of(asked) or "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:  # the first one set decides, as POSIX says
            return language_of(value) or "en"
    return "en"


@contextmanager
def in_english() -> Iterator[None]:
    """English for a while, whatever was chosen: for values that are data, such as the
    progress sheet's cells."""
    kept = _CHOSEN.language
    _CHOSEN.language = "en"
    try:
        yield
    finally:
        _CHOSEN.language = kept


def language() -> str:
    """The language chosen ('en' or 'id')."""
    return _CHOSEN.language or choose()


@cache
def _catalogue(lang: str) -> gettext.NullTranslations:
    import gettext
    from pathlib import Path

    # beside this module (importlib.resources would cost 10 ms of imports for one file)
    path = Path(__file__).parent / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except OSError:  # pragma: no cover  # a broken install: speak English rather than fail
        return gettext.NullTranslations()


def _(message: str) -> str:
    """``message`` in the language chosen."""
    lang = language()
    return message if lang == "en" else _catalogue(lang).gettext(message)


def ngettext(one: str, many: str, count: int) -> str:
    """``one`` or ``many`` by ``count``, in the language chosen."""
    lang = language()
    if lang == "en":
        return one if count == 1 else many
    return _catalogue(lang).ngettext(one, many, count)


def N_(message: str) -> str:  # noqa: N802  # the name gettext's tools look for
    """Marks ``message`` for the catalogue where it is written; it is translated where it is
    shown (help texts, words kept in tables)."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802  # as N_, with a context
    """Marks ``message``, meant in ``context``, for the catalogue; see ``pgettext``."""
    return message


# --- dates and numbers ----------------------------------------------------------------------

_MONTHS: Final = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
# "May" is a whole month name and a short one: the short names have a context in the catalogue
_SHORT: Final = (
    NP_("short month", "Jan"),
    NP_("short month", "Feb"),
    NP_("short month", "Mar"),
    NP_("short month", "Apr"),
    NP_("short month", "May"),
    NP_("short month", "Jun"),
    NP_("short month", "Jul"),
    NP_("short month", "Aug"),
    NP_("short month", "Sep"),
    NP_("short month", "Oct"),
    NP_("short month", "Nov"),
    NP_("short month", "Dec"),
)


def pgettext(context: str, message: str) -> str:
    """``message`` in the language chosen, as meant in ``context``."""
    lang = language()
    return message if lang == "en" else _catalogue(lang).pgettext(context, message)


def month(day: dt.date) -> str:
    """'September', 'September' (id); 'June', 'Juni'."""
    return _(_MONTHS[day.month - 1])


def short_month(day: dt.date) -> str:
    """'Sep', 'Sep' (id); 'Aug', 'Agu'."""
    return pgettext("short month", _SHORT[day.month - 1])


def decimal_sign() -> str:
    """'.' in English, ',' in Indonesian."""
    return pgettext("decimal sign", ".")


def group_sign() -> str:
    """',' in English, '.' in Indonesian: between thousands."""
    return pgettext("thousands sign", ",")


def number_text(text: str) -> str:
    """A number written the English way ('1,234.5') in the language's way ('1.234,5')."""
    if language() == "en":
        return text
    group, decimal = group_sign(), decimal_sign()
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


# --- the words typer writes itself ------------------------------------------------------------

# The headings of the help that typer writes through gettext's module functions (which read
# no catalogue of ours); workplan's catalogue translates them. "Usage:" is workplan's own
# (cli._usage); the usage errors of the click typer carries stay English.
TYPER_WORDS: Final = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("Show this message and exit."),  # the help option's own help
    N_("required"),
    N_("default: {default}"),
)


def speak_for_click() -> None:
    """Give typer workplan's translations for the headings of the help."""
    import sys

    module = sys.modules.get("typer.core")
    if module is not None and hasattr(module, "_"):
        module._ = _  # type: ignore[attr-defined]
