"""Cases as Word documents (.docx) with python-docx.

Built-in heading styles (Heading 1/2, Title) carry the structure, so Word
and WPS show it in their navigation pane and can build a table of contents.
Chinese text needs its own font slot (``w:eastAsia``): without it Word and
WPS fall back to a Latin font's substitute, so every style used here names
宋体 for body text and 黑体 for headings there.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles.style import BaseStyle

from .content import Block, CaseContent

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
"""Zip entry time: the same content gives the same bytes (no rewrite, no reload loop)."""


def _fonts(style, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:  # type: ignore[no-untyped-def]
    style.font.name = LATIN_FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(slot), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would override the names above
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)


def new_document(title: str, created: dt.date | None) -> docx.document.Document:
    """An empty document with Chinese fonts on every style used and fixed metadata."""
    doc = docx.Document()
    styles = _styles(doc)
    _fonts(styles["Normal"], BODY_FONT, 11)
    _fonts(styles["Title"], HEADING_FONT, 22, True)
    _fonts(styles["Heading 1"], HEADING_FONT, 16, True)
    _fonts(styles["Heading 2"], HEADING_FONT, 13, True)
    _fonts(styles["List Bullet"], BODY_FONT)
    props = doc.core_properties
    props.title = title
    props.author = "社区治理案例手册"
    props.language = "zh-CN"
    when = dt.datetime.combine(created or dt.date(2020, 1, 1), dt.time())
    props.created = props.modified = when
    props.last_modified_by = "社区治理案例手册"
    props.revision = 1
    _language(doc)
    return doc


def _language(doc: docx.document.Document) -> None:
    """Mark text as Chinese (proofing and line breaking in Word and WPS)."""
    rpr = _styles(doc)["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def _field(paragraph, instruction: str, placeholder: str = "") -> None:  # type: ignore[no-untyped-def]
    """A Word field (PAGE, TOC …) that Word and WPS compute when the document is opened."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _fld_char(paragraph, kind: str) -> None:  # type: ignore[no-untyped-def]
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")
    paragraph.add_run()._r.append(char)


def _toc(doc: docx.document.Document, titles: list[str]) -> None:
    """A table of contents field whose shown result already lists every chapter.

    Word recomputes the field (with page numbers) when the file opens, as the
    settings ask; a program that does not still shows the chapter list.
    """
    first = doc.add_paragraph()
    _fld_char(first, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-1" \\h \\z \\u '
    first.add_run()._r.append(instr)
    _fld_char(first, "separate")
    last = first
    for n, title in enumerate(titles):
        para = first if n == 0 else doc.add_paragraph()
        para.add_run(title)
        last = para
    _fld_char(last, "end")
    doc.add_paragraph("（页码在 Word 或 WPS 中更新目录后显示：右键目录，选择“更新域”。）")


def page_numbers(doc: docx.document.Document, label: str) -> None:
    """Footer on every page: the document's name and 第 N 页."""
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = 1  # centred
    footer.add_run(f"{label}　第 ")
    _field(footer, "PAGE", "1")
    footer.add_run(" 页")


def _blocks(doc: docx.document.Document, blocks: Iterable[Block]) -> None:
    for block in blocks:
        for n, item in enumerate(block.items, 1):
            if block.kind == "ul":
                para = _para(doc, "", "ListBullet")
            else:
                para = doc.add_paragraph()
                if block.kind == "ol":  # numbers as text: Word's list numbering would run on across lists
                    para.paragraph_format.left_indent = Pt(21)
                    para.paragraph_format.first_line_indent = Pt(-21)
                    para.add_run(f"{n}. ")
                else:
                    para.paragraph_format.first_line_indent = Pt(22)
            for text, bold in item:
                para.add_run(text).bold = bold or None


def _table(doc: docx.document.Document, header: tuple[str, ...] | None,
           rows: Iterable[tuple[str, ...]]) -> None:
    rows = list(rows)
    width = len(header or rows[0])
    table = doc.add_table(rows=0, cols=width)
    table._tbl.tblPr.style = "TableGrid"
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text


def _styles(doc: docx.document.Document) -> dict[str, BaseStyle]:
    """Style objects by name, looked up once: python-docx looks names up slowly."""
    cached = getattr(doc, "_handbook_styles", None)
    if cached is None:
        by_name = {s.name: s for s in doc.styles}
        cached = {name: by_name[name] for name in
                  ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet", "Table Grid")}
        doc._handbook_styles = cached  # type: ignore[attr-defined]
    return cached


def _para(doc: docx.document.Document, text: str = "", style_id: str = ""):  # type: ignore[no-untyped-def]
    """A paragraph with a style set by id: python-docx's lookup by style object is slow."""
    para = doc.add_paragraph(text)
    if style_id:
        para._p.style = style_id
    return para


def _heading(doc: docx.document.Document, text: str, level: int) -> None:
    _para(doc, text, "Title" if level == 0 else f"Heading{level}")


def add_case(doc: docx.document.Document, case: CaseContent, level: int) -> None:
    """The case at heading *level* (0: the document's title; 1: a chapter of the handbook)."""
    _heading(doc, case.title, level)
    if case.aliases:
        doc.add_paragraph("别称：" + "、".join(case.aliases))
    _table(doc, None, [(k, v) for k, v in case.facts])
    for title, blocks in case.sections:
        _heading(doc, title, level + 1)
        _blocks(doc, blocks)
        if title == "成效" and case.figures:
            _table(doc, ("统计内容", "数值", "单位"), case.figures)
    _heading(doc, "资料来源", level + 1)
    for source in case.sources:
        _para(doc, source, "ListBullet")


def save(doc: docx.document.Document) -> bytes:
    """The document's bytes, with fixed zip entry times so equal content gives equal files."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def case_docx(case: CaseContent, created: dt.date | None = None) -> bytes:
    """One case as a Word document."""
    doc = new_document(case.title, created)
    add_case(doc, case, 0)
    page_numbers(doc, f"社区治理案例手册 · {case.title}")
    return save(doc)


def handbook_docx(cases: list[CaseContent], built: str, created: dt.date | None = None) -> bytes:
    """Every case in one document: cover, table of contents (a TOC field), one chapter per case."""
    doc = new_document("社区治理案例手册", created)
    _heading(doc, "社区治理案例手册", 0)
    doc.add_paragraph(f"共 {len(cases)} 个案例，按标题拼音排序。{built}")
    toc_title = doc.add_paragraph("目录")
    toc_title.runs[0].bold = True
    _toc(doc, [case.title for case in cases])
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    for case in cases:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        add_case(doc, case, 1)
    page_numbers(doc, "社区治理案例手册")
    return save(doc)
