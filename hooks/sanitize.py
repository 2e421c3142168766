"""MkDocs adapter: generated pages hold only what Markdown makes; every built page is checked.

The rules live in :mod:`generator.sanitize` (tested without MkDocs). Page bodies
generated from data/ (under ``library/``) are cleaned after Markdown; every
page the theme writes, hand-written ones included, is then checked whole, and
a finding fails the build, naming the page and the data file behind it.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from generator import sanitize
from generator.site import GENERATED_URL_PREFIX


def on_page_content(html: str, page, config, files) -> str:  # type: ignore[no-untyped-def]
    if page.file.src_uri.startswith(GENERATED_URL_PREFIX):
        return sanitize.clean(html)
    return html


def on_post_page(output: str, page, config) -> str:  # type: ignore[no-untyped-def]
    found = sanitize.problems(output, site_url=config.site_url or "")
    if found:
        source = page.meta.get("data_file") or page.file.src_uri
        raise PluginError(f"页面 {page.file.src_uri}（来自 {source}）不安全，已停止构建："
                          + "；".join(found[:5]))
    return output
