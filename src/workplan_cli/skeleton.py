"""The commented plan skeleton that `workplan new` writes; it validates as it is."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Final

from workplan_cli.errors import UsageError
from workplan_cli.i18n import _
from workplan_cli.text import shorten
from workplan_cli.vocabulary import COUNTRY_NAMES, PARTNER_CODES, RAG_AMBER, RAG_RED, code_hint

_YEARS = re.compile(r"-(\d{4})-(\d{4})$")

_TEMPLATE: Final = """\
# A plan file for workplan (format 1). Each key is explained in README.md and
# `workplan schema`; run `workplan validate` after every edit. For completion in
# your editor: `workplan schema > plans/plan.schema.json`, then make the first
# line of this file:  #:schema ./plan.schema.json
#
# Facts from the public record carry sources = [{{ title = "...", url = "https://..." }}]
# (or ref = "..." for a text that is not on the web). Anything invented (for a
# demonstration or a draft) is marked provenance = "illustrative" and every view
# shows it as such. Lines marked CHECK were guessed from the plan id.
format = 1

[plan]
# must equal the file name without .toml
id = "{plan_id}"
# CHECK: the official title
title = {title}
# for narrow tables
short_title = {short}
# other names in use
aliases = []
# CHECK: dialogue partner codes (AU CA CN EU GB IN JP KR NZ RU US);
# [] for an ASEAN-only plan.{partners_note}
partners = [{partners}]
# CHECK: the consultation track that reviews the plan
track = {track}
# work-plan | plan-of-action
kind = "work-plan"
start = {start}
end = {end}
# draft | active | extended | completed | superseded
status = "draft"
# where the title, period and adoption are published
sources = []
# the plan's own text, if it has one: {{ title = "...", url = "https://..." }}
# or {{ title = "...", ref = "document symbol or file" }}
# document = {{ title = "...", ref = "..." }}

# ASEAN country coordinator over time (optional):
# [[plan.coordinators]]
# country = "VN"
# from = {start}

# percentage points behind expected progress before amber and red
[rag]
amber = {amber}
red = {red}

# Organisations that lead or take part, beyond the country codes, ASEC (the
# ASEAN Secretariat) and AMS (all ASEAN Member States), e.g.:
# [[bodies]]
# id = "UNODC"
# name = "United Nations Office on Drugs and Crime"

# Consultations that agreed, adopted or reviewed the plan:
[[meetings]]
id = "first-review"
title = "First review of the plan"
# working-group | senior-officials | ministerial | leaders
level = "senior-officials"
date = {review}
# agreed | adopted | reviewed | welcomed | planned
outcome = "planned"
# replace with sources = [...] once it is on the record
provenance = "illustrative"

# Priority areas, each mapped to the SOMTC areas it covers: terrorism,
# illicit_drug_trafficking, trafficking_in_persons, money_laundering,
# arms_smuggling, sea_piracy, international_economic_crime, cybercrime,
# wildlife_and_timber_trafficking, people_smuggling. One, a list of them
# (somtc_area = ["terrorism", "arms_smuggling"]), or none for an area that is
# no crime type (capacity building).
[[areas]]
id = "CT"
title = "Terrorism"
somtc_area = "terrorism"
provenance = "illustrative"

# A middle level inside an area (optional); activities name it with group = "CT.A".
# [[areas.groups]]
# id = "CT.A"
# title = "Exchange of information"

[[areas.activities]]
id = "CT.1"
title = "Workshop on countering violent extremism online"
# codes: BN KH ID LA MY MM PH SG TH VN TL, the partners, EU, ASEC, AMS, or a body
# declared above; leave lead out when the plan names none
lead = ["{lead}"]
partners = []
# start and end are optional: without them the activity spans the plan period
start = {start}
end = {activity_end}
# optional: the plan's own words for when, e.g. "within six months of endorsement";
# repeat = "yearly" for a line that recurs every year; former_ids = ["..."] after
# a renumbering; note = "..."
# or sources = [...] when it is in the plan text
provenance = "illustrative"
expected_results = "Officials trained to detect and counter extremist content"

