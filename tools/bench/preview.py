"""The preview (``make serve``) as a person uses it: save a file, look at the page.

The stage starts ``python -m rehab_directory.preview`` on the benchmark's repository copy,
waits until it serves, then, ``runs`` times each, saves a change to one listing and to one
content page and times from the save until the page served over HTTP shows the change.
Each save waits for the rebuild before it to finish, so that no run inherits another's
work. The server is always stopped, and every wait has a deadline: the stage never hangs.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .measuring import Unavailable
from .settings import PY, TODAY
from .stages import change_listing

PAGE = "about"  # content/pages/about.md, served at /about/
REBUILT = "preview: rebuilt in"
POLL_S = 0.02  # how often the page is fetched while waiting for the change
SHOW_TIMEOUT_S = 120  # a save not shown by then is a failure, not a slow figure


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1
            return response.read().decode("utf-8")
    except (OSError, urllib.error.URLError):
        return ""


def _until(check: Callable[[], bool], seconds: float, what: str) -> float:
    """Poll ``check`` until true; the seconds it took. Unavailable after ``seconds``."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if check():
            return time.perf_counter() - start
        time.sleep(POLL_S)
    raise Unavailable(f"{what} not seen within {seconds:.0f} s")


# What the preview watches that make_root links to the real repository: copied, so that the
# stage edits a page of its own, and so that someone editing the repository's theme while the
# bench runs does not start rebuilds the stage would time.
WATCHED_LINKS = ("content/pages", "content/guides", "content/glossary.yaml",
                 "content/search-synonyms.yaml", "standards", "theme", "pelicanconf.py")


def _own_copies(root: Path) -> None:
    for name in WATCHED_LINKS:
        link = root / name
        if link.is_symlink():
            source = link.resolve()
            link.unlink()
            if source.is_dir():
                shutil.copytree(source, link)
            else:
                shutil.copy2(source, link)


def _stop(proc: subprocess.Popen) -> None:
    """Stop the preview and any rebuild it forked (its process group): SIGTERM, then
    SIGKILL if it lingers. Not SIGINT: a process started in the background by a shell
    ignores it."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)


def preview_stage(root: Path, base: Path, n: int, runs: int) -> dict:
    """Seconds from saving a listing, and a content page, to the served page showing it."""
    _own_copies(root)
    pages = root / "content" / "pages"
    listings = sorted((root / "content" / "providers").glob("*.yaml"))
    folder = base / f"preview-{n}"
    folder.mkdir(parents=True, exist_ok=True)
    log_path = folder / "preview.log"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    startup_s = 180 + n * 0.03  # a cold build first: ~20 s at 10,000 quiet, far more busy
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [PY, "-m", "rehab_directory.preview", "--root", str(root), "--output",
             str(folder / "output"), "--port", str(port), "--today", TODAY.isoformat()],
            cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        # The preview has a session of its own (so that its builds can be stopped with
        # it): should the bench itself be told to stop, stop the preview first.
        previous = signal.signal(signal.SIGTERM, _exit_on_term)
        try:
            def serving() -> bool:
                if proc.poll() is not None:
                    raise Unavailable(f"the preview exited ({proc.returncode}): "
                                      + " | ".join(_tail(log_path)))
                return "<html" in _fetch(url + "/")

            started = _until(serving, startup_s, "the preview serving")
            builds, rebuilds = [0], []

            def timed_save(save: Callable[[], None], address: str, marker: str) -> float:
                t = time.perf_counter()
                save()
                _until(lambda: marker in _fetch(url + address), SHOW_TIMEOUT_S,
                       f"{marker!r} at {address}")
                seconds = time.perf_counter() - t
                builds[0] += 1  # let that rebuild finish before the next save
                _until(lambda: log_path.read_text("utf-8").count(REBUILT) >= builds[0],
                       SHOW_TIMEOUT_S, "the rebuild finishing")
                # What the preview says the rebuild took (to 0.1 s, the swap's clean-up
                # of the old site included): the rest is noticing the save and serving it.
                said = re.findall(rf"{REBUILT} ([0-9.]+) s", log_path.read_text("utf-8"))
                rebuilds.append(float(said[-1]))
                return seconds

            listing_samples, page_samples = [], []
            for i in range(runs):
                path = listings[(i * 7919 + 13) % len(listings)]
                slug = re.search(r"^slug: *\"?([a-z0-9-]+)", path.read_text("utf-8"), re.M)
                mark = 9000 + i
                listing_samples.append(timed_save(
                    lambda p=path, m=mark: change_listing(p, m),
                    f"/providers/{slug.group(1)}/", f"updated {mark}."))
                page = pages / f"{PAGE}.md"
                text = page.read_text("utf-8")
                marker = f"Preview check {i}."
                page_samples.append(timed_save(
                    lambda p=page, t=text, m=marker: p.write_text(f"{t.rstrip()}\n\n{m}\n",
                                                                   encoding="utf-8"),
                    f"/{PAGE}/", marker))
        finally:
            _stop(proc)
            signal.signal(signal.SIGTERM, previous)
    return {
        "seconds": statistics.median(listing_samples),
        "samples": [round(s, 3) for s in listing_samples],
        "page_seconds": statistics.median(page_samples),
        "page_samples": [round(s, 3) for s in page_samples],
        "rebuild_seconds_said": statistics.median(rebuilds),
        "first_served_seconds": round(started, 2),
    }


def _exit_on_term(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _tail(path: Path) -> list[str]:
    return path.read_text("utf-8", errors="replace").strip().splitlines()[-3:]
