"""Cases the sources only mention: marked 资料有限, never padded.

Several practices appear in a source as a name and a sentence. A page that
looks like every other case would promise more than the source gives, and
filling it out would invent. The contributor marks such a case
``limited: true``; the page and the print copy say so plainly, the model
exposes the flag for facets, and ``check`` points at short cases that are
not marked, so the choice is made on purpose.
"""

from __future__ import annotations

import re

from .errors import Problems
from .model import Library

NOTICE = ("来源对这一做法只有简短提及。本页只整理来源实际说了的内容，没有补充；"
          "具体怎样做、效果如何，来源没有交代。")
"""The notice on a limited case's page."""

SHORT = 400
"""Bodies shorter than this (characters, headings and blanks excluded) are checked."""


def body_length(sections: dict[str, str]) -> int:
    """Characters of the body text, without whitespace and Markdown markers."""
    text = "".join(sections.values())
    return len(re.sub(r"[\s*#>\-\[\]|`]|\d+\.", "", text))


def admonition() -> str:
    """The notice as a Material admonition, printed as well as shown."""
    return f'!!! warning "资料有限"\n\n    {NOTICE}\n'


def check(library: Library, problems: Problems) -> None:
    """Warn about a short case that is not marked limited: pad it or mark it, not neither."""
    for case in library.cases:
        length = body_length(case.sections)
        if length < SHORT and not case.limited:
            problems.add(case.path, case.section_lines.get("概要", 1),
                         f"正文只有 {length} 字（少于 {SHORT} 字）",
                         "来源确实只简短提及这个做法时，在元数据中加 limited: true（页面会标明“资料有限”）；"
                         "来源还有内容就照来源补充，不要凭空扩写", field="limited", severity="warning")
