"""``import``: turn a scraped speech or report into clean text and draft cases.

Real source documents arrive as web scrapes: site boilerplate around the
text, Traditional characters with pinyin glued on, passages decoded with the
wrong code page, sentences cut where a page ended. The importer reads such a
file (:mod:`.read`), cleans it step by step with a count for every kind of
repair (:mod:`.clean`), finds what it can say about the document
(:mod:`.meta`) and which practices it names (:mod:`.detect`), and writes
``data/drafts/<source>/`` for a contributor to finish (:mod:`.drafts`).
Nothing here writes to ``data/cases/``: a practice the handbook already has
becomes a suggestion, never a second case.
"""

from __future__ import annotations

from .cli import register, run

__all__ = ["register", "run"]
