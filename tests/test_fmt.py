"""fmt: UTF-8, LF, field order — and never a change of meaning."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.fmt import format_file, format_text

from .conftest import FIXTURE_DATA

MESSY = ("---\r\ntags: [邻里中心]\r\n# 标题下面是别称\r\ntitle：邻里中心\r\nlevel: 社区村\r\n"
         "categories:\r\n  - 阵地建设\r\nsources:\r\n  - source: ceshi-laiyuan\r\n---\r\n\r\n## 概要\r\n\r\n正文  \r\n")


@pytest.mark.parametrize("encode", [lambda t: t.encode("utf-8"), lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
                                    lambda t: t.encode("gbk")])
def test_normalises_encoding_line_ends_and_order(tmp_path: Path, encode) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "case.md"
    path.write_bytes(encode(MESSY))
    outcome = format_file(path)
    assert outcome.changed and not outcome.error
    text = path.read_bytes().decode("utf-8")
    assert text == ("---\n# 标题下面是别称\ntitle: 邻里中心\nlevel: 社区村\ncategories:\n  - 阵地建设\n"
                    "tags: [邻里中心]\nsources:\n  - source: ceshi-laiyuan\n---\n\n## 概要\n\n正文  \n")
    assert format_file(path).changed is False  # idempotent


def test_refuses_when_meaning_would_change(tmp_path: Path) -> None:
    path = tmp_path / "case.md"
    original = "---\ntitle: [未闭合\n---\n\n## 概要\n"
    path.write_text(original, "utf-8")
    outcome = format_file(path)
    assert outcome.error and not outcome.changed
    assert path.read_text("utf-8") == original


def test_fixture_cases_are_already_formatted() -> None:
    for path in sorted((FIXTURE_DATA / "cases").glob("*.md")):
        text = path.read_text("utf-8")
        assert format_text(text) == text, path.name
