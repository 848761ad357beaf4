"""Fuzz tests: mutated plan files, progress records and plans directories through the real CLI.

Every input starts from real valid files (the bundled plans/ with their records,
and tests/data/status/plans) and is mutated by a few generic edits that
hypothesis applies at positions it picks: a value replaced (any TOML type, huge
numbers, deep nesting, dates at the edges, long text), a key renamed or
deleted, a line deleted, duplicated or inserted, bytes spliced in (invalid
UTF-8, BOMs, NUL and other control codes), a file truncated, re-encoded or
replaced by random bytes or TOML-like noise, a node of the parsed TOML changed,
and files moved, deleted, renamed, linked or blocked (records filed under the
wrong folders, a FIFO, a folder where a file belongs).

Each command must exit 0, or 1 with a clear error, never 2, never a
traceback, never a hang (each run is stopped after 20 s); a directory that
`validate` accepts must work for every other command; a `record` or
`summary -o` that fails must write nothing.

The suite runs a bounded number of examples (the default profile: 60 + 50 +
100 = 210 examples, about 15 s on 2 cores). The long run, on demand:

    HYPOTHESIS_PROFILE=long python -m pytest -q -p no:cacheprovider \\
        tests/test_fuzz.py --hypothesis-show-statistics

runs 8,000 + 5,000 + 8,000 = 21,000 examples (about 25 minutes on 2 cores).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import signal
import tempfile
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Final

import pytest
import tomli
import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from workplan_cli.cli import app

from .conftest import DATA, REPO

# --- how many examples -----------------------------------------------------------------------

_LONG: Final = settings.get_current_profile_name() == "long"


def _fuzz_settings(default: int, long: int) -> settings:
    """Settings for one fuzz test: ``default`` examples in the suite, ``long`` on demand."""
    return settings(
        max_examples=long if _LONG else default,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


TIMEOUT: Final = 20  # seconds a command may take before it counts as a hang

# --- the seeds: real valid plans directories ---------------------------------------------------


@dataclass(frozen=True)
class Seed:
    """A valid plans directory: its files (relative to plans/) and the ids in it."""

    files: dict[str, bytes]
    activities: dict[str, tuple[str, ...]]  # plan id -> activity ids

    @property
    def plans(self) -> tuple[str, ...]:
        """The plan ids."""
        return tuple(sorted(self.activities))


def _read_seed(folder: Path, only: str | None = None) -> Seed:
    files: dict[str, bytes] = {}
    activities: dict[str, tuple[str, ...]] = {}
    for path in sorted(folder.rglob("*.toml")):
        relative = path.relative_to(folder).as_posix()
        if only is not None and only not in relative:
            continue
        files[relative] = path.read_bytes()
        if "/" not in relative:
            data = tomli.loads(files[relative].decode())
            activities[path.stem] = tuple(
                act["id"] for area in data["areas"] for act in area.get("activities", [])
            )
    return Seed(files, activities)


SEEDS: Final = {
    "fixture": _read_seed(DATA / "status" / "plans"),
    "bundled": _read_seed(REPO / "plans"),
    **{
        path.stem: _read_seed(REPO / "plans", path.stem) for path in (REPO / "plans").glob("*.toml")
    },
}

# --- TOML values as text: every type, edges, huge, deep, long ----------------------------------

_EDGE_VALUES: Final = (
    "0", "-1", "50", "100", "101", "+7", "007", "1_000", "0x7FFFFFFFFFFFFFFF", "0o17", "0b11",
    "9223372036854775807", "-9223372036854775808", "18446744073709551616", "1e400", "-1e400",
    "1e-400", "nan", "+nan", "-nan", "inf", "+inf", "-inf",
    "-0.0", "0.5", "99.999", "3.14e2", "true", "false", "TRUE", "0001-01-01", "9999-12-31",
    "2024-02-29", "2023-02-29", "2024-13-01", "2024-04-31", "0000-00-00", "2024-1-5",
    "2024-01-01T00:00:00Z", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00-23:59", "9999-12-31T23:59:59+23:59", "2024-02-29T12:00:00+14:00",
    "2024-06-30T23:59:60Z", "2024-06-30T24:00:00Z", "2024-06-30T12:00:00+24:00",
    "2024-06-30 12:00:00.123456789-00:01", "2024-06-30T12:00:00", "12:00:00", "00:00:00.000001",
    '""', "''", '"""\n"""', "'''\n'''", '"\\u0000"', '"\\uD800"', '"\\U0010FFFF"', '"\\x41"',
    '"\\e"', '"\\u001b[31mred"', '"a\\nb"', '"\\r"', '"\\u2028"', '"\\u202e"', "[]", "{}", "[[]]",
    "[{}]", "[1, 'a', 2024-01-01, {a = 1}]", "{ a = 1, a = 2 }", '"JP"', '"jp"', '"JPN"',
    '"terrorism"', '"completed"', '"illustrative"', '"https://example.org/x"', '"ftp://x"',
    # text that acts elsewhere: rich markup, GitHub workflow commands, formulas, escapes
    '"[/i]"', '"ROK [/b]"', '"[link=https://evil.example]click[/link]"', '"[bold red]x"',
    '"\\n::error title=Injected::fake"', '"::add-mask::x"', '"=HYPERLINK(\\"x\\")"',
    '"@SUM(A1)"', '"https://x.org/\\u001b]0;PWNED\\u0007"', '"a\\u202eb"', '"a|b\\\\"',
    '"http://"', '"CT.1"', '"ct.1"', '"fixture-2024-2025"', '"somtc-japan-2023-2027"',
)  # fmt: skip


def _basic_string(text: str) -> str:
    """``text`` as a TOML basic string, control codes escaped."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _offset(minutes: int) -> str:
    if minutes == 0:
        return "Z"
    sign = "+" if minutes > 0 else "-"
    return f"{sign}{abs(minutes) // 60:02}:{abs(minutes) % 60:02}"


