"""`workplan record` and `workplan history` through the real CLI, on real files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workplan_cli.cli import app

from .conftest import VALID_PLAN

PLAN = VALID_PLAN.stem
EVIDENCE = "Workshop report=https://example.org/report?id=7&lang=en"


def _record(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["record", PLAN, *args])
    return result.exit_code, result.stdout, result.stderr


def _written(plans_dir: Path) -> list[Path]:
    return (
        sorted((plans_dir / "progress").rglob("*.toml"))
        if (plans_dir / "progress").exists()
        else []
    )


def _history_json(runner: CliRunner, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["history", PLAN, *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    records: list[dict[str, object]] = json.loads(result.stdout)["records"]
    return records


def test_record_writes_one_file_and_says_so(runner: CliRunner, plans_dir: Path) -> None:
    """It writes the record as TOML under progress/PLAN/ACTIVITY/ and prints the new state."""
    code, out, err = _record(runner, "CT.1", "-s", "ongoing", "-p", "40", "--as-of", "2024-06-30")
    assert code == 0
    [path] = _written(plans_dir)
    assert path.parent == plans_dir / "progress" / PLAN / "CT.1"
    assert path.read_text().startswith(
        f'format = 1\nplan = "{PLAN}"\nactivity = "CT.1"\nas_of = 2024-06-30\n'
        'status = "ongoing"\npercent = 40\n'
    )
    assert out.splitlines() == [
        'Recorded CT.1 "Workshop on countering violent extremism": ongoing, 40%, as of 2024-06-30.',
        f"  file: plans/progress/{PLAN}/CT.1/{path.name}",
        "Now: CT.1 is ongoing, 40%.",
    ]
    assert err == "Commit the new file with git to share it.\n"


def test_record_completed_with_everything(runner: CliRunner, plans_dir: Path) -> None:
    """It stores evidence, restriction, meeting, reporter and indicator values, and 100%."""
    code, _, err = _record(
        runner, "CT.1", "--status", "completed", "--as-of", "2024-12-31", "--meeting",
        "somtc-test-1", "--by", "ID", "-e", EVIDENCE, "-e", "https://example.org/minutes",
        "--restricted", "-i", "officials-trained=58",
    )  # fmt: skip
    assert code == 0, err
    [record] = _history_json(runner)
    assert record["percent"] == 100
    assert record["meeting"] == "somtc-test-1"
    assert record["reported_by"] == "ID"
    assert record["indicators"] == {"officials-trained": 58}
    assert record["evidence"] == [
        {
            "title": "Workshop report",
            "url": "https://example.org/report?id=7&lang=en",
            "restricted": True,
        },
        {
            "title": "https://example.org/minutes",
            "url": "https://example.org/minutes",
            "restricted": True,
        },
    ]


NOTES = [
    'He said "done" \\ not yet',
    "line one\nline two\r\nline three\ttabbed",
    '[plan]\nid = "x"\n# not a comment\n"""triple"""',
    "Thỏa thuận đã ký; 合意済み; 합의 완료; ข้อตกลง; មានកិច្ចព្រមព្រៀង; ကတိ",
    "[red]not markup[/red] :smile: $HOME %s {0}",
    "  leading and trailing spaces  ",
]


@pytest.mark.parametrize("note", NOTES)
def test_a_note_round_trips_exactly(runner: CliRunner, plans_dir: Path, note: str) -> None:
    """It keeps a note exactly: quotes, newlines, TOML syntax, non-Latin text, markup."""
    code, _, err = _record(runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30", "-n", note)
    assert code == 0, err
    assert [r["note"] for r in _history_json(runner)] == [note]


def test_a_note_is_shown_as_typed_in_the_table(runner: CliRunner, plans_dir: Path) -> None:
    """It never reads rich markup in a note: brackets are shown as typed."""
    _record(runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30", "-n", "[red]x[/red]")
    result = runner.invoke(app, ["history", PLAN, "-f", "plain"])
    assert "[red]x[/red]" in result.stdout


def test_a_back_dated_record_says_which_record_counts(runner: CliRunner, plans_dir: Path) -> None:
    """It says so when a later record still sets the state."""
    _record(runner, "CT.1", "-s", "ongoing", "-p", "70", "--as-of", "2024-09-30")
    code, out, _ = _record(runner, "CT.1", "-s", "ongoing", "-p", "20", "--as-of", "2024-04-30")
    assert code == 0
    assert out.splitlines()[-1] == (
        "Now: CT.1 is ongoing, 70%, from a record as of 2024-09-30; "
        "the new one counts for the days before that."
    )


def test_a_correction_is_a_new_record(runner: CliRunner, plans_dir: Path) -> None:
    """It corrects by adding: both records stay in the history, the later one counts."""
    _record(runner, "CT.1", "-s", "ongoing", "-p", "90", "--as-of", "2024-06-30")
    code, out, _ = _record(runner, "CT.1", "-s", "ongoing", "-p", "30", "--as-of", "2024-06-30")
    assert code == 0
    assert out.splitlines()[-1] == "Now: CT.1 is ongoing, 30%."
    assert [r["percent"] for r in _history_json(runner)] == [30, 90]
    assert len(_written(plans_dir)) == 2


FULL_WIDTH_DATE = "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in "2024-01-01")
REFUSED = [
    (["CT.9", "-s", "ongoing"], 1, 'error: plan "test-plan-2024-2026" has no activity "CT.9"'),
    (["ct.1", "-s", "ongoing"], 1, 'hint: did you mean "CT.1"?'),
    (["../../etc", "-s", "ongoing"], 1, 'has no activity "../../etc"'),
    (["CT.1", "-s", "done"], 2, "Invalid value for '--status'"),
    (
        ["CT.1", "-s", "ongoing", "-p", "150"],
        1,
        "error: --percent is 150, outside the range 0 to 100",
    ),
    (
        ["CT.1", "-s", "ongoing", "-p", "-1"],
        1,
        "error: --percent is -1, outside the range 0 to 100",
    ),
    (["CT.1", "-s", "ongoing", "-p", "half"], 2, '--percent "half" is not a whole number'),
    (["CT.1", "-s", "ongoing", "-p", "12.5"], 2, '--percent "12.5" is not a whole number'),
    (["CT.1", "-s", "ongoing", "--as-of", ""], 2, '--as-of "" is not a date'),
    (["CT.1", "-s", "ongoing", "--as-of", FULL_WIDTH_DATE], 2, "is not a date"),
    (["CT.1", "-s", "ongoing", "-e", ""], 2, "--evidence is empty"),
    (["CT.1", "-s", "ongoing", "--restricted"], 2, "--restricted marks evidence, but no"),
    (
        ["CT.1", "-s", "ongoing", "-i", "officials-trained=1", "-i", "officials-trained=2"],
        2,
        "--indicator officials-trained is given twice",
    ),
    (["CT.1", "-s", "ongoing", "--meeting", "SOMTC-Test-1"], 1, 'did you mean "somtc-test-1"?'),
    (
        ["CT.1", "-s", "ongoing", "-i", "Officials-Trained=3"],
        1,
        'did you mean "officials-trained"?',
    ),
    (["x" * 5000, "-s", "ongoing"], 1, 'no activity "' + "x" * 57 + '..."'),
    (["CT.1", "-s", "ongoing", "--as-of", "30/06/2024"], 2, '--as-of "30/06/2024" is not a date'),
    (["CT.1", "-s", "ongoing", "--as-of", "2024-02-30"], 2, "is not a day of the calendar"),
    (["CT.1", "-s", "ongoing", "--as-of", "2999-01-01"], 1, "as_of 2999-01-01 is in the future"),
    (["CT.1", "-s", "ongoing", "--as-of", "2023-12-31"], 1, "before the plan starts (2024-01-01)"),
    (
        ["CT.1", "-s", "completed", "--as-of", "2024-06-30"],
        1,
        'a "completed" record needs evidence',
    ),
    (
        ["CT.1", "-s", "completed", "-p", "90", "-e", EVIDENCE, "--as-of", "2024-06-30"],
        1,
        "completed means 100",
    ),
    (["CT.1", "-s", "ongoing", "-e", "ftp://example.org/x"], 1, "is not a valid web address"),
    (["CT.1", "-s", "ongoing", "-e", "Report=file:///etc/passwd"], 1, "is not a valid web address"),
    (["CT.1", "-s", "ongoing", "--meeting", "somtc-test-9"], 1, 'has no meeting "somtc-test-9"'),
    (["CT.1", "-s", "ongoing", "-i", "trained=5"], 1, 'has no indicator "trained"'),
    (["CT.1", "-s", "ongoing", "-i", "officials-trained=1,200"], 2, '"1,200" is not a number'),
    (["CT.1", "-s", "ongoing", "-i", "officials-trained"], 2, "has no value"),
    (["CT.1", "-s", "ongoing", "-i", "officials-trained=nan"], 2, '"nan" is not a number'),
    (["CT.1", "-s", "ongoing", "-i", "officials-trained=1e999"], 1, "must be a finite number"),
    (
        ["CT.1", "-s", "ongoing", "-n", "x" * 20_001],
        1,
        "--note is too long (at most 20000 characters)",
    ),
    (["CT.1", "-s", "ongoing", "-n", "bad \udcff byte"], 2, "--note holds characters"),
    (["CT.1", "-s", "ongoing", "--by", ""], 1, "--by must not be empty"),
]


@pytest.mark.parametrize(("args", "exit_code", "message"), REFUSED, ids=lambda x: str(x)[:40])
def test_bad_input_is_refused_and_nothing_is_written(
    runner: CliRunner, plans_dir: Path, args: list[str], exit_code: int, message: str
) -> None:
    """It refuses each bad value with a clear message and its exit code, and writes nothing."""
    result = runner.invoke(app, ["record", PLAN, *args])
    assert result.exit_code == exit_code
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert _written(plans_dir) == []


@pytest.mark.parametrize("plan", ["../plans/test-plan-2024-2026", "/etc/passwd", "TEST-PLAN", ""])
def test_a_plan_id_never_reaches_outside(runner: CliRunner, plans_dir: Path, plan: str) -> None:
    """It treats a plan id as a name among the plans, never as a path."""
    result = runner.invoke(app, ["record", plan, "CT.1", "-s", "ongoing"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f'error: there is no plan "{plan}" in plans\n')
    assert not (plans_dir / "progress").exists()


def test_an_unknown_plan_suggests_the_nearest(runner: CliRunner, plans_dir: Path) -> None:
    """It suggests the plan meant."""
    result = runner.invoke(app, ["record", "test-plan-2024", "CT.1", "-s", "ongoing"])
    assert result.stderr.splitlines() == [
        'error: there is no plan "test-plan-2024" in plans',
        '  hint: did you mean "test-plan-2024-2026"?',
    ]


def test_a_plan_with_problems_takes_no_records(runner: CliRunner, plans_dir: Path) -> None:
    """It refuses to record against a plan file that does not validate."""
    plan = plans_dir / VALID_PLAN.name
    plan.write_text(plan.read_text().replace('kind = "work-plan"', 'kind = "plan"'))
    result = runner.invoke(app, ["record", PLAN, "CT.1", "-s", "ongoing"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        f'error: plans/{PLAN}.toml:11:8: [plan]: "kind" is "plan", which is not one of: '
        "work-plan, plan-of-action",
        '  hint: did you mean "work-plan"?',
        f'error: 1 file has problems, so plan "{PLAN}" cannot be used until they are fixed',
    ]


def test_an_unwritable_plans_directory(runner: CliRunner, plans_dir: Path) -> None:
    """It reports a place it cannot write to, and leaves nothing behind."""
    (plans_dir / "progress").write_text("not a folder")
    code, out, err = _record(runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")
    assert (code, out) == (1, "")
    assert err.startswith("error: plans/progress is a file, not a directory\n")


def test_history_newest_first_with_filters(runner: CliRunner, plans_dir: Path) -> None:
    """It lists records newest first, for one activity, and from a date on."""
    _record(runner, "CT.1", "-s", "ongoing", "-p", "10", "--as-of", "2024-04-01")
    _record(runner, "CYB.1", "-s", "ongoing", "-p", "5", "--as-of", "2025-02-01")
    _record(runner, "CT.1", "-s", "ongoing", "-p", "50", "--as-of", "2024-08-01")
    assert [(r["activity"], r["as_of"]) for r in _history_json(runner)] == [
        ("CYB.1", "2025-02-01"),
        ("CT.1", "2024-08-01"),
        ("CT.1", "2024-04-01"),
    ]
    assert [r["as_of"] for r in _history_json(runner, "CT.1")] == ["2024-08-01", "2024-04-01"]
    assert [r["as_of"] for r in _history_json(runner, "--since", "2024-08-01")] == [
        "2025-02-01",
        "2024-08-01",
    ]


def test_history_plain_and_table(runner: CliRunner, plans_dir: Path) -> None:
    """It prints the same rows as a plain table when piped, and with box drawing as a table."""
    _record(runner, "CT.1", "-s", "ongoing", "-p", "40", "--as-of", "2024-06-30", "-n", "Two held")
    plain = runner.invoke(app, ["history", PLAN]).stdout  # CliRunner's stdout is not a terminal
    lines = plain.splitlines()
    assert lines[0] == (
        "Test Work Plan on Cooperation to Combat Transnational Crime (2024-2026): "
        "1 record, newest first"
    )
    assert lines[1].split() == ["As", "of", "Activity", "Status", "%", "Note", "Evidence", "By",
                                "Recorded", "(UTC)"]  # fmt: skip
    assert lines[2].split()[:6] == ["2024-06-30", "CT.1", "ongoing", "40%", "Two", "held"]
    assert not any(ch in plain for ch in "─━│\x1b")
    table = runner.invoke(app, ["history", PLAN, "-f", "table"]).stdout
    assert "─" in table
    assert "\x1b" not in table  # colour only on a terminal


def test_history_csv_is_safe_for_spreadsheets(runner: CliRunner, plans_dir: Path) -> None:
    """It writes one CSV row per record; text that a spreadsheet would run gets a quote mark."""
    _record(runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30", "-n", '=HYPERLINK("x")')
    rows = list(
        csv.DictReader(io.StringIO(runner.invoke(app, ["history", PLAN, "-f", "csv"]).stdout))
    )
    assert len(rows) == 1
    assert rows[0]["note"] == '\'=HYPERLINK("x")'
    assert (rows[0]["activity"], rows[0]["status"], rows[0]["as_of"]) == (
        "CT.1",
        "ongoing",
        "2024-06-30",
    )


def test_history_of_nothing_yet(runner: CliRunner, plans_dir: Path) -> None:
    """It says there is nothing yet, and exits 0."""
    result = runner.invoke(app, ["history", PLAN, "-f", "plain"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "No progress recorded yet."
    assert _history_json(runner) == []


def test_history_refuses_when_a_record_is_broken(runner: CliRunner, plans_dir: Path) -> None:
    """It will not show an incomplete history: it names the broken file and exits 1."""
    _record(runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")
    [path] = _written(plans_dir)
    path.write_text(path.read_text().replace('status = "ongoing"', 'status = "going"'))
    result = runner.invoke(app, ["history", PLAN])
    assert result.exit_code == 1
    assert result.stdout == ""
    shown = f"plans/progress/{PLAN}/CT.1/{path.name}"
    assert result.stderr.splitlines()[0].startswith(f'error: {shown}:5:10: the record: "status"')
    assert "error: 1 file has problems, so the history would be incomplete" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], 'error: there is no plan "nope" in plans'),
        ([PLAN, "CT.7"], 'error: plan "test-plan-2024-2026" has no activity "CT.7"'),
        ([PLAN, "--since", "June"], 'error: --since "June" is not a date'),
    ],
)
def test_history_bad_input(
    runner: CliRunner, plans_dir: Path, args: list[str], message: str
) -> None:
    """It names what is wrong, on stderr, with nothing on stdout."""
    result = runner.invoke(app, ["history", *args])
    assert result.exit_code in (1, 2)
    assert result.stderr.splitlines()[0] == message
    assert result.stdout == ""


def test_record_help_says_how_to_correct(runner: CliRunner) -> None:
    """It tells users that a correction is a new record."""
    result = runner.invoke(app, ["record", "--help"])
    assert "to correct one, record again" in " ".join(result.stdout.split())


def test_no_color_is_honoured(
    runner: CliRunner, plans_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It prints no colour codes when NO_COLOR is set, even in table format."""
    monkeypatch.setenv("NO_COLOR", "1")
    _record(runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")
    assert "\x1b" not in runner.invoke(app, ["history", PLAN, "-f", "table"]).stdout
    assert os.environ["NO_COLOR"] == "1"


def test_history_counts_restricted_evidence(runner: CliRunner, plans_dir: Path) -> None:
    """It shows how many evidence links a record has, and how many are restricted."""
    _record(
        runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30", "-e", EVIDENCE, "--restricted"
    )
    _record(
        runner, "CT.1", "-s", "ongoing", "--as-of", "2024-07-30", "-e", EVIDENCE, "-e", EVIDENCE
    )
    lines = runner.invoke(app, ["history", PLAN, "-f", "plain"]).stdout.splitlines()
    assert "2 links" in lines[2]
    assert "1 link, 1 restricted" in lines[3]


def test_record_warns_about_broken_records_of_the_plan(runner: CliRunner, plans_dir: Path) -> None:
    """It still records, but says other records of the plan are broken and left out."""
    broken = plans_dir / "progress" / PLAN / "CYB.1" / "broken.toml"
    broken.parent.mkdir(parents=True)
    broken.write_text("format = 1\nplan = ")
    code, _, err = _record(runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")
    assert code == 0
    assert err.splitlines()[0] == (
        "warning: 1 other record file of this plan could not be read, so the state above "
        "leaves it out; run: workplan validate"
    )


def test_percent_may_carry_a_percent_sign(runner: CliRunner, plans_dir: Path) -> None:
    """It takes --percent 40% as 40, as people write it."""
    code, _, err = _record(runner, "CT.1", "-s", "ongoing", "-p", "40%", "--as-of", "2024-06-30")
    assert code == 0, err
    assert [r["percent"] for r in _history_json(runner)] == [40]


def test_one_mistake_gives_one_error(runner: CliRunner, plans_dir: Path) -> None:
    """It reports a meeting id in the wrong case once, as an unknown meeting with a suggestion."""
    result = runner.invoke(
        app, ["record", PLAN, "CT.1", "-s", "ongoing", "--meeting", "SOMTC-Test-1"]
    )
    assert result.stderr.splitlines() == [
        'error: plan "test-plan-2024-2026" has no meeting "SOMTC-Test-1"',
        '  hint: did you mean "somtc-test-1"?',
        "error: nothing was written",
    ]


def test_control_codes_in_a_note_cannot_act_on_the_terminal(
    runner: CliRunner, plans_dir: Path
) -> None:
    """It stores a note exactly but shows its control codes written out, never raw."""
    note = "x\x1b[31mRED\x1b]0;title\x07 end"
    _record(runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30", "-n", note)
    assert [r["note"] for r in _history_json(runner)] == [note]
    for form in ("plain", "table"):
        shown = runner.invoke(app, ["history", PLAN, "-f", form]).stdout
        assert "\x1b" not in shown
        assert "x\\x1b[31mRED\\x1b]0;title" in shown


def test_history_since_a_date_with_nothing_after(runner: CliRunner, plans_dir: Path) -> None:
    """It says there is nothing from that date on, not that nothing was ever recorded."""
    _record(runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")
    result = runner.invoke(app, ["history", PLAN, "--since", "2025-01-01", "-f", "plain"])
    assert result.stdout.splitlines()[-1] == "No progress recorded as of 2025-01-01 or later."


def test_history_names_at_most_ten_broken_files(runner: CliRunner, plans_dir: Path) -> None:
    """It lists the first ten problems and a count, and points to validate for the rest."""
    folder = plans_dir / "progress" / PLAN / "CT.1"
    folder.mkdir(parents=True)
    for number in range(25):
        (folder / f"broken-{number:02}.toml").write_text("format = ")
    lines = runner.invoke(app, ["history", PLAN]).stderr.splitlines()
    assert len([line for line in lines if "broken-" in line]) == 10
    assert "error: ... and 15 more problems" in lines
    assert lines[-2] == ("error: 25 files have problems, so the history would be incomplete")


def test_a_symbolic_link_is_never_written_through(
    runner: CliRunner, plans_dir: Path, tmp_path: Path
) -> None:
    """It refuses to write a record through a linked folder, which would leave the repository."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (plans_dir / "progress" / PLAN).mkdir(parents=True)
    (plans_dir / "progress" / PLAN / "CT.1").symlink_to(elsewhere, target_is_directory=True)
    code, out, err = _record(runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")
    assert (code, out) == (1, "")
    assert err.startswith(f"error: plans/progress/{PLAN}/CT.1 is a symbolic link;")
    assert list(elsewhere.iterdir()) == []


def test_a_linked_progress_folder_gets_no_new_folder_either(
    runner: CliRunner, plans_dir: Path, tmp_path: Path
) -> None:
    """It refuses before making the activity's folder, which would be made through the link
    (found by tests/test_fuzz.py: a refused record left a new folder outside the plans)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (plans_dir / "progress").symlink_to(elsewhere, target_is_directory=True)
    code, out, err = _record(runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")
    assert (code, out) == (1, "")
    assert err == (
        "error: plans/progress is a symbolic link; workplan writes records only inside the "
        "plans directory\n  hint: replace the link with a real folder\n"
    )
    assert list(elsewhere.iterdir()) == []


def test_a_record_file_name_that_is_not_utf8_is_shown_with_an_escape(
    runner: CliRunner, plans_dir: Path
) -> None:
    """It shows the id of a record whose file name is not UTF-8 with an escape, not a crash
    (found by tests/test_fuzz.py: history -f json stopped with a traceback)."""
    _record(runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")
    [path] = _written(plans_dir)
    path.rename(path.parent / "renamed\udcff.toml")  # the byte 0xFF on disk
    result = runner.invoke(app, ["history", PLAN, "-f", "csv"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1].startswith("renamed\\xff,2024-06-30,CT.1,ongoing,")
    records = _history_json(runner)
    assert [(r["record"], r["path"]) for r in records] == [
        ("renamed\\xff", f"plans/progress/{PLAN}/CT.1/renamed\\xff.toml")
    ]


def test_a_hand_written_indicator_table_is_named_plainly(
    runner: CliRunner, plans_dir: Path
) -> None:
    """It says an indicator value must be a number, without pydantic's type names."""
    _record(runner, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30", "-i", "officials-trained=4")
    [path] = _written(plans_dir)
    path.write_text(
        path.read_text().replace("officials-trained = 4", "officials-trained = { a = 1 }")
    )
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert 'the record: "officials-trained" must be a number, not a table' in result.stdout
    assert '"int"' not in result.stdout


def test_a_correction_counts_even_after_a_record_made_under_a_fast_clock(
    runner: CliRunner, plans_dir: Path
) -> None:
    """A correction lists the records of the day it saw (after = [...]): it counts, though the
    first was written by a computer whose clock ran 12 hours ahead (SPEC §4.1)."""
    _record(runner, "CT.1", "-s", "ongoing", "-p", "30", "--as-of", "2024-06-30")
    [path] = _written(plans_dir)
    skewed = dt.datetime.now(dt.UTC) + dt.timedelta(hours=12)  # a clock running ahead
    text = re.sub(r"recorded_at = .*", f"recorded_at = {skewed.isoformat()}", path.read_text())
    path.write_text(text.replace("percent = 30", "percent = 35"))
    code, out, _ = _record(runner, "CT.1", "-s", "ongoing", "-p", "40", "--as-of", "2024-06-30")
    assert code == 0
    assert out.splitlines()[-1] == "Now: CT.1 is ongoing, 40%."
    [new] = (p for p in _written(plans_dir) if p != path)
    assert f'after = [\n    "{path.stem}",\n]' in new.read_text()
