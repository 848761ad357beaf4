"""Plans as real ones are written (SPEC §3.4), through every command, figures worked by hand.

The fixture (tests/data/shapes/plans) holds an ASEAN-only work programme and an ASEAN Plus
Three plan. The work programme, as of 2026-07-01 (plan period 2024-01-01..2026-12-31, 1,096
days, day 913 of them: 83% over):

  1.1.a  group 1.1, lead AMS, undated, "within six months of endorsement"
         completed as of 2024-05-01                               -> completed, green
  1.1.b  group 1.1, lead ASEC, undated, former id 1.1.c
         ongoing 50 as of 2025-03-01, filed under 1.1.c            -> ongoing, 83 - 50 = 33
                                                                      behind: amber
  1.2.a  group 1.2, lead ASEANAPOL, yearly
         completed as of 2024-11-20; nothing in 2025; ongoing 40 as of 2026-06-01
         2026's occurrence: day 182 of 365 -> expected 49, 9 behind: green;
         occurrences begun 3 (2024-2026), completed 1; 2025 missed -> overdue
  2.a    area of terrorism and arms smuggling, lead ID and UNODC, 2024-03-01..2025-06-30
         completed as of 2025-06-30, filed under the plan's former id -> completed, green
  3.a    cross-cutting area, no lead, sourced from a ref      -> planned, 83 behind: red

  plan: 5 activities, 2 completed, 2 ongoing, 1 planned, 1 overdue: implemented 2/5 = 40%,
  engaged 4/5 = 80%; RAG 1 red, 1 amber, 3 green. Group 1.1: 1 of 2 completed (50%);
  group 1.2: 0 of 1, 1 overdue.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from workplan_cli.cli import app

from .conftest import DATA

WP = "asean-work-programme-2024-2026"
APT = "apt-transnational-crime-2024-2027"
DAY = "2026-07-01"


@pytest.fixture
def shapes(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    shutil.copytree(DATA / "shapes" / "plans", folder)
    return folder


def _run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _json(runner: CliRunner, shapes: Path, *args: str) -> Any:
    code, out, err = _run(runner, *args, "--plans", str(shapes), "-f", "json")
    assert code == 0, err
    return json.loads(out)


def _activities(doc: Any) -> dict[str, Any]:
    return {a["id"]: a for area in doc["plans"][0]["areas"] for a in area["activities"]}


def test_every_shape_validates(runner: CliRunner, shapes: Path) -> None:
    code, out, err = _run(runner, "validate", "--plans", str(shapes))
    assert (code, err) == (0, "")
    assert "2 plan files and 5 progress records checked, no problems" in out


def test_the_figures_worked_out_by_hand(runner: CliRunner, shapes: Path) -> None:
    doc = _json(runner, shapes, "status", WP, "--as-of", DAY)
    plan = doc["plans"][0]
    assert (plan["partner"], plan["partners"]) == (None, [])
    assert plan["counts"] == {
        "activities": 5, "completed": 2, "ongoing": 2, "planned": 1, "suspended": 0,
        "cancelled": 0, "overdue": 1, "illustrative": 0,
    }  # fmt: skip
    assert (plan["implementation_rate"], plan["engagement_rate"]) == (40.0, 80.0)
    assert plan["rag_counts"] == {"grey": 0, "green": 3, "amber": 1, "red": 1}
    acts = _activities(doc)
    shown = {
        i: (a["status"], a["percent"], a["expected_percent"], a["rag"], a["overdue"])
        for i, a in acts.items()
    }
    assert shown == {
        "1.1.a": ("completed", 100, 83, "green", False),
        "1.1.b": ("ongoing", 50, 83, "amber", False),
        "1.2.a": ("ongoing", 40, 49, "green", True),
        "2.a": ("completed", 100, 100, "green", False),
        "3.a": ("planned", None, 83, "red", False),
    }
    assert acts["1.1.a"]["timeline"] == "within six months of endorsement"
    assert (acts["1.1.a"]["start"], acts["1.1.a"]["end"], acts["1.1.a"]["dated"]) == (
        "2024-01-01", "2026-12-31", False,
    )  # fmt: skip
    assert acts["1.2.a"]["occurrences"] == {
        "year": 2026, "start": "2026-01-01", "end": "2026-12-31",
        "completed": 1, "due": 3, "missed": [2025],
    }  # fmt: skip
    assert acts["3.a"]["lead"] == []
    groups = {g["id"]: g for a in plan["areas"] for g in a["groups"]}
    assert (groups["1.1"]["counts"]["completed"], groups["1.1"]["implementation_rate"]) == (1, 50.0)
    assert (groups["1.2"]["counts"]["overdue"], groups["1.2"]["implementation_rate"]) == (1, 0.0)
    areas = {a["id"]: a for a in plan["areas"]}
    assert areas["2"]["somtc_areas"] == ["terrorism", "arms_smuggling"]
    assert (areas["3"]["somtc_area"], areas["3"]["somtc_areas"]) == (None, [])


def test_a_yearly_line_before_and_after_a_missed_year(runner: CliRunner, shapes: Path) -> None:
    """2025-02-01: the 2024 occurrence done, 2025's begun (day 32 of 365: 8% expected, none
    done: green); nothing missed yet. 2026-01-01: 2025 ended without a record: overdue."""
    before = _activities(_json(runner, shapes, "status", WP, "--as-of", "2025-02-01"))["1.2.a"]
    assert (before["status"], before["expected_percent"], before["rag"]) == ("planned", 8, "green")
    assert (before["overdue"], before["occurrences"]["missed"]) == (False, [])
    assert (before["occurrences"]["completed"], before["occurrences"]["due"]) == (1, 2)
    after = _activities(_json(runner, shapes, "status", WP, "--as-of", "2026-01-01"))["1.2.a"]
    assert (after["status"], after["overdue"], after["occurrences"]["missed"]) == (
        "planned", True, [2025],
    )  # fmt: skip
    assert (after["expected_percent"], after["rag"], after["occurrences"]["due"]) == (0, "green", 3)
    code, out, _ = _run(runner, "status", WP, "--plans", str(shapes), "--as-of", DAY, "-f", "plain")
    assert code == 0
    assert "2026: 1 of 3 years done, 2025 missed" in out


def test_records_under_former_ids_count_and_say_so(runner: CliRunner, shapes: Path) -> None:
    history = _json(runner, shapes, "history", WP)
    filed = {r["activity"]: r["filed_as"] for r in history["records"]}
    assert filed["1.1.b"] == f"{WP}/1.1.c"
    assert filed["2.a"] == "asean-wp-2024-2026/2.a"
    assert filed["1.1.a"] is None
    # the old number still names the activity, and a new record is filed under the new one
    code, out, err = _run(
        runner, "record", WP, "1.1.c", "-s", "ongoing", "-p", "60", "--plans", str(shapes)
    )
    assert code == 0, err
    assert "Recorded 1.1.b" in out
    assert len(list((shapes / "progress" / WP / "1.1.b").glob("*.toml"))) == 1


def test_an_orphan_record_is_an_error_that_names_the_fix(runner: CliRunner, shapes: Path) -> None:
    folder = shapes / "progress" / WP / "9.9"
    folder.mkdir()
    record = (shapes / "progress" / WP / "1.1.c").glob("*.toml")
    text = next(record).read_text().replace('"1.1.c"', '"9.9"')
    (folder / "2025-03-02T080000Z-99999999.toml").write_text(text)
    code, out, _ = _run(runner, "validate", "--plans", str(shapes))
    assert code == 1
    assert f'error[WP201]: plan "{WP}" has no activity "9.9"' in out
    assert 'add former_ids = ["9.9"] to the activity it became' in out
    for command in (["status"], ["status", WP], ["summary", WP], ["history", WP]):
        code, _, err = _run(runner, *command, "--plans", str(shapes))
        assert code == 1, command  # refused, never silently without the record
        assert "9.9" in err, command


def test_areas_count_under_each_somtc_area_and_cross_cutting_apart(
    runner: CliRunner, shapes: Path
) -> None:
    doc = _json(runner, shapes, "areas", "--as-of", DAY)
    cells = {
        row["somtc_area"]: (row["plans"][WP] or {}).get("counts", {}).get("activities")
        for row in doc["areas"]
    }
    assert cells["terrorism"] == cells["arms_smuggling"] == 1
    assert cells["illicit_drug_trafficking"] == 3
    assert cells["cross_cutting"] == 1
    assert cells["international_economic_crime"] is None  # capacity building is no crime type
    out = _run(runner, "areas", "--plans", str(shapes), "-f", "plain")[1]
    assert "cross-cutting (no crime type)" in out


@pytest.mark.parametrize(
    ("args", "activities"),
    [
        (["--area", "1.1"], ["1.1.a", "1.1.b"]),
        (["--area", "arms_smuggling"], ["2.a"]),
        (["--lead", "unodc"], ["2.a"]),
        (["--lead", "AMS"], ["1.1.a"]),
    ],
)
def test_filters_take_group_ids_and_body_codes(
    runner: CliRunner, shapes: Path, args: list[str], activities: list[str]
) -> None:
    assert list(_activities(_json(runner, shapes, "status", WP, *args))) == activities


def test_a_body_s_name_for_a_code_gets_did_you_mean(runner: CliRunner, shapes: Path) -> None:
    code, _, err = _run(
        runner, "status", "--plans", str(shapes), "--lead", "ASEAN Chiefs of Police"
    )
    assert code == 1
    assert 'did you mean "ASEANAPOL"?' in err


@pytest.mark.parametrize(("by", "stored"), [("asec", "ASEC"), ("UNODC", "UNODC"), (" TH ", "TH")])
def test_record_by_takes_the_plan_s_codes(
    runner: CliRunner, shapes: Path, by: str, stored: str
) -> None:
    code, _, err = _run(
        runner, "record", WP, "3.a", "-s", "ongoing", "--by", by, "--plans", str(shapes)
    )
    assert code == 0, err
    (path,) = (shapes / "progress" / WP / "3.a").glob("*.toml")
    assert f'reported_by = "{stored}"' in path.read_text()


def test_record_by_a_name_is_refused_with_the_code(runner: CliRunner, shapes: Path) -> None:
    code, _, err = _run(
        runner, "record", WP, "3.a", "-s", "ongoing", "--by", "Thailand", "--plans", str(shapes)
    )
    assert code == 1
    assert 'error: --by "Thailand" is not a code plan' in err
    assert 'hint: did you mean "TH"?' in err
    assert not (shapes / "progress" / WP / "3.a").exists()


def test_the_summary_shows_groups_bodies_and_the_plan_text(runner: CliRunner, shapes: Path) -> None:
    code, out, err = _run(runner, "summary", WP, "--plans", str(shapes), "--as-of", DAY)
    assert code == 0, err
    assert "- **Plan:** work plan of ASEAN alone, reviewed by SOMTC; active" in out
    assert "- **Plan text:** Work Programme (test copy) (SOMTC/WP/2024/1)" in out
    assert "ASEANAPOL: ASEAN Chiefs of Police; UNODC: United Nations Office on Drugs" in out
    assert "| 1.1 Exchange of Information (in 1) | 2 | 1 | 1 | 0 | 50% (1/2) |" in out
    assert "(2026: 1 of 3 years done, 2025 missed)" in out
    html = _run(runner, "summary", WP, "--plans", str(shapes), "--as-of", DAY, "-f", "html")[1]
    assert '<td class="group">1.1 Exchange of Information' in html
    data = _json(runner, shapes, "summary", WP, "--as-of", DAY)
    (area,) = (a for a in data["areas"] if a["id"] == "1")
    assert [(g["id"], g["counts"]["activities"]) for g in area["groups"]] == [
        ("1.1", 2),
        ("1.2", 1),
    ]


def test_several_partners_show_as_codes(runner: CliRunner, shapes: Path) -> None:
    code, out, _ = _run(runner, "status", "--plans", str(shapes), "-f", "csv", "--as-of", DAY)
    assert code == 0
    rows = dict(line.split(",")[1:3] for line in out.splitlines()[1:])
    assert rows == {APT: "CN JP KR", WP: ""}
    code, out, _ = _run(runner, "status", "--plans", str(shapes), "-f", "plain", "--as-of", DAY)
    assert "CN JP KR" in out
    assert "ASEAN only" in out


@pytest.mark.parametrize(
    ("plan_id", "options", "partners", "lead", "track"),
    [
        ("somtc-work-programme-2026-2028", [], "[]", "AMS", "SOMTC"),
        ("somtc-china-2024-2028", [], '["CN"]', "CN", "SOMTC+China"),
        ("somtc-rok-2026-2028", [], '["KR"]', "KR", "SOMTC+ROK"),
        ("apt-work-plan-2026-2030", [], '["CN", "JP", "KR"]', "CN", "SOMTC+3"),
        ("asean-plus-three-2026-2030", [], '["CN", "JP", "KR"]', "CN", "SOMTC+3"),
        ("x-2026-2027", ["--partners", "in, au", "--track", 'SOMTC "X"'], '["IN", "AU"]', "IN",
         'SOMTC \\"X\\"'),
        ("somtc-japan-2026-2030", ["--partners", ""], "[]", "AMS", "SOMTC"),
    ],
)  # fmt: skip
def test_new_never_assumes_a_partner(
    runner: CliRunner,
    tmp_path: Path,
    plan_id: str,
    options: list[str],
    partners: str,
    lead: str,
    track: str,
) -> None:
    code, _, err = _run(runner, "new", plan_id, *options)
    assert code == 0, err
    text = (tmp_path / "plans" / f"{plan_id}.toml").read_text()
    assert f"\npartners = {partners}\n" in text
    assert f'\nlead = ["{lead}"]\n' in text
    assert f'\ntrack = "{track}"\n' in text
    assert ("names no dialogue partner" in text) == (plan_id.startswith("somtc-work"))
    assert _run(runner, "validate")[0] == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--partners", "ROK"], 'error: --partners: "ROK" is not the code of a dialogue partner\n'
         '  hint: use the two-letter code "KR"'),
        (["--track", " "], "error: --track must not be empty"),
    ],
)  # fmt: skip
def test_new_refuses_a_bad_partner_or_track(
    runner: CliRunner, tmp_path: Path, options: list[str], message: str
) -> None:
    code, _, err = _run(runner, "new", "x-2026-2027", *options)
    assert code == 2
    assert err.startswith(message)
    assert list(tmp_path.iterdir()) == []


def test_a_former_plan_id_that_is_a_plan_or_listed_twice(runner: CliRunner, shapes: Path) -> None:
    """Records under such an id could not tell which plan they count for: WP112, located."""
    plan = shapes / f"{WP}.toml"
    plan.write_text(
        plan.read_text().replace(
            'former_ids = ["asean-wp-2024-2026"]', f'former_ids = ["asean-wp-2024-2026", "{APT}"]'
        )
    )
    other = shapes / "apt-two.toml"
    other.write_text(
        (shapes / f"{APT}.toml")
        .read_text()
        .replace(f'id = "{APT}"', 'id = "apt-two"\nformer_ids = ["asean-wp-2024-2026"]')
    )
    code, out, _ = _run(runner, "validate", "--plans", str(shapes))
    assert code == 1
    where = f"{shapes.name}/{WP}.toml:17"
    assert (
        f'{where}:15: error[WP112]: plans "apt-two" and "{WP}" both list "asean-wp-2024-2026"'
        in out
    )
    assert (
        f'{where}:37: error[WP112]: "{APT}" is listed as a former id, but {APT}.toml is a plan'
        in out
    )
    code, _, err = _run(runner, "status", "--plans", str(shapes))
    assert code == 1
    assert "WP112" not in err  # worded as the other refusals, with the message
    assert f'"{APT}" is listed as a former id' in err


def test_a_plan_renamed_without_former_ids_refuses_its_figures(
    runner: CliRunner, shapes: Path
) -> None:
    """Its records are left under the old id: every view of the new one says so, never 0%."""
    text = (shapes / f"{WP}.toml").read_text().replace(f'id = "{WP}"', 'id = "wp-new-2024-2026"')
    (shapes / "wp-new-2024-2026.toml").write_text(text)
    (shapes / f"{WP}.toml").unlink()
    for command in ("status", "summary", "history"):
        code, out, err = _run(runner, command, "wp-new-2024-2026", "--plans", str(shapes))
        assert (code, out) == (1, ""), command
        assert f'there is no plan "{WP}" in the plans directory' in err, command
        assert f'add former_ids = ["{WP}"] to the [plan] of its new file' in err, command


def test_a_former_plan_id_names_the_plan_and_a_hint_names_the_fix(
    runner: CliRunner, shapes: Path
) -> None:
    code, out, err = _run(
        runner, "record", "asean-wp-2024-2026", "3.a", "-s", "ongoing", "--plans", str(shapes)
    )
    assert code == 0, err
    assert len(list((shapes / "progress" / WP / "3.a").glob("*.toml"))) == 1
    # a plan renamed to a similar id: "did you mean" and the former_ids fix, both
    (shapes / f"{WP}.toml").rename(shapes / "asean-work-programme-2024-2027.toml")
    plan = shapes / "asean-work-programme-2024-2027.toml"
    plan.write_text(
        plan.read_text().replace(f'id = "{WP}"', 'id = "asean-work-programme-2024-2027"')
    )
    out = _run(runner, "validate", "--plans", str(shapes))[1]
    assert (
        'hint: did you mean "asean-work-programme-2024-2027"? If the plan was renamed, add '
        f'former_ids = ["{WP}"]'
    ) in out


def test_a_yearly_report_made_after_the_window_counts_for_its_last_year(
    runner: CliRunner, shapes: Path
) -> None:
    """A report of December's meeting made in the January after the window speaks for the
    last occurrence: nothing is recorded that counts nowhere."""
    plan = shapes / f"{WP}.toml"
    plan.write_text(
        plan.read_text().replace('repeat = "yearly"', 'repeat = "yearly"\nend = 2025-12-31')
    )
    code, _, err = _run(
        runner, "record", WP, "1.2.a", "-s", "completed", "-e", "https://example.org/r",
        "--as-of", "2026-01-20", "--plans", str(shapes),
    )  # fmt: skip
    assert code == 0, err
    item = _activities(_json(runner, shapes, "status", WP, "--as-of", "2026-02-01"))["1.2.a"]
    assert (item["status"], item["overdue"]) == ("completed", False)
    assert item["occurrences"] == {
        "year": 2025, "start": "2025-01-01", "end": "2025-12-31",
        "completed": 2, "due": 2, "missed": [],
    }  # fmt: skip


def test_a_yearly_year_completed_in_the_period_is_listed(runner: CliRunner, shapes: Path) -> None:
    """2024's occurrence was completed on 2024-11-20; as of 2025-02-01 the line stands at
    2025 (planned), but the summary since 2024-06-01 lists it as completed then."""
    doc = _json(runner, shapes, "summary", WP, "--since", "2024-06-01", "--as-of", "2025-02-01")
    done = [(c["activity"], c["as_of"]) for c in doc["completed"]]
    assert done == [("1.2.a", "2024-11-20")]
    assert doc["plan"]["document"] == {
        "title": "Work Programme (test copy)", "url": None, "ref": "SOMTC/WP/2024/1",
    }  # fmt: skip
    assert [b["id"] for b in doc["plan"]["bodies"]] == ["UNODC", "ASEANAPOL"]


def test_notes_years_and_new_lines_in_every_format(runner: CliRunner, shapes: Path) -> None:
    plan = shapes / f"{WP}.toml"
    plan.write_text(plan.read_text().replace('title = "Training needs', 'title = "Two\\nlines:'))
    acts = _activities(_json(runner, shapes, "status", WP, "--as-of", DAY))
    assert acts["1.2.a"]["note"] == "implemented with UNODC"
    out = _run(runner, "status", WP, "--plans", str(shapes), "--as-of", DAY, "-f", "plain")[1]
    assert "3.a      Two lines: assessment not assigned" in out  # one row per line
    csv_out = _run(runner, "status", WP, "--plans", str(shapes), "--as-of", DAY, "-f", "csv")[1]
    header, *rows = csv_out.splitlines()
    assert header.endswith(",note,years_done,years_begun,years_missed")
    assert next(r for r in rows if ",1.2.a," in r).endswith(",1,3,2025")
    before = _activities(_json(runner, shapes, "status", WP, "--as-of", "2025-02-01"))
    assert before["2.a"]["occurrences"] is None
    shown = _run(
        runner, "status", WP, "--plans", str(shapes), "--as-of", "2024-01-01", "-f", "plain"
    )
    assert "2024: 0 of 1 year done" in shown[1]


def test_two_partners_named_in_the_id(runner: CliRunner, tmp_path: Path) -> None:
    assert _run(runner, "new", "somtc-china-japan-2026-2030")[0] == 0
    text = (tmp_path / "plans" / "somtc-china-japan-2026-2030.toml").read_text()
    assert '\npartners = ["CN", "JP"]\n' in text
    assert '\ntrack = "SOMTC+China+Japan"\n' in text


def test_the_bodies_line_names_every_body_used(runner: CliRunner, shapes: Path) -> None:
    plan = shapes / f"{WP}.toml"
    plan.write_text(
        plan.read_text()
        .replace("[[bodies]]", '[[bodies]]\nid = "UN"\nname = "United Nations"\n\n[[bodies]]', 1)
        .replace('lead = ["ID", "UNODC"]', 'lead = ["ID", "UNODC", "UN"]')
    )
    out = _run(runner, "summary", WP, "--plans", str(shapes), "--as-of", DAY)[1]
    assert "; UN: United Nations" in out
