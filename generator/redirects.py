"""Forwarding pages at the old addresses of renamed cases.

For every slug in a case's ``previous_slugs`` the generator writes
``cases/<old>.md``: a short page that names the case's new title and
address, links to it, and carries ``redirect_to`` in its front matter. The
template (``overrides/main.html``) turns that into a ``<meta http-equiv=
"refresh">`` in the page head, outside the page content that hooks/sanitize.py
cleans, with no script, so it works served and from ``file://`` (the offline
zip). The target is a relative link in the same folder, valid under any base
path. Forwarding pages are left out of search.
"""

from __future__ import annotations

from .model import Case, Library
from .render import esc, front_matter

DELAY_SECONDS = 2
"""Time to read the new name before the browser moves on."""


def page(case: Case, old: str) -> str:
    """The forwarding page at ``cases/<old>.md`` for *case*."""
    meta = front_matter(title=f"{case.title}（网址已更改）", redirect_to=f"{case.slug}.html",
                        redirect_delay=DELAY_SECONDS, search={"exclude": True},
                        hide=["navigation", "toc"])
    title = esc(case.title)
    return (meta
            + f"# 本页已移到「{title}」\n\n"
            + f"你打开的是这个案例以前的网址（`library/cases/{old}.html`）。"
            + f"案例现在的名称是 **{title}**，网址是 `library/cases/{case.slug}.html`。\n\n"
            + f"**[前往「{title}」]({case.slug}.md)**\n\n"
            + f"浏览器会在 {DELAY_SECONDS} 秒后自动打开新页面；没有打开时请点上面的链接，"
            + "并更新收藏夹或打印件上的地址。\n")


def pages(library: Library) -> dict[str, str]:
    """Every forwarding page, keyed like :func:`generator.render.render`'s pages."""
    out: dict[str, str] = {}
    current = {c.slug for c in library.cases}
    for case in library.cases:
        for old in case.previous_slugs:
            if old not in current:
                out.setdefault(f"cases/{old}.md", page(case, old))
    return out
