"""What `workplan validate` reports: every plan and record file named, or found below a folder."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workplan_cli.errors import Problem
from workplan_cli.i18n import _
from workplan_cli.loader import latest_allowed_day
from workplan_cli.models import StoredRecord
from workplan_cli.paths import PROGRESS, absolute, display_path, record_files, records_root
from workplan_cli.reading import file_problem
from workplan_cli.workspace import LoadedRecord, Workspace


@dataclass(frozen=True)
class ValidationReport:
    """What `workplan validate` found in a set of files."""

    plans: tuple[str, ...]
    records: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def files(self) -> tuple[str, ...]:
        """Every file checked."""
        return self.plans + self.records

    @property
    def ok(self) -> bool:
        """True when no file has a problem."""
        return not self.problems


def validate_paths(paths: Sequence[Path], *, use_cache: bool = True) -> ValidationReport:
    """Check every plan and record file named, or found in the directories named.

    Each record is checked against the plans of the directory above its progress/
    folder; a plan file read for that, and not named, is reported too. A plans directory
    named alone has its records checked by ``Workspace.check_records`` (with the cache,
    unless ``use_cache`` is False).
    """
    plans: list[str] = []
    records: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    workspaces: dict[str, Workspace] = {}
    latest = latest_allowed_day()

    def workspace(folder: Path | str) -> Workspace:
        return workspaces.setdefault(absolute(folder), Workspace(Path(folder), use_cache=use_cache))

    for path in paths:
        whole = len(paths) == 1 and path.is_dir() and records_root(path) is None
        targets, blocked = _targets(path, records=not whole)
        problems += blocked
        for target in targets:
            full = absolute(target)
            if full in seen:  # named twice, or also inside a directory named
                continue
            seen.add(full)
            root = records_root(full)
            if root is None:  # a plan file; its records, if any follow, are checked against it
                loaded = workspace(os.path.dirname(full)).check_top_file(target)
            else:
                loaded = workspace(root).check_record_file(target, latest, full)
            (records if isinstance(loaded, LoadedRecord) else plans).append(display_path(target))
            problems.extend(loaded.problems)
        if whole:  # the plans first, above: the records are checked against them
            checked = workspace(path).check_records(latest, _unkept)
            records += checked.shown
            problems += checked.problems
        if not (targets or blocked or (whole and records)):
            problems.append(
                file_problem(
                    path,
                    "WP001",
                    _("the directory holds no plan files (*.toml) and no progress records"),
                    _("name plan files, or a directory that holds them"),
                )
            )
    for opened in workspaces.values():  # plans read only because a record names them
        for plan in opened.loaded():
            if absolute(plan.path) not in seen:
                seen.add(absolute(plan.path))
                plans.append(display_path(plan.path))
                problems.extend(plan.problems)
        problems += opened.former_problems()
    return ValidationReport(tuple(plans), tuple(records), tuple(sorted(problems)))


def _unkept(plan: str, records: list[StoredRecord]) -> None:
    """validate reports the problems; the valid records themselves need not be kept."""


def _targets(path: Path, *, records: bool) -> tuple[list[Path], list[Problem]]:
    """The files to check for a path named (with ``records``, the records of a plans
    directory too), and a problem if its progress/ is not a folder."""
    if not path.is_dir():
        return [path], []
    if records_root(path) is not None:  # progress/ itself, or a folder inside it
        return record_files(path)
    opened = Workspace(path)
    found, unreadable = record_files(path / PROGRESS) if records else ([], [])
    return opened.plan_files() + found, opened.blocked() + unreadable
