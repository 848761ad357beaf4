"""Writing new files: atomic, never overwriting, and clear when the system refuses."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from workplan_cli import files
from workplan_cli.errors import PlanExistsError, WriteError
from workplan_cli.paths import plans_dir_for_new


def test_create_file_writes_the_text(tmp_path: Path) -> None:
    """It writes the text and leaves no temporary file behind."""
    target = tmp_path / "plans" / "a.toml"
    files.create_file(target, "format = 1\n")
    assert target.read_text() == "format = 1\n"
    assert [p.name for p in target.parent.iterdir()] == ["a.toml"]


def test_create_file_loses_a_race_without_overwriting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It refuses when another process creates the file between check and write."""
    target = tmp_path / "a.toml"

    def link_after_rival(source: str, destination: Path) -> None:
        Path(destination).write_text("rival\n")
        raise FileExistsError(errno.EEXIST, "File exists")

    monkeypatch.setattr(os, "link", link_after_rival)
    with pytest.raises(PlanExistsError):
        files.create_file(target, "mine\n")
    assert target.read_text() == "rival\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]


def test_create_file_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It turns a system error while writing into a WriteError and writes nothing."""

    def no_space(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", no_space)
    with pytest.raises(WriteError, match="No space left on device"):
        files.create_file(tmp_path / "a.toml", "x")
    assert list(tmp_path.iterdir()) == []


def test_new_uses_the_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It writes new plans to $WORKPLAN_PLANS when set."""
    monkeypatch.setenv("WORKPLAN_PLANS", str(tmp_path / "shared"))
    assert plans_dir_for_new(None) == tmp_path / "shared"


def test_python_dash_m(tmp_path: Path) -> None:
    """It runs as `python -m workplan_cli`."""
    result = subprocess.run(
        [sys.executable, "-m", "workplan_cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("workplan ")
