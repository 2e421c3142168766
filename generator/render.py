"""Model → Markdown pages: pure string building, no disk.

Every page is returned as ``{relative path: text}`` under the generated tree.
Links are relative ``.md`` links, which MkDocs turns into links that work both
served under any base path and from ``file://``. Every value that came from
a data file is escaped before it lands in Markdown or front matter.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

from pymdownx.slugs import slugify as _make_slugify

from . import approx, dates, honours, limited, pinyin, places, print_all, relmap
from .autolink import Linker
from .history import CaseDates
from .link import WIKILINK, Graph, threads, wikilinks
from .memos import remembered
from .model import Case, GlossaryEntry, Library, Source, Term
from .schema import FIELDS, REGION_PARTS, SECTION_TITLES, SECTIONS, UNDISCLOSED

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

_Key = TypeVar("_Key")
"""A grouping key: a region name, a year (or None) or a level."""

_anchor_slug = _make_slugify(case="lower")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")

NO_REGION = "地区未披露"
NO_YEAR = "年份未披露"
OTHER_GROUP = "0–9"
"""Heading for names that start with a digit or symbol in A–Z lists."""


def anchor(text: str) -> str:
    """The heading id MkDocs gives *text* (same slugify as ``mkdocs.yml``)."""
    return _anchor_slug(text, "-")


@functools.lru_cache(maxsize=1 << 17)
def esc(text: str) -> str:
    """Escape data text for inline Markdown: no markup, no HTML. Remembered: the same titles and
    summaries are escaped on many pages (10,000 cases: 627,000 calls, 41,000 texts; 0.86 → 0.21 s)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def unindexed(markdown: str) -> str:
    """Wrap *markdown* so Material's search leaves it out of the index.

    Lists of other pages (on tag, index and case pages) would otherwise make
    every listed title match on every listing page, pushing the page itself
    down the results, and would bloat the index.
    """
    return f'<div markdown data-search-exclude>\n\n{markdown.strip()}\n\n</div>\n'


TEMPLATE_FIELDS = ("title", "description")
"""Front-matter fields the theme puts into HTML unescaped (MkDocs' templates do
not autoescape), so they are HTML-escaped here."""


def front_matter(**fields: object) -> str:
    """YAML front matter; JSON scalars are valid YAML and always safely quoted."""
    lines = ["---"]
    for key, value in fields.items():
        if key in TEMPLATE_FIELDS and isinstance(value, str):
            value = html.escape(value, quote=True)
        if value not in (None, "", []):
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


@dataclass(frozen=True)
class Site:
    """Options that change how pages are rendered."""

    edit_url: str = ""
    """Template for edit links, with ``{path}`` for the data file; empty for none."""
    glossary_links: bool = True
    """Link glossary terms at their first mention in each case body."""
    downloads: bool = False
    """Link each case's Word file (made by :mod:`generator.export`)."""
    preview: bool = False
    """Rendering for ``make serve``: the whole-handbook print page is a note (see Settings)."""


# -- shared fragments -----------------------------------------------------------

def _case_link(case: Case, prefix: str) -> str:
    return f"[{esc(case.title)}]({prefix}cases/{case.slug}.md)"


def _case_list(library: Library, slugs: Iterable[str], prefix: str, summary: bool = False) -> str:
    lines = []
    for slug in slugs:
        case = library.case(slug)
        line = f"- {_case_link(case, prefix)}" + ("（资料有限）" if case.limited else "")
        if summary and case.summary:
            line += f"：{esc(_plain(case.summary))}"
        lines.append(line)
    return unindexed("\n".join(lines)) if lines else "（暂无）\n"


def _plain(markdown: str) -> str:
    """First paragraph of a section as plain text, for lists and descriptions."""
    text = markdown.strip().split("\n\n")[0]
    text = WIKILINK.sub(lambda m: m.group(2) or m.group(1), text)
    return re.sub(r"[*_`>#]+", "", text).replace("\n", "")


