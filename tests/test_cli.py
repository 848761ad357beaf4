"""The command line: exit codes, stdout and stderr of validate, schema and new."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import sys
import types
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from workplan_cli import __version__, cli
from workplan_cli.cli import app
from workplan_cli.errors import WriteError

from .conftest import DATA, REPO, VALID_PLAN

BROKEN = DATA / "invalid" / "multiple-problems.toml"


def test_version(runner: CliRunner) -> None:
    """It prints its version."""
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"workplan {__version__}\n")


# Every command registered on the app, so that a new command without help fails the test below.
COMMANDS = sorted(typer.main.get_group(app).commands)


def test_the_help_test_finds_the_commands_on_the_app() -> None:
    """It finds the commands on the app itself (a lookup that found none would test nothing)."""
    assert {"validate", "schema", "new", "record", "history"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    """It gives each command a usage line, a description and an example section."""
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    usage, _, docstring = result.stdout.partition("\nOptions:\n")[0].partition("\n")
    assert usage.startswith(f"Usage: workplan {command} ")
    description, heading, examples = docstring.partition("Example")
    assert description.strip(), "no description"
    assert heading, "no example section"
    assert re.search(rf"^\s+workplan {re.escape(command)}\b", examples, re.MULTILINE), "no example"


def test_validate_finds_the_plans_directory(runner: CliRunner, plans_dir: Path) -> None:
    """It checks every plan in the nearest plans/ when given no path."""
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
    assert result.stdout == "ok: 1 plan file checked, no problems\n"


def test_validate_from_a_subdirectory(
    runner: CliRunner, plans_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It finds plans/ in a directory above the current one."""
    deeper = plans_dir.parent / "docs" / "notes"
    deeper.mkdir(parents=True)
    monkeypatch.chdir(deeper)
    assert runner.invoke(app, ["validate"]).exit_code == 0


def test_validate_plans_option_and_environment(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It takes the plans directory from --plans, else from $WORKPLAN_PLANS."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    shutil.copy(BROKEN, folder)
    assert runner.invoke(app, ["validate", "--plans", str(folder)]).exit_code == 1
    monkeypatch.setenv("WORKPLAN_PLANS", str(folder))
    assert runner.invoke(app, ["validate"]).exit_code == 1


def test_validate_without_plans_directory(runner: CliRunner) -> None:
    """It says how to point at a plans directory when there is none."""
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: no plans directory here or in any directory above\n"
        "  hint: run workplan inside a repository that has a plans/ directory, or point at "
        "one with --plans DIR or the environment variable WORKPLAN_PLANS\n"
    )


