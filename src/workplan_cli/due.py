"""Before a consultation, who owes an update (SPEC §7.2): the work behind `workplan due`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from workplan_cli.errors import NotFoundError, UsageError
from workplan_cli.i18n import N_, _
from workplan_cli.models import Activity, Meeting, PlanFile
from workplan_cli.planning import Filters, latest_by, standing_of
from workplan_cli.standing import checked_filters
from workplan_cli.text import shorten
from workplan_cli.typed import parse_date
from workplan_cli.vocabulary import DONE_WITH, suggest
from workplan_cli.workspace import Workspace

# The lead of activities with no lead, and the reasons an update is owed: kept in English
# (JSON and CSV show them so); marked for the catalogue, translated where people read them.
NOT_ASSIGNED = N_("(not assigned)")
NO_UPDATE_SINCE = N_("no update since")  # the previous meeting
NO_UPDATE_YET = N_("no update yet")
OVERDUE_SINCE = N_("overdue since")  # the day the activity was due to end
# an activity that starts or ends before the day: still to come as of today, or past
EVENTS = {
    "starts": (N_("starts"), N_("started")),
    "ends": (N_("ends"), N_("ended")),
}


@dataclass(frozen=True)
class Owed:
    """An activity whose lead owes an update, and why, in order."""

    activity: Activity
    reasons: tuple[tuple[str, dt.date | Meeting | None], ...]  # (what, the day or meeting)


@dataclass(frozen=True)
class LeadOwes:
    """What one lead (a country or body) owes."""

    code: str  # NOT_ASSIGNED for activities with no lead
    name: str
    items: tuple[Owed, ...]


@dataclass(frozen=True)
class Due:
    """Who owes an update before a day: the meeting's, or --before's."""

    plan: PlanFile
    day: dt.date
    today: dt.date
    meeting: Meeting | None  # the meeting the list is for
    previous: Meeting | None  # the meeting before it: updates since then count
    leads: tuple[LeadOwes, ...]


def due(
    plans_dir: Path,
    plan_id: str,
    meeting_id: str | None,
    before: str | None,
    lead: str | None,
    today: dt.date,
) -> Due:
    """Each activity not done with that has no record since the previous meeting, is overdue,
    or starts or ends in the period up to the meeting, grouped by its leads.

    Raises:
        NotFoundError: no such plan, meeting or lead code.
        UsageError: --meeting and --before together, or --before is not a date.
        BrokenFilesError: the plan or its records have problems.
    """
    workspace = Workspace(plans_dir)
    plan = workspace.plan(plan_id)
    records = workspace.records(plan.plan.id, _("the list would be wrong"))
    meeting, day = _day(plan, meeting_id, before, today)
    filters = checked_filters(Filters(lead=lead), [plan])
    meetings = sorted(plan.meetings, key=lambda m: (m.date, m.id))
    previous = next((m for m in reversed(meetings) if m.date < day and m is not meeting), None)
    since = previous.date if previous else plan.plan.start
    standing = standing_of(plan, records, day, filters)
    latest = latest_by((r for r in records if r.record.as_of <= day), lambda r: r.record.activity)
    owed: dict[str, list[Owed]] = {}
    for item in standing.activities:
        if item.state.status in DONE_WITH:
            continue
        reasons: list[tuple[str, dt.date | Meeting | None]] = []
        start, end = item.window
        last = latest.get(item.activity.id)
        begun = start <= day  # an activity still to start owes no update
        if begun and (last is None or last.record.as_of <= since):
            reasons.append((NO_UPDATE_SINCE, previous) if previous else (NO_UPDATE_YET, None))
        if item.overdue:
            reasons.append((OVERDUE_SINCE, end))
        for event, when in (("starts", start), ("ends", end)):
            if since < when <= day and not (event == "ends" and item.overdue):
                coming, past = EVENTS[event]
                reasons.append((coming if when > today else past, when))
        if reasons:
            for code in item.activity.lead or [NOT_ASSIGNED]:
                if lead is None or code == filters.lead:
                    owed.setdefault(code, []).append(Owed(item.activity, tuple(reasons)))
    leads = tuple(
        LeadOwes(code, plan.names.get(code, "") if code != NOT_ASSIGNED else "", tuple(items))
        for code, items in sorted(owed.items(), key=lambda kv: (kv[0] == NOT_ASSIGNED, kv[0]))
    )
    return Due(plan, day, today, meeting, previous, leads)


def _day(
    plan: PlanFile, meeting_id: str | None, before: str | None, today: dt.date
) -> tuple[Meeting | None, dt.date]:
    """The meeting and day the list is for: --meeting's, --before, else the plan's next
    meeting after today, else today."""
    if meeting_id is not None and before is not None:
        raise UsageError(
            _("--meeting sets the day; give it alone, or --before"),
            hint=_("e.g. workplan due PLAN --meeting ammtc-japan-10"),
        )
    if meeting_id is not None:
        meeting = next((m for m in plan.meetings if m.id == meeting_id), None)
        if meeting is None:
            raise NotFoundError(
                _('plan "{plan}" has no meeting "{meeting}"').format(
                    plan=plan.plan.id, meeting=shorten(meeting_id)
                ),
                hint=suggest(meeting_id, [m.id for m in plan.meetings], _("meetings")),
            )
        return meeting, meeting.date
    if before is not None:
        return None, parse_date(before, "--before")
    upcoming = sorted((m for m in plan.meetings if m.date > today), key=lambda m: m.date)
    return (upcoming[0], upcoming[0].date) if upcoming else (None, today)
