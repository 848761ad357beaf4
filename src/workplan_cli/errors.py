"""Error types, problem records, error codes and exit codes; imports nothing of ours."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Final


class ExitCode(IntEnum):
    """The exit codes of every command (SPEC §6)."""

    OK = 0
    INVALID = 1
    USAGE = 2


# Every problem `workplan validate` can report, with a short title.  docs/errors.md
# documents each one, and a test checks that the two lists agree.
CODES: Final[dict[str, str]] = {
    "WP001": "file cannot be read",
    "WP002": "file is not UTF-8 text",
    "WP003": "file is empty",
    "WP004": "file is too large",
    "WP005": "TOML syntax error",
    "WP006": "key defined twice",
    "WP007": "nesting too deep",
    "WP008": "unsupported format version",
    "WP100": "unknown key",
    "WP101": "required key missing",
    "WP102": "wrong type",
    "WP103": "invalid value",
    "WP104": "date outside the plan period",
    "WP105": "starts after it ends",
    "WP106": "duplicate id",
    "WP107": "plan id does not match the file name",
    "WP108": "unknown code",
    "WP109": "sources missing",
    "WP110": "partner and partners both given",
    "WP111": "unknown group",
    "WP112": "former id in use or listed twice",
    "WP200": "unknown plan",
    "WP201": "unknown activity",
    "WP202": "unknown meeting or indicator",
    "WP203": "record filed in the wrong place",
    "WP204": "record date out of range",
    "WP205": "completed without evidence or not at 100 percent",
    "WP206": "withdrawal of a record that is not there",
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
        """The short title of the problem's code."""
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
