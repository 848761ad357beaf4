"""Plain tables are laid out without rich, exactly as rich lays out a table with no box."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from workplan_cli.render.terminal import PLAIN_WIDTH, Column, Printer, cell, render, table

_TEXT = st.text(
    st.characters(whitelist_categories=("L", "N", "P", "S", "Zs", "Mn"), whitelist_characters="\n"),
    max_size=30,
)


def _by_rich(columns: list[Column], rows: list[list[str]], title: str | None) -> str:
    """The same table drawn by rich, as plain output was drawn before it had its own layout."""
    out = io.StringIO()
    console = Console(file=out, width=PLAIN_WIDTH, color_system=None, highlight=False)
    console.no_color = True
    made = Table(
        title=None if title is None else Text(title),
        title_justify="left",
        box=None,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    for column in columns:
        made.add_column(column.header, justify="right" if column.right else "left", no_wrap=True)
    for row in rows:
        made.add_row(*(Text(text) for text in row))
    console.print(made)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def _by_us(columns: list[Column], rows: list[list[str]], title: str | None) -> str:
    def draw(printer: Printer) -> None:
        printer.print(
            table(
                columns,
                [[cell(t) for t in row] for row in rows],
                plain=True,
                width=printer.width,
                title=title,
            ).table
        )

    return render(PLAIN_WIDTH, False, draw, plain=True)


@pytest.mark.parametrize(
    "rows",
    [
        [["CT.1", "Workshop", "40%"], ["CYB.10", "Cyber\u00adcrime", "5%"]],
        [["漢字の計画", "全角", "100%"], ["a", "b", "1%"]],  # wide characters
        [["two\nlines", "x", "1"], ["y", "three\nline\ncell", "22"]],
        [["x", "e\u0301", ""], ["", "", ""]],  # a combining accent, empty cells
        [],
    ],
)
def test_plain_tables_are_laid_out_as_rich_lays_them_out(rows: list[list[str]]) -> None:
    columns = [Column("Activity"), Column("Title", wrap=True), Column("%", right=True)]
    for title in (None, "CT Terrorism"):
        assert _by_us(columns, rows, title) == _by_rich(columns, rows, title)


@given(st.lists(st.lists(_TEXT, min_size=2, max_size=2), max_size=4))
def test_any_plain_table_is_laid_out_as_rich_lays_it_out(rows: list[list[str]]) -> None:
    columns = [Column("Left"), Column("Right", right=True)]
    assert _by_us(columns, rows, None) == _by_rich(columns, rows, None)


def test_a_tab_is_expanded_not_cut() -> None:
    """rich measured a tab as one column and cut the text after it ("tab    …"); plain
    output shows the whole text, the tab expanded to the next multiple of 8."""
    columns = [Column("Note"), Column("%", right=True)]
    assert _by_us(columns, [["tab\there", "5%"]], None) == "Note          %\ntab     here 5%\n"
