"""The facet page's data file, from the real library."""

from __future__ import annotations

import json
from collections import Counter

from generator import facets, places
from generator.build import check
from generator.settings import Settings

from .conftest import ROOT


def _library():  # type: ignore[no-untyped-def]
    result = check(Settings.for_root(ROOT))
    return result.library, result.graph


def test_script_sets_the_global_with_the_data() -> None:
    library, graph = _library()
    text = facets.script(library, graph)
    prefix = f"window.{facets.GLOBAL} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    assert "</" not in text
    assert json.loads(text[len(prefix):-2]) == facets.data(library, graph)


def test_every_case_with_its_values() -> None:
    library, graph = _library()
    data = facets.data(library, graph)
    assert [c["slug"] for c in data["cases"]] == [c.slug for c in library.cases]
    by_id = {f["id"]: f for f in data["facets"]}
    for case, row in zip(library.cases, data["cases"]):
        values = {f["id"]: {f["values"][i] for i in idx} for f, idx in zip(data["facets"], row["v"])}
        assert values["category"] == set(case.categories)
        assert values["tag"] == set(case.tags)
        assert values["level"] == {case.level}
        assert values["year"] == {str(case.year) if case.year else "年份未披露"}
        assert values["figures"] == {"有数据" if case.figures else "无数据"}
        assert values["source"] == {library.source_by_id[r.source].title for r in case.sources}
        for key, _ in places.FACET_PARTS:
            assert values[key] == {places.part(case, key)}
    assert by_id["level"]["values"] == [t.name for t in library.levels
                                        if t.name in {c.level for c in library.cases}]


def test_hidden_places_are_grouped_as_undisclosed() -> None:
    library, graph = _library()
    data = facets.data(library, graph)
    for facet in data["facets"]:
        if facet["id"] in ("province", "city", "district"):
            assert not any(places.is_placeholder(v) for v in facet["values"]), facet
            assert facet["values"][-1] == "未披露"
    at = next(i for i, f in enumerate(data["facets"]) if f["id"] == "city")
    city = data["facets"][at]
    counted = Counter(city["values"][c["v"][at][0]] for c in data["cases"])
    assert counted["未披露"] == sum(1 for c in library.cases
                                  if not any(k == "city" and not places.is_placeholder(n)
                                             for k, n in c.region))
    assert counted["常州市"] == sum(1 for c in library.cases if ("city", "常州市") in c.region) > 0
