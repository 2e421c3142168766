"""The relation map on case pages: a static SVG per case, shown with <img>."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lxml import etree

from generator import relmap
from generator.build import check
from generator.render import _threads
from generator.settings import Settings

from .conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def checked():  # type: ignore[no-untyped-def]
    return check(Settings.for_root(ROOT))


@pytest.fixture(scope="module")
def library(checked):  # type: ignore[no-untyped-def]
    return checked.library


@pytest.fixture(scope="module")
def graph(checked):  # type: ignore[no-untyped-def]
    return checked.graph


def test_one_map_per_case_with_neighbours(library, graph) -> None:  # type: ignore[no-untyped-def]
    maps = relmap.files(library, graph)
    with_threads = [c for c in library.cases if any(s for _, s in _threads(c, graph))]
    assert sorted(maps) == sorted(relmap.path(c) for c in with_threads)
    for case in with_threads:
        root = etree.fromstring(maps[relmap.path(case)].encode("utf-8"))
        texts = [t.text for t in root.iter(f"{SVG}text")]
        drawn = relmap.neighbours(case, graph)
        assert texts.count("本案例") == 1
        lines = list(root.iter(f"{SVG}line"))
        kinds_used = {k for k, _ in drawn}
        assert len(lines) == len(drawn) + len(kinds_used)  # one per neighbour, one per legend entry
        for _kind, slug in drawn:
            other = library.case(slug)
            assert relmap._short(other.title, 11) in texts, (case.slug, slug)
            shared = [t for t in other.tags if t in case.tags]
            if shared:
                assert relmap._short("共同标签：" + "、".join(shared), 14) in texts
        colours = {line.get("stroke") for line in lines}
        assert colours == {relmap.KINDS[k][0] for k in kinds_used}


def test_titles_are_escaped(library, graph) -> None:  # type: ignore[no-untyped-def]
    case = next(c for c in library.cases if relmap.neighbours(c, graph))
    hostile = dataclasses.replace(case, title='<script>&"')
    text = relmap.svg(hostile, library, graph)
    assert "<script>" not in text
    assert etree.fromstring(text.encode("utf-8")).find(f"{SVG}title").text == '<script>&"的关系图'


@pytest.mark.browser
def test_map_shows_on_the_case_page(built_site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto((built_site / "library/cases/linli-zhongxin.html").as_uri())
    image = page.locator("img.relation-map")
    assert image.get_attribute("src") == "linli-zhongxin-map.svg"
    assert page.evaluate("document.querySelector('img.relation-map').naturalWidth") == relmap.WIDTH
    page.emulate_media(media="print")
    assert image.is_visible()
    page.close()
