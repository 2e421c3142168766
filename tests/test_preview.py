"""The preview's file watching (generator/preview.py watch_natively), on MkDocs' own live-reload server."""

from __future__ import annotations

import os
import time
import warnings
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from generator import preview


def _server(tmp_path: Path) -> tuple[LiveReloadServer, list[str]]:
    """A server watching what ``mkdocs serve`` watches: docs/, the config file and data/ (twice)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    paths = [str(tmp_path / "docs"), str(tmp_path / "mkdocs.yml"), str(tmp_path / "data"), str(tmp_path / "data")]
    for path in paths:
        server.watch(path)
    return server, paths


def _asks_for_rebuild(server: LiveReloadServer, change, wait: float = 1.5) -> bool:  # type: ignore[no-untyped-def]
    """Whether *change* (a function touching files) makes the server want a rebuild within *wait* s."""
    server._want_rebuild = False
    change()
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if server._want_rebuild:
            return True
        time.sleep(0.05)
    return False


def test_watching_moves_from_polling_to_the_system_and_still_asks_for_rebuilds(tmp_path: Path) -> None:
    server, _ = _server(tmp_path)
    before = dict(server._watched_paths)
    assert isinstance(server.observer, PollingObserver)
    assert preview.watch_natively(server) is True
    assert not isinstance(server.observer, PollingObserver)
    assert server._watched_paths == before          # same paths, same counts
    (tmp_path / "data" / "case.md").write_text("原文", "utf-8")
    server.observer.start()
    try:
        time.sleep(0.5)
        # every rebuild reads the files: reading must not ask for the next
        assert not _asks_for_rebuild(server, lambda: (tmp_path / "data" / "case.md").read_text("utf-8")), \
            "reading a watched file asked for a rebuild (a rebuild loop)"
        assert _asks_for_rebuild(server, lambda: (tmp_path / "data" / "case.md").write_text("改动", "utf-8"),
                                 wait=5), "a change under data/ did not ask for a rebuild"
    finally:
        server.observer.stop()
        server.observer.join()


def test_the_generators_own_writes_do_not_ask_for_another_rebuild(tmp_path: Path) -> None:
    server, _ = _server(tmp_path)
    library = tmp_path / "docs" / "library"
    (library / ".staging" / "cases").mkdir(parents=True)
    assert preview.watch_natively(server, generated=[library]) is True
    server.observer.start()
    try:
        time.sleep(0.5)

        def generator_writes() -> None:   # as generator.write does: stage, move in, delete, manifest
            staged = library / ".staging" / "cases" / "a.md"
            staged.write_text("页面", "utf-8")
            os.replace(staged, library / "a.md")
            (library / "old.md").write_text("旧", "utf-8")
            (library / "old.md").unlink()
            (library / ".manifest.json").write_text("{}", "utf-8")

        assert not _asks_for_rebuild(server, generator_writes), "the generator's output asked for a rebuild"
        assert _asks_for_rebuild(server, lambda: (tmp_path / "docs" / "about.md").write_text("关于", "utf-8"))
        assert _asks_for_rebuild(server, lambda: (tmp_path / "data" / "case.md").write_text("案例", "utf-8"))
        assert _asks_for_rebuild(server, lambda: os.replace(library / "a.md", tmp_path / "docs" / "a.md")), \
            "a file moved out of the generated folder changed docs/"
        # a sibling whose name starts like the folder is not inside it
        assert _asks_for_rebuild(server, lambda: (tmp_path / "docs" / "library-notes.md").write_text("记", "utf-8"))
    finally:
        server.observer.stop()
        server.observer.join()


def test_only_watchdogs_notice_of_a_re_added_watch_is_left_out(tmp_path: Path) -> None:
    """The writer's staging folder, made and removed on every regeneration, makes watchdog's
    inotify re-add a watch and say so in English in the middle of the preview's messages."""
    server, _ = _server(tmp_path)
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("default")
        assert preview.watch_natively(server) is True
        for text in ("Callback with id '3' already exists for watch <Watch: wd=5>. It will be Overwritten.",
                     "another notice"):
            warnings.warn_explicit(text, RuntimeWarning, "inotify.py", 1, module="watchdog.observers.inotify")
        warnings.warn_explicit("Callback with id '3' already exists for watch <Watch: wd=5>.", RuntimeWarning,
                               "elsewhere.py", 1, module="elsewhere")
    assert [str(w.message) for w in shown if w.category is RuntimeWarning] == [
        "another notice", "Callback with id '3' already exists for watch <Watch: wd=5>."]


def test_polling_stays_when_the_system_cannot_watch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import watchdog.observers

    class Refusing(watchdog.observers.Observer):  # type: ignore[misc, valid-type]
        def start(self) -> None:
            raise OSError("inotify watch limit reached")

    monkeypatch.setattr(watchdog.observers, "Observer", Refusing)
    server, _ = _server(tmp_path)
    before = dict(server._watched_paths)
    assert preview.watch_natively(server) is False
    assert isinstance(server.observer, PollingObserver)
    assert server._watched_paths == before
    assert len(server.observer.emitters) == len(before)


def test_the_data_stamp_changes_with_any_file_and_only_then(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "cases").mkdir(parents=True)
    case = data / "cases" / "a.md"
    case.write_text("原文", "utf-8")
    first = preview.data_stamp(data)
    assert preview.data_stamp(data) == first   # nothing changed: the generator is skipped
    stamps = {first}

    def changed() -> None:
        now = preview.data_stamp(data)
        assert now not in stamps
        stamps.add(now)

    case.write_text("改动后的原文", "utf-8")
    changed()
    os.utime(case, ns=(1_000_000_000, 1_000_000_000))   # same size, other time
    changed()
    (data / "drafts" / "x").mkdir(parents=True)
    (data / "drafts" / "x" / "b.md").write_text("草稿", "utf-8")   # a file in a new subfolder
    changed()
    os.replace(case, data / "cases" / "c.md")   # renamed
    changed()
    (data / "drafts" / "x" / "b.md").unlink()
    changed()
