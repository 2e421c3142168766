"""data/vocab/pinyin.yml: a bad reading is a located error, never an IndexError (generator/readings.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import Settings, check

from .conftest import FIXTURE_DATA

BAD_READINGS = [
    ("邹庙村: zou1 miao4", 2, "“邹庙村”有 3 个字，读音却有 2 个音节"),
    ("邹庙村: zou1 miao4 cun1 cun1", 2, "读音却有 4 个音节"),
    ("邹庙村: zou9 miao4 cun1", 2, "“邹庙村”的读音中“zou9”不是拼音"),
    ("邹庙村: 邹 miao4 cun1", 2, "不是拼音"),
    ("邹庙村: ''", 2, "有 3 个字，读音却有 0 个音节"),
    ("邹庙村: [zou1, miao4, cun1]", 2, "“邹庙村”的读音应当是拼音文字"),
    ("邹庙村: {a: 1}", 2, "读音应当是拼音文字"),
    ("邹庙村: 123", 2, "读音应当是拼音文字"),
    ("zoumiao: zou1 miao4", 2, "“zoumiao”不是汉字词语"),
    ("- 邹庙村", 1, "读音文件应当是“词语: 拼音”的列表"),
]


@pytest.mark.parametrize("entry, line, message", BAD_READINGS)
def test_bad_reading_is_located(tmp_path: Path, entry: str, line: int, message: str) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    (tmp_path / "data" / "vocab" / "pinyin.yml").write_text("# 读音更正\n" * (line == 2) + entry + "\n", "utf-8")
    errors = [str(e) for e in check(Settings.for_root(tmp_path)).problems.errors]
    assert any(e.startswith(f"data/vocab/pinyin.yml:{line}: ") and message in e for e in errors), errors


def test_good_readings_are_used(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    from generator import pinyin

    assert pinyin.full("行长") == "hangzhang"
    (tmp_path / "data" / "vocab" / "pinyin.yml").write_text("行长: xing2 zhang3\n", "utf-8")
    try:
        result = check(Settings.for_root(tmp_path))
        assert result.problems.errors == []
        assert pinyin.full("行长") == "xingzhang"
    finally:
        pinyin.add_readings({"行长": "hang2 zhang3"})