def _by_letter(items: Iterable[tuple[str, str]]) -> str:
    """``## A`` … sections of ``(sort text, list line)`` pairs, in pinyin order."""
    groups: dict[str, list[tuple[tuple, str]]] = {}
    for text, line in items:
        groups.setdefault(pinyin.group_letter(text), []).append((pinyin.sort_key(text), line))
    letters = sorted(groups, key=lambda g: (g == "#", g))
    heading = {g: OTHER_GROUP if g == "#" else g for g in letters}
    jump = " · ".join(f"[{heading[g]}](#{anchor(heading[g])})" for g in letters)
    parts = [jump + "\n"] if jump else []
    for letter in letters:
        parts.append(f"## {heading[letter]}\n\n"
                     + unindexed("\n".join(line for _, line in sorted(groups[letter]))))
    return "\n".join(parts)


# -- wikilinks ------------------------------------------------------------------

def _wikilinks(text: str, graph: Graph, prefix: str) -> str:
    def replace(match: re.Match[str]) -> str:
        target = graph.names.get(match.group(1).strip())
        label = esc((match.group(2) or match.group(1)).strip())
        if target is None:  # reported by link; keep the text readable
            return label
        folder = "cases" if target.kind == "case" else "glossary"
        return f"[{label}]({prefix}{folder}/{target.slug}.md)"
    return WIKILINK.sub(replace, text)


# -- pages ------------------------------------------------------------------------

def _body_renderer(case: Case, graph: Graph, linker: Linker | None, prefix: str):  # type: ignore[no-untyped-def]
    """Section text → Markdown with glossary links (first mention) and wikilinks."""
    own = {graph.names[n].slug for n in case.names if n in graph.names
           and graph.names[n].kind == "glossary"}
    linked: set[str] = own | {graph.names[ref].slug for ref, _, _ in wikilinks(case)
                              if ref in graph.names and graph.names[ref].kind == "glossary"}

    def render_text(text: str) -> str:
        nonlocal linked
        if linker is not None:
            text, linked = linker.link(text, linked, lambda slug: f"{prefix}glossary/{slug}.md")
        return _wikilinks(text, graph, prefix)
    return render_text


def glossary_linker(library: Library) -> Linker:
    """One linker for the library: glossary terms, with case names protected."""
    terms: dict[str, str] = {}
    for entry in library.glossary:
        for name in (entry.term, *entry.aliases):
            terms.setdefault(name, entry.slug)
    names = tuple(n for c in library.cases for n in c.names if n not in terms)
    return _linker(tuple(terms.items()), names)


@functools.lru_cache(maxsize=2)
def _linker(terms: tuple[tuple[str, str], ...], names: tuple[str, ...]) -> Linker:
    """The linker for these terms and names, kept: the preview re-renders an edited case with
    the same glossary, and finding which names contain which term takes a while at 10,000 cases."""
    return Linker.build(dict(terms), names)


