"""The benchmark generator writes a valid plans directory, the same every time (no timing here)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from workplan_cli.cli import app

from .conftest import REPO


def _generate(out: Path) -> str:
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "generate.py"),
            str(out),
            "--plans",
            "2",
            "--activities",
            "11",
            "--records",
            "60",
        ],
        check=True,
        capture_output=True,
    )
    digest = hashlib.sha256()
    for path in sorted((out / "plans").rglob("*.toml")):
        digest.update(path.relative_to(out).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_generated_plans_validate_and_are_the_same_every_time(
    runner: CliRunner, tmp_path: Path
) -> None:
    first = _generate(tmp_path / "a")
    assert first == _generate(tmp_path / "b")
    result = runner.invoke(app, ["validate", "--plans", str(tmp_path / "a" / "plans")])
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "ok: 2 plan files and 60 progress records checked, no problems\n"
