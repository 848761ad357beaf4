"""The one way into a plans directory: a plan by id, its records, every file, each read once."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Generic, TypeVar

from workplan_cli.cache import Cache, PlanCache, sha256
from workplan_cli.errors import BrokenFilesError, NotFoundError, Problem, WorkplanError
from workplan_cli.i18n import _, ngettext
from workplan_cli.loader import (
    LoadedPlan,
    latest_allowed_day,
    latest_allowed_time,
    plan_from,
    record_from,
    valid_record,
)
from workplan_cli.models import Activity, PlanFile, ProgressRecord, StoredRecord, is_plan_id
from workplan_cli.paths import (
    PROGRESS,
    absolute,
    display_path,
    filed_under,
    linked_part,
    record_files,
    record_tree,
    shown_name,
)
from workplan_cli.planning import renamed
from workplan_cli.positions import PositionMap
from workplan_cli.reading import MAX_FILE_BYTES, file_problem, parse, parse_text, read_text
from workplan_cli.rules import RecordContext
from workplan_cli.text import one_line, shorten
from workplan_cli.vocabulary import suggest

_MAX_DETAILS: Final = 10
T = TypeVar("T")


@dataclass(frozen=True)
class LoadedRecord:
    """A record file read and checked: the record when it is valid, and every problem."""

    path: Path
    stored: StoredRecord | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class LoadedRecords:
    """The progress records of a plan: every valid one, and the problems of the others."""

    records: tuple[StoredRecord, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class CheckedRecords:
    """Every record file below progress/: as `validate` lists them, the valid records, and the
    problems of the others, each with the plans whose figures it stops (none: it stops no
    plan's, but is a problem all the same)."""

    shown: list[str]
    records: list[StoredRecord]
    problems: list[Problem]
    stops: dict[Problem, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class EachPlan(Generic[T]):
    """What ``Workspace.each_plan`` gives: the results of the plans whose files are sound,
    in the order of plan ids; the plans that cannot be shown; and every problem (SPEC §4.1:
    one broken file stops only its plan)."""

    results: list[T]
    blocked: list[str]  # ids of the plans whose figures would be wrong
    broken: BrokenFilesError | None  # every problem, to report after the results


class Workspace:
    """A plans directory. Each plan file in it is read once, when first asked for; with
    ``use_cache``, valid plans and records may come from the cache (cache.py)."""

    def __init__(self, folder: Path, *, use_cache: bool = True) -> None:
        self.folder = folder
        self.use_cache = use_cache
        self._plans = PlanCache(os.fspath(folder)) if use_cache else None
        self._loaded: dict[str, LoadedPlan] = {}
        self._ids: tuple[str, ...] | None = None
        self._links: dict[str, Path | None] = {}  # the symbolic link above each folder, if any
        self._formers: dict[str, str] | None = None  # former plan id -> the plan's id now

    # --- plans --------------------------------------------------------------------------------

    def ids(self) -> tuple[str, ...]:
        """The ids of the plans in the directory: the stems of its plan file names (read once)."""
        if self._ids is None:
            found = (p.stem for p in self.folder.glob("*.toml") if is_plan_id(p.stem))
            self._ids = tuple(sorted(found))
        return self._ids

    def get(self, plan_id: str) -> LoadedPlan | None:
        """The plan with this id, read and checked; None when there is no such plan file."""
        if plan_id not in self._loaded:
            path = self.folder / f"{plan_id}.toml"
            if not is_plan_id(plan_id) or not (path.is_file() or path.is_symlink()):
                return None
            self.check_top_file(path)
        return self._loaded[plan_id]

    def plan(self, plan_id: str) -> PlanFile:
        """The valid plan with this id, or that had it (``former_ids``).

        Raises:
            NotFoundError: there is no such plan.
            BrokenFilesError: the plan file has problems.
        """
        loaded = self.get(plan_id) or self.get(self.owner(plan_id))
        if loaded is None:
            raise NotFoundError(
                _('there is no plan "{plan}" in {folder}').format(
                    plan=shorten(plan_id), folder=display_path(self.folder)
                ),
                hint=suggest(plan_id, self.ids(), _("plans")),
            )
        if loaded.plan is None:
            raise broken_files(
                loaded.problems,
                _('plan "{plan}" cannot be used until they are fixed').format(plan=plan_id),
            )
        return loaded.plan

    def owner(self, plan_id: str) -> str:
        """The id of the plan whose records ``plan_id``'s are: itself, or the plan that lists
        it in ``former_ids`` (SPEC §3.4); itself when no plan does."""
        if plan_id in self.ids():
            return plan_id
        if self._formers is None:
            self._formers = {}
            for each in self.ids():
                loaded = self.get(each)
                for former in loaded.plan.plan.former_ids if loaded and loaded.plan else ():
                    self._formers.setdefault(former, each)
        return self._formers.get(plan_id, plan_id)

    def _orphaned(self, progress: Path, plan: PlanFile) -> list[Path]:
        """The folders of records filed under a plan id that no plan has, not even as a former
        id, that may be ``plan``'s: a plan renamed without ``former_ids`` leaves its records
        there (``_plans_of`` says whose they may be)."""
        try:
            names = sorted(os.listdir(progress)) if progress.is_dir() else []
        except OSError:
            return []  # the walk of the plan's own folder reports what cannot be read
        found = []
        for name in names:
            orphan = name not in self.ids() and not name.startswith(".")
            if not (orphan and self.owner(name) == name and (progress / name).is_dir()):
                continue
            with suppress(OSError):
                found += [
                    progress / name / activity
                    for activity in sorted(os.listdir(progress / name))
                    if plan.plan.id in self._plans_of(progress / name / activity / "-")
                ]
        return found

    def _plans_of(self, path: Path | str) -> frozenset[str]:
        """The plans whose figures a problem of this record file (or folder) stops: the plan
        it is filed under; for a plan id no plan has, those with an activity of its folder's
        id (it may be theirs, renamed); for a file loose in progress/, the plan it names."""
        folders = filed_under(Path(path) / "-" if Path(path).is_dir() else path, self.folder)
        if folders:
            owner = self.owner(folders[0])
            if owner in self.ids():
                return frozenset({owner})
            activity = folders[1] if len(folders) > 1 else ""
            found = [p.plan for p in map(self.get, self.ids()) if p and p.plan]
            having = frozenset(p.plan.id for p in found if p.activity(activity))
            return having or frozenset(self.ids())  # a plan and activity both renamed
        parsed = parse(Path(path)) if Path(path).is_file() else None
        named = parsed[1].get("plan") if isinstance(parsed, tuple) else None
        return (
            frozenset({self.owner(named)}) & set(self.ids())
            if isinstance(named, str)
            else frozenset()
        )

    def formers(self, plan: PlanFile) -> list[str]:
        """The former ids of ``plan`` that no plan file has now: folders of its records."""
        return [f for f in plan.plan.former_ids if self.owner(f) == plan.plan.id]

    def former_problems(self) -> list[Problem]:
        """Former plan ids that name a plan file of the directory, or that two plans list:
        the records filed under them could not tell which plan they count for (WP112).
        Of the plans read so far."""
        return [problem for problem, _reach in self._former_conflicts()]

    def _former_conflicts(self) -> list[tuple[Problem, frozenset[str]]]:
        """``former_problems``, each with the plans whose figures it stops."""
        problems: list[tuple[Problem, frozenset[str]]] = []
        claimed: dict[str, str] = {}
        for loaded in sorted(self._loaded.values(), key=lambda p: p.path):
            if loaded.plan is None:
                continue
            plan = loaded.plan
            for index, former in enumerate(plan.plan.former_ids):
                reach = frozenset({plan.plan.id})
                if former in self.ids():
                    message = _(
                        '"{former}" is listed as a former id, but {former}.toml is a plan'
                    ).format(former=former)
                    hint = _("a former id is one no plan file has any more; remove it here")
                elif former in claimed:
                    message = _('plans "{first}" and "{second}" both list "{former}"').format(
                        first=claimed[former], second=plan.plan.id, former=former
                    )
                    hint = _("the records filed under it can count for one plan only")
                    reach = frozenset({plan.plan.id, claimed[former]})
                else:
                    claimed[former] = plan.plan.id
                    continue
                text = read_text(loaded.path)
                line, col = (
                    PositionMap(text).find(("plan", "former_ids", index))
                    if isinstance(text, str)
                    else (0, 0)
                )
                problems.append(
                    (Problem(display_path(loaded.path), line, col, "WP112", message, hint), reach)
                )
        return problems

    def loaded(self) -> list[LoadedPlan]:
        """The plan files read so far."""
        return list(self._loaded.values())

    # --- records ------------------------------------------------------------------------------

    def records(self, plan_id: str, consequence: str) -> tuple[StoredRecord, ...]:
        """Every record of the plan, when all are valid.

        Raises:
            BrokenFilesError: a record file has problems; ``consequence`` says what that
                would do, e.g. "the figures would be wrong".
        """
        loaded = self.load_records(plan_id)
        if loaded.problems:
            raise broken_files(loaded.problems, consequence)
        return loaded.records

    def load_records(self, plan_id: str) -> LoadedRecords:
        """Every progress record of a plan, each checked as `validate` checks it, as the
        activities it counts for (``planning.renamed``).

        Besides the plan's own folders (its id's and its former ids'), it reads the files
        lying loose in progress/, where a record moved by hand may have landed, and the
        folders of plans that exist nowhere (a plan renamed without ``former_ids`` leaves
        its records there): one that is about this plan, or cannot be read at all, or is
        orphaned, is reported, so that no record is silently left out.
        """
        progress = self.folder / PROGRESS
        loaded_plan = self.get(plan_id)
        plan = loaded_plan.plan if loaded_plan else None
        formers = self.formers(plan) if plan else []
        folders = [progress / name for name in dict.fromkeys((plan_id, *formers))]
        folders += self._orphaned(progress, plan) if plan else []
        problems = [not_a_folder(f) for f in (progress, *folders) if f.exists() and not f.is_dir()]
        loose, unreadable = record_files(progress, deep=False)
        problems += unreadable
        files = [p for p in loose if not _about_another(p, plan_id, self.owner)]
        for folder in folders:
            if folder.is_dir():
                owned, unreadable = record_files(folder)
                files += owned
                problems += unreadable
        records: list[StoredRecord] = []
        latest = latest_allowed_day()
        for path in files:
            loaded = self.check_record_file(path, latest)
            problems.extend(loaded.problems)
            if loaded.stored is not None:
                records.append(loaded.stored)
        if plan is not None and plan.plan.former_ids:  # one another plan lists too: in doubt
            for other in self.ids():
                self.get(other)
            problems += [p for p, reach in self._former_conflicts() if plan_id in reach]
        counted = renamed(plan, records) if plan else tuple(records)
        return LoadedRecords(counted, tuple(sorted(problems)))

    def each_plan(
        self,
        consequence: str,
        use: Callable[[PlanFile, tuple[StoredRecord, ...]], T],
        prepare: Callable[[list[PlanFile]], None] | None = None,
    ) -> EachPlan[T]:
        """``use`` of every plan of the directory whose files are sound, with its records, in
        the order of plan ids. A problem stops the plans it concerns (its plan file's, its
        records' plan's, or for a record filed under an id no plan has, the plans with an
        activity of its id), not the others; ``EachPlan.broken`` has every problem. One
        plan's records are held at a time: all of 200,000 records would take half a
        gigabyte. ``prepare`` sees the plans first (to check filters against them).

        Raises:
            NotFoundError: the directory holds no plan yet.
            BrokenFilesError: no plan can be shown, or ``prepare`` refused too: every
                problem, first.
            WorkplanError: what ``prepare`` raises.
        """
        top = self.plan_files()
        if not top:
            raise NotFoundError(
                _("there are no plans in {folder} yet").format(folder=display_path(self.folder)),
                hint=_("start one with: workplan new PLAN-ID (e.g. somtc-india-2026-2030)"),
            )
        problems = list(self.blocked())
        stopped = set(self.ids()) if problems else set()  # no records can be read at all
        plans: dict[str, PlanFile] = {}
        for path in top:
            loaded = self.check_top_file(path)
            problems.extend(loaded.problems)
            if isinstance(loaded, LoadedRecord) and loaded.problems:
                stopped.update(self._plans_of(path))  # a record put beside the plans
            if isinstance(loaded, LoadedPlan) and loaded.plan is not None:
                plans[loaded.plan.plan.id] = loaded.plan
        for problem, reach in self._former_conflicts():
            problems.append(problem)
            stopped.update(reach)
        refused: WorkplanError | None = None
        try:
            if prepare is not None:
                prepare([plans[plan_id] for plan_id in sorted(plans)])
        except WorkplanError as exc:  # said once the files are said to be sound
            refused = exc
        results: dict[str, T] = {}

        def each(plan_id: str, records: list[StoredRecord]) -> None:
            if plan_id in plans and plan_id not in stopped and refused is None:
                results[plan_id] = use(plans[plan_id], renamed(plans[plan_id], records))

        checked = self.check_records(latest_allowed_day(), each, listed=False)
        problems += checked.problems
        for reach in checked.stops.values():
            stopped.update(reach)
        stopped.update(p for p in self.ids() if p not in plans)  # a plan file with problems
        good = [plans[p] for p in sorted(plans) if p not in stopped]
        broken = broken_files(sorted(problems), consequence) if problems else None
        if broken is not None and (refused is not None or not good):
            raise broken  # nothing to show before the problems
        if refused is not None:
            raise refused
        return EachPlan(
            [results[p.plan.id] if p.plan.id in results else use(p, ()) for p in good],
            sorted(stopped),
            broken,
        )

    def check_records(
        self,
        latest: dt.date,
        each: Callable[[str, list[StoredRecord]], None] | None = None,
        *,
        listed: bool = True,
    ) -> CheckedRecords:
        """Every record file below progress/, each checked as `validate` checks it; with
        ``each``, the valid records of each plan folder go to it, one folder at a time, and
        are not kept (the folders of a plan's former ids with its own); without ``listed``,
        the files are not listed (``shown``).

        Records laid out as workplan files them (progress/PLAN/ACTIVITY/NAME.toml) are read
        with less work per file, or taken from the cache (cache.py) when unchanged; a file
        found anything but valid that way is checked again one by one, so that its problems
        are worded as always. Any other layout is checked file by file.
        """
        progress = os.path.join(self.folder, PROGRESS)
        tree = record_tree(progress, MAX_FILE_BYTES)
        if tree is None:
            files, unreadable = self.record_files()
            checked = self._check_each(files, latest, each)
            for problem in unreadable:
                self._stop(checked, problem.path, [problem])
            return checked
        checked = CheckedRecords([], [], [])
        cache = Cache(os.fspath(self.folder), self.use_cache)
        paused = gc.isenabled()
        gc.disable()  # many objects and no cycles: collecting would take a third of the time
        tree.sort(key=lambda folder: (self.owner(folder[0]), folder[0]))
        newest = latest_allowed_time()
        try:
            for number, (plan, activities) in enumerate(tree):
                owner = self.owner(plan)
                loaded = self.get(owner)
                section = cache.section(plan, loaded.digest if loaded else None, latest)
                for activity, names in activities:
                    folder = os.path.join(progress, plan, activity)
                    shown_folder = display_path(Path(folder)) if listed else ""  # as its files
                    sep = os.sep if os.path.isabs(shown_folder) else "/"
                    context = RecordContext(
                        loaded.plan if loaded else None,
                        loaded is not None,
                        self.ids(),
                        latest,
                        (plan, activity),
                        newest,
                    )
                    for name, info in names:
                        path = f"{folder}{os.sep}{name}"
                        if listed:
                            checked.shown.append(f"{shown_folder}{sep}{_shown(name)}")
                        record = None
                        usual = info is not None and name.isprintable()  # else: said slowly
                        if usual and info and loaded is not None and loaded.plan is not None:
                            key = f"{activity}/{name}"
                            record = section.cached(key, info)
                            if record is None:
                                record = valid_record(path, info[2], context)
                                section.found(key, info, record)
                        if record is not None and self._withdrawal_problem(record, name[:-5]):
                            record = None  # said slowly, below
                        if record is not None:
                            checked.records.append(StoredRecord(_shown(name[:-5]), path, record))
                        else:  # the usual way, which words what is wrong
                            found = self.check_record_file(Path(path), latest)
                            self._stop(checked, path, found.problems)
                            if found.stored is not None:
                                checked.records.append(found.stored)
                cache.save(section)
                last = number + 1 == len(tree) or self.owner(tree[number + 1][0]) != owner
                if each is not None and last:  # a valid record is filed under its plan's folder
                    each(owner, checked.records[:])
                    checked.records.clear()
        finally:
            cache.close(self.ids())
            if paused:
                gc.enable()
        return checked

    def _check_each(
        self,
        files: list[Path],
        latest: dt.date,
        each: Callable[[str, list[StoredRecord]], None] | None,
    ) -> CheckedRecords:
        checked = CheckedRecords([], [], [])
        for path in files:
            found = self.check_record_file(path, latest)
            checked.shown.append(display_path(path))
            self._stop(checked, path, found.problems)
            if found.stored is not None:
                checked.records.append(found.stored)
        if each is not None:
            by_plan: dict[str, list[StoredRecord]] = {}
            for stored in checked.records:
                by_plan.setdefault(self.owner(stored.record.plan), []).append(stored)
            checked.records.clear()
            for plan_id, records in by_plan.items():
                each(plan_id, records)
        return checked

    def _stop(self, checked: CheckedRecords, path: Path | str, problems: Sequence[Problem]) -> None:
        """Keep the problems of a record file, with the plans they stop."""
        checked.problems.extend(problems)
        if problems:
            reach = self._plans_of(path)
            checked.stops.update((problem, reach) for problem in problems)

    # --- files, one by one (validate reports on these) -------------------------------------

    def plan_files(self) -> list[Path]:
        """The ``*.toml`` files at the top of the directory, sorted."""
        return sorted(self.folder.glob("*.toml"))

    def record_files(self) -> tuple[list[Path], list[Problem]]:
        """Every record file below progress/ (symbolic links too, never followed), and the
        problems of the folders that cannot be listed."""
        return record_files(self.folder / PROGRESS)

    def blocked(self) -> list[Problem]:
        """A problem when progress/ is a file, not the folder of records."""
        progress = self.folder / PROGRESS
        return [not_a_folder(progress)] if progress.exists() and not progress.is_dir() else []

    def check_top_file(self, path: Path) -> LoadedPlan | LoadedRecord:
        """A file at the top of the directory: a plan, or a record that was put there by hand.
        A valid plan is kept, in the cache too. A symbolic link is refused, never read: it
        could show a file from anywhere (its values are echoed in problems)."""
        if path.is_symlink():
            link = file_problem(
                path,
                "WP001",
                _("this is a symbolic link; plan files must be files in the repository"),
                _("replace the link with the plan file itself"),
            )
            return self._remember(LoadedPlan(path, None, (link,)))
        text = read_text(path)
        if isinstance(text, Problem):
            return self._remember(LoadedPlan(path, None, (text,)))
        digest = sha256(text)
        cached = self._plans.plan(path.stem, digest) if self._plans else None
        if cached is not None:
            return self._remember(LoadedPlan(path, cached, (), digest))
        parsed = parse_text(display_path(path), text)
        if isinstance(parsed, Problem):
            return self._remember(LoadedPlan(path, None, (parsed,)))
        data = parsed[1]
        if isinstance(data.get("plan"), str) and "activity" in data:
            line, col = PositionMap(text).find(("plan",), at_key=True)
            stray = Problem(
                display_path(path),
                line,
                col,
                "WP203",
                _("this is a progress record, but it is not in a progress/ folder"),
                _(
                    "records belong in plans/progress/{plan}/{activity}/; move it there (git mv)"
                ).format(plan=data["plan"], activity=data["activity"]),
            )
            return self._remember(LoadedPlan(path, None, (stray,)), record=True)
        loaded = plan_from(path, text, data)
        if loaded.plan is None:
            return self._remember(loaded)
        if self._plans is not None:
            self._plans.keep(path.stem, digest, loaded.plan)
        return self._remember(LoadedPlan(path, loaded.plan, (), digest))

    def check_record_file(
        self, path: Path, latest: dt.date, full: str | None = None
    ) -> LoadedRecord:
        """A record file below this directory's progress/, checked against its plan and place.

        ``full`` is its absolute path, when the caller has it already.
        """
        full = full or absolute(path)
        if one_line(path.name) != path.name:  # a new line in a name starts a line of output
            problem = file_problem(
                path,
                "WP203",
                _("the file name holds control codes"),
                _(
                    "rename it (git mv) to the name workplan record gives, e.g. "
                    "2025-06-30T090000Z-1a2b3c4d.toml"
                ),
            )
            return LoadedRecord(path, None, (problem,))
        link = linked_part(full, self.folder, self._links)
        if link is not None:
            problem = file_problem(
                path,
                "WP203",
                _("{path} is a symbolic link; records must be files in the repository").format(
                    path=display_path(link)
                ),
                _("replace the link with the folder or file itself"),
            )
            return LoadedRecord(path, None, (problem,))
        parsed = parse(path)
        if isinstance(parsed, Problem):
            return LoadedRecord(path, None, (parsed,))
        text, data = parsed
        context = self.context(data.get("plan"), latest, filed_under(full, self.folder))
        record, problems = record_from(path, text, data, context)
        wrong = None if record is None else self._withdrawal_problem(record, path.stem)
        if wrong is not None:
            line, col = PositionMap(text).find(("withdraws",))
            gone = Problem(
                display_path(path),
                line,
                col,
                "WP206",
                wrong,
                _(
                    "restore the record it withdraws (git), or remove this file if it was "
                    "copied or edited by hand"
                ),
            )
            record, problems = None, (gone,)
        stored = None if record is None else StoredRecord(shown_name(path.stem), path, record)
        return LoadedRecord(path, stored, problems)

    def _withdrawal_problem(self, record: ProgressRecord, own_id: str) -> str | None:
        """What is wrong with a withdrawal (the record ``own_id``): it withdraws itself, a
        record its activity does not have (no file of that name in the activity's folders,
        under the plan's and the activity's ids, former ones too), or another withdrawal.
        None for a sound one, and for any other record."""
        gone = record.withdraws
        if gone is None:
            return None
        if gone == own_id:
            return _("this withdrawal withdraws itself")
        owner = self.owner(record.plan)
        loaded = self.get(owner)
        plan = loaded.plan if loaded else None
        plans = [owner, *(self.formers(plan) if plan else ())]
        activity = plan.activity(record.activity) if plan else None
        ids = [activity.id, *activity.former_ids] if activity else [record.activity]
        progress = self.folder / PROGRESS
        found = [progress / p / a / f"{gone}.toml" for p in plans for a in ids]
        target = next((f for f in found if f.is_file()), None)
        if target is None:
            return _(
                'this withdrawal is of record "{record}", which activity "{activity}" does not have'
            ).format(record=gone, activity=record.activity)
        parsed = parse(target)
        if isinstance(parsed, tuple) and "withdraws" in parsed[1]:
            return _(
                'this withdrawal is of record "{record}", which is itself a withdrawal'
            ).format(record=gone)
        return None

    def context(
        self, plan_id: object, latest: dt.date, filed: tuple[str, ...] | None = None
    ) -> RecordContext:
        """What a record about ``plan_id`` is checked against: ``filed`` is the folders it lies
        in below progress/, or None before it is written."""
        loaded = self.get(self.owner(plan_id)) if isinstance(plan_id, str) else None
        return RecordContext(
            loaded.plan if loaded else None,
            loaded is not None,
            self.ids(),
            latest,
            filed,
            latest_allowed_time(),
        )

    def _remember(self, loaded: LoadedPlan, *, record: bool = False) -> LoadedPlan | LoadedRecord:
        """Keep a plan file read at the top, so that its records need not read it again; a
        record found there (``record``) is kept as a plan with its problem."""
        if loaded.path.suffix == ".toml" and is_plan_id(loaded.path.stem):
            self._loaded.setdefault(loaded.path.stem, loaded)
        return LoadedRecord(loaded.path, None, loaded.problems) if record else loaded


def _shown(name: str) -> str:
    """A name as display_path shows it: escapes for bytes that are not UTF-8."""
    return name if name.isascii() else shown_name(name)


def _about_another(path: Path, plan_id: str, owner: Callable[[str], str]) -> bool:
    """True for a loose file that can be read and names another plan (not a former id of
    this one: ``owner`` says whose an id is)."""
    if path.is_dir() or path.is_symlink():
        return False
    parsed = parse(path)
    if isinstance(parsed, Problem):
        return False
    named = parsed[1].get("plan")
    return isinstance(named, str) and named != plan_id and owner(named) != plan_id


def not_a_folder(path: Path) -> Problem:
    """The problem of a file where the folder of progress records should be."""
    return file_problem(
        path,
        "WP001",
        _("this should be the folder of progress records, but it is a file"),
        _("move the file away; workplan record makes the folder when it first records"),
    )


def find_activity(plan: PlanFile, activity_id: str) -> Activity:
    """The activity with this id.

    Raises:
        NotFoundError: the plan has no such activity.
    """
    activity = plan.activity(activity_id)
    if activity is None:
        raise NotFoundError(
            _('plan "{plan}" has no activity "{activity}"').format(
                plan=plan.plan.id, activity=shorten(activity_id)
            ),
            hint=suggest(activity_id, [a.id for a in plan.activities()], _("activities")),
        )
    return activity


def broken_files(problems: Sequence[Problem], consequence: str) -> BrokenFilesError:
    """The refusal to go on from files with problems: the first few problems, then the count.
    ``consequence`` says what going on would do, in the language shown (the caller
    translates it)."""
    files = len({p.path for p in problems})
    more = len(problems) - _MAX_DETAILS
    error = BrokenFilesError(
        # TRANSLATORS: {consequence} is e.g. "the figures would be wrong"
        ngettext(
            "{count} file has problems, so {consequence}",
            "{count} files have problems, so {consequence}",
            files,
        ).format(count=files, consequence=consequence),
        hint=_(
            "run workplan validate; fix or restore those files (git log shows who changed them)"
        ),
        details=tuple((f"{p.where}: {p.message}", p.hint) for p in problems[:_MAX_DETAILS])
        + (
            (
                (
                    ngettext(
                        "... and {count} more problem", "... and {count} more problems", more
                    ).format(count=more),
                    None,
                ),
            )
            if more > 0
            else ()
        ),
    )
    error.count = len(problems)
    return error
