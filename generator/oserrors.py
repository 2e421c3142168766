"""File-system faults in Chinese: what happened to which file, and what to do.

``OSError.strerror`` is English ("Is a directory", "No space left on
device"); contributors and maintainers get the same facts in Chinese, with a
fix, instead.
"""

from __future__ import annotations

import errno

_TEXT = {
    errno.ENOSPC: ("磁盘已满", "清理磁盘空间后重试"),
    errno.EDQUOT: ("磁盘配额已用完", "清理空间后重试"),
    errno.EACCES: ("没有权限", "检查文件和文件夹的权限（ls -l），或换一个可写的位置"),
    errno.EPERM: ("没有权限", "检查文件和文件夹的权限（ls -l），或换一个可写的位置"),
    errno.EROFS: ("所在的磁盘是只读的", "换一个可写的位置"),
    errno.EISDIR: ("这是一个文件夹，不是文件", "把这个文件夹改名（不要以 .md 结尾）或移走"),
    errno.ENOTDIR: ("路径中有一部分不是文件夹", "检查路径"),
    errno.ENOENT: ("文件不存在", "检查文件名和路径"),
    errno.ENAMETOOLONG: ("文件名太长", "用更短的名称"),
    errno.EIO: ("读写出错（磁盘或网络盘故障）", "检查磁盘后重试"),
    errno.EMFILE: ("同时打开的文件太多", "关闭其他程序后重试"),
    errno.ELOOP: ("符号链接循环", "删掉这个符号链接"),
}


def describe(exc: OSError) -> str:
    """``没有权限：data/cases/x.md（检查…）`` for *exc*."""
    what, fix = _TEXT.get(exc.errno or 0, (f"文件操作失败（{exc.strerror or exc}）", "检查这个文件后重试"))
    where = f"：{exc.filename}" if exc.filename else ""
    return f"{what}{where}（{fix}）"


def reason(exc: OSError) -> tuple[str, str]:
    """(what happened, how to fix it), without the file name."""
    return _TEXT.get(exc.errno or 0, (f"文件操作失败（{exc.strerror or exc}）", "检查这个文件后重试"))
