"""generator.load_apart: case files parsed and checked in a forked process, from the last, until
it meets the build."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from generator import Settings, forked, load_apart, memos
from generator.build import Result, check
from generator.search.documents import _make_case_doc, case_doc

from .conftest import ROOT, make_project


def apart(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """As a build from nothing at scale on two cores; returns what the children sent back."""
    monkeypatch.setattr(load_apart, "AT", 1)
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 2)
    sent: list[object] = []
    receive = forked.Forked.receive

    def receiving(self: forked.Forked) -> object:
        got = receive(self)
        sent.append(got)
        return got

    monkeypatch.setattr(forked.Forked, "receive", receiving)
    return sent


def home_then_apart(project: Path, monkeypatch: pytest.MonkeyPatch,
                    chunk: int | None = None) -> tuple[Result, list[object]]:
    """The library checked in one process; then, nothing remembered, all set for a check apart
    (files sent *chunk* at a time). Returns the first check and what the children will send."""
    memos.forget()
    home = check(Settings.for_root(project))
    memos.forget()
    sent = apart(monkeypatch)
    if chunk is not None:
        monkeypatch.setattr(load_apart, "CHUNK", chunk)
    return home, sent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The real library, with an error and a warning in the last files (the child's)."""
    root = make_project(tmp_path / "project", ROOT / "data")
    cases = sorted((root / "data" / "cases").glob("*.md"))
    last, before = cases[-1], cases[-2]
    last.write_text(last.read_text("utf-8").replace("title:", "title：", 1), "utf-8")
    before.write_bytes(before.read_text("utf-8").encode("gb18030"))
    return root