def test_validate_plans_option_not_a_directory(runner: CliRunner, tmp_path: Path) -> None:
    """It refuses a --plans that does not exist."""
    result = runner.invoke(app, ["validate", "--plans", "missing"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the plans directory missing (--plans) does not exist")


def test_validate_text_output(runner: CliRunner) -> None:
    """It prints each problem with path:line:col, code, message and hint, then a count."""
    shutil.copy(BROKEN, ".")
    result = runner.invoke(app, ["validate", BROKEN.name])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        'multiple-problems.toml:30:8: error[WP102]: meeting "somtc-test-1": "date" must be a '
        "date such as 2024-01-31, not text",
        "  hint: write dates as YYYY-MM-DD without quotes, e.g. start = 2024-01-31",
        'multiple-problems.toml:43:9: error[WP108]: activity "CT.1": "JPN" is not a known code',
        '  hint: use the two-letter code "JP"',
        'multiple-problems.toml:64:1: error[WP100]: unknown key "titel" in activity "CYB.1"',
        '  hint: did you mean "title"?',
        'multiple-problems.toml:67:7: error[WP104]: activity "CYB.1" ends 2027-06-30, after the '
        "plan ends (2026-12-31)",
        "4 problems in 1 file (1 plan file checked)",
    ]


def test_validate_json_output(runner: CliRunner) -> None:
    """It gives the same problems as JSON objects."""
    result = runner.invoke(app, ["validate", str(BROKEN), "--format", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["valid"] is False
    assert doc["problem_count"] == 4
    assert doc["problems"][1] == {
        "path": str(BROKEN),
        "line": 43,
        "column": 9,
        "code": "WP108",
        "title": "unknown code",
        "message": 'activity "CT.1": "JPN" is not a known code',
        "hint": 'use the two-letter code "JP"',
    }


def test_validate_json_when_valid(runner: CliRunner, plans_dir: Path) -> None:
    """It says valid, with the files checked, when there is nothing wrong."""
    doc = json.loads(runner.invoke(app, ["validate", "-f", "json"]).stdout)
    assert doc == {
        "format": 1,
        "valid": True,
        "files": ["plans/test-plan-2024-2026.toml"],
        "plan_files": ["plans/test-plan-2024-2026.toml"],
        "record_files": [],
        "problem_count": 0,
        "problems": [],
    }


def test_validate_github_annotations(runner: CliRunner) -> None:
    """It writes ::error annotations, most important first, escaped, then a count."""
    shutil.copy(BROKEN, ".")
    shutil.copy(DATA / "invalid" / "wp005-unquoted-text.toml", ".")
    names = [BROKEN.name, "wp005-unquoted-text.toml"]
    result = runner.invoke(app, ["validate", *names, "-f", "github"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=wp005-unquoted-text.toml,line=64,col=9,title=WP005 TOML syntax error::"
        'TOML syntax: Invalid value%0Ahint: text needs double quotes ("..."); '
        "dates are written 2024-01-31, no quotes"
    )
    assert [line.split(",title=")[1].split("::")[0] for line in lines[1:4]] == [
        "WP102 wrong type",
        "WP100 unknown key",
        "WP108 unknown code",
    ]
    assert lines[4].split(",title=")[1].split("::")[0] == "WP104 date outside the plan period"
    assert lines[-1] == "5 problems in 2 files (2 plan files checked)"


def test_validate_sarif(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It writes SARIF 2.1.0 whose URIs are relative to the repository root."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "plans").mkdir()
    shutil.copy(BROKEN, tmp_path / "plans")
    monkeypatch.chdir(tmp_path / "plans")
    result = runner.invoke(app, ["validate", BROKEN.name, "--format", "sarif"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    first = run["results"][0]
    assert rules[first["ruleIndex"]] == first["ruleId"] == "WP102"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "plans/multiple-problems.toml"
    assert location["region"] == {"startLine": 30, "startColumn": 8}
    # every rule carries its help from docs/errors.md, for code-scanning alerts
    described = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert all("fullDescription" in r and "help" in r for r in described.values())
    wp102 = described["WP102"]
    assert wp102["fullDescription"]["text"].startswith("Wrong type. A value has the wrong kind")
    assert wp102["help"]["markdown"].startswith("**Wrong type.**")
    assert "start = 2024" in wp102["help"]["text"]


def test_validate_sarif_for_an_unreadable_path(runner: CliRunner) -> None:
    """It gives a problem without a position line 1, column 1 in SARIF."""
    result = runner.invoke(app, ["validate", "gone.toml", "--format", "sarif"])
    region = json.loads(result.stdout)["runs"][0]["results"][0]["locations"][0]
    assert region["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1}
    assert result.exit_code == 1


def test_validate_missing_file_text(runner: CliRunner) -> None:
    """It names a missing file without a made-up position."""
    result = runner.invoke(app, ["validate", "gone.toml"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "gone.toml: error[WP001]: no such file"


def test_validate_unknown_format_is_a_usage_error(runner: CliRunner) -> None:
    """It exits 2 on an output format it does not know."""
    result = runner.invoke(app, ["validate", "--format", "xml"])
    assert result.exit_code == 2
    assert result.stdout == ""


def test_schema_matches_the_committed_copy(runner: CliRunner) -> None:
    """It prints the JSON Schema that schema/plan.schema.json holds (regenerate it if not)."""
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == (REPO / "schema" / "plan.schema.json").read_text()
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert "plan" in schema["required"]


def test_new_writes_a_plan_that_validates(runner: CliRunner, tmp_path: Path) -> None:
    """It creates ./plans with a skeleton whose period comes from the id, and it validates."""
    result = runner.invoke(app, ["new", "somtc-india-2026-2030"])
    assert result.exit_code == 0
    written = tmp_path / "plans" / "somtc-india-2026-2030.toml"
    assert "start = 2026-01-01\nend = 2030-12-31\n" in written.read_text()
    assert runner.invoke(app, ["validate"]).stdout == "ok: 1 plan file checked, no problems\n"


def test_new_without_years_uses_five_years_from_now(runner: CliRunner, plans_dir: Path) -> None:
    """It writes into the existing plans directory and starts the period this year."""
    assert runner.invoke(app, ["new", "somtc-india"]).exit_code == 0
    text = (plans_dir / "somtc-india.toml").read_text()
    assert 'id = "somtc-india"' in text
    year = dt.date.today().year
    assert f"start = {year}-01-01\nend = {year + 4}-12-31\n" in text
    assert runner.invoke(app, ["validate"]).exit_code == 0


def test_new_never_overwrites(runner: CliRunner, plans_dir: Path) -> None:
    """It refuses to replace an existing plan and leaves it untouched."""
    before = (plans_dir / VALID_PLAN.name).read_bytes()
    result = runner.invoke(app, ["new", VALID_PLAN.stem])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "already exists; workplan never overwrites a plan file" in result.stderr
    assert (plans_dir / VALID_PLAN.name).read_bytes() == before


@pytest.mark.parametrize("plan_id", ["../escape", "/etc/passwd", "Has Space", "UPPER", ""])
def test_new_refuses_a_bad_id(runner: CliRunner, tmp_path: Path, plan_id: str) -> None:
    """It refuses an id that is not a lowercase slug, and writes nothing."""
    result = runner.invoke(app, ["new", plan_id])
    assert result.exit_code == 2
    assert f'error: "{plan_id}" is not a valid plan id' in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_into_an_unwritable_place(runner: CliRunner, tmp_path: Path) -> None:
    """It reports a plans path that cannot be created."""
    (tmp_path / "file").write_text("x")
    result = runner.invoke(app, ["new", "x-plan", "--plans", "file/plans"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: file is a file, not a directory")


def test_sarif_path_outside_the_repository(runner: CliRunner, tmp_path: Path) -> None:
    """It keeps a path outside the repository as given, in SARIF."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    outside = tmp_path / "outside.toml"
    outside.write_text("")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path / "repo")
        result = runner.invoke(app, ["validate", str(outside), "--format", "sarif"])
    location = json.loads(result.stdout)["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == outside.as_posix()


def test_github_annotation_for_a_file_without_position(runner: CliRunner) -> None:
    """It leaves line and col out of an annotation for a whole-file problem."""
    result = runner.invoke(app, ["validate", "gone.toml", "--format", "github"])
    assert result.stdout.splitlines()[0] == (
        "::error file=gone.toml,title=WP001 file cannot be read::"
        "no such file%0Ahint: check the path and its spelling"
    )


def test_text_problem_without_hint(runner: CliRunner) -> None:
    """It prints no hint line for a problem that has none."""
    shutil.copy(DATA / "invalid" / "wp104-activity-after-plan.toml", ".")
    result = runner.invoke(app, ["validate", "wp104-activity-after-plan.toml"])
    assert result.stdout.splitlines() == [
        'wp104-activity-after-plan.toml:67:7: error[WP104]: activity "CYB.1" ends 2027-03-31, '
        "after the plan ends (2026-12-31)",
        "1 problem in 1 file (1 plan file checked)",
    ]


def test_github_paths_are_relative_to_the_repository(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It names files from the repository root in annotations, wherever it runs."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "x.toml").write_text("")
    monkeypatch.chdir(tmp_path / "plans")
    result = runner.invoke(app, ["validate", "x.toml", "--format", "github"])
    assert result.stdout.startswith("::error file=plans/x.toml,title=WP003 file is empty::")


def test_new_takes_the_partner_from_the_id(runner: CliRunner, tmp_path: Path) -> None:
    """It fills partner, track and title from a partner named in the id, with readable mode."""
    assert runner.invoke(app, ["new", "somtc-india-2026-2030"]).exit_code == 0
    written = tmp_path / "plans" / "somtc-india-2026-2030.toml"
    text = written.read_text()
    assert 'partners = ["IN"]' in text
    assert 'track = "SOMTC+India"' in text
    assert 'title = "SOMTC+India Work Plan (2026-2030)"' in text
    assert written.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@pytest.mark.parametrize("plan_id", ["x-2030-2020", "x-1900-2500", "x-0000-0001"])
def test_new_refuses_years_that_are_no_period(
    runner: CliRunner, tmp_path: Path, plan_id: str
) -> None:
    """It refuses an id whose years run backwards or lie far from now."""
    result = runner.invoke(app, ["new", plan_id])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f'error: the years at the end of "{plan_id}" are not a plan period'
    )
    assert list(tmp_path.iterdir()) == []


def test_new_when_plans_is_a_file(runner: CliRunner, tmp_path: Path) -> None:
    """It says plainly when the plans path is a file."""
    (tmp_path / "plans").write_text("")
    result = runner.invoke(app, ["new", "x-plan", "--plans", "plans"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: plans is a file, not a directory")


def test_a_new_line_in_a_value_keeps_each_problem_on_one_line(
    runner: CliRunner, plans_dir: Path
) -> None:
    """It writes a new line inside a message as \\n, in validate's list and in the errors of
    other commands (found by tests/test_fuzz.py: the message broke over two lines)."""
    plan = plans_dir / VALID_PLAN.name
    plan.write_text(VALID_PLAN.read_text().replace("format = 1", 'format = "1\\n2"', 1))
    result = runner.invoke(app, ["validate"])
    assert (result.exit_code, result.stdout) == (
        1,
        f"plans/{plan.name}:2:10: error[WP008]: format = 1\\n2 is not a format this version "
        "of workplan reads\n  hint: write format = 1 at the top of the file\n"
        "1 problem in 1 file (1 plan file checked)\n",
    )
    result = runner.invoke(app, ["status", plan.stem])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"error: plans/{plan.name}:2:10: format = 1\\n2 is not a format this version of "
        "workplan reads"
    )


# --- how the command line leaves ---------------------------------------------------------------


class _Failing(io.StringIO):
    """A stream whose flush fails as a full disk, a gone reader, or a closed file does."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def flush(self) -> None:
        raise self.error


def test_main_exits_with_the_commands_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It leaves with the command's code (under coverage the usual way; else by os._exit,
    here made to raise as the usual way does)."""

    def leave(code: int) -> None:
        raise SystemExit(code)

    monkeypatch.setattr(os, "_exit", leave)
    for argv, code in ((["--version"], 0), (["status", "--no-such-option"], 2)):
        monkeypatch.setattr(sys, "argv", ["workplan", *argv])
        with pytest.raises(SystemExit) as leaving:
            cli.main()
        assert leaving.value.code == code, argv
    assert capsys.readouterr().out == f"workplan {__version__}\n"
    with pytest.raises(SystemExit) as leaving:
        cli._leave("a message from sys.exit")
    assert (leaving.value.code, capsys.readouterr().err) == (1, "a message from sys.exit\n")


@pytest.mark.parametrize(
    ("error", "said", "code"),
    [
        (OSError(28, "No space left on device"), "No space left on device", 1),
        (ValueError("I/O operation on closed file."), "I/O operation on closed file.", 1),
        (BrokenPipeError(32, "Broken pipe"), "", 1),
    ],
)
def test_an_output_that_cannot_be_flushed_is_said_in_one_line(
    monkeypatch: pytest.MonkeyPatch, error: Exception, said: str, code: int
) -> None:
    errors = io.StringIO()
    monkeypatch.setattr(sys, "stdout", _Failing(error))
    monkeypatch.setattr(sys, "stderr", errors)
    assert cli._flushed(0) == code
    assert errors.getvalue() == (
        f"error: the output could not be written: {said}\n" if said else ""
    )
    monkeypatch.setattr(sys, "stdout", None)
    assert cli._flushed(0) == 0  # started with stdout closed: nothing to flush


def test_an_output_that_cannot_be_written_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    with pytest.raises(WriteError, match="the standard output is closed"):
        cli._out("text")

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    with pytest.raises(WriteError, match="could not be written: No space left on device"):
        cli._out("text")


def test_pydantic_plugins_are_off_and_handed_over_when_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The stand-in loader has no plugins; asked for another name, or for plugins, it hands
    over to pydantic's own loader; a user's own setting keeps the real loader from the start."""
    name = "pydantic.plugin._loader"
    monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    cli._without_pydantic_plugins()
    stand_in = sys.modules[name]
    assert stand_in.get_plugins() == ()
    assert not hasattr(stand_in, "__path__")  # not a package, as the import system asks
    assert stand_in.PYDANTIC_ENTRY_POINT_GROUP == "pydantic"  # from the real loader
    assert type(sys.modules[name]) is types.ModuleType
    sys.modules[name] = stand_in
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "some-plugin")
    assert list(stand_in.get_plugins()) == []  # the real loader: no such plugin installed
    monkeypatch.delitem(sys.modules, name)
    cli._without_pydantic_plugins()  # the user asks for plugins: no stand-in
    assert name not in sys.modules
