"""Photos without personal metadata: find it (for the validator) and strip it (for providers).

    python -m rehab_directory.validator.photos PATH [PATH ...]
    python scripts/strip_photo_metadata.py PATH [PATH ...]      # the same

A camera or phone writes more into a picture than the picture: where it was taken, whose
camera took it, the camera's serial number. The site's image pipeline drops all of it from
what it publishes (``site/images.py``), but a file committed to the repository keeps it in
git for ever, so the validator refuses a listing's photo or logo that holds any of what
``personal_metadata`` looks for (rule FILE-007), and this command removes it.

What counts as personal (``personal_metadata``):

* EXIF (JPEG, PNG, WebP): any GPS position (the GPS IFD with more than its version number);
  the artist, copyright owner, Windows "author" and host computer (often "Jo's iPhone") of
  the main IFD; the camera owner's name, the body and lens serial numbers, and the maker
  notes (a camera maker's private block, which can hold serial numbers and owner names);
* XMP (JPEG, PNG, WebP): creator and rights holder (``dc:creator``, ``dc:rights``,
  ``xmpRights:Owner``, ``photoshop:Author``/``Credit``, the IPTC creator's contact details),
  places (``photoshop:City``/``State``/``Country``, IPTC location fields, ``exif:GPS*``)
  and camera owner or serial numbers (``aux:SerialNumber``, ``exifEX:CameraOwnerName``...);
  an XMP packet with a DOCTYPE is refused unread, as a parser attack would be;
* IPTC-IIM (JPEG's Photoshop block): by-line, city, sub-location, state, country, copyright
  notice, contact and writer;
* PNG text: ``Author`` and ``Copyright``.

The camera make and model, dates, exposure settings and colour profile are not personal and
are not reported. ``strip_metadata`` removes every EXIF, XMP, IPTC, text and comment block
all the same (keeping the colour profile) by cutting them out of the file, so the pixels stay
exactly as they were. A picture whose EXIF says to turn it is turned first and saved again
(a JPEG with its own quantisation tables, so at its own quality), so it stays the right way
up without the EXIF. The file is replaced atomically: a crash leaves the old file or the new,
never half of one. Anything that is not a JPEG, PNG or WebP picture is refused, untouched.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image, ImageOps, IptcImagePlugin, JpegImagePlugin, UnidentifiedImageError

from rehab_directory.support.atomic import write_atomically
from rehab_directory.support.program import program_name

FORMATS = ("JPEG", "PNG", "WEBP")

# EXIF tags (IFD0 and the Exif IFD) that name or identify a person or their device.
_EXIF_IFD0 = {0x013B: "the artist's name", 0x8298: "a copyright owner",
              0x9C9D: "an author's name", 0x013C: "the name of the computer or phone"}
_EXIF_SUB = {0xA430: "the camera owner's name", 0xA431: "the camera's serial number",
             0xA435: "the lens's serial number", 0x927C: "the camera maker's notes"}
_EXIF_IFD, _GPS_IFD, _GPS_VERSION = 0x8769, 0x8825, 0x0000

# XMP properties, by namespace and local name, that name a person or a place.
_DC = "http://purl.org/dc/elements/1.1/"
_PS = "http://ns.adobe.com/photoshop/1.0/"
_IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
_IPTC_EXT = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
_EXIF_NS = "http://ns.adobe.com/exif/1.0/"
_XMP_PERSONAL = {
    (_DC, "creator"): "the creator's name (dc:creator)",
    (_DC, "rights"): "a rights holder (dc:rights)",
    ("http://ns.adobe.com/xap/1.0/rights/", "Owner"): "an owner's name (xmpRights:Owner)",
    (_PS, "Author"): "an author's name (photoshop:Author)",
    (_PS, "AuthorsPosition"): "an author's job title (photoshop:AuthorsPosition)",
    (_PS, "Credit"): "a credit line (photoshop:Credit)",
    (_PS, "City"): "a place (photoshop:City)",
    (_PS, "State"): "a place (photoshop:State)",
    (_PS, "Country"): "a place (photoshop:Country)",
    (_IPTC_CORE, "CreatorContactInfo"): "the creator's contact details",
    (_IPTC_CORE, "Location"): "a place (Iptc4xmpCore:Location)",
    (_IPTC_EXT, "LocationCreated"): "a place (Iptc4xmpExt:LocationCreated)",
    (_IPTC_EXT, "LocationShown"): "a place (Iptc4xmpExt:LocationShown)",
    ("http://ns.adobe.com/exif/1.0/aux/", "SerialNumber"): "the camera's serial number",
    ("http://ns.adobe.com/exif/1.0/aux/", "OwnerName"): "the camera owner's name",
    ("http://cipa.jp/exif/1.0/", "CameraOwnerName"): "the camera owner's name",
    ("http://cipa.jp/exif/1.0/", "BodySerialNumber"): "the camera's serial number",
    ("http://cipa.jp/exif/1.0/", "LensSerialNumber"): "the lens's serial number",
    ("http://ns.adobe.com/tiff/1.0/", "Artist"): "the artist's name (tiff:Artist)",
}
# IPTC-IIM datasets (record 2) that name a person or a place.
_IPTC = {(2, 80): "a by-line (photographer)", (2, 85): "a by-line title",
         (2, 90): "a city", (2, 92): "a sub-location", (2, 95): "a county or state",
         (2, 101): "a country", (2, 116): "a copyright notice", (2, 118): "a contact",
         (2, 122): "a writer's name"}
_PNG_TEXT = {"Author": "an author's name (PNG text)", "Copyright": "a copyright owner (PNG text)"}
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)


class NotAPhoto(ValueError):
    """The file cannot be stripped: not a JPEG, PNG or WebP picture, or broken."""


# ---------------------------------------------------------------------------- finding it


def personal_metadata(img: Image.Image) -> list[str]:
    """What personal data an opened picture carries, in words ("a GPS position", ...);
    empty when it holds none. Reads headers only: the pixels are not decoded."""
    found: list[str] = []

    def add(what: str) -> None:
        if what not in found:
            found.append(what)

    exif = img.getexif()
    gps = exif.get_ifd(_GPS_IFD)
    if any(tag != _GPS_VERSION for tag in gps):
        add("a GPS position")
    for tag, what in _EXIF_IFD0.items():
        if _present(exif.get(tag)):
            add(what)
    sub = exif.get_ifd(_EXIF_IFD)
    for tag, what in _EXIF_SUB.items():
        if _present(sub.get(tag)):
            add(what)
    for what in _xmp_personal(_xmp_packet(img)):
        add(what)
    if img.format == "JPEG":
        for key, value in (_iptc(img) or {}).items():
            if key in _IPTC and _present(value):
                add(f"{_IPTC[key]} (IPTC)")
    if img.format == "PNG":
        for key, what in _PNG_TEXT.items():
            if _present(getattr(img, "text", {}).get(key)):
                add(what)
    return found


def _present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, bytes):
        return bool(value.strip(b"\0 \t\r\n"))
    if isinstance(value, str):
        return bool(value.strip("\0 \t\r\n"))
    if isinstance(value, list | tuple):
        return any(_present(v) for v in value)
    return True


def _xmp_packet(img: Image.Image) -> bytes:
    for key in ("xmp", "XML:com.adobe.xmp"):
        value = img.info.get(key)
        if value:
            return value.encode("utf-8") if isinstance(value, str) else bytes(value)
    return b""


def _xmp_personal(packet: bytes) -> list[str]:
    if not packet.strip(b"\0 \t\r\n"):
        return []
    if _DOCTYPE.search(packet):
        return ["XMP metadata with a DOCTYPE, which is not read"]
    start = packet.find(b"<")
    try:
        root = ElementTree.fromstring(packet[start:].rstrip(b"\0 \t\r\n") if start >= 0 else b"")
    except ElementTree.ParseError:
        return ["XMP metadata that cannot be read"]
    found = []
    for element in root.iter():
        names = [(element.tag, "".join(element.itertext()))]
        names += list(element.attrib.items())
        for name, value in names:
            if not isinstance(name, str) or not name.startswith("{"):
                continue
            namespace, _, local = name[1:].partition("}")
            what = _XMP_PERSONAL.get((namespace, local))
            if what is None and namespace == _EXIF_NS and local.startswith("GPS") \
                    and local != "GPSVersionID":
                what = "a GPS position (XMP)"
            if what and _present(value) and what not in found:
                found.append(what)
    return found


def _iptc(img: Image.Image) -> dict | None:
    try:
        return IptcImagePlugin.getiptcinfo(img)
    except Exception:  # noqa: BLE001 - a broken IPTC block: report it as there
        return {(2, 80): b"?"}


# ---------------------------------------------------------------------------- stripping it


def strip_metadata(path: str | os.PathLike) -> bool:
    """Remove the metadata of the JPEG, PNG or WebP picture at ``path``, in place.

    True if the file was rewritten, False if it held no metadata (it is left untouched).
    Raises ``NotAPhoto`` for anything that is not such a picture (the file is untouched)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NotAPhoto(f"{path}: cannot read it ({exc.strerror})") from None
    cleaned = stripped_bytes(raw, path.name)
    if cleaned is None:
        return False
    write_atomically(path, cleaned)
    return True


