"""MkDocs hook: case text is data, so generated pages are sanitised HTML.

Contributors' Markdown may carry raw HTML. After Markdown conversion, every
page generated from data/ (under ``library/``) is cleaned with nh3 (the
Ammonia sanitiser) against an allowlist of what Markdown itself produces:
no script, style, iframe, form or event-handler attributes, and links only
to relative, http(s) or mailto targets. Hand-written pages are left alone.
"""

from __future__ import annotations

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "details", "div", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "u", "ul",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "data-search-exclude"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "style"},   # Markdown tables align cells with style="text-align: …"
    "th": {"align", "style"},
}
SCHEMES = {"http", "https", "mailto"}
GENERATED = "library/"


def clean(html: str) -> str:
    """Sanitise one page body."""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     link_rel=None, filter_style_properties={"text-align"})


def on_page_content(html: str, page, config, files) -> str:  # type: ignore[no-untyped-def]
    if page.file.src_uri.startswith(GENERATED):
        return clean(html)
    return html
