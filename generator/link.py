"""The whole-graph pass: everything that needs all cases at once.

Runs after validation and before rendering. It resolves ``related`` and
``[[wikilinks]]`` (reporting the ones that point at nothing, with
suggestions), makes related links two-way, collects backlinks, finds similar
cases, and builds the indexes by tag, category, level, region, year and
source. Everything it derives is returned in a :class:`Graph`; the library
itself is only read, never changed. Nothing here formats output.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from . import places
from .autolink import Finder
from .errors import DataError, Problems
from .memos import remembered, remembered_reporting
from .model import Case, Library
from .suggest import hint as did_you_mean
from .validate import SLUG_RE

WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
"""``[[target]]`` or ``[[target|label]]``."""

SIMILAR_LIMIT = 3
"""Most similar cases shown per case."""
SIMILAR_CANDIDATES = 200
"""Cases a single tag, category or actor offers as candidates (see :func:`_similar`)."""


@dataclass(frozen=True)
class Target:
    """Where a name points: a case or a glossary entry."""

    kind: str
    """``case`` or ``glossary``."""
    slug: str
    """The page's slug."""
    title: str
    """The page's title, used as link text when no label is given."""


@dataclass(frozen=True)
class Graph:
    """Everything linking found, for rendering: the library is not changed.

    Lists of cases are slugs in the library's pinyin order of titles (the
    ``similar`` lists: most similar first). The per-case, per-source and
    per-glossary-entry maps have a key for every published case, source and
    glossary entry, so readers can index them directly.
    """

    names: dict[str, Target]
    """Every title, alias, slug and glossary term → its page."""
    related: dict[str, list[str]] = field(default_factory=dict)
    """Case slug → slugs of related cases, both directions."""
    backlinks: dict[str, list[str]] = field(default_factory=dict)
    """Case slug → slugs of cases whose body links to it."""
    similar: dict[str, list[str]] = field(default_factory=dict)
    """Case slug → slugs of similar cases by shared tags, categories, actors (at most
    :data:`SIMILAR_LIMIT`, never the case itself or a related one), most similar first."""
    source_cases: dict[str, list[str]] = field(default_factory=dict)
    """Source id → slugs of the cases drawn from it, in library order."""
    glossary_cases: dict[str, list[str]] = field(default_factory=dict)
    """Glossary slug → slugs of the cases that mention it, linked or not."""
    by_tag: dict[str, list[str]] = field(default_factory=dict)
    by_category: dict[str, list[str]] = field(default_factory=dict)
    by_level: dict[str, list[str]] = field(default_factory=dict)
    by_region: dict[str, list[str]] = field(default_factory=dict)
    by_year: dict[int | None, list[str]] = field(default_factory=dict)
    glossary_backlinks: dict[str, list[str]] = field(default_factory=dict)
    """Glossary slug → slugs of cases that link to it with a wikilink."""


_LAST_NAMES: dict[None, tuple[tuple, tuple[dict[str, Target], list[DataError]]]] = {}
"""(inputs, (names, problems)) of the last :func:`name_index`: the preview (``make serve``
regenerates in one process) maps names again only when a name, slug or glossary entry changed."""


def name_index(library: Library, problems: Problems) -> dict[str, Target]:
    """Map every name to its page; a case name shadows a glossary term."""
    inputs = ([(e.slug, e.term, e.aliases, e.path) for e in library.glossary],
              [(c.slug, c.title, c.names, c.previous_slugs) for c in library.cases])
    return remembered_reporting(_LAST_NAMES, None, inputs, lambda mine: _name_index(library, mine), problems)


def _name_index(library: Library, problems: Problems) -> dict[str, Target]:
    names: dict[str, Target] = {}
    for entry in library.glossary:
        target = Target("glossary", entry.slug, entry.term)
        for name in (entry.term, *entry.aliases):
            if name in names and names[name] != target:
                problems.add(entry.path, 1, f"术语名称“{name}”与其他术语重复", "删掉其中一处别名")
            names[name] = target
    for case in library.cases:
        target = Target("case", case.slug, case.title)
        for name in (*case.names, case.slug):
            names[name] = target
    for case in library.cases:  # related: [old-slug] keeps working after a rename
        for old in case.previous_slugs:
            names.setdefault(old, Target("case", case.slug, case.title))
    return names


