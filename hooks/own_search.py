"""MkDocs adapter: Material's own search index is turned off; the handbook's index replaces it.

The generator writes the index and its worker under ``library/search/`` and the
theme's ``config`` block (overrides/main.html) points the search box at that
worker. Material's search plugin stays enabled only because it renders the
search box and writes the small ``search_index.json`` (its settings, no pages)
that the box reads before it talks to the worker; marking every page as
excluded means it parses and segments nothing.
"""

from __future__ import annotations


def on_page_markdown(markdown: str, page, config, files) -> str:  # type: ignore[no-untyped-def]
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown
