"""The position map: every key and value of a TOML text is found at its line and column."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import tomli_w
from hypothesis import given, settings
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


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_keys, _values, max_size=4), st.booleans())
def test_every_leaf_has_its_own_position(doc: dict[str, Any], multiline: bool) -> None:
    """It gives every scalar of any document its own position, where its value starts."""
    text = tomli_w.dumps(doc, multiline_strings=multiline)
    doc = tomllib.loads(text)  # what the text holds (multi-line strings fold \r\n)
    positions = PositionMap(text)
    lines = text.split("\n")  # TOML ends lines only at \n, unlike str.splitlines
    for path, value in _leaves(doc):
        line, col = positions.find(path)
        rest = lines[line - 1][col - 1 :]
        if isinstance(value, bool):
            assert rest.startswith(str(value).lower())
        elif isinstance(value, str):
            assert rest[:1] in ('"', "'")
        else:
            assert rest[:1] not in ("", " ", "=", ",", "]", "}")
