"""Finished answers to one-word queries whose word is in many documents.

A query for a common word (社区, 党员) lists twenty documents. Built in the reader's
browser, that list needs each document's title and text: twenty small files, a request
each, which cost more than everything else the query does (about 130 ms of 160 served at
1,000 cases). So for every Chinese word found in at least :data:`ANSWER_MIN` documents the
generator ranks them exactly as the worker would for a query of that one word — read as the
reader may still be typing it, so longer words it starts count half (worker.js ``match``) —
and writes the finished list: address, title, kind, whether the word is the page's name,
whether the page's text holds it, and the passage under the result. meta.js lists the
answered words, so such a query loads that one file and nothing else, instead of two index
files and twenty documents. ``tests/test_search_browser.py`` checks that both ways give
the same list, item for item.

Everything here mirrors worker.js (``match``, ``rank``, ``order``, ``passage``, ``present``);
change both together.
"""

from __future__ import annotations

import hashlib
import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence

from .documents import SITE, Doc

MAX_RESULTS = 20
"""Results listed for a query (sent to the worker in meta.js)."""
PASSAGES = 10
"""Results shown with a passage (the first screen); the rest show their title."""
ANSWER_MIN = 4
"""Fewest documents for which a word gets a finished answer: below this the worker loads the
few documents' files itself."""
PREFIX_FACTOR = 0.5
"""Weight of a longer word the query starts (社区 → 社区党委) against the word itself."""
PASSAGE_BEFORE, PASSAGE_LENGTH = 30, 90
"""A passage starts this many characters before the first match and is this long."""


def path(key: str) -> str:
    """The answer file of a word, without ``.js``: its characters' code points in hex."""
    return "a/" + "-".join(f"{ord(c):x}" for c in key)


def decode(entry: Sequence[int]) -> dict[int, int]:
    """``[doc, weight, delta, weight, …]`` → doc → weight."""
    out: dict[int, int] = {}
    doc = 0
    for i in range(0, len(entry), 2):
        doc += entry[i]
        out[doc] = entry[i + 1]
    return out


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le", "surrogatepass")


