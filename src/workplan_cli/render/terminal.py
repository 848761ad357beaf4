"""What the terminal renderers share: cells, tables fitted to the terminal, and a console that
writes to text: rich's for tables, a plain one of our own for plain text.

Plain output (the default when piped) is one row per line with no box, no colour and no
wrapping: laid out here without loading rich's console, a sixth of a short run.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Protocol

from workplan_cli.text import visible
from workplan_cli.vocabulary import ILLUSTRATIVE_MARK

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

ILLUSTRATIVE: Final = ILLUSTRATIVE_MARK
PLAIN_WIDTH: Final = 100_000  # plain output never wraps: one row per line


class Printer(Protocol):
    """What a renderer draws on: rich's Console, or the plain one."""

    @property
    def width(self) -> int: ...

    def print(self, *objects: Any) -> None: ...


@dataclass(frozen=True, slots=True)
class Cell:
    """Text to show, in parts that each have a style ("" for none); made by ``cell``."""

    parts: tuple[tuple[str, str], ...]

    @property
    def plain(self) -> str:
        """The text without styles."""
        return "".join(text for text, _ in self.parts)

    def __rich__(self) -> Text:
        from rich.text import Text

        return Text.assemble(*self.parts)


@dataclass(frozen=True)
class Output:
    """How to write a result: the format asked for and, for tables, the terminal's colour
    and width (the command line decides both; renderers only follow)."""

    format: str  # table, plain, json, csv; md, html; text, github, sarif
    color: bool = False
    width: int = 120
    ascii: bool = False  # the terminal cannot show box drawing (its encoding is not UTF-8)

    @property
    def plain(self) -> bool:
        """A table without box drawing or wrapping: one row per line."""
        return self.format == "plain"


def render(
    width: int,
    color: bool,
    draw: Callable[[Printer], None],
    *,
    plain: bool = False,
    ascii: bool = False,
) -> str:
    """What ``draw`` prints on a console ``width`` columns wide, trailing spaces removed.

    ``color`` is the caller's choice (a terminal, and no NO_COLOR); without it no escape
    code is written at all. ``plain``: the plain console, which needs no rich. ``ascii``:
    boxes drawn with ASCII, for a terminal whose encoding has no box drawing.
    """
    if plain:
        printer = _PlainPrinter(width)
        draw(printer)
        text = "\n".join(printer.lines)
    else:
        from rich.console import Console

        out = _Ascii() if ascii else io.StringIO()
        console = Console(
            file=out,
            width=width,
            color_system="standard" if color else None,
            force_terminal=color,
            highlight=False,
            emoji=False,
            no_color=not color,
        )
        draw(console)
        text = out.getvalue()
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


class _Ascii(io.StringIO):
    """Text that rich takes for an ASCII terminal: it then draws boxes with + - |."""

    @property
    def encoding(self) -> str:  # type: ignore[override]  # a StringIO's is None; rich reads it
        return "ascii"


def cell(text: str, style: str = "") -> Cell:
    """User text as a table cell: [brackets] stay as typed, control codes cannot act."""
    return Cell(((visible(text), style),))


def cells(*parts: tuple[str, str]) -> Cell:
    """A cell of several parts, each with its own style (text we made, not the user's)."""
    return Cell(parts)


class _PlainPrinter:
    """A console for plain text: cells and plain tables, one after another, never wrapped."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[str] = []

    def print(self, *objects: Any) -> None:
        if not objects:
            self.lines.append("")
        for thing in objects:
            text = thing.text if isinstance(thing, PlainTable) else thing.plain
            self.lines.extend(text.expandtabs(8).split("\n"))


@dataclass(frozen=True)
class PlainTable:
    """A table laid out as plain text: columns one space apart, no box."""

    text: str


def one_line(text: str) -> str:
    """Free text on one line: its line breaks become spaces."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Column:
    """How a column of a terminal table behaves, and how soon it goes when space runs out."""

    header: str
    right: bool = False  # right-aligned (numbers)
    wrap: bool = False  # long text wraps at spaces; else it stays on one line
    cut: bool = False  # long text is cut short with "…" (on a terminal)
    min_width: int = 1  # a wrapped column wraps only below this; a cut one is cut to no less
    drop: int = 0  # 0: always shown; else left out when the table does not fit, highest first


