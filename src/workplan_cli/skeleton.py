"""The commented plan skeleton that `workplan new` writes; it validates as it is."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from workplan_cli.vocabulary import RAG_AMBER, RAG_RED

_YEARS = re.compile(r"-(\d{4})-(\d{4})$")

_TEMPLATE: Final = """\
# A plan file for workplan (format 1). Each key is explained in README.md and
# `workplan schema`; run `workplan validate` after every edit. For completion in
# your editor: `workplan schema > plans/plan.schema.json`, then make the first
# line of this file:  #:schema ./plan.schema.json
#
# Facts from the public record carry sources = [{{ title = "...", url = "https://..." }}].
# Anything invented (for a demonstration or a draft) is marked
# provenance = "illustrative" and every view shows it as such.
format = 1

[plan]
id = "{plan_id}"  # must equal the file name without .toml
title = "{title}"  # CHECK: the official title
short_title = "{short}"  # for narrow tables
aliases = []  # other names in use
partner = "{partner}"  # CHECK: dialogue partner code: AU CA CN EU GB IN JP KR NZ RU US
track = "{track}"  # CHECK: the consultation track that reviews the plan
kind = "work-plan"  # work-plan | plan-of-action
start = {start}
end = {end}
status = "draft"  # draft | active | extended | completed | superseded
sources = []  # where the title, period and adoption are published

# ASEAN country coordinator over time (optional):
# [[plan.coordinators]]
# country = "VN"
# from = {start}

[rag]  # percentage points behind expected progress before amber and red
amber = {amber}
red = {red}

# Consultations that agreed, adopted or reviewed the plan:
[[meetings]]
id = "first-review"
title = "First review of the plan"
level = "senior-officials"  # working-group | senior-officials | ministerial | leaders
date = {review}
outcome = "planned"  # agreed | adopted | reviewed | welcomed | planned
provenance = "illustrative"  # replace with sources = [...] once it is on the record

# Priority areas, each mapped to one of the ten SOMTC areas: terrorism,
# illicit_drug_trafficking, trafficking_in_persons, money_laundering,
# arms_smuggling, sea_piracy, international_economic_crime, cybercrime,
# wildlife_and_timber_trafficking, people_smuggling.
[[areas]]
id = "CT"
title = "Terrorism"
somtc_area = "terrorism"
provenance = "illustrative"

[[areas.activities]]
id = "CT.1"
title = "Workshop on countering violent extremism online"
lead = ["JP"]  # one or more codes: BN KH ID LA MY MM PH SG TH VN TL, partners, EU, ASEC
partners = []
start = {start}
end = {activity_end}
provenance = "illustrative"  # or sources = [...] when it is in the plan text
expected_results = "Officials trained to detect and counter extremist content"

[[areas.activities.indicators]]  # optional
id = "officials-trained"
title = "Officials trained"
unit = "persons"
baseline = 0
target = 60
aggregation = "cumulative"  # cumulative (latest value counts) | incremental (values add up)
"""


# Words in a plan id that name the dialogue partner, for the skeleton's partner and track.
_PARTNERS: Final[dict[str, tuple[str, str]]] = {
    "australia": ("AU", "Australia"), "canada": ("CA", "Canada"), "china": ("CN", "China"),
    "india": ("IN", "India"), "japan": ("JP", "Japan"), "korea": ("KR", "ROK"),
    "rok": ("KR", "ROK"), "nz": ("NZ", "New Zealand"), "zealand": ("NZ", "New Zealand"),
    "russia": ("RU", "Russia"), "uk": ("GB", "UK"), "us": ("US", "US"), "usa": ("US", "US"),
    "eu": ("EU", "EU"),
}  # fmt: skip


def plan_years(plan_id: str, today: dt.date) -> tuple[int, int] | None:
    """The period a plan id names by a trailing YYYY-YYYY, five years from now without one.

    None when the years make no sense (running backwards, or far from now).
    """
    match = _YEARS.search(plan_id)
    if not match:
        return today.year, today.year + 4
    first, last = int(match[1]), int(match[2])
    return (first, last) if 1945 <= first <= last <= 2200 else None


def plan_skeleton(plan_id: str, first: int, last: int) -> str:
    """A plan file for ``plan_id`` running from ``first`` to ``last`` (years)."""
    words = _YEARS.sub("", plan_id).split("-")
    code, name = next((_PARTNERS[w] for w in words if w in _PARTNERS), ("JP", "Japan"))
    track = f"SOMTC+{name}"
    title = f"{track} Work Plan ({first}-{last})"
    return _TEMPLATE.format(
        plan_id=plan_id,
        title=title,
        short=title if len(title) <= 40 else track[:40],
        partner=code,
        track=track,
        start=dt.date(first, 1, 1),
        end=dt.date(last, 12, 31),
        review=dt.date(first, 12, 1),
        activity_end=dt.date(first, 12, 31),
        amber=RAG_AMBER,
        red=RAG_RED,
    )
