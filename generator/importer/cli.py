"""``python -m generator import FILE…``: the command line of the importer.

:func:`register` adds the subcommand to the generator's parser; :func:`run`
does the work and prints a report per document: how it was read, what was
detected, every kind of cleaning with its count, the practices found and
which of them the handbook already has. One unreadable file does not stop
the others; the exit status is 1 if any failed.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..build import load_library
from ..errors import Problems
from ..model import Library
from ..settings import Settings
from . import clean as cleaning
from . import detect as detection
from . import drafts as writing
from . import meta as metadata
from . import review, similar
from .read import ReadError, read_path

DESCRIPTION = """\
把一篇讲话或汇报原文（UTF-8/GBK 文本、Word .docx 或保存的 .html 网页）整理成简体文本和案例草稿。

对每个文件：去掉网站说明、导航、字号和打印按钮、记者编辑和图片署名、文中插入的广告、
“此处隐藏…字”和下载提示、免责声明、重复插入的段落、页码等（只删确定的；拿不准的行保留，
标成〔待核：…〕并列出原文行号）；删去繁体转换时粘上的拼音（發(fā) → 發）；
把疑似乱码标成〔疑似乱码：…〕而不猜测；繁体转简体；统一标点；接回被分页打断的句子；
保留 X、×、xx、20xx 等占位符。然后识别标题（不会把署名、网站名当标题；没有标题时给出
“建议标题”）、类型、层级和日期（原文没有写明的不填），找出原文讲到的做法：已有案例的做法
（写出名称的，或按共同用词认出的）列为“建议更新”，其余每个做法生成一个草稿。

结果写到 data/drafts/<来源拼音名>/：source.md（清理后的正文和导入记录）和各个草稿。
已存在的文件不会被覆盖，除非加 --force。草稿用 make check 检查（只警告不报错）。"""


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``import`` to the generator's subcommands; returns its parser."""
    parser = subparsers.add_parser(
        "import", help="导入讲话或汇报原文，生成清理后的文本和案例草稿",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", metavar="文件",
                        help="要导入的原文：.txt（UTF-8 或 GBK）、.docx 或 .html")
    parser.add_argument("--force", action="store_true",
                        help="覆盖已存在的 source.md 和草稿（默认跳过，以免冲掉已改写的内容）")
    parser.add_argument("--dry-run", action="store_true",
                        help="只打印报告，不写任何文件")
    parser.set_defaults(func=run)
    return parser


@dataclass
class Outcome:
    """What importing one file produced, for the caller and for tests."""

    file: Path
    meta: metadata.Meta
    cleaned: cleaning.Cleaned
    found: detection.Found
    plan: writing.Plan


def _library(settings: Settings) -> Library:
    """Published cases, glossary and vocabularies, read by the generator's own loader.

    Problems in data/ are not this command's business (``check`` reports
    them); the names are all the importer needs.
    """
    return load_library(settings, Problems())


_INDEXES: dict[int, similar.Index] = {}


def case_index(library: Library) -> similar.Index:
    """The word profiles of the library's cases, built once per library."""
    if id(library) not in _INDEXES:
        _INDEXES[id(library)] = similar.build_index(library.cases, library.glossary)
    return _INDEXES[id(library)]


def import_file(path: Path, settings: Settings, library: Library,
                known: dict[str, detection.Known]) -> Outcome:
    """Read, clean, detect and plan one document (nothing is written here)."""
    document = read_path(path)
    cleaned = cleaning.clean(document.text)
    meta = metadata.detect(cleaned, document.title)
    found = detection.detect(cleaned.paragraphs, known)
    similar.add_matches(found, cleaned.paragraphs, case_index(library))
    named = [p for p in found.practices if p.how != "similar"] or found.practices
    metadata.propose_title(meta, cleaned.paragraphs,
                           [(m.paragraph, m.start, m.end) for p in named for m in p.mentions])
    plan = writing.plan(settings.data, meta, cleaned, found, path.name, document.label,
                        library.tags, library.levels)
    return Outcome(path, meta, cleaned, found, plan)


def report(outcome: Outcome, settings: Settings, stream: TextIO) -> None:
    """Print what was done to one document."""
    meta, cleaned, found, plan = outcome.meta, outcome.cleaned, outcome.found, outcome.plan
    where = detection.locations(cleaned.paragraphs)
    say = lambda text="": print(text, file=stream)  # noqa: E731
    say(f"== {outcome.file.name} → {settings.display(plan.folder)}/")
    title = f"{meta.title}（建议标题，原文没有标题）" if meta.proposed else meta.title or "（未找到）"
    say(f"  元数据：标题 {title}；类型 {meta.kind or '（未标明）'}；"
        f"层级 {meta.level or '（未标明）'}；日期 {meta.date or '（未标明）'}")
    say("  清理：" + ("无" if not cleaned.counts else ""))
    for label, count in cleaned.counts.items():
        say(f"    {label}：{count}")
    say(f"    保留的占位符：{cleaned.placeholders}")
    if cleaned.unsure:
        say("  待核（拿不准是不是网站文字，已保留并标为〔待核〕，请判断）：")
        for line in review.unsure_lines(cleaned):
            say(f"    {line}")
    say(f"  做法：共 {len(found.practices)} 个，其中 {len(found.existing)} 个与已有案例相同（建议更新），"
        f"{len(found.new)} 个新草稿")
    for practice in found.existing:
        assert practice.case is not None
        say(f"    更新 {practice.case.title}（{practice.case.path}）← "
            f"{writing.mention_places(practice.mentions, where)}{review.evidence_note(practice)}")
    for item, practice in zip(plan.drafts, found.new):
        state = "已写入" if item.written else ("已存在，未覆盖（加 --force 覆盖）" if item.exists else "未写入")
        say(f"    新草稿 {practice.name} → {settings.display(item.path)}（{state}）")
    if found.terms:
        say("  提到的术语：" + "、".join(found.terms))
    state = "已写入" if plan.source.written else ("已存在，未覆盖" if plan.source.exists else "未写入")
    say(f"  source.md：{state}")


def run(args: argparse.Namespace) -> int:
    """Import every file named in *args*; 0 if all were read, 1 otherwise."""
    settings = Settings.for_root(Path(getattr(args, "root", ".") or "."))
    library = _library(settings)
    known = detection.known_names(library.cases, library.glossary)
    failed = 0
    for name in args.files:
        path = Path(name)
        try:
            outcome = import_file(path, settings, library, known)
        except ReadError as exc:
            print(f"{name}: 错误：{exc}", file=sys.stderr)
            failed += 1
            continue
        if not getattr(args, "dry_run", False):
            writing.write(outcome.plan, force=getattr(args, "force", False))
        report(outcome, settings, sys.stdout)
    if failed:
        print(f"导入结束：{failed} 个文件未能读取。", file=sys.stderr)
        return 1
    if not getattr(args, "dry_run", False):
        print("下一步：make check 检查草稿（草稿只警告不报错），按提示改写后移到 data/cases/。")
    return 0
