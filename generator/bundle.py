"""The offline bundle: one zip of the offline build, opened from ``file://``.

Entries are sorted and stamped with a fixed time so the same site gives the
same zip. Everything lives under one folder, with a short Chinese note on
how to open it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

FOLDER = "handbook"
NOTE = ("社区治理案例手册（离线版）\r\n\r\n"
        "解压后，用浏览器打开 handbook 文件夹中的 index.html 即可阅读和搜索，无需联网。\r\n"
        "请整体复制整个文件夹，不要只复制其中的网页。\r\n")
STAMP = (2020, 1, 1, 0, 0, 0)
_BUILD_META = re.compile(r'<meta name="handbook-build" content="([^"]*)"')


def build_note(site: Path) -> str:
    """The note with the build date and version the site's pages show in their footer.

    Read back from the built home page, so the note and the pages cannot disagree.
    """
    match = _BUILD_META.search((site / "index.html").read_text("utf-8", errors="replace"))
    date, _, version = (match.group(1).strip() if match else "").partition(" ")
    lines = [NOTE]
    if date:
        lines.append(f"\r\n构建日期：{date}\r\n")
    if version:
        lines.append(f"版本：{version}\r\n")
    if date:
        lines.append("内容以构建日期为准；需要最新内容请向维护者索取新的离线包。\r\n")
    return "".join(lines)


def make_bundle(site: Path, target: Path) -> tuple[int, int]:
    """Zip *site* into *target*; returns (files, HTML pages)."""
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site} 中没有 index.html，请先构建离线版")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    files = pages = 0
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        note = zipfile.ZipInfo("使用说明.txt", STAMP)
        zf.writestr(note, build_note(site).encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            rel = path.relative_to(site).as_posix()
            info = zipfile.ZipInfo(f"{FOLDER}/{rel}", STAMP)
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
            files += 1
            pages += rel.endswith(".html")
    tmp.replace(target)
    return files, pages
