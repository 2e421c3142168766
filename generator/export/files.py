"""Which download files a build makes, and the cache that spares remaking unchanged ones."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path

from ..history import CaseDates
from ..model import Library
from .content import CaseContent, case_content

DOWNLOADS = "downloads"
"""Folder of the download files inside the generated tree (docs/library/downloads/)."""
HANDBOOK_DOCX = f"{DOWNLOADS}/handbook.docx"
HANDBOOK_PDF = f"{DOWNLOADS}/handbook.pdf"
FORMAT = hashlib.sha1(b"".join((Path(__file__).parent / name).read_bytes()
                               for name in ("content.py", "word.py", "pdf.py"))).hexdigest()
"""The exporters' own code is part of every cache key: change the layout, files are made again."""


def case_docx_path(slug: str) -> str:
    """Where a case's Word file goes, relative to the generated tree."""
    return f"{DOWNLOADS}/cases/{slug}.docx"


class _Cache:
    """Content-addressed files under build/: same inputs, same bytes, no remaking."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.made = 0

    def get(self, kind: str, inputs: object, make: Callable[[], bytes]) -> bytes:
        key = hashlib.sha1(pickle.dumps((FORMAT, kind, inputs), protocol=4)).hexdigest() + "." + kind
        self.used.add(key)
        path = self.folder / key if self.folder else None
        if path and path.is_file():
            return path.read_bytes()
        data = make()
        self.made += 1
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
        return data

    def prune(self) -> None:
        """Drop cached files this run did not use (cases removed or changed)."""
        if self.folder and self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.name not in self.used:
                    path.unlink(missing_ok=True)


def _word():  # type: ignore[no-untyped-def]
    """python-docx, loaded only when a file has to be made (cached runs skip the import)."""
    from . import word
    return word


def _pdf():  # type: ignore[no-untyped-def]
    from . import pdf
    return pdf


def _case_docx(content: CaseContent, created: dt.date | None) -> Callable[[], bytes]:
    """Make one case's .docx later, only on a cache miss; binds this case now, not the loop's last."""
    return lambda: _word().case_docx(content, created)


def files(library: Library, dates: dict[str, CaseDates], cache: Path | None = None,
          progress: Callable[[str], None] | None = None) -> dict[str, bytes]:
    """Every case as .docx, the handbook as .docx and .pdf, keyed by path in the generated tree."""
    store = _Cache(cache)
    contents: list[CaseContent] = []
    out: dict[str, bytes] = {}
    for n, case in enumerate(library.cases, 1):
        content = case_content(case, library, dates.get(case.slug))
        contents.append(content)
        created = dates[case.slug].added if case.slug in dates else case.reviewed
        out[case_docx_path(case.slug)] = store.get(
            "docx", (content, created),
            _case_docx(content, created))
        if progress and n % 500 == 0:
            progress(f"Word 文件：{n}/{len(library.cases)}")
    latest = max((d.changed for d in dates.values()), default=None)
    built = f"内容截至 {latest.isoformat()}。" if latest else ""
    everything = (contents, built, latest)

    def making(what: str, make: Callable[[], bytes]) -> Callable[[], bytes]:
        def run() -> bytes:
            if progress:
                progress(f"正在生成{what}（{len(contents)} 个案例）…")
            return make()
        return run

    out[HANDBOOK_DOCX] = store.get("docx", everything, making(
        "整本手册的 Word 文件", lambda: _word().handbook_docx(contents, built, latest)))
    out[HANDBOOK_PDF] = store.get("pdf", everything, making(
        "整本手册的 PDF 文件", lambda: _pdf().handbook_pdf(contents, built)))
    store.prune()
    return out
