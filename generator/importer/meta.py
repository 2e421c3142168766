"""What a document says about itself: title, kind, date, level.

Each value is taken only from something the document (or the page it was
saved from) states, and :class:`Meta` records where it came from. When the
text does not show a value it stays empty: a wrong date or level in
``source.md`` would be copied into cases, a missing one only asks a
contributor to look.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..schema import SOURCE_KINDS as KINDS  # noqa: F401  (the kinds data/sources/ accepts)
from ..schema import SOURCE_LEVELS as LEVELS  # noqa: F401
from .clean import HEADING, LABEL_DECOR, LABEL_EDITOR, LABEL_PUBLISHED, MARKED, Cleaned


@dataclass
class Meta:
    """Detected metadata; empty strings and ``None`` mean "the text does not say"."""

    title: str = ""
    proposed: bool = False
    """The document has no headline; :attr:`title` is a proposal taken from its text."""
    kind: str = ""
    level: str = ""
    date: dt.date | None = None
    why: dict[str, str] = field(default_factory=dict)
    """Field → where the value was found, in Chinese, for source.md and the report."""


_DECOR = re.compile(r"[\[【（(]\s*(?:大全|精选|通用|优秀|完整|最新)?[^\]】)）]{0,6}"
                    r"(?:篇|文档|模版|模板|范文|材料)[^\]】)）]{0,4}[\]】)）]")
_EDITOR = re.compile(r"(?:整理|收集|准备)(?:了|的)(?:多篇)?(?:相关的)?《?(.{4,60}?)》?"
                     r"(?:[（(]完整文档[)）]|[，,。]|供大家|$)")
_BOOK = re.compile(r"《\s*\d*\s*([^《》]{4,60}?)(?:\.(?:docx?|pdf|txt))?\s*》")


def tidy_title(title: str) -> str:
    """Strip site decoration ([大全5篇], (完整文档)) and stray punctuation from a title."""
    title = _DECOR.sub("", title)
    title = re.sub(r"\.(?:docx?|pdf|txt|html?)$", "", title.strip(), flags=re.I)
    title = re.sub(r"[_|｜\-—–]\s*[^_|｜\-—–]{1,12}(?:网|文库|之家|范文)\s*$", "", title)
    return title.strip(" 　:：,，。")


def _title_line(line: str) -> bool:
    """A line that can be a title: short, no sentence punctuation, not a heading or salutation."""
    line = line.strip()
    return (4 <= len(line) <= 50 and not re.search(r"[，。！？；：,;!?]", line)
            and not HEADING.match(line) and not MARKED.search(line))


def detect_title(cleaned: Cleaned, hint: str = "") -> tuple[str, str]:
    """(title, where it came from), or ("", "") when nothing looks like one."""
    # lines kept but marked as possibly the site's (an author line above the
    # headline) are never the title, and do not hide the headline below them
    paragraphs = [p for p in cleaned.paragraphs if not (p.startswith("〔待核：") and p.endswith("〕"))]
    if paragraphs and _title_line(paragraphs[0]):
        return tidy_title(paragraphs[0]), "正文第一行"
    if hint and _title_line(tidy_title(hint)):
        return tidy_title(hint), "文件自带的标题"
    for line in cleaned.removed.get(LABEL_EDITOR, []):
        for pattern in (_EDITOR, _BOOK):
            match = pattern.search(line)
            if match and _title_line(tidy_title(match.group(1))):
                return tidy_title(match.group(1)), "网站编者按"
    return "", ""


def detect_kind(title: str, cleaned: Cleaned) -> tuple[str, str]:
    """(kind, reason): 讲话汇编 / 述职点评 / 讲话 / 工作汇报, or ("", "")."""
    parts = [p for p in cleaned.paragraphs if re.match(r"^第[一二三四五六七八九十\d]+篇", p)]
    decor = " ".join(cleaned.removed.get(LABEL_DECOR, []))
    many = re.search(r"(\d+|[二三四五六七八九十])篇", decor)
    if len(parts) >= 2 or many:
        return "讲话汇编", f"正文分为 {len(parts)} 篇" if len(parts) >= 2 else f"网页标题注明“{many.group(0)}”"  # type: ignore[union-attr]
    if re.search(r"述职.{0,4}点评|点评提纲", title):
        return "述职点评", "标题"
    if re.search(r"讲话|致辞|发言|讲评", title):
        return "讲话", "标题"
    if re.search(r"汇报|工作报告", title):
        return "工作汇报", "标题"
    return "", ""


_ISSUER = (
    (re.compile(r"县[（(]区[)）]|区[（(]县[)）]|全区|(?<!社)区委|区直"), "区"),
    (re.compile(r"街道"), "街道"),
    (re.compile(r"全镇|镇党委|镇委"), "镇"),
    (re.compile(r"全乡|乡党委"), "乡"),
    (re.compile(r"全县|县委|县直"), "县"),
    (re.compile(r"全市|市委"), "市"),
    (re.compile(r"社区党委|社区党总支|社区党支部"), "社区"),
    (re.compile(r"村党支部|村党委"), "村"),
)
"""Title patterns naming the body that speaks or reports, most specific first."""

_SELF = {
    "区": re.compile(r"[我本]区(?!域)"),
    "县": re.compile(r"[我本]县"),
    "市": re.compile(r"[我本]市"),
    "街道": re.compile(r"[我本]街道"),
    "镇": re.compile(r"[我本]镇"),
    "乡": re.compile(r"[我本]乡(?![亲村土])"),
    "社区": re.compile(r"[我本]社区"),
    "村": re.compile(r"[我本]村"),
}
"""How a speaker refers to their own area: 我区, 本镇 …"""


def detect_level(title: str, cleaned: Cleaned) -> tuple[str, str]:
    """(level, reason) from the title, else from how the text refers to itself.

    The text counts only when one level is named clearly more often than any
    other (at least twice, and more than the runner-up).
    """
    for pattern, level in _ISSUER:
        if title and pattern.search(title):
            return level, f"标题中的“{pattern.search(title).group(0)}”"  # type: ignore[union-attr]
    text = MARKED.sub("", cleaned.text)
    counts = sorted(((len(p.findall(text)), level) for level, p in _SELF.items()), reverse=True)
    (best, level), (second, _) = counts[0], counts[1]
    if best >= 2 and best > second:
        return level, f"正文自称（“我{level}”“本{level}”共 {best} 处）"
    return "", ""


_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")


def _date(match: re.Match[str]) -> dt.date | None:
    """The matched date, or None for an impossible one (2020-02-30 is a typo, not a date)."""
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def detect_date(kind: str, cleaned: Cleaned) -> tuple[dt.date | None, str]:
    """(date, reason): the page's 发布时间, or a date standing alone on a line (落款).

    A compilation (讲话汇编) gets no date: its speeches have different ones.
    Upload times of document-sharing sites ("时间:…下载本文…") are not dates
    of the document and are ignored.
    """
    if kind == "讲话汇编":
        return None, ""
    for line in cleaned.removed.get(LABEL_PUBLISHED, []):
        # 发布时间：… anywhere in the line, or a news dateline "2021-07-02 08:15 来源：…"
        if re.search(r"发布(?:时间|日期)[:：]", line) or _DATE.match(line):
            match = _DATE.search(line)
            if match and (day := _date(match)):
                return day, "网页的发布时间"
    for line in reversed(cleaned.paragraphs[-5:]):
        match = _DATE.fullmatch(line.strip())
        if match and (day := _date(match)):
            return day, "文末落款"
    return None, ""


def detect(cleaned: Cleaned, hint: str = "") -> Meta:
    """All metadata the document shows."""
    meta = Meta()
    meta.title, why = detect_title(cleaned, hint)
    if why:
        meta.why["title"] = why
    meta.kind, why = detect_kind(meta.title, cleaned)
    if why:
        meta.why["kind"] = why
    meta.level, why = detect_level(meta.title, cleaned)
    if why:
        meta.why["level"] = why
    meta.date, why = detect_date(meta.kind, cleaned)
    if why:
        meta.why["date"] = why
    return meta


PROPOSAL_MAX = 30
"""Longest proposed title; a longer clause is cut at the practice's name."""


def propose_title(meta: Meta, paragraphs: list[str], mentions: list[tuple[int, int, int]]) -> None:
    """Give a document without a headline a proposed title, marked as such.

    *mentions* are (paragraph, start, end) of the practices found, in any
    order. The proposal is the clause of the first sentence that names one
    (“X社区推行‘周末议事会’”): it says what the document is about in its own
    words, and :attr:`Meta.proposed` makes every output say it is a proposal.
    Without any practice the title stays empty.
    """
    if meta.title or not mentions:
        return
    paragraph, start, end = min(mentions)
    text = paragraphs[paragraph]
    begin = max((text.rfind(p, 0, start) for p in "，。；！？：、"), default=-1) + 1
    stops = [i for i in (text.find(p, end) for p in "，。；！？：") if i >= 0]
    stop = min(stops) if stops else len(text)
    clause = text[begin:stop].strip()
    if len(clause) > PROPOSAL_MAX:
        clause = text[max(begin, end - PROPOSAL_MAX):end].strip()
    if not _title_line(clause) and len(clause) < 4:
        return
    meta.title = tidy_title(clause)
    meta.proposed = True
    meta.why["title"] = "建议标题：原文没有标题，取自第一句提到做法的话，请核对或改写"
