"""The home page orients: category tiles with counts, ways in by level and place, search help, news."""

from __future__ import annotations

from pathlib import Path

import lxml.html

from generator import history, home
from generator.build import check
from generator.places import groups
from generator.settings import Settings

from .conftest import ROOT


def test_snippet_on_the_real_library() -> None:
    result = check(Settings.for_root(ROOT))
    library, graph = result.library, result.graph
    dates = history.case_dates(ROOT, library.cases)
    text = home.snippet(library, graph, dates)
    for term in library.categories:
        count = len(graph.by_category.get(term.name, []))
        assert (f"**{term.name}**（{count} 个案例）" in text) == (count > 0), term.name
    for level, slugs in graph.by_level.items():
        assert f"{level}（{len(slugs)}）" in text
    places = groups(library.cases)   # worked out from the cases, not from the graph the page uses
    named = sorted((k for k in places if k), key=lambda k: (-len(places[k]), k))
    assert all(f"[{k}（{len(places[k])}）]" in text for k in named[:12])
    if "" in places:
        assert f"[{home.NO_REGION}（{len(places[''])}）]" in text
    assert "xx市" not in text and "x社区" not in text
    assert "(facets.md)" in text and "(library/recent.md)" in text
    for page in ("library/az.md", "library/tags/index.md", "library/years.md",
                 "library/glossary/index.md", "library/sources/index.md"):
        assert f"]({page})" in text, page
    latest = history.newest(dates, library.position, home.HOME_NEWEST)
    assert text.count("](library/cases/") == len(latest)


def test_built_home_page(built_site: Path) -> None:
    doc = lxml.html.fromstring((built_site / "index.html").read_bytes())
    article = doc.xpath("//article")[0]
    tiles = article.xpath(".//div[contains(@class, 'grid') and contains(@class, 'cards')]//li")
    assert tiles and all("个案例" in t.text_content() for t in tiles)
    hrefs = article.xpath(".//a/@href")
    assert "facets.html" in hrefs and "library/recent.html" in hrefs
    text = article.text_content()
    assert "llzx" in text and "鄰里中心" in text and "右上角搜索框" not in text
    assert (built_site / "library" / "recent.html").is_file()
