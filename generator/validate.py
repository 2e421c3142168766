"""Raw front matter → model objects, collecting every problem on the way.

Each check records a located :class:`~generator.errors.DataError` and moves
on, so one run of ``check`` lists everything a contributor must fix. The
rules come from :mod:`generator.schema`: :func:`case` goes through
``schema.FIELDS``, parses each field by its ``kind`` (:data:`PARSERS`) and
checks it against its ``vocab`` (:data:`VOCABULARIES`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from . import addresses, approx, honours, pinyin
from .errors import DataError, Problems
from .load import RawDoc
from .memos import remembered_reporting
from .model import Case, Figure, GlossaryEntry, Honour, Source, SourceRef, Term
from .schema import (  # one list, shared with the importer
    FIELD_BY_NAME,
    FIELDS,
    FIGURE_KEYS,
    REGION_PARTS,
    SECTION_TITLES,
    SECTIONS,
    SOURCE_KEYS,
    SOURCE_KINDS,
    SOURCE_LEVELS,
    UNDISCLOSED,
    YEAR_RANGE,
    Field,
)
from .suggest import hint as did_you_mean
from .template_text import TemplateText

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""What a slug may look like: this also keeps every output path inside its folder."""

_HEADING = re.compile(r"^(#{1,6})[ \t]*(.*?)[ \t#]*$")


@dataclass
class Vocabulary:
    """A controlled vocabulary with its aliases, for lookups and suggestions."""

    kind: str
    """Chinese name of the vocabulary for messages: 类别, 标签, 层级."""
    terms: list[Term]
    """Entries in file order."""
    lookup: dict[str, str] = field(default_factory=dict)
    """Every accepted spelling (name or alias) → canonical name."""

    def __post_init__(self) -> None:
        for term in self.terms:
            self.lookup[term.name] = term.name
            for alias in term.aliases:
                self.lookup.setdefault(alias, term.name)

    def resolve(self, value: str) -> str | None:
        """Canonical name for *value*, or None."""
        return self.lookup.get(value)


def vocabulary(kind: str, data: Any, lines: dict, path: str, problems: Problems) -> Vocabulary:
    """Build a vocabulary from a YAML list of ``{name, description, aliases}``."""
    terms: list[Term] = []
    seen: dict[str, int] = {}
    if not isinstance(data, list):
        problems.add(path, 1, f"{kind}词表应当是一个列表", "每项以“- name: ”开头")
        return Vocabulary(kind, [])
    for index, item in enumerate(data):
        line = lines.get((index,), 1)
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            problems.add(path, line, f"{kind}词表第 {index + 1} 项缺少 name", "写成“- name: 名称”")
            continue
        name = item["name"].strip()
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.add(path, line, f"{kind}“{name}”的 aliases 应当是文字列表", "写成 aliases: [别名1, 别名2]")
            aliases = []
        for spelling in (name, *aliases):
            if spelling in seen:
                problems.add(path, line, f"{kind}“{spelling}”重复（第 {seen[spelling]} 行已有）",
                             "删掉其中一处")
            seen[spelling] = line
        terms.append(Term(name, str(item.get("description") or "").strip(),
                          tuple(a.strip() for a in aliases), pinyin.slug(name) or f"t{index + 1}"))
    return Vocabulary(kind, terms)


@dataclass
class Vocabularies:
    """The three controlled vocabularies a case is checked against."""

    categories: Vocabulary
    tags: Vocabulary
    levels: Vocabulary
    sources: set[str]
    """Known source ids."""
    template: TemplateText | None = None
    """The case template, whose prompts and example values a case must not keep."""
    sectors: Vocabulary | None = None
    """Sector vocabulary (data/vocab/sectors.yml); without it ``sector`` is an error."""


# -- field checks -----------------------------------------------------------

