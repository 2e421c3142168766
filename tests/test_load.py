"""Decoding and front-matter parsing: encodings from Windows editors, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

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


def _the_loaders_way(text: str) -> tuple[object, dict, list]:
    """What parse_yaml made before it walked the nodes itself: the loader's construct_document,
    then every value's line from the node tree."""
    import yaml

    from generator import load

    loader = load._LineLoader(text)
    loader.duplicates = []
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except (yaml.YAMLError, ValueError) as exc:
        return type(exc).__name__, {}, []
    finally:
        loader.dispose()
    lines: dict = {}
    if node is not None:
        load._record_lines(node, (), 2, lines)
    return data, lines, loader.duplicates


def _walked(text: str) -> tuple[object, dict, list]:
    import yaml

    from generator import load

    loader = load._LineLoader(text)
    loader.duplicates = []
    lines: dict = {}
    try:
        node = loader.get_single_node()
        data = load._construct(loader, node, (), 2, lines) if node is not None else None
    except (yaml.YAMLError, ValueError) as exc:
        return type(exc).__name__, {}, []
    finally:
        loader.dispose()
    return data, lines if node is not None else {}, loader.duplicates


_SCALARS = ["0", "7", "012", "0x1F", "0o17", "0b101", "1_000", "-3", "+4", "1:30", "190:20:30", "3.5",
            "1e3", ".inf", "-.Inf", ".nan", "yes", "No", "on", "OFF", "true", "~", "null", "", "2025-11-01",
            "2025-02-30", "2001-12-14t21:59:43.10-05:00", "邻里中心", "“3+6”工作模式", "'12'", '"0x10"',
            "!!str 12", "!!int '12'", "!!float 1", "!!binary aGk=", "１２", "٣", "a: b", "[1, 2]", "{x: 1}",
            "? complex", "- item"]


@pytest.mark.parametrize("value", _SCALARS)
def test_front_matter_walk_makes_what_the_loader_makes(value: str) -> None:
    """Values, lines and duplicate keys exactly as PyYAML's own construction and the node walk
    gave them, for every kind of scalar (YAML 1.1's octal, sexagesimal, booleans, dates …)."""
    text = (f"title: x\nvalue: {value}\nlist:\n  - {value}\n  - what: {value}\n    value: 1\n"
            f"nested:\n  deep: [{value}]\ntitle: again\n")
    assert _walked(text) == _the_loaders_way(text)


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.dates() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.text(max_size=6) | st.integers() | st.booleans(), inner, max_size=3),
    max_leaves=12))
@example({"<<": {"a": 1}, "b": [1, 2]})
@example({1: "one", "two": {True: None}})
def test_any_front_matter_walks_as_the_loader_constructs(data: object) -> None:
    import yaml

    for style in (False, True, None):
        text = yaml.safe_dump({"data": data}, allow_unicode=True, default_flow_style=style)
        assert _walked(text) == _the_loaders_way(text)


@pytest.mark.parametrize("text", [
    "a: 1\nb: 2\na: 3\n",                       # a duplicate key
    "a: 1\n<<: {b: 2}\n",                        # a merge key without an anchor
    "a: !!set {x, y}\nb: !!omap [{x: 1}]\n",     # other collections
    "? [a, b]\n: c\n",                           # a key that is no text (unhashable)
    "a: {1: x, 2: [y]}\n",                       # numbers as keys
])
def test_unusual_front_matter_walks_as_the_loader_constructs(text: str) -> None:
    assert _walked(text) == _the_loaders_way(text)


def test_front_matter_with_an_ampersand_is_left_to_the_loader() -> None:
    """An ``&`` anywhere (an anchor, which limits refuses anyway, or text like 「党建&治理」) sends
    parse_yaml the loader's own way: the same values and lines as the walk."""
    from generator.load import parse_yaml

    for text in ('title: "党建&治理"\nfigures:\n  - value: 12\n', 'title: "党建治理"\nfigures:\n  - value: 12\n'):
        problems = Problems()
        parsed = parse_yaml(text, "x.md", 2, problems)
        assert parsed is not None and not problems.items
        data, lines = parsed
        assert (data, lines, []) == _the_loaders_way(text)
        assert lines[("figures", 0, "value")] == 4
