"""The loader: every invalid example file gives exactly its expected codes, lines and columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workplan_cli.errors import CODES
from workplan_cli.loader import load_plan
from workplan_cli.validation import validate_paths

from .conftest import DATA, REPO, VALID_PLAN

INVALID = sorted((DATA / "invalid").glob("*.toml"))
_EXPECT = re.compile(rb"^# expect: (.*)$", re.MULTILINE)


def _expected(path: Path) -> list[tuple[int, int, str]]:
    match = _EXPECT.search(path.read_bytes())
    if match is None:  # the empty file cannot say what it expects
        assert path.name == "wp003-empty.toml"
        return [(0, 0, "WP003")]
    found = []
    for item in match.group(1).decode().split():
        code, where = item.split("@")
        line, col = where.split(":")
        found.append((int(line), int(col), code))
    return sorted(found)


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_file_gives_its_expected_problems(path: Path) -> None:
    """It reports exactly the codes, lines and columns the file names in its first line."""
    loaded = load_plan(path)
    assert loaded.plan is None
    assert sorted((p.line, p.col, p.code) for p in loaded.problems) == _expected(path)


def test_every_plan_code_but_file_level_ones_has_an_example_file() -> None:
    """It keeps one example plan per error code up to WP199 (WP001, WP004 are made in tests).

    The codes of records (WP200 and up) have example records: see test_records.
    """
    covered = {code for path in INVALID for _, _, code in _expected(path)}
    assert {code for code in CODES if code < "WP200"} - covered == {"WP001", "WP004"}


@pytest.mark.parametrize("path", sorted((REPO / "plans").glob("*.toml")), ids=lambda p: p.stem)
def test_bundled_plans_are_valid(path: Path) -> None:
    """It accepts the three bundled plans."""
    loaded = load_plan(path)
    assert loaded.problems == ()
    assert loaded.plan is not None
    assert loaded.plan.plan.id == path.stem


def test_valid_plan_loads_into_models() -> None:
    """It gives the model of a valid plan with its values."""
    loaded = load_plan(VALID_PLAN)
    assert loaded.plan is not None
    assert [a.id for a in loaded.plan.areas] == ["CT", "CYB"]
    assert loaded.plan.areas[0].activities[0].lead == ["JP", "ID"]
    assert loaded.plan.plan.coordinators[0].from_.isoformat() == "2024-01-01"


def test_missing_file(tmp_path: Path) -> None:
    """It reports a missing path as WP001 without a position."""
    (problem,) = load_plan(tmp_path / "nope.toml").problems
    assert (problem.code, problem.line, problem.message) == ("WP001", 0, "no such file")


def test_directory_without_plans(tmp_path: Path) -> None:
    """It reports a directory that holds no plan files."""
    (tmp_path / "empty").mkdir()
    report = validate_paths([tmp_path / "empty"])
    assert [(p.code, p.path) for p in report.problems] == [("WP001", "empty")]


def test_directory_given_as_a_plan_file(tmp_path: Path) -> None:
    """It reports a directory passed where a file is read."""
    (tmp_path / "odd.toml").mkdir()
    (problem,) = load_plan(tmp_path / "odd.toml").problems
    assert (problem.code, problem.message) == ("WP001", "this is a folder, not a file")


def test_huge_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It refuses a 50 MB file by its size, without reading it."""
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)

    def never(*args: object) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    (problem,) = load_plan(big).problems
    assert problem.code == "WP004"
    assert problem.message == "the file is 50.0 MB; plan files and records may be at most 10 MB"


def test_unreadable_path(tmp_path: Path) -> None:
    """It reports a path the system cannot read (here: below a file, not a directory)."""
    (tmp_path / "notes.txt").write_text("x")
    (problem,) = load_plan(tmp_path / "notes.txt" / "plan.toml").problems
    assert problem.code == "WP001"
    assert problem.message == "cannot read the file: Not a directory"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """It reads a plan saved with a UTF-8 byte-order mark, as Notepad does."""
    target = tmp_path / VALID_PLAN.name
    target.write_bytes(b"\xef\xbb\xbf" + VALID_PLAN.read_bytes())
    assert load_plan(target).problems == ()