def _deep(depth: int, kind: str) -> str:
    if kind == "array":
        return "[" * depth + "]" * depth
    if kind == "table":
        return "{a = " * depth + "1" + "}" * depth
    return "[{a = " * depth + "1" + "}]" * depth


_scalar_texts = st.one_of(
    st.sampled_from(_EDGE_VALUES),
    st.builds(  # huge numbers: Python reads at most 4300 digits
        lambda sign, digits, n: sign + digits[0] + digits[1] * n,
        st.sampled_from(["", "-", "+", "0x"]),
        st.sampled_from([("1", "0"), ("9", "9"), ("1", "_1")]),
        st.sampled_from([4298, 4299, 4300, 5000, 100_000]),
    ),
    st.integers().map(str),
    st.floats().map(repr),
    st.booleans().map(lambda b: str(b).lower()),
    st.text(max_size=40).map(_basic_string),
    st.dates().map(dt.date.isoformat),
    st.builds(
        lambda d, t, m: f"{d.isoformat()}T{t.isoformat()}{_offset(m)}",
        st.dates(),
        st.times(),
        st.integers(-1439, 1439),
    ),
    st.builds(
        lambda ch, n: _basic_string(ch * n),
        st.sampled_from(["x", "A", "é", "\u4e2d", "1.", "-", "\n"]),
        st.integers(1, 100_000),
    ),
    st.builds(_deep, st.integers(1, 3000), st.sampled_from(["array", "table", "mixed"])),
)
_bare_keys = st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True)
_value_texts = st.recursive(
    _scalar_texts,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(_bare_keys, inner), max_size=4).map(
            lambda pairs: "{" + ", ".join(f"{k} = {v}" for k, v in pairs) + "}"
        ),
    ),
    max_leaves=6,
)

_SCHEMA_KEYS: Final = (
    "format", "plan", "id", "title", "short_title", "aliases", "partner", "track", "kind",
    "start", "end", "status", "basis", "note", "sources", "url", "coordinators", "country",
    "from", "until", "rag", "amber", "red", "meetings", "level", "date", "place", "outcome",
    "provenance", "areas", "somtc_area", "description", "activities", "lead", "partners",
    "expected_results", "indicators", "unit", "baseline", "target", "aggregation", "activity",
    "as_of", "percent", "meeting", "reported_by", "evidence", "restricted", "recorded_at",
)  # fmt: skip


def _typo(word: str, at: int) -> str:
    at %= max(len(word), 1)
    return word[:at] + word[at + 1 :] if len(word) > 1 else word + "x"


_keys = st.one_of(
    st.sampled_from(_SCHEMA_KEYS),
    st.builds(_typo, st.sampled_from(_SCHEMA_KEYS), st.integers(0, 20)),
    st.sampled_from(_SCHEMA_KEYS).map(str.upper),
    _bare_keys,
    st.text(max_size=12).map(_basic_string),
    st.builds(lambda n: ".".join(["a"] * n), st.integers(2, 3000)),
)
_HEADERS: Final = (
    "plan", "rag", "meetings", "areas", "areas.activities", "areas.activities.indicators",
    "plan.coordinators", "plan.sources", "evidence", "indicators", "sources", "x",
)  # fmt: skip
_lines = st.one_of(
    st.builds(lambda k, v: f"{k} = {v}", _keys, _value_texts),
    st.sampled_from(_HEADERS).map(lambda h: f"[{h}]"),
    st.sampled_from(_HEADERS).map(lambda h: f"[[{h}]]"),
    st.builds(lambda k: f"[{k}]", _keys),
    st.text(max_size=60),
)

# --- edits of one file's bytes -----------------------------------------------------------------

