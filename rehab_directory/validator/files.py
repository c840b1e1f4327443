"""Layer checks that need the repository: the slug matches the file, images are real.

A listing's images live in its own folder, ``content/providers/<slug>/``; the model already
refuses any name with a folder in it, and here we refuse links and anything that resolves
outside that folder, then open each file with Pillow to check what it really is, and that it
carries no personal metadata (GPS, camera owner: ``photos.personal_metadata``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from PIL import Image as PILImage

from rehab_directory.core.findings import Finding, field_name
from rehab_directory.core.model import Listing
from rehab_directory.core.rules import RULES
from rehab_directory.core.yamlio import Marks

from .photos import personal_metadata

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_SIDE = 4000
MAX_IMAGE_PIXELS = 16_000_000
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def listing_folder(listing_file: Path, slug: str) -> Path:
    return listing_file.parent / slug


def _finding(file: str, marks: Marks, rule: str, path: tuple, message: str,
             fix: str | None = None) -> Finding:
    line, col = marks.locate(path)
    spec = RULES[rule]
    return Finding(file, line, col, spec.severity, rule, field_name(path), message,
                   fix or spec.fix)


def inspect_image(path: Path) -> tuple[str, str] | None:
    """None if ``path`` is a publishable image, else (rule, message)."""
    try:
        size = path.stat().st_size
    except OSError:
        return "FILE-003", f"'{path.name}' does not exist"
    if size > MAX_IMAGE_BYTES:
        return "FILE-005", f"'{path.name}' is {size / 1048576:.1f} MB (at most 5 MB)"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as img:
                fmt, (width, height) = img.format, img.size
                if fmt not in IMAGE_FORMATS:
                    return "FILE-004", f"'{path.name}' is a {fmt} file, not JPEG, PNG or WebP"
                if (max(width, height) > MAX_IMAGE_SIDE
                        or width * height > MAX_IMAGE_PIXELS):
                    return "FILE-005", (f"'{path.name}' is {width}×{height} pixels (at most "
                                        f"{MAX_IMAGE_SIDE} on the long side)")
                img.verify()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return "FILE-005", f"'{path.name}' has too many pixels to open safely"
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a broken file
        return "FILE-004", f"'{path.name}' is not a readable JPEG, PNG or WebP image"
    try:
        with PILImage.open(path) as img:  # again: verify() leaves an image unusable
            personal = personal_metadata(img)
    except Exception:  # noqa: BLE001 - as above
        return "FILE-004", f"'{path.name}' is not a readable JPEG, PNG or WebP image"
    if personal:
        return "FILE-007", (f"'{path.name}' holds personal data in its metadata: "
                            f"{', '.join(personal)}")
    return None


def _same_but_case(folder: Path, name: str) -> str | None:
    """A file in ``folder`` whose name is ``name`` but for capitals (IMG_1234.jpg for
    IMG_1234.JPG): found on Windows and macOS, missing on the server."""
    try:
        return next((p.name for p in folder.iterdir()
                     if p.name.casefold() == name.casefold() and p.name != name), None)
    except OSError:
        return None


def check_files(listing: Listing, listing_file: Path, display: str, marks: Marks
                ) -> Iterator[Finding]:
    stem = listing_file.name.removesuffix(".yaml")
    if listing.slug != stem:
        yield _finding(display, marks, "FILE-001", ("slug",),
                       f"the slug '{listing.slug}' does not match the file name "
                       f"'{listing_file.name}'",
                       f"rename the file to {listing.slug}.yaml, or set 'slug: {stem}'")
    folder = listing_folder(listing_file, listing.slug)
    images = [(("logo",), listing.logo)] if listing.logo else []
    images += [(("photos", i), photo) for i, photo in enumerate(listing.photos)]
    for path, image in images:
        where = (*path, "file")
        target = folder / image.file
        if target.is_symlink() or folder.is_symlink():
            yield _finding(display, marks, "FILE-006", where,
                           f"'{image.file}' is a link, not a file")
            continue
        try:
            inside = target.resolve().is_relative_to(folder.resolve())
        except OSError:
            inside = False
        if not inside:
            yield _finding(display, marks, "FILE-006", where,
                           f"'{image.file}' is outside {folder.name}/")
            continue
        problem = inspect_image(target)
        if problem:
            rule, message = problem
            fix = None
            if rule == "FILE-003":
                fix = (f"add the file as {folder.as_posix()}/{image.file}, or remove it from "
                       "the listing")
                other = _same_but_case(folder, image.file)
                if other:
                    fix = (f"the file is called '{other}': write its name exactly as it is, "
                           f"capitals and all (file: {other}), or rename the file")
            elif rule == "FILE-007":
                shown = (Path(display).parent / listing.slug / image.file).as_posix()
                fix = (f"remove it with: python scripts/strip_photo_metadata.py {shown} "
                       "(the picture itself stays as it is), then commit the file again")
            yield _finding(display, marks, rule, where, message, fix)
