"""The change summary of a pull request (generator/review/): a prepared base/head pair in a real Git repo."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOT, Run, make_project, run_env

NEW_CASE = """\
---
title: 邻里互助会
level: 社区村
categories: [居民自治]
tags: [邻里互助]
figures:
  - what: 参加互助的居民
    value: 12
    unit: 人
sources:
  - source: ceshi-laiyuan
    passage: 第二部分
---

## 概要

测试案例：居民结对互助。

## 背景与问题

老人多。

## 主要做法

1. 结对。

## 成效

结对 12 人。

## 经验启示

就近互助。
"""

GLOSSARY = """\
---
term: 结对帮扶
---

一对一的帮助（测试数据）。
"""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=t@example.invalid",
                           "-c", "commit.gpgsign=false", *args], cwd=repo, capture_output=True,
                          text=True, check=True)
    return done.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def diff(generate_here: Callable[..., Run]) -> Callable[..., Run]:
    """``python -m generator --root repo diff …`` in this process."""
    def run(repo: Path, *args: str) -> Run:
        return generate_here(repo, "diff", *args)
    return run


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fixture library committed as base on main, then a branch with known changes as head."""
    root = make_project(tmp_path_factory.mktemp("review") / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "switch", "-q", "-c", "pr")
    cases = root / "data" / "cases"
    # 1. a new case with a new tag and a figure
    (cases / "linli-huzhuhui.md").write_text(NEW_CASE, encoding="utf-8")
    with (root / "data" / "vocab" / "tags.yml").open("a", encoding="utf-8") as f:
        f.write("- name: 邻里互助\n  description: 居民之间结对互助。\n")
    # 2. a new glossary term, a definition and a tag description reworded
    (root / "data" / "glossary" / "jiedui-bangfu.md").write_text(GLOSSARY, encoding="utf-8")
    edit(root / "data" / "glossary" / "yeweihui.md", "执行机构（测试数据）", "执行机构，代表业主（测试数据）")
    edit(root / "data" / "vocab" / "tags.yml", "取得收入、维持运转。", "取得收入，维持自身运转。")
    # 3. a changed case: one tag less, 成效 rewritten, a withheld figure now given
    edit(cases / "linli-zhongxin.md", "tags: [邻里中心, 自我造血]", "tags: [邻里中心]")
    edit(cases / "linli-zhongxin.md", "场地建成，数量未披露。", "场地建成 2 个。")
    edit(cases / "linli-zhongxin.md", "    value: 未披露\n    unit: 个", "    value: 2\n    unit: 个")
    # 4. a renamed file that keeps its old address
    git(root, "mv", "data/cases/daode-yinhang.md", "data/cases/daode-yinhang-huodong.md")
    edit(cases / "daode-yinhang-huodong.md", "title: 道德银行\n",
         "title: 道德银行\nprevious_slugs: [daode-yinhang]\n")
    # 5. a renamed file with a new title and no previous_slugs: its address is lost, and
    #    道德银行's related: [社区剧场] now points nowhere
    git(root, "mv", "data/cases/shequ-juchang.md", "data/cases/jumin-juchang.md")
    edit(cases / "jumin-juchang.md", "title: 社区剧场", "title: 居民剧场")
    # 6. a removed case
    git(root, "rm", "-q", "data/cases/3344-dangjian-gongzuofa.md")
    # 7. a link to a page that does not exist
    edit(cases / "hongse-yeweihui.md", "## 主要做法\n\n", "## 主要做法\n\n参照[[不存在的做法]]。\n\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "head")
    # main moves on after the branch: a reviewer of the branch must not see this
    git(root, "switch", "-q", "main")
    edit(cases / "xiaoqu-dangzhibu.md", "reviewed:", "year: 2019\nreviewed:")
    git(root, "commit", "-q", "-am", "main moves on")
    git(root, "switch", "-q", "pr")
    return root


EXPECTED = """\
## 手册改动摘要

对比：`{base}`（main 的分叉点） → `{head}`（pr）

**检查未通过：2 个错误，0 个警告**（逐条提示见 make check 一步，也标在改动的行上；写错、无法识别的值没有计入下面的摘要）。

新增 1 个案例，修改 2 个，改名 2 个，删除 1 个。

### 新增案例（1）

- **邻里互助会** `data/cases/linli-huzhuhui.md` → 网址 `library/cases/linli-huzhuhui.html`
  - 层级：社区村；类别：居民自治；标签：邻里互助
  - 资料来源：ceshi-laiyuan（第二部分）
  - 数据（请对照来源核对）：参加互助的居民 12 人

### 改名或改网址（2）

- **道德银行**：网址名 `daode-yinhang` → `daode-yinhang-huodong`（`data/cases/daode-yinhang-huodong.md`）；旧网址 `library/cases/daode-yinhang.html` 会转到新页面
  - 曾用网址名：（空） → daode-yinhang
- **社区剧场** → **居民剧场**：网址名 `shequ-juchang` → `jumin-juchang`（`data/cases/jumin-juchang.md`）；**旧网址 `library/cases/shequ-juchang.html` 将失效**，请在 `data/cases/jumin-juchang.md` 的元数据里加 `previous_slugs: [shequ-juchang]`
  - 标题：社区剧场 → 居民剧场

### 修改的案例（2）

- **红色业委会** `data/cases/hongse-yeweihui.md`
  - 正文小节：修改 主要做法
- **邻里中心** `data/cases/linli-zhongxin.md`
  - 标签：邻里中心、自我造血 → 邻里中心
  - 正文小节：修改 成效
  - 数据改动：建成的邻里中心 未披露 个 → 建成的邻里中心 2 个

### 删除的案例（1）

- **“3344”党建工作法** `data/cases/3344-dangjian-gongzuofa.md`

### 词表、术语和来源

- 新增标签：邻里互助
- 新增术语：结对帮扶
- 说明有修改的标签：自我造血
- 释义有修改的术语：业委会

### 指向不存在页面的链接（2）

- `data/cases/daode-yinhang-huodong.md` 第 15 行：related（相关案例） “社区剧场” 找不到对应的页面
- `data/cases/hongse-yeweihui.md` 第 24 行：链接 \\[\\[不存在的做法\\]\\] 找不到对应的页面

### 将失效的网址（2）

读者收藏、打印或转发的这些地址将打不开。案例只是改了名或网址名的，在新文件的元数据里加 `previous_slugs: [旧网址名]`；删掉的案例并入了别的案例的，加在那个案例里：

- `library/cases/3344-dangjian-gongzuofa.html`
- `library/cases/shequ-juchang.html`
"""


def test_summary_lists_exactly_the_changes_made(repo: Path, tmp_path: Path, diff: Callable[..., Run]) -> None:
    out = tmp_path / "summary.md"
    result = diff(repo, "--base", "main", "--head", "pr", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "正在读取基准版本" in result.stderr and "改动摘要已写入" in result.stderr
    base = git(repo, "merge-base", "main", "pr").strip()[:8]
    head = git(repo, "rev-parse", "pr").strip()[:8]
    assert out.read_text(encoding="utf-8") == EXPECTED.format(base=base, head=head)


def test_main_moving_on_is_not_the_pull_requests_change(repo: Path, diff: Callable[..., Run]) -> None:
    plain = diff(repo, "--base", "main", "--head", "pr", "--no-merge-base")
    assert plain.returncode == 0, plain.stderr
    # Against main's tip, main's own later edit shows up reversed; against the fork point it does not.
    assert "年份：2019 → （空）" in plain.stdout
    assert "年份" not in diff(repo, "--base", "main", "--head", "pr").stdout


def test_working_tree_is_the_default_head(repo: Path, diff: Callable[..., Run]) -> None:
    edit(repo / "data" / "cases" / "xiaoqu-dangzhibu.md", "unit: 人", "unit: 名")
    try:
        result = diff(repo, "--base", "pr")
        assert result.returncode == 0, result.stderr
        assert "对比：" in result.stdout and "→ 当前工作区" in result.stdout
        assert "数据改动：在职党员 387 人 → 在职党员 387 名" in result.stdout.replace("参与的", "")
        assert "新增 0 个案例，修改 1 个，改名 0 个，删除 0 个。" in result.stdout
    finally:
        git(repo, "checkout", "--", "data")


def test_no_changes_says_so(repo: Path, diff: Callable[..., Run]) -> None:
    result = diff(repo, "--base", "pr", "--head", "pr")
    assert result.returncode == 0
    assert "这次改动没有改变手册内容" in result.stdout


def test_unknown_base_tells_how_to_fix(repo: Path, diff: Callable[..., Run]) -> None:
    result = diff(repo, "--base", "origin/nope")
    assert result.returncode == 2
    assert "找不到提交“origin/nope”" in result.stderr and "git fetch" in result.stderr


def test_help_is_in_chinese() -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "diff", "--help"],
                            capture_output=True, text=True, env=run_env(), cwd=ROOT)
    assert result.returncode == 0 and "基准版本" in result.stdout


def test_figures_are_shown_exactly() -> None:
    from generator.review.summary import number

    assert [number(v) for v in (None, 387, 3.5, 1200.0, 12345678.5, 0.125)] == \
        ["未披露", "387", "3.5", "1200", "12345678.5", "0.125"]
