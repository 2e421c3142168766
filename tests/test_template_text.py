"""A case that keeps the template's prompts or example values does not pass (generator/template_text.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator import Settings, check
from generator.scaffold import new_case
from generator.template_text import TemplateText

from .conftest import ROOT, generate


def _fresh_project(tmp_path: Path) -> Path:
    """A copy of the real data/ with one case just made by ``new``, its source filled in."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = new_case(tmp_path / "data", "邻里互助会")
    path.write_text(path.read_text("utf-8").replace("source: 来源文件编号", "source: jiedao-guanmo-jiangping"),
                    "utf-8")
    return tmp_path


def test_template_reads_prompts_and_examples() -> None:
    template = TemplateText.load(ROOT / "data" / "templates" / "case.md")
    assert template is not None
    assert "为什么要做：原来的情况和遇到的困难。" in template.sentences
    assert "第一步……" in template.sentences
    assert template.title == "做法名称" and template.figure_whats == ("参与的居民",)
    assert all(len(s) >= 4 for s in template.sentences)


def test_fresh_new_file_fails_check_at_each_line(tmp_path: Path) -> None:
    result = generate(_fresh_project(tmp_path), "check")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("data/cases/linli-huzhuhui.md:")]
    lines = sorted(int(e.split(":")[1]) for e in errors if "警告" not in e)
    assert lines == [16, 21, 28, 32, 36, 37, 41, 45, 49]
    assert ("data/cases/linli-huzhuhui.md:32: 小节“背景与问题”里还是模板的提示文字“为什么要做：原来的情况和遇到的困难。”"
            "（删掉提示，写这个案例自己的内容（本节写：为什么要做：原来的情况和遇到的困难））") in errors
    assert any(":16: 数据“参与的居民”是模板里的示例" in e for e in errors)
    assert "检查未通过" in result.stderr


def test_filled_in_case_passes(tmp_path: Path) -> None:
    root = _fresh_project(tmp_path)
    path = root / "data" / "cases" / "linli-huzhuhui.md"
    text = path.read_text("utf-8")
    head, _, _ = text.partition("\n---\n")
    head = (head.replace("  - what: 参与的居民\n    value: 未披露\n    unit: 人\n", "")
                .replace("figures:\n", "").replace("来源中的位置，例如“第二部分第（三）段”", "第三个方面（二）")
                .replace("tags: [协商议事]", "tags: [协商议事, 邻里中心]"))
    body = "\n\n".join(f"## {name}\n\n{words}" for name, words in (
        ("概要", "邻里之间互相帮忙的组织。"), ("背景与问题", "老人多，照应少。"),
        ("主要做法", "1. 组建互助小组。"), ("成效", "来源没有报告成效。"), ("经验启示", "从身边的小事做起。")))
    path.write_text(head + "\n---\n\n" + body + "\n", "utf-8")
    result = check(Settings.for_root(root))
    assert [str(e) for e in result.problems.items if "linli-huzhuhui" in e.path] == []


def test_real_library_keeps_no_template_text() -> None:
    result = check(Settings.for_root(ROOT))
    assert [str(e) for e in result.problems.items if "模板" in e.message] == []
