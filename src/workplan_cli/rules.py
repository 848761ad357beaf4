"""Cross-field rules of a plan that no schema can say: unique ids, dates in period, sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from workplan_cli.models import PlanFile
from workplan_cli.positions import Path


@dataclass(frozen=True)
class Finding:
    """A problem at a path in the document, before it has a line and column."""

    loc: Path
    code: str
    message: str
    hint: str | None = None
    at_key: bool = False
    first: Path | None = None  # for duplicates: where the first one is


def check_plan(doc: PlanFile, stem: str) -> list[Finding]:
    """Every cross-field problem of a plan whose file is named ``stem``.toml."""
    return [
        *_check_header(doc, stem),
        *_unique(
            ((("meetings", i, "id"), m.id) for i, m in enumerate(doc.meetings)),
            "meeting",
            "the plan",
        ),
        *_unique(
            ((("areas", i, "id"), a.id) for i, a in enumerate(doc.areas)),
            "area",
            "the plan",
        ),
        *_unique(
            (
                (("areas", i, "activities", j, "id"), act.id)
                for i, area in enumerate(doc.areas)
                for j, act in enumerate(area.activities)
            ),
            "activity",
            "the plan",
        ),
        *_check_activities(doc),
    ]


def _check_header(doc: PlanFile, stem: str) -> Iterator[Finding]:
    plan = doc.plan
    if plan.id != stem:
        yield Finding(
            ("plan", "id"),
            "WP107",
            f'the plan id "{plan.id}" does not match the file name "{stem}.toml"',
            f'rename the file to "{plan.id}.toml" or set id = "{stem}"',
        )
    if plan.start > plan.end:
        yield Finding(
            ("plan", "start"),
            "WP105",
            f"the plan starts {plan.start}, after it ends ({plan.end})",
        )
    if doc.rag.amber > doc.rag.red:
        yield Finding(
            ("rag", "amber"),
            "WP103",
            f"the amber threshold ({doc.rag.amber}) is above the red one ({doc.rag.red})",
            "amber is the smaller gap: for example amber = 15 and red = 35",
        )
    for i, coordinator in enumerate(plan.coordinators):
        loc = ("plan", "coordinators", i)
        what = f"coordinator {coordinator.country}"
        until = coordinator.until
        if until is not None and coordinator.from_ > until:
            yield Finding(
                (*loc, "from"), "WP105", f"{what} starts {coordinator.from_}, after {until}"
            )
        elif plan.start <= plan.end:
            if coordinator.from_ > plan.end:
                yield Finding(
                    (*loc, "from"),
                    "WP104",
                    f"{what} starts {coordinator.from_}, after the plan ends ({plan.end})",
                )
            if until is not None and until < plan.start:
                yield Finding(
                    (*loc, "until"),
                    "WP104",
                    f"{what} ends {until}, before the plan starts ({plan.start})",
                )


def _check_activities(doc: PlanFile) -> Iterator[Finding]:
    plan = doc.plan
    for i, area in enumerate(doc.areas):
        for j, act in enumerate(area.activities):
            loc = ("areas", i, "activities", j)
            what = f'activity "{act.id}"'
            if act.start > act.end:
                yield Finding(
                    (*loc, "start"),
                    "WP105",
                    f"{what} starts {act.start}, after it ends ({act.end})",
                )
            if plan.start <= plan.end:
                yield from _in_period(
                    (*loc, "start"), what, "starts", act.start, plan.start, plan.end
                )
                yield from _in_period((*loc, "end"), what, "ends", act.end, plan.start, plan.end)
            if act.provenance == "sourced" and not act.sources:
                yield Finding(
                    loc,
                    "WP109",
                    f"{what} has no sources",
                    'add sources = [{ title = "...", url = "https://..." }], '
                    'or mark it provenance = "illustrative" if it is not from the public record',
                    at_key=True,
                )
            yield from _unique(
                (((*loc, "indicators", k, "id"), ind.id) for k, ind in enumerate(act.indicators)),
                "indicator",
                what,
            )


def _in_period(
    loc: Path, what: str, verb: str, day: dt.date, start: dt.date, end: dt.date
) -> Iterator[Finding]:
    if day < start:
        yield Finding(loc, "WP104", f"{what} {verb} {day}, before the plan starts ({start})")
    elif day > end:
        yield Finding(loc, "WP104", f"{what} {verb} {day}, after the plan ends ({end})")


def _unique(items: Iterable[tuple[Path, str]], kind: str, scope: str) -> Iterator[Finding]:
    seen: dict[str, Path] = {}
    for loc, item_id in items:
        first = seen.setdefault(item_id, loc)
        if first is not loc:
            yield Finding(
                loc,
                "WP106",
                f'{kind} id "{item_id}" is used twice in {scope}',
                "give each one its own id",
                first=first,
            )
