"""Parsed TOML to models: schema and rules in one pass, each finding at its line and column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

import tomli
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from workplan_cli.errors import Problem
from workplan_cli.i18n import _, number_text
from workplan_cli.models import PlanFile, ProgressRecord
from workplan_cli.paths import display_path, shown_name
from workplan_cli.positions import PositionMap
from workplan_cli.reading import parse, read_small
from workplan_cli.rules import Finding, RecordContext, check_plan, check_record
from workplan_cli.syntax import first_at
from workplan_cli.translate import translate_errors


@dataclass(frozen=True)
class LoadedPlan:
    """A plan file read and checked: the model when it is valid, and every problem."""

    path: Path
    plan: PlanFile | None
    problems: tuple[Problem, ...]
    digest: str | None = None  # the SHA-256 of the text the plan was read from, when valid


def latest_allowed_day() -> dt.date:
    """The latest as_of a stored record may have: today in the time zone furthest ahead."""
    return dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)


def latest_allowed_time() -> dt.datetime:
    """The latest recorded_at a record may have: now, and a day for clocks a little fast."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(days=1)


def load_plan(path: Path) -> LoadedPlan:
    """Read, parse and check one plan file; never raises for a problem in the file."""
    parsed = parse(path)
    if isinstance(parsed, Problem):
        return LoadedPlan(path, None, (parsed,))
    return plan_from(path, *parsed)


def plan_from(path: Path, text: str, data: dict[str, Any]) -> LoadedPlan:
    """The plan file ``path``, already parsed into ``text`` and ``data``, checked."""
    plan, findings = _validated(PlanFile, data, _("the top level of the file"))
    findings += check_plan(data, shown_name(path.stem))
    if not findings:
        return LoadedPlan(path, plan, ())
    return LoadedPlan(path, None, _placed(path, text, findings))


def record_from(
    path: Path, text: str, data: dict[str, Any], context: RecordContext
) -> tuple[ProgressRecord | None, tuple[Problem, ...]]:
    """The stored record ``path``, already parsed, checked against its plan and its place."""
    record, findings = _validated(ProgressRecord, data, _("the record"))
    findings += check_record(data, context)
    if not findings:
        return record, ()
    return None, _placed(path, text, findings)


def valid_record(path: str, size: int, context: RecordContext) -> ProgressRecord | None:
    """The record in the file ``path`` (of ``size`` bytes) when ``record_from`` would find
    nothing wrong with it, by the same parser, model and rules; None for anything else, and
    the caller then checks the file the usual way, which words the problem. No Path objects
    and no positions: this runs for every record of a large directory."""
    text = read_small(path, size)
    try:
        data = tomli.loads(text) if text is not None else None
    except (ValueError, RecursionError):  # TOMLDecodeError is a ValueError
        return None
    if data is None or context.filed_under is None or data.get("plan") != context.filed_under[0]:
        return None
    try:
        record = ProgressRecord.model_validate(data)
    except ValidationError:
        return None
    return None if check_record(data, context) else record


def check_new_record(
    data: dict[str, Any], context: RecordContext, names: Mapping[str, str]
) -> tuple[ProgressRecord | None, list[Finding]]:
    """A record about to be written, checked as `validate` will check it once it is stored;
    ``names`` are how its keys were given (e.g. "--percent"), for the messages."""
    record, findings = _validated(ProgressRecord, data, _("the record"), names)
    findings += check_record(data, context)
    return (record if not findings else None), findings


M = TypeVar("M", bound=BaseModel)
MAX_PROBLEMS: Final = 100  # worded per file; more are counted


def _validated(
    model: type[M], data: dict[str, Any], top: str, names: Mapping[str, str] | None = None
) -> tuple[M | None, list[Finding]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = [e for e in exc.errors(include_url=False) if not _said_better(model, e)]
        shown = translate_errors(errors[:MAX_PROBLEMS], data, model, top, names or {})
        if len(errors) > MAX_PROBLEMS:  # a million unknown keys: minutes and gigabytes to word
            rest = translate_errors(errors[MAX_PROBLEMS:][:1], data, model, top, names or {})
            shown.append(
                Finding(
                    rest[0].loc if rest else (),
                    rest[0].code if rest else "WP102",
                    _("... and {count} more problems like these in this file").format(
                        count=number_text(f"{len(errors) - MAX_PROBLEMS:,}")
                    ),
                    _("fix the first {count}, then validate again").format(count=MAX_PROBLEMS),
                    at_key=rest[0].at_key if rest else False,
                )
            )
        return None, shown


_REFERENCES: Final = frozenset({("plan",), ("activity",), ("meeting",)})


def _said_better(model: type[BaseModel], error: ErrorDetails) -> bool:
    """An id in a record that is malformed is also unknown, and so is a code of a lead or
    partner that is no code (a body's name): the rules say so, with a suggestion."""
    loc = tuple(error["loc"])
    if model is not ProgressRecord:
        code = loc[:1] == ("areas",) and len(loc) == 6 and loc[4] in ("lead", "partners")
        return code and error["type"] in ("string_pattern_mismatch", "string_too_long")
    malformed = error["type"] == "string_pattern_mismatch" and loc in _REFERENCES
    return malformed or (loc[:1] == ("indicators",) and loc[-1] == "[key]")


def _placed(path: Path, text: str, findings: list[Finding]) -> tuple[Problem, ...]:
    """The findings with line and column: the text is scanned only when there are some."""
    shown = display_path(path)
    positions = PositionMap(text)
    return tuple(sorted(_place(shown, f, positions) for f in findings))


def _place(shown: str, finding: Finding, positions: PositionMap) -> Problem:
    line, col = positions.find(finding.loc, at_key=finding.at_key)
    hint = finding.hint
    if finding.first is not None:
        first_line, _col = positions.find(finding.first)
        hint = first_at(first_line, hint) if hint else None
    return Problem(shown, line, col, finding.code, finding.message, hint)
