"""Text a website put around or inside a document, removed only where certain.

:mod:`.clean` already removes the boilerplate of document-sharing sites. Real
pages carry more: a government site's breadcrumbs, font-size and print
buttons; a news page's byline, editor and photo credits; a template site's
"click to see the hidden part" and download notes; a spam site's advert
injected into the middle of sentences; the same paragraph repeated with
search keywords in front of it. The patterns live in ``words.yml`` so that
a new site's phrase is a one-line change.

Each step removes only what it is sure of, and says what it removed. A line
that only *might* be the site's (two names joined by ``+`` at the top of a
page: the authors? a headline?) stays in the text, marked ``〔待核：…〕``, and
is reported with its line number in the original file, so a contributor can
decide; cleaning never silently cuts a line it is unsure of.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from . import words as wordlists
from .clean import HAN, MARKED, Fix

UNSURE_OPEN = "〔待核："
UNSURE_CLOSE = "〕"
UNSURE = re.compile(re.escape(UNSURE_OPEN) + r"[^〕\n]*" + re.escape(UNSURE_CLOSE))


@dataclass(frozen=True)
class Unsure:
    """A line kept although it may be the site's, for the report."""

    line: int
    """Line number in the original file (1-based); 0 when it cannot be found."""
    text: str
    why: str


@functools.lru_cache(maxsize=1)
def _rules() -> dict[str, list[re.Pattern[str]]]:
    """Label → compiled whole-line patterns from words.yml."""
    return {label: [re.compile(p) for p in patterns]
            for label, patterns in wordlists.load()["site_lines"].items()}


# -- debris of cut HTML, before anything reads characters ------------------------------

_FUSED_TAG = re.compile(r"[?？!！]*\?/(?:p|div|span|li|td|tr|th|h[1-6]|a|b|i|u|em|strong|font|section)>", re.I)
"""A closing tag whose ``<`` was decoded as ``?`` and fused with the punctuation before it: ``?!?/p>``."""
_CUT_ATTRIBUTE = re.compile(r"^[ \t]*[\"'][ \t]*/?>", re.M)
"""The end of an HTML attribute left at the start of a line when a tag was cut: ``">``."""


def strip_debris(text: str) -> Fix:
    """Remove fused closing tags and cut attribute ends that :func:`.clean.strip_markup` cannot see.

    Runs before the mojibake detector, which would otherwise take ``?!?/p>``
    for damaged text and keep it, marked.
    """
    found = _FUSED_TAG.findall(text) + _CUT_ATTRIBUTE.findall(text)
    if not found:
        return Fix(text)
    text = _CUT_ATTRIBUTE.sub("", _FUSED_TAG.sub("", text))
    return Fix(text, len(found), tuple(found))


# -- whole lines ---------------------------------------------------------------------------

def _site_line(line: str) -> str:
    """The label of the site rule *line* matches, or ''."""
    limit = wordlists.load()["site_line_max"]
    # a mark the mojibake detector put on site furniture (字号：T|T) does not save it
    line = MARKED.sub(lambda m: m.group(0)[m.group(0).index("：") + 1:-1], line)
    if not line or len(line) > limit:
        return ""
    for label, patterns in _rules().items():
        if any(p.search(line) for p in patterns):
            return label
    return ""


def remove_site_lines(text: str) -> dict[str, Fix]:
    """Remove lines that are the site's, one :class:`Fix` per label (in words.yml order).

    A download-notes block (``温馨提示：`` followed by numbered notes about
    downloading) goes as a whole: the heading and the short notes after it.
    """
    config = wordlists.load()
    head = re.compile(config["site_block_heads"])
    block_word = re.compile(config["site_block_words"])
    lines = text.split("\n")
    gone: dict[str, list[str]] = {label: [] for label in _rules()}
    kept: list[str] = []
    in_block = False
    block_label = "隐藏内容、下载和客服提示"
    for raw in lines:
        line = raw.strip()
        if in_block:
            if line and len(line) <= 60 and block_word.search(line):
                gone[block_label].append(line)
                continue
            if line:
                in_block = False
        if line and head.match(line):
            gone[block_label].append(line)
            in_block = True
            continue
        label = _site_line(line)
        if label:
            gone[label].append(line)
        else:
            kept.append(raw)
    text = "\n".join(kept)
    return {label: Fix(text, len(removed), tuple(removed)) for label, removed in gone.items()}


# -- inside lines ---------------------------------------------------------------------------

_BRACKETED = re.compile(r"[【\[]([^【】\[\]\n]{2,40})[】\]]|[（(]([^（）()\n]{2,40})[）)]")
_DOMAIN = re.compile(r"(?:www\.|https?://)[A-Za-z0-9-]+|[A-Za-z0-9-]+\.(?:com|cn|net|org)\b", re.I)
_PHOTO = re.compile(r"[（(]\s*(?:摄影|摄|图片来源|供图|图|图文)\s*[:：／/]\s*[^（）()\n]{1,20}[）)]"
                    r"|[（(][^（）()\n，。]{1,20}(?:摄|供图)[）)]")


_NEWS_LEAD = re.compile(r"^[ \t]*(?:[\u4e00-\u9fffXx×0-9]{0,16}(?:讯|电))?[ \t]*[（(][ \t]*(?:本报|本台|本网)?(?:特约)?"
                        r"(?:记者|通讯员|实习生)[^（）()\n]{1,40}[）)][ \t]*", re.M)
"""A news story's opening credit: 本报讯（记者 王X 通讯员 李X）, 新华社北京3月5日电（记者 X）."""


