"""Reading data files: the only place that touches bytes and encodings.

Contributors write on Windows, so files may arrive as UTF-8 with a BOM, with
CRLF line ends, or in GBK. Everything is decoded here into plain ``str`` with
``\\n`` line ends; the rest of the generator never sees bytes. Front matter is
parsed with PyYAML's C loader into plain data plus a map from each value's
path to its line, so that later checks can point at the exact line.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import limits, oserrors
from .encoding import UncertainEncoding, decode_legacy, label
from .errors import DataError, Problems

try:  # The C loader is ~8x faster; fall back so a missing libyaml is not fatal.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    # Same interface; the stubs type the C and pure-Python loaders as unrelated classes.
    _BaseLoader = yaml.SafeLoader  # type: ignore[assignment,misc]

KeyPath = tuple[Any, ...]
"""Path of a value inside front matter, e.g. ``("tags", 2)``."""


@dataclass
class RawDoc:
    """A data file split into front matter and body, not yet validated."""

    path: str
    """Path relative to the project root, for messages."""
    meta: dict[str, Any]
    """Front matter as plain Python data."""
    lines: dict[KeyPath, int] = field(default_factory=dict)
    """1-based file line of every key and value in the front matter."""
    body: str = ""
    """Everything after the closing ``---``."""
    body_line: int = 1
    """File line on which the body starts."""
    encoding: str = "utf-8"
    """How the bytes were decoded: ``utf-8``, ``utf-8-sig``, ``gb18030`` (GBK) or ``cp950`` (Big5)."""
    crlf: bool = False
    """Whether the file used CRLF line ends."""

    def line_of(self, *path: Any) -> int:
        """Line of *path*, or of its nearest recorded parent, or 1."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes; returns (text, encoding name).

    UTF-8 (with or without BOM) is tried first; a file that is not UTF-8 is
    accepted as GBK (GB18030) or Big5 only when :mod:`generator.encoding`
    can tell which with certainty. Anything else raises
    :class:`~generator.encoding.UncertainEncoding`.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UncertainEncoding(data[3:3 + exc.start].count(b"\n") + 1,
                                    "文件开头标明是 UTF-8，但内容不是 UTF-8") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return decode_legacy(data)


def read_text(path: Path, display: str, problems: Problems) -> tuple[str, str, bool] | None:
    """Read and decode one file; record a located problem instead of raising."""
    if path.is_symlink():  # a link could publish any file of the machine
        problems.add(display, 0, "这是一个符号链接，不能作为数据文件",
                     "提交文件本身，不要提交指向别处的链接")
        return None
    try:
        mode = path.stat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # a pipe would block for ever
            problems.add(display, 0, "这不是普通文件（是管道、设备或套接字）", "删掉它，换成普通的文本文件")
            return None
        with path.open("rb") as handle:  # never more than the limit into memory
            data = handle.read(limits.MAX_FILE_BYTES + 1)
        size = path.stat().st_size if len(data) > limits.MAX_FILE_BYTES else len(data)
    except OSError as exc:
        what, fix = oserrors.reason(exc)
        problems.add(display, 0, f"无法读取文件：{what}", fix)
        return None
    if not limits.file_size(size, display, problems):
        return None
    try:
        text, encoding = decode(data)
    except UncertainEncoding as exc:
        problems.add(display, exc.line, exc.reason,
                     "请在编辑器中选择“另存为 UTF-8”后重新提交；make fmt 不会改动这个文件")
        return None
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if encoding not in ("utf-8", "utf-8-sig"):
        name = label(encoding)
        problems.add(display, 0, f"文件是 {name} 编码，已按 {name} 读取",
                     "运行 make fmt 可转换为 UTF-8", severity="warning")
    return text, encoding, crlf


_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*：")
_CJK_KEY = re.compile(r"^\s*(?:-\s+)?([\u4e00-\u9fff]{1,8})\s*[:：]")
_CJK_KEY_ANYWHERE = re.compile(_CJK_KEY.pattern, re.M)


