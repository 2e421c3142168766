"""A build from nothing makes its search index in a process of its own, while it renders.

Splitting and weighing every text is most of the index (a build from nothing at 10,000 cases:
~14 s of ~48), and none of it needs the rendered pages but the few site pages' titles. So when
the word cache holds nothing and the library is large, the build forks: the child makes the
case documents and weighs them (splitting every text) while the parent renders; the parent
then sends the remaining documents (glossary, tags, categories, sources, site pages, a few
hundred), the child finishes the index and sends back its files and its state (for the memos
and the next run of the same process), then writes the word cache while the parent writes the
pages. Forked, the child starts with the checked library as it is: nothing is pickled on the
way there.

Only where ``fork`` exists and outside the preview (``make serve`` runs MkDocs's threads; it
keeps its one process and its memos in memory). Anything going wrong in the child — it died,
sent nothing — leaves the parent to build the index itself, as it would without the child:
this is a way to be faster, never a way to fail.
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from ..model import Library
from . import answers, segment, shards
from .documents import Doc, case_doc
from .segment import Segmenter

_FORK = "fork" in multiprocessing.get_all_start_methods()


def wanted(library: Library, segmenter: Segmenter, preview: bool) -> bool:
    """Whether this run's index is better made apart: a build from nothing (no words cached),
    at least :data:`~.segment.PARALLEL_AT` case texts, two cores, not the preview, and fork available."""
    if preview or not _FORK or not segmenter.empty or (os.cpu_count() or 1) < 2:
        return False
    texts = 0
    for case in library.cases:   # counted, not read: a case's title, summary and sections
        texts += 2 + len(case.aliases) + len(case.sections)
        if texts >= segment.PARALLEL_AT:
            return True
    return False


class Apart:
    """The forked process making the index: :meth:`start`, :meth:`send`, :meth:`receive`, :meth:`close`."""

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self._process = process
        self._connection = connection
        self._finished = False

    @classmethod
    def start(cls, library: Library, cache: Path) -> Apart | None:
        """Fork the child on *library* (None when no process can be started here). The case
        documents are made first, here: the child then has them, and so has this process, whose
        :func:`~.documents.documents` needs them too."""
        for case in library.cases:
            case_doc(case)
        ours, theirs = multiprocessing.Pipe()
        process = multiprocessing.get_context("fork").Process(
            target=_child, args=(library, cache, theirs), name="search-index")
        try:
            process.start()
        except OSError:
            ours.close()
            return None
        finally:
            theirs.close()
        return cls(process, ours)

    def send(self, docs: list[Doc], cases: int) -> bool:
        """Send the documents after the first *cases* (the case documents, which the child made
        itself from the same library); False when the child is gone."""
        try:
            self._connection.send(docs[cases:])
        except OSError:
            return False
        return True

    def receive(self, docs: list[Doc]) -> tuple[dict[str, str], int] | None:
        """The index's files and the number of texts the child split, its state kept as this
        process's (for the memos and the next run); None when the child failed (the caller then
        builds the index itself). *docs* are the documents sent, whole."""
        try:
            got = self._connection.recv()
        except (EOFError, OSError):
            return None
        if got is None:
            return None
        files, segmented, state, answered = got
        state.docs = list(docs)   # equal to the child's (the same library), and these are the memos' own
        shards._LAST[:] = [state]
        answers._MEMO.update(answered)
        self._finished = True
        return files, segmented

    def close(self) -> None:
        """Wait for the child to write the word cache when it finished; stop it when not."""
        self._connection.close()
        if not self._finished and self._process.is_alive():
            self._process.terminate()
        self._process.join()


def _child(library: Library, cache: Path, connection: Connection) -> None:
    """In the forked process: weigh the case documents, wait for the rest, send the index back,
    then write the word cache."""
    try:
        segmenter = Segmenter(library, cache, parallel=False)   # the parent has the other core
        docs = [case_doc(case) for case in library.cases]   # made before the fork: kept
        ahead = shards.weigh_ahead(docs, segmenter)
        rest = connection.recv()
        files = shards.index_files(docs + rest, segmenter, ahead)
        state = shards._LAST[0]
        state.docs = []   # the parent has its own
        sent: tuple[Any, ...] = (files, segmenter.segmented, state, answers._MEMO)
    except BaseException:   # noqa: BLE001 — anything at all: the parent builds the index itself
        try:
            connection.send(None)
        finally:
            connection.close()
        return
    connection.send(sent)
    connection.close()
    segmenter.save()
