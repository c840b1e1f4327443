"""Build the public site: validate every listing, run Pelican, publish atomically.

    python -m rehab_directory.build --output DIR [--today YYYY-MM-DD] [--site-url URL]
                                    [--root REPO_ROOT]

1. Pelican runs (pelicanconf.py, THEME theme/, our plugin ``rehab_directory.site``) into a
   fresh folder beside DIR, with warnings fatal, so nothing is silently dropped. Our
   generator checks every listing with the ``Validator`` as it writes the listing's page
   (one pass; see ``site/pieces.py``).
2. If any listing fails a required standard (or cannot be read), the findings are printed
   compiler-style and the build stops: exit 1, the fresh folder is deleted, and DIR is left
   exactly as it was.
3. Only when everything succeeds is the new folder swapped in for DIR.

Exit status: 0 published, 1 refused or failed, 2 usage error. Bad input never shows a
traceback (``--debug`` shows one for a bug in the build itself).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .findings import render
from .site.pages import ListingsRefused
from .site.pieces import warnings_in
from .standards import StandardsDataError
from .validate import ROOT, Validator

IMAGE_CACHE = ".build-cache/images"
PIECE_CACHE = ".build-cache/pieces.sqlite"
SEARCH_CACHE = ".build-cache/search"


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def run_pelican(root: Path, target: Path, overrides: dict) -> None:
    """Run Pelican with fatal warnings into ``target``; raises on any warning or error."""
    from pelican import Pelican
    from pelican.log import FatalLogger, console
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    init_logging(level=logging.WARNING)
    previous, quiet = FatalLogger.fatal_lvl, console.quiet
    FatalLogger.fatal_lvl = logging.WARNING  # what `pelican --fatal warnings` sets
    console.quiet = True  # our own summary line says what was built
    try:
        settings = read_settings(str(root / "pelicanconf.py"), override={
            "PATH": str(root / "content"),
            "THEME": str(root / "theme"),
            "OUTPUT_PATH": str(target),
            **overrides,
        })
        Pelican(settings).run()
    finally:
        FatalLogger.fatal_lvl, console.quiet = previous, quiet


def swap_in(new: Path, output: Path) -> None:
    """Replace ``output`` by ``new`` with two renames in the same folder."""
    old = None
    if output.exists() or output.is_symlink():
        old = output.with_name(f".{output.name}.old-{time.monotonic_ns()}")
        output.rename(old)
    try:
        new.rename(output)
    except OSError:
        if old is not None:
            old.rename(output)
        raise
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        else:
            old.unlink()


def build(output: Path, root: Path = ROOT, today: date | None = None, site_url: str = "",
          debug: bool = False, settings: dict | None = None) -> int:
    """Validate, build and publish into ``output``. 0 on success, 1 when refused or failed.

    ``settings`` overrides pelicanconf.py (tests use it, e.g. THEME_TEMPLATES_OVERRIDES).
    """
    output, root = Path(output).absolute(), Path(root).absolute()
    started = time.perf_counter()
    try:
        validator = Validator(root, today)
    except StandardsDataError as exc:
        print(render(exc.findings, "text"))
        _say("build: the framework's data in standards/ is broken; nothing was published.")
        return 1
    output.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    report: dict = {}
    try:
        run_pelican(root, work, {
            "SITEURL": site_url.rstrip("/"),
            "DIRECTORY_ROOT": str(root),
            "DIRECTORY_VALIDATOR": validator,
            "DIRECTORY_REPORT": report,
            "DIRECTORY_IMAGE_CACHE": str(root / IMAGE_CACHE),
            "DIRECTORY_PIECE_CACHE": str(root / PIECE_CACHE),
            "DIRECTORY_SEARCH_CACHE": str(root / SEARCH_CACHE),
            **(settings or {}),
        })
        work.chmod(0o755)
        swap_in(work, output)
    except ListingsRefused as exc:
        shutil.rmtree(work, ignore_errors=True)
        print(render(exc.findings, "text"))
        bad = sum(1 for p in exc.pieces if not p.publishable)
        _say(f"build: {len(exc.findings)} error(s) in {bad} listing(s); nothing was "
             f"published and {output} is unchanged. Fix the listings (scripts/validate.py "
             "shows every finding) and build again.")
        return 1
    except Exception as exc:  # noqa: BLE001 - report any failure plainly, publish nothing
        shutil.rmtree(work, ignore_errors=True)
        if debug:
            raise
        _say(f"build: the site could not be built: {type(exc).__name__}: {exc}")
        _say(f"build: nothing was published; {output} is unchanged (--debug shows where).")
        return 1
    pieces = report.get("pieces", [])
    warnings = warnings_in(pieces)
    note = f", {warnings} advisory finding(s) (scripts/validate.py lists them)" if warnings else ""
    _say(f"build: published {len(pieces)} listing(s) to {output} in "
         f"{time.perf_counter() - started:.1f} s{note}.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m rehab_directory.build",
        description="Validate every listing and build the public site into OUTPUT. Nothing "
                    "is published if any listing fails a required standard.")
    parser.add_argument("--output", "-o", type=Path, required=True, metavar="DIR",
                        help="folder to publish the site into (replaced only on success)")
    parser.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="build as if today were this date (reproducible builds)")
    parser.add_argument("--site-url", default="", metavar="URL",
                        help="public address of the site, e.g. https://rehab.example.org.uk "
                             "(default: root-relative links)")
    parser.add_argument("--root", type=Path, default=ROOT, metavar="REPO_ROOT",
                        help="repository to build (default: this one)")
    parser.add_argument("--debug", action="store_true", help="show a traceback on failure")
    args = parser.parse_args(argv)
    return build(args.output, args.root, args.today, args.site_url, args.debug)


if __name__ == "__main__":
    sys.exit(main())
