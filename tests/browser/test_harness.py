"""The harness can fail: the network guard blocks and records, axe finds real violations."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

BAD_PAGE = """<!doctype html>
<html><head><title>bad</title>
</head><body>
<img src="https://tracker.example.com/pixel.png">
<img src="/local.png">
<input type="text">
<script>window.__ran = 1</script>
</body></html>
"""


@pytest.fixture(scope="session")
def bad_site(tmp_path_factory: pytest.TempPathFactory, serve) -> str:
    folder: Path = tmp_path_factory.mktemp("bad-site")
    (folder / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">"
    (folder / "csp.html").write_text(BAD_PAGE.replace("<head>", "<head>" + csp), encoding="utf-8")
    (folder / "404.html").write_text("<!doctype html><title>Not found</title>", encoding="utf-8")
    return serve(folder)


def test_guard_blocks_and_records_foreign_requests(page, network, bad_site):
    page.goto(bad_site + "/")
    page.wait_for_load_state("networkidle")
    assert network.foreign() == ["https://tracker.example.com/pixel.png"]
    assert network.blocked == ["https://tracker.example.com/pixel.png"]
    assert any(url.endswith("/local.png") for url in network.requests)
    # The missing local image is a 404 (logged).
    assert any("404" in text for text in network.console_errors), network.console_errors
    assert not network.csp_violations


def test_csp_violations_are_recorded(page, network, bad_site):
    page.goto(bad_site + "/csp.html")
    page.wait_for_load_state("networkidle", timeout=30_000)  # slow on a loaded machine
    assert any("inline script" in text for text in network.csp_violations), network.console_errors


def test_server_serves_404_page_and_types(page, bad_site):
    response = page.goto(bad_site + "/no/such/page/")
    assert response.status == 404
    assert page.title() == "Not found"


def test_axe_finds_violations(page, axe, bad_site):
    page.goto(bad_site + "/")
    ids = {v["id"] for v in axe(page)}
    # No lang, no alt text, an unlabelled input, no main landmark.
    assert {"html-has-lang", "image-alt", "label"} <= ids, ids


def test_axe_runs_with_javascript_off(page_nojs, axe, bad_site):
    page_nojs.goto(bad_site + "/")
    assert "image-alt" in {v["id"] for v in axe(page_nojs)}


def test_bypassing_the_csp_lets_inline_scripts_run(new_page, bad_site):
    strict = new_page()
    strict.goto(bad_site + "/csp.html")
    assert strict.evaluate("typeof window.__ran") == "undefined"
    bypassed = new_page(bypass_csp=True)
    bypassed.goto(bad_site + "/csp.html")
    assert bypassed.evaluate("window.__ran") == 1
