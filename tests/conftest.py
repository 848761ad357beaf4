"""Shared fixtures: real plan files in temporary directories, and the CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from workplan_cli import cache, i18n

# Property tests: a bounded run in the suite; HYPOTHESIS_PROFILE=long for a long run on demand.
settings.register_profile("default", max_examples=150, deadline=None)
settings.register_profile("long", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
VALID_PLAN = DATA / "valid" / "test-plan-2024-2026.toml"


def installed(name: str) -> str:
    """The path of a program installed beside this Python (workplan, check-jsonschema)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is not installed; run pip install -e '.[test]'"
    return found


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run git in ``repo`` as a desk officer with no configuration of their own; it fails the
    test when git fails (a merge conflict, say)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Desk Officer",
        "GIT_AUTHOR_EMAIL": "officer@example.org",
        "GIT_COMMITTER_NAME": "Desk Officer",
        "GIT_COMMITTER_EMAIL": "officer@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )


def plans_repo(tmp_path: Path) -> Path:
    """A git repository whose first commit holds plans/ with the valid plan, on main."""
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    shutil.copy(VALID_PLAN, repo / "plans")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plans")
    return repo


def edit_keeping_size_and_time(path: Path, old: str, new: str) -> os.stat_result:
    """Replace ``old`` with ``new`` (of the same length) in a file, keeping its size and
    modification time, as an edit within the same second can: only the ctime tells."""
    assert len(old) == len(new)
    before = path.stat()
    path.write_text(path.read_text().replace(old, new, 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    return after


@pytest.fixture(autouse=True)
def _isolated(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each test runs in its own empty directory with no plans setting from outside."""
    monkeypatch.delenv("WORKPLAN_PLANS", raising=False)
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    # English, whatever the machine's locale, unless a test asks for another language
    for name in ("WORKPLAN_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.choose(None)
    # the cache's key: the user's, outside the test's own folder
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
    cache._secret.cache_clear()
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def runner() -> CliRunner:
    """A CLI runner that keeps stdout and stderr apart."""
    return CliRunner()


@pytest.fixture
def plans_dir(tmp_path: Path) -> Path:
    """A plans/ directory holding one valid plan."""
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(VALID_PLAN, folder / VALID_PLAN.name)
    return folder


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A copy of tests/data/status/plans: a small plan with records, its figures worked out
    by hand (tests/test_status.py and tests/test_summary.py say how)."""
    folder = tmp_path / "plans"
    shutil.copytree(DATA / "status" / "plans", folder)
    return folder