def _text(raw: RawDoc, f: Field, value: Any, vocab: Vocabularies, problems: Problems) -> str | None:
    """A non-empty string (a number is taken as its text); ``None`` if not given or wrong."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        problems.add(raw.path, raw.line_of(f.name), f"{f.name}（{f.label}）应当是一段文字",
                     f"例如：{f.example}", field=f.name)
        return None
    return value.strip()


def _texts(raw: RawDoc, f: Field, value: Any, vocab: Vocabularies,
           problems: Problems) -> list[tuple[str, int]] | None:
    """A list of non-empty strings, each with its line; ``None`` if not given or not a list."""
    if value is None:
        return None
    if isinstance(value, str):
        problems.add(raw.path, raw.line_of(f.name), f"{f.name}（{f.label}）应当是列表",
                     f"用方括号写成列表，例如：{f.example}", field=f.name)
        return None
    if not isinstance(value, list):
        problems.add(raw.path, raw.line_of(f.name), f"{f.name}（{f.label}）应当是列表",
                     f"例如：{f.example}", field=f.name)
        return None
    out = []
    for index, item in enumerate(value):
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            problems.add(raw.path, raw.line_of(f.name, index),
                         f"{f.name}（{f.label}）第 {index + 1} 项应当是文字", field=f.name)
            continue
        out.append((item.strip(), raw.line_of(f.name, index)))
    if f.min_items and len(value) < f.min_items:
        problems.add(raw.path, raw.line_of(f.name), f"{f.name}（{f.label}）至少要有 {f.min_items} 项",
                     f"例如：{f.example}", field=f.name)
    if f.max_items and len(value) > f.max_items:
        problems.add(raw.path, raw.line_of(f.name),
                     f"{f.name}（{f.label}）最多 {f.max_items} 项，现在有 {len(value)} 项",
                     "只保留最贴切的几项", field=f.name)
    return out


def _from_vocab(raw: RawDoc, f: Field, items: list[tuple[str, int]], vocab: Vocabulary,
                problems: Problems) -> tuple[str, ...]:
    out: list[str] = []
    for value, line in items:
        name = vocab.resolve(value)
        if name is None:
            problems.add(raw.path, line, f"未知的{vocab.kind}“{value}”（{f.name}）",
                         did_you_mean(value, vocab.lookup,
                                      f"只能用 data/vocab/ 词表里的{vocab.kind}；需要新{vocab.kind}请在词表中添加"),
                         field=f.name)
        elif name in out:
            problems.add(raw.path, line, f"{f.name}（{f.label}）中“{value}”重复", "删掉重复的一项",
                         field=f.name, severity="warning")
        else:
            out.append(name)
    return tuple(out)


def _region(raw: RawDoc, f: Field, value: Any, vocab: Vocabularies,
            problems: Problems) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        problems.add(raw.path, raw.line_of("region"), "region（地区）应当分项填写",
                     f"例如：\n{f.example}", field="region")
        return ()
    known = dict(REGION_PARTS)
    for key in value:
        if key not in known:
            problems.add(raw.path, raw.line_of("region", key), f"region（地区）下没有“{key}”这一项",
                         "可用：" + "、".join(f"{k}（{v}）" for k, v in REGION_PARTS), field="region")
    out = []
    for key, _label in REGION_PARTS:
        part = value.get(key)
        if part is None or (isinstance(part, str) and not part.strip()):
            continue
        if not isinstance(part, str):
            problems.add(raw.path, raw.line_of("region", key), f"region.{key} 应当是地名文字", field="region")
            continue
        out.append((key, part.strip()))
    return tuple(out)


def _year(raw: RawDoc, f: Field, value: Any, vocab: Vocabularies, problems: Problems) -> int | None:
    """A year in :data:`YEAR_RANGE` (the only ``int`` field is ``year``)."""
    if value is None:
        return None
    low, high = YEAR_RANGE
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(raw.path, raw.line_of("year"), f"year（年份）应当是四位数字，现在是“{value}”",
                     "来源没有写明年份就删掉这一行，不要填 20xx 或估计值", field="year")
        return None
    if not low <= value <= high:
        problems.add(raw.path, raw.line_of("year"), f"year（年份）{value} 超出范围 {low}–{high}",
                     "检查是否多打或少打了数字", field="year")
        return None
    return value


def _date(raw: RawDoc, f: Field, value: Any, vocab: Vocabularies, problems: Problems) -> dt.date | None:
    return _date_named(raw, f.name, value, problems)


def _date_named(raw: RawDoc, name: str, value: Any, problems: Problems) -> dt.date | None:
    """A date under the front-matter key *name* (also used for source pages)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        f = FIELD_BY_NAME.get(name)
        label = f.label if f else "日期"
        problems.add(raw.path, raw.line_of(name), f"{name}（{label}）“{value}”不是日期",
                     "格式为 YYYY-MM-DD，例如 2026-11-23", field=name)
        return None


