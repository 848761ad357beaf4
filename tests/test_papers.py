"""Meeting papers people sign off (SPEC §7.1): Word and PDF, the handling marking, the trend
across meetings, the glossary, the timeline with titles, and `-o` endings.

The fixture (tests/data/status, see tests/test_summary.py) has two meetings: review-1
(30 June 2024; 0% implemented, 20% engaged of 5) and review-2 (30 June 2025; 20% and 60%).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workplan_cli.cli import app

from .conftest import REPO

PLAN = "fixture-2024-2025"


def _paper(runner: CliRunner, out: Path, *args: str) -> bytes:
    result = runner.invoke(app, ["summary", PLAN, "--meeting", "review-2", "-o", str(out), *args])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote {out.name}.\n"  # the test runs in tmp_path
    return out.read_bytes()


def _pdf_pages(pdf: Path) -> list[str]:
    """The text of each page, as a reader of the PDF sees it (poppler's pdftotext)."""
    if shutil.which("pdftotext") is None:  # pragma: no cover  # .ci/run installs poppler-utils
        pytest.skip("pdftotext is not installed (.ci/run installs poppler-utils)")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]  # a form feed ends each page


# --- Word ----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("plans")
def test_docx_has_headings_tables_pictures_and_the_marking(
    runner: CliRunner, tmp_path: Path
) -> None:
    import docx

    out = tmp_path / "paper.docx"
    _paper(runner, out, "--marking", "RESTRICTED")
    document = docx.Document(str(out))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style is not None]
    assert ("Title", "Progress summary: Fixture Work Plan on Cooperation (2024-2025)") in headings
    sections = [text for style, text in headings if style == "Heading 1"]
    assert sections[:3] == [
        "Implementation by priority area",
        "Rates at each meeting of the plan",
        "Completed since the 1st Review Consultation (30 June 2024)",
    ]
    assert sections[-1] == "What the figures mean"
    # the trend table: a header row that repeats on each page, then one row a meeting
    trend = next(t for t in document.tables if t.rows[0].cells[0].text == "Meeting")
    assert trend.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    rows = [[c.text for c in row.cells] for row in trend.rows]
    assert rows == [
        ["Meeting", "Date", "Implementation", "Engagement"],
        ["1st Review Consultation", "30 Jun 2024", "0% (0/5)", "20% (1/5)"],
        ["2nd Review Consultation", "30 Jun 2025", "20% (1/5)", "60% (3/5)"],
    ]
    # the rates, the trend and the timeline as pictures
    pictures = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert len(pictures) == 3
    assert all(p.target_part.blob.startswith(b"\x89PNG") for p in pictures)
    page = document.sections[0]
    assert page.header.paragraphs[0].text == "RESTRICTED"
    assert page.footer.paragraphs[0].text == "RESTRICTED"
    assert page.page_width is not None
    assert round(page.page_width.mm) == 210  # A4
    assert document.core_properties.title.startswith("Progress summary: Fixture")
    body = "\n".join(p.text for p in document.paragraphs)
    assert "As of: 30 June 2025" in body
    assert "Progress summary prepared from the plan records as of 30 June 2025." in body


@pytest.mark.usefixtures("plans")
def test_docx_is_the_same_bytes_for_the_same_inputs(runner: CliRunner, tmp_path: Path) -> None:
    first = _paper(runner, tmp_path / "a.docx")
    second = _paper(runner, tmp_path / "b.docx")
    assert first == second
    with zipfile.ZipFile(BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2025-06-30T00:00:00Z" in core  # the paper's day, not the clock's


def test_docx_keeps_user_text_as_text(runner: CliRunner, plans: Path, tmp_path: Path) -> None:
    """A note with markup, a control code and a line break is shown as written; the document
    stays valid XML (a raw control code would make python-docx refuse it)."""
    import docx

    record = plans / "progress/fixture-2024-2025/A.2/2024-09-02T090000Z-a2000001.toml"
    record.write_text(
        record.read_text().replace(
            '"Two focal points named.\\nOthers pending."', '"<b>bold</b> \\u001b[31m & more"'
        )
    )
    out = tmp_path / "paper.docx"
    _paper(runner, out)
    text = "\n".join(
        cell.text
        for table in docx.Document(str(out)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "<b>bold</b> \\x1b[31m & more" in text


@pytest.mark.slow
@pytest.mark.usefixtures("plans")
def test_libreoffice_prints_the_docx(runner: CliRunner, tmp_path: Path) -> None:
    """The real reader: LibreOffice opens the Word paper and prints it to PDF; every page
    carries the marking, and the title and the dates in words are there."""
    if shutil.which("soffice") is None:  # pragma: no cover  # .ci/run installs LibreOffice
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    out = tmp_path / "paper.docx"
    _paper(runner, out, "--marking", "RESTRICTED")
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "lo-out"), str(out)],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    pages = _pdf_pages(tmp_path / "lo-out" / "paper.pdf")
    assert len(pages) >= 2
    for n, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.strip().splitlines()]
        assert lines[0] == "RESTRICTED", n
        assert "RESTRICTED" in lines[-2:], n
        assert f"Page {n} of {len(pages)}" in lines[-1], n
    text = " ".join(" ".join(pages).split())
    assert "Progress summary: Fixture Work Plan on Cooperation (2024-2025)" in text
    assert "As of: 30 June 2025" in text
    assert "1st Review Consultation 30 Jun 2024" in text


