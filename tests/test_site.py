"""``mkdocs build --strict`` on the fixture project: pages exist and every link resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT, generate, make_project, mkdocs_build
from .crawl import broken_links, external_links

pytestmark = pytest.mark.build  # runs a full MkDocs build: not in make test-fast


def test_expected_pages_exist(built_site: Path) -> None:
    for rel in ("index.html", "library/az.html", "library/cases/linli-zhongxin.html",
                "library/tags/index.html", "library/tags/linli-zhongxin.html",
                "library/categories/zhendi-jianshe.html", "library/regions.html",
                "library/years.html", "library/levels.html", "library/glossary/san-hui-yi-ke.html",
                "library/sources/ceshi-laiyuan.html", "library/writing-guide.html",
                "about.html", "contributing.html"):
        assert (built_site / rel).is_file(), rel
    assert not (built_site / "library" / "_home.html").exists()


def test_no_broken_internal_links_or_anchors(built_site: Path) -> None:
    assert broken_links(built_site) == []


def test_nothing_is_loaded_from_outside(built_site: Path) -> None:
    assert external_links(built_site) == []
    home = (built_site / "index.html").read_text("utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


def test_home_shows_counts_and_ways_in(built_site: Path) -> None:
    home = (built_site / "index.html").read_text("utf-8")
    assert "<strong>6</strong> 个案例" in home
    assert 'href="library/az.html"' in home


def test_case_page_structure(built_site: Path) -> None:
    html = (built_site / "library/cases/linli-zhongxin.html").read_text("utf-8")
    order = [html.index(f'id="{h}"') for h in ("概要", "背景与问题", "主要做法", "成效", "经验启示", "资料来源")]
    assert order == sorted(order)
    assert 'href="../tags/linli-zhongxin.html"' in html
    assert 'href="../levels.html#社区村"' in html
    assert 'id="_1"' not in html  # readable anchors, not _1, _2


def test_az_is_in_pinyin_order(built_site: Path) -> None:
    html = (built_site / "library/az.html").read_text("utf-8")
    titles = ["道德银行", "红色业委会", "邻里中心", "社区剧场", "小区党支部", "“3344”党建工作法"]
    positions = [html.index(f">{t}</a>") for t in titles]
    assert positions == sorted(positions)


def test_failed_generation_keeps_previous_output(project: Path) -> None:
    assert generate(project, "build").returncode == 0
    before = {p: p.read_bytes() for p in (project / "docs/library").rglob("*.md")}
    bad = project / "data/cases/linli-zhongxin.md"
    bad.write_text(bad.read_text("utf-8").replace("level: 社区村", "level: 村"), "utf-8")
    result = generate(project, "build")
    assert result.returncode == 1
    assert "data/cases/linli-zhongxin.md:4: 未知的层级“村”" in result.stderr
    assert "原有输出未改动" in result.stderr
    assert {p: p.read_bytes() for p in (project / "docs/library").rglob("*.md")} == before


def test_removed_case_disappears_and_hand_written_docs_stay(project: Path) -> None:
    assert generate(project, "build").returncode == 0
    about = (project / "docs/about.md").read_bytes()
    (project / "data/cases/shequ-juchang.md").unlink()
    text = (project / "data/cases/daode-yinhang.md").read_text("utf-8")
    (project / "data/cases/daode-yinhang.md").write_text(text.replace("related: [社区剧场]\n", ""), "utf-8")
    assert generate(project, "build").returncode == 0, generate(project, "check").stderr
    assert not (project / "docs/library/cases/shequ-juchang.md").exists()
    assert (project / "docs/about.md").read_bytes() == about
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    assert broken_links(project / "site") == []


@pytest.mark.parametrize("offline", [False, True])
def test_real_library_builds_with_no_broken_links(tmp_path: Path, offline: bool) -> None:
    """The handbook in data/ itself: strict build, every link and anchor resolves."""
    root = make_project(tmp_path / "project", ROOT / "data")
    assert generate(root, "build").returncode == 0
    env_extra = {"OFFLINE": "true"} if offline else {}
    built = mkdocs_build(root, env=env_extra)
    assert built.returncode == 0, built.stderr
    assert broken_links(root / "site") == []
    cases = list((root / "site/library/cases").glob("*.html"))
    assert len(cases) >= 45
    for page in cases:  # every case offers a way onward to another case
        html = page.read_text("utf-8")
        if 'http-equiv="refresh"' in html:
            continue   # the old address of a renamed case only forwards to the new one
        onward = html.split('id="延伸阅读"')[1] if 'id="延伸阅读"' in html else ""
        assert re.search(r'<a href="[a-z0-9-]+\.html">', onward), page.name


def _mkdocs_list(name: str) -> list[str]:
    """The lines of a block option (``not_in_nav: |`` …) of mkdocs.yml."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    block = re.search(rf"^{name}: \|\n((?:  .*\n)+)", text, re.M)
    assert block, name
    return [line.strip() for line in block[1].splitlines() if line.strip()]


def test_mkdocs_yml_names_what_the_generator_writes(tmp_path: Path) -> None:
    """mkdocs.yml cannot import the generator, so the names it repeats are held to the
    generator's: the folders kept out of the sidebar are exactly the folders of generated
    pages, the excluded snippet is the home snippet, and every nav entry under the generated
    folder is a page the generator writes."""
    from generator import Settings, build
    from generator.site import GENERATED_DIR, HOME_SNIPPET

    root = make_project(tmp_path / "project")
    pages = build(Settings.for_root(root)).pages
    folders = {rel.split("/")[0] for rel in pages if "/" in rel and rel.endswith(".md")} - {"search"}
    assert set(_mkdocs_list("not_in_nav")) == {f"/{GENERATED_DIR}/{f}/" for f in folders}
    excluded = _mkdocs_list("exclude_docs")
    assert f"{GENERATED_DIR}/_*.md" in excluded and HOME_SNIPPET.startswith("_")
    nav = re.findall(rf"^\s+- [^:]+: ({GENERATED_DIR}/\S+\.md)$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)
    assert nav and all(entry.split("/", 1)[1] in pages for entry in nav), nav
