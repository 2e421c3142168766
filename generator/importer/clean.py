"""Cleaning a scraped document, one small pure function per kind of mess.

Every step takes text and returns a :class:`Fix`: the new text, how many
repairs it made and, for removals, what it took out. :func:`clean` runs them
in a fixed order and keeps the counts, so the import report can say exactly
what was changed, and the removed lines stay available to :mod:`.meta` (a
page's "发布时间" line is boilerplate, but it is also the only date some
documents have).

The order matters:

1. markup first, so no later pattern has to look around tags;
2. glued pinyin next (``發(fā)`` → ``發``), so that the mojibake detector
   does not take the Latin letters for damage;
3. mojibake is marked *before* the Traditional → Simplified conversion,
   while the passage still has the characters the wrong decoding produced;
   every later step except the conversion leaves marked passages alone (the
   original file, named in source.md, keeps the raw bytes for anyone who
   wants to reconstruct them);
4. conversion to Simplified, also inside marked passages (so no Traditional
   character is left anywhere), and before boilerplate removal so the
   patterns need only one spelling;
5. site text (:mod:`.sitetext`: adverts inside sentences, then whole lines
   such as navigation, bylines and download notes, then repeated
   paragraphs), boilerplate of document sites, lines kept but marked
   〔待核〕, punctuation, then line structure (page numbers, broken
   sentences, inline headings) and spaces.

Fused closing tags (``?!?/p>``) go right after markup, before the mojibake
detector can take them for damage.

Placeholders (X, ×, ×××, xx, 20xx) are never touched: they stand for facts
the author removed and must stay visible as unknowns; they are only counted.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sitetext builds on this module; only the type is needed here
    from .sitetext import Unsure

MARK_OPEN = "〔疑似乱码："
MARK_CLOSE = "〕"
MARKED = re.compile(r"〔(?:疑似乱码|待核)：[^〕\n]*〕")
"""A passage marked as mojibake (or a line marked as possibly the site's, see
:mod:`.sitetext`); later steps must not change its inside."""

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Han character ranges (BMP) used in character classes."""
_HAN_RE = re.compile(f"[{HAN}]")
_RADICALS = re.compile(r"[\u2e80-\u2fdf]")
"""CJK radical blocks: never in running text, a sure sign of a bad decode."""

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_GLUE = re.compile(
    rf"(?<=[^\s(（])[(（]((?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}})[)）]")
"""``(fā)`` after a character: a toned pinyin syllable in parentheses.

A tone mark is required, so ``(a)`` list labels and ``(X)`` placeholders are
never taken for pinyin.
"""

SENTENCE_END = "。！？!?…；;：:"
"""Characters after which a line is a finished sentence (or a lead-in)."""

HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十百\d]+(?:篇|个方面|部分|章|节)"
    r"|[一二三四五六七八九十]+、"
    r"|[（(][一二三四五六七八九十]+[)）]"
    r"|[（(]\d{1,2}[)）]"
    r"|\d{1,2}[、．](?!\d))")
"""Numbering that starts a heading or list item: 第一篇, 一、, （一）, (1), 1、."""

ITEM = re.compile(r"^[一二三四五六七八九十]+(?:是|要|则)")
"""Enumerations inside a part: 一是…, 二要…; they start a new paragraph."""

SALUTATION = re.compile(r"^(?:同志们|各位[^。，,]{0,10}|尊敬的[^。]{0,20})[:：，,]")

PLACEHOLDER = re.compile(r"20[xX×]{2}|×{2,}|[xX]{2,}|(?<![A-Za-z])[xX×](?![A-Za-z])")
"""Stand-ins for facts the author removed; counted, never replaced."""


@dataclass(frozen=True)
class Fix:
    """Result of one cleaning step."""

    text: str
    """The text after the step."""
    count: int = 0
    """How many removals or repairs the step made."""
    removed: tuple[str, ...] = ()
    """What was taken out, for metadata and for the report."""


