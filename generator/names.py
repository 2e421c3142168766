"""Names as a reader sees them, and one generated file per page.

Two names a reader cannot tell apart must not both exist: 邻里中心 and
鄰里中心 (Traditional), ＡＢＣ and ABC (full width), a name with a zero-width
space or a bidi override inside, or a name that is invisible altogether.
They are compared after NFKC, removal of invisible and bidi characters and
OpenCC Traditional→Simplified.

A case may share a name with a tag or a glossary term only when both have
the same slug: that declares them the same thing (the 邻里中心 case and
tag); any other match would take over the other's links and is an error.

Generated file names must be unique too: homophone tags (公益, 工艺) both
read ``gongyi``; a tag called ``index`` would overwrite the tag index. Later
homophones get ``-2``, ``-3`` … in file order and reserved names are renamed,
so no page silently replaces another; :func:`page_paths` lists every page
the renderer will write, and a duplicate is an error, not an overwrite.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterable

from .errors import Problems
from .model import Case, GlossaryEntry, Library, Source, Term

RESERVED = frozenset({"index", "az", "regions", "years", "levels", "writing-guide", "print",
                      "cases", "tags", "categories", "glossary", "sources", "search", "assets"})
"""Slugs that name generated pages or folders."""

_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]")
"""Zero-width, joiner, bidi-control, variation-selector, filler and tag characters."""


@functools.lru_cache(maxsize=1)
def _to_simplified():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=65536)
def invisible(text: str) -> str | None:
    """``U+200B`` for the first invisible, bidi or control character of *text*, or None.
    Kept per name: every run checks every name of the library again."""
    for char in text:
        if _INVISIBLE.match(char) or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cn"):
            return f"U+{ord(char):04X}"
    return None


@functools.lru_cache(maxsize=65536)
def reader_form(name: str) -> str:
    """What a reader sees: NFKC, no invisible characters, Simplified, single spaces, case-folded."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", name))
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf"))
    text = " ".join(text.split())
    return _to_simplified().convert(text).casefold()


def distinct_slugs(terms: list[Term]) -> list[Term]:
    """Terms with unique, unreserved slugs: later homophones get -2, -3 … in file order."""
    taken: set[str] = set(RESERVED)
    out = []
    for term in terms:
        slug, number = term.slug, 2
        while slug in taken:
            slug, number = f"{term.slug}-{number}", number + 1
        taken.add(slug)
        out.append(term if slug == term.slug else dataclasses.replace(term, slug=slug))
    return out


def _line(case: Case, name: str) -> tuple[int, str]:
    key = "title" if name == case.title else "aliases"
    return case.field_lines.get(key, 1), key


def check(library: Library, problems: Problems) -> None:
    """Every name a reader sees is visible and unique among cases, terms, tags, categories and slugs."""
    for case in (*library.cases, *library.drafts):
        for name in case.names:
            code = invisible(name)
            if code:
                line, key = _line(case, name)
                problems.add(case.path, line, f"名称“{name}”中有看不见的字符 {code}",
                             "删掉它（多半是从网页或聊天软件复制来的），重新输入这个名称", field=key,
                             severity="warning" if case.draft else "error")
            elif name and not reader_form(name):
                line, key = _line(case, name)
                problems.add(case.path, line, "名称是空白的（只有看不见的字符）", "写出真实的名称",
                             field=key, severity="warning" if case.draft else "error")
    terms: dict[str, tuple[str, str]] = {}
    for entry in library.glossary:
        for name in (entry.term, *entry.aliases):
            code = invisible(name)
            if code:
                problems.add(entry.path, 1, f"术语名称“{name}”中有看不见的字符 {code}", "删掉它，重新输入这个名称")
            form = reader_form(name)
            if form in terms and terms[form][0] != entry.path and terms[form][1] != name:
                problems.add(entry.path, 1, f"术语名称“{name}”与 {terms[form][0]} 的“{terms[form][1]}”在读者看来相同",
                             "删掉其中一处，或合并成一个术语")
            terms.setdefault(form, (entry.path, name))
    others: dict[str, tuple[str, str]] = {}
    for entry in library.glossary:
        for name in (entry.term, *entry.aliases):
            others.setdefault(reader_form(name), (f"术语表的术语“{entry.term}”（{entry.path}）", entry.slug))
    for kind, vocabulary in (("标签", library.tags), ("类别", library.categories)):
        for term in vocabulary:
            for name in (term.name, *term.aliases):
                others.setdefault(reader_form(name), (f"{kind}“{term.name}”", term.slug))
    seen: dict[str, tuple[Case, str]] = {}
    slugs = {case.slug: case for case in library.cases}
    for case in library.cases:
        for name in case.names:
            if not name:
                continue
            form = reader_form(name)
            owner = slugs.get(form)
            earlier = seen.setdefault(form, (case, name))
            if not (form in others or owner is not None or earlier[0] is not case):
                continue   # the common case, found without working out the name's line
            line, key = _line(case, name)
            if form in others and others[form][1] != case.slug:  # same slug: the same thing, on purpose
                problems.add(case.path, line, f"名称“{name}”与{others[form][0]}相同",
                             "[[链接]]和搜索会分不清是哪一个；请改用更具体的名称"
                             "（确实是同一件事时，让案例和它用同一个网址名）", field=key)
            if owner is not None and owner is not case:
                problems.add(case.path, line, f"名称“{name}”与 {owner.path} 的网址名相同",
                             "[[链接]]会分不清是哪一个；请换一个名称", field=key)
            if earlier[0] is not case and earlier[1] != name:
                other, other_name = earlier
                problems.add(case.path, line,
                             f"名称“{name}”与 {other.path} 的“{other_name}”在读者看来相同"
                             "（只差繁简体、全角半角或看不见的字符）",
                             "同一做法请合并成一个案例；不同做法请改用更具体的名称", field=key)
    named: list[Case | GlossaryEntry | Source] = [*library.cases, *library.glossary, *library.sources]
    for item in named:
        if item.slug in RESERVED:
            problems.add(item.path, getattr(item, "field_lines", {}).get("slug", 1),
                         f"网址名“{item.slug}”是保留名称（网站自己的页面用它）",
                         "把文件改名，或在元数据中写 slug: 其他拼音名", field="slug")
    duplicates((p for p in page_paths(library) if not p.startswith("cases/")), problems)  # cases: unique_names


def page_paths(library: Library) -> list[str]:
    """Every page the renderer writes (see render.render), one entry per write."""
    paths = [f"cases/{c.slug}.md" for c in library.cases]
    for folder, terms in (("tags", library.tags), ("categories", library.categories)):
        paths += [f"{folder}/{t.slug}.md" for t in terms] + [f"{folder}/index.md"]
    paths += ["az.md", "regions.md", "years.md", "levels.md"]
    paths += [f"glossary/{g.slug}.md" for g in library.glossary] + ["glossary/index.md"]
    paths += [f"sources/{s.slug}.md" for s in library.sources] + ["sources/index.md"]
    return paths + ["writing-guide.md", "print.md", "_home.md"]


def duplicates(paths: Iterable[str], problems: Problems) -> None:
    """A generated file planned twice is an error naming it (one page would replace the other)."""
    seen: set[str] = set()
    for path in paths:
        if path in seen:
            problems.add(f"docs/library/{path}", 0, "两个页面会写到同一个文件",
                         "给其中一个案例、术语或来源换一个网址名（slug）")
        seen.add(path)
