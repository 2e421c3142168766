"""Did-you-mean suggestions, by characters and by pinyin.

A contributor who types 邻理中心 for 邻里中心 gets a suggestion both ways: the
characters are close, and the pinyin is identical (a typical input-method
slip). Used by validation and by wikilink resolution.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from . import pinyin


def suggest(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """Up to *limit* candidates close to *word*; same-pinyin matches first."""
    pool = list(dict.fromkeys(candidates))
    if not pool:
        return []
    target = pinyin.full(word)
    by_sound = [c for c in pool if target and pinyin.full(c) == target and c != word]
    by_chars = difflib.get_close_matches(word, pool, n=limit, cutoff=0.5)
    if len(by_chars) < limit and target:
        by_pinyin = {pinyin.full(c): c for c in pool}
        for hit in difflib.get_close_matches(target, list(by_pinyin), n=limit, cutoff=0.75):
            by_chars.append(by_pinyin[hit])
    return list(dict.fromkeys(by_sound + by_chars))[:limit]


def hint(word: str, candidates: Iterable[str], fallback: str = "") -> str:
    """A ready hint: ``是不是“邻里中心”？`` or *fallback*."""
    found = suggest(word, candidates)
    if found:
        return "是不是" + " 或 ".join(f"“{c}”" for c in found) + "？"
    return fallback
