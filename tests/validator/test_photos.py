"""Photos carry no personal metadata into the repository (FILE-007), and the strip command.

Every picture here is a real JPEG, PNG or WebP file written by Pillow, with a GPS position
and a camera owner in its EXIF as a phone writes them, or an XMP packet naming its creator
and place, or nothing at all.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, PngImagePlugin
from validator_support import REPO, SLUG, assert_findings, check, derive

from rehab_directory.validator import photos
from rehab_directory.validator.photos import NotAPhoto, personal_metadata, strip_metadata

XMP = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    'xmlns:exif="http://ns.adobe.com/exif/1.0/" photoshop:City="Leeds" '
    'exif:GPSLatitude="53,49.97N">'
    "<dc:creator><rdf:Seq><rdf:li>Jo Bloggs</rdf:li></rdf:Seq></dc:creator>"
    "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>")
XMP_FOUND = ["a place (photoshop:City)", "a GPS position (XMP)",
             "the creator's name (dc:creator)"]
EXIF_FOUND = ["a GPS position", "the artist's name", "the camera owner's name",
              "the camera's serial number"]
EXT = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def picture(size=(60, 40)) -> Image.Image:
    """Stripes and a corner mark, so orientation and re-encoding show in the pixels."""
    img = Image.new("RGB", size, (40, 110, 160))
    for x in range(0, size[0], 8):
        img.paste((230, 200, 90), (x, 0, x + 3, size[1]))
    img.paste((200, 20, 20), (0, 0, 10, 10))
    return img


def phone_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "PhoneCo", "Phone 12"  # make and model: not personal
    exif[0x0112] = orientation
    exif[0x013B] = "Jo Bloggs"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (53.0, 49.0, 58.0)
    gps[3], gps[4] = "W", (1.0, 29.0, 55.0)
    sub = exif.get_ifd(0x8769)
    sub[0xA430], sub[0xA431] = "Jo Bloggs", "SN0012345"  # camera owner, body serial number
    return exif


def encode(fmt: str, kind: str, img: Image.Image | None = None, orientation: int = 1,
           **options) -> bytes:
    img = img or picture()
    out = io.BytesIO()
    if kind == "exif":
        options["exif"] = phone_exif(orientation)
    elif kind == "xmp" and fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", XMP)
        options["pnginfo"] = info
    elif kind == "xmp":
        options["xmp"] = XMP.encode("utf-8")
    img.save(out, fmt, **options)
    return out.getvalue()


def found_in(raw: bytes) -> list[str]:
    with Image.open(io.BytesIO(raw)) as img:
        return personal_metadata(img)


# ---------------------------------------------------------------------------- finding it


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("kind, expected", [("exif", EXIF_FOUND), ("xmp", XMP_FOUND),
                                            ("clean", [])])
def test_personal_metadata_is_found_in_every_format(fmt, kind, expected):
    assert found_in(encode(fmt, kind)) == expected


def test_camera_make_model_and_dates_are_not_personal():
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0132] = "PhoneCo", "Phone 12", "2026:11:01 10:00:00"
    exif.get_ifd(0x8825)[0] = b"\x02\x02\x00\x00"  # a GPS IFD with only its version: no position
    out = io.BytesIO()
    picture().save(out, "JPEG", exif=exif)
    assert found_in(out.getvalue()) == []


def test_xmp_with_a_doctype_is_not_parsed_and_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>')
    out = io.BytesIO()
    picture().save(out, "JPEG", xmp=bomb)
    assert found_in(out.getvalue()) == ["XMP metadata with a DOCTYPE, which is not read"]


# ---------------------------------------------------------------------------- the validator

PHOTO = ("photos: []", "photos:\n  - file: garden.{ext}\n    alt: The garden in summer")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_validator_refuses_a_photo_with_gps_at_the_photos_entry(fmt, validator, tmp_path):
    ext = EXT[fmt]
    checked = check(validator, tmp_path, derive((PHOTO[0], PHOTO[1].format(ext=ext))),
                    {f"garden.{ext}": encode(fmt, "exif")})
    assert_findings(checked.findings, [
        f"33:11 error FILE-007 photos[0].file: 'garden.{ext}' holds personal data in its "
        f"metadata: {', '.join(EXIF_FOUND)}"])
    (finding,) = checked.findings
    shown = Path(checked.display).parent / SLUG / f"garden.{ext}"  # as typed at the terminal
    assert finding.fix == (f"remove it with: python scripts/strip_photo_metadata.py "
                           f"{shown.as_posix()} (the picture itself stays as it is), then "
                           "commit the file again")
    assert not checked.publishable


def test_validator_refuses_a_logo_with_xmp_creator(validator, tmp_path):
    text = derive(("photos: []", "logo: {file: logo.png, alt: Beacon Lodge logo}\nphotos: []"))
    checked = check(validator, tmp_path, text, {"logo.png": encode("PNG", "xmp")})
    assert_findings(checked.findings, [
        "32:14 error FILE-007 logo.file: 'logo.png' holds personal data in its metadata: "
        + ", ".join(XMP_FOUND)])


def test_stripped_photo_passes_the_validator(validator, tmp_path):
    text = derive((PHOTO[0], PHOTO[1].format(ext="jpg")))
    checked = check(validator, tmp_path, text, {"garden.jpg": encode("JPEG", "exif")})
    assert [f.rule for f in checked.findings] == ["FILE-007"]
    assert strip_metadata(tmp_path / "content" / "providers" / SLUG / "garden.jpg")
    assert validator.check_file(tmp_path / "content" / "providers" / f"{SLUG}.yaml"
                                ).findings == []


def test_sample_listings_photos_hold_no_personal_metadata():
    pictures = sorted(p for p in (REPO / "content" / "providers").glob("*/*")
                      if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"))
    assert len(pictures) >= 10
    for path in pictures:
        with Image.open(path) as img:
            assert personal_metadata(img) == [], path


# ---------------------------------------------------------------------------- stripping it


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("kind", ["exif", "xmp"])
def test_strip_removes_all_metadata_and_keeps_the_picture(fmt, kind, tmp_path):
    options = {"quality": 90} if fmt != "PNG" else {}  # lossy WebP too: it is not re-encoded
    path = tmp_path / f"garden.{EXT[fmt]}"
    path.write_bytes(encode(fmt, kind, **options))
    os.chmod(path, 0o640)
    with Image.open(path) as img:
        before = img.convert("RGB")
    assert strip_metadata(path) is True
    with Image.open(path) as img:
        assert img.format == fmt and img.size == before.size
        assert personal_metadata(img) == [] and not img.getexif()
        after = img.convert("RGB")
    assert ImageChops.difference(before, after).getbbox() is None  # the very same pixels
    assert not photos.has_metadata(path.read_bytes())
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
    assert b"Jo Bloggs" not in path.read_bytes()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_strip_applies_the_orientation_so_the_picture_stays_upright(fmt, tmp_path):
    img = picture((60, 40))
    path = tmp_path / f"tall.{EXT[fmt]}"
    # Orientation 6: the camera was turned; viewers rotate the stored 60x40 to 40x60.
    path.write_bytes(encode(fmt, "exif", img, orientation=6))
    assert strip_metadata(path)
    with Image.open(path) as out:
        assert out.size == (40, 60) and not out.getexif()
        # The red corner mark, top left of the stored pixels, is now top right.
        red, _, blue = out.convert("RGB").getpixel((35, 3))
        assert red > 150 and blue < 80


def test_strip_keeps_the_colour_profile(tmp_path):
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path = tmp_path / "garden.jpg"
    path.write_bytes(encode("JPEG", "exif", icc_profile=icc))
    assert strip_metadata(path)
    with Image.open(path) as img:
        assert img.info.get("icc_profile") == icc


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_clean_picture_is_left_untouched(fmt, tmp_path):
    path = tmp_path / f"garden.{EXT[fmt]}"
    path.write_bytes(encode(fmt, "clean"))
    before = path.read_bytes(), path.stat().st_mtime_ns
    assert strip_metadata(path) is False
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


@pytest.mark.parametrize("name, content, message", [
    ("notes.jpg", b"Not a picture at all\n", "notes.jpg is not a JPEG, PNG or WebP picture"),
    ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"/>',
     "logo.png is not a JPEG, PNG or WebP picture"),
    ("scan.gif", None, "scan.gif is a GIF file, not a JPEG, PNG or WebP picture"),
    ("cut.jpg", "truncated", "cut.jpg is a damaged picture"),
])
def test_strip_refuses_what_is_not_a_picture_and_leaves_it(name, content, message, tmp_path):
    if content is None:
        out = io.BytesIO()
        picture().save(out, "GIF")
        content = out.getvalue()
    elif content == "truncated":
        content = encode("JPEG", "exif")[:400]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(NotAPhoto, match="^" + message.replace(".", r"\.")):
        strip_metadata(path)
    assert path.read_bytes() == content


def test_strip_command_reports_each_file_and_fails_on_a_non_picture(tmp_path):
    (tmp_path / "garden.jpg").write_bytes(encode("JPEG", "exif"))
    (tmp_path / "front.png").write_bytes(encode("PNG", "clean"))
    (tmp_path / "notes.txt").write_text("minutes of the meeting\n")
    proc = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "strip_photo_metadata.py"), "garden.jpg",
         "front.png", "notes.txt"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "garden.jpg: removed " + ", ".join(EXIF_FOUND) + " and the rest of its metadata",
        "front.png: already holds no metadata; not changed"]
    assert proc.stderr == ("notes.txt: not changed: notes.txt is not a JPEG, PNG or WebP "
                           "picture\n")
    assert found_in((tmp_path / "garden.jpg").read_bytes()) == []


def test_strip_module_runs_with_python_m(tmp_path):
    path = tmp_path / "garden.webp"
    path.write_bytes(encode("WEBP", "xmp"))
    proc = subprocess.run([sys.executable, "-m", "rehab_directory.validator.photos", str(path)],
                          cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert found_in(path.read_bytes()) == []


def test_strip_bytes_for_uploads_gives_none_for_a_clean_picture():
    """The form/CMS upload path: bytes in, bytes out, nothing written."""
    clean = encode("PNG", "clean")
    assert photos.stripped_bytes(clean) is None
    assert found_in(photos.stripped_bytes(encode("PNG", "exif"))) == []


def test_the_command_exists_as_a_file():
    assert Path(REPO / "scripts" / "strip_photo_metadata.py").stat().st_mode & stat.S_IXUSR


def test_a_phones_multi_picture_jpeg_becomes_its_main_picture_without_metadata(tmp_path):
    """Many phones save an MPO: a JPEG with extra pictures after it, each with its EXIF."""
    path = tmp_path / "garden.jpg"
    second = picture().rotate(180)
    picture().save(path, "MPO", save_all=True, append_images=[second], exif=phone_exif(),
                   progressive=True)
    with Image.open(path) as img:
        assert img.format == "MPO" and img.n_frames == 2
        first = img.convert("RGB")
    assert strip_metadata(path)
    with Image.open(path) as img:
        assert img.format == "JPEG" and getattr(img, "n_frames", 1) == 1
        assert personal_metadata(img) == [] and not img.getexif()
        assert ImageChops.difference(first, img.convert("RGB")).getbbox() is None
    assert b"Jo Bloggs" not in path.read_bytes()


def test_jpeg_comments_and_iptc_are_removed(tmp_path):
    path = tmp_path / "front.jpg"
    out = io.BytesIO()
    picture().save(out, "JPEG", comment=b"Taken by Jo Bloggs")
    raw = out.getvalue()
    iim = b"\x1c\x02\x50\x00\x09Jo Bloggs"  # IPTC-IIM dataset 2:80, the by-line
    resource = b"8BIM\x04\x04\x00\x00" + len(iim).to_bytes(4, "big") + iim + b"\x00"
    app13 = b"Photoshop 3.0\x00" + resource
    raw = raw[:2] + b"\xff\xed" + (len(app13) + 2).to_bytes(2, "big") + app13 + raw[2:]
    path.write_bytes(raw)
    assert found_in(raw) == ["a by-line (photographer) (IPTC)"]
    assert strip_metadata(path)
    cleaned = path.read_bytes()
    assert b"Jo Bloggs" not in cleaned and found_in(cleaned) == []


def test_a_file_name_differing_only_in_capitals_says_which_it_is(validator, tmp_path):
    """IMG_1234.JPG in the listing, IMG_1234.jpg on disk: found on a laptop, not on the site."""
    checked = check(validator, tmp_path, derive((PHOTO[0], PHOTO[1].replace(
        "garden.{ext}", "IMG_1234.JPG"))), {"IMG_1234.jpg": encode("JPEG", "clean")})
    assert_findings(checked.findings, [
        "33:11 error FILE-003 photos[0].file: 'IMG_1234.JPG' does not exist"])
    assert checked.findings[0].fix.startswith(
        "the file is called 'IMG_1234.jpg': write its name exactly as it is")


@pytest.mark.parametrize("name", ["IMG_1234.HEIC", "IMG_0001.heif", "anim.gif", "scan.TIFF"])
def test_a_picture_in_another_format_says_to_export_it(name, validator, tmp_path):
    checked = check(validator, tmp_path, derive((PHOTO[0], PHOTO[1].replace(
        "garden.{ext}", name))))
    assert_findings(checked.findings, [
        f"33:11 error SCH-005 photos[0].file: '{name}' is not a JPEG, PNG or WebP picture"])
    assert checked.findings[0].fix.startswith("export it as JPEG")
