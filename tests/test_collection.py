from __future__ import annotations

import gc
from pathlib import Path

import pytest

from generator import Settings, build, collection
from generator import render as render_module


def test_collection_is_paused_inside_and_resumes_after_even_on_errors() -> None:
    assert gc.isenabled()
    with collection.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collection.paused():
        raise ValueError("数据有错")
    assert gc.isenabled()
    with collection.paused(False):   # the preview's first run collects as usual
        assert gc.isenabled()
    gc.disable()
    try:   # someone else paused it: left paused
        with collection.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("preview", [False, True])
def test_a_build_runs_without_collections_except_under_the_preview(
        project: Path, monkeypatch: pytest.MonkeyPatch, preview: bool) -> None:
    seen: list[bool] = []
    rendering = render_module.case_pages

    def render(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return rendering(*args, **kwargs)

    monkeypatch.setattr(render_module, "case_pages", render)
    build(Settings.from_environment(project, exports=False, preview=preview))
    assert seen == [preview]   # the preview's hook pauses its edits itself
    assert gc.isenabled()
