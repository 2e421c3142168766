"""A case's year is when the practice happened, never a web page's stamp (generator/dates.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator import Settings, build, check
from generator.dates import published_year, year_note

from .conftest import FIXTURE_DATA

ROOT = Path(__file__).resolve().parent.parent


def _stamped_fixture(tmp_path: Path, year: str = "") -> Settings:
    """Fixture library whose only source states no date but has a 2020 publication stamp."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    src = tmp_path / "data" / "sources" / "ceshi-laiyuan.md"
    src.write_text(src.read_text("utf-8").replace("date: 2020-10-22", "published: 2020-10-22"), "utf-8")
    fixture_case = tmp_path / "data" / "cases" / "daode-yinhang.md"  # the fixture's only year
    fixture_case.write_text(fixture_case.read_text("utf-8").replace("year: 2020\n", ""), "utf-8")
    if year:
        case = tmp_path / "data" / "cases" / "linli-zhongxin.md"
        case.write_text(case.read_text("utf-8").replace("level: 社区村\n", f"level: 社区村\nyear: {year}\n"),
                        "utf-8")
    return Settings.for_root(tmp_path)


def test_publication_year_is_shown_as_such_not_as_the_year(tmp_path: Path) -> None:
    pages = build(_stamped_fixture(tmp_path)).pages
    case = pages["cases/linli-zhongxin.md"]
    assert "- **年份**：年份未披露（资料发布于 2020 年）" in case
    assert "[2020](../years.md" not in case
    assert "## 2020" not in pages["years.md"]
    assert r"- **发布日期**：2020\-10\-22（网页标注）" in pages["sources/ceshi-laiyuan.md"]
    assert "- **日期**：原文未注明" in pages["sources/ceshi-laiyuan.md"]


def test_year_equal_to_the_stamp_only_warns(tmp_path: Path) -> None:
    result = check(_stamped_fixture(tmp_path, "2020"))
    assert [str(w) for w in result.problems.warnings] == [
        "data/cases/linli-zhongxin.md:5: 警告：year（年份）2020 只见于来源网页的发布时间"
        "（年份只写来源正文写明做法发生的年份；正文没有写明就删掉这一行）"]


def test_a_stated_year_is_kept(tmp_path: Path) -> None:
    pages = build(_stamped_fixture(tmp_path, "2019")).pages
    assert "- **年份**：[2019](../years.md#2019)" in pages["cases/linli-zhongxin.md"]
    assert "## 2019" in pages["years.md"]


def test_real_library_takes_no_year_from_a_page_stamp() -> None:
    result = check(Settings.for_root(ROOT))
    stamped = {s.id for s in result.library.sources if s.published and not s.date}
    assert stamped == {"chengshi-jiceng-zuotanhui"}
    from_stamped = [c for c in result.library.cases if any(r.source in stamped for r in c.sources)]
    assert len(from_stamped) >= 7
    assert [c.slug for c in from_stamped if c.year is not None] == []
    assert not [w for w in result.problems.warnings if w.field == "year"]


def test_no_publication_note_when_another_source_is_undated() -> None:
    result = check(Settings.for_root(ROOT))

    library = result.library
    assert published_year(library.case("daode-riji"), library) == 2020
    linli = library.case("linli-zhongxin")  # also drawn from the undated 观摩讲评 speech
    assert {r.source for r in linli.sources} == {"jiedao-guanmo-jiangping", "chengshi-jiceng-zuotanhui"}
    assert published_year(linli, library) is None and year_note(linli, library) == "年份未披露"
