"""``python -m generator site``: check, generate and publish ``site/`` under one lock.

This is what ``make build`` and ``make offline`` run. Everything is in one
process and one lock so that two builds started at once cannot interleave,
and every failure ends in a Chinese message, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from .build import build
from .errors import BuildFailed
from .model import Library
from .publish import Busy, PublishFailed, _os_message, project_lock, publish
from .settings import Settings
from .write import UnsafePath


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    """Lock, generate docs/library/, build the site into a new folder and swap it in."""
    settings = Settings.from_environment(Path(args.root))
    target = Path(args.site_dir) if args.site_dir else settings.root / "site"
    if not target.is_absolute():
        target = settings.root / target
    start = time.perf_counter()
    try:
        with project_lock(settings.build):
            _progress("检查并生成页面 …")
            try:
                result = build(settings)
            except BuildFailed as failed:
                for item in failed.problems.warnings + failed.problems.errors:
                    print(item, file=sys.stderr)
                print(f"构建失败：{len(failed.problems.errors)} 个数据错误，"
                      f"{settings.display(target)}/ 未改动。", file=sys.stderr)
                return 1
            for item in result.problems.warnings:
                print(item, file=sys.stderr)
            _progress(f"已生成 {len(result.pages)} 个页面（{len(result.library.cases)} 个案例）。")
            seconds = publish(settings.root, target, _progress)
    except Busy as exc:
        print(f"构建被拒绝：{exc}。", file=sys.stderr)
        return 1
    except PublishFailed as exc:
        for line in blame(exc.logged, result.library):
            print(line, file=sys.stderr)
        print(f"构建失败：{exc}；{settings.display(target)}/ 保持原样。", file=sys.stderr)
        return 1
    except UnsafePath as exc:
        print(f"构建失败：{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"构建失败：{_os_message(exc)}；{settings.display(target)}/ 保持原样。", file=sys.stderr)
        return 1
    pages = sum(1 for _ in target.rglob("*.html"))
    print(f"网站已更新：{settings.display(target)}/（{pages} 个 HTML 页面，MkDocs 用时 {seconds:.1f} 秒，"
          f"共 {time.perf_counter() - start:.1f} 秒）。")
    return 0


_PAGE = re.compile(r"library/((?:cases|glossary|sources)/[a-z0-9-]+)\.md")


def blame(logged: list[str], library: Library) -> list[str]:
    """``data/cases/x.md: …`` for each MkDocs message that names a generated page."""
    owners = {f"cases/{c.slug}": c.path for c in library.cases}
    owners.update({f"glossary/{g.slug}": g.path for g in library.glossary})
    owners.update({f"sources/{s.slug}": s.path for s in library.sources})
    out = []
    for message in dict.fromkeys(logged):
        match = _PAGE.search(message)
        if match and match.group(1) in owners:
            out.append(f"{owners[match.group(1)]}: 这个文件生成的页面无法构建：{message.strip()[:300]}"
                       "（检查正文里的 HTML 和特殊写法）")
    return out


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``site`` to the generator's subcommands; returns its parser."""
    parser = subparsers.add_parser(
        "site", help="检查、生成页面并构建网站 site/（整体替换，失败时保留原网站）",
        description="检查数据、生成 docs/library/，用 mkdocs build --strict 构建到临时目录，"
                    "完整成功后一次性替换 site/；失败、被中断或磁盘已满时原网站不变。"
                    "同一项目同时只能运行一个构建。")
    parser.add_argument("--site-dir", help="网站输出目录（默认：项目根目录下的 site）")
    parser.set_defaults(func=run)
    return parser
