"""One process, edit after edit (what ``make serve`` does): every file the generator writes
equals what a fresh process writes from the same data, so the process-wide memos (parsed
files, weighed search documents, ready-made answers, plain texts) never serve stale output."""

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
    cases = root / "data" / "cases"
    steps = [   # punctuation only: no word changes, every search file is reused, passages are not
        lambda: edit(cases / "linli-zhongxin.md", "的服务阵地。", "的服务阵地；"),
        lambda: edit(cases / "linli-zhongxin.md", "## 概要\n\n", "## 概要\n\n社区党员在这里新开了服务窗口。"),
        lambda: edit(cases / "linli-zhongxin.md", "tags: [邻里中心, ", "tags: [邻里中心, 疫情防控, "),
        lambda: (shutil.copy(cases / "daode-yinhang.md", cases / "daode-yinhang-xin.md"),
                 edit(cases / "daode-yinhang-xin.md", "title: 道德银行", "title: 新道德银行")),
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