@dataclass
class Cleaned:
    """A cleaned document and the record of what cleaning did."""

    text: str
    """Simplified text, one paragraph per line."""
    counts: dict[str, int] = field(default_factory=dict)
    """Step label (Chinese, for the report) → number of repairs; zero counts omitted."""
    removed: dict[str, list[str]] = field(default_factory=dict)
    """Step label → removed snippets, in order."""
    placeholders: int = 0
    """Placeholders kept visible (X, ×, xx, 20xx …)."""
    unsure: list[Unsure] = field(default_factory=list)
    """Lines kept although they may be the site's, with their line in the original."""
    original: str = ""
    """The text as read, for finding the line numbers of what was removed."""

    @property
    def paragraphs(self) -> list[str]:
        """Non-empty lines of the cleaned text."""
        return [p for p in self.text.split("\n") if p.strip()]


def outside_marks(text: str, step: Callable[[str], Fix]) -> Fix:
    """Apply *step* to the text between mojibake marks only.

    Marked passages are evidence, not text: punctuation and spacing repairs
    must not make them look more (or less) like Chinese than they are.
    """
    pieces = re.split(f"({MARKED.pattern})", text)
    out: list[str] = []
    count = 0
    removed: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(piece)
            continue
        fixed = step(piece)
        out.append(fixed.text)
        count += fixed.count
        removed.extend(fixed.removed)
    return Fix("".join(out), count, tuple(removed))


# -- 1. characters and markup --------------------------------------------------

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[\t\u00a0\u2002-\u200a\u3000\u202f\u205f]")


