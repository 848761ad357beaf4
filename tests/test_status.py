"""`workplan status` and `workplan areas` through the real CLI, on a fixture plan with records.

The fixture (tests/data/status/plans) is small enough to check every figure by hand:

  A.1  2024-01-01..2024-12-31  ongoing 50 as of 2024-06-30; completed as of 2024-12-20
  A.2  2024-03-01..2025-02-28  ongoing 20 as of 2024-09-01 (overdue from 2025-03-01)
  A.3  2024-01-01..2025-12-31  cancelled as of 2024-05-01
  B.1  2025-01-01..2025-12-31  no record
  B.2  2025-07-01..2025-12-31  no record
  B.3  2024-01-01..2025-06-30  (illustrative) ongoing 80 as of 2024-12-31, recorded late
       (back-dated); ongoing 60 as of 2025-03-01, corrected to 70 by a later record
  [rag] amber = 10, red = 30
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from workplan_cli.cli import app

from .conftest import REPO, installed

PLAN = "fixture-2024-2025"
SNAPSHOTS = Path(__file__).parent / "snapshots"
ESC = "\x1b"


def _run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _json(runner: CliRunner, *args: str) -> dict[str, Any]:
    code, out, err = _run(runner, *args, "--format", "json")
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def _plan(runner: CliRunner, day: str, *args: str) -> dict[str, Any]:
    doc = _json(runner, "status", PLAN, "--as-of", day, *args)
    [plan] = doc["plans"]
    assert isinstance(plan, dict)
    return plan


def _activities(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for area in plan["areas"] for a in area["activities"]}


def _snapshot(name: str, text: str) -> None:
    """Compare with tests/snapshots/NAME; UPDATE_SNAPSHOTS=1 rewrites it (review the diff)."""
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


# --- figures -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("plans")
def test_figures_as_of_a_day_after_every_record(runner: CliRunner) -> None:
    """2025-03-31: A.1 completed, A.2 overdue, A.3 cancelled, B.3 at its corrected 70%."""
    plan = _plan(runner, "2025-03-31")
    assert plan["elapsed_percent"] == 62  # day 455 of 731: 45500 / 731 = 62.2
    assert plan["counts"] == {
        "activities": 6,
        "completed": 1,
        "ongoing": 2,
        "planned": 2,
        "suspended": 0,
        "cancelled": 1,
        "overdue": 1,
        "illustrative": 1,
    }
    assert plan["implementation_rate"] == 20.0  # 1 / (6 - 1)
    assert plan["engagement_rate"] == 60.0  # (1 + 2) / 5
    assert plan["rag"] == "red"
    assert plan["rag_counts"] == {"grey": 1, "green": 1, "amber": 2, "red": 1}
    assert plan["coordinators"] == ["VN"]
    assert plan["last_meeting"]["id"] == "review-1"
    assert plan["next_meeting"]["id"] == "review-2"
    area_a, area_b = plan["areas"]
    assert (area_a["implementation_rate"], area_a["engagement_rate"], area_a["rag"]) == (
        50.0,  # A.1 of A.1, A.2 (A.3 cancelled)
        100.0,
        "red",
    )
    assert (area_b["implementation_rate"], area_b["engagement_rate"], area_b["rag"]) == (
        0.0,
        33.3,  # B.3 of three
        "amber",
    )
    acts = _activities(plan)
    shown = {
        key: (a["status"], a["percent"], a["expected_percent"], a["behind"], a["overdue"], a["rag"])
        for key, a in acts.items()
    }
    assert shown == {
        "A.1": ("completed", 100, 100, None, False, "green"),
        "A.2": ("ongoing", 20, 100, 80, True, "red"),  # ended 2025-02-28
        "A.3": ("cancelled", None, 62, None, False, None),
        "B.1": ("planned", None, 24, 24, False, "amber"),  # 90 of 365 days: 24.7
        "B.2": ("planned", None, 0, 0, False, "grey"),  # starts 2025-07-01
        "B.3": ("ongoing", 70, 83, 13, False, "amber"),  # 456 of 547 days: 83.4; 13 > 10
    }
    assert acts["B.3"]["record"] == {
        "id": "2025-03-05T090000Z-b3000003",  # the correction, recorded later the same day
        "as_of": "2025-03-01",
        "note": "Illustrative: corrected count.",
        "provenance": "illustrative",
    }
    assert acts["B.1"]["record"] is None


@pytest.mark.usefixtures("plans")
def test_figures_as_of_a_day_before_some_records(runner: CliRunner) -> None:
    """2024-09-01: A.1 not yet completed; B.3's records are all later, so it is planned."""
    plan = _plan(runner, "2024-09-01")
    assert (plan["implementation_rate"], plan["engagement_rate"]) == (0.0, 40.0)
    assert plan["counts"]["overdue"] == 0
    assert plan["coordinators"] == ["TH"]
    assert plan["next_meeting"]["id"] == "review-2"
    acts = _activities(plan)
    shown = {
        key: (a["status"], a["percent"], a["expected_percent"], a["rag"]) for key, a in acts.items()
    }
    assert shown == {
        "A.1": ("ongoing", 50, 66, "amber"),  # 245 of 366 days: 66.9; 16 behind
        "A.2": ("ongoing", 20, 50, "amber"),  # 185 of 365 days: 50.7; 30 behind is not > 30
        "A.3": ("cancelled", None, 33, None),
        "B.1": ("planned", None, 0, "grey"),
        "B.2": ("planned", None, 0, "grey"),
        "B.3": ("planned", None, 44, "red"),  # 245 of 547 days: 44.8
    }


