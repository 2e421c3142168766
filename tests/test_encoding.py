"""GBK and Big5 are told apart with certainty, or the file is left alone (generator/encoding.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import opencc
import pytest

from generator import Settings, check
from generator.encoding import BIG5, GBK, UncertainEncoding, decode_legacy
from generator.fmt import format_file

from .conftest import FIXTURE_DATA, ROOT

REAL_CASES = sorted((ROOT / "data" / "cases").glob("*.md"))
TO_TRADITIONAL = opencc.OpenCC("s2t")


def big5(text: str) -> bytes:
    """*text* in Traditional characters as a Taiwanese Windows editor saves it."""
    return TO_TRADITIONAL.convert(text).encode(BIG5, errors="replace")


def test_every_real_case_in_gbk_is_read_as_gbk() -> None:
    assert len(REAL_CASES) >= 40
    for path in REAL_CASES:
        text = path.read_text("utf-8")
        assert decode_legacy(text.encode("gbk")) == (text, GBK), path.name


def test_every_real_case_in_big5_is_read_as_big5() -> None:
    for path in REAL_CASES:
        data = big5(path.read_text("utf-8"))
        assert decode_legacy(data) == (data.decode(BIG5), BIG5), path.name


def test_fmt_turns_a_big5_file_into_the_same_text_in_utf8(tmp_path: Path) -> None:
    source = (FIXTURE_DATA / "cases" / "linli-zhongxin.md").read_text("utf-8")
    path = tmp_path / "case.md"
    path.write_bytes(big5(source))
    outcome = format_file(path)
    assert not outcome.error, outcome.error
    assert "Big5 → UTF-8" in outcome.notes
    assert path.read_text("utf-8") == big5(source).decode(BIG5)  # not GBK mojibake
    assert "陣地" in path.read_text("utf-8")


@pytest.mark.parametrize("data", [
    "---\ntitle: 社区\n---\n".encode("gbk"),          # too little Chinese to tell
    "---\ntitle: 社區\n---\n".encode(BIG5),
    bytes(range(0x81, 0xFF)) * 3,                     # neither reads as text
    b"---\ntitle: \xa4\x40\xb0\xa1\xc9\x40\xd8\xa1\xa4\xa1\xb0\x40\xc9\xa1\xd8\x40\n",  # half and half
])
def test_uncertain_files_are_refused(data: bytes) -> None:
    with pytest.raises(UncertainEncoding):
        decode_legacy(data)


def test_fmt_leaves_an_uncertain_file_alone_and_check_says_the_same(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    original = "---\ntitle: ok\nlevel: ok\n# 社区\n---\n\n## 概要\n".encode("gbk")
    path = tmp_path / "data" / "cases" / "unsure.md"
    path.write_bytes(original)
    outcome = format_file(path)
    assert outcome.error and not outcome.changed and outcome.line == 4
    assert path.read_bytes() == original
    messages = [str(e) for e in check(Settings.for_root(tmp_path)).problems.errors]
    located = [m for m in messages if m.startswith("data/cases/unsure.md:4: ")]
    assert located and "无法确定是 GBK 还是 Big5" in located[0]
    assert "无法确定是 GBK 还是 Big5" in outcome.error


def test_check_warns_about_big5_and_names_it(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    source = (FIXTURE_DATA / "cases" / "linli-zhongxin.md").read_text("utf-8")
    (tmp_path / "data" / "cases" / "linli-zhongxin.md").write_bytes(big5(source))
    warnings = [str(w) for w in check(Settings.for_root(tmp_path)).problems.warnings]
    assert "data/cases/linli-zhongxin.md: 警告：文件是 Big5 编码，已按 Big5 读取（运行 make fmt 可转换为 UTF-8）" \
        in warnings
