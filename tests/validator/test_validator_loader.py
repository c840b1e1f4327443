"""The strict YAML loader (marks, scalar typing, limits) and the translation of pydantic's
errors into findings, by error type."""

from __future__ import annotations

from pathlib import Path

import pytest
from validator_support import BASE, assert_findings, base_text, derive, place

import rehab_directory.validator.engine as engine_module
from rehab_directory.core.model import Wait
from rehab_directory.core.yamlio import MAX_BYTES, YamlError, load

# ------------------------------------------------------------------ marks


def test_marks_point_at_values_and_groups_at_their_keys():
    doc = load(BASE.read_bytes(), "base.yaml")
    m = doc.marks
    assert m.locate(("slug",)) == (3, 7)  # the value
    assert m.locate(("address",)) == (22, 1)  # a group: its key
    assert m.locate(("address", "postcode")) == (27, 13)
    assert m.locate(("services", 0, "wait", "days")) == (39, 18)  # inside a flow mapping
    assert m.locate(("services", 1)) == (41, 5)  # a list item: where it starts
    assert m.locate(("languages", 1)) == (55, 17)
    assert m.key(("address", "postcode")) == (27, 3)  # the key itself
    # A path that is not in the file points at its nearest ancestor that is.
    assert m.locate(("address", "flat")) == (22, 1)
    assert m.locate(("nothing", "here")) == (1, 1)
    assert ("address", "postcode") in m and ("address", "flat") not in m


@pytest.mark.parametrize(("plain", "value"), [
    ("NO", "NO"), ("No", "No"), ("no", "no"), ("yes", "yes"), ("Y", "Y"), ("on", "on"),
    ("off", "off"), ("true", True), ("False", False), ("TRUE", True),
    ("12", 12), ("-3", -3), ("+7", 7), ("0", 0), ("0123", "0123"), ("0123 456789", "0123 456789"),
    ("1.5", 1.5), ("-0.25", -0.25), (".5", ".5"), ("1.", "1."), ("1e3", "1e3"), ("1E3", "1E3"),
    ("0x10", "0x10"), ("0o17", "0o17"), ("1_000", "1_000"), ("12:30", "12:30"),
    (".inf", ".inf"), (".nan", ".nan"), ("~", None), ("null", None), ("", None),
    ("2026-05-01", "2026-05-01"), ("2026-05-01T10:00:00Z", "2026-05-01T10:00:00Z"),
    ("'12'", "12"), ('"true"', "true"), ("'~'", "~"), ("! 12", "12"), ("!!str 12", "12"),
])
def test_scalars_follow_a_small_explicit_schema(plain, value):
    data = load(f"v: {plain}\n".encode(), "t.yaml").data
    assert data["v"] == value and type(data["v"]) is type(value)


def test_keys_are_always_text():
    assert load(b"1: a\ntrue: b\n~: c\n", "t.yaml").data == {"1": "a", "true": "b", "~": "c"}


def test_huge_integer_does_not_raise():
    # Python refuses to convert more than 4,300 digits; the loader keeps such a value as text.
    data = load(b"beds: " + b"9" * 5000 + b"\n", "t.yaml").data
    assert data["beds"] == "9" * 5000


def test_control_character_is_reported_where_it_is():
    with pytest.raises(YamlError) as exc:
        load("a: 1\nname: Caf\u00e9 \u00e9\x07x\n".encode(), "t.yaml")
    (f,) = exc.value.findings
    assert (f.rule, f.line, f.column) == ("YAML-001", 2, 13)
    assert "U+0007" in f.message and f.fix


# ------------------------------------------------------------------ sizes


