"""Pinyin for titles, slugs, sort keys and search tokens: pure functions.

All readings come from one phrase-aware ``lazy_pinyin`` call per text, so that
银行 reads ``yinhang`` and not ``yinxing``; initials are taken from the same
result rather than a second call (pinyin is the generator's hottest path).
Hard readings (place names, surnames) are corrected by :func:`add_readings`
from ``data/vocab/pinyin.yml``.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[0-9a-z]+")


_replaced: dict[str, list[list[str]] | None] = {}
"""Phrases this module put into pypinyin's table, with what was there before (None: nothing)."""
_in_use: tuple[tuple[str, str], ...] = ()


def readings_in_use() -> tuple[tuple[str, str], ...]:
    """The phrase readings set by :func:`add_readings`, for keys of anything that used pinyin."""
    return _in_use


def add_readings(readings: Mapping[str, str]) -> None:
    """Use exactly these phrase readings, like ``{"邹庙村": "zou1 miao4 cun1"}``.

    Syllables may carry tone numbers or none. pypinyin keeps phrases in one
    process-wide table; readings set by an earlier call are taken back first,
    so a reading removed from ``data/vocab/pinyin.yml`` stops applying in a
    long-running ``mkdocs serve`` too.
    """
    global _in_use
    wanted = tuple(sorted(readings.items()))
    if wanted == _in_use:
        return   # every run reads pinyin.yml: unchanged, the tables and every cached reading stay
    from pypinyin import load_phrases_dict
    from pypinyin.constants import PHRASES_DICT
    from pypinyin.contrib.tone_convert import to_tone
    from pypinyin.seg import mmseg

    for phrase, before in _replaced.items():
        if before is None:
            PHRASES_DICT.pop(phrase, None)
        else:
            PHRASES_DICT[phrase] = before
    _replaced.clear()
    _in_use = wanted
    phrases = {}
    for phrase, reading in readings.items():
        phrases[phrase] = [[to_tone(s)] for s in reading.split()]
        _replaced[phrase] = PHRASES_DICT.get(phrase)
    load_phrases_dict(phrases)
    mmseg.retrain(mmseg.seg)
    _READ.clear()
    _reader().forget()
    sort_key.cache_clear()


def _fold(text: str) -> str:
    """NFKC-fold full-width letters and digits, lower-case."""
    return unicodedata.normalize("NFKC", text).lower()


_KEPT, _KEPT_END = "\ue000", "\ue001"
"""Around what :func:`_kept` returns, so a text kept as it is (``zhong1`` typed in Latin) is never
taken for a reading (``zhong1`` of 中) in :func:`_readings`; pypinyin puts the neutral tone's 5
after a kept rare character (𠀋 → 𠀋5), which the end mark tells apart from the text."""


def _kept(text: str) -> Any:
    """pypinyin's ``errors`` callback: keep text without a reading as it is, between the marks
    (a one-item list; pypinyin's stubs say str, but a list is what keeps a run whole)."""
    return [f"{_KEPT}{text}{_KEPT_END}"]