_KEY: Final = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_KEY_AT: Final = re.compile(rf"(?m)(?:^|[{{,])[ \t]*({_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)[ \t]*=[ \t]*")


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _value_end(text: str, i: int) -> int:
    """Where the TOML value that starts at ``i`` ends (forgiving: text may be broken)."""
    n = len(text)
    if i >= n:
        return i
    depth = 0
    while i < n:
        ch = text[i]
        if ch in "\"'":
            triple = text.startswith(ch * 3, i)
            close = ch * 3 if triple else ch
            j = i + len(close)
            while j < n and not text.startswith(close, j):
                if ch == '"' and text[j] == "\\":
                    j += 1
                elif not triple and text[j] == "\n":
                    break
                j += 1
            i = min(j + len(close), n)
        elif ch in "[{":
            depth += 1
            i += 1
        elif ch in "]}":
            if depth == 0:
                return i
            depth -= 1
            i += 1
        elif ch in ",\n#" and depth == 0:
            return i
        else:
            i += 1
        if depth == 0 and (i >= n or text[i] in ",]}\n#\r"):
            return i
    return n


def _nth_key(text: str, at: int) -> re.Match[str] | None:
    """The ``at``-th key of the text (counting round), or None when it has none."""
    found = list(_KEY_AT.finditer(text))
    return found[at % len(found)] if found else None


@dataclass(frozen=True)
class ReplaceValue:
    """The value of the ``at``-th key (in tables or inline tables) becomes ``value``."""

    at: int
    value: str

    def apply(self, raw: bytes) -> bytes:
        text = _decode(raw)
        match = _nth_key(text, self.at)
        if match is None:
            return raw
        start = match.end()
        return _encode(text[:start] + self.value + text[_value_end(text, start) :])


@dataclass(frozen=True)
class RenameKey:
    """The ``at``-th key is renamed to ``key`` (which may be another key there: a duplicate)."""

    at: int
    key: str

    def apply(self, raw: bytes) -> bytes:
        text = _decode(raw)
        match = _nth_key(text, self.at)
        if match is None:
            return raw
        return _encode(text[: match.start(1)] + self.key + text[match.end(1) :])


def _split_lines(raw: bytes) -> list[bytes]:
    return raw.splitlines(keepends=True) or [b""]


@dataclass(frozen=True)
class DeleteLine:
    """Line ``at`` is removed (a required key, a table header, half of a value)."""

    at: int

    def apply(self, raw: bytes) -> bytes:
        lines = _split_lines(raw)
        del lines[self.at % len(lines)]
        return b"".join(lines)


@dataclass(frozen=True)
class CopyLine:
    """Line ``at`` is copied to before line ``to`` (duplicate keys and tables)."""

    at: int
    to: int

    def apply(self, raw: bytes) -> bytes:
        lines = _split_lines(raw)
        line = lines[self.at % len(lines)]
        lines.insert(self.to % (len(lines) + 1), line if line.endswith(b"\n") else line + b"\n")
        return b"".join(lines)


@dataclass(frozen=True)
class InsertLine:
    """``line`` is inserted before line ``at``."""

    at: int
    line: str

    def apply(self, raw: bytes) -> bytes:
        lines = _split_lines(raw)
        lines.insert(self.at % (len(lines) + 1), _encode(self.line) + b"\n")
        return b"".join(lines)


@dataclass(frozen=True)
class Splice:
    """``cut`` bytes at ``at`` are replaced by ``data``."""

    at: int
    cut: int
    data: bytes

    def apply(self, raw: bytes) -> bytes:
        at = self.at % (len(raw) + 1)
        return raw[:at] + self.data + raw[at + self.cut :]


@dataclass(frozen=True)
class Truncate:
    """The file ends at byte ``at``."""

    at: int

    def apply(self, raw: bytes) -> bytes:
        return raw[: self.at % (len(raw) + 1)]


def _reencode(raw: bytes, encoding: str) -> bytes:
    return _decode(raw).encode(encoding, "replace")


_TRANSFORMS: Final[dict[str, Callable[[bytes], bytes]]] = {
    "crlf": lambda raw: raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
    "cr": lambda raw: raw.replace(b"\n", b"\r"),
    "bom": lambda raw: b"\xef\xbb\xbf" + raw,
    "two-boms": lambda raw: b"\xef\xbb\xbf\xef\xbb\xbf" + raw,
    "utf-16": lambda raw: _reencode(raw, "utf-16"),
    "latin-1": lambda raw: _reencode(raw, "latin-1"),
    "no-final-newline": lambda raw: raw.rstrip(b"\n"),
    "tabs": lambda raw: raw.replace(b" ", b"\t"),
    "nul-end": lambda raw: raw + b"\x00",
    "doubled": lambda raw: raw + raw,
    "empty": lambda raw: b"",
    "blank": lambda raw: b" \n\t\n",
    "comments-only": lambda raw: b"# nothing here\n",
}


@dataclass(frozen=True)
class Transform:
    """A change of the whole file: line ends, byte-order marks, encodings, doubled, emptied."""

    name: str

    def apply(self, raw: bytes) -> bytes:
        return _TRANSFORMS[self.name](raw)


@dataclass(frozen=True)
class Replace:
    """The whole file becomes ``data``: random bytes, or TOML-like noise."""

    data: bytes

    def apply(self, raw: bytes) -> bytes:
        return self.data


