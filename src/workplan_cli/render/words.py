"""Figures in words and numbers as every view writes them: rates, changes, values, marks."""

from __future__ import annotations

from typing import Final

from workplan_cli.planning import Counts, whole
from workplan_cli.vocabulary import ILLUSTRATIVE_MARK

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
    """An indicator value: '1,234' or '12.5'; '-' for none."""
    if value is None:
        return "-"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def mark(provenance: str) -> str:
    """'*' for what is illustrative."""
    return ILLUSTRATIVE_MARK if provenance == "illustrative" else ""


def area_name(somtc_area: str) -> str:
    """'illicit_drug_trafficking' as 'illicit drug trafficking'."""
    return somtc_area.replace("_", " ")
