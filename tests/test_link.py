"""The whole-graph pass: related both ways, backlinks, similar cases, glossary links."""

from __future__ import annotations

import copy
import functools
import heapq
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import Settings, build, check, places
from generator.autolink import Linker
from generator.build import load_library
from generator.errors import Problems
from generator.link import link

from .conftest import FIXTURE_DATA, ROOT


@pytest.fixture
def result(tmp_path: Path):  # type: ignore[no-untyped-def]
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    return build(Settings.for_root(tmp_path))


def test_link_returns_everything_and_leaves_the_library_alone(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    library = load_library(Settings.for_root(tmp_path), Problems())
    before = copy.deepcopy((library.cases, library.sources, library.glossary, library.drafts))
    graph = link(library, Problems())
    assert (library.cases, library.sources, library.glossary, library.drafts) == before
    slugs = {c.slug for c in library.cases}
    for derived in (graph.related, graph.backlinks, graph.similar):
        assert set(derived) == slugs
    assert set(graph.source_cases) == {s.id for s in library.sources}
    assert set(graph.glossary_cases) == {e.slug for e in library.glossary}
    assert link(library, Problems()) == graph  # same library, same graph


def test_groups_and_sources_list_every_case_in_title_order(result) -> None:  # type: ignore[no-untyped-def]
    library, graph = result.library, result.graph
    for src in library.sources:   # the plain definition, case by case
        assert graph.source_cases[src.id] == [c.slug for c in library.cases
                                              if any(r.source == src.id for r in c.sources)], src.id
    assert any(graph.source_cases.values())
    for groups, values in ((graph.by_tag, lambda c: c.tags), (graph.by_category, lambda c: c.categories),
                           (graph.by_level, lambda c: (c.level,)), (graph.by_year, lambda c: (c.year,)),
                           (graph.by_region, lambda c: (places.group_key(c),))):
        expected: dict = {}
        for case in library.cases:
            for value in values(case):
                expected.setdefault(value, []).append(case.slug)
        assert groups == expected


def test_related_is_shown_on_both_sides(result) -> None:  # type: ignore[no-untyped-def]
    # only 邻里中心 declares related: [小区党支部]
    assert result.graph.related["linli-zhongxin"] == ["xiaoqu-dangzhibu"]
    assert result.graph.related["xiaoqu-dangzhibu"] == ["linli-zhongxin"]
    assert "../cases/linli-zhongxin.md" in result.pages["cases/xiaoqu-dangzhibu.md"]


def test_backlinks_come_from_wikilinks_including_aliases(result) -> None:  # type: ignore[no-untyped-def]
    # 邻里中心 links [[红色物业|…]] (an alias of 红色业委会); 社区剧场 links [[道德银行]]
    assert result.graph.backlinks["hongse-yeweihui"] == ["linli-zhongxin"]
    assert result.graph.backlinks["daode-yinhang"] == ["shequ-juchang"]
    page = result.pages["cases/hongse-yeweihui.md"]
    assert "提到本案例的页面" in page and "(../cases/linli-zhongxin.md)" in page


def test_similar_cases_skip_related_and_self(result) -> None:  # type: ignore[no-untyped-def]
    graph = result.graph
    for item in result.library.cases:
        assert item.slug not in graph.similar[item.slug]
        assert not set(graph.similar[item.slug]) & set(graph.related[item.slug])
        assert len(graph.similar[item.slug]) <= 3


def test_similar_cases_are_deterministic(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    first = check(Settings.for_root(tmp_path)).graph.similar
    second = check(Settings.for_root(tmp_path)).graph.similar
    assert first == second
    assert first["linli-zhongxin"] == ["shequ-juchang"]  # shares actors 社区党委 and 居民


def test_sources_list_their_cases(result) -> None:  # type: ignore[no-untyped-def]
    assert len(result.graph.source_cases["ceshi-laiyuan"]) == 6
    page = result.pages["sources/ceshi-laiyuan.md"]
    assert page.count("](../cases/") == 6
    assert "取材于本文的案例（6）" in page


def test_glossary_lists_cases_that_mention_it(result) -> None:  # type: ignore[no-untyped-def]
    entry = next(e for e in result.library.glossary if e.term == "三会一课")
    assert result.graph.glossary_cases[entry.slug] == ["linli-zhongxin"]


def href(slug: str) -> str:
    return f"../glossary/{slug}.md"


LINKER = Linker.build({"业委会": "yeweihui", "三会一课": "san-hui-yi-ke"}, ["红色业委会"])


@pytest.mark.parametrize("text, expected", [
    ("成立业委会。再说业委会。", "成立[业委会](../glossary/yeweihui.md)。再说业委会。"),  # first only
    ("### 业委会\n\n业委会。", "### 业委会\n\n[业委会](../glossary/yeweihui.md)。"),     # not in headings
    ("`业委会` 和 业委会", "`业委会` 和 [业委会](../glossary/yeweihui.md)"),             # not in code
    ("[业委会](http://x) 业委会", "[业委会](http://x) [业委会](../glossary/yeweihui.md)"),  # not in links
    ("[[业委会]] 业委会", "[[业委会]] [业委会](../glossary/yeweihui.md)"),               # not in wikilinks
    ("红色业委会很好", "红色业委会很好"),                                               # not inside a longer name
    ("```\n业委会\n```\n业委会", "```\n业委会\n```\n[业委会](../glossary/yeweihui.md)"),
])
def test_first_mention_is_linked_outside_protected_text(text: str, expected: str) -> None:
    assert LINKER.link(text, set(), href)[0] == expected


def test_already_linked_terms_stay_plain() -> None:
    assert LINKER.link("业委会", {"yeweihui"}, href)[0] == "业委会"


def test_glossary_links_can_be_turned_off(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    on = build(Settings.for_root(tmp_path)).pages["cases/hongse-yeweihui.md"]
    off = build(Settings.for_root(tmp_path, glossary_links=False)).pages["cases/hongse-yeweihui.md"]
    assert "../glossary/yeweihui.md" in on
    assert "../glossary/yeweihui.md" not in off


def test_a_very_common_feature_offers_only_its_first_cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Similarity stays linear: a tag on more cases than SIMILAR_CANDIDATES offers only the first
    of them (pinyin order); below that limit — the real library — the count is exact."""
    from generator import link as linking

    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    settings = Settings.for_root(tmp_path)
    full = check(settings).graph.similar
    library = check(settings).library
    assert any(full.values())
    monkeypatch.setattr(linking, "SIMILAR_CANDIDATES", 2)
    capped = link(library, Problems()).similar
    first_of: dict[tuple[str, str], list[str]] = {}
    for case in library.cases:
        for feature in set(linking._features(case)):
            first_of.setdefault(feature, [])
            if len(first_of[feature]) < 2:
                first_of[feature].append(case.slug)
    for case in library.cases:
        offered = {slug for f in linking._features(case) for slug in first_of[f]}
        assert set(capped[case.slug]) <= offered, case.slug
    assert any(capped.values()) and capped != full
    monkeypatch.setattr(linking, "SIMILAR_CANDIDATES", len(library.cases))
    assert link(library, Problems()).similar == full


def test_a_remembered_link_step_reports_its_problems_again_and_follows_edits(tmp_path: Path) -> None:
    """In one process (make serve), relations and [[links]] are resolved again only when they
    change; a run that reuses them must still report their errors, and an edit must show."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    settings = Settings.for_root(tmp_path)
    case = tmp_path / "data" / "cases" / "daode-yinhang.md"
    text = case.read_text("utf-8")
    case.write_text(text.replace("related: [社区剧场]", "related: [没有这个案例]")
                    .replace("## 概要\n", "## 概要\n\n另见[[也没有这个]]。\n", 1), "utf-8")

    def link_errors() -> list[str]:
        return sorted(str(e) for e in check(settings).problems.errors if "找不到" in e.message)

    first = link_errors()
    assert any("没有这个案例" in e for e in first) and any("也没有这个" in e for e in first)
    assert link_errors() == first   # the same library again: remembered, and reported again
    case.write_text(text, "utf-8")
    assert link_errors() == []
    graph = check(settings).graph
    assert "shequ-juchang" in graph.related["daode-yinhang"]
    assert "daode-yinhang" in graph.related["shequ-juchang"]
    assert "shequ-juchang" in graph.backlinks["daode-yinhang"]   # 社区剧场 links [[道德银行]]


def _inside_a_longer_name(text: str, pos: int, term: str, names: set[str]) -> bool:
    """The definition: some longer name holding *term* occurs in *text* over the mention at *pos*."""
    end = pos + len(term)
    return any(text.startswith(name, start) for name in names if term in name and name != term
               for start in range(max(0, end - len(name)), pos + 1))


@settings(max_examples=300, deadline=None)
@given(text=st.text("红色业委会主任三", max_size=30),
       terms=st.lists(st.text("红色业委会", min_size=1, max_size=3), min_size=1, max_size=3),
       names=st.lists(st.text("红色业委会主任", min_size=2, max_size=6), max_size=6))
def test_a_mention_is_free_exactly_when_no_longer_name_covers_it(text: str, terms: list[str],
                                                                 names: list[str]) -> None:
    linker = Linker.build({term: f"t{n}" for n, term in enumerate(terms)}, names)
    longer = set(names) | set(terms)
    for term in terms:
        free = [pos for pos in range(len(text)) if text.startswith(term, pos)
                and not _inside_a_longer_name(text, pos, term, longer)]
        assert linker._free(text, term, 0, []) == (free[0] if free else -1)


@settings(max_examples=400, deadline=None)
@given(st.text(" \t\n#`~[]()!<>a业", max_size=40))
@example("![图](a.png) [链](b) [[业]] `c` <b>\n  ## 标题\n~~~\n业\n~~~\n```\n```")
def test_protected_spans_are_those_of_the_plain_alternation(text: str) -> None:
    """The lookahead in front of autolink._PROTECTED only skips positions no part can start at."""
    import re

    from generator import autolink

    parts = autolink._PROTECTED.pattern.split("(?:", 1)[1].rsplit(")", 1)[0]
    plain = re.compile(parts, re.M | re.S)
    assert [m.span() for m in autolink._PROTECTED.finditer(text)] == [m.span() for m in plain.finditer(text)]


@functools.cache
def _a_case():  # type: ignore[no-untyped-def]
    return load_library(Settings.for_root(FIXTURE_DATA.parent), Problems()).cases[0]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from("abcd"), max_size=3, unique=True),
                          st.lists(st.sampled_from("xy"), max_size=2, unique=True),
                          st.lists(st.sampled_from("pq"), max_size=2, unique=True)), min_size=1, max_size=14),
       st.integers(1, 5), st.data())
