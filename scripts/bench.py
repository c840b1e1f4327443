#!/usr/bin/env python3
"""Benchmark: how the directory copes with 100, 1,000 and 10,000 listings.

    python scripts/bench.py [--sizes 100,1000,10000] [--runs 3] [--quick] [--no-browser]
                            [--out benchmarks/]

For each size it generates that many realistic, valid, fictional listings
(``rehab_directory.generate``, seeded) in a temporary copy of the repository, then measures,
each as the median of ``--runs`` runs:

* validation of every listing (schema and standards), in-process and as the command line
  runs it, and of one changed listing as a pull request check runs it (start-up included);
* a cold full build (``python -m rehab_directory.build``) and a rebuild after one listing
  changed; peak memory of both (the whole process tree, sampled in a run of its own, as
  sampling slows what it samples);
* stock Pelican (default theme and settings, Python-Markdown) over the same listings written
  as Markdown articles: the reference of the "3x faster than stock Pelican" target, timed in
  the same run so that the ratio holds when the machine is slower or faster;
* the search files: bytes raw and gzipped, per listing; in Chromium (Playwright), the time from
  the first keystroke in the search box to the first matching result card, and what the
  browser downloaded before it;
* page weights (home, provider pages) and the total size of the built site;
* two floors from the same run, so figures compare as ratios on a noisy machine: parsing the
  same YAML with PyYAML's C loader alone, and rendering the same provider pages with bare
  Jinja2 alone.

Stages whose code is not in the repository yet are reported as "not available". Results go
to ``benchmarks/results.md`` and ``benchmarks/results.json`` and the table is printed.
Timed work runs in fresh interpreters (``--worker``), so one measurement cannot warm another.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PY = sys.executable
NA = "not available"
TODAY = date(2026, 11, 23)  # the day every listing is checked as on (as the tests do)
SEED = 1
GZIP_LEVEL = 6  # what web servers commonly use for on-the-fly compression
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
# Top-level entries of the repository never copied into a benchmark root.
SKIP = {".git", ".venv", "content", "output", "benchmarks", ".build-cache", "__pycache__",
        ".pytest_cache", ".ruff_cache", "open_rehab_directory.egg-info", ".bench-deps"}

# Reference figures measured on this 2-core machine (from issue #6), for the table's notes.
REFERENCE = {
    "stock Pelican, minimal Markdown pages": {"1000": "4.8 s", "10000": "55-66 s"},
    "bare YAML->pydantic->Jinja2->write pipeline": {"1000": "1.4-2.0 s",
                                                    "10000": "10.7-15.6 s"},
    "PyYAML C loader alone": {"10000": "5.2 s"},
    "lunr.py full-text index": {"per listing": "2.6-2.9 ms"},
}


# ============================================================================ measuring


def _pss(pid: int) -> int | None:
    """Proportional set size of ``pid`` in bytes: shared pages (a forked worker's copy-on-write
    memory) counted once across the processes sharing them, not once per process."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def _tree_rss(pid: int) -> int:
    """Memory of ``pid`` and all its descendants, in bytes (0 when gone): the sum of their
    proportional set sizes where the kernel gives them, else of their resident sizes."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = int(fields[21]) * page
    total, todo, seen = 0, [pid], set()
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        pss = _pss(p) if p in rss else None
        total += rss.get(p, 0) if pss is None else pss
        todo.extend(children.get(p, ()))
    return total


class Run:
    """One finished subprocess: wall time, peak memory, exit status and output."""

    def __init__(self, seconds: float, peak_tree: int, maxrss: int, code: int, out: str,
                 err: str):
        self.seconds, self.peak_tree, self.maxrss = seconds, peak_tree, maxrss
        self.code, self.out, self.err = code, out, err


def run(cmd: Sequence[str], cwd: Path | None = None, sample: bool = False,
        env: dict | None = None) -> Run:
    """Run ``cmd``, timing its wall clock; with ``sample``, poll the tree's memory (20 Hz)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=err,
                                env={**os.environ, **(env or {})})
        peak = [0]
        done = threading.Event()

        def poll() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss(proc.pid))
                done.wait(0.05)

        poller = threading.Thread(target=poll, daemon=True) if sample else None
        if poller:
            poller.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        if poller:
            poller.join()
        out.seek(0)
        err.seek(0)
        return Run(seconds, peak[0], usage.ru_maxrss * 1024, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


class Unavailable(Exception):
    """A stage cannot be measured (its code is not there yet, or it failed)."""


def measure(runs: int, once: Callable[[int, bool], Run], memory: bool = True) -> dict:
    """Median (and every sample) of ``runs`` calls of ``once(i, False)``, each a checked
    ``Run``; with ``memory``, then one more, ``once(runs, True)``, sampled for peak memory.

    Memory has a run of its own because sampling it slows what it samples: reading
    ``/proc/<pid>/smaps_rollup`` walks each process's page tables, 20 times a second, on
    the cores the build is using (measured: a 10,000-listing cold build 1.0-1.4 s slower
    when sampled)."""
    samples = []

    def checked(r: Run) -> Run:
        if r.code != 0:
            tail = (r.err or r.out).strip().splitlines()[-5:]
            raise Unavailable(f"exit status {r.code}: " + " | ".join(tail))
        return r

    for i in range(runs):
        samples.append(checked(once(i, False)))
    result = {
        "seconds": statistics.median(r.seconds for r in samples),
        "samples": [round(r.seconds, 4) for r in samples],
        "maxrss_mb": round(max(r.maxrss for r in samples) / 1e6, 1),
    }
    if memory:
        sampled = checked(once(runs, True))
        result["peak_tree_mb"] = round(sampled.peak_tree / 1e6, 1)
        result["memory_run_seconds"] = round(sampled.seconds, 4)
    return result


def stage(results: dict, name: str, fn: Callable[[], Any]) -> None:
    """Run one stage, recording its result or why it is not available."""
    t = time.perf_counter()
    try:
        results[name] = fn()
    except Unavailable as exc:
        results[name] = {"status": NA, "reason": str(exc)[:400]}
    print(f"    {name}: {_brief(results[name])} ({time.perf_counter() - t:.1f} s)",
          file=sys.stderr, flush=True)


def _brief(value: Any) -> str:
    if isinstance(value, dict):
        if value.get("status") == NA:
            return f"{NA} ({value.get('reason', '')[:120]})"
        if "seconds" in value:
            return f"{value['seconds']:.3f} s"
        if "ms" in value:
            return f"{value['ms']:.0f} ms"
    return json.dumps(value)[:160]


# ============================================================================ worker side
# Each timed in-process task runs in a fresh interpreter: imports and set-up happen before the
# clock starts; the task runs ``runs`` times and prints its samples as JSON.


def _worker(task: str, root: Path, runs: int, extra: str) -> None:
    import resource

    paths = sorted((root / "content" / "providers").glob("*.yaml"))
    samples = []
    info: dict[str, Any] = {"files": len(paths)}

    if task == "yaml-floor":
        import yaml

        for _ in range(runs):
            t = time.perf_counter()
            for p in paths:
                yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)  # noqa: S506 - C safe loader
            samples.append(time.perf_counter() - t)
    elif task == "yaml-compose-floor":
        import yaml

        for _ in range(runs):
            t = time.perf_counter()
            for p in paths:
                yaml.compose(p.read_bytes(), Loader=yaml.CSafeLoader)
            samples.append(time.perf_counter() - t)
    elif task == "validate":
        from rehab_directory.validate import Validator

        for _ in range(runs):
            t = time.perf_counter()
            validator = Validator(root, TODAY)
            validator.keep_marks = False  # as scripts/validate.py and the build do
            checked = validator.check_files(paths)
            samples.append(time.perf_counter() - t)
        info["publishable"] = sum(1 for c in checked if c.publishable)
    elif task == "profile-validate":
        import cProfile
        import pstats

        from rehab_directory.validate import Validator

        validator = Validator(root, TODAY)
        profile = cProfile.Profile()
        profile.enable()
        validator.check_files(paths)
        profile.disable()
        stats = pstats.Stats(profile)
        total = stats.total_tt
        rows = []
        for (file, line, fn), (_, calls, tt, ct, _) in stats.stats.items():
            rows.append((ct, tt, calls, f"{Path(file).name}:{line}({fn})"))
        rows.sort(reverse=True)
        info["profile_total_s"] = total
        info["cumulative"] = [[round(ct, 3), round(tt, 3), calls, where]
                              for ct, tt, calls, where in rows[:40]]
        info["own"] = [[round(tt, 3), calls, where] for ct, tt, calls, where in
                       sorted(rows, key=lambda r: -r[1])[:25]]
        samples.append(total)
    elif task == "jinja-floor":
        from rehab_directory.validate import Validator

        listings = [c.listing for c in Validator(root, TODAY).check_files(paths)]
        out = Path(extra)
        for _ in range(runs):
            shutil.rmtree(out, ignore_errors=True)
            t = time.perf_counter()
            _bare_jinja(listings, out)
            samples.append(time.perf_counter() - t)
    elif task == "search-files":
        from rehab_directory.publish.search import write_search_files
        from rehab_directory.validate import Validator

        checked = Validator(root, TODAY).check_files(paths)
        out = Path(extra)
        for _ in range(runs):
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            t = time.perf_counter()
            write_search_files(checked, out)
            samples.append(time.perf_counter() - t)
    else:
        raise SystemExit(f"unknown task {task}")
    info["samples"] = samples
    info["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(info))


BARE_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{{ l.name }} – Open Rehab Directory</title>
<link rel="stylesheet" href="/theme/css/site.css"></head>
<body><a href="#main">Skip to content</a><header><a href="/">Open Rehab Directory</a></header>
<main id="main"><h1>{{ l.name }}</h1><p>{{ l.summary }}</p>
<p>{{ l.address.street }}, {% if l.address.locality %}{{ l.address.locality }}, {% endif %}
{{ l.address.town }} {{ l.address.postcode }} ({{ l.region.label }})</p>
<p>Phone <a href="tel:{{ l.phone|replace(' ', '') }}">{{ l.phone }}</a>
{% if l.email %}, email <a href="mailto:{{ l.email }}">{{ l.email }}</a>{% endif %}</p>
{% for para in l.description.split('\\n\\n') %}<p>{{ para }}</p>{% endfor %}
<h2>Services</h2><ul>{% for s in l.services %}<li>{{ s.type.label }}
{% if s.wait %}: wait {{ s.wait.days }} days (stated {{ s.wait.stated }}){% endif %}
{% if s.weekly_cost %}, from £{{ s.weekly_cost.min }} a week{% endif %}</li>{% endfor %}</ul>
<h2>Who it is for</h2><p>{{ l.eligibility.gender.label }}, aged {{ l.eligibility.min_age }}
{% if l.eligibility.max_age %} to {{ l.eligibility.max_age }}{% endif %}</p>
<h2>Substances</h2><ul>{% for s in l.substances %}<li>{{ s.label }}</li>{% endfor %}</ul>
<h2>Funding</h2><ul>{% for f in l.funding %}<li>{{ f.label }}</li>{% endfor %}</ul>
</main><footer>Fictional data</footer></body></html>
"""


def _bare_jinja(listings: list, out: Path) -> None:
    """The floor: bare Jinja2 over the validated models, one file per provider."""
    import jinja2

    env = jinja2.Environment(autoescape=True)
    template = env.from_string(BARE_PAGE)
    for listing in listings:
        folder = out / "providers" / listing.slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(template.render(l=listing), encoding="utf-8")


def worker(task: str, root: Path, runs: int, extra: str = "") -> dict:
    r = run([PY, str(Path(__file__).resolve()), "--worker", task, str(root), str(runs), extra],
            cwd=root)
    if r.code != 0:
        tail = r.err.strip().splitlines()[-3:]
        raise Unavailable(f"{task} failed: " + " | ".join(tail))
    info = json.loads(r.out.strip().splitlines()[-1])
    info["seconds"] = statistics.median(info["samples"])
    info["samples"] = [round(s, 4) for s in info["samples"]]
    info["maxrss_mb"] = round(info.pop("maxrss") / 1e6, 1)
    return info


# ============================================================================ the stages


def make_root(base: Path, n: int) -> Path:
    """A copy of the repository (by symbolic links) with ``n`` generated listings."""
    from rehab_directory.generate import write_listings

    root = base / f"root-{n}"
    root.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name not in SKIP and not entry.name.startswith(("output", ".build")):
            (root / entry.name).symlink_to(entry)
    (root / "content").mkdir()
    for entry in (ROOT / "content").iterdir():
        if entry.name != "providers":
            (root / "content" / entry.name).symlink_to(entry)
    write_listings(root / "content" / "providers", n, SEED, TODAY)
    return root


# ---------------------------------------------------------------------------- stock Pelican
# The "3x faster than stock Pelican" is measured in the same run, on the same
# listings written as Markdown articles, so that the ratio holds on a slow or busy machine.
# Python-Markdown (which Pelican needs to read Markdown) is installed by `make bench` into
# its own folder, not the project's venv: there Pelican would import it at every build.
REFERENCE_DEPS = ROOT / ".bench-deps"
PELICAN_CONF = """\
# Stock Pelican: its default theme and settings, only what a site must say set.
AUTHOR = "Benchmark"
SITENAME = "Stock Pelican"
SITEURL = ""
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
"""


def pelican_available() -> str | None:
    """Why stock Pelican cannot be measured, or None when it can."""
    if not (REFERENCE_DEPS / "markdown").is_dir():
        return (f"Python-Markdown is not installed in {REFERENCE_DEPS.name}/ (make bench "
                "installs it)")
    return None


def write_pelican_site(root: Path, folder: Path) -> tuple[Path, list[str]]:
    """The benchmark's listings as Markdown articles (title, date, region as the category,
    substances as tags, summary, and the description as the body), with a settings file;
    returns the settings file and the articles' slugs."""
    import yaml

    content = folder / "content"
    content.mkdir(parents=True)
    slugs = []
    for path in sorted((root / "content" / "providers").glob("*.yaml")):
        listing = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)  # noqa: S506
        slugs.append(listing["slug"])
        (content / f"{listing['slug']}.md").write_text(
            f"Title: {listing['name']}\n"
            f"Date: {listing['last_verified']}\n"
            f"Category: {listing['region']}\n"
            f"Tags: {', '.join(listing['substances'])}\n"
            f"Slug: {listing['slug']}\n"
            f"Summary: {listing['summary']}\n\n"
            f"{listing['description']}\n", encoding="utf-8")
    conf = folder / "pelicanconf.py"
    conf.write_text(PELICAN_CONF, encoding="utf-8")
    return conf, slugs


