"""The writer: incremental, confined, never touches hand-made files, survives kill -9."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator import write

from .conftest import ROOT


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text("utf-8")
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def test_writes_only_changed_files_and_keeps_timestamps(tmp_path: Path) -> None:
    root = tmp_path / "out"
    write.write_tree(root, {"a.md": "A", "sub/b.md": "B"})
    os.utime(root / "a.md", (1_000_000, 1_000_000))
    report = write.write_tree(root, {"a.md": "A", "sub/b.md": "B2"})
    assert report.written == ["sub/b.md"] and report.unchanged == 1
    assert (root / "a.md").stat().st_mtime == 1_000_000
    assert snapshot(root) == {"a.md": "A", "sub/b.md": "B2"}


def test_an_unchanged_page_deleted_by_hand_is_written_again(tmp_path: Path) -> None:
    root = tmp_path / "out"
    pages = {"a.md": "A", "sub/b.md": "B", "sub/c.md": "C", "gone/d.md": "D"}
    write.write_tree(root, pages)
    (root / "sub" / "b.md").unlink()
    for path in (root / "gone").iterdir():
        path.unlink()
    (root / "gone").rmdir()
    report = write.write_tree(root, pages)   # same texts: only the missing files are written
    assert sorted(report.written) == ["gone/d.md", "sub/b.md"] and report.unchanged == 2
    assert snapshot(root) == pages


def test_removed_pages_disappear_and_empty_folders_go(tmp_path: Path) -> None:
    root = tmp_path / "out"
    write.write_tree(root, {"a.md": "A", "sub/b.md": "B"})
    report = write.write_tree(root, {"a.md": "A"})
    assert report.deleted == ["sub/b.md"]
    assert not (root / "sub").exists()


def test_hand_made_files_are_never_overwritten_or_deleted(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    (root / "mine.md").write_text("hand-made", "utf-8")
    write.write_tree(root, {"a.md": "A"})
    write.write_tree(root, {})
    assert (root / "mine.md").read_text("utf-8") == "hand-made"
    with pytest.raises(write.UnsafePath, match="不是生成器生成的文件"):
        write.write_tree(root, {"mine.md": "generated"})
    assert (root / "mine.md").read_text("utf-8") == "hand-made"


@pytest.mark.parametrize("rel", ["../escape.md", "/etc/passwd", "a/../../b.md", "a\\b.md",
                                 ".hidden.md", "a//b.md", ""])
def test_paths_outside_the_folder_are_refused(tmp_path: Path, rel: str) -> None:
    root = tmp_path / "out"
    with pytest.raises(write.UnsafePath):
        write.write_tree(root, {rel: "x"})
    assert not (tmp_path / "escape.md").exists()


def test_failed_refusal_leaves_previous_output(tmp_path: Path) -> None:
    root = tmp_path / "out"
    write.write_tree(root, {"a.md": "A"})
    with pytest.raises(write.UnsafePath):
        write.write_tree(root, {"a.md": "A2", "../x.md": "x"})
    assert snapshot(root) == {"a.md": "A"}


KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from generator import write
    calls = 0
    real = {target}
    def fake(*args, **kwargs):
        global calls
        calls += 1
        if calls == {after}:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    {patch} = fake
    write.write_tree(Path(sys.argv[1]), {{f"p{{i:03}}.md": "new" for i in range(50)}})
""")


@pytest.mark.parametrize("target, patch, after, expect", [
    # killed while staging new pages: before the commit point, the old output stays
    ("open", "write.open", 20, "old"),
    # killed halfway through moving staged pages in: the next run completes it
    ("os.replace", "write.os.replace", 25, "new"),
])
def test_kill_9_leaves_old_or_new_never_a_mix(tmp_path: Path, target: str, patch: str,
                                              after: int, expect: str) -> None:
    root = tmp_path / "out"
    write.write_tree(root, {f"p{i:03}.md": "old" for i in range(50)})
    script = KILLER.format(root=str(ROOT), target=target, patch=patch, after=after)
    proc = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    write.recover(root)  # what the next run does first
    contents = set(snapshot(root).values())
    assert contents == {expect}
    assert len(snapshot(root)) == 50


