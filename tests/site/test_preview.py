"""``make serve``: the preview rebuilds when a listing or a page is saved, survives a bad save,
and reports a warning at every build that has it, not only the first (Pelican's loggers drop a
message they have passed once in the same process, so each build runs in a process of its own).

These check that a save reaches the served page, with generous deadlines for a busy machine;
how fast it does is measured by the benchmark (``python -m tools.bench --only preview``)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
        return response.read().decode("utf-8")


def _until(check, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("the preview did not show the change in time")


@pytest.fixture
def preview(tmp_path, new_root):
    root = new_root(tmp_path / "repo")
    settings = root / "pelicanconf.py"  # a link to the repository's: a copy, to be edited
    text = settings.read_text()
    settings.unlink()
    settings.write_text(text)
    port = _free_port()
    log = (tmp_path / "preview.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "rehab_directory.preview", "--root", str(root), "--output",
         str(tmp_path / "out"), "--port", str(port), "--today", "2026-11-23"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _until(lambda: "Calm Harbour" in _get(base + "/providers/calm-harbour-hull/"))
        yield root, base, tmp_path / "preview.log"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the preview and any build it forked
        proc.wait(timeout=20)
        log.close()


def test_a_saved_listing_and_page_are_rebuilt_and_a_bad_save_keeps_the_last_site(preview):
    root, base, log = preview
    listing: Path = root / "content" / "providers" / "tyne-view-gateshead.yaml"
    text = listing.read_text()
    listing.write_text(text.replace("with a day programme in Gateshead.",
                                    "with a day programme near the Tyne."))
    _until(lambda: "near the Tyne" in _get(base + "/providers/tyne-view-gateshead/"))
    page = root / "content" / "pages" / "about.md"
    assert "saved in the preview" not in _get(base + "/about/")
    page.write_text(page.read_text() + "\nThis sentence was saved in the preview.\n")
    _until(lambda: "This sentence was saved in the preview." in _get(base + "/about/"))
    listing.write_text("slug: [broken\n")  # the build withholds it; the server goes on
    _until(lambda: "being checked" in _get(base + "/providers/tyne-view-gateshead/"))
    assert "Calm Harbour" in _get(base + "/providers/calm-harbour-hull/")
    (root / "standards" / "standards.yaml").write_text("areas: [oops\n")  # build fails
    _until(lambda: "still serving the last site" in log.read_text())
    assert "Calm Harbour" in _get(base + "/providers/calm-harbour-hull/")
    assert "Traceback" not in log.read_text()


def test_a_warning_fails_every_build_that_has_it_not_only_the_first(preview):
    root, base, log = preview
    settings = root / "pelicanconf.py"
    original = settings.read_text()
    # A deprecated setting: Pelican warns about it at every start, and warnings are fatal.
    settings.write_text(original + "\nPLUGIN_PATH = []\n")
    warned = "PLUGIN_PATH setting has been replaced by PLUGIN_PATHS"
    _until(lambda: log.read_text().count(warned) == 1)
    listing = root / "content" / "providers" / "tyne-view-gateshead.yaml"
    listing.write_text(listing.read_text().replace("with a day programme in Gateshead.",
                                                   "with a day programme by the river."))
    # The second build has the same warning: it must fail and say so again.
    _until(lambda: log.read_text().count(warned) == 2)
    _until(lambda: log.read_text().count("still serving the last site") >= 2)
    assert "by the river" not in _get(base + "/providers/tyne-view-gateshead/")
    settings.write_text(original)  # fixed: the next build publishes the saved listing
    _until(lambda: "by the river" in _get(base + "/providers/tyne-view-gateshead/"))
    assert "Traceback" not in log.read_text()
