"""The build budgets and ``results.md``: the tables of :mod:`bench.run`'s measurements."""

from __future__ import annotations

BUDGET = {
    "overhead_at_1000": 0.20,      # generator + hooks over plain Material
    "cases_per_second": 2000,
    "preview_seconds": 2.0,
}
"""Build budgets; the search budgets are in :data:`bench.search.BUDGET`."""


def fmt(value: object, unit: str = "", digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{unit}"
    if isinstance(value, int):
        return f"{value:,}{unit}"
    return f"{value}{unit}"


def budgets(results: dict) -> list[dict]:
    """Check every build budget; each item says met/missed and by how much."""
    sizes = sorted(int(n) for n in results["sizes"])
    at = results["sizes"].get("1000") or results["sizes"].get(str(max(sizes)))
    n_at = 1000 if "1000" in results["sizes"] else max(sizes)
    out = []

    def add(name: str, value: float | None, limit: float, unit: str, lower_is_better: bool, note: str) -> None:
        if value is None:
            out.append({"budget": name, "value": None, "limit": limit, "met": None, "note": "not measured"})
            return
        met = value <= limit if lower_is_better else value >= limit
        miss = (value / limit - 1) if lower_is_better else (1 - value / limit)
        out.append({"budget": name, "value": value, "limit": limit, "unit": unit, "met": met,
                    "miss_by": None if met else miss, "note": note})

    b, g = at["builds"], at["generator"]
    ref = b["ref"]["wall_s"]
    overhead = (g["cold_s"] + b["project"]["wall_s"] - ref) / ref
    add(f"generator + hooks add ≤ 20 % to plain Material (N={n_at})", overhead, BUDGET["overhead_at_1000"], "",
        True, f"(generator {g['cold_s']:.2f} s + project build {b['project']['wall_s']:.2f} s − "
              f"plain {ref:.2f} s) / plain {ref:.2f} s")
    overhead_edit = (g["incremental_s"] + b["project"]["wall_s"] - ref) / ref
    add(f"… after one edit (N={n_at})", overhead_edit, BUDGET["overhead_at_1000"], "",
        True, f"(generator after one edit {g['incremental_s']:.2f} s + project build {b['project']['wall_s']:.2f} s "
              f"− plain {ref:.2f} s) / plain")
    add(f"generator ≥ 2,000 cases/s, no output, no word cache, first build() in process (N={n_at})",
        g["cases_per_s_cold"], BUDGET["cases_per_second"], " cases/s", False,
        "phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in g["phases_cold_s"].items()))
    add(f"generator ≥ 2,000 cases/s, fresh output, warm process (N={n_at})",
        g["cases_per_s_warm_process"], BUDGET["cases_per_second"], " cases/s", False,
        "second build() in the same process: dictionaries loaded, word cache present")
    preview = b["regenerate_s"] + b["project"]["wall_s"]
    add(f"one-case edit visible < 2 s: generator + mkdocs build (N={n_at})", preview,
        BUDGET["preview_seconds"], " s", True,
        f"python -m generator build {b['regenerate_s']:.2f} s + mkdocs build {b['project']['wall_s']:.2f} s")
    for key, label in (("serve", "mkdocs serve (as make serve)"), ("serve_dirty", "mkdocs serve --dirty")):
        serve = at.get(key)
        add(f"one-case edit visible < 2 s: {label} reload (N={n_at})",
            serve["edit_visible_s"] if serve else None, BUDGET["preview_seconds"], " s", True,
            "edit saved → page served with the edit, polled over HTTP every 50 ms")
    # Memory: the marginal memory per case must not grow with N.
    for label, get in (("mkdocs build (project)", lambda r: r["builds"]["project"]["peak_rss_mb"]),
                       ("mkdocs build (plain Material, for comparison)", lambda r: r["builds"]["ref"]["peak_rss_mb"]),
                       ("generator", lambda r: r["generator"]["peak_rss_mb"])):
        points = [(n, get(results["sizes"][str(n)])) for n in sizes]
        slopes = [(b2 - b1) / (n2 - n1) for (n1, b1), (n2, b2) in zip(points, points[1:])]
        grows = all(s2 <= max(s1, 0) * 1.25 + 0.005 for s1, s2 in zip(slopes, slopes[1:]))
        detail = "; ".join(f"{n} → {m:.0f} MB" for n, m in points) + \
            " | MB per extra case: " + ", ".join(f"{s * 1000:.0f} KB" for s in slopes)
        out.append({"budget": f"peak memory grows no faster than linearly: {label}",
                    "value": slopes[-1] if slopes else None, "limit": None, "met": grows if slopes else None,
                    "note": detail})
    return out


def markdown_report(results: dict) -> str:
    sizes = sorted(results["sizes"], key=int)
    head = "| | " + " | ".join(f"N = {int(n):,}" for n in sizes) + " |"
    rule = "| --- |" + " ---: |" * len(sizes)

    def row(label: str, get, unit: str = "", digits: int = 2) -> str:  # type: ignore[no-untyped-def]
        cells = []
        for n in sizes:
            try:
                cells.append(fmt(get(results["sizes"][n]), unit, digits))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("—")
        return f"| {label} | " + " | ".join(cells) + " |"

    m = results["machine"]
    lines = [
        "# Benchmark results", "",
        f"Run {results['started']} → {results['finished']}, repeat {results['repeat']} "
        f"(medians; sizes ≥ {results['large_size']:,} repeat {results['large_repeat']}), seed {results['seed']}.",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']}; Python {m['python']}; {m['chromium']}; "
        f"load average at start {', '.join(f'{x:.2f}' for x in m['load_average_at_start'])} "
        "(shared machine: expect ±15 % noise between runs; ref and project builds are interleaved so ratios are fairer "
        "than absolute times). Search in the browser: see search.md (`python -m bench.search`).", "",
        *([f"Sizes {', '.join(results['merged_from']['sizes'])} are kept from the run started "
           f"{results['merged_from']['started']} (`--merge`).", ""] if results.get("merged_from") else []),
        "## Generator (`build()` in-process, interpreter start-up excluded)", "", head, rule,
        row("repeats (medians over)", lambda r: r["repeat"]),
        row("body characters per case", lambda r: r["corpus"]["body_chars_per_case"]),
        row("pages generated", lambda r: r["generator"]["pages"]),
        row("search index files generated", lambda r: r["generator"]["search_files"]),
        row("cold: no output, no word cache, first build() in a new process (s)", lambda r: r["generator"]["cold_s"]),
        row("  cases/s", lambda r: r["generator"]["cases_per_s_cold"], "", 0),
        *[row(f"  {phase} (s)", lambda r, p=phase: r["generator"]["phases_cold_s"][p])
          for phase in ("load+validate", "link", "render", "search index", "write")],
        row("  texts segmented", lambda r: r["generator"]["cold_segmented"], "", 0),
        row("fresh output, warm process (s)", lambda r: r["generator"]["warm_process_s"]),
        row("  cases/s", lambda r: r["generator"]["cases_per_s_warm_process"], "", 0),
        row("after editing one case (s)", lambda r: r["generator"]["incremental_s"]),
        row("  files rewritten", lambda r: r["generator"]["incremental_written"], "", 0),
        row("  texts segmented again", lambda r: r["generator"]["incremental_segmented"], "", 0),
        row("`python -m generator build` after an edit, wall (s)", lambda r: r["builds"]["regenerate_s"]),
        row("peak RSS (MB)", lambda r: r["generator"]["peak_rss_mb"], "", 0),
        "", "## MkDocs build (wall time of `mkdocs build --strict`, including start-up)", "", head, rule,
        row("plain Material reference (s)", lambda r: r["builds"]["ref"]["wall_s"]),
        row("project: own search, sanitize hooks (s)", lambda r: r["builds"]["project"]["wall_s"]),
        row("  ratio to reference", lambda r: r["builds"]["project"]["ratio_to_ref"], "×"),
        row("  jieba loaded by mkdocs: project / reference",
            lambda r: f"{fmt(r['builds']['project']['jieba_loaded'])} / {fmt(r['builds']['ref']['jieba_loaded'])}"),
        row("generator cold + project build (s)",
            lambda r: r["generator"]["cold_s"] + r["builds"]["project"]["wall_s"]),
        row("  ratio to reference", lambda r: (r["generator"]["cold_s"] + r["builds"]["project"]["wall_s"])
            / r["builds"]["ref"]["wall_s"], "×"),
        row("generator after one edit + project build (s)",
            lambda r: r["generator"]["incremental_s"] + r["builds"]["project"]["wall_s"]),
        row("  ratio to reference", lambda r: (r["generator"]["incremental_s"] + r["builds"]["project"]["wall_s"])
            / r["builds"]["ref"]["wall_s"], "×"),
        row("peak RSS reference (MB)", lambda r: r["builds"]["ref"]["peak_rss_mb"], "", 0),
        row("peak RSS project (MB)", lambda r: r["builds"]["project"]["peak_rss_mb"], "", 0),
        "", "## Preview after editing one case", "", head, rule,
        row("`python -m generator build` + `mkdocs build` (s)",
            lambda r: r["builds"]["regenerate_s"] + r["builds"]["project"]["wall_s"]),
        row("`mkdocs serve` (as `make serve`): edit → page served (s)", lambda r: r["serve"]["edit_visible_s"]),
        row("  edit → search index served (s)", lambda r: r["serve"]["edit_to_index_s"]),
        row("  search index updated after every edit", lambda r: r["serve"]["index_updated_every_edit"]),
        row("  serve start-up (first full build) (s)", lambda r: r["serve"]["first_build_s"]),
        row("  edit → server idle again (follow-up rebuild done) (s)", lambda r: r["serve"]["edit_to_idle_s"]),
        row("  rebuilds logged (start-up + per edit)", lambda r: r["serve"]["rebuilds_logged"]),
        row("  still rebuilding with no edit (rebuild loop)", lambda r: r["serve"]["rebuilding_with_no_edit"]),
        row("`mkdocs serve --dirty`: edit → page served (s)", lambda r: r["serve_dirty"]["edit_visible_s"]),
        row("  edit → search index served (s)", lambda r: r["serve_dirty"]["edit_to_index_s"]),
        row("  search index updated after every edit", lambda r: r["serve_dirty"]["index_updated_every_edit"]),
        row("  serve start-up (first full build) (s)", lambda r: r["serve_dirty"]["first_build_s"]),
        row("  edit → server idle again (s)", lambda r: r["serve_dirty"]["edit_to_idle_s"]),
        row("  rebuilds logged (start-up + per edit)", lambda r: r["serve_dirty"]["rebuilds_logged"]),
        row("  still rebuilding with no edit (rebuild loop)", lambda r: r["serve_dirty"]["rebuilding_with_no_edit"]),
        "", "## Sizes", "", head, rule,
        row("site (MB)", lambda r: r["sizes"]["site_bytes"] / 1e6),
        row("search index `docs/library/search` (MB)", lambda r: r["index"]["bytes"] / 1e6),
        row("  files", lambda r: r["index"]["files"]),
        row("  per case (KB, whole index / N)", lambda r: r["index"]["bytes_per_case"] / 1e3),
        row("  largest file (KB)", lambda r: r["index"]["largest_file_bytes"] / 1e3, "", 1),
        row("pages in Material's `search/search_index.json` (project; reference)",
            lambda r: f"{r['sizes']['material_index_docs']:,} ; {r['sizes']['material_index_docs_ref']:,}"),
        row("offline zip (MB)", lambda r: r["offline"]["zip_bytes"] / 1e6),
        row("offline site (MB)", lambda r: r["offline"]["site_bytes"] / 1e6),
        "", "## Budgets", "", "| budget | value | limit | met | detail |", "| --- | ---: | ---: | --- | --- |",
    ]
    for item in results["budgets"]:
        value = item["value"]
        unit = item.get("unit", "")
        shown = fmt(value, unit) if item["limit"] is not None else (
            fmt(value * 1000, " KB/case") if isinstance(value, float) else "—")
        met = {True: "yes", False: f"**no** (by {item['miss_by'] * 100:.0f} %)" if item.get("miss_by") is not None
               else "**no**", None: "—"}[item["met"]]
        limit = fmt(item["limit"], unit) if item["limit"] is not None else (
            "linear")
        lines.append(f"| {item['budget']} | {shown} | {limit} | {met} | {item['note']} |")
    lines += ["", "Package versions: " + ", ".join(m["packages"]), ""]
    return "\n".join(lines)