def case_page(case: Case, library: Library, graph: Graph, site: Site,
              linker: Linker | None = None, recorded: CaseDates | None = None) -> str:
    """One case: title, 概要, facts, body sections, figures, sources, threads."""
    p = "../"
    body = _body_renderer(case, graph, linker, p)
    out = [front_matter(title=case.title, description=_plain(case.summary), data_file=case.path)]
    out.append(f"# {esc(case.title)}\n")
    if case.aliases:
        out.append("别称：" + "、".join(esc(a) for a in case.aliases) + "\n")
    if case.limited:
        out.append(limited.admonition())
    out.append("## 概要\n\n" + body(case.summary) + "\n")
    region = (f"[{esc(places.label(case))}]({p}regions.md#{anchor(places.group_key(case))})"
              if case.region else NO_REGION)
    year = (f"[{case.year}]({p}years.md#{anchor(str(case.year))})" if case.year
            else dates.year_note(case, library))
    facts = [
        ("地区", region),
        ("层级", f"[{esc(case.level)}]({p}levels.md#{anchor(case.level)})"),
        ("年份", year),
        ("类别", "、".join(f"[{esc(c)}]({p}categories/{library.term_slugs['categories', c]}.md)"
                           for c in case.categories)),
        ("标签", "、".join(f"[{esc(t)}]({p}tags/{library.term_slugs['tags', t]}.md)" for t in case.tags)),
    ]
    facts += _more_facts(case)
    if case.actors:
        facts.append(("参与主体", "、".join(esc(a) for a in case.actors)))
    if case.reviewed:
        facts.append(("审核日期", case.reviewed.isoformat()))
    if recorded and recorded.from_history:
        facts.append(("收录日期", recorded.added.isoformat()))
        if recorded.changed != recorded.added:
            facts.append(("最近修改", recorded.changed.isoformat()))
    out.append('<div class="case-facts" markdown data-search-exclude>\n\n'
               + "\n".join(f"- **{k}**：{v}" for k, v in facts) + "\n\n</div>\n")
    if site.downloads:
        out.append(f"[下载本案例（Word 文件）]({p}downloads/cases/{case.slug}.docx)"
                   f"{{ .{print_all.DOWNLOAD_CLASS} }}\n")
    out.extend(_body_sections(case, SECTION_TITLES[1:], "##", body))
    out.append(f"## {print_all.SOURCES_TITLE} {{ data-search-exclude }}\n\n" + "\n".join(
        f"- [{esc(library.source_by_id[r.source].title)}]({p}sources/{r.source}.md)"
        + (f"，{esc(r.passage)}" if r.passage else "") for r in case.sources) + "\n")
    listed = threads(case, graph)
    if any(slugs for _, slugs in listed):
        out.append("## 延伸阅读 { data-search-exclude }\n")
        out.append(f"![{esc(case.title)}的关系图：相关、提到本案例和相似的案例]"
                   f"({p}{relmap.path(case)}#{relmap.view(case)})"
                   f"{{ .relation-map width={relmap.WIDTH} height={relmap.HEIGHT} }}\n")
        for label, slugs in listed:
            if slugs:
                out.append(f"**{label}**\n\n" + _case_list(library, slugs, p))
    if site.edit_url:
        url = site.edit_url.format(path=quote(case.path))
        out.append(f'\n[修改本案例]({url}){{ .edit-source }}\n')
    return "\n".join(out)


def _more_facts(case: Case) -> list[tuple[str, str]]:
    """Sector, implementing body and honours, where the source gives them."""
    facts = []
    if case.sector:
        facts.append(("领域", "、".join(esc(x) for x in case.sector)))
    if case.implementer:
        facts.append(("实施主体", esc(case.implementer)))
    if case.honours:
        facts.append(("荣誉评选", "；".join(esc(honours.text(h)) for h in case.honours)))
    return facts


def _body_sections(case: Case, titles: Iterable[str], level: str,
                   render_text: Callable[[str], str]) -> list[str]:
    """The case's sections among *titles*, in order, with the figures table after 成效."""
    out = []
    for title in titles:
        text = case.sections.get(title)
        if text is None:
            continue
        out.append(f"{level} {title}\n\n{render_text(text)}\n")
        if title == "成效" and case.figures:
            out.append(_figures_table(case))
    return out


def _figures_table(case: Case) -> str:
    rows = ["| 统计内容 | 数值 |", "| --- | --- |"]
    for fig in case.figures:  # as the source writes it: 30 多场次, 约 4 万余元
        rows.append(f"| {esc(fig.what)} | {esc(approx.as_written(fig, UNDISCLOSED))} |")
    return "\n".join(rows) + "\n"


def term_page(kind: str, term: Term, slugs: list[str], library: Library) -> str:
    """A tag or category page: description and every case with its 概要."""
    out = [front_matter(title=f"{kind}：{term.name}")]
    out.append(f"# {kind}：{esc(term.name)}\n")
    if term.description:
        out.append(esc(term.description) + "\n")
    if term.aliases:
        out.append("也称：" + "、".join(esc(a) for a in term.aliases) + "\n")
    out.append(f"共 {len(slugs)} 个案例。\n")
    out.append(_case_list(library, slugs, "../", summary=True))
    return "\n".join(out)


def terms_index(kind: str, terms: list[Term], groups: dict[str, list[str]],
                by_letter: bool) -> str:
    """Index of all tags (by pinyin initial) or all categories (in vocabulary order)."""
    out = [front_matter(title=f"全部{kind}"), f"# 全部{kind}\n"]
    lines = [(t.name, f"- [{esc(t.name)}]({t.slug}.md)（{len(groups.get(t.name, []))}）")
             for t in terms]
    if by_letter:
        out.append(_by_letter(lines))
    else:
        out.append(unindexed("\n".join(line for _, line in lines)))
    return "\n".join(out)