_WIKILINKS: dict[str, tuple[tuple, list[tuple[str, str | None, int]]]] = {}
"""Case file → (the case, its wikilinks), kept for the process (the preview reads only the texts
an edit changed; validation returns the very same case object for an unchanged file)."""


def wikilinks(case: Case) -> list[tuple[str, str | None, int]]:
    """(target, label, file line) of every wikilink in the case body."""
    return remembered(_WIKILINKS, case.path, (case,), lambda: _wikilinks(case))


def _wikilinks(case: Case) -> list[tuple[str, str | None, int]]:
    found = []
    for section, text in case.sections.items():
        first = case.text_lines.get(section) or case.section_lines.get(section, 1) + 1
        for match in WIKILINK.finditer(text):
            line = first + text.count("\n", 0, match.start())
            found.append((match.group(1).strip(), match.group(2), line))
    return found


def _resolve_related(library: Library, names: dict[str, Target], problems: Problems) -> dict[str, list[str]]:
    """Case slug → related slugs, both directions."""
    inputs = (names, [(case.slug, case.path, case.related_refs) for case in library.cases])   # in title order
    return remembered_reporting(_LAST_RELATED, None, inputs,
                                lambda mine: _related(library, names, mine), problems)


_LAST_RELATED: dict[None, tuple[tuple, tuple[dict[str, list[str]], list[DataError]]]] = {}
"""(inputs, (related, problems)) of the last :func:`_resolve_related`: the preview resolves
relations again only when a name, a relation or the order of titles changed."""


def _related(library: Library, names: dict[str, Target], problems: Problems) -> dict[str, list[str]]:
    declared: dict[str, set[str]] = defaultdict(set)
    for case in library.cases:
        for ref, line in case.related_refs:
            target = names.get(ref)
            if target is None or target.kind != "case":
                problems.add(case.path, line, f"related（相关案例）“{ref}”找不到",
                             did_you_mean(ref, [n for n, t in names.items()
                                                if t.kind == "case" and not SLUG_RE.match(n)],
                                          "写另一个案例的标题、别称或网址名"), field="related")
                continue
            if target.slug == case.slug:
                problems.add(case.path, line, "related（相关案例）不能指向自己", field="related")
                continue
            declared[case.slug].add(target.slug)
            declared[target.slug].add(case.slug)
    return {case.slug: _by_title(library, declared.get(case.slug, set())) for case in library.cases}


def _by_title(library: Library, slugs: set[str] | list[str]) -> list[str]:
    """Slugs in the library's pinyin order of titles (cases are already sorted)."""
    if not slugs:
        return []   # most cases: nothing to sort (20,000 calls per run at 10,000 cases)
    return sorted(set(slugs), key=library.position.__getitem__)


def _resolve_wikilinks(library: Library, names: dict[str, Target],
                       problems: Problems) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(case slug → backlinks, glossary slug → cases linking to it)."""
    # An unchanged case gives the very list of links it gave last time, so comparing costs little.
    inputs = (names, [(case.slug, case.path, wikilinks(case)) for case in library.cases])   # in title order
    return remembered_reporting(_LAST_WIKILINKS, None, inputs,
                                lambda mine: _backlinks(library, names, mine), problems)


_LAST_WIKILINKS: dict[None, tuple[tuple, tuple[tuple[dict[str, list[str]], dict[str, list[str]]],
                                               list[DataError]]]] = {}
"""(inputs, (backlinks, problems)) of the last :func:`_resolve_wikilinks`: the preview resolves
[[links]] again only when a name, some case's links or the order of titles changed."""


def _backlinks(library: Library, names: dict[str, Target],
               problems: Problems) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    backlinks: dict[str, set[str]] = defaultdict(set)
    glossary: dict[str, set[str]] = defaultdict(set)
    for case in library.cases:
        for ref, _label, line in wikilinks(case):
            target = names.get(ref)
            if target is None:
                problems.add(case.path, line, f"链接 [[{ref}]] 找不到对应的案例或术语",
                             did_you_mean(ref, [n for n in names if not SLUG_RE.match(n)],
                                          "写另一个案例的标题或别称，或术语表中的术语"))
            elif target.kind == "case" and target.slug != case.slug:
                backlinks[target.slug].add(case.slug)
            elif target.kind == "glossary":
                glossary[target.slug].add(case.slug)
    return ({case.slug: _by_title(library, backlinks.get(case.slug, set())) for case in library.cases},
            {k: _by_title(library, v) for k, v in glossary.items()})


