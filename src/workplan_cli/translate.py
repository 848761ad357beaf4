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

from workplan_cli.positions import Path as Loc
from workplan_cli.rules import Finding
from workplan_cli.text import shorten
from workplan_cli.vocabulary import (
    COUNTRY_NAMES,
    code_hint,
    did_you_mean,
)

_COUNTRY_FIELDS: Final = frozenset({"country", "partner", "lead", "partners"})
_ROLES: Final[dict[str, str]] = {
    "country": "the code of an ASEAN member state",
    "partner": "the code of a dialogue partner",
    "partners": "the code of a dialogue partner",
}


_EXPECTED: Final[dict[str, str]] = {
    "string_type": "text in double quotes",
    "int_type": "a whole number",
    "float_type": "a number",
    "date_type": "a date such as 2024-01-31",
    "datetime_type": "a date and time such as 2025-01-31T09:00:00Z",
    "list_type": "a list such as [...]",
    "model_type": "a table",
    "dict_type": "a table",
    "bool_type": "true or false",
}


def show(value: Any) -> str:
    """A value as a reader would write it, cut short when long."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) and value.bit_length() > 128:
        return "(a very long number)"
    try:
        return shorten(str(value))
    except ValueError:  # a list or table holding a number of more than 4300 digits
        return "(a value holding a very long number)"


def _got(value: Any) -> str:
    kinds: tuple[tuple[type, str], ...] = (
        (bool, "true/false"),
        (str, "text"),
        (int, "a whole number"),
        (float, "a decimal number"),
        (dt.datetime, "a date with a time"),
        (dt.date, "a date"),
        (dt.time, "a time"),
        (list, "a list"),
        (dict, "a table"),
    )
    return next((name for kind, name in kinds if isinstance(value, kind)), "a value")


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
    subject = subject or f'{owner}: "{field}"'

    if kind == "extra_forbidden":
        allowed = _keys_at(loc[:-1], root)
        return Finding(
            loc,
            "WP100",
            f'unknown key "{shorten(field)}" in {owner}',
            did_you_mean(field, allowed) or f"allowed keys: {', '.join(allowed)}",
            at_key=True,
        )
    if kind == "missing":
        return Finding(
            loc, "WP101", f'{owner} has no "{shorten(field)}"; it is required', at_key=True
        )
    if loc == ("format",):
        return Finding(
            loc,
            "WP008",
            f"format = {show(value)} is not a format this version of workplan reads",
            "write format = 1 at the top of the file",
        )
    if kind in _EXPECTED:
        return Finding(
            loc,
            "WP102",
            f"{subject} must be {_EXPECTED[kind]}, not {_got(value)}",
            _type_hint(kind, value),
        )
    if field == "partner" and isinstance(value, list):
        codes = ", ".join(f'"{show(v)}"' for v in value)
        return Finding(
            loc,
            "WP102",
            f'{owner}: "partner" takes one code, not a list',
            f"for several partners write partners = [{codes}] instead",
            at_key=True,
        )
    if kind == "literal_error" and not isinstance(value, str):
        either = " or a list of them" if field == "somtc_area" else ""
        return Finding(
            loc,
            "WP102",
            f"{subject} must be {_EXPECTED['string_type']}{either}, not {_got(value)}",
            did_you_mean(show(value), _choices(error)),
        )
    if kind == "literal_error" and field in _COUNTRY_FIELDS:
        return Finding(
            loc,
            "WP108",
            f'{owner}: "{show(value)}" is not {_ROLES.get(field, "a known country code")}',
            _country_hint(value, _choices(error)),
        )
    return Finding(loc, "WP103", f"{subject} {_value_message(error)}", _value_hint(error))


def _type_hint(kind: str, value: Any) -> str | None:
    if kind == "date_type" and isinstance(value, int) and 1900 <= value <= 2200:
        return f"write a whole date: {value}-01-01 for the first day, {value}-12-31 for the last"
    if kind == "date_type" and isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return "write dates as YYYY-MM-DD without quotes, e.g. start = 2024-01-31"
        return f'write dates without quotes: {value}, not "{value}"'
    if kind == "list_type" and isinstance(value, str):
        return f'put it in a list: ["{show(value)}"]'
    if kind == "string_type" and not isinstance(value, (list, dict)):
        return f'put it in double quotes: "{show(value)}"'
    return None


def _value_message(error: ErrorDetails) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx", {})
    if kind == "literal_error":
        return f'is "{show(value)}", which is not one of: {", ".join(_choices(error))}'
    if kind == "string_pattern_mismatch":
        what = "web address" if error["loc"][-1] == "url" else "id"
        return f'"{show(value)}" is not a valid {what}'
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"is {show(value)}, outside the range 0 to 100"
    if kind == "finite_number":
        return "must be a finite number"
    if kind == "timezone_aware":
        return "needs a time zone: Z for UTC, e.g. 2025-01-31T09:00:00Z"
    if kind == "too_short":
        return "needs at least one value"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    return f"is not valid: {error['msg']}"


def _value_hint(error: ErrorDetails) -> str | None:
    kind = error["type"]
    value = error.get("input")
    if kind == "literal_error":
        return did_you_mean(show(value), _choices(error))
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        if "https?" in pattern:
            return "a web address starts with https:// or http:// and has no spaces"
        if "[a-z0-9]+(-" in pattern:
            return "use lowercase letters, digits and single hyphens, e.g. ammtc-japan-10"
        if "[A-Z][A-Z0-9]" in pattern:
            return "use capital letters, digits and single hyphens, e.g. UNODC"
        return 'use letters and digits joined by single dots, hyphens or underscores, e.g. "CT.1"'
    return None


def _choices(error: ErrorDetails) -> list[str]:
    return re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))


def _country_hint(value: Any, choices: list[str]) -> str:
    return code_hint(show(value), choices, COUNTRY_NAMES)


_KINDS: Final[dict[str, str]] = {
    "coordinators": "coordinator",
    "meetings": "meeting",
    "areas": "area",
    "activities": "activity",
    "indicators": "indicator",
    "bodies": "body",
    "groups": "group",
    "sources": "source",
    "evidence": "evidence",
}


def _owner(loc: Loc, data: Any, top: str) -> str:
    """A reader's name for the table that holds ``loc``, e.g. 'activity "CT.1"'."""
    names: list[str] = []
    numbered = False  # the innermost item has no id of its own, only a number
    node = data
    table = top
    for i, part in enumerate(loc[:-1]):
        node = _child(node, part)
        if isinstance(part, str) and i == 0 and part in ("plan", "rag"):
            table = f"[{part}]"
        if isinstance(part, int):
            kind = _KINDS.get(str(loc[i - 1]), "item")
            item_id = node.get("id") if isinstance(node, dict) else None
            numbered = False
            if isinstance(item_id, str):
                names.append(f'{kind} "{item_id}"')
            elif kind == "coordinator" and isinstance(node, dict) and "country" in node:
                names.append(f"coordinator {node['country']}")
            else:
                names.append(f"{kind} {part + 1}")
                numbered = True
    if numbered and len(names) == 1 and table != top:
        names.insert(0, table)  # e.g. 'source 1 of [plan]'
    if names:
        return " of ".join(reversed(names[-2:])) if numbered else names[-1]
    return table


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
