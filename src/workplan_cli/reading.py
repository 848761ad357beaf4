"""Files to parsed TOML: size, kind, encoding, syntax, and the one problem that stops reading."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, Final

import tomli

from workplan_cli.errors import Problem
from workplan_cli.i18n import _, number_text
from workplan_cli.paths import display_path
from workplan_cli.syntax import toml_problem

MAX_FILE_BYTES: Final = 10 * 1024 * 1024


def parse(path: Path) -> tuple[str, dict[str, Any]] | Problem:
    """The text and the parsed TOML of a file, or the one problem that stops reading it."""
    text = read_text(path)
    return text if isinstance(text, Problem) else parse_text(display_path(path), text)


def parse_text(shown: str, text: str) -> tuple[str, dict[str, Any]] | Problem:
    """The text of the file ``shown`` and its parsed TOML, or the problem that stops it."""
    try:
        data = tomli.loads(text)
    except (tomli.TOMLDecodeError, ValueError, RecursionError) as exc:
        # ValueError: an integer of more than 4300 digits; RecursionError: nested too deep
        return toml_problem(shown, text, exc)
    if not data:
        return Problem(
            shown,
            0,
            0,
            "WP003",
            _("the file holds only comments"),
            _("start from `workplan new PLAN-ID`"),
        )
    return text, data


def read_small(path: str, size: int) -> str | None:
    """The UTF-8 text of the regular file ``path``, known to be ``size`` bytes; None when it
    is not exactly that, or not text (``read_text`` then says why). os.open and os.read
    rather than pathlib: a third of the time, for each of many small records."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            raw = os.read(fd, size + 1)
        finally:
            os.close(fd)
        if len(raw) != size or not raw.strip():
            return None
        return raw.decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None


def file_problem(path: Path, code: str, message: str, hint: str | None = None) -> Problem:
    """A problem of the whole file (no line and column)."""
    return Problem(display_path(path), 0, 0, code, message, hint)


def read_text(path: Path) -> str | Problem:
    """The text of a regular file of at most MAX_FILE_BYTES, in UTF-8, or why it cannot be read."""
    try:
        info = path.stat()
        size = info.st_size
        if stat.S_ISDIR(info.st_mode):
            return file_problem(path, "WP001", _("this is a folder, not a file"))
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
            return file_problem(path, "WP001", _("this is not a regular file"))
        if size > MAX_FILE_BYTES:
            return file_problem(
                path,
                "WP004",
                _("the file is {size} MB; plan files and records may be at most {limit} MB").format(
                    size=number_text(f"{size / 1_048_576:.1f}"), limit=MAX_FILE_BYTES // 1_048_576
                ),
                _("a plan file holds one plan, a record one statement; split anything else out"),
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        return file_problem(path, "WP001", _("no such file"), _("check the path and its spelling"))
    except OSError as exc:
        # TRANSLATORS: {reason} is the system's own words, e.g. "Permission denied"
        reason = _("cannot read the file: {reason}").format(reason=exc.strerror or exc)
        return file_problem(path, "WP001", reason)
    if not raw.strip():
        return file_problem(
            path, "WP003", _("the file is empty"), _("start from `workplan new PLAN-ID`")
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
            # TRANSLATORS: {byte} is two hexadecimal digits, e.g. 0xE9
            _("the file is not UTF-8 text (byte 0x{byte} here)").format(
                byte=f"{raw[exc.start]:02X}"
            ),
            _("save it as UTF-8: in most editors, Save As and choose the encoding UTF-8"),
        )
    return text.removeprefix("\ufeff")  # a byte-order mark, as some Windows editors write