def _similar(library: Library, related: dict[str, list[str]]) -> dict[str, list[str]]:
    """Case slug → similar slugs: score other cases by shared tags (2), categories (1) and actors (1).

    An inverted index keeps this linear: only cases sharing a feature are ever
    compared, and a feature shared by more than :data:`SIMILAR_CANDIDATES` cases
    (a tag on a third of a large library) offers only its first that many, in
    pinyin order of titles — counting every pair of a large library would grow
    with its square (4.9 s at 5,000 cases). Libraries where no feature is that
    common (the real one) get exactly the full count. Ties break by pinyin of
    the title, so output is stable.
    """
    inputs = (SIMILAR_LIMIT, SIMILAR_CANDIDATES,   # what _features() reads, as the case holds it
              [(case.slug, case.tags, case.categories, case.actors) for case in library.cases],
              {slug: slugs for slug, slugs in related.items() if slugs})
    return remembered(_LAST_SIMILAR, None, inputs, lambda: _score_similar(library, related))


def _score_similar(library: Library, related: dict[str, list[str]]) -> dict[str, list[str]]:
    """Similar cases (see :func:`_similar`), counted on sets of cases held as bits of integers.

    Bit *i* is the case at place *i* in title order. A feature's candidates (the first
    SIMILAR_CANDIDATES entries of its list, where a tag's case stands twice) are two such sets:
    the cases listed at least once and those listed twice. A case's scores are kept as binary
    digits, one set per digit, and adding a set is a carry through them; the best are then
    found digit by digit from the top, and among equals the lowest bit is the first in title
    order. A few dozen operations on 10,000-bit integers per case, where adding up every
    candidate in a Counter and ordering them through Python took 3 s at 10,000 cases (0.24 s
    now; tests/test_link.py keeps that count as the definition).
    """
    order = library.position
    listed: dict[tuple[str, str], list[str]] = defaultdict(list)
    for case in library.cases:
        for feature in _features(case):
            if len(listed[feature]) < SIMILAR_CANDIDATES:
                listed[feature].append(case.slug)
    sets: dict[tuple[str, str], list[int]] = {}
    for feature, slugs in listed.items():
        once = twice = 0
        for slug in slugs:
            bit = 1 << order[slug]
            if once & bit:
                twice |= bit
            once |= bit
        sets[feature] = [once, twice] if twice else [once]
    similar: dict[str, list[str]] = {}
    for case in library.cases:
        digits: list[int] = []   # digits[k]: the cases whose score has bit k set
        for feature in _features(case):
            for carry in sets[feature]:
                k = 0
                while carry:
                    if k == len(digits):
                        digits.append(carry)
                        break
                    digits[k], carry = digits[k] ^ carry, digits[k] & carry
                    k += 1
        left = 0
        for digit in digits:
            left |= digit
        for slug in (case.slug, *related.get(case.slug, ())):
            if slug in order:
                left &= ~(1 << order[slug])
        best: list[str] = []
        while left and len(best) < SIMILAR_LIMIT:
            top, score = left, 0
            for k in range(len(digits) - 1, -1, -1):   # the highest score among those left
                if top & digits[k]:
                    top &= digits[k]
                    score |= 1 << k
            if score < 2:
                break
            while top and len(best) < SIMILAR_LIMIT:   # equals in title order
                low = top & -top
                best.append(library.cases[low.bit_length() - 1].slug)
                top ^= low
                left ^= low
        similar[case.slug] = best
    return similar


_LAST_SIMILAR: dict[None, tuple[tuple, dict[str, list[str]]]] = {}
"""(inputs, result) of the last :func:`_similar`: the preview (``make serve`` regenerates in one
process) scores again only when a tag, category, actor, relation or the order of titles changed —
an edit to a case's text changes none of them."""


def _features(case: Case) -> list[tuple[str, str]]:
    """What similarity counts; a tag is listed twice so it weighs 2."""
    tags = [("tag", t) for t in case.tags]
    return tags + tags + [("category", c) for c in case.categories] + [("actor", a) for a in case.actors]


def _source_cases(library: Library) -> dict[str, list[str]]:
    """Source id → slugs of the cases drawn from it, in title order (one pass over the cases)."""
    found: dict[str, list[str]] = {src.id: [] for src in library.sources}
    for case in library.cases:
        for source in dict.fromkeys(ref.source for ref in case.sources):   # each case once per source
            if source in found:
                found[source].append(case.slug)
    return found


