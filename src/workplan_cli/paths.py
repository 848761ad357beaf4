"""Where the plans directory is: --plans, else $WORKPLAN_PLANS, else the nearest plans/ upwards."""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from workplan_cli.errors import PlansDirNotFoundError, Problem
from workplan_cli.i18n import _

ENV_VAR: Final = "WORKPLAN_PLANS"
_OWNER: Final = "owner"  # why a folder found by searching is not trusted (_unsafe)
_ANYONE: Final = "anyone"


def _hint() -> str:
    return _(
        "run workplan inside a repository that has a plans/ directory, "
        "or point at one with --plans DIR or the environment variable {variable}"
    ).format(variable=ENV_VAR)


def find_plans_dir(option: Path | None, cwd: Path | None = None) -> Path:
    """The plans directory to use.

    Raises:
        PlansDirNotFoundError: none was given or found, or the one given is not a directory.
    """
    if option is not None:
        return _existing(option, "--plans")
    env = os.environ.get(ENV_VAR)
    if env:
        return _existing(Path(env), ENV_VAR)
    found, stopped = _search(cwd or Path.cwd())
    if found is None:
        message = _("no plans directory here or in any directory above")
        if stopped is not None and any(  # said only when a plans/ was there to be found
            (folder / "plans").is_dir() for folder in (stopped, *stopped.parents)
        ):
            if _unsafe(stopped) == _OWNER:
                message = _(
                    "no plans directory here or in any directory above (the search stops at "
                    "{folder}, which belongs to another user)"
                ).format(folder=stopped)
            else:
                message = _(
                    "no plans directory here or in any directory above (the search stops at "
                    "{folder}, which may be written by anyone)"
                ).format(folder=stopped)
        raise PlansDirNotFoundError(message, hint=_hint())
    return found


def nearest_plans_dir(start: Path) -> Path | None:
    """The nearest ``plans/`` directory at ``start`` or above it that is the user's own.

    Raises:
        PlansDirNotFoundError: the nearest belongs to another user, or anyone may write to it.
    """
    return _search(start)[0]


def _search(start: Path) -> tuple[Path | None, Path | None]:
    """The nearest plans/ at ``start`` or above, and the folder the search stopped at, if it
    stopped early. As git does with its safe.directory, the search never takes a plans/ that
    belongs to another user or that anyone may write to (one made in a shared folder such as
    the system's temporary folder), and goes no higher than such a folder."""
    for folder in (start, *start.parents):
        candidate = folder / "plans"
        if candidate.is_dir():
            why = _unsafe(candidate)
            if why:
                if why == _OWNER:
                    message = _(
                        "the nearest plans directory, {folder}, belongs to another user: "
                        "workplan does not use it unless you name it"
                    )
                else:
                    message = _(
                        "the nearest plans directory, {folder}, may be written by anyone: "
                        "workplan does not use it unless you name it"
                    )
                raise PlansDirNotFoundError(
                    message.format(folder=candidate),
                    hint=_("if you trust it: --plans {folder} (or {variable}={folder})").format(
                        folder=candidate, variable=ENV_VAR
                    ),
                )
            return candidate, None
        if _unsafe(folder):
            return None, folder
    return None, None


def _unsafe(folder: Path) -> str:
    """Why a folder found by searching is not to be trusted: ``_OWNER`` (it belongs to another
    user), ``_ANYONE`` (anyone may write to it), or "" when it is the user's own and only
    they may write to it. (Systems without owners, such as Windows: always "".)"""
    if not hasattr(os, "geteuid"):  # pragma: no cover  # Windows: no owners to compare
        return ""
    try:
        info = folder.stat()
    except OSError:
        return ""
    if info.st_uid != os.geteuid():
        return _OWNER
    if info.st_mode & stat.S_IWOTH:
        return _ANYONE
    return ""


def _existing(path: Path, given_by: str) -> Path:
    if not path.is_dir():
        if not path.exists():
            message = _("the plans directory {path} ({given_by}) does not exist")
        else:
            message = _("the plans directory {path} ({given_by}) is not a directory")
        raise PlansDirNotFoundError(message.format(path=path, given_by=given_by), hint=_hint())
    return path


