"""`workplan summary` through the real CLI, on the status fixture (tests/test_status.py).

The fixture has two meetings, review-1 (2024-06-30) and review-2 (2025-06-30). Between
them lie exactly five records: A.2 as of 2024-09-01, A.1 completed as of 2024-12-20,
and B.3's three (2024-12-31, back-dated; 2025-03-01 and its correction). Indicators:
A.1 "sessions" adds up (1 + 2 = 3 of 4); B.3 "operations" is cumulative (latest: 6 of 10).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from workplan_cli.cli import app

from .conftest import REPO, installed

PLAN = "fixture-2024-2025"
A1_DONE = "progress/fixture-2024-2025/A.1/2024-12-21T090000Z-a1000002.toml"
A2_NOTE = "progress/fixture-2024-2025/A.2/2024-09-02T090000Z-a2000001.toml"


def _run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["summary", *args])
    return result.exit_code, result.stdout, result.stderr


def _json(runner: CliRunner, *args: str) -> dict[str, Any]:
    code, out, err = _run(runner, PLAN, *args, "-f", "json")
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def _set_note(plans: Path, note: str) -> None:
    record = plans / A2_NOTE
    text = record.read_text().replace(
        '"Two focal points named.\\nOthers pending."', json.dumps(note)
    )
    record.write_text(text)


def _restrict(plans: Path) -> None:
    """A.1's completion gets a second, restricted evidence item."""
    record = plans / A1_DONE
    record.write_text(
        record.read_text()
        + '\n[[evidence]]\ntitle = "Internal minutes"\nurl = "https://example.org/minutes"\n'
        + "restricted = true\n"
    )


# --- content -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("plans")
def test_a_meeting_compares_with_the_meeting_before(runner: CliRunner) -> None:
    doc = _json(runner, "--meeting", "review-2")
    assert (doc["as_of"], doc["since"]) == ("2025-06-30", "2024-06-30")
    assert doc["meeting"]["id"] == "review-2"
    assert doc["previous_meeting"]["id"] == "review-1"
    assert doc["plan"]["coordinators"] == ["VN"]
    overall = doc["overall"]
    assert (overall["implementation_rate"], overall["engagement_rate"]) == (20.0, 60.0)
    # as of 2024-06-30: only A.1 ongoing, of 5 counted: 0% and 20%
    assert overall["change"] == {"implementation_points": 20, "engagement_points": 40}
    area_a, area_b = doc["areas"]
    assert area_a["change"] == {"implementation_points": 50, "engagement_points": 50}
    assert area_b["change"] == {"implementation_points": 0, "engagement_points": 33}


@pytest.mark.usefixtures("plans")
def test_what_changed_is_exactly_the_records_between_the_meetings(runner: CliRunner) -> None:
    doc = _json(runner, "--meeting", "review-2")
    assert [(c["as_of"], c["activity"], c["status"], c["percent"]) for c in doc["changes"]] == [
        ("2024-09-01", "A.2", "ongoing", 20),
        ("2024-12-20", "A.1", "completed", 100),
        ("2024-12-31", "B.3", "ongoing", 80),
        ("2025-03-01", "B.3", "ongoing", 60),
        ("2025-03-01", "B.3", "ongoing", 70),  # the correction, recorded later
    ]
    [done] = doc["completed"]
    assert (done["activity"], done["as_of"]) == ("A.1", "2024-12-20")
    assert [e["title"] for e in done["evidence"]] == ["Workshop report"]


@pytest.mark.usefixtures("plans")
def test_late_upcoming_and_indicators(runner: CliRunner) -> None:
    doc = _json(runner, "--meeting", "review-2")
    late = {x["activity"]: (x["status"], x["overdue"], x["rag"], x["note"]) for x in doc["late"]}
    assert late == {
        "A.2": ("ongoing", True, "red", "Two focal points named.\nOthers pending."),
        "B.1": ("planned", False, "red", None),  # 49% expected, nothing done
    }
    assert doc["upcoming_until"] == "2026-06-30"
    assert [(u["date"], u["activity"], u["event"]) for u in doc["upcoming"]] == [
        ("2025-07-01", "B.2", "starts"),
        ("2025-12-31", "B.1", "ends"),
        ("2025-12-31", "B.2", "ends"),  # A.3 also ends then, but it is cancelled
    ]
    shown = {
        (i["activity"], i["indicator"]): (i["value"], i["progress_percent"])
        for i in doc["indicators"]
    }
    assert shown == {("A.1", "sessions"): (3, 75.0), ("B.3", "operations"): (6, 60.0)}


