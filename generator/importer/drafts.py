"""Writing ``data/drafts/<source>/``: the cleaned source and one draft per new practice.

Drafts follow data/templates/case.md so that ``check`` reads them like any
case (leniently: ``draft: true`` turns every problem into a warning). Under
each section heading they carry the source passages that mention the
practice, as block quotes, with a visible note that the quotes are only
material: the handbook is written in contributors' own words, and a draft
that still contains quotes is not finished.

Nothing is overwritten without ``force``: a contributor may already have
started rewriting a draft from an earlier import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import pinyin
from ..atomic import atomic_write
from ..model import Term
from ..schema import SECTIONS
from ..validate import SLUG_RE
from . import review
from .clean import HEADING, ITEM, LABEL_MOJIBAKE, Cleaned
from .detect import Found, Mention, Practice, locations, normalise, passage_label
from .meta import Meta

# -- names -------------------------------------------------------------------------------

_FUNCTION_WORDS = {"zai", "de", "shang", "he", "yu", "ji", "zhi", "dui", "guanyu", "zhong"}
SOURCE_SLUG_MAX = 40
DRAFT_SLUG_MAX = 50


def _cut(parts: Iterable[str], limit: int) -> str:
    """Join slug parts with hyphens, stopping before *limit* characters."""
    out = ""
    for part in parts:
        candidate = f"{out}-{part}" if out else part
        if len(candidate) > limit and out:
            break
        out = candidate[:limit]
    return out.strip("-")


def source_slug(title: str, fallback: str) -> str:
    """Folder name for a document: pinyin of its title without function words, ≤ 40 characters.

    ``街道党工委书记在第四季度党建观摩活动总结讲评会上讲话`` →
    ``jiedao-danggongwei-shuji-disijidu-dangjian``. Without a title, the file
    name (made safe) is used.
    """
    parts = [p for p in pinyin.slug(title).split("-") if p and p not in _FUNCTION_WORDS]
    slug = _cut(parts, SOURCE_SLUG_MAX)
    if not slug:
        slug = _cut(re.findall(r"[a-z0-9]+", Path(fallback).stem.lower()), SOURCE_SLUG_MAX)
    return slug or "laiyuan"


def draft_slug(title: str, taken: set[str]) -> str:
    """File name (without .md) for a draft: the title's pinyin, unique within the folder."""
    base = _cut(pinyin.slug(title).split("-"), DRAFT_SLUG_MAX) or "zuofa"
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    taken.add(slug)
    assert SLUG_RE.match(slug), slug
    return slug


# -- passages ------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^。！？]*[。！？]+[”’」』）]*|[^。！？]+$")

PROBLEM = re.compile(r"问题|不足|差距|困难|欠账|弱化|薄弱|流于形式|不到位|不够|不强|缺乏|短板"
                     r"|难以|空置|空转|不积极|推动慢")
RESULT = re.compile(r"(?:\d+|[X×x]+)\s*(?:多|余)?\s*(?:个|人|户|万元|元|%|名|次|家|处|支|场|项|条|平方米|人次|万人)"
                    r"|成效|效果|实现了|提升了|提高了|达到|累计|覆盖率|表彰|评为|增强了|改善了|明显|显著|取得")
LESSON = re.compile(r"经验|启示|实践证明|体会|认识到|说明")
NOTE = ("**改写提示**：下面的引文摘自来源，只是材料。请用自己的话重写本节，写完删去引文；"
        "只保留事实和数字，来源隐去的数字（X、×、xx）写“未披露”，不要猜。")
EMPTY = "（来源中没有找到与本节直接相关的段落。请对照来源补写；来源确实没有说明的，写“来源未说明”。）"


@dataclass
class Excerpt:
    """Consecutive sentences of one paragraph, quoted in one section."""

    paragraph: int
    sentences: list[int]
    text: str
    section: str


def sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph."""
    return [m.span() for m in _SENTENCE.finditer(paragraph) if m.group(0).strip()]


def part_titles(paragraphs: list[str]) -> list[str]:
    """The top-level heading (一、… / 第二个方面…) each paragraph falls under."""
    current = ""
    out = []
    for paragraph in paragraphs:
        if re.match(r"^(?:第[一二三四五六七八九十\d]+(?:篇|个方面|部分)|[一二三四五六七八九十]+、)", paragraph):
            current = paragraph
        out.append(current)
    return out


def classify(sentence: str, part: str) -> str:
    """The case section a quoted sentence most likely belongs to.

    Problems go to 背景与问题, or to 局限与风险 under a part about problems;
    sentences with figures or results to 成效; lessons to 经验启示; the rest
    (what was done) to 主要做法. A contributor moves what is misplaced.
    """
    if PROBLEM.search(sentence):
        return "局限与风险" if re.search(r"问题|不足", part) else "背景与问题"
    if RESULT.search(sentence):
        return "成效"
    if LESSON.search(sentence):
        return "经验启示"
    return "主要做法"


EXCERPT_SENTENCES = 3
"""Sentences quoted from one mention: the one naming the practice and up to two after it."""
EXCERPT_CHARS = 400


def excerpts(practice: Practice, paragraphs: list[str], others: dict[int, list[tuple[int, int]]]
             ) -> list[Excerpt]:
    """The passages quoted for a practice, each assigned to a section.

    From each mention: the sentence that names it and the sentences after it,
    until another practice is named, a new numbered item starts, or the
    quote grows long. Every sentence goes to the section :func:`classify`
    picks; the first one is also quoted under 概要, where a contributor
    starts.
    """
    parts = part_titles(paragraphs)
    chosen: dict[int, list[int]] = {}
    for mention in practice.mentions:
        spans = sentences(paragraphs[mention.paragraph])
        first = next((i for i, (s, e) in enumerate(spans) if s <= mention.start < e), None)
        if first is None:
            continue
        picked = chosen.setdefault(mention.paragraph, [])
        length = 0
        for index in range(first, min(first + EXCERPT_SENTENCES, len(spans))):
            start, end = spans[index]
            text = paragraphs[mention.paragraph][start:end].strip()
            if index > first and (HEADING.match(text) or ITEM.match(text) or any(
                    start <= s < end for s, _ in others.get(mention.paragraph, []))):
                break
            length += len(text)
            if index > first and length > EXCERPT_CHARS:
                break
            if index not in picked:
                picked.append(index)
    out: list[Excerpt] = []
    for paragraph in sorted(chosen):
        spans = sentences(paragraphs[paragraph])
        for index in sorted(chosen[paragraph]):
            start, end = spans[index]
            text = paragraphs[paragraph][start:end].strip()
            if not out:  # the sentence that first names the practice also opens 概要
                out.append(Excerpt(paragraph, [index], text, "概要"))
            section = classify(text, parts[paragraph])
            last = out[-1]
            if last.paragraph == paragraph and last.section == section and last.sentences[-1] == index - 1:
                last.sentences.append(index)
                last.text += text
            else:
                out.append(Excerpt(paragraph, [index], text, section))
    return out


def _other_mentions(found: Found, practice: Practice) -> dict[int, list[tuple[int, int]]]:
    """Mentions of every other practice, by paragraph, to stop quotes at their start."""
    out: dict[int, list[tuple[int, int]]] = {}
    for other in found.practices:
        if other is practice:
            continue
        for mention in other.mentions:
            out.setdefault(mention.paragraph, []).append((mention.start, mention.end))
    return out


# -- front matter -----------------------------------------------------------------------------

def _yaml(value: str) -> str:
    """A YAML scalar: JSON strings are valid YAML and survive “quotes”, +, : and #."""
    return json.dumps(value, ensure_ascii=False)


def _flow(values: Iterable[str]) -> str:
    """A one-line YAML list, as the template writes lists."""
    return "[" + ", ".join(_yaml(v) for v in values) + "]"


def guess_tags(texts: Iterable[str], tags: Iterable[Term], limit: int = 8) -> list[str]:
    """Tags whose name or alias occurs in the quoted passages (a suggestion, marked as such)."""
    joined = normalise("".join(texts))
    out: list[str] = []
    for term in tags:
        if any(normalise(name) in joined for name in (term.name, *term.aliases) if len(name) >= 2):
            out.append(term.name)
    return out[:limit]


