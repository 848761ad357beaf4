"""Cross-field rules no schema can say: unique ids, dates in period, sources, references.

The rules read the parsed TOML, not the model, so that they run even when some
other part of the file breaks the schema: `validate` reports every problem at
once. A value of the wrong type is the schema's to report; the rules skip it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from workplan_cli.i18n import NP_, _, pgettext
from workplan_cli.positions import Path
from workplan_cli.text import shorten
from workplan_cli.vocabulary import (
    BUILT_IN_BODIES,
    BUILT_IN_CODES,
    CODE_ALIASES,
    CODE_PATTERN,
    COUNTRY_NAMES,
    RAG_AMBER,
    RAG_RED,
    code_hint,
    did_you_mean,
    suggest,
)

if TYPE_CHECKING:
    from workplan_cli.models import PlanFile

Item = tuple[Path, dict[str, Any]]  # a table inside the document, with its path

# The kinds of item messages name, e.g. 'activity "CT.1"', 'coordinator VN', 'source 2'.
KIND: Final = "kind of item"  # their context in the catalogue
ACTIVITY: Final = NP_("kind of item", "activity")
AREA: Final = NP_("kind of item", "area")
BODY: Final = NP_("kind of item", "body")
COORDINATOR: Final = NP_("kind of item", "coordinator")
GROUP: Final = NP_("kind of item", "group")
INDICATOR: Final = NP_("kind of item", "indicator")
MEETING: Final = NP_("kind of item", "meeting")


def named(kind: str, name: object, *, quoted: bool = True) -> str:
    """'activity "CT.1"', or unquoted 'coordinator VN': ``kind`` is one of the words above."""
    if quoted:
        # TRANSLATORS: {kind} is e.g. "activity", {id} its id: 'activity "CT.1"'
        return _('{kind} "{id}"').format(kind=pgettext(KIND, kind), id=name)
    # TRANSLATORS: {kind} is "coordinator", {code} a country code: "coordinator VN"
    return _("{kind} {code}").format(kind=pgettext(KIND, kind), code=name)


def numbered(kind: str, number: int) -> str:
    """'source 2': an item by its place in its list, when it has no id to name it by."""
    # TRANSLATORS: {kind} is e.g. "source", {number} its place in its list: "source 2"
    return _("{kind} {number}").format(kind=pgettext(KIND, kind), number=number)


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
    groups = [item for loc, area in areas for item in _items(area, "groups", loc)]
    scope = _("the plan")
    return [
        *_check_header(data, plan, stem),
        *_unique(_ids(_items(data, "meetings")), MEETING, scope),
        *_unique(_ids(_items(data, "bodies")), BODY, scope),
        *_unique(_ids(areas), AREA, scope),
        *_unique(_ids(groups), GROUP, scope),
        *_unique(_ids(activities), ACTIVITY, scope, fold_case=True),
        *_check_activities(plan, activities, has_document=isinstance(plan.get("document"), dict)),
        *_check_codes(data, activities),
        *_check_bodies(data),
        *_check_lists(plan, areas, activities),
        *_check_groups(areas),
        *_check_former_ids(plan, activities),
        *_check_sources(data, ()),
    ]


def _check_codes(data: dict[str, Any], activities: list[Item]) -> Iterator[Finding]:
    """Codes in lead and partners: built in (§3.1, ASEC, AMS) or declared under [[bodies]]."""
    bodies: dict[str, str] = {
        body["id"]: body["name"] if isinstance(body.get("name"), str) else body["id"]
        for _loc, body in _items(data, "bodies")
        if isinstance(body.get("id"), str)
    }
    known = [*BUILT_IN_CODES, *(b for b in bodies if b not in BUILT_IN_CODES)]
    names = COUNTRY_NAMES | BUILT_IN_BODIES | bodies
    for loc, act in activities:
        for key in ("lead", "partners"):
            codes = act.get(key)
            for index, code in enumerate(codes if isinstance(codes, list) else ()):
                if isinstance(code, str) and code not in known:
                    what = _label(ACTIVITY, act, "id", loc)
                    yield Finding(
                        (*loc, key, index),
                        "WP108",
                        _('{what}: "{code}" is not a known code').format(
                            what=what, code=shorten(code)
                        ),
                        _unknown_code_hint(code, known, names),
                    )


def _unknown_code_hint(code: str, known: list[str], names: dict[str, str]) -> str:
    """The code meant ("Thailand": TH; a declared body's name: its id), else how to declare
    the body."""
    hint = code_hint(code, known, names)
    if " ".join(known) not in hint:  # a code meant, not the codes allowed (in any language)
        return hint
    if re.fullmatch(CODE_PATTERN, code):
        # TRANSLATORS: {hint} is "codes allowed here: ..."
        return _('for a body, declare it: [[bodies]] id = "{code}", name = "..."; {hint}').format(
            code=code, hint=hint
        )
    declare = f'[[bodies]] id = "ABC", name = "{shorten(code)}"'
    # TRANSLATORS: {declare} is TOML, e.g. [[bodies]] id = "ABC", name = "UNODC"; {hint} is
    # "codes allowed here: ..."
    return _(
        "a lead or partner is a code: declare the body as {declare} and use its id; {hint}"
    ).format(declare=declare, hint=hint)


def _check_bodies(data: dict[str, Any]) -> Iterator[Finding]:
    """A body is no country, nor ASEC or AMS under another code: "Thailand" must stay TH."""
    taken = {name.upper(): code for code, name in (COUNTRY_NAMES | BUILT_IN_BODIES).items()}
    taken |= CODE_ALIASES
    for loc, body in _items(data, "bodies"):
        body_id, name = body.get("id"), body.get("name")
        if not isinstance(body_id, str) or body_id in BUILT_IN_CODES:
            continue  # declaring a built-in code again is allowed
        for key, value in (("id", body_id), ("name", name)):
            code = taken.get(" ".join(value.split()).upper()) if isinstance(value, str) else None
            if code is not None:
                yield Finding(
                    (*loc, key),
                    "WP103",
                    # TRANSLATORS: {name} is e.g. "Thailand" or "ASEAN Secretariat"
                    _('body "{id}" is {name}, which has the code {code}').format(
                        id=shorten(body_id),
                        name=_((COUNTRY_NAMES | BUILT_IN_BODIES)[code]),
                        code=code,
                    ),
                    _(
                        "use {code} in lead, partners and --by; declare a body only for an "
                        "organisation that has no code"
                    ).format(code=code),
                )
                break


def _check_lists(
    plan: dict[str, Any], areas: list[Item], activities: list[Item]
) -> Iterator[Finding]:
    """No code or SOMTC area listed twice in one list; no group with the id of an area."""
    lists: list[tuple[Path, dict[str, Any], str, str]] = [(("plan",), plan, "partners", "[plan]")]
    lists += [(loc, area, "somtc_area", _label(AREA, area, "id", loc)) for loc, area in areas]
    for loc, act in activities:
        what = _label(ACTIVITY, act, "id", loc)
        lists += [(loc, act, "lead", what), (loc, act, "partners", what)]
    for loc, table, key, what in lists:
        values = table.get(key)
        seen: set[str] = set()
        for index, value in enumerate(values if isinstance(values, list) else ()):
            if not isinstance(value, str):
                continue  # the schema's to report
            if value in seen:
                yield Finding(
                    (*loc, key, index),
                    "WP106",
                    _('{what}: "{value}" is listed twice in "{key}"').format(
                        what=what, value=shorten(value), key=key
                    ),
                    _("list each one once"),
                )
            seen.add(value)
    area_ids = {a["id"] for _loc, a in areas if isinstance(a.get("id"), str)}
    for area_loc, area in areas:
        for loc, group in _items(area, "groups", area_loc):
            if isinstance(group.get("id"), str) and group["id"] in area_ids:
                yield Finding(
                    (*loc, "id"),
                    "WP106",
                    _('group id "{id}" is also the id of an area').format(id=group["id"]),
                    _(
                        "give the group its own id, e.g. the area's id and a number: "
                        '"{id}.1" (--area takes both kinds of id)'
                    ).format(id=group["id"]),
                )


def _check_groups(areas: list[Item]) -> Iterator[Finding]:
    """Each activity's group is a group of its own area."""
    for area_loc, area in areas:
        own = [
            g["id"] for _l, g in _items(area, "groups", area_loc) if isinstance(g.get("id"), str)
        ]
        for loc, act in _items(area, "activities", area_loc):
            group = act.get("group")
            if isinstance(group, str) and group not in own:
                where = _label(AREA, area, "id", area_loc)
                yield Finding(
                    (*loc, "group"),
                    "WP111",
                    _('{what} is in group "{group}", which {area} does not have').format(
                        what=_label(ACTIVITY, act, "id", loc), group=group, area=where
                    ),
                    did_you_mean(group, own)
                    or (
                        _("groups of {area}: {groups}").format(area=where, groups=", ".join(own))
                        if own
                        else _('add [[areas.groups]] id = "{group}" under {area}').format(
                            group=group, area=where
                        )
                    ),
                )


def _check_former_ids(plan: dict[str, Any], activities: list[Item]) -> Iterator[Finding]:
    """A former id names one activity only, and never one that exists now."""
    current = {a["id"].casefold(): a["id"] for _l, a in activities if isinstance(a.get("id"), str)}
    claimed: dict[str, str] = {}
    for loc, act in activities:
        what = _label(ACTIVITY, act, "id", loc)
        formers = act.get("former_ids")
        for index, former in enumerate(formers if isinstance(formers, list) else ()):
            if not isinstance(former, str):
                continue
            if former.casefold() in current:
                yield Finding(
                    (*loc, "former_ids", index),
                    "WP112",
                    _(
                        '{what} lists "{former}" as a former id, but activity "{id}" has that '
                        "id now"
                    ).format(what=what, former=former, id=current[former.casefold()]),
                    _(
                        "a former id is one no activity has any more; records under it would "
                        "count twice"
                    ),
                )
            elif former.casefold() in claimed:
                yield Finding(
                    (*loc, "former_ids", index),
                    "WP112",
                    _('{what} and {other} both list "{former}" as a former id').format(
                        what=what, other=claimed[former.casefold()], former=former
                    ),
                    _("the records filed under it can count for one activity only"),
                )
            else:
                claimed[former.casefold()] = what
    own = plan.get("id")
    formers = plan.get("former_ids")
    for index, former in enumerate(formers if isinstance(formers, list) else ()):
        if former == own:
            yield Finding(
                ("plan", "former_ids", index),
                "WP112",
                _('the plan lists its own id "{id}" as a former id').format(id=former),
                _("list only the ids it had before it was renamed"),
            )


def _check_sources(node: Any, loc: Path) -> Iterator[Finding]:
    """Every source in the file has a url or a ref, not both."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "document" and isinstance(value, dict):
                yield from _check_source(value, (*loc, key))
            elif key == "sources" and isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, dict):
                        yield from _check_source(item, (*loc, key, index))
            elif isinstance(value, (dict, list)) and key != "evidence":
                yield from _check_sources(value, (*loc, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _check_sources(item, (*loc, index))


def _check_source(source: dict[str, Any], loc: Path) -> Iterator[Finding]:
    document = loc[-1] == "document"
    if "url" in source and "ref" in source:
        yield Finding(
            (*loc, "ref"),
            "WP103",
            _('the document has both "url" and "ref"')
            if document
            else _('a source has both "url" and "ref"'),
            _("give the web address as url, or where the document is kept as ref, not both"),
            at_key=True,
        )
    elif "url" not in source and "ref" not in source:
        yield Finding(
            loc,
            "WP101",
            _('the document has no "url" (a web address) or "ref" (where the document is kept)')
            if document
            else _('a source has no "url" (a web address) or "ref" (where the document is kept)'),
            _('add url = "https://..." or ref = "..." (a document symbol, a registry file)'),
        )


def _check_header(data: dict[str, Any], plan: dict[str, Any], stem: str) -> Iterator[Finding]:
    plan_id = plan.get("id")
    if "partner" in plan and "partners" in plan:
        yield Finding(
            ("plan", "partners"),
            "WP110",
            _('[plan] has both "partner" and "partners"'),
            _("keep one: partners = [...] lists every dialogue partner"),
            at_key=True,
        )
    if isinstance(plan_id, str) and plan_id != stem:
        yield Finding(
            ("plan", "id"),
            "WP107",
            _('the plan id "{id}" does not match the file name "{stem}.toml"').format(
                id=plan_id, stem=stem
            ),
            _('rename the file to "{id}.toml" or set id = "{stem}"').format(id=plan_id, stem=stem),
        )
    start, end = _date(plan, "start"), _date(plan, "end")
    if start and end and start > end:
        yield Finding(
            ("plan", "start"),
            "WP105",
            _("the plan starts {start}, after it ends ({end})").format(start=start, end=end),
        )
    rag = _table(data.get("rag"))
    amber, red = rag.get("amber", RAG_AMBER), rag.get("red", RAG_RED)
    if _is_percent(amber) and _is_percent(red) and amber > red:
        yield Finding(
            ("rag", "amber"),
            "WP103",
            _("the amber threshold ({amber}) is above the red one ({red})").format(
                amber=amber, red=red
            ),
            _("amber is the smaller gap: for example amber = {amber} and red = {red}").format(
                amber=RAG_AMBER, red=RAG_RED
            ),
        )
    for loc, coordinator in _items(plan, "coordinators", ("plan",)):
        what = _label(COORDINATOR, coordinator, "country", loc)
        begins, until = _date(coordinator, "from"), _date(coordinator, "until")
        if begins and until and begins > until:
            yield Finding(
                (*loc, "from"),
                "WP105",
                _("{what} starts {start}, after {end}").format(what=what, start=begins, end=until),
            )
        elif start and end and start <= end:
            if begins and begins > end:
                yield Finding((*loc, "from"), "WP104", _starts_after(what, begins, end))
            if until and until < start:
                yield Finding((*loc, "until"), "WP104", _ends_before(what, until, start))


def _check_activities(
    plan: dict[str, Any], activities: list[Item], *, has_document: bool
) -> Iterator[Finding]:
    plan_start, plan_end = _date(plan, "start"), _date(plan, "end")
    period_known = plan_start and plan_end and plan_start <= plan_end
    for loc, act in activities:
        what = _label(ACTIVITY, act, "id", loc)
        start, end = _date(act, "start"), _date(act, "end")
        if start and end and start > end:
            yield Finding(
                (*loc, "start"),
                "WP105",
                _("{what} starts {start}, after it ends ({end})").format(
                    what=what, start=start, end=end
                ),
            )
        if period_known and plan_start and plan_end:
            if start and start < plan_start:
                yield Finding((*loc, "start"), "WP104", _starts_before(what, start, plan_start))
            elif start and start > plan_end:
                yield Finding((*loc, "start"), "WP104", _starts_after(what, start, plan_end))
            if end and end < plan_start:
                yield Finding((*loc, "end"), "WP104", _ends_before(what, end, plan_start))
            elif end and end > plan_end:
                yield Finding((*loc, "end"), "WP104", _ends_after(what, end, plan_end))
        sourced = act.get("provenance", "sourced") == "sourced"
        if sourced and act.get("sources", []) == [] and not has_document:
            yield Finding(
                loc,
                "WP109",
                _("{what} has no sources").format(what=what),
                _(
                    'add sources = [{ title = "...", url = "https://..." }] (or ref = "..." for a '
                    "text that is not on the web), give the plan a document = { ... } its "
                    'activities come from, or mark it provenance = "illustrative" if it is invented'
                ),
                at_key=True,
            )
        yield from _unique(_ids(_items(act, "indicators", loc)), INDICATOR, what)


def _starts_before(what: str, day: dt.date, plan_start: dt.date) -> str:
    # TRANSLATORS: {what} is e.g. 'activity "CT.1"' or "coordinator VN"; days are 2024-01-31
    return _("{what} starts {day}, before the plan starts ({start})").format(
        what=what, day=day, start=plan_start
    )


def _starts_after(what: str, day: dt.date, plan_end: dt.date) -> str:
    return _("{what} starts {day}, after the plan ends ({end})").format(
        what=what, day=day, end=plan_end
    )


def _ends_before(what: str, day: dt.date, plan_start: dt.date) -> str:
    return _("{what} ends {day}, before the plan starts ({start})").format(
        what=what, day=day, start=plan_start
    )


def _ends_after(what: str, day: dt.date, plan_end: dt.date) -> str:
    return _("{what} ends {day}, after the plan ends ({end})").format(
        what=what, day=day, end=plan_end
    )


def _unique(
    items: Iterable[tuple[Path, str]], kind: str, scope: str, *, fold_case: bool = False
) -> Iterator[Finding]:
    """Duplicate ids; with ``fold_case``, ids that differ only in case count as the same.

    Activity ids name the folders of their progress records, and Windows and macOS
    do not tell CT.1 and ct.1 apart.
    """
    seen: dict[str, tuple[Path, str]] = {}
    for loc, item_id in items:
        key = item_id.casefold() if fold_case else item_id
        if key not in seen:
            seen[key] = (loc, item_id)
            continue
        first, first_id = seen[key]
        what = pgettext(KIND, kind)
        if first_id == item_id:
            # TRANSLATORS: {kind} is e.g. "activity"; {scope} "the plan" or 'activity "CT.1"'
            message = _('{kind} id "{id}" is used twice in {scope}').format(
                kind=what, id=item_id, scope=scope
            )
        else:
            message = _('{kind} ids "{first}" and "{id}" differ only in case in {scope}').format(
                kind=what, first=first_id, id=item_id, scope=scope
            )
        yield Finding(loc, "WP106", message, _("give each one its own id"), first=first)


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
        return numbered(kind, int(loc[-1]) + 1)
    return named(kind, value, quoted=key == "id")


def _date(table: dict[str, Any], key: str) -> dt.date | None:
    value = table.get(key)
    is_day = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    return value if is_day else None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_percent(value: Any) -> bool:
    """A whole number from 0 to 100; others are the schema's to report (and a number of
    more than 4300 digits cannot even be written in a message)."""
    return _is_int(value) and 0 <= value <= 100


# --- progress records ------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordContext:
    """What a record is checked against: its plan, and where it is filed."""

    plan: PlanFile | None  # None when the plan is missing or has problems of its own
    plan_exists: bool
    known_plans: tuple[str, ...]
    latest: dt.date  # the latest as_of allowed: today, give or take a time zone
    filed_under: tuple[str, ...] | None = None  # folders below progress/; None: not yet written
    newest: dt.datetime | None = None  # the latest recorded_at allowed: now and a day (UTC)


def check_record(data: dict[str, Any], ctx: RecordContext) -> list[Finding]:
    """Every problem of the record ``data`` that the record schema cannot see alone."""
    return [
        *_check_filing(data, ctx),
        *_check_references(data, ctx),
        *_check_recorded_at(data, ctx.newest),
        *_check_withdrawal(data),
        *_check_record_values(data),
        *_check_indicator_values(data),
    ]


def _check_recorded_at(data: dict[str, Any], newest: dt.datetime | None) -> Iterator[Finding]:
    """A record written more than a day from now: a computer's clock was wrong. Never a
    matter of time zones: recorded_at is UTC, and a day is more than any zone's offset."""
    recorded = data.get("recorded_at")
    aware = isinstance(recorded, dt.datetime) and recorded.utcoffset() is not None
    if newest is not None and aware and isinstance(recorded, dt.datetime) and recorded > newest:
        yield Finding(
            ("recorded_at",),
            "WP204",
            _(
                "recorded_at {time} is more than a day from now: the clock of the computer "
                "that wrote it was wrong, or the file was edited"
            ).format(time=recorded),
            _(
                "set recorded_at to the time it was really written, in UTC (for a committed "
                "file, git log --format=%aI -- FILE shows when it was added)"
            ),
        )


