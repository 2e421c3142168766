"""Paths and options of one run, in one frozen place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where the generator reads and writes, and how it renders."""

    root: Path
    """Project root; messages show paths relative to it."""
    data: Path
    """Folder with cases/, sources/, glossary/ and vocab/."""
    out: Path
    """Generated tree inside the MkDocs docs folder; owned by the generator."""
    build: Path
    """Folder for generated files that are not pages (jieba user dictionary)."""
    edit_url: str = ""
    """Edit-link template with ``{path}``; empty means no edit links."""
    glossary_links: bool = True
    """Link glossary terms at their first mention in case bodies."""
    include_drafts: bool = False
    """Read data/drafts/ too (for ``check``); drafts are never rendered."""
    exports: bool = False
    """Make the Word and PDF downloads (on for the command line and preview unless
    ``HANDBOOK_EXPORTS=0``; off for in-process runs such as benchmarks)."""
    preview: bool = False
    """Regenerating for ``make serve``: the page that prints every case is a short note, since
    laying every case out again on each edit held the preview up (about 4 s at 1,000 cases)."""

    @classmethod
    def for_root(cls, root: Path, **options: object) -> Settings:
        """The standard layout under *root*."""
        root = root.resolve()
        return cls(root=root, data=root / "data", out=root / "docs" / "library",
                   build=root / "build", **options)  # type: ignore[arg-type]

    @classmethod
    def from_environment(cls, root: Path, **options: object) -> Settings:
        """The standard layout, with edit links from HANDBOOK_REPO_URL / _KIND / _BRANCH."""
        from .edit import edit_template

        edit_url = edit_template(os.environ.get("HANDBOOK_REPO_URL", ""),
                                 os.environ.get("HANDBOOK_REPO_KIND", ""),
                                 os.environ.get("HANDBOOK_REPO_BRANCH", "main"))
        options.setdefault("exports", os.environ.get("HANDBOOK_EXPORTS", "1") != "0")
        return cls.for_root(root, edit_url=edit_url, **options)

    def display(self, path: Path) -> str:
        """*path* as shown in messages: relative to the root, with ``/``."""
        prefix = str(self.root) + os.sep
        plain = os.fspath(path)
        if plain.startswith(prefix) and os.sep + "." not in plain and os.sep + os.sep not in plain:
            return plain[len(prefix):].replace(os.sep, "/")   # already absolute and normal: every data file
        absolute = os.path.abspath(path)  # not resolve: a symlink (even a looping one) keeps its name
        if absolute.startswith(prefix):
            return absolute[len(prefix):].replace(os.sep, "/")
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError, RuntimeError):
            return path.as_posix()
