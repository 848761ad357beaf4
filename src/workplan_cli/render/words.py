"""Figures in words and numbers as every view writes them: rates, changes, values, marks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Final

from workplan_cli.i18n import N_, _, language, month, ngettext, number_text, short_month
from workplan_cli.models import Area, Plan
from workplan_cli.planning import ActivityFigures, Counts, whole
from workplan_cli.vocabulary import CROSS_CUTTING, ILLUSTRATIVE_MARK, name_of

FUTURE: Final = N_("a future day: the latest records, projected")  # after a day still to come

# The ten SOMTC priority areas as people read them (the codes stay as they are in data).
_AREA_NAMES: Final = {
    "terrorism": N_("terrorism"),
    "illicit_drug_trafficking": N_("illicit drug trafficking"),
    "trafficking_in_persons": N_("trafficking in persons"),
    "money_laundering": N_("money laundering"),
    "arms_smuggling": N_("arms smuggling"),
    "sea_piracy": N_("sea piracy"),
    "international_economic_crime": N_("international economic crime"),
    "cybercrime": N_("cybercrime"),
    "wildlife_and_timber_trafficking": N_("wildlife and timber trafficking"),
    "people_smuggling": N_("people smuggling"),
}


def shown(word: str | None) -> str:
    """A word data keeps in English (a status, a RAG rating, an event), as people read it in
    the language chosen; '' for none."""
    return _(word) if word else ""


def future_note() -> str:
    """' (a future day: the latest records, projected)': said after a day still to come."""
    return f" ({_(FUTURE)})"


def day_in_text(day: dt.date) -> str:
    """A day in a line of text: '2025-06-30' in English, as workplan has always written it;
    in words in another language ('30 Juni 2025')."""
    return str(day) if language() == "en" else day_words(day)


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
    return _("no change") if value == 0 else _("{points} pts").format(points=f"{value:+d}")


def number(value: float | None) -> str:
    """An indicator value: '1,234' or '12.5' ('1.234', '12,5' in Indonesian); '-' for none."""
    if value is None:
        return "-"
    return number_text(f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}")


def mark(provenance: str) -> str:
    """'*' for what is illustrative."""
    return ILLUSTRATIVE_MARK if provenance == "illustrative" else ""


def area_name(somtc_area: str, translated: bool = True) -> str:
    """'illicit_drug_trafficking' as 'illicit drug trafficking' (in the language chosen, unless
    not ``translated``)."""
    if somtc_area == CROSS_CUTTING:
        return _("cross-cutting (no crime type)") if translated else "cross-cutting (no crime type)"
    name = _AREA_NAMES.get(somtc_area, somtc_area.replace("_", " "))
    return _(name) if translated else name


def somtc_names(area: Area, translated: bool = True) -> str:
    """The SOMTC areas an area covers, in words: 'terrorism, arms smuggling', 'cross-cutting'
    (in the language chosen, unless not ``translated``)."""
    said = ", ".join(area_name(a, translated) for a in area.somtc_areas)
    return said or (_("cross-cutting") if translated else "cross-cutting")


def day_words(day: dt.date) -> str:
    """'31 December 2025'; '25 Juni 2025' in Indonesian."""
    return f"{day.day} {month(day)} {day.year}"


def short_day(day: dt.date) -> str:
    """'11 Sep 2025': a date in words for a tight table column."""
    return f"{day.day} {short_month(day)} {day.year}"


def names_words(codes: Sequence[str], names: Mapping[str, str]) -> str:
    """'Japan', 'China, Japan and Republic of Korea': codes by their names."""
    said = [name_of(code, names) for code in codes]
    if len(said) < 2:
        return "".join(said)
    return _("{names} and {last}").format(names=", ".join(said[:-1]), last=said[-1])


def partners(plan: Plan) -> str:
    """'JP', 'CN JP KR', or 'ASEAN only' for a plan with no dialogue partner."""
    return " ".join(plan.partner_codes) or _("ASEAN only")


def leads(codes: list[str], sep: str = " ") -> str:
    """The lead codes, or 'not assigned'."""
    return sep.join(codes) or _("not assigned")


def window(item: ActivityFigures, sep: str | None = None, then: str = ", ") -> str:
    """'2024-01-01 to 2024-12-31' (the days ``sep`` apart, when given), then 'yearly' and the
    plan's own words for when."""
    start, end = item.window
    days = (
        _("{start} to {end}").format(start=start, end=end) if sep is None else f"{start}{sep}{end}"
    )
    return days + "".join(then + x for x in when_words(item))


def when_words(item: ActivityFigures) -> tuple[str, ...]:
    """'yearly' and the plan's own words for when, said after an activity's window."""
    return (
        *((_("yearly"),) if item.activity.repeat == "yearly" else ()),
        *((item.activity.timeline,) if item.activity.timeline else ()),
    )


def occurrences(item: ActivityFigures) -> str:
    """For a yearly activity: '2025: 1 of 2 years done, 2024 missed'; '' for another."""
    found = item.occurrences
    if found is None:
        return ""
    if found.due == 0:
        return _("yearly, first in {year}").format(year=found.year)
    said = {"year": found.year, "done": found.completed, "due": found.due}
    if found.missed:
        return ngettext(
            "{year}: {done} of {due} year done, {missed} missed",
            "{year}: {done} of {due} years done, {missed} missed",
            found.due,
        ).format(**said, missed=" ".join(map(str, found.missed)))
    return ngettext(
        "{year}: {done} of {due} year done", "{year}: {done} of {due} years done", found.due
    ).format(**said)