class _LineLoader(_BaseLoader):
    """Safe loader that refuses duplicate keys (YAML silently keeps the last)."""

    duplicates: list[tuple[str, int]]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                continue
            if key in seen:
                self.duplicates.append((str(key), key_node.start_mark.line))
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def _record_lines(node: yaml.Node, path: KeyPath, offset: int, out: dict[KeyPath, int]) -> None:
    """Walk the composed node tree and note the line of every value."""
    out[path] = node.start_mark.line + offset
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            _record_lines(value_node, path + (key,), offset, out)
            out[path + (key,)] = key_node.start_mark.line + offset  # the key's line wins
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (index,), offset, out)


_STR, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


def _construct(loader: _LineLoader, node: yaml.Node, path: KeyPath, offset: int,
               out: dict[KeyPath, int]) -> Any:
    """*node*'s value, as the loader's ``construct_document`` makes it, noting the line of every
    value in *out* as :func:`_record_lines` does — in one walk, for the shapes front matter has
    (text keys; mappings, lists, text and decimal numbers made here; any other value by the
    loader). Twice as fast as the loader's own walk, which asks a resolver and a table for
    every value (10,000 case files: ~1 s of loading). The node tree must hold no anchors."""
    out[path] = node.start_mark.line + offset
    tag = node.tag
    if tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value
    if tag == _MAP and isinstance(node, yaml.MappingNode) and all(
            key.tag == _STR and isinstance(key, yaml.ScalarNode) for key, _ in node.value):
        made: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in made:
                loader.duplicates.append((key, key_node.start_mark.line))
            made[key] = _construct(loader, value_node, (*path, key), offset, out)
            out[(*path, key)] = key_node.start_mark.line + offset   # the key's line wins
        return made
    if tag == _SEQ and isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, (*path, index), offset, out) for index, item in enumerate(node.value)]
    if tag == _INT and node.value.isascii() and node.value.isdigit() and (node.value == "0" or node.value[0] != "0"):
        return int(node.value)
    value = loader.construct_object(node, deep=True)   # anything else: the loader's way
    if isinstance(node, yaml.CollectionNode):   # keys that are not text, merge keys, sets …
        _record_lines(node, path, offset, out)
    return value


def parse_yaml(text: str, display: str, first_line: int, problems: Problems,
               english_keys: bool = True) -> tuple[Any, dict[KeyPath, int]] | None:
    """Parse a YAML text whose first line is file line *first_line*.

    Returns the data and the line map, or ``None`` after recording problems.
    Tabs, full-width colons after keys and (with *english_keys*) Chinese
    keys are caught before YAML sees them, because YAML's own messages for
    them are cryptic.
    """
    if not limits.yaml_text(text, display, first_line, problems):
        return None
    found = False
    suspicious = "\t" in text or "：" in text or (english_keys and _CJK_KEY_ANYWHERE.search(text))
    for number, text_line in enumerate(text.split("\n") if suspicious else (), start=first_line):
        if "\t" in text_line:
            problems.add(display, number, "使用了制表符（Tab）",
                         "YAML 只认空格缩进，请把 Tab 换成两个空格")
            found = True
        match = _FULLWIDTH_KEY.match(text_line)
        if match:
            problems.add(display, number, f"字段 {match.group(1)} 后面是全角冒号“：”",
                         f"改成半角冒号和一个空格：“{match.group(1)}: ”", field=match.group(1))
            found = True
        elif english_keys and (cjk := _CJK_KEY.match(text_line)) and not text_line.lstrip().startswith("#"):
            key = cjk.group(1)
            problems.add(display, number, f"字段名“{key}”不是可用的字段",
                         "字段名用英文，例如 title、tags；见「如何撰写案例」")
            found = True
    if found:
        return None
    loader = _LineLoader(text)
    loader.duplicates = []
    lines: dict[KeyPath, int] = {}
    try:
        node = loader.get_single_node()
        if node is None:
            data = None
        elif "&" in text:   # anchors (and so aliases, even to themselves): PyYAML's own way
            data = loader.construct_document(node)
            _record_lines(node, (), first_line, lines)
        else:
            data = _construct(loader, node, (), first_line, lines)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problems.add(display, line, f"YAML 格式错误：{exc.problem or exc.context}",
                     "检查这一行和上一行的缩进、冒号和引号是否成对")
        return None
    except yaml.YAMLError as exc:
        problems.add(display, first_line, f"YAML 格式错误：{exc}")
        return None
    except ValueError as exc:  # e.g. a date that does not exist: 2026-02-30
        line = first_line + _bad_scalar_line(loader, node)
        problems.add(display, line, f"无法识别的值：{exc}",
                     "日期写成真实存在的 YYYY-MM-DD；不是日期的文字请加引号")
        return None
    finally:
        loader.dispose()
    for key, line in loader.duplicates:
        problems.add(display, first_line + line, f"字段 {key} 重复出现",
                     "同一个字段只能写一次，请合并或删掉一处", field=key)
    if loader.duplicates:
        return None
    return data, lines


