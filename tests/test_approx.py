"""Approximate figures keep the source's qualifier (generator/approx.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import Settings, check
from generator.approx import as_written, parse, stray
from generator.model import Figure

from .conftest import FIXTURE_DATA


@pytest.mark.parametrize(("value", "unit", "approx", "text"), [
    (30, "场次", ("多",), "30 多场次"),
    (3000, "名", ("近", "多"), "近 3000 多名"),
    (4, "万元", ("约", "余"), "约 4 万余元"),
    (7, "万元", ("余",), "7 万余元"),
    (300, "平方米", ("多",), "300 多平方米"),
    (2, "人", ("不少于",), "不少于 2 人"),
    (387, "人", (), "387 人"),
    (3.5, "%", ("约",), "约 3.5%"),
    (None, "人", ("多",), "未披露"),
])
def test_as_written(value: float | None, unit: str, approx: tuple[str, ...], text: str) -> None:
    assert as_written(Figure("x", value, unit, approx), "未披露") == text


@pytest.mark.parametrize(("raw", "qualifiers", "rest"), [
    ("多", ("多",), ""),
    ("约余", ("约", "余"), ""),
    ("余 约", ("约", "余"), ""),
    ("约、余", ("约", "余"), ""),
    (["近", "多"], ("近", "多"), ""),
    ("不少于", ("不少于",), ""),
    ("大概", (), "大概"),
    (None, (), ""),
])
def test_parse(raw: object, qualifiers: tuple[str, ...], rest: str) -> None:
    assert parse(raw) == (qualifiers, rest)


@pytest.mark.parametrize(("label", "found"), [
    ("资助资金（原文为“约4万余元”）", "原文为"),
    ("活动队伍50多支", "50多"),
    ("参加的党员近3000名", "近3000"),
    ("连续奋战X多天", "X多"),
    ("具体从事党务工作的人员不少于", "不少于"),
    ("参与的在职党员", None),
    ("签约的驻区单位", None),      # 约 without a number is an ordinary word
    ("多个小区的党员", None),
    ("附近的居民", None),
])
def test_stray(label: str, found: str | None) -> None:
    assert stray(label) == found


def _library_with(tmp_path: Path, figure: str) -> list[str]:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    case = tmp_path / "data" / "cases" / "linli-zhongxin.md"
    text = case.read_text("utf-8").replace(
        "  - what: 建成的邻里中心\n    value: 未披露\n    unit: 个\n", figure)
    case.write_text(text, "utf-8")
    result = check(Settings.for_root(tmp_path))
    assert result.problems.errors == []
    return [str(w) for w in result.problems.warnings]


def test_qualifier_in_label_warns_at_its_line(tmp_path: Path) -> None:
    warnings = _library_with(tmp_path, "  - what: 建成的邻里中心（原文为“30多个”）\n    value: 30\n    unit: 个\n")
    assert warnings == ["data/cases/linli-zhongxin.md:9: 警告：数据“建成的邻里中心（原文为“30多个”）”的 what 里"
                        "写了约数“原文为”（约数用词写在 approx（例如 approx: 多），what 只写统计什么）"]


def test_qualifier_in_approx_is_clean_and_kept(tmp_path: Path) -> None:
    assert _library_with(tmp_path, "  - what: 建成的邻里中心\n    value: 30\n    unit: 个\n    approx: 多\n") == []
    result = check(Settings.for_root(tmp_path))
    fig = result.library.case("linli-zhongxin").figures[0]
    assert (fig.value, fig.approx) == (30, ("多",))


def test_real_library_has_no_bare_approximate_figure() -> None:
    """Every figure of data/cases keeps its qualifier: no warning about one left in a label."""
    result = check(Settings.for_root(Path(__file__).resolve().parent.parent))
    assert [str(w) for w in result.problems.warnings if "约数" in w.message] == []
    approximate = [f for c in result.library.cases for f in c.figures if f.approx]
    assert len(approximate) >= 8