def az_page(library: Library) -> str:
    """All cases and their aliases, A–Z in pinyin dictionary order."""
    items = []
    for case in library.cases:
        items.append((case.title, f"- {_case_link(case, '')}"))
        for alias in case.aliases:
            items.append((alias, f"- {esc(alias)} → {_case_link(case, '')}"))
    return (front_matter(title="案例 A–Z") + "# 案例 A–Z\n\n按标题拼音排序，别称也列在其中。\n\n"
            + _by_letter(items))


def grouped_page(title: str, intro: str, groups: Mapping[_Key, list[str]], library: Library,
                 order: Callable[[_Key], SupportsRichComparison], label: Callable[[_Key], str]) -> str:
    """Cases grouped under headings (by region, year or level)."""
    out = [front_matter(title=title), f"# {title}\n", intro + "\n"]
    for key in sorted(groups, key=order):
        out.append(f"## {esc(label(key))}\n\n" + _case_list(library, groups[key], ""))
    return "\n".join(out)


def glossary_page(entry: GlossaryEntry, library: Library, graph: Graph) -> str:
    out = [front_matter(title=entry.term, description=_plain(entry.definition), data_file=entry.path)]
    out.append(f"# {esc(entry.term)}\n")
    if entry.aliases:
        out.append("也称：" + "、".join(esc(a) for a in entry.aliases) + "\n")
    out.append(entry.definition + "\n")
    out.append("## 用到这个术语的案例\n\n" + _case_list(library, graph.glossary_cases[entry.slug], "../"))
    return "\n".join(out)


def glossary_index(library: Library) -> str:
    items = [(e.term, f"- [{esc(e.term)}]({e.slug}.md)：{esc(_plain(e.definition))}")
             for e in library.glossary]
    return front_matter(title="术语表") + "# 术语表\n\n" + _by_letter(items)


def source_page(src: Source, library: Library, graph: Graph) -> str:
    facts = [("类型", src.kind), ("层级", src.level),
             ("日期", src.date.isoformat() if src.date else "原文未注明")]
    cases = graph.source_cases[src.id]
    if src.published:  # the web page's stamp, labelled so it is not read as the text's date
        facts.append(("发布日期", f"{src.published.isoformat()}（网页标注）"))
    out = [front_matter(title=src.title, description=_plain(src.summary)),
           f"# {esc(src.title)}\n",
           "\n".join(f"- **{k}**：{esc(v)}" for k, v in facts) + "\n",
           "## 内容摘要\n\n" + src.summary + "\n",
           f"## 取材于本文的案例（{len(cases)}）\n\n" + _case_list(library, cases, "../", summary=True)]
    return "\n".join(out)


def sources_index(library: Library, graph: Graph) -> str:
    out = [front_matter(title="资料来源"), "# 资料来源\n",
           "本手册的案例取材于以下文件。每个案例页都注明出处和所在段落。\n"]
    for src in library.sources:
        out.append(f"- [{esc(src.title)}]({src.slug}.md)（{esc(src.kind)}，{len(graph.source_cases[src.id])} 个案例）")
    return "\n".join(out) + "\n"


def writing_guide() -> str:
    """「如何撰写案例」, rendered from the schema the validator uses."""
    out = [front_matter(title="如何撰写案例"), "# 如何撰写案例\n",
           "每个案例是 `data/cases/` 下的一个 Markdown 文件：开头是 `---` 包起来的元数据（YAML），"
           "后面是固定小节的正文。本页由校验程序使用的同一份规则生成。\n",
           "## 元数据字段\n", "| 字段 | 名称 | 必填 | 说明 | 示例 |", "| --- | --- | --- | --- | --- |"]
    for f in FIELDS:
        example = f.example.replace("\n", "<br>").replace("|", "\\|")
        out.append(f"| `{f.name}` | {f.label} | {'是' if f.required else '否'} | {f.description} "
                   f"| <code>{example.replace(' ', '&nbsp;')}</code> |")
    out.append("\n地区 `region` 可写的项：" + "、".join(f"`{k}`（{v}）" for k, v in REGION_PARTS) + "。\n")
    out.append("## 正文小节\n\n按下列顺序写二级标题（`## 标题`），不要写一级标题：\n")
    for s in SECTIONS:
        out.append(f"- `## {s.title}`{'' if s.required else '（可选）'}：{s.description}")
    out.append("\n正文里可以用 `[[案例标题]]` 或 `[[术语]]` 链接到其他案例和术语，"
               "也可以写成 `[[标题|显示文字]]`。\n")
    out.append("## 类别、标签、层级\n\n只能使用 `data/vocab/` 中词表里的名称；"
               "标签可以写别名，会自动换成标准名。\n")
    return "\n".join(out)


