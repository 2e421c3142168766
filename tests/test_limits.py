"""Limits on raw input: fast, linear, before YAML or Markdown (generator/limits.py)."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import Settings, check
from generator.errors import Problems
from generator.limits import MAX_LINE, body_text, meta_values, yaml_text

from .conftest import FIXTURE_DATA

CASE = (FIXTURE_DATA / "cases" / "linli-zhongxin.md").read_text("utf-8")


def test_yaml_100000_deep_is_refused_without_recursion() -> None:
    text = "actors:\n" + "  [\n" * 100_000
    problems = Problems()
    start = time.perf_counter()
    assert yaml_text(text, "x.md", 2, problems) is False
    assert time.perf_counter() - start < 2
    assert [str(e) for e in problems.errors] == [
        "x.md:10: 元数据嵌套太深（超过 8 层）（按模板写：字段下面最多是列表和 what/value/unit 这样的一层）"]


def test_alias_bomb_costs_nothing() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(20))
    problems = Problems()
    start = time.perf_counter()
    assert yaml_text(bomb, "x.md", 2, problems) is False
    assert time.perf_counter() - start < 0.5
    assert "不能用 YAML 锚点 &a" in str(problems.errors[0]) and problems.errors[0].line == 2


def test_text_that_only_looks_like_an_anchor_is_fine() -> None:
    problems = Problems()
    assert yaml_text("title: 党建&治理\nactors: [A & B, \"*重点*\"]\n", "x.md", 2, problems)
    assert problems.items == []


def test_300000_hashes_are_refused_fast(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    path = tmp_path / "data" / "cases" / "hashes.md"
    own = CASE.replace("title: 邻里中心", "title: 井号").replace("aliases: [小区邻里中心]", "aliases: []")
    for count, wanted in ((300_000, "文件太大"), (MAX_LINE + 1, "正文这一行太长"), (MAX_LINE - 1, None)):
        path.write_text(own.replace("## 背景与问题", "#" * count + "\n\n## 背景与问题"), "utf-8")
        start = time.perf_counter()
        result = check(Settings.for_root(tmp_path))
        assert time.perf_counter() - start < 5
        mine = [str(e) for e in result.problems.errors if e.path == "data/cases/hashes.md"]
        assert (wanted in mine[0]) if wanted else mine == [], (count, mine)


def test_fenced_code_is_not_checked_for_markdown_but_snippets_are() -> None:
    problems = Problems()
    assert body_text("```\n> > > > > > > > x\n[a](javascript:x)\n```\n", "x.md", 10, problems)
    assert not body_text("```\n--8<-- \"a\"\n```\n", "x.md", 10, problems)
    assert problems.errors[0].line == 11


def test_a_declaration_html_cannot_read_is_a_located_problem(tmp_path: Path) -> None:
    """``<![1`` made Python's HTML parser raise, and the check stop with a traceback: now the file
    and line, and nothing else of the library is lost."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    path = tmp_path / "data" / "cases" / "decl.md"
    own = CASE.replace("title: 邻里中心", "title: 声明").replace("aliases: [小区邻里中心]", "aliases: []")
    path.write_text(own.replace("## 背景与问题", "<![1 什么\n\n## 背景与问题"), "utf-8")
    result = check(Settings.for_root(tmp_path))
    mine = [e for e in result.problems.errors if e.path == "data/cases/decl.md"]
    line = path.read_text("utf-8").splitlines().index("<![1 什么") + 1
    assert [(e.line, "无法识别的 HTML" in e.message) for e in mine] == [(line, True)]
    assert len(result.library.cases) == len(check(Settings.for_root(FIXTURE_DATA.parent)).library.cases)


def test_ordinary_markdown_passes() -> None:
    body = ("## 概要\n\n一段**文字**，[政府网站](https://www.gov.cn/)，<mailto:a@b.cn>。\n\n"
            "1. 第一\n   - 子项\n     - 孙项\n\n> 引用\n\n---\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n")
    problems = Problems()
    assert body_text(body, "x.md", 10, problems), [str(e) for e in problems.items]


def test_dates_relative_to_today() -> None:
    problems = Problems()
    today = dt.date(2026, 12, 2)
    meta_values({"reviewed": dt.date(2026, 12, 2)}, lambda *p: 3, "x.md", problems, today=today)
    assert problems.items == []
    meta_values({"reviewed": dt.date(2026, 12, 3)}, lambda *p: 3, "x.md", problems, today=today)
    assert str(problems.errors[0]) == ("x.md:3: reviewed（日期）2026-12-03 在今天之后"
                                       "（写实际核对或成文的日期，不能是将来）")


def test_real_library_is_within_every_limit() -> None:
    root = Path(__file__).resolve().parent.parent
    result = check(Settings.for_root(root))
    assert [str(e) for e in result.problems.items] == []


@settings(max_examples=600, deadline=None)
@given(st.lists(st.text(" \t>*+=-#1０.){}[]()<>!:ab业", max_size=16), max_size=12))
@example(["业委会", "===", "- a", "  - b", "[x](javascript:1)", "<a href=x>", "{: .c}"])
@example(["> > > > > > > > 深"])
@example(["", "---"])
@example([" " * 24 + "- 深", " " * 23 + "- 浅", " " * 8 + "> " * 5 + "深"])
@example(["1) 2) 3) 4) 5) 6) 7) 深", "1. 2. 3. 4. 5. 6. 七"])
@example(["a", " =", "b", "   ---  ", "    ---"])
def test_a_body_without_fences_is_checked_as_line_by_line(lines: list[str]) -> None:
    """The scan of a body with no code fence and no snippet finds the problems, lines and all,
    that checking each line does (limits._body_lines, the way for bodies with fences)."""
    from generator import limits

    body = "\n".join(lines)
    fast, slow = Problems(), Problems()
    assert body_text(body, "x.md", 10, fast) == limits._body_lines(body, "x.md", 10, slow)
    assert [(p.line, p.message) for p in fast.items] == [(p.line, p.message) for p in slow.items]
