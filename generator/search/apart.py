"""A build from nothing makes its search index in a process of its own, while it renders.

Splitting and weighing every text is most of the index (a build from nothing at 10,000 cases:
~14 s of ~48), and none of it needs the rendered pages but the few site pages' titles. So when
the word cache holds nothing and the library is large, the build forks (:mod:`generator.forked`)
as soon as the library is loaded: the child weighs the case documents from the first while the
build links and renders the pages other than the cases'; the build then sends the remaining
documents (glossary, tags, categories, sources, site pages: a few hundred) and weighs case
documents from the last until it meets the child (:class:`~generator.forked.Claims`), sending
their weights. The child finishes the index, stages its files beside the build's (the build
commits them with its own: :meth:`generator.write.Writer.adopt`) and sends them back while the
build renders the case pages. While the build commits, the child sends its state (for the
memos and the next run of the same process); then it writes the word cache, and the build ends
without waiting for it.
"""

from __future__ import annotations

import pickle
import threading
from multiprocessing.connection import Connection
from pathlib import Path

from .. import forked, write
from ..model import Library
from . import answers, segment, shards
from .documents import Doc, case_doc
from .segment import Segmenter


def wanted(library: Library, segmenter: Segmenter, preview: bool) -> bool:
    """Whether this run's index is better made apart: a build from nothing (no words cached),
    at least :data:`~.segment.PARALLEL_AT` case texts, and a fork possible (:func:`forked.available`)."""
    if not forked.available(preview) or not segmenter.empty:
        return False
    texts = 0
    for case in library.cases:   # counted, not read: a case's title, summary and sections
        texts += 2 + len(case.aliases) + len(case.sections)
        if texts >= segment.PARALLEL_AT:
            return True
    return False


class Apart:
    """The forked process making the index: :meth:`start`, :meth:`send`, :meth:`weigh_last`,
    :meth:`receive`, :meth:`finish`, :meth:`close`."""

    def __init__(self, child: forked.Forked, claims: forked.Claims) -> None:
        self._child = child
        self._claims = claims
        self._docs: list[Doc] = []
        self._files: dict[str, str] = {}
        self._finished = False
        """Whether the child's state came (:meth:`finish`): all it sends."""

    @classmethod
    def start(cls, library: Library, cache: Path) -> Apart | None:
        """Fork the child on *library* (None when no process can be started here). Each process
        makes the case documents itself: the child at once, this one (for
        :func:`~.documents.documents`) once the other pages are rendered, while the child weighs."""
        claims = forked.Claims(len(library.cases))
        child = forked.Forked.start(lambda connection: _index(library, cache, claims, connection))
        return None if child is None else cls(child, claims)

    def send(self, docs: list[Doc], cases: int, stage_at: tuple[Path, str] | None = None) -> bool:
        """Send the documents after the first *cases* (the case documents, which the child has
        from the same library), and where to stage the index's files (an output folder whose
        :class:`~generator.write.Writer` is at work, and the folder in it); False when the child
        is gone."""
        return self._child.send((docs[cases:], stage_at))

    def weigh_last(self, docs: list[Doc], cases: int, segmenter: Segmenter) -> None:
        """Weigh case documents from the last backwards until the child, weighing them from the
        first, reaches them (:class:`~generator.forked.Claims`), and send it their postings and
        their texts' words (:class:`~.shards.Part`): the build would otherwise wait for it."""
        self._child.send(shards.weigh_last(docs[:cases], segmenter, self._claims.from_last))

    def receive(self, docs: list[Doc]) -> tuple[dict[str, str], int, write.Staged | None] | None:
        """The index's files, the number of texts the child split and what it staged of the files
        (when :meth:`send` said where); None when the child failed (the caller then builds the
        index itself). *docs* are the documents sent, whole."""
        got = self._child.receive()
        if got is None:
            return None
        files, segmented = got
        self._docs, self._files = docs, files
        staged = self._child.receive()   # None when the child failed since: the caller stages them
        return files, segmented, staged

    def finish(self) -> None:
        """Keep the child's state of the index as this process's (for the memos and the next run),
        when it comes: pickled, as :class:`~.shards.Pickled`, with the files :meth:`receive` gave
        (the child leaves them out). The child pickles the state while this process writes those
        files; without the state the next run makes the index again."""
        if not self._docs:
            return
        got = self._child.receive()
        if got is None:
            return
        state, answered = got
        self._finished = True
        # the documents are equal to the child's (the same library), and these are the memos' own
        shards._LAST[:] = [shards.Pickled(state, list(self._docs), self._files)]
        answers._MEMO.update(answered)

    def close(self) -> None:
        """Leave a child that sent its state (it writes the word cache; see :func:`_index`); wait
        for one that sent the files (it is pickling the state); stop one that did not."""
        if self._finished:
            self._child.leave()
        else:
            self._child.close()


def _index(library: Library, cache: Path, claims: forked.Claims, connection: Connection) -> bool:
    """In the forked process: weigh the case documents from the first until the build, weighing
    from the last, meets it; take the rest and the build's weights, make the index, send its
    files, and stage them beside the build's writer meanwhile (sending what it staged after);
    then send the state, pickled (see :class:`~.shards.Pickled`), and write the word cache.

    The state goes first: the build takes it once it has written the files (it waited ~0.27 s
    for it when the word cache came first), and then ends without waiting for this process
    (:meth:`Apart.close`), which writes the word cache holding its lock, as the memos' writer
    does (the next run waits for it: :func:`.segment.wait_for_writer`)."""
    segmenter = Segmenter(library, cache, parallel=False)   # the build has the other core
    docs = [case_doc(case) for case in library.cases]
    ahead = shards.weigh_ahead(docs, segmenter, claims.from_first)
    rest, stage_at = connection.recv()
    shards.take_part(ahead, docs, connection.recv(), segmenter)
    files = shards.index_files(docs + rest, segmenter, ahead)
    sending = threading.Thread(target=connection.send, args=((files, segmenter.segmented),))
    sending.start()   # taken by the build once its pages are staged: meanwhile, the files are staged here
    staged = None
    try:
        if stage_at is not None:   # beside the build's writer, which exists before the rest is sent
            root, folder = stage_at
            writer = write.Writer(root, beside=True)
            writer.stage({f"{folder}/{path}": text for path, text in files.items()})
            staged = writer.staged()
    finally:
        sending.join()   # one message at a time on the pipe, also when staging failed
    connection.send(staged)
    state = shards.last_state()
    assert state is not None
    state.docs, state.files = [], {}   # the build has its own: the documents, and the files sent
    data = pickle.dumps(state, pickle.HIGHEST_PROTOCOL)
    with segment.writing(cache) as lock:   # before the state goes: the build may end once it has it
        forked.let_go(keep=(lock, connection.fileno()))   # nor keep the build's files open after it
        connection.send((data, answers._MEMO))
        segmenter.save()
    return True
