"""Progress by spreadsheet (SPEC §8): `workplan template` and `workplan import`, through the
real CLI, on real files; LibreOffice Calc opens and saves a sheet in the slow test.

The plan is tests/data/valid/test-plan-2024-2026.toml: CT.1 (2024-03-01..2024-12-31, lead JP
ID, indicator officials-trained), CYB.1 (2025-01-01..2026-06-30, lead SG, illustrative);
meeting somtc-test-1 on 2024-06-20.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from workplan_cli.cli import app
from workplan_cli.sheet import INPUTS, READ_ONLY

from .conftest import VALID_PLAN

PLAN = VALID_PLAN.stem
HEADER = [*READ_ONLY, *INPUTS, "Indicator: officials-trained"]


def _run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _records(plans: Path) -> list[dict[str, Any]]:
    found = sorted((plans / "progress").rglob("*.toml"))
    return [tomllib.loads(p.read_text(encoding="utf-8")) for p in found]


def _sheet(runner: CliRunner, tmp_path: Path, *options: str) -> Path:
    path = tmp_path / "progress.xlsx"
    code, _, err = _run(runner, "template", PLAN, "-o", str(path), *options)
    assert code == 0, err
    return path


def _fill(
    path: Path, rows: dict[str, dict[str, Any]], formats: dict[str, str] | None = None
) -> None:
    """Type values into the rows of the activities named, as a desk officer would."""
    book = openpyxl.load_workbook(path)
    sheet = book["Progress"]
    header = [c.value for c in sheet[1]]
    for line in sheet.iter_rows(min_row=2):
        activity = line[header.index("Activity")].value
        for name, value in rows.get(str(activity), {}).items():
            cell = line[header.index(name)]
            cell.value = value
            if formats and name in formats:
                cell.number_format = formats[name]
    book.save(path)


# --- the template -----------------------------------------------------------------------------


def test_the_template_workbook(runner: CliRunner, plans_dir: Path, tmp_path: Path) -> None:
    _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", "40", "--as-of", "2024-06-30")
    path = _sheet(runner, tmp_path, "--as-of", "2024-07-01")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Progress", "Instructions", "workplan"]
    sheet = book["Progress"]
    assert [c.value for c in sheet[1]] == HEADER
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][:8] == [
        PLAN, "CT.1", "Workshop on countering violent extremism", "JP ID",
        "2024-03-01 to 2024-12-31", "ongoing", 40, dt.datetime(2024, 6, 30),
    ]  # fmt: skip
    assert rows[1][:8] == [
        PLAN, "CYB.1", "Cybercrime dialogue", "SG", "2025-01-01 to 2026-06-30", "planned",
        None, None,
    ]  # fmt: skip
    # read-only cells locked and shaded; inputs open; the indicator open where it belongs
    assert sheet.protection.sheet
    assert [sheet.cell(2, i).protection.locked for i in (1, 8, 9, 17, 18)] == [
        True, True, False, False, False,
    ]  # fmt: skip
    assert sheet.cell(3, 18).protection.locked  # CYB.1 has no indicator
    assert sheet["A2"].fill.fgColor.rgb.endswith("E7EBF0")
    assert sheet.freeze_panes == "C2"
    checks = {str(dv.sqref): (dv.type, dv.formula1) for dv in sheet.data_validations.dataValidation}
    assert checks["I2:I3"] == ("list", "='workplan'!$D$1:$D$5")
    assert checks["J2:J3"] == ("whole", "0")
    assert checks["K2:K3"][0] == "date"
    assert checks["O2:O3"] == ("list", "='workplan'!$E$1:$E$2")
    assert checks["Q2:Q3"] == ("list", "='workplan'!$G$1:$G$1")
    about = {r[0].value: r[1].value for r in book["workplan"].iter_rows(max_col=2)}
    assert (about["sheet format"], about["plan"], about["as of"]) == (1, PLAN, "2024-07-01")
    assert len(str(about["plan hash"])) == 64
    assert book["workplan"].sheet_state == "hidden"
    said = "\n".join(str(r[0].value) for r in book["Instructions"].iter_rows())
    assert '"Completed" needs evidence' in said
    assert "blank rows are skipped" in said
    assert "workplan import FILE" in said


def test_the_template_for_one_lead_and_as_csv(
    runner: CliRunner, plans_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "for-sg.csv"
    code, _, err = _run(runner, "template", PLAN, "--lead", "sg", "-o", str(path))
    assert code == 0, err
    assert f"for-sg.csv: 1 activity of {PLAN}, as of " in err
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(HEADER[:-1])  # CYB.1 has no indicator
    assert lines[1].startswith(f"{PLAN},CYB.1,Cybercrime dialogue,SG,")
    assert len(lines) == 2


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["-o", "sheet.ods"], 2, "error: sheet.ods: the sheet is written as .xlsx or .csv"),
        (["--lead", "XX", "-o", "s.xlsx"], 1, 'error: --lead "XX" is not a known code'),
        (["-o", "nowhere/s.xlsx"], 1, "error: cannot write nowhere/s.xlsx: the folder nowhere"),
    ],
)
def test_template_refusals(
    runner: CliRunner, plans_dir: Path, args: list[str], code: int, said: str
) -> None:
    result = _run(runner, "template", PLAN, *args)
    assert result[0] == code
    assert result[2].startswith(said)


# --- the import ----------------------------------------------------------------------------------


def test_a_filled_sheet_writes_what_record_would(
    runner: CliRunner, plans_dir: Path, tmp_path: Path
) -> None:
    path = _sheet(runner, tmp_path)
    _fill(path, {
        "CT.1": {"Status": " Completed ", "As of": dt.date(2024, 12, 20), "Note": "Held in Jakarta",
                 "Evidence title": "Report", "Evidence URL": "https://example.org/ct1",
                 "Reported by": "id", "Meeting": "somtc-test-1",
                 "Indicator: officials-trained": "45"},
        "CYB.1": {"Status": "ongoing", "Percent": 0.4, "As of": 45_708, "Restricted": "no"},
    }, formats={"Percent": "0%"})  # fmt: skip
    code, out, err = _run(runner, "import", str(path))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("Recorded CT.1 (B2): completed, 100%, as of 2024-12-20 -> plans/")
    assert lines[1].startswith("Recorded CYB.1 (B3): ongoing, 40%, as of 2025-02-20 -> plans/")
    assert lines[2] == "2 records written. Share them with: git add plans/progress"
    imported = _records(plans_dir)
    # the same through `record`, in a copy of the plans
    shutil.rmtree(plans_dir / "progress")
    for args in (
        ["CT.1", "-s", "completed", "--as-of", "2024-12-20", "-n", "Held in Jakarta",
         "-e", "Report=https://example.org/ct1", "--by", "ID", "--meeting", "somtc-test-1",
         "-i", "officials-trained=45"],
        ["CYB.1", "-s", "ongoing", "-p", "40", "--as-of", "2025-02-20"],
    ):  # fmt: skip
        assert _run(runner, "record", PLAN, *args)[0] == 0
    recorded = _records(plans_dir)

    def fields(record: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if k not in ("recorded_at", "after")}

    assert sorted(map(str, map(fields, imported))) == sorted(map(str, map(fields, recorded)))


def test_every_bad_cell_is_named_and_nothing_is_written(
    runner: CliRunner, plans_dir: Path, tmp_path: Path
) -> None:
    path = _sheet(runner, tmp_path)
    _fill(path, {
        "CT.1": {"Status": "done", "Percent": "40.5", "As of": "03/04/2024",
                 "Restricted": "maybe", "Reported by": "Thailand",
                 "Indicator: officials-trained": "many"},
        "CYB.1": {"Status": "completed", "As of": "2025-02-30", "Meeting": "somtc-test-9",
                  "Evidence title": "Minutes"},
    })  # fmt: skip
    code, out, err = _run(runner, "import", str(path))
    assert (code, out) == (1, "")
    name = "progress.xlsx:Progress!"
    assert err.splitlines() == [
        f'error: {name}I2: "Status" is "done", which is not one of: planned, ongoing, '
        "completed, suspended, cancelled",
        f'error: {name}J2: "40.5" is not a whole number',
        "  hint: write a whole number from 0 to 100, e.g. 40",
        f'error: {name}K2: "03/04/2024" could be read two ways (day/month or month/day)',
        "  hint: type the date as YYYY-MM-DD: 2024-04-03 or 2024-03-04",
        f'error: {name}O2: "maybe" is not yes or no',
        "  hint: write yes or no",
        f'error: {name}P2: "Reported by" "Thailand" is not a code plan "{PLAN}" knows',
        '  hint: did you mean "TH"?',
        f'error: {name}R2: "many" is not a number',
        "  hint: write the number alone, e.g. 45",
        f'error: {name}I3: a "completed" record needs evidence: a link to a report that shows it',
        "  hint: fill in Evidence URL (and Evidence title) with a report that shows it",
        f'error: {name}K3: "2025-02-30" is not a date',
        "  hint: type the date as YYYY-MM-DD, e.g. 2025-06-30",
        f"error: {name}N3: the evidence has a title but no address",
        "  hint: add its web address, https://...",
        f'error: {name}Q3: plan "{PLAN}" has no meeting "somtc-test-9"',
        '  hint: did you mean "somtc-test-1"?',
        "error: nothing was written: 10 problems in the sheet",
    ]
    assert _records(plans_dir) == []


def test_the_same_sheet_twice_and_a_dry_run(
    runner: CliRunner, plans_dir: Path, tmp_path: Path
) -> None:
    path = _sheet(runner, tmp_path)
    _fill(path, {"CT.1": {"Status": "ongoing", "Percent": 30}})  # As of: the day of import
    code, out, _ = _run(runner, "import", str(path), "--dry-run")
    assert code == 0
    assert out.splitlines()[-1] == (
        "1 record would be written (a dry run: nothing was written); 1 blank row skipped."
    )
    assert _records(plans_dir) == []
    assert _run(runner, "import", str(path), "--by", "JP")[0] == 0
    [record] = _records(plans_dir)
    assert (record["reported_by"], record["as_of"]) == ("JP", dt.date.today())
    code, out, _ = _run(runner, "import", str(path), "--by", "JP")
    assert code == 0
    assert out.splitlines()[-1] == (
        "Nothing written: every filled row is recorded already; 1 blank row skipped."
    )
    assert len(_records(plans_dir)) == 1


@pytest.mark.usefixtures("plans_dir")
def test_an_untouched_sheet_says_so(runner: CliRunner, tmp_path: Path) -> None:
    path = _sheet(runner, tmp_path)
    code, out, _ = _run(runner, "import", str(path), "--by", "JP")
    assert code == 0
    assert (
        out.splitlines()[-1]
        == "Nothing written: no row of the sheet is filled in; 2 blank rows skipped."
    )


def test_a_sheet_from_an_older_plan(runner: CliRunner, plans_dir: Path, tmp_path: Path) -> None:
    path = _sheet(runner, tmp_path)
    _fill(path, {"CT.1": {"Status": "ongoing", "As of": "2024-06-30"}})
    plan = plans_dir / VALID_PLAN.name
    plan.write_text(plan.read_text().replace("Workshop on countering", "Workshops on countering"))
    code, out, err = _run(runner, "import", str(path))
    assert code == 0
    assert out.startswith("Recorded CT.1 (B2): ongoing, as of 2024-06-30")
    assert err.startswith("note: the plan changed since this sheet was made")
    # an activity removed since: the cell that names it
    shutil.rmtree(plans_dir / "progress")
    plan.write_text(plan.read_text().replace('id = "CT.1"', 'id = "CT.2"'))
    code, _, err = _run(runner, "import", str(path))
    assert code == 1
    assert err.splitlines()[0] == (
        f'error: progress.xlsx:Progress!B2: plan "{PLAN}" has no activity "CT.1" (any more)'
    )


def test_a_csv_sheet_with_a_byte_order_mark_and_notes_in_any_script(
    runner: CliRunner, plans_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "from-th.csv"
    _run(runner, "template", PLAN, "-o", str(path))
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    note = "ประชุมแล้ว 2 ครั้ง; ការប្រជុំ; 会議"
    cells = lines[1].split(",")
    cells[8:12] = ["ongoing", "40%", "2024-06-30", note]
    cells[15] = "th"
    bad = lines[2].split(",")
    bad[8:10] = ["ongoing", "1000"]
    path.write_bytes(("\ufeff" + "\r\n".join([lines[0], ",".join(cells), ",".join(bad)])).encode())
    code, _, err = _run(runner, "import", str(path))
    assert code == 1
    assert err.splitlines()[0] == (
        'error: from-th.csv:line 3, Percent: "Percent" is 1000, outside the range 0 to 100'
    )
    path.write_bytes(("\ufeff" + "\r\n".join([lines[0], ",".join(cells)])).encode())
    assert _run(runner, "import", str(path))[0] == 0
    [record] = _records(plans_dir)
    assert (record["note"], record["percent"], record["reported_by"]) == (note, 40, "TH")


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"not a zip", "error: bad.xlsx: cannot read it: it is not an .xlsx workbook"),
        (None, 'error: bad.xlsx has no sheet named "Progress"'),
        ("header", 'error: bad.xlsx:Progress!B1: the column is "Activity id", not "Activity"'),
    ],
)
def test_a_file_that_is_no_sheet(
    runner: CliRunner, plans_dir: Path, tmp_path: Path, content: Any, said: str
) -> None:
    path = tmp_path / "bad.xlsx"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        shutil.copy(_sheet(runner, tmp_path), path)
        book = openpyxl.load_workbook(path)
        if content is None:
            book["Progress"].title = "Sheet1"
        else:
            book["Progress"]["B1"] = "Activity id"
        book.save(path)
    code, out, err = _run(runner, "import", str(path))
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == said


# --- the real client ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice Calc")
def test_a_sheet_opened_and_saved_in_libreoffice_imports_the_same(
    runner: CliRunner, plans_dir: Path, tmp_path: Path
) -> None:
    path = _sheet(runner, tmp_path)
    _fill(path, {
        "CT.1": {"Status": "ongoing", "Percent": 0.55, "As of": dt.date(2024, 9, 1),
                 "Note": "Two sessions held", "Indicator: officials-trained": 30},
        "CYB.1": {"Status": "planned", "As of": "2025-01-15", "Reported by": "SG"},
    }, formats={"Percent": "0%"})  # fmt: skip
    saved = tmp_path / "calc"
    done = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved), str(path)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert (saved / "progress.xlsx").is_file(), done.stderr
    book = openpyxl.load_workbook(saved / "progress.xlsx")
    assert book.sheetnames == ["Progress", "Instructions", "workplan"]
    assert book["Progress"].protection.sheet
    code, _, err = _run(runner, "import", str(saved / "progress.xlsx"))
    assert code == 0, err
    from_calc = _records(plans_dir)
    shutil.rmtree(plans_dir / "progress")
    assert _run(runner, "import", str(path))[0] == 0
    ours = _records(plans_dir)

    def fields(record: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if k != "recorded_at"}

    assert [fields(r) for r in from_calc] == [fields(r) for r in ours]
    assert [(r["activity"], r.get("percent")) for r in ours] == [("CT.1", 55), ("CYB.1", None)]


def test_text_from_the_plan_never_runs_in_the_sheet(
    runner: CliRunner, plans_dir: Path, tmp_path: Path
) -> None:
    plan = plans_dir / VALID_PLAN.name
    title = '=HYPERLINK("https://evil.example","x")'
    plan.write_text(
        plan.read_text().replace(
            '"Cybercrime dialogue"', '"' + title.replace('"', '\\"') + '\\u0007"'
        )
    )
    book = openpyxl.load_workbook(_sheet(runner, tmp_path))
    cell = book["Progress"]["C3"]
    assert (cell.data_type, cell.value) == ("s", title + "\\x07")
    csv_path = tmp_path / "s.csv"
    assert _run(runner, "template", PLAN, "-o", str(csv_path))[0] == 0
    assert "'=HYPERLINK" in csv_path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"Status": "ONGOING", "Percent": "40%", "As of": "2025-03-01"},
         ("ongoing", 40, "2025-03-01")),
        ({"Status": "ongoing", "Percent": 40, "As of": 45_717}, ("ongoing", 40, "2025-03-01")),
        ({"Status": "ongoing", "Percent": " 40 ", "As of": dt.datetime(2025, 3, 1, 9, 30)},
         ("ongoing", 40, "2025-03-01")),
    ],
)  # fmt: skip
def test_values_as_spreadsheets_keep_them(
    runner: CliRunner,
    plans_dir: Path,
    tmp_path: Path,
    cells: dict[str, Any],
    expected: tuple[Any, ...],
) -> None:
    path = _sheet(runner, tmp_path)
    _fill(path, {"CYB.1": cells})
    assert _run(runner, "import", str(path))[0] == 0
    [record] = _records(plans_dir)
    assert (record["status"], record["percent"], record["as_of"].isoformat()) == expected


@pytest.mark.parametrize(
    ("typed", "restricted"),
    [
        ("Yes", True), ("TRUE", True), (1, True), ("no", False), (0, False), ("false", False),
        ("Ya", True), ("tidak", False),  # as an Indonesian officer writes them
    ],
)  # fmt: skip
def test_restricted_as_typed(
    runner: CliRunner, plans_dir: Path, tmp_path: Path, typed: Any, restricted: bool
) -> None:
    path = _sheet(runner, tmp_path)
    _fill(
        path,
        {
            "CYB.1": {
                "Status": "ongoing",
                "As of": "2025-03-01",
                "Evidence URL": "https://example.org/e",
                "Restricted": typed,
            }
        },
    )
    assert _run(runner, "import", str(path))[0] == 0
    [record] = _records(plans_dir)
    assert record["evidence"] == [
        {"title": "https://example.org/e", "url": "https://example.org/e", "restricted": restricted}
    ]


# --- after a break-it pass ---------------------------------------------------------------------


def test_a_second_import_after_a_later_correction_writes_nothing(
    runner: CliRunner, plans_dir: Path, tmp_path: Path
) -> None:
    path = _sheet(runner, tmp_path)
    _fill(path, {"CT.1": {"Status": "ongoing", "Percent": 45, "As of": "2024-06-30"}})
    assert _run(runner, "import", str(path))[0] == 0
    _run(runner, "record", PLAN, "CT.1", "-s", "ongoing", "-p", "50", "--as-of", "2024-06-30")
    code, out, _ = _run(runner, "import", str(path))
    assert code == 0
    assert out.splitlines()[0].startswith("Already recorded CT.1 (B2): plans/progress/")
    code, out, _ = _run(runner, "status", PLAN, "--as-of", "2024-06-30", "-f", "csv")
    assert ",CT.1," in out.splitlines()[1]
    assert len(_records(plans_dir)) == 2


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ("duplicate", "Progress!B3: activity CT.1 has a row already (B2)"),
        ("plan", 'Progress!A2: the row is of plan "somtc-rok-2023-2025", but the sheet was made '
                 f'for "{PLAN}"'),
        ("formula", "Progress!I2: the cell holds a formula whose value was never worked out"),
        ("error", "Progress!I2: the cell shows an error (#N/A)"),
        ("activity", "Progress!B2: the row has no activity"),
        ("restricted", 'Progress!O2: "ja" is not yes or no'),
        ("percent", "Progress!J2: 40.5% is not a whole number"),
        ("date", 'Progress!K2: "25/04/2024" is not written as YYYY-MM-DD'),
    ],
)  # fmt: skip
def test_rows_that_cannot_be_taken_as_they_are(
    runner: CliRunner, plans_dir: Path, tmp_path: Path, change: str, said: str
) -> None:
    path = _sheet(runner, tmp_path)
    row = {"Status": "ongoing", "As of": "2024-06-30"}
    _fill(path, {"CT.1": row, "CYB.1": {**row, "As of": "2025-02-01"}})
    book = openpyxl.load_workbook(path)
    sheet = book["Progress"]
    every: dict[str, dict[str, Any]] = {
        "duplicate": {"B3": "CT.1"},
        "plan": {"A2": "somtc-rok-2023-2025"},
        "formula": {"I2": '=LOWER("ONGOING")'},
        "error": {"I2": "#N/A"},
        "activity": {"B2": None},
        "restricted": {"O2": "ja", "N2": "https://example.org/e", "I2": "completed"},
        "percent": {"J2": 0.405},
        "date": {"K2": "25/04/2024"},
    }
    for ref, value in every[change].items():
        sheet[ref] = value
    if change == "percent":
        sheet["J2"].number_format = "0.0%"
    book.save(path)
    code, out, err = _run(runner, "import", str(path))
    assert (code, out) == (1, "")
    lines = [line for line in err.splitlines() if line.startswith("error: progress.xlsx")]
    assert lines == [f"error: progress.xlsx:{said}"]
    assert _records(plans_dir) == []


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("sheet.ods", b"PK", "error: sheet.ods: workplan reads sheets saved as .xlsx or .csv"),
        ("sheet", b"PK", "error: sheet: workplan reads sheets saved as .xlsx or .csv"),
        ("semi.csv", b"Plan;Activity;Title\n",
         "error: semi.csv: the columns are separated by semicolons, not commas"),
    ],
)  # fmt: skip
def test_files_of_other_kinds(
    runner: CliRunner, plans_dir: Path, tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = _run(runner, "import", str(path))
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == said


def test_a_far_cell_or_a_newer_format_is_refused_at_once(
    runner: CliRunner, plans_dir: Path, tmp_path: Path
) -> None:
    path = _sheet(runner, tmp_path)
    book = openpyxl.load_workbook(path)
    book["Progress"]["A1048576"] = " "
    book.save(path)
    code, _, err = _run(runner, "import", str(path))
    assert code == 1
    assert err.splitlines()[0] == (
        'error: progress.xlsx: the "Progress" sheet reaches cell R1048576, beyond what a '
        "progress sheet holds (20,000 rows, 200 columns)"
    )
    path = _sheet(runner, tmp_path)
    book = openpyxl.load_workbook(path)
    book["workplan"]["B1"] = 99
    book.save(path)
    code, _, err = _run(runner, "import", str(path))
    assert code == 1
    assert err.splitlines()[0] == (
        'error: progress.xlsx: the sheet is of format "99", which this version of workplan '
        "does not read (it reads format 1)"
    )


def test_by_is_checked_before_the_rows(runner: CliRunner, plans_dir: Path, tmp_path: Path) -> None:
    path = _sheet(runner, tmp_path)
    _fill(path, {"CT.1": {"Status": "ongoing", "As of": "2024-06-30"}})
    code, _, err = _run(runner, "import", str(path), "--by", "Thailand")
    assert code == 1
    assert err.splitlines()[:2] == [
        f'error: --by "Thailand" is not a code plan "{PLAN}" knows',
        '  hint: did you mean "TH"?',
    ]


def test_a_template_for_a_lead_of_nothing(runner: CliRunner, plans_dir: Path) -> None:
    code, _, err = _run(runner, "template", PLAN, "--lead", "ASEC", "-o", "s.xlsx")
    assert code == 1
    assert err.splitlines()[:2] == [
        f'error: no activity of plan "{PLAN}" is led by ASEC',
        "  hint: leads in the plan: JP ID SG",
    ]
    assert not Path("s.xlsx").exists()


@pytest.mark.parametrize("stop", [KeyboardInterrupt, "write error"])
def test_an_import_stopped_halfway_leaves_nothing(
    runner: CliRunner, plans_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: Any
) -> None:
    from workplan_cli import sheet
    from workplan_cli.errors import WriteError

    path = _sheet(runner, tmp_path)
    _fill(path, {"CT.1": {"Status": "ongoing", "As of": "2024-06-30"},
                 "CYB.1": {"Status": "ongoing", "As of": "2025-02-01"}})  # fmt: skip
    real = sheet.write_record  # type: ignore[attr-defined]
    calls: list[int] = []

    def second_fails(plans: Path, record: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise WriteError("No space left on device") if stop == "write error" else stop()
        return real(plans, record)

    monkeypatch.setattr(sheet, "write_record", second_fails)
    code, _, err = _run(runner, "import", str(path))
    assert code == (1 if stop == "write error" else 130)  # 130: interrupted, as shells say
    assert _records(plans_dir) == []
    if stop == "write error":
        assert err.splitlines()[0] == (
            "error: No space left on device; nothing was written (the records written before "
            "it were removed)"
        )
