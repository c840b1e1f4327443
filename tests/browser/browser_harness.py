"""Helpers for the browser tests: constants, the local server, the network guard, axe.

Kept out of conftest.py so that test modules import them by a name no other test folder
uses: ``from conftest import ...`` is ambiguous when several test folders have a conftest.
"""

from __future__ import annotations

import functools
import http.server
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 23)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0/2.1/2.2 A and AA rules plus axe's best practices (landmarks, heading order, ...).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
LOCAL_HOST = "127.0.0.1"
NOJS_FLAG = "_rehab_javascript_off"
NOSCRIPT_TAG = re.compile(r"</?noscript\b[^>]*>", re.IGNORECASE)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".webp": "image/webp",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json",
    "": "application/octet-stream",
}


# ---------------------------------------------------------------------------- the site


# A listing the build withholds (no reviewer has verified it yet), added to the samples so
# that the page its address keeps is tested like every other page type.
AWAITING_SLUG = "awaiting-verification-house"


def sample_root(target: Path) -> Path:
    """A repository like this one (everything linked, ``content/`` copied) whose listings are
    the samples plus one awaiting verification."""
    import shutil

    target.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name == "content":
            shutil.copytree(entry, target / "content")
        elif not entry.name.startswith("."):
            (target / entry.name).symlink_to(entry)
    sample = (ROOT / "content" / "providers" / "beacon-lodge-leeds.yaml").read_text("utf-8")
    head, sep, _ = sample.partition("\nlast_verified:")
    assert sep, "beacon-lodge-leeds.yaml has no last_verified line to leave out"
    rest = sample.split("\nlast_verified:", 1)[1].split("\n", 1)[1]
    text = (head + "\n" + rest).replace("slug: beacon-lodge-leeds", f"slug: {AWAITING_SLUG}")
    (target / "content" / "providers" / f"{AWAITING_SLUG}.yaml").write_text(text, "utf-8")
    return target


def build_site(output: Path, root: Path = ROOT, today: date = TODAY) -> Path:
    """Build the site from ``root`` into ``output`` as on ``today``; fail the test run if
    the build fails."""
    from rehab_directory.build import build

    status = build(output, root=root, today=today)
    assert status == 0, f"the site build from {root} failed (exit {status})"
    assert (output / "index.html").is_file(), f"the build wrote no {output}/index.html"
    return output


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serve a built site like a static host: correct types, 404.html, no folder listings."""

    extensions_map = MIME_TYPES

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib's signature
        pass

    def list_directory(self, path):  # a static host never lists a folder
        self.send_error(404, "Not Found")
        return None

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", MIME_TYPES[".html"])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


@dataclass
class PageLog:
    """What the pages of one test did on the network and in the console."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        """Every request to a host other than 127.0.0.1 (all of them were aborted)."""
        return [url for url in self.requests if not is_local(url)]

    def clear(self) -> None:
        for items in (self.requests, self.blocked, self.console_errors, self.csp_violations,
                      self.page_errors, self.dialogs):
            items.clear()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https") and parts.hostname == LOCAL_HOST


def guard(context, log: PageLog) -> None:
    """Abort any request that would leave 127.0.0.1, and record what every page does."""

    def route(route, request):
        if is_local(request.url):
            route.continue_()
        else:
            log.blocked.append(request.url)
            route.abort("blockedbyclient")

    def console(message):
        if message.type == "error":
            text = message.text
            log.console_errors.append(text)
            if "Content Security Policy" in text or text.startswith("Refused to"):
                log.csp_violations.append(text)

    def dialog(dialog):
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def watch(page):
        page.set_default_timeout(10_000)
        page.on("request", lambda request: log.requests.append(request.url))
        page.on("console", console)
        page.on("pageerror", lambda error: log.page_errors.append(str(error)))
        page.on("dialog", dialog)

    context.route("**/*", route)
    context.on("page", watch)


@functools.cache
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` (make deps does this)")
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, tags: list[str] | None = None) -> list[dict]:
    """Run axe-core on the page as it is now; return its violations.

    axe is defined with ``page.evaluate`` (a DevTools evaluation, which the page's CSP does not
    apply to) rather than a <script> tag, which the CSP would rightly refuse.

    In a page with JavaScript disabled, axe cannot run (its timers never fire), so it runs on a
    copy: the DOM the JavaScript-free page built is loaded, at the same address, size and with
    the same styles, into a page that allows DevTools scripts but aborts every script of the
    site's own, with <noscript> unwrapped so its content is shown as it was without JavaScript.
    """
    if getattr(page, NOJS_FLAG, False):
        return _run_axe_on_copy(page, tags)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source() + "\n;undefined")
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']}).then(r => r.violations.map(v => ({id: v.id,"
        " impact: v.impact, help: v.help, helpUrl: v.helpUrl,"
        " nodes: v.nodes.map(n => ({target: n.target, html: n.html,"
        " summary: n.failureSummary}))})))",
        tags or WCAG_TAGS,
    )


def _run_axe_on_copy(page, tags: list[str] | None) -> list[dict]:
    url = page.url
    html = NOSCRIPT_TAG.sub("", page.content())
    context = page.context.browser.new_context(
        viewport=page.viewport_size, service_workers="block", locale="en-GB")
    try:

        def route(route, request):
            if request.url == url and request.resource_type == "document":
                route.fulfill(status=200, content_type=MIME_TYPES[".html"], body=html)
            elif request.resource_type == "script" or not is_local(request.url):
                route.abort("blockedbyclient")
            else:
                route.continue_()

        context.route("**/*", route)
        copy = context.new_page()
        copy.goto(url)
        return run_axe(copy, tags)
    finally:
        context.close()


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            if node.get("summary"):
                lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)
