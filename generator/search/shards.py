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
    address, title, kind and plain text (for the passage) of the :data:`DOC_PACK` documents
    numbered from ``n × DOC_PACK``: one file per document made a large library's output ten
    thousand files larger, and making a file costs this machine's kind ~0.5–1 ms whatever it holds.
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
import pickle
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .. import pinyin
from . import answers
from .documents import BODY, KIND_LABELS, SITE, Doc
from .segment import Segmenter, for_sending, normalize, received

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
DOC_PACK = 8
"""Documents per ``x/`` file: a query listing 20 results loads at most 20 files of ~30 KB."""
WORKER = Path(__file__).with_name("worker.js")

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_QUERY_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
"""What the worker keeps of a query (worker.js ``TOKEN``): Chinese runs and Latin/digit words."""


def is_cjk(char: str) -> bool:
    return bool(_CJK.match(char))


def _cjk_chars(key: str) -> set[str]:
    """The Chinese characters of a key (counted in :attr:`_State.chars`)."""
    return {c for c in key if is_cjk(c)}


def _post(postings: dict[str, dict[int, int]], number: int, weights: dict[str, int]) -> list[str]:
    """Add document *number*'s *weights* to *postings*; returns the keys new to them."""
    new = []
    for key, weight in weights.items():
        entry = postings.get(key)
        if entry is None:
            entry = postings[key] = {}
            new.append(key)
        entry[number] = weight
    return new


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


def doc_weights(doc: Doc, segmenter: Segmenter,
                remember: bool = True) -> tuple[Counter[str], list[tuple[str, list[str]]]]:
    """Key → weight for one document, and its texts' (cache key, words) (remembered for the
    process, by content and dictionary, unless *remember* is false: a build from nothing made
    apart weighs each document once, and fingerprinting them all took ~0.3 s at 10,000 cases)."""
    if not remember:
        texts = segmenter.used_since()
        return _weigh(doc, segmenter), texts()
    fingerprint = _fingerprint(doc, segmenter.salt)
    known = _MEMO.get(fingerprint)
    if known is not None:
        segmenter.keep(known[1])
        return known
    texts = segmenter.used_since()
    weights = _weigh(doc, segmenter)
    if len(_MEMO) > 200_000:
        _MEMO.clear()
    _MEMO[fingerprint] = (weights, texts())
    return _MEMO[fingerprint]


def _fingerprint(doc: Doc, salt: str) -> str:
    """What a document's weights depend on, hashed: each text length-prefixed, so two different
    documents never feed the hash the same bytes. (Encoding the document as JSON first took
    2.4 s at 10,000 cases.)"""
    digest = hashlib.sha1(f"{salt}\0{_settings()}\0{doc.kind}\0{len(doc.names)}".encode())
    for name in doc.names:
        data = name.encode()
        digest.update(b"%d:" % len(data) + data)
    for text, weight in doc.fields:
        data = text.encode()
        digest.update(b"%d,%d:" % (weight, len(data)) + data)
    return digest.hexdigest()


def _weigh(doc: Doc, segmenter: Segmenter) -> Counter[str]:
    # Written for speed (every document of a build from nothing: ~5 million words at 10,000
    # cases): the words are added into a plain dict (whose item assignment Python specialises,
    # a Counter's it does not), a body text's counts whole, and only the few words repeated more
    # than BODY_CAP times taken back down — 2 times faster than adding min(count, BODY_CAP) to
    # a Counter word by word.
    total: dict[str, int] = {}
    get = total.get
    for text, weight in doc.fields:
        if not text:
            continue
        words = segmenter.words(text)
        if weight == BODY:
            counts = Counter(words)
            for word, count in counts.items():
                total[word] = get(word, 0) + count
            for word in [word for word, count in counts.items() if count > BODY_CAP]:
                total[word] -= counts[word] - BODY_CAP
        else:
            for word in set(words):
                total[word] = get(word, 0) + weight
    weights = Counter(total)
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
    """One call of the worker's, its arguments as compact JSON (orjson: the same text as the
    standard library's ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` for what the
    index holds — strings, numbers, lists and maps with string keys — in a quarter of the time:
    the 3,472 files, 54 MB, of 10,000 cases in 0.07 s against 0.31 s)."""
    body = b",".join(orjson.dumps(a) for a in args).decode()
    return f"__hb.{call}({body});\n"


