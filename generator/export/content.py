"""What a case says, in the shape exports need: facts, sections as blocks, figures, sources.

The page, the Word file and the PDF must show the same structure. Section
text is Markdown; it is converted with the same Markdown library the site
uses and read back as blocks (paragraphs, numbered and bulleted lists) made
of runs of plain or bold text, which every export can lay out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import markdown

from ..history import CaseDates
from ..link import WIKILINK
from ..model import Case, Library
from ..render import NO_REGION, NO_YEAR
from ..schema import SECTION_TITLES, UNDISCLOSED

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters no XML document may hold; Word files are XML, so they are dropped."""


def clean(text: str) -> str:
    """*text* without characters a Word or PDF file cannot carry."""
    return NOT_XML.sub("", text)


Run = tuple[str, bool]
"""A piece of text and whether it is bold."""


@dataclass(frozen=True)
class Block:
    """A paragraph (``p``), a numbered list (``ol``) or a bulleted list (``ul``)."""

    kind: str
    items: tuple[tuple[Run, ...], ...]
    """One entry for a paragraph; one per item for a list."""


@dataclass(frozen=True)
class CaseContent:
    """One case, ready to lay out."""

    slug: str
    title: str
    aliases: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]
    sections: tuple[tuple[str, tuple[Block, ...]], ...]
    figures: tuple[tuple[str, str, str], ...]
    """(what, value, unit) rows; shown after the 成效 section."""
    sources: tuple[str, ...]


def _runs(element: lxml.html.HtmlElement, bold: bool = False) -> list[Run]:
    out: list[Run] = []
    if element.text:
        out.append((element.text, bold))
    for child in element:
        if child.tag in ("ol", "ul"):  # nested list: flattened into the item's text
            for li in child:
                out.append(("\n" + li.text_content().strip(), bold))
        else:
            out.extend(_runs(child, bold or child.tag in ("strong", "b")))
        if child.tail:
            out.append((child.tail, bold))
    return out


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    merged: list[Run] = []
    for text, bold in runs:
        text = text.replace("\n", "") if not text.startswith("\n") else text
        if merged and merged[-1][1] == bold:
            merged[-1] = (merged[-1][0] + text, bold)
        elif text:
            merged.append((text, bold))
    return tuple((clean(t.strip("\n") if i in (0, len(merged) - 1) else t), b)
                 for i, (t, b) in enumerate(merged))


def blocks(text: str) -> tuple[Block, ...]:
    """Markdown section text → blocks; wikilinks become their label, other links their text."""
    text = WIKILINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), clean(text))
    html = markdown.markdown(text, extensions=["tables"])
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    out = []
    for el in root:
        if el.tag in ("ol", "ul"):
            out.append(Block(el.tag, tuple(_merge(_runs(li)) for li in el if li.tag == "li")))
        elif el.tag == "table":
            for row in el.iter("tr"):
                cells = [c.text_content().strip() for c in row if c.tag in ("td", "th")]
                out.append(Block("p", ((("｜".join(cells), False),),)))
        else:
            out.append(Block("p", (_merge(_runs(el)),)))
    return tuple(b for b in out if any(any(t.strip() for t, _ in item) for item in b.items))


def figure_value(value: float | int | None) -> str:
    """A figure as written on the page: 未披露, an integer, or a number without trailing zeros."""
    if value is None:
        return UNDISCLOSED
    return f"{value:g}" if isinstance(value, float) else str(value)


def case_content(case: Case, library: Library, dates: CaseDates | None = None) -> CaseContent:
    """The case as the page shows it (same facts, sections in order, figures, sources)."""
    facts = [("地区", case.region_label or NO_REGION), ("层级", case.level),
             ("年份", str(case.year) if case.year else NO_YEAR),
             ("类别", "、".join(case.categories)), ("标签", "、".join(case.tags))]
    if case.actors:
        facts.append(("参与主体", "、".join(case.actors)))
    if case.reviewed:
        facts.append(("审核日期", case.reviewed.isoformat()))
    if dates and dates.from_history:
        facts.append(("收录日期", dates.added.isoformat()))
        if dates.changed != dates.added:
            facts.append(("最近修改", dates.changed.isoformat()))
    sections = tuple((title, blocks(case.sections[title]))
                     for title in SECTION_TITLES if title in case.sections)
    figures = tuple((f.what, figure_value(f.value), f.unit) for f in case.figures)
    sources = tuple(library.source_by_id[r.source].title + (f"，{r.passage}" if r.passage else "")
                    for r in case.sources)
    return CaseContent(case.slug, clean(case.title), tuple(clean(a) for a in case.aliases),
                       tuple((k, clean(v)) for k, v in facts), sections,
                       tuple((clean(what), clean(value), clean(unit)) for what, value, unit in figures),
                       tuple(clean(s) for s in sources))
