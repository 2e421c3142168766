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

from dataclasses import dataclass
from pathlib import Path

from ..model import Library
from .documents import case_texts, documents
from .segment import Segmenter
from .shards import index_files

__all__ = ["WORD_CACHE", "Index", "build_index", "start_splitting"]


@dataclass
class Index:
    """The files of the index, and what building them cost."""

    files: dict[str, str]
    """Path under the search folder → file text (the worker included)."""
    documents: int
    """Searchable pages."""
    segmented: int
    """Texts split in this run; the rest came from the cache."""


WORD_CACHE = "search-words.json"
"""The word cache's file in the build folder (every text's words, see :mod:`.segment`)."""
PREVIEW_SAVE_AT = 50
"""Texts the preview must have segmented before it rewrites the word cache (see Segmenter.save)."""


def start_splitting(library: Library, cache: Path) -> Segmenter:
    """This run's word cache; when it holds no words (a build from nothing, a new dictionary)
    and the library is large, the case texts are already being split in processes of their own:
    the build calls this before rendering, so the other cores split while this one renders, and
    :func:`build_index` collects the words. With words cached (every edit after the first build)
    it does nothing more: the few texts an edit changes are split when the index needs them."""
    segmenter = Segmenter(library, cache)
    if segmenter.empty:
        segmenter.prefetch(case_texts(library), wait=False)
    return segmenter


def build_index(library: Library, pages: dict[str, str], docs_dir: Path, segmenter: Segmenter,
                preview: bool = False) -> Index:
    """Every file of the search index and its worker, with the word cache :func:`start_splitting`
    made for the same library (whose caller stops any splitting processes it started, also when
    the run fails before this)."""
    docs = documents(library, pages, docs_dir)
    files = index_files(docs, segmenter)
    segmenter.save(PREVIEW_SAVE_AT if preview else 0)
    return Index(files, len(docs), segmenter.segmented)