def _best(docs: dict[int, int]) -> dict[int, int]:
    """The :data:`MAX_POSTINGS` best-weighted of *docs*, the lowest numbers first among equal
    weights (what sorting by weight, then number, keeps). Weights are few and small, so the
    documents are chosen by the weight where the count runs out, not sorted: the 522 keys of
    10,000 cases with more documents than that (3.2 million postings) 0.84 → 0.47 s."""
    if len(docs) <= MAX_POSTINGS:
        return dict(docs)
    counts = Counter(docs.values())
    kept = 0
    for weight in sorted(counts, reverse=True):
        if kept + counts[weight] >= MAX_POSTINGS:
            break
        kept += counts[weight]
    chosen = {doc: w for doc, w in docs.items() if w > weight}
    for doc in sorted(doc for doc, w in docs.items() if w == weight)[:MAX_POSTINGS - kept]:
        chosen[doc] = weight
    return chosen


def _postings(docs: dict[int, int]) -> list[int]:
    if len(docs) > MAX_POSTINGS:
        docs = _best(docs)
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


@dataclass
class _State:
    """One run's index, kept so the next run in the same process changes only what differs."""

    salt: str
    """The dictionary's salt and :func:`_settings`: a state made with other ones starts again."""
    docs: list[Doc]
    weights: list[Counter[str] | None]
    """Each document's key → weight; None where not kept (a state restored from the memos, which
    leave them out: at 10,000 cases 43 MB and 1.2–1.6 s of the save, and the postings hold the
    same numbers), worked out from the postings by :func:`_fill_weights` when an edit needs them."""
    texts: list[list[Any]]
    """Each document's (text key, words), to keep them in the word cache without looking up;
    only the keys once pickled (see :meth:`__getstate__`)."""
    postings: dict[str, dict[int, int]] = field(default_factory=dict)
    shards: dict[str, dict[str, list[int]]] = field(default_factory=lambda: defaultdict(dict))
    """Shard name → key → encoded postings (before splitting)."""
    files: dict[str, str] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    """File → sha1 of its text (for the version and the answers' memo)."""
    parts: dict[str, list[str]] = field(default_factory=dict)
    """First-character shard → the z/ files it is written as (itself, or its parts)."""
    zh: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    """z/ file → its keys (what the worker sees in it; the answers are ranked from these)."""
    split: dict[str, str] = field(default_factory=dict)
    chars: Counter[str] = field(default_factory=Counter)
    """Chinese character → keys holding it (for the Traditional map)."""
    answers: dict[str, list[list[object]]] = field(default_factory=dict)
    ahead: list[Doc] = field(default_factory=list)
    """Documents weighed by :func:`weigh_ahead`, not yet indexed (only until :func:`index_files`)."""

    def __getstate__(self) -> dict[str, object]:
        """Pickled (:mod:`generator.memos`) without the words, which the word cache holds, and
        without the weights, which the postings hold."""
        state = dict(self.__dict__)
        state["weights"] = [None] * len(self.weights)
        state["texts"] = [[text[0] if isinstance(text, tuple) else text for text in texts]
                          for texts in self.texts]
        return state


class Pickled:
    """A state as the process that made the index apart pickled it, with this process's documents.

    Unpickled only where it is used: by the next run in this process (:func:`last_state`) or
    when the memos are read. The memos pickle it as it is, so a build from nothing neither
    unpickles it on the way to the memos (0.7 s at 10,000 cases), nor pickles it again. The
    index's files, which the build has received already, are kept beside it, not in it: pickled
    and sent a second time, they made the build wait ~0.5 s longer at its end.
    """

    def __init__(self, data: bytes, docs: list[Doc], files: dict[str, str]) -> None:
        self.data = data
        self.docs = docs
        self.files = files

    def state(self) -> _State:
        return _unpickled(self.data, self.docs, self.files)

    def __reduce__(self) -> tuple[Any, tuple[bytes, list[Doc], dict[str, str]]]:
        return _unpickled, (self.data, self.docs, self.files)


def _unpickled(data: bytes, docs: list[Doc], files: dict[str, str]) -> _State:
    """The state in *data* with *docs* and *files*, the documents it was made from and the files
    it made (not pickled with it: this process has them already)."""
    state = pickle.loads(data)
    if not isinstance(state, _State):
        raise TypeError("not the state of a search index")
    state.docs = docs
    state.files = files
    return state


_LAST: list[_State | Pickled] = []
"""The last run's state: ``make serve`` regenerates in one process, and an edit to one case then
re-weighs that case, re-encodes the keys whose postings changed and rewrites only their shards
(and the answers of those shards). A run whose document list differs in length or kinds starts
from nothing; ``tests/test_incremental.py`` compares every file with a fresh process's."""


