"""Traditional-character spellings of names, for search.

Readers in some offices type Traditional characters; the handbook is written
in Simplified. OpenCC's phrase-aware conversion gives 鄰里中心 for 邻里中心
(character-by-character tools give the wrong 鄰裡).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable


@functools.lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    """*text* in Traditional characters."""
    return _converter().convert(text)


def traditional_terms(names: Iterable[str]) -> list[str]:
    """Traditional spellings of *names* that differ from the Simplified ones.

    Spaces inside a name are removed so that each name stays one search term.
    """
    out: dict[str, None] = {}
    for name in names:
        converted = traditional(name).replace(" ", "")
        if converted != name.replace(" ", ""):
            out.setdefault(converted, None)
    return list(out)
