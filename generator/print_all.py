"""The print-everything page, put together from the case pages MkDocs has already made.

Printing the whole handbook for a meeting needs every case on one page. Written
as Markdown, that page made MkDocs convert every case a second time (about a
seventh of a whole build). Instead the generator writes the page with an empty
``<div class="print-all">`` and the order of the cases in its front matter;
after MkDocs has turned every page into HTML (and the sanitizer has cleaned
it), :func:`assemble` fills the div with each case page's own HTML, so what is
printed is exactly what readers see on the case page:

* from the title to the end of the source list (not the download link, the
  relation map or the lists of related cases, which are for the screen);
* headings one level down (the case title becomes the ``h2`` that starts a
  printed page), ids prefixed with the case's slug so that they stay unique on
  one page, and in-page links following them;
* relative links and images re-pointed from the case page's address to the
  print page's.

Everything here works on HTML that Markdown and :mod:`generator.sanitize`
produced (double-quoted attributes, no raw ``<`` in text), and the built page is
checked whole by the sanitizer afterwards.
"""

from __future__ import annotations

import functools
import html as _html
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PLACEHOLDER = '<div class="print-all"></div>'
"""What the generated print page holds where the cases go (after Markdown and cleaning)."""
ORDER_KEY = "print_cases"
"""Front-matter key of the print page: the slugs of the cases it holds, in order, space-separated."""
SOURCES_TITLE = "资料来源"
"""Title of the case page's last printed section; the printed part ends with its list."""
DOWNLOAD_CLASS = "case-download"
"""Class of the case page's download link (a screen-only paragraph)."""

_HEADING = re.compile(r"<(/?)h([1-5])\b")
_ID = re.compile(r'\bid="([^"]*)"')
_URL = re.compile(r'\b(href|src)="([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_SOURCES = re.compile(r"<h2\b[^>]*>" + SOURCES_TITLE)
_DOWNLOAD = re.compile(r'<p><a class="' + DOWNLOAD_CLASS + r'"[^>]*>.*?</a></p>\s*', re.S)


class PrintError(ValueError):
    """A case page is missing or does not have the parts the print page takes."""


@dataclass(frozen=True)
class Section:
    """One case as printed: the id of its title, its title (HTML) and its HTML."""

    anchor: str
    title: str
    html: str


def printed_part(content: str, where: str) -> str:
    """The case page's HTML from its title to the end of its source list."""
    start = content.find("<h1")
    sources = _SOURCES.search(content, start)
    end = content.find("</ul>", sources.end()) if sources else -1
    if start < 0 or end < 0:
        raise PrintError(f"{where}：找不到标题或“{SOURCES_TITLE}”列表，无法放进打印页")
    return _DOWNLOAD.sub("", content[start:end + len("</ul>")])


def relocate(url: str, page_url: str, print_url: str) -> str:
    """*url* as written on the page at *page_url*, pointing to the same place from *print_url*."""
    return _relocate(url, page_url, posixpath.dirname(page_url), posixpath.dirname(print_url))


def _relocate(url: str, page_url: str, page_dir: str, print_dir: str) -> str:
    if not url or url.startswith(("/", "#")) or _SCHEME.match(url):
        return url
    path, hash_, fragment = url.partition("#")
    path, query_mark, query = path.partition("?")
    moved = _moved(path or posixpath.basename(page_url), page_dir, print_dir)
    return moved + query_mark + query + hash_ + fragment


@functools.lru_cache(maxsize=8192)
def _moved(path: str, page_dir: str, print_dir: str) -> str:
    """A relative *path* from *page_dir*, relative to *print_dir* instead.

    Remembered: the case pages share one folder and link to the same glossary,
    tag and source pages again and again.
    """
    target = posixpath.normpath(posixpath.join(page_dir, path))
    moved = posixpath.relpath(target, print_dir or ".")
    if path.endswith("/"):                # a folder address (use_directory_urls) keeps its slash
        moved += "/"
    return moved


def section(slug: str, content: str, page_url: str, print_url: str) -> Section:
    """One case page's printed part, fitted into the print page (see the module's notes)."""
    part = printed_part(content, page_url)
    prefix = f"{slug}-"

    page_dir, print_dir = posixpath.dirname(page_url), posixpath.dirname(print_url)

    def url(m: re.Match[str]) -> str:
        raw = m.group(2)
        value = _html.unescape(raw) if "&" in raw else raw
        if value.startswith("#"):
            value = "#" + prefix + value[1:]
        else:
            value = _relocate(value, page_url, page_dir, print_dir)
        return f'{m.group(1)}="{_html.escape(value) if "&" in raw else value}"'

    heading = _H1.search(part)
    assert heading is not None  # printed_part starts at the h1
    title = _HEADERLINK.sub("", heading.group(1)).strip()
    part = _URL.sub(url, part)
    part = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', part)
    part = _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", part)
    own = _ID.search(part, 0, part.find(">"))
    if own is None:                       # a title without an id still needs an anchor
        part = f'<h2 id="{slug}"' + part[len("<h2"):]
    return Section(own.group(1) if own else slug, title, part)


def assemble(page_content: str, order: Iterable[str], contents: Mapping[str, tuple[str, str | None]],
             print_url: str) -> tuple[str, list[Section]]:
    """The print page's HTML with every case in *order* put in its placeholder.

    *contents* maps a case slug to (its page URL, its HTML or ``None`` when
    MkDocs did not make it in this build). Raises :class:`PrintError` when the
    placeholder or a case is missing, so a print page is never short of cases.
    """
    if page_content.count(PLACEHOLDER) != 1:
        raise PrintError(f"{print_url}：打印页里应当正好有一个 {PLACEHOLDER}")
    sections = []
    for slug in order:
        page_url, content = contents.get(slug, ("", None))
        if content is None:
            raise PrintError(f"{print_url}：案例 {slug} 的页面没有生成，打印页缺了它")
        sections.append(section(slug, content, page_url, print_url))
    body = '<div class="print-all">\n' + "\n".join(s.html for s in sections) + "\n</div>"
    return page_content.replace(PLACEHOLDER, body), sections
