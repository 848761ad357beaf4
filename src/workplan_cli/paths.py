"""Where the plans directory is: --plans, else $WORKPLAN_PLANS, else the nearest plans/ upwards."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from workplan_cli.errors import PlansDirNotFoundError

ENV_VAR: Final = "WORKPLAN_PLANS"
_HINT: Final = (
    "run workplan inside a repository that has a plans/ directory, "
    f"or point at one with --plans DIR or the environment variable {ENV_VAR}"
)


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
    found = nearest_plans_dir(cwd or Path.cwd())
    if found is None:
        raise PlansDirNotFoundError("no plans directory here or in any directory above", hint=_HINT)
    return found


def nearest_plans_dir(start: Path) -> Path | None:
    """The nearest ``plans/`` directory at ``start`` or above it."""
    for folder in (start, *start.parents):
        candidate = folder / "plans"
        if candidate.is_dir():
            return candidate
    return None


def _existing(path: Path, given_by: str) -> Path:
    if not path.is_dir():
        what = "does not exist" if not path.exists() else "is not a directory"
        raise PlansDirNotFoundError(f"the plans directory {path} ({given_by}) {what}", hint=_HINT)
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


def display_path(path: Path, base: Path | None = None) -> str:
    """``path`` relative to ``base`` (default: the current directory) when it lies below it."""
    base = base or Path.cwd()
    try:
        shown = path.absolute().relative_to(base.absolute()).as_posix()
    except ValueError:
        shown = str(path)
    # A name that is not valid UTF-8 is shown with escapes (bad\xff.toml), never a crash.
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# --- where progress records go ----------------------------------------------------------------
#
# plans/progress/<plan-id>/<activity-id>/<recorded-at>Z-<random>.toml: one file per record.
# New files only, never edits: concurrent writers and merged git branches cannot collide.

PROGRESS: Final = "progress"


def record_dir(plans_dir: Path, plan_id: str, activity_id: str) -> Path:
    """The directory that holds the records of one activity."""
    return plans_dir / PROGRESS / plan_id / activity_id


def record_files(folder: Path, *, deep: bool = True) -> list[Path]:
    """Every record file (``*.toml``, not hidden) in ``folder`` (and below it when ``deep``).

    Symbolic links are listed too, never followed, so that `validate` can refuse
    them: a linked folder would put records outside the repository.
    """
    found: list[Path] = []
    for top, dirs, names in os.walk(folder):
        base = Path(top)
        found += [base / d for d in dirs if (base / d).is_symlink()]
        found += [
            base / n
            for n in names
            if (n.endswith(".toml") and not n.startswith(".")) or (base / n).is_symlink()
        ]
        if not deep:
            break
    return sorted(found)


def linked_part(path: Path, plans_dir: Path) -> Path | None:
    """The first symbolic link from ``plans_dir/progress`` down to ``path``, if any."""
    progress = plans_dir / PROGRESS
    try:
        inside = path.relative_to(progress)
    except ValueError:
        return None
    for part in (
        progress,
        *(progress / Path(*inside.parts[:n]) for n in range(1, len(inside.parts) + 1)),
    ):
        if part.is_symlink():
            return part
    return None


def records_root(path: Path) -> Path | None:
    """The plans directory above a record file or folder: the parent of the nearest progress/."""
    full = path.absolute()
    return next((f.parent for f in (full, *full.parents) if f.name == PROGRESS), None)


def filed_under(path: Path, plans_dir: Path) -> tuple[str, ...]:
    """The folders between plans/progress/ and a record file, e.g. ("plan-id", "CT.1")."""
    try:
        inside = path.absolute().relative_to((plans_dir / PROGRESS).absolute())
    except ValueError:
        return ()
    return inside.parts[:-1]
