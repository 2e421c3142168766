"""Check every internal link and anchor of a built site, on disk.

Used for the served build and the offline build alike: a link is fine if
the file it names exists inside the site and, when it has a ``#fragment``,
the target page has an element with that id.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for key in ("href", "src"):
            if values.get(key) and not (tag == "link" and values.get("rel") in ("canonical",)):
                self.links.append(values[key] or "")


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    return page


def broken_links(site: Path) -> list[str]:
    """``page: link`` for every internal link or anchor that resolves to nothing."""
    site = site.resolve()
    pages = {p: parse(p) for p in site.rglob("*.html")}
    problems = []
    for path, page in pages.items():
        if path == site / "404.html":
            # MkDocs writes the error page with root-absolute links (it is served
            # for any missing URL, so relative links cannot work there).
            continue
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto", "data", "javascript") or parts.netloc:
                continue
            target_part, fragment = urldefrag(link)
            target = (path.parent / unquote(target_part)).resolve() if target_part else path
            if target.is_dir():
                target = target / "index.html"
            if site not in target.parents and target != site:
                problems.append(f"{path.relative_to(site)}: {link} (outside the site)")
                continue
            if not target.exists():
                problems.append(f"{path.relative_to(site)}: {link}")
                continue
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(fragment) not in ids:
                    problems.append(f"{path.relative_to(site)}: {link} (no such anchor)")
    return problems


def external_links(site: Path) -> list[str]:
    """Every http(s) URL that a page would load (scripts, styles, images, fonts)."""
    found = []
    for path in site.rglob("*.html"):
        page = parse(path)
        text = path.read_text("utf-8")
        for link in page.links:
            if link.startswith(("http://", "https://", "//")) and (
                    f'src="{link}"' in text or f'href="{link}" rel="stylesheet"' in text
                    or f'rel="stylesheet" href="{link}"' in text):
                found.append(f"{path.relative_to(site)}: {link}")
    return found
