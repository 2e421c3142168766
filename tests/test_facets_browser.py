"""案例筛选 in a real browser: choose facets, compare counts and results with the data,
reload from the address, use the keyboard; served over http and from the unzipped offline zip."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from generator import facets as facet_data
from generator.build import check
from generator.bundle import make_bundle
from generator.settings import Settings

from .browser import Guard, serve
from .conftest import FIXTURE_DATA, generate_and_build, make_project

pytestmark = pytest.mark.browser


# -- what the page should show, computed from the data --------------------------

@pytest.fixture(scope="module")
def data() -> dict:
    result = check(Settings.for_root(FIXTURE_DATA.parent))
    return facet_data.data(result.library, result.graph)


def _values(data: dict, case: dict) -> dict[str, set[str]]:
    return {f["id"]: {f["values"][i] for i in idx} for f, idx in zip(data["facets"], case["v"])}


def results(data: dict, chosen: dict[str, set[str]]) -> list[str]:
    """Titles of the cases a reader should see for *chosen*, by the page's stated rule."""
    mode = {f["id"]: f["mode"] for f in data["facets"]}
    out = []
    for case in data["cases"]:
        have = _values(data, case)
        if all((want <= have[fid]) if mode[fid] == "all" else bool(want & have[fid])
               for fid, want in chosen.items() if want):
            out.append(case["title"])
    return out


def counts(data: dict, chosen: dict[str, set[str]]) -> dict[str, dict[str, int]]:
    """For each value: how many cases the reader sees with it chosen (in "any" groups, instead of
    the group's other choices; in "all" groups, on top of them)."""
    out: dict[str, dict[str, int]] = {}
    for facet in data["facets"]:
        fid = facet["id"]
        out[fid] = {}
        for value in facet["values"]:
            own = chosen.get(fid, set())
            trial = {**chosen, fid: (own | {value}) if facet["mode"] == "all" else {value}}
            out[fid][value] = len(results(data, trial))
    return out


# -- the page ------------------------------------------------------------------

def page_counts(page) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    return page.evaluate("""() => {
        const out = {};
        document.querySelectorAll('.facet-panel input[type=checkbox]').forEach(box => {
            const li = box.closest('li');
            (out[box.name] = out[box.name] || {})[box.value] =
                Number(li.querySelector('.facet-count').textContent);
        });
        return out;
    }""")


