"""The only writer: all-or-nothing, incremental, confined to its folder.

Pages are first written to a staging folder; then a journal listing every
rename and deletion is written atomically, which is the commit point; then
the journal is applied. A run killed before the commit point leaves the old
output (the staging folder is discarded next time); a run killed after it is
completed by the next run before anything else happens, so the output is
never a mix of old and new. Files whose content is unchanged are not
touched and keep their timestamps, so a preview rebuild sees only real
changes. Only files listed in the manifest, i.e. files this writer made, are
ever replaced or deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".manifest.json"
JOURNAL = ".journal.json"
STAGING = ".staging"


class UnsafePath(ValueError):
    """A page path that would land outside the output folder or on a hand-made file."""


@dataclass
class Report:
    """What a write did, for progress output and tests."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)


@dataclass
class Staged:
    """What a :class:`Writer` staged: path → digest (for the manifest), the paths written into the
    staging folder, and how many were unchanged."""

    manifest: dict[str, str]
    to_write: list[str]
    unchanged: int


def _digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def _check_name(rel: str) -> list[str]:
    """*rel*'s parts, refusing absolute paths, ``..``, hidden names and backslashes."""
    if not rel or rel.startswith(("/", "\\")) or "\\" in rel or "\0" in rel:
        raise UnsafePath(f"不安全的输出路径：{rel!r}")
    parts = rel.split("/")
    if any(p in ("", ".", "..") or p.startswith(".") for p in parts):
        raise UnsafePath(f"不安全的输出路径：{rel!r}")
    return parts


