"""Pinyin, Chinese and Traditional search, typed into the real search box.

Runs on the fixture site served over http on 127.0.0.1 and on the offline
build opened from ``file://``; any request leaving the machine fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import Guard, search, serve
from .conftest import ROOT, generate, make_project, mkdocs_build

pytestmark = pytest.mark.browser

# (query, the page that must come first)
FIRST = [
    ("邻里中心", "邻里中心"),
    ("linlizhongxin", "邻里中心"),
    ("linli", "邻里中心"),
    ("lin li zhong xin", "邻里中心"),
    ("LLZX", "邻里中心"),
    ("llzx", "邻里中心"),
    ("xqdzb", "小区党支部"),
    ("xiaoqudangzhibu", "小区党支部"),
    ("daodeyinhang", "道德银行"),
    ("ddyh", "道德银行"),
    ("红色物业", "红色业委会"),      # exact alias
    ("hongse 业委会", "红色业委会"),  # pinyin + characters
    ("鄰里中心", "邻里中心"),         # Traditional
    ("紅色業委會", "红色业委会"),
    ("社區劇場", "社区剧场"),
    ("sqjc", "社区剧场"),
    ("业委会", "业委会"),            # exact glossary term beats 红色业委会
    ("三会一课", "三会一课"),
]

# (query, a page that must be among the results)
FOUND = [
    ("支部", "小区党支部"),      # a word inside a longer title
    ("zx", "邻里中心"),          # initials of a later part
    ("zhongxin", "邻里中心"),    # pinyin of a later part
    ("dangzhibu", "小区党支部"),
    ("邻里", "邻里中心"),
]


# The same behaviour on the real library in data/.
LIBRARY_FIRST = [
    ("邻里中心", "邻里中心"),
    ("llzx", "邻里中心"),
    ("linli", "邻里中心"),
    ("红色业委会", "红色业委会"),
    ("hsywh", "红色业委会"),
    ("三会三评", "社区党建双创"),   # alias kept from a case merged into this one
    ("紅色業委會", "红色业委会"),
    ("社區劇場", "社区剧场"),
    ("shequjuchang", "社区剧场"),
    ("daodeyinhang", "道德银行"),
    ("xqdzb", "小区党支部“拆—转—建”"),
    ("3344", "“3344”党建工作法"),
    ("五星支部", "五星支部"),
    ("yhsy", "社区党建双创"),  # 一会三员 (alias): initials ending in y, which the English stemmer used to rewrite
]
LIBRARY_FOUND = [
    ("支部", "小区党支部“拆—转—建”"),
    ("zx", "邻里中心"),
    ("hongse 业委会", "红色业委会"),
    ("党群协商议事机制", "红色业委会"),   # another practice, named on this page
]


def build_modes(root: Path) -> dict[str, Path]:
    """Generate, then build the served site and the offline (file://) site."""
    assert generate(root, "build").returncode == 0
    built = mkdocs_build(root, "--site-dir", str(root / "served"))
    assert built.returncode == 0, built.stderr
    built = mkdocs_build(root, "--site-dir", str(root / "offline"), env={"OFFLINE": "true"})
    assert built.returncode == 0, built.stderr
    return {"served": root / "served", "offline": root / "offline"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_modes(make_project(tmp_path_factory.mktemp("search") / "project"))


@pytest.fixture(scope="module")
def library_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_modes(make_project(tmp_path_factory.mktemp("library") / "project", ROOT / "data"))


def open_page(mode: str, built: dict[str, Path], browser):  # type: ignore[no-untyped-def]
    """Open the home page of *mode* with a network guard; yields the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = Guard(context)
    tab = context.new_page()
    if mode == "served":
        with serve(built["served"]) as base:
            tab.goto(base + "index.html")
            yield tab
    else:
        tab.goto((built["offline"] / "index.html").as_uri())
        yield tab
    assert guard.blocked == [], f"requests left the machine: {guard.blocked}"
    context.close()


@pytest.fixture(scope="module", params=["served", "offline"])
def page(request, sites, browser):  # type: ignore[no-untyped-def]
    yield from open_page(request.param, sites, browser)


@pytest.fixture(scope="module", params=["served", "offline"])
def library_page(request, library_sites, browser):  # type: ignore[no-untyped-def]
    yield from open_page(request.param, library_sites, browser)


@pytest.mark.parametrize("query, first", FIRST)
def test_expected_page_comes_first(page, query: str, first: str) -> None:  # type: ignore[no-untyped-def]
    titles = search(page, query)
    assert titles and titles[0] == first, f"{query!r} → {titles}"


@pytest.mark.parametrize("query, wanted", FOUND)
def test_expected_page_is_found(page, query: str, wanted: str) -> None:  # type: ignore[no-untyped-def]
    titles = search(page, query)
    assert wanted in titles, f"{query!r} → {titles}"


def test_reading_is_phrase_aware(page) -> None:  # type: ignore[no-untyped-def]
    assert "道德银行" not in search(page, "daodeyinxing")


@pytest.mark.parametrize("query, first", LIBRARY_FIRST)
def test_library_first(library_page, query: str, first: str) -> None:  # type: ignore[no-untyped-def]
    titles = search(library_page, query)
    assert titles and titles[0] == first, f"{query!r} → {titles}"


@pytest.mark.parametrize("query, wanted", LIBRARY_FOUND)
def test_library_found(library_page, query: str, wanted: str) -> None:  # type: ignore[no-untyped-def]
    titles = search(library_page, query)
    assert wanted in titles, f"{query!r} → {titles}"
