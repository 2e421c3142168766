"""Added and last-changed dates from the data files' history, with the fallback to ``reviewed``."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import history
from generator.build import build
from generator.settings import Settings

from .conftest import FIXTURE_DATA


def _git(root: Path, *args: str, when: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when}T12:00:00+00:00"
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def _case(slug: str, reviewed: dt.date | None = None):  # type: ignore[no-untyped-def]
    return SimpleNamespace(slug=slug, path=f"data/cases/{slug}.md", reviewed=reviewed)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    cases = tmp_path / "data" / "cases"
    cases.mkdir(parents=True)
    _git(tmp_path, "init", "-q")
    (cases / "a.md").write_text("one\n", "utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "a", when="2025-01-02")
    (cases / "b.md").write_text("two\n", "utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "b", when="2025-02-03")
    (cases / "a.md").write_text("one, changed\n", "utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "a again", when="2025-03-04")
    (cases / "c.md").write_text("not committed\n", "utf-8")
    return tmp_path


def test_dates_from_history(repo: Path) -> None:
    dates = history.case_dates(repo, [_case("a"), _case("b"), _case("c", dt.date(2025, 5, 6)),
                                      _case("d")])
    assert dates["a"] == history.CaseDates(dt.date(2025, 1, 2), dt.date(2025, 3, 4), True)
    assert dates["b"] == history.CaseDates(dt.date(2025, 2, 3), dt.date(2025, 2, 3), True)
    assert dates["c"] == history.CaseDates(dt.date(2025, 5, 6), dt.date(2025, 5, 6), False)
    assert "d" not in dates  # neither history nor reviewed
    newest = [slug for slug, _ in history.newest(dates, {"a": 0, "b": 1, "c": 2})]
    assert newest == ["c", "a", "b"]


def test_one_git_call_for_the_whole_folder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = subprocess.run
    monkeypatch.setattr(history.subprocess, "run", lambda *a, **k: calls.append(a) or real(*a, **k))
    history.case_dates(repo, [_case(s) for s in "abc"])
    assert len(calls) == 1


def test_no_history_falls_back_to_reviewed(tmp_path: Path) -> None:
    (tmp_path / "data" / "cases").mkdir(parents=True)
    dates = history.case_dates(tmp_path, [_case("a", dt.date(2024, 4, 1))])
    assert dates["a"] == history.CaseDates(dt.date(2024, 4, 1), dt.date(2024, 4, 1), False)


def test_without_git_program(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    assert history.file_dates(repo) == {}


def test_unpacked_archive_builds_with_reviewed_dates(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    pages = build(Settings.for_root(tmp_path)).pages
    assert "**审核**" in pages["recent.md"] and "**新增**" not in pages["recent.md"]
    assert "收录日期" not in pages["cases/linli-zhongxin.md"]


def test_history_reaches_the_pages(repo: Path) -> None:
    shutil.rmtree(repo / "data")
    shutil.copytree(FIXTURE_DATA, repo / "data")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "library", when="2025-06-07")
    page = repo / "data/cases/linli-zhongxin.md"
    page.write_text(page.read_text("utf-8") + "\n", "utf-8")
    _git(repo, "commit", "-qam", "edit", when="2025-07-08")
    pages = build(Settings.for_root(repo)).pages
    assert "**收录日期**：2025-06-07" in pages["cases/linli-zhongxin.md"]
    assert "**最近修改**：2025-07-08" in pages["cases/linli-zhongxin.md"]
    recent = pages["recent.md"]
    assert recent.index("## 2025-07-08") < recent.index("## 2025-06-07")
    assert "- **修改** [邻里中心]" in recent
    assert "邻里中心](library/cases/linli-zhongxin.md)（修改于 2025-07-08）" in pages["_home.md"]