def _inside(root: Path, rel: str, folders: dict[str, Path] | None = None) -> str:
    """Resolve *rel* under *root*, refusing anything that escapes it (a string: path objects
    cost more than the check itself at 10,000 files).

    *folders* caches each folder's resolved path across calls: resolving every one of ten
    thousand paths component by component took longer than writing them.
    """
    parts = _check_name(rel)
    folders = {} if folders is None else folders
    base = folders.get("") or folders.setdefault("", root.resolve())
    parent_rel = "/".join(parts[:-1])
    parent = folders.get(parent_rel)
    if parent is None:
        parent = (root / parent_rel).resolve() if parent_rel else base
        if parent != base and base not in parent.parents:
            raise UnsafePath(f"输出路径越出了输出目录：{rel!r}")
        folders[parent_rel] = parent
    target = os.path.join(parent, parts[-1])
    if os.path.islink(target):   # otherwise it is inside: its folder was checked above
        resolved = Path(target).resolve()
        if base not in resolved.parents:
            raise UnsafePath(f"输出路径越出了输出目录：{rel!r}")
        return str(resolved)
    return target


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_if_changed(path: Path, text: str) -> bool:
    """Atomically replace a single file outside the page tree, only if its text differs."""
    if path.exists() and path.read_text("utf-8") == text:
        return False
    _atomic_write(path, text.encode("utf-8"))
    return True


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """(inode, size, modification time) of *path*, or None when it is missing: a file this
    process wrote, and kept parsed, is the same file while its stamp is the same."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


_WRITTEN: dict[str, tuple[tuple[int, int, int] | None, dict[str, str]]] = {}
"""Manifest file → (its stamp, its contents) as this process last wrote it: the preview
(``make serve`` regenerates in one process) does not parse the 2 MB manifest of a large library
again per edit. Any other writer changes the stamp, and the file is read."""


def read_manifest(root: Path) -> dict[str, str]:
    """Generated path → content digest, from the previous run (not to be changed)."""
    path = root / MANIFEST
    known = _WRITTEN.get(str(path))
    if known is not None and known[0] is not None and known[0] == file_stamp(path):
        return known[1]
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recover(root: Path) -> None:
    """Finish a committed write that was interrupted; drop an uncommitted one."""
    journal = root / JOURNAL
    if journal.exists():
        plan = json.loads(journal.read_text("utf-8"))
        _apply(root, plan)
    shutil.rmtree(root / STAGING, ignore_errors=True)


def _manifest_text(manifest: dict[str, str]) -> str:
    # One line: json's C encoder does not indent, and the manifest lists every output file.
    return json.dumps(manifest, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _apply(root: Path, plan: dict, manifest_text: str | None = None) -> None:
    """Carry out a committed *plan*; *manifest_text* is its manifest already encoded."""
    staging, base = str(root / STAGING), str(root)
    made: set[str] = set()   # folders known to exist: one mkdir per folder, not per file (30,000 files)
    for rel in plan["write"]:
        folder = rel.rpartition("/")[0]
        if folder not in made:
            os.makedirs(os.path.join(base, folder), exist_ok=True)
            made.add(folder)
        try:
            os.replace(os.path.join(staging, rel), os.path.join(base, rel))
        except FileNotFoundError:   # already moved: a journal being replayed
            pass
    for rel in plan["delete"]:
        try:
            (root / rel).unlink()
        except FileNotFoundError:
            pass
        _prune(root, (root / rel).parent)
    text = _manifest_text(plan["manifest"]) if manifest_text is None else manifest_text
    _atomic_write(root / MANIFEST, text.encode("utf-8"))
    _WRITTEN[str(root / MANIFEST)] = (file_stamp(root / MANIFEST), plan["manifest"])
    (root / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def _prune(root: Path, folder: Path) -> None:
    """Remove folders left empty by deletions, up to *root*."""
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


_DIGESTS: dict[str, dict[str, tuple[str | bytes, str]]] = {}
"""Output folder → path → (the text last written there, its digest), kept for the process: the
preview (``make serve`` regenerates in one process) passes the very same text object for a page
its memos did not render again, which then needs neither encoding nor hashing."""


def _encoded(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


def _present(base: str, rel: str, listed: dict[str, set[str]]) -> bool:
    """Whether *rel* is in the output folder, from one listing per folder (*listed*): asking
    for each of the 30,000 files of a large library took longer than the rest of the check."""
    folder, _, name = rel.rpartition("/")
    names = listed.get(folder)
    if names is None:
        try:
            names = listed[folder] = set(os.listdir(os.path.join(base, folder)))
        except OSError:
            names = listed[folder] = set()
    return name in names


def write_tree(root: Path, pages: dict[str, str] | dict[str, str | bytes]) -> Report:
    """Make *root* hold exactly *pages* (plus any hand-made files, untouched); bytes are written as they are."""
    writer = Writer(root)
    writer.stage(pages)
    return writer.commit()


class Writer:
    """One all-or-nothing write, staged in parts as they are ready (the build stages its pages
    while its search index is still being made apart) and committed once: nothing staged is in
    the output before :meth:`commit`, and a writer never committed leaves the output as it was
    (its staging folder is discarded by the next run)."""

    def __init__(self, root: Path, beside: bool = False) -> None:
        """*beside*: a writer staging into the staging folder of one already at work (in another
        process: the search index's, :mod:`generator.search.apart`); it leaves that folder as it
        is, and what it stages is committed by the other (:meth:`staged`, :meth:`adopt`)."""
        root.mkdir(parents=True, exist_ok=True)
        if not beside:
            recover(root)
        self.root = root
        self._beside = beside
        self.old = read_manifest(root)
        self.report = Report()
        self.manifest: dict[str, str] = {}
        """Every file staged so far → its digest (written or unchanged): the new manifest."""
        self._to_write: list[str] = []
        self._known = _DIGESTS.setdefault(str(root), {})
        self._folders: dict[str, Path] = {}
        self._listed: dict[str, set[str]] = {}
        self._staged_folders: set[str] = set()
        """Folders made in the staging folder so far (one mkdir per folder, not per file)."""

    def stage(self, pages: Mapping[str, str | bytes]) -> None:
        """Stage *pages* (bytes are written as they are); a path staged before is refused."""
        root, old, known = self.root, self.old, self._known
        fresh = []
        for rel in pages:   # before anything is staged: every name safe, no hand-made file overwritten
            if rel in self.manifest:
                raise ValueError(f"同一输出路径写了两次：{rel!r}")
            if rel not in known:   # a name in known was checked by an earlier run of this process
                _check_name(rel)
            if rel not in old:
                fresh.append(rel)
        for rel in sorted(fresh):
            target = _inside(root, rel, self._folders)
            if os.path.exists(target):
                raise UnsafePath(f"{target} 不是生成器生成的文件，拒绝覆盖；请移走它或改用其他网址名")
        base = str(root)
        staging = str(root / STAGING)
        for rel, text in pages.items():   # in the caller's order (sorting 30,000 names cost more than the loop)
            found = known.get(rel)
            data = None
            if found is not None and found[0] is text:
                digest = found[1]
            else:
                data = _encoded(text)
                digest = _digest(data)
                if isinstance(text, str):   # pages and index files; downloads are made anew each run
                    known[rel] = (text, digest)
            self.manifest[rel] = digest
            if old.get(rel) == digest and _present(base, rel, self._listed):
                self.report.unchanged += 1   # not written, so not resolved: 10,000s of unchanged files
                continue
            _inside(root, rel, self._folders)
            data = _encoded(text) if data is None else data
            folder = rel.rpartition("/")[0]
            if folder not in self._staged_folders:
                os.makedirs(os.path.join(staging, folder), exist_ok=True)
                self._staged_folders.add(folder)
            if self._beside and os.path.exists(os.path.join(staging, rel)):   # the other writer's
                raise ValueError(f"同一输出路径写了两次：{rel!r}")
            with open(os.path.join(staging, rel), "wb") as out:
                out.write(data)
            self._to_write.append(rel)

    def staged(self) -> Staged:
        """What this writer staged, for the writer that commits it (:meth:`adopt`)."""
        return Staged(dict(self.manifest), list(self._to_write), self.report.unchanged)

    def adopt(self, staged: Staged) -> None:
        """Commit with this writer's own what a writer *beside* it staged (see :meth:`__init__`),
        with the same checks as :meth:`stage` (made there) and the same refusal of a path staged
        twice."""
        for rel in staged.manifest:
            if rel in self.manifest:
                raise ValueError(f"同一输出路径写了两次：{rel!r}")
        self.manifest.update(staged.manifest)
        self._to_write += staged.to_write
        self.report.unchanged += staged.unchanged

    def commit(self) -> Report:
        """Make the output hold exactly what was staged: the journal, then the renames and deletions."""
        root, old, manifest, report = self.root, self.old, self.manifest, self.report
        to_write = sorted(self._to_write)
        to_delete = sorted(rel for rel in old if rel not in manifest)
        for rel in to_delete:
            _inside(root, rel, self._folders)  # a tampered manifest must not delete outside root
        if not to_write and not to_delete and manifest == old:
            # Touch nothing: under `mkdocs serve` any write in docs/ (even the
            # manifest) triggers another rebuild, which would run us again.
            shutil.rmtree(root / STAGING, ignore_errors=True)
            return report
        plan = {"write": to_write, "delete": to_delete, "manifest": manifest}
        manifest_text = _manifest_text(manifest)   # encoded once, for the journal and the manifest
        journal = (f'{{"write":{json.dumps(to_write, ensure_ascii=False)},'
                   f'"delete":{json.dumps(to_delete, ensure_ascii=False)},"manifest":{manifest_text}}}')
        _atomic_write(root / JOURNAL, journal.encode("utf-8"))
        _apply(root, plan, manifest_text)
        report.written = to_write
        report.deleted = to_delete
        return report
