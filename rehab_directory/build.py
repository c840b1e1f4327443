"""Build the public site: check every listing, publish what passes, publish atomically.

    python -m rehab_directory.build --output DIR [--today YYYY-MM-DD] [--site-url URL]
                                    [--root REPO_ROOT] [--report FILE]

1. Pelican runs (pelicanconf.py, THEME theme/, our plugin ``rehab_directory.site.plugin``)
   into a fresh folder beside DIR, with warnings fatal, so nothing is silently dropped. Our
   generator checks every listing with the ``Validator`` as it writes the listing's page
   (one pass; see ``site/pieces.py``).
2. Every listing that meets the required standards on the day (UK time) is published. Each
   other one (lapsed evidence, never verified, unreadable: ``publication.assess``) is
   withheld: it is in no search, browse page, compare data, sitemap, feed or open data, and
   its address serves a short page that says it is being checked (``site/withheld.py``).
   The build prints the withheld listings' errors compiler-style, a summary, and writes a
   machine-readable report (``--report``, default ``DIR.report.json`` beside DIR).
3. Only when the build succeeds is the new folder swapped in for DIR. Broken framework data
   in ``standards/``, or a failure of the build itself, publishes nothing and leaves DIR
   exactly as it was.

Exit status: 0 published (even with listings withheld), 1 failed, 2 usage error. Bad input
never shows a traceback (``--debug`` shows one for a bug in the build itself).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from rehab_directory.core.findings import failing, render
from rehab_directory.framework.standards import StandardsDataError
from rehab_directory.support.atomic import write_atomically
from rehab_directory.support.clock import date_argument
from rehab_directory.support.program import program_name
from rehab_directory.support.progress import progress

from .site.pieces import warnings_in
from .site.withheld import build_report, summary_lines
from .validator.engine import ROOT, Validator

IMAGE_CACHE = ".build-cache/images"
PIECE_CACHE = ".build-cache/pieces.sqlite"
SEARCH_CACHE = ".build-cache/search"


def _say(message: str) -> None:
    print(message, file=sys.stderr)


class PelicanWarned(RuntimeError):
    """Pelican logged a warning or an error while it ran: the build publishes nothing."""


class _Warnings(logging.Handler):
    """Gathers what is logged at WARNING or above while Pelican runs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name}: {record.getMessage()}")


def run_pelican(root: Path, target: Path, overrides: dict) -> None:
    """Run Pelican into ``target``; raises ``PelicanWarned`` if it logged any warning or error
    (what ``pelican --fatal warnings`` stops on), so that nothing is silently dropped.

    Only Pelican's public interface (``read_settings``, ``Pelican.run``) and the standard
    logging module: a handler of our own on the root logger gathers the warnings for the
    length of the run, and Pelican's closing line on standard output ("Done: Processed 0
    articles ...", as its generators are off) is left out: our own summary says what was
    built."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from rehab_directory.site.plugin import BLOG_OFF

    warnings, logger = _Warnings(), logging.getLogger()
    logger.addHandler(warnings)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            settings = read_settings(str(root / "pelicanconf.py"), override={
                **BLOG_OFF,
                "PATH": str(root / "content"),
                "THEME": str(root / "theme"),
                "OUTPUT_PATH": str(target),
                **overrides,
            })
            Pelican(settings).run()
    finally:
        logger.removeHandler(warnings)
    if warnings.messages:
        raise PelicanWarned("Pelican warned: " + "; ".join(warnings.messages))


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


def default_report(output: Path) -> Path:
    return output.with_name(output.name + ".report.json")


def write_report(path: Path, data: dict) -> None:
    """Write the build's report whole or not at all (a reader never sees half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def cannot_write(folder: Path) -> str | None:
    """Why a file cannot be written into ``folder`` (made if missing), or None if it can:
    asked before building, so that a bad --output or --report stops the build before
    anything is published, not after."""
    for above in (folder, *folder.parents):
        if above.exists():
            if not above.is_dir():
                return f"{above} is a file, not a folder"
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return f"{folder}: {exc.strerror or exc}"
    return None


