"""A build from nothing parses and checks the last case files in a forked process.

Reading, parsing and checking the case files is most of loading a library (a build from
nothing at 10,000 cases: ~6 s of ~8, the rest is sorting by pinyin and the vocabularies), one
file at a time and each on its own. So when many case files have no parse remembered, the
build forks (:mod:`generator.forked`): the child parses and checks the last :data:`SHARE` of them
while the build does the others, and sends back what it made as entries of the two memos
(:data:`generator.load._PARSED`, :data:`generator.validate._CHECKED`). The build then reads the
child's files as usual and finds each file remembered — by the file's stamp and the
vocabularies, as always, so a file changed meanwhile is read again and nothing is trusted that
the build would not have made itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from . import forked, load, validate
from .errors import Problems

AT = 2000
"""Case files without a remembered parse from which some are parsed apart (at 10,000
cases taking the child's 5,000 back took 0.4–1.1 s, waiting for it included, against ~3 s to
make them; with few files the fork is not worth its while)."""

SHARE = 0.5
"""The child's share of the files. Besides parsing and checking them it pickles what it made and
the build unpickles it (5,000 files at 10,000 cases: 0.4 s and 0.3 s); the build, for its part,
prepares the search index meanwhile (:func:`generator.search.prepare_index`, ~0.45 s). Measured
at 10,000 cases: with half, each waits at most ~0.1 s for the other; with 45 % the build waited
for nothing but had ~0.5 s more to parse."""

Listed = list[tuple[Path, str, str]]
"""(path, path as shown, stem) of each case file, in the order they are read."""


class Ahead:
    """Where the build takes the child's share (:attr:`first`), and taking it."""

    def __init__(self, first: int, child: forked.Forked | None) -> None:
        self.first = first
        """The number of the first file the child read: the build takes its work before it."""
        self._child = child

    def take(self) -> None:
        """Put the child's parses and checks into the memos (nothing when it failed)."""
        if self._child is None:
            return
        got = self._child.receive()
        if got is not None:
            parsed, checked = got
            load._PARSED.update(parsed)
            validate._CHECKED.update(checked)


@contextlib.contextmanager
def ahead(listed: Listed, vocab: validate.Vocabularies, vocab_key: str, preview: bool) -> Iterator[Ahead]:
    """The last :data:`SHARE` of *listed* parsed and checked apart, when it is worth it (else nothing is
    started and :attr:`Ahead.first` is past the end). The child is stopped or waited for on leaving."""
    child = None
    first = len(listed)
    if forked.available(preview) and sum(
            1 for path, shown, _ in listed if load.memo_key(path, shown) not in load._PARSED) >= AT:
        share = listed[len(listed) - int(len(listed) * SHARE):]
        child = forked.Forked.start(lambda _: _parse(share, vocab, vocab_key), "load")
        if child is not None:
            first = len(listed) - len(share)
    try:
        yield Ahead(first, child)
    finally:
        if child is not None:
            child.close()


def _parse(listed: Listed, vocab: validate.Vocabularies, vocab_key: str) -> tuple[dict, dict]:
    """In the forked process: parse and check *listed*, as :func:`generator.build.load_library`
    does; their entries of the two memos."""
    parsed, checked = {}, {}
    for path, shown, stem in listed:
        raw = load.load_document(path, shown, Problems())
        key = load.memo_key(path, shown)
        if key in load._PARSED:
            parsed[key] = load._PARSED[key]
        if raw is not None:
            validate.case_remembered(raw, stem, vocab, vocab_key, Problems())
            checked[raw.path] = validate._CHECKED[raw.path]
    return parsed, checked
