"""Map positions against postcode areas and towns (GEO-001, GEO-002), for every area and many
towns, not only the fixtures' Leeds and Hull; and the place data is what its script makes."""

from __future__ import annotations

import subprocess
import sys
from itertools import combinations

import pytest
from validator_support import REPO, base_listing

from rehab_directory.core.geography import (
    area_of,
    distance_km,
    name_key,
    postcode_areas,
    town_positions,
)
from rehab_directory.validator import plausible

AREAS = postcode_areas()


def at(listing, town: str, postcode: str, lat: float, lon: float):
    """The base listing moved: another address and position (the model is frozen)."""
    address = listing.address.model_copy(update={"town": town, "postcode": postcode})
    location = listing.location.model_copy(update={"latitude": lat, "longitude": lon})
    return listing.model_copy(update={"address": address, "location": location})


def rules(listing) -> list[str]:
    return [problem[0] for check in (plausible.near_postcode_area, plausible.near_town)
            for problem in check(listing)]


def test_the_data_is_what_its_script_makes():
    proc = subprocess.run([sys.executable, str(REPO / "rehab_directory" / "data" /
                                               "make_place_data.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_uk_postcode_area_is_there_once():
    assert len(AREAS) == 121  # 124 areas, less Guernsey, Jersey and the Isle of Man
    assert {"HU", "LS", "E", "EC", "WC", "ZE", "BT", "HS", "KW"} <= set(AREAS)
    assert area_of("hu1 2ab").code == "HU" and area_of("B11 1AA").code == "B"
    assert area_of("IM1 1AA") is None and area_of("JE2 3AB") is None  # not in the UK


def test_the_data_credits_geonames():
    for name in ("postcode_areas.csv", "gb_places.csv"):
        head = (REPO / "rehab_directory" / "data" / name).read_text("utf-8")[:600]
        assert "GeoNames" in head and "CC BY 4.0" in head, name


@pytest.mark.parametrize("code", sorted(AREAS))
def test_each_areas_own_town_passes_at_its_own_position(code, today):
    area = AREAS[code]
    positions = town_positions(area.name)
    here = min(positions, key=lambda p: distance_km(p, area.centre))
    listing = at(base_listing(today), area.name, f"{code}1 1AA", *here)
    assert rules(listing) == [], (code, area)


def test_a_position_from_a_distant_area_is_refused_everywhere(today):
    """For every pair of areas far apart, a listing in one with the other's position."""
    base = base_listing(today)
    tried = 0
    for a, b in combinations(sorted(AREAS), 2):
        first, second = AREAS[a], AREAS[b]
        gap = distance_km(first.centre, second.centre)
        if gap < 2 * (first.reach_km + second.reach_km) + 60:
            continue
        listing = at(base, "Nowhere In Particular", f"{a}1 1AA", *second.centre)
        assert rules(listing) == ["GEO-001"], (a, b)
        tried += 1
    assert tried > 4000


@pytest.mark.parametrize("town, postcode, lat, lon", [
    ("Hull", "HU1 1AA", 53.7446, -0.3352),
    ("Kingston upon Hull", "HU5 2AB", 53.7690, -0.3650),
    ("Cardiff", "CF10 1AA", 51.4816, -3.1791),
    ("Edinburgh", "EH1 1AA", 55.9533, -3.1883),
    ("Belfast", "BT1 1AA", 54.5973, -5.9301),
    ("Inverness", "IV2 3AB", 57.4778, -4.2247),
    ("Portree", "IV51 9AA", 57.4129, -6.1942),  # Skye: far from Inverness, still IV
    ("Stornoway", "HS1 2AA", 58.2093, -6.3865),
    ("Lerwick", "ZE1 0AA", 60.1535, -1.1449),
    ("Truro", "TR1 1AA", 50.2632, -5.0510),
    ("Penzance", "TR18 2AA", 50.1186, -5.5372),
    ("Great Yarmouth", "NR30 1AA", 52.6080, 1.7298),  # east of Greenwich, and right
    ("Margate", "CT9 1AA", 51.3813, 1.3862),
    ("Skegness", "PE25 1AA", 53.1436, 0.3363),
    # East of Greenwich and beyond the farthest BN post town the data names: not a dropped
    # minus sign, as the position is at the listing's own town.
    ("Eastbourne", "BN21 3AA", 50.7680, 0.2905),
    ("Hastings", "TN34 1AA", 50.8543, 0.5735),
    ("London", "E3 2TS", 51.5281, -0.0316),
    ("London", "SE24 0LD", 51.4562, -0.1085),
    ("Croydon", "CR0 1AA", 51.3762, -0.0982),
    ("Wrexham", "LL11 1AA", 53.0430, -2.9925),  # LL's far east
    ("Aberystwyth", "SY23 1AA", 52.4153, -4.0829),  # SY's far west
    ("Berwick-upon-Tweed", "TD15 1AA", 55.7710, -2.0070),
    ("St. Andrews", "KY16 9AA", 56.3398, -2.7967),
    ("Stoke on Trent", "ST1 1AA", 53.0027, -2.1794),
    ("Newport", "NP20 1AA", 51.5842, -2.9977),
    ("Newport", "PO30 1AA", 50.7010, -1.2910),  # the Isle of Wight's
    ("Church Stretton", "SY6 6JF", 52.5420, -2.8142),
    ("A Village GeoNames Does Not Know", "YO62 5AA", 54.2440, -1.0570),
])
def test_real_places_pass(town, postcode, lat, lon, today):
    assert rules(at(base_listing(today), town, postcode, lat, lon)) == []


@pytest.mark.parametrize("town, postcode, lat, lon, expected", [
    # Leeds's position on a Hull listing: the postcode area and the town both disagree.
    ("Hull", "HU1 1AA", 53.8008, -1.5491, ["GEO-001", "GEO-002"]),
    # Manchester's on a Sheffield listing; Glasgow's on an Edinburgh one.
    ("Sheffield", "S1 2AA", 53.4808, -2.2426, ["GEO-001", "GEO-002"]),
    ("Edinburgh", "EH1 1AA", 55.8642, -4.2518, ["GEO-001", "GEO-002"]),
    # A dropped minus sign: Bristol, Cardiff and Hull put at sea or abroad.
    ("Bristol", "BS6 6PR", 51.4718, 2.6011, ["GEO-001", "GEO-002"]),
    ("Cardiff", "CF5 2DH", 51.4953, 1.7174, ["GEO-001", "GEO-002"]),
    ("Hull", "HU3 2AA", 53.7446, 0.3352, ["GEO-001", "GEO-002"]),
    # The town wrong, the postcode and position agreeing: only the advisory town finding.
    ("Hull", "LS8 2JH", 53.8329, -1.4987, ["GEO-002"]),
    ("Plymouth", "EX1 1AA", 50.7236, -3.5275, ["GEO-002"]),
    # The postcode wrong, the town and position agreeing.
    ("Leeds", "HU1 1AA", 53.8008, -1.5491, ["GEO-001"]),
])
def test_real_mistakes_are_caught(town, postcode, lat, lon, expected, today):
    assert rules(at(base_listing(today), town, postcode, lat, lon)) == expected


def test_a_dropped_minus_sign_says_so_with_the_fix(today):
    listing = at(base_listing(today), "Hull", "HU3 2AA", 53.7446, 0.3352)
    (problem,) = plausible.near_postcode_area(listing)
    rule, path, message, fix = problem
    assert path == ("location", "longitude")
    assert "minus sign looks missing" in message
    assert fix.startswith("write 'longitude: -0.3352'")


def test_a_far_position_names_the_area_it_is_in(today):
    listing = at(base_listing(today), "Hull", "HU1 1AA", 53.8008, -1.5491)
    (problem,) = plausible.near_postcode_area(listing)
    assert "it is in or near the LS area (around Leeds)" in problem[2]


@pytest.mark.parametrize("written, looked_up", [
    ("St. Albans", "st albans"), ("Saint Albans", "st albans"),
    ("Stoke-on-Trent", "stoke on trent"), ("Bishop's Stortford", "bishops stortford"),
    ("Ynys Môn", "ynys mon"), ("  HULL ", "hull"),
])
def test_town_names_are_compared_as_people_write_them(written, looked_up):
    assert name_key(written) == looked_up


def test_hull_is_found_by_the_name_people_use():
    assert town_positions("Hull") == town_positions("Kingston upon Hull") != ()
