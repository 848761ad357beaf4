"""The summary as a Word document the Secretariat can edit: the paper's sections as real
headings, tables whose header row repeats on every page, and the charts as pictures; the
handling marking in every page's header and footer. The same inputs give the same bytes."""

from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO
from typing import TYPE_CHECKING, Final

from workplan_cli.i18n import _
from workplan_cli.models import Evidence
from workplan_cli.render.charts import MUTED, RAG_COLOURS, RAG_TEXT, Chart, charts_of, png
from workplan_cli.render.paper import Cell, Entry, Paper, Section, paper_of
from workplan_cli.summary import Summary
from workplan_cli.text import visible

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

_PAGE_W: Final = 210  # A4, in millimetres
_PAGE_H: Final = 297
_MARGIN: Final = 18
_TEXT_W: Final = _PAGE_W - 2 * _MARGIN
_ACCENT: Final = "1F4E79"
_TAGS: Final = {"en": "en-GB", "id": "id-ID"}  # the document's language, for spelling and hyphens
_EPOCH: Final = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip file can hold
_CELL: Final = 8.5  # points, the size of text in tables
_HEAD: Final = 7.5  # points, the size of their header rows, in bold
# millimetres a character may take in a cell and in a header (fonts wider than Calibri too)
_CHAR: Final = 2.0
_HEAD_CHAR: Final = 1.95
_LONGEST: Final = 36.0  # millimetres: a column's least width, when not all words fit
_PADDING: Final = 4.0  # a cell's margins, 1.9 mm each side, and a little air


def as_docx(summary: Summary, marking: str = "") -> bytes:
    """The summary as a .docx file, byte for byte the same for the same inputs."""
    import docx

    paper = paper_of(summary, marking)
    document = docx.Document()
    _set_up(document, paper, summary.day)
    charts = charts_of(summary)
    document.add_heading(visible(paper.title), level=0)
    _facts(document, paper)
    for __, note in paper.notes:
        _note(document, note)
    for section in paper.sections:
        heading = document.add_heading(visible(section.title), level=1)
        heading.paragraph_format.keep_with_next = True  # never alone at the foot of a page
        for chart in charts.get(section.chart, ()):
            _picture(document, chart)
        if section.rows:
            _table(document, section)
        elif section.entries:
            for entry in section.entries:
                _entry(document, entry)
        elif section.empty:
            document.add_paragraph(visible(section.empty))
        if section.after:
            _quiet(document.add_paragraph(), section.after)
    _quiet(document.add_paragraph(), paper.footer)
    return _same_bytes(document)


# --- the page ---------------------------------------------------------------------------------


def _set_up(document: Document, paper: Paper, day: dt.date) -> None:
    """A4 pages, the styles' colours and sizes, the language, the marking, and properties that
    depend on nothing but the paper (the day it is as of, never the clock)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    page = document.sections[0]
    page.page_width, page.page_height = Mm(_PAGE_W), Mm(_PAGE_H)
    page.left_margin = page.right_margin = Mm(_MARGIN)
    page.top_margin = page.bottom_margin = Mm(_MARGIN)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    normal.font.name = "Calibri"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), _language_tag())
    run_defaults.append(language)
    for name, size in (("Title", 20), ("Heading 1", 13)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor.from_string(_ACCENT)
    for where in (page.header, page.footer):
        paragraph = where.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if paper.marking:
            paragraph.add_run(visible(paper.marking)).bold = True
    pages = page.footer.add_paragraph() if paper.marking else page.footer.paragraphs[0]
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text, field in ((_("Page") + " ", "PAGE"), (" " + _("of") + " ", "NUMPAGES")):
        pages.add_run(text).font.size = Pt(8)
        _field(pages, field)
    properties = document.core_properties
    properties.title = visible(paper.title)[:255]
    properties.subject = _("Progress summary")
    properties.author = properties.last_modified_by = "workplan"
    properties.comments = visible(paper.footer)
    properties.language = _language_tag()
    properties.keywords = visible(paper.marking)[:255]
    properties.revision = 1
    properties.created = properties.modified = dt.datetime(day.year, day.month, day.day)
    properties.last_printed = dt.datetime(*_EPOCH)


def _language_tag() -> str:
    from workplan_cli.i18n import language

    return _TAGS[language()]


def _field(paragraph: Paragraph, code: str) -> None:
    """A field Word and LibreOffice fill in: the page number, the number of pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run()
    run.font.size = Pt(8)
    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), ("end", None)):
        if kind is None:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        if kind == "separate":
            shown = OxmlElement("w:t")
            shown.text = "1"
            run._r.append(shown)


