"""MkDocs adapter: under ``mkdocs serve``, regenerate the pages from data/ before each rebuild.

``mkdocs.yml`` watches data/; when a case file changes, MkDocs starts a rebuild
and this hook runs the generator first, so the edit shows on the reload. Only
changed files are rewritten. Data errors are reported (in Chinese, with file
and line) and the preview keeps the previous pages.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from pathlib import Path

from generator import BuildFailed, Settings, build, collection, preview
from generator.search import segment

log = logging.getLogger("mkdocs.hooks.regenerate_on_serve")
_command = ""
_preloading: threading.Thread | None = None
_regenerated_from = ""
"""data/'s stamp at the last successful regeneration."""


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_pre_build(config) -> None:  # type: ignore[no-untyped-def]
    if _command != "serve":
        return
    global _regenerated_from, _preloading
    root = Path(config.config_file_path).parent
    settings = Settings.from_environment(root, preview=True)
    stamp = preview.data_stamp(settings.data)
    if stamp == _regenerated_from:
        return   # a rebuild data/ did not start (a hand-written page; where MkDocs polls, our own writes)
    start = time.perf_counter()
    try:   # an edit runs without collections; the first run, before anything is frozen, with them
        with collection.paused(_preloading is not None):
            result = build(settings)
    except BuildFailed as failed:
        for item in failed.problems.errors:
            log.error(str(item))
        log.error("数据有 %d 个错误，预览保留上一次的页面。改正后保存，预览会自动更新。",
                  len(failed.problems.errors))
        return
    _regenerated_from = stamp
    if result.report and result.report.written:
        log.info("已重新生成 %d 个文件（用时 %.1f 秒）", len(result.report.written), time.perf_counter() - start)
    if _preloading is None:   # the first edit should not wait for jieba's dictionary
        # The generator's memos are millions of long-lived objects; every full collection
        # would walk them all again (at 10,000 cases, a good part of each edit's time).
        # Frozen once here, before MkDocs makes its pages, so nothing MkDocs drops is kept.
        gc.freeze()
        _preloading = threading.Thread(target=segment.preload, args=(result.library,), daemon=True)
        _preloading.start()