@functools.cache
def _reader() -> _Reading:
    """pypinyin's ``lazy_pinyin`` (neutral tone 5), through a converter that remembers each
    character's reading in the style asked for.

    pypinyin converts every syllable of every text from its tone-marked form with a few regular
    expressions: over half of a title's reading (2,000 titles under cProfile: 0.54 s of 0.93 s),
    for a few thousand distinct (character, reading) pairs; 4,000 titles 239 → 83 µs each. The
    phrases still decide which reading a character takes; only the conversion of that reading is
    remembered (pypinyin's documented way to change a step: a converter subclass given to
    ``Pinyin``).

    Each segment's readings are remembered too: pypinyin cuts a text into words and converts each
    word by itself (its phrase, else character by character), so a word reads the same in every
    text, and titles and places are made of the same few thousand words (the 10,000-case
    corpus's 18,615 names and places: 0.91 → 0.52 s). :func:`add_readings` empties both, since
    a phrase reading changes what a word converts to.
    """
    from pypinyin.converter import UltimateConverter

    class Remembering(UltimateConverter):
        def __init__(self) -> None:
            super().__init__(neutral_tone_with_five=True)
            self.converted: dict[tuple[str, str, Any, bool], str] = {}
            self.segments: dict[tuple[str, Any, bool, Any, bool], list[list[str]]] = {}

        def convert(self, words: str, style: Any, heteronym: bool, errors: Any, strict: bool = True,
                    **kwargs: Any) -> list[list[str]]:
            if kwargs:   # not how pypinyin 0.55 calls it; nothing to remember by
                return list(super().convert(words, style, heteronym, errors, strict, **kwargs))
            key = (words, style, heteronym, errors, strict)
            found = self.segments.get(key)
            if found is None:
                if len(self.segments) >= _READ_MAX:
                    self.segments.clear()
                found = self.segments[key] = super().convert(words, style, heteronym, errors, strict)
            return [list(item) for item in found]   # the caller's to change, not ours

        def convert_style(self, han: str, orig_pinyin: str, style: Any, strict: bool, **kwargs: Any) -> str:
            if kwargs:   # not how pypinyin 0.55 calls it; nothing to remember by
                return str(super().convert_style(han, orig_pinyin, style, strict, **kwargs))
            key = (han, orig_pinyin, style, strict)
            found = self.converted.get(key)
            if found is None:
                found = self.converted[key] = super().convert_style(han, orig_pinyin, style, strict)
            return found

        def forget(self) -> None:
            """Forget every segment's readings (the phrase readings changed)."""
            self.segments.clear()

    return _Reading(Remembering())


class _Reading:
    """pypinyin's ``Pinyin`` with its remembering converter, which :func:`add_readings` empties."""

    def __init__(self, converter: Any) -> None:
        from pypinyin.core import Pinyin

        self._converter = converter
        self.lazy_pinyin = Pinyin(converter).lazy_pinyin

    def forget(self) -> None:
        self._converter.forget()


Readings = tuple[tuple[tuple[str, bool], ...], tuple[str, ...]]
"""What :func:`_readings` gives for a text: its parts and its syllables with tones."""

_READ: dict[str, Readings] = {}
"""Text → its readings, as worked out in this process or given by :func:`remember` (at most
:data:`_READ_MAX`, then begun again; emptied when :func:`add_readings` changes the readings)."""
_READ_MAX = 65536


def readings(texts: Iterable[str]) -> dict[str, Readings]:
    """The readings of *texts*, worked out now: a process that loads part of the library sends
    them to the build with what it loaded (:func:`remember`), so the build, which sorts and groups
    by every title and place, does not work them out again."""
    return {text: _readings(text) for text in texts}


def remember(found: Mapping[str, Readings]) -> None:
    """Keep readings that :func:`readings` worked out in another process, with the same
    :func:`add_readings` (it forked from this one after they were set)."""
    if len(_READ) + len(found) > _READ_MAX:
        _READ.clear()
    _READ.update(found)


def _readings(text: str) -> Readings:
    """:func:`_read` of *text*, remembered (see :data:`_READ`)."""
    found = _READ.get(text)
    if found is None:
        if len(_READ) >= _READ_MAX:
            _READ.clear()
        found = _READ[text] = _read(text)
    return found


def _read(text: str) -> Readings:
    """:func:`_parts` and :func:`_tone_syllables` of *text*, from one ``lazy_pinyin`` call.

    The call gives readings with tone digits (``zhong1``, neutral ``de5``); without the digit
    they are what a plain call gives (tested against two calls), and half the titles' pinyin
    time was the second call.
    """
    # pypinyin is imported here, not at the top: the MkDocs hooks import the generator and
    # never need its tables (0.26 s).
    from pypinyin import Style

    folded = _fold(text)
    parts: list[tuple[str, bool]] = []
    tones: list[str] = []
    for item in _reader().lazy_pinyin(folded, style=Style.TONE3, errors=_kept):
        if item.startswith(_KEPT):
            plain, _, added = item[1:].rpartition(_KEPT_END)
            item = plain + added
        else:
            plain = item[:-1] if item[-1:].isdigit() else item
        tones.extend(_WORD.findall(item))
        if not _HAN.search(plain):   # an unknown rare character: nothing readable
            is_pinyin = plain.isalpha() and plain.isascii() and plain not in folded
            parts.extend((word, is_pinyin) for word in _WORD.findall(plain))
    return tuple(parts), tuple(tones)