# --- PDF -----------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.usefixtures("plans")
def test_pdf_has_the_marking_on_every_page_and_the_same_bytes(
    runner: CliRunner, tmp_path: Path
) -> None:
    first = _paper(runner, tmp_path / "a.pdf", "--marking", "RESTRICTED")
    assert first.startswith(b"%PDF-")
    assert _paper(runner, tmp_path / "b.pdf", "--marking", "RESTRICTED") == first
    pages = _pdf_pages(tmp_path / "a.pdf")
    for n, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.strip().splitlines()]
        assert lines[0] == "RESTRICTED", n
        assert lines[-1].startswith("RESTRICTED"), n
        assert lines[-1].endswith(f"Page {n} of {len(pages)}"), n
    text = " ".join(" ".join(pages).split())
    assert "Progress summary: Fixture Work Plan on Cooperation (2024-2025)" in text
    assert "30 June 2025" in text
    assert "What the figures mean" in text


@pytest.mark.usefixtures("plans")
def test_pdf_without_weasyprint_says_how_to_install_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint: ImportError
    out = tmp_path / "paper.pdf"
    result = runner.invoke(app, ["summary", PLAN, "-o", str(out)])
    assert result.exit_code == 1
    assert "PDF papers need WeasyPrint" in result.stderr
    assert 'pip install ".[pdf]"' in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


