"""Link glossary terms at their first mention in a case body.

Runs on a case's Markdown before wikilinks are turned into links. Text that
must not change is skipped: headings, fenced and inline code, existing
links and wikilinks, raw HTML tags, and longer names that merely contain a
term (业委会 inside 红色业委会 is not a mention of 业委会).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Linker:
    """Finds glossary mentions; one instance serves the whole library."""

    pattern: re.Pattern[str]
    """Protected spans, names and terms in one alternation, longest first."""
    terms: dict[str, str]
    """Term or alias → glossary slug."""

    @classmethod
    def build(cls, terms: dict[str, str], names: Iterable[str]) -> "Linker":
        words = sorted({*terms, *names}, key=lambda w: (-len(w), w))
        protected = [
            r"^[ \t]{0,3}#{1,6}[ \t][^\n]*$",       # headings
            r"^(?:```|~~~)[^\n]*\n.*?^(?:```|~~~)[ \t]*$",  # fenced code
            r"`[^`\n]+`",                         # inline code
            r"\[\[[^\]\n]*\]\]",                  # wikilinks
            r"!?\[[^\]\n]*\]\([^)\n]*\)",         # Markdown links and images
            r"<[^>\n]+>",                         # raw HTML tags
        ]
        alternation = "|".join(protected)
        if words:
            alternation += "|(?P<word>" + "|".join(re.escape(w) for w in words) + ")"
        return cls(re.compile(alternation, re.M | re.S), terms)

    def link(self, text: str, skip: set[str], href) -> tuple[str, set[str]]:  # type: ignore[no-untyped-def]
        """Link the first mention of each term not in *skip* (slugs already linked).

        *href(slug)* gives the link target. Returns the new text and the set
        of slugs linked so far (pass it back in for the next section).
        """
        linked = set(skip)

        def replace(match: re.Match[str]) -> str:
            word = match.group("word") if "word" in match.re.groupindex else None
            if not word or word not in self.terms:
                return match.group(0)
            slug = self.terms[word]
            if slug in linked:
                return word
            linked.add(slug)
            return f"[{word}]({href(slug)})"

        return self.pattern.sub(replace, text), linked
