"""The handbook benchmark: ``python -m bench.run --sizes 100,1000,5000 --repeat 3``.

For each size N it writes a synthetic corpus (:mod:`bench.corpus`) into
``bench/work/nN/`` and measures, in one run:

* the generator: ``build()`` timed in-process (interpreter start-up and
  imports excluded) with no output and no word cache, then again after
  editing one case (files rewritten and texts segmented again are counted),
  then into an empty output folder in the same process, in a fresh worker
  process per repeat;
* ``mkdocs build`` of the generated pages with the project's configuration
  and with the plain-Material reference (:func:`bench.search.ref_config`: no
  hooks, no theme override, so Material's search plugin indexes every page
  with jieba), interleaved in the same repeat so that they see the same
  machine load;
* the edit-to-preview path: one edit, ``python -m generator build`` and a
  ``mkdocs build``; and ``mkdocs serve`` with the project's hooks (the
  generator runs before each rebuild), edit → page served and edit → search
  index served, over HTTP (for N up to ``--serve-max``);
* peak memory of every process (``VmHWM`` in ``/proc/PID/status``), site size, the search
  index folder ``docs/library/search`` (bytes, files), offline zip size.

Search itself (ready time, keystrokes, bytes loaded, in chromium) is measured
by :mod:`bench.search`. Medians over the repeats are written to
``bench/results/results.json`` and ``bench/results/results.md`` with machine
information and the budgets.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from bench.common import PY, RESULTS, WORK, env, log, machine_info, median, peak_rss_mb, run, tree_size  # noqa: E402, F401  (bench.search imports these from here)
from bench.report import BUDGET, budgets, markdown_report  # noqa: E402
from bench.serve import measure_serve  # noqa: E402
from generator import search  # noqa: E402

CONFIGS = ("ref", "project")
"""Reference (plain Material, as shipped) and the project as configured."""
INDEX_DIR = Path("docs") / "library" / "search"
"""The handbook's own search index, written by the generator."""
WORD_CACHE = Path("build") / search.WORD_CACHE
"""The generator's cache of segmented texts; removed for a cold build."""


# -- the work tree -------------------------------------------------------------------

def config_text(kind: str) -> str:
    """mkdocs.yml for *kind*: ``project`` as it is, ``ref`` plain Material (see bench.search)."""
    if kind == "project":
        return (ROOT / "mkdocs.yml").read_text("utf-8")
    if kind == "ref":
        from bench.search import ref_config  # bench.search imports this module: import late

        return ref_config()
    raise ValueError(f"unknown configuration: {kind}")


