"""Link glossary terms at their first mention in a case body.

Runs on a case's Markdown before wikilinks are turned into links. Text that
must not change is skipped: headings, fenced and inline code, existing
links and wikilinks, raw HTML tags, and longer names that merely contain a
term (业委会 inside 红色业委会 is not a mention of 业委会).

Terms are found with ``str.find`` rather than one big alternation: with
thousands of case names to protect, a regular expression of every name was
the generator's slowest step (3 s per 1,000 cases).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_PROTECTED = re.compile(r"(?=[ \t#`~\[!<])(?:" + "|".join([   # each starts with one of these:
    r"^[ \t]{0,3}#{1,6}[ \t][^\n]*$",                 # headings          one test per character
    # (of a text without them) instead of six: 0.8 s of a build from nothing at 10,000 cases
    r"^(?:```|~~~)[^\n]*\n.*?^(?:```|~~~)[ \t]*$",    # fenced code
    r"`[^`\n]+`",                                     # inline code
    r"\[\[[^\]\n]*\]\]",                              # wikilinks
    r"!?\[[^\]\n]*\]\([^)\n]*\)",                     # Markdown links and images
    r"<[^>\n]+>",                                     # raw HTML tags
]) + ")", re.M | re.S)


class Finder:
    """Which of some terms occur in a text, in one scan: ``{t for t in terms if t in text}``.

    One search over the text for all of them (an alternation, longest first, so that where
    several start at one place the longest is found there), then every term found brings the
    terms inside it: a term that occurs starts where some term found starts, and lies inside it.
    Testing each term with ``in`` took 0.8 s for the 50,000 sections of 10,000 cases and 47
    glossary names; this, 0.36 s.
    """

    def __init__(self, terms: Iterable[str]) -> None:
        given = set(terms)   # read once: *terms* may be an iterator
        words = sorted(given - {""}, key=lambda w: (-len(w), w))
        self._always = frozenset(given & {""})   # "" is in every text
        self._pattern = re.compile("|".join(map(re.escape, words))) if words else None
        self._within = {t: frozenset(u for u in words if u in t) for t in words}

    def present(self, text: str) -> frozenset[str] | set[str]:
        """The terms that occur in *text*."""
        if self._pattern is None:
            return self._always
        found = set(self._always)
        search, within = self._pattern.search, self._within
        match = search(text)
        while match is not None:
            found |= within[match.group()]
            match = search(text, match.start() + 1)
        return found


@dataclass(frozen=True)
class Linker:
    """Finds glossary mentions; one instance serves the whole library."""

    terms: dict[str, str]
    """Term or alias → glossary slug."""
    order: tuple[str, ...]
    """Terms, longest first, so 街道党工委 wins over 党工委 where both match."""
    finder: Finder
    """Which terms a text holds (:class:`Finder`), before any is looked for."""
    around: dict[str, tuple[tuple[int, int, frozenset[str]], ...]]
    """Term → the longer names (case titles, aliases, other terms) that contain it, grouped by
    where the term sits in them: (its offset in the name, the name's length, those names). A
    mention at *pos* is inside such a name when ``text[pos - offset:pos - offset + length]`` is
    one of them: a few set lookups per mention, where trying every containing name (thousands
    for a common term at 10,000 cases) took seconds."""

    @classmethod
    def build(cls, terms: dict[str, str], names: Iterable[str]) -> Linker:
        order = tuple(sorted(terms, key=lambda w: (-len(w), w)))
        longer = set(names) | set(terms)
        around: dict[str, tuple[tuple[int, int, frozenset[str]], ...]] = {}
        for term in order:
            groups: dict[tuple[int, int], set[str]] = {}
            for name in longer:
                if term in name and name != term:
                    offset = name.find(term)
                    while offset >= 0:   # every place, overlapping ones too (aa in aaa)
                        groups.setdefault((offset, len(name)), set()).add(name)
                        offset = name.find(term, offset + 1)
            around[term] = tuple((offset, length, frozenset(found))
                                 for (offset, length), found in sorted(groups.items()))
        return cls(terms, order, Finder(order), around)

    def _free(self, text: str, term: str, start: int, taken: list[tuple[int, int]]) -> int:
        """Position of the first unprotected mention of *term* at or after *start*, or -1."""
        pos = text.find(term, start)
        while pos >= 0:
            end = pos + len(term)
            if not any(a < end and pos < b for a, b in taken) and not any(
                    offset <= pos and text[pos - offset:pos - offset + length] in found
                    for offset, length, found in self.around[term]):
                return pos
            pos = text.find(term, pos + 1)
        return -1

    def link(self, text: str, skip: set[str], href: Callable[[str], str]) -> tuple[str, set[str]]:
        """Link the first mention of each term whose slug is not in *skip*.

        *href(slug)* gives the link target. Returns the new text and the set
        of slugs linked so far (pass it back in for the next section).
        """
        linked = set(skip)
        taken = [m.span() for m in _PROTECTED.finditer(text)]
        chosen: list[tuple[int, str]] = []
        present = self.finder.present(text)
        for term in self.order:
            if term not in present:
                continue
            slug = self.terms[term]
            if slug in linked:
                continue
            pos = self._free(text, term, 0, taken)
            if pos >= 0:
                linked.add(slug)
                chosen.append((pos, term))
                taken.append((pos, pos + len(term)))
        for pos, term in sorted(chosen, reverse=True):
            text = f"{text[:pos]}[{term}]({href(self.terms[term])}){text[pos + len(term):]}"
        return text, linked
