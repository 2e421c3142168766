"""Addresses readers already have: keep every published case address working.

Readers save, print (the print layout prints 本页地址) and forward case
addresses, ``library/cases/<slug>.html``. A case whose file or ``slug`` is
renamed lists its old slugs in ``previous_slugs``; each gets a page that
sends the reader on (:mod:`generator.redirects`).

The addresses the published site has are listed in ``data/published.txt``
(one slug a line with the case's title after ``#``, committed, refreshed by
``python -m generator published`` after publishing). ``check`` reports every listed slug that no case uses any
more, on a fresh clone and in a pull request alike, without Git history.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .errors import Problems
from .load import RawDoc
from .model import Library

PUBLISHED = "published.txt"
"""The list of published case slugs, under data/."""

HEADER = """\
# 已经发布的案例网址名：网站上的 library/cases/<网址名>.html，一行一个，# 后面是案例标题。
# make check 用它提醒：案例改名或删除会让这些网址失效（改法：在案例里写 previous_slugs）。
# 发布新版本后由维护人运行 make published 补充；只有确实要让某个网址失效时才删掉那一行。
"""


def previous_slugs(raw: RawDoc, value: Any, problems: Problems) -> tuple[str, ...]:
    """Validate ``previous_slugs``: a list of slugs, each a valid URL name."""
    from .validate import SLUG_RE  # validate imports this module

    if value is None:
        return ()
    example = "previous_slugs: [linli-fuwu-zhongxin]"
    if not isinstance(value, list):
        problems.add(raw.path, raw.line_of("previous_slugs"), "previous_slugs（曾用网址名）应当是列表",
                     f"用方括号写成列表，例如：{example}", field="previous_slugs")
        return ()
    out: list[str] = []
    for index, item in enumerate(value):
        line = raw.line_of("previous_slugs", index)
        if not isinstance(item, str) or not SLUG_RE.match(item.strip()):
            problems.add(raw.path, line, f"previous_slugs（曾用网址名）“{item}”不合规",
                         "写以前的网址名：只有小写字母、数字和单个连字符，例如 linli-zhongxin",
                         field="previous_slugs")
            continue
        if item.strip() not in out:
            out.append(item.strip())
    return tuple(out)


def read_published(path: Path) -> list[tuple[str, int, str]]:
    """(slug, line, title noted after ``#``) of every entry; a missing file gives none."""
    if not path.is_file():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text, _, note = line.partition("#")
        if text.strip():
            entries.append((text.strip(), number, note.strip()))
    return entries


def check(library: Library, data: Path, display: str, problems: Problems) -> None:
    """Old slugs must not clash; every published address must still have a page.

    *display* is the published list's path as contributors see it.
    """
    current = {c.slug: c for c in library.cases if c.slug}
    claimed: dict[str, str] = {}
    for case in library.cases:
        line = case.field_lines.get("previous_slugs", 1)
        for old in case.previous_slugs:
            if old in current and current[old] is case:
                problems.add(case.path, line, f"曾用网址名“{old}”正是本案例现在的网址名",
                             "从 previous_slugs 里删掉这一项：仍在使用的网址不需要转向",
                             field="previous_slugs")
            elif old in current:
                owner = current[old]
                problems.add(case.path, line, f"曾用网址名“{old}”正是 {owner.path} 现在的网址名",
                             f"一个网址只能通向一个案例：给 {owner.path} 另写一个 slug（旧网址继续转到本案例），"
                             "或者从这里删掉这一项", field="previous_slugs")
                problems.add(owner.path, owner.field_lines.get("slug", 1),
                             f"网址名“{old}”是 {case.path} 以前的网址（写在它的 previous_slugs 里）",
                             "读者保存的这个地址原来是另一个案例：给本案例另写一个 slug: …", field="slug")
            elif old in claimed and claimed[old] != case.path:
                problems.add(case.path, line, f"曾用网址名“{old}”已写在 {claimed[old]} 里",
                             "一个旧网址只能转到一个案例：从其中一个文件里删掉", field="previous_slugs")
            claimed.setdefault(old, case.path)
    from .validate import SLUG_RE

    kept = set(current) | set(claimed)
    by_title = {c.title: c for c in library.cases}
    for slug, line, title in read_published(data / PUBLISHED):
        if not SLUG_RE.match(slug):
            problems.add(display, line, f"“{slug}”不是合规的网址名",
                         "每行一个网址名（小写字母、数字和单个连字符），标题写在 # 后面")
            continue
        if slug in kept:
            continue
        lost = f"已发布的网址 library/cases/{slug}.html 将失效：没有案例再使用网址名“{slug}”"
        renamed = by_title.get(title) if title else None
        if renamed is not None:
            # Same title under a new file name or slug: point at the file the contributor changed.
            problems.add(renamed.path, renamed.field_lines.get("title", 1), lost,
                         f"本案例以前的网址名是“{slug}”：在元数据里加一行 previous_slugs: [{slug}]，"
                         "旧网址就会转到本页", field="previous_slugs")
            continue
        problems.add(display, line, lost,
                     f"案例改了文件名或 slug 的，在改名后的案例文件的元数据里加一行 previous_slugs: [{slug}]，"
                     f"旧网址就会转到新页面；案例确实要删除的，同时删掉 {display} 的第 {line} 行")


def refresh(library: Library, path: Path) -> int:
    """Add every case slug and old slug to the published list; returns how many were new."""
    notes = {slug: title for slug, _, title in read_published(path)}
    listed = set(notes)
    for case in library.cases:
        if case.slug:
            notes[case.slug] = case.title
        for old in case.previous_slugs:
            notes.setdefault(old, case.title)
    lines = [f"{slug}  # {notes[slug]}" if notes[slug] else slug for slug in sorted(notes)]
    path.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return len(set(notes) - listed)


def cmd_published(args: argparse.Namespace) -> int:
    from .build import check as run_check
    from .settings import Settings

    settings = Settings.for_root(Path(args.root))
    result = run_check(settings)
    if result.problems.errors:
        for item in result.problems.errors:
            print(item, file=sys.stderr)
        print("数据有错误，没有更新网址清单；先运行 make check 改好。", file=sys.stderr)
        return 1
    path = settings.data / PUBLISHED
    added = refresh(result.library, path)
    total = len(read_published(path))
    print(f"已记入 {added} 个新网址名，共 {total} 个 → {settings.display(path)}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``published`` to the generator's subcommands."""
    parser = subparsers.add_parser(
        "published", help="把现有案例的网址名记入 data/published.txt（发布后运行）",
        description="把全部案例现在的网址名和曾用网址名补进 data/published.txt（只增不删）。"
                    "之后 make check 会提醒：哪个改动会让已经发布的网址失效、怎样保留它。")
    parser.set_defaults(func=cmd_published)
    return parser
