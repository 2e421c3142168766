"""One process, edit after edit (what ``make serve`` does): every file the generator writes
equals what a fresh process writes from the same data, so the process-wide memos (parsed and
checked files, similar cases, glossary mentions, rendered pages and maps, weighed search
documents, search shards, ready-made answers, plain texts) never serve stale output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator import Settings, build

from .conftest import ROOT, make_project, run_env


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_edits_in_one_process_give_what_a_fresh_build_gives(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", ROOT / "data")
    settings = Settings.for_root(root)
    build(settings)
    data = root / "data"
    cases = data / "cases"
    steps = [   # punctuation only: no word changes, every search file is reused, passages are not
        lambda: edit(cases / "linli-zhongxin.md", "的服务阵地。", "的服务阵地；"),
        lambda: edit(cases / "linli-zhongxin.md", "## 概要\n\n", "## 概要\n\n社区党员在这里新开了服务窗口。"),
        lambda: edit(cases / "linli-zhongxin.md", "tags: [邻里中心, ", "tags: [邻里中心, 疫情防控, "),
        lambda: (shutil.copy(cases / "daode-yinhang.md", cases / "daode-yinhang-xin.md"),
                 edit(cases / "daode-yinhang-xin.md", "title: 道德银行", "title: 新道德银行")),
        # what other pages read: a glossary definition, a tag's description, a source's title,
        # a case's title, a pinyin reading (A–Z letters and order), a case removed
        lambda: edit(data / "glossary" / "dang-gongwei.md", "党的工作委员会的简称", "党的工作委员会（党工委）的简称"),
        lambda: edit(data / "vocab" / "tags.yml", "以小区为单元设立的党支部。", "在一个小区里设立的党支部。"),
        lambda: edit(data / "sources" / "chengshi-jiceng-zuotanhui.md", "title: 在城市基层党建工作座谈会上的讲话",
                     "title: 在城市基层党建工作座谈会上的讲话（节选）"),
        lambda: edit(cases / "daode-yinhang-xin.md", "title: 新道德银行", "title: 道德积分银行"),
        lambda: (data / "vocab" / "pinyin.yml").write_text("道德积分银行: tao4 de2 ji1 fen1 yin2 hang2\n", "utf-8"),
        lambda: (cases / "daode-yinhang-xin.md").unlink(),
    ]
    for number, step in enumerate(steps):
        step()
        result = build(settings)
        assert not result.problems.errors, result.problems.errors
        fresh = make_project(tmp_path / f"fresh{number}", root / "data")
        done = subprocess.run([sys.executable, "-m", "generator", "--root", str(fresh), "build"], cwd=ROOT,
                              capture_output=True, text=True, env={**run_env(), "HANDBOOK_EXPORTS": "0"})
        assert done.returncode == 0, done.stderr
        mine, theirs = tree(settings.out), tree(fresh / "docs" / "library")
        assert sorted(mine) == sorted(theirs), number
        differing = [name for name in mine if mine[name] != theirs[name]]
        assert not differing, (number, differing[:10])
