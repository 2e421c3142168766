"""The handbook benchmark: ``python -m bench.run --sizes 100,1000,5000 --repeat 3``.

For each size N it writes a synthetic corpus (:mod:`bench.corpus`) into
``bench/work/nN/`` and measures, in one run:

* the generator: ``build()`` timed in-process (interpreter start-up and
  imports excluded) on a fresh output folder, then again after editing one
  case (incremental: files rewritten are counted), in a fresh worker process
  per repeat;
* ``mkdocs build`` of the generated pages with the project's configuration,
  with the plain-Material reference (the same configuration without
  ``hooks:``: same theme, search plugin with jieba and the same user
  dictionary, no pinyin, no sanitising) and with ``hooks/segment_cache.py``
  added (cold and warm cache), interleaved in the same repeat so that they
  see the same machine load;
* the edit-to-preview path: one edit, ``python -m generator build`` and a
  warm-cache ``mkdocs build``, and ``mkdocs serve --dirty`` reload measured
  over HTTP (for N up to ``--serve-max``);
* peak memory of every process (``os.wait4`` rusage), site size, search
  index size and what it holds per case, offline zip size;
* in Debian's chromium (Playwright, served on 127.0.0.1): time from
  navigation start to the search worker being ready, and keystroke-to-first-
  result for a pinyin and a Chinese query.

Medians over the repeats are written to ``bench/results/results.json`` and
``bench/results/results.md`` with machine information and the budgets.
"""

from __future__ import annotations

import argparse
import gzip
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
CACHE_HOOK = "hooks/segment_cache.py"
CACHE_FILE = Path("build") / "segment-cache.pickle"
CONFIGS = ("ref", "project", "cache")
"""Reference (plain Material), the project as configured, the project plus the segment cache."""

BUDGET = {
    "overhead_at_1000": 0.20,      # generator + hooks over plain Material
    "cases_per_second": 2000,
    "preview_seconds": 2.0,
    "keystroke_ms": 50,
    "search_ready_seconds": 1.5,
}


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


def run(cmd: list[str], cwd: Path, extra_env: dict[str, str] | None = None,
        timeout: float = 3600) -> dict:
    """Run *cmd*; returns wall time, this child's peak RSS (os.wait4) and output."""
    e = env()
    e.update(extra_env or {})
    out_path = cwd / ".bench-out.txt"
    with out_path.open("w+b") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=e, stdout=out, stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
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
    return {"wall": wall, "peak_rss_mb": usage.ru_maxrss / 1024, "output": text}


# -- the work tree -------------------------------------------------------------------

