"""site/ is replaced whole or not at all; one build at a time (generator/publish.py, site_cli.py)."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.publish import Busy, PublishFailed, project_lock, publish, recover, swap_in

from .conftest import ROOT, generate, make_project

NEW_CASE = (ROOT / "tests" / "fixtures" / "data" / "cases" / "linli-zhongxin.md").read_text("utf-8") \
    .replace("title: 邻里中心", "title: 新加的做法").replace("aliases: [小区邻里中心]", "aliases: []")


def tree(site: Path) -> dict[str, str]:
    """Every file of a site with its digest."""
    return {p.relative_to(site).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def standalone(dest: Path) -> Path:
    """A project that runs exactly as `make build` runs it: its own generator/, no PYTHONPATH."""
    project = make_project(dest)
    shutil.copytree(ROOT / "generator", project / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return project


def make_build(project: Path, **kwargs):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.Popen([sys.executable, "-m", "generator", "site"], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def serves(site: Path, *pages: str) -> bool:
    """Serve *site* over HTTP and fetch *pages*: the old site must stay usable."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for page in pages:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/{page}", timeout=10) as r:
                if r.status != 200 or not r.read():
                    return False
        return True
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A standalone project built once with `python -m generator site`."""
    project = standalone(tmp_path_factory.mktemp("publish") / "project")
    proc = make_build(project)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "网站已更新：site/" in out
    return project, tree(project / "site")


def test_kill_9_at_random_moments_leaves_the_previous_site(first: tuple[Path, dict[str, str]]) -> None:
    project, old = first
    saved = project.parent / "old-site"
    shutil.copytree(project / "site", saved)
    (project / "data" / "cases" / "xinjia.md").write_text(NEW_CASE, "utf-8")
    start = time.perf_counter()
    proc = make_build(project)  # one complete build of the new data: its duration and files
    proc.communicate(timeout=300)
    duration = time.perf_counter() - start
    assert proc.returncode == 0
    new = tree(project / "site")
    assert "library/cases/xinjia.html" in new and "library/cases/xinjia.html" not in old
    seen = {"old": 0, "new": 0}
    rng = random.Random(9)
    for attempt in range(3):
        shutil.rmtree(project / "site")
        shutil.copytree(saved, project / "site")
        proc = make_build(project)
        time.sleep(rng.uniform(0.15, 1.05) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = tree(project / "site")
        assert now == old or now.keys() == new.keys(), f"attempt {attempt}: a mix of old and new"
        seen["old" if now == old else "new"] += 1
        assert serves(project / "site", "index.html", "library/cases/linli-zhongxin.html",
                      "search/search_index.json")
    assert seen["old"] >= 1, seen  # at least one kill landed before the swap
    recover(project / "site")  # what the next run does first: clean up after the killed ones
    assert not list(project.glob("site.new-*")) and not list(project.glob("site.old-*"))
    (project / "data" / "cases" / "xinjia.md").unlink()


def test_second_build_is_refused_while_one_runs(first: tuple[Path, dict[str, str]]) -> None:
    project, _ = first
    before = tree(project / "site")
    with project_lock(project / "build"):
        proc = make_build(project)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "构建被拒绝：另一个构建正在进行（进程" in err and "Traceback" not in err
    assert tree(project / "site") == before
    with project_lock(project / "build"), pytest.raises(Busy):
        with project_lock(project / "build"):
            pass


def test_strict_warning_keeps_the_old_site(project: Path) -> None:
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("旧网站", "utf-8")
    before = tree(project / "site")
    (project / "docs" / "broken.md").write_text("# 坏链接\n\n[去](nowhere.md)\n", "utf-8")
    result = generate(project, "site")
    assert result.returncode == 1
    assert "MkDocs 构建失败" in result.stderr and "site/ 保持原样" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(project / "site") == before
    assert not list(project.glob("site.new-*"))


def test_injected_disk_full_keeps_the_old_site(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mkdocs.utils

    site = project / "site"
    (site / "library").mkdir(parents=True)
    (site / "index.html").write_text("旧网站", "utf-8")
    (site / "library" / "a.html").write_text("旧页面", "utf-8")
    before = tree(site)
    assert generate(project, "build").returncode == 0
    real = mkdocs.utils.write_file
    calls = {"n": 0}

    def full_after_five(content: bytes, output_path: str) -> None:
        calls["n"] += 1
        if calls["n"] > 5:
            raise OSError(errno.ENOSPC, "No space left on device", output_path)
        real(content, output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full_after_five)
    with pytest.raises(PublishFailed, match="磁盘已满"):
        publish(project, site, lambda message: None)
    assert calls["n"] > 5
    assert tree(site) == before
    assert not list(project.glob("site.new-*"))


def _can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.mark.skipif(not _can_mount(), reason="a real full disk needs root to mount a small tmpfs")
def test_real_full_disk_keeps_the_old_site(tmp_path: Path, first: tuple[Path, dict[str, str]]) -> None:
    built, _ = first
    def used(folder: Path) -> int:   # tmpfs gives every file whole 4 KB pages
        return sum(-(-p.stat().st_size // 4096) * 4096 for p in folder.rglob("*") if p.is_file())

    disk = tmp_path / "disk"
    disk.mkdir()
    size = 2_000_000 + sum(used(built / name) for name in ("site", "docs", "data", "hooks", "overrides",
                                                           "generator", "build"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)],
                             capture_output=True)
    if mounted.returncode:
        pytest.skip("cannot mount tmpfs here")
    try:
        project = disk / "project"
        project.mkdir()
        for name in ("data", "docs", "hooks", "overrides", "generator"):
            shutil.copytree(built / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(built / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(built / "site", project / "site")
        shutil.copytree(built / "build", project / "build", ignore=shutil.ignore_patterns("*.lock", ".lock"))
        before = tree(project / "site")
        proc = make_build(project)
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 1, err
        assert "磁盘已满" in err and "site/ 保持原样" in err and "Traceback" not in err
        assert tree(project / "site") == before
        assert not list(project.glob("site.new-*"))
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_recover_restores_a_swap_cut_in_half(tmp_path: Path) -> None:
    target = tmp_path / "site"
    old = tmp_path / "site.old-123"
    old.mkdir()
    (old / "index.html").write_text("旧", "utf-8")
    half = tmp_path / "site.new-abc"
    half.mkdir()
    recover(target)
    assert (target / "index.html").read_text("utf-8") == "旧"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_in_replaces_the_whole_tree(tmp_path: Path) -> None:
    target = tmp_path / "site"
    (target / "gone").mkdir(parents=True)
    (target / "gone" / "x.html").write_text("旧", "utf-8")
    new = tmp_path / "site.new-1"
    new.mkdir()
    (new / "index.html").write_text("新", "utf-8")
    swap_in(new, target)
    assert tree(target) == {"index.html": hashlib.sha1("新".encode()).hexdigest()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_generate_waits_for_no_one_and_refuses_during_a_build(project: Path) -> None:
    with project_lock(project / "build"):
        result = generate(project, "build")
    assert result.returncode == 1 and "生成被拒绝：另一个构建正在进行" in result.stderr
    assert not (project / "docs" / "library").exists()
    assert generate(project, "build").returncode == 0  # the lock died with its holder


def test_a_crash_inside_mkdocs_is_a_message_and_keeps_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("旧网站", "utf-8")

    def crash(root: Path, into: Path) -> None:
        (into / "index.html").write_text("半个新网站", "utf-8")
        raise RecursionError("maximum recursion depth exceeded")

    with pytest.raises(PublishFailed, match="MkDocs 构建时程序出错（RecursionError"):
        publish(tmp_path, site, lambda message: None, builder=crash)
    assert (site / "index.html").read_text("utf-8") == "旧网站"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
