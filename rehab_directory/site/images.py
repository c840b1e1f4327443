"""Listing photos, resized at build time.

Each photo is written at a few widths as WebP and JPEG (for a ``<picture>`` with a fallback).
Re-encoding from pixels drops all metadata (EXIF, GPS, XMP, ICC comments), after the EXIF
orientation has been applied. Output depends only on the source bytes, so results are cached
by content hash in ``.build-cache/images/`` and a rebuild costs a file copy.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

WIDTHS = (480, 960)
LOGO_WIDTHS = (160, 320)
FORMATS = (("webp", "WEBP", {"quality": 80, "method": 4}),
           ("jpg", "JPEG", {"quality": 82, "optimize": True, "progressive": True}))
CACHE_VERSION = b"images-v1"


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """What a template needs for one ``<picture>``."""

    alt: str
    width: int  # of the largest rendition, for the <img> attributes
    height: int
    webp: tuple[Rendition, ...]
    jpeg: tuple[Rendition, ...]

    @property
    def src(self) -> str:
        return self.jpeg[0].url

    @staticmethod
    def srcset(renditions: tuple[Rendition, ...]) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in renditions)


def _encode(img: Image.Image, fmt: str, options: dict) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **options)
    return buf.getvalue()


def _sizes(width: int, height: int, widths: tuple[int, ...]) -> list[tuple[int, int]]:
    """Target sizes: each width no larger than the original, at least one."""
    out = []
    for w in widths:
        w = min(w, width)
        size = (w, max(1, round(height * w / width)))
        if size not in out:
            out.append(size)
    return out


def render_image(source: Path, out_dir: Path, url_dir: str, stem: str, alt: str,
                 widths: tuple[int, ...] = WIDTHS, cache: Path | None = None) -> Picture:
    """Write the renditions of ``source`` into ``out_dir`` and describe them."""
    raw = source.read_bytes()
    key = hashlib.sha256(CACHE_VERSION + repr(widths).encode() + raw).hexdigest()[:32]
    out_dir.mkdir(parents=True, exist_ok=True)
    with Image.open(io.BytesIO(raw)) as opened:
        img = ImageOps.exif_transpose(opened)
        img = img.convert("RGBA" if img.mode in ("RGBA", "LA", "P") else "RGB")
        if img.mode == "RGBA":  # JPEG has no transparency: flatten onto white
            flat = Image.new("RGB", img.size, (255, 255, 255))
            flat.paste(img, mask=img.getchannel("A"))
            img = flat
        width, height = img.size
        webp, jpeg = [], []
        for w, h in _sizes(width, height, widths):
            resized = None
            for ext, fmt, options in FORMATS:
                name = f"{stem}-{w}.{ext}"
                target = out_dir / name
                cached = cache / f"{key}-{w}.{ext}" if cache else None
                if cached and cached.is_file():
                    shutil.copyfile(cached, target)
                else:
                    if resized is None:
                        resized = img.resize((w, h), Image.Resampling.LANCZOS) \
                            if (w, h) != img.size else img
                    data = _encode(resized, fmt, options)
                    target.write_bytes(data)
                    if cached:
                        cached.parent.mkdir(parents=True, exist_ok=True)
                        tmp = cached.with_suffix(cached.suffix + ".tmp")
                        tmp.write_bytes(data)
                        tmp.replace(cached)
                (webp if ext == "webp" else jpeg).append(Rendition(f"{url_dir}/{name}", w, h))
    largest = jpeg[-1]
    return Picture(alt, largest.width, largest.height, tuple(webp), tuple(jpeg))
