"""Template text left in a case: the prompts and example values of data/templates/case.md.

``make new`` copies the template, whose sentences (一两句话说清这是什么做法……)
and example values (参与的居民 未披露 人, 来源中的位置……) are well-formed, so
every other check passes them. A case that still carries them would publish
instructions as if they were facts. This module reads the template once and
reports, at the line, every prompt sentence and example value a case kept,
with what to write instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Problems
from .load import RawDoc
from .schema import SECTIONS

_HEADING = re.compile(r"^##\s+(.+?)\s*$")
_SENTENCE_END = re.compile(r"(?<=[。！？])")
_OPTIONAL = "（可选）"
MIN_LENGTH = 4
"""Shorter pieces (一、1.) are too common to mean the prompt was left in."""


def _sentences(line: str) -> list[str]:
    """The prompt sentences of one template line, without list markers."""
    text = re.sub(r"^\s*(?:\d+[.、]|[-*])\s*", "", line).replace(_OPTIONAL, "").strip()
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) >= MIN_LENGTH]


@dataclass(frozen=True)
class TemplateText:
    """What of the template must not survive into a case."""

    sentences: tuple[str, ...]
    """Prompt sentences of the body, e.g. 为什么要做：原来的情况和遇到的困难。"""
    title: str
    """The template's placeholder title (做法名称)."""
    figure_whats: tuple[str, ...]
    """Example figure labels (参与的居民)."""
    passages: tuple[str, ...]
    """Example source passages (来源中的位置，例如……)."""
    picks: tuple[tuple[str, ...], ...]
    """The example categories, tags and actors, compared as a whole."""

    @classmethod
    def load(cls, path: Path) -> TemplateText | None:
        """Read the template; None when there is none (nothing to compare against)."""
        if not path.is_file():
            return None
        text = path.read_text("utf-8-sig").replace("\r\n", "\n")
        parts = text.split("---\n", 2)
        if len(parts) < 3:
            return None
        meta: dict[str, Any] = yaml.safe_load(parts[1]) or {}
        sentences: list[str] = []
        for line in parts[2].split("\n"):
            if line.strip() and not _HEADING.match(line):
                sentences += _sentences(line)
        figures = meta.get("figures") or []
        return cls(
            sentences=tuple(dict.fromkeys(sentences)),
            title=str(meta.get("title") or ""),
            figure_whats=tuple(str(f.get("what")) for f in figures if isinstance(f, dict) and f.get("what")),
            passages=tuple(str(s.get("passage")) for s in meta.get("sources") or []
                           if isinstance(s, dict) and s.get("passage")),
            picks=tuple(tuple(meta.get(k) or ()) for k in ("categories", "tags", "actors")),
        )

    def check(self, raw: RawDoc, problems: Problems) -> None:
        """Report every template sentence and example value *raw* still carries."""
        self._check_meta(raw, problems)
        self._check_body(raw, problems)

    def _check_meta(self, raw: RawDoc, problems: Problems) -> None:
        meta = raw.meta
        if self.title and meta.get("title") == self.title:
            problems.add(raw.path, raw.line_of("title"), f"标题还是模板里的“{self.title}”",
                         "写这个做法在来源里的名称", field="title")
        for index, item in enumerate(meta.get("figures") or []):
            if isinstance(item, dict) and item.get("what") in self.figure_whats:
                problems.add(raw.path, raw.line_of("figures", index, "what"),
                             f"数据“{item['what']}”是模板里的示例",
                             "换成来源给出的数字（what、value、unit）；来源没有数字就删掉整个 figures",
                             field="figures")
        for index, item in enumerate(meta.get("sources") or []):
            if isinstance(item, dict) and item.get("passage") in self.passages:
                problems.add(raw.path, raw.line_of("sources", index, "passage"),
                             "passage（来源中的位置）还是模板里的示例",
                             "写这个案例取材的段落，例如 第二部分（三）", field="sources")
        picks = tuple(tuple(meta.get(k) or ()) for k in ("categories", "tags", "actors"))
        if any(self.picks) and picks == self.picks:
            problems.add(raw.path, raw.line_of("categories"),
                         "类别、标签、参与主体和模板里的示例完全一样",
                         "按这个案例的内容选类别和标签，写实际参与的主体", field="categories",
                         severity="warning")

    def _check_body(self, raw: RawDoc, problems: Problems) -> None:
        advice = {s.title: s.description for s in SECTIONS}
        section = ""
        fence = False
        for number, line in enumerate(raw.body.split("\n"), start=raw.body_line):
            if line.lstrip().startswith(("```", "~~~")):
                fence = not fence
            heading = None if fence else _HEADING.match(line)
            if heading:
                section = heading.group(1)
                continue
            for sentence in self.sentences:
                if sentence in line:
                    where = f"小节“{section}”" if section else "正文"
                    instead = advice.get(section, "这个案例自己的内容")
                    tail = "；来源没有提到就把这一节整个删掉" if section == "局限与风险" else ""
                    problems.add(raw.path, number, f"{where}里还是模板的提示文字“{sentence}”",
                                 f"删掉提示，写这个案例自己的内容（本节写：{instead.rstrip('。')}{tail}）")
                    break