def normalise_newlines(text: str) -> Fix:
    """CRLF/CR → LF, odd spaces → ASCII space, invisible characters dropped.

    Not counted as a repair: it only makes the later patterns simpler.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    return Fix(text)


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>\n]*)?/?>|<!--.*?-->", re.S)
_BREAK_TAG = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr)\b[^<>]*>", re.I)
_BBCODE = re.compile(
    r"\[/?(?:b|i|u|s|url|img|color|size|font|align|center|left|right|quote|code|list|\*|"
    r"table|tr|td|hr|p|br)(?:=[^\]\n]*)?\]", re.I)
_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")


def strip_markup(text: str) -> Fix:
    """Remove stray HTML tags, comments, entities and BBCode left in the text.

    Line-breaking tags become line breaks, so paragraphs stay apart.
    """
    count = len(_TAG.findall(text)) + len(_BBCODE.findall(text)) + len(_ENTITY.findall(text))
    if not count:
        return Fix(text)
    text = _BREAK_TAG.sub("\n", text)
    text = _TAG.sub("", text)
    text = _BBCODE.sub("", text)
    text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return Fix(_SPACES.sub(" ", text), count)


def repair_glued_pinyin(text: str) -> Fix:
    """``發(fā)布`` → ``發布``: drop the pinyin a converter glued to characters.

    A conversion tool that could not map a character wrote its reading after
    it; the character itself is right, so only the parenthesis goes.
    """
    found = _PINYIN_GLUE.findall(text)
    return Fix(_PINYIN_GLUE.sub("", text), len(found)) if found else Fix(text)


# -- 2. mojibake -----------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    """The OpenCC converter, built once (loading its dictionaries is the slow part)."""
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=8192)
def _rarity(char: str) -> int:
    """0 for a common character, 1 for GB2312 level 2, 2 for anything outside GB2312.

    Traditional characters are judged by their Simplified form, so a clean
    Traditional text scores like a clean Simplified one.
    """
    simple = _t2s().convert(char)
    try:
        encoded = simple.encode("gb2312")
    except UnicodeEncodeError:
        return 2
    if len(encoded) < 2:
        return 0
    if 0xB0 <= encoded[0] <= 0xD7:
        return 0
    if 0xD8 <= encoded[0] <= 0xF7:
        return 1
    return 0  # punctuation and symbols rows


def _weights(text: str) -> list[int]:
    """How suspicious each character is, in context (0 = not at all).

    Text decoded with the wrong code page is a run of rare characters mixed
    with lone Latin letters and symbols (the bytes that happened to fall on
    ASCII) and question marks (bytes that could not be decoded at all).
    """
    weights = [0] * len(text)
    length = len(text)
    for i, char in enumerate(text):
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < length else ""
        if _RADICALS.match(char):
            weights[i] = 2
        elif _HAN_RE.match(char):
            weights[i] = _rarity(char)
        elif char in _TONED:
            weights[i] = 2
        elif char.isascii() and char.isalpha() and char not in "xX":
            lone = not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())
            if lone:
                weights[i] = 3 if _HAN_RE.match(before or " ") and _HAN_RE.match(after or " ") else 2
        elif char in "@~^`|":
            if _HAN_RE.match(before or " ") or _HAN_RE.match(after or " "):
                weights[i] = 2
        elif char == "?" and after and not after.isspace() and after not in "”’\"'":
            weights[i] = 1
    return weights


MOJIBAKE_GAP = 4
"""Most ordinary characters allowed between two suspicious ones in one run."""
MOJIBAKE_SCORE = 3
"""Least total suspicion for a run to be marked."""
MOJIBAKE_REACH = 4
"""Damage rarely stops exactly at the first or last suspicious character: a
marked run is widened to the nearest punctuation, space or line end when that
is at most this many characters away (otherwise it is left as found). A run
that starts or ends at a '?' is not widened on that side: the '?' is where
the undecodable byte was."""

_BOUNDARY = re.compile(r"[\s，。、；：！？,.;:!?“”‘’\"'（）()《》〔〕【】]")


def _widen(line: str, begin: int, end: int, floor: int, ceiling: int) -> tuple[int, int]:
    """Widen a suspicious run to nearby punctuation (see :data:`MOJIBAKE_REACH`),
    staying within [*floor*, *ceiling*) so that marks never overlap."""
    if line[begin] != "?":
        stop = begin
        while stop > floor and not _BOUNDARY.match(line[stop - 1]) and begin - stop < MOJIBAKE_REACH:
            stop -= 1
        if stop == floor or _BOUNDARY.match(line[stop - 1]):
            begin = stop
    if end < ceiling and line[end] in ")）" and not line[end - 1].isspace():
        end += 1  # the close of a pinyin parenthesis whose opening was eaten
    elif line[end - 1] != "?":
        stop = end
        while stop < ceiling and not _BOUNDARY.match(line[stop]) and stop - end < MOJIBAKE_REACH:
            stop += 1
        if stop == ceiling or _BOUNDARY.match(line[stop]):
            end = stop
    return begin, end


def mark_mojibake(text: str) -> Fix:
    """Wrap passages that look wrongly decoded as ``〔疑似乱码：…〕``.

    The passage is kept as it is, never guessed at: a contributor who can
    read it from another copy of the document can fix it; nobody else can.
    """
    out: list[str] = []
    count = 0
    removed: list[str] = []
    for line in text.split("\n"):
        weights = _weights(line)
        spans: list[tuple[int, int]] = []
        start = last = -1
        score = 0
        for i, weight in enumerate(weights + [0] * (MOJIBAKE_GAP + 1)):
            if i < len(weights) and weight:
                if start < 0:
                    start, score = i, 0
                last = i
                score += weight
            elif start >= 0 and i - last > MOJIBAKE_GAP:
                if score >= MOJIBAKE_SCORE:
                    spans.append((start, last + 1))
                start = -1
        if not spans:
            out.append(line)
            continue
        widened: list[tuple[int, int]] = []
        for number, (begin, end) in enumerate(spans):
            floor = widened[-1][1] if widened else 0
            ceiling = spans[number + 1][0] if number + 1 < len(spans) else len(line)
            widened.append(_widen(line, begin, end, floor, ceiling))
        pieces = []
        cursor = 0
        for begin, end in widened:
            pieces.append(line[cursor:begin])
            pieces.append(f"{MARK_OPEN}{line[begin:end]}{MARK_CLOSE}")
            removed.append(line[begin:end])
            cursor = end
            count += 1
        pieces.append(line[cursor:])
        out.append("".join(pieces))
    return Fix("\n".join(out), count, tuple(removed))


# -- 3. Traditional → Simplified --------------------------------------------------

def to_simplified(text: str) -> Fix:
    """Convert Traditional characters to Simplified with OpenCC (phrase-aware).

    Counted per changed character. Marked passages are converted too: their
    real characters (建設 next to the damage) read better, and the garbage
    is no less garbage in Simplified.
    """
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        changed = sum(a != b for a, b in zip(text, converted))
    else:  # pragma: no cover - t2s keeps lengths in practice
        changed = abs(len(converted) - len(text)) or 1
    return Fix(converted, changed)


def traditional_left(text: str) -> str:
    """Characters that OpenCC would still convert (for checks and tests)."""
    return "".join(sorted({c for c in text if _HAN_RE.match(c) and _t2s().convert(c) != c}))


# -- 4. boilerplate -----------------------------------------------------------------

LABEL_EDITOR = "网站编者按（小编整理等）"
LABEL_PUBLISHED = "发布时间、点击计数"
LABEL_DECOR = "标题装饰（[大全5篇]等）"
LABEL_MOJIBAKE = "疑似乱码（已标出，未猜测）"
"""Report labels that other modules look up in :attr:`Cleaned.removed`."""


@dataclass(frozen=True)
class Rule:
    """One kind of site boilerplate: a Chinese label and the lines it matches."""

    label: str
    line: re.Pattern[str]


BOILERPLATE: tuple[Rule, ...] = (
    Rule(LABEL_EDITOR, re.compile(
        r"小编|^(?:下面|以下)是?(?:本站|编辑|我们)?为(?:大家|你|您)|^简介[:：]|供大家参考|欢迎(?:阅读|借鉴)|"
        r"仅供参考|希望(?:对|能)(?:大家|你|您)有(?:所)?帮助|由会员分享|可在线阅读|请在.{0,80}上搜索")),
    Rule("推荐访问、相关热词", re.compile(
        r"^(?:推荐访问|相关热词搜索|热点文章阅读|热门文章|猜你喜欢|相关阅读|相关搜索|标签)[:：]?")),
    Rule("下载与版权声明", re.compile(
        r"下载本文|点此处?下载|下载.{0,60}(?:word|doc|docx|pdf)|\.docx?$|将本文档下载|文档为\s*(?:doc|docx|pdf)\s*格式|"
        r"^声明[:：]|版权(?:所有|归)|涉嫌(?:版权|侵权)|侵权内容|免费下载|会员上传|本站(?:不|将|仅)|"
        r"复制链接|收藏本文", re.I)),
    Rule(LABEL_PUBLISHED, re.compile(
        r"^(?:发布(?:时间|日期)|更新时间|时间|日期|来源|作者|点击|浏览|阅读)[:：].{0,60}(?:点击|浏览|阅读|来源|作者)[:：]?|"
        r"^发布(?:时间|日期)[:：]|^(?:点击|浏览|阅读)(?:数|量|次数)?[:：]\s*\d*\s*$")),
)
"""Lines that belong to the website, not the document."""

BOILERPLATE_LINE_MAX = 200
"""Longest line removed whole for a match in its middle.