def print_page(library: Library, downloads: bool = False) -> str:
    """Every case on one page, for printing the whole handbook for a meeting.

    A frame: MkDocs fills its ``print-all`` div with the case pages' own HTML
    (hooks/print_from_case_pages.py, :mod:`generator.print_all`), in the order
    given in its front matter.
    """
    order = {print_all.ORDER_KEY: " ".join(case.slug for case in library.cases)}
    return "\n".join([
        front_matter(title="打印全部案例", search={"exclude": True}, **order),
        "# 社区治理案例手册（全部案例）\n",
        f"共 {len(library.cases)} 个案例，按标题拼音排序。用浏览器的“打印”即可打印或另存为 PDF。\n",
        *(["需要带目录、页码和书签的版本，请下载[整本手册 PDF 文件](downloads/handbook.pdf)"
           "或[整本手册 Word 文件](downloads/handbook.docx)。\n"] if downloads else []),
        print_all.PLACEHOLDER + "\n"])


def print_note(library: Library) -> str:
    """The print page under ``make serve``: what it will hold, and where to see one case printed."""
    return "\n".join([
        front_matter(title="打印全部案例", search={"exclude": True}),
        "# 社区治理案例手册（全部案例）\n",
        f"本机预览（make serve）不生成这一页：每次改动都要把全部 {len(library.cases)} 个案例重新排版，"
        "预览会因此慢下来。`make build` 构建的网站里，这一页按标题拼音顺序收录全部案例，可直接打印。\n",
        "预览单个案例的打印效果：打开案例页，用浏览器的“打印”预览。\n"])


_PAGES: dict[str, tuple[object, str]] = {}
"""Page path → (everything it was rendered from, its text), kept for the process: the preview
(``make serve`` regenerates in one process) renders again only pages whose inputs changed. The
inputs are compared, never hashed, so a remembered page is exactly what rendering would give."""
_LISTS: dict[None, tuple[tuple, dict[str, str]]] = {}
"""(inputs, pages) of the last run's list pages (see :func:`_lists_key`)."""
_SHARED: dict[str, object] = {}
"""Name → the last value of an input many pages share (see :func:`_interned`)."""


def _interned(name: str, value: object) -> object:
    """*value*, or the equal value of the last build: pages then compare a shared input by
    identity, instead of comparing 10,000 titles once per page."""
    last = _SHARED.get(name)
    if last is not None and last == value:
        return last
    _SHARED[name] = value
    return value


def _names_key(library: Library, site: Site) -> object:
    """What a case page reads of the rest of the library: every case's names and notice, the
    glossary (links, the linker), term slugs and sources (facts, year notes), and the pinyin
    readings (A–Z letters)."""
    return _interned("names", (
        site, pinyin.readings_in_use(),
        [(c.slug, c.title, c.aliases, c.previous_slugs, c.limited) for c in library.cases],
        [(e.slug, e.term, e.aliases) for e in library.glossary], library.term_slugs, library.sources))


def _lists_key(library: Library, graph: Graph, site: Site) -> object:
    """What the list pages (tags, categories, A–Z, regions, years, levels, glossary, sources)
    read: the names, every case's summary and facts, the vocabularies and the graph's groups."""
    return _interned("lists", (
        _names_key(library, site),
        [(c.summary, c.region, c.year, c.level, c.categories, c.tags) for c in library.cases],
        library.tags, library.categories, library.levels, library.glossary,
        graph.by_tag, graph.by_category, graph.by_region, graph.by_year, graph.by_level,
        graph.glossary_cases, graph.source_cases))


