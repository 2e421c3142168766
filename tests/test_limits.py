"""Limits on raw input: fast, linear, before YAML or Markdown (generator/limits.py)."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

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
