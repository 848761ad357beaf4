"""Recording progress and reading it back: the work behind `workplan record` and `history`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from workplan_cli import typed
from workplan_cli.errors import NotFoundError, RecordRefusedError, UsageError
from workplan_cli.i18n import _
from workplan_cli.loader import check_new_record
from workplan_cli.models import Activity, Meeting, PlanFile, ProgressRecord, StoredRecord
from workplan_cli.planning import (
    ActivityState,
    SameDay,
    in_force,
    latest_by,
    newest_first,
    same_day,
    states_as_of,
    withdrawals,
)
from workplan_cli.rules import Finding
from workplan_cli.store import write_record
from workplan_cli.text import shorten
from workplan_cli.vocabulary import code_hint, codes_allowed, suggest
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
class WithdrawRequest:
    """What `workplan withdraw` was asked to write, as typed."""

    plan: str
    activity: str
    record: str  # the id of the record to withdraw (its file name, with or without .toml)
    reason: str
    reported_by: str | None = None


@dataclass(frozen=True)
class RecordResult:
    """A record written (or found already stored), and the state of its activity afterwards."""

    stored: StoredRecord
    activity: Activity
    state: ActivityState  # as of today, with every record
    unreadable: int  # other records of the plan with problems, left out of the state
    written: bool = True  # False: the same values were stored already, in ``stored``
    meeting: Meeting | None = None  # as_of was taken from this meeting's day
    withdrawn: StoredRecord | None = None  # the record a withdrawal withdrew


@dataclass(frozen=True)
class History:
    """The records of a plan (or one activity), newest first, with what other records say
    of them: withdrawn (by which withdrawal), corrected, or differing from other reports."""

    plan: PlanFile
    activity: Activity | None
    since: dt.date | None
    records: tuple[StoredRecord, ...]
    withdrawn: dict[tuple[str, str], StoredRecord]  # (activity, record id) -> its withdrawal
    same_day: dict[str, SameDay]


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
    before = workspace.load_records(plan.plan.id).records
    data = _record_data(request, plan, activity, now.astimezone(dt.UTC))
    new = prepare_record(workspace, plan, data, today, before, _OPTIONS)
    if new.record is None:
        raise RecordRefusedError(
            _("nothing was written"), details=tuple((f.message, f.hint) for f in new.findings)
        )
    if new.same is not None:
        state = states_as_of(plan, before, today)[activity.id]
        return RecordResult(new.same, activity, state, 0, written=False, meeting=new.meeting)
    return _written(workspace, plan, activity, new.record, today, new.meeting)


@dataclass(frozen=True)
class NewRecord:
    """A record checked before it is written: the record, or what is wrong with it; and the
    stored record that says the same already, if one does."""

    record: ProgressRecord | None
    findings: tuple[Finding, ...] = ()
    same: StoredRecord | None = None  # the record that counts for the day says the same
    meeting: Meeting | None = None  # as_of was taken from this meeting's day


def prepare_record(
    workspace: Workspace,
    plan: PlanFile,
    data: dict[str, Any],
    today: dt.date,
    before: Sequence[StoredRecord],
    names: Mapping[str, str],
) -> NewRecord:
    """A record about to be written by `record` or `import`, from ``data`` (the record's keys;
    ``as_of`` may be left out): checked exactly as `validate` will check it once stored
    (``names`` say how its keys were given, for the messages), with the as_of day (today, or
    the meeting's), completed meaning 100, and the records of its day it comes after; and
    the stored record that says the same already, if any (SPEC §4.1)."""
    data = dict(data)
    meeting = None
    if "as_of" not in data and "meeting" in data:
        meeting = next((m for m in plan.meetings if m.id == data["meeting"]), None)
    data.setdefault("as_of", meeting.date if meeting else today)
    if data.get("status") == "completed" and "percent" not in data:
        data["percent"] = 100  # completed means 100; say so in the file
    record, findings = check_new_record(data, workspace.context(plan.plan.id, today), names)
    if record is None:
        return NewRecord(None, tuple(findings))
    ours = [s for s in before if s.record.activity == record.activity]
    day = [s for s in ours if s.record.as_of == record.as_of]
    standing = [s for s in in_force(ours) if s.record.as_of == record.as_of]  # withdrawals of
    counting = latest_by(standing, lambda s: s.record.as_of).get(record.as_of)  # any day count
    if counting is not None and _same_values(counting.record, record):
        return NewRecord(record, same=counting, meeting=meeting)
    # the records of the day it comes after, by the ids a record may list (a file named by
    # hand, with spaces, cannot be listed: the clocks order it)
    seen = sorted(s.id for s in day if s.record.withdraws is None and _LISTABLE.fullmatch(s.id))
    return NewRecord(record.model_copy(update={"after": seen}), meeting=meeting)


def withdraw_record(plans_dir: Path, request: WithdrawRequest, now: dt.datetime) -> RecordResult:
    """Write a withdrawal of a record (SPEC §4.1): after it, the record counts nowhere.

    Raises:
        NotFoundError: no such plan, activity or record.
        RecordRefusedError: the record is about another activity, is a withdrawal itself, or
            was withdrawn already; or the withdrawal breaks a rule. Nothing is written.
        WriteError: the file could not be written; nothing is written.
    """
    if not request.reason.strip():
        raise RecordRefusedError(
            _("nothing was written"),
            details=(
                (_("--reason must not be empty"), _('say why, e.g. --reason "a test record"')),
            ),
        )
    workspace = Workspace(plans_dir, use_cache=False)
    plan = workspace.plan(request.plan)
    activity = find_activity(plan, request.activity)
    today = now.date()
    records = workspace.load_records(plan.plan.id).records
    wanted = request.record.strip().removesuffix(".toml")
    target = next((s for s in records if s.id == wanted), None)
    if target is None:
        own = [s.id for s in newest_first(records) if s.record.activity == activity.id]
        raise NotFoundError(
            _('plan "{plan}" has no record "{record}"').format(
                plan=plan.plan.id, record=shorten(wanted)
            ),
            # TRANSLATORS: {hint} is 'did you mean "X"?' or the records there are
            hint=_("{hint} (workplan history {plan} {activity} lists them)").format(
                hint=suggest(wanted, own, _("records of {activity}").format(activity=activity.id)),
                plan=plan.plan.id,
                activity=activity.id,
            ),
        )
    refusal = _cannot_withdraw(target, activity, records)
    if refusal is not None:
        raise RecordRefusedError(_("nothing was written"), details=(refusal,))
    typed.check_text("--reason", request.reason)
    typed.check_text("--by", request.reported_by)
    data: dict[str, Any] = {
        "format": 1,
        "plan": plan.plan.id,
        "activity": activity.id,
        "as_of": today,
        "withdraws": target.id,
        "note": request.reason.strip() or None,
        "reported_by": _reporter(request.reported_by, plan),
        "recorded_at": now.astimezone(dt.UTC),
    }
    data = {key: value for key, value in data.items() if value is not None}
    options = {**_OPTIONS, "note": "--reason"}
    record, findings = check_new_record(data, workspace.context(plan.plan.id, today), options)
    if record is None:
        raise RecordRefusedError(
            _("nothing was written"), details=tuple((f.message, f.hint) for f in findings)
        )
    return _written(workspace, plan, activity, record, today, None, withdrawn=target)


def _cannot_withdraw(
    target: StoredRecord, activity: Activity, records: Sequence[StoredRecord]
) -> tuple[str, str | None] | None:
    """Why ``target`` cannot be withdrawn from ``activity``, if it cannot: (message, hint)."""
    if target.record.activity != activity.id:
        return (
            _('record "{record}" is about activity "{other}", not "{activity}"').format(
                record=target.id, other=target.record.activity, activity=activity.id
            ),
            f"workplan withdraw {target.record.plan} {target.record.activity} {target.id} "
            '--reason "..."',
        )
    if target.record.withdraws is not None:
        return (
            _('record "{record}" is itself a withdrawal (of "{withdrawn}")').format(
                record=target.id, withdrawn=target.record.withdraws
            ),
            _("a withdrawal cannot be taken back; record the right values again instead"),
        )
    earlier = withdrawals(records).get((activity.id, target.id))
    if earlier is not None:
        return (
            _('record "{record}" was withdrawn already, as of {day}: {reason}').format(
                record=target.id,
                day=earlier.record.as_of,
                reason=shorten(earlier.record.note or ""),
            ),
            _("the withdrawal is {file}; nothing more is needed").format(file=earlier.path.name),
        )
    return None


def _written(
    workspace: Workspace,
    plan: PlanFile,
    activity: Activity,
    record: ProgressRecord,
    today: dt.date,
    meeting: Meeting | None,
    withdrawn: StoredRecord | None = None,
) -> RecordResult:
    stored = write_record(workspace.folder, record)
    loaded = workspace.load_records(plan.plan.id)
    state = states_as_of(plan, loaded.records, today)[activity.id]
    return RecordResult(
        stored, activity, state, len(loaded.problems), meeting=meeting, withdrawn=withdrawn
    )


_LISTABLE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}")  # as models.RecordId

# What makes a record the same report as the one that counts for its activity and day
# (SPEC §4.1's list, and the meeting and provenance, which a record also says).
_COMPARED: Final = (
    "status", "percent", "note", "evidence", "indicators", "reported_by", "meeting", "provenance",
)  # fmt: skip


def same_values(stored: ProgressRecord, new: ProgressRecord) -> bool:
    """True when ``new`` says what ``stored`` says (SPEC §4.1): writing it would add nothing."""
    return _same_values(stored, new)


def _same_values(stored: ProgressRecord, new: ProgressRecord) -> bool:
    return all(getattr(stored, key) == getattr(new, key) for key in _COMPARED)


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
    every = workspace.records(plan.plan.id, _("the history would be incomplete"))
    records = [
        r
        for r in every
        if (activity is None or r.record.activity == activity.id)
        and (start is None or r.record.as_of >= start)
    ]
    return History(
        plan, activity, start, tuple(newest_first(records)), withdrawals(every), same_day(every)
    )


def reporter_code(text: str, plan: PlanFile, given_as: str) -> tuple[str | None, Finding | None]:
    """The code a reporter is given as: a code known to the plan (SPEC §4.1), in capitals;
    else what is wrong ("Thailand": did you mean TH?). ``given_as`` names where it was given,
    e.g. "--by"."""
    if not text.strip():
        return None, Finding(
            ("reported_by",), "WP103", _("{option} must not be empty").format(option=given_as)
        )
    code = text.strip().upper()
    if code in plan.names:
        return code, None
    hint = code_hint(text, list(plan.names), plan.names)
    if hint == codes_allowed(list(plan.names)):
        # TRANSLATORS: {hint} is "codes allowed here: TH VN ..."
        hint = _(
            "{hint}; an office or organisation that reports is declared once in the plan "
            'as [[bodies]] id = "...", name = "..."'
        ).format(hint=hint)
    message = _('{option} "{text}" is not a code plan "{plan}" knows').format(
        option=given_as, text=shorten(text), plan=plan.plan.id
    )
    return None, Finding(("reported_by",), "WP108", message, hint)


def _reporter(text: str | None, plan: PlanFile) -> str | None:
    """The code ``--by`` names.

    Raises:
        RecordRefusedError: it is empty, or no code the plan knows.
    """
    if text is None:
        return None
    code, wrong = reporter_code(text, plan, "--by")
    if wrong is not None:
        raise RecordRefusedError(_("nothing was written"), details=((wrong.message, wrong.hint),))
    return code


def _record_data(
    request: RecordRequest, plan: PlanFile, activity: Activity, recorded_at: dt.datetime
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
            _("--restricted marks evidence, but no --evidence was given"),
            hint=_(
                'add --evidence URL (or "TITLE=URL") for the document that must not be published'
            ),
        )
    percent = typed.percent(request.percent) if request.percent is not None else None
    as_of = typed.parse_date(request.as_of, "--as-of") if request.as_of is not None else None
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
