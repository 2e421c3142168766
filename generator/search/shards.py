"""Postings and pinyin keys, written as small script files that load only as a query needs them.

Layout under ``library/search/`` (every file is one call ``__hb.<kind>(<JSON>, …);`` — the
worker runs it with ``importScripts`` or a ``<script>`` tag from ``file://``, and served reads
the arguments with ``JSON.parse``, so the same files work everywhere):

``meta.js``
    always loaded: document count, which shards exist (and which are split),
    which words have a ready-made answer, the Traditional → Simplified map for
    characters the index holds.
``z/<hex>.js``
    every word starting with one Chinese character, with its postings; when that
    is too large, only the one-character word, and the words of each second
    character are in ``z/<hex>-<hex>.js``.
``p/<ab>.js``, ``p/<a>.js``
    Latin and digit keys (pinyin of names, initials, numbers) by their first
    two letters; one-letter files hold the names' keys for a first keystroke.
``x/<n>.js``
    address, title, kind and plain text (for the passage) of one document.
``a/<hex>-<hex>….js``
    the finished answer to a one-word query whose word has many documents
    (:mod:`.answers`): one file instead of one per result.

Postings are ``[doc, weight, doc - previous doc, weight, …]``. A weight of
:data:`EXACT` or more means the key is one of the document's names (as written, or in full
pinyin).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from .. import pinyin
from . import answers
from .documents import BODY, KIND_LABELS, SITE, Doc
from .segment import Segmenter, normalize

EXACT = 1000
"""Added to a key that is a whole name (title, alias, their full pinyin or initials)."""
INITIALS_WHOLE = 500
"""A name's whole initials: strong, but not the top tier — xqdzb is the initials of a tag, a
term and the case 小区党支部“拆—转—建” alike, and the case should come first."""
PINYIN_SUFFIX, INITIALS_SUFFIX = 20, 15
"""Weight of a name's later syllables (zhongxin in linlizhongxin) and later initials (zx)."""
BODY_CAP = 10
"""A word repeated more than this in one text counts no more."""
MAX_POSTINGS = 2000
"""Documents kept per key, the best-weighted: a word in nearly every case (社区 at 10,000 cases)
ranks no better for listing them all, and its file would outweigh everything else a query loads."""
SPLIT_BYTES = 48_000
"""A first-character file larger than this is split by the second character (z/<a>-<b>.js)."""
TEXT_CAP = 1200
"""Characters of a document's text kept for passages."""
WORKER = Path(__file__).with_name("worker.js")

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_QUERY_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
"""What the worker keeps of a query (worker.js ``TOKEN``): Chinese runs and Latin/digit words."""


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def shard_of(key: str) -> str:
    """The file a key lives in (without ``.js``)."""
    if is_cjk(key[0]):
        return f"z/{ord(key[0]):x}"
    return f"p/{key[:2]}"


def name_key(name: str) -> str:
    """A name as a whole query reaches it: “3344”党建工作法 → 3344党建工作法."""
    return "".join(_QUERY_TOKEN.findall(normalize(name)))


def _pinyin_keys(name: str) -> Iterable[tuple[str, int]]:
    """Full pinyin and initials of a name, whole and from each later syllable."""
    syllables = pinyin.syllables(name)
    initials = pinyin.initial_list(name)
    for start in range(len(syllables)):
        key = "".join(syllables[start:])
        if key:
            yield key, EXACT if start == 0 else PINYIN_SUFFIX
    for start in range(len(initials) - 1):
        key = "".join(initials[start:])
        if len(key) >= 2:
            yield key, INITIALS_WHOLE if start == 0 else INITIALS_SUFFIX


_MEMO: dict[str, tuple[Counter[str], list[tuple[str, list[str]]]]] = {}
"""Document fingerprint → (its weights, its texts' words): kept for the process, so the preview
(``make serve`` regenerates in one process) weighs again only the documents an edit changed."""


def doc_weights(doc: Doc, segmenter: Segmenter) -> Counter[str]:
    """Key → weight for one document (remembered for the process, by content and dictionary)."""
    fingerprint = hashlib.sha1(json.dumps([segmenter.salt, doc.kind, doc.names, doc.fields],
                                          ensure_ascii=False).encode()).hexdigest()
    known = _MEMO.get(fingerprint)
    if known is not None:
        segmenter.keep(known[1])
        return known[0]
    texts = segmenter.used_since()
    weights = _weigh(doc, segmenter)
    if len(_MEMO) > 200_000:
        _MEMO.clear()
    _MEMO[fingerprint] = (weights, texts())
    return weights


