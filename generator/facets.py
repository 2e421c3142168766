"""Data of the 案例筛选 page, written as a script file the page loads.

The page must work from ``file://`` (the offline copy), where a page cannot
``fetch`` a file next to it, so the data is a script that sets a global,
``window.HANDBOOK_FACETS``. Values are stored once per facet and cases refer
to them by index, which keeps the file small at thousands of cases.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from . import pinyin, places
from .link import Graph
from .memos import remembered
from .model import Case, Library
from .render import NO_YEAR, _plain
from .schema import UNDISCLOSED

SCRIPT_PATH = "assets/facets.js"
"""Where the data goes, relative to the generated tree (docs/library/)."""
GLOBAL = "HANDBOOK_FACETS"
HAS_FIGURES, NO_FIGURES = "有数据", "无数据"


@dataclass(frozen=True)
class Facet:
    """One group of filters on the page."""

    id: str
    """Key in the page address (``#level=社区村``)."""
    label: str
    """Heading shown to readers."""
    mode: str
    """``all``: a case must have every chosen value; ``any``: one of them is enough."""
    values_of: Callable[[Case], tuple[str, ...]]
    """The case's values in this facet."""


def _place_part(key: str) -> Callable[[Case], tuple[str, ...]]:
    """The values of one place facet (province, city …); a function per key, bound now, not at call time."""
    return lambda c: (places.part(c, key),)


def _facets(library: Library) -> list[Facet]:
    titles = library.source_by_id
    out = [
        Facet("category", "类别", "all", lambda c: c.categories),
        Facet("level", "层级", "any", lambda c: (c.level,)),
    ]
    for key, label in places.FACET_PARTS:
        out.append(Facet(key, label, "any", _place_part(key)))
    out += [
        Facet("year", "年份", "any", lambda c: (str(c.year) if c.year else NO_YEAR,)),
        Facet("tag", "标签", "all", lambda c: c.tags),
        Facet("source", "资料来源", "any",
              lambda c: tuple(dict.fromkeys(titles[r.source].title for r in c.sources))),
        Facet("figures", "数据", "any", lambda c: (HAS_FIGURES if c.figures else NO_FIGURES,)),
    ]
    return out


def _value_order(library: Library, facet: Facet, values: set[str]) -> list[str]:
    """Vocabulary order for categories and levels, newest first for years, pinyin otherwise; 未披露 last."""
    if facet.id == "category":
        rank = {t.name: i for i, t in enumerate(library.categories)}
    elif facet.id == "level":
        rank = {t.name: i for i, t in enumerate(library.levels)}
    elif facet.id == "figures":
        rank = {HAS_FIGURES: 0, NO_FIGURES: 1}
    elif facet.id == "year":
        return sorted(values, key=lambda v: (v == NO_YEAR, -int(v) if v.isdigit() else 0))
    else:
        return sorted(values, key=lambda v: (v == UNDISCLOSED, pinyin.sort_key(v)))
    return sorted(values, key=lambda v: rank.get(v, len(rank)))


def data(library: Library, graph: Graph, downloads: bool = False) -> dict:
    """Facets with their values, and every case with its card fields and value indexes."""
    facets = _facets(library)
    per_case = [[f.values_of(c) for f in facets] for c in library.cases]
    ordered = []
    for i, facet in enumerate(facets):
        values = {v for row in per_case for v in row[i]}
        ordered.append(_value_order(library, facet, values))
    index = [{v: n for n, v in enumerate(values)} for values in ordered]
    cases = []
    for case, row in zip(library.cases, per_case):
        cases.append({
            "slug": case.slug, "title": case.title, "summary": _plain(case.summary),
            "level": case.level, "region": places.label(case) or "地区未披露",
            "year": case.year, "categories": list(case.categories),
            "v": [sorted(index[i][v] for v in values) for i, values in enumerate(row)],
        })
    return {"facets": [{"id": f.id, "label": f.label, "mode": f.mode, "values": values}
                       for f, values in zip(facets, ordered)],
            "cases": cases, "downloads": downloads}


def script(library: Library, graph: Graph, downloads: bool = False) -> str:
    """The data file: one assignment, readable by a ``<script>`` tag from ``file://``."""
    payload = json.dumps(data(library, graph, downloads), ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("</", "<\\/")  # never close the script element early
    return f"window.{GLOBAL} = {payload};\n"


_LAST: dict[None, tuple[tuple, str]] = {}
"""(inputs, script) of the last run: the preview (``make serve`` regenerates in one process) builds
the data again only when a case's card or facet values, a vocabulary or a reading changed."""


def _inputs(library: Library, downloads: bool) -> tuple:
    """Everything :func:`data` reads, as one comparable value."""
    return (downloads, pinyin.readings_in_use(), library.categories, library.levels,
            [(s.id, s.title) for s in library.sources],
            [(c.slug, c.title, c.summary, c.level, c.region, c.year, c.categories, c.tags,
              tuple(r.source for r in c.sources), bool(c.figures)) for c in library.cases])


def files(library: Library, graph: Graph, downloads: bool = False) -> dict[str, str]:
    """Generated files for the facet page, keyed like pages; *downloads*: cases have Word files."""
    return {SCRIPT_PATH: remembered(_LAST, None, _inputs(library, downloads),
                                    lambda: script(library, graph, downloads))}
