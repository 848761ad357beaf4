"""pydantic's validation errors as our findings: plain words, "did you mean", the right key."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from collections.abc import Mapping
from typing import Any, Final

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from workplan_cli.i18n import N_, NP_, _
from workplan_cli.positions import Path as Loc
from workplan_cli.rules import Finding, named, numbered
from workplan_cli.text import shorten
from workplan_cli.vocabulary import (
    COUNTRY_NAMES,
    code_hint,
    did_you_mean,
)

_COUNTRY_FIELDS: Final = frozenset({"country", "partner", "lead", "partners"})
# TRANSLATORS: {owner} is e.g. 'activity "CT.1"'; {value} what the file says
_NOT_A_CODE: Final[dict[str, str]] = {
    "country": N_('{owner}: "{value}" is not the code of an ASEAN member state'),
    "partner": N_('{owner}: "{value}" is not the code of a dialogue partner'),
    "partners": N_('{owner}: "{value}" is not the code of a dialogue partner'),
}
_NOT_A_COUNTRY: Final = N_('{owner}: "{value}" is not a known country code')


# What a value must be: {expected} in "{subject} must be {expected}, not {got}".
_EXPECTED: Final[dict[str, str]] = {
    "string_type": N_("text in double quotes"),
    "int_type": N_("a whole number"),
    "float_type": N_("a number"),
    "date_type": N_("a date such as 2024-01-31"),
    "datetime_type": N_("a date and time such as 2025-01-31T09:00:00Z"),
    "list_type": N_("a list such as [...]"),
    "model_type": N_("a table"),
    "dict_type": N_("a table"),
    "bool_type": N_("true or false"),
}


def show(value: Any) -> str:
    """A value as a reader would write it, cut short when long."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) and value.bit_length() > 128:
        return _("(a very long number)")
    try:
        return shorten(str(value))
    except ValueError:  # a list or table holding a number of more than 4300 digits
        return _("(a value holding a very long number)")


# What a value is: {got} in "{subject} must be {expected}, not {got}".
_GOT: Final[tuple[tuple[type, str], ...]] = (
    (bool, N_("true/false")),
    (str, N_("text")),
    (int, N_("a whole number")),
    (float, N_("a decimal number")),
    (dt.datetime, N_("a date with a time")),
    (dt.date, N_("a date")),
    (dt.time, N_("a time")),
    (list, N_("a list")),
    (dict, N_("a table")),
)


def _got(value: Any) -> str:
    return _(next((name for kind, name in _GOT if isinstance(value, kind)), N_("a value")))


def translate_errors(
    errors: list[ErrorDetails],
    data: dict[str, Any],
    root: type[BaseModel],
    top: str,
    names: Mapping[str, str],
) -> list[Finding]:
    """Our findings for pydantic's errors about ``data`` read as a ``root``.

    ``top`` names the top level of the file for messages, e.g. "the record"; ``names``
    says how keys of the top level were given when not in a file, e.g. "--percent".
    A misspelt key is one problem, not two (unknown plus missing).
    """
    errors = _one_per_union(errors, data)
    misspelt: set[Loc] = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            close = difflib.get_close_matches(
                str(loc[-1]), _keys_at(loc[:-1], root), n=1, cutoff=0.6
            )
            misspelt.update((*loc[:-1], word) for word in close)
    return [
        _translate(error, data, root, top, names)
        for error in errors
        if not (error["type"] == "missing" and tuple(error["loc"]) in misspelt)
    ]


