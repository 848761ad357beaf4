"""`workplan due` (SPEC §7.2) on the status fixture (tests/data/status/plans), worked by hand.

For the 2nd Review Consultation (2025-06-30; the meeting before: 2024-06-30):
  A.1 (JP) completed, A.3 (SG) cancelled: owe nothing.
  A.2 (TH, JP) last record 2024-09-01 (after the meeting before), ended 2025-02-28: overdue.
  B.1 (JP) no record, 2025-01-01..2025-12-31: no update since the 1st Review; started.
  B.2 (PH) 2025-07-01..: not begun by the meeting: owes nothing.
  B.3 (VN) records in 2025, ends on the meeting's day: ended 30 June 2025.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workplan_cli.cli import app

PLAN = "fixture-2024-2025"


def _run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.usefixtures("plans")
def test_who_owes_what_before_a_meeting(runner: CliRunner) -> None:
    code, out, err = _run(runner, "due", PLAN, "--meeting", "review-2")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith(
        f"Updates owed on {PLAN} before 30 June 2025 (the 2nd Review Consultation)"
    )
    assert lines[1:] == [
        "",
        "JP (Japan): 2 activities",
        "  - A.2 Exchange of information on foreign terrorist fighters through national focal "
        "points: overdue since 28 February 2025",
        "  - B.1 Cybercrime dialogue: no update since the 1st Review Consultation (30 June 2024); "
        "started 1 January 2025",
        "",
        "TH (Thailand): 1 activity",
        "  - A.2 Exchange of information on foreign terrorist fighters through national focal "
        "points: overdue since 28 February 2025",
        "",
        "VN (Viet Nam): 1 activity",
        "  - B.3 Joint operation against scam centres: ended 30 June 2025",
    ]


@pytest.mark.usefixtures("plans")
def test_due_for_one_lead_in_every_format(runner: CliRunner) -> None:
    doc = json.loads(
        _run(runner, "due", PLAN, "--meeting", "review-2", "--lead", "jp", "-f", "json")[1]
    )
    assert (doc["format"], doc["before"], doc["previous_meeting"]) == (1, "2025-06-30", "review-1")
    assert [(lead["lead"], [a["id"] for a in lead["activities"]]) for lead in doc["leads"]] == [
        ("JP", ["A.2", "B.1"])
    ]
    rows = _run(runner, "due", PLAN, "--before", "2025-06-30", "--lead", "VN", "-f", "csv")[1]
    assert rows.splitlines() == [
        "plan,before,lead,lead_name,activity,title,reasons",
        f"{PLAN},2025-06-30,VN,Viet Nam,B.3,Joint operation against scam centres,"
        "ended 30 June 2025",
    ]
    md = _run(runner, "due", PLAN, "--meeting", "review-2", "-f", "md")[1]
    assert "## JP (Japan)" in md
    assert "- **B.1** Cybercrime dialogue: no update since the 1st Review Consultation" in md


@pytest.mark.usefixtures("plans")
@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["--meeting", "review-9"], 1, f'error: plan "{PLAN}" has no meeting "review-9"'),
        (["--meeting", "review-2", "--before", "2025-01-01"], 2,
         "error: --meeting sets the day; give it alone, or --before"),
        (["--lead", "XX"], 1, 'error: --lead "XX" is not a known code'),
    ],
)  # fmt: skip
def test_due_refusals(runner: CliRunner, args: list[str], code: int, said: str) -> None:
    result = _run(runner, "due", PLAN, *args)
    assert result[0] == code
    assert result[2].startswith(said)


def test_nobody_owes_anything(runner: CliRunner, plans_dir: Path) -> None:
    out = _run(runner, "due", "test-plan-2024-2026", "--before", "2024-01-02")[1]
    assert out.splitlines()[-1] == "Nobody owes an update: every activity not done with has one."
