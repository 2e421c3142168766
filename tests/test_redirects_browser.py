"""A renamed case's old address leads to its new page: served, and from the offline zip via file://."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from generator.bundle import make_bundle

from .browser import Guard, serve
from .conftest import generate, make_project, mkdocs_build
from .test_addresses import rename

pytestmark = pytest.mark.browser

OLD = "library/cases/daode-yinhang.html"
NEW = "library/cases/daode-yinhang-huodong.html"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture library after a contributor renamed 道德银行's file and kept the old slug."""
    root = make_project(tmp_path_factory.mktemp("redirects") / "project")
    rename(root, "daode-yinhang", "daode-yinhang-huodong", previous=True)
    result = generate(root, "build")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    return project / "site"


@pytest.fixture(scope="module")
def unzipped(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline")
    built = mkdocs_build(project, "--site-dir", str(out / "site"), env={"OFFLINE": "true"})
    assert built.returncode == 0, built.stderr
    make_bundle(out / "site", out / "handbook.zip")
    with zipfile.ZipFile(out / "handbook.zip") as zf:
        zf.extractall(out / "unzipped")
    return out / "unzipped" / "handbook"


def test_forwarding_page_has_refresh_in_head_and_no_script(site: Path) -> None:
    html = (site / OLD).read_text(encoding="utf-8")
    head = html.split("</head>", 1)[0]
    assert '<meta http-equiv="refresh" content="2; url=daode-yinhang-huodong.html">' in head
    content = html.split('class="md-content__inner', 1)[1].split("</article>", 1)[0]
    assert "<script" not in content
    assert '<a href="daode-yinhang-huodong.html">前往「道德银行」</a>' in content
    locations = set()   # the handbook's own search index: address, title, kind, text per document
    for doc in (site / "library" / "search" / "x").glob("*.js"):
        text = doc.read_text(encoding="utf-8")
        locations.update(info[0] for info in json.loads("[" + text[len("__hb.doc("):-3] + "]")[1])
    assert locations
    assert not any(loc.endswith(OLD) for loc in locations)
    assert any(loc.endswith(NEW) for loc in locations)


def _follow(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    assert "本页已移到「道德银行」" in page.locator("h1").first.inner_text()
    page.wait_for_url(f"**/{NEW}", timeout=10_000)
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().rstrip("¶") == "道德银行"


def test_old_address_served_leads_to_new_page(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    guard = Guard(context)
    page = context.new_page()
    with serve(site) as base:
        _follow(page, base + OLD)
        assert page.url == base + NEW
    context.close()
    assert guard.blocked == []


def test_old_address_from_file_url_leads_to_new_page(unzipped: Path, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    guard = Guard(context)
    page = context.new_page()
    _follow(page, (unzipped / OLD).as_uri())
    assert page.url == (unzipped / NEW).as_uri()
    context.close()
    assert guard.blocked == []
    assert all(url.startswith(("file:", "data:", "blob:")) for url in guard.seen)


def test_link_on_forwarding_page_works_without_waiting(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    with serve(site) as base:
        page.goto(base + OLD)
        page.get_by_role("link", name="前往「道德银行」").click()
        page.wait_for_url(f"**/{NEW}")
    context.close()
