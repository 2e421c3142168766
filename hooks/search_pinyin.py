"""MkDocs hook: add a hidden pinyin field to Material's search index.

Material's search matches typed words as prefixes against the indexed
fields. The generator puts pinyin tokens (full, suffixes, initials) and
Traditional spellings of each page's names into the page's ``pinyin`` front
matter; this hook copies them into a ``pinyin`` field of that page's entry in
``search/search_index.json`` and registers the field with a boost. It runs
after Material's search plugin (priority 0) writes the index and before the
offline plugin (priority -100) inlines it. While ``mkdocs serve`` runs, it
also regenerates the pages from data/ before each rebuild.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.search_pinyin")

FIELD = "pinyin"
BOOST = 1000.0
"""Weight of the pinyin field. Titles weigh 1000 in Material, text 1: a pinyin
hit ranks below an exact title hit but well above a mention in body text.
(10 was too weak: for ``hongse 业委会`` the glossary entry 业委会 beat 红色业委会.)"""

_tokens: dict[str, str] = {}
"""Page URL → tokens. Kept across rebuilds: under ``mkdocs serve --dirty`` only
the edited page is rebuilt, but Material's index still holds every page."""
_command = ""


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_pre_build(config) -> None:  # type: ignore[no-untyped-def]
    """Under ``mkdocs serve``, regenerate from data/ so an edit shows on reload."""
    if _command != "serve":
        return
    from generator import BuildFailed, Settings, build

    root = Path(config.config_file_path).parent
    try:
        result = build(Settings.from_environment(root))
    except BuildFailed as failed:
        for item in failed.problems.errors:
            log.error(str(item))
        log.error("数据有错误，预览保留上一次的页面。")
        return
    if result.report and result.report.written:
        log.info("已重新生成 %d 个页面", len(result.report.written))


def on_page_context(context, page, config, nav):  # type: ignore[no-untyped-def]
    tokens = page.meta.get(FIELD)
    if isinstance(tokens, str) and tokens:
        _tokens[page.url] = tokens
    return context


@event_priority(-50)
def on_post_build(config) -> None:  # type: ignore[no-untyped-def]
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text("utf-8"))
    index["config"].setdefault("fields", {})[FIELD] = {"boost": BOOST}
    added = 0
    for doc in index["docs"]:
        tokens = _tokens.get(doc["location"])
        if tokens is not None:
            doc[FIELD] = tokens
            added += 1
    # UTF-8 instead of \uXXXX escapes roughly halves the file for Chinese text.
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")
    log.info("拼音检索：%d 个页面加入了拼音字段", added)
