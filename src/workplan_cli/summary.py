"""The consultation progress summary of a plan: the work behind `workplan summary`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import unquote

from workplan_cli.errors import NotFoundError, UsageError
from workplan_cli.i18n import N_, _
from workplan_cli.models import (
    Activity,
    Area,
    Evidence,
    Group,
    Indicator,
    Meeting,
    PlanFile,
    StoredRecord,
)
from workplan_cli.planning import (
    ActivityFigures,
    Counts,
    Filters,
    PlanStanding,
    RateChange,
    SameDay,
    in_force,
    indicator_share,
    indicator_value,
    oldest_first,
    rate_change,
    same_day,
    standing_of,
)
from workplan_cli.text import shorten
from workplan_cli.typed import parse_date
from workplan_cli.vocabulary import DONE_WITH, suggest
from workplan_cli.workspace import Workspace


def year_after(day: dt.date) -> dt.date:
    """The same day a year later ("the next twelve months"); 29 February becomes 28; in the
    calendar's last year, its last day."""
    if day.year == dt.date.max.year:
        return dt.date.max
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


@dataclass(frozen=True)
class SummaryRequest:
    """What `workplan summary` was asked for, as typed."""

    plan: str
    meeting: str | None = None
    since: str | None = None  # YYYY-MM-DD
    as_of: str | None = None  # YYYY-MM-DD; default: the meeting's day, else today
    public: bool = False


@dataclass(frozen=True)
class AreaRates:
    """A row of the rates table: an area (None: all areas) or a group of it, its counts, and
    the change of its rates over the period (none when the summary has no start)."""

    area: Area | None
    counts: Counts
    change: RateChange
    group: Group | None = None  # the row is of this group of ``area``


@dataclass(frozen=True)
class Completed:
    """An activity completed in the period, with the evidence that may be shown."""

    figures: ActivityFigures
    evidence: tuple[Evidence, ...]
    record: StoredRecord | None = None  # the record that completed it


@dataclass(frozen=True)
class Change:
    """A record reported in the period, with the evidence that may be shown."""

    stored: StoredRecord
    activity: Activity
    evidence: tuple[Evidence, ...]
    same_day: SameDay | None = None  # corrected by a later record, or one of differing reports

    @property
    def replaced(self) -> bool:
        """A later record of the same day by the same reporter (or with none) corrects it."""
        return self.same_day is not None and self.same_day.replaced


@dataclass(frozen=True)
class Upcoming:
    """An activity that starts or ends in the twelve months after the day."""

    activity: Activity
    event: str  # "starts" or "ends" (UPCOMING_EVENTS): English; translated where shown
    day: dt.date


@dataclass(frozen=True)
class IndicatorProgress:
    """An indicator's value as of the day, against its baseline and target."""

    activity: Activity
    indicator: Indicator
    value: float | None  # None: nothing reported yet
    reported: dt.date | None

    @property
    def share(self) -> float | None:
        """Percent of the way from baseline to target; None when not reported or no span."""
        return None if self.value is None else indicator_share(self.indicator, self.value)


@dataclass(frozen=True)
class TrendPoint:
    """The plan's rates on a day: at one of its meetings, or on the summary's day."""

    day: dt.date
    counts: Counts
    meeting: Meeting | None  # None: the summary's day, which is no meeting of the plan


@dataclass(frozen=True)
class Summary:
    """Everything a consultation progress summary says, as of a day."""

    plan: PlanFile
    day: dt.date
    today: dt.date  # a day after it is a projection of the latest records
    since: dt.date | None  # the period is (since, day]; None: since the plan began
    meeting: Meeting | None  # the meeting the summary is for
    previous: Meeting | None  # the meeting it compares with
    now: PlanStanding
    rates: tuple[AreaRates, ...]  # area by area, then all areas
    completed: tuple[Completed, ...]
    changes: tuple[Change, ...]  # oldest first
    late: tuple[ActivityFigures, ...]  # overdue or red
    upcoming: tuple[Upcoming, ...]
    upcoming_until: dt.date  # the end of the twelve months ``upcoming`` looks at
    indicators: tuple[IndicatorProgress, ...]
    trend: tuple[TrendPoint, ...]  # each meeting of the plan up to the day, then the day
    public: bool
    withheld: int  # restricted evidence left out (public summaries)
    redacted: int  # notes that quoted a restricted address, taken out (public summaries)
    illustrative: bool  # the plan holds illustrative activities or records