def _figures(raw: RawDoc, f: Field, value: Any, vocab: Vocabularies, problems: Problems) -> tuple[Figure, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.add(raw.path, raw.line_of("figures"), "figures（数据）应当是列表",
                     f"例如：\n{f.example}", field="figures")
        return ()
    out = []
    for index, item in enumerate(value):
        line = raw.line_of("figures", index)
        if not isinstance(item, dict):
            problems.add(raw.path, line, f"figures（数据）第 {index + 1} 项应当有 what、value、unit 三项",
                         f"例如：\n{f.example}", field="figures")
            continue
        for key in item:
            if key not in FIGURE_KEYS:
                problems.add(raw.path, raw.line_of("figures", index, key),
                             f"figures（数据）第 {index + 1} 项有未知的“{key}”",
                             "只能写 what、value、unit、approx", field="figures")
        what, number, unit = item.get("what"), item.get("value"), item.get("unit")
        if not isinstance(what, str) or not what.strip():
            problems.add(raw.path, line, f"figures（数据）第 {index + 1} 项缺少 what（统计什么）",
                         "例如 what: 参与的在职党员", field="figures")
            continue
        if unit is None or (isinstance(unit, str) and not unit.strip()):
            problems.add(raw.path, line, f"数据“{what}”缺少单位 unit",
                         "补上单位，例如 unit: 人、户、万元、%", field="figures")
            continue
        if isinstance(number, str) and number.strip() == UNDISCLOSED:
            parsed: float | int | None = None
        elif isinstance(number, (int, float)) and not isinstance(number, bool):
            parsed = number
        else:
            problems.add(raw.path, raw.line_of("figures", index, "value"),
                         f"数据“{what}”的 value 应当是数字，现在是“{number}”",
                         f"来源隐去了数字（X、×、xx）就写 {UNDISCLOSED}", field="figures")
            continue
        qualifiers = _approx(raw, index, what.strip(), str(unit).strip(), item.get("approx"), problems)
        out.append(Figure(what.strip(), parsed, str(unit).strip(), qualifiers))
    return tuple(out)


def _approx(raw: RawDoc, index: int, what: str, unit: str, value: Any,
            problems: Problems) -> tuple[str, ...]:
    """A figure's qualifier (约、多、余 …), and a warning for one left in its label."""
    qualifiers, rest = approx.parse(value)
    if rest:
        problems.add(raw.path, raw.line_of("figures", index, "approx"),
                     f"数据“{what}”的 approx 里有不认识的“{rest}”",
                     "只能写：" + "、".join(approx.QUALIFIERS) + "，照原文写，例如 approx: 约余",
                     field="figures")
    for key, text in (("what", what), ("unit", unit)):
        word = approx.stray(text)
        if word:
            problems.add(raw.path, raw.line_of("figures", index, key),
                         f"数据“{what}”的 {key} 里写了约数“{word}”",
                         f"约数用词写在 approx（例如 {approx.EXAMPLE}），{key} 只写"
                         + ("统计什么" if key == "what" else "单位"),
                         field="figures", severity="warning")
    return qualifiers


def _sources(raw: RawDoc, f: Field, value: Any, vocab: Vocabularies,
             problems: Problems) -> tuple[SourceRef, ...]:
    """Source references; written but empty (``sources:``) is an error, as the field is required."""
    if value is None and f.name not in raw.meta:
        return ()
    known = vocab.sources
    if not isinstance(value, list) or len(value) < max(f.min_items, 1):
        problems.add(raw.path, raw.line_of("sources"), "sources（资料来源）应当是至少一项的列表",
                     f"例如：\n{f.example}", field="sources")
        return ()
    out = []
    for index, item in enumerate(value):
        line = raw.line_of("sources", index)
        if not isinstance(item, dict) or not isinstance(item.get("source"), str):
            problems.add(raw.path, line, f"sources（资料来源）第 {index + 1} 项缺少 source",
                         f"例如：\n{f.example}", field="sources")
            continue
        for key in item:
            if key not in SOURCE_KEYS:
                problems.add(raw.path, raw.line_of("sources", index, key),
                             f"sources（资料来源）第 {index + 1} 项有未知的“{key}”",
                             "只能写 source、passage", field="sources")
        ident = item["source"].strip()
        if ident not in known:
            problems.add(raw.path, raw.line_of("sources", index, "source"), f"未知的来源“{ident}”",
                         did_you_mean(ident, known, "来源编号是 data/sources/ 下的文件名（不含 .md）"),
                         field="sources")
            continue
        passage = item.get("passage")
        out.append(SourceRef(ident, str(passage).strip() if passage else ""))
    return tuple(out)


def _bool(raw: RawDoc, f: Field, value: Any, vocab: Vocabularies, problems: Problems) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        problems.add(raw.path, raw.line_of(f.name), f"{f.name} 只能是 true 或 false", field=f.name)
        return False
    return value


def _honours(raw: RawDoc, f: Field, value: Any, vocab: Vocabularies, problems: Problems) -> tuple[Honour, ...]:
    return honours.parse(raw, value, problems)


Parser = Callable[[RawDoc, Field, Any, Vocabularies, Problems], Any]
"""Parse one front-matter value (``None`` when not given): record its problems, return the value."""

PARSERS: dict[str, Parser] = {
    "text": _text,
    "texts": _texts,
    "int": _year,
    "date": _date,
    "bool": _bool,
    "region": _region,
    "figures": _figures,
    "honours": _honours,
    "sources": _sources,
}
"""``Field.kind`` → its parser."""

VOCABULARIES: dict[str, Callable[[Vocabularies], Vocabulary]] = {
    "levels": lambda v: v.levels,
    "categories": lambda v: v.categories,
    "tags": lambda v: v.tags,
    "sectors": lambda v: v.sectors or Vocabulary("领域", []),  # no sectors.yml: every value is unknown
}
"""``Field.vocab`` → the vocabulary its values must come from."""


def _slug(raw: RawDoc, f: Field, value: Any, vocab: Vocabularies, problems: Problems) -> str | None:
    """A given slug (``None`` if not given, ``""`` if it breaks the rules)."""
    if value is None:
        return None
    if not isinstance(value, str) or not SLUG_RE.match(value):
        problems.add(raw.path, raw.line_of(f.name), f"{f.name}（{f.label}）“{value}”不合规",
                     "只能用小写字母、数字和单个连字符，例如 linli-zhongxin", field=f.name)
        return ""
    return value


def _previous_slugs(raw: RawDoc, f: Field, value: Any, vocab: Vocabularies,
                    problems: Problems) -> tuple[str, ...]:
    return addresses.previous_slugs(raw, value, problems)


FIELD_PARSERS: dict[str, Parser] = {"slug": _slug, "previous_slugs": _previous_slugs}
"""Fields with rules of their own, parsed by these instead of by their kind's parser."""


def _field(raw: RawDoc, f: Field, vocab: Vocabularies, problems: Problems) -> Any:
    """Parse *f* by its kind (or its own rules) and check it against its vocabulary.

    Absent fields are parsed too, as ``None``: each parser gives its empty value.
    A vocabulary field gives canonical names: a tuple for lists, one name (or
    ``""``) for a single value such as ``level``.
    """
    value = raw.meta.get(f.name)
    parsed = FIELD_PARSERS.get(f.name, PARSERS[f.kind])(raw, f, value, vocab, problems)
    if not f.vocab or value is None:
        return parsed
    if f.kind == "text":
        found = _from_vocab(raw, f, [(parsed, raw.line_of(f.name))] if parsed else [],
                            VOCABULARIES[f.vocab](vocab), problems)
        return found[0] if found else ""
    return _from_vocab(raw, f, parsed or [], VOCABULARIES[f.vocab](vocab), problems)


# -- body ---------------------------------------------------------------------

def sections(raw: RawDoc, problems: Problems) -> tuple[dict[str, str], dict[str, int]]:
    """Split the body into its ``##`` sections and check their names and order."""
    found: dict[str, list[str]] = {}
    lines: dict[str, int] = {}
    current: str | None = None
    stray = False
    fence = False
    for number, line in enumerate(raw.body.split("\n"), start=raw.body_line):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        match = None if fence else _HEADING.match(line)
        if match and len(match.group(1)) == 1:
            problems.add(raw.path, number, f"正文中不能有一级标题“{line.strip()}”",
                         "标题写在元数据 title 里；正文从“## 概要”开始")
            continue
        if match and len(match.group(1)) == 2:
            name = match.group(2).strip()
            if name not in SECTION_TITLES:
                problems.add(raw.path, number, f"未知的小节标题“{name}”",
                             did_you_mean(name, SECTION_TITLES,
                                          "小节只能是：" + "、".join(SECTION_TITLES)))
                current = None
                continue
            if name in found:
                problems.add(raw.path, number, f"小节“{name}”重复（第 {lines[name]} 行已有）",
                             "把两处内容合并到一个小节")
                current = None
                continue
            found[name] = []
            lines[name] = number
            current = name
            continue
        if current is None:
            if line.strip() and not stray and found == {}:
                problems.add(raw.path, number, "正文开头缺少小节标题",
                             "正文应从“## 概要”开始")
                stray = True
            continue
        found[current].append(line)
    texts = {name: "\n".join(body).strip() for name, body in found.items()}
    if not raw.body.strip():
        problems.add(raw.path, raw.body_line, "正文为空",
                     "按模板写出 " + "、".join(s.title for s in SECTIONS if s.required) + " 各小节")
        return texts, lines
    for section in SECTIONS:
        if section.title not in found:
            if section.required:
                problems.add(raw.path, raw.body_line, f"缺少小节“## {section.title}”",
                             f"{section.description}")
        elif section.required and not texts[section.title]:
            problems.add(raw.path, lines[section.title], f"小节“{section.title}”是空的",
                         section.description)
    order = [t for t in SECTION_TITLES if t in found]
    if list(found) != order:
        problems.add(raw.path, raw.body_line, "小节顺序不对",
                     "顺序应为：" + "、".join(SECTION_TITLES))
    # (texts are stripped; Case.text_lines holds the line of each section's first text)
    return texts, lines


def _text_lines(raw: RawDoc, headings: dict[str, int]) -> dict[str, int]:
    """First non-blank line after each section heading (section texts are stored stripped)."""
    body = raw.body.split("\n")
    out = {}
    for name, line in headings.items():
        index = line - raw.body_line + 1
        while index < len(body) and not body[index].strip():
            index += 1
        out[name] = raw.body_line + index
    return out


# -- whole records ------------------------------------------------------------

def _derived_slug(raw: RawDoc, stem: str, title: str | None, problems: Problems) -> str:
    """Slug when front matter gives none: the file name, else the title's pinyin."""
    if SLUG_RE.match(stem):
        return stem
    derived = pinyin.slug(stem) or (pinyin.slug(title) if title else "")
    if not derived:
        problems.add(raw.path, 1, "无法从文件名生成网址名", "在元数据中加一行 slug: pinyin-ming",
                     field="slug")
    return derived


def case(raw: RawDoc, stem: str, vocab: Vocabularies, problems: Problems) -> Case | None:
    """Validate one case file; returns None when it cannot be used at all.

    Every field of ``schema.FIELDS`` is parsed by its kind and checked against
    its vocabulary (:func:`_field`); the body, the template and the slug
    (which falls back to the file name) are checked after.
    """
    mine = Problems()
    meta = raw.meta
    for key in meta:
        if key not in FIELD_BY_NAME:
            mine.add(raw.path, raw.line_of(key), f"未知的字段“{key}”",
                     did_you_mean(str(key), FIELD_BY_NAME, "可用字段见「如何撰写案例」"), field=str(key))
    for f in FIELDS:
        if f.required and (f.name not in meta or meta[f.name] in (None, "")):  # [] → min_items
            mine.add(raw.path, raw.line_of(f.name) if f.name in meta else 1,
                     f"缺少必填字段 {f.name}（{f.label}）", f"例如：{f.example}", field=f.name)
    v = {f.name: _field(raw, f, vocab, mine) for f in FIELDS}
    texts, lines = sections(raw, mine)
    if vocab.template is not None:
        vocab.template.check(raw, mine)
    slug = v["slug"] if v["slug"] is not None else _derived_slug(raw, stem, v["title"], mine)

    def names(items: list[tuple[str, int]] | None) -> tuple[str, ...]:
        return tuple(text for text, _ in items or [])

    result = Case(
        path=raw.path, slug=slug, title=v["title"] or "", aliases=names(v["aliases"]),
        region=v["region"], level=v["level"] or "", year=v["year"],
        categories=v["categories"] or (), tags=v["tags"] or (), actors=names(v["actors"]),
        figures=v["figures"], sources=v["sources"], related_refs=tuple(v["related"] or ()),
        reviewed=v["reviewed"], draft=v["draft"],
        sections=texts, section_lines=lines,
        field_lines={k[0]: val for k, val in raw.lines.items() if len(k) == 1 and isinstance(k[0], str)},
        sector=v["sector"] or (), implementer=v["implementer"] or "", honours=v["honours"],
        limited=v["limited"], previous_slugs=v["previous_slugs"], text_lines=_text_lines(raw, lines),
    )
    if result.draft:
        for item in mine.items:
            problems.add(item.path, item.line, item.message, item.hint, item.field, "warning")
        return result
    problems.extend(mine)
    # Returned even with errors, so that linking can still resolve references to it
    # and does not report follow-on errors; the build stops on the errors anyway.
    return result


_CHECKED: dict[str, tuple[tuple, tuple[Case | None, list[DataError]]]] = {}
"""File → ((its parse, stem, vocabularies' fingerprint), (result, problems)) of the last check, kept
for the process: the preview (``make serve`` regenerates in one process) validates again only the
files an edit touched (:func:`load.load_document` returns the same parse for an unchanged file)."""


def vocabularies_key(vocab: Vocabularies) -> str:
    """Everything besides the file that decides a case's check, as one comparable string (the
    pinyin readings too: a slug not given is made from the file name or title)."""
    return repr((vocab.categories.terms, vocab.tags.terms, vocab.levels.terms, sorted(vocab.sources),
                 vocab.template, vocab.sectors.terms if vocab.sectors else None, pinyin.readings_in_use()))


def case_remembered(raw: RawDoc, stem: str, vocab: Vocabularies, vocab_key: str,
                    problems: Problems) -> Case | None:
    """:func:`case`, answered from the last check when the parse, stem and vocabularies are the same."""
    return remembered_reporting(_CHECKED, raw.path, (raw, stem, vocab_key),
                                lambda mine: case(raw, stem, vocab, mine), problems)


def unique_names(cases: Iterable[Case], problems: Problems) -> None:
    """No two cases may share a slug, or a title or alias (links would be ambiguous).

    Both files get a message naming the other: either may be the one to change.
    """
    slugs: dict[str, Case] = {}
    names: dict[str, Case] = {}
    for item in cases:
        if item.slug in slugs:
            other = slugs[item.slug]
            for one, two in ((item, other), (other, item)):
                problems.add(one.path, one.field_lines.get("slug", 1),
                             f"网址名 slug “{item.slug}”与 {two.path} 重复",
                             "在元数据中给其中一个写不同的 slug: …", field="slug")
        slugs.setdefault(item.slug, item)
        for name in item.names:
            if not name:
                continue
            if name in names and names[name] is not item:
                other = names[name]
                for one, two in ((item, other), (other, item)):
                    key = "title" if name == one.title else "aliases"
                    problems.add(one.path, one.field_lines.get(key, 1),
                                 f"名称“{name}”与 {two.path} 的标题或别称重复",
                                 "同一做法请合并成一个案例；不同做法请改用更具体的名称", field=key)
            names.setdefault(name, item)


def source(raw: RawDoc, stem: str, problems: Problems) -> Source | None:
    """Validate one source-document page."""
    mine = Problems()
    meta = raw.meta
    ident = meta.get("id", stem)
    if ident != stem:
        mine.add(raw.path, raw.line_of("id"), f"id “{ident}”与文件名不一致",
                 f"把 id 改成 {stem}，或把文件改名为 {ident}.md")
    if not SLUG_RE.match(stem):
        mine.add(raw.path, 1, f"来源文件名“{stem}”不合规", "只用小写字母、数字和连字符")
    for key, allowed in (("kind", SOURCE_KINDS), ("level", SOURCE_LEVELS)):
        if meta.get(key) not in allowed:
            mine.add(raw.path, raw.line_of(key), f"{key} “{meta.get(key)}”不可用",
                     "可用：" + "、".join(allowed))
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        mine.add(raw.path, raw.line_of("title"), "缺少 title（来源标题）")
    date = _date_named(raw, "date", meta.get("date"), mine)
    published = _date_named(raw, "published", meta.get("published"), mine)
    if not raw.body.strip():
        mine.add(raw.path, raw.body_line, "来源页缺少摘要正文", "在 --- 之后写几段摘要")
    problems.extend(mine)
    if mine.errors:
        return None
    return Source(stem, str(title).strip(), meta["kind"], meta["level"], date, published,
                  str(meta.get("file") or ""), raw.body.strip(), raw.path, slug=stem)


def glossary_entry(raw: RawDoc, stem: str, problems: Problems) -> GlossaryEntry | None:
    """Validate one glossary entry."""
    mine = Problems()
    term = raw.meta.get("term")
    if not isinstance(term, str) or not term.strip():
        mine.add(raw.path, raw.line_of("term"), "缺少 term（术语）", "例如 term: 三会一课")
    aliases = raw.meta.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        mine.add(raw.path, raw.line_of("aliases"), "aliases 应当是文字列表", "例如 aliases: [别名]")
        aliases = []
    if not raw.body.strip():
        mine.add(raw.path, raw.body_line, "术语缺少释义正文", "在 --- 之后写一两句释义")
    slug = stem if SLUG_RE.match(stem) else pinyin.slug(str(term or stem))
    problems.extend(mine)
    if mine.errors:
        return None
    return GlossaryEntry(str(term).strip(), tuple(a.strip() for a in aliases), raw.body.strip(),
                         raw.path, slug=slug)