def pelican_stage(root: Path, base: Path, n: int, runs: int) -> dict:
    why = pelican_available()
    if why:
        raise Unavailable(why)
    folder = base / f"pelican-{n}"
    conf, slugs = write_pelican_site(root, folder)
    out = folder / "output"

    def once(i: int, sample: bool) -> Run:
        if out.is_dir():
            out.rename(base / "set-aside" / f"pelican-{n}-{i}")  # see clear_build
        return run([PY, "-m", "pelican", str(folder / "content"), "--output", str(out),
                    "--settings", str(conf), "--quiet"], cwd=folder, sample=sample,
                   env={"PYTHONPATH": str(REFERENCE_DEPS)})

    (base / "set-aside").mkdir(exist_ok=True)
    result = measure(runs, once, memory=False)
    # Pelican skips an article it cannot read, logs it and still exits 0: count them.
    result["pages"] = sum((out / f"{slug}.html").is_file() for slug in slugs)
    if result["pages"] < n:
        raise Unavailable(f"stock Pelican wrote {result['pages']} article pages for {n} "
                          "listings")
    return result


def build_available() -> str | None:
    """Why the site build cannot be measured, or None when it can."""
    if importlib.util.find_spec("rehab_directory.build") is None:
        return "rehab_directory/build.py is not in the repository yet"
    return None


