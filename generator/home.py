"""The home page's generated part and the 最近更新 page: ways in and what is new.

The home page (docs/index.md) includes ``library/_home.md``: counts, the
facet page, one tile per category with its count, entry points by level and
by named place, and the latest changes. Dates come from
:mod:`generator.history` (the data files' history, or ``reviewed``).
"""

from __future__ import annotations

from .history import CaseDates, newest
from .link import Graph
from .model import Library
from .places import HIDDEN
from .render import NO_REGION, _plain, anchor, esc, front_matter, unindexed

HOME_NEWEST = 6
"""Latest changes listed on the home page."""
RECENT_LIMIT = 100
"""Most cases listed on the 最近更新 page."""


def _when(d: CaseDates) -> str:
    """新增 or 修改 with the date; a reviewed date is labelled as such."""
    if not d.from_history:
        return f"审核于 {d.changed.isoformat()}"
    return f"{'新增' if d.added == d.changed else '修改'}于 {d.changed.isoformat()}"


def snippet(library: Library, graph: Graph, dates: dict[str, CaseDates],
            downloads: bool = False) -> str:
    """``library/_home.md``, included by the hand-written home page (links relative to it)."""
    out = [f"本手册收录 **{len(library.cases)}** 个案例、**{len(graph.by_tag)}** 个标签、"
           f"**{len(library.categories)}** 个类别、**{len(library.glossary)}** 个术语，"
           f"取材于 **{len(library.sources)}** 份文件。\n",
           "[案例筛选：按类别、层级、地区、年份、标签一起查找](facets.md){ .md-button .md-button--primary } "
           "[案例 A–Z](library/az.md){ .md-button }\n",
           "也可以[按标签浏览](library/tags/index.md)、[按年份浏览](library/years.md)，"
           "或查看[术语表](library/glossary/index.md)和[资料来源](library/sources/index.md)。\n"]
    out.append("## 按类别\n")
    tiles = []
    for term in library.categories:
        count = len(graph.by_category.get(term.name, []))
        if not count:
            continue
        slug = library.term_slugs["categories", term.name]
        tiles.append(f"-   [**{esc(term.name)}**（{count} 个案例）](library/categories/{slug}.md)\n\n"
                     f"    {esc(term.description)}")
    out.append('<div class="grid cards home-categories" markdown>\n\n' + "\n\n".join(tiles)
               + "\n\n</div>\n")
    level_order = [t.name for t in library.levels if graph.by_level.get(t.name)]
    out.append("## 按层级\n\n" + "　".join(
        f"[{esc(name)}（{len(graph.by_level[name])}）](library/levels.md#{anchor(name)})"
        for name in level_order) + "\n")
    places = graph.by_region   # named places, HIDDEN (every part hidden) and "" (none given)
    named = sorted((k for k in places if k not in ("", HIDDEN)), key=lambda k: (-len(places[k]), k))
    if named:
        links = [f"[{esc(k)}（{len(places[k])}）](library/regions.md#{anchor(k)})" for k in named[:12]]
        unnamed = len(places.get("", ())) + len(places.get(HIDDEN, ()))
        if unnamed:
            links.append(f"[{NO_REGION}（{unnamed}）](library/regions.md#{anchor(NO_REGION)})")
        out.append("## 按地区\n\n" + "　".join(links) + "\n")
    if downloads:
        out.append("## 带去开会\n\n"
                   "- 整本手册：[Word 文件](library/downloads/handbook.docx) · "
                   "[PDF 文件（带目录、页码和书签）](library/downloads/handbook.pdf)\n"
                   "- 单个案例：每个案例页上都有“下载本案例（Word 文件）”\n"
                   "- 挑出来的几个案例：在[案例筛选](facets.md)里选好条件，点“打印所选案例全文”\n")
    latest = newest(dates, library.position, HOME_NEWEST)
    if latest:
        out.append("## 最近更新\n\n" + unindexed("\n".join(
            f"- [{esc(library.case(slug).title)}](library/cases/{slug}.md)（{_when(d)}）"
            for slug, d in latest)) + "\n[全部更新记录](library/recent.md)\n")
    return "\n".join(out)


def recent_page(library: Library, dates: dict[str, CaseDates]) -> str:
    """``library/recent.md``: the latest changed cases, grouped by date, newest first."""
    ranked = newest(dates, library.position, RECENT_LIMIT)
    out = [front_matter(title="最近更新", search={"exclude": True}), "# 最近更新\n",
           "按案例文件的修改记录排列，最新的在前"
           + (f"，列出最近的 {RECENT_LIMIT} 个" if len(dates) > RECENT_LIMIT else "")
           + "。没有修改记录的副本（例如解压的离线包）按审核日期排列。\n"]
    if not ranked:
        out.append("（暂无日期信息）\n")
    by_day: dict[str, list[tuple[str, CaseDates]]] = {}
    for slug, d in ranked:
        by_day.setdefault(d.changed.isoformat(), []).append((slug, d))
    for day, items in by_day.items():
        lines = []
        for slug, d in items:
            case = library.case(slug)
            kind = ("审核" if not d.from_history else "新增" if d.added == d.changed else "修改")
            lines.append(f"- **{kind}** [{esc(case.title)}](cases/{slug}.md)：{esc(_plain(case.summary))}")
        out.append(f"## {day}\n\n" + unindexed("\n".join(lines)))
    return "\n".join(out)


def pages(library: Library, graph: Graph, dates: dict[str, CaseDates],
          downloads: bool = False) -> dict[str, str]:
    """Generated files of this module, keyed like pages."""
    return {"_home.md": snippet(library, graph, dates, downloads),
            "recent.md": recent_page(library, dates)}