def config_text(kind: str) -> str:
    """mkdocs.yml for *kind*: ``ref`` has no hooks, ``cache`` adds the segment cache."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    text = re.sub(rf"^[ \t]*- {re.escape(CACHE_HOOK)}[ \t]*\n", "", text, flags=re.M)
    if kind == "ref":
        text, count = re.subn(r"^hooks:[ \t]*\n(?:[ \t]+-[^\n]*\n)+", "", text, flags=re.M)
        assert count == 1, "mkdocs.yml: no hooks: block found"
    elif kind == "cache":
        text, count = re.subn(r"^hooks:[ \t]*\n", f"hooks:\n  - {CACHE_HOOK}\n", text, flags=re.M)
        assert count == 1, "mkdocs.yml: no hooks: block found"
    return text


def prepare(n: int, seed: int) -> tuple[Path, dict]:
    """A project tree with a synthetic corpus of *n* cases and the three configurations."""
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
    import resource

    from generator import Settings, build

    settings = Settings.for_root(root)
    shutil.rmtree(settings.out, ignore_errors=True)
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
        "cold_s": cold, "cold_phases": first.timings,
        "incremental_s": incremental, "incremental_written": len(second.report.written),
        "incremental_unchanged": second.report.unchanged,
        "warm_process_s": warm, "warm_phases": third.timings,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def measure_generator(work: Path, repeat: int, serial: int) -> dict:
    runs = []
    for rep in range(repeat):
        res = run([PY, "-m", "bench.run", "--worker-generator", str(work), "--serial", str(serial + rep)],
                  cwd=ROOT)
        data = json.loads(res["output"].strip().splitlines()[-1])
        runs.append(data)
        log(f"  generator cold {data['cold_s']:.2f}s, edit {data['incremental_s']:.2f}s "
            f"({data['incremental_written']} written), warm-process {data['warm_process_s']:.2f}s")
    n = runs[0]["cases"]
    cold = median([r["cold_s"] for r in runs])
    warm = median([r["warm_process_s"] for r in runs])
    phases = {k: median([r["cold_phases"][k] for r in runs]) for k in runs[0]["cold_phases"]}
    return {
        "runs": runs, "pages": runs[0]["pages"],
        "cold_s": cold, "warm_process_s": warm,
        "cases_per_s_cold": n / cold, "cases_per_s_warm_process": n / warm,
        "incremental_s": median([r["incremental_s"] for r in runs]),
        "incremental_written": median([r["incremental_written"] for r in runs]),
        "phases_cold_s": phases,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
    }


# -- mkdocs builds ---------------------------------------------------------------------

BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")
CACHE_LINE = re.compile(r"分词缓存：(\d+) 段沿用，(\d+) 段新分词")


def mkdocs_build(work: Path, kind: str, site: str | None = None,
                 extra_env: dict[str, str] | None = None) -> dict:
    site = site or f"site-{kind}"
    res = run([PY, "-m", "mkdocs", "build", "--strict", "-f", f"mkdocs-{kind}.yml", "--site-dir", site],
              cwd=work, extra_env=extra_env)
    found = BUILT_IN.search(res["output"])
    cache = CACHE_LINE.search(res["output"])
    out = {"wall": res["wall"], "reported": float(found.group(1)) if found else None,
           "peak_rss_mb": res["peak_rss_mb"], "jieba_loaded": "Prefix dict has been built" in res["output"]}
    if cache:
        out["cache_hits"], out["cache_misses"] = int(cache.group(1)), int(cache.group(2))
    return out


def regenerate(work: Path) -> dict:
    res = run([PY, "-m", "generator", "--root", str(work), "build"], cwd=ROOT)
    found = re.search(r"写入 (\d+)", res["output"])
    return {"wall": res["wall"], "written": int(found.group(1)) if found else None,
            "peak_rss_mb": res["peak_rss_mb"]}


def measure_builds(work: Path, repeat: int, serial: int) -> dict:
    samples: dict[str, list[dict]] = {"ref": [], "project": [], "cache_warm": [], "cache_cold": []}
    regen: list[dict] = []
    (work / CACHE_FILE).unlink(missing_ok=True)
    samples["cache_cold"].append(mkdocs_build(work, "cache"))
    log(f"  mkdocs cache-cold {samples['cache_cold'][-1]['wall']:.1f}s")
    order = ["ref", "project", "cache_warm"]
    for rep in range(repeat):
        corpus.edit_case(work, serial + rep)
        regen.append(regenerate(work))
        for kind in order[rep % 3:] + order[:rep % 3]:  # rotate so no config is always first
            samples[kind].append(mkdocs_build(work, "cache" if kind == "cache_warm" else kind))
            log(f"  mkdocs {kind} {samples[kind][-1]['wall']:.1f}s")
        if rep < repeat - 1:
            (work / CACHE_FILE).unlink(missing_ok=True)
            samples["cache_cold"].append(mkdocs_build(work, "cache"))
            log(f"  mkdocs cache-cold {samples['cache_cold'][-1]['wall']:.1f}s")
    out: dict = {"samples": samples, "regenerate": regen}
    for kind, runs in samples.items():
        out[kind] = {
            "wall_s": median([r["wall"] for r in runs]),
            "reported_s": median([r["reported"] for r in runs]),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        }
        if "cache_misses" in runs[0]:
            out[kind]["cache_hits"] = median([r["cache_hits"] for r in runs])
            out[kind]["cache_misses"] = median([r["cache_misses"] for r in runs])
            out[kind]["jieba_loaded"] = any(r["jieba_loaded"] for r in runs)
    out["regenerate_s"] = median([r["wall"] for r in regen])
    out["regenerate_written"] = median([r["written"] for r in regen])
    ref = out["ref"]["wall_s"]
    for kind in ("project", "cache_warm", "cache_cold"):
        out[kind]["ratio_to_ref"] = out[kind]["wall_s"] / ref
    return out


def offline_bundle(work: Path) -> dict:
    site = "build/offline-site"
    built = mkdocs_build(work, "project", site=site, extra_env={"OFFLINE": "true"})
    target = work / "dist" / "handbook-offline.zip"
    res = run([PY, "-m", "generator", "bundle", str(work / site), str(target)], cwd=ROOT)
    return {"build_wall_s": built["wall"], "bundle_wall_s": res["wall"], "zip_bytes": target.stat().st_size,
            "site_bytes": tree_size(work / site)}


# -- search index -----------------------------------------------------------------------

def index_report(site: Path, cases: int) -> dict:
    """How big the search index is and what it holds per case page."""
    path = site / "search" / "search_index.json"
    raw = path.read_bytes()
    index = json.loads(raw)
    docs = index["docs"]
    per_field: dict[str, int] = {}
    case_docs = 0
    zwsp = 0
    for doc in docs:
        if not doc["location"].startswith("library/cases/"):
            continue
        case_docs += 1
        for key, value in doc.items():
            size = len(json.dumps(value, ensure_ascii=False).encode("utf-8")) + len(key) + 4
            per_field[key] = per_field.get(key, 0) + size
            if isinstance(value, str):
                zwsp += value.count("\u200b") * 3
    case_bytes = sum(per_field.values())
    return {
        "bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, 6)), "docs": len(docs),
        "bytes_per_case_total": len(raw) / cases,
        "case_pages_bytes": case_bytes, "case_pages_share": case_bytes / len(raw),
        "entries_per_case": case_docs / cases,
        "bytes_per_case_by_field": {k: v / cases for k, v in sorted(per_field.items())},
        "zero_width_space_share_of_case_bytes": zwsp / case_bytes if case_bytes else 0,
    }


def index_report_cache_equal(work: Path) -> bool:
    """The segment cache must not change the index: project vs cache site."""
    a = (work / "site-project" / "search" / "search_index.json").read_bytes()
    b = (work / "site-cache" / "search" / "search_index.json").read_bytes()
    return a == b


# -- browser ------------------------------------------------------------------------------

INIT_JS = r"""
(() => {
  const bench = window.__bench = { ready: undefined, t0: undefined, t1: undefined, paint: undefined };
  const Native = window.Worker;
  if (Native) {
    const Patched = function (url, options) {
      const worker = new Native(url, options);
      worker.addEventListener("message", (event) => {
        if (event.data && event.data.type === 1 && bench.ready === undefined) bench.ready = performance.now();
      });
      return worker;
    };
    Patched.prototype = Native.prototype;
    window.Worker = Patched;
  }
  bench.arm = () => {
    const input = document.querySelector("input.md-search__input");
    const list = document.querySelector(".md-search-result__list");
    bench.t0 = bench.t1 = bench.paint = undefined;
    const onKey = (event) => { if (bench.t0 === undefined) bench.t0 = event.timeStamp; };
    input.addEventListener("keydown", onKey, { once: true });
    const meta = document.querySelector(".md-search-result__meta");
    const none = meta.textContent;  // any change of the meta line after the keystroke is an answer
    bench.none = undefined;
    const observer = new MutationObserver(() => {
      if (bench.t0 === undefined || bench.t1 !== undefined) return;
      const hit = list.querySelector("li");
      if (hit || (meta.textContent !== none && /没有/.test(meta.textContent))) {
        bench.t1 = performance.now();
        bench.none = !hit;
        observer.disconnect();
        requestAnimationFrame(() => requestAnimationFrame(() => { bench.paint = performance.now(); }));
      }
    });
    observer.observe(list, { childList: true, subtree: true });
    observer.observe(meta, { childList: true, subtree: true, characterData: true });
  };
})();
"""


def browser_measure(site: Path, repeat: int, queries: list[tuple[str, str, str]]) -> dict:
    """Search-ready time and keystroke-to-first-result in chromium, medians over *repeat* page loads."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, FLAGS, Guard, serve

    ready: list[float] = []
    loads: list[float] = []
    per_query: dict[str, dict] = {label: {"ms": [], "paint_ms": [], "first": [], "count": []}
                                  for label, _, _ in queries}
    blocked: list[str] = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            for _ in range(repeat):
                context = browser.new_context()
                guard = Guard(context)
                page = context.new_page()
                page.add_init_script(INIT_JS)
                page.goto(base + "index.html", wait_until="load")
                page.wait_for_function("window.__bench.ready !== undefined", timeout=180_000)
                ready.append(page.evaluate("window.__bench.ready"))
                loads.append(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))
                box = page.locator("input.md-search__input")
                box.click()
                for label, query, expected in queries:
                    box.fill("")
                    page.keyboard.press("End")
                    page.wait_for_function(
                        "!document.querySelector('.md-search-result__list li')", timeout=30_000)
                    box.fill(query)
                    page.evaluate("window.__bench.arm()")
                    page.keyboard.press("End")
                    page.wait_for_function("window.__bench.paint !== undefined", timeout=60_000)
                    t0, t1, paint, nothing = page.evaluate(
                        "[__bench.t0, __bench.t1, __bench.paint, __bench.none]")
                    titles = page.locator(".md-search-result__list > li > a > article h1").all_inner_texts()
                    meta = page.locator(".md-search-result__meta").inner_text()
                    q = per_query[label]
                    q["ms"].append(None if nothing else t1 - t0)
                    q["paint_ms"].append(None if nothing else paint - t0)
                    q["first"].append(titles[0].replace("\u200b", "").strip() if titles else "")
                    q["count"].append(meta)
                    q["query"], q["expected"] = query, expected
                blocked += guard.blocked
                context.close()
        finally:
            browser.close()
    out: dict = {"search_ready_ms": median(ready), "load_event_ms": median(loads),
                 "samples_ready_ms": ready, "blocked_requests": blocked, "queries": {}}
    for label, q in per_query.items():
        out["queries"][label] = {
            "query": q.get("query"), "expected_first": q.get("expected"),
            "first_result": q["first"][-1] if q["first"] else None,
            "expected_is_first": (bool(q["first"]) and q["first"][-1] == q.get("expected")) if q.get("expected") else None,
            "result_meta": q["count"][-1] if q["count"] else None,
            "keystroke_to_first_result_ms": median(q["ms"]),
            "keystroke_to_paint_ms": median(q["paint_ms"]),
            "samples_ms": q["ms"],
        }
    return out


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