def test_file_over_256_kib_is_refused(validator, tmp_path):
    padding = "# " + "x" * 98 + "\n"
    text = base_text() + padding * (MAX_BYTES // len(padding) + 1)
    assert len(text.encode()) > MAX_BYTES
    checked = validator.check_file(place(tmp_path, text))
    assert_findings(checked.findings, ["1:1 error YAML-006 (file): larger than 256 KiB"])
    # Exactly 256 KiB is still read.
    exact = (base_text() + padding * 3000).encode()[:MAX_BYTES - 1] + b"\n"
    assert len(exact) == MAX_BYTES
    checked = validator.parse(exact, Path("x.yaml"))
    assert "YAML-006" not in {f.rule for f in checked.findings}


def test_50_mb_file_is_refused_without_being_read(validator, tmp_path, monkeypatch):
    big = tmp_path / "content" / "providers" / "beacon-lodge-leeds.yaml"
    big.parent.mkdir(parents=True)
    with open(big, "wb") as fh:
        fh.write(BASE.read_bytes())
        fh.truncate(50 * 1024 * 1024)  # the rest is NUL bytes (a sparse file)
    read = []
    real_open = open

    class Counting:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def read(self, n=-1):
            data = self.fh.read(n)
            read.append(len(data))
            return data

    monkeypatch.setattr(engine_module, "open",
                        lambda *a, **k: Counting(real_open(*a, **k)), raising=False)
    checked = validator.check_file(big)
    assert [f.rule for f in checked.findings] == ["YAML-006"]
    assert sum(read) <= MAX_BYTES + 1, f"read {sum(read)} bytes of a 50 MB file"


def test_many_values_are_refused():
    text = "photos:\n" + "  - x\n" * 20_001
    with pytest.raises(YamlError) as exc:
        load(text.encode(), "t.yaml")
    assert [f.rule for f in exc.value.findings] == ["YAML-006"]


def test_nesting_deeper_than_the_format_needs_is_refused():
    text = "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 14)) + "  " * 14 + "v\n"
    with pytest.raises(YamlError) as exc:
        load(text.encode(), "t.yaml")
    (f,) = exc.value.findings
    assert f.rule == "YAML-010" and f.line == 13


# ------------------------------------------------------------------ schema errors, by type


def check_text(validator, text):
    return validator.parse(text.encode("utf-8"), Path("x.yaml"))


def test_missing_field_points_at_its_parent_key(validator):
    checked = check_text(validator, derive(("  min_age: 18\n", "")))
    assert_findings(checked.findings,
                    ["56:1 error SCH-001 eligibility.min_age: required field 'min_age'"])
    assert "under 'eligibility'" in checked.findings[0].fix


def test_missing_field_in_a_list_item_points_at_the_item(validator):
    checked = check_text(validator, derive(("  - type: aftercare\n", "  - description: x\n"),
                                           ("    description: Weekly evening", "    summary: W")))
    rules = sorted((f.rule, f.field, f.line, f.column) for f in checked.findings)
    assert ("SCH-001", "services[2].type", 47, 5) in rules


def test_missing_field_fix_quotes_the_field_description(validator):
    checked = check_text(validator, derive(("    wait: {days: 10, stated: 2026-11-16}",
                                            "    wait: {days: 10}")))
    (f,) = checked.findings
    assert f.rule == "SCH-001" and (f.line, f.column) == (39, 5)
    described = Wait.model_fields["stated"].description
    assert described and f.fix.endswith(f"({described.rstrip('.')})"), f.fix


def test_unknown_field_points_at_the_key_with_did_you_mean(validator):
    checked = check_text(validator, derive(("  wheelchair_access: true",
                                            "  wheelchair_acess: true")))
    assert_findings(checked.findings, [
        "64:1 error SCH-001 accessibility.wheelchair_access: required field",
        "65:3 error SCH-002 accessibility.wheelchair_acess: is not a field of accessibility",
    ])
    unknown = next(f for f in checked.findings if f.rule == "SCH-002")
    assert unknown.fix == "did you mean 'wheelchair_access'?"


def test_unknown_field_without_a_close_match_lists_the_fields(validator):
    checked = check_text(validator, derive(("  step_free_rooms: true", "  step_free_rooms: true\n"
                                            "  hoist: true")))
    (f,) = checked.findings
    assert (f.rule, f.line, f.column) == ("SCH-002", 67, 3)
    assert f.fix.startswith("remove it; the fields here are:") and "wheelchair_access" in f.fix


# Each pydantic error type, provoked by one edit of the base listing: (edit, rule, line, col,
# field, message part, fix part).
BY_TYPE = {
    "string_type": (("name: Beacon Lodge", "name: [Beacon]"), "SCH-003", 4, 1, "name",
                    "expected text, found a list", "quotes"),
    "bool_type": (("  pets: false", "  pets: 0"), "SCH-003", 63, 9, "eligibility.pets",
                  "0 is not true or false", "write true or false"),
    "int_type": (("  min_age: 18", "  min_age: 18.0"), "SCH-003", 58, 12,
                 "eligibility.min_age", "expected a whole number, found 18.0", "whole number"),
    "float_type": (("latitude: 53.8329", "latitude: north"), "SCH-003", 29, 13,
                   "location.latitude", "expected a number, found 'north'", "52.5"),
    "money_text": (("lowest_hourly_rate: 13.60", "lowest_hourly_rate: £13.60"), "SCH-005", 84,
                   23, "pay.lowest_hourly_rate", "'£13.60' is not a number", "£ sign"),
    "date_from_datetime_parsing": (("last_verified: 2026-10-30", "last_verified: 2026-02-30"),
                                   "SCH-003", 94, 16, "last_verified", "not a valid date",
                                   "YYYY-MM-DD"),
    "date_parsing": (("last_verified: 2026-10-30", "last_verified: 30/10/2026"), "SCH-003", 94,
                     16, "last_verified", "'30/10/2026' is not a valid date", "YYYY-MM-DD"),
    "date_from_datetime_inexact": (("last_verified: 2026-10-30",
                                    "last_verified: 2026-10-30T10:00:00"), "SCH-003", 94, 16,
                                   "last_verified", "has a time as well as a date",
                                   "just the date"),
    "list_type": (("languages: [en, pl]", "languages: en"), "SCH-003", 55, 12, "languages",
                  "expected a list, found 'en'", "'- '"),
    "model_type": (("accessibility:\n  wheelchair_access: true\n  step_free_rooms: true\n"
                    "  notes: Two ground-floor rooms with level-access showers.\n",
                    "accessibility: yes\n"), "SCH-003", 64, 16, "accessibility",
                   "expected a group of fields, found 'yes'", "indent"),
    "enum": (("  gender: mixed", "  gender: women"), "SCH-004", 57, 11, "eligibility.gender",
             "'women' is not one of the choices", "did you mean 'women_only'?"),
    "too_short": (("funding: [local_authority, self_funded, charity]", "funding: []"),
                  "SCH-005", 68, 1, "funding", "needs at least 1 item", "add"),
    "too_long": (("photos: []", "photos: [" + ", ".join(["{file: a.jpg, alt: A garden}"] * 13)
                  + "]"), "SCH-005", 32, 1, "photos", "more than 12 items", "12"),
    "string_too_short": (("  town: Leeds", "  town: ''"), "SCH-005", 25, 9, "address.town",
                         "too short", "fuller"),
    "string_too_long": (("name: Beacon Lodge", "name: " + "B" * 101), "SCH-005", 4, 7, "name",
                        "101 characters; at most 100", "100 characters or fewer"),
    "string_pattern_mismatch": (('charity_number: "1187654"', 'charity_number: "12-34"'),
                                "SCH-005", 18, 19, "organisation.charity_number",
                                "'12-34' is not in the expected form", "pattern"),
    "greater_than_equal": (("beds: 18", "beds: 0"), "SCH-005", 44, 11, "services[1].beds",
                           "0 is below the lowest allowed value, 1", "at least 1"),
    "less_than_equal": (("beds: 18", "beds: 501"), "SCH-005", 44, 11, "services[1].beds",
                        "501 is above the highest allowed value, 500", "at most 500"),
    "decimal_max_places": (("lowest_hourly_rate: 13.60", "lowest_hourly_rate: 13.605"),
                           "SCH-005", 84, 23, "pay.lowest_hourly_rate",
                           "more than 2 decimal places", "pounds and pence"),
    "listing_value": (("postcode: LS8 2JH", "postcode: LS8"), "SCH-005", 27, 13,
                      "address.postcode", "'LS8' is not a UK postcode", "HU1 2AB"),
    "unique": (("languages: [en, pl]", "languages: [en, pl, en]"), "SCH-005", 55, 1,
               "languages", "names 'en' twice", "remove the repeated entry"),
    "model_rule": (("  faith_based: false", "  faith_based: true"), "SCH-005", 51, 1,
                   "approach", "faith-based but does not say which faith", "faith: christian"),
}


@pytest.mark.parametrize("kind", BY_TYPE)
def test_pydantic_error_is_translated_by_type(kind, validator):
    edit, rule, line, col, field, message, fix = BY_TYPE[kind]
    checked = check_text(validator, derive(edit))
    assert checked.listing is None
    assert [(f.rule, f.line, f.column, f.field) for f in checked.findings] == [
        (rule, line, col, field)], checked.findings
    (f,) = checked.findings
    assert message in f.message and fix in f.fix, f.text()
    assert "Input should" not in f.message, "an untranslated pydantic message"


def test_every_error_of_a_listing_is_reported_at_once(validator):
    checked = check_text(validator, derive(("  pets: false", "  pets: NO"),
                                           ("mental_health: supported", "mental_health: some"),
                                           ('phone: "0113 496 0871"', 'phone: "12"')))
    assert sorted(f.rule for f in checked.findings) == ["SCH-003", "SCH-004", "SCH-005"]
