"""Words of a text, with the same dictionary the query side sees, cached by content.

The split is jieba's search mode with jieba's own dictionary and model, run by rjieba
(jieba-rs, compiled: about six times faster than jieba in Python, which spent most of a build
from nothing at 10,000 cases splitting texts). Where jieba-rs differs from jieba — it keeps
``2019-2020`` or ``utf-8`` whole, so a search for 2019 would miss them — :class:`_Splitter`
splits as jieba does; its search mode (whole words and their dictionary sub-words) is written
here, as jieba writes it.

Splitting is the costliest step of indexing and most pages do not change between
builds, so each text's words are kept in ``build/search-words.json``, keyed by
a hash of the text, with the versions and the user words they were split
with (every title, alias, tag, category and glossary term, so 红色业委会 stays
whole). A build where nothing changed never loads the dictionary at all; a one-case edit
segments that case's texts only; a new case (new user words) segments again only
the texts that hold one of the words added or removed (see :class:`_Splitter`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import multiprocessing
import os
import re
import unicodedata
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib import metadata
from pathlib import Path
from typing import Any, cast

import orjson

from .. import forked
from ..model import Library
from ..write import file_stamp

CACHE_FORMAT = 3
"""Version of the cache's layout and of the split it holds (3: rjieba, a total kept per
reserve of user words)."""
MAX_CHANGED_WORDS = 2000
"""More user words added or removed than this (a new library): start the cache again."""
_KEEP = re.compile(r"[\w\u3400-\u9fff\uf900-\ufaff]")
PARALLEL_AT = 30_000
"""Texts missing from the cache above which :meth:`Segmenter.prefetch` splits them on every core
(starting a process and loading the dictionary there costs about 1.5 s; a text takes ~0.1 ms)."""
MAX_EXPANDED = 1_000_000
"""Distinct words a splitter keeps the expansion of (a long preview session: then it starts again)."""
MAX_PROCESSES = 4
"""At most this many processes split texts (each holds its own copy of the dictionary)."""
USER_FREQ = 1000
"""Frequency given to every user word: enough to keep 红色业委会 whole against 红色 + 业委会."""
_FILLER = "\ue000"
"""A dictionary entry no normalised text holds as a word (a private-use character, dropped by
:data:`_KEEP`): its frequency makes up the reserve the user words do not use."""
_RUN = re.compile(r"([a-z0-9]+(?:\.\d+)?%?)")
"""How jieba cuts a run of letters, digits and marks that is not a dictionary word (its
``finalseg`` rule): utf-8 → utf, -, 8; 3.5 and 21% stay whole."""
_LATIN_MARKED = re.compile(r"[a-z0-9][^a-z0-9]|[^a-z0-9][a-z0-9]")
"""A word of letters or digits joined by a mark (jieba-rs keeps these whole; jieba does not)."""


_FULL_WIDTH = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}
"""Full-width letters, digits, punctuation and the ideographic space, to what NFKC makes of them."""
_FULL_WIDTH_CHAR = re.compile("[\uff01-\uff5e\u3000]")


_USUAL_FULL_WIDTH = tuple((wide, _FULL_WIDTH[wide]) for wide in "，：；（）！？")
"""Chinese text's usual full-width marks: replaced one by one with str.replace first (a scan in C
each), since the pattern calls Python for every match (the 10,000-case corpus's 810,000 commas
and colons: normalising it 0.43 → 0.22 s)."""


def _half_width(found: re.Match[str]) -> str:
    return _FULL_WIDTH[found[0]]


def normalize(text: str) -> str:
    """Full-width to half-width, lower case (NFKC): what both index and queries compare.

    Chinese text is full of full-width punctuation, which fails NFKC's quick check and sends the
    whole text through the slow path; mapped first (to a string NFKC makes the same), most texts
    then pass the check as they are (the 10,000-case corpus's 15.5 million characters: 1.5 s, was
    2.6–3.0 s). Mapped by :data:`_USUAL_FULL_WIDTH`'s replacements, then a search for the others,
    not ``str.translate``, which looks up every character of a Chinese text (that corpus: 0.5 s
    against 1.45 s, and 0.22 s with the replacements first).
    """
    for wide, narrow in _USUAL_FULL_WIDTH:
        if wide in text:
            text = text.replace(wide, narrow)
    text = _FULL_WIDTH_CHAR.sub(_half_width, text)
    return (text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)).lower()


def _keyed(text: str) -> tuple[str, str]:
    """A text normalised, and its key in the cache."""
    text = normalize(text)
    return text, hashlib.sha1(text.encode()).hexdigest()


def versions() -> str:
    """The libraries a split depends on: rjieba's code, jieba's dictionary and model."""
    return f"rjieba {metadata.version('rjieba')} jieba {metadata.version('jieba')}"


def reserve(user_words: int) -> int:
    """The frequency set aside for the user words: at least each word's, doubled as they grow.

    jieba scores a split by each word's frequency against the dictionary's total, and adding a
    word adds to the total. The total is held at the stock dictionary's plus this reserve (the
    filler entry takes what the user words leave), so the split of a text depends only on the
    dictionary entries found inside it — a text that holds none of the user words added or
    removed since it was cached splits exactly as it did — until the reserve doubles, and the
    cache starts again (:class:`Segmenter` keys its cache with it).
    """
    size = 1024
    while size < user_words:
        size *= 2
    return USER_FREQ * size


@functools.lru_cache(maxsize=1)
def _stock() -> dict[str, int]:
    """jieba's dictionary (word → frequency), read once per process from the jieba package."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba (its dictionary) is not installed: run make build")
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    entries: dict[str, int] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, freq = line.split(" ", 2)[:2]
            entries[word] = int(freq)
    return entries