def stripped_bytes(raw: bytes, name: str = "the file") -> bytes | None:
    """The picture ``raw`` without its metadata, or None if it holds none (for uploads).

    The metadata blocks are cut out of the file as they are, so the pixels stay exactly the
    same. Only a picture whose EXIF says to turn it is decoded, turned and saved again (a
    JPEG with its own quantisation tables and subsampling, so at its own quality; PNG and
    lossless WebP without loss), as otherwise it would show on its side once the EXIF is
    gone."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as img:
                fmt = "JPEG" if img.format == "MPO" else img.format  # MPO: a phone's JPEG
                if fmt not in FORMATS:
                    raise NotAPhoto(f"{name} is a {img.format} file, not a JPEG, PNG or WebP "
                                    "picture")
                if fmt != "JPEG" and getattr(img, "n_frames", 1) > 1:
                    raise NotAPhoto(f"{name} is animated; save one frame as a JPEG, PNG or "
                                    "WebP picture")
                if img.getexif().get(_ORIENTATION, 1) in _TURNS:
                    out = _upright(img, fmt, raw)
                else:
                    out = _CUTTERS[fmt](raw)
                    if out == raw:
                        return None
    except NotAPhoto:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise NotAPhoto(f"{name} is not a JPEG, PNG or WebP picture") from None
    except (OSError, ValueError, SyntaxError, IndexError) as exc:
        raise NotAPhoto(f"{name} is a damaged picture ({exc})") from None
    try:  # never write a file that does not open, or that still holds metadata
        with Image.open(io.BytesIO(out)) as check:
            check.load()
            unclean = personal_metadata(check) or check.getexif()
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for a broken file
        raise NotAPhoto(f"{name} is a damaged picture ({exc})") from None
    if unclean:  # pragma: no cover - a block the cutters do not know
        raise NotAPhoto(f"{name}: its metadata could not be removed")
    return out


def has_metadata(raw: bytes) -> bool:
    """Whether a JPEG, PNG or WebP file holds any metadata block that strip would remove."""
    try:
        return stripped_bytes(raw) is not None
    except NotAPhoto:
        return False


_ORIENTATION = 0x0112
_TURNS = {2, 3, 4, 5, 6, 7, 8}


def _upright(img: Image.Image, fmt: str, raw: bytes) -> bytes:
    """The picture turned as its EXIF orientation says, saved again without metadata."""
    options: dict = {}
    for key in ("icc_profile", "dpi"):
        if img.info.get(key):
            options[key] = img.info[key]
    if fmt == "JPEG":
        if getattr(img, "quantization", None):
            options["qtables"] = img.quantization
        sampling = JpegImagePlugin.get_sampling(img)
        if sampling >= 0:
            options["subsampling"] = sampling
        options["progressive"] = bool(img.info.get("progressive"))
    elif fmt == "PNG":
        if img.info.get("transparency") is not None:
            options["transparency"] = img.info["transparency"]
    else:
        lossless = _webp_is_lossless(raw)
        options.update({"lossless": True, "quality": 100, "exact": True} if lossless
                       else {"quality": 90})
    upright = ImageOps.exif_transpose(img)
    upright.info = {}  # nothing of the original's info may be written again
    buffer = io.BytesIO()
    upright.save(buffer, fmt, **options)
    return buffer.getvalue()


# JPEG: keep the image's own segments (tables, frame, scans; JFIF, the ICC colour profile and
# Adobe's colour transform), cut every other application segment (EXIF and XMP in APP1,
# FlashPix and multi-picture in APP2, IPTC in APP13, makers' blocks) and comments, and
# whatever follows the end of the image (a phone's extra pictures).
_JPEG_KEEP_APP = {0xE0: (b"JFIF\0", b"JFXX\0"), 0xE2: (b"ICC_PROFILE\0",), 0xEE: (b"Adobe",)}
_PNG_CUT = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
_WEBP_CUT = {b"EXIF", b"XMP "}


def _cut_jpeg(raw: bytes) -> bytes:
    if raw[:2] != b"\xff\xd8":
        raise ValueError("no JPEG start marker")
    out = [raw[:2]]
    i, n = 2, len(raw)
    while i < n:
        if raw[i] != 0xFF:
            raise ValueError(f"no marker at byte {i}")
        marker = raw[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xD9:  # end of image: anything after it is dropped
            out.append(raw[i:i + 2])
            return b"".join(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out.append(raw[i:i + 2])
            i += 2
            continue
        length = int.from_bytes(raw[i + 2:i + 4], "big")
        if length < 2 or i + 2 + length > n:
            raise ValueError(f"a segment runs past the end of the file at byte {i}")
        end = i + 2 + length
        segment = raw[i:end]
        if marker == 0xDA:  # start of scan: copy the entropy-coded data up to the next marker
            j = end
            while j + 1 < n and not (raw[j] == 0xFF and raw[j + 1] != 0
                                     and not 0xD0 <= raw[j + 1] <= 0xD7):
                j += 1
            out.append(raw[i:j])
            i = j
            continue
        keep = True
        if 0xE0 <= marker <= 0xEF:
            keep = any(segment[4:].startswith(sig) for sig in _JPEG_KEEP_APP.get(marker, ()))
        elif marker == 0xFE:  # comment
            keep = False
        if keep:
            out.append(segment)
        i = end
    raise ValueError("no JPEG end marker")


def _cut_png(raw: bytes) -> bytes:
    if raw[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("no PNG signature")
    out = [raw[:8]]
    i = 8
    while i + 8 <= len(raw):
        length = int.from_bytes(raw[i:i + 4], "big")
        kind = raw[i + 4:i + 8]
        end = i + 12 + length
        if end > len(raw):
            raise ValueError(f"the {kind!r} chunk runs past the end of the file")
        if kind not in _PNG_CUT:
            out.append(raw[i:end])
        if kind == b"IEND":
            return b"".join(out)
        i = end
    raise ValueError("no PNG end chunk")


def _cut_webp(raw: bytes) -> bytes:
    if raw[:4] != b"RIFF" or raw[8:12] != b"WEBP":
        raise ValueError("no WebP header")
    end = min(len(raw), 8 + int.from_bytes(raw[4:8], "little"))
    chunks = []
    i = 12
    while i + 8 <= end:
        kind = raw[i:i + 4]
        size = int.from_bytes(raw[i + 4:i + 8], "little")
        stop = i + 8 + size + (size & 1)
        if kind not in _WEBP_CUT:
            chunk = bytearray(raw[i:min(stop, end)])
            if kind == b"VP8X":  # the extended header's flags say EXIF and XMP are present
                chunk[8] &= ~0x0C & 0xFF
            chunks.append(bytes(chunk))
        i = stop
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


_CUTTERS = {"JPEG": _cut_jpeg, "PNG": _cut_png, "WEBP": _cut_webp}


def _webp_is_lossless(raw: bytes) -> bool:
    """Whether a WebP file's image chunk is VP8L (lossless), read from its RIFF chunks."""
    offset = 12
    while offset + 8 <= len(raw):
        fourcc = raw[offset:offset + 4]
        size = int.from_bytes(raw[offset + 4:offset + 8], "little")
        if fourcc in (b"VP8 ", b"VP8L"):
            return fourcc == b"VP8L"
        offset += 8 + size + (size & 1)
    return False



def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=program_name("strip_photo_metadata.py"),
        description="Remove location (GPS), camera-owner and other metadata from JPEG, PNG or "
                    "WebP pictures, in place. The picture stays as it was: the same pixels "
                    "the right way up, the same format and colour profile.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="pictures to strip")
    args = parser.parse_args(argv)
    failed = 0
    for name in args.paths:
        path = Path(name)
        if path.is_dir():
            print(f"{name}: is a folder; give the picture files in it", file=sys.stderr)
            failed += 1
            continue
        try:
            with Image.open(path) as img:
                personal = personal_metadata(img) if img.format in FORMATS else []
        except (OSError, ValueError, SyntaxError):
            personal = []
        try:
            changed = strip_metadata(path)
        except NotAPhoto as exc:
            print(f"{name}: not changed: {exc}", file=sys.stderr)
            failed += 1
            continue
        if not changed:
            print(f"{name}: already holds no metadata; not changed")
        elif personal:
            print(f"{name}: removed {', '.join(personal)} and the rest of its metadata")
        else:
            print(f"{name}: removed its metadata")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
