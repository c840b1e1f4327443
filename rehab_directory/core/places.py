"""Where places are: UK postcode areas and towns, for checking a listing's map position.

The data (``data/postcode_areas.csv``, ``data/gb_places.csv``) is derived from GeoNames
(CC BY 4.0) by ``data/make_place_data.py``, which says how. It is small and read once per
process, on first use.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True, slots=True)
class Area:
    """A postcode area: its letters, the town it is named after, its approximate centre and
    how far its post towns reach from that centre."""

    code: str
    named_after: str
    latitude: float
    longitude: float
    reach_km: float

    @property
    def centre(self) -> tuple[float, float]:
        return self.latitude, self.longitude


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


_SAINT = re.compile(r"\bsaint\b")


def normalise(name: str) -> str:
    """A place name as it is looked up: 'St. Mary's-on-Sea' -> 'st marys on sea'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = text.replace("&", " and ").replace("'", "").replace(".", " ")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return _SAINT.sub("st", text)


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


@cache
def postcode_areas() -> dict[str, Area]:
    return {r["area"]: Area(r["area"], r["named_after"], float(r["latitude"]),
                            float(r["longitude"]), float(r["reach_km"]))
            for r in _rows("postcode_areas.csv")}


@cache
def _towns() -> dict[str, tuple[tuple[float, float], ...]]:
    found: dict[str, list[tuple[float, float]]] = {}
    for r in _rows("gb_places.csv"):
        found.setdefault(r["name"], []).append((float(r["latitude"]), float(r["longitude"])))
    return {name: tuple(points) for name, points in found.items()}


def area_of(postcode: str) -> Area | None:
    """The postcode area of a postcode ('HU1 2AB' -> HU), or None if there is no data for it
    (Guernsey, Jersey and the Isle of Man)."""
    letters = re.match(r"[A-Za-z]+", postcode.strip())
    return postcode_areas().get(letters.group().upper()) if letters else None


@lru_cache(maxsize=4096)  # listings name few towns, many times
def town_positions(town: str) -> tuple[tuple[float, float], ...]:
    """Every known place with this name (or alternative name); empty if none is known."""
    return _towns().get(normalise(town), ())
