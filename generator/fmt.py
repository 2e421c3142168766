"""``fmt``: normalise case files without changing what they say.

Windows editors leave BOMs, CRLF line ends, GBK bytes and full-width colons
after keys. ``fmt`` rewrites a file as UTF-8 with LF, puts the top-level
front-matter fields in schema order (each field's lines move as a block,
comments and formatting kept), and fixes a full-width colon after a
top-level key. It then parses the result and refuses to write it unless the
data is exactly what the original said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .atomic import atomic_write
from .encoding import UncertainEncoding, label
from .errors import Problems
from .load import decode, parse_yaml, split_front_matter
from .oserrors import reason
from .schema import FIELDS

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*[:：]")
_FULLWIDTH = re.compile(r"^([A-Za-z_][\w-]*)\s*：\s*")
ORDER = {f.name: i for i, f in enumerate(FIELDS)}


@dataclass
class Outcome:
    """What fmt did to one file."""

    path: Path
    changed: bool
    notes: list[str]
    error: str = ""
    line: int = 0
    """File line the error is about (0: the whole file)."""


def _reorder(front: str) -> str:
    """Top-level fields in schema order; each field keeps its own lines."""
    blocks: list[tuple[str, list[str]]] = []
    pending: list[str] = []  # comments and blank lines attach to the next field
    for line in front.split("\n"):
        match = _TOP_KEY.match(line)
        if match:
            blocks.append((match.group(1), pending + [line]))
            pending = []
        elif blocks and line[:1] in (" ", "-") and line.strip():
            blocks[-1][1].append(line)
        else:
            pending.append(line)
    ordered = sorted(enumerate(blocks), key=lambda b: (ORDER.get(b[1][0], len(ORDER)), b[0]))
    lines = [line for _, (_, block) in ordered for line in block] + pending
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def format_text(text: str) -> str:
    """The normalised form of a decoded case file (LF line ends assumed)."""
    problems = Problems()
    split = split_front_matter(text, "", problems)
    if split is None:
        return text
    front, _, body, _ = split
    front = "\n".join(_FULLWIDTH.sub(r"\1: ", line) for line in front.split("\n"))
    return "---\n" + _reorder(front) + "\n---\n" + body


def _data(text: str):  # type: ignore[no-untyped-def]
    problems = Problems()
    split = split_front_matter(text, "", problems)
    if split is None:
        return None, None
    parsed = parse_yaml(split[0], "", 2, problems)
    return (parsed[0] if parsed else None), split[2]


def format_file(path: Path, write: bool = True) -> Outcome:
    """Normalise one file in place (when *write*); never changes its meaning."""
    if path.is_symlink():  # rewriting would replace the link by a copy
        return Outcome(path, False, [], "这是一个符号链接，未改动（提交文件本身，不要提交链接）")
    if path.exists() and not path.is_file() and not path.is_dir():  # a pipe would block for ever
        return Outcome(path, False, [], "这不是普通文件（是管道、设备或套接字），未改动")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Outcome(path, False, [], "无法读取文件：" + "（".join(reason(exc)) + "）")
    try:
        text, encoding = decode(raw)
    except UncertainEncoding as exc:
        return Outcome(path, False, [], f"{exc.reason}，未改动"
                                        "（请在编辑器中选择“另存为 UTF-8”）", line=exc.line)
    notes = []
    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"{label(encoding)} → UTF-8")
    if encoding == "utf-8-sig":
        notes.append("去掉 BOM")
    if "\r" in text:
        notes.append("CRLF → LF")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    result = format_text(text)
    if result != text:
        notes.append("字段顺序/冒号")
    before, body_before = _data(text)
    after, body_after = _data(result)
    if after is None or body_after != body_before or (before is not None and before != after):
        return Outcome(path, False, notes, "整理后内容会变化，未改动；请先运行 make check 修正错误")
    new = result.encode("utf-8")
    if new == raw:
        return Outcome(path, False, [])
    if write:
        try:
            atomic_write(path, new)
        except OSError as exc:
            what, fix = reason(exc)
            return Outcome(path, False, notes, f"无法写入：{what}，原文件未改动（{fix}）")
    return Outcome(path, True, notes)
