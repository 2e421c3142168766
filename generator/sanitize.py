"""What a generated page may hold: only what Markdown makes, and nothing that loads by itself.

Case text is data written by people we do not know. After Markdown has turned
it into HTML, :func:`clean` keeps an allowlist of the elements Markdown
produces and, within them, only attributes that cannot change the page:

* **No DOM clobbering.** The theme's scripts find their settings and widgets by
  element id (``__config``, ``__search``, ``__drawer`` …) and by ``md-*`` class.
  Content may carry ids only on headings (the anchors of the table of contents),
  never an id that starts with ``_`` or ``md``, and no ``name`` at all; classes
  starting with ``md-`` or ``_`` are dropped. An element that claims the
  theme's ``__config`` id would otherwise hand the theme the contributor's
  settings, including the URL of the search worker.
* **Nothing that leaves the site by itself.** Images (the only element content
  may have that loads something) keep a ``src`` only when it is a relative path
  inside the site: no scheme (``http:``, ``data:``, ``file:``), no ``//host``,
  no root-absolute path, no ``..`` past the site. Links to the outside stay
  plain links that load nothing until clicked; they are marked
  (``class="external"``) so the page says they leave the intranet.

:func:`problems` then checks the *whole built page* (theme included), so a
future hole anywhere is a failed build rather than a request from a reader's
browser; the Content-Security-Policy in every page is the last fence.
"""

from __future__ import annotations

import html as _html
import re
from urllib.parse import unquote, urlsplit

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
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SAFE_ID = re.compile(r"^(?![_-])(?!md)[\w\u3400-\u9fff\uf900-\ufaff-]{1,80}$", re.IGNORECASE)
_SAFE_CLASS = re.compile(r"^(?![_-])(?!md)[a-z0-9_-]{1,40}$", re.IGNORECASE)
EXTERNAL_CLASS = "external"


def safe_resource(url: str) -> bool:
    """Whether a URL the browser loads by itself (``img src``) stays inside the site.

    Only relative paths qualify; percent-escapes and entities are decoded first
    so ``&#x2F;&#x2F;host`` or ``%2F%2Fhost`` cannot pass as relative.
    """
    value = unquote(_html.unescape(url)).strip().replace("\\", "/")
    if not value or any(ord(c) < 0x20 for c in value):
        return False
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith("/"):
        return False
    depth = 0
    for piece in parts.path.split("/"):
        depth += -1 if piece == ".." else (0 if piece in ("", ".") else 1)
        if depth < -3:   # deeper than any generated page sits below the site root
            return False
    return True


def _external(url: str) -> bool:
    return urlsplit(_html.unescape(url).strip()).scheme in ("http", "https")


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: ids on headings only, no theme names, no outside images."""
    if attribute == "id":
        return value if tag in HEADINGS and _SAFE_ID.match(value) else None
    if attribute == "class":
        kept = [c for c in value.split() if _SAFE_CLASS.match(c) and c != EXTERNAL_CLASS]
        return " ".join(kept) or None
    if attribute == "src":
        return value if safe_resource(value) else None
    if attribute == "href" and value.strip().startswith(("//", "\\\\", "/\\", "\\/")):
        return None   # protocol-relative: a link to a host nobody typed
    return value


_OUTSIDE_LINK = re.compile(r'<a href="(https?:[^"]*)"')


def clean(fragment: str) -> str:
    """Sanitise the HTML of one generated page body."""
    out = nh3.clean(fragment, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                    link_rel=None, filter_style_properties={"text-align"},
                    attribute_filter=_filter)
    return _OUTSIDE_LINK.sub(
        lambda m: f'<a class="{EXTERNAL_CLASS}" title="外部链接：离开内网" rel="noopener noreferrer" '
                  f'href="{m.group(1)}"', out)


# --- checks on the whole built page -------------------------------------------------

_RESOURCE = re.compile(
    r"""<(?P<tag>[a-z][a-z0-9]*)\b[^>]*?\s(?P<attr>src|srcset|poster|data|background|action|formaction)"""
    r"""\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<url>[^"'\s>]*))""", re.IGNORECASE)
_LINK_HREF = re.compile(r"""<link\b[^>]*?\shref\s*=\s*(["']?)([^"'\s>]*)""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]*)""", re.IGNORECASE)
_CONFIG = re.compile(r"__config\b", re.IGNORECASE)
_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"', re.IGNORECASE)


def _leaves(url: str, site_url: str = "") -> bool:
    value = _html.unescape(url).strip()
    if not value or value.startswith("#") or (site_url and value.startswith(site_url)):
        return False
    if value.startswith("data:") and value[5:].startswith("image/svg+xml"):
        return False   # the theme's own inline icons in CSS
    parts = urlsplit(value.replace("\\", "/"))
    return bool(parts.scheme or parts.netloc or value.startswith("//"))


def _config_ids(page: str) -> int:
    """How many attributes ``id=__config`` (any case, quoted or not) the page holds.

    Found from each ``__config`` backwards (whitespace, ``=``, whitespace, ``id``, then
    whitespace or ``/`` before it), which is ten times faster than one pattern starting at
    every whitespace of a 30 KB page.
    """
    count = 0
    for match in _CONFIG.finditer(page):
        i = match.start()
        if i and page[i - 1] in "\"'":
            i -= 1
        while i and page[i - 1].isspace():
            i -= 1
        if not i or page[i - 1] != "=":
            continue
        i -= 1
        while i and page[i - 1].isspace():
            i -= 1
        if i >= 3 and page[i - 2:i].lower() == "id" and (page[i - 3].isspace() or page[i - 3] == "/"):
            count += 1
    return count


def problems(page: str, site_url: str = "", require_csp: bool = True) -> list[str]:
    """What in a whole built page could make a reader's browser reach out or obey content.

    Returns human-readable findings (empty when the page is safe). Checked:
    every attribute that loads by itself (``src``, ``srcset``, ``poster``,
    ``data``, ``<link href>``, CSS ``url()``) stays inside the site; exactly
    one element claims the theme's ``__config`` id; the page carries the
    Content-Security-Policy. URLs under *site_url* (the deployed address, used
    only by the 404 page) count as inside.
    """
    found = []
    for match in _RESOURCE.finditer(page):
        value = match["dq"] if match["dq"] is not None else (match["sq"] if match["sq"] is not None
                                                              else match["url"])
        urls = value.split(",") if match["attr"].lower() == "srcset" else [value]
        for url in urls:
            if _leaves(url.strip().split(" ")[0], site_url):
                found.append(f"<{match['tag']} {match['attr']}> 指向站外：{url.strip()[:80]}")
    for match in _LINK_HREF.finditer(page):
        if _leaves(match[2], site_url):
            found.append(f"<link href> 指向站外：{match[2][:80]}")
    for match in _CSS_URL.finditer(_html.unescape(page) if "url(" in page else ""):
        if _leaves(match[2], site_url):
            found.append(f"CSS url() 指向站外：{match[2][:80]}")
    configs = _config_ids(page)
    if configs != 1:
        found.append(f"页面里有 {configs} 个 id 为 __config 的元素（应当只有主题自己的 1 个）")
    if require_csp and not _CSP.search(page):
        found.append("页面缺少 Content-Security-Policy")
    return found
