"""End to end: the installed `workplan` program, and check-jsonschema, as subprocesses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA, REPO, installed


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


def test_installed_workplan_validates_the_bundled_plans() -> None:
    """It passes the bundled plans from the repository root, as the README says."""
    result = _run(installed("workplan"), "validate", cwd=REPO)
    records = len(list((REPO / "plans" / "progress").rglob("*.toml")))
    assert records >= 30  # the bundled illustrative progress
    expected = f"ok: 5 plan files and {records} progress records checked, no problems\n"
    assert (result.returncode, result.stdout) == (0, expected)


def _broken_files(folder: Path) -> list[str]:
    for source in (DATA / "invalid").glob("*.toml"):
        shutil.copy(source, folder)
    (folder / "a-directory.toml").mkdir()
    with (folder / "huge.toml").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (folder / "deep.toml").write_text("x = " + "{ a = " * 5000 + "1" + " }" * 5000 + "\n")
    (folder / "long-number.toml").write_text("format = " + "9" * 5000 + "\n")
    (folder / "long-hex.toml").write_text("format = 0x" + "f" * 5000 + "\n")
    (folder / "bad\udcff-name.toml").write_text("format = 1\n")  # not UTF-8 on disk
    return [*sorted(p.name for p in folder.iterdir()), "missing.toml"]


def test_no_traceback_on_any_broken_file(tmp_path: Path) -> None:
    """It answers every broken file with error lines and exit 1, never a traceback."""
    names = _broken_files(tmp_path)
    strict = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}  # as under a UTF-8 locale
    result = subprocess.run(
        [installed("workplan"), "validate", *names],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        env=strict,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr == ""
    reported = {line.split(":")[0] for line in result.stdout.splitlines() if "error[WP" in line}
    shown = {
        n.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") for n in names
    }
    assert reported == shown


@pytest.mark.parametrize("args", [["validate", "--format", "yaml"], ["new"], ["nonsense"]])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    """It exits 2 on a wrong command line, with usage on stderr."""
    result = _run(installed("workplan"), *args, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.slow
def test_check_jsonschema_accepts_the_plans_and_rejects_a_misspelt_key(tmp_path: Path) -> None:
    """It gives a schema that the external validator check-jsonschema applies correctly."""
    schema = tmp_path / "plan.schema.json"
    schema.write_text(_run(installed("workplan"), "schema", cwd=tmp_path).stdout)
    plans = sorted(str(p) for p in (REPO / "plans").glob("*.toml"))
    accepted = _run(
        installed("check-jsonschema"), "--schemafile", str(schema), *plans, cwd=tmp_path
    )
    assert accepted.returncode == 0, accepted.stdout

    misspelt = DATA / "invalid" / "wp100-unknown-key.toml"
    rejected = _run(
        installed("check-jsonschema"), "--schemafile", str(schema), str(misspelt), cwd=tmp_path
    )
    assert rejected.returncode == 1
    assert "'titel' was unexpected" in rejected.stdout


def test_a_reader_that_stops_early_ends_it_quietly(tmp_path: Path) -> None:
    """`workplan history PLAN | head -1` on a long history: no traceback and no "Exception
    ignored" from Python at exit (its exit code 120), whenever the reader leaves."""
    subprocess.run(
        [
            *(sys.executable, str(REPO / "benchmarks" / "generate.py"), str(tmp_path)),
            *("--plans", "1", "--activities", "5", "--records", "600"),
        ],
        check=True,
        capture_output=True,
    )
    command = [installed("workplan"), "history", "bench-00-2020-2029", "-f", "json"]
    for wanted in (0, 100):  # leaves at once; after a little
        pipe = subprocess.PIPE
        reader = subprocess.Popen(command, cwd=tmp_path, stdout=pipe, stderr=pipe)
        assert reader.stdout is not None
        assert reader.stderr is not None
        assert len(reader.stdout.read(wanted)) == wanted
        reader.stdout.close()
        assert reader.wait(timeout=60) in (0, 1, 141)
        assert reader.stderr.read() == b""
        reader.stderr.close()


def test_output_redirected_to_a_file_is_whole(tmp_path: Path) -> None:
    """The output is flushed before workplan leaves without tearing the interpreter down."""
    piped = _run(installed("workplan"), "schema", cwd=REPO)
    target = tmp_path / "schema.json"
    with target.open("w") as out:
        code = subprocess.run([installed("workplan"), "schema"], stdout=out, check=False).returncode
    assert code == 0
    assert target.read_text() == piped.stdout
    assert len(piped.stdout) > 10_000


def test_a_full_disk_or_closed_streams_give_one_line_and_the_right_code() -> None:
    """A full disk (/dev/full) is said in one line, exit 1, whether it shows while writing or
    when the output is flushed before workplan leaves; closed streams lose nothing else."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    for command in (["schema"], ["validate"]):  # 20 kB: while writing; 60 bytes: at the end
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [installed("workplan"), *command],
                cwd=REPO,
                stdout=full,
                stderr=subprocess.PIPE,
                env=env,
                text=True,
                check=False,
            )
        said = "error: the output could not be written: No space left on device\n"
        assert (done.returncode, done.stderr) == (1, said), command
    workplan = installed("workplan")
    for redirects, expected in (
        ("2>&1 >&-", "error: the output could not be written: the standard output is closed\n1\n"),
        (">/dev/null 2>&-", "0\n"),
    ):
        shell = subprocess.run(
            ["sh", "-c", f"{workplan} validate {redirects}; echo $?"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert shell.stdout == expected, redirects


def test_pydantic_plugins_stay_off_without_loading_their_loader() -> None:
    """The command line replaces pydantic's plugin loader for its own process only: nothing
    reads the entry points of every installed package, the environment is left as it was,
    and a variable that asks for plugins hands over to pydantic's loader."""
    script = (
        "import os, sys\n"
        "from workplan_cli.cli import _without_pydantic_plugins\n"
        "_without_pydantic_plugins()\n"
        "import workplan_cli.models\n"
        "loader = sys.modules['pydantic.plugin._loader']\n"
        "print('importlib.metadata' in sys.modules, 'PYDANTIC_DISABLE_PLUGINS' in os.environ)\n"
        "print(loader.get_plugins() == (), loader.PYDANTIC_ENTRY_POINT_GROUP)\n"
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = 'some-plugin'\n"
        "print(type(list(loader.get_plugins())).__name__)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.splitlines() == ["False False", "True pydantic", "list"]
