"""Hostile listings: each one is the valid base listing with one attack in it, and the exact
finding the validator must give for it.

What the validator refuses and what it lets through is deliberate:

* Script or HTML in a text field (``<script>``, ``<img onerror=...>``, a Markdown link to
  ``javascript:``) is ACCEPTED. It is inert text in a YAML file; the site escapes every text
  field and sanitises the description's Markdown when it renders a page (site-build's tests
  cover that side). Refusing angle brackets would refuse honest text such as "<18s".
* Anything the site would put in an ``href`` or ``src`` as given (web addresses, image file
  names) is refused unless it is plainly safe: http(s) links with a host, and bare file names
  of real JPEG, PNG or WebP images inside the listing's own folder.
* Invisible control and format characters (right-to-left override, zero-width joiner) are
  refused in every text field: they can make a listing read differently from what it says.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from validator_support import SLUG, assert_findings, check, derive, place

from rehab_directory.validator.engine import Validator

WEBSITE = "website: https://www.beacon-lodge.example.org.uk/"
DIGNITY_URL = "url: https://www.beacon-lodge.example.org.uk/policies/dignity"
PHONE = 'phone: "0113 496 0871"'
NAME = "name: Beacon Lodge"


# ------------------------------------------------------------------ accepted: inert text


SUMMARY = ("summary: Medically managed detox and 12-week residential rehab for adults in a "
           "Victorian house near Roundhay Park.")
NOTES = "notes: Two ground-floor rooms with level-access showers."

# (edit, a function of the listing giving the field, text that must be in it verbatim)
INERT = {
    "script in name": ((NAME, 'name: "<script>alert(1)</script>"'), lambda x: x.name,
                       "<script>alert(1)</script>"),
    "img onerror in summary": ((SUMMARY, "summary: <img src=x onerror=alert(1)> Detox"),
                               lambda x: x.summary, "<img src=x onerror=alert(1)>"),
    "markdown javascript link in description": (
        ("  - Family days every other Sunday\n",
         "  - Family days, [see](javascript:alert(document.cookie))\n"
         "  - <iframe src=\"https://evil.example.com/\"></iframe>\n"),
        lambda x: x.description, "[see](javascript:alert(document.cookie))"),
    "template syntax in notes": ((NOTES, 'notes: "{{ 7*7 }} {% raw %} ${7*7} #{7*7}"'),
                                 lambda x: x.accessibility.notes, "{{ 7*7 }} {% raw %}"),
    "sql in town": (("  town: Leeds", "  town: \"Leeds'; DROP TABLE providers; --\""),
                    lambda x: x.address.town, "Leeds'; DROP TABLE"),
}


@pytest.mark.parametrize("case", INERT)
def test_markup_in_text_is_accepted_as_inert_text(case, validator, tmp_path):
    edit, field, text = INERT[case]
    checked = check(validator, tmp_path, derive(edit))
    assert checked.findings == []
    assert text in field(checked.listing)  # kept verbatim: escaping is the site's job


@pytest.mark.parametrize("phone", ['"<script>0113 496 0871"', '"call 0113 496 0871"',
                                   '"0113 496 0871 <b>"'])
def test_junk_around_a_phone_number_is_refused(phone, validator, tmp_path):
    checked = check(validator, tmp_path, derive((PHONE, f"phone: {phone}")))
    assert [(f.rule, f.field) for f in checked.findings] == [("SCH-005", "phone")]
    assert "not a valid UK phone number" in checked.findings[0].message


# ------------------------------------------------------------------ refused: links


LINKS = {
    "javascript": "javascript:alert(1)",
    "mixed case javascript": "JaVaScRiPt:alert(1)",
    "leading space javascript": "' javascript:alert(1)'",
    "javascript with a tab": '"java\\tscript:alert(1)"',
    "javascript with a newline": '"javascript\\n:alert(1)"',
    "data": '"data:text/html,<script>alert(1)</script>"',
    "data base64": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript": "vbscript:msgbox(1)",
    "full-width javascript": "".join(chr(ord(c) + 0xFEE0) for c in "javascript") + ":alert(1)",
    "look-alike https scheme": "\u04bbttps://www.beacon-lodge.example.org.uk/",
    "look-alike host": "https://www.b\u0435acon-lodge.example.org.uk/",
    "http with spaces": "'http://www.beacon lodge.example.org.uk/'",
    "mailto": "mailto:admissions@beacon-lodge.example.org.uk",
    "tel": "tel:+441134960871",
    "file": "file:///etc/passwd",
    "protocol-relative": "//evil.example.com/",
    "no host": "https:///path",
    "host without a dot": "https://localhost/",
    "right-to-left override": "'https://www.example.org.uk/\u202egpj.exe'",
    "port out of range": "https://www.beacon-lodge.example.org.uk:99999/",
    "broken ipv6": "'https://[::1/'",
}


@pytest.mark.parametrize("case", LINKS)
def test_unsafe_website_is_refused(case, validator, tmp_path):
    checked = check(validator, tmp_path, derive((WEBSITE, f"website: {LINKS[case]}")))
    assert_findings(checked.findings, ["19:10 error SCH-005 website: "])
    assert checked.listing is None


@pytest.mark.parametrize("case", ["javascript", "data", "mailto"])
def test_unsafe_link_is_refused_in_every_url_field(case, validator, tmp_path):
    checked = check(validator, tmp_path, derive((DIGNITY_URL, f"url: {LINKS[case]}")))
    assert_findings(checked.findings,
                    ["79:10 error SCH-005 policies.dignity_and_respect.url: "])


# ------------------------------------------------------------------ refused: image names


@pytest.mark.parametrize("name", [
    "../beacon-lodge-york/garden.jpg", "..", "../../../../etc/passwd", "/etc/passwd.jpg",
    "C:\\\\photos\\\\garden.jpg", "photos\\\\garden.jpg", "photos/garden.jpg", ".hidden.jpg",
    "garden.svg", "garden.jpg.html", "garden.jpg%00.png", "https://evil.example.com/x.jpg",
    "garden .jpg", "g\u0430rden.jpg",
])
def test_image_name_with_a_path_or_odd_type_is_refused(name, validator, tmp_path):
    text = derive(("photos: []", f'photos:\n  - file: "{name}"\n    alt: The garden in summer'))
    checked = check(validator, tmp_path, text)
    assert_findings(checked.findings, ["33:11 error SCH-005 photos[0].file: is not a plain "
                                       "image file name"])


# ------------------------------------------------------------------ refused: image files


def _jpeg(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 60)).save(out, "JPEG", quality=85)
    return out.getvalue()


def _image(fmt: str, size=(16, 16)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 150)).save(out, fmt)
    return out.getvalue()


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 4096)) + chunk(b"IEND", b""))


def photo(name: str) -> str:
    return derive(("photos: []", f"photos:\n  - file: {name}\n    alt: The garden in summer"))


IMAGES = {
    "svg renamed png": ("garden.png", b'<svg xmlns="http://www.w3.org/2000/svg" '
                        b'onload="alert(1)"/>', "FILE-004", "not a readable"),
    "text renamed jpg": ("garden.jpg", b"just some text\n", "FILE-004", "not a readable"),
    "html renamed webp": ("garden.webp", b"<!doctype html><script>alert(1)</script>",
                          "FILE-004", "not a readable"),
    "truncated jpeg": ("garden.jpg", _jpeg()[:300], "FILE-004", "not a readable"),
    "truncated png": ("garden.png", _image("PNG")[:-20], "FILE-004", "not a readable"),
    "gif renamed png": ("garden.png", _image("GIF"), "FILE-004", "is a GIF file"),
    "bmp renamed jpg": ("garden.jpg", _image("BMP"), "FILE-004", "is a BMP file"),
    "decompression bomb": ("garden.png", _png_declaring(20000, 20000), "FILE-005",
                           "too many pixels"),
    "too wide": ("garden.png", _png_declaring(4001, 10), "FILE-005", "4001×10 pixels"),
    "over 5 MB": ("garden.jpg", _jpeg() + b"\0" * (5 * 1024 * 1024), "FILE-005", "5.0 MB"),
    "empty file": ("garden.jpg", b"", "FILE-004", "not a readable"),
}


@pytest.mark.parametrize("case", IMAGES)
def test_hostile_images(case, validator, tmp_path):
    name, content, rule, message = IMAGES[case]
    checked = check(validator, tmp_path, photo(name), {name: content})
    assert_findings(checked.findings, [f"33:11 error {rule} photos[0].file: {message}"])
    assert not checked.publishable


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_real_images_pass(fmt, validator, tmp_path):
    name = f"garden.{fmt.lower().replace('jpeg', 'jpg')}"
    content = _image(fmt, (4000, 30))
    checked = check(validator, tmp_path,
                    derive(("photos: []", f"logo: {{file: {name}, alt: Beacon Lodge logo}}\n"
                                          f"photos:\n  - file: {name}\n    alt: The garden")),
                    {name: content})
    assert checked.findings == []


def test_symlink_to_outside_the_folder(validator, tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(_jpeg())
    target = place(tmp_path, photo("garden.jpg"))
    folder = target.parent / SLUG
    folder.mkdir()
    os.symlink(secret, folder / "garden.jpg")
    checked = validator.check_file(target)
    assert_findings(checked.findings, ["33:11 error FILE-006 photos[0].file: is a link"])


def test_symlink_inside_the_folder_is_refused_too(validator, tmp_path):
    target = place(tmp_path, photo("garden.jpg"), {"real.jpg": _jpeg()})
    os.symlink("real.jpg", target.parent / SLUG / "garden.jpg")
    checked = validator.check_file(target)
    assert [f.rule for f in checked.findings] == ["FILE-006"]


def test_listing_folder_that_is_a_symlink(validator, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "garden.jpg").write_bytes(_jpeg())
    target = place(tmp_path, photo("garden.jpg"))
    os.symlink(elsewhere, target.parent / SLUG)
    checked = validator.check_file(target)
    assert_findings(checked.findings, ["33:11 error FILE-006 photos[0].file: is a link"])


def test_image_that_is_a_folder(validator, tmp_path):
    target = place(tmp_path, photo("garden.jpg"), {"other.jpg": _jpeg()})
    (target.parent / SLUG / "garden.jpg").mkdir()
    checked = validator.check_file(target)
    assert [f.rule for f in checked.findings] == ["FILE-004"]


# ------------------------------------------------------------------ refused: values


VALUES = {
    "latitude in France": (("latitude: 53.8329", "latitude: 48.8566"),
                           "29:13 error SCH-005 location.latitude: below the lowest"),
    "longitude in the Atlantic": (("longitude: -1.4987", "longitude: -30.5"),
                                  "30:14 error SCH-005 location.longitude: below the lowest"),
    "latitude as infinity": (("latitude: 53.8329", "latitude: " + "9" * 400 + ".0"),
                             "29:13 error SCH-005 location.latitude: above the highest"),
    "child age": (("min_age: 18", "min_age: 12"),
                  "58:12 error SCH-005 eligibility.min_age: below the lowest allowed value, 16"),
    "age 500": (("max_age: 70", "max_age: 500"),
                "59:12 error SCH-005 eligibility.max_age: above the highest allowed value, 120"),
    "negative age": (("min_age: 18", "min_age: -18"),
                     "58:12 error SCH-005 eligibility.min_age: below the lowest allowed"),
    "max age below min age": (("max_age: 70", "max_age: 17"),
                              "56:1 error SCH-005 eligibility: max_age (17) is lower than"),
    "cost max below min": (("weekly_cost: {min: 950, max: 1150}",
                            "weekly_cost: {min: 950, max: 95}"),
                           "46:5 error SCH-005 services[1].weekly_cost: max (95) is lower"),
    "negative cost": (("weekly_cost: {min: 950, max: 1150}", "weekly_cost: {min: -950}"),
                      "46:24 error SCH-005 services[1].weekly_cost.min: below the lowest"),
    "absurd cost": (("weekly_cost: {min: 950, max: 1150}", "weekly_cost: {min: 950000}"),
                    "46:24 error SCH-005 services[1].weekly_cost.min: above the highest"),
    "huge integer": (("weekly_cost: {min: 950, max: 1150}", "weekly_cost: {min: 1" + "0" * 5000
                      + "}"), "46:24 error SCH-003 services[1].weekly_cost.min: expected a whole"),
    "negative wait": (("wait: {days: 14, stated", "wait: {days: -1, stated"),
                      "45:18 error SCH-005 services[1].wait.days: below the lowest allowed"),
    "wait of years": (("wait: {days: 14, stated", "wait: {days: 9999, stated"),
                      "45:18 error SCH-005 services[1].wait.days: above the highest"),
    "programme max below min": (("length_weeks: {min: 6, max: 12}",
                                 "length_weeks: {min: 12, max: 6}"),
                                "43:5 error SCH-005 services[1].length_weeks: max (6) is lower"),
    "negative pay": (("lowest_hourly_rate: 13.60", "lowest_hourly_rate: -13.60"),
                     "84:23 error SCH-005 pay.lowest_hourly_rate: below the lowest"),
    "future wait date": (("wait: {days: 14, stated: 2026-11-16}",
                          "wait: {days: 14, stated: 2099-01-01}"),
                         "45:30 error SCH-005 services[1].wait.stated: 2099-01-01 is in the"),
    "future rating": (("rating_date: 2025-03-12", "rating_date: 2027-03-12"),
                      "74:16 error SCH-005 regulation.rating_date: is in the future"),
    "future training": (("overdose_response: 2026-06-10", "overdose_response: 2026-11-24"),
                        "89:22 error SCH-005 training.overdose_response: is in the future"),
    "year 0": (("last_verified: 2026-10-30", "last_verified: 0000-01-01"),
               "94:16 error SCH-003 last_verified: '0000-01-01' is not a"),
    "date as unix time": (("last_verified: 2026-10-30", "last_verified: '1790000000'"),
                          "94:16 error SCH-005 last_verified: is a number, not a date"),
    "phone too short": ((PHONE, 'phone: "0113 496"'),
                        "20:8 error SCH-005 phone: not a valid UK phone number"),
    "phone in France": ((PHONE, 'phone: "+33 1 23 45 67 89"'),
                        "20:8 error SCH-005 phone: not a valid UK phone number"),
    "phone as a number": ((PHONE, "phone: 1134960871"),
                          "20:8 error SCH-003 phone: expected text, found 1134960871"),
    "phone of digits": ((PHONE, 'phone: "' + "1" * 300 + '"'),
                        "20:8 error SCH-005 phone: not a valid UK phone number"),
    "right-to-left override in name": ((NAME, "name: Beacon \u202eegdoL"),
                                       "4:7 error SCH-005 name: control character (U+202E)"),
    "zero-width joiner in name": ((NAME, "name: Bea\u200dcon Lodge"),
                                  "4:7 error SCH-005 name: control character (U+200D)"),
    "zero-width space in town": (("  town: Leeds", "  town: Le\u200beds"),
                                 "25:9 error SCH-005 address.town: (U+200B)"),
    "escaped NUL in name": ((NAME, 'name: "Beacon\\0Lodge"'),
                            "4:7 error SCH-005 name: control character (U+0000)"),
    "escaped bell in name": ((NAME, 'name: "Beacon\\aLodge"'),
                             "4:7 error SCH-005 name: control character (U+0007)"),
    "bidi isolate in alt text": (("photos: []", "photos:\n  - file: garden.jpg\n"
                                  "    alt: \"Garden \u2067view\u2069\""),
                                 "34:10 error SCH-005 photos[0].alt: (U+2067)"),
    "line break in name": ((NAME, 'name: "Beacon\\nLodge"'),
                           "4:7 error SCH-005 name: must be on one line"),
    "very long name": ((NAME, "name: " + "Beacon " * 5000),
                       "4:7 error SCH-005 name: too long"),
    "email with script": (("email: admissions@", "email: <script>@"),
                          "21:8 error SCH-005 email: is not an email address"),
    "maintainer with at sign": (("maintainers: [beacon-lodge-admissions]",
                                 "maintainers: ['@beacon']"),
                                "95:15 error SCH-005 maintainers[0]: is not a GitHub user name"),
    "slug with path": (("slug: beacon-lodge-leeds", "slug: ../../etc"),
                       "3:7 error SCH-005 slug: is not a valid slug"),
    "slug in capitals": (("slug: beacon-lodge-leeds", "slug: Beacon-Lodge"),
                         "3:7 error SCH-005 slug: is not a valid slug"),
}


@pytest.mark.parametrize("case", VALUES)
def test_hostile_values_are_refused(case, validator, tmp_path):
    edit, expected = VALUES[case]
    checked = check(validator, tmp_path, derive(edit))
    assert_findings(checked.findings, [expected])
    assert checked.listing is None


# ------------------------------------------------------------------ refused: YAML tricks


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system",
    "!!python/object/new:os.system",
    "!!python/name:os.system",
    "!<tag:yaml.org,2002:python/object/apply:os.system>",
])
def test_code_running_tags_are_refused_and_never_run(tag, validator, tmp_path):
    marker = tmp_path / "marker"
    text = derive(("  town: Leeds", f'  town: {tag} ["touch {marker}"]'))
    for checked in (check(validator, tmp_path, text),
                    validator.parse(text.encode(), Path("x.yaml"))):
        assert [(f.rule, f.line, f.column) for f in checked.findings] == [("YAML-007", 25, 9)]
    assert not marker.exists()


def test_yaml_merge_key_does_not_merge(validator, tmp_path):
    checked = check(validator, tmp_path, derive(("  town: Leeds", "  town: Leeds\n  <<: {}")))
    assert_findings(checked.findings, ["26:3 error SCH-002 address.<<: is not a field"])


def test_billion_laughs_is_refused_fast(validator):
    lol = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{c}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    checked = validator.parse(lol.encode(), Path("lol.yaml"))
    assert [f.rule for f in checked.findings] == ["YAML-003"]


def test_deep_nesting_of_mappings_is_refused(validator):
    checked = validator.parse(b"a: " + b"{a: " * 10_000 + b"}" * 10_000, Path("deep.yaml"))
    assert [f.rule for f in checked.findings] == ["YAML-010"]


def test_no_traceback_for_a_listing_file_that_is_a_symlink_to_a_device(tmp_path, today):
    link = tmp_path / "beacon-lodge-leeds.yaml"
    os.symlink("/dev/null", link)
    checked = Validator(today=today).check_file(link)
    assert [f.rule for f in checked.findings] == ["YAML-009"]
