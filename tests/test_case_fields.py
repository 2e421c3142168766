"""Optional case fields: 资料有限, hidden places, sector, implementing body, honours."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import Settings, build, check
from generator.places import HIDDEN, is_hidden

from .conftest import FIXTURE_DATA, ROOT, generate


def _fixture(tmp_path: Path, extra: str = "", region: str = "") -> Settings:
    """Fixture library with *extra* front matter (and *region*) added to 邻里中心."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    shutil.copy(ROOT / "data" / "vocab" / "sectors.yml", tmp_path / "data" / "vocab" / "sectors.yml")
    case = tmp_path / "data" / "cases" / "linli-zhongxin.md"
    case.write_text(case.read_text("utf-8").replace("level: 社区村\n", f"{region}level: 社区村\n{extra}"), "utf-8")
    return Settings.for_root(tmp_path)


@pytest.mark.parametrize(("name", "hidden"), [
    ("x社区", True), ("xx市", True), ("XX县区", True), ("×街道", True), ("X贤社区", True),
    ("狮城社区", False), ("方正区", False), ("小关社区", False)])
def test_placeholder_places(name: str, hidden: bool) -> None:
    assert is_hidden(name) is hidden


def test_hidden_places_are_not_shown_as_names(tmp_path: Path) -> None:
    pages = build(_fixture(tmp_path, region="region:\n  city: xx市\n  street: xx街道\n")).pages
    assert f"- **地区**：[{HIDDEN}](../regions.md#未披露原文隐去)" in pages["cases/linli-zhongxin.md"]
    regions = pages["regions.md"]
    assert "xx市" not in regions and "X市" not in regions
    assert f"## {HIDDEN}" in regions and "## 狮城社区" in regions
    assert regions.index("## 狮城社区") < regions.index(f"## {HIDDEN}")


def test_partly_hidden_place_shows_the_named_part(tmp_path: Path) -> None:
    pages = build(_fixture(tmp_path, region="region:\n  district: xx区\n  community: 小关社区\n")).pages
    assert "- **地区**：[小关社区（区县名称原文隐去）](../regions.md#小关社区)" in pages["cases/linli-zhongxin.md"]


def test_limited_case_says_so_on_its_page(tmp_path: Path) -> None:
    result = build(_fixture(tmp_path, "limited: true\n"))
    assert result.library.case("linli-zhongxin").limited is True
    page = result.pages["cases/linli-zhongxin.md"]
    assert '!!! warning "资料有限"' in page
    assert page.index("资料有限") < page.index("## 概要")
    assert "!!! warning" not in result.pages["cases/shequ-juchang.md"]
    tag_page = result.pages["tags/linli-zhongxin.md"]
    assert "[邻里中心](../cases/linli-zhongxin.md)（资料有限）" in tag_page


def test_short_case_not_marked_limited_gets_advice(tmp_path: Path) -> None:
    plain = generate(_fixture(tmp_path / "plain").root, "check")
    assert plain.returncode == 0
    assert "data/cases/linli-zhongxin.md:19: 警告：正文只有 72 字（少于 400 字）（来源确实只简短提及" in plain.stderr
    marked = generate(_fixture(tmp_path / "marked", "limited: true\n").root, "check")
    assert "linli-zhongxin.md:20: 警告：正文只有" not in marked.stderr
    assert "shequ-juchang.md:15: 警告：正文只有" in marked.stderr


def test_sector_implementer_honours_in_facts(tmp_path: Path) -> None:
    extra = ("sector: [社区]\nimplementer: 社区党委\nhonours:\n  - what: 疫情防控先进党组织\n"
             "    who: X社区党委\n    by: 区委组织部\n")
    result = build(_fixture(tmp_path, extra))
    case = result.library.case("linli-zhongxin")
    assert case.sector == ("城市社区",) and case.implementer == "社区党委"
    assert case.honours[0].by == "区委组织部" and case.honours[0].round == ""
    page = result.pages["cases/linli-zhongxin.md"]
    assert "- **领域**：城市社区" in page
    assert "- **实施主体**：社区党委" in page
    assert "- **荣誉评选**：X社区党委（区委组织部评选）：“疫情防控先进党组织”" in page


@pytest.mark.parametrize(("extra", "line", "message"), [
    ("sector: [街道]\n", 5, "未知的领域“街道”（sector）"),
    ("honours: 先进\n", 5, "honours（荣誉评选）应当是列表"),
    ("honours:\n  - who: X社区\n", 6, "honours（荣誉评选）第 1 项缺少 what（称号或评选）"),
    ("honours:\n  - what: 先进\n    year: 2019\n", 7, "honours（荣誉评选）第 1 项有未知的“year”"),
    ("limited: 是\n", 5, "limited 只能是 true 或 false"),
])
def test_field_mistakes_are_located(tmp_path: Path, extra: str, line: int, message: str) -> None:
    errors = [str(e) for e in check(_fixture(tmp_path, extra)).problems.errors]
    assert any(e.startswith(f"data/cases/linli-zhongxin.md:{line}: {message}") for e in errors), errors