@pytest.mark.usefixtures("plans")
def test_a_back_dated_record_counts_from_its_own_day(runner: CliRunner) -> None:
    """B.3's 80% as of 2024-12-31 was recorded in May 2025, yet counts on 2025-02-01."""
    b3 = _activities(_plan(runner, "2025-02-01"))["B.3"]
    assert (b3["status"], b3["percent"], b3["expected_percent"], b3["rag"]) == (
        "ongoing",
        80,
        72,  # 398 of 547 days: 72.8
        "green",
    )
    assert b3["record"]["as_of"] == "2024-12-31"
    a2 = _activities(_plan(runner, "2025-02-28"))["A.2"]
    assert (a2["overdue"], a2["rag"]) == (False, "red")  # its last day: due, not yet overdue
    assert _activities(_plan(runner, "2025-03-01"))["A.2"]["overdue"] is True


@pytest.mark.usefixtures("plans")
def test_overview_has_the_same_figures(runner: CliRunner) -> None:
    doc = _json(runner, "status", "--as-of", "2025-03-31")
    assert doc["format"] == 1
    assert doc["as_of"] == "2025-03-31"
    [plan] = doc["plans"]
    assert plan["id"] == PLAN
    assert (plan["implementation_rate"], plan["engagement_rate"], plan["rag"]) == (
        20.0,
        60.0,
        "red",
    )
    assert "areas" not in plan


# --- filters -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("plans")
@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--area", "B"], ["B.1", "B.2", "B.3"]),
        (["--area", "b"], ["B.1", "B.2", "B.3"]),
        (["--area", "cybercrime"], ["B.1", "B.2", "B.3"]),
        (["--lead", "jp"], ["A.1", "A.2", "B.1"]),
        (["--status", "ongoing"], ["A.2", "B.3"]),
        (["--overdue"], ["A.2"]),
        (["--lead", "JP", "--status", "planned"], ["B.1"]),
        (["--lead", "KR"], []),
    ],
)
def test_filters_narrow_the_activities_and_their_figures(
    runner: CliRunner, args: list[str], ids: list[str]
) -> None:
    plan = _plan(runner, "2025-03-31", *args)
    assert sorted(_activities(plan)) == ids
    assert plan["counts"]["activities"] == len(ids)


@pytest.mark.usefixtures("plans")
def test_filtered_figures_are_of_the_activities_shown(runner: CliRunner) -> None:
    plan = _plan(runner, "2025-03-31", "--area", "A")
    assert (plan["counts"]["activities"], plan["implementation_rate"], plan["rag"]) == (
        3,
        50.0,
        "red",
    )
    [area] = plan["areas"]
    assert area["counts"]["activities"] == len(area["activities"]) == 3
    assert [a["id"] for a in plan["areas"]] == ["A"]


