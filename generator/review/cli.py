"""``python -m generator diff``: the change summary of a pull request."""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from ..build import check
from ..errors import Problems
from ..model import Library
from ..settings import Settings
from . import gitrev, summary
from .changes import compare

DESCRIPTION = """\
比较合并请求的基准版本（base）和改动后的版本（head）中的 data/，
用中文列出审核人需要知道的改动：新增、修改（哪些字段、哪些小节）、改名、删除的案例，
新增的标签、类别、术语和来源，新增或改动的数据，找不到的链接，以及将失效的网址。

默认与 base 和 head 的分叉点比较（和 Git 服务器上合并请求的“改动”一致）；
不给 --head 时，head 是当前工作区（含未提交的改动）。

例子：
  python -m generator diff --base origin/main
  python -m generator diff --base origin/main --head HEAD --output build/change-summary.md
  make diff BASE=origin/main
"""


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``diff`` to the generator's subcommands; returns its parser."""
    parser = subparsers.add_parser(
        "diff", help="比较两个版本的 data/，写出中文的改动摘要（供审核合并请求）",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, metavar="版本",
                        help="基准版本：分支、标签或提交，例如 origin/main")
    parser.add_argument("--head", metavar="版本",
                        help="改动后的版本（默认：当前工作区，含未提交的改动）")
    parser.add_argument("--output", metavar="文件", help="写入这个文件（默认：打印到屏幕）")
    parser.add_argument("--no-merge-base", action="store_true",
                        help="直接与 --base 比较，不找分叉点")
    parser.set_defaults(func=run)
    return parser


def _load(settings: Settings) -> tuple[Library, Problems]:
    result = check(settings)
    return result.library, result.problems


def _name(ref: str) -> str:
    """A ref as written, shortened when it is a commit id (CI passes full ids)."""
    return gitrev.short(ref) if re.fullmatch(r"[0-9a-f]{40}", ref) else ref


def _check_line(problems: Problems) -> str:
    errors, warnings = len(problems.errors), len(problems.warnings)
    if errors:
        return (f"**检查未通过：{errors} 个错误，{warnings} 个警告**"
                "（逐条提示见 make check 一步，也标在改动的行上；写错、无法识别的值没有计入下面的摘要）。")
    return f"检查通过（{warnings} 个警告）。" if warnings else "检查通过。"


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    try:
        base = gitrev.resolve(root, args.base)
        head = gitrev.resolve(root, args.head) if args.head else gitrev.resolve(root, "HEAD")
        start = base if args.no_merge_base else gitrev.merge_base(root, base, head)
    except gitrev.GitError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    base_label = f"`{gitrev.short(start)}`" + (f"（{_name(args.base)} 的分叉点）" if start != base
                                              else "" if base.startswith(args.base) else f"（{args.base}）")
    with tempfile.TemporaryDirectory(prefix="handbook-diff-") as tmp:
        print(f"正在读取基准版本 {gitrev.short(start)} 的 data/ …", file=sys.stderr)
        before, _ = _load(Settings.for_root(gitrev.snapshot(root, start, Path(tmp) / "base")))
        if args.head:
            print(f"正在读取改动后版本 {gitrev.short(head)} 的 data/ …", file=sys.stderr)
            after, problems = _load(Settings.for_root(gitrev.snapshot(root, head, Path(tmp) / "head")))
            head_label = f"`{gitrev.short(head)}`" + ("" if head.startswith(args.head) else f"（{args.head}）")
        else:
            print("正在读取当前工作区的 data/ …", file=sys.stderr)
            after, problems = _load(Settings.for_root(root))
            head_label = "当前工作区"
    text = summary.render(compare(before, after), base_label, head_label, _check_line(problems))
    if args.output:
        out = Path(args.output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"改动摘要已写入 {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
