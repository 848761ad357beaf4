"""Every run sees the files as they are now, cache or not (cache.py trusts an entry only under
git's index rule; tests/test_cache.py tests the rule itself): an edit, a deletion, a merge, a
checkout or a clock set wrong can never leave a command showing what was there before. Each
edit here keeps the file's size and modification time, run after run in the same second."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from workplan_cli.cli import app

from .conftest import edit_keeping_size_and_time

PLAN = "fixture-2024-2025"
A2 = "progress/fixture-2024-2025/A.2/2024-09-02T090000Z-a2000001.toml"
DAY = "2025-03-31"


def _status(runner: CliRunner) -> dict[str, Any]:
    result = runner.invoke(app, ["status", PLAN, "--as-of", DAY, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _activity(runner: CliRunner, activity: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        a
        for area in _status(runner)["plans"][0]["areas"]
        for a in area["activities"]
        if a["id"] == activity
    )
    return found


def test_an_edit_that_keeps_size_and_time_is_seen(runner: CliRunner, plans: Path) -> None:
    """A record edited within the same second, to the same size, shows its new value."""
    assert _activity(runner, "A.2")["percent"] == 20
    edit_keeping_size_and_time(plans / A2, "percent = 20", "percent = 30")
    assert _activity(runner, "A.2")["percent"] == 30


def test_a_plan_edit_that_keeps_size_and_time_is_seen(runner: CliRunner, plans: Path) -> None:
    """The plan file too: its activity's new end day changes whether it is overdue."""
    assert _activity(runner, "A.2")["overdue"] is True
    edit_keeping_size_and_time(plans / f"{PLAN}.toml", "end = 2025-02-28", "end = 2025-12-28")
    assert _activity(runner, "A.2")["overdue"] is False


def test_a_broken_edit_is_reported_at_once(runner: CliRunner, plans: Path) -> None:
    """A record that was valid and is now broken is refused on the very next run."""
    assert runner.invoke(app, ["validate"]).exit_code == 0
    edit_keeping_size_and_time(plans / A2, "percent = 20", "percent = 2x")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"plans/{A2}:6:12: error[WP005]: TOML syntax:")


def test_a_deleted_record_is_gone_at_once(runner: CliRunner, plans: Path) -> None:
    """Once its file is deleted, the activity falls back to its plan status."""
    (plans / A2).unlink()
    activity = _activity(runner, "A.2")
    assert (activity["status"], activity["record"]) == ("planned", None)
    history = runner.invoke(app, ["history", PLAN, "A.2", "-f", "json"])
    assert json.loads(history.stdout)["records"] == []


def test_a_merged_record_with_an_old_time_counts(
    runner: CliRunner, plans: Path, tmp_path: Path
) -> None:
    """A record that arrives by a merge or a copy that keeps its old timestamp still counts."""
    arrived = tmp_path / "2025-03-20T090000Z-a2000009.toml"
    arrived.write_text(
        f'format = 1\nplan = "{PLAN}"\nactivity = "A.2"\nas_of = 2025-03-20\n'
        'status = "ongoing"\npercent = 60\nrecorded_at = 2025-03-20T09:00:00Z\n'
    )
    os.utime(arrived, (0, 0))  # 1970, older than every file already there
    shutil.copy2(arrived, plans / Path(A2).parent)
    assert _activity(runner, "A.2")["percent"] == 60


def test_timestamps_in_the_future_or_the_past_change_nothing(
    runner: CliRunner, plans: Path
) -> None:
    """A clock set wrong (files dated 2100, or 1970) gives the same figures."""
    before = _status(runner)
    for stamp in (4_102_444_800, 0):  # 2100-01-01, 1970-01-01
        for path in plans.rglob("*.toml"):
            os.utime(path, (stamp, stamp))
        assert _status(runner) == before


def test_a_checkout_that_swaps_files_is_seen(runner: CliRunner, plans: Path) -> None:
    """git checkout between two commits, run after run in the same second: each run shows the
    files of the commit checked out (a record changed in place to the same size, one added)."""
    git = [
        "git",
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "-c",
        "commit.gpgsign=false",
    ]

    def run(*args: str) -> None:
        subprocess.run([*git, *args], cwd=plans, check=True, capture_output=True)

    run("init", "-q")
    run("add", "-A")
    run("commit", "-qm", "first")
    first = _status(runner)
    (plans / A2).write_text((plans / A2).read_text().replace("percent = 20", "percent = 35"))
    added = (plans / A2).with_name("2024-09-03T090000Z-a2000002.toml")
    added.write_text((plans / A2).read_text().replace("percent = 35", "percent = 45"))
    run("add", "-A")
    run("commit", "-qm", "second")
    second = _status(runner)
    assert second != first
    for expected, commit in ((first, "HEAD~1"), (second, "-"), (first, "HEAD~1")):
        run("checkout", "-q", commit)  # "-": back to the branch
        assert _status(runner) == expected
