"""Hidden place names (xx市, x社区) are 未披露, never offered as names."""

from __future__ import annotations

import pytest

from generator import places
from generator.build import check
from generator.settings import Settings

from .conftest import ROOT


@pytest.mark.parametrize("name", ["xx市", "x社区", "X街道", "XX县区", "×区"])
def test_placeholders(name: str) -> None:
    assert places.is_placeholder(name)


@pytest.mark.parametrize("name", ["常州市", "方正区", "小关社区", "邹庙村"])
def test_names(name: str) -> None:
    assert not places.is_placeholder(name)


def test_real_library_parts() -> None:
    cases = check(Settings.for_root(ROOT)).library.cases
    hidden = [c for c in cases if any(places.is_placeholder(n) for _, n in c.region)]
    assert hidden, "the library has hidden places; the check needs one"
    for case in cases:
        named = dict((k, n) for k, n in case.region if not places.is_placeholder(n))
        for key, _ in places.FACET_PARTS:
            assert places.part(case, key) == named.get(key, "未披露")
        assert "xx" not in places.named_label(case).lower()
    mixed = next(c for c in cases if c.region_label == "xx区 小关社区")
    assert places.part(mixed, "district") == "未披露"
    assert places.named_label(mixed) == "小关社区"
