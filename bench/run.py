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
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402

PY = sys.executable
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results"
CONFIGS = ("ref", "project")
"""Reference (plain Material, as shipped) and the project as configured."""
INDEX_DIR = Path("docs") / "library" / "search"
"""The handbook's own search index, written by the generator."""
WORD_CACHE = Path("build") / "search-words.json"
"""The generator's cache of segmented texts; removed for a cold build."""

BUDGET = {
    "overhead_at_1000": 0.20,      # generator + hooks over plain Material
    "cases_per_second": 2000,
    "preview_seconds": 2.0,
}
"""Build budgets; the search budgets are in :data:`bench.search.BUDGET`."""


def log(*parts: object) -> None:
    print("[bench]", *parts, file=sys.stderr, flush=True)


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT)
    e["NO_MKDOCS_2_WARNING"] = "1"
    e["PYTHONDONTWRITEBYTECODE"] = "1"
    e.pop("OFFLINE", None)
    return e


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory of one process (``VmHWM``), in MB; None once it has exited.

    Not ``ru_maxrss``: Linux carries the parent's peak over into a child's at
    exec, so every child of this (pypinyin-laden) process would read at least
    the parent's size, and small builds would all show the same number.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, flags=re.M)
    return int(found.group(1)) / 1024 if found else None


def run(cmd: list[str], cwd: Path, extra_env: dict[str, str] | None = None,
        timeout: float = 3600) -> dict:
    """Run *cmd*; returns wall time, this child's peak RSS (polled VmHWM) and output."""
    e = env()
    e.update(extra_env or {})
    out_path = cwd / ".bench-out.txt"
    with out_path.open("w+b") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=e, stdout=out, stderr=subprocess.STDOUT)
        deadline = start + timeout
        peak = 0.0
        while True:
            peak = max(peak, peak_rss_mb(proc.pid) or 0.0)
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                raise TimeoutError(" ".join(cmd))
            time.sleep(0.01)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    out_path.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{text[-4000:]}")
    return {"wall": wall, "peak_rss_mb": peak or usage.ru_maxrss / 1024, "output": text}


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


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


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


# -- mkdocs serve ----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def wait_idle(log_path: Path, quiet: float = 3.0, limit: float = 120) -> float:
    """Wait until ``mkdocs serve`` has finished its rebuilds; returns the seconds waited.

    Gives up after *limit* seconds: under ``--dirty`` the server rebuilds in a
    loop (see the report's rebuild count), so it never goes idle.
    """
    start = time.perf_counter()
    last, since = b"", time.perf_counter()
    while time.perf_counter() - start < limit:
        data = log_path.read_bytes()
        if data != last:
            last, since = data, time.perf_counter()
        lines = [l for l in data.decode("utf-8", "replace").splitlines() if l.strip()]
        done = bool(lines) and ("Reloading browsers" in lines[-1] or "Serving on" in lines[-1])
        if done and time.perf_counter() - since >= quiet:
            break
        time.sleep(0.2)
    return time.perf_counter() - start


META_VERSION = re.compile(r'"version":\s*"([0-9a-f]+)"')


def index_version(base: str) -> str | None:
    """The version stamp of the served search index (``library/search/meta.js``)."""
    found = META_VERSION.search(fetch(base + "library/search/meta.js") or "")
    return found.group(1) if found else None


def measure_serve(work: Path, kind: str, edits: int, serial: int, dirty: bool) -> dict:
    """Edit a case while ``mkdocs serve`` runs; time until the served page, and the served
    search index, show the edit."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    cmd = [PY, "-m", "mkdocs", "serve", "-f", f"mkdocs-{kind}.yml", "--dev-addr", f"127.0.0.1:{port}"]
    if dirty:  # the project's strict: true turns MkDocs' "dirty build" warning into an abort
        cmd += ["--dirty", "--no-strict"]
    log_path = work / f"serve-{kind}{'-dirty' if dirty else ''}.log"
    slug = sorted((work / "data" / "cases").glob("*.md"))[0].stem
    page_url = f"{base}library/cases/{slug}.html"
    with log_path.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=work, env=env(), stdout=out, stderr=subprocess.STDOUT)
        try:
            start = time.perf_counter()
            while fetch(base + "index.html") is None:
                if proc.poll() is not None or time.perf_counter() - start > 1800:
                    raise RuntimeError(f"mkdocs serve did not start; see {log_path}")
                time.sleep(0.2)
            first_build = time.perf_counter() - start
            wait_idle(log_path)
            times: list[float] = []
            index_times: list[float | None] = []
            idle: list[float] = []
            for k in range(edits):
                before = index_version(base)
                _, marker = corpus.edit_case(work, serial + k)
                t0 = time.perf_counter()
                seen: float | None = None
                indexed: float | None = None
                while seen is None or indexed is None:
                    if seen is None:
                        body = fetch(page_url)
                        if body and marker in body:
                            seen = time.perf_counter() - t0
                    if indexed is None:
                        version = index_version(base)
                        if version and version != before:
                            indexed = time.perf_counter() - t0
                    if time.perf_counter() - t0 > 900:
                        if seen is None:
                            raise TimeoutError(f"edit not visible after 900 s; see {log_path}")
                        break  # page updated, index never did: recorded as None
                    time.sleep(0.05)
                times.append(seen)
                index_times.append(indexed)
                log(f"  serve{' --dirty' if dirty else ''} edit visible after {seen:.2f}s, "
                    f"search index after {'—' if indexed is None else f'{indexed:.2f}s'}")
                # The regenerated pages under docs/ trigger a follow-up rebuild: wait for it,
                # so the next edit sees an idle server.
                idle.append(wait_idle(log_path))
            before = log_path.read_text("utf-8", "replace").count("Building documentation")
            time.sleep(10)
            looping = log_path.read_text("utf-8", "replace").count("Building documentation") > before
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    text = log_path.read_text("utf-8", "replace")
    return {"rebuilding_with_no_edit": looping, "first_build_s": first_build,
            "edit_visible_s": median(times), "samples_s": times,
            "edit_to_index_s": median(index_times), "index_samples_s": index_times,
            "index_updated_every_edit": all(t is not None for t in index_times),
            "edit_to_idle_s": median([t + i for t, i in zip(times, idle)]),
            "rebuilds_logged": text.count("Building documentation")}


# -- report ---------------------------------------------------------------------------------

def machine_info() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    freeze = [line for line in subprocess.run([PY, "-m", "pip", "freeze", "--disable-pip-version-check"],
                                              capture_output=True, text=True).stdout.splitlines()
              if line.strip() and not line.startswith("#")]
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True,
                                  text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        chromium = "unavailable"
    mem = ""
    try:
        mem = next(l.split(":", 1)[1].strip() for l in Path("/proc/meminfo").read_text().splitlines()
                   if l.startswith("MemTotal"))
    except (OSError, StopIteration):
        pass
    material = next((line.split("==", 1)[1] for line in freeze if line.lower().startswith("mkdocs-material==")), "")
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "platform": platform.platform(), "chromium": chromium, "packages": freeze, "material": material,
            "load_average_at_start": os.getloadavg()}


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
        log(f"N={n}: mkdocs serve (full rebuilds, as make serve)")
        result["serve"] = measure_serve(work, "project", repeat, serial=4000, dirty=False)
        log(f"N={n}: mkdocs serve --dirty")
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
