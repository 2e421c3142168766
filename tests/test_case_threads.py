"""延伸阅读 on case pages lists each other case once (related, then backlinks, then similar)."""

from __future__ import annotations

import re

from generator.build import check
from generator.render import Site, case_page
from generator.settings import Settings

from .conftest import ROOT


def test_real_library_lists_each_case_once() -> None:
    result = check(Settings.for_root(ROOT))
    library, graph = result.library, result.graph
    overlapping = [c for c in library.cases if set(graph.related[c.slug]) & set(graph.backlinks[c.slug])]
    assert overlapping, "the library has cases both related and linking back; the check needs one"
    for case in library.cases:
        page = case_page(case, library, graph, Site())
        reading = page.split("## 延伸阅读", 1)[1] if "## 延伸阅读" in page else ""
        links = re.findall(r"\]\(\.\./cases/([a-z0-9-]+)\.md\)", reading)
        assert len(links) == len(set(links)), case.slug
        assert set(links) == (set(graph.related[case.slug]) | set(graph.backlinks[case.slug])
                              | set(graph.similar[case.slug])), case.slug
