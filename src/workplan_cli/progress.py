"""Recording progress and reading it back: the work behind `workplan record` and `history`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from workplan_cli.errors import (
    BrokenFilesError,
    NotFoundError,
    Problem,
    RecordRefusedError,
    UsageError,
)
from workplan_cli.loader import PlansDir, check_new_record, load_records
from workplan_cli.models import Activity, PlanFile, StoredRecord
from workplan_cli.paths import display_path
from workplan_cli.planning import ActivityState, newest_first, states_as_of
from workplan_cli.rules import suggest
from workplan_cli.store import write_record
from workplan_cli.text import shorten

_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER: Final = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_MAX_DETAILS: Final = 10
# How a record's keys are given on the command line, for messages about them.
_OPTIONS: Final = {
    "percent": "--percent",
    "note": "--note",
    "as_of": "--as-of",
    "meeting": "--meeting",
    "reported_by": "--by",
    "status": "--status",
}


@dataclass(frozen=True)
class RecordRequest:
    """What `workplan record` was asked to write, as typed (checked by ``add_record``)."""

    plan: str
    activity: str
    status: str
    percent: str | None = None  # a whole number, "40" or "40%"
    note: str | None = None
    as_of: str | None = None  # YYYY-MM-DD; None: today
    meeting: str | None = None
    reported_by: str | None = None
    evidence: Sequence[str] = ()  # URL or TITLE=URL
    restricted: bool = False
    indicators: Sequence[str] = ()  # ID=VALUE


@dataclass(frozen=True)
class RecordResult:
    """A record written, and the state of its activity afterwards."""

    stored: StoredRecord
    activity: Activity
    state: ActivityState  # as of today, with every record
    unreadable: int  # other records of the plan with problems, left out of the state


@dataclass(frozen=True)
class History:
    """The records of a plan (or one activity), newest first."""

    plan: PlanFile
    activity: Activity | None
    since: dt.date | None
    records: tuple[StoredRecord, ...]


def add_record(plans_dir: Path, request: RecordRequest, now: dt.datetime) -> RecordResult:
    """Check a new record against its plan exactly as `validate` will, then file it.

    ``now`` is the local time: it is today's date for ``as_of`` and, in UTC, ``recorded_at``.

    Raises:
        NotFoundError: no such plan or activity.
        UsageError: a value on the command line cannot be read.
        RecordRefusedError: the record breaks a rule; nothing is written.
        WriteError: the file could not be written; nothing is written.
    """
    plans = PlansDir(plans_dir)
    plan = open_plan(plans, request.plan)
    activity = find_activity(plan, request.activity)
    today = now.date()
    data = _record_data(request, plan, activity, today, now.astimezone(dt.UTC))
    record, findings = check_new_record(data, plans, today)
    if record is None:
        raise RecordRefusedError(
            "nothing was written",
            details=tuple((_as_option(f.message), f.hint) for f in findings),
        )
    stored = write_record(plans_dir, record)
    loaded = load_records(plans, plan.plan.id)
    state = states_as_of(plan, loaded.records, today)[activity.id]
    return RecordResult(stored, activity, state, len(loaded.problems))


def plan_history(
    plans_dir: Path, plan_id: str, activity_id: str | None, since: str | None
) -> History:
    """The records of a plan, or of one of its activities, newest first.

    Raises:
        NotFoundError: no such plan or activity.
        UsageError: ``since`` is not a date.
        BrokenFilesError: a record file has problems, so the history would be incomplete.
    """
    plans = PlansDir(plans_dir)
    plan = open_plan(plans, plan_id)
    activity = find_activity(plan, activity_id) if activity_id is not None else None
    start = parse_date(since, "--since") if since is not None else None
    loaded = load_records(plans, plan.plan.id)
    if loaded.problems:
        raise broken_files(loaded.problems, "the history would be incomplete")
    records = [
        r
        for r in loaded.records
        if (activity is None or r.record.activity == activity.id)
        and (start is None or r.record.as_of >= start)
    ]
    return History(plan, activity, start, tuple(newest_first(records)))


def open_plan(plans: PlansDir, plan_id: str) -> PlanFile:
    """The valid plan with this id.

    Raises:
        NotFoundError: there is no such plan.
        BrokenFilesError: the plan file has problems.
    """
    loaded = plans.get(plan_id)
    if loaded is None:
        raise NotFoundError(
            f'there is no plan "{shorten(plan_id)}" in {display_path(plans.folder)}',
            hint=suggest(plan_id, plans.ids(), "plans"),
        )
    if loaded.plan is None:
        raise broken_files(loaded.problems, f'plan "{plan_id}" cannot be used until they are fixed')
    return loaded.plan


def find_activity(plan: PlanFile, activity_id: str) -> Activity:
    """The activity with this id.

    Raises:
        NotFoundError: the plan has no such activity.
    """
    activity = plan.activity(activity_id)
    if activity is None:
        raise NotFoundError(
            f'plan "{plan.plan.id}" has no activity "{shorten(activity_id)}"',
            hint=suggest(activity_id, [a.id for a in plan.activities()], "activities"),
        )
    return activity


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
            f'{option} "{text}" is not a day of the calendar',
            hint="write dates as YYYY-MM-DD, e.g. 2025-06-30",
        ) from None
    raise UsageError(
        f'{option} "{shorten(text)}" is not a date',
        hint="write dates as YYYY-MM-DD, e.g. 2025-06-30",
    )


def _record_data(
    request: RecordRequest,
    plan: PlanFile,
    activity: Activity,
    today: dt.date,
    recorded_at: dt.datetime,
) -> dict[str, Any]:
    for option, text in (
        ("--note", request.note),
        ("--by", request.reported_by),
        ("--meeting", request.meeting),
        *(("--evidence", e) for e in request.evidence),
        *(("--indicator", i) for i in request.indicators),
    ):
        _check_text(option, text)
    if request.restricted and not request.evidence:
        raise UsageError(
            "--restricted marks evidence, but no --evidence was given",
            hint='add --evidence URL (or "TITLE=URL") for the document that must not be published',
        )
    percent = _percent(request.percent) if request.percent is not None else None
    if request.status == "completed" and percent is None:
        percent = 100  # completed means 100; say so in the file
    data: dict[str, Any] = {
        "format": 1,
        "plan": plan.plan.id,
        "activity": activity.id,
        "as_of": parse_date(request.as_of, "--as-of") if request.as_of is not None else today,
        "status": request.status,
        "percent": percent,
        "note": request.note or None,
        "meeting": request.meeting,
        "reported_by": request.reported_by,
        "recorded_at": recorded_at,
        "evidence": [_evidence(text, request.restricted) for text in request.evidence],
        "indicators": _indicators(request.indicators),
    }
    return {key: value for key, value in data.items() if value is not None}


def _check_text(option: str, text: str | None) -> None:
    """Refuse text the terminal passed in an encoding that is not UTF-8 (it cannot be stored)."""
    if text is None:
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(
            f"{option} holds characters that are not valid text",
            hint="set the terminal to UTF-8 (e.g. export LANG=C.UTF-8), then try again",
        ) from None


def _as_option(message: str) -> str:
    """'the record: "percent" is 150, ...' as '--percent is 150, ...'."""
    for key, option in _OPTIONS.items():
        if message.startswith(f'the record: "{key}" '):
            return option + message.removeprefix(f'the record: "{key}"')
    return message


def _percent(text: str) -> int:
    """A whole number of percent, "40" or "40%"."""
    digits = text.strip().removesuffix("%").strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,6}", digits):
        raise UsageError(
            f'--percent "{shorten(text)}" is not a whole number',
            hint="write a whole number from 0 to 100, e.g. --percent 40",
        )
    return int(digits)


def _indicators(texts: Sequence[str]) -> dict[str, int | float]:
    values: dict[str, int | float] = {}
    for text in texts:
        key, value = _indicator(text)
        if key in values:
            raise UsageError(
                f"--indicator {shorten(key)} is given twice",
                hint="give each indicator once, with its value as of this record's date",
            )
        values[key] = value
    return values


def _evidence(text: str, restricted: bool) -> dict[str, Any]:
    """``URL`` or ``TITLE=URL``; a title may itself hold "=", a URL's query too."""
    text = text.strip()
    if not text:
        raise UsageError("--evidence is empty", hint='give a web address, or "TITLE=URL"')
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
            f'--indicator "{shorten(text)}" has no value',
            hint="write --indicator ID=VALUE, e.g. --indicator officials-trained=45",
        )
    if len(value) > 40 or not _NUMBER.fullmatch(value):
        hint = "write the number without thousands separators, e.g. 1200"
        raise UsageError(
            f'--indicator {shorten(key.strip())}: "{shorten(value)}" is not a number', hint=hint
        )
    return key.strip(), int(value) if re.fullmatch(r"[+-]?\d+", value) else float(value)


def broken_files(problems: Sequence[Problem], consequence: str) -> BrokenFilesError:
    """The refusal to go on from files with problems: the first few problems, then the count."""
    files = len({p.path for p in problems})
    which = "1 file has" if files == 1 else f"{files} files have"
    return BrokenFilesError(
        f"{which} problems, so {consequence}",
        hint="run workplan validate; fix or restore those files (git log shows who changed them)",
        details=tuple((f"{p.where}: {p.message}", p.hint) for p in problems[:_MAX_DETAILS])
        + (
            ((f"... and {len(problems) - _MAX_DETAILS} more problems", None),)
            if len(problems) > _MAX_DETAILS
            else ()
        ),
    )
