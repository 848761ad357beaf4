"""Writing files so that nothing is ever half-written: temp file, fsync, then a no-clobber link."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Final

from workplan_cli.errors import PlanExistsError, UsageError, WriteError
from workplan_cli.i18n import _
from workplan_cli.paths import PROGRESS, display_path

CACHE_FOLDER: Final = ".workplan-cache"  # as cache.FOLDER, which this module does not load


def create_file(path: Path, text: str) -> None:
    """Write a new plan file atomically; refuse to replace one that exists.

    Raises:
        PlanExistsError: ``path`` already exists.
        WriteError: the directory cannot be created or written.
    """
    if path.exists():
        raise PlanExistsError(
            _("{path} already exists; workplan never overwrites a plan file").format(path=path),
            hint=_("choose another plan id, or edit the existing file"),
        )
    make_dirs(path.parent)
    try:
        write_new(path, text)
    except FileExistsError:
        raise PlanExistsError(
            _("{path} already exists; workplan never overwrites a plan file").format(path=path)
        ) from None
    except OSError as exc:
        raise cannot_write(path, exc) from None


def make_dirs(folder: Path) -> None:
    """Create ``folder`` and its parents as needed, each with the permissions of the folder
    it is made in: in a repository shared by a group, a folder one member makes stays open
    to the others, whatever that member's umask (077 would hide their records from all).

    Raises:
        WriteError: it, or a parent, is a file, or the system refuses.
    """
    blocking = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if blocking is not None and not blocking.is_dir():
        raise WriteError(
            _("{path} is a file, not a directory").format(path=display_path(blocking)),
            hint=_("move the file away, or point --plans at another directory"),
        )
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if blocking is not None:
            mode = stat.S_IMODE(blocking.stat().st_mode)
            for made in reversed(missing):
                with contextlib.suppress(OSError):  # not ours to change: leave it as made
                    os.chmod(made, mode)
    except OSError as exc:
        raise WriteError(
            # TRANSLATORS: {reason} is the system's own words, e.g. "Permission denied"
            _("cannot create the directory {folder}: {reason}").format(
                folder=display_path(folder), reason=exc.strerror or exc
            ),
            hint=_("check the path, and that you may write there"),
        ) from None


def cannot_write(path: Path, exc: OSError) -> WriteError:
    """The error for a file the system would not let us write."""
    return WriteError(
        # TRANSLATORS: {reason} is the system's own words, e.g. "Permission denied"
        _("cannot write {path}: {reason}").format(
            path=display_path(path), reason=exc.strerror or exc
        ),
        hint=_("check that you may write to the directory, and that the disk has room"),
    )


def write_new(path: Path, text: str) -> None:
    """Write ``text`` to the new file ``path``, all or nothing, even if the process is killed.

    The text goes to a hidden temporary file in the same directory, is flushed to
    disk, then linked to ``path``: the link fails rather than replace a file, so
    concurrent writers never overwrite each other. A writer killed midway leaves at
    most a hidden ``.*.tmp`` file, never a partial ``path``.

    Raises:
        FileExistsError: ``path`` exists (nothing is written).
        OSError: the system refused (nothing is written).
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes it private; plans are shared: readable by whoever may read its folder
        readers = stat.S_IMODE(os.stat(path.parent).st_mode) & 0o044
        os.chmod(tmp, (0o666 & ~_umask()) | readers)
        os.link(tmp, path)
    finally:
        os.unlink(tmp)
    _sync_dir(path.parent)


def _sync_dir(folder: Path) -> None:
    """Make a new directory entry durable; some systems cannot open a directory, which is fine."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def refuse_plans_files(path: Path, plans_dir: Path) -> None:
    """A report is never written over a plan file, a progress record or the cache.

    Raises:
        UsageError: ``path`` (links followed) is a plan file of ``plans_dir``, or lies in its
            progress/ or cache folder.
    """
    target, root = os.path.realpath(path), os.path.realpath(plans_dir)
    inside = next(
        (
            folder
            for folder in (PROGRESS, CACHE_FOLDER)
            if target.startswith(os.path.join(root, folder) + os.sep)
            or target == os.path.join(root, folder)
        ),
        None,
    )
    if inside is None and not (os.path.dirname(target) == root and target.endswith(".toml")):
        return
    if inside is None:
        message = _(
            "-o {path} is a plan file; workplan never writes a report over plans or "
            "progress records"
        ).format(path=display_path(path))
    else:
        message = _(
            "-o {path} is in the plans directory's {folder}/ folder; workplan never writes a "
            "report over plans or progress records"
        ).format(path=display_path(path), folder=inside)
    raise UsageError(message, hint=_("write it elsewhere, e.g. -o summary.html"))


def write_output(path: Path, text: str | bytes) -> None:
    """Write a report to ``path``, replacing any file there, all or nothing.

    Like ``write_new``, through a hidden temporary file, but renamed over ``path``:
    a report is meant to be written again. The directory must exist. A symbolic
    link is followed, so the file it points to is replaced, not the link; a device
    or a pipe (``/dev/null``, ``/dev/stdout``, a FIFO) is written into, never replaced.

    Raises:
        WriteError: the directory does not exist or cannot be written, or ``path`` is a folder.
    """
    shown, path = path, Path(os.path.realpath(path))
    data = text.encode("utf-8") if isinstance(text, str) else text
    if path.exists() and not path.is_file() and not path.is_dir():
        try:
            with path.open("wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise cannot_write(shown, exc) from None
        return
    if path.is_dir():
        raise WriteError(
            _("{path} is a directory").format(path=display_path(shown)),
            hint=_("give a file name, e.g. -o report.html"),
        )
    if not path.parent.is_dir():
        raise WriteError(
            _("cannot write {path}: the folder {folder} does not exist").format(
                path=display_path(shown), folder=display_path(shown.parent)
            ),
            hint=_("create the folder first, or write the file somewhere else"),
        )
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise cannot_write(shown, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise cannot_write(shown, exc) from None
    _sync_dir(path.parent)