def make_summary(plans_dir: Path, request: SummaryRequest, today: dt.date) -> Summary:
    """The summary of a plan for a meeting, or for a period.

    Raises:
        NotFoundError: no such plan or meeting.
        BrokenFilesError: the plan or one of its records has problems.
        UsageError: dates that cannot be read, or that contradict each other.
    """
    workspace = Workspace(plans_dir)
    plan = workspace.plan(request.plan)
    records = workspace.records(plan.plan.id, _("the summary would be wrong"))
    # restricted addresses, as compared: a public summary publishes none of them anywhere
    secret = _restricted(records) if request.public else set()
    records, redacted = _without_restricted_addresses(records, secret)
    meeting, previous, day, since = _period(plan, request, today)
    now = standing_of(plan, records, day, Filters())
    then = standing_of(plan, records, since, Filters()) if since is not None else None
    in_period = oldest_first(
        r
        for r in in_force(records)
        if r.record.as_of <= day and (since is None or r.record.as_of > since)
    )
    withheld: set[tuple[str, str]] = set()

    def shown(stored: StoredRecord) -> tuple[Evidence, ...]:
        kept = tuple(
            e
            for e in stored.record.evidence
            if not (request.public and (e.restricted or _secret(e.url, secret)))
        )
        withheld.update((stored.id, e.url) for e in stored.record.evidence if e not in kept)
        return kept

    before = {f.activity.id: f for f in (then.activities if then else ())}
    completed = tuple(
        Completed(f, shown(done) if done else (), done)
        for f in now.activities
        if _newly_done(f, before.get(f.activity.id))
        for done in [_completing(f, in_period)]
    )
    activities = {a.id: a for a in plan.activities()}  # every record's activity is there
    notes = same_day(records)
    changes = tuple(
        Change(r, activities[r.record.activity], shown(r), notes.get(r.id)) for r in in_period
    )
    illustrative = now.illustrative or any(r.record.provenance == "illustrative" for r in records)
    until = year_after(day)
    return Summary(
        plan=plan,
        day=day,
        today=today,
        since=since,
        meeting=meeting,
        previous=previous,
        now=now,
        rates=_rates(now, then),
        completed=completed,
        changes=changes,
        late=tuple(f for f in now.activities if f.overdue or f.rag == "red"),
        upcoming=_upcoming(now, until),
        upcoming_until=until,
        indicators=tuple(
            IndicatorProgress(a, i, *indicator_value(a, i, records, day))
            for a in plan.activities()
            for i in a.indicators
        ),
        trend=_trend(plan, records, now, meeting),
        public=request.public,
        withheld=len(withheld),
        redacted=redacted,
        illustrative=illustrative,
    )


def _trend(
    plan: PlanFile,
    records: tuple[StoredRecord, ...],
    now: PlanStanding,
    meeting: Meeting | None,
) -> tuple[TrendPoint, ...]:
    """The rates at each meeting of the plan held by the day, oldest first, and on the day
    (once, when the day is a meeting's: the summary's meeting, else the last held that day)."""
    day = now.day
    held = sorted((m for m in plan.meetings if m.date <= day), key=lambda m: (m.date, m.id))
    on_the_day = meeting or next((m for m in reversed(held) if m.date == day), None)
    points = [
        TrendPoint(m.date, standing_of(plan, records, m.date, Filters()).counts, m)
        for m in held
        if m.date < day
    ]
    return (*points, TrendPoint(day, now.counts, on_the_day))


def _period(
    plan: PlanFile, request: SummaryRequest, today: dt.date
) -> tuple[Meeting | None, Meeting | None, dt.date, dt.date | None]:
    """The meeting, the meeting compared with, the day and the start of the period."""
    meetings = sorted(plan.meetings, key=lambda m: (m.date, m.id))
    meeting = None
    if request.meeting is not None:
        if request.as_of is not None or request.since is not None:
            raise UsageError(
                _("--meeting sets both days; give it alone, or --since and --as-of instead"),
                hint=_("e.g. workplan summary PLAN --meeting ammtc-japan-10"),
            )
        meeting = next((m for m in meetings if m.id == request.meeting), None)
        if meeting is None:
            raise NotFoundError(
                _('plan "{plan}" has no meeting "{meeting}"').format(
                    plan=plan.plan.id, meeting=shorten(request.meeting)
                ),
                hint=suggest(request.meeting, [m.id for m in meetings], _("meetings")),
            )
        day = meeting.date
    else:
        day = parse_date(request.as_of, "--as-of") if request.as_of is not None else today
    earlier = [m for m in meetings if m.date < day and m is not meeting]
    previous = earlier[-1] if earlier and request.since is None else None
    if request.since is not None:
        since: dt.date | None = parse_date(request.since, "--since")
        if since is not None and since > day:
            raise UsageError(
                _("--since {since} is after --as-of {day}").format(since=since, day=day),
                hint=_("the period runs from --since to --as-of; give the earlier day first"),
            )
    else:
        since = previous.date if previous is not None else None
    return meeting, previous, day, since


# Put in place of a restricted address in a public summary's text; kept in English: it is
# part of the records' text, which JSON shows as it is.
RESTRICTED: Final = "[restricted]"
# What an upcoming activity does (Upcoming.event), as JSON says it; translated where shown.
UPCOMING_EVENTS: Final = (N_("starts"), N_("ends"))


