"""Finding existing cases that a document describes in its own words.

Speeches rarely use the handbook's names: a page may tell how a community
turned a spare room into a place where residents grow vegetables that the
secretary sells in a live stream, and never say 邻里中心. A reader still sees
that it is the same practice. This module does what the reader does, with
words instead of understanding: every case gets a profile of the words of
its title, aliases, tags, categories, the glossary terms it links and its
body text; each paragraph of the document is compared with every profile,
and words that few cases use count for much more than common ones (shared
jieba words weighted by rarity, i.e. tf-idf cosine similarity).

A match must be clearly better than chance: a minimum similarity, several
shared distinctive words, and a lead over the next-best case. The words and
the paragraphs that carried the match are kept, so the report can show why
a page was taken for a case; a contributor judges the rest.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import pinyin
from ..model import Case, GlossaryEntry
from . import words as wordlists
from .clean import MARKED
from .detect import Found, Known, Mention, Practice, normalise

FIELD_WEIGHTS = {"title": 3.0, "aliases": 3.0, "tags": 2.0, "glossary": 2.0, "own_definition": 2.0,
                 "categories": 1.0, "body": 1.0}
"""How much a word counts in a profile by where the case has it: names say most.

``own_definition`` is the glossary definition of a term in the case's own
name (后进支部 is an alias of 软弱涣散党组织): it describes the practice itself.
"""

MIN_SIMILARITY = 0.18
"""Least cosine similarity between a paragraph and a case profile."""
MIN_SHARED = 3
"""Least number of distinct distinctive words a paragraph shares with the case."""
MIN_LEAD = 1.3
"""The best case must beat the runner-up by this factor; otherwise the paragraph is ambiguous."""
CLEAR_SIMILARITY = 0.3
"""A similarity this high is a match even when a close relative scores nearly as well
(三卡制度 and 在职党员双重组织生活 share most of their words; the best one is still taken)."""
MIN_PARAGRAPH = 24
"""Shorter paragraphs (headings, salutations) are not compared."""

_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
_LINK = re.compile(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")


@functools.lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    """Words too common in this field to tell practices apart (generator/importer/words.yml)."""
    return frozenset(wordlists.load()["similar_stopwords"])


@functools.lru_cache(maxsize=4)
def _tokenizer(names: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """A private jieba tokenizer that keeps the handbook's names whole.

    Without them jieba cuts 社区社会组织 into 社区/社会/组织, three common
    words, and the one word that tells the practice apart is lost.
    """
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for name in names:
        tokenizer.add_word(name, freq=2000)
    return tokenizer


_NUMBER = re.compile(r"(?<![\d.])\d{3,}(?![\d.])")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def tokens(text: str, names: tuple[str, ...] = ()) -> list[str]:
    """Content words of *text*: jieba words of two or more Han characters, minus stop words.

    A name the tokenizer keeps whole (调解志愿者) also yields its ordinary
    words (调解, 志愿者), so a page that says them apart still shares them.
    Numbers of three or more digits count as words too (figures carry over
    exactly from a source to its case: 3000 volunteers is evidence), years
    do not.
    """
    stop = _stopwords()
    out: list[str] = []
    for word in (_tokenizer(names).cut(text) if names else pinyin.words(text)):
        if not _HAN_WORD.match(word) or word in stop:
            continue
        out.append(word)
        if names and len(word) >= 4:
            out += [w for w in pinyin.words(word) if w != word and _HAN_WORD.match(w) and w not in stop]
    out += [n for n in _NUMBER.findall(text) if not _YEAR.match(n)]
    return out


@dataclass
class Profile:
    """The weighted words of one case."""

    case: Case
    weights: dict[str, float]
    norm: float = 0.0
    name_words: frozenset[str] = frozenset()
    """Words of the case's names (title, aliases, tags, glossary terms), not only of its body."""


@dataclass
class Index:
    """Case profiles and word rarities over the whole library."""

    profiles: list[Profile]
    idf: dict[str, float]
    names: tuple[str, ...] = ()
    """Names kept whole by the tokenizer (titles, aliases, tags, glossary terms)."""


_NAME_PIECE = re.compile(r"[\u4e00-\u9fff]{3,}")


def _names(cases: list[Case], glossary: list[GlossaryEntry]) -> tuple[str, ...]:
    """Han runs of three or more characters from the tags and glossary terms."""
    found: set[str] = set()
    for case in cases:
        for name in case.tags:
            found.update(_NAME_PIECE.findall(name))
    for entry in glossary:
        for name in (entry.term, *entry.aliases):
            found.update(_NAME_PIECE.findall(name))
    return tuple(sorted(found))


