"""File-system faults end in a located Chinese message, never a traceback (oserrors.py and callers)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator import Settings, check
from generator.__main__ import main
from generator.oserrors import describe

from .conftest import FIXTURE_DATA, generate


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = generate(project, *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_directory_symlinks_and_pipe_named_like_cases(project: Path) -> None:
    """One check run over every kind of non-file: each gets its own located message."""
    cases = project / "data" / "cases"
    (cases / "x.md").mkdir()
    (cases / "loop.md").symlink_to(cases / "loop.md")
    (cases / "nowhere.md").symlink_to(project / "nowhere.md")
    (cases / "outside.md").symlink_to(project / "mkdocs.yml")
    os.mkfifo(cases / "pipe.md")
    result = run(project, "check")
    assert result.returncode == 1
    assert "data/cases/x.md: 无法读取文件：这是一个文件夹，不是文件（把这个文件夹改名" in result.stderr
    for name in ("loop", "nowhere", "outside"):
        assert (f"data/cases/{name}.md: 这是一个符号链接，不能作为数据文件（提交文件本身，不要提交指向别处的链接）"
                in result.stderr)
    assert "data/cases/pipe.md: 这不是普通文件（是管道、设备或套接字）" in result.stderr
    fmt = run(project, "fmt")
    assert fmt.returncode == 1
    assert "data/cases/x.md: 无法读取文件：这是一个文件夹" in fmt.stderr
    assert "data/cases/pipe.md: 这不是普通文件" in fmt.stderr
    assert "data/cases/outside.md: 这是一个符号链接，未改动" in fmt.stderr
    assert (cases / "outside.md").is_symlink()


def test_unreadable_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = project / "data" / "cases" / "unreadable.md"
    shutil.copy(FIXTURE_DATA / "cases" / "linli-zhongxin.md", path)
    if os.geteuid() != 0:  # a real unreadable file
        path.chmod(0)
        result = run(project, "check")
        assert result.returncode == 1
        assert "data/cases/unreadable.md: 无法读取文件：没有权限（检查文件和文件夹的权限" in result.stderr
        return
    real_open = Path.open  # root reads anything: the refusal is simulated

    def refuse(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.name == "unreadable.md":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    errors = [str(e) for e in check(Settings.for_root(project)).problems.errors]
    assert "data/cases/unreadable.md: 无法读取文件：没有权限（检查文件和文件夹的权限（ls -l），或换一个可写的位置）" in errors


def _read_only(folder: Path) -> object:
    """Make *folder* read-only for real: a read-only bind mount as root, else chmod."""
    if os.geteuid() == 0:
        if subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode:
            pytest.skip("cannot bind-mount here")
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        return lambda: subprocess.run(["umount", str(folder)], check=True)
    folder.chmod(0o555)
    return lambda: folder.chmod(0o755)


def test_read_only_output_folder(project: Path) -> None:
    out = project / "docs" / "library"
    out.mkdir(parents=True)
    undo = _read_only(out)
    try:
        result = run(project, "build")
    finally:
        undo()  # type: ignore[operator]
    assert result.returncode == 1
    assert "生成失败：" in result.stderr and ("只读" in result.stderr or "没有权限" in result.stderr)


def test_read_only_site_parent_keeps_the_site(project: Path) -> None:
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("旧网站", "utf-8")
    before = sorted(p.name for p in (project / "site").iterdir())
    undo = _read_only(project)
    try:
        result = run(project, "site")
    finally:
        undo()  # type: ignore[operator]
    assert result.returncode == 1 and "构建失败" in result.stderr
    assert sorted(p.name for p in (project / "site").iterdir()) == before


def test_disk_full_while_generating(project: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    assert main(["--root", str(project), "build"]) == 1
    err = capsys.readouterr().err
    assert "生成失败：磁盘已满：" in err and "清理磁盘空间后重试" in err


@pytest.mark.parametrize("title, wanted", [
    ("很长" * 100, "标题太长（200 个字符，上限 50）"),
    ("邻里" * 24, "网址名太长"),
])
def test_new_with_a_very_long_title(project: Path, title: str, wanted: str) -> None:
    result = run(project, "new", title)
    assert result.returncode == 1 and wanted in result.stderr
    assert sorted(p.name for p in (project / "data" / "cases").iterdir()) == \
        sorted(p.name for p in (FIXTURE_DATA / "cases").iterdir())


def test_new_with_a_slug_longer_than_the_file_system_allows(project: Path) -> None:
    result = run(project, "new", "--slug", "a" * 300, "短标题")
    assert result.returncode == 1 and "网址名太长" in result.stderr


def test_new_in_a_read_only_folder(project: Path) -> None:
    undo = _read_only(project / "data" / "cases")
    try:
        result = run(project, "new", "新做法")
    finally:
        undo()  # type: ignore[operator]
    assert result.returncode == 1 and "无法创建 xin-zuofa.md" in result.stderr


def test_every_errno_has_chinese_text() -> None:
    for code in (errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EISDIR, errno.ENAMETOOLONG, errno.ELOOP):
        text = describe(OSError(code, os.strerror(code), "data/cases/x.md"))
        assert "data/cases/x.md" in text and not any(c.isascii() and c.isalpha() for c in text.split("：")[0])


def test_check_api_never_raises_on_a_directory_case(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    (tmp_path / "data" / "glossary" / "dir.md").mkdir()
    (tmp_path / "data" / "sources" / "dir.md").mkdir()
    result = check(Settings.for_root(tmp_path))
    assert {e.path for e in result.problems.errors} == {"data/glossary/dir.md", "data/sources/dir.md"}
