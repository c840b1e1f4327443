"""The Nu HTML Checker (npm ``vnu-jar``) finds no error in the built site.

One JVM run checks every .html file the build wrote plus the stylesheets, and a canary page and
stylesheet with known errors in the same run, which proves the checker really read the files we
gave it and still reports what it should.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from browser_harness import ROOT

# One worker runs the whole module, so the slow fixture runs once (make test: --dist loadgroup).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("vnu")]

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CANARY_HTML = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>canary</title></head>
<body><p>An unclosed <span>span and a <div>div in a paragraph.</p></body></html>
"""
CANARY_CSS = "p { colr: red; }\n"


def run_vnu(files: list[Path]) -> list[dict]:
    """Check ``files`` in one run of vnu.jar; its error messages, each with a ``file`` path.

    vnu exits 0 when it found no error and 1 when it did; anything else means it did not run.
    """
    if shutil.which("java") is None:
        pytest.fail("java is missing: install default-jre-headless (.ci/run does this in CI)")
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} is missing: run `make deps` (npm ci installs vnu-jar)")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout",
         "--also-check-css", *map(str, files)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), (
        f"vnu.jar failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    messages = json.loads(result.stdout)["messages"]
    for message in messages:
        message["file"] = message.get("url", "").removeprefix("file:")
    assert (result.returncode == 1) == bool(messages), (
        f"vnu.jar's exit {result.returncode} disagrees with its {len(messages)} message(s)")
    return messages


@pytest.fixture(scope="module")
def vnu_messages(site_dir: Path, tmp_path_factory) -> list[dict]:
    folder = tmp_path_factory.mktemp("vnu")
    canary = folder / "canary.html"
    canary.write_text(CANARY_HTML, encoding="utf-8")
    canary_css = folder / "canary.css"
    canary_css.write_text(CANARY_CSS, encoding="utf-8")
    pages = sorted(site_dir.rglob("*.html"))
    styles = sorted(site_dir.rglob("*.css"))
    assert len(pages) > 30, f"only {len(pages)} pages were built"
    assert styles, "the build wrote no stylesheet"
    return run_vnu([*pages, *styles, canary, canary_css])


def describe(messages: list[dict], site_dir: Path) -> str:
    lines = []
    for m in messages:
        where = m["file"].removeprefix(str(site_dir) + "/")
        lines.append(f"{where}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: "
                     f"{m['type']}: {m['message']}")
        if m.get("extract"):
            lines.append("    " + m["extract"].replace("\n", "\n    "))
    return "\n".join(lines)


def about(messages: list[dict], name: str) -> list[dict]:
    return [m for m in messages if m["file"].endswith("/" + name)]


def test_checker_finds_the_errors_in_an_invalid_page(vnu_messages):
    found = {m["message"] for m in about(vnu_messages, "canary.html")}
    assert "Unclosed element \u201cspan\u201d." in found, found
    assert "Unclosed element \u201cdiv\u201d." in found, found


def test_checker_finds_the_error_in_an_invalid_stylesheet(vnu_messages):
    found = [m["message"] for m in about(vnu_messages, "canary.css")]
    assert any("\u201ccolr\u201d" in message for message in found), found


def test_no_file_was_left_unread(vnu_messages, site_dir):
    # A file vnu could not open or parse is a "non-document-error", not a pass.
    found = [m for m in vnu_messages if m["type"] != "error"]
    assert not found, "\n" + describe(found, site_dir)


def test_every_page_is_valid_html(vnu_messages, site_dir):
    found = [m for m in vnu_messages if m["file"].endswith(".html")
             and not m["file"].endswith("/canary.html")]
    assert not found, "\n" + describe(found, site_dir)


def test_stylesheets_are_valid_css(vnu_messages, site_dir):
    found = [m for m in vnu_messages if m["file"].endswith(".css")
             and not m["file"].endswith("/canary.css")]
    assert not found, "\n" + describe(found, site_dir)
