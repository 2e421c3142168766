"""Property: for any case file, the generator builds or reports located errors — never a traceback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import Settings, build, check

from .conftest import FIXTURE_DATA

VALID = (FIXTURE_DATA / "cases" / "linli-zhongxin.md").read_text("utf-8")
ROOT = Path(tempfile.mkdtemp(prefix="handbook-props-"))
shutil.copytree(FIXTURE_DATA, ROOT / "data")
TARGET = ROOT / "data" / "cases" / "zz-fuzz.md"

# Characters contributors actually type, plus YAML and Markdown punctuation.
ALPHABET = st.sampled_from(list("---:：\n\t #[]{}|>*-_\"'`!&<>/\\0123456789abcxyz邻里中心红色业委会，。“”（）")
                           + ["title: ", "tags: ", "year: ", "reviewed: 2026-02-30", "slug: ../x",
                              "related: ", "figures:\n  - ", "value: ", "unit: ", "[[", "]]", "\n## ",
                              "<script>", "2026-13-45", "~", "null", "true", "!!python/object:os.system"])


def mutate(text: str, position: int, insert: str, delete: int) -> str:
    position %= len(text) + 1
    return text[:position] + insert + text[position + delete:]


def assert_handled(data: bytes) -> None:
    TARGET.write_bytes(data)
    try:
        result = check(Settings.for_root(ROOT))
        for problem in result.problems.items:
            assert problem.path and problem.line >= 0 and problem.message
        if not result.problems.errors:
            built = build(Settings.for_root(ROOT))
            assert any(p.startswith("cases/") for p in built.pages)
    finally:
        TARGET.unlink()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0), st.lists(ALPHABET, max_size=6).map("".join),
       st.integers(min_value=0, max_value=8))
def test_mutated_valid_case(position: int, insert: str, delete: int) -> None:
    text = VALID.replace("title: 邻里中心", "title: 模糊测试").replace("aliases: [小区邻里中心]", "aliases: []")
    assert_handled(mutate(text, position, insert, delete).encode("utf-8"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=120).map("".join))
def test_arbitrary_text(text: str) -> None:
    assert_handled(text.encode("utf-8"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_arbitrary_bytes(data: bytes) -> None:
    assert_handled(data)
