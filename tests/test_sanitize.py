"""generator.sanitize: content keeps only what Markdown makes; built pages are checked whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import sanitize
from generator.site import CSP

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("fragment", [
    '<div id="__config">{"search": "https://evil.example/w.js"}</div>',
    '<h2 id="__config">x</h2>',
    '<h2 id="md-search">x</h2>',
    '<p id="toc">x</p>',
    '<a name="__index">x</a>',
    '<form name="__palette_0"><input name="x"></form>',
])
def test_no_element_can_claim_a_theme_id_or_name(fragment: str) -> None:
    out = sanitize.clean(fragment)
    assert " id=" not in out and " name=" not in out, out


def test_heading_anchors_survive() -> None:
    assert sanitize.clean('<h2 id="背景与问题">背景与问题</h2>') == '<h2 id="背景与问题">背景与问题</h2>'


def test_theme_classes_are_dropped_and_others_kept() -> None:
    out = sanitize.clean('<div class="md-search admonition _x note">t</div>')
    assert out == '<div class="admonition note">t</div>'


@pytest.mark.parametrize("src", [
    "http://evil.example/a.png", "https://evil.example/a.png", "//evil.example/a.png",
    "///evil.example/a.png", "/\\evil.example/a.png", "\\\\evil.example\\a.png",
    "data:image/png;base64,AAAA", "file:///etc/passwd", "&#x2F;&#x2F;evil.example/a.png",
    "%2F%2Fevil.example/a.png", "/root-absolute.png", "HtTpS://evil.example/a.png",
    " https://evil.example/a.png", "java\tscript:alert(1)", "../../../../../../x.png",
])
def test_images_from_outside_lose_their_source(src: str) -> None:
    out = sanitize.clean(f'<img src="{src}" alt="a">')
    assert "src=" not in out, out


@pytest.mark.parametrize("src", ["a.png", "../assets/a.png", "./img/%E5%9B%BE.png"])
def test_images_inside_the_site_are_kept(src: str) -> None:
    assert f'src="{src}"' in sanitize.clean(f'<img src="{src}">')


def test_outside_links_stay_links_and_are_marked() -> None:
    out = sanitize.clean('<a href="https://www.example.org/x">站外</a> <a href="../cases/a.html">站内</a>')
    assert out.count('class="external"') == 1
    assert 'rel="noopener noreferrer"' in out
    assert sanitize.clean('<a href="//evil.example/x">x</a>') == '<a>x</a>'


@pytest.mark.parametrize("fragment", [
    '<video poster="https://e.x/p.png"></video>', '<source srcset="//e.x/s.png">',
    '<link rel="stylesheet" href="https://e.x/x.css">', '<embed src="https://e.x/e.swf">',
    '<p style="background:url(https://e.x/bg.png)">x</p>', '<table background="https://e.x/t.png"></table>',
    '<img srcset="https://e.x/a.png 2x">', '<object data="https://e.x/o"></object>',
])
def test_nothing_that_loads_survives(fragment: str) -> None:
    out = sanitize.clean(fragment)
    assert "e.x" not in out, out


def page(body: str, csp: bool = True) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' if csp else ""
    return (f'<html><head>{meta}<link rel="stylesheet" href="../assets/main.css"></head><body>{body}'
            '<script id="__config" type="application/json">{}</script>'
            '<script src="../assets/bundle.js"></script></body></html>')


def test_a_clean_page_has_no_problems() -> None:
    assert sanitize.problems(page('<a href="https://www.example.org/">站外</a><img src="a.png">')) == []


@pytest.mark.parametrize("body, finding", [
    ('<img src="https://e.x/a.png">', "指向站外"),
    ("<img src='//e.x/a.png'>", "指向站外"),
    ('<script src="https://e.x/s.js"></script>', "指向站外"),
    ('<link rel="preload" href="//e.x/f.woff">', "指向站外"),
    ('<div style="background:url(&quot;https://e.x/b.png&quot;)"></div>', "指向站外"),
    ('<img srcset="a.png 1x, https://e.x/b.png 2x">', "指向站外"),
    ('<div id="__config">{}</div>', "__config"),
    ("<p ID = '__CONFIG'>{}</p>", "__config"),
    ("<p class=a\n id=\t__config>{}</p>", "__config"),
    ('<div/id="__config">{}</div>', "__config"),
])
def test_built_page_problems_are_found(body: str, finding: str) -> None:
    assert any(finding in item for item in sanitize.problems(page(body))), body


@pytest.mark.parametrize("body", ['<p data-id="__config">x</p>', '<p>id=__config</p>', '<a href="#__config">x</a>',
                                  '<p id="__configs">x</p>', '<p grid="__config">x</p>'])
def test_only_an_id_attribute_claims_the_config(body: str) -> None:
    assert sanitize.problems(page(body)) == []


def test_missing_policy_is_a_problem() -> None:
    assert sanitize.problems(page("", csp=False)) == ["页面缺少 Content-Security-Policy"]


def test_site_url_counts_as_inside() -> None:
    body = '<img src="https://intranet.example/handbook/assets/a.png">'
    assert sanitize.problems(page(body), site_url="https://intranet.example/handbook/") == []


def test_override_carries_the_same_policy_as_the_package() -> None:
    template = (ROOT / "overrides" / "main.html").read_text("utf-8")
    assert re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', template)[1] == CSP