A long line with a match inside is a paragraph of the document that a site
stamped (``…强大合力。公务员之家版权所有``): only :data:`WATERMARK` is cut
from it, the paragraph stays.
"""

WATERMARK = re.compile(
    r"(?:(?<=[。！？；，”])|^)(?:[\u4e00-\u9fffA-Za-z0-9]{2,10}(?:版权所有|独家发布|原创首发)"
    r"|(?:本文|文章)(?:来自|来源于|转载自)[^\s。，；]{2,20}(?:网|文库|之家)[。.]?)[ \t]*$", re.M)
"""A site's name stamped at the end of a paragraph."""

_RELATED_LIST = re.compile(r"^(?:相关范文推荐|相关文章推荐|相关推荐|相关文章|精选范文|更多相关|热门范文|推荐范文"
                           r"|相关链接|延伸阅读|推荐阅读|精彩推荐|热点推荐)[:：]?\s*$")
_PAGE_COUNTER = re.compile(
    r"第\s*\d+\s*页\s*[,，/]?\s*共\s*\d+\s*页|^\s*[-—–]\s*\d+\s*[-—–]\s*$|^\s*\d+\s*/\s*\d+\s*$"
    r"|(?:\[\d{1,3}\]\s*){2,}(?:下一页|上一页)?|(?:\[\d{1,3}\]\s*)*(?:首页\s*)?(?:上一页|下一页)(?:\s*(?:尾页|末页))?",
    re.M)
