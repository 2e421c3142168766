"""Telling the encodings of Windows-edited files apart, or admitting we cannot.

A file that is not UTF-8 may be GBK (Simplified, mainland Windows) or Big5
(Traditional, Taiwan/Hong Kong Windows). Almost every Big5 byte sequence is
also valid GBK, so "it decodes" proves nothing: reading a Big5 file as GBK
yields a plausible-looking string of rare characters, kana and Greek, and
``fmt`` would then save that garbage as UTF-8 for good.

So both decodings are tried strictly and each is scored by how much of it is
*common* text in its own standard: GB2312 level-1 characters and punctuation
for GBK, the Big5 "frequently used" block and punctuation for Big5. Real text
scores above 0.9 in its own encoding; the wrong decoding scores about 0.4–0.6
because the bytes land all over the other standard's tables. Only a clear
winner is accepted; anything else raises :class:`UncertainEncoding` with the
line of the first non-ASCII byte, and callers leave the file alone.
"""

from __future__ import annotations

from dataclasses import dataclass

GBK = "gb18030"
"""Codec used for GBK files (GB18030 is its superset)."""
BIG5 = "cp950"
"""Codec used for Big5 files (Microsoft's Big5, what Windows writes)."""

MIN_CHARS = 8
"""Fewer non-ASCII characters than this cannot be told apart with certainty."""
WIN = 0.85
"""The chosen decoding must be at least this common …"""
MARGIN = 0.25
"""… and this much more common than the other one."""

_GB_COMMON = set(range(0xA1, 0xA4)) | set(range(0xB0, 0xD8))
"""GB2312 lead bytes: punctuation/full-width rows and the 3,755 level-1 characters."""
_BIG5_COMMON = set(range(0xA1, 0xA4)) | set(range(0xA4, 0xC7))
"""Big5 lead bytes: punctuation rows and the 5,401 frequently used characters."""


class UncertainEncoding(UnicodeError):
    """Not UTF-8, and GBK and Big5 cannot be told apart (or neither fits)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        """1-based line of the first byte that is not ASCII."""
        self.reason = reason
        """Chinese explanation for the contributor."""


@dataclass(frozen=True)
class Guess:
    """One strict decoding and how plausible it is."""

    codec: str
    text: str
    common: float
    """Share of non-ASCII characters that are common in this encoding's own tables."""


def _share(text: str, table: str, leads: set[int]) -> tuple[float, int]:
    """(share of non-ASCII characters whose *table* encoding has a common lead byte, count)."""
    total = good = 0
    for char in text:
        if char < "\x80":
            continue
        total += 1
        try:
            data = char.encode(table)
        except UnicodeEncodeError:
            continue
        good += len(data) == 2 and data[0] in leads
    return (good / total if total else 0.0), total


def _guess(data: bytes, codec: str, table: str, leads: set[int]) -> tuple[Guess | None, int]:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None, 0
    share, count = _share(text, table, leads)
    return Guess(codec, text, share), count


def _first_non_ascii_line(data: bytes) -> int:
    for index, byte in enumerate(data):
        if byte >= 0x80:
            return data[:index].count(b"\n") + 1
    return 1


def decode_legacy(data: bytes) -> tuple[str, str]:
    """Decode bytes that are not UTF-8 as GBK or Big5, only when certain.

    Returns (text, codec); raises :class:`UncertainEncoding` otherwise.
    """
    line = _first_non_ascii_line(data)
    gbk, count = _guess(data, GBK, "gb2312", _GB_COMMON)
    big5, count_big5 = _guess(data, BIG5, "big5", _BIG5_COMMON)
    count = max(count, count_big5)
    if gbk is None and big5 is None:
        raise UncertainEncoding(line, "文件编码无法识别（既不是 UTF-8，也不是 GBK 或 Big5）")
    if count < MIN_CHARS:
        raise UncertainEncoding(line, "文件不是 UTF-8，中文太少，无法确定是 GBK 还是 Big5")
    candidates = sorted((g for g in (gbk, big5) if g is not None), key=lambda g: -g.common)
    best = candidates[0]
    runner = candidates[1].common if len(candidates) > 1 else 0.0
    if best.common >= WIN and best.common - runner >= MARGIN:
        return best.text, best.codec
    raise UncertainEncoding(line, "文件不是 UTF-8，无法确定是 GBK 还是 Big5 编码")


def label(codec: str) -> str:
    """The name contributors know: GBK, Big5, UTF-8."""
    return {GBK: "GBK", BIG5: "Big5", "utf-8-sig": "UTF-8（带 BOM）"}.get(codec, "UTF-8")
