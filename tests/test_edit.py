"""Edit-on-source links: URL patterns per Git server, none without a repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import Settings, build
from generator.edit import EditConfigError, edit_template

from .conftest import FIXTURE_DATA


@pytest.mark.parametrize("repo, kind, expected", [
    ("https://github.com/org/handbook", "", "https://github.com/org/handbook/edit/main/{path}"),
    ("https://github.com/org/handbook.git", "", "https://github.com/org/handbook/edit/main/{path}"),
    ("https://gitlab.example.org/team/handbook/", "", "https://gitlab.example.org/team/handbook/-/edit/main/{path}"),
    ("http://git.intranet/team/handbook", "gitea", "http://git.intranet/team/handbook/_edit/main/{path}"),
    ("", "", ""),
])
def test_edit_url_patterns(repo: str, kind: str, expected: str) -> None:
    assert edit_template(repo, kind) == expected


@pytest.mark.parametrize("repo, kind", [("http://git.intranet/x", ""), ("git@host:x", "github"),
                                        ("https://github.com/x", "svn")])
def test_unusable_settings_are_refused(repo: str, kind: str) -> None:
    with pytest.raises(EditConfigError):
        edit_template(repo, kind)


def test_case_page_links_to_its_data_file(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    template = edit_template("https://gitlab.example.org/team/handbook", "")
    pages = build(Settings.for_root(tmp_path, edit_url=template)).pages
    assert ("(https://gitlab.example.org/team/handbook/-/edit/main/data/cases/linli-zhongxin.md)"
            in pages["cases/linli-zhongxin.md"])
    plain = build(Settings.for_root(tmp_path)).pages
    assert "修改本案例" not in plain["cases/linli-zhongxin.md"]
