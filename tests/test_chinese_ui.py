"""No English a reader sees: built pages are scanned for Latin-script UI text.

Names, code, URLs and the placeholders the sources use for hidden names
(xx市, XX县区) are allowed; anything else in Latin script — a theme string
such as "Made with", a tooltip such as "Permanent link", "404 - Not found" —
fails with the page and the text.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import lxml.html

from generator.bundle import build_note, make_bundle

from .conftest import generate_and_build, make_project

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ALLOWED = {"xx", "XX", "PDF", "Word", "WPS", "Markdown", "YAML", "UTF", "Windows",
           "Pull", "Request", "llzx", "linli", "xqdzb"}
"""Names of formats and programs, placeholders and pinyin search examples."""
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
SKIP = "//script|//style|//code|//pre|//kbd|//*[local-name()='svg']|//*[@data-page-address]"
CONTRIBUTOR_PAGES = ("library/writing-guide.html", "contributing.html")
"""Pages for contributors: their article names fields and files (province, data/cases)."""


def latin_ui_text(html: bytes, rel: str) -> list[str]:
    """Every piece of visible text or tooltip in *html* with a Latin word outside the allowlist."""
    doc = lxml.html.fromstring(html)
    found = []
    config = doc.xpath("//script[@id='__config']")
    if config:  # search messages and other strings the theme's JavaScript shows
        for key, text in json.loads(config[0].text).get("translations", {}).items():
            if _bad(text):
                found.append(f"{rel}: translation {key}: {text}")
    for bad in doc.xpath(SKIP):
        bad.drop_tree()
    if rel in CONTRIBUTOR_PAGES:
        for article in doc.xpath("//article"):
            article.drop_tree()
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for text in (el.text, el.tail):
            if text and _bad(text):
                found.append(f"{rel}: <{el.tag}> {text.strip()[:80]}")
        for name in ATTRIBUTES:
            value = el.get(name)
            if value and _bad(value):
                found.append(f"{rel}: <{el.tag} {name}> {value[:80]}")
    return found


def _bad(text: str) -> bool:
    text = re.sub(r"\S+://\S+|\S+\.html\b", "", text)  # addresses are not UI text
    return any(word not in ALLOWED for word in LATIN_WORD.findall(text))


def test_scanner_catches_theme_english() -> None:
    page = (b'<html><body><footer>Made with <a>Material for MkDocs</a></footer>'
            b'<h2>x<a class="headerlink" title="Permanent link">\xc2\xb6</a></h2>'
            b'<p>xx\xe5\xb8\x82 <code>make build</code> https://example.org/a</p></body></html>')
    found = latin_ui_text(page, "p.html")
    assert any("Made with" in f for f in found)
    assert any("Permanent link" in f for f in found)
    assert not any("xx" in f or "make" in f or "example" in f for f in found)


def test_no_latin_ui_text_on_any_page(built_site: Path) -> None:
    found = []
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        found += latin_ui_text(path.read_bytes(), path.relative_to(built_site).as_posix())
    assert found == []


def test_not_found_page_is_chinese(built_site: Path) -> None:
    html = (built_site / "404.html").read_text("utf-8")
    assert "找不到这个页面" in html and "Not found" not in html


def test_footer_build_date_and_version(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    generate_and_build(root, env={"HANDBOOK_VERSION": "abc1234", "SOURCE_DATE_EPOCH": "1764633600"})
    for rel in ("index.html", "library/cases/linli-zhongxin.html", "404.html"):
        footer = lxml.html.fromstring((root / "site" / rel).read_bytes()).xpath(
            "//footer//*[contains(@class, 'handbook-build')]")[0].text_content()
        assert "构建日期：2025-12-02" in footer and "版本：abc1234" in footer, rel
    assert "构建日期：2025-12-02\r\n版本：abc1234" in build_note(root / "site")
    make_bundle(root / "site", tmp_path / "h.zip")
    with zipfile.ZipFile(tmp_path / "h.zip") as zf:
        assert "版本：abc1234" in zf.read("使用说明.txt").decode("utf-8")


def test_note_without_version(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<meta name="handbook-build" content="2026-01-05 ">', "utf-8")
    note = build_note(tmp_path)
    assert "构建日期：2026-01-05" in note and "版本" not in note
