"""hooks/segment_cache.py: a warm build reuses jieba's segmentation and writes the same index.

The fixture project is built without the hook, then with it twice (cold, then
warm cache), and once more after the jieba user dictionary changes; every
``search/search_index.json`` must be byte-identical to a build without the
cache from the same inputs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT, generate, make_project, mkdocs_build

HOOK = "hooks/segment_cache.py"
CACHE = Path("build") / "segment-cache.pickle"
LINE = re.compile(r"分词缓存：(\d+) 段沿用，(\d+) 段新分词")


def _config(project: Path, cached: bool) -> str:
    """Write the real mkdocs.yml with or without the cache hook; returns its file name."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    text = re.sub(rf"^[ \t]*- {re.escape(HOOK)}[ \t]*\n", "", text, flags=re.M)
    if cached:
        text, count = re.subn(r"^hooks:[ \t]*\n", f"hooks:\n  - {HOOK}\n", text, flags=re.M)
        assert count == 1
    name = "mkdocs-cached.yml" if cached else "mkdocs-plain.yml"
    (project / name).write_text(text, "utf-8")
    return name


def _build(project: Path, cached: bool, site: str) -> tuple[bytes, tuple[int, int] | None, str]:
    result = mkdocs_build(project, "-f", _config(project, cached), "--site-dir", site)
    assert result.returncode == 0, result.stderr
    found = LINE.search(result.stderr)
    counts = (int(found.group(1)), int(found.group(2))) if found else None
    return (project / site / "search" / "search_index.json").read_bytes(), counts, result.stderr


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("segment-cache") / "project")
    result = generate(project, "build")
    assert result.returncode == 0, result.stderr
    return project


def test_cold_and_warm_builds_write_the_same_index(generated: Path) -> None:
    (generated / CACHE).unlink(missing_ok=True)
    plain, counts, _ = _build(generated, cached=False, site="site-plain")
    assert counts is None  # the hook was not loaded
    cold, counts, _ = _build(generated, cached=True, site="site-cold")
    assert counts is not None and counts[1] > 0
    assert (generated / CACHE).is_file()
    warm, counts, log = _build(generated, cached=True, site="site-warm")
    assert counts is not None and counts[0] > 0 and counts[1] == 0, log
    assert "Building prefix dict" not in log  # a fully warm build never loads jieba
    assert cold == plain
    assert warm == plain
    assert '"pinyin"' in warm.decode("utf-8")  # the pinyin hook still sees every page


def test_changed_user_dictionary_invalidates_the_cache(generated: Path) -> None:
    _build(generated, cached=True, site="site-prime")
    user_dict = generated / "build" / "jieba-user.txt"
    original = user_dict.read_text("utf-8")
    try:
        # A word that changes how the fixture text is segmented.
        user_dict.write_text(original + "社区党委书记 100000 n\n基层治理 100000 n\n", "utf-8")
        plain, _, _ = _build(generated, cached=False, site="site-plain-dict")
        cached, counts, _ = _build(generated, cached=True, site="site-cached-dict")
        assert counts is not None and counts[1] > 0  # new salt: nothing reused
        assert cached == plain
    finally:
        user_dict.write_text(original, "utf-8")


def test_damaged_cache_file_only_costs_time(generated: Path) -> None:
    (generated / CACHE).parent.mkdir(parents=True, exist_ok=True)
    (generated / CACHE).write_bytes(b"not a pickle")
    plain, _, _ = _build(generated, cached=False, site="site-plain-damaged")
    cached, counts, log = _build(generated, cached=True, site="site-damaged")
    assert "无法读取" in log
    assert cached == plain
    _, counts, _ = _build(generated, cached=True, site="site-repaired")
    assert counts is not None and counts[1] == 0