_ADDRESS: Final = re.compile(  # an address in text, without the punctuation after it
    r"[a-z][a-z0-9+.-]*://[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]", re.IGNORECASE
)
_UNSEEN: Final = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")  # zero-width, soft hyphen


def address_key(url: str) -> str:
    """An address as it is compared for --public: scheme and host in lower case, any
    percent-encoding and invisible character undone, no trailing "/", http = https."""
    plain = unquote(_UNSEEN.sub("", url)).rstrip("/.,;:!?")
    scheme, _, rest = plain.partition("://")
    host, slash, path = rest.partition("/")
    scheme = "https" if scheme.lower() in ("http", "https") else scheme.lower()
    return f"{scheme}://{host.lower()}{slash}{path}".rstrip("/")


def _restricted(records: tuple[StoredRecord, ...]) -> set[str]:
    """The restricted evidence addresses of the records, as ``address_key`` compares them."""
    return {address_key(e.url) for r in records for e in r.record.evidence if e.restricted}


def _without_restricted_addresses(
    records: tuple[StoredRecord, ...], secret: set[str]
) -> tuple[tuple[StoredRecord, ...], int]:
    """The records with every restricted evidence address of the plan taken out of what
    they say (notes, who reported, the titles of other evidence, however the address is
    spelt), and evidence that points to one dropped even where it is not marked restricted;
    and how many records said one. A public summary must not publish in passing what it
    withholds as evidence."""
    if not secret:
        return records, 0

    def quoted(text: str) -> bool:
        return any(_secret(m.group(), secret) for m in _ADDRESS.finditer(_UNSEEN.sub("", text)))

    def cleaned(text: str) -> str:
        text = _UNSEEN.sub("", text)
        return _ADDRESS.sub(lambda m: RESTRICTED if _secret(m.group(), secret) else m.group(), text)

    kept, redacted = [], 0
    for stored in records:
        record = stored.record
        texts = [record.note or "", record.reported_by or "", *(e.title for e in record.evidence)]
        if not any(map(quoted, texts)):
            kept.append(stored)
            continue
        evidence = [
            e.model_copy(update={"title": cleaned(e.title)})
            for e in record.evidence
            if e.restricted or not _secret(e.url, secret)
        ]
        update: dict[str, object] = {"evidence": evidence}
        if record.note:
            update["note"] = cleaned(record.note)
        if record.reported_by:
            update["reported_by"] = cleaned(record.reported_by)
        kept.append(StoredRecord(stored.id, stored.file, record.model_copy(update=update)))
        redacted += 1
    return tuple(kept), redacted


def _secret(url: str, secret: set[str]) -> bool:
    """True when ``url`` is a restricted address, or lies below one."""
    key = address_key(url)
    return any(key == s or key.startswith(s + "/") or key.startswith(s + "?") for s in secret)


def _rates(now: PlanStanding, then: PlanStanding | None) -> tuple[AreaRates, ...]:
    """The rates of each area and of all areas, with their change since ``then``."""
    before = {a.area.id: a.counts for a in then.areas} if then else {}
    groups_before = {g.group.id: g.counts for a in then.areas for g in a.groups} if then else {}
    rows = []
    for a in now.areas:
        rows.append(AreaRates(a.area, a.counts, rate_change(a.counts, before.get(a.area.id))))
        rows.extend(
            AreaRates(
                a.area, g.counts, rate_change(g.counts, groups_before.get(g.group.id)), g.group
            )
            for g in a.groups
        )
    rows.append(AreaRates(None, now.counts, rate_change(now.counts, then.counts if then else None)))
    return tuple(rows)


def _newly_done(now: ActivityFigures, then: ActivityFigures | None) -> bool:
    """Completed in the period: for a yearly activity, one more year done than before."""
    if now.occurrences is not None:
        done_then = then.occurrences.completed if then and then.occurrences else 0
        return now.occurrences.completed > done_then
    return now.state.status == "completed" and (then is None or then.state.status != "completed")


def _completing(item: ActivityFigures, in_period: list[StoredRecord]) -> StoredRecord | None:
    """The record that completed the activity: the one that counts, or for a yearly activity
    whose current year is not done, the latest completed record of the period."""
    if item.state.status == "completed":
        return item.state.record
    return next(
        (
            r
            for r in reversed(in_period)
            if r.record.activity == item.activity.id and r.record.status == "completed"
        ),
        None,
    )


def _upcoming(now: PlanStanding, until: dt.date) -> tuple[Upcoming, ...]:
    """Starts and ends up to ``until``, after the day, of activities not done with."""
    found = [
        Upcoming(item.activity, event, when)
        for item in now.activities
        if item.state.status not in DONE_WITH
        for event, when in zip(UPCOMING_EVENTS, item.window, strict=True)
        if now.day < when <= until
    ]
    return tuple(sorted(found, key=lambda u: (u.day, u.activity.id, u.event)))