def test_similar_cases_counted_on_bits_are_the_reference(features, candidates, data) -> None:  # type: ignore[no-untyped-def]
    """link._score_similar gives what the plain count (_reference_similar below) gives, caps
    (a tag's case standing twice, and cut after its first entry) and relations included."""
    import dataclasses

    from generator import link as linking
    from generator.model import Library

    cases = [dataclasses.replace(_a_case(), slug=f"c{n}", tags=list(tags), categories=list(cats), actors=list(actors))
             for n, (tags, cats, actors) in enumerate(features)]
    library = Library(cases, [], [], [], [], [])
    slugs = [c.slug for c in cases]
    related = {slug: data.draw(st.lists(st.sampled_from(slugs), max_size=2, unique=True)) for slug in slugs}
    original = linking.SIMILAR_CANDIDATES
    try:
        linking.SIMILAR_CANDIDATES = candidates
        assert linking._score_similar(library, related) == _reference_similar(library, related)
    finally:
        linking.SIMILAR_CANDIDATES = original


def test_similar_cases_of_the_handbook_are_the_reference() -> None:
    from generator import link as linking

    library = load_library(Settings.for_root(ROOT), Problems())
    related = link(library, Problems()).related
    found = linking._score_similar(library, related)
    assert any(found.values()) and found == _reference_similar(library, related)


