"""Whole-tree comparison of the fixture library's pages against tests/golden/.

To accept an intended change: ``make golden``, then review ``git diff tests/golden``.
"""

from __future__ import annotations

from .refresh_golden import GOLDEN, render_fixture


def test_generated_tree_matches_golden() -> None:
    pages = render_fixture()
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8")
                for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(expected), "page set changed: run make golden and review"
    for rel in sorted(pages):
        assert pages[rel] == expected[rel], f"{rel} differs: run make golden and review the diff"


def test_generation_is_deterministic() -> None:
    assert render_fixture() == render_fixture()
