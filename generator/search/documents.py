"""What a reader can find: one document per page, with its kind, names and weighted text.

Kinds decide the order of results (cases first, site pages last), so every
document says what it is. Texts come from the library itself, not from the
rendered pages: lists of other cases on a tag page would otherwise make every
listed title match every listing page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..link import WIKILINK
from ..memos import remembered
from ..model import Case, Library
from ..site import GENERATED_DIR

CASE, TERM, TAG, CATEGORY, SOURCE, SITE = range(6)
KIND_LABELS = ("案例", "术语", "标签", "类别", "来源", "页面")
"""Shown on each result, by kind, in ranking order."""

TITLE, ALIAS, LABEL, SUMMARY, BODY = 60, 40, 8, 4, 1
"""Weight of a word found in each field; body words count once per occurrence."""

_HTML = re.compile(r"<[^>]+>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BLOCK = re.compile(r"^\s*(?:[-+>#|]+|\d+\.)\s*", re.MULTILINE)
"""A list, quote, heading or table line's marks; table bars elsewhere are replaced on their own."""
_INLINE = re.compile(r"[*_`]+|\{[^}]*\}")


@functools.lru_cache(maxsize=65536)
def plain(markdown: str) -> str:
    """Markdown as the reader reads it: no markup, links as their text, one line (remembered for
    the process: the preview regenerates unchanged texts on every edit)."""
    # Each pattern only where the character every match holds is in the text: Python's
    # expressions try each position of a Chinese text in turn, ~50 ns a character, and most
    # case texts have no link, tag or emphasis (2.2 s of case documents at 10,000 cases).
    text = WIKILINK.sub(lambda m: m.group(2) or m.group(1), markdown) if "[[" in markdown else markdown
    if "<" in text:
        text = _HTML.sub("", text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    # Bars replaced apart from the line marks (the same text as one pattern with both, which
    # Python's expressions try at every character: 0.21 → 0.13 s for 10,000 cases' texts), and
    # white space collapsed by str.split (the same characters as \s: 0.30 → 0.07 s).
    text = _BLOCK.sub(" ", text)
    if "|" in text:
        text = text.replace("|", " ")
    if "*" in text or "_" in text or "`" in text or "{" in text:
        text = _INLINE.sub("", text)
    return " ".join(text.split())


@dataclass
class Doc:
    """One searchable page."""

    url: str
    """Site path of the page, e.g. ``library/cases/linli-zhongxin.html``."""
    title: str
    """Shown as the result's heading."""
    kind: int
    """One of CASE … SITE; lower ranks first."""
    names: tuple[str, ...] = ()
    """Title and aliases: a query equal to one of them puts the page first; read in pinyin."""
    fields: list[tuple[str, int]] = field(default_factory=list)
    """(text, weight) pairs to segment into words."""
    text: str = ""
    """Plain text the result's passage is cut from."""

    def texts(self) -> Iterator[str]:
        """The texts of :attr:`fields` the index splits into words (the empty ones have none)."""
        return (text for text, _ in self.fields if text)


def _page_url(rel: str) -> str:
    return f"{GENERATED_DIR}/{rel[:-3]}.html"


_CASE_DOCS: dict[str, tuple[Case, Doc]] = {}
"""Case file → (the case, its document), kept for the process: the preview (``make serve``
regenerates in one process) makes documents again only for cases an edit changed (validation
returns the very same case object for an unchanged file)."""


def case_doc(case: Case) -> Doc:
    """A case's document (remembered for the process by the case)."""
    return remembered(_CASE_DOCS, case.path, (case,), lambda: _make_case_doc(case))


def _make_case_doc(case: Case) -> Doc:
    summary = plain(case.summary)
    body = [plain(text) for head, text in case.sections.items() if head != "概要"]
    labels = " ".join((*case.tags, *case.categories, case.level, case.region_label, *case.actors))
    doc = Doc(_page_url(f"cases/{case.slug}.md"), case.title, CASE, case.names,
              [(case.title, TITLE), *((a, ALIAS) for a in case.aliases), (labels, LABEL),
               (summary, SUMMARY), *((b, BODY) for b in body)],
              " ".join((summary, *body)))
    return doc


def case_texts(library: Library) -> Iterator[str]:
    """The texts of the case documents, as the index splits them (the bulk of every text it
    splits; each case's document is made once and kept, so :func:`documents` reuses it)."""
    return (text for case in library.cases for text in case_doc(case).texts())


def documents(library: Library, pages: dict[str, str], docs_dir: Path) -> list[Doc]:
    """Every searchable page, in a stable order."""
    out: list[Doc] = [case_doc(case) for case in library.cases]
    for entry in library.glossary:
        definition = plain(entry.definition)
        out.append(Doc(_page_url(f"glossary/{entry.slug}.md"), entry.term, TERM,
                       (entry.term, *entry.aliases),
                       [(entry.term, TITLE), *((a, ALIAS) for a in entry.aliases),
                        (definition, SUMMARY)], definition))
    for kind, folder, terms in ((TAG, "tags", library.tags), (CATEGORY, "categories", library.categories)):
        for term in terms:
            if f"{folder}/{term.slug}.md" not in pages:
                continue   # unused terms have no page
            out.append(Doc(_page_url(f"{folder}/{term.slug}.md"), term.name, kind,
                           (term.name, *term.aliases),
                           [(term.name, TITLE), *((a, ALIAS) for a in term.aliases),
                            (term.description, SUMMARY)], plain(term.description)))
    for src in library.sources:
        summary = plain(src.summary)
        out.append(Doc(_page_url(f"sources/{src.slug}.md"), src.title, SOURCE, (src.title,),
                       [(src.title, TITLE), (summary, SUMMARY)], summary))
    out += _site_pages(pages, docs_dir)
    return out


_FRONT_TITLE = re.compile(r'^title:\s*"?(.*?)"?\s*$', re.MULTILINE)
_H1 = re.compile(r"^#\s+(.+)$", re.MULTILINE)
SKIPPED = {"print.md"}
"""Pages that repeat every case (打印全部案例) are not search results."""


def _title(markdown: str, fallback: str) -> str:
    found = _FRONT_TITLE.search(markdown.split("\n---", 1)[0]) if markdown.startswith("---") else None
    found = found or _H1.search(markdown)
    return found.group(1).strip() if found else fallback


def _site_pages(pages: dict[str, str], docs_dir: Path) -> list[Doc]:
    """Index and help pages: found by their titles (and hand-written ones by their text)."""
    out = []
    for rel, markdown in sorted(pages.items()):
        if "/" in rel or rel.startswith("_") or rel in SKIPPED:
            if not rel.endswith("/index.md"):
                continue
        title = _title(markdown, rel)
        out.append(Doc(_page_url(rel), title, SITE, (title,), [(title, TITLE)], ""))
    for path in sorted(docs_dir.glob("*.md")):
        markdown = path.read_text("utf-8")
        body = markdown.split("\n---", 1)[1] if markdown.startswith("---") else markdown
        title = "首页" if path.name == "index.md" else _title(markdown, path.stem)
        text = plain(re.sub(r"--8<--.*", "", body))
        out.append(Doc(f"{path.stem}.html", title, SITE, (title,), [(title, TITLE), (text, BODY)], text))
    return out
