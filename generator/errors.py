"""Located errors and warnings for contributors.

Every problem found in a data file becomes a :class:`DataError` that knows the
file, the line, the field, what is wrong and how to fix it, so that ``check``
can print ``path:line: message（hint）`` for every problem at once instead of a
traceback for the first one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class DataError(Exception):
    """One problem in one data file."""

    path: str
    """File path as the contributor sees it, relative to the project root."""
    line: int
    """1-based line number in the file; 0 when the problem is the whole file."""
    message: str
    """What is wrong, in Chinese, naming the field."""
    hint: str = ""
    """How to fix it; empty when the message says it all."""
    field: str = ""
    """The front-matter field concerned, if any (for tests and tooling)."""
    severity: str = "error"
    """``error`` stops the build; ``warning`` is printed and the build goes on."""

    def __reduce__(self) -> tuple[type[DataError], tuple[str, int, str, str, str, str]]:
        """Pickled by its fields (an exception pickles its ``args``, empty for a dataclass), so
        remembered problems survive in :mod:`generator.memos`."""
        return (DataError, (self.path, self.line, self.message, self.hint, self.field, self.severity))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        tail = f"（{self.hint}）" if self.hint else ""
        label = "警告：" if self.severity == "warning" else ""
        return f"{where}: {label}{self.message}{tail}"


@dataclass
class Problems:
    """Collects every error and warning of a run, in a stable order."""

    items: list[DataError] = field(default_factory=list)

    def add(self, path: str | Path, line: int, message: str, hint: str = "",
            field: str = "", severity: str = "error") -> None:
        """Record one problem; *path* may be a Path or a string."""
        self.items.append(DataError(str(path), line, message, hint, field, severity))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[DataError]:
        return sorted(e for e in self.items if e.severity == "error")

    @property
    def warnings(self) -> list[DataError]:
        return sorted(e for e in self.items if e.severity == "warning")


class BuildFailed(Exception):
    """Raised by the pipeline when data errors stop a build; carries them all."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        super().__init__("\n".join(str(e) for e in problems.errors))