@pytest.mark.usefixtures("plans")
def test_since_and_as_of_give_the_same_period(runner: CliRunner) -> None:
    by_meeting = _json(runner, "--meeting", "review-2")
    by_dates = _json(runner, "--since", "2024-06-30", "--as-of", "2025-06-30")
    assert by_dates["meeting"] is None
    for key in ("overall", "areas", "completed", "changes", "late", "upcoming", "indicators"):
        assert by_dates[key] == by_meeting[key], key


@pytest.mark.usefixtures("plans")
def test_the_first_meeting_reports_since_the_plan_began(runner: CliRunner) -> None:
    doc = _json(runner, "--meeting", "review-1")
    assert (doc["since"], doc["previous_meeting"]) == (None, None)
    assert [(c["as_of"], c["activity"]) for c in doc["changes"]] == [
        ("2024-05-01", "A.3"),
        ("2024-06-30", "A.1"),
    ]
    assert doc["overall"]["change"] == {"implementation_points": None, "engagement_points": None}
    code, out, _ = _run(runner, PLAN, "--meeting", "review-1")
    assert code == 0
    assert "## Progress reported since the plan began" in out


@pytest.mark.usefixtures("plans")
def test_markdown_sections(runner: CliRunner) -> None:
    code, out, err = _run(runner, PLAN, "--meeting", "review-2")
    assert (code, err) == (0, "")
    heads = [line for line in out.splitlines() if line.startswith("#")]
    since = "since the 1st Review Consultation (30 June 2024)"
    assert heads == [
        "# Progress summary: Fixture Work Plan on Cooperation (2024-2025)",
        "## Implementation by priority area",
        "## Rates at each meeting of the plan",
        f"## Completed {since}",
        "## Overdue and red activities",
        f"## Progress reported {since}",
        "## Due in the next twelve months (to 30 June 2026)",
        "## Indicators",
        "## What the figures mean",
    ]
    assert "- **For:** 2nd Review Consultation, 30 June 2025" in out
    assert (
        "| **All areas** | 6 | 1 | 2 | 1 | 20% (1/5) (+20 pts) | 60% (3/5) (+40 pts) | red |" in out
    )
    said = "- **A.1** Workshop on countering the financing of terrorism (lead Japan). Evidence: "
    assert said in out
    assert "| B.3\\* | Joint operations (operations) | 0 | 6 | 10 | 60% | 1 Mar 2025 |" in out
    assert "> Illustrative data:" in out  # B.3 and its records are illustrative


def test_markdown_escapes_what_would_format(runner: CliRunner, plans: Path) -> None:
    _set_note(plans, "a | b *bold* <b>x</b> [link](http://x)")
    out = _run(runner, PLAN, "--meeting", "review-2")[1]
    assert "a \\| b \\*bold\\* \\<b\\>x\\</b\\> \\[link\\](http://x)" in out
    assert "<b>" not in out


# --- HTML ----------------------------------------------------------------------------------------


def test_html_escapes_every_user_text(runner: CliRunner, plans: Path) -> None:
    _set_note(plans, "<script>alert(1)</script>")
    code, out, _ = _run(runner, PLAN, "--meeting", "review-2", "-f", "html")
    assert code == 0
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "http" not in out.replace("https://example.org/", "").replace(
        "http://www.w3.org/2000/svg", ""
    )  # no link to anything but the evidence: no fonts, styles or scripts from the network
    assert out.count("<svg ") == 3  # rates, trend, timeline


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:  # pragma: no cover  # .ci/run installs Debian's chromium
        pytest.skip("chromium is not installed (.ci/run installs it)")
    return found


