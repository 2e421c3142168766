"""What a case's year means, and what it does not.

``year`` is the year the source says the practice happened. A source page may
also carry the date its web page was published (``published``): that is when
the text appeared, not when anything in it was done, so it never becomes a
case's year. Where a case has no year but its source was published on a known
date, the page may say so (资料发布于 2020 年), worded so that nobody reads
it as the practice's year.
"""

from __future__ import annotations

from .errors import Problems
from .model import Case, Library

NO_YEAR = "年份未披露"
"""Shown when the source does not say when the practice happened."""


def published_year(case: Case, library: Library) -> int | None:
    """Earliest publication year of the case's sources, when every one of them has one.

    A case drawn also from an undated source gets no note: 资料发布于 would
    then speak for material whose date nobody knows.
    """
    sources = [library.source_by_id.get(ref.source) for ref in case.sources]
    if not sources or not all(src and src.published for src in sources):
        return None
    return min(src.published.year for src in sources if src and src.published)


def year_note(case: Case, library: Library) -> str:
    """The year fact for a case without a year: 年份未披露（资料发布于 2020 年）."""
    year = published_year(case, library)
    return f"{NO_YEAR}（资料发布于 {year} 年）" if year else NO_YEAR


def check(library: Library, problems: Problems) -> None:
    """Warn when a case's year is only its source's publication year.

    A source that states no date of its own but has a web page stamp is the
    usual way a page's 发布时间 slips into ``year``; the warning asks the
    contributor to find the year in the text or drop it.
    """
    for case in library.cases:
        if case.year is None:
            continue
        stamps = [library.source_by_id[r.source] for r in case.sources if r.source in library.source_by_id]
        if stamps and all(s.published and s.published.year == case.year and not s.date for s in stamps):
            problems.add(case.path, case.field_lines.get("year", 1),
                         f"year（年份）{case.year} 只见于来源网页的发布时间",
                         "年份只写来源正文写明做法发生的年份；正文没有写明就删掉这一行",
                         field="year", severity="warning")