def plans_dir_for_new(option: Path | None, cwd: Path | None = None) -> Path:
    """Where `workplan new` writes: as find_plans_dir, but ./plans when there is none yet."""
    if option is not None:
        return option
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    here = cwd or Path.cwd()
    return nearest_plans_dir(here) or here / "plans"


def absolute(path: Path | str) -> str:
    """The absolute path, normalised ("plans/." and "a/../plans" are "plans"), without
    building Path objects: this runs several times per record."""
    return os.path.abspath(path)


def display_path(path: Path, base: Path | None = None) -> str:
    """``path`` relative to ``base`` (default: the current directory) when it lies below it."""
    if base is None and not path.is_absolute():
        shown = path.as_posix()  # relative to the current directory already
    else:
        here = absolute(base) if base is not None else os.getcwd()
        inside = _below(absolute(path), here)
        shown = str(path) if inside is None else inside.replace(os.sep, "/") or "."
    return shown_name(shown)


def shown_name(name: str) -> str:
    """A file name that is not valid UTF-8 with escapes (bad\\xff.toml): printing it as it is
    would crash; an escape shows the byte."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _below(full: str, folder: str) -> str | None:
    """The part of the absolute path ``full`` below the absolute ``folder`` ("" for the folder
    itself), or None when it does not lie there. Strings, not pathlib: this runs per record."""
    if full == folder:
        return ""
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    return full[len(prefix) :] if full.startswith(prefix) else None


# --- where progress records go ----------------------------------------------------------------
#
# plans/progress/<plan-id>/<activity-id>/<recorded-at>Z-<random>.toml: one file per record.
# New files only, never edits: concurrent writers and merged git branches cannot collide.

PROGRESS: Final = "progress"


def record_dir(plans_dir: Path, plan_id: str, activity_id: str) -> Path:
    """The directory that holds the records of one activity."""
    return plans_dir / PROGRESS / plan_id / activity_id


def record_files(folder: Path, *, deep: bool = True) -> tuple[list[Path], list[Problem]]:
    """Every record file (``*.toml``, not hidden) in ``folder`` (and below it when ``deep``),
    and a problem for each folder that cannot be listed: a record there would be left out of
    every figure without a word.

    Symbolic links are listed too, never followed, so that `validate` can refuse
    them: a linked folder would put records outside the repository; and folders named
    ``*.toml``, so that none is taken silently for no record.
    """
    found: list[str] = []
    unreadable: list[Problem] = []

    def refused(error: OSError) -> None:
        if error.errno not in (errno.ENOENT, errno.ENOTDIR):  # not there, or a file: said apart
            shown = display_path(Path(os.fsdecode(error.filename or folder)))
            unreadable.append(
                Problem(
                    shown,
                    0,
                    0,
                    "WP001",
                    _("cannot read the folder: {reason}").format(reason=error.strerror or error),
                    _("ask for read access to it: without it, its records are left out"),
                )
            )

    for top, dirs, names in os.walk(folder, onerror=refused):
        found += [  # links, never followed; and folders named as records, said to be folders
            os.path.join(top, d)
            for d in dirs
            if os.path.islink(os.path.join(top, d)) or (d.endswith(".toml") and d[0] != ".")
        ]
        found += [
            os.path.join(top, n)
            for n in names
            if (n.endswith(".toml") and not n.startswith("."))
            or os.path.islink(os.path.join(top, n))
        ]
        if not deep:
            break
    files = [Path(f) for f in sorted(found, key=lambda f: f.split(os.sep))]  # as Paths sort
    return files, unreadable


def linked_part(
    path: Path | str, plans_dir: Path, seen: dict[str, Path | None] | None = None
) -> Path | None:
    """The first symbolic link from ``plans_dir/progress`` down to ``path``, if any.

    ``seen`` keeps the answer for each folder, for a caller that asks of many files.
    """
    progress = os.path.join(absolute(plans_dir), PROGRESS)
    full = absolute(path)
    if _below(full, progress) is None:
        return None
    known = {} if seen is None else seen
    if full == progress:
        return _link_down_to(progress, progress, known)
    above = _link_down_to(os.path.dirname(full), progress, known)
    return above if above is not None else (Path(full) if os.path.islink(full) else None)


def _link_down_to(folder: str, progress: str, known: dict[str, Path | None]) -> Path | None:
    """The first symbolic link from ``progress`` down to ``folder``, both included."""
    if folder not in known:
        above = (
            None if folder == progress else _link_down_to(os.path.dirname(folder), progress, known)
        )
        known[folder] = above if above is not None or not os.path.islink(folder) else Path(folder)
    return known[folder]


def records_root(path: Path | str) -> Path | None:
    """The plans directory above a record file or folder: the parent of the nearest progress/."""
    full = absolute(path)
    return _root_of(full if os.path.basename(full) == PROGRESS else os.path.dirname(full))


@functools.lru_cache(maxsize=4096)  # asked of every record file, and most share a folder
def _root_of(folder: str) -> Path | None:
    names = folder.split(os.sep)
    for n in range(len(names) - 1, 0, -1):
        if names[n] == PROGRESS:
            return Path(os.sep.join(names[:n]) or os.sep)
    return None


def filed_under(path: Path | str, plans_dir: Path) -> tuple[str, ...]:
    """The folders between plans/progress/ and a record file, e.g. ("plan-id", "CT.1")."""
    progress = os.path.join(absolute(plans_dir), PROGRESS)
    inside = _below(absolute(path), progress)
    return () if not inside else tuple(inside.split(os.sep)[:-1])


# A record file as the tree walk finds it: (device, inode, size, mtime_ns, ctime_ns), or None
# when it is not a regular file of a readable size (the per-file check then says what it is).
FileStat = tuple[int, int, int, int, int] | None
RecordTree = list[tuple[str, list[tuple[str, list[tuple[str, FileStat]]]]]]


def record_tree(progress: str, max_bytes: int) -> RecordTree | None:
    """progress/<plan>/<activity>/<name>.toml with each file's stat, sorted as record_files
    sorts; None when the tree holds anything else that record_files would list or walk into
    (a symbolic link, a hidden folder, a record at another depth): the caller then takes
    the files one by one. os.scandir, and strings: this runs for every record."""
    if os.path.islink(progress) or not os.path.isdir(progress):
        return None
    tree: RecordTree = []
    try:
        for plan in _folders(progress):
            if plan is None:
                return None
            activities = []
            for activity in _folders(os.path.join(progress, plan)):
                if activity is None:
                    return None
                files = _files(os.path.join(progress, plan, activity), max_bytes)
                if files is None:
                    return None
                activities.append((activity, files))
            tree.append((plan, activities))
    except OSError:
        return None
    return tree


def _folders(folder: str) -> Iterator[str | None]:
    """The sub-folders, sorted; None for anything record_files would list or walk into."""
    names = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_symlink() or (
                entry.name.startswith(".") and entry.is_dir(follow_symlinks=False)
            ):
                yield None  # a link, or a hidden folder that record_files walks
                return
            if entry.is_dir(follow_symlinks=False):
                names.append(entry.name)
            elif entry.name.endswith(".toml") and not entry.name.startswith("."):
                yield None  # a record at the wrong depth: the per-file check reports it
                return
    yield from sorted(names)


def _files(folder: str, max_bytes: int) -> list[tuple[str, FileStat]] | None:
    found: list[tuple[str, FileStat]] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_symlink() or entry.is_dir(follow_symlinks=False):
                return None
            if not entry.name.endswith(".toml") or entry.name.startswith("."):
                continue
            info = entry.stat(follow_symlinks=False)
            regular = stat.S_ISREG(info.st_mode) and 0 < info.st_size <= max_bytes
            known = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            found.append((entry.name, known if regular else None))
    found.sort()
    return found