def _reference_similar(library, related):  # type: ignore[no-untyped-def]
    """The definition of similar cases: each case's candidates (the first
    linking.SIMILAR_CANDIDATES entries of each of its features' lists) counted, the best
    linking.SIMILAR_LIMIT with a score of 2 or more, ties in title order."""
    from generator import link as linking

    postings: dict[tuple[str, str], list[str]] = defaultdict(list)
    for case in library.cases:
        for feature in linking._features(case):
            if len(postings[feature]) < linking.SIMILAR_CANDIDATES:
                postings[feature].append(case.slug)
    order = library.position
    similar = {}
    for case in library.cases:
        scores: Counter[str] = Counter()
        for feature in linking._features(case):
            scores.update(postings[feature])
        for slug in (case.slug, *related.get(case.slug, ())):
            scores.pop(slug, None)
        best = heapq.nsmallest(linking.SIMILAR_LIMIT, ((-n, order[s], s) for s, n in scores.items() if n >= 2))
        similar[case.slug] = [s for _n, _order, s in best]
    return similar


@settings(max_examples=500, deadline=None)
@given(text=st.text("红色业委会主任", max_size=30),
       terms=st.lists(st.text("红色业委会", max_size=4), max_size=6))
@example(text="红色业", terms=["红色", "色业"])          # one starts inside the other
@example(text="业委会", terms=["业委会", "业委", "委"])   # inside, and at the same place
@example(text="红色", terms=["", "会"])
def test_the_finder_finds_exactly_the_terms_a_text_holds(text: str, terms: list[str]) -> None:
    """Overlapping terms, terms inside terms, one term starting where a longer one does, and the
    empty term: the one scan finds what testing each term with ``in`` finds."""
    from generator.autolink import Finder

    assert Finder(terms).present(text) == {term for term in terms if term in text}
    assert Finder(iter(terms)).present(text) == Finder(terms).present(text)   # an iterator, read once