def remove_inline(text: str) -> dict[str, Fix]:
    """Remove adverts injected into sentences, photo credits and a news story's opening credit.

    An advert is a bracketed phrase with a web address in it, or one made of
    advertising words (免费, 领取, 下载 …) that the page repeats: a bracket
    that occurs once and only says 下载 may be the author's.
    """
    ad_word = re.compile(wordlists.load()["ad_words"])
    seen = Counter(m.group(0) for m in _BRACKETED.finditer(text))

    def advert(match: re.Match[str]) -> bool:
        inner = match.group(1) or match.group(2) or ""
        if _DOMAIN.search(inner):
            return True
        return seen[match.group(0)] >= 2 and bool(ad_word.search(inner)) \
            and not re.search("[，。；]", inner)

    ads = [m.group(0) for m in _BRACKETED.finditer(text) if advert(m)]
    text = _BRACKETED.sub(lambda m: "" if advert(m) else m.group(0), text)
    photos = _PHOTO.findall(text)
    text = _PHOTO.sub("", text)
    leads = _NEWS_LEAD.findall(text)
    text = _NEWS_LEAD.sub("", text)
    return {"文中插入的广告": Fix(text, len(ads), tuple(ads)),
            "图片署名": Fix(text, len(photos), tuple(photos)),
            "记者、编辑、图片署名": Fix(text, len(leads), tuple(leads))}


def strip_headline_suffix(text: str) -> Fix:
    """Remove 范文, 模板 … that a template site appends to the headline, and its copies.

    On the first line (the headline) only the suffix goes; a later line that
    is nothing but such a title (``街道党建工作总结范文（通用3篇）``, the site's
    heading over its variants) goes whole. The same word inside a sentence
    is the author's.
    """
    config = wordlists.load()
    suffix = re.compile(config["headline_suffix"])
    copy = re.compile(config["template_title_line"])
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return Fix(text)
    removed: list[str] = []
    line = lines[first].strip()
    match = suffix.search(line)
    if match and len(line) <= 40 and not re.search("[，。！？；：]", line) and match.start() >= 4:
        lines[first] = line[:match.start()]
        removed.append(match.group(0))
    kept = lines[:first + 1]
    for raw in lines[first + 1:]:
        if copy.match(raw.strip()):
            removed.append(raw.strip())
        else:
            kept.append(raw)
    return Fix("\n".join(kept), len(removed), tuple(removed))


# -- repeated paragraphs ---------------------------------------------------------------------------

_NUMBERING = re.compile(r"^(?:\d{1,2}\s*[、.．]|[（(]?[一二三四五六七八九十]+[)）、])\s*")
_KEY = re.compile(f"[^{HAN}0-9]")
REPEAT_MIN = 12
"""Shortest paragraph (in characters that count) whose repetition is taken for the site's."""


def remove_repeats(text: str) -> Fix:
    """Remove a paragraph that repeats an earlier one, search keywords and numbering aside.

    Template sites print numbered paragraphs a second time with the page's
    keywords in front (``1、社区工作汇报范文 设立党员先锋岗。…``). The copy adds
    nothing, so removing it is safe; the first occurrence stays.
    """
    seo = re.compile(wordlists.load()["seo_prefix"])
    seen: set[str] = set()
    before = ""
    kept: list[str] = []
    removed: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        body = _NUMBERING.sub("", seo.sub("", _NUMBERING.sub("", line)))
        key = _KEY.sub("", body)
        # a copy behind search keywords may span two earlier lines (heading + text)
        copied = key in seen or (body != _NUMBERING.sub("", line) and key in before)
        if len(key) >= REPEAT_MIN and copied and not MARKED.search(line):
            removed.append(line)
            continue
        if len(key) >= REPEAT_MIN:
            seen.add(key)
        before += _KEY.sub("", _NUMBERING.sub("", line))
        kept.append(raw)
    return Fix("\n".join(kept), len(removed), tuple(removed))


# -- lines we are not sure of ------------------------------------------------------------------------

def mark_unsure(text: str) -> tuple[Fix, list[tuple[str, str]]]:
    """Mark lines that may be the site's; returns the fix and (line, why) pairs.

    Only the first and last few lines are looked at: bylines and author
    lines stand there, while the same shapes in the middle of a text are
    the text (a heading such as 党建+治理).
    """
    config = wordlists.load()
    edge = config["unsure_edge_lines"]
    patterns = {why: re.compile(p) for why, p in config["unsure_lines"].items()}
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if line.strip()]
    edges = set(body[:edge] + body[-edge:])
    found: list[tuple[str, str]] = []
    for index in sorted(edges):
        line = lines[index].strip()
        if MARKED.search(line) or UNSURE.search(line):
            continue
        for why, pattern in patterns.items():
            if pattern.search(line):
                lines[index] = f"{UNSURE_OPEN}{line}{UNSURE_CLOSE}"
                found.append((line, why))
                break
    return Fix("\n".join(lines), len(found)), found


_HAN_ONLY = re.compile(f"[^{HAN}0-9A-Za-z]")


def locate(original_lines: list[str], snippet: str) -> int:
    """The 1-based number of the first original line that holds *snippet* (0 if none).

    Compared on letters and digits only, so spacing, punctuation width and
    markup around the line do not matter; *original_lines* must already be
    converted to Simplified.
    """
    key = _HAN_ONLY.sub("", snippet)
    if not key:
        return 0
    for number, line in enumerate(original_lines, 1):
        if key in _HAN_ONLY.sub("", line):
            return number
    return 0
