"""Finding the practices a document names, and where.

Four kinds of evidence, strongest first:

* a name the handbook already knows — a case title or alias (these become
  suggestions to update that case, never a second case) or a glossary term;
* a name in quotation marks that reads like a practice (“红色业委会”,
  “3344”党建工作法, “三卡”制度): speeches put their named practices in quotes,
  but also slogans (“最后一公里”), so a quoted name counts only if it ends
  like a practice (…岗, …中心, …工作法 …), is followed by such a word, or
  is a numbered formula (三会一课, 四议两公开, 1+3+3, 支部+X+贫困户);
* an unquoted named method or system (…工作法, …制度, …机制, …工程) whose
  name says more than the generic words (组织生活制度 and 奖惩机制 are not
  practices, 党员谈心交流制度 may be);
* glossary terms that are only mentioned are listed as terms to link, not
  drafted: the glossary explains a term once, a case describes a practice.

Matching ignores quotation marks and width (“3344”党建工作法 = 3344党建工作法),
because scrapes lose quotes and contributors drop them in titles.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Case, GlossaryEntry
from . import words as wordlists
from .clean import HAN, HEADING, ITEM, MARKED

# -- names ---------------------------------------------------------------------------

_QUOTES = re.compile(r"[“”‘’\"'「」『』《》〈〉\s]")
_DASHES = re.compile(r"[-‐‑‒–—―－]+")


def normalise(name: str) -> str:
    """Comparison form of a name: no quotes or spaces, folded width, one dash."""
    name = unicodedata.normalize("NFKC", name)
    name = _QUOTES.sub("", name)
    return _DASHES.sub("—", name)


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`normalise` applied to running text, with each output character's source index.

    Dashes are normalised one by one so that offsets stay exact.
    """
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char)
        if _QUOTES.fullmatch(folded or " "):
            continue
        if _DASHES.fullmatch(folded):
            folded = "—"
        for piece in folded:
            out.append(piece)
            where.append(index)
    return "".join(out), where


@dataclass(frozen=True)
class Known:
    """A name the handbook already has."""

    name: str
    """The name as written in the case or glossary file."""
    kind: str
    """``case`` or ``glossary``."""
    slug: str
    title: str
    """The case title or the glossary term the name belongs to."""
    path: str
    """The data file, for the report."""


def _case_names(case: Case) -> list[str]:
    """Every name a case can be found by in a text.

    Title and aliases, plus the parts of a compound title: the quoted core of
    小区党支部“拆—转—建” (texts say “拆—转—建” alone), the halves of
    新时代文明实践所（站）与家风家训馆, and titles without their bracketed notes.
    """
    names = [case.title, *case.aliases]
    title = case.title
    for quoted in re.findall(r"“([^”]{2,})”", title):
        if normalise(quoted) != normalise(title) and len(normalise(quoted)) >= 3:
            names.append(quoted)
    bare = re.sub(r"[（(][^）)]{1,6}[）)]", "", title)
    if bare != title:
        names.append(bare)
    for part in re.split(r"与|及|和", bare):
        if part != bare and len(normalise(part)) >= 4:
            names.append(part)
    return names


def known_names(cases: Iterable[Case], glossary: Iterable[GlossaryEntry]) -> dict[str, Known]:
    """Normalised name → what it names; a case wins over a glossary term."""
    out: dict[str, Known] = {}
    for entry in glossary:
        for name in (entry.term, *entry.aliases):
            key = normalise(name)
            if len(key) >= 2:
                out[key] = Known(name, "glossary", entry.slug, entry.term, entry.path)
    for case in cases:
        for name in _case_names(case):
            key = normalise(name)
            if len(key) >= 2:
                out[key] = Known(name, "case", case.slug, case.title, case.path)
    return out


# -- what a practice name looks like -----------------------------------------------------

PRACTICE_ENDINGS: tuple[str, ...] = tuple(wordlists.load()["practice_endings"])
"""How the name of a practice ends; quoted names ending otherwise are slogans."""

METHOD_SUFFIX = re.compile(
    r"^(?:[\u4e00-\u9fff](?<![的和与及、在为是了把将对向从以等]))"
    r"{0,6}?(?:工作法|制度|机制|工程|走廊|服务圈|项目|模式|活动|平台|品牌|行动|学习教育)")
"""A practice word right after a closing quote: “3344”党建工作法, “三卡”制度.

``…活动`` counts only after a short quoted name without a list in it:
“五个好”活动 names a practice, “结对子、献爱心、送温暖”活动 is a slogan.
"""
ACTIVITY_NAME_MAX = 6

