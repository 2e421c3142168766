"""Command line: ``python -m generator build|check|new …``."""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
import threading
import time
from pathlib import Path

from . import addresses, annotate, limited
from .build import build, check
from .bundle import make_bundle
from .edit import EditConfigError
from .errors import BuildFailed, Problems
from .fmt import format_file
from .importer import register as register_import
from .oserrors import describe
from .publish import Busy, project_lock
from .review.cli import register as register_diff
from .scaffold import ScaffoldError, new_case
from .settings import Settings
from .site_cli import register as register_site
from .write import UnsafePath


def _print_problems(problems: Problems, stream=None) -> None:  # type: ignore[no-untyped-def]
    for item in problems.warnings + problems.errors:
        print(item, file=stream or sys.stderr)


def _settings(args: argparse.Namespace, **options: object) -> Settings:
    """Settings for the project at ``--root``; repository settings come from the environment."""
    return Settings.from_environment(Path(args.root), **options)


_ENDING: list[object] = []
"""What a command of a process that ends with it leaves to be freed with the process."""


def cmd_build(args: argparse.Namespace) -> int:
    options: dict[str, object] = {"glossary_links": not args.no_glossary_links}
    if args.no_exports:
        options["exports"] = False
    settings = _settings(args, **options)
    if args.ending:
        # The process ends with this command (leave): garbage collection, paused for the run,
        # stays paused. Resumed, it walked the run's objects once more (0.5–0.9 s at 10,000 cases).
        gc.disable()
    start = time.perf_counter()
    try:
        with project_lock(settings.build):  # not while `site` or another `build` writes
            result = build(settings)
    except Busy as exc:
        print(f"生成被拒绝：{exc}。", file=sys.stderr)
        return 1
    except BuildFailed as failed:
        _print_problems(failed.problems)
        print(f"生成失败：{len(failed.problems.errors)} 个错误，原有输出未改动。", file=sys.stderr)
        return 1
    except UnsafePath as exc:
        print(f"生成失败：{exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # read-only output, full disk …
        print(f"生成失败：{describe(exc)}", file=sys.stderr)
        return 1
    if args.ending:   # freed with the process (leave), not object by object on return: 0.3 s at 10,000 cases
        _ENDING.append(result)
    _print_problems(result.problems)
    report = result.report
    assert report is not None
    print(f"已生成 {len(result.pages)} 个页面（{len(result.library.cases)} 个案例）："
          f"写入 {len(report.written)}，未变 {report.unchanged}，删除 {len(report.deleted)}，"
          f"用时 {time.perf_counter() - start:.2f} 秒 → {settings.display(settings.out)}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    settings = _settings(args, include_drafts=True)
    result = check(settings)
    limited.check(result.library, result.problems)  # editorial advice: only `check` gives it
    _print_problems(result.problems)
    annotate.emit(result.problems.warnings + result.problems.errors, settings.root)
    errors = len(result.problems.errors)
    drafts = len(result.library.drafts)
    if errors:
        print(f"检查未通过：{errors} 个错误，{len(result.problems.warnings)} 个警告。", file=sys.stderr)
        return 1
    print(f"检查通过：{len(result.library.cases)} 个案例、{drafts} 个草稿，"
          f"{len(result.problems.warnings)} 个警告。")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        path = new_case(settings.data, args.title, args.slug or "")
    except ScaffoldError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    print(f"已创建 {settings.display(path)}，请按模板填写，然后运行 make check。")
    return 0


def cmd_fmt(args: argparse.Namespace) -> int:
    settings = _settings(args)
    paths = [Path(p) for p in args.files] or sorted((settings.data / "cases").glob("*.md"))
    changed = failed = 0
    for path in paths:
        outcome = format_file(path, write=not args.check)
        if outcome.error:
            failed += 1
            where = f"{settings.display(path)}:{outcome.line}" if outcome.line else settings.display(path)
            print(f"{where}: {outcome.error}", file=sys.stderr)
        elif outcome.changed:
            changed += 1
            verb = "需要整理" if args.check else "已整理"
            print(f"{settings.display(path)}: {verb}（{'，'.join(outcome.notes)}）")
    print(f"共 {len(paths)} 个文件，{'需要整理' if args.check else '已整理'} {changed} 个，失败 {failed} 个。")
    return 1 if failed or (args.check and changed) else 0


def cmd_bundle(args: argparse.Namespace) -> int:
    try:
        files, pages = make_bundle(Path(args.site), Path(args.zip))
    except FileNotFoundError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    size = Path(args.zip).stat().st_size
    print(f"已打包 {files} 个文件（{pages} 个页面），{size / 1e6:.1f} MB → {args.zip}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m generator",
        description="社区治理案例手册生成器：检查 data/ 下的案例，生成 MkDocs 页面。",
        epilog="环境变量：HANDBOOK_REPO_URL（仓库网址，设置后案例页显示“修改本案例”链接）、"
               "HANDBOOK_REPO_KIND（github、gitlab 或 gitea）、HANDBOOK_REPO_BRANCH（默认 main）。")
    top.add_argument("--root", default=".", help="项目根目录（默认：当前目录）")
    sub = top.add_subparsers(dest="command", required=True, metavar="命令")
    p = sub.add_parser("build", help="检查并生成 docs/library/ 下的页面",
                       description="读取 data/，检查全部案例，生成页面到 docs/library/（只改动有变化的文件）。")
    p.add_argument("--no-glossary-links", action="store_true",
                   help="不在案例正文中自动链接术语（默认在每个术语第一次出现处链接）")
    p.add_argument("--no-exports", action="store_true",
                   help="不生成 Word 和 PDF 下载文件（也可设环境变量 HANDBOOK_EXPORTS=0）")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("check", help="只检查，不生成；列出全部问题",
                       description="检查全部案例、草稿、词表和来源，按“文件:行号: 问题（改法）”列出每个问题。"
                                   "在 CI 中（GITHUB_ACTIONS、GITEA_ACTIONS 或 GITLAB_CI 为 true）还把每个问题"
                                   "输出为 ::error 注释或写入 gl-code-quality-report.json，显示在合并请求改动的行上。")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("new", help="按模板新建一个案例文件",
                       description="按模板新建 data/cases/<拼音网址名>.md；文件已存在时拒绝覆盖。")
    p.add_argument("title", help="做法名称，例如 邻里中心")
    p.add_argument("--slug", help="自定义网址名（小写字母、数字、连字符）")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("fmt", help="整理案例文件：UTF-8、LF 换行、字段顺序",
                       description="把案例文件整理为 UTF-8（无 BOM）、LF 换行、按规定顺序排列字段；"
                                   "整理前后内容必须完全一致，否则不改动。")
    p.add_argument("files", nargs="*", help="要整理的文件（默认：data/cases/ 下全部）")
    p.add_argument("--check", action="store_true", help="只检查是否需要整理，不写文件")
    p.set_defaults(func=cmd_fmt)
    p = sub.add_parser("bundle", help="把离线版网站打成一个 zip",
                       description="把 OFFLINE=true 构建的网站目录打包成一个 zip，解压后从 index.html 打开即可。")
    p.add_argument("site", help="离线版网站目录，例如 build/offline-site")
    p.add_argument("zip", help="输出的 zip 文件，例如 dist/handbook-offline.zip")
    p.set_defaults(func=cmd_bundle)
    register_import(sub)
    register_site(sub)
    register_diff(sub)
    addresses.register(sub)
    return top


def main(argv: list[str] | None = None, ending: bool = False) -> int:
    """Run the command *argv* (the command line's when None). *ending*: the process ends with it."""
    args = parser().parse_args(argv)
    args.ending = ending
    try:
        return int(args.func(args))
    except EditConfigError as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 2


def leave(code: int) -> None:
    """End the process with *code* without freeing its objects one by one.

    A build at 10,000 cases leaves tens of millions of objects in its memos, and the interpreter
    freed them one by one on the way out: 2.4 s after the last message, longer than the whole
    build of the real library. The exit handlers run first and the output is flushed, as on a
    normal exit; with a thread of the program still running, the normal exit waits for it."""
    if threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):   # a closed pipe: as the normal exit, nothing more to say
            pass
    os._exit(code)


if __name__ == "__main__":
    leave(main(ending=True))