@dataclass
class DraftPlan:
    """One file to write, with what the report says about it."""

    path: Path
    text: str
    title: str = ""
    exists: bool = False
    written: bool = False


@dataclass
class Plan:
    """Everything an import of one document would write."""

    folder: Path
    slug: str
    source: DraftPlan
    drafts: list[DraftPlan] = field(default_factory=list)


def draft_text(practice: Practice, found: Found, paragraphs: list[str], where: list[str],
               source: str, meta: Meta, tags: list[Term], levels: list[Term]) -> str:
    """The Markdown of one draft case, in the layout of data/templates/case.md."""
    quotes = excerpts(practice, paragraphs, _other_mentions(found, practice))
    aliases = [v.strip("“”") for v in practice.variants
               if normalise(v) != normalise(practice.name)]
    aliases = list(dict.fromkeys(a for a in aliases if normalise(a) != normalise(practice.name)))
    level_hint = "、".join(t.name for t in levels) or "见 data/vocab/levels.yml"
    found_tags = guess_tags((q.text for q in quotes), tags)
    lines = [
        "---",
        f"title: {_yaml(practice.name)}",
        f"aliases: {_flow(aliases)}",
        f"level:  # 必填：从 {level_hint} 中选一个" + (f"（来源是{meta.level}一级的文件）" if meta.level else ""),
        "categories: []  # 必填：从 data/vocab/categories.yml 选 1 到 3 个",
        f"tags: {_flow(found_tags)}  # " + ("按引文中出现的词自动选出，请核对" if found_tags
                                          else "必填：从 data/vocab/tags.yml 选 1 到 8 个"),
        "figures: []  # 来源给出的数字：what、value（隐去的写 未披露）、unit",
        "sources:",
        f"  - source: {source}",
        f"    passage: {_yaml(passage_label(practice, where))}",
        "related: []",
        "draft: true",
        "---",
        "",
    ]
    for section in SECTIONS:
        mine = [q for q in quotes if q.section == section.title]
        lines += [f"## {section.title}", ""]
        if section.title == "概要":
            lines += [f"草稿：由 `python -m generator import` 从《{meta.title or source}》"
                      f"（data/drafts/{source}/source.md）生成，写完后把 draft 改为 false，"
                      f"并移到 data/cases/。本节要写：{section.description}", ""]
        else:
            lines += [f"本节要写：{section.description}", ""]
        if mine:
            lines += [NOTE, ""]
            for quote in mine:
                place = where[quote.paragraph] or f"第 {quote.paragraph + 1} 段"
                lines += [f"> 〔{place}〕{quote.text}", ""]
        else:
            lines += [EMPTY, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def source_text(meta: Meta, cleaned: Cleaned, found: Found, slug: str, file_name: str,
                reading: str, drafts: dict[str, str], where: list[str]) -> str:
    """``source.md``: detected metadata as front matter, the import record, the cleaned text."""
    def field_line(name: str, value: object, missing: str) -> str:
        """A field with its value, or left empty with a comment saying why (never a guess)."""
        if value in (None, ""):
            return f"{name}:  # {missing}"
        if name == "date":
            return f"{name}: {value}"
        return f"{name}: {_yaml(str(value))}"

    lines = [
        "---",
        f"id: {slug}",
        field_line("title", meta.title, "没有找到标题，请按原文填写")
        + ("  # 建议标题：原文没有标题，请核对或改写" if meta.proposed else ""),
        field_line("kind", meta.kind, "原文没有表明；可用：讲话、讲话汇编、工作汇报、述职点评"),
        field_line("level", meta.level, "原文没有表明；可用：市、区、县、街道、镇、乡、社区、村"),
        *((field_line("date", None, "原文没有写明日期，不要推测"),
           f"published: {meta.date}  # 网页的发布时间，不是讲话或汇报本身的日期")
          if meta.why.get("date") == "网页的发布时间"
          else (field_line("date", meta.date, "原文没有写明日期，不要推测"),)),
        f"file: {_yaml(file_name)}",
        "---",
        "",
        "## 导入记录",
        "",
        f"由 `python -m generator import` 从 `{file_name}`（{reading}）生成。"
        "下面“正文”是清理后的文本；来源页（data/sources/）的摘要须另用自己的话写。",
        "",
    ]
    if meta.why:
        names = {"title": "标题", "kind": "类型", "level": "层级", "date": "日期"}
        lines += ["元数据依据：" + "；".join(f"{names[k]}取自{v}" for k, v in meta.why.items()) + "。", ""]
    lines += ["### 清理", ""]
    if cleaned.counts:
        lines += ["| 处理 | 次数 |", "| --- | --- |"]
        lines += [f"| {label} | {count} |" for label, count in cleaned.counts.items()]
    else:
        lines += ["没有需要清理的内容。"]
    lines += ["", f"保留的占位符（X、×、xx、20xx 等，表示原文隐去的内容）：{cleaned.placeholders} 处。", ""]
    marked = cleaned.removed.get(LABEL_MOJIBAKE, [])
    if marked:
        lines += ["正文中以〔疑似乱码：…〕标出的地方无法辨认，不要猜测其内容。", ""]
    lines += review.source_lines(cleaned)
    lines += ["### 已有案例（建议更新，没有另建草稿）", ""]
    if found.existing:
        for practice in found.existing:
            assert practice.case is not None
            lines.append(f"- {practice.case.title}（{practice.case.path}）：{passage_label(practice, where)}"
                         + review.evidence_note(practice))
    else:
        lines.append("没有。")
    lines += ["", "### 新草稿", ""]
    if found.new:
        for practice in found.new:
            lines.append(f"- {practice.name} → {drafts.get(practice.key, '')}：{passage_label(practice, where)}")
    else:
        lines.append("没有。")
    lines += ["", "### 提到的术语（可用 [[术语]] 链接）", ""]
    if found.terms:
        lines.append("、".join(f"{term}（{len(mentions)} 处）" for term, mentions in found.terms.items()))
    else:
        lines.append("没有。")
    lines += ["", "## 正文", ""]
    for paragraph in cleaned.paragraphs:
        lines += [paragraph, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def plan(data: Path, meta: Meta, cleaned: Cleaned, found: Found, file_name: str, reading: str,
         tags: list[Term], levels: list[Term]) -> Plan:
    """Decide every path and text of one import, without writing anything.

    The folder is named after the title; if another document already
    imported under that name (its source.md names another file), a number
    is added so the two never mix.
    """
    base = source_slug(meta.title, file_name)
    slug, number = base, 2
    while True:
        existing = data / "drafts" / slug / "source.md"
        if not existing.exists() or re.search(
                rf"^file: {re.escape(_yaml(file_name))}\s*$", existing.read_text("utf-8"), re.M):
            break
        slug = f"{base}-{number}"
        number += 1
    folder = data / "drafts" / slug
    paragraphs = cleaned.paragraphs
    where = locations(paragraphs)
    taken: set[str] = {"source"}
    drafts: list[DraftPlan] = []
    names: dict[str, str] = {}
    for practice in found.new:
        name = draft_slug(practice.name, taken)
        path = folder / f"{name}.md"
        names[practice.key] = f"{name}.md"
        drafts.append(DraftPlan(path, draft_text(practice, found, paragraphs, where, slug, meta,
                                                 tags, levels), practice.name, path.exists()))
    source_path = folder / "source.md"
    text = source_text(meta, cleaned, found, slug, file_name, reading, names, where)
    return Plan(folder, slug, DraftPlan(source_path, text, "source.md", source_path.exists()), drafts)


def write(plan: Plan, force: bool = False) -> None:
    """Write the planned files; existing ones only with *force*. Marks what was written."""
    plan.folder.mkdir(parents=True, exist_ok=True)
    for item in (plan.source, *plan.drafts):
        if item.exists and not force:
            continue
        atomic_write(item.path, item.text.encode("utf-8"))
        item.written = True


def mention_places(mentions: list[Mention], where: list[str]) -> str:
    """Places of some mentions, for the report."""
    return "；".join(dict.fromkeys(where[m.paragraph] or f"第 {m.paragraph + 1} 段" for m in mentions))