_NUMERAL = "一二三四五六七八九十两双百千"
FORMULA = re.compile(
    rf"^(?:[{_NUMERAL}][{HAN}]{{1,3}}[{_NUMERAL}][{HAN}]{{0,3}}"
    rf"|[{HAN}A-Za-z0-9]*\d+[{HAN}A-Za-z0-9+]*"
    rf"|[{HAN}A-Za-z0-9]{{1,8}}(?:\+[{HAN}A-Za-z0-9]{{1,8}})+\+?"
    rf"|[{HAN}]{{1,4}}(?:—[{HAN}]{{1,4}}){{2,}})$")
"""Numbered or composed names: 三会一课, 四议两公开, 3344, 1+3+3, 支部+X+贫困户, 拆—转—建."""

_HEADS = re.compile(r"(?:工作法|制度|机制|工程)(?!化)")
_STOP = set("的了和与及等在对把将为是以从向用按由并要着地之其这那该各每也都又还就所被给让使它他她"
            "、，。；：！？“”（）《》")
METHOD_NAME_MAX = 10
"""Longest stem walked back from …制度 before giving up: a longer run has no visible start."""
_VERBS = re.compile(
    r"^(?:建立(?:了|健全)?|健全|完善|落实|实行|推行|执行|坚持|探索|推广|创新|开展|形成|建设|推进|深化|"
    r"加强|强化|严格|规范|实施|制定|出台|提出|创建|打造|围绕|通过|利用|依托|采取|采用|结合|运用|"
    r"推动|构建|优化|研究|贯彻|发挥|培育|引进|引入|实现|做好|抓好|用好|注重|按照|根据|积极|认真|"
    r"切实|不断|进一步|逐步|全面|深入|大力|着力|著力|努力|继续|持续|试行|启动|即将|当成|当作|作为|看作|"
    r"列入|纳入)+")
_VERB_INSIDE = re.compile(r"建立(?:了|健全)?|健全|完善|落实|实行|推行|执行|坚持|探索|推广|开展"
                          r"|形成|制定|出台|创建|试行|启动")
"""Verbs that end the words before a method's name inside a long run: 支部建立｜党员志愿服务积分制度."""

GENERIC_WORDS: tuple[str, ...] = tuple(wordlists.load()["generic_words"])
"""Words that name no particular practice: 组织生活制度, 考核评价机制, 党委工程."""


def practice_like(name: str) -> bool:
    """Whether a quoted *name* reads like the name of a practice rather than a slogan.

    Short names need to be an ending themselves (“红黄榜”, not “主阵地”); names
    with 的 are phrases (“党的一切工作到支部”); a numbered name needs more
    than numerals (“十二五” is a plan, “六个一” a practice).
    """
    key = normalise(name)
    if not 2 <= len(key) <= 16 or re.search(r"[，。！？；：,;!?、的]", key):
        return False
    if re.fullmatch(f"[{_NUMERAL}]+", key) or echo(key):
        return False
    if FORMULA.match(key):
        return True
    ending = next((e for e in PRACTICE_ENDINGS if key.endswith(e)), "")
    if not ending or (len(key) < 4 and key != ending) or (key == ending and len(ending) < 3):
        return False
    return not (ending in ("工作法", "制度", "机制", "工程") and generic(key[:-len(ending)]))


_ECHO = re.compile(r"^以?(.{2,4})[\u4e00-\u9fff]{1,2}\1$")


def echo(name: str) -> bool:
    """Whether *name* is a phrase repeated around a verb: 网格连网格, 以服务促服务.

    Such phrases are slogans about a way of working, not the name of a practice.
    """
    return bool(_ECHO.match(normalise(name)))


def generic(stem: str) -> bool:
    """Whether a method name's stem is made of generic words only (or is a count: 四项)."""
    if re.fullmatch(f"[{_NUMERAL}]+[项个种条大]", stem):
        return True
    rest = stem
    for word in sorted(GENERIC_WORDS, key=len, reverse=True):
        rest = rest.replace(word, "")
    return len(re.sub(r"[和与及、]", "", rest)) < 2


# -- mentions and practices ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Mention:
    """One place a practice is named."""

    paragraph: int
    """Index into the cleaned paragraphs."""
    start: int
    end: int
    text: str
    """The name as it stands in the text."""