def _nodes(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield (*path, key)
            yield from _nodes(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield (*path, index)
            yield from _nodes(inner, (*path, index))


@dataclass(frozen=True)
class TreeEdit:
    """In the parsed TOML, node ``at`` is set to ``value``, deleted, renamed to ``key``, or
    wrapped in a list; the file is written again with tomli-w (comments lost)."""

    at: int
    action: str
    key: str
    value: Any

    def apply(self, raw: bytes) -> bytes:
        try:
            data = tomli.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError, ValueError):
            return raw
        nodes = list(_nodes(data))
        if not nodes:
            return raw
        path = nodes[self.at % len(nodes)]
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        if self.action == "delete":
            del parent[last]
        elif self.action == "rename" and isinstance(parent, dict):
            parent[self.key] = parent.pop(last)
        elif self.action == "wrap":
            parent[last] = [parent[last]]
        elif self.action == "add" and isinstance(parent, dict):
            parent[self.key] = self.value
        else:
            parent[last] = self.value
        try:
            return tomli_w.dumps(data).encode("utf-8", "surrogatepass")
        except (TypeError, ValueError, RecursionError):
            return raw


FileEdit = (
    ReplaceValue
    | RenameKey
    | DeleteLine
    | CopyLine
    | InsertLine
    | Splice
    | Truncate
    | Transform
    | Replace
    | TreeEdit
)

_INTERESTING_BYTES: Final = (
    b"\xff", b"\xfe", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80",
    b"\xef\xbb\xbf", b"\x00", b"\x01", b"\x1b[31m", b"\x7f", b"\x0c", b"\x0b", b"\r", b"\r\n",
    b"\n", b"\t", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xae", b'"', b"'", b'"""', b"[", b"]",
    b"{", b"}", b"=", b"#", b".", b",", b"\\", b"\\u", b"\xe2\x80\x9c",
)  # fmt: skip
_NOISE_CHARS: Final = "[]{}=\"'.,#\n\r\t =abcTZ-_:+0123456789eE\\"

_py_scalars = st.one_of(
    st.none(),  # tomli-w refuses None: the edit is then a no-op
    st.booleans(),
    st.integers(),
    st.sampled_from([-(2**63), 2**63 - 1, 2**63, 2**64, 10**300]),
    st.floats(),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(
        timezones=st.one_of(
            st.none(),
            st.just(dt.UTC),
            st.integers(-1439, 1439).map(lambda m: dt.timezone(dt.timedelta(minutes=m))),
        )
    ),
    st.times(),
)
_py_values = st.recursive(
    _py_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=8,
)

_file_edits: st.SearchStrategy[FileEdit] = st.one_of(
    st.builds(ReplaceValue, st.integers(0, 10**6), _value_texts),
    st.builds(RenameKey, st.integers(0, 10**6), _keys),
    st.builds(DeleteLine, st.integers(0, 10**6)),
    st.builds(CopyLine, st.integers(0, 10**6), st.integers(0, 10**6)),
    st.builds(InsertLine, st.integers(0, 10**6), _lines),
    st.builds(
        Splice,
        st.integers(0, 10**6),
        st.integers(0, 8),
        st.one_of(st.sampled_from(_INTERESTING_BYTES), st.binary(max_size=8)),
    ),
    st.builds(Truncate, st.integers(0, 10**6)),
    st.builds(Transform, st.sampled_from(sorted(_TRANSFORMS))),
    st.builds(
        Replace,
        st.one_of(
            st.binary(max_size=300),
            st.text(_NOISE_CHARS, max_size=300).map(str.encode),
        ),
    ),
    st.builds(
        TreeEdit,
        st.integers(0, 10**6),
        st.sampled_from(["set", "delete", "rename", "wrap", "add"]),
        st.one_of(st.sampled_from(_SCHEMA_KEYS), st.text(max_size=10)),
        _py_values,
    ),
)

# --- edits of the plans directory --------------------------------------------------------------


def _files(plans: Path) -> list[Path]:
    """Every file (or link, or FIFO) under ``plans``, in a stable order."""
    found = []
    for top, dirs, names in os.walk(plans):
        dirs.sort()
        found += [Path(top, name) for name in sorted(names)]
        found += [Path(top, d) for d in dirs if os.path.islink(os.path.join(top, d))]
    return found


def _record_folders(plans: Path, depth: int) -> list[Path]:
    """Folders ``depth`` levels below plans/progress/ (1: plans, 2: activities)."""
    progress = plans / "progress"
    pattern = "/".join(["*"] * depth)
    return sorted(p for p in progress.glob(pattern) if p.is_dir() and not p.is_symlink())


@dataclass(frozen=True)
class EditFile:
    """File ``target`` (plan or record) gets ``edit``."""

    target: int
    edit: FileEdit

    def apply(self, root: Path, plans: Path) -> None:
        files = [f for f in _files(plans) if f.is_file() and not f.is_symlink()]
        if files:
            path = files[self.target % len(files)]
            path.write_bytes(self.edit.apply(path.read_bytes()))


_NAMES: Final = (
    "", "x.toml", "X.TOML", ".hidden.toml", "noext", "a b.toml", "fixture-2024-2025.toml",
    "somtc-japan-2023-2027.toml", "progress.toml", "CT.1.toml", "-.toml", ".toml",
    # names that act elsewhere: a spreadsheet formula, terminal escapes, markup, a CI command
    '=HYPERLINK("x","open").toml', "+cmd.toml", "\x1b[2K\x1b[1A.toml", "[/b].toml",
    "::error title=x::y.toml", "\u202egpj.toml",
)  # fmt: skip


@dataclass(frozen=True)
class MoveFile:
    """File ``target`` is moved (or copied) to another place, under ``name`` if given."""

    target: int
    where: str
    pick: int
    name: str
    copy: bool

    def apply(self, root: Path, plans: Path) -> None:
        files = _files(plans)
        if not files:
            return
        source = files[self.target % len(files)]
        progress = plans / "progress"
        acts, ids = _record_folders(plans, 2), _record_folders(plans, 1)
        if self.where == "activity" and acts:
            folder = acts[self.pick % len(acts)]
        elif self.where == "plan" and ids:
            folder = ids[self.pick % len(ids)]
        elif self.where == "deeper" and acts:
            folder = acts[self.pick % len(acts)] / "sub"
        elif self.where == "new-activity" and ids:
            folder = ids[self.pick % len(ids)] / ("ct.1", "CT.9", "A.1", "x")[self.pick % 4]
        elif self.where == "loose":
            folder = progress
        elif self.where == "away":
            folder = root / "outside"
        else:
            folder = plans
        if folder.exists() and not folder.is_dir():
            return
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / (self.name or source.name)
        if target.exists() or target.is_symlink():
            return
        if self.copy and source.is_file() and not source.is_symlink():
            shutil.copyfile(source, target)
        else:
            os.rename(source, target)


@dataclass(frozen=True)
class RenameFolder:
    """A folder under progress/ (or progress/ itself) is renamed."""

    target: int
    name: str

    def apply(self, root: Path, plans: Path) -> None:
        folders = sorted(p for p in (plans / "progress").rglob("*") if p.is_dir())
        folders.append(plans / "progress")
        folder = folders[self.target % len(folders)]
        new = folder.parent / (self.name or folder.name.lower())
        if folder.is_dir() and not new.exists():
            os.rename(folder, new)


@dataclass(frozen=True)
class Block:
    """Something that is not a plain file where files are read: a FIFO, a folder named
    *.toml, a file named progress, a name that is not UTF-8, a symbolic link."""

    kind: str
    target: int

    def apply(self, root: Path, plans: Path) -> None:
        folders = [plans, *_record_folders(plans, 1), *_record_folders(plans, 2)]
        folder = folders[self.target % len(folders)]
        files = [f for f in _files(plans) if f.is_file() and not f.is_symlink()]
        victim = files[self.target % len(files)] if files else None
        made = folder / f"{self.kind}.toml"
        if made.exists() or made.is_symlink():
            return
        if self.kind == "fifo":
            os.mkfifo(made)
        elif self.kind == "dir":
            made.mkdir()
        elif self.kind == "empty":
            made.write_bytes(b"")
        elif self.kind == "not-utf8-name":
            bad = folder / "bad\udcff.toml"  # the byte 0xFF on disk
            if not (bad.exists() or bad.is_symlink()):
                bad.write_bytes(victim.read_bytes() if victim else b"format = 1\n")
        elif self.kind == "progress-file":
            progress = plans / "progress"
            if progress.is_dir() and not progress.is_symlink():
                os.rename(progress, root / "outside" / "progress")
            if not (progress.exists() or progress.is_symlink()):
                progress.write_bytes(b"format = 1\n")
        elif self.kind == "progress-link":
            progress = plans / "progress"
            if progress.is_dir() and not progress.is_symlink():
                os.rename(progress, root / "outside" / "progress")
                progress.symlink_to(Path("..", "outside", "progress"))
        elif victim is not None and self.kind.startswith("link-"):
            victim.unlink()
            point = {
                "link-null": "/dev/null",
                "link-zero": "/dev/zero",
                "link-self": victim.name,
                "link-missing": "missing.toml",
                "link-folder": ".",
            }[self.kind]
            victim.symlink_to(point)


@dataclass(frozen=True)
class DeleteFile:
    """File ``target`` is deleted."""

    target: int

    def apply(self, root: Path, plans: Path) -> None:
        files = _files(plans)
        if files:
            files[self.target % len(files)].unlink()


DirEdit = EditFile | MoveFile | RenameFolder | Block | DeleteFile


@dataclass(frozen=True)
class _Put:
    """The file ``name`` (relative to plans/) holds ``raw``."""

    name: str
    raw: bytes

    def apply(self, root: Path, plans: Path) -> None:
        (plans / self.name).write_bytes(self.raw)


_dir_edits: st.SearchStrategy[DirEdit] = st.one_of(
    st.builds(EditFile, st.integers(0, 10**6), _file_edits),
    st.builds(EditFile, st.integers(0, 10**6), _file_edits),
    st.builds(EditFile, st.integers(0, 10**6), _file_edits),
    st.builds(
        MoveFile,
        st.integers(0, 10**6),
        st.sampled_from(
            ["activity", "plan", "deeper", "new-activity", "loose", "away", "plans-root"]
        ),
        st.integers(0, 10**6),
        st.sampled_from(_NAMES),
        st.booleans(),
    ),
    st.builds(
        RenameFolder,
        st.integers(0, 10**6),
        st.sampled_from(["", "CT.9", "x", "fixture-2024-2025", "somtc-rok-2023-2025", "Progress"]),
    ),
    st.builds(
        Block,
        st.sampled_from(
            [
                *("fifo", "dir", "empty", "not-utf8-name", "progress-file", "progress-link"),
                *("link-null", "link-zero", "link-self", "link-missing", "link-folder"),
            ]
        ),
        st.integers(0, 10**6),
    ),
    st.builds(DeleteFile, st.integers(0, 10**6)),
)

# --- running commands and checking what they print ---------------------------------------------


class Hang(Exception):  # noqa: N818  # the name the failure report shows
    """A command ran longer than TIMEOUT seconds."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang(f"the command ran longer than {TIMEOUT} s")


_RUNNER: Final = CliRunner()
_PROBLEM_LINE: Final = re.compile(r"[^\n]+: error\[WP[0-9]{3}\]: [^\n]+")
_HINT_LINE: Final = re.compile(r"  hint: [^\n]+")
_ERROR_LINE: Final = re.compile(r"error: [^\n]+")
_TALLY_LINE: Final = re.compile(r"[0-9]+ problems? in [0-9]+ files? \([^\n]+ checked\)")
_OK_LINE: Final = re.compile(r"ok: [^\n]+ checked, no problems")


def _describe(args: Sequence[str], result: Result) -> str:
    shown = "".join(traceback.format_exception(result.exception)) if result.exception else ""
    return (
        f"workplan {' '.join(args)}\nexit {result.exit_code}\n--- stdout\n{result.stdout[:3000]}"
        f"\n--- stderr\n{result.stderr[:3000]}\n{shown}"
    )


def run(args: Sequence[str]) -> Result:
    """``workplan ARGS`` through typer's runner, stopped after TIMEOUT seconds, then checked:
    exit 0, or exit 1 with errors in the documented format; never a traceback."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, TIMEOUT)
    try:
        result = _RUNNER.invoke(app, list(args))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    about = _describe(args, result)
    assert not isinstance(result.exception, Hang), about
    assert result.exception is None or isinstance(result.exception, SystemExit), about
    assert result.exit_code in (0, 1), about
    assert "Traceback" not in result.stdout + result.stderr, about
    # text from the files never acts on a terminal or a CI log, in any format
    assert "\x1b" not in result.stdout + result.stderr, about
    if "github" not in args:  # annotations are the one output meant to be run by GitHub
        assert not any(line.lstrip().startswith("::") for line in result.stdout.splitlines()), about
    if result.exit_code == 1:
        if args[0] == "validate" and result.stdout:
            _check_problems(args, result, about)
        else:
            lines = result.stderr.split("\n")
            assert lines[-1] == "", about
            assert _ERROR_LINE.fullmatch(lines[0]), about
            assert all(_ERROR_LINE.fullmatch(x) or _HINT_LINE.fullmatch(x) for x in lines[:-1]), (
                about
            )
            if result.stdout:  # the overview shows the sound plans, and names the others
                _check_partial(args, result, about)
    elif args[0] == "validate" and "json" not in args:
        assert _OK_LINE.fullmatch(result.stdout.removesuffix("\n")), about
    return result


def _check_partial(args: Sequence[str], result: Result, about: str) -> None:
    """Output with exit 1: only of `status` (no plan) and `areas`, with the plans not shown
    named in it (CSV: the sound plans' rows, each problem on stderr)."""
    plan_given = args[0] == "status" and len(args) > 1 and not args[1].startswith("-")
    assert args[0] in ("status", "areas"), about
    assert not plan_given, about
    fmt = args[args.index("-f") + 1] if "-f" in args else "table"
    if fmt == "json":
        assert json.loads(result.stdout)["problems"] > 0, about
    elif fmt == "csv":
        assert result.stdout.splitlines()[0].startswith("as_of,"), about
    else:
        said = ("Not shown: ", "Files with problems are listed below")
        assert any(s in result.stdout for s in said), about


def _check_problems(args: Sequence[str], result: Result, about: str) -> None:
    """`validate` found problems: it lists them on stdout, in the format of its --format."""
    assert result.stderr == "", about
    if "json" in args:
        doc = json.loads(result.stdout)
        assert doc["valid"] is False, about
        assert doc["problem_count"] == len(doc["problems"]) > 0, about
        return
    lines = result.stdout.split("\n")
    assert lines[-1] == "", about
    assert _PROBLEM_LINE.fullmatch(lines[0]), about
    assert _TALLY_LINE.fullmatch(lines[-2]), about
    for line in lines[:-2]:
        assert _PROBLEM_LINE.fullmatch(line) or _HINT_LINE.fullmatch(line), about


Entry = tuple[str, bytes | str | None]


def snapshot(root: Path) -> dict[str, Entry]:
    """Every file, folder and link under ``root``, with the bytes of each file."""
    found: dict[str, Entry] = {}
    for top, dirs, names in os.walk(root):
        for name in dirs + names:
            path = os.path.join(top, name)
            info = os.lstat(path)
            if os.path.islink(path):
                found[path] = ("link", os.readlink(path))
            elif os.path.isdir(path):
                found[path] = ("folder", None)
            elif os.path.isfile(path):
                found[path] = ("file", Path(path).read_bytes())
            else:
                found[path] = ("other", str(info.st_mode))
    return found


@contextmanager
def example_dir(seed: Seed, edits: Sequence[DirEdit | _Put]) -> Iterator[tuple[Path, Path]]:
    """A fresh directory below the current one: plans/ (the seed, edited) and outside/."""
    root = Path(tempfile.mkdtemp(prefix="fuzz-", dir="."))
    try:
        plans = root / "plans"
        for name, raw in seed.files.items():
            (plans / name).parent.mkdir(parents=True, exist_ok=True)
            (plans / name).write_bytes(raw)
        (root / "outside").mkdir()
        for edit in edits:
            with contextlib.suppress(OSError):  # an edit the tree cannot take is left out
                edit.apply(root, plans)
        yield root, plans
    finally:
        shutil.rmtree(root)


def _plan_to_use(plans: Path, wanted: str) -> str | None:
    """The plan the seed was about, else another plan file there; None when there is none."""
    if (plans / f"{wanted}.toml").is_file():
        return wanted
    stems = sorted(p.stem for p in plans.glob("*.toml") if re.fullmatch(r"[a-z0-9-]+", p.stem))
    return stems[0] if stems else None


def summary_to_file(plans: Path, out: Path, args: list[str], fmt: str) -> Result:
    """`summary ARGS -o FILE`: a file exactly when it succeeds, never a temporary file left."""
    out.mkdir()
    target = out / f"report.{fmt}"
    command = ["summary", *args, "-f", fmt, "-o", str(target), "--plans", str(plans)]
    result = run(command)
    left = sorted(p.name for p in out.iterdir())
    assert left == ([target.name] if result.exit_code == 0 else []), _describe(command, result)
    return result


_formats = st.sampled_from(["table", "plain", "json", "csv"])
_seeds = st.sampled_from(sorted(SEEDS))


# --- the tests ---------------------------------------------------------------------------------


_EDGE_DAYS: Final = (
    dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(9999, 1, 1), dt.date(2024, 2, 29),
    dt.date(2023, 12, 31), dt.date(2024, 1, 1), dt.date(2025, 6, 30),
)  # fmt: skip
_days = st.one_of(st.sampled_from(_EDGE_DAYS), st.dates())


def _meetings(path: Path) -> list[str]:
    """The meeting ids in a plan file as it is now, if it can be read."""
    if path.is_symlink() or not path.is_file():  # /dev/zero or a FIFO would never end
        return []
    try:
        data = tomli.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError, ValueError):
        return []
    meetings = data.get("meetings")
    found = (
        [m.get("id") for m in meetings if isinstance(m, dict)] if isinstance(meetings, list) else []
    )
    return [m for m in found if isinstance(m, str)]