_NOT_IN_A_WITHDRAWAL: Final = ("status", "percent", "evidence", "indicators", "meeting")


def _check_withdrawal(data: dict[str, Any]) -> Iterator[Finding]:
    """A withdrawal names a record and gives the reason; any other record has a status."""
    if "withdraws" not in data:
        if "status" in data:
            return
        keys = [str(k) for k in data]
        if not difflib.get_close_matches("status", keys, n=1, cutoff=0.6):  # else: misspelt
            yield Finding(("status",), "WP101", _('the record has no "status"; it is required'))
        return
    for key in _NOT_IN_A_WITHDRAWAL:
        if key in data:
            yield Finding(
                (key,),
                "WP103",
                _('a withdrawal has no "{key}"').format(key=key),
                _(
                    "a withdrawal names the record it withdraws and gives the reason as note; "
                    "record the right values in a record of their own"
                ),
                at_key=True,
            )
    if not data.get("note"):
        yield Finding(
            ("withdraws",),
            "WP101",
            _('a withdrawal gives its reason as "note"'),
            _('add note = "..." (workplan withdraw --reason)'),
            at_key=True,
        )


def _check_filing(data: dict[str, Any], ctx: RecordContext) -> Iterator[Finding]:
    if ctx.filed_under is None:
        return
    plan_id, activity_id = data.get("plan"), data.get("activity")
    if not (isinstance(plan_id, str) and isinstance(activity_id, str)):
        return
    folder = f"progress/{plan_id}/{activity_id}/"
    hint = _(
        "records are filed as {folder}<file>.toml; move it there (git mv), or restore it"
    ).format(folder=folder)
    if len(ctx.filed_under) != 2:
        yield Finding(
            ("plan",), "WP203", _("this record is not filed in its activity's folder"), hint
        )
    elif ctx.filed_under[0] != plan_id:
        yield Finding(
            ("plan",),
            "WP203",
            _('this record is about plan "{id}" but is filed under {folder}').format(
                id=plan_id, folder=f"progress/{ctx.filed_under[0]}/"
            ),
            hint,
        )
    elif ctx.filed_under[1].casefold() != activity_id.casefold():
        yield Finding(
            ("activity",),
            "WP203",
            _('this record is about activity "{id}" but is filed under {folder}').format(
                id=activity_id, folder=f"progress/{plan_id}/{ctx.filed_under[1]}/"
            ),
            hint,
        )