"""Page counters and pagination links: 第8页 共8页, - 3 -, 2/8, [1][2]下一页."""
_HIDDEN = re.compile(r"[……\.]*\s*[（(【\[]?\s*此处隐藏[:：]?\s*\d*\s*字?\s*[)）】\]]?\s*[……\.]*"
                     r"|(?:需要|查看)完整(?:文档|内容|全文)[^。\n]{0,20}(?:下载|登录|VIP)[^。\n]{0,20}")
_TITLE_DECOR = re.compile(r"[\[【（(]\s*(?:大全|精选|通用|优秀|完整|最新|范文)?\s*[\d一二三四五六七八九十]*\s*篇?\s*"
                          r"(?:模版|模板|材料|范文|合集|汇编|文档|精选)?\s*[\]】)）]")


def _decor(match: re.Match[str]) -> bool:
    """Whether a bracketed run is site decoration like [大全5篇] or (完整文档)."""
    inner = match.group(0)[1:-1].strip()
    return bool(inner) and bool(re.search(r"篇|模版|模板|范文|完整|精选|大全", inner))


def remove_boilerplate(text: str) -> dict[str, Fix]:
    """Remove website furniture; returns one :class:`Fix` per kind, applied in order.

    The result maps each Chinese label to its fix; the last fix's text is the
    cleaned text. Kept separate per kind so the report can count them apart.
    """
    results: dict[str, Fix] = {}
    lines = text.split("\n")
    # Lists of other documents: everything from the list heading on, when it
    # is in the last part of the page (a heading near the top is not a footer).
    cut: list[str] = []
    for index, line in enumerate(lines):
        if _RELATED_LIST.match(line.strip()) and index >= len(lines) * 0.5:
            cut = lines[index:]
            lines = lines[:index]
            break
    results["相关文章列表"] = Fix("\n".join(lines), len([c for c in cut if c.strip()]),
                            tuple(c for c in cut if c.strip()))
    # stamps first: a stamped paragraph must not be taken for a copyright line
    joined = "\n".join(lines)
    stamps = [m.group(0) for m in WATERMARK.finditer(joined)]
    lines = WATERMARK.sub("", joined).split("\n")
    results["网站水印"] = Fix("\n".join(lines), len(stamps), tuple(stamps))
    for rule in BOILERPLATE:
        kept, gone = [], []
        for line in lines:
            stripped = line.strip()
            match = rule.line.search(stripped) if stripped else None
            if match and (len(stripped) <= BOILERPLATE_LINE_MAX or match.start() == 0) \
                    and not MARKED.search(line):
                gone.append(stripped)
            else:
                kept.append(line)
        lines = kept
        results[rule.label] = Fix("\n".join(lines), len(gone), tuple(gone))
    joined = "\n".join(lines)
    pages = _PAGE_COUNTER.findall(joined)
    joined = _PAGE_COUNTER.sub("", joined)
    results["页码"] = Fix(joined, len(pages), tuple(pages))
    hidden = [m.group(0) for m in _HIDDEN.finditer(joined) if m.group(0).strip(" .…")]
    joined = _HIDDEN.sub(lambda m: "" if m.group(0).strip(" .…") else m.group(0), joined)
    results["“此处隐藏…字”提示"] = Fix(joined, len(hidden), tuple(hidden))
    # only the title line's decoration says what the page is ([大全5篇] = a compilation);
    # the same brackets further down are the site's and are counted apart
    first = re.search(r"\S[^\n]*", joined)
    title_end = first.end() if first else 0
    decor = [m.group(0) for m in _TITLE_DECOR.finditer(joined) if _decor(m) and m.start() < title_end]
    other = [m.group(0) for m in _TITLE_DECOR.finditer(joined) if _decor(m) and m.start() >= title_end]
    joined = _TITLE_DECOR.sub(lambda m: "" if _decor(m) else m.group(0), joined)
    results[LABEL_DECOR] = Fix(joined, len(decor), tuple(decor))
    results["网页装饰（[通用3篇]等，不在标题行）"] = Fix(joined, len(other), tuple(other))
    return results


# -- 5. punctuation and spaces ----------------------------------------------------------

