"""Decoding and front-matter parsing: encodings from Windows editors, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import Problems
from generator.load import decode, load_document

CASE = "---\ntitle: 邻里中心\ntags:\n  - 邻里中心\n  - 自我造血\n---\n\n## 概要\n\n正文。\n"


@pytest.mark.parametrize("encode, encoding", [
    (lambda t: t.encode("utf-8"), "utf-8"),
    (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
    (lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    (lambda t: t.encode("gbk"), "gb18030"),
    (lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"), "utf-8-sig"),
])
def test_windows_files_read_the_same(tmp_path: Path, encode, encoding: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "case.md"
    path.write_bytes(encode(CASE))
    problems = Problems()
    raw = load_document(path, "case.md", problems)
    assert raw is not None
    assert raw.meta == {"title": "邻里中心", "tags": ["邻里中心", "自我造血"]}
    assert raw.encoding == encoding
    assert "\r" not in raw.body
    assert raw.line_of("tags", 1) == 5
    assert problems.errors == []


def test_gbk_file_gets_a_warning_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "case.md"
    path.write_bytes(CASE.encode("gbk"))
    problems = Problems()
    load_document(path, "case.md", problems)
    assert [str(w) for w in problems.warnings] == [
        "case.md: 警告：文件是 GBK 编码，已按 GBK 读取（运行 make fmt 可转换为 UTF-8）"]


def test_undecodable_file_is_refused_with_location(tmp_path: Path) -> None:
    path = tmp_path / "case.md"
    path.write_bytes(b"---\ntitle: ok\n---\n\n\xff\xfe\xfa\n")
    problems = Problems()
    assert load_document(path, "case.md", problems) is None
    assert str(problems.errors[0]).startswith("case.md:5: 文件编码无法识别")


def test_decode_prefers_utf8() -> None:
    assert decode("社区".encode()) == ("社区", "utf-8")


def test_body_line_is_counted_from_file_start(tmp_path: Path) -> None:
    path = tmp_path / "case.md"
    path.write_text(CASE, "utf-8")
    raw = load_document(path, "case.md", Problems())
    assert raw is not None and raw.body_line == 7