def _name_words(case: Case, glossary: dict[str, GlossaryEntry], names: tuple[str, ...]) -> frozenset[str]:
    """Words of what a case is called: title, aliases, tags, and the glossary terms it links or is."""
    texts = [case.title, *case.aliases, *case.tags]
    body = "\n".join(case.sections.values())
    for term in _LINK.findall(body):
        if (entry := glossary.get(term.strip())) is not None:
            texts += [entry.term, *entry.aliases]
    for name, entry in glossary.items():
        if len(name) >= 3 and any(name in n for n in (case.title, *case.aliases)):
            texts += [entry.term, *entry.aliases]
    return frozenset(w for text in texts for w in tokens(text, names))


def _case_words(case: Case, glossary: dict[str, GlossaryEntry], names: tuple[str, ...]) -> Counter[str]:
    """Word counts of a case, each field weighted by :data:`FIELD_WEIGHTS`.

    The glossary entries a case links, or whose term is the case's own name,
    add their term and definition: the definition of 主题党日 says in plain
    words what a page describing the practice will say.
    """
    counts: Counter[str] = Counter()

    def add(text: str, weight: float) -> None:
        for word in tokens(text, names):
            counts[word] += weight  # type: ignore[assignment]

    add(case.title, FIELD_WEIGHTS["title"])
    for alias in case.aliases:
        add(alias, FIELD_WEIGHTS["aliases"])
    for tag in case.tags:
        add(tag, FIELD_WEIGHTS["tags"])
    for category in case.categories:
        add(category, FIELD_WEIGHTS["categories"])
    body = "\n".join(case.sections.values())
    linked = {e.term: e for e in (glossary.get(t.strip()) for t in _LINK.findall(body)) if e is not None}
    own = {e.term: e for name, e in glossary.items()
           if len(name) >= 3 and any(name in n for n in (case.title, *case.aliases))}
    for entry in {**linked, **own}.values():
        add(" ".join((entry.term, *entry.aliases)), FIELD_WEIGHTS["glossary"])
        add(entry.definition, FIELD_WEIGHTS["own_definition" if entry.term in own else "body"])
    add(_LINK.sub(lambda m: m.group(1), body), FIELD_WEIGHTS["body"])
    for figure in case.figures:
        add(f"{figure.what} {figure.value}", FIELD_WEIGHTS["body"])
    return counts


def build_index(cases: Iterable[Case], glossary: Iterable[GlossaryEntry]) -> Index:
    """Profiles of every published case, with idf computed over the cases."""
    cases = [case for case in cases if not case.draft]
    glossary = list(glossary)
    names = _names(cases, glossary)
    terms: dict[str, GlossaryEntry] = {}
    for entry in glossary:
        for name in (entry.term, *entry.aliases):
            terms[name] = entry
    counted = [(case, _case_words(case, terms, names)) for case in cases]
    df: Counter[str] = Counter()
    for _, counts in counted:
        df.update(counts.keys())
    total = len(counted) or 1
    idf = {word: math.log((total + 1) / (n + 0.5)) for word, n in df.items()}
    profiles = []
    for case, counts in counted:
        weights = {w: (1 + math.log(c)) * idf[w] if c >= 1 else c * idf[w] for w, c in counts.items()}
        profile = Profile(case, weights, math.sqrt(sum(v * v for v in weights.values())),
                          _name_words(case, terms, names))
        profiles.append(profile)
    return Index(profiles, idf, names)


@dataclass
class Match:
    """A case that a document describes, and what shows it."""

    case: Case
    paragraphs: list[int] = field(default_factory=list)
    """Indices of the paragraphs that describe it, best first."""
    words: list[str] = field(default_factory=list)
    """The shared words that weigh most, for the report."""
    score: float = 0.0


DISTINCTIVE_IDF = 1.5
"""A shared word counts towards :data:`MIN_SHARED` only if fewer than about a fifth of cases use it."""