_WIDE = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_CJKISH = re.compile(f"[{HAN}\u3000-\u303f\uff01-\uff5e“”‘’…—]")
_PAREN = re.compile(r"\(([^()\n]{1,40})\)")


def normalise_punctuation(text: str) -> Fix:
    """Half-width , : ; ? ! ( ) next to Chinese text → full-width.

    Only where a Han character or Chinese punctuation is adjacent, so times
    (15:20), numbers (1,894) and Latin text keep their ASCII punctuation.
    """
    def step(piece: str) -> Fix:
        count = 0
        chars = list(piece)
        for i, char in enumerate(chars):
            if char not in _WIDE:
                continue
            before = chars[i - 1] if i else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if before.isdigit() and after.isdigit():
                continue
            if _CJKISH.match(before or " ") or _CJKISH.match(after or " "):
                chars[i] = _WIDE[char]
                count += 1
        piece = "".join(chars)

        def paren(match: re.Match[str]) -> str:
            nonlocal count
            inner = match.group(1)
            start, end = match.span()
            before = piece[start - 1] if start else ""
            after = piece[end] if end < len(piece) else ""
            if _CJKISH.search(inner) or _CJKISH.match(before or " ") or _CJKISH.match(after or " "):
                count += 1
                return f"（{inner}）"
            return match.group(0)
        piece = _PAREN.sub(paren, piece)
        return Fix(piece, count)
    return outside_marks(text, step)


_MARK_AT_END = re.compile(MARKED.pattern + "$")


def _ended(line: str) -> bool:
    """Whether *line* ends a sentence (or a lead-in such as ``同志们：``)."""
    line = line.rstrip()
    if not line:
        return True
    if line[-1] in SENTENCE_END:
        return True
    if line.endswith(MARK_CLOSE) and _MARK_AT_END.search(line):
        return True  # damage swallowed the end: gluing the next line onto garbage helps nobody
    return line[-1] in "”’」』）)" and len(line) > 1 and line[-2] in SENTENCE_END


HEADING_MAX = 60
"""Longest numbered line taken for a heading; a longer one is a page of text
whose first word happens to be a page number."""


def _is_heading(line: str) -> bool:
    """A numbered heading line (no sentence end): never continued by the next line."""
    line = line.strip()
    return bool(HEADING.match(line)) and not _ended(line) and len(line) <= HEADING_MAX \
        and not re.search(r"[。！？；]", line)


_DATE_LINE = re.compile(r"^(?:(?:19|20)\d{2}|[*＊X×x]{1,4})\s*年\s*(?:\d{1,2}|[*＊X×x]{1,2})\s*月"
                        r"\s*(?:\d{1,2}|[*＊X×x]{1,2})\s*日$")
"""A date alone on a line (落款), also masked (****年*月**日) or a placeholder (X年X月X日)."""


def _starts_new(line: str) -> bool:
    """Whether *line* opens a new paragraph whatever precedes it."""
    line = line.strip()
    return bool(HEADING.match(line) or ITEM.match(line) or SALUTATION.match(line) or _DATE_LINE.match(line))


def _title_like(line: str) -> bool:
    """A short line without punctuation: a document or speech title."""
    line = line.strip()
    return 0 < len(line) <= 40 and not re.search(r"[，。！？；：,;!?]", line)


_PAGE_NUMBER = re.compile(r"^(\d{1,3})、")


