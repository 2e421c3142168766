"""A contributor's file is always the old or the new one, even under kill -9 (generator/atomic.py)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.atomic import atomic_write
from generator.fmt import format_file

from .conftest import FIXTURE_DATA, ROOT, run_env

MESSY = [p.read_text("utf-8") for p in sorted((FIXTURE_DATA / "cases").glob("*.md"))]


def messy(text: str, index: int) -> bytes:
    """A case file as a Windows editor leaves it: GBK or BOM, CRLF, fields out of order."""
    lines = text.split("\n")
    head = lines.index("---", 1)
    front = lines[1:head]
    front.append(front.pop(0))  # title last: fmt moves it back
    text = "\n".join(["---", *front, *lines[head:]]) + "\n" * (index % 3)
    text = text.replace("\n", "\r\n")
    return text.encode("gbk") if index % 2 else b"\xef\xbb\xbf" + text.encode("utf-8")


def test_atomic_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new" and path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_atomic_create_never_clobbers(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"mine")
    with pytest.raises(FileExistsError):
        atomic_write(path, b"theirs", overwrite=False)
    assert path.read_bytes() == b"mine"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        atomic_write(path, b"new" * 1000)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_fmt_reports_a_full_disk_and_keeps_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "case.md"
    original = messy(MESSY[0], 1)
    path.write_bytes(original)
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    outcome = format_file(path)
    assert "无法写入" in outcome.error and not outcome.changed
    assert path.read_bytes() == original


def test_fmt_killed_at_random_points_leaves_old_or_new(tmp_path: Path) -> None:
    """kill -9 `python -m generator fmt` mid-run, six times: no file is ever half-written."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE_DATA, project / "data")
    cases = project / "data" / "cases"
    old: dict[str, bytes] = {}
    for index in range(150):
        data = messy(MESSY[index % len(MESSY)], index)
        old[f"c{index:03d}.md"] = data
    expected_dir = tmp_path / "expected"
    expected_dir.mkdir()
    new: dict[str, bytes] = {}
    for name, data in old.items():
        (expected_dir / name).write_bytes(data)
        assert format_file(expected_dir / name).changed
        new[name] = (expected_dir / name).read_bytes()
    command = [sys.executable, "-m", "generator", "--root", str(project), "fmt"]
    rng = random.Random(13)
    timings = []
    outcomes = {"old": 0, "new": 0}
    for run in range(6):
        for name, data in old.items():
            (cases / name).write_bytes(data)
        start = time.perf_counter()
        if run == 0:  # one complete run measures how long fmt takes
            done = subprocess.run(command, env=run_env(), cwd=ROOT, capture_output=True)
            assert done.returncode == 0, done.stderr.decode()
            timings.append(time.perf_counter() - start)
        else:
            proc = subprocess.Popen(command, env=run_env(), cwd=ROOT,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.3, 1.0) * timings[0])
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        for name in old:
            now = (cases / name).read_bytes()
            assert now in (old[name], new[name]), f"run {run}: {name} is neither old nor new"
            outcomes["old" if now == old[name] else "new"] += 1
    # the kills really landed mid-run: both states were seen
    assert outcomes["old"] and outcomes["new"], outcomes
