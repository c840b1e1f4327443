"""A phone number with an extension, written the ways people write it, is one number: the
listing keeps it as "0113 496 0871 ext. 2" (see also test_export.py for where it goes)."""

from __future__ import annotations

import pickle

import pytest
from validator_support import assert_findings, check, derive

from rehab_directory.core import fields

PHONE = 'phone: "0113 496 0871"'


@pytest.mark.parametrize("written, kept", [
    ("0113 496 0871 ext 2", "0113 496 0871 ext. 2"),
    ("0113 496 0871 ext. 2", "0113 496 0871 ext. 2"),
    ("0113 496 0871 Ext: 2", "0113 496 0871 ext. 2"),
    ("0113 496 0871 EXT 2", "0113 496 0871 ext. 2"),
    ("0113 496 0871 extn 2", "0113 496 0871 ext. 2"),
    ("0113 496 0871 Extn. 2", "0113 496 0871 ext. 2"),
    ("0113 496 0871 extension 23", "0113 496 0871 ext. 23"),
    ("0113 496 0871 x2", "0113 496 0871 ext. 2"),
    ("0113 496 0871 x 2", "0113 496 0871 ext. 2"),
    ("0113 496 0871 #2", "0113 496 0871 ext. 2"),
    ("0113 496 0871 (ext 2)", "0113 496 0871 ext. 2"),
    ("0113 496 0871, ext 2", "0113 496 0871 ext. 2"),
    ("+44 113 496 0871 ext 2", "0113 496 0871 ext. 2"),
    ("(0113) 4960871 ext. 12", "0113 496 0871 ext. 12"),
    ("020 7946 0018 ext 104", "020 7946 0018 ext. 104"),
    ("0113 496 0871", "0113 496 0871"),
])
def test_an_extension_is_kept_in_one_form(written, kept):
    assert fields._check_phone(written) == kept
    assert fields._check_phone(kept) == kept  # what is kept reads back as itself
    assert fields.split_extension(kept) == (kept.split(" ext. ")[0],
                                            kept.split(" ext. ")[1] if " ext. " in kept else None)


@pytest.mark.parametrize("written", ["0113 496 0871 ext two", "0113 496 0871 ext",
                                     "0113 496 0871 ext 2 or 3", "0113 496 0871 ext 1234567"])
def test_an_extension_that_is_not_digits_is_refused_with_the_form_to_use(written, validator,
                                                                         tmp_path):
    checked = check(validator, tmp_path, derive((PHONE, f'phone: "{written}"')))
    assert_findings(checked.findings, [
        f"20:8 error SCH-005 phone: '{written}' is not a valid UK phone number"])
    assert 'an extension after it as "0113 496 0871 ext 2"' in checked.findings[0].fix


def test_the_international_form_and_the_link_keep_the_extension():
    kept = fields._check_phone("020 7946 0018 extn 104")
    assert fields.international_phone(kept) == "+44 20 7946 0018 ext. 104"
    assert fields.tel_uri(kept) == "tel:+442079460018,104"
    assert fields.tel_uri(fields._check_phone("020 7946 0018")) == "tel:+442079460018"


def test_a_listings_number_knows_its_international_form_through_the_workers(validator, tmp_path):
    """The international form is the checked value's own, not remembered elsewhere: it goes
    where the listing goes, pickled from a build's worker too."""
    checked = check(validator, tmp_path, derive((PHONE, 'phone: "0113 496 0871 ext 2"')))
    phone = checked.listing.phone
    assert phone == "0113 496 0871 ext. 2"
    assert phone.international == "+44 113 496 0871 ext. 2"
    again = pickle.loads(pickle.dumps(checked.listing)).phone
    assert (again, again.international) == (phone, phone.international)
    assert checked.listing.model_dump(mode="json")["phone"] == "0113 496 0871 ext. 2"


@pytest.mark.parametrize("typed, international", [
    ("0808 157 0854", "+44 808 157 0854"),
    ("(0113) 496-0871", "+44 113 496 0871"),
    ("02079460018", "+44 20 7946 0018"),
])
def test_text_not_read_from_a_listing_gives_the_same_international_form(typed, international):
    assert fields._check_phone(typed).international == international
    assert fields.international_phone(typed) == international
    assert fields.international_phone(fields._check_phone(typed)) == international