def _period(plans: Path, plan: str, mode: str, days: list[dt.date], pick: int) -> list[str]:
    """The options of `summary` that choose its period: none, --as-of, --since with --as-of,
    or --meeting with a meeting of the plan (never options that contradict each other)."""
    first, last = sorted(days)
    meetings = _meetings(plans / f"{plan}.toml")
    if mode == "meeting" and meetings:
        return ["--meeting", meetings[pick % len(meetings)]]
    if mode == "since":
        return ["--since", first.isoformat(), "--as-of", last.isoformat()]
    return ["--as-of", last.isoformat()] if mode == "as-of" else []


@pytest.mark.slow
@_fuzz_settings(default=60, long=8_000)
@given(
    seed_name=_seeds,
    plan_pick=st.integers(0, 2),
    edits=st.lists(_dir_edits, min_size=0, max_size=4),
    fmt=_formats,
    mode=st.sampled_from(["today", "as-of", "since", "meeting"]),
    days=st.lists(_days, min_size=2, max_size=2),
    pick=st.integers(0, 100),
)
def test_mutated_plans_directory_through_every_command(
    seed_name: str,
    plan_pick: int,
    edits: list[DirEdit],
    fmt: str,
    mode: str,
    days: list[dt.date],
    pick: int,
) -> None:
    """Every read command gives exit 0 or a clear error on a mutated plans directory; when
    `validate` accepts it, every other command works on it; `summary -o` writes all or
    nothing."""
    seed = SEEDS[seed_name]
    with example_dir(seed, edits) as (root, plans):
        folder = ["--plans", str(plans)]
        valid = run(["validate", *folder]).exit_code == 0
        event("validate: ok" if valid else "validate: problems")
        as_json = run(["validate", "-f", "json", *folder])
        assert json.loads(as_json.stdout)["valid"] is valid
        plan = _plan_to_use(plans, seed.plans[plan_pick % len(seed.plans)])
        day = [] if mode == "today" else ["--as-of", days[0].isoformat()]
        results = [
            run(["status", "-f", fmt, *day, *folder]),
            run(["areas", "-f", fmt, *day, *folder]),
        ]
        if plan is not None:
            period = _period(plans, plan, mode, days, pick)
            since = [] if mode == "today" else ["--since", days[1].isoformat()]
            results += [
                run(["status", plan, "-f", fmt, *day, *folder]),
                run(["history", plan, "-f", fmt, *since, *folder]),
                run(["summary", plan, *period, *folder]),
                summary_to_file(plans, root / "out-html", [plan, *period], "html"),
                summary_to_file(plans, root / "out-json", [plan, *period], "json"),
            ]
        if valid:
            assert plan is not None
            for result in results:
                assert result.exit_code == 0, result.stderr


