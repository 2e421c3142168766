"""The handbook's own search: an index built by the generator, a small worker that reads it.

Material builds a lunr index in every reader's browser on every page load;
that took seconds at a thousand cases and cut Chinese words short. Here the
generator does the work once, before MkDocs runs:

    documents (what a reader can find) → words (jieba's split, cached per page by content)
    → postings and pinyin keys → small script files, sharded by first character

The files load with ``importScripts`` / ``<script>`` (no fetch, no modules), so
the same index works served and from ``file://``. ``worker.js`` speaks the
messages of Material's search box, so readers keep its box, result list,
keyboard navigation and in-page highlighting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import write
from ..model import Library
from . import apart, segment
from .apart import Apart
from .documents import case_texts, documents
from .segment import Segmenter
from .shards import index_files

__all__ = ["WORD_CACHE", "Index", "Started", "build_index", "prepare_index", "start_index"]


@dataclass
class Index:
    """The files of the index, and what building them cost."""

    files: dict[str, str]
    """Path under the search folder → file text (the worker included)."""
    documents: int
    """Searchable pages."""
    segmented: int
    """Texts split in this run; the rest came from the cache."""
    staged: write.Staged | None = None
    """The files as staged by the process that made them (see :func:`build_index`), or None."""


WORD_CACHE = "search-words.json"
"""The word cache's file in the build folder (every text's words, see :mod:`.segment`)."""
PREVIEW_SAVE_AT = 50
"""Texts the preview must have segmented before it rewrites the word cache (see Segmenter.save)."""


@dataclass
class Started:
    """What :func:`start_index` began for this run's index, before the pages are rendered."""

    segmenter: Segmenter
    """This run's word cache (splitting processes may already be at work for it)."""
    apart: Apart | None = None
    """The process making the whole index, on a large build from nothing (:mod:`.apart`)."""

    def finish(self) -> None:
        """Take the state of the index from the process that made it (see :meth:`.Apart.finish`);
        the build calls this once the index's files are written."""
        if self.apart is not None:
            self.apart.finish()

    def close(self) -> None:
        """Stop the processes a run that failed no longer needs; wait for a finished one."""
        self.segmenter.close()
        if self.apart is not None:
            self.apart.close()


def prepare_index() -> None:
    """What the index of a large build from nothing can make before the library is loaded (the
    splitter's dictionary, :func:`.segment.prepare`); the build calls it while the other core
    parses case files."""
    segment.prepare()


def start_index(library: Library, cache: Path, preview: bool = False) -> Started:
    """Begin this run's index; the build calls this before rendering, so the other core works
    meanwhile. A large build from nothing (no words cached) forks a process that makes the whole
    index (:mod:`.apart`); where it cannot, processes of their own split the case texts, and
    :func:`build_index` collects their words. With words cached (every edit after the first
    build) it does nothing more: the few texts an edit changes are split when the index needs
    them. The caller closes what this returns (also when the run fails)."""
    segmenter = Segmenter(library, cache)
    if apart.wanted(library, segmenter, preview) and (child := Apart.start(library, cache)) is not None:
        return Started(segmenter, child)
    if segmenter.empty:
        segmenter.prefetch(case_texts(library), wait=False)
    return Started(segmenter)


def build_index(library: Library, pages: dict[str, str], docs_dir: Path, started: Started,
                preview: bool = False, meanwhile: Callable[[], None] = lambda: None,
                stage_at: tuple[Path, str] | None = None) -> Index:
    """Every file of the search index and its worker, from what :func:`start_index` began for the
    same library; *pages*: those it finds documents in (all but the cases'). *meanwhile* is run
    once: while a process of its own finishes the index (after this one has weighed the last case
    documents that process had not reached), or before the index is made here. *stage_at*: an
    output folder whose :class:`~generator.write.Writer` is at work, and the folder in it, where
    a process of its own stages the files it made (:attr:`Index.staged`)."""
    docs = documents(library, pages, docs_dir)
    apart = (started.apart if started.apart is not None
             and started.apart.send(docs, len(library.cases), stage_at) else None)
    if apart is not None:
        apart.weigh_last(docs, len(library.cases), started.segmenter)
    meanwhile()
    made = apart.receive(docs) if apart is not None else None
    if made is not None:
        return Index(made[0], len(docs), made[1], made[2])
    segmenter = started.segmenter
    files = index_files(docs, segmenter)
    segmenter.save(PREVIEW_SAVE_AT if preview else 0)
    return Index(files, len(docs), segmenter.segmented)