def last_state() -> _State | None:
    """The last run's state (unpickled now if it came pickled), or None."""
    if not _LAST:
        return None
    last = _LAST[0]
    if isinstance(last, Pickled):
        last = _LAST[0] = last.state()
    return last


def _settings() -> tuple[object, ...]:
    """This module's numbers that shape the files: a state made with others is not reused."""
    return (EXACT, INITIALS_WHOLE, PINYIN_SUFFIX, INITIALS_SUFFIX, BODY_CAP, MAX_POSTINGS, SPLIT_BYTES, TEXT_CAP)


def weigh_ahead(docs: list[Doc], segmenter: Segmenter,
                claim: Callable[[int], bool] = lambda number: True) -> _State:
    """The postings of the first documents of a build from nothing, for :func:`index_files` to
    finish when it has them all (the search index made apart, :mod:`.apart`, weighs the cases
    while the pages that make the other documents are rendered). Documents are weighed in order
    while *claim* gives them: the build, done rendering, weighs the last ones
    (:func:`weigh_last`, added by :func:`take_part`) until the two meet."""
    state = _State(f"{segmenter.salt} {_settings()}", [], [Counter() for _ in docs], [[] for _ in docs])
    weighed: list[int] = []

    def claimed() -> Iterator[int]:
        for number in range(len(docs)):
            if not claim(number):
                return
            weighed.append(number)
            yield number

    _reweigh(state, docs, claimed(), list(state.weights), segmenter, ahead=True)
    del state.weights[len(weighed):], state.texts[len(weighed):]
    state.ahead = docs[:len(weighed)]
    return state


@dataclass
class Part:
    """The last documents, weighed by another process (:func:`weigh_last`): their postings and
    each one's texts (in order)."""

    first: int
    """The number of the first of them."""
    postings: dict[str, dict[int, int]]
    texts: list[list[tuple[str, str | list[str]]]]
    """Each document's (text key, words), the words joined (:func:`.segment.for_sending`: millions
    of short strings pickle and unpickle ~3 times slower than a few thousand long ones)."""


def weigh_last(docs: list[Doc], segmenter: Segmenter, claim: Callable[[int], bool]) -> Part:
    """The documents from the last backwards while *claim* gives them, weighed, for the process
    that weighs the first ones (:func:`weigh_ahead`) to add (:func:`take_part`): as postings, which
    it merges key by key instead of adding each document's keys one by one.

    The postings are made as each document is weighed, not once the two processes meet: the
    other waited for them (~0.35 s at 10,000 cases), and so did the pages this one renders
    next. They are the postings of weighing the documents in order; only the order in which keys
    and documents were added differs, which no file shows (every file sorts them)."""
    postings: dict[str, dict[int, int]] = {}
    texts: list[list[tuple[str, str | list[str]]]] = []
    number = len(docs) - 1
    while number >= 0 and claim(number):
        weights, split = doc_weights(docs[number], segmenter, remember=False)
        _post(postings, number, weights)
        texts.append([(key, for_sending(words)) for key, words in split])
        number -= 1
    texts.reverse()
    return Part(number + 1, postings, texts)


def take_part(ahead: _State, docs: list[Doc], part: Part, segmenter: Segmenter) -> None:
    """Add to what :func:`weigh_ahead` made the documents another process weighed, which follow
    them: the same postings, characters and texts as had it weighed them itself (their weights
    are left out, as the memos leave them: :func:`_fill_weights` works them out if ever needed)."""
    if len(ahead.ahead) != part.first:
        raise ValueError("the documents weighed elsewhere must follow those weighed ahead")
    postings, chars = ahead.postings, ahead.chars
    for key, entry in part.postings.items():
        kept = postings.get(key)
        if kept is None:
            postings[key] = entry
            chars.update(_cjk_chars(key))
        else:
            kept.update(entry)
    segmenter.split_elsewhere(key for texts in part.texts for key, _ in texts)
    ahead.weights += [None] * len(part.texts)
    ahead.texts += [segmenter.keep([(key, received(sent)) for key, sent in texts]) for texts in part.texts]
    ahead.ahead = docs[:part.first + len(part.texts)]