def _check_references(data: dict[str, Any], ctx: RecordContext) -> Iterator[Finding]:
    plan_id = data.get("plan")
    if isinstance(plan_id, str) and not ctx.plan_exists:
        yield Finding(
            ("plan",),
            "WP200",
            _('there is no plan "{id}" in the plans directory').format(id=plan_id),
            _then(
                did_you_mean(plan_id, ctx.known_plans, cutoff=0.85),
                _(
                    'if the plan was renamed, add former_ids = ["{id}"] to the [plan] of its '
                    "new file; if {id}.toml was deleted, restore it "
                    "(git log --stat -- '*{id}.toml' shows what happened)"
                ).format(id=plan_id),
            ),
        )
    plan = ctx.plan
    if plan is None:  # missing, or its own problems are reported on the plan file
        return
    activity_id = data.get("activity")
    activity = plan.activity(activity_id) if isinstance(activity_id, str) else None
    if isinstance(activity_id, str) and activity is None:
        yield Finding(
            ("activity",),
            "WP201",
            _('plan "{plan}" has no activity "{activity}"').format(
                plan=plan.plan.id, activity=activity_id
            ),
            _then(
                suggest(activity_id, [a.id for a in plan.activities()], _("activities")),
                _(
                    'if it was renumbered, add former_ids = ["{id}"] to the activity it became'
                ).format(id=activity_id),
            ),
        )
    meeting = data.get("meeting")
    if isinstance(meeting, str) and meeting not in {m.id for m in plan.meetings}:
        yield Finding(
            ("meeting",),
            "WP202",
            _('plan "{plan}" has no meeting "{meeting}"').format(
                plan=plan.plan.id, meeting=meeting
            ),
            suggest(meeting, [m.id for m in plan.meetings], _("meetings")),
        )
    indicators = data.get("indicators")
    if activity is not None and isinstance(indicators, dict):
        known = [i.id for i in activity.indicators]
        for key in indicators:
            if key not in known:
                yield Finding(
                    ("indicators", key),
                    "WP202",
                    _('activity "{activity}" has no indicator "{indicator}"').format(
                        activity=activity.id, indicator=key
                    ),
                    suggest(key, known, _("indicators")),
                    at_key=True,
                )
    yield from _check_record_dates(data, plan, ctx.latest)


