"""The benchmark's repository copy, the stock-Pelican reference, and the site build."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

from tools.listing_generator import write_listings

from .measuring import Run, Unavailable, measure, run
from .settings import PY, REFERENCE_DEPS, ROOT, SEED, SKIP, TODAY


def make_root(base: Path, n: int) -> Path:
    """A copy of the repository (by symbolic links) with ``n`` generated listings."""
    root = base / f"root-{n}"
    root.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name not in SKIP and not entry.name.startswith(("output", ".build")):
            (root / entry.name).symlink_to(entry)
    (root / "content").mkdir()
    for entry in (ROOT / "content").iterdir():
        if entry.name != "providers":
            (root / "content" / entry.name).symlink_to(entry)
    write_listings(root / "content" / "providers", n, SEED, TODAY)
    return root


# ---------------------------------------------------------------------------- stock Pelican
# The "3x faster than stock Pelican" is measured in the same run, on the same
# listings written as Markdown articles, so that the ratio holds on a slow or busy machine.
# Python-Markdown (which Pelican needs to read Markdown) is installed by `make bench` into
# its own folder, not the project's venv: there Pelican would import it at every build.
PELICAN_CONF = """\
# Stock Pelican: its default theme and settings, only what a site must say set.
AUTHOR = "Benchmark"
SITENAME = "Stock Pelican"
SITEURL = ""
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
"""


def pelican_available() -> str | None:
    """Why stock Pelican cannot be measured, or None when it can."""
    if not (REFERENCE_DEPS / "markdown").is_dir():
        return (f"Python-Markdown is not installed in {REFERENCE_DEPS.name}/ (make bench "
                "installs it)")
    return None


def write_pelican_site(root: Path, folder: Path) -> tuple[Path, list[str]]:
    """The benchmark's listings as Markdown articles (title, date, region as the category,
    substances as tags, summary, and the description as the body), with a settings file;
    returns the settings file and the articles' slugs."""
    import yaml

    content = folder / "content"
    content.mkdir(parents=True)
    slugs = []
    for path in sorted((root / "content" / "providers").glob("*.yaml")):
        listing = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)  # noqa: S506
        slugs.append(listing["slug"])
        (content / f"{listing['slug']}.md").write_text(
            f"Title: {listing['name']}\n"
            f"Date: {listing['last_verified']}\n"
            f"Category: {listing['region']}\n"
            f"Tags: {', '.join(listing['substances'])}\n"
            f"Slug: {listing['slug']}\n"
            f"Summary: {listing['summary']}\n\n"
            f"{listing['description']}\n", encoding="utf-8")
    conf = folder / "pelicanconf.py"
    conf.write_text(PELICAN_CONF, encoding="utf-8")
    return conf, slugs


def pelican_stage(root: Path, base: Path, n: int, runs: int) -> dict:
    why = pelican_available()
    if why:
        raise Unavailable(why)
    folder = base / f"pelican-{n}"
    conf, slugs = write_pelican_site(root, folder)
    out = folder / "output"

    def once(i: int, sample: bool) -> Run:
        if out.is_dir():
            out.rename(base / "set-aside" / f"pelican-{n}-{i}")  # see clear_build
        return run([PY, "-m", "pelican", str(folder / "content"), "--output", str(out),
                    "--settings", str(conf), "--quiet"], cwd=folder, sample=sample,
                   env={"PYTHONPATH": str(REFERENCE_DEPS)})

    (base / "set-aside").mkdir(exist_ok=True)
    result = measure(runs, once, memory=False)
    # Pelican skips an article it cannot read, logs it and still exits 0: count them.
    result["pages"] = sum((out / f"{slug}.html").is_file() for slug in slugs)
    if result["pages"] < n:
        raise Unavailable(f"stock Pelican wrote {result['pages']} article pages for {n} "
                          "listings")
    return result


def build_available() -> str | None:
    """Why the site build cannot be measured, or None when it can."""
    if importlib.util.find_spec("rehab_directory.build") is None:
        return "rehab_directory/build.py is not in the repository yet"
    return None


def build_cmd(root: Path, out: Path) -> list[str]:
    return [PY, "-m", "rehab_directory.build", "--output", str(out), "--today",
            TODAY.isoformat(), "--root", str(root)]


def clear_build(root: Path, out: Path, aside: Path | None = None) -> None:
    """Remove the output and every build cache, for a cold build.

    With ``aside``, the output is moved there instead of deleted (the bench deletes it at
    the end). This machine's ext4 has no journal, and such an ext4 does not reuse an inode
    freed less than 30 s before: creating 10,000 folders with a page each took 1.4 s on a
    quiet file system and 4.4 s just after a tree that size was deleted. A cold build is
    the site made from nothing, not made just after deleting another, so the bench does
    not delete right before it (the build's own deletions, as in a rebuild, still count).
    """
    if aside is not None and out.is_dir():
        aside.mkdir(parents=True, exist_ok=True)
        out.rename(aside / f"{out.parent.name}-{len(list(aside.iterdir()))}")
    shutil.rmtree(out, ignore_errors=True)
    for cache in (".build-cache", ".cache", "cache"):
        target = root / cache
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
    for stale in out.parent.glob(out.name + ".*"):
        shutil.rmtree(stale, ignore_errors=True)


def change_listing(path: Path, i: int) -> None:
    """Change one listing as a provider would: a new wait and a reworded summary."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"wait: \{days: \d+", f"wait: {{days: {7 + i % 20}", text, count=1)
    text = re.sub(r'^summary: "(.*?)\.?"$', rf'summary: "\1, updated {i}."', text, count=1,
                  flags=re.M)
    path.write_text(text, encoding="utf-8")