@functools.lru_cache(maxsize=1)
def _stock_words() -> frozenset[str]:
    """The dictionary's words a search-mode split gives as sub-words (jieba: a frequency above
    zero); once per process, not again whenever the user words change."""
    return frozenset(w for w, f in _stock().items() if f > 0)


def _stock_jieba() -> Any:
    """An rjieba splitter with jieba's dictionary and no user words (~0.4 s)."""
    import rjieba

    splitter = rjieba.Jieba.empty()
    for word, freq in _stock().items():
        splitter.add_word(word, freq, None)
    return splitter


_PREPARED: list[Any] = []
"""A splitter with jieba's dictionary made ahead by :func:`prepare`, for the next :class:`_Splitter`."""


def prepare() -> None:
    """Make the dictionary part of the next splitter now, while this process would wait anyway.

    A build from nothing at 10,000 cases calls this while the other core parses case files: the
    process that then makes the search index is forked with it, and adds only the user words
    (without it, making the dictionary was its first 0.7 s, on the path the build waits for)."""
    if not _PREPARED:
        _PREPARED.append(_stock_jieba())


class _Splitter:
    """jieba's search-mode split of normalised texts with the library's names as user words."""

    def __init__(self, user_words: tuple[str, ...]) -> None:
        stock = _stock()
        self._jieba = _PREPARED.pop() if _PREPARED else _stock_jieba()   # user words go into it: used once
        used = 0
        for word in user_words:
            used += USER_FREQ - stock.get(word, 0)
            self._jieba.add_word(word, USER_FREQ, None)
        held = reserve(len(user_words))
        if held > used:
            self._jieba.add_word(_FILLER, held - used, None)
        self._known = _stock_words() | set(user_words)
        """Words a search-mode split gives as sub-words: the dictionary's, and the user words."""
        self._expanded: dict[str, tuple[str, ...]] = {}
        """jieba's word → what :meth:`_expand` makes of it: words repeat (the 10,000-case corpus's
        15.5 million characters are ~8 million words, far fewer distinct), and working each one
        out again was four fifths of the split's time, jieba-rs's cut the rest."""

    def words(self, text: str) -> list[str]:
        """A normalised text's words as the index keeps them: jieba's search-mode split
        (each word's two- and three-character dictionary sub-words, then the word),
        punctuation dropped. The one split, in the build's own process and in those of
        :meth:`Segmenter.prefetch`."""
        expanded = self._expanded
        if len(expanded) > MAX_EXPANDED:
            expanded.clear()
        out: list[str] = []
        for word in self._jieba.cut(text, True):
            found = expanded.get(word)
            if found is None:
                found = expanded[word] = self._expand(word)
            out.extend(found)
        return out

    def _expand(self, word: str) -> tuple[str, ...]:
        """What one word of jieba's split gives the index: its sub-words, then itself (cut by
        jieba's rule first when jieba-rs kept marked Latin whole), without punctuation."""
        known = self._known
        pieces = ([p for p in _RUN.split(word) if p]
                  if len(word) > 2 and word.isascii() and word not in known and _LATIN_MARKED.search(word)
                  else (word,))
        out: list[str] = []
        for piece in pieces:
            if len(piece) > 2:
                out.extend(piece[i:i + 2] for i in range(len(piece) - 1) if piece[i:i + 2] in known)
                if len(piece) > 3:
                    out.extend(piece[i:i + 3] for i in range(len(piece) - 2) if piece[i:i + 3] in known)
            out.append(piece)
        return tuple(w for w in out if _KEEP.search(w))


