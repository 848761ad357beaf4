"""Records people can trust at the table (SPEC §4.1): withdrawals, the same values twice,
corrections and parallel reports, clocks and time zones, one broken file, renames.

The plan is tests/data/valid/test-plan-2024-2026.toml: CT.1 runs 2024-03-01..2024-12-31 (306
days; by 2024-06-30, 122 of them: 39% expected), CYB.1 2025-01-01..2026-06-30. Thresholds
15 and 35.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from workplan_cli.cli import app
from workplan_cli.progress import RecordRequest, add_record

from .conftest import DATA, VALID_PLAN, git, plans_repo

PLAN = VALID_PLAN.stem
EVIDENCE = "Report=https://example.org/report"


def _run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _files(plans: Path, activity: str = "CT.1") -> list[Path]:
    return sorted((plans / "progress" / PLAN / activity).glob("*.toml"))


def _activity(runner: CliRunner, day: str, activity: str = "CT.1") -> dict[str, Any]:
    code, out, err = _run(runner, "status", PLAN, "--as-of", day, "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    found = {a["id"]: a for area in doc["plans"][0]["areas"] for a in area["activities"]}
    return {**found[activity], "plan": doc["plans"][0]}


# --- withdrawing a record --------------------------------------------------------------------


def test_a_withdrawn_record_counts_nowhere_and_is_shown_with_its_reason(
    runner: CliRunner, plans_dir: Path
) -> None:
    code, _, err = _run(
        runner, "record", PLAN, "CT.1", "-s", "completed", "-e", EVIDENCE, "--as-of",
        "2024-06-30", "-n", "oops, meant CYB.1",
    )  # fmt: skip
    assert code == 0, err
    before = _activity(runner, "2024-06-30")
    assert (before["status"], before["plan"]["implementation_rate"]) == ("completed", 50.0)
    [mistake] = _files(plans_dir)
    code, out, err = _run(
        runner, "withdraw", PLAN, "CT.1", mistake.stem, "--reason", "recorded on the wrong activity"
    )
    assert (code, err.splitlines()) == (0, ["Commit the new file with git to share it."])
    assert out.splitlines()[0] == (
        f'Withdrew record {mistake.stem} of CT.1 "Workshop on countering violent extremism" '
        "(completed, 100%, as of 2024-06-30): recorded on the wrong activity"
    )
    assert out.splitlines()[-1] == "Now: CT.1 is planned."
    # the figures: CT.1 planned again, 39% expected, 39 behind: red; nothing implemented
    after = _activity(runner, "2024-06-30")
    assert (after["status"], after["expected_percent"], after["rag"]) == ("planned", 39, "red")
    assert after["plan"]["implementation_rate"] == 0.0
    # history: the withdrawn record marked, with the reason, in every format
    [withdrawal] = [p for p in _files(plans_dir) if p != mistake]
    assert f'withdraws = "{mistake.stem}"' in withdrawal.read_text()
    table = _run(runner, "history", PLAN, "CT.1", "-f", "plain")[1].splitlines()
    assert table[2].split()[:2] == [withdrawal.stem[:10], "withdrawal"]
    assert (
        f"completed, withdrawn 100% oops, meant CYB.1 [withdrawn as of {dt.date.today()}: "
        "recorded on the wrong activity] 1 link"
    ) in table[3]
    records = json.loads(_run(runner, "history", PLAN, "-f", "json")[1])["records"]
    shown = {r["record"]: r for r in records}
    assert shown[mistake.stem]["withdrawn"]["reason"] == "recorded on the wrong activity"
    assert shown[mistake.stem]["withdrawn"]["by"] == withdrawal.stem
    assert shown[withdrawal.stem]["withdraws"] == mistake.stem
    assert shown[withdrawal.stem]["status"] is None
    rows = _run(runner, "history", PLAN, "-f", "csv")[1].splitlines()
    assert rows[0].endswith(
        ",withdraws,withdrawn_by,withdrawn_reason,replaced,reports_differ,filed_as"
    )
    assert any(
        r.startswith(mistake.stem) and f",{withdrawal.stem},recorded on the wrong activity," in r
        for r in rows
    )
    # the summary leaves it out
    period = ("--since", "2024-06-01", "--as-of", "2024-07-01")
    doc = json.loads(_run(runner, "summary", PLAN, *period, "-f", "json")[1])
    assert (doc["completed"], doc["changes"]) == ([], [])
    assert "oops" not in _run(runner, "summary", PLAN, *period)[1]
    assert _run(runner, "validate")[0] == 0


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (
            ["CT.1", "2024-01-01T000000Z-00000000"],
            f'error: plan "{PLAN}" has no record "2024-01-01T000000Z-00000000"',
            f"  hint: records of CT.1: {{first}} (workplan history {PLAN} CT.1 lists them)",
        ),
        (
            ["CYB.1", "{first}"],
            'error: record "{first}" is about activity "CT.1", not "CYB.1"',
            f'  hint: workplan withdraw {PLAN} CT.1 {{first}} --reason "..."',
        ),
        (
            ["CT.1", "{first}", "--reason", " "],
            "error: --reason must not be empty",
            '  hint: say why, e.g. --reason "a test record"',
        ),
    ],
)
def test_withdraw_refuses_what_cannot_be_withdrawn(
    runner: CliRunner, plans_dir: Path, args: list[str], message: str, hint: str
) -> None:
    assert _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")[0] == 0
    [first] = _files(plans_dir)
    given = [a.format(first=first.stem) for a in args]
    if "--reason" not in given:
        given += ["--reason", "a test"]
    code, out, err = _run(runner, "withdraw", PLAN, *given)
    assert (code, out) == (1, "")
    assert err.splitlines()[:2] == [message.format(first=first.stem), hint.format(first=first.stem)]
    assert _files(plans_dir) == [first]


def test_withdraw_refuses_twice_and_a_withdrawal(runner: CliRunner, plans_dir: Path) -> None:
    _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")
    [first] = _files(plans_dir)
    assert _run(runner, "withdraw", PLAN, "CT.1", first.stem, "-r", "a test")[0] == 0
    [withdrawal] = [p for p in _files(plans_dir) if p != first]
    code, _, err = _run(runner, "withdraw", PLAN, "CT.1", f"{first.stem}.toml", "-r", "again")
    today = dt.date.today()
    assert code == 1
    assert err.splitlines()[:2] == [
        f'error: record "{first.stem}" was withdrawn already, as of {today}: a test',
        f"  hint: the withdrawal is {withdrawal.name}; nothing more is needed",
    ]
    code, _, err = _run(runner, "withdraw", PLAN, "CT.1", withdrawal.stem, "-r", "undo")
    assert code == 1
    assert err.splitlines()[0] == (
        f'error: record "{withdrawal.stem}" is itself a withdrawal (of "{first.stem}")'
    )
    assert len(_files(plans_dir)) == 2


def test_a_withdrawal_whose_record_is_gone_is_an_error(runner: CliRunner, plans_dir: Path) -> None:
    _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")
    [first] = _files(plans_dir)
    _run(runner, "withdraw", PLAN, "CT.1", first.stem, "-r", "a test")
    first.unlink()
    code, out, _ = _run(runner, "validate")
    assert code == 1
    assert (
        f'error[WP206]: this withdrawal is of record "{first.stem}", which activity "CT.1"' in out
    )


# --- the same values twice ---------------------------------------------------------------------


def test_the_same_values_twice_write_nothing(runner: CliRunner, plans_dir: Path) -> None:
    args = ("record", PLAN, "CT.1", "-s", "ongoing", "-p", "40", "--by", "ID", "-n", "two held",
            "--as-of", "2024-06-30", "-e", EVIDENCE)  # fmt: skip
    assert _run(runner, *args)[0] == 0
    [first] = _files(plans_dir)
    code, out, err = _run(runner, *args)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Nothing written: CT.1 already has a record with these values as of 2024-06-30.",
        f"  file: plans/progress/{PLAN}/CT.1/{first.name}",
    ]
    assert _files(plans_dir) == [first]
    # a value that differs is a new record (a correction)
    assert _run(runner, *args[:-2], "-e", "https://example.org/other")[0] == 0
    assert len(_files(plans_dir)) == 2


# --- corrections and parallel reports ------------------------------------------------------------


def test_parallel_reports_differ_and_a_correction_replaces(
    runner: CliRunner, plans_dir: Path
) -> None:
    day = ("--as-of", "2024-06-30")
    for by, percent in (("ID", "80"), ("JP", "85"), ("ID", "82")):
        code, _, err = _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", percent,
                            "--by", by, *day)  # fmt: skip
        assert code == 0, err
    # JP's 85 and ID's correction to 82: the later (ID's 82) counts; ID's 80 was corrected
    assert _activity(runner, "2024-06-30")["percent"] == 82
    history = json.loads(_run(runner, "history", PLAN, "CT.1", "-f", "json")[1])["records"]
    said = [(r["reported_by"], r["percent"], r["replaced"], r["reports_differ"]) for r in history]
    assert said == [
        ("ID", 82, False, ["JP"]),
        ("JP", 85, False, ["ID"]),
        ("ID", 80, True, []),
    ]
    lines = _run(runner, "history", PLAN, "CT.1", "-f", "plain")[1].splitlines()[2:5]
    assert "ongoing, reports differ 82% [reports differ: ID, JP]" in lines[0]
    assert "ongoing, reports differ 85% [reports differ: JP, ID]" in lines[1]
    assert "ongoing, replaced       80%" in lines[2]
    summary = _run(runner, "summary", PLAN, "--since", "2024-06-01", "--as-of", "2024-07-01")[1]
    assert "| 82% | (reports differ: ID, JP) |" in summary
    assert "| 85% | (reports differ: JP, ID) |" in summary
    assert "| 80% | (replaced by a later record for this day) |" in summary


# --- the meeting's day, and clocks -----------------------------------------------------------


def test_a_record_of_a_meeting_is_as_of_its_day(runner: CliRunner, plans_dir: Path) -> None:
    code, out, _ = _run(
        runner, "record", PLAN, "CT.1", "-s", "ongoing", "--meeting", "somtc-test-1"
    )
    assert code == 0
    assert out.splitlines()[0] == (
        'Recorded CT.1 "Workshop on countering violent extremism": ongoing, as of 2024-06-20, '
        "the day of the 1st SOMTC+Test Consultation."
    )
    assert "as_of = 2024-06-20\n" in _files(plans_dir)[0].read_text()


@pytest.mark.parametrize(
    ("zone", "local", "as_of", "recorded"),
    [
        ("America/New_York", dt.datetime(2025, 6, 10, 20, 30), "2025-06-10", "2025-06-11T00:30"),
        ("America/Los_Angeles", dt.datetime(2025, 6, 10, 23, 30), "2025-06-10", "2025-06-11T06:30"),
        ("Pacific/Kiritimati", dt.datetime(2025, 6, 11, 6, 0), "2025-06-11", "2025-06-10T16:00"),
        ("Asia/Jakarta", dt.datetime(2025, 6, 11, 0, 5), "2025-06-11", "2025-06-10T17:05"),
    ],
)
def test_a_record_is_never_refused_for_a_time_zone(
    plans_dir: Path, zone: str, local: dt.datetime, as_of: str, recorded: str
) -> None:
    """`record` takes the local day for as_of and UTC for recorded_at (a faked clock, as
    the command line passes it its local time)."""
    now = local.replace(tzinfo=ZoneInfo(zone))
    result = add_record(plans_dir, RecordRequest(PLAN, "CYB.1", "ongoing", "40"), now)
    written = result.stored.record
    assert (written.as_of.isoformat(), written.recorded_at.isoformat()[:16]) == (as_of, recorded)
    assert written.recorded_at.utcoffset() == dt.timedelta(0)


def test_a_record_from_a_clock_far_ahead_stops_only_its_plan(
    runner: CliRunner, plans_dir: Path
) -> None:
    shutil.copytree(DATA / "status" / "plans", plans_dir, dirs_exist_ok=True)
    _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")
    [path] = _files(plans_dir)
    ahead = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).replace(microsecond=0)
    text = "\n".join(
        f"recorded_at = {ahead.isoformat()}" if line.startswith("recorded_at") else line
        for line in path.read_text().splitlines()
    )
    path.write_text(text + "\n")
    code, out, err = _run(runner, "status", "-f", "plain", "--as-of", "2025-03-31")
    assert code == 1
    assert "fixture-2024-2025*" in out  # the other plan's figures
    assert f"Not shown: {PLAN}: its files have problems" in out
    assert "is more than a day from now: the clock of the computer that wrote it was wrong" in err
    assert "  hint: set recorded_at to the time it was really written, in UTC (for a" in err


# --- renames across branches ----------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_renamed_plan_and_activity_merge_and_count_once_former_ids_say_so(
    runner: CliRunner, tmp_path: Path
) -> None:
    repo = plans_repo(tmp_path)
    plans = str(repo / "plans")
    new = "test-wp-2024-2026"
    git(repo, "checkout", "-q", "-b", "rename", "main")
    git(repo, "mv", f"plans/{PLAN}.toml", f"plans/{new}.toml")
    moved = repo / "plans" / f"{new}.toml"
    moved.write_text(
        moved.read_text().replace(f'id = "{PLAN}"', f'id = "{new}"').replace('"CT.1"', '"CT.9"')
    )
    git(repo, "commit", "-qam", "renamed")
    git(repo, "checkout", "-q", "-b", "report", "main")
    code, _, err = _run(runner, "record", PLAN, "CT.1", "-s", "completed", "-e", EVIDENCE,
                        "--as-of", "2024-10-01", "--plans", plans)  # fmt: skip
    assert code == 0, err
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "reported")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-edit", "rename")
    git(repo, "merge", "-q", "--no-edit", "report")  # clean: different files
    # before former_ids: refused, pointing at the fix
    code, out, err = _run(runner, "status", new, "--plans", plans)
    assert (code, out) == (1, "")
    assert f'add former_ids = ["{PLAN}"] to the [plan] of its new file' in err
    moved.write_text(
        moved.read_text().replace(f'id = "{new}"', f'id = "{new}"\nformer_ids = ["{PLAN}"]')
    )
    code, _, err = _run(runner, "status", new, "--plans", plans)
    assert code == 1
    assert 'If it was renumbered, add former_ids = ["CT.1"] to the activity it became' in err
    moved.write_text(moved.read_text().replace('id = "CT.9"', 'id = "CT.9"\nformer_ids = ["CT.1"]'))
    code, out, err = _run(
        runner, "status", new, "--plans", plans, "--as-of", "2024-12-31", "-f", "json"
    )
    assert code == 0, err
    [ct9] = [a for a in json.loads(out)["plans"][0]["areas"][0]["activities"] if a["id"] == "CT.9"]
    assert (ct9["status"], ct9["rag"]) == ("completed", "green")
    history = json.loads(_run(runner, "history", new, "CT.9", "--plans", plans, "-f", "json")[1])
    assert [r["filed_as"] for r in history["records"]] == [f"{PLAN}/CT.1"]


# --- after a break-it pass ---------------------------------------------------------------------


def _copy_of(plans: Path, tmp_path: Path) -> Path:
    other = tmp_path / "branch" / "plans"
    shutil.copytree(plans, other)
    return other


def test_a_later_report_from_a_branch_beats_corrections_it_never_saw(
    runner: CliRunner, plans_dir: Path, tmp_path: Path
) -> None:
    """Thailand corrects its report on one branch (30, then 40: the second lists the first in
    `after`); Japan reports 50 later on another. Merged, Japan's later report counts: `after`
    orders only records that knew of each other."""
    branch = _copy_of(plans_dir, tmp_path)
    day = ("--as-of", "2024-06-30")
    for percent in ("30", "40"):
        _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", percent, "--by", "TH", *day)
    code, _, err = _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", "50", "--by",
                        "JP", *day, "--plans", str(branch))  # fmt: skip
    assert code == 0, err
    for path in (branch / "progress" / PLAN / "CT.1").glob("*.toml"):
        shutil.copy(path, plans_dir / "progress" / PLAN / "CT.1")  # the merge
    assert _activity(runner, "2024-06-30")["percent"] == 50


def test_after_lists_that_run_in_a_circle_leave_it_to_the_clocks(
    runner: CliRunner, plans_dir: Path
) -> None:
    for percent in ("30", "40"):
        _run(
            runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", percent, "--as-of", "2024-06-30"
        )
    first, second = sorted(_files(plans_dir), key=lambda p: "percent = 40" in p.read_text())
    first.write_text(first.read_text().replace("status =", f'after = ["{second.stem}"]\nstatus ='))
    assert _run(runner, "validate")[0] == 0  # a hand edit, harmless
    assert _activity(runner, "2024-06-30")["percent"] == 40  # recorded later


def test_a_correction_can_be_undone_by_recording_the_first_values_again(
    runner: CliRunner, plans_dir: Path
) -> None:
    day = ("--as-of", "2024-06-30")
    for percent in ("30", "40", "30"):
        code, out, _ = _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", percent, *day)
        assert code == 0
        assert out.startswith("Recorded CT.1")
    assert len(_files(plans_dir)) == 3
    assert _activity(runner, "2024-06-30")["percent"] == 30
    # the values of the record that counts are the ones compared, the meeting too
    code, out, _ = _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", "30", *day,
                        "--meeting", "somtc-test-1")  # fmt: skip
    assert (code, out.startswith("Recorded CT.1")) == (0, True)


def test_reports_that_agree_do_not_differ(runner: CliRunner, plans_dir: Path) -> None:
    for by in ("TH", "JP"):
        _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", "11", "--by", by,
             "--as-of", "2024-06-30")  # fmt: skip
    records = json.loads(_run(runner, "history", PLAN, "-f", "json")[1])["records"]
    assert [(r["replaced"], r["reports_differ"]) for r in records] == [(False, []), (False, [])]


def test_a_withdrawal_is_of_its_own_activity_s_record(runner: CliRunner, plans_dir: Path) -> None:
    """A record copied by hand into another activity's folder keeps its file name: withdrawing
    it there leaves the original counting."""
    _run(runner, "record", PLAN, "CYB.1", "-s", "ongoing", "-p", "20", "--as-of", "2025-02-01")
    [original] = _files(plans_dir, "CYB.1")
    copy = plans_dir / "progress" / PLAN / "CT.1" / original.name
    copy.parent.mkdir(parents=True)
    copy.write_text(original.read_text().replace('"CYB.1"', '"CT.1"'))
    code, out, _ = _run(runner, "withdraw", PLAN, "CT.1", original.stem, "-r", "copied by hand")
    assert code == 0
    assert out.splitlines()[-1] == "Now: CT.1 is planned."
    assert _activity(runner, "2025-02-01", "CYB.1")["percent"] == 20


def test_the_state_after_a_withdrawal_says_which_record_counts(
    runner: CliRunner, plans_dir: Path
) -> None:
    day = ("--as-of", "2024-06-30")
    _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", "10", "--by", "TH", *day)
    _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", "20", "--by", "JP", *day)
    [latest] = [p for p in _files(plans_dir) if "percent = 20" in p.read_text()]
    code, out, _ = _run(runner, "withdraw", PLAN, "CT.1", latest.stem, "-r", "sent twice")
    assert code == 0
    assert out.splitlines()[-1] == "Now: CT.1 is ongoing, 10%, from a record as of 2024-06-30."


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("self", "error[WP206]: this withdrawal withdraws itself"),
        (
            "withdrawal",
            'error[WP206]: this withdrawal is of record "{w}", which is itself a withdrawal',
        ),
    ],
)
def test_a_withdrawal_edited_to_withdraw_itself_or_a_withdrawal(
    runner: CliRunner, plans_dir: Path, target: str, message: str
) -> None:
    _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")
    [first] = _files(plans_dir)
    _run(runner, "withdraw", PLAN, "CT.1", first.stem, "-r", "a test")
    [withdrawal] = [p for p in _files(plans_dir) if p != first]
    edited = withdrawal.parent / "2026-01-01T000000Z-hand0001.toml"
    named = edited.stem if target == "self" else withdrawal.stem
    edited.write_text(withdrawal.read_text().replace(first.stem, named))
    code, out, _ = _run(runner, "validate")
    assert code == 1
    assert f"CT.1/{edited.name}:" in out
    assert message.format(w=withdrawal.stem) in out


# --- after a code review ------------------------------------------------------------------------


def test_the_values_of_a_withdrawn_record_can_be_recorded_again(
    runner: CliRunner, plans_dir: Path
) -> None:
    args = ("record", PLAN, "CT.1", "-s", "ongoing", "-p", "40", "--as-of", "2024-06-30")
    _run(runner, *args)
    [first] = _files(plans_dir)
    _run(runner, "withdraw", PLAN, "CT.1", first.stem, "-r", "sent by mistake")
    code, out, _ = _run(runner, *args)
    assert code == 0
    assert out.startswith("Recorded CT.1")
    assert _activity(runner, "2024-06-30")["percent"] == 40


def test_a_record_named_by_hand_is_not_listed_in_after(runner: CliRunner, plans_dir: Path) -> None:
    _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", "10", "--as-of", "2024-06-30")
    [first] = _files(plans_dir)
    first.rename(first.with_name("minutes from the June meeting.toml"))
    code, out, _ = _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", "20",
                        "--as-of", "2024-06-30")  # fmt: skip
    assert code == 0
    assert out.splitlines()[-1] == "Now: CT.1 is ongoing, 20%."
    assert _run(runner, "validate")[0] == 0


def test_a_former_id_two_plans_list_stops_both_everywhere(
    runner: CliRunner, plans_dir: Path
) -> None:
    plan = plans_dir / VALID_PLAN.name
    text = plan.read_text()
    for name in ("alpha-2024-2026", "beta-2024-2026"):
        (plans_dir / f"{name}.toml").write_text(
            text.replace(f'id = "{PLAN}"', f'id = "{name}"\nformer_ids = ["old-2024-2026"]')
        )
    code, out, _ = _run(runner, "status", "-f", "plain")
    assert code == 1
    assert "Not shown: alpha-2024-2026, beta-2024-2026: their files have problems" in out
    for name in ("alpha-2024-2026", "beta-2024-2026"):
        code, out, err = _run(runner, "status", name)
        assert (code, out) == (1, ""), name
        assert 'both list "old-2024-2026"' in err


def test_a_record_beside_the_plans_or_loose_stops_the_plan_it_names(
    runner: CliRunner, plans_dir: Path
) -> None:
    _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30")
    [record] = _files(plans_dir)
    shutil.copy(VALID_PLAN, plans_dir / "other-2024-2026.toml")
    other = plans_dir / "other-2024-2026.toml"
    other.write_text(other.read_text().replace(f'id = "{PLAN}"', 'id = "other-2024-2026"'))
    record.rename(plans_dir / record.name)  # moved to the top by hand
    code, out, _ = _run(runner, "status", "-f", "plain")
    assert code == 1
    assert f"Not shown: {PLAN}: its files have problems" in out
    assert "other-2024-2026" in out
