"""Edit after edit, in one process (what ``make serve`` does) and in new processes that start
from the last run's memos (``make build``): every file the generator writes equals what a build
from nothing writes from the same data, so the memos (parsed and checked files, similar cases,
glossary mentions, rendered pages and maps, weighed search documents, search shards, ready-made
answers, plain texts, slugs) never serve stale output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator import Settings, build, memos

from .conftest import ROOT, make_project, run_env


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def generator_build(root: Path) -> None:
    """``python -m generator build`` in a new process, as ``make generate`` runs it."""
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build"], cwd=ROOT,
                          capture_output=True, text=True, env={**run_env(), "HANDBOOK_EXPORTS": "0"})
    assert done.returncode == 0, done.stderr


def test_edits_give_what_a_fresh_build_gives(tmp_path: Path) -> None:
    """After each edit, in one process (``make serve``) and in a new process that starts from the
    last run's memos (``make build``), every generated file equals a build from nothing."""
    root = make_project(tmp_path / "project", ROOT / "data")
    settings = Settings.for_root(root)
    build(settings)
    again = make_project(tmp_path / "again", ROOT / "data")   # new processes, memos on disk
    generator_build(again)
    assert (again / "build" / memos.FILE).exists()
    steps = [   # punctuation only: no word changes, every search file is reused, passages are not
        lambda data: edit(data / "cases" / "linli-zhongxin.md", "的服务阵地。", "的服务阵地；"),
        lambda data: edit(data / "cases" / "linli-zhongxin.md", "## 概要\n\n", "## 概要\n\n社区党员在这里新开了服务窗口。"),
        lambda data: edit(data / "cases" / "linli-zhongxin.md", "tags: [邻里中心, ", "tags: [邻里中心, 疫情防控, "),
        lambda data: (shutil.copy(data / "cases" / "daode-yinhang.md", data / "cases" / "daode-yinhang-xin.md"),
                      edit(data / "cases" / "daode-yinhang-xin.md", "title: 道德银行", "title: 新道德银行")),
        # what other pages read: a glossary definition, a tag's description, a source's title,
        # a case's title, a pinyin reading (A–Z letters and order), a case removed
        lambda data: edit(data / "glossary" / "dang-gongwei.md", "党的工作委员会的简称", "党的工作委员会（党工委）的简称"),
        lambda data: edit(data / "vocab" / "tags.yml", "以小区为单元设立的党支部。", "在一个小区里设立的党支部。"),
        lambda data: edit(data / "sources" / "chengshi-jiceng-zuotanhui.md", "title: 在城市基层党建工作座谈会上的讲话",
                          "title: 在城市基层党建工作座谈会上的讲话（节选）"),
        lambda data: edit(data / "cases" / "daode-yinhang-xin.md", "title: 新道德银行", "title: 道德积分银行"),
        lambda data: (data / "vocab" / "pinyin.yml").write_text("道德积分银行: tao4 de2 ji1 fen1 yin2 hang2\n", "utf-8"),
        lambda data: (data / "cases" / "daode-yinhang-xin.md").unlink(),
    ]
    for number, step in enumerate(steps):
        step(root / "data")
        step(again / "data")
        result = build(settings)
        assert not result.problems.errors, result.problems.errors
        generator_build(again)
        fresh = make_project(tmp_path / f"fresh{number}", root / "data")
        generator_build(fresh)
        theirs = tree(fresh / "docs" / "library")
        for mine in (tree(settings.out), tree(again / "docs" / "library")):
            assert sorted(mine) == sorted(theirs), number
            differing = [name for name in mine if mine[name] != theirs[name]]
            assert not differing, (number, differing[:10])
