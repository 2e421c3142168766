"""The whole handbook as one PDF, with reportlab: contents, page numbers, bookmarks.

reportlab installs from PyPI alone and ships the Adobe CID font STSong-Light
(宋体) for Chinese, so no system font is needed to make the file; PDF
readers supply the font when they show it. Two passes (``multiBuild``) put
the page numbers into the table of contents; every case and section is also
a bookmark (the outline readers see in the side panel).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from .content import Block, CaseContent

FONT = "STSong-Light"
BULLET = "・"
NO_GLYPH = str.maketrans({"\u00b7": BULLET, "\u2022": BULLET})
"""STSong-Light has no glyph for the Latin middle dot and the bullet: use the CJK middle dot."""
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)


def _style(name: str, size: float, leading: float, **extra: object) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=leading,
                          wordWrap="CJK", **extra)


BODY = _style("body", 10.5, 17, firstLineIndent=21, spaceAfter=4)
ITEM = _style("item", 10.5, 17, leftIndent=18, firstLineIndent=-12, spaceAfter=2)
CELL = _style("cell", 9.5, 14)
H0 = _style("title", 24, 32, alignment=1, spaceAfter=16)
H1 = _style("h1", 17, 24, spaceBefore=6, spaceAfter=8, textColor=colors.HexColor("#b71c1c"))
H2 = _style("h2", 12.5, 18, spaceBefore=8, spaceAfter=4)
TOC_STYLES = [_style("toc1", 10.5, 16, leftIndent=12, firstLineIndent=-12)]


class _Doc(BaseDocTemplate):
    """Registers headings for the contents and the bookmarks as they are laid out."""

    def afterFlowable(self, flowable) -> None:  # type: ignore[no-untyped-def]
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        text = flowable.getPlainText()
        key = f"h{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level == 0)
        if level == 0:  # the contents parse their text as markup: escape it again
            self.notify("TOCEntry", (0, escape(text), self.page, key))


def _heading(text: str, style: ParagraphStyle, level: int) -> Paragraph:
    para = Paragraph(_esc(text), style)
    para.outline_level = level
    return para


def _esc(text: str) -> str:
    """Text for a reportlab paragraph: XML-escaped, with glyphs the font lacks replaced."""
    return escape(text.translate(NO_GLYPH))


def _runs(item: tuple[tuple[str, bool], ...]) -> str:
    return "".join(f"<b>{_esc(t)}</b>" if bold else _esc(t) for t, bold in item).replace("\n", "<br/>")


def _blocks(blocks: tuple[Block, ...]) -> list:
    out = []
    for block in blocks:
        for n, item in enumerate(block.items, 1):
            if block.kind == "p":
                out.append(Paragraph(_runs(item), BODY))
            else:
                mark = f"{n}." if block.kind == "ol" else BULLET
                out.append(Paragraph(f"{mark} {_runs(item)}", ITEM))
    return out


def _table(rows: list[tuple[str, ...]], widths: list[float], header: bool) -> Table:
    cells = [[Paragraph(_esc(c), CELL) for c in row] for row in rows]
    table = Table(cells, colWidths=widths, hAlign="LEFT")
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    table.setStyle(TableStyle(style))
    return table


def case_flowables(case: CaseContent) -> list:
    """One case: heading (a contents entry and a bookmark), facts, sections, figures, sources."""
    out: list = [_heading(case.title, H1, 0)]
    if case.aliases:
        out.append(Paragraph("别称：" + _esc("、".join(case.aliases)), BODY))
    out.append(_table(list(case.facts), [25 * mm, 140 * mm], header=False))
    for title, blocks in case.sections:
        out.append(_heading(title, H2, 1))
        out.extend(_blocks(blocks))
        if title == "成效" and case.figures:
            out.append(Spacer(1, 4))
            out.append(_table([("统计内容", "数值", "单位"), *case.figures],
                              [105 * mm, 30 * mm, 30 * mm], header=True))
    out.append(_heading("资料来源", H2, 1))
    out.extend(Paragraph(BULLET + " " + _esc(s), ITEM) for s in case.sources)
    return out


def _footer(label: str):  # type: ignore[no-untyped-def]
    def draw(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"{label}　第 {doc.page} 页")
        canvas.restoreState()
    return draw


def handbook_pdf(cases: list[CaseContent], built: str) -> bytes:
    """Cover with contents, then one chapter per case; page numbers in every footer."""
    out = io.BytesIO()
    doc = _Doc(out, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm,
               bottomMargin=22 * mm, title="社区治理案例手册", author="社区治理案例手册",
               subject="城市基层党建与社区治理做法案例", lang="zh-CN", invariant=1)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=_footer("社区治理案例手册"))])
    toc = TableOfContents(levelStyles=TOC_STYLES, dotsMinLevel=0)
    story: list = [Paragraph("社区治理案例手册", H0),
                   Paragraph(escape(f"共 {len(cases)} 个案例，按标题拼音排序。{built}"), BODY),
                   Spacer(1, 8), Paragraph("目录", H1), toc]
    for case in cases:
        story.append(PageBreak())
        story.extend(case_flowables(case))
    doc.multiBuild(story)
    return out.getvalue()
