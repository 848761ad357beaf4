"""What a careless user or an attacker could do with the files, and what workplan does instead
(issue 15's break-it pass): no overwrite, no injection into terminals, CI logs or spreadsheets,
no crash on text that looks like markup."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from typer.testing import CliRunner

from workplan_cli.cli import app
from workplan_cli.text import shorten

from .conftest import REPO, installed

PLAN = "somtc-rok-2023-2025"
ESC = "\x1b"


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A copy of the bundled plans, without any cache."""
    folder = tmp_path / "plans"
    shutil.copytree(REPO / "plans", folder, ignore=shutil.ignore_patterns(".workplan-cache"))
    return folder


def _run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _reported_by(folder: Path, marker: str, reporter: str) -> None:
    """Set ``reported_by`` in the record below ``folder`` whose text holds ``marker``, as an
    older version or a hand edit may have stored it (`record --by` takes codes only)."""
    (path,) = (p for p in folder.rglob("*.toml") if marker in p.read_text(encoding="utf-8"))
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    path.write_text(tomli_w.dumps({**data, "reported_by": reporter}), encoding="utf-8")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_summary_is_never_written_over_a_plan_or_a_record(runner: CliRunner, bundled: Path) -> None:
    record = next((bundled / "progress" / PLAN / "CYB.2").glob("*.toml"))
    for target, what in (
        (record, "is in the plans directory's progress/ folder"),
        (bundled / f"{PLAN}.toml", "is a plan file"),
    ):
        before = target.read_bytes()
        shown = target.relative_to(bundled.parent).as_posix()
        code, out, err = _run(runner, "summary", "somtc-japan-2023-2027", "-o", str(shown))
        assert (code, out) == (2, "")
        assert err == (
            f"error: -o {shown} {what}; workplan never writes a report over plans or progress "
            "records\n  hint: write it elsewhere, e.g. -o summary.html\n"
        )
        assert target.read_bytes() == before


def test_file_names_cannot_act_on_a_terminal_or_a_ci_log(runner: CliRunner, bundled: Path) -> None:
    """A record named with escape codes that would hide the error lines is shown written out."""
    folder = bundled / "progress" / PLAN / "CYB.2"
    name = f"{ESC}[2K{ESC}[1A{ESC}[8m.toml"
    (folder / name).write_text("format = 1\n")
    for fmt in ("text", "github"):
        code, out, _ = _run(runner, "validate", "-f", fmt)
        assert code == 1
        assert ESC not in out, fmt
        assert "\\x1b[2K\\x1b[1A\\x1b[8m.toml" in out, fmt


def test_an_address_with_control_codes_is_refused(runner: CliRunner, bundled: Path) -> None:
    """An evidence address that would set the window title and clear the screen when the
    summary is printed is not an address."""
    url = f"https://example.org/{ESC}]0;PWNED\x07{ESC}[2J"
    code, out, err = _run(
        runner, "record", PLAN, "CYB.2", "-s", "ongoing", "-p", "70", "-e", f"Report={url}"
    )
    assert (code, out) == (1, "")
    assert "--evidence" not in err or "is not a valid web address" in err
    assert "is not a valid web address" in err
    assert ESC not in err
    assert "\\x1b]0;PWNED\\x07" in err


@pytest.mark.parametrize("fmt", ["table", "plain"])
def test_titles_are_text_never_markup_nor_workflow_commands(
    runner: CliRunner, bundled: Path, fmt: str
) -> None:
    """Area titles and short titles that look like rich markup, escape sequences, GitHub
    workflow commands or right-to-left overrides are shown as the text they are."""
    plan = bundled / f"{PLAN}.toml"
    _replace(plan, 'title = "Cybercrime, including online scams"', 'title = "Cybercrime [/i]"')
    _replace(
        plan,
        'title = "Illicit drug trafficking"',
        'title = "Drugs [link=https://evil.example]click[/link] \\u202egpj.exe"',
    )
    _replace(
        plan,
        'title = "Trafficking in persons"',
        'title = "\\n::error title=Injected::fake \\u001b]0;PWNED\\u001b\\\\"',
    )
    _replace(plan, 'short_title = "SOMTC+ROK WP"', 'short_title = "ROK [/b]"')
    for args in (["status", PLAN], ["areas"], ["status"]):
        code, out, err = _run(runner, *args, "-f", fmt)
        assert (code, err) == (0, ""), args
        assert ESC not in out
        assert "\u202e" not in out
        assert not any(line.lstrip().startswith("::") for line in out.splitlines()), args
    code, out, _ = _run(runner, "status", PLAN, "-f", fmt)
    assert "Cybercrime [/i]" in out
    assert "[link=https://evil.example]click[/link]" in out
    assert "\\u202egpj.exe" in out
    assert "\\x1b]0;PWNED\\x1b\\" in out
    assert "ROK [/b]" in _run(runner, "areas", "-f", fmt)[1]