def build_cmd(root: Path, out: Path) -> list[str]:
    return [PY, "-m", "rehab_directory.build", "--output", str(out), "--today",
            TODAY.isoformat(), "--root", str(root)]


def clear_build(root: Path, out: Path, aside: Path | None = None) -> None:
    """Remove the output and every build cache, for a cold build.

    With ``aside``, the output is moved there instead of deleted (the bench deletes it at
    the end). This machine's ext4 has no journal, and such an ext4 does not reuse an inode
    freed less than 30 s before: creating 10,000 folders with a page each took 1.4 s on a
    quiet file system and 4.4 s just after a tree that size was deleted. A cold build is
    the site made from nothing, not made just after deleting another, so the bench does
    not delete right before it (the build's own deletions, as in a rebuild, still count).
    """
    if aside is not None and out.is_dir():
        aside.mkdir(parents=True, exist_ok=True)
        out.rename(aside / f"{out.parent.name}-{len(list(aside.iterdir()))}")
    shutil.rmtree(out, ignore_errors=True)
    for cache in (".build-cache", ".cache", "cache"):
        target = root / cache
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
    for stale in out.parent.glob(out.name + ".*"):
        shutil.rmtree(stale, ignore_errors=True)


def change_listing(path: Path, i: int) -> None:
    """Change one listing as a provider would: a new wait and a reworded summary."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"wait: \{days: \d+", f"wait: {{days: {7 + i % 20}", text, count=1)
    text = re.sub(r'^summary: "(.*?)\.?"$', rf'summary: "\1, updated {i}."', text, count=1,
                  flags=re.M)
    path.write_text(text, encoding="utf-8")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, GZIP_LEVEL, mtime=0))


GAZETTEER_FILES = ("search/places.json", "search/postcodes.json")


def sizes_of(out: Path, n: int) -> dict:
    """Search file sizes, page weights and the total size of the site."""
    result: dict[str, Any] = {}
    search = out / "search"
    if search.is_dir():
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(search.rglob("*"))
                 if p.is_file()}
        # The gazetteer is fetched only when a place may have been typed: not first tier.
        gazetteer = {k: v for k, v in files.items() if k in GAZETTEER_FILES}
        if gazetteer:
            result["gazetteer"] = {k: {"bytes": len(v), "gzip": gz(v)}
                                   for k, v in gazetteer.items()}
        lean = {k: v for k, v in files.items() if "/details/" not in k and k not in gazetteer}
        result["search"] = {
            "files": {k: {"bytes": len(v), "gzip": gz(v)} for k, v in lean.items()},
            "first_tier_bytes": sum(len(v) for v in lean.values()),
            "first_tier_gzip": sum(gz(v) for v in lean.values()),
            "all_bytes": sum(len(v) for v in files.values()),
            "all_gzip": sum(gz(v) for v in files.values()),
            "count": len(files),
        }
        s = result["search"]
        s["first_tier_gzip_per_listing"] = round(s["first_tier_gzip"] / n, 1)
        s["first_tier_bytes_per_listing"] = round(s["first_tier_bytes"] / n, 1)
    home = out / "index.html"
    if home.is_file():
        result["home"] = _page_weight(out, home)
    providers = sorted((out / "providers").glob("*/index.html"))
    if providers:
        weights = [_page_weight(out, p, assets=False) for p in providers]
        biggest = max(providers, key=lambda p: p.stat().st_size)
        result["provider"] = {
            "median_html_bytes": statistics.median(w["html_bytes"] for w in weights),
            "median_html_gzip": statistics.median(w["html_gzip"] for w in weights),
            "largest": _page_weight(out, biggest),
            "pages": len(providers),
        }
    total = files = 0
    for p in out.rglob("*"):
        if p.is_file():
            total += p.stat().st_size
            files += 1
    result["output"] = {"bytes": total, "files": files}
    return result


def _page_weight(out: Path, page: Path, assets: bool = True) -> dict:
    html = page.read_bytes()
    weight = {"html_bytes": len(html), "html_gzip": gz(html)}
    if assets:
        refs = re.findall(rb'<(?:link[^>]+rel="stylesheet"[^>]*href|script[^>]+src)="([^"]+)"',
                          html)
        total = total_gz = 0
        for ref in refs:
            target = out / ref.decode().split("?")[0].lstrip("/")
            if target.is_file():
                data = target.read_bytes()
                total, total_gz = total + len(data), total_gz + gz(data)
        weight["with_css_js_bytes"] = len(html) + total
        weight["with_css_js_gzip"] = weight["html_gzip"] + total_gz
    return weight


# ---------------------------------------------------------------------------- the browser

BROWSER_PROBE = """
(() => {
  const want = %s;  // {text}: a card containing it; {distance: true}: a card with a distance
  const q = want.text || "";
  window.__bench = {key: null, focus: null, first: null};
  document.addEventListener('focusin', () => {
    if (window.__bench.focus === null) window.__bench.focus = performance.now();
  }, true);
  document.addEventListener('keydown', () => {
    if (window.__bench.key === null) window.__bench.key = performance.now();
  }, true);
  const seen = () => {
    if (window.__bench.key === null || window.__bench.first !== null) return;
    for (const card of document.querySelectorAll('#results .card')) {
      if (want.distance ? card.querySelector('.card-distance')
          : card.textContent.toLowerCase().includes(q)) {
        window.__bench.first = performance.now();
        return;
      }
    }
  };
  new MutationObserver(seen).observe(document, {childList: true, subtree: true,
                                                characterData: true});
})();
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # the browser hung up: fine
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path):
    handler = functools.partial(_Quiet, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def browser_available(out: Path) -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed"
    home = out / "index.html"
    if not home.is_file():
        return "the site has no home page"
    if b'id="finder"' not in home.read_bytes():
        return "the home page has no search form (#finder) yet"
    if not (out / "search" / "index.json").is_file():
        return "the site has no search/index.json yet"
    return None


# A place typed into the finder: a GeoNames town that no generated listing is named after,
# so the first result needs the gazetteer (search/places.json) as well as the search files.
PLACE_QUERY = "near Harrogate"
LIGHTHOUSE = ROOT / "tests" / "browser" / "lighthouse_run.mjs"


def lighthouse_stage(out: Path) -> dict:
    """Lighthouse (npm, pinned) mobile performance of the home page, the first provider page
    and /compare/, with Debian's Chromium; its score, layout shift and largest paint."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "lighthouse").is_dir():
        raise Unavailable("node or node_modules/lighthouse is missing (npm ci)")
    provider = sorted((out / "providers").glob("*/index.html"))
    pages = {"home": "/", "compare": "/compare/"}
    if provider:
        pages["provider"] = "/providers/" + provider[0].parent.name + "/"
    with serve(out) as url:
        done = subprocess.run(
            [node, str(LIGHTHOUSE), json.dumps({"urls": [url + p for p in pages.values()],
                                               "categories": ["performance"],
                                               "formFactor": "mobile"})],
            capture_output=True, text=True, cwd=ROOT, timeout=900,
            env={**os.environ, "CHROME_PATH": CHROMIUM})
    if done.returncode:
        raise Unavailable("lighthouse: " + (done.stderr.strip().splitlines() or ["failed"])[-1])
    found = json.loads(done.stdout)
    return {name: {"score": found[url + path]["scores"].get("performance"),
                   "cls": found[url + path]["cls"], "lcp_ms": found[url + path]["lcp"]}
            for name, path in pages.items()}


def query_for(root: Path) -> str:
    """A town that several listings share: the finder's most ordinary query."""
    towns: dict[str, int] = {}
    for p in (root / "content" / "providers").glob("*.yaml"):
        m = re.search(r'^  town: "?([^"\n]+)"?$', p.read_text(encoding="utf-8"), re.M)
        if m:
            towns[m.group(1)] = towns.get(m.group(1), 0) + 1
    town = max(sorted(towns), key=lambda t: towns[t])
    return town.split()[0].lower()


def browser_stage(out: Path, root: Path, runs: int, n: int) -> dict:
    reason = browser_available(out)
    if reason:
        raise Unavailable(reason)
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        return _browser_stage(out, root, runs, n, sync_playwright)
    except PlaywrightError as exc:
        raise Unavailable(f"Chromium: {str(exc).splitlines()[0]}") from None


def _browser_stage(out: Path, root: Path, runs: int, n: int, sync_playwright: Any) -> dict:
    query = query_for(root)
    scenarios: dict[str, list[dict]] = {"after_load": [], "at_once": [], "place": []}
    with serve(out) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        version = browser.version
        try:
            for _ in range(runs):
                for scenario in scenarios:
                    typed, want = ((PLACE_QUERY, {"distance": True}) if scenario == "place"
                                   else (query, {"text": query}))
                    scenarios[scenario].append(
                        _one_search(browser, url, out, typed, scenario, want))
        finally:
            browser.close()
    result: dict[str, Any] = {"query": query, "place_query": PLACE_QUERY, "chromium": version}
    for scenario, samples in scenarios.items():
        result[scenario] = {
            "ms": statistics.median(s["ms"] for s in samples),
            "samples_ms": [round(s["ms"], 1) for s in samples],
            "from_focus_ms": statistics.median(s["from_focus_ms"] for s in samples),
            "downloaded": samples[0]["downloaded"],
        }
    downloads = result["after_load"]["downloaded"]
    search_gz = sum(d["gzip"] for d in downloads if d["path"].startswith("/search/"))
    result["search_payload_gzip"] = search_gz
    result["search_payload_gzip_per_listing"] = round(search_gz / n, 1)
    result["page_and_search_gzip"] = sum(d["gzip"] for d in downloads)
    result["ms"] = result["after_load"]["ms"]
    return result


def _one_search(browser: Any, url: str, out: Path, query: str, scenario: str,
                want: dict) -> dict:
    context = browser.new_context()  # a fresh profile: nothing cached
    page = context.new_page()
    page.add_init_script(BROWSER_PROBE % json.dumps(want))
    try:
        page.goto(url + "/", wait_until="domcontentloaded" if scenario == "at_once"
                  else "networkidle")
        box = page.locator("#finder input[type=search]").first
        box.wait_for(state="visible", timeout=10_000)
        box.focus()
        page.keyboard.type(query)
        # Poll (the page's CSP forbids the eval that wait_for_function needs); the times
        # themselves are taken in the page, so the polling interval does not matter.
        deadline = time.monotonic() + 60
        while (probe := page.evaluate("window.__bench"))["first"] is None:
            if time.monotonic() > deadline:
                raise Unavailable(f"no result card for '{query}' appeared in 60 s")
            page.wait_for_timeout(20)
        # What the browser had fully downloaded by the time the first result appeared.
        seen = [url + "/", *page.evaluate(
            "performance.getEntriesByType('resource')"
            ".filter(e => e.responseEnd <= window.__bench.first).map(e => e.name)")]
    finally:
        context.close()
    downloaded = []
    for address in seen:
        path = "/" + address.split("/", 3)[3].split("?")[0] if address.count("/") >= 3 else "/"
        target = out / path.lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            data = target.read_bytes()
            downloaded.append({"path": path, "bytes": len(data), "gzip": gz(data)})
    return {"ms": probe["first"] - probe["key"],
            "from_focus_ms": probe["first"] - (probe["focus"] or probe["key"]),
            "downloaded": downloaded}


# ============================================================================ one size


def bench_size(n: int, runs: int, base: Path, browser: bool, profile: bool) -> dict:
    print(f"== {n} listings ({runs} runs each)", file=sys.stderr, flush=True)
    t = time.perf_counter()
    root = make_root(base, n)
    paths = sorted((root / "content" / "providers").glob("*.yaml"))
    results: dict[str, Any] = {"listings": n, "generate_seconds": round(time.perf_counter() - t,
                                                                       2)}
    yaml_bytes = sum(p.stat().st_size for p in paths)
    results["yaml_bytes"] = yaml_bytes

    stage(results, "floor_yaml_c_loader", lambda: worker("yaml-floor", root, runs))
    stage(results, "floor_yaml_c_compose_with_marks",
          lambda: worker("yaml-compose-floor", root, runs))
    stage(results, "floor_bare_jinja2", lambda: worker("jinja-floor", root, runs,
                                                       str(base / f"jinja-{n}")))
    stage(results, "validate_all_in_process", lambda: worker("validate", root, runs))
    validate = [PY, str(ROOT / "scripts" / "validate.py"), "--root", str(root), "--today",
                TODAY.isoformat()]
    stage(results, "validate_all_cli",
          lambda: measure(runs, lambda i, sample: run(validate, cwd=root, sample=sample)))
    one = paths[len(paths) // 2]
    stage(results, "validate_one_cli",
          lambda: measure(max(runs, 5) if runs >= 3 else runs,
                          lambda i, sample: run([*validate, str(one)], cwd=root),
                          memory=False))
    if profile:
        stage(results, "validate_profile", lambda: worker("profile-validate", root, 1))

    out = base / f"site-{n}" / "output"
    out.parent.mkdir(parents=True, exist_ok=True)
    why = build_available()
    if why:
        for name in ("build_cold", "rebuild_one_changed"):
            results[name] = {"status": NA, "reason": why}
        if importlib.util.find_spec("rehab_directory.publish.search"):
            stage(results, "search_files_only", lambda: worker(
                "search-files", root, runs, str(base / f"search-{n}")))
            results["sizes"] = sizes_of(base / f"search-{n}", n)
        results["browser"] = {"status": NA, "reason": why}
        return results

    def cold(i: int, sample: bool) -> Run:
        clear_build(root, out, aside=base / "set-aside")
        return run(build_cmd(root, out), cwd=root, sample=sample)

    stage(results, "build_cold", lambda: measure(runs, cold))

    def rebuild(i: int, sample: bool) -> Run:
        # Warm the cache with the current files, then change one listing and rebuild.
        if i == 0 and not out.is_dir():
            run(build_cmd(root, out), cwd=root)
        change_listing(paths[(i * 7919) % len(paths)], i)
        return run(build_cmd(root, out), cwd=root, sample=sample)

    stage(results, "rebuild_one_changed", lambda: measure(runs, rebuild))
    # About a minute a run at 10,000 listings: one run there.
    stage(results, "pelican_stock",
          lambda: pelican_stage(root, base, n, 1 if n >= 10_000 else runs))
    if out.is_dir():
        results["sizes"] = sizes_of(out, n)
    if browser:
        stage(results, "browser", lambda: browser_stage(out, root, max(runs, 3), n))
        stage(results, "lighthouse", lambda: lighthouse_stage(out))
    else:
        results["browser"] = {"status": NA, "reason": "--no-browser"}
        results["lighthouse"] = {"status": NA, "reason": "--no-browser"}
    return results


# ============================================================================ reporting


def machine() -> dict:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        mem = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "cpu": model,
        "memory_gb": round(mem / 2**30, 1),
        "python": f"{platform.python_version()} ({os.path.realpath(sys.executable)})",
        "system": f"{platform.system()} {platform.release()}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _get(d: dict, *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def _s(v: Any) -> str:
    return "n/a" if v is None else f"{v:.2f} s" if v >= 1 else f"{v * 1000:.0f} ms"


def _b(v: Any) -> str:
    if v is None:
        return "n/a"
    if v >= 1e6:
        return f"{v / 1e6:.1f} MB"
    if v >= 1e4:
        return f"{v / 1e3:.0f} kB"
    return f"{v:,.0f} B"


def _mb(v: Any) -> str:
    return "n/a" if v is None else f"{v:.0f} MB"


ROWS: list[tuple[str, Callable[[dict], str]]] = [
    ("Floor: PyYAML C loader, all listings", lambda r: _s(_get(r, "floor_yaml_c_loader",
                                                                "seconds"))),
    ("Floor: PyYAML C composer (nodes with marks)",
     lambda r: _s(_get(r, "floor_yaml_c_compose_with_marks", "seconds"))),
    ("Floor: bare Jinja2 provider pages, written",
     lambda r: _s(_get(r, "floor_bare_jinja2", "seconds"))),
    ("Validate all (in process)", lambda r: _s(_get(r, "validate_all_in_process", "seconds"))),
    ("… minus the YAML floor", lambda r: _s(_minus(r, "validate_all_in_process",
                                                    "floor_yaml_c_loader"))),
    ("… as a ratio of the YAML floor", lambda r: _ratio(r, "validate_all_in_process",
                                                         "floor_yaml_c_loader")),
    ("Validate all (command line, wall)", lambda r: _s(_get(r, "validate_all_cli", "seconds"))),
    ("Validate one changed listing (command line, wall)",
     lambda r: _s(_get(r, "validate_one_cli", "seconds"))),
    ("Full cold build (wall)", lambda r: _s(_get(r, "build_cold", "seconds"))),
    ("… per listing", lambda r: _per(r, "build_cold")),
    ("… as a ratio of the bare Jinja2 floor", lambda r: _ratio(r, "build_cold",
                                                                "floor_bare_jinja2")),
    ("Rebuild after one listing changed (wall)",
     lambda r: _s(_get(r, "rebuild_one_changed", "seconds"))),
    ("Reference: stock Pelican, the same listings as Markdown articles (wall)",
     lambda r: _s(_get(r, "pelican_stock", "seconds"))),
    ("… full cold build, times faster", lambda r: _faster(r)),
    ("Search files, first tier (index + table), raw",
     lambda r: _b(_get(r, "sizes", "search", "first_tier_bytes"))),
    ("Search files, first tier, gzipped",
     lambda r: _b(_get(r, "sizes", "search", "first_tier_gzip"))),
    ("… gzipped per listing", lambda r: _bpl(_get(r, "sizes", "search",
                                                  "first_tier_gzip_per_listing"))),
    ("Search data downloaded before the first result, gzipped, per listing",
     lambda r: _bpl(_get(r, "browser", "search_payload_gzip_per_listing"))),
    ("First result after first keystroke (Chromium, page loaded)",
     lambda r: _ms(_get(r, "browser", "after_load", "ms"))),
    ("First result after first keystroke (Chromium, typing at once)",
     lambda r: _ms(_get(r, "browser", "at_once", "ms"))),
    ("Place typed (\"near Harrogate\") to the first result with its distance",
     lambda r: _ms(_get(r, "browser", "place", "ms"))),
    ("Gazetteer, gzipped (places.json / postcodes.json)",
     lambda r: _pair(_get(r, "sizes", "gazetteer", "search/places.json", "gzip"),
                     _get(r, "sizes", "gazetteer", "search/postcodes.json", "gzip"))),
    ("Lighthouse mobile performance: home / provider / compare",
     lambda r: " / ".join(str(_get(r, "lighthouse", p, "score") or "n/a")
                          for p in ("home", "provider", "compare"))),
    ("… largest layout shift of the three",
     lambda r: _cls(r)),
    ("Home page (HTML gzipped / with CSS+JS gzipped)",
     lambda r: _pair(_get(r, "sizes", "home", "html_gzip"),
                     _get(r, "sizes", "home", "with_css_js_gzip"))),
    ("Home page HTML raw", lambda r: _b(_get(r, "sizes", "home", "html_bytes"))),
    ("Provider page (median HTML raw / gzipped)",
     lambda r: _pair(_get(r, "sizes", "provider", "median_html_bytes"),
                     _get(r, "sizes", "provider", "median_html_gzip"))),
    ("Total output (files)", lambda r: _total(r)),
    ("Peak memory: full build (process tree)",
     lambda r: _mb(_get(r, "build_cold", "peak_tree_mb"))),
    ("Peak memory: rebuild (process tree)",
     lambda r: _mb(_get(r, "rebuild_one_changed", "peak_tree_mb"))),
    ("Peak memory: validate all (command line)",
     lambda r: _mb(_get(r, "validate_all_cli", "peak_tree_mb"))),
]


def _cls(r: dict) -> str:
    shifts = [_get(r, "lighthouse", p, "cls") for p in ("home", "provider", "compare")]
    shifts = [s for s in shifts if s is not None]
    return "n/a" if not shifts else f"{max(shifts):.3f}"


def _minus(r: dict, a: str, b: str) -> float | None:
    x, y = _get(r, a, "seconds"), _get(r, b, "seconds")
    return None if x is None or y is None else x - y


def _ratio(r: dict, a: str, b: str) -> str:
    x, y = _get(r, a, "seconds"), _get(r, b, "seconds")
    return "n/a" if x is None or not y else f"{x / y:.1f}×"


def _faster(r: dict) -> str:
    x, y = _get(r, "pelican_stock", "seconds"), _get(r, "build_cold", "seconds")
    return "n/a" if x is None or not y else f"{x / y:.1f}×"


def _per(r: dict, a: str) -> str:
    x = _get(r, a, "seconds")
    return "n/a" if x is None else f"{x / r['listings'] * 1000:.2f} ms"


def _bpl(v: Any) -> str:
    return "n/a" if v is None else f"{v:.0f} B"


def _ms(v: Any) -> str:
    return "n/a" if v is None else f"{v:.0f} ms"


def _pair(a: Any, b: Any) -> str:
    return f"{_b(a)} / {_b(b)}"


def _total(r: dict) -> str:
    o = _get(r, "sizes", "output")
    return "n/a" if not o else f"{_b(o['bytes'])} ({o['files']:,})"


def targets(report: dict) -> list[dict]:
    """Every target of issue #6 with its measured figure."""
    sizes = report["sizes"]
    out = []

    def add(target: str, size: str, value: Any, limit: float, shown: str) -> None:
        status = "not measured" if value is None else "met" if value < limit else "not met"
        out.append({"target": target, "listings": size, "measured": shown, "status": status})

    r1k, r10k = sizes.get("1000", {}), sizes.get("10000", {})
    for key, r in (("1000", r1k),):
        v = _minus(r, "validate_all_in_process", "floor_yaml_c_loader")
        add("Validate all: under 1 s beyond the YAML-parse floor", key, v, 1.0, _s(v))
    for key, r in sizes.items():
        v = _get(r, "validate_one_cli", "seconds")
        add("One changed listing validated, start-up included: under 0.5 s", key, v, 0.5,
            _s(v))
    v = _get(r1k, "build_cold", "seconds")
    add("Full cold build with search index: under 4 s", "1000", v, 4.0, _s(v))
    v = _get(r10k, "build_cold", "seconds")
    add("Full cold build with search index: under 20 s", "10000", v, 20.0, _s(v))
    a, b = _get(r1k, "build_cold", "seconds"), _get(r10k, "build_cold", "seconds")
    growth = None if a is None or b is None else b / a
    add("Build cost grows linearly (10k/1k time ratio ≤ 12)", "1k→10k", growth, 12.01,
        "n/a" if growth is None else f"{growth:.1f}×")
    # "3x faster than stock Pelican", judged twice: against the reference (55 s, the
    # faster end of the 55-66 s it measured on this machine) and against stock Pelican timed
    # in this run, which moves with the machine's speed as the build does.
    v, ref = _get(r10k, "build_cold", "seconds"), _get(r10k, "pelican_stock", "seconds")
    add("At least 3× faster than stock Pelican: the issue's 55 s", "10000",
        None if v is None else v * 3, 55.0001, "n/a" if v is None else f"{55 / v:.1f}×")
    add("At least 3× faster than stock Pelican timed in this run", "10000",
        None if v is None or ref is None else v * 3, (ref or 0) + 0.0001,
        "n/a" if v is None or ref is None else f"{ref / v:.1f}× ({ref:.1f} s)")
    v = _get(r1k, "rebuild_one_changed", "seconds")
    add("Rebuild after one listing changed: under 2 s", "1000", v, 2.0, _s(v))
    for key, r in (("1000", r1k), ("10000", r10k)):  # fixed overhead dominates below
        v = _get(r, "browser", "search_payload_gzip_per_listing")
        if v is None:
            v = _get(r, "sizes", "search", "first_tier_gzip_per_listing")
        add("Search payload before the first result: ≤ 150 B gzipped per listing", key, v,
            150.01, _bpl(v))
    v = _get(r1k, "browser", "after_load", "ms")
    add("First result after the first keystroke: under 300 ms", "1000", v, 300, _ms(v))
    v = _get(r10k, "browser", "after_load", "ms")
    add("First result after the first keystroke: under 1 s", "10000", v, 1000, _ms(v))
    for key, r, limit in (("1000", r1k, 300), ("10000", r10k, 1000)):
        v = _get(r, "browser", "place", "ms")
        add(f"Place typed to first result: under {limit} ms", key, v, limit, _ms(v))
    for key, r in (("1000", r1k), ("10000", r10k)):
        v = _get(r, "sizes", "gazetteer", "search/places.json", "gzip")
        add("Gazetteer: 40 KB or less gzipped", key, v, 40 * 1024 + 1, _b(v))
        for page in ("home", "provider", "compare"):
            v = _get(r, "lighthouse", page, "score")
            add(f"Lighthouse mobile performance 100: {page}", key,
                None if v is None else 100 - v, 0.5, "n/a" if v is None else str(v))
            v = _get(r, "lighthouse", page, "cls")
            add(f"Layout shift under 0.02: {page}", key, v, 0.02,
                "n/a" if v is None else f"{v:.3f}")
    v = _get(r10k, "build_cold", "peak_tree_mb")
    add("Peak memory under 500 MB", "10000", v, 500, _mb(v))
    v = _get(r10k, "sizes", "home", "html_bytes")
    add("Home page under 100 KB (site contract)", "10000", v, 100_000, _b(v))
    return out


def _runs(report: dict) -> str:
    counts = {k: v.get("runs", report["runs"]) for k, v in report["sizes"].items()}
    if len(set(counts.values())) <= 1:
        return f"{report['runs']} run{'s' * (report['runs'] != 1)}"
    return ", ".join(f"{n} run{'s' * (n != 1)} at {int(k):,}" for k, n in counts.items())


def markdown(report: dict) -> str:
    m = report["machine"]
    keys = list(report["sizes"])
    lines = [
        f"Measured {report['finished']} on {m['cores']} cores ({m['usable_cores']} usable), "
        f"{m['cpu'] or 'unknown CPU'}, {m['memory_gb']} GB RAM, Python {m['python']}, "
        f"{m['system']}; median of {_runs(report)}; "
        f"`python scripts/bench.py {report['argv']}`.".replace("  ", " "),
        f"Load average (1 min) {m['load_average'][0]} at the start, "
        f"{report.get('load_average_at_end', ['?'])[0]} at the end: other work on the machine "
        "slows every figure alike, so compare against the floors.",
        "",
        "| Measure | " + " | ".join(f"{int(k):,} listings" for k in keys) + " |",
        "|---|" + "---:|" * len(keys),
    ]
    for label, fn in ROWS:
        lines.append(f"| {label} | " + " | ".join(fn(report["sizes"][k]) for k in keys) + " |")
    na = {}
    for k in keys:
        for name, value in report["sizes"][k].items():
            if isinstance(value, dict) and value.get("status") == NA:
                na.setdefault(name, value.get("reason", ""))
    if na:
        lines += ["", "Not available in this run: " + "; ".join(
            f"{name.replace('_', ' ')} ({reason})" for name, reason in na.items()) + "."]
    lines += ["", "| Target | Listings | Measured | Status |", "|---|---:|---:|---|"]
    for t in report["targets"]:
        lines.append(f"| {t['target']} | {t['listings']} | {t['measured']} | {t['status']} |")
    lines += ["", "Gzip sizes use level 6. \"Page loaded\": the visitor types once the page "
              "has loaded; \"typing at once\": as soon as the HTML is parsed. Both time from "
              "the first keydown to the first result card containing the query, in a fresh "
              "browser profile (nothing cached), site served from 127.0.0.1.",
              "Timed runs are not sampled for memory: peak memory comes from one more run "
              "of its own (sampling slows what it samples).",
              "Stock Pelican: the project's pinned Pelican, with its default theme and "
              "settings, and Python-Markdown, over the same listings written as Markdown "
              "articles (region as category, substances as tags, description as body); one "
              "run at 10,000.",
              "Reference (issue #6, same machine): stock Pelican renders 1,000 minimal pages "
              "in about 4.8 s and 10,000 in 55–66 s; a bare YAML → pydantic → Jinja2 → write "
              "pipeline does 1,000 listings in 1.4–2.0 s and 10,000 in 10.7–15.6 s."]
    return "\n".join(lines) + "\n"


README_START = "<!-- bench:start (scripts/bench.py --update-readme writes this part) -->"
README_END = "<!-- bench:end -->"


def update_readme(readme: Path, table: str) -> None:
    """Replace the part of README.md between the benchmark markers by ``table``."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        print(f"{readme.name} has no benchmark markers; not updated", file=sys.stderr)
        return
    text = text[:start + len(README_START)] + "\n" + table + text[end:]
    readme.write_text(text, encoding="utf-8")


# ============================================================================ main


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--worker"]:
        _worker(argv[1], Path(argv[2]), int(argv[3]), argv[4] if len(argv) > 4 else "")
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000",
                        help="listing counts, comma-separated (default 100,1000,10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--large-runs", type=int, default=None, metavar="N",
                        help="runs per measure at 10,000 listings or more (default: --runs)")
    parser.add_argument("--quick", action="store_true",
                        help="sizes 100 and 1,000, 2 runs, for trying it out")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium stage")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the validator (cProfile) at each size")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks",
                        help="folder for results.md and results.json (default benchmarks/)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--render", type=Path, metavar="RESULTS_JSON",
                        help="measure nothing: redraw the tables from an earlier results.json")
    parser.add_argument("--update-readme", action="store_true",
                        help="also put the table into README.md's Benchmark section")
    args = parser.parse_args(argv)
    if args.render:
        report = json.loads(args.render.read_text(encoding="utf-8"))
        return publish(report, args)
    if args.quick:
        args.sizes, args.runs = "100,1000", min(args.runs, 2)
    sizes = [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s]
    report: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "argv": " ".join(argv),
        "machine": machine(),
        "runs": args.runs,
        "large_runs": args.large_runs or args.runs,
        "today": TODAY.isoformat(),
        "seed": SEED,
        "gzip_level": GZIP_LEVEL,
        "reference": REFERENCE,
        "sizes": {},
    }
    base = Path(tempfile.mkdtemp(prefix="rehab-bench-"))
    try:
        for n in sizes:
            runs = args.large_runs if n >= 10_000 and args.large_runs else args.runs
            report["sizes"][str(n)] = bench_size(n, runs, base, not args.no_browser,
                                                 args.profile)
            report["sizes"][str(n)]["runs"] = runs
    finally:
        if args.keep:
            print(f"kept {base}", file=sys.stderr)
        else:
            shutil.rmtree(base, ignore_errors=True)
    report["finished"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return publish(report, args)


def publish(report: dict, args: argparse.Namespace) -> int:
    """Judge the targets, write results.md and results.json, print the table."""
    report["targets"] = targets(report)
    table = markdown(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(report, indent=1) + "\n",
                                           encoding="utf-8")
    (args.out / "results.md").write_text("# Benchmark results\n\n" + table, encoding="utf-8")
    if args.update_readme:
        update_readme(ROOT / "README.md", table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