def build(output: Path, root: Path = ROOT, today: date | None = None, site_url: str = "",
          debug: bool = False, settings: dict | None = None,
          report_path: Path | None = None) -> int:
    """Check, build and publish into ``output``. 0 when published, 1 when the build failed.

    ``settings`` overrides pelicanconf.py (tests use it, e.g. THEME_TEMPLATES_OVERRIDES).
    """
    output, root = Path(output).absolute(), Path(root).absolute()
    report_path = Path(report_path).absolute() if report_path else default_report(output)
    started = time.perf_counter()
    for path in (output, report_path):
        if (reason := cannot_write(path.parent)) is not None:
            _say(f"build: cannot write {path}: {reason}; nothing was published.")
            return 1
    try:
        validator = Validator(root, today)
    except StandardsDataError as exc:
        print(render(exc.findings, "text"))
        _say("build: the framework's data (standards/ or content/glossary.yaml, as the findings "
             "above say) is broken; nothing was published.")
        return 1
    report: dict = {}
    work = None
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
        with progress("Checking and writing listings", len(validator.listing_files())
                      ) as advance:
            run_pelican(root, work, {
                "SITEURL": site_url.rstrip("/"),
                "DIRECTORY_ROOT": str(root),
                "DIRECTORY_VALIDATOR": validator,
                "DIRECTORY_REPORT": report,
                "DIRECTORY_PROGRESS": advance,
                "DIRECTORY_IMAGE_CACHE": str(root / IMAGE_CACHE),
                "DIRECTORY_PIECE_CACHE": str(root / PIECE_CACHE),
                "DIRECTORY_SEARCH_CACHE": str(root / SEARCH_CACHE),
                **(settings or {}),
            })
        work.chmod(0o755)
        swap_in(work, output)
    except Exception as exc:  # noqa: BLE001 - report any failure plainly, publish nothing
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
        if debug:
            raise
        _say(f"build: the site could not be built: {type(exc).__name__}: {exc}")
        _say(f"build: nothing was published; {output} is unchanged (--debug shows where).")
        return 1
    pieces = report.get("pieces", [])
    withheld = [p.withheld for p in pieces if p.withheld is not None]
    published = [p.slug for p in pieces if p.withheld is None]
    warnings = warnings_in(pieces)
    errors = [f for p in pieces if p.withheld is not None for f in failing(p.findings)]
    if errors:
        print(render(errors, "text"))
    try:
        write_report(report_path, build_report(validator.context.today, output, published,
                                               withheld, warnings))
    except OSError as exc:  # checked before building, so only if it changed since
        _say(f"build: cannot write {report_path}: {exc.strerror or exc}; the site was "
             f"published to {output}, its report was not written.")
        return 1
    note = f", {warnings} advisory finding(s) (scripts/validate.py lists them)" if warnings else ""
    held = f" and withheld {len(withheld)}" if withheld else ""
    _say(f"build: published {len(published)} listing(s) to {output}{held} in "
         f"{time.perf_counter() - started:.1f} s{note}.")
    if withheld:
        _say("\n".join(summary_lines(withheld)))
        _say(f"build: a withheld listing's address says it is being checked; it returns "
             f"when it meets the required standards again. Report: {report_path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=program_name("python -m rehab_directory.build"),
        description="Check every listing and build the public site into DIR: listings that "
                    "meet the required standards are published, the others withheld (their "
                    "addresses say they are being checked). DIR is replaced only when the "
                    "build succeeds.")
    parser.add_argument("--output", "-o", type=Path, required=True, metavar="DIR",
                        help="folder to publish the site into (replaced only on success)")
    parser.add_argument("--today", type=date_argument, metavar="YYYY-MM-DD",
                        help="build as if today were this date (reproducible builds)")
    parser.add_argument("--site-url", default="", metavar="URL",
                        help="public address of the site, e.g. https://rehab.example.org.uk "
                             "(default: root-relative links)")
    parser.add_argument("--root", type=Path, default=ROOT, metavar="REPO_ROOT",
                        help="repository to build (default: this one)")
    parser.add_argument("--report", type=Path, metavar="FILE",
                        help="where to write the JSON report of what was published and "
                             "withheld (default: DIR.report.json beside DIR)")
    parser.add_argument("--debug", action="store_true", help="show a traceback on failure")
    args = parser.parse_args(argv)
    return build(args.output, args.root, args.today, args.site_url, args.debug,
                 report_path=args.report)


if __name__ == "__main__":
    sys.exit(main())
