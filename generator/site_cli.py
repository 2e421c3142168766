"""``python -m generator site``: check, generate and publish ``site/`` under one lock.

This is what ``make build`` and ``make offline`` run. Everything is in one
process and one lock so that two builds started at once cannot interleave,
and every failure ends in a Chinese message, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .build import build
from .errors import BuildFailed
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


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Add ``site`` to the generator's subcommands; returns its parser."""
    parser = subparsers.add_parser(
        "site", help="检查、生成页面并构建网站 site/（整体替换，失败时保留原网站）",
        description="检查数据、生成 docs/library/，用 mkdocs build --strict 构建到临时目录，"
                    "完整成功后一次性替换 site/；失败、被中断或磁盘已满时原网站不变。"
                    "同一项目同时只能运行一个构建。")
    parser.add_argument("--site-dir", help="网站输出目录（默认：项目根目录下的 site）")
    parser.set_defaults(func=run)
    return parser
