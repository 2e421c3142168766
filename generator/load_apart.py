"""A build from nothing parses and checks case files in a forked process too.

Reading, parsing and checking the case files is most of loading a library (a build from
nothing at 10,000 cases: ~7 s of ~9, the rest is sorting by pinyin and the vocabularies), one
file at a time and each on its own. So when many case files have no parse remembered, the
build forks (:mod:`generator.forked`) before it loads the vocabularies: the child parses files
from the last backwards, and checks them once the build has sent the vocabularies; the build
then takes files from the first onwards. Each claims a file before reading it
(:class:`generator.forked.Claims`), until they meet — so both end together however fast each
core runs. The child sends what it made as it goes, in chunks: entries of the two memos
(:data:`generator.load._PARSED`, :data:`generator.validate._CHECKED`), the pinyin readings the
build sorts and groups its cases by, and their search documents (:func:`made_ahead`). The build
then reads the child's files as usual and finds each file remembered — by the file's stamp and
the vocabularies, as always, so a file changed meanwhile is read again and nothing is trusted
that the build would not have made itself.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

from . import forked, load, pinyin, places, validate
from .errors import Problems
from .load import RawDoc
from .model import Case
from .search.documents import _CASE_DOCS, case_doc

AT = 2000
"""Case files without a remembered parse from which some are parsed apart (at 10,000
cases taking the child's 5,000 back took 0.4–1.1 s, waiting for it included, against ~3 s to
make them; with few files the fork is not worth its while)."""

CHUNK = 200
"""Files the child parses between two sends (each send pickled there and unpickled here while both
still parse: ~0.7 s at 10,000 cases that would otherwise wait at the end)."""
LOOK_EVERY = 32
"""Files the build parses between two looks for a chunk the child sent (the child waits on a
full pipe until the build reads it)."""

Listed = list[tuple[Path, str, str]]
"""(path, path as shown, stem) of each case file, in the order they are read."""
Chunk = tuple[dict, dict, dict, dict]
"""What the child sends: entries of the two memos, pinyin readings, and entries of the search
documents' memo (:func:`made_ahead`)."""


class Ahead:
    """The build's side: :attr:`started`, then :meth:`reach` before each file, in order."""

    def __init__(self, child: forked.Forked | None, claims: forked.Claims | None) -> None:
        self._child = child
        self._claims = claims
        self._met = claims is None
        self.done = claims is None
        """Whether the child's last chunk came (or the child failed, or there is none)."""

    @property
    def started(self) -> bool:
        """Whether a child parses some of the files."""
        return self._child is not None

    def check_with(self, vocab: validate.Vocabularies, vocab_key: str) -> None:
        """Send the child what it checks cases against, once the build has loaded it (the child
        parses files meanwhile), with the pinyin readings in use (set meanwhile here, from
        ``data/vocab/pinyin.yml``)."""
        if self._child is not None:
            self._child.send((vocab, vocab_key, pinyin.readings_in_use()))

    def reach(self, number: int) -> None:
        """Called before the build reads file *number*: claims it, or, when the child has it, takes
        everything the child made (nothing when it failed). The build then reads it as usual (from
        the memos, or itself when the child failed)."""
        if self._met:
            return
        assert self._claims is not None and self._child is not None
        if self._claims.from_first(number):
            if number % LOOK_EVERY == 0:
                while self._child.ready():
                    if self._absorb():
                        break
            return
        self._met = True
        while not self._absorb():
            pass

    def _absorb(self) -> bool:
        """Receive one chunk and put it into the memos; True when it was the last (or the child failed)."""
        assert self._child is not None
        got = self._child.receive()
        if got is None:   # the child failed: the build reads the files it did not send
            self._met = self.done = True
            return True
        last, (parsed, checked, found, docs) = got
        load._PARSED.update(parsed)
        validate._CHECKED.update(checked)   # pickled with the documents' cases: the very same cases
        pinyin.remember(found)
        _CASE_DOCS.update(docs)
        if last:
            self._met = self.done = True
        return last