# --- -o and --format -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report.pdfx", "report.doc", "report.xlsx", "report.PDF.bak"])
@pytest.mark.usefixtures("plans")
def test_an_ending_that_says_no_format_writes_nothing(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    result = runner.invoke(app, ["summary", PLAN, "-o", str(out)])
    assert result.exit_code == 2
    assert "says no format workplan writes" in result.stderr
    assert "one of .docx, .htm, .html, .json, .markdown, .md, .pdf, .txt" in result.stderr
    assert not out.exists()


@pytest.mark.usefixtures("plans")
def test_format_wins_over_the_ending(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "paper.bin"
    _paper(runner, out, "-f", "docx")
    assert zipfile.is_zipfile(out)


@pytest.mark.usefixtures("plans")
def test_a_docx_can_go_to_a_redirected_output(runner: CliRunner) -> None:
    result = runner.invoke(app, ["summary", PLAN, "-f", "docx"])
    assert result.exit_code == 0, result.stderr
    assert zipfile.is_zipfile(BytesIO(result.stdout_bytes))


# --- content every format shares -----------------------------------------------------------------


@pytest.mark.usefixtures("plans")
def test_the_trend_in_json_and_markdown(runner: CliRunner) -> None:
    result = runner.invoke(app, ["summary", PLAN, "--as-of", "2025-08-01", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    trend = json.loads(result.stdout)["trend"]
    assert [(p["date"], p["meeting"]) for p in trend] == [
        ("2024-06-30", "review-1"),
        ("2025-06-30", "review-2"),
        ("2025-08-01", None),  # the paper's own day, after the last meeting
    ]
    assert [(p["implementation_rate"], p["engagement_rate"]) for p in trend[:2]] == [
        (0.0, 20.0),
        (20.0, 60.0),
    ]
    md = runner.invoke(app, ["summary", PLAN, "--as-of", "2025-08-01"]).stdout
    assert "| This paper | 1 Aug 2025 |" in md


@pytest.mark.usefixtures("plans")
def test_the_marking_in_markdown_html_and_json(runner: CliRunner) -> None:
    marking = 'RESTRICTED "<b>x</b>"'
    md = runner.invoke(app, ["summary", PLAN, "--marking", marking]).stdout.splitlines()
    assert md[0] == md[-1] == r'**RESTRICTED "\<b\>x\</b\>"**'
    html = runner.invoke(app, ["summary", PLAN, "--marking", marking, "-f", "html"]).stdout
    assert html.count('<p class="marking">RESTRICTED &#34;&lt;b&gt;x&lt;/b&gt;&#34;</p>') == 2
    # in the page's margins, a CSS string nothing in the marking can end
    said = re.search(r"@top-center \{ content: (\"[^\"]*\");", html)
    assert said is not None
    assert said.group(1).startswith('"RESTRICTED\\20 \\22 \\3c b\\3e x')  # ends at the space
    said_json = runner.invoke(app, ["summary", PLAN, "--marking", marking, "-f", "json"]).stdout
    doc = json.loads(said_json)
    assert doc["marking"] == marking
    plain = json.loads(runner.invoke(app, ["summary", PLAN, "-f", "json"]).stdout)
    assert plain["marking"] is None


@pytest.mark.usefixtures("plans")
def test_the_glossary_says_the_plans_own_thresholds(runner: CliRunner) -> None:
    md = runner.invoke(app, ["summary", PLAN]).stdout
    glossary = md.split("## What the figures mean", 1)[1]
    assert "- **Implementation rate:** the share of the plan's activities" in glossary
    assert "at most 10 points behind the expected progress" in glossary  # its [rag]
    assert "more than 30 points behind, or overdue" in glossary


def test_the_timeline_has_every_title_whole(runner: CliRunner) -> None:
    """The timeline is labelled with ids and titles, wrapped, never cut; no label in any chart
    ends in an ellipsis."""
    result = runner.invoke(
        app,
        ["summary", "somtc-japan-2023-2027", "--meeting", "ammtc-japan-10", "-f", "html",
         "--plans", str(REPO / "plans")],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    chart = result.stdout.split('<svg id="chart-timeline"', 1)[1].split("</svg>", 1)[0]
    # lines joined again: a title may be wrapped after a hyphen ("cross-" / "border")
    words = " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", chart)).replace("- ", "-")
    assert "TIP.4* Practical guide for joint investigation of cross-border trafficking cases" in (
        words
    )
    for text in re.findall(r"<text[^>]*>(.*?)</text>", result.stdout, re.DOTALL):
        label = re.sub(r"<[^>]+>", "", text).strip()
        assert not label.endswith(("…", "...")), label
    assert '<svg id="chart-trend"' in result.stdout


# --- what a careless or hostile input does -------------------------------------------------------


@pytest.mark.usefixtures("plans")
def test_a_marking_is_short(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "paper.docx"
    result = runner.invoke(app, ["summary", PLAN, "-o", str(out), "--marking", "SECRET " * 20])
    assert result.exit_code == 2
    assert "a handling marking is at most 80" in result.stderr
    assert not out.exists()


def test_characters_xml_cannot_hold_are_written_out(
    runner: CliRunner, plans: Path, tmp_path: Path
) -> None:
    """U+FFFF in a note, and in the marking, reach the Word paper written out, not as a crash."""
    import docx

    record = plans / "progress/fixture-2024-2025/A.2/2024-09-02T090000Z-a2000001.toml"
    record.write_text(
        record.read_text().replace('"Two focal points named.\\nOthers pending."', '"a\\uffffb"')
    )
    done = plans / "progress/fixture-2024-2025/A.1/2024-12-21T090000Z-a1000002.toml"
    done.write_text(
        done.read_text() + '\n[[evidence]]\ntitle = "Odd"\nurl = "https://example.org/x-\\uffff"\n'
    )
    out = tmp_path / "paper.docx"
    _paper(runner, out, "--marking", "S\ufffe")
    document = docx.Document(str(out))
    assert document.sections[0].header.paragraphs[0].text == "S\\ufffe"
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "a\\uffffb" in cells


def test_a_docx_is_not_written_to_a_terminal(runner: CliRunner, plans: Path) -> None:
    """Not to the screen, nor to a terminal named as the file (-o /dev/tty, /dev/stdout)."""
    import os

    leader, follower = os.openpty()
    try:
        result = runner.invoke(
            app, ["summary", PLAN, "-f", "docx", "-o", os.ttyname(follower), "--plans", str(plans)]
        )
    finally:
        os.close(leader)
        os.close(follower)
    assert result.exit_code == 2
    assert "a docx paper is a file, not for the screen" in result.stderr


def test_a_long_timeline_is_drawn_in_parts(runner: CliRunner, plans: Path) -> None:
    """60 activities: three parts of at most 25, each fitting a page; every title whole."""
    path = plans / f"{PLAN}.toml"
    extra = "".join(
        f'\n[[areas.activities]]\nid = "A.{n}"\ntitle = "Extra activity number {n}"\n'
        'lead = ["JP"]\nstart = 2024-01-01\nend = 2024-12-31\n'
        'sources = [{ title = "Test source", url = "https://example.org/x" }]\n'
        for n in range(10, 64)
    )
    text = path.read_text()
    first_area_end = text.index("[[areas]]", text.index("[[areas]]") + 1)
    path.write_text(text[:first_area_end] + extra + "\n" + text[first_area_end:])
    html = runner.invoke(app, ["summary", PLAN, "-f", "html", "--plans", str(plans)]).stdout
    assert html.count('<svg id="chart-timeline') == 3
    assert 'id="chart-timeline-3"' in html
    for n in range(10, 64):
        assert f"A.{n} Extra activity number {n}</tspan>" in html


def test_markdown_escapes_the_names_of_bodies(runner: CliRunner, plans: Path) -> None:
    path = plans / f"{PLAN}.toml"
    text = path.read_text()
    path.write_text(
        text.replace('lead = ["JP"]', 'lead = ["EVL"]', 1)
        + '\n[[bodies]]\nid = "EVL"\nname = "Evil <img src=x> **x** | y"\n'
    )
    result = runner.invoke(app, ["summary", PLAN, "--meeting", "review-2", "--plans", str(plans)])
    assert result.exit_code == 0, result.stderr
    assert "<img" not in result.stdout.replace("\\<img", "")
    assert r"(lead Evil \<img src=x\> \*\*x\*\* \| y)" in result.stdout
