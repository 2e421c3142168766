"""The data folder as it was at a Git commit, without touching the work tree.

``git archive`` streams the committed ``data/`` of a commit; it is unpacked
into a temporary folder and loaded like any project. The contributor's
checkout, branch and uncommitted files are never changed.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path


class GitError(Exception):
    """A Git command failed; the message says which ref and how to fix it."""


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError as exc:  # pragma: no cover - git is installed wherever CI runs
        raise GitError("找不到 git 命令（请先安装 git）") from exc
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} 失败")
    return done.stdout


def resolve(root: Path, ref: str) -> str:
    """Full commit id of *ref*, or :class:`GitError` with a hint."""
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"找不到提交“{ref}”（先运行 git fetch，或检查分支名；"
                       f"CI 里需要完整的提交历史，例如 actions/checkout 的 fetch-depth: 0）") from None


def merge_base(root: Path, base: str, head: str) -> str:
    """Where the pull request branched off *base*: what its diff on the server is against.

    Falls back to *base* itself when the histories share no commit.
    """
    try:
        return _git(root, "merge-base", base, head).decode().strip()
    except GitError:
        return base


def short(commit: str) -> str:
    return commit[:8]


def snapshot(root: Path, commit: str, dest: Path, folder: str = "data") -> Path:
    """Unpack *folder* as committed in *commit* under *dest*; returns *dest*.

    A commit without the folder gives an empty one (a library with no cases).
    """
    dest.mkdir(parents=True, exist_ok=True)
    try:
        blob = _git(root, "archive", "--format=tar", commit, "--", folder)
    except GitError:
        (dest / folder).mkdir(exist_ok=True)
        return dest
    with tarfile.open(fileobj=io.BytesIO(blob)) as archive:
        archive.extractall(dest, filter="data")
    (dest / folder).mkdir(exist_ok=True)
    return dest
