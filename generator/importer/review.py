"""What a contributor must check after an import, said with line numbers.

Cleaning removes what it is sure of and keeps what it is not; matching by
similar words is a judgement, not a fact. Both are only trustworthy if a
person can check them quickly, so this module turns them into short lines
for the import report and for ``source.md``: every removed line with its
line number in the original file, every line kept under 〔待核〕 with its
line and why, and for a case found from plain words the words that
carried the match.
"""

from __future__ import annotations

from .clean import LABEL_MOJIBAKE, Cleaned, repair_glued_pinyin, to_simplified
from .detect import Practice
from .sitetext import locate

NOT_REMOVALS = {LABEL_MOJIBAKE}
"""Labels whose snippets stay in the text (marked), so they are not listed as removed."""
SNIPPET_MAX = 60


def _short(text: str) -> str:
    """A snippet cut to :data:`SNIPPET_MAX` characters, for one line of a list."""
    return text if len(text) <= SNIPPET_MAX else text[:SNIPPET_MAX] + "…"


def removed_lines(cleaned: Cleaned) -> list[tuple[int, str, str]]:
    """(line in the original, label, snippet) of everything cleaning took out, by line.

    Line 0 means the snippet could not be found in the original (a repair
    that joined two lines, for instance).
    """
    original = to_simplified(repair_glued_pinyin(cleaned.original).text).text.split("\n")
    out = []
    for label, snippets in cleaned.removed.items():
        if label in NOT_REMOVALS:
            continue
        for snippet in snippets:
            if snippet.strip():
                out.append((locate(original, snippet), label, snippet.strip()))
    return sorted(out, key=lambda item: item[0])


def unsure_lines(cleaned: Cleaned) -> list[str]:
    """``第 N 行：…（why）`` for each line kept under 〔待核〕."""
    return [f"第 {item.line} 行：{item.text}（{item.why}）" if item.line else f"{item.text}（{item.why}）"
            for item in cleaned.unsure]


def source_lines(cleaned: Cleaned) -> list[str]:
    """The review part of source.md's import record (Markdown lines, ending with a blank)."""
    lines: list[str] = []
    if cleaned.unsure:
        lines += ["拿不准的行（保留在正文里，标为〔待核：…〕；确认是网站文字就删去，是正文就去掉标记）：", ""]
        lines += [f"- {line}" for line in unsure_lines(cleaned)]
        lines += [""]
    removed = removed_lines(cleaned)
    if removed:
        lines += ["删去的内容（行号是原文件的行；请核对没有删掉正文）：", ""]
        for number, label, snippet in removed:
            where = f"第 {number} 行" if number else "原文"
            lines.append(f"- {where}（{label}）：「{_short(snippet)}」")
        lines += [""]
    return lines


def evidence_note(practice: Practice) -> str:
    """For a case found from plain words: why, in a short clause; else ''."""
    if practice.how != "similar" or not practice.evidence:
        return ""
    return f"（原文没有提到这个名称，是按共同用词找到的：{'、'.join(practice.evidence[:6])}；请核对）"


__all__ = ["evidence_note", "removed_lines", "source_lines", "unsure_lines"]