def test_problems_in_several_files_are_sorted(tmp_path: Path) -> None:
    """It reports the problems of all files at once, sorted by file and line."""
    paths = [DATA / "invalid" / "multiple-problems.toml", DATA / "invalid" / "wp008-format-2.toml"]
    report = validate_paths(list(reversed(paths)))
    assert [p.code for p in report.problems] == ["WP102", "WP108", "WP100", "WP104", "WP008"]
    assert not report.ok


def test_windows_line_endings_keep_positions(tmp_path: Path) -> None:
    """It gives the same line and column for a file with CRLF line endings."""
    source = DATA / "invalid" / "wp104-activity-after-plan.toml"
    target = tmp_path / source.name
    target.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
    assert [(p.line, p.col) for p in load_plan(target).problems] == [(67, 7)]


def test_duplicate_hint_names_the_first_line() -> None:
    """It says where the first of two equal ids stands."""
    (problem,) = load_plan(DATA / "invalid" / "wp106-duplicate-activity-id.toml").problems
    assert problem.hint == "the first is at line 41; give each one its own id"


def test_a_file_named_twice_is_checked_once(tmp_path: Path) -> None:
    """It checks a file once when it is named and also lies in a directory named."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "x.toml").write_text("")
    report = validate_paths([folder, folder / "x.toml", Path("plans/x.toml")])
    assert report.files == ("plans/x.toml",)
    assert len(report.problems) == 1


def test_plan_file_name_that_is_not_utf8_is_shown_with_an_escape(tmp_path: Path) -> None:
    """It names a plan file whose name is not UTF-8 with an escape in WP107, not a crash
    (found by tests/test_fuzz.py: writing the message stopped validate with a traceback)."""
    target = tmp_path / "bad\udcff.toml"  # the byte 0xFF on disk
    target.write_bytes(VALID_PLAN.read_bytes())
    (problem,) = load_plan(target).problems
    assert problem.code == "WP107"
    assert problem.message == (
        'the plan id "test-plan-2024-2026" does not match the file name "bad\\xff.toml"'
    )
    assert problem.hint == 'rename the file to "test-plan-2024-2026.toml" or set id = "bad\\xff"'


def test_value_nested_deeper_than_the_scanner_maps_is_placed(tmp_path: Path) -> None:
    """It places the problems of a plan holding a value nested 399 deep, the most tomli reads
    (found by tests/test_fuzz.py: mapping its positions raised RecursionError)."""
    target = tmp_path / VALID_PLAN.name
    tables = "{ a = " * 399 + "1" + " }" * 399
    arrays = "[" * 399 + "\"a ] } #\", # a comment ]\n'b ]'" + "]" * 399
    plan = VALID_PLAN.read_text().replace('"JP"', '"XX"', 1)
    target.write_text(f"x = {tables}\ny = {arrays}\n{plan}")
    problems = load_plan(target).problems
    assert [(p.line, p.col, p.code, p.message) for p in problems] == [
        (1, 1, "WP100", 'unknown key "x" in the top level of the file'),
        (2, 1, "WP100", 'unknown key "y" in the top level of the file'),
        (12, 11, "WP108", '[plan]: "XX" is not the code of a dialogue partner'),
    ]


def test_dotted_key_of_too_many_parts(tmp_path: Path) -> None:
    """It reports a key of more dotted parts than tomli reads at its line, in a file without
    brackets too (found by tests/test_fuzz.py: locating it raised ValueError)."""
    target = tmp_path / "record.toml"
    target.write_text('format = 1\nplan = "x"\n  x' + ".a" * 1200 + " = 1\n")
    (problem,) = load_plan(target).problems
    assert (problem.line, problem.col, problem.code) == (3, 3, "WP007")
    assert problem.message == "a dotted key here has too many parts to read"
    assert problem.hint == "each dot nests a table one level deeper; use fewer parts"