def prepare(n: int, seed: int) -> tuple[Path, dict]:
    """A project tree with a synthetic corpus of *n* cases and both configurations."""
    work = WORK / f"n{n}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    summary = corpus.write_corpus(work, n, seed)
    shutil.copytree(ROOT / "hooks", work / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", work / "overrides")
    shutil.copytree(ROOT / "docs", work / "docs", ignore=shutil.ignore_patterns("library"))
    for kind in CONFIGS:
        (work / f"mkdocs-{kind}.yml").write_text(config_text(kind), "utf-8")
    return work, summary


# -- generator -------------------------------------------------------------------------

def generator_worker(root: Path, serial: int) -> dict:
    """Runs inside a fresh interpreter: time build() cold, after one edit, and warm."""
    from generator import Settings, build

    settings = Settings.for_root(root)
    shutil.rmtree(settings.out, ignore_errors=True)
    (root / WORD_CACHE).unlink(missing_ok=True)
    start = time.perf_counter()
    first = build(settings)
    cold = time.perf_counter() - start
    corpus.edit_case(root, serial)
    start = time.perf_counter()
    second = build(settings)
    incremental = time.perf_counter() - start
    shutil.rmtree(settings.out)
    start = time.perf_counter()
    third = build(settings)
    warm = time.perf_counter() - start
    assert first.report and second.report and third.report
    return {
        "cases": len(first.library.cases), "pages": len(first.pages),
        "search_files": len(first.search_files),
        "cold_s": cold, "cold_phases": first.timings, "cold_segmented": first.search_segmented,
        "incremental_s": incremental, "incremental_written": len(second.report.written),
        "incremental_unchanged": second.report.unchanged,
        "incremental_segmented": second.search_segmented,
        "warm_process_s": warm, "warm_phases": third.timings, "warm_segmented": third.search_segmented,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_generator(work: Path, repeat: int, serial: int) -> dict:
    runs = []
    for rep in range(repeat):
        res = run([PY, "-m", "bench.run", "--worker-generator", str(work), "--serial", str(serial + rep)],
                  cwd=ROOT)
        data = json.loads(res["output"].strip().splitlines()[-1])
        runs.append(data)
        log(f"  generator cold {data['cold_s']:.2f}s, edit {data['incremental_s']:.2f}s "
            f"({data['incremental_written']} written, {data['incremental_segmented']} texts segmented), "
            f"warm-process {data['warm_process_s']:.2f}s")
    n = runs[0]["cases"]
    cold = median([r["cold_s"] for r in runs])
    warm = median([r["warm_process_s"] for r in runs])
    phases = {k: median([r["cold_phases"][k] for r in runs]) for k in runs[0]["cold_phases"]}
    return {
        "runs": runs, "pages": runs[0]["pages"], "search_files": runs[0]["search_files"],
        "cold_s": cold, "warm_process_s": warm,
        "cases_per_s_cold": n / cold, "cases_per_s_warm_process": n / warm,
        "cold_segmented": median([r["cold_segmented"] for r in runs]),
        "incremental_s": median([r["incremental_s"] for r in runs]),
        "incremental_written": median([r["incremental_written"] for r in runs]),
        "incremental_segmented": median([r["incremental_segmented"] for r in runs]),
        "phases_cold_s": phases,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
    }


# -- mkdocs builds ---------------------------------------------------------------------

BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")


def mkdocs_build(work: Path, kind: str, site: str | None = None,
                 extra_env: dict[str, str] | None = None) -> dict:
    if kind == "ref":
        from bench.search import reference_docs  # bench.search imports this module: import late

        reference_docs(work)
    site = site or f"site-{kind}"
    res = run([PY, "-m", "mkdocs", "build", "--strict", "-f", f"mkdocs-{kind}.yml", "--site-dir", site],
              cwd=work, extra_env=extra_env)
    found = BUILT_IN.search(res["output"])
    return {"wall": res["wall"], "reported": float(found.group(1)) if found else None,
            "peak_rss_mb": res["peak_rss_mb"], "jieba_loaded": "Prefix dict has been built" in res["output"]}


def regenerate(work: Path) -> dict:
    res = run([PY, "-m", "generator", "--root", str(work), "build"], cwd=ROOT)
    found = re.search(r"写入 (\d+)", res["output"])
    return {"wall": res["wall"], "written": int(found.group(1)) if found else None,
            "peak_rss_mb": res["peak_rss_mb"]}


def measure_builds(work: Path, repeat: int, serial: int) -> dict:
    """Reference and project builds after one edit each repeat, interleaved, order rotated."""
    samples: dict[str, list[dict]] = {kind: [] for kind in CONFIGS}
    regen: list[dict] = []
    order = list(CONFIGS)
    for rep in range(repeat):
        corpus.edit_case(work, serial + rep)
        regen.append(regenerate(work))
        for kind in order[rep % 2:] + order[:rep % 2]:  # rotate so no config is always first
            samples[kind].append(mkdocs_build(work, kind))
            log(f"  mkdocs {kind} {samples[kind][-1]['wall']:.1f}s")
    out: dict = {"samples": samples, "regenerate": regen}
    for kind, runs in samples.items():
        out[kind] = {
            "wall_s": median([r["wall"] for r in runs]),
            "reported_s": median([r["reported"] for r in runs]),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "jieba_loaded": any(r["jieba_loaded"] for r in runs),
        }
    out["regenerate_s"] = median([r["wall"] for r in regen])
    out["regenerate_written"] = median([r["written"] for r in regen])
    out["project"]["ratio_to_ref"] = out["project"]["wall_s"] / out["ref"]["wall_s"]
    return out


def offline_bundle(work: Path) -> dict:
    site = "build/offline-site"
    built = mkdocs_build(work, "project", site=site, extra_env={"OFFLINE": "true"})
    target = work / "dist" / "handbook-offline.zip"
    res = run([PY, "-m", "generator", "bundle", str(work / site), str(target)], cwd=ROOT)
    return {"build_wall_s": built["wall"], "bundle_wall_s": res["wall"], "zip_bytes": target.stat().st_size,
            "site_bytes": tree_size(work / site)}


# -- sizes ------------------------------------------------------------------------------

def index_folder(work: Path, cases: int) -> dict:
    """Size of the handbook's search index (``docs/library/search``): all of it, and per case."""
    files = [p for p in (work / INDEX_DIR).rglob("*") if p.is_file()]
    sizes = [p.stat().st_size for p in files]
    return {"bytes": sum(sizes), "files": len(files), "largest_file_bytes": max(sizes, default=0),
            "bytes_per_case": sum(sizes) / cases}


def material_index_docs(site: Path) -> int:
    """Pages in Material's own ``search/search_index.json``: 0 when hooks/own_search.py works."""
    path = site / "search" / "search_index.json"
    return len(json.loads(path.read_text("utf-8")).get("docs", [])) if path.exists() else 0


# -- main ----------------------------------------------------------------------------------------

def measure_size(n: int, repeat: int, args: argparse.Namespace) -> dict:
    log(f"N={n}: writing corpus")
    work, summary = prepare(n, args.seed)
    summary.pop("titles")
    result: dict = {"corpus": summary}
    log(f"N={n}: generator ×{repeat}")
    result["generator"] = measure_generator(work, repeat, serial=1000)
    log(f"N={n}: mkdocs builds ×{repeat} (reference and project interleaved)")
    result["builds"] = measure_builds(work, repeat, serial=2000)
    result["index"] = index_folder(work, n)
    result["sizes"] = {"site_bytes": tree_size(work / "site-project"),
                       "material_index_docs": material_index_docs(work / "site-project"),
                       "material_index_docs_ref": material_index_docs(work / "site-ref")}
    if not args.skip_offline:
        log(f"N={n}: offline build and zip")
        result["offline"] = offline_bundle(work)
    if not args.skip_serve and n <= args.serve_max:
        log(f"N={n}: mkdocs serve (full rebuilds)")
        result["serve"] = measure_serve(work, "project", repeat, serial=4000, dirty=False)
        log(f"N={n}: mkdocs serve --dirty (as make serve)")
        result["serve_dirty"] = measure_serve(work, "project", max(repeat, 2), serial=3000, dirty=True)
    if not args.keep:
        for folder in ("site-ref", "site-project", "build/offline-site"):
            shutil.rmtree(work / folder, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated case counts")
    parser.add_argument("--repeat", type=int, default=3, help="repeats per measurement (medians)")
    parser.add_argument("--large-size", type=int, default=5000, help="sizes from here on use --large-repeat")
    parser.add_argument("--large-repeat", type=int, default=None, help="repeats for large sizes (default --repeat)")
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    parser.add_argument("--serve-max", type=int, default=1000, help="largest N for the mkdocs serve measurement")
    parser.add_argument("--skip-serve", action="store_true", help="no mkdocs serve measurement")
    parser.add_argument("--skip-offline", action="store_true", help="no offline build and zip")
    parser.add_argument("--keep", action="store_true", help="keep the built sites under bench/work/")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for results.json and results.md")
    parser.add_argument("--merge", action="store_true",
                        help="keep the sizes already in OUT/results.json that this run does not measure")
    parser.add_argument("--worker-generator", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--serial", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker_generator:
        print(json.dumps(generator_worker(args.worker_generator, args.serial)))
        return 0
    large_repeat = args.large_repeat or args.repeat
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results: dict = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "repeat": args.repeat,
                     "large_size": args.large_size, "large_repeat": large_repeat, "seed": args.seed,
                     "budget": BUDGET, "machine": machine_info(), "sizes": {}}
    args.out.mkdir(parents=True, exist_ok=True)
    previous = args.out / "results.json"
    if args.merge and previous.exists():
        old = json.loads(previous.read_text("utf-8"))
        results["sizes"] = {k: v for k, v in old.get("sizes", {}).items() if int(k) not in sizes}
        results["merged_from"] = {"started": old.get("started"), "sizes": sorted(results["sizes"], key=int)}
    for n in sizes:
        repeat = large_repeat if n >= args.large_size else args.repeat
        start = time.perf_counter()
        results["sizes"][str(n)] = measure_size(n, repeat, args)
        results["sizes"] = dict(sorted(results["sizes"].items(), key=lambda kv: int(kv[0])))
        results["sizes"][str(n)]["repeat"] = repeat
        results["sizes"][str(n)]["bench_wall_s"] = time.perf_counter() - start
        log(f"N={n}: done in {time.perf_counter() - start:.0f}s")
        report = write_results(results, args.out)  # after every size, so a crash keeps what was measured
    print(report[report.index("## Budgets"):])
    return 0


def write_results(results: dict, out: Path) -> str:
    results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    results["machine"]["load_average_at_end"] = os.getloadavg()
    results["budgets"] = budgets(results)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    report = markdown_report(results)
    (out / "results.md").write_text(report, "utf-8")
    return report


if __name__ == "__main__":
    sys.exit(main())