def drop_page_numbers(text: str) -> Fix:
    """Remove the page numbers a converter put in front of each page's text.

    Document-sharing sites print each page as ``N、…``, so the number sits
    where a list number would. A number is taken for a page number when the
    line before it stops mid-sentence; a run of consecutive numbers on
    consecutive lines is taken as pages as a whole when most of its breaks
    fall mid-sentence (the pages that happen to start a paragraph included).
    Real list items (``1、以加强能力建设为核心…`` after a finished sentence)
    are kept.
    """
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if line.strip()]
    numbered: list[tuple[int, int]] = []  # (position in body, number)
    for pos, index in enumerate(body):
        match = _PAGE_NUMBER.match(lines[index].strip())
        if match:
            numbered.append((pos, int(match.group(1))))

    def broken_before(pos: int) -> bool:
        """Whether the line before body line *pos* stops mid-sentence (so *pos* continues it)."""
        if pos == 0:
            return False
        prev = lines[body[pos - 1]]
        return not _ended(prev) and not _is_heading(prev) and not (pos - 1 == 0 and _title_like(prev))

    pages: set[int] = set()
    run: list[tuple[int, int]] = []
    for item in numbered + [(-10, -10)]:
        if run and item[0] == run[-1][0] + 1 and item[1] == run[-1][1] + 1:
            run.append(item)
            continue
        if len(run) >= 3:
            broken = sum(broken_before(pos) for pos, _ in run[1:])
            if broken * 2 >= len(run) - 1:
                pages.update(pos for pos, _ in run)
        run = [item]
    for pos, _ in numbered:
        if broken_before(pos):
            pages.add(pos)
    removed = []
    for pos in sorted(pages):
        index = body[pos]
        stripped = lines[index].lstrip()
        match = _PAGE_NUMBER.match(stripped)
        assert match is not None
        removed.append(match.group(0))
        lines[index] = stripped[match.end():]
    return Fix("\n".join(lines), len(removed), tuple(removed))


def _whole_mark(line: str) -> bool:
    """A line that is entirely a 〔待核：…〕 mark: kept apart, never joined."""
    return line.startswith("〔待核：") and line.endswith("〕")


def rejoin_broken_lines(text: str) -> Fix:
    """Join a line that stops mid-sentence with the line that continues it.

    Scrapes break lines at page ends and at semicolons; a line that does not
    end a sentence (or ends with a semicolon) is continued by the next
    non-empty line unless that line starts a heading, a list item or a
    salutation. Headings and a leading title line are never continued.
    """
    out: list[str] = []
    joins = 0
    for line in (raw.strip() for raw in text.split("\n")):
        if not line:
            continue
        if out:
            prev = out[-1]
            broken = not _ended(prev) or prev.endswith(("；", ";"))
            protected = _is_heading(prev) or (SALUTATION.match(prev) is not None and len(prev) <= 20) \
                or (all(_whole_mark(o) for o in out[:-1]) and _title_like(prev)) or _whole_mark(prev)
            if broken and not protected and not _starts_new(line) and not _whole_mark(line):
                out[-1] = prev + line
                joins += 1
                continue
        out.append(line)
    return Fix("\n".join(out), joins)


_SPACE_RUN = re.compile(r"[ ]+")


def split_inline_headings(text: str) -> Fix:
    """Break a paragraph where a space is followed by a heading or list number.

    Converted Word files often carry a whole page as one line, with headings
    set off only by spaces: ``…经验是： 一、以扩大党建覆盖面为目标…转变 xx街道是…``.
    A space starts a new paragraph when a heading number follows it, when a
    sentence has just ended, when it closes a heading (text since the line
    start began with a heading number and has not ended a sentence), or when
    it follows a short unpunctuated title at the start of the document.
    """
    out: list[str] = []
    splits = 0
    for number, line in enumerate(text.split("\n")):
        pieces = _SPACE_RUN.split(line)
        if len(pieces) == 1:
            out.append(line)
            continue
        current = pieces[0]
        for piece in pieces[1:]:
            if not current or not piece:
                current += (" " if current and piece else "") + piece
                continue
            ended = current[-1] in "。！？；：!?;:"
            heading = bool(HEADING.match(current)) and not re.search(r"[。！？；]", current)
            title = number == 0 and not out and _title_like(current) \
                and not _title_like(" ".join(pieces[pieces.index(piece):]))
            if HEADING.match(piece) or (ended and _CJKISH.match(piece[0])) or \
                    (heading and len(current) <= 60) or title:
                out.append(current)
                splits += 1
                current = piece
            else:
                current += " " + piece
        out.append(current)
    return Fix("\n".join(out), splits)


_GAP = re.compile(f"(?<=[{HAN}，。、；：！？“”（）《》])[ ]+(?=[{HAN}，。、；：！？“”（）《》])")