@dataclass
class Practice:
    """A practice found in a document, with every mention."""

    name: str
    """Display name: the case title for known cases, else the name as found."""
    key: str
    """:func:`normalise`\\ d name, for grouping."""
    how: str
    """Strongest evidence: ``case``, ``quoted``, ``formula``, ``method``, or
    ``similar`` (an existing case described in other words, see :mod:`.similar`)."""
    mentions: list[Mention] = field(default_factory=list)
    case: Known | None = None
    """The existing case this practice is, if any."""
    evidence: list[str] = field(default_factory=list)
    """For ``similar``: the shared words that show it."""

    @property
    def variants(self) -> list[str]:
        """Distinct spellings found, in order."""
        return list(dict.fromkeys(m.text for m in self.mentions))


@dataclass
class Found:
    """Detection result for one document."""

    practices: list[Practice]
    """New practices and practices matching existing cases, by first mention."""
    terms: dict[str, list[Mention]]
    """Glossary term → mentions, for terms that are only mentioned."""
    known: dict[str, Known] = field(default_factory=dict)

    @property
    def new(self) -> list[Practice]:
        """Practices the handbook does not have yet: one draft each."""
        return [p for p in self.practices if p.case is None]

    @property
    def existing(self) -> list[Practice]:
        """Practices that are existing cases: suggestions to update them."""
        return [p for p in self.practices if p.case is not None]


def _mask(paragraph: str) -> str:
    """The paragraph with marked mojibake blanked out (same length)."""
    return MARKED.sub(lambda m: " " * len(m.group(0)), paragraph)


def _scan_known(paragraphs: list[str], known: dict[str, Known]) -> list[tuple[Mention, Known]]:
    """Every occurrence of a known name, longest first at each place."""
    if not known:
        return []
    pattern = re.compile("|".join(re.escape(k) for k in sorted(known, key=len, reverse=True)))
    out = []
    for index, paragraph in enumerate(paragraphs):
        norm, where = _normalise_with_map(_mask(paragraph))
        for match in pattern.finditer(norm):
            start = where[match.start()]
            end = where[match.end() - 1] + 1
            # take in a closing quote right after, so “红色业委会” reads whole
            if end < len(paragraph) and paragraph[end] in "”’" and start and paragraph[start - 1] in "“‘":
                start, end = start - 1, end + 1
            out.append((Mention(index, start, end, paragraph[start:end]), known[match.group(0)]))
    return out


_QUOTED = re.compile(r"“([^“”\n]{2,16})”")


def _scan_quoted(paragraphs: list[str]) -> list[tuple[Mention, str, str]]:
    """Quoted names that read like practices: (mention, display name, evidence)."""
    out = []
    for index, paragraph in enumerate(paragraphs):
        masked = _mask(paragraph)
        for match in _QUOTED.finditer(masked):
            inner = match.group(1)
            suffix = METHOD_SUFFIX.match(masked[match.end():])
            named = suffix is not None and not suffix.group(0).endswith("活动")
            if practice_like(inner) and not named:
                key = normalise(inner)
                how = "formula" if FORMULA.match(key) and not key.endswith(PRACTICE_ENDINGS) else "quoted"
                out.append((Mention(index, match.start(), match.end(), match.group(0)), inner, how))
            elif suffix and re.search(f"[{HAN}0-9]", inner) and not re.search(r"[，。！？；：]", inner) \
                    and not echo(inner) \
                    and (named or (len(inner) <= ACTIVITY_NAME_MAX and "、" not in inner)):
                end = match.end() + suffix.end()
                text = paragraph[match.start():end]
                out.append((Mention(index, match.start(), end, text), text, "quoted"))
    return out


def _scan_methods(paragraphs: list[str]) -> list[tuple[Mention, str, str]]:
    """Unquoted …工作法/制度/机制/工程 names with a specific stem."""
    out = []
    for index, paragraph in enumerate(paragraphs):
        masked = _mask(paragraph)
        for match in _HEADS.finditer(masked):
            start = match.start()
            while start > 0 and masked[start - 1] not in _STOP \
                    and re.match(f"[{HAN}A-Za-z0-9+]", masked[start - 1]):
                start -= 1
                if match.start() - start > METHOD_NAME_MAX:
                    break
            stem = masked[start:match.start()]
            if len(stem) > METHOD_NAME_MAX:
                # 支部建立党员志愿服务积分制度: no visible start, but a verb inside shows one
                verb = None
                for verb in _VERB_INSIDE.finditer(stem):  # noqa: B007 (keep the last match)
                    pass
                if verb is None or not 2 <= len(stem) - verb.end() <= METHOD_NAME_MAX:
                    continue
                start += verb.end()
                stem = stem[verb.end():]
            verbs = _VERBS.match(stem)
            if verbs:
                start += verbs.end()
                stem = stem[verbs.end():]
            if len(stem) < 2 or generic(stem) or echo(stem) or masked[start - 1:start] == "”":
                continue
            out.append((Mention(index, start, match.end(), paragraph[start:match.end()]),
                        paragraph[start:match.end()], "method"))
    return out