def _browser(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_html_in_a_real_browser(runner: CliRunner, plans: Path, tmp_path: Path) -> None:
    """Chromium renders the title and both charts; a note's script stays text and never runs."""
    from PIL import Image

    _set_note(
        plans,
        '<script>alert(1)</script><img src=x onerror="document.body.dataset.pwned=1">',
    )
    page = tmp_path / "report.html"
    code, _, err = _run(runner, PLAN, "--meeting", "review-2", "-f", "html", "-o", str(page))
    assert code == 0, err
    dom = _browser("--dump-dom", page.as_uri()).stdout
    assert "<h1>Progress summary: Fixture Work Plan on Cooperation (2024-2025)</h1>" in dom
    assert "pwned" not in dom.replace("dataset.pwned=1", "")  # the onerror never ran
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x" in dom
    assert 'id="chart-rates"' in dom
    assert 'id="chart-timeline"' in dom
    shot = tmp_path / "shot.png"
    _browser("--window-size=1200,2200", f"--screenshot={shot}", page.as_uri())
    image = Image.open(shot).convert("RGB")
    colours = {rgb: n for n, rgb in image.getcolors(maxcolors=1_000_000) or []}
    assert colours.get((0x1F, 0x4E, 0x79), 0) > 2000  # the implemented bars and headings
    assert colours.get((0xC6, 0x28, 0x28), 0) > 300  # red: A.2 and B.1 in the timeline
    assert colours.get((0x61, 0x61, 0x61), 0) > 100  # grey: B.2, not yet begun


# --- the same bytes, and public summaries --------------------------------------------------------


@pytest.mark.usefixtures("plans")
@pytest.mark.parametrize("output", ["md", "html", "json"])
def test_the_same_files_give_the_same_bytes(runner: CliRunner, output: str) -> None:
    first = _run(runner, PLAN, "--meeting", "review-2", "-f", output)[1]
    second = _run(runner, PLAN, "--meeting", "review-2", "-f", output)[1]
    assert first == second
    assert "2026-" not in first.replace("2026-06-30", "")  # no generation date crept in


def test_public_leaves_out_restricted_evidence_everywhere(runner: CliRunner, plans: Path) -> None:
    _restrict(plans)
    internal = _json(runner, "--meeting", "review-2")
    assert [e["title"] for e in internal["completed"][0]["evidence"]] == [
        "Workshop report",
        "Internal minutes",
    ]
    public = _json(runner, "--meeting", "review-2", "--public")
    assert public["public"] is True
    assert public["withheld_evidence"] == 1
    assert [e["title"] for e in public["completed"][0]["evidence"]] == ["Workshop report"]
    for output in ("md", "html", "json"):
        out = _run(runner, PLAN, "--meeting", "review-2", "--public", "-f", output)[1]
        assert "Internal minutes" not in out
        assert "example.org/minutes" not in out
    md = _run(runner, PLAN, "--meeting", "review-2", "--public")[1]
    assert "> Public version: 1 restricted evidence item was left out." in md


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("plans")
@pytest.mark.parametrize(
    ("args", "code", "lines"),
    [
        (
            ["fixture-2024", "--meeting", "review-2"],
            1,
            [
                'error: there is no plan "fixture-2024" in plans',
                '  hint: did you mean "fixture-2024-2025"?',
            ],
        ),
        (
            [PLAN, "--meeting", "review-3"],
            1,
            [f'error: plan "{PLAN}" has no meeting "review-3"', '  hint: did you mean "review-2"?'],
        ),
        (
            [PLAN, "--since", "2025-07-01", "--as-of", "2025-06-30"],
            2,
            [
                "error: --since 2025-07-01 is after --as-of 2025-06-30",
                "  hint: the period runs from --since to --as-of; give the earlier day first",
            ],
        ),
        (
            [PLAN, "--meeting", "review-2", "--as-of", "2025-06-30"],
            2,
            [
                "error: --meeting sets both days; give it alone, or --since and --as-of instead",
                "  hint: e.g. workplan summary PLAN --meeting ammtc-japan-10",
            ],
        ),
        (
            [PLAN, "--since", "30/06/2024"],
            2,
            [
                'error: --since "30/06/2024" is not a date',
                "  hint: write dates as YYYY-MM-DD, e.g. 2025-06-30",
            ],
        ),
    ],
)
def test_bad_requests(runner: CliRunner, args: list[str], code: int, lines: list[str]) -> None:
    got, out, err = _run(runner, *args)
    assert (got, out) == (code, "")
    assert err.splitlines() == lines


def test_no_output_file_when_anything_fails(runner: CliRunner, plans: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text("the report of last year\n")
    broken = plans / A2_NOTE
    broken.write_text(broken.read_text().replace("percent = 20", "percent = 120"))
    code, out, err = _run(runner, PLAN, "--meeting", "review-2", "-f", "html", "-o", str(report))
    assert (code, out) == (1, "")
    assert "error: 1 file has problems, so the summary would be wrong" in err
    assert report.read_text() == "the report of last year\n"  # left as it was
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.usefixtures("plans")
@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "missing/report.md",
            "error: cannot write missing/report.md: the folder missing does not exist",
        ),
        ("plans", "error: plans is a directory"),
    ],
)
def test_an_output_path_that_cannot_be_written(
    runner: CliRunner, target: str, message: str
) -> None:
    code, out, err = _run(runner, PLAN, "--meeting", "review-2", "-o", target)
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == message
    assert not Path("missing").exists()