def test_a_run_with_nothing_new_writes_nothing(tmp_path: Path) -> None:
    """Under mkdocs serve every write in docs/ triggers a rebuild; an idle rerun must not loop."""
    root = tmp_path / "out"
    write.write_tree(root, {"a.md": "A"})
    before = {p.name: p.stat().st_mtime_ns for p in root.iterdir()}
    os.utime(root / write.MANIFEST, (1_000_000, 1_000_000))
    report = write.write_tree(root, {"a.md": "A"})
    assert report.written == [] and report.deleted == []
    assert (root / write.MANIFEST).stat().st_mtime == 1_000_000
    assert {p.name for p in root.iterdir()} == set(before)


def test_parts_staged_one_after_another_are_written_as_one(tmp_path: Path) -> None:
    """A writer staged in parts (the build stages its pages before its search index is ready)
    writes, keeps and deletes exactly as one write of everything; nothing shows before the commit,
    a writer never committed changes nothing, and a path staged twice is refused."""
    root, whole = tmp_path / "parts", tmp_path / "whole"
    before = {"a.md": "A", "sub/b.md": "B", "old/c.md": "C"}
    after = {"a.md": "A", "sub/b.md": "B2", "search/x.js": "X", "search/y.js": "Y"}
    for folder in (root, whole):
        write.write_tree(folder, before)
    writer = write.Writer(root)
    writer.stage({rel: text for rel, text in after.items() if not rel.startswith("search/")})
    writer.stage({rel: text for rel, text in after.items() if rel.startswith("search/")})
    assert {rel: text for rel, text in snapshot(root).items() if not rel.startswith(f"{write.STAGING}/")} == before
    with pytest.raises(ValueError, match="sub/b.md"):
        writer.stage({"sub/b.md": "B3"})
    report = writer.commit()
    assert report.written == write.write_tree(whole, after).written == ["search/x.js", "search/y.js", "sub/b.md"]
    assert report.deleted == ["old/c.md"] and report.unchanged == 1
    assert snapshot(root) == snapshot(whole) == after
    abandoned = write.Writer(root)
    abandoned.stage({"a.md": "A2"})
    write.Writer(root)   # the next run discards what was staged and never committed
    assert snapshot(root) == after and not (root / write.STAGING).exists()


def test_a_writer_beside_another_stages_what_the_other_commits(tmp_path: Path) -> None:
    """The search index's process stages its files with a writer beside the build's (into the same
    staging folder, which it leaves as it is); the build adopts them and commits all as one write,
    exactly as one writer of everything; a path both staged is refused, and a hand-made file in
    the way is refused by the writer beside."""
    root, whole = tmp_path / "parts", tmp_path / "whole"
    before = {"a.md": "A", "old/c.md": "C"}
    after = {"a.md": "A2", "search/x.js": "X", "search/y.js": "Y"}
    for folder in (root, whole):
        write.write_tree(folder, before)
    writer = write.Writer(root)
    writer.stage({"a.md": "A2"})
    beside = write.Writer(root, beside=True)
    beside.stage({"search/x.js": "X", "search/y.js": "Y"})
    assert (root / write.STAGING / "a.md").read_text() == "A2"   # the build's staged page is still there
    with pytest.raises(ValueError, match="a.md"):   # staged by the other already
        write.Writer(root, beside=True).stage({"a.md": "A3"})
    writer.adopt(beside.staged())
    with pytest.raises(ValueError, match="search/x.js"):   # adopted already
        writer.adopt(beside.staged())
    report = writer.commit()
    assert report.written == write.write_tree(whole, after).written == ["a.md", "search/x.js", "search/y.js"]
    assert report.deleted == ["old/c.md"]
    assert snapshot(root) == snapshot(whole) == after
    (root / "search" / "hand.js").write_text("mine")
    with pytest.raises(write.UnsafePath):
        write.Writer(root, beside=True).stage({"search/hand.js": "generated"})