# optional
[[areas.activities.indicators]]
id = "officials-trained"
title = "Officials trained"
unit = "persons"
baseline = 0
target = 60
# cumulative (latest value counts) | incremental (values add up)
aggregation = "cumulative"
"""


# Words in a plan id that name its dialogue partners, with the track's name for them.
_PARTNERS: Final[dict[str, tuple[tuple[str, ...], str]]] = {
    "australia": (("AU",), "Australia"), "canada": (("CA",), "Canada"),
    "china": (("CN",), "China"), "india": (("IN",), "India"), "japan": (("JP",), "Japan"),
    "korea": (("KR",), "ROK"), "rok": (("KR",), "ROK"), "nz": (("NZ",), "New Zealand"),
    "zealand": (("NZ",), "New Zealand"), "russia": (("RU",), "Russia"),
    "uk": (("GB",), "UK"), "us": (("US",), "US"), "usa": (("US",), "US"),
    "eu": (("EU",), "EU"), "apt": (("CN", "JP", "KR"), "3"),
    "plus-three": (("CN", "JP", "KR"), "3"), "plus-3": (("CN", "JP", "KR"), "3"),
}  # fmt: skip


def _quoted(text: str) -> str:
    """A TOML string: JSON's escapes are TOML's."""
    return json.dumps(text, ensure_ascii=False)


def plan_years(plan_id: str, today: dt.date) -> tuple[int, int] | None:
    """The period a plan id names by a trailing YYYY-YYYY, five years from now without one.

    None when the years make no sense (running backwards, or far from now).
    """
    match = _YEARS.search(plan_id)
    if not match:
        return today.year, today.year + 4
    first, last = int(match[1]), int(match[2])
    return (first, last) if 1945 <= first <= last <= 2200 else None


def partners_in(plan_id: str) -> tuple[tuple[str, ...], str] | None:
    """The dialogue partners a plan id names, every one of them (somtc-china-japan: CN JP),
    and the track's words for them; None when it names none (an ASEAN-only plan, or words
    this does not know)."""
    words = _YEARS.sub("", plan_id).split("-")
    codes: dict[str, None] = {}
    names: dict[str, None] = {}
    skip = False
    for first, second in zip(words, [*words[1:], ""], strict=True):
        found = _PARTNERS.get(f"{first}-{second}") or (None if skip else _PARTNERS.get(first))
        skip = f"{first}-{second}" in _PARTNERS  # the pair's second word is taken
        if found is not None:
            codes.update(dict.fromkeys(found[0]))
            names[found[1]] = None
    return (tuple(codes), "+".join(names)) if codes else None


def partner_codes(text: str) -> tuple[str, ...]:
    """The codes of ``--partners``: "CN JP KR", "CN,JP,KR" or "" (none).

    Raises:
        UsageError: one is not the code of a dialogue partner.
    """
    codes = tuple(dict.fromkeys(text.replace(",", " ").upper().split()))
    for code in codes:
        if code not in PARTNER_CODES:
            raise UsageError(
                _('--partners: "{code}" is not the code of a dialogue partner').format(
                    code=shorten(code)
                ),
                hint=code_hint(code, PARTNER_CODES, COUNTRY_NAMES),
            )
    return codes


def plan_skeleton(
    plan_id: str,
    first: int,
    last: int,
    partners: tuple[str, ...] | None = None,
    track: str | None = None,
) -> str:
    """A plan file for ``plan_id`` running from ``first`` to ``last`` (years); ``partners``
    and ``track`` as given, else from the plan id. The sample activity is led by a partner
    of the plan, or by AMS: never by a country the plan does not involve."""
    found = partners_in(plan_id)
    note = ""
    if partners is None:
        partners = found[0] if found else ()
        if found is None:
            note = "\n# CHECK: the plan id names no dialogue partner, so none is set."
    name = found[1] if found and partners == found[0] else " ".join(partners)
    track = track or (f"SOMTC+{name}" if partners else "SOMTC")
    if not partners:
        title = f"ASEAN Work Programme on Transnational Crime ({first}-{last})"
    elif partners == ("CN", "JP", "KR"):
        title = f"ASEAN Plus Three Work Plan on Transnational Crime ({first}-{last})"
    else:
        title = f"{track} Work Plan ({first}-{last})"
    return _TEMPLATE.format(
        plan_id=plan_id,
        title=_quoted(title),
        short=_quoted(title if len(title) <= 40 else track[:40]),
        partners=", ".join(f'"{code}"' for code in partners),
        partners_note=note,
        track=_quoted(track),
        lead=partners[0] if partners else "AMS",
        start=dt.date(first, 1, 1),
        end=dt.date(last, 12, 31),
        review=dt.date(first, 12, 1),
        activity_end=dt.date(first, 12, 31),
        amber=RAG_AMBER,
        red=RAG_RED,
    )
