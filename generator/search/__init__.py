"""The handbook's own search: an index built by the generator, a small worker that reads it.

Material builds a lunr index in every reader's browser on every page load;
that took seconds at a thousand cases and cut Chinese words short. Here the
generator does the work once, before MkDocs runs:

    documents (what a reader can find) → words (jieba, cached per page by content)
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
from .documents import documents
from .segment import Segmenter
from .shards import index_files

__all__ = ["Index", "build_index"]


@dataclass
class Index:
    """The files of the index, and what building them cost."""

    files: dict[str, str]
    """Path under the search folder → file text (the worker included)."""
    documents: int
    """Searchable pages."""
    segmented: int
    """Texts split by jieba in this run; the rest came from the cache."""


PREVIEW_SAVE_AT = 50
"""Texts the preview must have segmented before it rewrites the word cache (see Segmenter.save)."""


def build_index(library: Library, pages: dict[str, str], docs_dir: Path, cache: Path,
                preview: bool = False) -> Index:
    """Every file of the search index and its worker."""
    docs = documents(library, pages, docs_dir)
    segmenter = Segmenter(library, cache)
    files = index_files(docs, segmenter)
    segmenter.save(PREVIEW_SAVE_AT if preview else 0)
    return Index(files, len(docs), segmenter.segmented)
