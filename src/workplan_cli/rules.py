"""Cross-field rules of a plan that no schema can say: unique ids, dates in period, sources.

The rules read the parsed TOML, not the model, so that they run even when some
other part of the file breaks the schema: `validate` reports every problem at
once. A value of the wrong type is the schema's to report; the rules skip it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from workplan_cli.positions import Path

Item = tuple[Path, dict[str, Any]]  # a table inside the document, with its path


@dataclass(frozen=True)
class Finding:
    """A problem at a path in the document, before it has a line and column."""

    loc: Path
    code: str
    message: str
    hint: str | None = None
    at_key: bool = False
    first: Path | None = None  # for duplicates: where the first one is


def check_plan(data: dict[str, Any], stem: str) -> list[Finding]:
    """Every cross-field problem of the plan ``data`` read from ``stem``.toml."""
    plan = _table(data.get("plan"))
    areas = list(_items(data, "areas"))
    activities = [item for loc, area in areas for item in _items(area, "activities", loc)]
    return [
        *_check_header(data, plan, stem),
        *_unique(_ids(_items(data, "meetings")), "meeting", "the plan"),
        *_unique(_ids(areas), "area", "the plan"),
        *_unique(_ids(activities), "activity", "the plan"),
        *_check_activities(plan, activities),
    ]


def _check_header(data: dict[str, Any], plan: dict[str, Any], stem: str) -> Iterator[Finding]:
    plan_id = plan.get("id")
    if isinstance(plan_id, str) and plan_id != stem:
        yield Finding(
            ("plan", "id"),
            "WP107",
            f'the plan id "{plan_id}" does not match the file name "{stem}.toml"',
            f'rename the file to "{plan_id}.toml" or set id = "{stem}"',
        )
    start, end = _date(plan, "start"), _date(plan, "end")
    if start and end and start > end:
        yield Finding(("plan", "start"), "WP105", f"the plan starts {start}, after it ends ({end})")
    rag = _table(data.get("rag"))
    amber, red = rag.get("amber", 15), rag.get("red", 35)
    if _is_int(amber) and _is_int(red) and amber > red:
        yield Finding(
            ("rag", "amber"),
            "WP103",
            f"the amber threshold ({amber}) is above the red one ({red})",
            "amber is the smaller gap: for example amber = 15 and red = 35",
        )
    for loc, coordinator in _items(plan, "coordinators", ("plan",)):
        what = _label("coordinator", coordinator, "country", loc)
        begins, until = _date(coordinator, "from"), _date(coordinator, "until")
        if begins and until and begins > until:
            yield Finding((*loc, "from"), "WP105", f"{what} starts {begins}, after {until}")
        elif start and end and start <= end:
            if begins and begins > end:
                yield Finding(
                    (*loc, "from"), "WP104", f"{what} starts {begins}, after the plan ends ({end})"
                )
            if until and until < start:
                yield Finding(
                    (*loc, "until"),
                    "WP104",
                    f"{what} ends {until}, before the plan starts ({start})",
                )


def _check_activities(plan: dict[str, Any], activities: list[Item]) -> Iterator[Finding]:
    plan_start, plan_end = _date(plan, "start"), _date(plan, "end")
    period_known = plan_start and plan_end and plan_start <= plan_end
    for loc, act in activities:
        what = _label("activity", act, "id", loc)
        start, end = _date(act, "start"), _date(act, "end")
        if start and end and start > end:
            yield Finding((*loc, "start"), "WP105", f"{what} starts {start}, after it ends ({end})")
        if period_known and plan_start and plan_end:
            for key, verb, day in (("start", "starts", start), ("end", "ends", end)):
                if day and day < plan_start:
                    yield Finding(
                        (*loc, key),
                        "WP104",
                        f"{what} {verb} {day}, before the plan starts ({plan_start})",
                    )
                elif day and day > plan_end:
                    yield Finding(
                        (*loc, key),
                        "WP104",
                        f"{what} {verb} {day}, after the plan ends ({plan_end})",
                    )
        if act.get("provenance", "sourced") == "sourced" and act.get("sources", []) == []:
            yield Finding(
                loc,
                "WP109",
                f"{what} has no sources",
                'add sources = [{ title = "...", url = "https://..." }], '
                'or mark it provenance = "illustrative" if it is not from the public record',
                at_key=True,
            )
        yield from _unique(_ids(_items(act, "indicators", loc)), "indicator", what)


def _unique(items: Iterable[tuple[Path, str]], kind: str, scope: str) -> Iterator[Finding]:
    seen: dict[str, Path] = {}
    for loc, item_id in items:
        if item_id in seen:
            yield Finding(
                loc,
                "WP106",
                f'{kind} id "{item_id}" is used twice in {scope}',
                "give each one its own id",
                first=seen[item_id],
            )
        else:
            seen[item_id] = loc


# --- reading the parsed TOML without trusting its shape --------------------------------------


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(
    table: dict[str, Any], key: str, loc: Path = ()
) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The tables in the array ``key`` of ``table`` (which stands at ``loc``), with their paths."""
    value = table.get(key)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield (*loc, key, index), item


def _ids(items: Iterable[Item]) -> Iterator[tuple[Path, str]]:
    for loc, item in items:
        item_id = item.get("id")
        if isinstance(item_id, str):
            yield (*loc, "id"), item_id


def _label(kind: str, table: dict[str, Any], key: str, loc: Path) -> str:
    """'activity "CT.1"', 'coordinator VN', or by number when the schema finds the id bad."""
    value = table.get(key)
    if not isinstance(value, str):
        return f"{kind} {int(loc[-1]) + 1}"
    return f'{kind} "{value}"' if key == "id" else f"{kind} {value}"


def _date(table: dict[str, Any], key: str) -> dt.date | None:
    value = table.get(key)
    is_day = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    return value if is_day else None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