def tidy_spaces(text: str) -> Fix:
    """Drop spaces between Chinese characters and blank runs; one paragraph per line.

    Chinese has no spaces between words; one inside a sentence is left over
    from a line wrap in the original layout.
    """
    def step(piece: str) -> Fix:
        count = len(_GAP.findall(piece))
        piece = _GAP.sub("", piece)
        return Fix(piece, count)
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), -1)
    headline = ""
    if first >= 0 and _title_like(lines[first]) and re.fullmatch(f"[{HAN}“”]{{4,}} [{HAN}“”]{{4,}}",
                                                                lines[first].strip()):
        headline = lines[first].strip()  # 打造家门口的服务圈 让居民办事不出社区: two halves of a headline
    fixed = outside_marks(text, step)
    lines = [re.sub(r"[ ]{2,}", " ", line).strip() for line in fixed.text.split("\n")]
    lines = [line for line in lines if line]
    if headline and lines:
        lines[0] = headline
    return Fix("\n".join(lines), fixed.count - (1 if headline else 0))


def count_placeholders(text: str) -> int:
    """Number of placeholders (X, ×, ×××, xx, XX, 20xx) in *text*."""
    return len(PLACEHOLDER.findall(MARKED.sub("", text)))


# -- the pipeline ----------------------------------------------------------------------------

STEP_LABELS: dict[str, str] = {
    "markup": "HTML/BBCode 残片",
    "debris": "断开的 HTML 标签（?/p>、\">）",
    "repeats": "重复段落（网站为搜索引擎重复插入）",
    "headline": "标题后缀和范文小标题（…范文、…模板）",
    "unsure": "拿不准的行（已保留并标出〔待核〕）",
    "pinyin": "粘连的拼音注音",
    "mojibake": LABEL_MOJIBAKE,
    "t2s": "繁体字转简体（字数）",
    "punct": "半角标点改全角",
    "pages": "分页编号",
    "rejoin": "断开的句子接回",
    "split": "行内标题分段",
    "spaces": "多余空格",
}
"""Labels of the non-boilerplate steps, as printed in the report."""


def clean(text: str) -> Cleaned:
    """Run every cleaning step in order; see the module docstring for why this order."""
    result = Cleaned("")

    def record(label: str, fix: Fix) -> str:
        """Keep the count and removals of one step; hand its text to the next."""
        if fix.count:
            result.counts[label] = result.counts.get(label, 0) + fix.count
        if fix.removed:
            result.removed.setdefault(label, []).extend(fix.removed)
        return fix.text

    from . import sitetext  # it builds on this module's Fix and MARKED

    result.original = text
    text = normalise_newlines(text).text
    text = record(STEP_LABELS["markup"], strip_markup(text))
    text = record(STEP_LABELS["debris"], sitetext.strip_debris(text))
    text = record(STEP_LABELS["pinyin"], repair_glued_pinyin(text))
    text = record(STEP_LABELS["mojibake"], mark_mojibake(text))
    text = record(STEP_LABELS["t2s"], to_simplified(text))
    # whole lines first: a caption line "图为…（XX供图）" goes whole, not just its credit
    for label, fix in sitetext.remove_site_lines(text).items():
        text = record(label, fix)
    for label, fix in sitetext.remove_inline(text).items():
        text = record(label, fix)
    text = record(STEP_LABELS["repeats"], sitetext.remove_repeats(text))
    text = record(STEP_LABELS["headline"], sitetext.strip_headline_suffix(text))
    for label, fix in remove_boilerplate(text).items():
        text = record(label, fix)
    fix, unsure = sitetext.mark_unsure(text)
    text = record(STEP_LABELS["unsure"], fix)
    original = to_simplified(repair_glued_pinyin(result.original).text).text.split("\n")
    result.unsure = [sitetext.Unsure(sitetext.locate(original, line), line, why) for line, why in unsure]
    text = record(STEP_LABELS["punct"], normalise_punctuation(text))
    text = record(STEP_LABELS["pages"], drop_page_numbers(text))
    text = record(STEP_LABELS["rejoin"], rejoin_broken_lines(text))
    text = record(STEP_LABELS["split"], split_inline_headings(text))
    text = record(STEP_LABELS["spaces"], tidy_spaces(text))
    result.text = text
    result.placeholders = count_placeholders(text)
    return result
