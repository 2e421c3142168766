"""Published addresses and previous_slugs (generator/addresses.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run


@pytest.fixture
def generate(generate_here: Callable[..., Run]) -> Callable[..., Run]:
    return generate_here


def rename(project: Path, old: str, new: str, *, previous: bool) -> Path:
    """Rename a case file as a contributor does; optionally keep the old slug."""
    cases = project / "data" / "cases"
    target = cases / f"{new}.md"
    (cases / f"{old}.md").rename(target)
    if previous:
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("---\n", f"---\nprevious_slugs: [{old}]\n", 1), encoding="utf-8")
    return target


def publish(project: Path, generate: Callable[..., Run]) -> None:
    result = generate(project, "published")
    assert result.returncode == 0, result.stderr
    assert "共 6 个" in result.stdout


def test_published_list_records_slugs_with_titles(project: Path, generate: Callable[..., Run]) -> None:
    result = generate(project, "published")
    assert result.returncode == 0, result.stderr
    assert "已记入 6 个新网址名，共 6 个 → data/published.txt" in result.stdout
    lines = (project / "data" / "published.txt").read_text(encoding="utf-8").splitlines()
    assert "linli-zhongxin  # 邻里中心" in lines
    again = generate(project, "published")
    assert "已记入 0 个新网址名，共 6 个" in again.stdout


def test_published_list_only_grows(project: Path, generate: Callable[..., Run]) -> None:
    publish(project, generate)
    rename(project, "daode-yinhang", "daode-yinhang-huodong", previous=True)
    result = generate(project, "published")
    assert "已记入 1 个新网址名，共 7 个" in result.stdout
    text = (project / "data" / "published.txt").read_text(encoding="utf-8")
    assert "daode-yinhang  # 道德银行" in text and "daode-yinhang-huodong  # 道德银行" in text


def test_renamed_file_without_previous_slugs_is_an_error_on_that_file(project: Path, generate: Callable[..., Run]) -> None:
    publish(project, generate)
    rename(project, "daode-yinhang", "daode-yinhang-huodong", previous=False)
    result = generate(project, "check")
    assert result.returncode == 1
    assert ("data/cases/daode-yinhang-huodong.md:2: 已发布的网址 library/cases/daode-yinhang.html 将失效："
            "没有案例再使用网址名“daode-yinhang”（本案例以前的网址名是“daode-yinhang”："
            "在元数据里加一行 previous_slugs: [daode-yinhang]，旧网址就会转到本页）") in result.stderr


def test_previous_slugs_keeps_the_address(project: Path, generate: Callable[..., Run]) -> None:
    publish(project, generate)
    # (邻里中心 is also a tag: a case named like a tag keeps the tag's slug, so rename 道德银行)
    rename(project, "daode-yinhang", "daode-yinhang-huodong", previous=True)
    result = generate(project, "check")
    assert result.returncode == 0, result.stderr


def test_changed_slug_line_is_caught_too(project: Path, generate: Callable[..., Run]) -> None:
    publish(project, generate)
    path = project / "data" / "cases" / "hongse-yeweihui.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\nslug: hongse-yzh\n", 1), encoding="utf-8")
    result = generate(project, "check")
    assert result.returncode == 1
    assert "将失效：没有案例再使用网址名“hongse-yeweihui”" in result.stderr


def test_removed_case_points_at_the_list_line(project: Path, generate: Callable[..., Run]) -> None:
    publish(project, generate)
    (project / "data" / "cases" / "3344-dangjian-gongzuofa.md").unlink()
    result = generate(project, "check")
    assert result.returncode == 1
    line = next(n for n, text in enumerate(
        (project / "data" / "published.txt").read_text(encoding="utf-8").splitlines(), start=1)
        if text.startswith("3344-dangjian-gongzuofa"))
    assert f"data/published.txt:{line}: 已发布的网址 library/cases/3344-dangjian-gongzuofa.html 将失效" \
        in result.stderr
    assert f"案例确实要删除的，同时删掉 data/published.txt 的第 {line} 行" in result.stderr


def test_without_a_published_list_nothing_is_required(project: Path, generate: Callable[..., Run]) -> None:
    rename(project, "daode-yinhang", "daode-yinhang-huodong", previous=False)
    assert generate(project, "check").returncode == 0


def test_previous_slug_must_be_a_valid_slug(project: Path, generate: Callable[..., Run]) -> None:
    path = project / "data" / "cases" / "linli-zhongxin.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: 邻里中心\n", "title: 邻里中心\nprevious_slugs: [Linli_Zhongxin]\n"),
                    encoding="utf-8")
    result = generate(project, "check")
    assert result.returncode == 1
    assert "data/cases/linli-zhongxin.md:3: previous_slugs（曾用网址名）“Linli_Zhongxin”不合规" in result.stderr


def test_previous_slug_still_in_use_or_claimed_twice(project: Path, generate: Callable[..., Run]) -> None:
    cases = project / "data" / "cases"
    for name, old in (("linli-zhongxin", "hongse-yeweihui"), ("shequ-juchang", "jiu-juchang"),
                      ("daode-yinhang", "jiu-juchang")):
        text = (cases / f"{name}.md").read_text(encoding="utf-8")
        (cases / f"{name}.md").write_text(text.replace("---\n", f"---\nprevious_slugs: [{old}]\n", 1),
                                          encoding="utf-8")
    result = generate(project, "check")
    assert result.returncode == 1
    assert ("data/cases/linli-zhongxin.md:2: 曾用网址名“hongse-yeweihui”正是 "
            "data/cases/hongse-yeweihui.md 现在的网址名") in result.stderr
    assert ("data/cases/hongse-yeweihui.md:1: 网址名“hongse-yeweihui”是 data/cases/linli-zhongxin.md "
            "以前的网址") in result.stderr
    assert "曾用网址名“jiu-juchang”已写在 data/cases/daode-yinhang.md 里" in result.stderr


def test_published_refuses_on_errors(project: Path, generate: Callable[..., Run]) -> None:
    (project / "data" / "cases" / "linli-zhongxin.md").write_text("---\ntitle: 坏\n---\n", encoding="utf-8")
    result = generate(project, "published")
    assert result.returncode == 1
    assert "没有更新网址清单" in result.stderr
    assert not (project / "data" / "published.txt").exists()


def test_related_by_old_slug_still_resolves(project: Path, generate: Callable[..., Run]) -> None:
    # 社区剧场 is also a tag (a case named like a tag keeps the tag's slug), so rename 道德银行
    rename(project, "daode-yinhang", "daode-yinhang-huodong", previous=True)
    path = project / "data" / "cases" / "shequ-juchang.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nlevel:", "\nrelated: [daode-yinhang]\nlevel:", 1), encoding="utf-8")
    assert generate(project, "check").returncode == 0
    moved = project / "data" / "cases" / "daode-yinhang-huodong.md"
    moved.write_text(moved.read_text(encoding="utf-8").replace("previous_slugs: [daode-yinhang]\n", ""),
                     encoding="utf-8")
    result = generate(project, "check")
    assert "related（相关案例）“daode-yinhang”找不到" in result.stderr


def test_published_list_lines_must_be_slugs(project: Path, generate: Callable[..., Run]) -> None:
    publish(project, generate)
    with (project / "data" / "published.txt").open("a", encoding="utf-8") as f:
        f.write("邻里中心 linli\n")
    result = generate(project, "check")
    assert result.returncode == 1
    assert "data/published.txt:10: “邻里中心 linli”不是合规的网址名" in result.stderr
