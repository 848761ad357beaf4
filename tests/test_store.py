"""The record store under stress: concurrent writers, killed writers, merged git branches."""

from __future__ import annotations

import datetime as dt
import errno
import fnmatch
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workplan_cli import store
from workplan_cli.cli import app
from workplan_cli.errors import WriteError
from workplan_cli.models import ProgressRecord
from workplan_cli.validation import validate_paths

from .conftest import REPO, VALID_PLAN, git, plans_repo

PLAN = VALID_PLAN.stem


def _loop(plans: Path, count: int, writer: str) -> subprocess.Popen[bytes]:
    """Start a process that runs `workplan record` ``count`` times."""
    args = [PLAN, "CT.1", "--status", "ongoing", "--as-of", "2024-06-30", "--plans", str(plans)]
    return subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.record_loop", str(count), writer, *args],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _history(plans: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(app, ["history", PLAN, "--plans", str(plans), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    records: list[dict[str, object]] = json.loads(result.stdout)["records"]
    return records


@pytest.mark.slow  # 8-15 s: 400 fsynced writes from 8 processes
def test_concurrent_writers_lose_nothing(plans_dir: Path) -> None:
    """8 processes x 50 `workplan record` calls at once: all 400 records land, all valid."""
    writers = [_loop(plans_dir, 50, f"writer-{n}") for n in range(8)]
    for process in writers:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    notes = {str(r["note"]) for r in _history(plans_dir)}
    assert notes == {f"writer-{w} call {c}" for w in range(8) for c in range(50)}
    report = validate_paths([plans_dir])
    assert (len(report.records), report.problems) == (400, ())


# Where tests/helpers/kill_at.py kills a writer: whether the record is then made, and what
# the hidden temporary file left in the activity's folder holds.
KILL_POINTS = {
    "before-write": (False, "empty"),
    "mid-write": (False, "part of the record"),
    "before-link": (False, "the whole record"),
    "after-link": (True, "the whole record"),
}


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_killed_writer_leaves_no_partial_record(
    runner: CliRunner, plans_dir: Path, point: str
) -> None:
    """A `workplan record` killed with SIGKILL at each step of its write leaves at most a
    hidden temporary file, never a partial record; killed after the link, a whole record."""
    note = f"killed {point}"
    args = ["record", PLAN, "CT.1", "-s", "ongoing", "--as-of", "2024-06-30", "--note", note]
    victim = subprocess.run(
        [sys.executable, "-m", "tests.helpers.kill_at", point, note, *args,
         "--plans", str(plans_dir)],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert victim.returncode == -signal.SIGKILL, f"not killed {point}:\n{victim.stderr}"

    for path in (plans_dir / "progress").rglob("*.toml"):
        tomllib.loads(path.read_text(encoding="utf-8"))  # raises on a partial file
    checked = runner.invoke(app, ["validate", "--plans", str(plans_dir), "-f", "json"])
    assert checked.exit_code == 0, checked.stdout
    counted = json.loads(checked.stdout)["record_files"]

    folder = plans_dir / "progress" / PLAN / "CT.1"
    made, temp_holds = KILL_POINTS[point]
    records = [p for p in folder.iterdir() if not p.name.startswith(".")]
    assert len(records) == len(counted) == int(made)
    assert [str(r["note"]) for r in _history(plans_dir)] == ([note] if made else [])

    # What a kill can leave is one hidden temporary file, which git is told to ignore.
    hidden = [p for p in folder.iterdir() if p.name.startswith(".")]
    assert all(fnmatch.fnmatch(p.name, ".*.tmp") for p in hidden), hidden
    assert len(hidden) <= 1
    assert ".*.tmp" in (plans_dir / "progress" / ".gitignore").read_text()
    left = hidden[0].read_text(encoding="utf-8") if hidden else ""
    if temp_holds == "empty":
        assert left == ""
    elif temp_holds == "part of the record":
        assert left
    else:
        assert tomllib.loads(left)["note"] == note
        if made:
            assert records[0].read_text(encoding="utf-8") == left


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_two_branches_recording_the_same_activity_merge_cleanly(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Two branches each record progress on the same activity; git merges them, both count."""
    repo = plans_repo(tmp_path)
    plans = str(repo / "plans")
    for branch, note in (("indonesia", "Reported by Indonesia"), ("japan", "Reported by Japan")):
        git(repo, "checkout", "-q", "-b", branch, "main")
        result = runner.invoke(
            app,
            ["record", PLAN, "CT.1", "-s", "ongoing", "-p", "50", "--as-of", "2024-06-30",
             "--note", note, "--plans", plans],
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", note)
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-edit", "indonesia")
    merge = git(repo, "merge", "--no-edit", "japan")  # check=True: a conflict fails here
    assert "CONFLICT" not in merge.stdout
    assert git(repo, "status", "--porcelain").stdout == ""
    notes = [str(r["note"]) for r in _history(repo / "plans")]
    assert sorted(notes) == ["Reported by Indonesia", "Reported by Japan"]
    assert validate_paths([repo / "plans"]).ok


def test_a_name_clash_takes_another_name(plans_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It never replaces a record: when a random name is taken, it draws another."""
    names = iter(["aaaaaaaa", "aaaaaaaa", "bbbbbbbb"])
    monkeypatch.setattr(secrets, "token_hex", lambda _: next(names))
    record = _plain_record()
    first = store.write_record(plans_dir, record)
    second = store.write_record(plans_dir, record)
    assert (first.id[-8:], second.id[-8:]) == ("aaaaaaaa", "bbbbbbbb")
    assert len(validate_paths([plans_dir]).records) == 2


def test_a_full_disk_writes_nothing(plans_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It turns a refusal of the system into a clear error, and leaves no record behind."""

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    store.write_record(plans_dir, _plain_record())  # the folders exist; the next write fails
    monkeypatch.setattr(os, "link", no_space)
    with pytest.raises(WriteError, match="No space left on device"):
        store.write_record(plans_dir, _plain_record())
    assert len(validate_paths([plans_dir]).records) == 1
    leftovers = [p for p in (plans_dir / "progress").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def _plain_record() -> ProgressRecord:
    return ProgressRecord.model_validate(
        {
            "format": 1,
            "plan": PLAN,
            "activity": "CT.1",
            "as_of": dt.date(2024, 6, 30),
            "status": "ongoing",
            "recorded_at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        }
    )
