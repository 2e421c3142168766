"""Two libraries in, the list of what changed out: no formatting, no Git.

Cases are matched by slug (their address). A slug that disappears while
another appears is a rename when the new case lists the old slug in
``previous_slugs``, or keeps the title, or keeps every section word for
word; otherwise it is a removal plus an addition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..link import wikilinks
from ..model import Case, Figure, Library
from ..schema import FIELDS

COMPARED_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.name not in ("slug", "figures", "draft"))
"""Front-matter fields compared one by one (figures are compared item by item)."""


@dataclass(frozen=True)
class FieldChange:
    """One front-matter field whose value changed."""

    name: str
    before: str
    after: str


@dataclass(frozen=True)
class FigureChange:
    """One figure added, removed or changed (matched by ``what``)."""

    what: str
    before: Figure | None
    after: Figure | None


@dataclass
class CaseChange:
    """A case present before and after (same slug, or renamed)."""

    before: Case
    after: Case
    fields: list[FieldChange] = field(default_factory=list)
    sections_added: list[str] = field(default_factory=list)
    sections_removed: list[str] = field(default_factory=list)
    sections_changed: list[str] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)

    @property
    def renamed(self) -> bool:
        """The address changed."""
        return self.before.slug != self.after.slug

    @property
    def empty(self) -> bool:
        return not (self.renamed or self.fields or self.sections_added or self.sections_removed
                    or self.sections_changed or self.figures)


@dataclass(frozen=True)
class Dangling:
    """A ``related`` entry or ``[[link]]`` that names no page."""

    case: Case
    kind: str
    """``related`` or ``link``."""
    target: str
    line: int


@dataclass
class Changes:
    """Everything a reviewer is told about one pull request."""

    added: list[Case] = field(default_factory=list)
    removed: list[Case] = field(default_factory=list)
    changed: list[CaseChange] = field(default_factory=list)
    """Cases with changes, renamed ones included."""
    terms_added: dict[str, list[str]] = field(default_factory=dict)
    """Vocabulary (类别, 标签, 层级, 术语, 来源) → names new in the head."""
    terms_removed: dict[str, list[str]] = field(default_factory=dict)
    terms_changed: dict[str, list[str]] = field(default_factory=dict)
    """Vocabulary → names whose description (glossary: definition or aliases; source: title or summary) changed."""
    dangling: list[Dangling] = field(default_factory=list)
    """Links and related cases that point nowhere in the head but did not before."""
    lost_addresses: list[str] = field(default_factory=list)
    """Case slugs with a page before and neither a page nor a forwarding page after."""

    @property
    def renamed(self) -> list[CaseChange]:
        return [c for c in self.changed if c.renamed]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or any(self.terms_added.values())
                    or any(self.terms_removed.values()) or any(self.terms_changed.values()) or self.dangling
                    or self.lost_addresses)


def show(value: object) -> str:
    """A field value as a reviewer reads it: lists joined with 、, empty as （空）."""
    if value in (None, "", (), []):
        return "（空）"
    if isinstance(value, (tuple, list)):
        return "、".join(_item(v) for v in value)
    return str(value)


def _item(value: object) -> str:
    source = getattr(value, "source", None)
    if source is not None:
        passage = getattr(value, "passage", "")
        return f"{source}（{passage}）" if passage else str(source)
    return str(value)


def _value(case: Case, name: str) -> object:
    if name == "related":
        return tuple(ref for ref, _line in case.related_refs)
    if name == "region":
        return case.region_label
    return getattr(case, name)


def compare_case(before: Case, after: Case) -> CaseChange:
    """Field by field, section by section, figure by figure."""
    change = CaseChange(before, after)
    for name in COMPARED_FIELDS:
        old, new = _value(before, name), _value(after, name)
        if old != new:
            change.fields.append(FieldChange(name, show(old), show(new)))
    for title, text in after.sections.items():
        if title not in before.sections:
            change.sections_added.append(title)
        elif before.sections[title].strip() != text.strip():
            change.sections_changed.append(title)
    change.sections_removed = [t for t in before.sections if t not in after.sections]
    old_figures = {f.what: f for f in before.figures}
    new_figures = {f.what: f for f in after.figures}
    for what, fig in new_figures.items():
        if what not in old_figures:
            change.figures.append(FigureChange(what, None, fig))
        elif old_figures[what] != fig:
            change.figures.append(FigureChange(what, old_figures[what], fig))
    change.figures += [FigureChange(w, f, None) for w, f in old_figures.items() if w not in new_figures]
    return change


def _same_practice(before: Case, after: Case) -> bool:
    return (before.slug in after.previous_slugs or before.title == after.title
            or (bool(before.sections) and before.sections == after.sections))


def _names(library: Library) -> set[str]:
    names: set[str] = set()
    for case in library.cases:
        names.update((*case.names, case.slug, *case.previous_slugs))
    for entry in library.glossary:
        names.update((entry.term, *entry.aliases))
    return names


def dangling(library: Library) -> list[Dangling]:
    """Every ``related`` entry and ``[[link]]`` that names no case or glossary term."""
    names = _names(library)
    found = []
    for case in library.cases:
        for ref, line in case.related_refs:
            if ref not in names:
                found.append(Dangling(case, "related", ref, line))
        for target, _label, line in wikilinks(case):
            if target not in names:
                found.append(Dangling(case, "link", target, line))
    return found


def _terms(library: Library) -> dict[str, dict[str, str]]:
    """Vocabulary name → {entry name: content compared for changes}."""
    return {
        "类别": {t.name: t.description for t in library.categories},
        "标签": {t.name: t.description for t in library.tags},
        "层级": {t.name: t.description for t in library.levels},
        "术语": {g.term: g.definition + "\0" + "\0".join(g.aliases) for g in library.glossary},
        "来源": {s.id: s.title + "\0" + s.summary for s in library.sources},
    }


def compare(base: Library, head: Library) -> Changes:
    """What *head* changes in *base*."""
    out = Changes()
    old = {c.slug: c for c in base.cases}
    new = {c.slug: c for c in head.cases}
    gone = [old[s] for s in old if s not in new]
    fresh = [new[s] for s in new if s not in old]
    for slug in old.keys() & new.keys():
        change = compare_case(old[slug], new[slug])
        if not change.empty:
            out.changed.append(change)
    for before in list(gone):
        match = next((after for after in fresh if _same_practice(before, after)), None)
        if match is not None:
            gone.remove(before)
            fresh.remove(match)
            out.changed.append(compare_case(before, match))
    out.added, out.removed = fresh, gone
    position = head.position
    out.changed.sort(key=lambda c: position.get(c.after.slug, 0))
    before_terms, after_terms = _terms(base), _terms(head)
    for kind, names in after_terms.items():
        out.terms_added[kind] = [n for n in names if n not in before_terms[kind]]
        out.terms_removed[kind] = [n for n in before_terms[kind] if n not in names]
        out.terms_changed[kind] = [n for n, text in names.items()
                                   if n in before_terms[kind] and before_terms[kind][n] != text]
    known = {(d.case.slug, d.kind, d.target) for d in dangling(base)}
    out.dangling = [d for d in dangling(head) if (d.case.slug, d.kind, d.target) not in known]
    kept = set(new) | {s for c in head.cases for s in c.previous_slugs}
    had = list(old) + [s for c in base.cases for s in c.previous_slugs]
    out.lost_addresses = sorted({s for s in had if s not in kept})
    return out