@pytest.mark.slow
@_fuzz_settings(default=50, long=5_000)
@given(
    seed_name=_seeds,
    plan_pick=st.integers(0, 2),
    activity_pick=st.integers(0, 100),
    edits=st.lists(_dir_edits, min_size=0, max_size=3),
    day=st.one_of(
        st.sampled_from(
            [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2024, 2, 29), dt.date(2023, 1, 1)]
        ),
        st.dates(dt.date(2020, 1, 1), dt.date.today() + dt.timedelta(days=2)),
    ),
    note=st.one_of(st.none(), st.text(max_size=50)),
)
def test_record_on_a_mutated_plans_directory_writes_all_or_nothing(
    seed_name: str,
    plan_pick: int,
    activity_pick: int,
    edits: list[DirEdit],
    day: dt.date,
    note: str | None,
) -> None:
    """`record` either refuses with a clear error and writes nothing, or adds exactly one
    record file, which `validate` accepts, and changes nothing else."""
    seed = SEEDS[seed_name]
    plan = seed.plans[plan_pick % len(seed.plans)]
    activities = seed.activities[plan]
    activity = activities[activity_pick % len(activities)]
    with example_dir(seed, edits) as (root, plans):
        before = snapshot(root)
        args = ["record", plan, activity, "-s", "ongoing", "-p", "50", "--as-of", day.isoformat()]
        if note is not None:
            args += ["--note", note]
        result = run([*args, "--plans", str(plans)])
        after = snapshot(root)
        about = _describe(args, result)
        event(f"record: exit {result.exit_code}")
        if result.exit_code != 0:
            assert after == before, about
            return
        assert {k: v for k, v in after.items() if k in before} == before, about
        added = sorted(set(after) - set(before))
        new_files = [k for k in added if after[k][0] == "file" and k.endswith(".toml")]
        assert len(new_files) == 1, about
        (new,) = new_files
        assert Path(new).parent == plans / "progress" / plan / activity, about
        ignore = str(plans / "progress" / ".gitignore")
        assert all(after[k][0] == "folder" or k in (new, ignore) for k in added), about
        run(["validate", new])