def test_a_file_name_is_never_a_spreadsheet_formula(runner: CliRunner, bundled: Path) -> None:
    folder = bundled / "progress" / PLAN / "CYB.2"
    record = next(folder.glob("*.toml"))
    formula = '=HYPERLINK("https:\u2044\u2044evil.example","open")'  # slashes a file name may hold
    record.rename(folder / f"{formula}.toml")
    code, out, err = _run(runner, "history", PLAN, "CYB.2", "-f", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    named = next(row for row in rows if "HYPERLINK" in row["record"])
    assert named["record"] == "'" + formula
    assert named["path"].startswith("plans/progress/")
    json.loads(_run(runner, "history", PLAN, "CYB.2", "-f", "json")[1])  # JSON keeps it as is


def test_a_folder_that_cannot_be_listed_is_a_problem_not_a_record_fewer(
    runner: CliRunner, bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of records another user made unreadable (umask 077) is named, never skipped:
    skipped, its activity would show as planned and red. (Tests run as root, who may read
    anything: the system's refusal is made here; as a non-root user, chmod 000 does it.)"""
    blocked = bundled / "progress" / PLAN / "CYB.2"
    listing = os.scandir

    def scandir(path: Any = ".") -> Any:
        if os.path.abspath(path) == str(blocked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    said = (
        f"plans/progress/{PLAN}/CYB.2: cannot read the folder: Permission denied\n"
        "  hint: ask for read access to it: without it, its records are left out\n"
    )
    code, out, _ = _run(runner, "validate")
    assert code == 1
    assert out.splitlines()[:2] == [
        f"plans/progress/{PLAN}/CYB.2: error[WP001]: cannot read the folder: Permission denied",
        "  hint: ask for read access to it: without it, its records are left out",
    ]
    for args in (["status", PLAN], ["history", PLAN], ["summary", PLAN]):
        code, out, err = _run(runner, *args)
        assert (code, out) == (1, ""), args
        assert f"error: {said.splitlines()[0]}" in err.splitlines(), args
    code, out, err = _run(runner, "status", "-f", "plain")  # the other plans are shown
    assert code == 1
    assert f"Not shown: {PLAN}: its files have problems" in out
    assert "somtc-japan-2023-2027*" in out
    assert f"error: {said.splitlines()[0]}" in err.splitlines()


def test_an_operating_system_refusal_is_one_line(runner: CliRunner, bundled: Path) -> None:
    """A name longer than the system allows: one error line and a hint, never a traceback."""
    long = "a" * 300
    for args, shown in (
        (["validate", f"{long}.toml"], long),
        (["status", "--plans", long], long),
        (["summary", PLAN, "-o", f"{long}.md"], f"{Path.cwd()}/{long}"),
    ):
        code, out, err = _run(runner, *args)
        assert (code, out) == (1, ""), args
        assert err == (
            f"error: {shown[:77]}...: File name too long\n"
            "  hint: use shorter names: most systems allow 255 bytes a name, 4,096 a path\n"
        ), args


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_an_output_that_cannot_encode_a_note_degrades_and_data_stays_whole(
    bundled: Path, tmp_path: Path, encoding: str
) -> None:
    """Windows writing to a file (cp1252), or an ASCII terminal: text for people gets
    replacement characters and ASCII boxes, never a crash or an empty file; CSV and JSON are
    UTF-8 whatever the locale (CSV in a file with a byte-order mark, for Excel)."""
    note = "Hội thảo tại Hà Nội ─ đã xong"
    recorded = subprocess.run(
        [installed("workplan"), "record", PLAN, "CYB.2", "-s", "ongoing", "-p", "70", "-n", note],
        cwd=bundled.parent,
        capture_output=True,
        check=False,
    )
    assert recorded.returncode == 0, recorded.stderr
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUTF8"} | {
        "PYTHONIOENCODING": encoding
    }
    history = [installed("workplan"), "history", PLAN, "CYB.2"]
    for fmt in ("plain", "table"):
        done = subprocess.run(
            [*history, "-f", fmt], cwd=bundled.parent, env=env, capture_output=True, check=False
        )
        assert (done.returncode, done.stderr) == (0, b""), fmt
        text = done.stdout.decode(encoding)
        assert "H?i th?o" in text
        assert "─" not in text
    for fmt, command in (("csv", history), ("json", history)):
        target = tmp_path / f"out.{fmt}"
        with target.open("wb") as out:
            code = subprocess.run(
                [*command, "-f", fmt], cwd=bundled.parent, env=env, stdout=out, check=False
            ).returncode
        assert code == 0, fmt
        data = target.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") == (fmt == "csv"), fmt
        assert note in data.decode("utf-8-sig"), fmt


def test_a_plan_file_that_is_a_link_is_refused_not_read(
    runner: CliRunner, bundled: Path, tmp_path: Path
) -> None:
    """A link could show a file from anywhere, its values echoed back in problems."""
    secret = tmp_path / "secret.toml"
    secret.write_text('format = "SECRET-VALUE"\n')
    (bundled / "secret-2020-2021.toml").symlink_to(secret)
    code, out, _ = _run(runner, "validate")
    assert code == 1
    assert out.splitlines()[:2] == [
        "plans/secret-2020-2021.toml: error[WP001]: this is a symbolic link; plan files must be "
        "files in the repository",
        "  hint: replace the link with the plan file itself",
    ]
    assert "SECRET" not in out
    code, out, err = _run(runner, "status", "secret-2020-2021")
    assert (code, out) == (1, "")
    assert "SECRET" not in err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_the_search_for_plans_never_takes_another_users_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plans/ made by someone else in a shared folder is not used unless named: `new` and
    `record` would write there. (Made here as root with chown; a non-root user sees the same
    with a plans/ another user made.)"""
    shared = tmp_path / "shared"
    (shared / "sub").mkdir(parents=True)
    plans = shared / "plans"
    plans.mkdir()
    monkeypatch.chdir(shared / "sub")
    for owner, mode, why in (
        (65534, 0o755, "belongs to another user"),
        (os.geteuid(), 0o777, "may be written by anyone"),
    ):
        os.chown(plans, owner, -1)
        plans.chmod(mode)
        code, out, err = _run(runner, "new", "somtc-india-2026-2030")
        assert (code, out) == (1, "")
        assert err == (
            f"error: the nearest plans directory, {plans}, {why}: workplan does not use it "
            "unless you name it\n"
            f"  hint: if you trust it: --plans {plans} (or WORKPLAN_PLANS={plans})\n"
        )
        assert list(plans.iterdir()) == []
    code, _, _ = _run(runner, "new", "somtc-india-2026-2030", "--plans", str(plans))
    assert code == 0  # named: trusted


def test_numbers_and_names_far_out_of_range_are_said_plainly(
    runner: CliRunner, bundled: Path
) -> None:
    code, out, err = _run(runner, "record", PLAN, "CYB.2", "-s", "ongoing", "-p", "9999999")
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == "error: --percent is 9999999, outside the range 0 to 100"
    plan = bundled / f"{PLAN}.toml"
    plan.write_text(plan.read_text() + "\n" + "k" * 100_000 + " = 1\n")
    code, out, _ = _run(runner, "validate", str(plan))
    assert code == 1
    assert len(out) < 1_000  # a 100,000-character key is not echoed whole
    assert 'unknown key "kkkkk' in out


def test_a_public_summary_publishes_no_restricted_address_through_a_note(
    runner: CliRunner, bundled: Path
) -> None:
    """The rule: in --public output, a restricted evidence address quoted in any note of the
    plan is replaced by [restricted], and the header says how many notes had one."""
    secret = "https://intranet.example/secret.pdf"
    code, _, err = _run(
        runner, "record", PLAN, "CYB.2", "-s", "ongoing", "-p", "70",
        "-n", f"See {secret}, and {secret}?page=2.", "-e", f"Assessment={secret}", "--restricted",
    )  # fmt: skip
    assert code == 0, err
    for fmt, restricted in (
        ("md", r"\[restricted\]"),
        ("html", "[restricted]"),
        ("json", "[restricted]"),
    ):
        code, out, err = _run(runner, "summary", PLAN, "--public", "-f", fmt)
        assert (code, err) == (0, ""), fmt
        assert "intranet.example" not in out, fmt
        assert f"See {restricted}, and {restricted}." in out, fmt
    markdown = _run(runner, "summary", PLAN, "--public")[1].splitlines()
    assert (
        "> Public version: 1 restricted evidence item was left out; restricted addresses were "
        "taken out of 1 record ([restricted])."
    ) in markdown
    data = json.loads(_run(runner, "summary", PLAN, "--public", "-f", "json")[1])
    assert data["redacted_notes"] == 1
    assert secret in _run(runner, "summary", PLAN)[1]  # the internal summary keeps it


def test_a_record_made_under_umask_077_stays_readable_to_the_group(bundled: Path) -> None:
    """In a repository shared by a group, the folders and the record a member with umask 077
    makes take the permissions of the folder they are made in: the others can read them."""
    progress = bundled / "progress"
    for folder in (progress, *progress.rglob("*")):
        if folder.is_dir():
            folder.chmod(0o2775)
    command = f"umask 077; {installed('workplan')} record {PLAN} CT.3 -s ongoing -p 10"
    done = subprocess.run(["sh", "-c", command], cwd=bundled.parent, capture_output=True)
    assert done.returncode == 0, done.stderr
    made = progress / PLAN / "CT.3"
    [record] = made.glob("*.toml")
    assert oct(made.stat().st_mode & 0o7777) == oct(0o2775)
    assert record.stat().st_mode & 0o044 == 0o044


def test_a_file_of_countless_mistakes_is_worded_up_to_a_limit(
    runner: CliRunner, bundled: Path
) -> None:
    """A plan of a million unknown keys took minutes and gigabytes: a hundred problems are
    worded, the rest counted."""
    plan = bundled / f"{PLAN}.toml"
    plan.write_text(plan.read_text() + "".join(f"k{i} = 1\n" for i in range(1_000)))
    code, out, _ = _run(runner, "validate", str(plan))
    assert code == 1
    lines = out.splitlines()
    assert lines[-3].endswith("error[WP100]: ... and 900 more problems like these in this file")
    assert lines[-2:] == [
        "  hint: fix the first 100, then validate again",
        "101 problems in 1 file (1 plan file checked)",
    ]


def test_the_first_record_makes_no_temporary_file_git_would_see(
    runner: CliRunner, bundled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before progress/.gitignore exists nothing ignores a temporary file there: a writer
    killed while writing it left progress/..gitignore.*.tmp for git to see. It is written in
    place now; records still go through a temporary file in their own, ignored, folder."""
    shutil.rmtree(bundled / "progress")
    made: list[str] = []
    real = tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> Any:
        made.append(str(kwargs.get("dir")))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    code, _, err = _run(runner, "record", PLAN, "CT.3", "-s", "ongoing", "-p", "10")
    assert code == 0, err
    assert str(bundled / "progress") not in made
    assert made == [str(bundled / "progress" / PLAN / "CT.3")]
    assert (bundled / "progress" / ".gitignore").read_text().splitlines()[-1] == ".*.tmp"


def test_a_folder_one_may_not_enter_is_one_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--plans into another user's private folder (as root, the refusal is made here)."""
    private = tmp_path / "home" / "other" / "plans"
    looking = Path.stat

    def stat(self: Path, *args: Any, **kwargs: Any) -> os.stat_result:
        if str(self).startswith(str(private.parent)):
            raise PermissionError(13, "Permission denied", str(self))
        return looking(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat)
    code, out, err = _run(runner, "validate", "--plans", str(private))
    assert (code, out) == (1, "")
    assert err == (
        f"error: {shorten(str(private), 80)}: Permission denied\n"
        "  hint: ask for access to it, or work on a copy you may read and write\n"
    )


def test_no_output_line_is_a_workflow_command_however_indented(
    runner: CliRunner, bundled: Path
) -> None:
    """GitHub runs a line that starts with "::" after any white space: titles, meeting titles,
    notes and reporters with new lines cannot make one, in any format but annotations."""
    attack = "\n  ::error file=a::x\n\u00a0::add-mask::y"
    plan = bundled / f"{PLAN}.toml"
    _replace(plan, 'short_title = "SOMTC+ROK WP"', 'short_title = "::warning::short"')
    text = plan.read_text()
    plan.write_text(text.replace('title = "Illicit drug trafficking"', 'title = "::notice::area"'))
    code, _, err = _run(
        runner, "record", PLAN, "CYB.2", "-s", "ongoing", "-p", "70", "-n", f"n{attack}",
    )  # fmt: skip
    assert code == 0, err
    _reported_by(bundled / "progress" / PLAN, "error file=a", f"b{attack}")
    for args in (
        ["status"], ["status", PLAN], ["status", PLAN, "-f", "csv"], ["areas"],
        ["history", PLAN], ["history", PLAN, "-f", "csv"], ["history", PLAN, "-f", "table"],
        ["summary", PLAN], ["summary", PLAN, "-f", "html"], ["validate", "-f", "text"],
    ):  # fmt: skip
        code, out, _ = _run(runner, *args)
        assert code == 0, args
        assert not any(line.lstrip().startswith("::") for line in out.splitlines()), args


def test_a_restricted_address_however_spelt_or_placed_is_not_published(
    runner: CliRunner, bundled: Path
) -> None:
    secret = "https://intra.example.org/secret"
    code, _, err = _run(
        runner, "record", PLAN, "CT.2", "-s", "ongoing", "-p", "20", "-e", f"A={secret}",
        "--restricted", "--as-of", "2025-01-01",
    )  # fmt: skip
    assert code == 0, err
    spellings = (
        "HTTPS://INTRA.EXAMPLE.ORG/secret", "http://intra.example.org/secret/",
        "https://intra.example.org/%73ecret", "https://intra.example.org/se\u200bcret",
    )  # fmt: skip
    code, _, err = _run(
        runner, "record", PLAN, "CT.2", "-s", "ongoing", "-p", "30", "--as-of", "2025-02-01",
        "-n", " ".join(spellings),
        "-e", f"Copy of {secret}={secret}/", "-e", "Public=https://example.org/public",
    )  # fmt: skip
    assert code == 0, err
    _reported_by(bundled / "progress" / PLAN, "%73ecret", f"see {secret}")
    period = ("--since", "2024-12-01", "--as-of", "2025-06-01")
    for fmt in ("md", "html", "json"):
        code, out, err = _run(runner, "summary", PLAN, *period, "--public", "-f", fmt)
        assert (code, err) == (0, ""), fmt
        assert "intra.example" not in out.lower(), fmt
        assert "%73ecret" not in out, fmt
        assert "example.org/public" in out, fmt  # what is not restricted stays


@pytest.mark.parametrize("kind", ["fifo", "endless"])
def test_a_planted_cache_file_neither_hangs_nor_breaks_a_run(
    runner: CliRunner, bundled: Path, kind: str
) -> None:
    """Cache files are read only when they are regular files of a bounded size: a pipe put
    in a cache file's place, or a link to an endless device, is no cache."""
    assert _run(runner, "status")[0] == 0
    for stored in (bundled / ".workplan-cache").glob("*.bin"):
        stored.unlink()
        if kind == "fifo":
            os.mkfifo(stored)
        else:
            stored.symlink_to("/dev/zero")
    for args in (["status"], ["validate"], ["status", PLAN]):
        code, _, err = _run(runner, *args)
        assert (code, err) == (0, ""), args


def test_a_folder_named_as_a_record_and_a_name_with_control_codes_are_problems(
    runner: CliRunner, bundled: Path
) -> None:
    """Neither is silently taken for no record, nor shown as a line of its own."""
    folder = bundled / "progress" / PLAN / "CT.1"
    (folder / "2026-01-01T000000Z-aaaaaaaa.toml").mkdir()
    record = next(p for p in folder.glob("*.toml") if p.is_file())
    record.rename(folder / "a\n::warning::name.toml")
    for extra in ([], ["--no-cache"]):
        code, out, _ = _run(runner, "validate", *extra)
        assert code == 1
        shown = f"plans/progress/{PLAN}/CT.1"
        assert (
            f"{shown}/2026-01-01T000000Z-aaaaaaaa.toml: error[WP001]: this is a folder, not a file"
            in out
        )
        assert (
            f"{shown}/a\\n::warning::name.toml: error[WP203]: the file name holds control codes"
            in out
        )