def _same_bytes(document: Document) -> bytes:
    """The document saved, its zip entries dated at the zip epoch, not when it was saved."""
    written = BytesIO()
    document.save(written)
    out = BytesIO()
    with (
        zipfile.ZipFile(written) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(item.filename))
    return out.getvalue()


# --- the parts ----------------------------------------------------------------------------------


def _facts(document: Document, paper: Paper) -> None:
    for label, value in paper.facts:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = 0
        paragraph.add_run(f"{visible(label)}: ").bold = True
        paragraph.add_run(visible(value))


def _note(document: Document, text: str) -> None:
    """A banner: the illustrative-data note, or what a public version leaves out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.add_paragraph(visible(text))
    properties = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("val", "single"), ("sz", "24"), ("space", "6"), ("color", "EF8F00")):
        left.set(qn(f"w:{key}"), value)
    border.append(left)
    properties.append(border)
    properties.append(_shading("FFF8E6"))


def _picture(document: Document, chart: Chart) -> None:
    from docx.shared import Mm

    width = min(_TEXT_W, chart.width * 25.4 / 96)  # CSS pixels are 1/96 inch
    document.add_picture(BytesIO(png(chart)), width=Mm(width))
    picture = document.paragraphs[-1]
    picture.paragraph_format.keep_with_next = True
    # the picture's description, for screen readers
    for properties in picture._p.iter("{*}docPr"):
        properties.set("descr", visible(chart.label))
    _quiet(document.add_paragraph(), chart.caption)


def _table(document: Document, section: Section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    columns = section.columns
    table = document.add_table(rows=1, cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.autofit = False
    widths = _widths(section)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # the table's grid: LibreOffice lays out by it
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")  # the header row again on every page the table runs onto
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, column, width in zip(header.cells, columns, widths, strict=True):
        cell.width = Mm(width)
        cell._tc.get_or_add_tcPr().append(_shading("F0F4F8"))
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(visible(column.title))
        run.bold = True
        run.font.size = Pt(_HEAD)
        if column.num:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in section.rows:
        cells = table.add_row()
        whole = OxmlElement("w:cantSplit")  # a row is never cut across two pages
        whole.set(qn("w:val"), "true")
        cells._tr.get_or_add_trPr().append(whole)
        for target, cell, column, width in zip(
            cells.cells, row.cells, columns, widths, strict=True
        ):
            target.width = Mm(width)
            _cell(target, cell, bold=row.total)
            if column.num:
                target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _widths(section: Section) -> list[float]:
    """Column widths in millimetres that fill the page's width: each at least its longest word
    (a word is never broken when the page has room), the rest shared by the length of text."""
    least, wanted = [], []
    for n, column in enumerate(section.columns):
        texts = [_plain(row.cells[n]) for row in section.rows]
        word = max((len(w) for t in texts for w in t.split()), default=1)
        head = max(len(w) for w in column.title.split())
        least.append(max(max(word, 3) * _CHAR, head * _HEAD_CHAR) + _PADDING)
        wanted.append(min(max(map(len, [column.title, *texts])), 80) * _CHAR + _PADDING)
    if sum(least) >= _TEXT_W:  # a very long word (an address) breaks; the others keep theirs
        least = [min(w, _LONGEST) for w in least]
        if sum(least) >= _TEXT_W:
            return [_TEXT_W * w / sum(least) for w in least]
    more = [max(w - m, 0) for w, m in zip(wanted, least, strict=True)]
    room = _TEXT_W - sum(least)
    return [m + room * x / (sum(more) or 1) for m, x in zip(least, more, strict=True)]


def _plain(cell: Cell) -> str:
    return " ".join((*cell.lines, cell.text, cell.mark, cell.alert, cell.note, cell.below))


def _cell(target: _Cell, cell: Cell, bold: bool) -> None:
    from docx.shared import Pt, RGBColor

    paragraph = target.paragraphs[0]
    if cell.rag:
        target._tc.get_or_add_tcPr().append(_shading(RAG_COLOURS[cell.rag].lstrip("#")))
        run = paragraph.add_run(visible(cell.text))
        run.font.color.rgb = RGBColor.from_string(_hex6(RAG_TEXT[cell.rag]))
        run.font.size = Pt(_CELL)
        return
    for n, line in enumerate(cell.lines or (cell.text,)):
        run = paragraph.add_run(visible(line))
        run.bold = bold
        run.font.size = Pt(_CELL)
        if n + 1 < len(cell.lines):
            run.add_break()
    if cell.mark:
        paragraph.add_run(cell.mark).font.size = Pt(_CELL)
    if cell.alert:
        paragraph.add_run(", ").font.size = Pt(_CELL)
        alert = paragraph.add_run(visible(cell.alert))
        alert.bold = True
        alert.font.size = Pt(_CELL)
    if cell.below:
        paragraph.add_run().add_break()
        _quiet_run(paragraph, cell.below, 8.5)
    if cell.note:
        _quiet_run(paragraph, f" {cell.note}" if cell.text else cell.note, 8.5)
    _links(paragraph, cell.links, _CELL)


def _entry(document: Document, entry: Entry) -> None:
    paragraph = document.add_paragraph(style="List Bullet")
    paragraph.add_run(visible(entry.name) + entry.mark).bold = True
    paragraph.add_run(f" {visible(entry.text)}")
    if entry.note:
        _quiet_run(paragraph, f" {entry.note}", 9.5)
    if entry.links:
        paragraph.add_run(". " + _("Evidence:") + " ")
        _links(paragraph, entry.links, 10)


def _links(paragraph: Paragraph, links: tuple[Evidence, ...], size: float) -> None:
    """Evidence as links that open their address; '(restricted)' after a restricted one."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for n, evidence in enumerate(links):
        if n:
            paragraph.add_run("; ")
        link = OxmlElement("w:hyperlink")
        link.set(
            qn("r:id"),
            paragraph.part.relate_to(
                _xml_safe_url(evidence.url), RELATIONSHIP_TYPE.HYPERLINK, is_external=True
            ),
        )
        run = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        for key, value in (("w:color", _ACCENT), ("w:u", "single"), ("w:sz", f"{size * 2:.0f}")):
            element = OxmlElement(key)
            element.set(qn("w:val"), value)
            properties.append(element)
        run.append(properties)
        text = OxmlElement("w:t")
        text.set(qn("xml:space"), "preserve")
        text.text = visible(evidence.title)
        run.append(text)
        link.append(run)
        paragraph._p.append(link)
        if evidence.restricted:
            paragraph.add_run(" (" + _("restricted") + ")")


def _xml_safe_url(url: str) -> str:
    """An address with the characters XML cannot hold (U+FFFE, U+FFFF) percent-encoded."""
    return url.replace("\ufffe", "%EF%BF%BE").replace("\uffff", "%EF%BF%BF")


def _quiet(paragraph: Paragraph, text: str) -> None:
    _quiet_run(paragraph, text, 9)


def _quiet_run(paragraph: Paragraph, text: str, size: float) -> None:
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(visible(text))
    run.font.size = Pt(size)
    run.font.color.rgb = RGBColor.from_string(MUTED.lstrip("#").upper())


def _shading(fill: str) -> object:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill.upper())
    return shading


def _hex6(colour: str) -> str:
    """'#fff' as 'FFFFFF'."""
    hexes = colour.lstrip("#")
    return (hexes if len(hexes) == 6 else "".join(ch * 2 for ch in hexes)).upper()