def _parts(text: str) -> tuple[tuple[str, bool], ...]:
    """(syllable, is_pinyin) for the Han characters and alphanumeric runs of *text*.

    ``邻里中心`` → syllables ``lin li zhong xin``; ``3344党建`` → ``3344`` (not
    pinyin), ``dang``, ``jian``. Punctuation is dropped.
    """
    return _readings(text)[0]


def _tone_syllables(text: str) -> tuple[str, ...]:
    """Syllables with a tone digit (neutral tone = 5), for sorting."""
    return _readings(text)[1]


def _syllables(text: str) -> tuple[str, ...]:
    return tuple(s for s, _ in _parts(text))


def syllables(text: str) -> list[str]:
    """Public form of :func:`_syllables`, as a list."""
    return list(_syllables(text))


def full(text: str) -> str:
    """Full pinyin without spaces or tones: 邻里中心 → ``linlizhongxin``."""
    return "".join(_syllables(text))


def _initials(text: str) -> list[str]:
    """Initial of each pinyin syllable; digit and Latin runs stay whole."""
    return [s[0] if is_pinyin else s for s, is_pinyin in _parts(text)]


def initial_list(text: str) -> list[str]:
    """Initial of each syllable, as a list: 邻里中心 → ``l l z x``."""
    return _initials(text)


def initials(text: str) -> str:
    """Initials as typed on a phone: 小区党支部 → ``xqdzb``."""
    return "".join(_initials(text))


@functools.lru_cache(maxsize=1)
def _tokenizer():  # type: ignore[no-untyped-def]
    """A private jieba tokenizer with the stock dictionary only.

    Slugs must not change when the search user dictionary grows, so they use
    their own tokenizer that never sees it.
    """
    import warnings

    with warnings.catch_warnings():   # jieba imports the deprecated pkg_resources
        warnings.simplefilter("ignore")
        import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


def words(text: str) -> list[str]:
    """Split Chinese text into words with jieba (stock dictionary)."""
    return [w for w in _tokenizer().cut(text) if w.strip()]


_SLUGS: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}
"""(text, readings in use) → slug, kept for the process and between runs (:mod:`generator.memos`):
every vocabulary term gets a slug on every run, and the first one costs loading jieba (0.8 s)."""


def slug(text: str) -> str:
    """A readable URL name: 邻里中心 → ``linli-zhongxin``.

    Words (jieba) become hyphen-separated pinyin; only ``a-z0-9-`` remain.
    Returns an empty string for text with nothing readable.
    """
    found = _SLUGS.get((text, _in_use))
    if found is None:
        found = _SLUGS[text, _in_use] = _slug(text)
    return found


def _slug(text: str) -> str:
    parts = []
    for word in words(text):
        piece = "".join(_syllables(word))
        if piece:
            parts.append(piece)
    return "-".join(parts)


@functools.lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[tuple[int, str, int, str], ...]:
    """Dictionary order: by syllable, then tone, then character.

    Digits and Latin letters sort before Chinese, as in Chinese dictionaries'
    appendices; 阿 < 八 < 长城 < 中国 regardless of code points. Kept per text
    until the readings change: every run sorts every title again.
    """
    key: list[tuple[int, str, int, str]] = []
    for syl in _tone_syllables(text):
        if syl[-1].isdigit() and not syl.isdigit():
            key.append((1, syl[:-1], int(syl[-1]), syl))
        else:
            key.append((0, syl, 0, syl))
    return (*key, (2, text, 0, ""))


def group_letter(text: str) -> str:
    """Index heading for *text*: ``A``–``Z``, or ``#`` for digits and symbols."""
    syls = _syllables(text)
    if syls and syls[0][0].isalpha():
        return syls[0][0].upper()
    return "#"


def search_tokens(phrases: Iterable[str]) -> list[str]:
    """Tokens that let a prefix-matching search find *phrases* by pinyin.

    Search matches each typed word as a prefix, so every suffix is indexed:
    邻里中心 → ``linlizhongxin lizhongxin zhongxin xin llzx lzx zx``. Single
    initials are left out (they would match everything).
    """
    seen: dict[str, None] = {}
    for phrase in phrases:
        syls = _syllables(phrase)
        inits = _initials(phrase)
        for start in range(len(syls)):
            seen.setdefault("".join(syls[start:]), None)
        for start in range(len(inits) - 1):
            seen.setdefault("".join(inits[start:]), None)
    return list(seen)
