"""Refresh tests/golden/ from the fixture data: ``make golden``.

Run it after an intended change to rendering, then read ``git diff
tests/golden`` before committing: the diff is the change readers will see.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from generator import Settings, build

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"


def render_fixture() -> dict[str, str]:
    """Generate the fixture library into a scratch folder; return its pages."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(HERE / "fixtures" / "data", root / "data")
        return build(Settings.for_root(root)).pages


def main() -> None:
    pages = render_fixture()
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for rel, text in pages.items():
        path = GOLDEN / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    print(f"tests/golden/: {len(pages)} 个文件已刷新；请用 git diff tests/golden 核对。")


if __name__ == "__main__":
    main()