@dataclass(frozen=True)
class Fitted:
    """A table made to fit, and what had to give for it."""

    table: Table | PlainTable
    dropped: list[str]  # headers of the columns left out
    cut: list[str]  # headers of the cut columns whose text was cut short


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    *,
    plain: bool,
    width: int,
    title: str | None = None,
) -> Fitted:
    """A table of ``rows`` that fits ``width`` columns of the terminal.

    Each column gets the width its longest word needs; when they do not all fit,
    the columns marked ``drop`` are left out, highest first. Room left over is
    shared by the wrapped and cut columns. Only when nothing more can be left
    out are long words broken. Plain tables keep
    every column and never wrap or cut: one row per line.
    """
    if plain:
        return Fitted(_plain_table(columns, rows, title), dropped=[], cut=[])
    from rich import box
    from rich.table import Table

    naturals = [_natural([row[i] for row in rows], c) for i, c in enumerate(columns)]
    widths = [_need(column, [row[i] for row in rows]) for i, column in enumerate(columns)]
    keep = list(range(len(columns)))
    if not plain:
        while _total(widths, keep) > width and any(columns[i].drop for i in keep):
            droppable = [i for i in keep if columns[i].drop]
            keep.remove(max(reversed(droppable), key=lambda i: columns[i].drop))
        _share(width - _total(widths, keep), widths, naturals, columns, keep)
    from rich.text import Text

    result = Table(
        title=None if title is None else Text(visible(title)),  # never markup
        title_justify="left",
        title_style="bold",
        box=None if plain else box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="bold",
    )
    for i in keep:
        column = columns[i]
        result.add_column(
            Text(visible(column.header)),  # a plan's short title may be a header: never markup
            justify="right" if column.right else "left",
            no_wrap=plain or not column.wrap,
            overflow="ellipsis" if column.cut and not plain else "fold",
            width=None if plain else widths[i],
        )
    for row in rows:
        result.add_row(*(row[i].__rich__() for i in keep))
    return Fitted(
        result,
        dropped=[columns[i].header for i in range(len(columns)) if i not in keep],
        cut=[
            columns[i].header
            for i in keep
            if not plain and columns[i].cut and widths[i] < naturals[i]
        ],
    )


def _total(widths: list[int], keep: list[int]) -> int:
    return sum(widths[i] + 2 for i in keep) - 2  # 2 spaces between columns


def _share(
    room: int,
    widths: list[int],
    naturals: list[int],
    columns: Sequence[Column],
    keep: list[int],
) -> None:
    """Share spare room among wrapped and cut columns; take a shortfall from the widest.

    Each grows up to its natural width; a shortfall breaks words, as a last resort.
    """
    flexible = [i for i in keep if columns[i].wrap or columns[i].cut]
    growing = [i for i in flexible if widths[i] < naturals[i]]
    while room > 0 and growing:
        for i in growing[:room]:
            widths[i] += 1
        room -= len(growing[:room])
        growing = [i for i in growing if widths[i] < naturals[i]]
    while room < 0 and any(widths[i] > 4 for i in flexible):  # last resort: break words
        widest = max(flexible, key=lambda i: widths[i])
        widths[widest] -= 1
        room += 1


def _plain_table(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell]], title: str | None
) -> PlainTable:
    """Every column as wide as its widest line, one space apart; a cell of several lines
    makes its row as tall, as rich lays a table out with no box."""
    from rich.cells import cell_len

    grid = [[c.header for c in columns], *([c.plain.expandtabs(8) for c in row] for row in rows)]
    split = [[text.split("\n") for text in line] for line in grid]
    widths = [
        max(cell_len(part) for line in split for part in line[i]) for i in range(len(columns))
    ]
    out = [] if title is None else [visible(title)]
    for line in split:
        for n in range(max(len(parts) for parts in line)):
            texts = []
            for i, parts in enumerate(line):
                part = parts[n] if n < len(parts) else ""
                if columns[i].right:  # as rich: measured whole, aligned without its end spaces
                    part = part.rstrip()
                    texts.append(" " * (widths[i] - cell_len(part)) + part)
                else:
                    texts.append(part + " " * (widths[i] - cell_len(part)))
            out.append(" ".join(texts))
    return PlainTable("\n".join(out))


def _natural(cells: Sequence[Cell], column: Column) -> int:
    """The width the column's longest line (or header) takes, unwrapped."""
    from rich.cells import cell_len

    lines = [line for text in cells for line in text.plain.split("\n")]
    return max([cell_len(column.header), *(cell_len(line) for line in lines)])


def _need(column: Column, cells: Sequence[Cell]) -> int:
    """The narrowest the column can be without breaking a word (or, wrapped, before min_width)."""
    from rich.cells import cell_len

    lines = [line for text in cells for line in text.plain.split("\n")]
    natural = max((cell_len(line) for line in lines), default=0)
    if column.cut:
        need = min(natural, column.min_width)
    elif column.wrap:
        longest = max((cell_len(word) for line in lines for word in line.split()), default=0)
        need = max(longest, min(natural, column.min_width))
    else:
        need = natural
    return max(need, cell_len(column.header))