def index_files(docs: list[Doc], segmenter: Segmenter, ahead: _State | None = None) -> dict[str, str]:
    """Every file of the index (and the worker), keyed by path under the generated tree.

    *docs* must be in kind order: the worker tells a document's kind by its number. *ahead* is
    what :func:`weigh_ahead` made of the first of them (the very same objects), or None.
    """
    if any(a.kind > b.kind for a, b in zip(docs, docs[1:])):
        raise ValueError("search documents must be sorted by kind")
    last = last_state()
    salt = f"{segmenter.salt} {_settings()}"
    first = 0
    old_weights: list[Counter[str] | None]
    if ahead is not None and ahead.salt == salt and len(ahead.ahead) <= len(docs) \
            and all(a is b for a, b in zip(ahead.ahead, docs)):
        state, first = ahead, len(ahead.ahead)
        changed = list(range(first, len(docs)))
        state.weights += [Counter() for _ in changed]
        state.texts += [[] for _ in changed]
        old_weights = list(state.weights)
        ahead.ahead = []
    elif (last is None or last.salt != salt or len(last.docs) != len(docs)
            or any(a.kind != b.kind for a, b in zip(last.docs, docs))):
        state = _State(salt, [], [], [])
        changed = list(range(len(docs)))
        old_weights = [Counter() for _ in docs]
    else:
        state = last
        changed = [n for n, (a, b) in enumerate(zip(last.docs, docs))
                   if a.names != b.names or a.fields != b.fields]
        _fill_weights(state, changed)
        old_weights = list(state.weights)
        unchanged = set(range(len(docs))) - set(changed)
        for n in unchanged:
            state.texts[n] = segmenter.keep(state.texts[n])
    _LAST[:] = []   # a run that fails half-way must not leave a half-updated state behind
    touched = _reweigh(state, docs, changed, old_weights, segmenter)
    if first:   # the documents weighed ahead: every key is new
        touched.update(state.postings)
    texts_changed = [n for n, (a, b) in enumerate(zip(state.docs, docs))
                     if (a.url, a.title, a.kind, a.text) != (b.url, b.title, b.kind, b.text)] \
        if state.docs else list(range(len(docs)))
    state.docs = list(docs)
    _write_shards(state, touched)
    _write_answers(state, docs)
    for pack in sorted({number // DOC_PACK for number in texts_changed}):
        start = pack * DOC_PACK
        _put(state, f"x/{pack}.js", _js("doc", start, [[doc.url, doc.title, doc.kind, doc.text[:TEXT_CAP]]
                                                       for doc in docs[start:start + DOC_PACK]]))
    _write_meta(state, docs)
    _LAST[:] = [state]
    return dict(state.files)


FEW_WEIGHTS = 16
"""Up to this many documents' weights are worked out one by one from the postings (a pass over
every key each, ~40 ms at 10,000 cases); more at once, by one pass over every posting (~2 s)."""


def _fill_weights(state: _State, numbers: list[int]) -> None:
    """Work out the weights the memos left out for the documents *numbers*, from the postings."""
    missing = [n for n in numbers if state.weights[n] is None]
    if not missing:
        return
    postings = state.postings
    if len(missing) <= FEW_WEIGHTS:
        for number in missing:
            state.weights[number] = Counter({key: entry[number] for key, entry in postings.items()
                                             if number in entry})
        return
    found: dict[int, Counter[str]] = {number: Counter() for number in missing}
    for key, entry in postings.items():
        for number, weight in entry.items():
            if (weights := found.get(number)) is not None:
                weights[key] = weight
    for number, weights in found.items():
        state.weights[number] = weights


def _reweigh(state: _State, docs: list[Doc], changed: Iterable[int], old: list[Counter[str] | None],
             segmenter: Segmenter, ahead: bool = False) -> set[str]:
    """Update the postings of the *changed* documents; returns the keys whose postings changed.
    *ahead*: for :func:`weigh_ahead`, whose *changed* are claimed one at a time (nothing is split
    ahead for them) and whose every key counts as changed (:func:`index_files` takes them all):
    nothing is prefetched, remembered or returned."""
    touched: set[str] = set()
    if len(state.weights) != len(docs):
        state.weights = [Counter() for _ in docs]
        state.texts = [[] for _ in docs]
    if not ahead:
        segmenter.prefetch(text for number in changed for text in docs[number].texts())
    postings = state.postings
    for number in changed:
        weights, state.texts[number] = doc_weights(docs[number], segmenter, remember=not ahead)
        before = old[number]
        assert before is not None   # filled in by index_files
        if weights == before:
            continue
        for key in before.keys() - weights.keys():
            kept = postings[key]
            del kept[number]
            if not kept:
                del postings[key]
                state.chars.subtract(_cjk_chars(key))
            touched.add(key)
        # A new document (every one, from nothing) has nothing to compare: all its keys go in.
        new = {key: weight for key, weight in weights.items() if before.get(key) != weight} if before else weights
        for key in _post(postings, number, new):
            state.chars.update(_cjk_chars(key))
        if not ahead:
            touched.update(new)
        state.weights[number] = weights
    return touched


def _put(state: _State, path: str, text: str) -> None:
    if state.files.get(path) != text:
        state.files[path] = text
        state.digests[path] = hashlib.sha1(text.encode()).hexdigest()


def _drop(state: _State, path: str) -> None:
    state.files.pop(path, None)
    state.digests.pop(path, None)


def _write_shards(state: _State, touched: set[str]) -> None:
    """Re-encode the *touched* keys and rewrite the shards holding them."""
    names: set[str] = set()
    for key in touched:
        entry = state.postings.get(key)
        home = shard_of(key)
        names.add(home)
        if entry is None:
            state.shards[home].pop(key, None)
        else:
            state.shards[home][key] = _postings(entry)
        if not is_cjk(key[0]):   # first keystroke: names only
            first = f"p/{key[0]}"
            if entry is not None and (len(key) == 1 or max(entry.values()) >= INITIALS_WHOLE):
                state.shards[first][key] = state.shards[home][key]
                names.add(first)
            elif state.shards.get(first, {}).pop(key, None) is not None:
                names.add(first)
    for name in sorted(names):
        keys = dict(sorted(state.shards.get(name, {}).items()))
        for part in state.parts.pop(name, []):
            _drop(state, f"{part}.js")
            state.zh.pop(part, None)
        if name.startswith("z/"):
            state.split.pop(chr(int(name[2:], 16)), None)
        if not keys:
            state.shards.pop(name, None)
            _drop(state, f"{name}.js")
            continue
        state.shards[name] = keys
        text = _js("shard", name, keys)
        if name.startswith("z/") and len(text.encode()) > SPLIT_BYTES:
            state.split[chr(int(name[2:], 16))] = "".join(sorted({k[1] for k in keys if len(k) > 1}))
            _drop(state, f"{name}.js")
            parts = _parts(name, keys)
            for part, part_keys in parts.items():
                _put(state, f"{part}.js", _js("shard", part, part_keys))
            state.parts[name] = list(parts)
            state.zh.update(parts)
        else:
            _put(state, f"{name}.js", text)
            if name.startswith("z/"):
                state.parts[name] = [name]
                state.zh[name] = keys


def _starts(docs: list[Doc]) -> list[int]:
    return [next((i for i, d in enumerate(docs) if d.kind >= kind), len(docs)) for kind in range(len(KIND_LABELS))]


def _write_answers(state: _State, docs: list[Doc]) -> None:
    """The ready-made answers of every z/ file (reused where the file and its documents are)."""
    starts = _starts(docs)
    zh_files = dict(sorted(state.zh.items()))
    keyed = {name: hashlib.sha1(f"{starts}{state.digests[name + '.js']}".encode()).hexdigest()
             for name in zh_files}
    answered = answers.answers(zh_files, docs, [d.text[:TEXT_CAP] for d in docs], EXACT, keyed)
    for key in state.answers.keys() - answered.keys():
        _drop(state, f"{answers.path(key)}.js")
    for key, items in answered.items():
        if state.answers.get(key) is not items:
            _put(state, f"{answers.path(key)}.js", _js("answer", key, items))
    state.answers = answered


def _write_meta(state: _State, docs: list[Doc]) -> None:
    t2s = {t: s for t, s in _traditional_pairs() if state.chars[s] > 0}
    zh = "".join(sorted(chr(int(name[2:], 16)) for name in state.shards if name.startswith("z/")))
    latin = sorted(name[2:] for name in state.shards if name.startswith("p/"))
    version = hashlib.sha1("".join(f"{k}\0{state.digests[k]}\n" for k in sorted(state.files)
                                   if k not in ("meta.js", "worker.js")).encode()).hexdigest()[:12]
    state.files["meta.js"] = _js("meta", {"version": version, "count": len(docs),
                                          "starts": _starts(docs), "zh": zh, "split": state.split,
                                          "answered": ",".join(sorted(state.answers)),
                                          "latin": latin, "t2s": t2s, "kinds": KIND_LABELS,
                                          "exact": EXACT, "results": answers.MAX_RESULTS,
                                          "passages": answers.PASSAGES, "pack": DOC_PACK})
    state.files["worker.js"] = WORKER.read_text("utf-8")