def page_results(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(".facet-card h3").all_inner_texts()


def choose(page, facet_label: str, value: str) -> None:  # type: ignore[no-untyped-def]
    group = page.locator("fieldset.facet", has=page.locator("legend", has_text=facet_label))
    group.get_by_label(value, exact=False).first.check(timeout=5000)


def assert_page_matches(page, data: dict, chosen: dict[str, set[str]]) -> None:  # type: ignore[no-untyped-def]
    want = results(data, chosen)
    assert page_results(page) == want
    assert page.locator(".facet-summary").inner_text().endswith(f"{len(want)} 个")
    shown = page_counts(page)
    expected = counts(data, chosen)
    for fid, values in shown.items():
        assert values == expected[fid], fid
    # groups with a single value offer no choice and are left out
    assert set(shown) == {f["id"] for f in data["facets"] if len(f["values"]) > 1}


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("facets-offline")
    root = make_project(out / "project")
    generate_and_build(root, out / "site", env={"OFFLINE": "true"})
    make_bundle(out / "site", out / "handbook.zip")
    with zipfile.ZipFile(out / "handbook.zip") as zf:
        zf.extractall(out / "unzipped")
    return out / "unzipped" / "handbook"


@pytest.fixture(scope="module", params=["served", "offline"])
def facet_url(request, built_site: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    if request.param == "served":
        with serve(built_site) as base:
            yield base + "facets.html"
    else:
        yield (request.getfixturevalue("offline_site") / "facets.html").as_uri()


@pytest.fixture
def page(browser, facet_url: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = Guard(context)
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(facet_url)
    tab.wait_for_selector(".facet-card")
    yield tab
    context.close()
    assert errors == []
    assert guard.blocked == []


def test_all_cases_and_counts_at_start(page, data: dict) -> None:  # type: ignore[no-untyped-def]
    assert_page_matches(page, data, {})
    assert page.locator(".facet-summary").inner_text() == f"全部案例：{len(data['cases'])} 个"


def test_choose_facets_then_reload_from_the_address(page, data: dict, browser) -> None:  # type: ignore[no-untyped-def]
    chosen: dict[str, set[str]] = {}
    for label, fid, value in (("层级", "level", "社区村"), ("层级", "level", "小区网格"),
                              ("年份", "year", None)):
        if value is None:  # a year that leaves some of these cases
            value = next(v for v, n in page_counts(page)[fid].items() if n and v.isdigit())
        choose(page, label, value)
        chosen.setdefault(fid, set()).add(value)
        assert_page_matches(page, data, chosen)
    assert 0 < len(page_results(page)) < len(data["cases"])
    assert f"level={quote('社区村')}" in page.url and f"year={value}" in page.url
    # the first card leads to the case page
    first = page.locator(".facet-card h3 a").first
    title = first.inner_text()
    href = first.get_attribute("href")
    assert href.startswith("library/cases/") and href.endswith(".html")
    url = page.url
    page.reload()
    page.wait_for_selector(".facet-card")
    assert_page_matches(page, data, chosen)
    other = page.context.new_page()  # the address sent to a colleague
    other.goto(url)
    other.wait_for_selector(".facet-card")
    assert_page_matches(other, data, chosen)
    assert other.locator(".facet-panel input:checked").count() == 3
    other.locator(".facet-card h3 a").first.click()
    assert other.locator("h1").first.inner_text().rstrip("¶").strip() == title


def test_all_of_tags_and_clearing(page, data: dict) -> None:  # type: ignore[no-untyped-def]
    tag_counts = page_counts(page)["tag"]
    first_tag = next(v for v, n in tag_counts.items() if n > 0)
    choose(page, "标签", first_tag)
    chosen = {"tag": {first_tag}}
    assert_page_matches(page, data, chosen)
    second = next(v for v, n in page_counts(page)["tag"].items() if n > 0 and v != first_tag)
    choose(page, "标签", second)
    chosen["tag"].add(second)
    assert_page_matches(page, data, chosen)
    page.get_by_role("button", name="清除全部条件").click()
    assert_page_matches(page, data, {})
    assert "#" not in page.url or page.url.endswith("#")


def test_keyboard_only(page, data: dict) -> None:  # type: ignore[no-untyped-def]
    for _ in range(80):  # Tab from the top of the page to the first filter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.facet-panel input')"):
            break
    else:
        pytest.fail("no filter reachable with Tab")
    name, value = page.evaluate("[document.activeElement.name, document.activeElement.value]")
    page.keyboard.press("Space")
    chosen = {name: {value}}
    assert_page_matches(page, data, chosen)
    page.keyboard.press("Space")
    assert_page_matches(page, data, {})


def test_prints_only_the_results(page, data: dict) -> None:  # type: ignore[no-untyped-def]
    choose(page, "层级", "社区村")
    page.emulate_media(media="print")
    assert not page.locator(".facet-panel").is_visible()
    assert not page.get_by_role("button", name="打印当前结果").is_visible()
    assert page.locator(".facet-card").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_print_chosen_cases_as_one_document(page, data: dict) -> None:  # type: ignore[no-untyped-def]
    level = next(v for v, n in page_counts(page)["level"].items() if 1 < n < len(data["cases"]))
    choose(page, "层级", level)
    want = results(data, {"level": {level}})
    link = page.locator("a.facet-print-all")
    assert link.inner_text() == f"打印所选案例全文（{len(want)} 个）"
    link.click()
    page.wait_for_selector("body[data-print-selection]")
    assert "library/print.html#level=" in page.url
    shown = [t.replace("¶", "").strip() for t in page.locator(".print-all > h2").all_inner_texts()
             if t.strip()]
    visible = page.evaluate("""() => Array.from(document.querySelectorAll('.print-all > h2'))
        .filter(h => h.offsetParent !== null).map(h => h.textContent.replace('¶', '').trim())""")
    assert visible == want and len(shown) == len(data["cases"])
    cover = page.locator(".print-selection li").all_inner_texts()
    assert [c.split("（")[0] for c in cover] == want
    assert page.locator(".md-content h1").inner_text().startswith("社区治理案例手册（所选案例）")
    page.emulate_media(media="print")
    assert not page.locator(".print-selection-button").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_cards_offer_the_word_file(page, data: dict) -> None:  # type: ignore[no-untyped-def]
    import io

    import docx

    assert page.evaluate("window.HANDBOOK_FACETS.downloads") is True  # made by the command line build
    card = page.locator(".facet-card").first
    title = card.locator("h3").inner_text()
    with page.expect_download() as download:
        card.get_by_role("link", name="下载 Word 文件").click()
    saved = Path(download.value.path()).read_bytes()
    assert docx.Document(io.BytesIO(saved)).paragraphs[0].text == title


def test_phone_button_leads_to_the_results(browser, facet_url: str, data: dict) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(facet_url)
    page.wait_for_selector(".facet-card")
    assert not page.locator(".facet-summary").is_visible() or \
        page.locator(".facet-summary").bounding_box()["y"] > 800  # the filters come first
    choose(page, "层级", "社区村")
    jump = page.get_by_role("button", name=re.compile("查看结果"))
    want = results(data, {"level": {"社区村"}})
    assert jump.inner_text() == f"查看结果（{len(want)} 个）"
    jump.click()
    page.wait_for_timeout(200)
    box = page.locator(".facet-summary").bounding_box()
    assert 0 < box["y"] < 800
    context.close()
    wide = browser.new_page(viewport={"width": 1280, "height": 800})
    wide.goto(facet_url)
    wide.wait_for_selector(".facet-card")
    assert not wide.locator(".facet-jump").is_visible()
    wide.close()
