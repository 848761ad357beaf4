"""What the terminal renderers share: a rich console that writes to text, and how cells are made."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from workplan_cli.text import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

ILLUSTRATIVE: Final = "*"
PLAIN_WIDTH: Final = 100_000  # plain output never wraps: one row per line


def render(width: int, color: bool, draw: Callable[[Console], None]) -> str:
    """What ``draw`` prints on a console ``width`` columns wide, trailing spaces removed.

    ``color`` is the caller's choice (a terminal, and no NO_COLOR); without it no escape
    code is written at all.
    """
    from rich.console import Console

    out = io.StringIO()
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
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def cell(text: str, style: str = "") -> Text:
    """User text as a table cell: [brackets] stay as typed, control codes cannot act."""
    from rich.text import Text

    return Text(visible(text), style=style)


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
    ratio: int | None = None  # share of the room left, in an expanded table
    drop: int = 0  # 0: always shown; else left out when the table does not fit, highest first


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Text]],
    *,
    plain: bool,
    width: int,
    title: str | None = None,
    expand: bool = False,
) -> tuple[Table, list[str]]:
    """A table of ``rows`` that fits ``width``, and the headers of the columns left out for it.

    Plain tables keep every column and never wrap or cut: one row per line.
    """
    from rich import box
    from rich.table import Table

    needs = [_need(column, [row[i] for row in rows]) for i, column in enumerate(columns)]
    keep = list(range(len(columns)))
    if not plain:
        while sum(needs[i] + 2 for i in keep) - 2 > width:
            droppable = [i for i in keep if columns[i].drop]
            if not droppable:
                break
            keep.remove(max(reversed(droppable), key=lambda i: columns[i].drop))
    result = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=None if plain else box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="bold",
        expand=expand and not plain,
    )
    for i in keep:
        column = columns[i]
        result.add_column(
            column.header,
            justify="right" if column.right else "left",
            no_wrap=plain or not column.wrap,
            overflow="ellipsis" if column.cut and not plain else "fold",
            min_width=None if plain else needs[i],
            ratio=None if plain else column.ratio,
        )
    for row in rows:
        result.add_row(*(row[i] for i in keep))
    dropped = [columns[i].header for i in range(len(columns)) if i not in keep]
    return result, dropped


def _need(column: Column, cells: Sequence[Text]) -> int:
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