def _weigh(doc: Doc, segmenter: Segmenter) -> Counter[str]:
    weights: Counter[str] = Counter()
    for text, weight in doc.fields:
        if not text:
            continue
        words = segmenter.words(text)
        if weight == BODY:
            for word, count in Counter(words).items():
                weights[word] += min(count, BODY_CAP)
        else:
            for word in set(words):
                weights[word] += weight
    for name in doc.names:
        key = name_key(name)
        if key:
            weights[key] += EXACT
        if doc.kind != SITE:
            for key, weight in _pinyin_keys(name):
                weights[key] = max(weights[key], weight)
    return weights


@functools.lru_cache(maxsize=1)
def _traditional_pairs() -> tuple[tuple[str, str], ...]:
    """(Traditional, Simplified) for every CJK character OpenCC's t2s changes."""
    import opencc

    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        return ()
    return tuple((t, s) for t, s in zip(chars, converted) if len(s) == 1 and s != t)


def _js(call: str, *args: object) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"__hb.{call}({body});\n"


def _postings(docs: dict[int, int]) -> list[int]:
    if len(docs) > MAX_POSTINGS:
        best = sorted(docs, key=lambda d: (-docs[d], d))[:MAX_POSTINGS]
        docs = {d: docs[d] for d in best}
    out: list[int] = []
    previous = 0
    for doc in sorted(docs):
        out += [doc - previous, min(docs[doc], 99999)]
        previous = doc
    return out


def _parts(name: str, keys: dict[str, list[int]]) -> dict[str, dict[str, list[int]]]:
    """A large first-character shard as one file per second character (the first keeps the
    one-character word)."""
    parts: dict[str, dict[str, list[int]]] = defaultdict(dict)
    parts[name] = {}
    for key, entry in keys.items():
        parts[name if len(key) == 1 else f"{name}-{ord(key[1]):x}"][key] = entry
    return parts


def index_files(docs: list[Doc], segmenter: Segmenter) -> dict[str, str]:
    """Every file of the index (and the worker), keyed by path under the generated tree.

    *docs* must be in kind order: the worker tells a document's kind by its number.
    """
    if any(a.kind > b.kind for a, b in zip(docs, docs[1:])):
        raise ValueError("search documents must be sorted by kind")
    postings: dict[str, dict[int, int]] = defaultdict(dict)
    for number, doc in enumerate(docs):
        for key, weight in doc_weights(doc, segmenter).items():
            postings[key][number] = weight
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for key in sorted(postings):
        entry = _postings(postings[key])
        shards[shard_of(key)][key] = entry
        if not is_cjk(key[0]) and (len(key) == 1 or max(postings[key].values()) >= INITIALS_WHOLE):
            shards[f"p/{key[0]}"][key] = entry   # first keystroke: names only
    files: dict[str, str] = {}
    split: dict[str, str] = {}
    zh_files: dict[str, dict[str, list[int]]] = {}
    for name, keys in sorted(shards.items()):
        text = _js("shard", name, keys)
        if name.startswith("z/") and len(text.encode()) > SPLIT_BYTES:
            split[chr(int(name[2:], 16))] = "".join(sorted({k[1] for k in keys if len(k) > 1}))
            for part, part_keys in _parts(name, keys).items():
                zh_files[part] = part_keys
                files[f"{part}.js"] = _js("shard", part, part_keys)
        else:
            files[f"{name}.js"] = text
            if name.startswith("z/"):
                zh_files[name] = keys
    starts = [next((i for i, d in enumerate(docs) if d.kind >= kind), len(docs))
              for kind in range(len(KIND_LABELS))]
    keyed = {name: hashlib.sha1(f"{starts}{files[name + '.js']}".encode()).hexdigest() for name in zh_files}
    answered = answers.answers(zh_files, docs, [d.text[:TEXT_CAP] for d in docs], EXACT, keyed)
    for key, items in answered.items():
        files[f"{answers.path(key)}.js"] = _js("answer", key, items)
    for number, doc in enumerate(docs):
        files[f"x/{number}.js"] = _js("doc", number, [doc.url, doc.title, doc.kind, doc.text[:TEXT_CAP]])
    chars = {c for key in postings for c in key if is_cjk(c)}
    t2s = {t: s for t, s in _traditional_pairs() if s in chars}
    zh = "".join(sorted(chr(int(name[2:], 16)) for name in shards if name.startswith("z/")))
    latin = sorted(name[2:] for name in shards if name.startswith("p/"))
    version = hashlib.sha1("".join(files[k] for k in sorted(files)).encode()).hexdigest()[:12]
    files["meta.js"] = _js("meta", {"version": version, "count": len(docs),
                                    "starts": starts, "zh": zh, "split": split,
                                    "answered": ",".join(sorted(answered)),
                                    "latin": latin, "t2s": t2s, "kinds": KIND_LABELS,
                                    "exact": EXACT, "results": answers.MAX_RESULTS,
                                    "passages": answers.PASSAGES})
    files["worker.js"] = WORKER.read_text("utf-8")
    return files