def test_a_library_loaded_partly_apart_is_the_library_loaded_at_home(project: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Every case and every problem (with its file and line) as when one process reads every
    file; the child reads the last files (some before the vocabularies come: checked when they
    do), the build the first, none read twice, and the child's come in chunks with their readings."""
    import sys

    from generator import load, pinyin

    home, sent = home_then_apart(project, monkeypatch, chunk=3)
    build = os.getpid()
    parsed_here: list[Path] = []
    parse = load._parse_document

    def parsing(path: Path, display: str, problems: object) -> object:
        if os.getpid() == build:
            parsed_here.append(path)
        if path.parent.name == "cases":
            time.sleep(0.01)   # both at one pace: each parses some after the vocabularies came
        return parse(path, display, problems)   # type: ignore[arg-type]

    module = sys.modules["generator.build"]
    vocabularies = module.load_vocabularies

    def slowly(*args: object) -> object:
        time.sleep(0.2)   # the child parses meanwhile
        return vocabularies(*args)   # type: ignore[arg-type]

    monkeypatch.setattr(load, "_parse_document", parsing)
    monkeypatch.setattr(module, "load_vocabularies", slowly)
    pinyin._READ.clear()
    there = check(Settings.for_root(project))
    listed = sorted(p for p in (project / "data" / "cases").glob("*.md") if p.name != "source.md")
    assert len(sent) >= 2 and all(got is not None for got in sent)
    assert [last for last, _ in sent] == [False] * (len(sent) - 1) + [True]   # type: ignore[misc]
    theirs = [Path(path) for _, (parsed, _, _, _) in sent for path, _ in parsed]   # type: ignore[misc]
    cases_here = [p for p in parsed_here if p.parent.name == "cases"]
    assert len(theirs) > 10 and cases_here   # ~20 in the 0.2 s before the vocabularies came
    assert theirs == listed[len(listed) - len(theirs):][::-1]   # from the last, backwards
    assert cases_here == listed[:len(listed) - len(theirs)]     # the rest, each read once
    checked = [path for _, (_, got, _, _) in sent for path in got]   # type: ignore[misc]
    assert len(checked) == len(theirs) - 1   # the file with the full-width colon does not parse
    readings = {text: found for _, (_, _, got, _) in sent for text, found in got.items()}   # type: ignore[misc]
    last_title = next(c.title for c in there.library.cases if Path(c.path).name == theirs[2].name)
    assert readings[last_title] == pinyin._read(last_title)
    docs = {path: made for _, (_, _, _, got) in sent for path, (_, made) in got.items()}   # type: ignore[misc]
    assert len(docs) == len(checked) > 10   # a document for each case it checked
    for case in there.library.cases:   # the child's documents, as the build would make them
        if case.path in docs:
            assert docs[case.path] == _make_case_doc(case) and case_doc(case) is docs[case.path]   # not made again
    assert there.library.cases == home.library.cases and len(home.library.cases) > 40
    assert there.problems.items == home.problems.items
    assert home.problems.errors and any("编码" in p.message for p in home.problems.items)


def test_a_child_that_dies_half_way_costs_time_not_cases(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The files the child claimed but never sent are read by the build."""
    from generator import load

    home, sent = home_then_apart(project, monkeypatch, chunk=3)
    parse = load._parse_document

    def parsing(path: Path, display: str, problems: object) -> object:
        # Slowed in both processes: the child must not parse all it claims before the
        # vocabularies come (its files are then checked and sent only at its end, in one chunk).
        if path.parent.name == "cases":
            time.sleep(0.01)
        return parse(path, display, problems)   # type: ignore[arg-type]

    def sending_one(outbox: object, connection: object) -> None:   # the child's sending thread
        connection.send((False, outbox.get()))   # type: ignore[attr-defined]
        time.sleep(0.1)
        os._exit(3)   # with files claimed and not sent

    monkeypatch.setattr(load, "_parse_document", parsing)
    monkeypatch.setattr(load_apart, "_send_all", sending_one)
    there = check(Settings.for_root(project))
    assert len(sent) == 2 and sent[0] is not None and sent[1] is None
    assert there.library.cases == home.library.cases
    assert there.problems.items == home.problems.items


@pytest.mark.parametrize("failure", ["raises", "dies"])
def test_a_child_that_fails_costs_time_not_cases(project: Path, monkeypatch: pytest.MonkeyPatch,
                                                 failure: str) -> None:
    home, sent = home_then_apart(project, monkeypatch)

    def failing(*args: object) -> None:
        if failure == "dies":
            os._exit(3)
        raise MemoryError("in the forked process")

    monkeypatch.setattr(load_apart, "_parse", failing)
    there = check(Settings.for_root(project))
    assert sent in ([], [None])   # [] when the build claimed every file before it saw the child gone
    assert there.library.cases == home.library.cases
    assert there.problems.items == home.problems.items


def test_the_build_prepares_its_index_while_the_child_parses(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """*meanwhile* runs once when a child parses files (before the build parses its own), never
    when the files are parsed at home; a build passes the search index's preparing."""
    from generator import load
    from generator.errors import BuildFailed
    from generator.search import prepare_index

    order: list[str] = []
    parse = load._parse_document
    build = os.getpid()

    def parsing(path: Path, *args: object) -> object:
        order.append("case" if path.parent.name == "cases" else "other")
        if os.getpid() != build:
            time.sleep(0.01)   # the child must not claim every case file before the build comes to them
        return parse(path, *args)   # type: ignore[arg-type]

    memos.forget()
    monkeypatch.setattr(load, "_parse_document", parsing)
    check(Settings.for_root(project), meanwhile=lambda: order.append("meanwhile"))
    assert "case" in order and "meanwhile" not in order   # one process: nothing to do meanwhile
    memos.forget()
    order.clear()
    apart(monkeypatch)
    check(Settings.for_root(project), meanwhile=lambda: order.append("meanwhile"))
    assert order.count("meanwhile") == 1 and "case" in order[order.index("meanwhile"):]
    assert "case" not in order[:order.index("meanwhile")]   # before the build parses its own cases
    module = sys.modules["generator.build"]
    checking = module.check
    passed: list[object] = []
    monkeypatch.setattr(module, "check", lambda settings, loaded=None, meanwhile=None:
                        passed.append(meanwhile) or checking(settings, loaded))
    with pytest.raises(BuildFailed):   # the project has an error: the build stops after checking
        module.build(Settings.for_root(project))
    assert passed == [prepare_index]
