"""The handbook's data model: plain dataclasses, no I/O.

Validation turns raw front matter into these objects; after that nothing
changes them. What linking derives from the whole library (related cases,
backlinks, similar cases, the cases of each source and glossary entry) is in
:class:`generator.link.Graph`, not here; rendering reads both.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    """An entry of a controlled vocabulary (category, tag or level)."""

    name: str
    """Canonical name, as shown to readers."""
    description: str
    """One sentence shown on the term's page."""
    aliases: tuple[str, ...] = ()
    """Other spellings accepted in case files and mapped to ``name``."""
    slug: str = ""
    """URL name (pinyin), set when the vocabulary is loaded."""


@dataclass(frozen=True)
class Figure:
    """A number the source gives about a practice."""

    what: str
    """What is counted, e.g. 参与的在职党员."""
    value: float | int | None
    """The number; ``None`` when the source withheld it (未披露)."""
    unit: str
    """Unit, always present: 人, 户, 万元, % …"""
    approx: tuple[str, ...] = ()
    """Qualifiers the source writes around the number (约, 多, 余 …); empty when exact."""


@dataclass(frozen=True)
class Honour:
    """A selection or honour the source reports for a practice."""

    what: str
    """The title or selection, e.g. 疫情防控先进党组织."""
    who: str = ""
    """Who received it, as the source names them (X社区党委); empty if not said."""
    by: str = ""
    """Who awarded it (区委组织部); empty if not said."""
    round: str = ""
    """Which round, batch or year, as the source says; empty if not said."""


@dataclass(frozen=True)
class SourceRef:
    """Where in a source document a case comes from."""

    source: str
    """Source id (file name under data/sources/)."""
    passage: str
    """Location in the document, e.g. 第一个方面（二）."""


@dataclass
class Source:
    """A source document the cases are drawn from."""

    id: str
    """File name under data/sources/ without .md; used in case files."""
    title: str
    """The document's own title."""
    kind: str
    """讲话, 讲话汇编, 工作汇报 or 述职点评."""
    level: str
    """区, 街道, 镇 or 社区, as the text shows."""
    date: dt.date | None
    """Date the document itself states, if any."""
    published: dt.date | None
    """Date its web page says it was published (发布时间): not when anything in it happened."""
    file: str
    """Original file name of the document."""
    summary: str
    """Summary in the editors' own words (Markdown)."""
    path: str
    """Data file, for messages and edit links."""
    slug: str = ""
    """URL name."""


@dataclass
class GlossaryEntry:
    """A recurring term explained once and linked from the cases."""

    term: str
    """The term as written in the sources."""
    aliases: tuple[str, ...]
    """Other names for it."""
    definition: str
    """Short definition (Markdown)."""
    path: str
    """Data file, for messages and edit links."""
    slug: str = ""
    """URL name."""


@dataclass
class Case:
    """One case study, validated."""

    path: str
    """Data file relative to the project root, for messages and edit links."""
    slug: str
    """URL name: front-matter ``slug`` or the file name."""
    title: str
    """Name of the practice."""
    aliases: tuple[str, ...]
    """Other names of the same practice."""
    region: tuple[tuple[str, str], ...]
    """(part, name) pairs from province down to community; empty if unknown."""
    level: str
    """Canonical level name."""
    year: int | None
    """Year the source states, or None."""
    categories: tuple[str, ...]
    """Canonical category names, 1–3."""
    tags: tuple[str, ...]
    """Canonical tag names."""
    actors: tuple[str, ...]
    """Who carries the practice out."""
    figures: tuple[Figure, ...]
    """Numbers from the source."""
    sources: tuple[SourceRef, ...]
    """Where the case comes from."""
    related_refs: tuple[tuple[str, int], ...]
    """``related`` as written (reference, line); link resolves them into ``Graph.related``."""
    reviewed: dt.date | None
    """When the case was last checked against its sources."""
    draft: bool
    """Drafts are checked leniently and never published."""
    sections: dict[str, str]
    """Body sections by heading, Markdown, in file order."""
    section_lines: dict[str, int]
    """File line just before each section's (stripped) text: its heading, or the last blank line under it."""
    field_lines: dict[str, int] = field(default_factory=dict)
    """File line of each top-level front-matter field, for messages."""
    sector: tuple[str, ...] = ()
    """Canonical sector names (城市社区, 农村 …) where the source shows them."""
    implementer: str = ""
    """The body the source says carries the practice out; empty if not said."""
    honours: tuple[Honour, ...] = ()
    """Selections and honours the source reports."""
    limited: bool = False
    """The source only mentions the practice briefly: the page says 资料有限."""
    text_lines: dict[str, int] = field(default_factory=dict)
    """File line of each section's first non-blank line, for messages about its text."""
    previous_slugs: tuple[str, ...] = ()
    """Slugs the case was published under before; each old address sends readers on."""

    @property
    def names(self) -> tuple[str, ...]:
        """Title and aliases: every name the practice is known by."""
        return (self.title, *self.aliases)

    @property
    def region_label(self) -> str:
        """Region parts joined, e.g. ``X市 X街道 狮城社区``; empty if unknown."""
        return " ".join(name for _, name in self.region)

    @property
    def summary(self) -> str:
        """The 概要 section, used on index pages."""
        return self.sections.get("概要", "").strip()


@dataclass
class Library:
    """Everything read from data/, validated: the input of link and render."""

    cases: list[Case]
    """Published cases, sorted by pinyin of the title."""
    categories: list[Term]
    """Category vocabulary in file order."""
    tags: list[Term]
    """Tag vocabulary."""
    levels: list[Term]
    """Level vocabulary in file order."""
    sources: list[Source]
    """Source documents."""
    glossary: list[GlossaryEntry]
    """Glossary entries."""
    drafts: list[Case] = field(default_factory=list)
    """Draft cases: checked, never rendered."""

    def case(self, slug: str) -> Case:
        """The case with *slug* (raises KeyError)."""
        return self._by_slug[slug]

    @functools.cached_property
    def position(self) -> dict[str, int]:
        """Slug → place in pinyin order of titles, for sorting lists of cases."""
        return {c.slug: i for i, c in enumerate(self.cases)}

    @functools.cached_property
    def _by_slug(self) -> dict[str, Case]:
        """Slug → case; the library is not changed after validation."""
        return {c.slug: c for c in self.cases}

    @functools.cached_property
    def term_slugs(self) -> dict[tuple[str, str], str]:
        """(``tags`` or ``categories``, name) → page slug."""
        return {**{("tags", t.name): t.slug for t in self.tags},
                **{("categories", t.name): t.slug for t in self.categories}}

    @functools.cached_property
    def source_by_id(self) -> dict[str, Source]:
        """Source id → source document."""
        return {s.id: s for s in self.sources}
