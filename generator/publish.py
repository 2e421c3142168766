"""``site``: build the website so that ``site/`` is replaced whole or not at all.

``mkdocs build`` empties its output folder first and then fills it page by
page, so a build that fails (a strict warning, a full disk, kill -9) leaves
readers an empty or half-written site. Here MkDocs builds into a fresh
sibling folder ``site.new-XXXX``; only after a complete strict build does
that folder take the old one's place, in one atomic exchange of the two
directory entries (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames
with recovery on the next run). The old tree is deleted afterwards.

A lock file (``build/.lock``, ``fcntl.flock``) lets only one build run per
project at a time: a second one is refused with a message instead of racing
the first and publishing stale data. The kernel releases the lock when the
process dies, even by kill -9, so a crash never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .oserrors import describe

LOCK = ".lock"
"""Lock file name inside the project's ``build/`` folder."""
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class Busy(RuntimeError):
    """Another build of the same project holds the lock."""


class PublishFailed(RuntimeError):
    """The new site could not be built or put in place; the old one is untouched."""

    def __init__(self, message: str, logged: list[str] | None = None) -> None:
        super().__init__(message)
        self.logged = logged or []
        """MkDocs' warning and error lines of the failed build (they name generated pages)."""


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors so a failure can be traced to a data file."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextlib.contextmanager
def project_lock(build_dir: Path) -> Iterator[None]:
    """Hold the project's build lock, or raise :class:`Busy` at once (never waits)."""
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / LOCK
    handle = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            raise Busy(f"另一个构建正在进行{f'（进程 {holder}）' if holder else ''}，"
                       "请等它结束后再运行；同时运行两个构建会用旧数据覆盖新网站") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directory entries; False where the kernel cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name or not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _leftovers(target: Path, kind: str) -> list[Path]:
    return sorted(target.parent.glob(f"{target.name}.{kind}-*"), key=lambda p: p.stat().st_mtime)


def recover(target: Path) -> None:
    """Undo what a killed run left: a half-built new tree, or a swap cut in half."""
    olds = _leftovers(target, "old")
    if not target.exists() and olds:  # killed between the two renames of the fallback
        os.rename(olds.pop(), target)
    for path in (*_leftovers(target, "new"), *olds):
        shutil.rmtree(path, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    """Put the complete tree *new* in the place of *target* in one step."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # *new* now holds the old tree
        return
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _mkdocs(root: Path, site_dir: Path) -> None:
    """Run ``mkdocs build --strict`` for *root* into *site_dir*, in this process."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    previous = Path.cwd()
    os.chdir(root)  # the config's relative paths (build/jieba-user.txt) are relative to it
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        os.chdir(previous)
        logger.removeHandler(handler)


def publish(root: Path, target: Path, progress: Callable[[str], None],
            builder: Callable[[Path, Path], None] = _mkdocs) -> float:
    """Build the site for *root* and swap it in at *target*; returns seconds taken.

    The caller holds :func:`project_lock`. Raises :class:`PublishFailed` with
    a Chinese message; *target* is then exactly what it was before.
    """
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    logging.getLogger("mkdocs").addHandler(collect)
    try:
        return _publish(root, target, progress, builder, collect, MkDocsException)
    finally:
        logging.getLogger("mkdocs").removeHandler(collect)


def _publish(root: Path, target: Path, progress: Callable[[str], None],
             builder: Callable[[Path, Path], None], collect: _Collect, mkdocs_error: type[Exception]) -> float:
    start = time.perf_counter()
    target = target.absolute()
    recover(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f"{target.name}.new-", dir=target.parent))
    shown = target.name
    try:
        progress(f"MkDocs 严格构建到临时目录 {new.name}/ …")
        builder(root, new)
        if not (new / "index.html").is_file():
            raise PublishFailed("MkDocs 没有生成 index.html")
        progress(f"构建完成，替换 {shown}/ …")
        swap_in(new, target)
    except PublishFailed:
        shutil.rmtree(new, ignore_errors=True)
        raise
    except (mkdocs_error, SystemExit) as exc:  # mkdocs' Abort is a SystemExit
        shutil.rmtree(new, ignore_errors=True)
        raise PublishFailed(f"MkDocs 构建失败：{_text(exc)}（见上面的 WARNING/ERROR 行）",
                            collect.lines) from None
    except OSError as exc:
        shutil.rmtree(new, ignore_errors=True)
        raise PublishFailed(_os_message(exc), collect.lines) from None
    except (Exception, RecursionError) as exc:  # a crash inside Markdown or a plugin
        shutil.rmtree(new, ignore_errors=True)
        raise PublishFailed(f"MkDocs 构建时程序出错（{type(exc).__name__}：{str(exc)[:200]}）",
                            collect.lines) from None
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    return time.perf_counter() - start


def _text(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return message.strip() or type(exc).__name__


def _os_message(exc: OSError) -> str:
    """A file-system fault in Chinese, naming the file and what to do."""
    return describe(exc)
