"""Take it along: each case as Word, the whole handbook as Word and PDF.

Files are made at build time next to the pages (``downloads/``), so they work
on the intranet and in the offline copy. Making them is the slow part of a
build, so each file is kept in a content-addressed cache under ``build/``:
a file whose inputs have not changed is copied, not made again.
"""

from __future__ import annotations

from .files import DOWNLOADS, files

__all__ = ["DOWNLOADS", "files"]
