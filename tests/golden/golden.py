"""The built site's bytes, pinned: what a refactor must not change.

Two builds, both as on ``DAY``: the repository's sample listings, and 1,000 listings from the
benchmark's generator (seed ``SEED``). ``manifest()`` lists every file each wrote with a digest
of its bytes; ``tests/golden/output-manifest.txt`` is that list as last approved.

A change meant to alter the site (a new field on a page, a template's wording) updates the
list, and the pull request then shows which pages changed:

    .venv/bin/python tests/golden/golden.py          # rewrite output-manifest.txt

A change meant to alter nothing (a refactor) must leave it as it is: ``test_output_golden.py``
fails, naming the files, when it does not.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GOLDEN = HERE / "output-manifest.txt"
DAY = date(2026, 12, 1)
SEED = 7
GENERATED = 1000
# Never linked into the generated listings' repository: what a build writes or keeps.
NOT_LINKED = {".git", ".build-cache", "output", "content"}


def build(root: Path, out: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rehab_directory.build", "--output", str(out),
         "--today", DAY.isoformat(), "--root", str(root),
         "--report", str(out.parent / f"{out.name}.report.json")],
        cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"the build of {root} failed:\n{result.stderr}")


def generated_root(base: Path) -> Path:
    """This repository with its listings replaced by the generator's."""
    from tools.listing_generator import write_listings

    root = base / "generated"
    (root / "content").mkdir(parents=True)
    for entry in REPO.iterdir():
        if entry.name not in NOT_LINKED:
            (root / entry.name).symlink_to(entry)
    for entry in (REPO / "content").iterdir():
        if entry.name != "providers":
            (root / "content" / entry.name).symlink_to(entry)
    write_listings(root / "content" / "providers", GENERATED, SEED, DAY)
    return root


def digests(tree: Path) -> dict[str, str]:
    return {path.relative_to(tree).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            for path in sorted(tree.rglob("*")) if path.is_file()}


def manifest(base: Path) -> dict[str, str]:
    """Every file of both builds, "samples/..." and "generated/...", with its digest."""
    build(REPO, base / "samples-site")
    build(generated_root(base), base / "generated-site")
    files = {}
    for name in ("samples", "generated"):
        for rel, digest in digests(base / f"{name}-site").items():
            files[f"{name}/{rel}"] = digest
    return files


def read(path: Path = GOLDEN) -> dict[str, str]:
    files = {}
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            digest, rel = line.split("  ", 1)
            files[rel] = digest
    return files


def write(files: dict[str, str], path: Path = GOLDEN) -> None:
    head = (f"# The built site's files and their sha256 (first 16 hex digits), as on {DAY}:\n"
            f"# the samples, and {GENERATED:,} generated listings (seed {SEED}).\n"
            "# Rewrite with: .venv/bin/python tests/golden/golden.py\n")
    path.write_text(head + "".join(f"{d}  {rel}\n" for rel, d in sorted(files.items())),
                    "utf-8")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        files = manifest(Path(tmp))
    write(files)
    print(f"{GOLDEN.relative_to(REPO)}: {len(files):,} files")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
