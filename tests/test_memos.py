"""generator/memos.py: a new process starts from the last run's memos, and only from memos this
user's generator wrote — a file from elsewhere, altered, or written by other code is ignored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import Settings, build, memos, render

from .conftest import make_project


@pytest.fixture(autouse=True)
def _forgotten() -> Iterator[None]:
    """Each test here restores memos of a project of its own: none is left to the tests after
    (a later build of an equal project elsewhere would take them for its own)."""
    yield
    memos.forget()


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(memos, "_key", lambda: b"k" * 32)
    root = make_project(tmp_path / "project")
    build(Settings.for_root(root))
    memos.forget()
    return root


def test_a_new_process_starts_from_the_last_runs_memos(project: Path) -> None:
    assert memos.empty()
    assert memos.restore(project / "build")
    assert render._PAGES and not memos.empty()
    assert not memos.restore(project / "build")     # a process that has memos keeps its own
    result = build(Settings.for_root(project))
    assert result.report is not None and not result.report.written


@pytest.mark.parametrize("change", ["altered", "other key", "other code", "missing"])
def test_memos_from_elsewhere_are_ignored(project: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    path = project / "build" / memos.FILE
    if change == "altered":
        data = bytearray(path.read_bytes())
        data[-10] ^= 1
        path.write_bytes(bytes(data))
    elif change == "other key":
        monkeypatch.setattr(memos, "_key", lambda: b"x" * 32)
    elif change == "other code":
        monkeypatch.setattr(memos, "_version", lambda: b"another generator")
    else:
        path.unlink()
    assert not memos.restore(project / "build")
    assert memos.empty()
    result = build(Settings.for_root(project))    # and the build does everything itself
    assert not result.problems.errors


def test_the_key_lives_outside_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    memos._key.cache_clear()
    try:
        key = memos._key()
        assert key and len(key) == 32
        assert (tmp_path / "cache" / "shequ-handbook" / "memo-key").read_bytes() == key
        assert memos._key_file().stat().st_mode & 0o077 == 0
    finally:
        memos._key.cache_clear()


def test_a_large_build_has_its_memos_written_apart_and_the_next_run_waits_for_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build returns before its memos are written (a forked writer, here slowed down), and a
    new process's restore waits for that writer instead of starting from nothing."""
    import time

    from generator import forked, publish

    if not forked.FORK:
        pytest.skip("no fork here: the memos are written by the build itself")
    monkeypatch.setattr(memos, "_key", lambda: b"k" * 32)
    monkeypatch.setattr(memos, "SAVE_APART_AT", 1)
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 2)
    write = memos._write

    def slowly(build: Path, key: bytes) -> None:   # runs in the forked writer
        time.sleep(2)
        write(build, key)

    monkeypatch.setattr(memos, "_write", slowly)
    root = make_project(tmp_path / "project")
    memos.forget()
    started = time.monotonic()
    with publish.project_lock(root / "build"):   # as the generator's commands hold it
        build(Settings.for_root(root))
    assert not (root / "build" / memos.FILE).exists()   # the build did not wait for the writer
    with publish.project_lock(root / "build"):   # nor does the writer keep the next build out
        pass
    memos.forget()
    assert memos.restore(root / "build")   # waited for the writer
    assert time.monotonic() - started >= 2 and render._PAGES
    assert not list((root / "build").glob(".*.tmp"))


def test_a_write_stopped_half_way_leaves_no_file_behind_for_long(project: Path) -> None:
    stale = project / "build" / f".{memos.FILE}.12345.tmp"
    stale.write_bytes(b"half a pickle")
    memos.restore(project / "build")
    memos.save(project / "build")
    assert not stale.exists() and (project / "build" / memos.FILE).exists()
