"""Where the handbook is read: under a sub-path, from the offline zip, and on paper."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from generator.bundle import make_bundle

from .browser import Guard, search, serve
from .conftest import generate, generate_and_build, make_project
from .crawl import broken_links

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("deploy") / "project")
    result = generate(root, "build")
    assert result.returncode == 0, result.stderr
    return root


def test_site_under_a_sub_path(project: Path, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    generate_and_build(project, tmp_path / "site", env={"SITE_URL": "http://127.0.0.1/handbook/"}, generated=True)
    context = browser.new_context()
    guard = Guard(context)
    failed: list[str] = []
    page = context.new_page()
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    with serve(tmp_path / "site", prefix="/handbook/") as base:
        page.goto(base + "index.html")
        page.get_by_role("link", name="案例 A–Z").first.click()
        page.get_by_role("link", name="邻里中心", exact=True).first.click()
        assert page.url.endswith("/handbook/library/cases/linli-zhongxin.html")
        assert page.locator("h1").first.inner_text().rstrip("¶") == "邻里中心"
        page.get_by_role("link", name="自我造血").first.click()
        assert "/handbook/library/tags/" in page.url
        assert search(page, "llzx")[0] == "邻里中心"
    context.close()
    assert failed == []
    assert guard.blocked == []


@pytest.fixture(scope="module")
def unzipped(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline")
    generate_and_build(project, out / "site", env={"OFFLINE": "true"}, generated=True)
    files, pages = make_bundle(out / "site", out / "dist" / "handbook.zip")
    assert pages > 30 and files > pages
    with zipfile.ZipFile(out / "dist" / "handbook.zip") as zf:
        zf.extractall(out / "unzipped")
    return out / "unzipped" / "handbook"


def test_zip_is_self_contained(unzipped: Path) -> None:
    assert broken_links(unzipped) == []
    assert (unzipped.parent / "使用说明.txt").is_file()


def test_offline_bundle_from_file_url(unzipped: Path, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = Guard(context)
    page = context.new_page()
    page.goto((unzipped / "index.html").as_uri())
    page.get_by_role("link", name="按标签浏览").first.click()
    page.get_by_role("link", name="小区党支部").first.click()
    page.get_by_role("link", name="小区党支部").first.click()
    assert page.url.endswith("library/cases/xiaoqu-dangzhibu.html")
    assert search(page, "xqdzb")[0] == "小区党支部"
    page.screenshot(path=str(unzipped.parent / "case-from-file.png"))
    context.close()
    assert guard.blocked == []
    assert all(url.startswith(("file:", "data:", "blob:")) for url in guard.seen)


def test_case_prints_without_chrome(project: Path, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    generate_and_build(project, tmp_path / "site", generated=True)
    page = browser.new_page()
    page.goto((tmp_path / "site" / "library/cases/linli-zhongxin.html").as_uri())
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer"):
        assert not page.locator(selector).first.is_visible(), selector
    address = page.locator(".print-address")
    assert address.is_visible()
    assert address.inner_text().endswith("library/cases/linli-zhongxin.html")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1
    page.emulate_media(media="screen")
    assert not address.is_visible()
    page.close()


def test_whole_handbook_print_page(project: Path, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    generate_and_build(project, tmp_path / "site", generated=True)
    page = browser.new_page()
    page.goto((tmp_path / "site" / "library/print.html").as_uri())
    titles = page.locator(".print-all > h2").all_inner_texts()
    assert [t.replace("¶", "").strip() for t in titles][:2] == ["“3344”党建工作法", "道德银行"]
    assert len(titles) == 6
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.close()
