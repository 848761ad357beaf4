"""Figures in words and numbers as every view writes them: rates, changes, values, marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Final

from workplan_cli.i18n import month, number_text, short_month
from workplan_cli.models import Area, Plan
from workplan_cli.planning import ActivityFigures, Counts, whole
from workplan_cli.vocabulary import CROSS_CUTTING, ILLUSTRATIVE_MARK, plural

FUTURE: Final = " (a future day: the latest records, projected)"  # after a day still to come


def rate(value: float | None, part: int, of: int) -> str:
    """'23% (5/22)': a rate as a whole percent with the counts behind it; '-' for none."""
    return "-" if value is None else f"{whole(value)}% ({part}/{of})"


def implementation(counts: Counts) -> str:
    """'23% (5/22)': the implementation rate with the counts behind it."""
    return rate(counts.implementation, counts.completed, counts.counted)


def engagement(counts: Counts) -> str:
    """'59% (13/22)': the engagement rate with the counts behind it."""
    return rate(counts.engagement, counts.engaged, counts.counted)


def points(value: int | None) -> str:
    """A change of a rate: '+3 pts', 'no change', or nothing when there is none to tell."""
    if value is None:
        return ""
    return "no change" if value == 0 else f"{value:+d} pts"


def number(value: float | None) -> str:
    """An indicator value: '1,234' or '12.5' ('1.234', '12,5' in Indonesian); '-' for none."""
    if value is None:
        return "-"
    return number_text(f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}")


def mark(provenance: str) -> str:
    """'*' for what is illustrative."""
    return ILLUSTRATIVE_MARK if provenance == "illustrative" else ""


def area_name(somtc_area: str) -> str:
    """'illicit_drug_trafficking' as 'illicit drug trafficking'."""
    if somtc_area == CROSS_CUTTING:
        return "cross-cutting (no crime type)"
    return somtc_area.replace("_", " ")


def somtc_names(area: Area) -> str:
    """The SOMTC areas an area covers, in words: 'terrorism, arms smuggling', 'cross-cutting'."""
    return ", ".join(map(area_name, area.somtc_areas)) or "cross-cutting"


def day_words(day: dt.date) -> str:
    """'31 December 2025'; '25 Juni 2025' in Indonesian."""
    return f"{day.day} {month(day)} {day.year}"


def short_day(day: dt.date) -> str:
    """'11 Sep 2025': a date in words for a tight table column."""
    return f"{day.day} {short_month(day)} {day.year}"


def names_words(codes: Sequence[str], names: Mapping[str, str]) -> str:
    """'Japan', 'China, Japan and Republic of Korea': codes by their names."""
    said = [names.get(code, code) for code in codes]
    return " and ".join([", ".join(said[:-1]), said[-1]] if len(said) > 1 else said)


def partners(plan: Plan) -> str:
    """'JP', 'CN JP KR', or 'ASEAN only' for a plan with no dialogue partner."""
    return " ".join(plan.partner_codes) or "ASEAN only"


def leads(codes: list[str], sep: str = " ") -> str:
    """The lead codes, or 'not assigned'."""
    return sep.join(codes) or "not assigned"


def window(item: ActivityFigures, sep: str = " to ", then: str = ", ") -> str:
    """'2024-01-01 to 2024-12-31', then 'yearly' and the plan's own words for when."""
    start, end = item.window
    return f"{start}{sep}{end}" + "".join(then + x for x in when_words(item))


def when_words(item: ActivityFigures) -> tuple[str, ...]:
    """'yearly' and the plan's own words for when, said after an activity's window."""
    return (
        *(("yearly",) if item.activity.repeat == "yearly" else ()),
        *((item.activity.timeline,) if item.activity.timeline else ()),
    )


def occurrences(item: ActivityFigures) -> str:
    """For a yearly activity: '2025: 1 of 2 years done, 2024 missed'; '' for another."""
    found = item.occurrences
    if found is None:
        return ""
    if found.due == 0:
        return f"yearly, first in {found.year}"
    missed = f", {' '.join(map(str, found.missed))} missed" if found.missed else ""
    return f"{found.year}: {found.completed} of {plural(found.due, 'year')} done{missed}"
