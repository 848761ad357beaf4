"""The position map: every key and value of a TOML text is found at its line and column."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from workplan_cli.positions import Path, PositionMap

TRICKY = '''\
# comment with [brackets] and "quotes" = signs
title = """multi-line with ] and } and # and = and "quotes" ""\"
still the string"""
'quoted.key' = 'C:\\\\path'
"esc\\u00e9" = 1  # comment
dotted . key = [ [1, 2], [3, 4] ]
inline = { a = { b = "x,}" }, c = [ { d = 1 } ] }
arr = [
  "a", # a comment in an array
  'b',
]

[[tables]]
x = 1979-05-27T07:32:00Z

[ tables . sub ]
y = true

[[tables]]
x = 2
'''


def test_tricky_text_positions() -> None:
    """It finds keys and values past strings, comments, quoted and dotted keys, inline tables."""
    positions = PositionMap(TRICKY)
    assert positions.find(("title",)) == (2, 9)
    assert positions.find(("quoted.key",), at_key=True) == (4, 1)
    assert positions.find(("esc\u00e9",), at_key=True) == (5, 1)
    assert positions.find(("dotted", "key", 1, 0)) == (6, 27)
    assert positions.find(("inline", "a", "b")) == (7, 22)
    assert positions.find(("inline", "c", 0, "d")) == (7, 43)
    assert positions.find(("arr", 1)) == (10, 3)
    assert positions.find(("tables", 0, "x")) == (14, 5)
    assert positions.find(("tables", 0, "sub", "y")) == (17, 5)
    assert positions.find(("tables", 1, "x")) == (20, 5)


def test_missing_path_falls_back_to_its_table() -> None:
    """It answers a path the text lacks with the nearest table that holds it."""
    positions = PositionMap(TRICKY)
    assert positions.find(("tables", 1, "missing")) == (19, 1)
    assert positions.find(("nothing", "here")) == (1, 1)


_keys = st.text(st.characters(codec="utf-8"), max_size=6)
_scalars = st.one_of(
    st.integers(),
    st.booleans(),
    st.text(st.characters(codec="utf-8")),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.floats(allow_nan=False),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3),
    max_leaves=12,
)


def _leaves(value: Any, path: Path = ()) -> list[tuple[Path, Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*path, i))]
    return [(path, value)]


def _parses_to(rest: str, value: Any) -> bool:
    """True when some prefix of ``rest`` is a TOML value equal to ``value``."""
    for end in range(1, min(len(rest), 2_000) + 1):
        try:
            got = tomllib.loads("v = " + rest[:end])["v"]
        except tomllib.TOMLDecodeError:
            continue
        if type(got) is type(value) and got == value:
            return True
    return False


def _key_at(rest: str, key: str) -> bool:
    """True when ``rest`` starts with ``key`` written as a TOML key."""
    for end in range(1, min(len(rest), 200) + 1):
        try:
            if tomllib.loads(rest[:end] + " = 1") == {key: 1}:
                return True
        except tomllib.TOMLDecodeError:
            continue
    return False


@given(st.dictionaries(_keys, _values, max_size=4), st.booleans(), st.booleans())
def test_every_leaf_has_its_own_position(doc: dict[str, Any], multiline: bool, crlf: bool) -> None:
    """It gives every key and scalar of any document the position where it is written."""
    text = tomli_w.dumps(doc, multiline_strings=multiline)
    if crlf:
        text = text.replace("\n", "\r\n")
    doc = tomllib.loads(text)  # what the text holds (multi-line strings fold \r\n)
    positions = PositionMap(text)
    offsets = [0]
    for source_line in text.split("\n"):  # TOML ends lines only at \n, unlike splitlines
        offsets.append(offsets[-1] + len(source_line) + 1)
    for path, value in _leaves(doc):
        line, col = positions.find(path)
        assert _parses_to(text[offsets[line - 1] + col - 1 :], value), path
        if isinstance(path[-1], str):
            line, col = positions.find(path, at_key=True)
            assert _key_at(text[offsets[line - 1] + col - 1 :], path[-1]), path
