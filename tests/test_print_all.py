"""The print-everything page, filled with the case pages' own HTML (generator/print_all.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from generator import print_all
from generator.print_all import PLACEHOLDER, PrintError, assemble, relocate, section

CASE = """<h1 id="linli">邻里中心<a class="headerlink" href="#linli" title="本节链接">¶</a></h1>
<p>别称：邻里汇</p>
<h2 id="gaiyao">概要<a class="headerlink" href="#gaiyao" title="本节链接">¶</a></h2>
<p>见<a href="../glossary/sanhui.html">三会</a>和<a href="other.html#zuofa">另一案例</a>，
<a href="https://example.org/a?b=1&amp;c=2" class="external">外部</a>，<a href="#chengxiao">成效</a>，
<a href="mailto:a@b.c">信</a>。</p>
<p><a class="case-download" href="../downloads/cases/linli.docx">下载本案例（Word 文件）</a></p>
<h2 id="chengxiao">成效<a class="headerlink" href="#chengxiao" title="本节链接">¶</a></h2>
<h3 id="xiao">小节</h3><p><img alt="图" src="linli-fig.png"></p>
<h2 id="laiyuan">资料来源<a class="headerlink" href="#laiyuan" title="本节链接">¶</a></h2>
<ul>
<li><a href="../sources/s1.html">来源一</a></li>
</ul>
<h2 id="yanshen">延伸阅读</h2>
<p><img alt="关系图" src="linli-map.svg"></p>
<p><a class="edit-source" href="https://example.org/edit">修改本案例</a></p>
"""


def test_a_case_is_printed_from_its_title_to_its_sources() -> None:
    part = section("linli", CASE, "library/cases/linli.html", "library/print.html")
    assert part.html.startswith('<h2 id="linli-linli">邻里中心')
    assert part.html.endswith("</ul>") and "来源一" in part.html
    assert "延伸阅读" not in part.html and "linli-map.svg" not in part.html
    assert "修改本案例" not in part.html and "case-download" not in part.html
    assert (part.anchor, part.title) == ("linli-linli", "邻里中心")


def test_headings_move_one_level_down_and_ids_stay_unique() -> None:
    part = section("linli", CASE, "library/cases/linli.html", "library/print.html").html
    assert re.findall(r"<(h\d) id=\"([^\"]+)\"", part) == [
        ("h2", "linli-linli"), ("h3", "linli-gaiyao"), ("h3", "linli-chengxiao"), ("h4", "linli-xiao"),
        ("h3", "linli-laiyuan")]
    assert "<h1" not in part and "</h1>" not in part
    assert 'href="#linli-gaiyao"' in part and 'href="#linli-chengxiao"' in part  # headerlinks and in-page


def test_links_and_images_point_to_the_same_places_from_the_print_page() -> None:
    part = section("linli", CASE, "library/cases/linli.html", "library/print.html").html
    assert 'href="glossary/sanhui.html"' in part
    assert 'href="cases/other.html#zuofa"' in part
    assert 'src="cases/linli-fig.png"' in part
    assert 'href="sources/s1.html"' in part
    assert 'href="https://example.org/a?b=1&amp;c=2"' in part and 'href="mailto:a@b.c"' in part


@pytest.mark.parametrize(("url", "page", "to", "want"), [
    ("../tags/a.html", "library/cases/x.html", "library/print.html", "tags/a.html"),
    ("y.html?q=1#h", "library/cases/x.html", "library/print.html", "cases/y.html?q=1#h"),
    ("../../index.html", "library/cases/x.html", "library/print.html", "../index.html"),
    ("../../tags/a/", "library/cases/x/", "library/print/", "../tags/a/"),
    ("?q=1", "library/cases/x.html", "library/print.html", "cases/x.html?q=1"),
    ("http://h/p", "library/cases/x.html", "library/print.html", "http://h/p"),
    ("/abs", "library/cases/x.html", "library/print.html", "/abs"),
])
def test_relocate(url: str, page: str, to: str, want: str) -> None:
    assert relocate(url, page, to) == want


def test_the_page_is_never_short_of_a_case() -> None:
    frame = f"<h1>全部</h1>\n{PLACEHOLDER}\n"
    cases = {"linli": ("library/cases/linli.html", CASE), "juchang": ("library/cases/juchang.html", None)}
    with pytest.raises(PrintError, match="juchang"):
        assemble(frame, ["linli", "juchang"], cases, "library/print.html")
    with pytest.raises(PrintError, match="absent"):
        assemble(frame, ["absent"], cases, "library/print.html")
    with pytest.raises(PrintError, match="正好有一个"):
        assemble("<h1>全部</h1>", ["linli"], cases, "library/print.html")
    with pytest.raises(PrintError, match="资料来源"):
        assemble(frame, ["x"], {"x": ("library/cases/x.html", "<h1>x</h1><p>no sources</p>")},
                 "library/print.html")
    page, sections = assemble(frame, ["linli"], cases, "library/print.html")
    assert page.startswith("<h1>全部</h1>\n<div class=\"print-all\">\n<h2 id=\"linli-linli\">")
    assert [s.anchor for s in sections] == ["linli-linli"]


class _Links(HTMLParser):
    """Ids, relative links and the text of ``.print-all``'s top-level parts of a built page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            if name in ("href", "src") and value and not re.match(r"^[a-z]+:|^#|^/", value):
                self.links.append(value)


def _text(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>|¶", "", html))


@pytest.mark.build
def test_built_print_page_holds_every_case_as_its_page_shows_it(built_site: Path) -> None:
    page = (built_site / "library/print.html").read_text("utf-8")
    order = re.findall(r'<h2 id="([^"]+)">', page.split('<div class="print-all">', 1)[1])
    slugs = sorted(p.stem for p in (built_site / "library/cases").glob("*.html"))
    assert len(order) == len(slugs) >= 6
    for slug in slugs:
        case = (built_site / "library/cases" / f"{slug}.html").read_text("utf-8")
        article = case[case.index("<h1"):]
        body = article[:article.index("</ul>", article.index(f">{print_all.SOURCES_TITLE}")) + 5]
        body = re.sub(r'<p><a class="case-download".*?</p>', "", body, flags=re.S)
        assert _text(body) in _text(page), f"{slug}: the print page lacks text of its case page"
    parsed = _Links()
    parsed.feed(page)
    assert len(parsed.ids) == len(set(parsed.ids)), "ids repeat on the print page"
    for link in parsed.links:
        target = unquote(link.split("#")[0].split("?")[0])
        assert (built_site / "library" / target).exists(), f"print page links to missing {link}"
    toc = re.findall(r'<a href="#([^"]+)" class="md-nav__link">', page)
    assert set(order) <= set(toc), "the table of contents lists every case"
