"""Error types, problem records, error codes and exit codes; imports only i18n of ours."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Final

from workplan_cli.i18n import N_


class ExitCode(IntEnum):
    """The exit codes of every command (SPEC §6)."""

    OK = 0
    INVALID = 1
    USAGE = 2


# Every problem `workplan validate` can report, with a short title.  docs/errors.md
# documents each one, and a test checks that the two lists agree.  The titles stay English
# in JSON and SARIF, which programs read; ``_(title)`` where people read them.
CODES: Final[dict[str, str]] = {
    "WP001": N_("file cannot be read"),
    "WP002": N_("file is not UTF-8 text"),
    "WP003": N_("file is empty"),
    "WP004": N_("file is too large"),
    "WP005": N_("TOML syntax error"),
    "WP006": N_("key defined twice"),
    "WP007": N_("nesting too deep"),
    "WP008": N_("unsupported format version"),
    "WP100": N_("unknown key"),
    "WP101": N_("required key missing"),
    "WP102": N_("wrong type"),
    "WP103": N_("invalid value"),
    "WP104": N_("date outside the plan period"),
    "WP105": N_("starts after it ends"),
    "WP106": N_("duplicate id"),
    "WP107": N_("plan id does not match the file name"),
    "WP108": N_("unknown code"),
    "WP109": N_("sources missing"),
    "WP110": N_("partner and partners both given"),
    "WP111": N_("unknown group"),
    "WP112": N_("former id in use or listed twice"),
    "WP200": N_("unknown plan"),
    "WP201": N_("unknown activity"),
    "WP202": N_("unknown meeting or indicator"),
    "WP203": N_("record filed in the wrong place"),
    "WP204": N_("record date out of range"),
    "WP205": N_("completed without evidence or not at 100 percent"),
    "WP206": N_("withdrawal of a record that is not there"),
}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, at a line and column when it has one (1-based)."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str | None = None

    @property
    def where(self) -> str:
        """``path:line:col``, or the path alone for a problem of the whole file."""
        return f"{self.path}:{self.line}:{self.col}" if self.line else self.path

    @property
    def title(self) -> str:
        """The short title of the problem's code, in English (``_(p.title)`` to show it)."""
        return CODES[self.code]


class WorkplanError(Exception):
    """A failure the user can cause and fix; rendered as a message, never a traceback."""

    exit_code: ExitCode = ExitCode.INVALID

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        details: tuple[tuple[str, str | None], ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = details  # (message, hint) pairs, each shown as an error of its own


class PlansDirNotFoundError(WorkplanError):
    """No plans directory was given or found."""


class UsageError(WorkplanError):
    """The command line asks for something that cannot be (exit 2)."""

    exit_code = ExitCode.USAGE


class PlanExistsError(WorkplanError):
    """`workplan new` would overwrite an existing plan file."""


class WriteError(WorkplanError):
    """A file could not be written."""


class MissingExtraError(WorkplanError):
    """An optional part the command needs is not installed (e.g. WeasyPrint for PDF)."""


class NotFoundError(WorkplanError):
    """A plan, activity or record the command names does not exist."""


class RecordRefusedError(WorkplanError):
    """A progress record breaks the rules; nothing was written."""


class BrokenFilesError(WorkplanError):
    """Files a command needs have problems, so it refuses rather than show wrong figures."""

    count: int = 0  # how many problems (the details show the first few)
