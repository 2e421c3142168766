"""``data/vocab/pinyin.yml``: reading corrections, checked before pypinyin sees them.

pypinyin trusts its phrase dictionary: a reading with a stray digit, a
missing syllable or a value that is not text raised ``IndexError`` deep in
the build. Each entry must be Chinese characters mapped to exactly one
syllable per character (letters, optional tone digit 1–5).
"""

from __future__ import annotations

import re
from typing import Any

from .errors import Problems

_SYLLABLE = re.compile(r"^[a-zü]{1,6}[1-5]?$")
_HAN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")
EXAMPLE = "邹庙村: zou1 miao4 cun1"


def checked(data: Any, lines: dict[tuple[Any, ...], int], display: str,
            problems: Problems) -> dict[str, str]:
    """The usable readings of *data*; every unusable one is a located error."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.add(display, 1, "读音文件应当是“词语: 拼音”的列表", f"每行一项，例如 {EXAMPLE}")
        return {}
    out: dict[str, str] = {}
    for phrase, reading in data.items():
        line = lines.get((phrase,), 1)
        if not isinstance(phrase, str) or not _HAN.match(phrase):
            problems.add(display, line, f"“{phrase}”不是汉字词语", f"左边只写汉字，例如 {EXAMPLE}")
            continue
        if not isinstance(reading, str):
            problems.add(display, line, f"“{phrase}”的读音应当是拼音文字", f"例如 {EXAMPLE}")
            continue
        syllables = reading.lower().replace("v", "ü").split()
        bad = [s for s in syllables if not _SYLLABLE.match(s)]
        if bad:
            problems.add(display, line, f"“{phrase}”的读音中“{bad[0]}”不是拼音",
                         f"每个字写一个拼音，声调用数字 1–5，例如 {EXAMPLE}")
            continue
        if len(syllables) != len(phrase):
            problems.add(display, line, f"“{phrase}”有 {len(phrase)} 个字，读音却有 {len(syllables)} 个音节",
                         f"每个字写一个拼音，用空格隔开，例如 {EXAMPLE}")
            continue
        out[phrase] = " ".join(syllables)
    return out