def passage(text: str, word: str) -> str:
    """worker.js ``passage`` for a one-word query, counted in UTF-16 units as JavaScript does."""
    units, lower = _utf16(text), _utf16(text.lower())
    found = lower.find(_utf16(word)) if word else -1
    while found > 0 and found % 2:          # a match must start on a code unit
        found = lower.find(_utf16(word), found + 1)
    at = found // 2 if found >= 0 else 0
    start = max(0, at - PASSAGE_BEFORE)
    end = start + PASSAGE_LENGTH
    cut = units[2 * start:2 * end].decode("utf-16-le", "surrogatepass")
    return ("…" if start > 0 else "") + cut + ("…" if end < len(units) // 2 else "")


def _is_cjk_word(key: str) -> bool:
    return all("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in key)


def rank(key: str, keys: Mapping[str, dict[int, int]], ordered: Sequence[str], exact: int,
         kinds: Sequence[int]) -> tuple[int, list[tuple[int, bool]]]:
    """How many documents a one-word query finds, and the first :data:`MAX_RESULTS` of them as
    (doc, is one of its names), in the worker's order.

    *keys* are the words of the file *key* lives in (the only ones the worker sees for it) with
    their decoded postings, *ordered* the same words sorted, so the longer words *key* starts
    follow it. *kinds* are the documents' kinds in order (sorted: the worker tells a document's
    kind by its number), given once for all the words of a library: looking up each scored
    document's kind was a third of ranking 1,000 words at 10,000 cases.
    """
    own = keys[key]
    scores: dict[int, float] = {doc: float(weight) for doc, weight in own.items()}
    for at in range(bisect_right(ordered, key), len(ordered)):
        longer = ordered[at]
        if not longer.startswith(key):
            break
        for doc, weight in keys[longer].items():
            score = weight * PREFIX_FACTOR
            if doc not in scores or scores[doc] < score:
                scores[doc] = score
    first_site = bisect_left(kinds, SITE)   # site pages are numbered last
    site = [d for d in scores if d >= first_site] if scores and max(scores) >= first_site else []
    if len(site) < len(scores):          # site pages only when nothing else matches
        for d in site:
            del scores[d]
    first = heapq.nsmallest(MAX_RESULTS, ((-(own.get(d, 0) >= exact), kinds[d], -score, d)
                                          for d, score in scores.items()))
    return len(scores), [(d, bool(-named)) for named, _kind, _score, d in first]


_MEMO: dict[str, tuple[dict[str, list[list[object]]], dict[int, str]]] = {}
"""A file's words and postings → (its answers, the fingerprint of each document they show), kept
for the process: after an edit the preview ranks again only files whose words or shown
documents changed."""


def _doc_print(doc: Doc, text: str) -> str:
    fields = (doc.url, doc.title, doc.kind, text)
    known = _PRINTS.get(id(doc))
    if known is not None and known[0] is doc and known[1] == fields:
        return known[2]
    found = hashlib.sha1("\0".join((doc.url, doc.title, str(doc.kind), text)).encode()).hexdigest()
    if len(_PRINTS) > 100_000:
        _PRINTS.clear()
    _PRINTS[id(doc)] = (doc, fields, found)
    return found


_PRINTS: dict[int, tuple[Doc, tuple[str, str, int, str], str]] = {}
"""id(document) → (the document, what was hashed, its fingerprint): an unchanged document is the
very object of the last run, and comparing its fields (the same strings) costs far less than
hashing its text again. The document is held, so its id is not reused while it is here."""


def answers(files: Mapping[str, Mapping[str, Sequence[int]]], docs: Sequence[Doc], texts: Sequence[str],
            exact: int, keyed: Mapping[str, str] | None = None) -> dict[str, list[list[object]]]:
    """Word → finished answer, for every Chinese word of the ``z/`` files with enough documents.

    *files* maps each ``z/`` file (split ones by part) to its words and postings; *texts* are the
    documents' texts as the worker has them; *keyed* maps a file to a digest of its words and
    postings (its text), for reusing an earlier run's answers. An item is ``[doc, address,
    title, kind, is a name (0/1), text or title holds the word (0/1), passage or ""]``.
    """
    out: dict[str, list[list[object]]] = {}
    prints: dict[int, str] = {}
    kinds = [doc.kind for doc in docs]

    def doc_print(doc: int) -> str:
        if doc not in prints:
            prints[doc] = _doc_print(docs[doc], texts[doc])
        return prints[doc]

    for name, encoded in files.items():
        digest = (keyed or {}).get(name)
        memo_key = f"{ANSWER_MIN},{MAX_RESULTS},{PASSAGES},{exact}:{digest}"
        known = _MEMO.get(memo_key) if digest else None
        if known is not None and all(doc < len(docs) and doc_print(doc) == p for doc, p in known[1].items()):
            out.update(known[0])
            continue
        mine = _answers_of(encoded, docs, texts, exact, kinds)
        out.update(mine)
        if digest:
            shown = {int(item[0]) for items in mine.values() for item in items}  # type: ignore[call-overload]
            if len(_MEMO) > 50_000:   # a long preview session: start again rather than grow
                _MEMO.clear()
            _MEMO[memo_key] = (mine, {doc: doc_print(doc) for doc in shown})
    return out


def _answers_of(encoded: Mapping[str, Sequence[int]], docs: Sequence[Doc], texts: Sequence[str],
                exact: int, kinds: Sequence[int]) -> dict[str, list[list[object]]]:
    out: dict[str, list[list[object]]] = {}
    keys = {key: decode(entry) for key, entry in encoded.items()}
    ordered = sorted(keys)
    for key in ordered:
        if not _is_cjk_word(key):
            continue
        after = bisect_right(ordered, key)
        if len(keys[key]) < ANSWER_MIN and not (after < len(ordered) and ordered[after].startswith(key)):
            continue   # too few documents, and no longer word to add any
        count, ranked = rank(key, keys, ordered, exact, kinds)
        if count < ANSWER_MIN:
            continue
        items: list[list[object]] = []
        for position, (doc, is_name) in enumerate(ranked):
            info, text = docs[doc], texts[doc]
            holds = key in (info.title + text).lower()
            items.append([doc, info.url, info.title, info.kind, int(is_name), int(holds),
                          passage(text, key) if position < PASSAGES else ""])
        out[key] = items
    return out
