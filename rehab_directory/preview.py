"""Preview the site while editing: build, serve on this computer, rebuild on every save.

    python -m rehab_directory.preview [--output DIR] [--port 8000] [--today YYYY-MM-DD]

``make serve`` runs it. It builds exactly as the public build does (``build.build``: the
same checks, withheld listings, atomic swap into DIR), serves DIR on 127.0.0.1 only, and
watches ``content/``, ``standards/``, ``theme/`` and ``pelicanconf.py``: each save starts a
rebuild, which the piece cache keeps to the listings that changed (about a second at 1,000
listings). A save that breaks the build leaves the last good site being served and says
why; fix the file and save again. Stop with Ctrl+C.

Every build runs in a process of its own, forked from this one (``build_apart``), as each
``python -m rehab_directory.build`` does. Pelican's loggers drop a warning they have already
passed once in the same process (its ``LimitFilter``), and the build fails on any warning:
run in this process, a second build with the same warning would publish as if there were
none. A forked child starts from this process's state, in which no build has run.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import multiprocessing
import sys
import threading
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from rehab_directory.support.clock import date_argument
from rehab_directory.support.program import program_name

from .build import build
from .support.forking import can_fork
from .validator.engine import ROOT

WATCHED = ("content", "standards", "theme", "pelicanconf.py")
DEBOUNCE_MS = 100  # saves closer together than this make one rebuild


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built folder as a static host would (404.html for what is missing)."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib's signature
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


def start_server(folder: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _build_and_exit(output: Path, root: Path, today: date | None) -> None:
    try:
        code = build(output, root, today)
    except KeyboardInterrupt:  # Ctrl+C during a rebuild: stop quietly, as the parent does
        code = 130
    sys.stdout.flush()
    sys.stderr.flush()
    raise SystemExit(code)


def build_apart(output: Path, root: Path, today: date | None) -> int:
    """``build`` in a forked child process (see the module's docstring): its exit status.

    Where forking is not available the build runs in this process."""
    if not can_fork():
        return build(output, root, today)
    child = multiprocessing.get_context("fork").Process(
        target=_build_and_exit, args=(output, root, today), name="preview-build")
    child.start()
    try:
        child.join()
    finally:
        if child.is_alive():  # this process was interrupted: do not leave the build running
            child.terminate()
            child.join()
    return 1 if child.exitcode is None else child.exitcode


def _warm_imports() -> None:
    """Import what every build uses once, here, so that each forked build starts warm.
    Importing logs nothing, so the children still start with Pelican's filter empty."""
    import pelican  # noqa: F401
    import pelican.settings  # noqa: F401

    import rehab_directory.site.plugin  # noqa: F401


def watch(root: Path, output: Path, today: date | None, stop: threading.Event | None = None
          ) -> None:
    """Rebuild into ``output`` after each change under ``root``'s watched paths."""
    from watchfiles import watch as changes_in

    paths = [root / name for name in WATCHED if (root / name).exists()]
    for changes in changes_in(*paths, debounce=DEBOUNCE_MS, step=50, stop_event=stop,
                              raise_interrupt=False):
        names = sorted({Path(p).name for _, p in changes})
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        print(f"preview: {shown} changed; rebuilding", file=sys.stderr, flush=True)
        started = time.perf_counter()
        if build_apart(output, root, today) == 0:
            print(f"preview: rebuilt in {time.perf_counter() - started:.1f} s",
                  file=sys.stderr, flush=True)
        else:
            print("preview: still serving the last site that built", file=sys.stderr,
                  flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=program_name("python -m rehab_directory.preview"),
        description="Build the site, serve it on http://127.0.0.1:PORT/ and rebuild it each "
                    "time a listing, page, standard or template is saved.")
    parser.add_argument("--output", "-o", type=Path, default=Path("output"), metavar="DIR",
                        help="folder to build into (default: output)")
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument("--today", type=date_argument, metavar="YYYY-MM-DD",
                        help="build as if today were this date")
    parser.add_argument("--root", type=Path, default=ROOT, metavar="REPO_ROOT",
                        help="repository to build (default: this one)")
    args = parser.parse_args(argv)
    root, output = args.root.absolute(), args.output.absolute()
    _warm_imports()
    if build_apart(output, root, args.today) != 0 and not (output / "index.html").is_file():
        print("preview: the site could not be built; fix what is said above and run it "
              "again", file=sys.stderr)
        return 1
    try:
        server = start_server(output, args.port)
    except OSError as exc:
        print(f"preview: cannot listen on 127.0.0.1:{args.port} ({exc.strerror}); try "
              f"--port with another number", file=sys.stderr)
        return 2
    print(f"preview: serving http://127.0.0.1:{server.server_address[1]}/ ; rebuilding on "
          "every save (Ctrl+C stops)", file=sys.stderr, flush=True)
    try:
        watch(root, output, args.today)
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