@pytest.mark.usefixtures("plans")
@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (
            ["status", PLAN, "--area", "terorism"],
            f'error: --area "terorism": no such area in plan "{PLAN}"',
            '  hint: did you mean "terrorism"?',
        ),
        (
            ["status", "--area", "C"],
            f'error: --area "C": no such area in plan "{PLAN}"',
            "  hint: areas: A, B, terrorism, cybercrime",
        ),
        (
            ["status", "--lead", "JPN"],
            'error: --lead "JPN" is not a known code',
            '  hint: use the two-letter code "JP"',
        ),
        (
            ["status", "fixture-2024-2026"],
            'error: there is no plan "fixture-2024-2026" in plans',
            '  hint: did you mean "fixture-2024-2025"?',
        ),
    ],
)
def test_unknown_names_are_refused_with_did_you_mean(
    runner: CliRunner, args: list[str], message: str, hint: str
) -> None:
    code, out, err = _run(runner, *args)
    assert (code, out) == (1, "")
    assert err.splitlines() == [message, hint]


@pytest.mark.usefixtures("plans")
@pytest.mark.parametrize("day", ["2025-13-01", "yesterday", ""])
def test_a_bad_as_of_is_wrong_usage(runner: CliRunner, day: str) -> None:
    code, out, err = _run(runner, "status", "--as-of", day)
    assert (code, out) == (2, "")
    assert err.startswith("error: --as-of")
    assert "hint: write dates as YYYY-MM-DD" in err


@pytest.mark.usefixtures("plans")
def test_a_bad_status_filter_is_wrong_usage(runner: CliRunner) -> None:
    code, out, err = _run(runner, "status", "--status", "late")
    assert (code, out) == (2, "")
    assert "'late' is not one of" in err


# --- refusing broken files -----------------------------------------------------------------------


def test_a_broken_record_stops_status_with_the_validation_error(
    runner: CliRunner, plans: Path
) -> None:
    broken = plans / "progress" / PLAN / "A.1" / "2024-07-01T090000Z-a1000001.toml"
    broken.write_text(broken.read_text().replace("percent = 50", "percent = 150"))
    # a filter that names no area is said only once the files are right
    for args in (["status"], ["status", PLAN], ["areas"], ["status", "--area", "nowhere"]):
        code, out, err = _run(runner, *args)
        assert (code, out) == (1, ""), args
        assert err.splitlines()[:2] == [
            f"error: plans/progress/{PLAN}/A.1/{broken.name}:6:11: "
            'the record: "percent" is 150, outside the range 0 to 100',
            "error: 1 file has problems, so the figures would be wrong",
        ]
        assert "Traceback" not in err


def test_a_broken_plan_stops_the_overview_but_not_the_other_plans(
    runner: CliRunner, plans: Path
) -> None:
    """One broken plan file stops that plan's figures only: the overview and areas show the
    others, name the plan left out, list its problems, and exit 1 (SPEC §4.1)."""
    (plans / "other-2024-2025.toml").write_text('format = 1\n[plan]\nid = "other-2024-2025"\n')
    for args in (["status", "-f", "plain"], ["areas", "-f", "plain"]):
        code, out, err = _run(runner, *args, "--as-of", "2025-03-31")
        assert code == 1
        shown = "fixture-2024-2025*" if args[0] == "status" else "Fixture WP*"
        assert shown in out  # the sound plan's row (its id) or column (its short name)
        assert out.splitlines()[-1] == (
            "Not shown: other-2024-2025: its files have problems (listed below), so the "
            "figures would be wrong."
        )
        assert 'error: plans/other-2024-2025.toml:2:1: [plan] has no "end"; it is required' in err
        assert "error: 1 file has problems, so the figures would be wrong" in err
    doc = json.loads(_run(runner, "status", "-f", "json", "--as-of", "2025-03-31")[1])
    assert ([p["id"] for p in doc["plans"]], doc["not_shown"]) == ([PLAN], ["other-2024-2025"])
    row = _run(runner, "status", "-f", "plain", "--as-of", "2025-03-31")[1].splitlines()[2]
    (plans / "other-2024-2025.toml").unlink()
    alone = _run(runner, "status", "-f", "plain", "--as-of", "2025-03-31")
    assert alone[0] == 0
    assert row == alone[1].splitlines()[2]  # the same figures as without the broken plan
    code, out, _ = _run(runner, "status", PLAN, "--as-of", "2025-03-31")
    assert code == 0
    assert out.startswith("Fixture Work Plan on Cooperation (2024-2025)\n")