def _one_per_union(errors: list[ErrorDetails], data: dict[str, Any]) -> list[ErrorDetails]:
    """One error per value of a union type such as ``int | float`` or ``list[X] | X``.

    pydantic reports errors for every member, each at the value's path plus the member's
    name ("int", "float", "list[...]"). Drop the name; for a list, keep the list member's
    errors (about its items); otherwise the last member's error, the widest type ("must be
    a number").
    """
    merged: dict[Loc, list[ErrorDetails]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        tag = _union_tag(loc, data)
        if tag is None:
            merged[loc] = [error]
            continue
        at, rest = loc[:tag], loc[tag + 1 :]
        value = _at(data, at)
        if isinstance(value, list) != str(loc[tag]).startswith("list["):
            merged.setdefault(at, [])  # another member's error, unless none fits better
            continue
        if at in merged and not rest and merged[at] and not isinstance(value, list):
            merged[at] = []  # the last member's error replaces an earlier one
        merged.setdefault(at, []).append({**error, "loc": (*at, *rest)})
    return [e for found in merged.values() for e in found] or errors


def _union_tag(loc: Loc, data: dict[str, Any]) -> int | None:
    """Where in ``loc`` the name of a union member stands, if anywhere."""
    node: Any = data
    for i, part in enumerate(loc):
        looks = isinstance(part, str) and (part in _UNION_TAGS or "[" in part)
        if i and looks and not (isinstance(node, dict) and part in node):
            return i
        node = _child(node, part)
    return None


_UNION_TAGS: Final = frozenset({"int", "float", "str", "bool"})


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = _child(data, part)
    return data


def _translate(
    error: ErrorDetails,
    data: dict[str, Any],
    root: type[BaseModel],
    top: str,
    names: Mapping[str, str],
) -> Finding:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    owner = _owner(loc, data, top)
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    subject = names.get(field, "") if len(loc) == 1 else ""
    # TRANSLATORS: the start of a message about a key, e.g. 'activity "CT.1": "start"'
    subject = subject or _('{owner}: "{key}"').format(owner=owner, key=field)

    if kind == "extra_forbidden":
        allowed = _keys_at(loc[:-1], root)
        return Finding(
            loc,
            "WP100",
            _('unknown key "{key}" in {owner}').format(key=shorten(field), owner=owner),
            did_you_mean(field, allowed)
            or _("allowed keys: {keys}").format(keys=", ".join(allowed)),
            at_key=True,
        )
    if kind == "missing":
        return Finding(
            loc,
            "WP101",
            _('{owner} has no "{key}"; it is required').format(owner=owner, key=shorten(field)),
            at_key=True,
        )
    if loc == ("format",):
        return Finding(
            loc,
            "WP008",
            _("format = {value} is not a format this version of workplan reads").format(
                value=show(value)
            ),
            _("write format = 1 at the top of the file"),
        )
    if kind in _EXPECTED:
        return Finding(
            loc,
            "WP102",
            _must_be(subject, _(_EXPECTED[kind]), _got(value)),
            _type_hint(kind, value),
        )
    if field == "partner" and isinstance(value, list):
        codes = ", ".join(f'"{show(v)}"' for v in value)
        return Finding(
            loc,
            "WP102",
            _('{owner}: "partner" takes one code, not a list').format(owner=owner),
            _("for several partners write partners = [{codes}] instead").format(codes=codes),
            at_key=True,
        )
    if kind == "literal_error" and not isinstance(value, str):
        expected = _(_EXPECTED["string_type"])
        if field == "somtc_area":
            # TRANSLATORS: {expected} is "text in double quotes"; {got} e.g. "a whole number"
            message = _("{subject} must be {expected} or a list of them, not {got}").format(
                subject=subject, expected=expected, got=_got(value)
            )
        else:
            message = _must_be(subject, expected, _got(value))
        return Finding(
            loc,
            "WP102",
            message,
            did_you_mean(show(value), _choices(error)),
        )
    if kind == "literal_error" and field in _COUNTRY_FIELDS:
        return Finding(
            loc,
            "WP108",
            _(_NOT_A_CODE.get(field, _NOT_A_COUNTRY)).format(owner=owner, value=show(value)),
            _country_hint(value, _choices(error)),
        )
    return Finding(loc, "WP103", _value_message(error, subject), _value_hint(error))


def _must_be(subject: str, expected: str, got: str) -> str:
    # TRANSLATORS: {subject} names a key, e.g. 'activity "CT.1": "start"'; {expected} is
    # e.g. "a date such as 2024-01-31"; {got} e.g. "text"
    return _("{subject} must be {expected}, not {got}").format(
        subject=subject, expected=expected, got=got
    )


def _type_hint(kind: str, value: Any) -> str | None:
    if kind == "date_type" and isinstance(value, int) and 1900 <= value <= 2200:
        return _(
            "write a whole date: {year}-01-01 for the first day, {year}-12-31 for the last"
        ).format(year=value)
    if kind == "date_type" and isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return _("write dates as YYYY-MM-DD without quotes, e.g. start = 2024-01-31")
        return _('write dates without quotes: {value}, not "{value}"').format(value=value)
    if kind == "list_type" and isinstance(value, str):
        return _('put it in a list: ["{value}"]').format(value=show(value))
    if kind == "string_type" and not isinstance(value, (list, dict)):
        return _('put it in double quotes: "{value}"').format(value=show(value))
    return None


def _value_message(error: ErrorDetails, subject: str) -> str:
    """Why the value of ``subject`` (e.g. 'activity "CT.1": "status"') is wrong."""
    kind = error["type"]
    value = show(error.get("input"))
    ctx = error.get("ctx", {})
    if kind == "literal_error":
        choices = ", ".join(_choices(error))
        return _('{subject} is "{value}", which is not one of: {choices}').format(
            subject=subject, value=value, choices=choices
        )
    if kind == "string_pattern_mismatch" and error["loc"][-1] == "url":
        return _('{subject} "{value}" is not a valid web address').format(
            subject=subject, value=value
        )
    if kind == "string_pattern_mismatch":
        return _('{subject} "{value}" is not a valid id').format(subject=subject, value=value)
    if kind in ("greater_than_equal", "less_than_equal"):
        return _("{subject} is {value}, outside the range 0 to 100").format(
            subject=subject, value=value
        )
    said = _VALUE_MESSAGES.get(kind)
    if said is not None:
        return _(said).format(subject=subject)
    if kind == "string_too_long":
        return _("{subject} is too long (at most {count} characters)").format(
            subject=subject, count=ctx.get("max_length")
        )
    # TRANSLATORS: {reason} is the schema library's own words, in English
    return _("{subject} is not valid: {reason}").format(subject=subject, reason=error["msg"])


_VALUE_MESSAGES: Final[dict[str, str]] = {
    "finite_number": N_("{subject} must be a finite number"),
    "timezone_aware": N_("{subject} needs a time zone: Z for UTC, e.g. 2025-01-31T09:00:00Z"),
    "too_short": N_("{subject} needs at least one value"),
    "string_too_short": N_("{subject} must not be empty"),
}


def _value_hint(error: ErrorDetails) -> str | None:
    kind = error["type"]
    value = error.get("input")
    if kind == "literal_error":
        return did_you_mean(show(value), _choices(error))
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if "https?" in pattern:
            return _("a web address starts with https:// or http:// and has no spaces")
        if "[a-z0-9]+(-" in pattern:
            return _("use lowercase letters, digits and single hyphens, e.g. ammtc-japan-10")
        if "[A-Z][A-Z0-9]" in pattern:
            return _("use capital letters, digits and single hyphens, e.g. UNODC")
        return _(
            'use letters and digits joined by single dots, hyphens or underscores, e.g. "CT.1"'
        )
    return None


def _choices(error: ErrorDetails) -> list[str]:
    return re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))