def _then(first: str | None, then: str) -> str:
    """Two hints in one: 'did you mean "X"? If ...'."""
    if first is None:
        return then
    return f"{first}{'' if first.endswith(('?', '.')) else '.'} {then[0].upper()}{then[1:]}"


def _check_record_dates(data: dict[str, Any], plan: PlanFile, latest: dt.date) -> Iterator[Finding]:
    recorded = data.get("recorded_at")
    as_of = _date(data, "as_of")
    if as_of is None:
        return
    if as_of < plan.plan.start:
        yield Finding(
            ("as_of",),
            "WP204",
            _("as_of {day} is before the plan starts ({start})").format(
                day=as_of, start=plan.plan.start
            ),
            _("a record says where an activity stands on a day within or after the plan period"),
        )
    elif as_of > latest:
        yield Finding(
            ("as_of",),
            "WP204",
            _("as_of {day} is in the future").format(day=as_of),
            _("record what is true today or earlier; plan future work in the plan file"),
        )
    elif isinstance(recorded, dt.datetime) and (as_of - recorded.date()).days > 1:
        yield Finding(
            ("as_of",),
            "WP204",
            _("as_of {day} is after the day the record was written ({written})").format(
                day=as_of, written=recorded.date()
            ),
            _("a record cannot speak for a day still to come when it was written"),
        )


