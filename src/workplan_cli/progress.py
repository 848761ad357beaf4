"""Recording progress and reading it back: the work behind `workplan record` and `history`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from workplan_cli import typed
from workplan_cli.errors import RecordRefusedError, UsageError
from workplan_cli.loader import check_new_record
from workplan_cli.models import Activity, PlanFile, StoredRecord
from workplan_cli.planning import ActivityState, newest_first, states_as_of
from workplan_cli.store import write_record
from workplan_cli.text import shorten
from workplan_cli.vocabulary import code_hint
from workplan_cli.workspace import Workspace, find_activity

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
    workspace = Workspace(plans_dir, use_cache=False)  # a record is all it writes
    plan = workspace.plan(request.plan)
    activity = find_activity(plan, request.activity)
    today = now.date()
    data = _record_data(request, plan, activity, today, now.astimezone(dt.UTC))
    record, findings = check_new_record(data, workspace.context(plan.plan.id, today), _OPTIONS)
    if record is None:
        raise RecordRefusedError(
            "nothing was written", details=tuple((f.message, f.hint) for f in findings)
        )
    stored = write_record(plans_dir, record)
    loaded = workspace.load_records(plan.plan.id)
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
    workspace = Workspace(plans_dir)
    plan = workspace.plan(plan_id)
    activity = find_activity(plan, activity_id) if activity_id is not None else None
    start = typed.parse_date(since, "--since") if since is not None else None
    records = [
        r
        for r in workspace.records(plan.plan.id, "the history would be incomplete")
        if (activity is None or r.record.activity == activity.id)
        and (start is None or r.record.as_of >= start)
    ]
    return History(plan, activity, start, tuple(newest_first(records)))


def _reporter(text: str | None, plan: PlanFile) -> str | None:
    """The code ``--by`` names: a code known to the plan (SPEC §4.1), in capitals.

    Raises:
        RecordRefusedError: it is no code the plan knows ("Thailand": did you mean TH?).
    """
    if text is None:
        return None
    if not text.strip():
        raise RecordRefusedError("nothing was written", details=(("--by must not be empty", None),))
    code = text.strip().upper()
    if code in plan.names:
        return code
    hint = code_hint(text, list(plan.names), plan.names)
    if hint.startswith("codes allowed"):
        hint = (
            f"{hint}; an office or organisation that reports is declared once in the plan "
            'as [[bodies]] id = "...", name = "..."'
        )
    raise RecordRefusedError(
        "nothing was written",
        details=((f'--by "{shorten(text)}" is not a code plan "{plan.plan.id}" knows', hint),),
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
        typed.check_text(option, text)
    if request.restricted and not request.evidence:
        raise UsageError(
            "--restricted marks evidence, but no --evidence was given",
            hint='add --evidence URL (or "TITLE=URL") for the document that must not be published',
        )
    percent = typed.percent(request.percent) if request.percent is not None else None
    if request.status == "completed" and percent is None:
        percent = 100  # completed means 100; say so in the file
    as_of = typed.parse_date(request.as_of, "--as-of") if request.as_of is not None else today
    data: dict[str, Any] = {
        "format": 1,
        "plan": plan.plan.id,
        "activity": activity.id,
        "as_of": as_of,
        "status": request.status,
        "percent": percent,
        "note": request.note or None,
        "meeting": request.meeting,
        "reported_by": _reporter(request.reported_by, plan),
        "recorded_at": recorded_at,
        "evidence": [typed.evidence(text, request.restricted) for text in request.evidence],
        "indicators": typed.indicators(request.indicators),
    }
    return {key: value for key, value in data.items() if value is not None}