def _overlaps(mention: Mention, taken: list[Mention]) -> bool:
    """Whether *mention* overlaps one already claimed by stronger evidence."""
    return any(m.paragraph == mention.paragraph and m.start < mention.end and mention.start < m.end
               for m in taken)


def detect(paragraphs: list[str], known: dict[str, Known]) -> Found:
    """Find the practices and glossary terms named in *paragraphs*."""
    practices: dict[str, Practice] = {}
    terms: dict[str, list[Mention]] = {}
    taken: list[Mention] = []
    for mention, name in _scan_known(paragraphs, known):
        taken.append(mention)
        if name.kind == "case":
            practice = practices.setdefault(
                f"case:{name.slug}", Practice(name.title, normalise(name.title), "case", case=name))
            practice.mentions.append(mention)
        else:
            terms.setdefault(name.title, []).append(mention)
    glossary_keys = {normalise(k.title): k for k in known.values() if k.kind == "glossary"}
    for mention, display, how in _scan_quoted(paragraphs) + _scan_methods(paragraphs):
        if _overlaps(mention, taken):
            continue
        key = normalise(display)
        if key in glossary_keys:
            continue  # a glossary term is explained in the glossary, not drafted as a case
        taken.append(mention)
        title = display[1:-1] if display.startswith("“") and display.endswith("”") \
            and display.count("“") == 1 else display
        practice = practices.setdefault(key, Practice(title, key, how))
        practice.mentions.append(mention)
    _merge_prefixes(practices)
    ordered = sorted(practices.values(),
                     key=lambda p: min((m.paragraph, m.start) for m in p.mentions))
    for practice in ordered:
        practice.mentions.sort(key=lambda m: (m.paragraph, m.start))
    return Found(ordered, terms, known)


def _merge_prefixes(practices: dict[str, Practice]) -> None:
    """Fold “三卡” into “三卡”制度 and the like: one practice, several spellings."""
    keys = sorted((k for k, p in practices.items() if p.case is None), key=len)
    for short in keys:
        for long in keys:
            if long != short and long.startswith(short) and len(short) >= 2 \
                    and short in practices and long in practices:
                practices[long].mentions.extend(practices.pop(short).mentions)
                break


# -- where in the document ----------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九十"


def _clause(paragraph: str, limit: int = 16) -> str:
    """The first clause of a paragraph, cut at punctuation or *limit* characters."""
    head = re.split(r"[，。！？；：]", paragraph, maxsplit=1)[0]
    return head[:limit]


def locations(paragraphs: list[str]) -> list[str]:
    """A readable location for every paragraph: 第一个方面（三）, 第二篇第一部分“一是…”.

    Built from the headings above it, like the ``passage`` values written by
    hand in data/cases/: part, section, item.
    """
    part = section = sub = item = ""
    out = []
    for paragraph in paragraphs:
        text = paragraph.strip()
        if match := re.match(r"^第[一二三四五六七八九十\d]+篇", text):
            part, section, sub, item = match.group(0), "", "", ""
        elif match := re.match(r"^第[一二三四五六七八九十\d]+(?:个方面|部分)", text):
            section, sub, item = match.group(0), "", ""
        elif match := re.match(r"^([一二三四五六七八九十]+)、", text):
            section, sub, item = f"第{match.group(1)}部分", "", ""
        elif match := re.match(r"^[（(]([一二三四五六七八九十]+)[)）]", text):
            sub, item = f"（{match.group(1)}）", ""
        elif HEADING.match(text) or ITEM.match(text):
            item = f"“{_clause(text)}”"
        out.append(part + section + sub + item)
    return out


def passage_label(practice: Practice, where: list[str], limit: int = 4) -> str:
    """Where a practice is mentioned, for ``sources[].passage``: places joined by ；."""
    places = []
    for mention in practice.mentions:
        place = where[mention.paragraph] or f"第 {mention.paragraph + 1} 段"
        if place not in places:
            places.append(place)
    if len(places) > limit:
        return "；".join(places[:limit]) + f" 等 {len(places)} 处"
    return "；".join(places)
