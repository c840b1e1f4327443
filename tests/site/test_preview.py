"""``make serve``: the preview rebuilds when a listing is saved, and survives a bad save."""

from __future__ import annotations

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


def _until(check, seconds: float = 60) -> None:
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
    port = _free_port()
    log = (tmp_path / "preview.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "rehab_directory.preview", "--root", str(root), "--output",
         str(tmp_path / "out"), "--port", str(port), "--today", "2026-11-23"],
        stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _until(lambda: "Calm Harbour" in _get(base + "/providers/calm-harbour-hull/"))
        yield root, base, tmp_path / "preview.log"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_a_saved_listing_is_rebuilt_and_a_bad_save_keeps_the_last_site(preview):
    root, base, log = preview
    listing: Path = root / "content" / "providers" / "tyne-view-gateshead.yaml"
    text = listing.read_text()
    listing.write_text(text.replace("with a day programme in Gateshead.",
                                    "with a day programme near the Tyne."))
    _until(lambda: "near the Tyne" in _get(base + "/providers/tyne-view-gateshead/"))
    listing.write_text("slug: [broken\n")  # the build withholds it; the server goes on
    _until(lambda: "being checked" in _get(base + "/providers/tyne-view-gateshead/"))
    assert "Calm Harbour" in _get(base + "/providers/calm-harbour-hull/")
    (root / "standards" / "standards.yaml").write_text("areas: [oops\n")  # build fails
    _until(lambda: "still serving the last site" in log.read_text())
    assert "Calm Harbour" in _get(base + "/providers/calm-harbour-hull/")
    assert "Traceback" not in log.read_text()