def paragraph_scores(text: str, index: Index, ignore: Iterable[str] = ()
                     ) -> list[tuple[float, Profile, list[str]]]:
    """(similarity, profile, shared distinctive words) for every case, best first.

    Words inside *ignore* (the names of new practices the paragraph names)
    are left out: 红色物业 shares 红色 with 红色业委会, but a page that names
    its own practice is describing that one.
    """
    skip = [name for name in ignore if name]
    counts = Counter(w for w in tokens(MARKED.sub("", text), index.names)
                     if w in index.idf and not any(w in name for name in skip))
    if not counts:
        return []
    vector = {w: (1 + math.log(c)) * index.idf[w] for w, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    out = []
    for profile in index.profiles:
        shared = [w for w in vector if w in profile.weights]
        if not shared:
            continue
        dot = sum(vector[w] * profile.weights[w] for w in shared)
        similarity = dot / (norm * (profile.norm or 1.0))
        distinctive = sorted((w for w in shared if index.idf[w] >= DISTINCTIVE_IDF),
                             key=lambda w: -vector[w] * profile.weights[w])
        out.append((similarity, profile, distinctive))
    out.sort(key=lambda item: -item[0])
    return out


def match(paragraphs: list[str], index: Index, named: Iterable[str] = (),
          ignore: dict[int, list[str]] | None = None) -> list[Match]:
    """Cases described in *paragraphs*, in order of first paragraph.

    *named* holds slugs the document already names outright: they are found
    by name; a paragraph that matches one of them best is explained by it
    and yields nothing more (its runner-up is a relative, not a second
    practice). *ignore* maps a paragraph to the names of new practices it
    names: such a paragraph describes its own practice (the words it shares
    with a case are that practice's), so it is not compared at all. The
    paragraphs that match nothing clearly are then compared together once
    (:func:`_whole_page`).
    """
    found: dict[str, Match] = {}
    skip = set(named)
    unexplained: list[int] = []
    for number, paragraph in enumerate(paragraphs):
        if len(MARKED.sub("", paragraph)) < MIN_PARAGRAPH or (ignore or {}).get(number):
            continue
        scores = paragraph_scores(paragraph, index)
        if not scores or scores[0][1].case.slug in skip:
            continue  # nothing, or the paragraph is best explained by a case the page names
        best, profile, distinctive = scores[0]
        runner = scores[1][0] if len(scores) > 1 else 0.0
        clear = best >= CLEAR_SIMILARITY or (best >= MIN_SIMILARITY and best >= runner * MIN_LEAD)
        if len(distinctive) < MIN_SHARED or not clear:
            unexplained.append(number)
            continue
        item = found.setdefault(profile.case.slug, Match(profile.case))
        item.paragraphs.append(number)
        item.words = list(dict.fromkeys(item.words + distinctive))[:8]
        item.score = max(item.score, best)
    whole = _whole_page(paragraphs, index, skip | set(found), unexplained)
    if whole is not None:
        found[whole.case.slug] = whole
    return sorted(found.values(), key=lambda m: m.paragraphs[0])


PAGE_LEAD = 1.5
"""Lead the best case needs when the page is compared as a whole (a stricter bar than per paragraph)."""


def _whole_page(paragraphs: list[str], index: Index, taken: set[str], candidates: list[int]) -> Match | None:
    """One more case from the page taken as a whole, or None.

    A short news story may spread one practice over three sentences in
    three paragraphs, none of which says enough alone. The paragraphs that
    named no practice and were not explained by a case are compared
    together; the best case counts only with a clear lead, and its evidence
    is the paragraph that is most like it.
    """
    if not candidates:
        return None
    text = "\n".join(paragraphs[n] for n in candidates)
    scores = paragraph_scores(text, index)
    if not scores or scores[0][1].case.slug in taken:
        return None
    best, profile, distinctive = scores[0]
    runner = scores[1][0] if len(scores) > 1 else 0.0
    if best < MIN_SIMILARITY or best < runner * PAGE_LEAD or len(distinctive) < MIN_SHARED:
        return None
    slug = profile.case.slug
    own = [(next((s for s, p, _ in paragraph_scores(paragraphs[n], index) if p.case.slug == slug), 0.0), n)
           for n in candidates]
    return Match(profile.case, [max(own)[1]], distinctive[:8], best)


def add_matches(found: Found, paragraphs: list[str], index: Index) -> list[Match]:
    """Add the cases *paragraphs* describe without naming them to *found*; returns the matches.

    Each becomes a practice with evidence ``similar``: its mentions are the
    whole paragraphs that describe it, and :attr:`Practice.evidence` the
    shared words, so the report and source.md can show why.
    """
    named = {p.case.slug for p in found.existing if p.case is not None}
    ignore: dict[int, list[str]] = {}
    for practice in found.new:
        for mention in practice.mentions:
            ignore.setdefault(mention.paragraph, []).append(normalise(mention.text))
    matches = match(paragraphs, index, named, ignore)
    for item in matches:
        case = item.case
        known = Known(case.title, "case", case.slug, case.title, case.path)
        practice = Practice(case.title, normalise(case.title), "similar", case=known,
                            evidence=list(item.words))
        practice.mentions = [Mention(n, 0, len(paragraphs[n]), paragraphs[n]) for n in item.paragraphs]
        found.practices.append(practice)
    found.practices.sort(key=lambda p: min((m.paragraph, m.start) for m in p.mentions))
    return matches