# --- terminal output -----------------------------------------------------------------------------


@pytest.mark.usefixtures("plans")
@pytest.mark.parametrize("width", [80, 120])
def test_plan_table_snapshot(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, err = _run(runner, "status", PLAN, "--as-of", "2025-03-31", "-f", "table")
    assert (code, err) == (0, "")
    assert max(len(line) for line in out.splitlines()) <= width
    _snapshot(f"status-plan-table-{width}.txt", out)


@pytest.mark.usefixtures("plans")
@pytest.mark.parametrize("width", [80, 120])
def test_overview_table_snapshot(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    code, out, _ = _run(runner, "status", "--as-of", "2025-03-31", "-f", "table")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= width
    _snapshot(f"status-overview-table-{width}.txt", out)


@pytest.mark.usefixtures("plans")
def test_plain_is_the_default_when_piped_one_row_per_line(runner: CliRunner) -> None:
    """No box drawing, no colour, no wrapping: one line per activity, whatever the width."""
    code, out, _ = _run(runner, "status", PLAN, "--as-of", "2025-03-31")
    assert code == 0
    assert out == _run(runner, "status", PLAN, "--as-of", "2025-03-31", "-f", "plain")[1]
    assert ESC not in out
    assert not set(out) & set("─│┃━╇┏")
    lines = out.splitlines()
    a2 = [line for line in lines if line.startswith("A.2 ")]
    assert len(a2) == 1
    assert "through national focal points" in a2[0]  # the long title, whole, on its line
    assert "ongoing, overdue" in a2[0]
    assert "Two focal points named. Others pending." in a2[0]  # the note's line break: a space
    _snapshot("status-plan-plain.txt", out)


@pytest.mark.usefixtures("plans")
def test_overview_and_areas_plain_snapshots(runner: CliRunner) -> None:
    _snapshot("status-overview-plain.txt", _run(runner, "status", "--as-of", "2025-03-31")[1])
    _snapshot("areas-plain.txt", _run(runner, "areas", "--as-of", "2025-03-31")[1])


@pytest.mark.usefixtures("plans")
def test_illustrative_activities_and_records_are_marked(runner: CliRunner) -> None:
    out = _run(runner, "status", PLAN, "--as-of", "2025-03-31")[1]
    [b3] = [line for line in out.splitlines() if line.startswith("B.3")]
    assert b3.startswith("B.3* ")
    assert "2025-03-01* " in b3
    assert out.splitlines()[-1] == (
        "* illustrative: invented to demonstrate workplan, not a real commitment or report"
    )
    [a1] = [line for line in out.splitlines() if line.startswith("A.1")]
    assert "*" not in a1  # sourced, and so is its record


@pytest.mark.usefixtures("plans")
def test_a_future_day_is_said_to_be_a_projection(runner: CliRunner) -> None:
    out = _run(runner, "status", PLAN, "--as-of", "2099-01-01")[1]
    assert "as of 2099-01-01 (a future day: the latest records, projected)" in out


@pytest.mark.usefixtures("plans")
def test_no_match_says_so(runner: CliRunner) -> None:
    code, out, _ = _run(runner, "status", PLAN, "--lead", "KR")
    assert code == 0
    assert "No activity matches." in out


def test_notes_are_shown_as_typed_never_as_markup_or_codes(
    runner: CliRunner, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    record = plans / "progress" / PLAN / "A.2" / "2024-09-02T090000Z-a2000001.toml"
    record.write_text(
        record.read_text().replace(
            'note = "Two focal points named.\\nOthers pending."',
            'note = "[bold]loud[/bold] \\u001b[31mred"',
        )
    )
    for output in ("table", "plain"):
        code, out, err = _run(runner, "status", PLAN, "--as-of", "2025-03-31", "-f", output)
        assert code == 0, err
        assert "[bold]loud[/bold] \\x1b[31mred" in out
        assert ESC not in out


@pytest.mark.usefixtures("plans")
def test_colour_only_when_asked(runner: CliRunner) -> None:
    """The renderer colours RAG words when told to; the CLI never does when not on a terminal."""
    import datetime as dt

    from workplan_cli.planning import Filters
    from workplan_cli.render import status as render
    from workplan_cli.render.terminal import Output
    from workplan_cli.standing import plan_status

    day = dt.date(2025, 3, 31)
    result = plan_status(Path("plans"), PLAN, day, day, Filters())
    coloured = render.as_table(result, Output("table", color=True, width=120))
    assert f"{ESC}[1;31mred" in coloured
    assert ESC not in render.as_table(result, Output("table", color=False, width=120))
    assert ESC not in _run(runner, "status", PLAN, "-f", "table")[1]


# --- machine output ------------------------------------------------------------------------------


@pytest.mark.usefixtures("plans")
def test_csv_one_header_row_one_row_per_activity(runner: CliRunner) -> None:
    code, out, _ = _run(runner, "status", PLAN, "--as-of", "2025-03-31", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["activity"] for r in rows] == ["A.1", "A.2", "A.3", "B.1", "B.2", "B.3"]
    a2 = rows[1]
    assert (a2["status"], a2["percent"], a2["expected_percent"], a2["overdue"], a2["rag"]) == (
        "ongoing",
        "20",
        "100",
        "yes",
        "red",
    )
    assert a2["note"] == "Two focal points named.\nOthers pending."
    code, out, _ = _run(runner, "status", "--as-of", "2025-03-31", "-f", "csv")
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert (row["plan"], row["implementation_rate"], row["engagement_rate"]) == (PLAN, "20", "60")


def test_csv_cells_never_run_as_formulas(runner: CliRunner, plans: Path) -> None:
    record = plans / "progress" / PLAN / "A.2" / "2024-09-02T090000Z-a2000001.toml"
    record.write_text(
        record.read_text().replace(
            'note = "Two focal points named.\\nOthers pending."', 'note = "=HYPERLINK(1)"'
        )
    )
    out = _run(runner, "status", PLAN, "--as-of", "2025-03-31", "-f", "csv")[1]
    assert list(csv.DictReader(io.StringIO(out)))[1]["note"] == "'=HYPERLINK(1)"


@pytest.mark.usefixtures("plans")
def test_areas_json_and_csv(runner: CliRunner) -> None:
    doc = _json(runner, "areas", "--as-of", "2025-03-31")
    assert doc["plans"] == [PLAN]
    rows = {row["somtc_area"]: row for row in doc["areas"]}
    assert len(rows) == 10
    assert rows["terrorism"]["plans"][PLAN]["implementation_rate"] == 50.0
    assert rows["cybercrime"]["plans"][PLAN]["counts"]["activities"] == 3
    assert rows["sea_piracy"] == {
        "somtc_area": "sea_piracy",
        "covered": False,
        "plans": {PLAN: None},
    }
    out = _run(runner, "areas", "--as-of", "2025-03-31", "-f", "csv")[1]
    csv_rows = list(csv.DictReader(io.StringIO(out)))
    assert len(csv_rows) == 10  # two covered, with their plan; eight covered by none
    assert [r["plan"] for r in csv_rows if r["somtc_area"] == "terrorism"] == [PLAN]
    assert [r["plan"] for r in csv_rows if r["somtc_area"] == "sea_piracy"] == [""]


def test_areas_table_names_the_areas_no_plan_covers(runner: CliRunner, plans: Path) -> None:
    out = _run(runner, "areas", "--as-of", "2025-03-31", "-f", "table")[1]
    assert "Covered by no plan: illicit drug trafficking, trafficking in persons," in out
    assert "Fixture WP*" in out


# --- end to end ----------------------------------------------------------------------------------


def _installed() -> str:
    return installed("workplan")


def test_bundled_plans_piped_have_no_escape_codes(tmp_path: Path) -> None:
    """The README's first command, piped: plain text, all three bundled plans, exit 0."""
    import subprocess

    for args in ([], ["somtc-japan-2023-2027"]):
        done = subprocess.run(
            [_installed(), "status", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
            env={**os.environ, "TERM": "xterm-256color"},
        )
        assert done.returncode == 0, done.stderr
        assert ESC not in done.stdout
        assert done.stderr == ""
    assert "SOMTC+Japan Work Plan" in done.stdout  # the one plan's title
    overview = subprocess.run(
        [_installed(), "status"], capture_output=True, text=True, cwd=REPO, check=False
    )
    rows = [line.split()[:2] for line in overview.stdout.splitlines()]
    assert ["somtc-japan-2023-2027*", "SOMTC+Japan"] in rows  # its id, then its title


@pytest.mark.parametrize(
    ("env", "args", "coloured"),
    [
        ({}, [], True),
        ({"NO_COLOR": "1"}, [], False),
        ({}, ["--no-color"], False),
        ({"TERM": "dumb"}, [], False),
    ],
)
def test_on_a_terminal_colour_unless_no_color(
    env: dict[str, str], args: list[str], coloured: bool
) -> None:
    """In a real pseudo-terminal: a table in colour, unless NO_COLOR, --no-color or a
    terminal that shows none (TERM=dumb)."""
    import pty
    import subprocess

    main, sub = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full_env.update({"TERM": "xterm-256color", "COLUMNS": "120"} | env)
    with subprocess.Popen(
        [_installed(), "status", *args],
        stdout=sub,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env=full_env,
    ) as proc:
        os.close(sub)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closes when the program ends
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=60) == 0
    os.close(main)
    out = b"".join(chunks).decode()
    assert "─" in out  # a table, not plain text
    assert (ESC in out) is coloured


def test_no_plans_yet_says_how_to_start(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    for args in (["status"], ["areas"]):
        code, out, err = _run(runner, *args)
        assert (code, out) == (1, "")
        assert err.splitlines() == [
            "error: there are no plans in plans yet",
            "  hint: start one with: workplan new PLAN-ID (e.g. somtc-india-2026-2030)",
        ]


@pytest.mark.usefixtures("plans")
def test_a_somtc_area_the_plan_does_not_cover_is_refused(runner: CliRunner) -> None:
    code, out, err = _run(runner, "status", PLAN, "--area", "sea-piracy")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f'error: --area "sea-piracy": no such area in plan "{PLAN}"',
        "  hint: areas: A, B, terrorism, cybercrime",
    ]


@pytest.mark.usefixtures("plans")
def test_status_filter_ignores_case(runner: CliRunner) -> None:
    plan = _plan(runner, "2025-03-31", "--status", "Ongoing")
    assert sorted(_activities(plan)) == ["A.2", "B.3"]


@pytest.mark.usefixtures("plans")
def test_rates_in_tables_round_halves_up(runner: CliRunner) -> None:
    """1 of 2 in area A at 2025-03-31 is 50%; 1 of 8 would be 12.5: shown as 13%, not 12%."""
    from workplan_cli.planning import whole

    assert [whole(v) for v in (12.5, 37.5, 0.4, 99.5, 100.0, -5.0, -4.4)] == [
        13,
        38,
        0,
        100,
        100,
        -5,
        -4,
    ]


def test_long_unbreakable_words_never_lose_columns(
    runner: CliRunner, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Thai title (no spaces) and a 39-character id still leave every kept column in view."""
    plan = plans / f"{PLAN}.toml"
    text = plan.read_text().replace('title = "Terrorism"', 'title = "' + "ผู้เสียหาย" * 8 + '"')
    text = text.replace('id = "B.2"', 'id = "B.' + "2" * 37 + '"')
    plan.write_text(text)
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = _run(runner, "status", PLAN, "--as-of", "2025-03-31", "-f", "table")
    assert code == 0, err
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80  # Thai marks take no cell of their own
    headers = [line for line in lines if line.startswith(("Area ", "Activity "))]
    assert len(headers) == 3  # areas, A and B tables
    assert all(line.split()[-1] == "RAG" for line in headers)  # the last column still there


def test_areas_leaves_out_plans_that_do_not_fit_and_says_so(
    runner: CliRunner, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = (plans / f"{PLAN}.toml").read_text()
    for n in range(2, 8):
        other = f"fixture{n}-2024-2025"
        (plans / f"{other}.toml").write_text(
            source.replace(PLAN, other).replace('"Fixture WP"', f'"Fixture WP number {n}"')
        )
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = _run(runner, "areas", "--as-of", "2025-03-31", "-f", "table")
    assert code == 0, err
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "3 acts, 50%" in out  # whole cells, never cut
    assert "Left out at this width: Fixture WP number 4*, Fixture WP number 5*," in " ".join(lines)
    assert "Fixture WP number 7*" not in out.split("\n\n")[0].splitlines()[1]  # not in the header