_INDICATOR_LIMIT: Final = 10**15


def _check_indicator_values(data: dict[str, Any]) -> Iterator[Finding]:
    """Values too large to add up and show: a number of 4300 digits is valid TOML."""
    indicators = data.get("indicators")
    for key, value in indicators.items() if isinstance(indicators, dict) else ():
        number = _is_int(value) or (isinstance(value, float) and math.isfinite(value))
        if number and abs(value) > _INDICATOR_LIMIT:
            yield Finding(
                ("indicators", key),
                "WP103",
                _('the value of indicator "{id}" is too large: at most 10^15 either way').format(
                    id=key
                ),
                _("give the value in the indicator's unit; a count this large is likely a typo"),
            )


def _check_record_values(data: dict[str, Any]) -> Iterator[Finding]:
    if data.get("status") != "completed":
        return
    evidence = data.get("evidence")
    if not evidence:
        yield Finding(
            ("status",),
            "WP205",
            _('a "completed" record needs evidence: a link to a report that shows it'),
            _(
                'give one with --evidence URL, or in the file as evidence = [{ title = "...", '
                'url = "https://..." }]'
            ),
        )
    percent = data.get("percent")
    if _is_percent(percent) and percent != 100:
        yield Finding(
            ("percent",),
            "WP205",
            _('a "completed" record has percent = {percent}; completed means 100').format(
                percent=percent
            ),
            _('leave percent out (completed counts as 100), or record status "ongoing"'),
        )