def _bad_scalar_line(loader: _LineLoader, node: yaml.Node | None) -> int:
    """0-based line of the first scalar that fails to construct (dates, numbers)."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop(0)
        if isinstance(current, yaml.ScalarNode):
            try:
                loader.construct_object(current, deep=True)
            except (ValueError, yaml.YAMLError):
                return current.start_mark.line
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return 0


def split_front_matter(text: str, display: str, problems: Problems
                       ) -> tuple[str, int, str, int] | None:
    """Split ``---`` front matter from the body.

    Returns (yaml text, its first file line, body, body's first file line).
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(display, 1, "缺少开头的元数据（front matter）",
                     "文件第一行必须是三个减号 ---，然后是 title: 等字段，再用一行 --- 结束")
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1:]), index + 2
    problems.add(display, 1, "元数据没有结束",
                 "在最后一个字段之后加一行三个减号 ---，再写正文")
    return None


_PARSED: dict[tuple[str, str], tuple[tuple[int, ...], RawDoc | None, list[DataError]]] = {}
"""(path, display) → (file stamp, parse result, its problems), kept for the process: the preview
(``make serve`` regenerates in one process) parses again only the files an edit touched."""


def memo_key(path: Path, display: str) -> tuple[str, str]:
    """A file's key in :data:`_PARSED`."""
    return (str(path), display)


def load_document(path: Path, display: str, problems: Problems) -> RawDoc | None:
    """Read one Markdown file with YAML front matter (parsed again only when the file changed)."""
    try:
        st = os.lstat(path)
        stamp: tuple[int, ...] | None = (st.st_mode, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    except OSError:
        stamp = None
    key = memo_key(path, display)
    known = _PARSED.get(key)
    if stamp is not None and known is not None and known[0] == stamp:
        problems.items.extend(known[2])
        return known[1]
    mine = Problems()
    raw = _parse_document(path, display, mine)
    problems.extend(mine)
    if stamp is not None and stat.S_ISREG(stamp[0]):
        _PARSED[key] = (stamp, raw, list(mine.items))
    return raw


def _parse_document(path: Path, display: str, problems: Problems) -> RawDoc | None:
    read = read_text(path, display, problems)
    if read is None:
        return None
    text, encoding, crlf = read
    split = split_front_matter(text, display, problems)
    if split is None:
        return None
    yaml_text, yaml_line, body, body_line = split
    parsed = parse_yaml(yaml_text, display, yaml_line, problems)
    if parsed is None:
        return None
    meta, lines = parsed
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        problems.add(display, yaml_line, "元数据应当是“字段: 值”的形式",
                     "每行写一个字段，例如 title: 邻里中心")
        return None
    raw = RawDoc(display, meta, lines, body, body_line, encoding, crlf)
    limits.meta_values(meta, raw.line_of, display, problems)
    if not limits.body_text(body, display, body_line, problems):
        return None
    return raw


def load_yaml_file(path: Path, display: str, problems: Problems) -> tuple[Any, dict[KeyPath, int]] | None:
    """Read one plain YAML data file (vocabularies)."""
    read = read_text(path, display, problems)
    if read is None:
        return None
    parsed = parse_yaml(read[0], display, 1, problems, english_keys=False)
    if parsed is not None:
        lines = parsed[1]
        limits.meta_values(parsed[0], lambda *p: _nearest(lines, p), display, problems)
    return parsed


def _nearest(lines: dict[KeyPath, int], path: KeyPath) -> int:
    """Line of *path* or of its nearest recorded parent, or 1."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return 1
