"""Writing a contributor's file so that it is always the old or the new one.

A plain ``write_bytes`` killed half-way (power cut, Ctrl+C, kill -9, full
disk) leaves a truncated case file: the contributor's text is gone. Here the
new bytes go to a temporary file in the same folder, are flushed to disk
(fsync), and only then take the old file's place with one ``os.replace``,
which is atomic on POSIX; the folder is fsynced so the rename itself
survives a crash. Temporary names start with ``.`` so that the loader skips
a leftover one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be opened
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Replace (or, without *overwrite*, create) *path* with *data* in one step.

    Without *overwrite* the file is linked into place, which fails with
    ``FileExistsError`` if *path* appeared meanwhile: nothing is ever clobbered.
    The old file's permission bits are kept.
    """
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(tmp, path.stat().st_mode & 0o7777)
            os.replace(tmp, path)
        else:
            os.chmod(tmp, 0o644 & ~_umask())
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise
            except OSError:  # no hard links on this file system: check, then rename
                if path.exists():
                    raise FileExistsError(errno.EEXIST, "文件已存在", str(path)) from None
                os.replace(tmp, path)
            else:
                tmp.unlink()
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(folder)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