def read_by(case: Case) -> tuple[str, ...]:
    """The texts the build sorts and groups *case* by (its names, its place)."""
    return (*case.names, places.group_key(case))


def made_ahead(case: Case) -> dict[str, pinyin.Readings]:
    """What the build makes of *case* later, made where it is loaded, on either core: the pinyin
    readings of :func:`read_by` (returned) and, unless it is a draft, its search document
    (:func:`generator.search.documents.case_doc`, remembered: the index's process, forked once the
    library is loaded, finds it made)."""
    if not case.draft:
        case_doc(case)
    return pinyin.readings(read_by(case))


@contextlib.contextmanager
def ahead(listed: Listed, preview: bool) -> Iterator[Ahead]:
    """A child parsing files of *listed* from the last, when it is worth it (else nothing is
    started and the build reads every file); it checks them once :meth:`Ahead.check_with` sent
    the vocabularies. The child is stopped or waited for on leaving."""
    child = claims = None
    if forked.available(preview) and sum(
            1 for path, shown, _ in listed if load.memo_key(path, shown) not in load._PARSED) >= AT:
        claims = forked.Claims(len(listed))
        child = forked.Forked.start(lambda connection: _parse(listed, claims, connection))
    made = Ahead(child, claims if child is not None else None)
    try:
        yield made
    finally:
        if child is not None:
            child.close(stop=not made.done)


def _parse(listed: Listed, claims: forked.Claims, connection: Connection) -> tuple[bool, Chunk]:
    """In the forked process: parse and check files of *listed* from the last, as
    :func:`generator.build.load_library` does, while they are not the build's. Files parsed before
    the vocabularies come are checked when they do. Their entries of the two memos and their
    readings are sent every :data:`CHUNK` files, by a thread of their own (the build reads them
    only between its own files, and a full pipe must not stop the parsing); the last chunk is
    returned."""
    outbox: queue.SimpleQueue[Chunk | None] = queue.SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(outbox, connection), daemon=True)
    sender.start()
    chunk: Chunk = ({}, {}, {}, {})
    count = 0
    checking: list[tuple[validate.Vocabularies, str]] = []
    unchecked: list[tuple[RawDoc, str]] = []

    def check(raw: RawDoc, stem: str) -> None:
        vocab, vocab_key = checking[0]
        case = validate.case_remembered(raw, stem, vocab, vocab_key, Problems())
        chunk[1][raw.path] = validate._CHECKED[raw.path]
        if case is not None:
            chunk[2].update(made_ahead(case))
            if case.path in _CASE_DOCS:
                chunk[3][case.path] = _CASE_DOCS[case.path]

    def vocabularies(wait: bool) -> None:
        if checking or not (wait or connection.poll()):
            return
        vocab, vocab_key, readings = connection.recv()
        pinyin.add_readings(dict(readings))
        checking.append((vocab, vocab_key))
        for raw, stem in unchecked:
            check(raw, stem)
        unchecked.clear()

    for number in range(len(listed) - 1, -1, -1):
        if not claims.from_last(number):
            break
        vocabularies(wait=False)
        path, shown, stem = listed[number]
        raw = load.load_document(path, shown, Problems())
        key = load.memo_key(path, shown)
        if key in load._PARSED:
            chunk[0][key] = load._PARSED[key]
        if raw is not None:
            if checking:
                check(raw, stem)
            else:
                unchecked.append((raw, stem))
        count += 1
        if count % CHUNK == 0 and checking:
            outbox.put(chunk)
            chunk = ({}, {}, {}, {})
    vocabularies(wait=True)
    outbox.put(None)
    sender.join()
    return True, chunk


def _send_all(outbox: queue.SimpleQueue[Chunk | None], connection: Connection) -> None:
    """In the forked process's sending thread: send each chunk as not the last, until None."""
    while (chunk := outbox.get()) is not None:
        connection.send((False, chunk))
