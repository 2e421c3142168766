"""Every kind of contributor mistake gives its located message (tests/broken/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator import Settings, check, validate
from generator.schema import FIELDS
from generator.validate import Vocabularies, Vocabulary

from .conftest import FIXTURE_DATA

BROKEN = Path(__file__).parent / "broken"
EXPECTED: dict[str, list[list]] = yaml.safe_load((BROKEN / "expected.yml").read_text("utf-8"))


def test_every_broken_file_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in BROKEN.glob("*.md"))


def test_fixture_library_is_clean(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    result = check(Settings.for_root(tmp_path))
    assert [str(e) for e in result.problems.items] == []
    assert len(result.library.cases) == 6


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_message(tmp_path: Path, name: str) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    shutil.copy(BROKEN / name, tmp_path / "data" / "cases" / name)
    result = check(Settings.for_root(tmp_path))
    messages = [str(e) for e in result.problems.errors]
    for line, text in EXPECTED[name]:
        wanted = f"data/cases/{name}:{line}: " if line else f"data/cases/{name}: "
        assert any(m.startswith(wanted) and text in m for m in messages), \
            f"expected {wanted}…{text}… in:\n" + "\n".join(messages)
    # every message is located and carries no Python traceback text
    assert all(e.line >= 0 and e.path for e in result.problems.items)
    assert not any("Traceback" in m for m in messages)


def test_draft_problems_are_warnings(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    text = (BROKEN / "unknown-tag.md").read_text("utf-8").replace("---\n", "---\ndraft: true\n", 1)
    (tmp_path / "data" / "cases" / "draft.md").write_text(text, "utf-8")
    result = check(Settings.for_root(tmp_path))
    assert result.problems.errors == []
    assert any("未知的标签“邻理中心”" in str(w) for w in result.problems.warnings)
    assert all(c.slug != "draft" for c in result.library.cases)


def test_every_field_kind_has_a_parser_and_every_vocab_a_vocabulary() -> None:
    vocab = Vocabularies(Vocabulary("类别", []), Vocabulary("标签", []), Vocabulary("层级", []), set(),
                         sectors=Vocabulary("领域", []))
    for f in FIELDS:
        assert f.kind in validate.PARSERS, f"{f.name}: no parser for kind {f.kind!r}"
        if f.vocab:
            assert f.vocab in validate.VOCABULARIES, f"{f.name}: no vocabulary {f.vocab!r}"
            assert isinstance(validate.VOCABULARIES[f.vocab](vocab), Vocabulary), f.name
            assert f.kind in ("text", "texts"), f"{f.name}: vocabulary on a {f.kind} field"
