"""Forwarding pages at old addresses (generator/redirects.py), as the generator writes them."""

from __future__ import annotations

from pathlib import Path

from generator.build import build
from generator.settings import Settings

from .test_addresses import rename


def test_old_slug_gets_a_forwarding_page(project: Path) -> None:
    rename(project, "daode-yinhang", "daode-yinhang-huodong", previous=True)
    result = build(Settings.for_root(project))
    page = (project / "docs" / "library" / "cases" / "daode-yinhang.md").read_text(encoding="utf-8")
    assert page == result.pages["cases/daode-yinhang.md"]
    assert '\nredirect_to: "daode-yinhang-huodong.html"\n' in page
    assert '\nsearch: {"exclude": true}\n' in page
    assert "# 本页已移到「道德银行」" in page
    assert "**[前往「道德银行」](daode-yinhang-huodong.md)**" in page
    assert "`library/cases/daode-yinhang-huodong.html`" in page
    assert "cases/daode-yinhang-huodong.md" in result.pages


def test_no_forwarding_pages_without_previous_slugs(project: Path) -> None:
    result = build(Settings.for_root(project))
    assert all("redirect_to" not in text for text in result.pages.values())


def test_forwarding_page_is_removed_with_the_old_slug(project: Path) -> None:
    target = rename(project, "daode-yinhang", "daode-yinhang-huodong", previous=True)
    build(Settings.for_root(project))
    old = project / "docs" / "library" / "cases" / "daode-yinhang.md"
    assert old.exists()
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("previous_slugs: [daode-yinhang]\n", ""), encoding="utf-8")
    build(Settings.for_root(project))
    assert not old.exists()
