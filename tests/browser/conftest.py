"""Fixtures for the browser tests: one built sample site, a local server, and Chromium.

Every test in this folder drives Debian's Chromium (/usr/bin/chromium) through Playwright's
sync API. The site is built once per test session (once per xdist worker) into a temporary
folder and served by a threaded HTTP server on 127.0.0.1. Every page fixture goes through a
network guard that records each request and aborts any request to a host other than
127.0.0.1, so a test can prove that nothing left our origin (and so the tests never need the
internet).

Fixtures:
- ``site_dir`` (session): the built sample site.
- ``site_url`` (session): ``http://127.0.0.1:PORT`` serving ``site_dir``.
- ``serve`` (session): start a server for any other folder (e.g. a hostile build).
- ``browser`` (session): Chromium.
- ``network`` (function): a ``PageLog`` for every page the test opens (requests, blocked
  requests, console errors, CSP violations, page errors, dialogs).
- ``new_page`` (function): ``new_page(**context_options) -> Page`` for other sizes/settings.
- ``page`` (1280x900), ``page_nojs`` (JavaScript off), ``phone_page`` (375x740, mobile).
- ``axe`` (session): ``axe(page, tags=WCAG_TAGS) -> list[violation dicts]``;
  ``format_violations(violations) -> str`` for readable failures.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_harness import (  # noqa: F401 - the fixtures use these
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    LOCAL_HOST,
    MIME_TYPES,
    NOJS_FLAG,
    NOSCRIPT_TAG,
    PHONE,
    ROOT,
    TODAY,
    WCAG_TAGS,
    PageLog,
    StaticHandler,
    _run_axe_on_copy,
    axe_source,
    build_site,
    format_violations,
    guard,
    is_local,
    run_axe,
    sample_root,
)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("site") / "site",
                      sample_root(tmp_path_factory.mktemp("repo") / "repo"))


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """``serve(folder) -> base URL``: serve a folder on 127.0.0.1 until the session ends."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        handler = functools.partial(StaticHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://{LOCAL_HOST}:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site_dir: Path, serve) -> str:
    return serve(site_dir)


# ---------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        # Not a skip: a browser suite that silently skips in CI is worse than a failure.
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package "
                    "(.ci/run does this in CI). Never run `playwright install`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def network() -> PageLog:
    return PageLog()


@pytest.fixture
def new_page(browser, network: PageLog) -> Iterator[Callable[..., object]]:
    """``new_page(**context_options) -> Page``: a fresh, guarded context with one page."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", DESKTOP)
        options.setdefault("service_workers", "block")
        options.setdefault("locale", "en-GB")
        context = browser.new_context(**options)
        contexts.append(context)
        guard(context, network)
        page = context.new_page()
        setattr(page, NOJS_FLAG, options.get("java_script_enabled") is False)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def page_nojs(new_page):
    return new_page(java_script_enabled=False)


@pytest.fixture
def phone_page(new_page):
    return new_page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


# ---------------------------------------------------------------------------- axe-core


@pytest.fixture(scope="session")
def axe() -> Callable[..., list[dict]]:
    return run_axe
