"""Line and column of every key and value in a TOML document, by the path pydantic reports.

tomli gives values but no positions, and pydantic reports a path (``loc``) but
no position.  This scanner walks TOML text that tomli has already accepted and
records, for each path such as ``("areas", 0, "activities", 2, "lead", 1)``, where
its key and its value start.  It runs only when a file has problems, so valid
files never pay for it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import tomli

Path = tuple[str | int, ...]

_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_SCALAR_END = frozenset(",]}#\n\r")
# The scanner recurses into arrays and inline tables; values nested deeper than this are
# stepped over, not mapped (plan files nest about 8 deep; tomli reads up to 400).
_MAX_DEPTH = 100


@dataclass(frozen=True)
class Span:
    """Where a key and its value start (1-based line and column)."""

    key_line: int
    key_col: int
    value_line: int
    value_col: int


class PositionMap:
    """Positions of the keys and values of one TOML text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self._spans: dict[Path, Span] = {}
        self._aot_counts: dict[Path, int] = {}
        self._defined: set[Path] = set()
        self.redefined: list[tuple[Path, int]] = []
        """Keys and [tables] defined a second time, with their offsets (invalid TOML only)."""
        _Scanner(self, text).document()

    def line_col(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of a character offset."""
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def record(self, path: Path, key_offset: int, value_offset: int) -> None:
        """Remember where ``path`` starts; the first definition wins."""
        if path not in self._spans:
            self._spans[path] = Span(*self.line_col(key_offset), *self.line_col(value_offset))

    def find(self, path: Path, *, at_key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that the text defines.

        A path that names a missing key resolves to the table that lacks it.
        """
        for cut in range(len(path), 0, -1):
            span = self._spans.get(path[:cut])
            if span is not None:
                exact = cut == len(path)
                if at_key or not exact:
                    return span.key_line, span.key_col
                return span.value_line, span.value_col
        return 1, 1

    def define(self, path: Path, offset: int) -> None:
        """Note that a key = value or a [table] header defines ``path``."""
        if path in self._defined:
            self.redefined.append((path, offset))
        self._defined.add(path)

    # Array-of-tables bookkeeping, used by the scanner.
    def next_aot_index(self, path: Path) -> int:
        index = self._aot_counts.get(path, 0)
        self._aot_counts[path] = index + 1
        return index

    def resolve(self, keys: list[str]) -> Path:
        """The concrete path of a header's keys: an array of tables means its last element."""
        path: Path = ()
        for key in keys:
            path = (*path, key)
            count = self._aot_counts.get(path)
            if count:
                path = (*path, count - 1)
        return path


class _Scanner:
    """A forgiving recursive-descent walk over TOML text that tomli accepted."""

    def __init__(self, positions: PositionMap, text: str) -> None:
        self.pos = positions
        self.text = text
        self.i = 0
        self.n = len(text)

    def document(self) -> None:
        table: Path = ()
        while True:
            self._skip_blank(newlines=True)
            if self.i >= self.n:
                return
            start = self.i
            if self.text.startswith("[[", self.i):
                self.i += 2
                names = [key for key, _ in self._dotted_key()]
                self._record_parents(names, start)
                array = (*self.pos.resolve(names[:-1]), names[-1])
                self.pos.record(array, start, start)
                table = (*array, self.pos.next_aot_index(array))
                self.pos.record(table, start, start)
                self._skip_past("]]")
            elif self.text[self.i] == "[":
                self.i += 1
                names = [key for key, _ in self._dotted_key()]
                self._record_parents(names, start)
                table = self.pos.resolve(names)
                self.pos.record(table, start, start)
                self.pos.define(table, start)
                self._skip_past("]")
            else:
                self._key_value(table)

    def _record_parents(self, names: list[str], offset: int) -> None:
        """A header [a.b.c] also stands for the tables a and a.b that it implies."""
        for size in range(1, len(names)):
            self.pos.record(self.pos.resolve(names[:size]), offset, offset)

    def _skip_past(self, closing: str) -> None:
        end = self.text.find(closing, self.i)
        self.i = self.n if end < 0 else end + len(closing)

    def _key_value(self, table: Path) -> None:
        keys = self._dotted_key()
        path = table
        for key, offset in keys[:-1]:
            path = (*path, key)
            self.pos.record(path, offset, offset)
        key, key_offset = keys[-1]
        path = (*path, key)
        self._skip_blank()
        self.i += 1  # "="
        self._skip_blank()
        self.pos.record(path, key_offset, self.i)
        self.pos.define(path, key_offset)
        self._value(path)

    def _dotted_key(self) -> list[tuple[str, int]]:
        keys: list[tuple[str, int]] = []
        while True:
            self._skip_blank()
            keys.append(self._simple_key())
            self._skip_blank()
            if self.i < self.n and self.text[self.i] == ".":
                self.i += 1
                continue
            return keys

    def _simple_key(self) -> tuple[str, int]:
        start = self.i
        if self.i < self.n and self.text[self.i] in "\"'":
            self._string()
            raw = self.text[start : self.i]
            if "\\" not in raw:
                return raw[1:-1], start
            key: str = tomli.loads(f"k = {raw}")["k"]
            return key, start
        while self.i < self.n and self.text[self.i] in _BARE_KEY_CHARS:
            self.i += 1
        return self.text[start : self.i], start

    def _value(self, path: Path) -> None:
        if self.i >= self.n:
            return
        ch = self.text[self.i]
        if ch in "\"'":
            self._string()
        elif ch in "[{" and len(path) > _MAX_DEPTH:
            self._skip_nested()
        elif ch == "[":
            self._array(path)
        elif ch == "{":
            self._inline_table(path)
        else:
            while self.i < self.n and self.text[self.i] not in _SCALAR_END:
                self.i += 1

    def _skip_nested(self) -> None:
        """Step over a whole array or inline table, without recursion and without mapping it."""
        depth = 0
        while self.i < self.n:
            ch = self.text[self.i]
            if ch in "\"'":
                self._string()
                continue
            if ch == "#":
                self._skip_past("\n")
                continue
            self.i += 1
            depth += (ch in "[{") - (ch in "]}")
            if depth == 0:
                return

    def _array(self, path: Path) -> None:
        self.i += 1
        index = 0
        while True:
            self._skip_blank(newlines=True)
            if self.i >= self.n or self.text[self.i] == "]":
                self.i += 1
                return
            before = self.i
            item = (*path, index)
            self.pos.record(item, self.i, self.i)
            self._value(item)
            self._skip_blank(newlines=True)
            if self.i < self.n and self.text[self.i] == ",":
                self.i += 1
            if self.i == before:  # not valid TOML: step over the stray character
                self.i += 1
            index += 1

    def _inline_table(self, path: Path) -> None:
        self.i += 1
        while True:
            self._skip_blank()
            if self.i >= self.n or self.text[self.i] == "}":
                self.i += 1
                return
            if self.text[self.i] == ",":
                self.i += 1
                continue
            self._key_value(path)

    def _string(self) -> None:
        quote = self.text[self.i]
        if self.text.startswith(quote * 3, self.i):
            end = self._closing(quote * 3, self.i + 3)
            for _ in range(2):  # up to two more quotes end the content: """a""""
                if end < self.n and self.text[end] == quote:
                    end += 1
            self.i = end
            return
        self.i = self._closing(quote, self.i + 1)

    def _closing(self, delimiter: str, i: int) -> int:
        """The offset just past ``delimiter``, skipping escapes in basic strings."""
        escapes = delimiter[0] == '"'
        while i < self.n:
            if escapes and self.text[i] == "\\":
                i += 2
            elif self.text.startswith(delimiter, i):
                return i + len(delimiter)
            else:
                i += 1
        return self.n

    def _skip_blank(self, *, newlines: bool = False) -> None:
        blank = " \t\r\n" if newlines else " \t"
        while self.i < self.n:
            ch = self.text[self.i]
            if ch in blank:
                self.i += 1
            elif ch == "#" and newlines:
                end = self.text.find("\n", self.i)
                self.i = self.n if end < 0 else end + 1
            else:
                return
