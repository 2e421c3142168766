"""Case text is data: hostile input never becomes script in a reader's browser."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .browser import Guard, search
from .conftest import generate, make_project, mkdocs_build

pytestmark = pytest.mark.build  # runs a full MkDocs build: not in make test-fast

HOSTILE = Path(__file__).parent / "hostile"
PAGES = ["library/cases/e-yi-zhengwen.html", "library/cases/e-yi-biaoti.html",
         "library/cases/e-yi-waibu.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("hostile") / "project")
    for path in HOSTILE.glob("*.md"):
        shutil.copy(path, root / "data" / "cases" / path.name)
    result = generate(root, "build")
    assert result.returncode == 0, result.stderr
    built = mkdocs_build(root)
    assert built.returncode == 0, built.stderr
    return root / "site"


def content(html: str) -> str:
    """The article body, where data lands (the theme's own scripts are elsewhere)."""
    return html[html.index('<article'):html.index("</article>")]


class Elements(HTMLParser):
    """Every element and attribute of a page, as the browser will see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.inline_scripts: set[str] = set()
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))
        values = dict(attrs)  # JSON data blocks are not executed
        self._in_script = (tag == "script" and not values.get("src")
                           and values.get("type") != "application/json")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts.add(data.strip())


def depthless(script: str) -> str:
    """A theme script with its relative paths removed (they differ by page depth)."""
    return re.sub(r'"(?:\.\./|\./)*(?:\.\.|\.)?(?=["/])', '"', script)


def elements(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text("utf-8"))
    return parser


THEME_SCRIPTS = ("assets/javascripts/", "assets/vendor/iframe-worker/", "assets/handbook.js",
                 "assets/print-selection.js")


@pytest.mark.parametrize("rel", PAGES + ["library/az.html", "library/tags/linli-zhongxin.html",
                                         "library/print.html", "index.html"])
def test_no_active_content_in_generated_pages(site: Path, rel: str) -> None:
    parser = elements(site / rel)
    # inline scripts: only the theme's own, as on a hand-written page (paths differ by depth)
    theme = {depthless(x) for x in elements(site / "about.html").inline_scripts}
    assert {depthless(x) for x in parser.inline_scripts} <= theme, rel
    for tag, attrs in parser.found:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            assert any(s in values["src"] or "" for s in THEME_SCRIPTS), (rel, attrs)
        for name, value in attrs:
            assert not name.startswith("on"), (rel, tag, name)
            if name in ("href", "src", "action"):
                assert not (value or "").strip().lower().startswith("javascript"), (rel, tag, value)
    article = Elements()  # the theme has its own forms and icons; data lands in the article
    article.feed(content((site / rel).read_text("utf-8")))
    for tag, _ in article.found:
        assert tag not in ("iframe", "object", "embed", "form", "input", "svg", "style", "script"), (rel, tag)


def test_hostile_values_are_shown_as_text(site: Path) -> None:
    body = content((site / "library/cases/e-yi-biaoti.html").read_text("utf-8"))
    assert "&lt;img src=x onerror=alert('title')&gt;标题" in body or \
        "&lt;img src=x onerror=alert(&#x27;title&#x27;)&gt;标题" in body or \
        "&lt;img src=x onerror=alert(&#39;title&#39;)&gt;标题" in body


def test_search_index_holds_hostile_titles_as_data(site: Path) -> None:
    found = []
    for path in (site / "library" / "search" / "x").glob("*.js"):
        text = path.read_text("utf-8")
        assert text.startswith("__hb.doc(") and text.endswith(");\n")
        args = json.loads("[" + text[len("__hb.doc("):-3] + "]")
        found += [info for info in args[1] if info[0] == "library/cases/e-yi-biaoti.html"]
    assert found and "<img" in found[0][1]   # kept as text; the worker escapes it


def test_built_pages_load_nothing_from_outside_and_keep_the_theme_config(site: Path) -> None:
    from generator import sanitize

    for path in site.rglob("*.html"):
        assert sanitize.problems(path.read_text("utf-8")) == [], path
    page = (site / "library/cases/e-yi-waibu.html").read_text("utf-8")
    assert "evil.example/c.png" not in page and "evil.example/d.png" not in page
    assert 'class="external"' in page and "www.example.org/page" in page


@pytest.mark.browser
def test_no_script_runs_in_the_browser(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    Guard(context)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for rel in PAGES:
        page.goto((site / rel).as_uri())
        page.mouse.move(300, 300)
        for link in page.locator("article a").all():
            href = link.get_attribute("href") or ""
            assert not href.lower().startswith("javascript")
    search(page, "标题")
    search(page, "biaoti")
    page.wait_for_timeout(300)
    context.close()
    assert dialogs == []


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["served", "file"])
def test_no_request_leaves_the_machine_from_a_hostile_page(site: Path, browser, mode: str) -> None:  # type: ignore[no-untyped-def]
    """Every hostile input at once: no request to another host, served or from file://."""
    from .browser import serve

    context = browser.new_context()
    guard = Guard(context)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    if mode == "served":
        with serve(site) as base:
            for rel in PAGES:
                page.goto(base + rel)
                page.wait_for_load_state("networkidle")
            assert search(page, "恶意外链")[:1] == ["恶意外链"]
    else:
        for rel in PAGES:
            page.goto((site / rel).as_uri())
            page.wait_for_load_state("load")
    config = page.evaluate("JSON.parse(document.getElementById('__config').textContent).search")
    context.close()
    assert guard.blocked == [], guard.blocked
    assert "evil" not in config