@pytest.mark.usefixtures("plans")
def test_a_folder_the_system_will_not_write_to(runner: CliRunner) -> None:
    """/sys refuses new files even to root: the error names the file and the reason."""
    code, out, err = _run(runner, PLAN, "-o", "/sys/report.md")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "error: cannot write /sys/report.md: Permission denied",
        "  hint: check that you may write to the directory, and that the disk has room",
    ]


def test_output_file_is_written_whole_and_replaced(
    runner: CliRunner, plans: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.md"
    report.write_text("old\n")
    code, out, err = _run(runner, PLAN, "--meeting", "review-2", "-o", str(report))
    assert (code, out) == (0, "")
    assert err == f"Wrote {report.relative_to(tmp_path)}.\n"
    assert report.read_text() == _run(runner, PLAN, "--meeting", "review-2")[1]


def test_a_pipe_is_written_into_never_replaced(
    runner: CliRunner, plans: Path, tmp_path: Path
) -> None:
    """-o /dev/null or a named pipe: the text goes into it, and it stays a pipe (a rename over
    it once turned /dev/null into a file)."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    code, out, err = _run(runner, PLAN, "--meeting", "review-2", "-o", str(pipe))
    reader.join(timeout=30)
    assert (code, out) == (0, ""), err
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert received[0].decode() == _run(runner, PLAN, "--meeting", "review-2")[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "plans"]


def test_a_link_is_followed_to_the_file_it_points_to(
    runner: CliRunner, plans: Path, tmp_path: Path
) -> None:
    """-o on a symbolic link replaces the file it points to, and the link stays."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "report.md").write_text("old\n")
    link = tmp_path / "report.md"
    link.symlink_to(shared / "report.md")
    code, _, err = _run(runner, PLAN, "--meeting", "review-2", "-o", str(link))
    assert code == 0, err
    assert link.is_symlink()
    assert (shared / "report.md").read_text() == _run(runner, PLAN, "--meeting", "review-2")[1]


# --- end to end ----------------------------------------------------------------------------------


def test_readme_example_on_the_bundled_plans(tmp_path: Path) -> None:
    """The README's example, with the installed program, writes a page about the meeting."""
    done = subprocess.run(
        [
            installed("workplan"),
            "summary",
            "somtc-japan-2023-2027",
            "--meeting",
            "ammtc-japan-10",
            "--format",
            "html",
            "-o",
            str(tmp_path / "report.html"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "report.html").read_text()
    assert "10th AMMTC+Japan Consultation, 11 September 2025, Melaka, Malaysia" in page
    assert "since the 9th AMMTC+Japan Consultation (29 August 2024)" in page
    assert "Illustrative data:" in page


# --- after a new-user pass -----------------------------------------------------------------------


@pytest.mark.usefixtures("plans")
def test_a_correction_marks_the_record_it_replaces(runner: CliRunner) -> None:
    doc = _json(runner, "--meeting", "review-2")
    assert [c["replaced"] for c in doc["changes"]] == [False, False, False, True, False]
    out = _run(runner, PLAN, "--meeting", "review-2")[1]
    assert "Illustrative: first count. (replaced by a later record for this day) |" in out
    html = _run(runner, PLAN, "--meeting", "review-2", "-f", "html")[1]
    assert html.count("(replaced by a later record for this day)") == 1


def test_a_correction_replaces_an_indicator_value_never_adds(
    runner: CliRunner, plans: Path
) -> None:
    """A.1 sessions add up by day; a later record for 2024-12-20 with sessions = 1 replaces 2."""
    folder = plans / "progress" / PLAN / "A.1"
    first = (folder / "2024-12-21T090000Z-a1000002.toml").read_text()
    (folder / "2024-12-22T090000Z-a1000003.toml").write_text(
        first.replace("2024-12-21T09:00:00Z", "2024-12-22T09:00:00Z").replace(
            "sessions = 2", "sessions = 1"
        )
    )
    [sessions, _] = _json(runner, "--meeting", "review-2")["indicators"]
    assert (sessions["value"], sessions["progress_percent"]) == (2, 50.0)  # 1 + 1, not 1 + 2 + 1
    (folder / "2024-12-23T090000Z-a1000004.toml").write_text(
        first.replace("2024-12-21T09:00:00Z", "2024-12-23T09:00:00Z").replace(
            "\n[indicators]\nsessions = 2\n", ""
        )
    )
    [sessions, _] = _json(runner, "--meeting", "review-2")["indicators"]
    assert (sessions["value"], sessions["reported"]) == (1, "2024-06-30")  # the day has none now


@pytest.mark.usefixtures("plans")
def test_a_future_day_is_labelled_a_projection(runner: CliRunner) -> None:
    out = _run(runner, PLAN, "--as-of", "2099-06-30")[1]
    assert "- **As of:** 30 June 2099 (a future day: the latest records, projected); " in out
    html = _run(runner, PLAN, "--meeting", "review-2", "-f", "html")[1]
    assert "projected" not in html  # 2025-06-30 is past


@pytest.mark.usefixtures("plans")
def test_the_last_day_of_the_calendar(runner: CliRunner) -> None:
    """It looks ahead to 9999-12-31 at most, the calendar's end (found by tests/test_fuzz.py:
    --as-of 9999-12-31 asked for the year 10000 and stopped with a traceback)."""
    for day in ("9999-12-31", "9999-01-01"):
        doc = _json(runner, "--as-of", day)
        assert (doc["upcoming_until"], doc["upcoming"]) == ("9999-12-31", [])
    code, out, err = _run(runner, PLAN, "--as-of", "9999-12-31")
    assert (code, err) == (0, "")
    assert "- **As of:** 31 December 9999 (a future day: the latest records, projected); " in out


def test_an_indicator_share_beyond_any_float_is_left_out(runner: CliRunner, plans: Path) -> None:
    """It shows no progress share when the target is so close to the baseline that the share
    is beyond a float (found while fixing what tests/test_fuzz.py found: 3 sessions of a
    target of 1e-307 made an infinite share, and markdown and HTML stopped on it)."""
    plan = plans / f"{PLAN}.toml"
    plan.write_text(plan.read_text().replace("target = 4\n", "target = 1e-307\n"))
    doc = _json(runner)
    shown = {i["indicator"]: (i["value"], i["progress_percent"]) for i in doc["indicators"]}
    assert shown["sessions"] == (3, None)
    for fmt in ("md", "html"):
        code, _, err = _run(runner, PLAN, "-f", fmt)
        assert (code, err) == (0, ""), fmt


def test_restricted_evidence_is_marked_in_internal_summaries(
    runner: CliRunner, plans: Path
) -> None:
    _restrict(plans)
    md = _run(runner, PLAN, "--meeting", "review-2")[1]
    assert "[Internal minutes](<https://example.org/minutes>) (restricted)" in md
    assert "[Workshop report](<https://example.org/a1-report>);" in md
    html = _run(runner, PLAN, "--meeting", "review-2", "-f", "html")[1]
    assert "Internal minutes</a> (restricted)" in html


@pytest.mark.usefixtures("plans")
@pytest.mark.parametrize(
    ("name", "start"),
    [("report.html", "<!DOCTYPE html>"), ("report.JSON", "{"), ("report.md", "# Progress")],
)
def test_the_file_name_chooses_the_format(runner: CliRunner, name: str, start: str) -> None:
    code, _, err = _run(runner, PLAN, "--meeting", "review-2", "-o", name)
    assert code == 0, err
    assert Path(name).read_text().startswith(start)
    code, _, _ = _run(runner, PLAN, "--meeting", "review-2", "-o", name, "-f", "md")
    assert Path(name).read_text().startswith("# Progress")  # --format wins


@pytest.mark.usefixtures("plans")
def test_output_dash_is_the_screen(runner: CliRunner) -> None:
    code, out, err = _run(runner, PLAN, "--meeting", "review-2", "-o", "-")
    assert (code, err) == (0, "")
    assert out.startswith("# Progress summary:")
    assert not Path("-").exists()


def test_markdown_keeps_entities_and_snake_case_as_typed(runner: CliRunner, plans: Path) -> None:
    _set_note(plans, "see file_name_v2 &lt;here&gt; _emphasis_")
    out = _run(runner, PLAN, "--meeting", "review-2")[1]
    assert "see file_name_v2 \\&lt;here\\&gt; \\_emphasis\\_" in out


def test_html_shows_control_codes_never_sends_them(runner: CliRunner, plans: Path) -> None:
    _set_note(plans, "red \x1b[31m bell \x07")
    html = _run(runner, PLAN, "--meeting", "review-2", "-f", "html")[1]
    assert "\x1b" not in html
    assert "\x07" not in html
    assert "red \\x1b[31m bell \\x07" in html


@pytest.mark.usefixtures("plans")
def test_changes_are_shown_as_the_difference_of_the_rates_shown(runner: CliRunner) -> None:
    """Rates of 4.8% then 14.3% show as 5% and 14%: the change is +9, not +10 (9.5), in
    every format (JSON gave 9.5 while the paper said +9 pts)."""
    from workplan_cli.planning import Counts, rate_change
    from workplan_cli.render.words import points

    def rates(implementation: float, engagement: float) -> Counts:
        # Counts whose rates are the given ones: completed (and ongoing) of 1,000
        done = round(implementation * 10)
        return Counts(1000, completed=done, ongoing=round(engagement * 10) - done)

    change = rate_change(rates(14.3, 50.0), rates(4.8, 50.0))
    assert (change.implementation, change.engagement) == (9, 0)
    assert [points(change.implementation), points(change.engagement)] == ["+9 pts", "no change"]
    assert rate_change(rates(0.0, 0.0), rates(12.5, 12.5)).implementation == -13
    assert rate_change(rates(14.3, 50.0), None) == rate_change(Counts(), Counts(1))
    assert points(None) == ""


def test_a_meeting_title_in_a_heading_is_escaped_in_markdown(
    runner: CliRunner, plans: Path
) -> None:
    """The meeting compared with names the headings: its title is text, never markup."""
    plan = plans / f"{PLAN}.toml"
    plan.write_text(
        plan.read_text().replace(
            'title = "1st Review Consultation"',
            'title = "1st <img src=x onerror=alert(1)> *Review*"',
        )
    )
    code, out, err = _run(runner, PLAN, "--meeting", "review-2")
    assert (code, err) == (0, "")
    escaped = r"since the 1st \<img src=x onerror=alert(1)\> \*Review\* (30 June 2024)"
    assert f"## Completed {escaped}" in out
    assert f"its change in percentage points {escaped}." in out
    assert re.search(r"(?<!\\)<img", out) is None  # every one escaped


def test_every_rag_badge_is_readable_at_wcag_aa() -> None:
    """The text on each RAG badge has a contrast of at least 4.5:1 (WCAG 2 AA); the grey one
    was white on #9e9e9e, 2.7:1."""
    from workplan_cli.render import charts as rendered

    def luminance(colour: str) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        hexes = colour.lstrip("#")
        if len(hexes) == 3:
            hexes = "".join(ch * 2 for ch in hexes)
        r, g, b = (int(hexes[i : i + 2], 16) for i in (0, 2, 4))
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    for rag, background in rendered.RAG_COLOURS.items():
        text = rendered.RAG_TEXT[rag]
        light, dark = sorted((luminance(background), luminance(text)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (rag, background, text)


def test_chart_labels_are_whole(runner: CliRunner) -> None:
    """A long area title is wrapped in the rates chart, never cut ("CT Terrorism, including
    preventio…" was)."""
    from .conftest import REPO

    result = runner.invoke(
        app,
        ["summary", "somtc-japan-2023-2027", "--meeting", "ammtc-japan-10", "-f", "html",
         "--plans", str(REPO / "plans")],
    )  # fmt: skip
    assert result.exit_code == 0
    chart = result.stdout.split('<svg id="chart-rates"', 1)[1].split("</svg>", 1)[0]
    assert "…" not in chart
    words = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", chart)
    assert "CT Terrorism, including prevention of violent extremism and arms smuggling" in " ".join(
        words
    )


def test_the_somtc_area_is_said_once(runner: CliRunner) -> None:
    """Under an area whose title says its SOMTC area ("CYB Cybercrime, including online
    scams") it is not said again; under one whose title does not ("1 General"), it is."""
    from .conftest import REPO

    def rates(plan: str) -> str:
        out = runner.invoke(
            app, ["summary", plan, "-f", "html", "--plans", str(REPO / "plans")]
        ).stdout
        return out.split('<section id="rates"', 1)[1].split("</section>", 1)[0]

    assert "CYB Cybercrime, including online scams</td>" in rates("somtc-rok-2023-2025")
    said = '1 General<br><span class="muted">illicit drug trafficking</span></td>'
    assert said in rates("asean-drugs-work-plan-2016-2025")