_SPLITTING: list[tuple[str, ...]] = []
"""In a process of :meth:`Segmenter.prefetch`: the user words it was started with."""


def _start_splitting(user_words: tuple[str, ...]) -> None:
    """In a process of :meth:`Segmenter.prefetch`: load the dictionary with the library's words."""
    _SPLITTING[:] = [user_words]
    _splitter(user_words)


_SEPARATOR = "\x1f"
"""Joins a text's words on their way back from a splitting process: a few long strings pickle
in a fraction of the time of millions of short ones. A text that holds it is not sent there."""


def _split(texts: list[str]) -> list[str]:
    """In a process of :meth:`Segmenter.prefetch`: the words of normalised texts, each text's
    joined by :data:`_SEPARATOR`."""
    splitter = _splitter(_SPLITTING[0])
    return [_SEPARATOR.join(splitter.words(text)) for text in texts]


def _unjoined(joined: str) -> list[str]:
    """A text's words as :func:`_split` sent them."""
    return joined.split(_SEPARATOR) if joined else []


def for_sending(words: list[str]) -> str | list[str]:
    """A text's words joined by :data:`_SEPARATOR` for another process (:func:`received` takes
    them apart), or the list itself where joining would not come apart the same (a word holding
    the separator, or one empty word)."""
    if not words:
        return ""
    joined = _SEPARATOR.join(words)
    return joined if joined and joined.count(_SEPARATOR) == len(words) - 1 else words


def received(sent: str | list[str]) -> list[str]:
    """The words :func:`for_sending` sent."""
    return sent if isinstance(sent, list) else _unjoined(sent)


def user_words(library: Library) -> list[str]:
    """Names readers search for whole, in a stable order."""
    words: dict[str, None] = {}
    for case in library.cases:
        for name in case.names:
            words.setdefault(name, None)
    for term in (*library.tags, *library.categories):
        for name in (term.name, *term.aliases):
            words.setdefault(name, None)
    for entry in library.glossary:
        for name in (entry.term, *entry.aliases):
            words.setdefault(name, None)
    return list(_usable(tuple(words)))


@functools.lru_cache(maxsize=2)
def _usable(names: tuple[str, ...]) -> tuple[str, ...]:
    """*names* normalised, without blank names and names with spaces (jieba keeps no spaces).
    Kept for the last names: every run of the preview asks again, mostly for the same ones."""
    return tuple(normalize(w) for w in names if w.strip() and not re.search(r"\s", w.strip()))


@functools.lru_cache(maxsize=2)
def _salt(version: str, words: tuple[str, ...]) -> str:
    """Changes whenever the split of some text could change (versions and reserve, the user words)."""
    return hashlib.sha1(json.dumps([version, list(words)], ensure_ascii=False).encode()).hexdigest()


@functools.lru_cache(maxsize=1)
def _splitter(user_words: tuple[str, ...]) -> _Splitter:
    """The splitter with the library's names as user words; kept for the process, so the preview
    (``make serve`` regenerates in one process) loads the dictionary (about 1 s) once."""
    return _Splitter(user_words)


def preload(library: Library) -> None:
    """Load the dictionary with the library's words now (about 1 s), so the preview's first edit does
    not wait for it."""
    _splitter(tuple(user_words(library)))