def _country_hint(value: Any, choices: list[str]) -> str:
    return code_hint(show(value), choices, COUNTRY_NAMES)


_KINDS: Final[dict[str, str]] = {
    "coordinators": NP_("kind of item", "coordinator"),
    "meetings": NP_("kind of item", "meeting"),
    "areas": NP_("kind of item", "area"),
    "activities": NP_("kind of item", "activity"),
    "indicators": NP_("kind of item", "indicator"),
    "bodies": NP_("kind of item", "body"),
    "groups": NP_("kind of item", "group"),
    "sources": NP_("kind of item", "source"),
    "evidence": NP_("kind of item", "evidence"),
}
_ITEM: Final = NP_("kind of item", "item")


def _owner(loc: Loc, data: Any, top: str) -> str:
    """A reader's name for the table that holds ``loc``, e.g. 'activity "CT.1"'."""
    names: list[str] = []
    by_number = False  # the innermost item has no id of its own, only a number
    node = data
    table = top
    for i, part in enumerate(loc[:-1]):
        node = _child(node, part)
        if isinstance(part, str) and i == 0 and part in ("plan", "rag"):
            table = f"[{part}]"
        if isinstance(part, int):
            kind = _KINDS.get(str(loc[i - 1]), _ITEM)
            item_id = node.get("id") if isinstance(node, dict) else None
            by_number = False
            if isinstance(item_id, str):
                names.append(named(kind, item_id))
            elif kind == "coordinator" and isinstance(node, dict) and "country" in node:
                names.append(named(kind, node["country"], quoted=False))
            else:
                names.append(numbered(kind, part + 1))
                by_number = True
    if by_number and len(names) == 1 and table != top:
        names.insert(0, table)  # e.g. 'source 1 of [plan]'
    if by_number and len(names) > 1:
        # TRANSLATORS: e.g. "source 1 of [plan]", 'evidence 2 of activity "CT.1"'
        return _("{item} of {owner}").format(item=names[-1], owner=names[-2])
    return names[-1] if names else table


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _keys_at(loc: Loc, root: type[BaseModel]) -> list[str]:
    """The keys a table at ``loc`` may hold."""
    model = root
    for part in loc:
        if isinstance(part, int):
            continue
        field = next(
            (f for name, f in model.model_fields.items() if (f.alias or name) == part), None
        )
        inner = _model_in(field.annotation) if field else None
        if inner is None:
            return []
        model = inner
    return [f.alias or name for name, f in model.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
