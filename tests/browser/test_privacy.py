"""Privacy and security in the browser: nothing leaves 127.0.0.1, no cookies, no errors.

Every page type is opened in Chromium (with JavaScript, in the state the type describes: a
search with filters, a filled comparison ...) and must make no request to another host, set
no cookie, log no console error and trigger no Content Security Policy violation; every script
it runs must come from our origin with a Subresource Integrity hash. The HTML of every built
page is also parsed for inline scripts, inline event handlers and style attributes, which the
strict CSP would refuse (and which would hide an injection).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_pages import DATA_SCRIPT_TYPES, PAGE_NAMES, inline_problems, open_page, page_types

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def kinds(site_dir):
    return page_types(site_dir)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_stays_on_our_origin_without_cookies_or_errors(page, network, site_url, kinds,
                                                            name):
    kind = kinds[name]
    response = open_page(page, site_url, kind)
    page.wait_for_load_state("networkidle")
    assert response.status == (404 if name == "not-found" else 200)
    assert network.requests, "no request was recorded: is the guard working?"
    assert network.foreign() == [], "requests to other hosts"
    assert page.context.cookies() == []
    assert network.csp_violations == []
    errors = network.console_errors
    if name == "not-found":  # Chromium logs the 404 of the page itself
        errors = [e for e in errors if "404" not in e]
    assert errors == []
    assert network.page_errors == []
    assert network.dialogs == []
    scripts = page.eval_on_selector_all(
        "script", "all => all.map(s => ({src: s.src, type: s.type,"
        " integrity: s.integrity, crossorigin: s.crossOrigin, inline: s.text.trim().length}))")
    code = [s for s in scripts if s["type"] not in DATA_SCRIPT_TYPES]
    if name not in ("not-found",):
        assert code, "the page loads no script at all"
    for script in code:
        assert script["src"].startswith(site_url + "/"), script
        assert script["integrity"].startswith("sha384-"), script
        assert not script["inline"], script
    # No storage but the shortlist's own key.
    keys = page.evaluate("Object.keys(localStorage).concat(Object.keys(sessionStorage))")
    assert set(keys) <= {"ord-shortlist"}, keys


def test_inline_finder_finds_what_it_looks_for():
    html = ('<p style="color:red" onclick="x()"></p><style>p{}</style><script>x()</script>'
            '<script src="https://cdn.example.com/x.js"></script><a href="javascript:x()">'
            '<script type="application/ld+json">{"a": 1}</script>')
    assert [p.split(": ", 1)[1] for p in inline_problems(html)] == [
        "<p> has a style attribute",
        "<p> has an inline event handler onclick=",
        "<style> is an inline stylesheet",
        "<script> is an inline script",
        "<script> has inline code",
        "<script> has no sha384 integrity",
        "<a> has a href running code: javascript:x()",
    ]


def test_no_built_page_has_inline_code_or_styles(site_dir: Path):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 30
    found = {}
    for file in pages:
        problems = inline_problems(file.read_text(encoding="utf-8"))
        if problems:
            found[file.relative_to(site_dir).as_posix()] = problems
    assert not found, "\n".join(f"{f}: {p}" for f, ps in found.items() for p in ps)