def measure_serve(work: Path, kind: str, edits: int, serial: int, dirty: bool) -> dict:
    """Edit a case while ``mkdocs serve`` runs; time until the served page shows the edit."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    cmd = [PY, "-m", "mkdocs", "serve", "-f", f"mkdocs-{kind}.yml", "--dev-addr", f"127.0.0.1:{port}",
           ]
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
            idle: list[float] = []
            for k in range(edits):
                _, marker = corpus.edit_case(work, serial + k)
                t0 = time.perf_counter()
                while True:
                    body = fetch(page_url)
                    if body and marker in body:
                        break
                    if time.perf_counter() - t0 > 900:
                        raise TimeoutError(f"edit not visible after 900 s; see {log_path}")
                    time.sleep(0.05)
                times.append(time.perf_counter() - t0)
                log(f"  serve{' --dirty' if dirty else ''} edit visible after {times[-1]:.2f}s")
                # The regenerated pages under docs/ trigger a follow-up rebuild: wait for it,
                # so the next edit (and the index read below) sees an idle server.
                idle.append(wait_idle(log_path))
            index = json.loads(fetch(base + "search/search_index.json") or "{}")
            docs = index.get("docs", [])
            case_pages = {d["location"].split("#")[0] for d in docs if d["location"].startswith("library/cases/")}
            with_pinyin = {d["location"].split("#")[0] for d in docs if "pinyin" in d}
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
    return {"rebuilding_with_no_edit": looping,"first_build_s": first_build, "edit_visible_s": median(times), "samples_s": times,
            "edit_to_idle_s": median([t + i for t, i in zip(times, idle)]),
            "rebuilds_logged": text.count("Building documentation"),
            "case_pages_in_index": len(case_pages),
            "case_pages_with_pinyin_after_edit": len(case_pages & with_pinyin)}


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
    freeze = subprocess.run([PY, "-m", "pip", "freeze", "--disable-pip-version-check"],
                            capture_output=True, text=True).stdout.split()
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
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "python": platform.python_version(),
            "platform": platform.platform(), "chromium": chromium, "packages": freeze,
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
    """Check every budget; each item says met/missed and by how much."""
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
    overhead_cache = (g["incremental_s"] + b["cache_warm"]["wall_s"] - ref) / ref
    add(f"… with segment cache, warm, after one edit (N={n_at})", overhead_cache, BUDGET["overhead_at_1000"], "",
        True, f"(incremental generator {g['incremental_s']:.2f} s + warm build {b['cache_warm']['wall_s']:.2f} s "
              f"− plain {ref:.2f} s) / plain")
    add(f"generator ≥ 2,000 cases/s, fresh output, first build() in process (N={n_at})",
        g["cases_per_s_cold"], BUDGET["cases_per_second"], " cases/s", False,
        "phases: " + ", ".join(f"{k} {v:.2f} s" for k, v in g["phases_cold_s"].items()))
    add(f"generator ≥ 2,000 cases/s, fresh output, warm process (N={n_at})",
        g["cases_per_s_warm_process"], BUDGET["cases_per_second"], " cases/s", False,
        "second build() in the same process: jieba and pypinyin dictionaries already loaded")
    preview = b["regenerate_s"] + b["cache_warm"]["wall_s"]
    add(f"one-case edit visible < 2 s: generator + warm-cache mkdocs build (N={n_at})", preview,
        BUDGET["preview_seconds"], " s", True,
        f"python -m generator build {b['regenerate_s']:.2f} s + mkdocs build {b['cache_warm']['wall_s']:.2f} s")
    for key, label in (("serve", "mkdocs serve (as make serve)"), ("serve_dirty", "mkdocs serve --dirty")):
        serve = at.get(key)
        add(f"one-case edit visible < 2 s: {label} reload (N={n_at})",
            serve["edit_visible_s"] if serve else None, BUDGET["preview_seconds"], " s", True,
            "edit saved → page served with the edit, polled over HTTP every 50 ms")
    br = at.get("browser", {}).get("project")
    if br:
        add(f"search ready ≤ 1.5 s (N={n_at})", br["search_ready_ms"] / 1000, BUDGET["search_ready_seconds"],
            " s", True, "navigation start → search worker reports ready")
        for label, q in br["queries"].items():
            if label == "pinyin_stemmed":
                out.append({"budget": f"pinyin initials ending in y are found: “{q['query']}” (N={n_at})",
                            "value": None, "limit": None, "met": q["expected_is_first"],
                            "note": f"first result: {q['first_result'] or q['result_meta']} "
                                    f"(expected {q['expected_first']}); lunr's English stemmer, see README"})
                continue
            add(f"keystroke → first result ≤ 50 ms, {label} query “{q['query']}” (N={n_at})",
                q["keystroke_to_first_result_ms"], BUDGET["keystroke_ms"], " ms", True,
                f"first result: {q['first_result']} (expected {q['expected_first']})")
    else:
        add("search ready ≤ 1.5 s", None, BUDGET["search_ready_seconds"], " s", True, "")
    # Memory: the marginal memory per case must not grow with N.
    for label, get in (("mkdocs build (project)", lambda r: r["builds"]["project"]["peak_rss_mb"]),
                       ("mkdocs build (plain Material, for comparison)", lambda r: r["builds"]["ref"]["peak_rss_mb"]),
                       ("mkdocs build (project + cache, warm)", lambda r: r["builds"]["cache_warm"]["peak_rss_mb"]),
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
        "than absolute times).", "",
        *([f"Sizes {', '.join(results['merged_from']['sizes'])} are kept from the run started "
           f"{results['merged_from']['started']} (`--merge`).", ""] if results.get("merged_from") else []),
        "## Generator (`build()` in-process, interpreter start-up excluded)", "", head, rule,
        row("repeats (medians over)", lambda r: r["repeat"]),
        row("body characters per case", lambda r: r["corpus"]["body_chars_per_case"]),
        row("pages generated", lambda r: r["generator"]["pages"]),
        row("cold: fresh output, first build() in a new process (s)", lambda r: r["generator"]["cold_s"]),
        row("  cases/s", lambda r: r["generator"]["cases_per_s_cold"], "", 0),
        row("  load+validate (s)", lambda r: r["generator"]["phases_cold_s"]["load+validate"]),
        row("  link (s)", lambda r: r["generator"]["phases_cold_s"]["link"]),
        row("  render (s)", lambda r: r["generator"]["phases_cold_s"]["render"]),
        row("  write (s)", lambda r: r["generator"]["phases_cold_s"]["write"]),
        row("fresh output, warm process (s)", lambda r: r["generator"]["warm_process_s"]),
        row("  cases/s", lambda r: r["generator"]["cases_per_s_warm_process"], "", 0),
        row("after editing one case (s)", lambda r: r["generator"]["incremental_s"]),
        row("  files rewritten", lambda r: r["generator"]["incremental_written"], "", 0),
        row("`python -m generator build` after an edit, wall (s)", lambda r: r["builds"]["regenerate_s"]),
        row("peak RSS (MB)", lambda r: r["generator"]["peak_rss_mb"], "", 0),
        "", "## MkDocs build (wall time of `mkdocs build --strict`, including start-up)", "", head, rule,
        row("plain Material reference (s)", lambda r: r["builds"]["ref"]["wall_s"]),
        row("project: pinyin + sanitize hooks (s)", lambda r: r["builds"]["project"]["wall_s"]),
        row("  ratio to reference", lambda r: r["builds"]["project"]["ratio_to_ref"], "×"),
        row("generator cold + project build (s)",
            lambda r: r["generator"]["cold_s"] + r["builds"]["project"]["wall_s"]),
        row("  ratio to reference", lambda r: (r["generator"]["cold_s"] + r["builds"]["project"]["wall_s"])
            / r["builds"]["ref"]["wall_s"], "×"),
        row("project + segment cache, cold (s)", lambda r: r["builds"]["cache_cold"]["wall_s"]),
        row("  ratio to reference", lambda r: r["builds"]["cache_cold"]["ratio_to_ref"], "×"),
        row("project + segment cache, warm after one edit (s)", lambda r: r["builds"]["cache_warm"]["wall_s"]),
        row("  ratio to reference", lambda r: r["builds"]["cache_warm"]["ratio_to_ref"], "×"),
        row("  segments reused / segmented", lambda r: f"{r['builds']['cache_warm']['cache_hits']:,.0f} / "
            f"{r['builds']['cache_warm']['cache_misses']:,.0f}"),
        row("  jieba dictionary loaded", lambda r: r["builds"]["cache_warm"]["jieba_loaded"]),
        row("  index identical to project build", lambda r: r["index_identical_with_cache"]),
        row("generator incremental + warm cache build (s)",
            lambda r: r["generator"]["incremental_s"] + r["builds"]["cache_warm"]["wall_s"]),
        row("  ratio to reference", lambda r: (r["generator"]["incremental_s"] + r["builds"]["cache_warm"]["wall_s"])
            / r["builds"]["ref"]["wall_s"], "×"),
        row("peak RSS reference (MB)", lambda r: r["builds"]["ref"]["peak_rss_mb"], "", 0),
        row("peak RSS project (MB)", lambda r: r["builds"]["project"]["peak_rss_mb"], "", 0),
        row("peak RSS project + cache, warm (MB)", lambda r: r["builds"]["cache_warm"]["peak_rss_mb"], "", 0),
        "", "## Preview after editing one case", "", head, rule,
        row("`generator build` + warm-cache `mkdocs build` (s)",
            lambda r: r["builds"]["regenerate_s"] + r["builds"]["cache_warm"]["wall_s"]),
        row("`mkdocs serve --dirty` (project + cache): edit → page served (s)",
            lambda r: r["serve_dirty"]["edit_visible_s"]),
        row("  serve start-up (first full build) (s)", lambda r: r["serve_dirty"]["first_build_s"]),
        row("  edit → server idle again (s)", lambda r: r["serve_dirty"]["edit_to_idle_s"]),
        row("  rebuilds logged (start-up + per edit)", lambda r: r["serve_dirty"]["rebuilds_logged"]),
        row("  still rebuilding with no edit (rebuild loop)", lambda r: r["serve_dirty"]["rebuilding_with_no_edit"]),
        row("  case pages in search index after the reload",
            lambda r: r["serve_dirty"]["case_pages_in_index"]),
        row("  … of which still with a pinyin field",
            lambda r: r["serve_dirty"]["case_pages_with_pinyin_after_edit"]),
        row("`mkdocs serve` (project + cache, full rebuilds): edit → page served (s)",
            lambda r: r["serve"]["edit_visible_s"]),
        row("  edit → server idle again (follow-up rebuild done) (s)", lambda r: r["serve"]["edit_to_idle_s"]),
        row("  rebuilds logged (start-up + per edit)", lambda r: r["serve"]["rebuilds_logged"]),
        row("  case pages with a pinyin field after the reload",
            lambda r: r["serve"]["case_pages_with_pinyin_after_edit"]),
        "", "## Sizes", "", head, rule,
        row("site (MB)", lambda r: r["sizes"]["site_bytes"] / 1e6),
        row("search index (MB)", lambda r: r["index"]["bytes"] / 1e6),
        row("search index gzip (MB)", lambda r: r["index"]["gzip_bytes"] / 1e6),
        row("search index per case (KB, all pages / N)", lambda r: r["index"]["bytes_per_case_total"] / 1e3),
        row("  case pages' share of the index", lambda r: r["index"]["case_pages_share"] * 100, " %", 0),
        row("  entries (sections) per case page", lambda r: r["index"]["entries_per_case"], "", 1),
        row("  text field per case (KB)", lambda r: r["index"]["bytes_per_case_by_field"]["text"] / 1e3),
        row("  title field per case (KB)", lambda r: r["index"]["bytes_per_case_by_field"]["title"] / 1e3),
        row("  pinyin field per case (KB)", lambda r: r["index"]["bytes_per_case_by_field"].get("pinyin", 0) / 1e3),
        row("  location field per case (KB)", lambda r: r["index"]["bytes_per_case_by_field"]["location"] / 1e3),
        row("  zero-width spaces (jieba word breaks), share of case bytes",
            lambda r: r["index"]["zero_width_space_share_of_case_bytes"] * 100, " %", 0),
        row("offline zip (MB)", lambda r: r["offline"]["zip_bytes"] / 1e6),
        row("segment cache file (MB)", lambda r: r["sizes"]["segment_cache_bytes"] / 1e6),
        "", "## Browser (Debian chromium via Playwright, served on 127.0.0.1)", "", head, rule,
        row("search ready, project (ms from navigation start)", lambda r: r["browser"]["project"]["search_ready_ms"], "", 0),
        row("search ready, reference (ms)", lambda r: r["browser"]["ref"]["search_ready_ms"], "", 0),
        row("  ratio to reference", lambda r: r["browser"]["project"]["search_ready_ms"]
            / r["browser"]["ref"]["search_ready_ms"], "×"),
        row("pinyin query: keystroke → first result (ms)",
            lambda r: r["browser"]["project"]["queries"]["pinyin"]["keystroke_to_first_result_ms"], "", 0),
        row("  → painted (ms)", lambda r: r["browser"]["project"]["queries"]["pinyin"]["keystroke_to_paint_ms"], "", 0),
        row("  query / expected first / got first",
            lambda r: "{query} / {expected_first} / {first_result}".format(**r["browser"]["project"]["queries"]["pinyin"])),
        row("Chinese query: keystroke → first result (ms)",
            lambda r: r["browser"]["project"]["queries"]["chinese"]["keystroke_to_first_result_ms"], "", 0),
        row("  → painted (ms)", lambda r: r["browser"]["project"]["queries"]["chinese"]["keystroke_to_paint_ms"], "", 0),
        row("  reference, same query (ms)",
            lambda r: r["browser"]["ref"]["queries"]["chinese"]["keystroke_to_first_result_ms"], "", 0),
        row("  query / expected first / got first",
            lambda r: "{query} / {expected_first} / {first_result}".format(**r["browser"]["project"]["queries"]["chinese"])),
        row("common Chinese word: keystroke → first result (ms)",
            lambda r: r["browser"]["project"]["queries"]["chinese_common"]["keystroke_to_first_result_ms"], "", 0),
        row("  → painted (ms)",
            lambda r: r["browser"]["project"]["queries"]["chinese_common"]["keystroke_to_paint_ms"], "", 0),
        row("  reference, same query (ms)",
            lambda r: r["browser"]["ref"]["queries"]["chinese_common"]["keystroke_to_first_result_ms"], "", 0),
        row("  query / results",
            lambda r: "{query} / {result_meta}".format(**r["browser"]["project"]["queries"]["chinese_common"])),
        row("pinyin initials ending in y (stemmer probe): query / got first",
            lambda r: "{query} / {first_result}".format(**r["browser"]["project"]["queries"]["pinyin_stemmed"])
            .rstrip(" /") or "—"),
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
            "linear" if "memory" in item["budget"] else "found")
        lines.append(f"| {item['budget']} | {shown} | {limit} | {met} | {item['note']} |")
    lines += ["", "Package versions: " + ", ".join(m["packages"]), ""]
    return "\n".join(lines)


# -- main ----------------------------------------------------------------------------------------

def browser_queries(n: int, seed: int) -> list[tuple[str, str, str]]:
    """(label, query, expected first title) for the browser measurement.

    Material's search runs lunr's English stemmer (``search.config.pipeline``)
    over every token, pinyin included, but a typed word gets a trailing
    wildcard and skips the stemmer: initials ending in y (stemmed to i) or e
    (dropped) then find nothing once fully typed. The timed pinyin query is
    the initials of a title that the stemmer leaves alone; ``pinyin_stemmed``
    probes the problem with a title whose initials end in y.
    """
    from generator import pinyin

    titles = corpus._titles(n, seed)
    order = titles[n // 2:] + titles[:n // 2]
    safe = next(t for t in order if pinyin.initials(t[0])[-1] not in "aeiousy")
    probe = next((t for t in order if pinyin.initials(t[0]).endswith("y")), None)
    queries = [("pinyin", pinyin.initials(safe[0]), safe[0]), ("chinese", safe[0], safe[0]),
               ("chinese_common", safe[3], "")]
    if probe:
        queries.append(("pinyin_stemmed", pinyin.initials(probe[0]), probe[0]))
    return queries


def measure_browser(work: Path, n: int, repeat: int, seed: int) -> dict:
    queries = browser_queries(n, seed)
    log(f"N={n}: browser ×{repeat}: {queries}")
    out = {"project": browser_measure(work / "site-project", repeat, queries)}
    if (work / "site-ref").is_dir():
        out["ref"] = browser_measure(work / "site-ref", repeat, [q for q in queries if not q[0].startswith("pinyin")])
    return out


def measure_size(n: int, repeat: int, args: argparse.Namespace) -> dict:
    log(f"N={n}: writing corpus")
    work, summary = prepare(n, args.seed)
    summary.pop("titles")
    result: dict = {"corpus": summary}
    log(f"N={n}: generator ×{repeat}")
    result["generator"] = measure_generator(work, repeat, serial=1000)
    log(f"N={n}: mkdocs builds ×{repeat} (ref, project, project+cache interleaved)")
    result["builds"] = measure_builds(work, repeat, serial=2000)
    result["index_identical_with_cache"] = index_report_cache_equal(work)
    result["index"] = index_report(work / "site-project", n)
    result["sizes"] = {"site_bytes": tree_size(work / "site-project"),
                       "segment_cache_bytes": (work / CACHE_FILE).stat().st_size}
    if not args.skip_offline:
        log(f"N={n}: offline build and zip")
        result["offline"] = offline_bundle(work)
    if not args.skip_browser:
        result["browser"] = measure_browser(work, n, repeat, args.seed)
    if not args.skip_serve and n <= args.serve_max:
        log(f"N={n}: mkdocs serve --dirty")
        (work / CACHE_FILE).unlink(missing_ok=True)
        result["serve_dirty"] = measure_serve(work, "cache", max(repeat, 2), serial=3000, dirty=True)
        log(f"N={n}: mkdocs serve (full rebuilds, as make serve)")
        result["serve"] = measure_serve(work, "cache", repeat, serial=4000, dirty=False)
    if not args.keep:
        for folder in ("site-ref", "site-project", "site-cache", "build/offline-site"):
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
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument("--skip-offline", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the built sites under bench/work/")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--merge", action="store_true",
                        help="keep the sizes already in OUT/results.json that this run does not measure")
    parser.add_argument("--browser-only", action="store_true",
                        help="only re-measure search in the browser on sites kept under bench/work/ (--keep)")
    parser.add_argument("--worker-generator", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--serial", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.browser_only:  # re-measure search on sites kept by an earlier run (--keep)
        path = args.out / "results.json"
        results = json.loads(path.read_text("utf-8"))
        for n in (int(s) for s in args.sizes.split(",")):
            old = results["sizes"][str(n)].get("browser", {})
            new = measure_browser(WORK / f"n{n}", n, args.repeat, args.seed)
            if "ref" not in new and "ref" in old:  # reference site not kept: keep its earlier numbers
                new["ref"] = old["ref"]
            new["remeasured"] = time.strftime("%Y-%m-%d %H:%M:%S")
            results["sizes"][str(n)]["browser"] = new
        report = write_results(results, args.out)
        print(report[report.index("## Budgets"):])
        return 0
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
