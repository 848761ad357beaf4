"""The words every part shares: record statuses, RAG, count names, plurals, "did you mean".

Light on purpose (no pydantic, no rich): the command line reads it for its choices and help.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Final, Literal, get_args

from workplan_cli.i18n import N_, _

RecordStatus = Literal["planned", "ongoing", "completed", "suspended", "cancelled"]
RECORD_STATUSES: Final[tuple[RecordStatus, ...]] = get_args(RecordStatus)
DONE_WITH: Final[frozenset[str]] = frozenset({"completed", "cancelled"})  # never overdue

Rag = Literal["grey", "green", "amber", "red"]
RAGS: Final[tuple[Rag, ...]] = get_args(Rag)  # from best to worst
RAG_AMBER: Final = 15  # points behind the expected progress before amber, unless a plan says
RAG_RED: Final = 35  # ... and before red

# The words shown to people for a record status and a RAG rating: marked for the catalogue
# here, translated where they are shown (render/words.shown); the stored values,
# JSON and CSV keep the English words above.
STATUS_WORDS: Final[dict[str, str]] = {
    "planned": N_("planned"),
    "ongoing": N_("ongoing"),
    "completed": N_("completed"),
    "suspended": N_("suspended"),
    "cancelled": N_("cancelled"),
}
RAG_WORDS: Final[dict[str, str]] = {
    "grey": N_("grey"),
    "green": N_("green"),
    "amber": N_("amber"),
    "red": N_("red"),
}


# Codes (SPEC §3.1, §3.4): ASEAN members, dialogue partners, and the built-in bodies.
AseanCode = Literal["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL"]
PartnerCode = Literal["AU", "CA", "CN", "IN", "JP", "KR", "NZ", "RU", "GB", "US", "EU"]
ASEAN_CODES: Final[tuple[str, ...]] = get_args(AseanCode)
PARTNER_CODES: Final[tuple[str, ...]] = get_args(PartnerCode)
BUILT_IN_BODIES: Final[dict[str, str]] = {
    "ASEC": N_("ASEAN Secretariat"),
    "AMS": N_("all ASEAN Member States"),
}
CODE_PATTERN: Final = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"  # of a body's id
BUILT_IN_CODES: Final[tuple[str, ...]] = (*ASEAN_CODES, *PARTNER_CODES, *BUILT_IN_BODIES)
COUNTRY_NAMES: Final[dict[str, str]] = {  # shown translated: name_of
    "BN": N_("Brunei Darussalam"), "KH": N_("Cambodia"), "ID": N_("Indonesia"),
    "LA": N_("Lao PDR"), "MY": N_("Malaysia"), "MM": N_("Myanmar"), "PH": N_("Philippines"),
    "SG": N_("Singapore"), "TH": N_("Thailand"), "VN": N_("Viet Nam"), "TL": N_("Timor-Leste"),
    "AU": N_("Australia"), "CA": N_("Canada"), "CN": N_("China"), "IN": N_("India"),
    "JP": N_("Japan"), "KR": N_("Republic of Korea"), "NZ": N_("New Zealand"),
    "RU": N_("Russia"), "GB": N_("United Kingdom"), "US": N_("United States"),
    "EU": N_("European Union"),
}  # fmt: skip


def name_of(code: str, names: Mapping[str, str]) -> str:
    """The name of a code in ``names`` (the plan's), shown in the language chosen when it is
    a built-in name (a country, ASEC, AMS); a body the plan declares keeps its own words."""
    name = names.get(code, code)
    builtin = COUNTRY_NAMES.get(code) or BUILT_IN_BODIES.get(code)
    return _(name) if name == builtin else name


# What people write for a code: three-letter codes, sports codes, names.
CODE_ALIASES: Final[dict[str, str]] = {
    "BRN": "BN", "KHM": "KH", "IDN": "ID", "LAO": "LA", "MYS": "MY", "MMR": "MM",
    "PHL": "PH", "SGP": "SG", "THA": "TH", "VNM": "VN", "TLS": "TL", "AUS": "AU",
    "CAN": "CA", "CHN": "CN", "IND": "IN", "JPN": "JP", "KOR": "KR", "ROK": "KR",
    "NZL": "NZ", "RUS": "RU", "GBR": "GB", "UK": "GB", "USA": "US", "ASEAN": "ASEC",
    "INA": "ID", "INDO": "ID", "RI": "ID", "PRC": "CN", "LAOS": "LA", "RP": "PH",
    "SIN": "SG", "BRU": "BN", "CAM": "KH", "MYA": "MM", "VIE": "VN", "PHI": "PH",
    "TLE": "TL", "EUR": "EU", "ASE": "ASEC", "BRUNEI": "BN", "KOREA": "KR",
    "VIETNAM": "VN", "BURMA": "MM",
    "ASEAN SECRETARIAT": "ASEC", "SECRETARIAT": "ASEC", "ALL ASEAN MEMBER STATES": "AMS",
    "ALL ASEAN MEMBER COUNTRIES": "AMS", "ASEAN MEMBER STATES": "AMS", "ALL AMS": "AMS",
}  # fmt: skip


def code_hint(text: str, choices: Sequence[str], names: dict[str, str]) -> str:
    """How to write ``text`` as one of the codes ``choices``; ``names`` are the full names of
    the codes (countries and bodies), so that "Thailand" finds TH and "UNODC's name" its code.
    No guessing from spelling: "SIN" is Singapore, not India; a wrong guess misleads."""
    upper = " ".join(text.split()).upper()
    by_name = {name.upper(): code for code, name in names.items() if code in choices}
    by_name |= {  # the built-in names in the language chosen too: "Jepang" is JP
        name_of(code, names).upper(): code for code in names if code in choices
    }
    found = CODE_ALIASES.get(upper) or by_name.get(upper) or by_name.get(upper.removeprefix("THE "))
    if found is not None and found in choices:
        short = upper in CODE_ALIASES and len(upper) <= 4 and len(found) == 2
        if short:
            return _('use the two-letter code "{code}"').format(code=found)
        return _('did you mean "{choice}"?').format(choice=found)
    if upper in choices:
        return _('use capitals: "{code}"').format(code=upper)
    return codes_allowed(choices)


def codes_allowed(choices: Sequence[str]) -> str:
    """'codes allowed here: TH VN ...': what ``code_hint`` says when it cannot tell."""
    return _("codes allowed here: {codes}").format(codes=" ".join(choices))


JSON_FORMAT: Final = 1  # the version of every JSON document's structure (its "format" key)
CROSS_CUTTING: Final = "cross_cutting"  # the row of areas mapped to no SOMTC area
ILLUSTRATIVE_MARK: Final = "*"  # after what is invented to demonstrate workplan
# How the two rates are made (SPEC §5), in the words every view uses: marked for the
# catalogue, translated where they are shown (``_(IMPLEMENTATION_RULE)``).
# TRANSLATORS: how the implementation rate is worked out, from the record statuses
IMPLEMENTATION_RULE: Final = N_("completed / (all - cancelled)")
# TRANSLATORS: how the engagement rate is worked out, from the record statuses
ENGAGEMENT_RULE: Final = N_("completed and ongoing / (all - cancelled)")

# The counts of a set of activities, in the order tables and CSV columns show them.
COUNT_FIELDS: Final = (
    "activities",
    "completed",
    "ongoing",
    "planned",
    "suspended",
    "cancelled",
    "overdue",
)


def did_you_mean(word: str, choices: Sequence[str], cutoff: float = 0.6) -> str | None:
    """'did you mean "X"?' for the choice ``word`` differs from only in case or a slip."""
    lowered = {c.casefold(): c for c in choices}
    if word not in choices and word.casefold() in lowered:
        return _('did you mean "{choice}"?').format(choice=lowered[word.casefold()])
    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return _('did you mean "{choice}"?').format(choice=close[0]) if close else None


def suggest(word: str, choices: Sequence[str], what: str) -> str:
    """'did you mean "X"?', else the choices there are. ``what`` names them, as shown to
    people: the caller translates it (``_("meetings")``)."""
    close = did_you_mean(word, choices)
    if close:
        return close
    if not choices:
        # TRANSLATORS: {what} is a plural noun such as "meetings", "plans", "areas"
        return _("it has no {what} yet").format(what=what)
    shown = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    # TRANSLATORS: {what} is a plural noun such as "meetings"; {choices} the ids there are
    return _("{what}: {choices}").format(what=what, choices=shown)
