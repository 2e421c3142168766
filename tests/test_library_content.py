"""The real case library (data/) keeps the rules of its content: names, merges, short entries, places."""

from __future__ import annotations

import pytest

from generator import Settings, check
from generator.limited import SHORT, body_length
from generator.link import Graph
from generator.places import HIDDEN, is_hidden

from .conftest import ROOT


@pytest.fixture(scope="module")
def checked():  # type: ignore[no-untyped-def]
    result = check(Settings.for_root(ROOT))
    assert result.problems.errors == []
    return result


@pytest.mark.parametrize(("old_name", "slug"), [
    ("三会三评", "shequ-dangjian-shuangchuang"),
    ("一会三员", "shequ-dangjian-shuangchuang"),
    ("楼栋党建模式", "shequ-dangjian-shuangchuang"),
    ("双向述职评议", "dangzhibu-biaozhunhua-jianshe"),
])
def test_merged_titles_still_lead_to_their_practice(checked, old_name: str, slug: str) -> None:  # type: ignore[no-untyped-def]
    graph: Graph = checked.graph
    assert graph.names[old_name].slug == slug


def test_another_practice_is_not_an_alias(checked) -> None:  # type: ignore[no-untyped-def]
    assert "党群协商议事机制" not in checked.library.case("hongse-yeweihui").aliases
    assert "党群协商议事机制" not in checked.graph.names


def test_every_short_case_is_marked_limited(checked) -> None:  # type: ignore[no-untyped-def]
    short = [c.slug for c in checked.library.cases if body_length(c.sections) < SHORT]
    assert short, "the library has short entries; each must be marked"
    assert [s for s in short if not checked.library.case(s).limited] == []


def test_no_hidden_place_is_listed_as_a_name(checked) -> None:  # type: ignore[no-untyped-def]
    for key in checked.graph.by_region:
        assert not any(is_hidden(part) for part in str(key).split()), key
    assert checked.graph.by_region[HIDDEN]


def test_new_fields_are_used_only_with_vocabulary_values(checked) -> None:  # type: ignore[no-untyped-def]
    sectors = {c for case in checked.library.cases for c in case.sector}
    assert sectors <= {"城市社区", "农村", "机关", "两新组织"}
    assert any(case.honours for case in checked.library.cases)
