"""The relation map on case pages: a static SVG per case, kept in sheets, shown with <img>."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lxml import etree

from generator import relmap
from generator.build import check
from generator.link import threads
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
    maps = relmap.maps(library, graph)
    with_threads = [c for c in library.cases if any(s for _, s in threads(c, graph))]
    assert sorted(maps) == sorted(c.slug for c in with_threads)
    for case in with_threads:
        root = etree.fromstring(maps[case.slug].encode("utf-8"))
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


def test_sheets_hold_each_map_under_its_view(library, graph) -> None:  # type: ignore[no-untyped-def]
    maps = relmap.maps(library, graph)
    sheets = relmap.files(library, graph)
    assert 1 < len(sheets) <= relmap.SHEETS
    seen = set()
    for name, text in sheets.items():
        root = etree.fromstring(text.encode("utf-8"))
        size = (str(relmap.WIDTH), str(relmap.HEIGHT), f"0 0 {relmap.WIDTH} {relmap.HEIGHT}")
        assert (root.get("width"), root.get("height"), root.get("viewBox")) == size   # as large as one map
        views = root.findall(f"{SVG}view")
        groups = root.findall(f"{SVG}g")
        assert len(views) == len(groups) >= 1
        for number, (view, group) in enumerate(zip(views, groups)):
            case = library.case(view.get("id").removeprefix("m-"))
            assert view.get("id") == relmap.view(case) and relmap.path(case) == name
            assert view.get("viewBox") == f"0 {number * relmap.HEIGHT} {relmap.WIDTH} {relmap.HEIGHT}"
            assert group.get("transform") == f"translate(0 {number * relmap.HEIGHT})"
            assert etree.tostring(group[0]) == etree.tostring(etree.fromstring(maps[case.slug].encode()))
            seen.add(case.slug)
    assert seen == set(maps)


def test_a_sheet_changes_only_with_its_maps(library, graph) -> None:  # type: ignore[no-untyped-def]
    before = relmap.files(library, graph)
    case = next(c for c in library.cases if relmap.neighbours(c, graph))
    renamed = dataclasses.replace(case, title=case.title + "（改）")
    after = relmap.files(dataclasses.replace(
        library, cases=[renamed if c is case else c for c in library.cases]), graph)
    changed = {name for name in before if before[name] != after[name]}
    # its own sheet and those of the cases that draw it, nothing else
    drawing = {relmap.path(c) for c in library.cases if case.slug in dict(
        (slug, kind) for kind, slug in relmap.neighbours(c, graph))}
    assert relmap.path(case) in changed and changed <= drawing | {relmap.path(case)}
    assert len(changed) < len(before)


@pytest.mark.browser
def test_map_shows_on_the_case_page(built_site: Path, browser, checked) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto((built_site / "library/cases/linli-zhongxin.html").as_uri())
    image = page.locator("img.relation-map")
    case = next(c for c in checked.library.cases if c.slug == "linli-zhongxin")
    assert image.get_attribute("src") == f"../{relmap.path(case)}#m-linli-zhongxin"
    assert page.evaluate("document.querySelector('img.relation-map').naturalWidth") == relmap.WIDTH
    box = image.bounding_box()
    assert box and abs(box["width"] / box["height"] - relmap.WIDTH / relmap.HEIGHT) < 0.01   # one map's shape
    page.emulate_media(media="print")
    assert image.is_visible()
    page.close()


@pytest.mark.browser
def test_each_view_of_a_sheet_shows_its_own_map(tmp_path: Path, browser, checked) -> None:  # type: ignore[no-untyped-def]
    maps = relmap.maps(checked.library, checked.graph)
    chosen = sorted(maps)[:3]
    (tmp_path / "sheet.svg").write_text(relmap.sheet([(f"m-{slug}", maps[slug]) for slug in chosen]), "utf-8")
    page = browser.new_page(viewport={"width": 800, "height": 500})
    shots = []
    for number, slug in enumerate(chosen):
        (tmp_path / f"{number}.svg").write_text(maps[slug], "utf-8")
        for src in (f"sheet.svg#m-{slug}", f"{number}.svg"):   # in the sheet, and drawn alone
            (tmp_path / "page.html").write_text(
                f'<body style="margin:0"><img src="{src}" width="{relmap.WIDTH}" height="{relmap.HEIGHT}">', "utf-8")
            page.goto((tmp_path / "page.html").as_uri())
            page.wait_for_function("document.images[0].complete && document.images[0].naturalWidth > 0")
            shots.append(page.locator("img").screenshot())
        assert shots[-2] == shots[-1], slug
    assert len({shots[0], shots[2], shots[4]}) == 3   # three different maps, not the first three times
    page.close()