class Segmenter:
    """jieba's search-mode split (whole words and their dictionary sub-words), cached."""

    def __init__(self, library: Library, cache: Path, parallel: bool = True) -> None:
        self.parallel = parallel
        """Whether :meth:`prefetch` may start processes (not in one that runs beside the build)."""
        self.user_words = user_words(library)
        held = reserve(len(self.user_words))
        self.salt = _salt(f"{versions()} {held}", tuple(self.user_words))
        """Changes whenever the split of some text could change (versions, reserve, user words)."""
        self._cache_salt = hashlib.sha1(f"{versions()} {CACHE_FORMAT} {held}".encode()).hexdigest()
        self._path = cache
        wait_for_writer(cache)   # a cache still being written (:func:`writing`) is waited for
        self._old, cached_with = _read(cache, self._cache_salt)
        changed = set(cached_with) ^ set(self.user_words)
        if len(changed) > MAX_CHANGED_WORDS:
            self._old = {}
        self._stale = (re.compile("|".join(re.escape(w) for w in sorted(changed, key=len, reverse=True)))
                       if changed and self._old else None)
        """Matches a text that holds a user word added or removed since the cache was written."""
        self._cached_with = cached_with
        self._used: dict[str, list[str]] = {}
        self._log: list[tuple[str, list[str]]] = []
        self._prepared: dict[str, tuple[str, str]] = {}
        """Text → (normalised, key), worked out by :meth:`prefetch` for :meth:`words`."""
        self.segmented = 0
        """Texts split in this run (the rest came from the cache)."""
        self._pending: tuple[list[str], list[Future[list[str]]], ProcessPoolExecutor] | None = None
        """Splitting processes started by :meth:`prefetch` and not yet collected: the keys they
        split, in order, their results and the pool."""

    @property
    def empty(self) -> bool:
        """Whether the cache held no words for this run (none kept, or split otherwise)."""
        return not self._old

    @functools.cached_property
    def _splitter(self) -> _Splitter:
        """The splitter with this library's words: looked up once per run, not per text (the key is
        every user word, ~20,000 at 10,000 cases)."""
        return _splitter(tuple(self.user_words))

    def words(self, text: str) -> list[str]:
        """Every word of *text* (normalised), sub-words included, in order, with repeats."""
        prepared = self._prepared.pop(text, None)
        text, key = prepared if prepared is not None else _keyed(text)
        found = self._used.get(key)
        if found is None:
            found = self._cached(text, key)
            if found is None:
                found = self._splitter.words(text)
                self.segmented += 1
            self._used[key] = found
        self._log.append((key, found))
        return found

    def _cached(self, text: str, key: str) -> list[str] | None:
        """The cache's words for a normalised text, unless a user word in it changed since."""
        found = self._old.get(key)
        if found is not None and self._stale is not None and self._stale.search(text):
            return None
        return found

    def prefetch(self, texts: Iterable[str], wait: bool = True) -> None:
        """Split now, one process per core (one fewer when started early), the texts the cache
        lacks, when there are many.

        A build from nothing (a fresh clone, a new dictionary) splits every text of the library;
        with that many texts the cores split them between them. Below
        :data:`PARALLEL_AT` texts, or on one core, :meth:`words` splits them as they come.
        With *wait* false the processes are started and this returns at once (the build starts
        them on the case texts before rendering, so they split on the other core meanwhile);
        the next :meth:`prefetch` collects their words, and :meth:`close` stops them.
        """
        self._collect()
        cores = min(os.cpu_count() or 1, MAX_PROCESSES)
        if cores < 2 or not self.parallel:   # words() splits each text as it comes
            return
        missing: dict[str, str] = {}
        for raw in texts:
            if raw in self._prepared:
                continue
            text, key = self._prepared[raw] = _keyed(raw)
            if (key not in self._used and key not in missing and self._cached(text, key) is None
                    and _SEPARATOR not in text):   # (such a text is split by words(), here)
                missing[key] = text
        if len(missing) < PARALLEL_AT:
            return
        processes = cores if wait else cores - 1   # started early, they leave one core to the build
        keys, pending = list(missing), list(missing.values())
        size = -(-len(pending) // (processes * 4))
        chunks = [pending[i:i + size] for i in range(0, len(pending), size)]
        context = multiprocessing.get_context("spawn")   # no fork under the preview's threads
        try:
            pool = ProcessPoolExecutor(processes, mp_context=context, initializer=_start_splitting,
                                       initargs=(tuple(self.user_words),))
        except (OSError, RuntimeError):
            return   # no processes here: words() splits them
        try:
            self._pending = (keys, [pool.submit(_split, chunk) for chunk in chunks], pool)
        except (BrokenProcessPool, OSError, RuntimeError):
            pool.shutdown(wait=False, cancel_futures=True)
            return
        if wait:
            self._collect()

    def _collect(self) -> None:
        """Wait for the processes :meth:`prefetch` started and keep the words they split."""
        if self._pending is None:
            return
        keys, futures, pool = self._pending
        self._pending = None
        try:
            split = [joined for future in futures for joined in future.result()]
        except (BrokenProcessPool, OSError):
            return   # no processes here (a script without a main guard, a sandbox): words() splits them
        finally:
            pool.shutdown(cancel_futures=True)
        for key, joined in zip(keys, split, strict=True):
            self._used[key] = _unjoined(joined)
        self.segmented += len(keys)

    def close(self) -> None:
        """Stop the splitting processes of a run that ends before it needs their words."""
        if self._pending is not None:
            self._pending[2].shutdown(wait=False, cancel_futures=True)
            self._pending = None

    def split_elsewhere(self, keys: Iterable[str]) -> None:
        """Count as split in this run the texts (by key) another process split for it
        (:mod:`.apart`), but those split here too."""
        self.segmented += len(set(keys) - self._used.keys())

    def used_since(self):  # type: ignore[no-untyped-def]
        """A function returning the (text key, words) looked up after this call, in order."""
        start = len(self._log)
        return lambda: self._log[start:]

    def keep(self, texts: list[tuple[str, list[str]]] | list[str]) -> list[tuple[str, list[str]]] | list[str]:
        """Count texts as used in this run without looking them up (their document was unchanged).

        Each is (key, words), or only its key when it came from :mod:`generator.memos` (which
        does not store words twice): its words then come from this cache, and a text the cache
        lacks is segmented again by the next run that needs it. Returns the texts as pairs when
        every key's words were found (keep them so: the next run takes the one-call path, where
        looking up the 72,000 keys of 10,000 cases took ~0.07 s of every edit), else as given.
        """
        used, old = self._used, self._old
        if not texts or isinstance(texts[0], tuple):   # pairs, as the index keeps them between edits
            # One call for the list (a document's texts are all pairs or all keys); an unchanged
            # text has the same words wherever it appears, so which copy is kept does not matter.
            used.update(cast("list[tuple[str, list[str]]]", texts))
            return texts
        pairs: list[tuple[str, list[str]]] = []
        for key in texts:   # keys alone, from generator.memos
            words = used.get(key)
            if words is None:
                words = old.get(key)
                if words is None:
                    continue
                used[key] = words
            pairs.append((key, words))
        return pairs if len(pairs) == len(texts) else texts

    def save(self, at_least: int = 0) -> None:
        """Keep the words of this run's texts only (atomically; a cache, never required).

        With *at_least*, only when this run segmented that many texts: the preview passes a few
        dozen, since rewriting the whole cache after each edit costs more than segmenting the
        edited texts again in the next new process.
        """
        if self.segmented < at_least or (self._used == self._old and self._cached_with == self.user_words):
            return
        # orjson: the 10,000-case corpus's cache (80 MB) in 0.55 s, 1.24 s with json (reading: no faster)
        data = orjson.dumps({"salt": self._cache_salt, "user_words": self.user_words, "words": self._used},
                            option=orjson.OPT_SORT_KEYS)
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._path.with_name(f".{self._path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, self._path)
            _READ[str(self._path)] = (file_stamp(self._path), self._cache_salt, self._used, self.user_words)
        except OSError:
            pass


def _lock(cache: Path) -> Path:
    """The lock a process writing *cache* for the next run holds (:func:`writing`)."""
    return cache.with_name(f"{cache.stem}.lock")


def writing(cache: Path) -> contextlib.AbstractContextManager[int | None]:
    """Hold *cache*'s lock inside (:func:`generator.forked.holding`), which :func:`wait_for_writer`
    waits for: taken by a process that writes the cache and that nobody waits for (the index's,
    :mod:`.apart`), before the build may end."""
    return forked.holding(_lock(cache))


def wait_for_writer(cache: Path) -> None:
    """Wait while a process holding *cache*'s lock (:func:`writing`) is writing it."""
    forked.wait_for(_lock(cache))


_READ: dict[str, tuple[tuple[int, ...] | None, str, dict[str, list[str]], list[str]]] = {}
"""Cache file → (its stamp, salt, words, user words) as last read or written by this process: the preview
(``make serve`` regenerates in one process) does not parse the whole cache again per edit."""


def _read(cache: Path, salt: str) -> tuple[dict[str, list[str]], list[str]]:
    """The cache's words and the user words they were split with, when it was written with
    *salt* (the versions, the format, the reserve); else nothing."""
    stamp = file_stamp(cache)
    known = _READ.get(str(cache))
    if known is not None and stamp is not None and known[0] == stamp:
        return (known[2], known[3]) if known[1] == salt else ({}, [])
    try:
        stored = json.loads(cache.read_text("utf-8"))
        words, users = stored["words"], stored.get("user_words")
        if not isinstance(words, dict) or not isinstance(users, list):
            return {}, []
        _READ[str(cache)] = (stamp, stored.get("salt"), words, users)
        return (words, users) if stored.get("salt") == salt else ({}, [])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, []
