"""Names unique as a reader sees them; one generated file per page (generator/names.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import Settings, check, pinyin
from generator.build import build
from generator.names import RESERVED, invisible, page_paths, reader_form
from generator.render import Site, render

from .conftest import FIXTURE_DATA


@pytest.mark.parametrize("a, b", [
    ("邻里中心", "鄰里中心"),          # Traditional
    ("“3344”党建", "“３３４４”党建"),  # full width
    ("邻里中心", "邻里\u200b中心"),    # zero-width space
    ("邻里中心", "邻里\u2066中心\u2069"),  # bidi isolate
    ("ABC社区", "abc社区"),
    ("邻里 中心", "邻里\u3000中心"),
])
def test_reader_form_equates_what_looks_the_same(a: str, b: str) -> None:
    assert reader_form(a) == reader_form(b)


def test_reader_form_keeps_different_names_apart() -> None:
    assert reader_form("公益") != reader_form("工艺")
    assert reader_form("邻里中心") != reader_form("邻里中心站")


@pytest.mark.parametrize("name", ["\u200b", "a\u202eb", "\u3164", "x\x00", "\ufeffx", "a\u2028b"])
def test_invisible_characters_are_named(name: str) -> None:
    assert invisible(name)


def _vocab_project(tmp_path: Path, extra_tags: str) -> Path:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    tags = tmp_path / "data" / "vocab" / "tags.yml"
    tags.write_text(tags.read_text("utf-8") + extra_tags, "utf-8")
    return tmp_path


def test_homophone_and_reserved_tags_get_their_own_pages(tmp_path: Path) -> None:
    root = _vocab_project(tmp_path, "- name: 公益\n  description: 甲\n- name: 工艺\n  description: 乙\n"
                                    "- name: index\n  description: 丙\n")
    case = root / "data" / "cases" / "linli-zhongxin.md"
    case.write_text(case.read_text("utf-8").replace("tags: [", "tags: [公益, 工艺, index, "), "utf-8")
    result = build(Settings.for_root(root))
    slugs = {t.name: t.slug for t in result.library.tags}
    assert pinyin.slug("公益") == pinyin.slug("工艺") == "gongyi"
    assert slugs["公益"] == "gongyi" and slugs["工艺"] == "gongyi-2"
    assert slugs["index"] == "index-2" and "index" in RESERVED
    for name in ("公益", "工艺", "index"):
        page = (root / "docs" / "library" / "tags" / f"{slugs[name]}.md").read_text("utf-8")
        assert name in page
    assert "index" in (root / "docs" / "library" / "tags" / "index.md").read_text("utf-8")


def test_no_generated_file_is_written_twice(tmp_path: Path) -> None:
    """render() keys pages by path, so a second write would silently replace the first:
    every page it writes must be planned exactly once by page_paths()."""
    root = _vocab_project(tmp_path, "- name: 公益\n  description: 甲\n- name: 工艺\n  description: 乙\n")
    case = root / "data" / "cases" / "linli-zhongxin.md"
    case.write_text(case.read_text("utf-8").replace("tags: [", "tags: [公益, 工艺, "), "utf-8")
    result = check(Settings.for_root(root))
    assert result.problems.errors == []
    planned = page_paths(result.library)
    assert len(planned) == len(set(planned))
    pages = render(result.library, result.graph, Site())
    assert set(pages) <= set(planned)
    used = {f"tags/{t.slug}.md" for t in result.library.tags if t.name in result.graph.by_tag}
    assert {"tags/gongyi.md", "tags/gongyi-2.md"} <= used <= set(pages)
    assert {f"cases/{c.slug}.md" for c in result.library.cases} <= set(pages)


def test_real_library_pages_are_unique() -> None:
    root = Path(__file__).resolve().parent.parent
    result = check(Settings.for_root(root))
    paths = page_paths(result.library)
    assert len(paths) == len(set(paths)) and result.problems.errors == []


def test_case_and_glossary_term_with_the_same_slug_are_one_thing(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    source = (FIXTURE_DATA / "cases" / "linli-zhongxin.md").read_text("utf-8")
    (tmp_path / "data" / "cases" / "yeweihui.md").write_text(
        source.replace("title: 邻里中心", "title: 业委会").replace("aliases: [小区邻里中心]", "aliases: []"), "utf-8")
    assert [str(e) for e in check(Settings.for_root(tmp_path)).problems.errors] == []
    (tmp_path / "data" / "cases" / "yeweihui.md").rename(tmp_path / "data" / "cases" / "e-yi.md")
    errors = [str(e) for e in check(Settings.for_root(tmp_path)).problems.errors]
    assert errors == ["data/cases/e-yi.md:2: 名称“业委会”与术语表的术语“业委会”（data/glossary/yeweihui.md）相同"
                      "（[[链接]]和搜索会分不清是哪一个；请改用更具体的名称（确实是同一件事时，让案例和它用同一个网址名））"]


def test_glossary_file_named_index_is_refused(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    shutil.copy(FIXTURE_DATA / "glossary" / "yeweihui.md", tmp_path / "data" / "glossary" / "index.md")
    (tmp_path / "data" / "glossary" / "yeweihui.md").unlink()
    errors = [str(e) for e in check(Settings.for_root(tmp_path)).problems.errors]
    assert any(e.startswith("data/glossary/index.md:1: 网址名“index”是保留名称") for e in errors)


def test_glossary_terms_that_look_the_same_are_refused(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    text = (FIXTURE_DATA / "glossary" / "yeweihui.md").read_text("utf-8")
    (tmp_path / "data" / "glossary" / "ye-wei-hui.md").write_text(
        text.replace("term: 业委会", "term: 業委會").replace("aliases: [业主委员会]", "aliases: [\u200b]"), "utf-8")
    errors = [str(e) for e in check(Settings.for_root(tmp_path)).problems.errors]
    assert any("术语名称“業委會”与 data/glossary/yeweihui.md 的“业委会”在读者看来相同" in e
               for e in errors), errors
    assert any(e.startswith("data/glossary/ye-wei-hui.md:1: 术语名称“\u200b”中有看不见的字符 U+200B")
               for e in errors), errors