def _case_page(case: Case, library: Library, graph: Graph, site: Site, linker: Callable[[], Linker | None],
               recorded: CaseDates | None) -> str:
    return case_page(case, library, graph, site, linker(), recorded)


def render(library: Library, graph: Graph, site: Site,
           case_dates: Mapping[str, CaseDates] | None = None) -> dict[str, str]:
    """Every generated page, keyed by path relative to the generated tree (the build makes the
    two parts at different times: :func:`case_pages`, :func:`other_pages`)."""
    return {**case_pages(library, graph, site, case_dates), **other_pages(library, graph, site)}


def case_pages(library: Library, graph: Graph, site: Site,
               case_dates: Mapping[str, CaseDates] | None = None) -> dict[str, str]:
    """The case pages, keyed by path relative to the generated tree. Apart from
    :func:`other_pages`: the search index needs those and not these, so a large build renders
    these while the index is finished."""
    pages: dict[str, str] = {}
    shared = _names_key(library, site)
    linker: list[Linker | None] = []

    def glossary() -> Linker | None:
        if not linker:
            linker.append(glossary_linker(library) if site.glossary_links else None)
        return linker[0]
    for case in library.cases:
        recorded = (case_dates or {}).get(case.slug)
        inputs = (case, tuple(graph.related[case.slug]), tuple(graph.backlinks[case.slug]),
                  tuple(graph.similar[case.slug]), recorded, shared)
        make = functools.partial(_case_page, case, library, graph, site, glossary, recorded)
        pages[f"cases/{case.slug}.md"] = remembered(_PAGES, f"cases/{case.slug}.md", inputs, make)
    return pages


def other_pages(library: Library, graph: Graph, site: Site) -> dict[str, str]:
    """Every generated page but the cases', keyed by path relative to the generated tree."""
    listed: dict[str, str] = remembered(_LISTS, None, (_lists_key(library, graph, site),),
                                        lambda: _list_pages(library, graph))
    pages = dict(listed)   # a copy: the memo's own stays as it was made
    pages["writing-guide.md"] = writing_guide()
    pages["print.md"] = print_note(library) if site.preview else print_page(library, site.downloads)
    return pages


def _list_pages(library: Library, graph: Graph) -> dict[str, str]:
    """Tag, category, A–Z, region, year, level, glossary and source pages."""
    pages: dict[str, str] = {}
    for kind, folder, terms, groups, by_letter in (
            ("标签", "tags", library.tags, graph.by_tag, True),
            ("类别", "categories", library.categories, graph.by_category, False)):
        used = [t for t in terms if groups.get(t.name)]  # no empty pages for unused terms
        for term in used:
            pages[f"{folder}/{term.slug}.md"] = term_page(kind, term, groups[term.name], library)
        pages[f"{folder}/index.md"] = terms_index(kind, used, groups, by_letter)
    pages["az.md"] = az_page(library)
    pages["regions.md"] = grouped_page(
        "按地区浏览", f"地区只列来源写出的地名；来源用 X、xx 等隐去的地名不列出，"
        f"全部隐去的归入“{places.HIDDEN}”。", graph.by_region, library,
        order=lambda k: (k == "", k == places.HIDDEN, pinyin.sort_key(str(k))),
        label=lambda k: str(k) or NO_REGION)
    pages["years.md"] = grouped_page(
        "按年份浏览", "年份只在来源写明时记录。", graph.by_year, library,
        order=lambda k: (k is None, -(k or 0)), label=lambda k: str(k) if k else NO_YEAR)
    level_order = {t.name: i for i, t in enumerate(library.levels)}
    pages["levels.md"] = grouped_page(
        "按层级浏览", "做法在哪一级推动或落地。", graph.by_level, library,
        order=lambda k: level_order.get(str(k), 99), label=str)
    for entry in library.glossary:
        pages[f"glossary/{entry.slug}.md"] = glossary_page(entry, library, graph)
    pages["glossary/index.md"] = glossary_index(library)
    for src in library.sources:
        pages[f"sources/{src.slug}.md"] = source_page(src, library, graph)
    pages["sources/index.md"] = sources_index(library, graph)
    return pages
