"""In Chromium (Playwright): from the first keystroke to the first result; and Lighthouse."""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from .measuring import Unavailable
from .settings import CHROMIUM, CHROMIUM_ARGS, ROOT
from .sizes import gz

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
