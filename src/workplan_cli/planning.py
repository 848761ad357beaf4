"""Pure domain logic over plans and records: the state of each activity as of a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from workplan_cli.models import PlanFile, RecordStatus, StoredRecord


@dataclass(frozen=True)
class ActivityState:
    """Where an activity stands as of a date, and the record that says so (None: no record)."""

    activity: str
    status: RecordStatus
    percent: int | None
    record: StoredRecord | None


def _order(stored: StoredRecord) -> tuple[dt.date, dt.datetime, str]:
    """Later as_of first counts; on the same day, the later recorded; then the file name."""
    return stored.record.as_of, stored.record.recorded_at, stored.id


def newest_first(records: Iterable[StoredRecord]) -> list[StoredRecord]:
    """Records in the order `history` shows them: the one that counts most comes first."""
    return sorted(records, key=_order, reverse=True)


def states_as_of(
    plan: PlanFile, records: Iterable[StoredRecord], day: dt.date
) -> dict[str, ActivityState]:
    """The state of every activity of ``plan`` as of ``day`` (SPEC §4).

    It is the latest record with ``as_of <= day``; on a tie, the later ``recorded_at``
    (then the file name, so the answer never depends on the order files are read).
    An activity with no such record is planned.
    """
    latest: dict[str, StoredRecord] = {}
    for stored in records:
        record = stored.record
        if record.plan != plan.plan.id or record.as_of > day:
            continue
        current = latest.get(record.activity)
        if current is None or _order(stored) > _order(current):
            latest[record.activity] = stored
    states = {}
    for activity in plan.activities():
        found = latest.get(activity.id)
        if found is None:
            states[activity.id] = ActivityState(activity.id, "planned", None, None)
        else:
            rec = found.record
            states[activity.id] = ActivityState(
                activity.id, rec.status, rec.effective_percent, found
            )
    return states