@pytest.mark.slow
@_fuzz_settings(default=100, long=8_000)
@given(
    seed_name=st.sampled_from(["fixture", "somtc-rok-2023-2025"]),
    target=st.integers(0, 10**6),
    edits=st.lists(_file_edits, min_size=1, max_size=4),
)
def test_mutated_file_through_validate_status_and_summary(
    seed_name: str, target: int, edits: list[FileEdit]
) -> None:
    """One plan file or record, edited several times: `validate` reports it in its format,
    or accepts it, and then `status` and `summary` of its plan work."""
    seed = SEEDS[seed_name]
    (plan,) = seed.plans
    names = sorted(seed.files)
    name = names[target % len(names)]
    raw = seed.files[name]
    for edit in edits:
        raw = edit.apply(raw)
    with example_dir(seed, [_Put(name, raw)]) as (_, plans):
        run(["validate", str(plans / name)])
        folder = ["--plans", str(plans)]
        valid = json.loads(run(["validate", "-f", "json", *folder]).stdout)["valid"]
        event("validate: ok" if valid else "validate: problems")
        results = [run(["status", plan, *folder]), run(["summary", plan, "-f", "json", *folder])]
        if valid:
            assert [r.exit_code for r in results] == [0, 0], results[0].stderr + results[1].stderr
