"""Word and PDF downloads, read back: the structure of the page must be in the files."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import docx
import pypdf
import pytest
from docx.oxml.ns import qn

from generator import history
from generator.build import build, check
from generator.export import content, pdf, word
from generator.export import files as export_files
from generator.export.files import HANDBOOK_DOCX, HANDBOOK_PDF, case_docx_path
from generator.settings import Settings

from .conftest import FIXTURE_DATA, ROOT


@pytest.fixture(scope="module")
def fixture_library():  # type: ignore[no-untyped-def]
    return check(Settings.for_root(FIXTURE_DATA.parent)).library


@pytest.fixture(scope="module")
def made(fixture_library, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    return export_files(fixture_library, {}, tmp_path_factory.mktemp("cache"))


def _text(paragraph) -> str:  # type: ignore[no-untyped-def]
    return paragraph.text.strip()


def test_blocks_keep_lists_and_bold() -> None:
    blocks = content.blocks("引言，见[[邻里中心|中心]]。\n\n1. **第一步**：做甲\n2. 做乙\n\n中间。\n\n- 要点")
    assert [b.kind for b in blocks] == ["p", "ol", "p", "ul"]
    assert "".join(t for t, _ in blocks[0].items[0]) == "引言，见中心。"
    assert blocks[1].items[0] == (("第一步", True), ("：做甲", False))
    assert len(blocks[1].items) == 2 and blocks[3].items == ((("要点", False),),)


def test_blocks_lay_a_table_out_row_by_row() -> None:
    """A Markdown table in a section becomes one paragraph per row, cells joined by ｜."""
    blocks = content.blocks("说明。\n\n| 项目 | 数量 |\n|---|---|\n| 楼栋 | 12 |\n")
    assert [(b.kind, b.items) for b in blocks] == [
        ("p", ((("说明。", False),),)), ("p", ((("项目｜数量", False),),)), ("p", ((("楼栋｜12", False),),))]
    made = word.case_docx(content.CaseContent("x", "表格", (), (("层级", "社区"),), (("做法", blocks),), (), ()))
    assert "楼栋｜12" in [_text(p) for p in docx.Document(io.BytesIO(made)).paragraphs]


def test_each_case_as_word(fixture_library, made: dict[str, bytes]) -> None:  # type: ignore[no-untyped-def]
    for case in fixture_library.cases:
        doc = docx.Document(io.BytesIO(made[case_docx_path(case.slug)]))
        paras = doc.paragraphs
        assert paras[0].style.name == "Title" and _text(paras[0]) == case.title
        headings = [_text(p) for p in paras if p.style.name == "Heading 1"]
        assert headings == [t for t in ("概要", "背景与问题", "主要做法", "成效", "经验启示", "局限与风险")
                            if t in case.sections] + ["资料来源"]
        facts = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
        assert facts["层级"] == case.level and facts["类别"] == "、".join(case.categories)
        assert facts["年份"] == (str(case.year) if case.year else "年份未披露")
        if case.figures:
            rows = [[c.text for c in r.cells] for r in doc.tables[1].rows]
            assert rows[0] == ["统计内容", "数值", "单位"]
            assert [r[0] for r in rows[1:]] == [f.what for f in case.figures]
            assert [r[1] for r in rows[1:]] == [content.figure_value(f.value) for f in case.figures]
        else:
            assert len(doc.tables) == 1
        steps = [line for line in case.sections["主要做法"].splitlines() if re.match(r"\d+\. ", line)]
        numbered = [p.text for p in paras if re.match(r"\d+\. ", p.text)]
        assert len(numbered) == len(steps)
        first = re.sub(r"^\d+\.\s*|\*\*|\[\[|\]\]", "", steps[0])
        assert re.sub(r"\s", "", first)[:6] in re.sub(r"\s", "", numbered[0])
        sources = [_text(p) for p in paras if p.style.name == "List Bullet"]
        assert sources[-len(case.sources):] == [
            fixture_library.source_by_id[r.source].title + (f"，{r.passage}" if r.passage else "")
            for r in case.sources]


def test_word_styles_name_chinese_fonts(made: dict[str, bytes]) -> None:
    doc = docx.Document(io.BytesIO(made[HANDBOOK_DOCX]))
    for name, font in (("Normal", "宋体"), ("Heading 1", "黑体"), ("Heading 2", "黑体"), ("Title", "黑体")):
        fonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == font, name
        assert fonts.get(qn("w:eastAsiaTheme")) is None, name


def test_handbook_word_has_contents_chapters_and_page_numbers(fixture_library, made) -> None:  # type: ignore[no-untyped-def]
    doc = docx.Document(io.BytesIO(made[HANDBOOK_DOCX]))
    xml = doc.element.xml
    assert 'TOC \\o "1-1"' in xml
    assert doc.settings.element.find(qn("w:updateFields")) is not None
    chapters = [_text(p) for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert chapters == [c.title for c in fixture_library.cases]
    texts = [_text(p) for p in doc.paragraphs]
    start = texts.index("目录") + 1  # the field's shown result lists the chapters before any update
    assert texts[start:start + len(chapters)] == chapters
    assert " PAGE " in doc.sections[0].footer._element.xml


def test_files_are_deterministic_and_cached(fixture_library, tmp_path: Path,  # type: ignore[no-untyped-def]
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    first = export_files(fixture_library, {}, tmp_path)
    def refuse(*args: object) -> bytes:
        raise AssertionError("made again although nothing changed")
    monkeypatch.setattr(word, "case_docx", refuse)
    monkeypatch.setattr(word, "handbook_docx", refuse)
    monkeypatch.setattr(pdf, "handbook_pdf", refuse)
    assert export_files(fixture_library, {}, tmp_path) == first


def test_handbook_pdf_contents_page_numbers_bookmarks(fixture_library, made) -> None:  # type: ignore[no-untyped-def]
    reader = pypdf.PdfReader(io.BytesIO(made[HANDBOOK_PDF]))
    titles = [c.title for c in fixture_library.cases]
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == titles
    children = [item for item in reader.outline if isinstance(item, list)]
    assert [c.title for c in children[0]][:2] == ["概要", "背景与问题"]
    contents = reader.pages[0].extract_text()
    assert "目录" in contents
    pages = [reader.get_destination_page_number(item) + 1 for item in top]
    assert all(title in contents for title in titles)
    # the contents list the page each bookmark points to (dot leaders, then the number)
    assert sorted(int(n) for n in re.findall(r"\.\s*(\d+)", contents)) == sorted(pages)
    for title, page in zip(titles, pages):
        assert title in reader.pages[page - 1].extract_text(), title
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert f"第 {number} 页" in text
        assert "\u2022" not in text and "\u00b7" not in text  # no glyph in STSong-Light: drawn as boxes


def test_build_links_the_downloads(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    result = build(Settings.for_root(tmp_path, exports=True))
    assert (tmp_path / "docs/library" / HANDBOOK_PDF).read_bytes().startswith(b"%PDF")
    assert "downloads/cases/linli-zhongxin.docx" in result.pages["cases/linli-zhongxin.md"]
    assert "library/downloads/handbook.pdf" in result.pages["_home.md"]
    assert "(downloads/handbook.pdf)" in result.pages["print.md"]
    plain = build(Settings.for_root(tmp_path))  # exports off: no links, files removed
    assert "downloads/" not in plain.pages["cases/linli-zhongxin.md"]
    assert "downloads/" not in plain.pages["print.md"]
    assert not (tmp_path / "docs/library" / HANDBOOK_PDF).exists()


def test_real_library_word_keeps_every_figure() -> None:
    library = check(Settings.for_root(ROOT)).library
    case = next(c for c in library.cases if len(c.figures) >= 3)
    data = word.case_docx(content.case_content(case, library), dt.date(2026, 1, 1))
    table = docx.Document(io.BytesIO(data)).tables[1]
    assert [(r.cells[0].text, r.cells[1].text, r.cells[2].text) for r in table.rows[1:]] == [
        (f.what, content.figure_value(f.value), f.unit) for f in case.figures]
    assert history.newest({}, {}) == []


@pytest.mark.browser  # needs poppler-utils, installed by `make browser`
def test_pdf_pages_render(made: dict[str, bytes], tmp_path: Path) -> None:
    import subprocess

    from PIL import Image

    source = tmp_path / "handbook.pdf"
    source.write_bytes(made[HANDBOOK_PDF])
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "2", "-png", str(source),
                    str(tmp_path / "page")], check=True, capture_output=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    for path in pages:
        image = Image.open(path).convert("L")
        width, height = image.size
        dark = [(x, y) for x in range(width) for y in range(height)
                if image.getpixel((x, y)) < 128]
        assert len(dark) > 200, path.name  # text was drawn, not empty pages or missing glyph boxes only
        assert any(y < height * 0.2 for _, y in dark), path.name  # heading at the top
        assert any(y > height * 0.9 for _, y in dark), path.name  # page number in the footer


def test_hostile_text_is_carried_as_text(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    for path in (ROOT / "tests" / "hostile").glob("*.md"):
        shutil.copy(path, tmp_path / "data" / "cases" / path.name)
    # (control characters never get this far: check refuses them, tests/broken/control-*.md)
    result = check(Settings.for_root(tmp_path))
    assert not result.problems.errors, result.problems.errors
    library = result.library
    made = export_files(library, {}, None)
    title = "<img src=x onerror=alert('title')>标题"
    doc = docx.Document(io.BytesIO(made[case_docx_path("e-yi-biaoti")]))
    assert doc.paragraphs[0].text == title
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(made[case_docx_path("e-yi-zhengwen")])).paragraphs)
    assert "<script>" not in body and "正文里夹带脚本" in body
    reader = pypdf.PdfReader(io.BytesIO(made[HANDBOOK_PDF]))
    assert title in [item.title for item in reader.outline if not isinstance(item, list)]