def _groups(library: Library) -> dict[str, dict]:
    """Case slugs by tag, category, level, region and year, in one pass over the cases."""
    by_tag: dict[str, list[str]] = defaultdict(list)
    by_category: dict[str, list[str]] = defaultdict(list)
    by_level: dict[str, list[str]] = defaultdict(list)
    by_region: dict[str, list[str]] = defaultdict(list)
    by_year: dict[int | None, list[str]] = defaultdict(list)
    for case in library.cases:
        slug = case.slug
        for tag in case.tags:
            by_tag[tag].append(slug)
        for category in case.categories:
            by_category[category].append(slug)
        by_level[case.level].append(slug)
        by_region[places.group_key(case)].append(slug)   # hidden places (X社区) are not names
        by_year[case.year].append(slug)
    return {"by_tag": dict(by_tag), "by_category": dict(by_category), "by_level": dict(by_level),
            "by_region": dict(by_region), "by_year": dict(by_year)}


def _glossary_mentions(library: Library, linked: dict[str, list[str]]) -> dict[str, list[str]]:
    """Glossary slug → every case that names the entry, linked (*linked*) or not."""
    terms = tuple((entry.slug, (entry.term, *entry.aliases)) for entry in library.glossary)
    finder = _finder(terms)
    mentions = [(case.slug, _mentions(case, terms, finder)) for case in library.cases]   # in title order

    def collect() -> dict[str, list[str]]:
        found: dict[str, set[str]] = {entry.slug: set(linked.get(entry.slug, ())) for entry in library.glossary}
        for slug, entries in mentions:
            for entry in entries:
                found[entry].add(slug)
        return {slug: _by_title(library, cases) for slug, cases in found.items()}
    # An unchanged case gives the very tuple it gave last time, so comparing costs little.
    return remembered(_LAST_MENTIONS, None, (terms, linked, mentions), collect)


_LAST_MENTIONS: dict[None, tuple[tuple, dict[str, list[str]]]] = {}
"""(inputs, result) of the last :func:`_glossary_mentions`: the preview collects the entries' cases
again only when some case's mentions, a [[link]] to an entry or the order of titles changed."""


_MENTIONS: dict[str, tuple[tuple, tuple[str, ...]]] = {}
"""Case path → (case, glossary names, entries its text names), kept for the process: the preview
searches again only the texts an edit changed (validation returns the same case when unchanged)."""


@functools.lru_cache(maxsize=2)
def _finder(terms: tuple[tuple[str, tuple[str, ...]], ...]) -> Finder:
    """The :class:`~generator.autolink.Finder` of every glossary name, kept while they stay."""
    return Finder(name for _, names in terms for name in names)


def _mentions(case: Case, terms: tuple[tuple[str, tuple[str, ...]], ...], finder: Finder) -> tuple[str, ...]:
    """Glossary slugs whose term or an alias occurs in the case's text (*finder*: of their names)."""
    def find() -> tuple[str, ...]:
        present = finder.present("\n".join(case.sections.values()))
        return tuple(slug for slug, names in terms if not present.isdisjoint(names))
    return remembered(_MENTIONS, case.path, (case, terms), find)


def link(library: Library, problems: Problems) -> Graph:
    """Resolve every reference and build the indexes (cases are in pinyin order).

    A pure function of *library* (problems aside): everything derived is in the
    returned graph; no case, source or glossary entry is changed.
    """
    names = name_index(library, problems)
    related = _resolve_related(library, names, problems)
    backlinks, glossary_backlinks = _resolve_wikilinks(library, names, problems)
    return Graph(
        names,
        related=related,
        backlinks=backlinks,
        similar=_similar(library, related),
        source_cases=_source_cases(library),
        glossary_cases=_glossary_mentions(library, glossary_backlinks),
        **_groups(library),
        glossary_backlinks=glossary_backlinks,
    )


def threads(case: Case, graph: Graph) -> list[tuple[str, list[str]]]:
    """相关案例, 提到本案例的页面, 相似案例: each case listed once, under the first that has it."""
    seen: set[str] = set()
    out = []
    for label, slugs in (("相关案例", graph.related[case.slug]),
                         ("提到本案例的页面", graph.backlinks[case.slug]),
                         ("相似案例", graph.similar[case.slug])):
        out.append((label, [s for s in slugs if s not in seen]))
        seen.update(slugs)
    return out
