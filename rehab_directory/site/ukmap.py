"""A map of the UK as a picture, drawn at build time: no tiles, no request to another host.

The outline is Natural Earth's (public domain), as the npm package ``world-atlas`` 2.0.2
ships it (``countries-50m.json``, TopoJSON): the United Kingdom, with Ireland in a lighter
shade for context. ``outline_svg`` decodes the TopoJSON (quantised, delta-encoded arcs),
projects it and writes one SVG file, ``/theme/map/uk.svg``, which every map shows as its
background picture (one download, cached by the browser).

``map_view`` places services on it as dots: an inline SVG of links over that picture.
The projection is equirectangular with longitudes scaled by the cosine of the UK's middle
latitude (at this size it differs from the Ordnance Survey's by less than a dot).

A map is hidden from screen readers and keyboards (its dots are links only for a pointer):
the figure's caption is its text alternative, and the list beside it is the way to use it.
Past ``MAX_DOTS`` services (the home page at 10,000 listings) nearby services are drawn as
one larger dot, linked to their region's list.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WORLD_ATLAS = Path("node_modules") / "world-atlas" / "countries-50m.json"
UK_ID, IRELAND_ID = "826", "372"  # ISO 3166-1 numeric, as world-atlas keys countries

# What the map shows, in degrees, and its size in SVG units.
WEST, EAST, SOUTH, NORTH = -10.7, 2.0, 49.8, 61.0
MID_LATITUDE = 54.5
WIDTH = 300
SCALE = WIDTH / ((EAST - WEST) * math.cos(math.radians(MID_LATITUDE)))
HEIGHT = round((NORTH - SOUTH) * SCALE)
MIN_STEP = 0.6  # SVG units: closer points of an outline are dropped
MAX_DOTS = 400
CELL = 12  # SVG units: the grid past MAX_DOTS

OUTLINE_FILE = "map/uk.svg"  # under /theme/


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """SVG coordinates (x right, y down) of a point."""
    x = (longitude - WEST) * SCALE * math.cos(math.radians(MID_LATITUDE))
    y = (NORTH - latitude) * SCALE
    return round(x, 1), round(y, 1)


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as (longitude, latitude) points: TopoJSON's quantised arcs are deltas."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: Iterable[int], arcs: list) -> list[tuple[float, float]]:
    """A polygon ring from arc indexes (a negative index ~i is arc i reversed)."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _path(rings: Iterable[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in rings:
        kept: list[tuple[float, float]] = []
        for lon, lat in ring:
            x, y = project(lat, lon)
            if not kept or math.dist(kept[-1], (x, y)) >= MIN_STEP:
                kept.append((x, y))
        if len(kept) >= 3:
            parts.append("M" + "L".join(f"{x:g} {y:g}" for x, y in kept) + "Z")
    return "".join(parts)


def _country_rings(topology: dict, country: str) -> list[list[tuple[float, float]]]:
    arcs = _arcs(topology)
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == country:
            polygons = (geometry["arcs"] if geometry["type"] == "MultiPolygon"
                        else [geometry["arcs"]])
            return [_ring(ring, arcs) for polygon in polygons for ring in polygon]
    raise ValueError(f"{WORLD_ATLAS} has no country {country}")


def outline_svg(root: Path) -> str:
    """The map's picture: the UK (and Ireland, lighter), as an SVG document."""
    source = root / WORLD_ATLAS
    if not source.is_file():
        raise FileNotFoundError(f"{source} is missing: run 'npm ci' (make deps) to install "
                                "world-atlas")
    topology = json.loads(source.read_text(encoding="utf-8"))
    uk = _path(_country_rings(topology, UK_ID))
    ireland = _path(_country_rings(topology, IRELAND_ID))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}">'
            "<title>Outline of the United Kingdom (Natural Earth, public domain)</title>"
            f'<path d="{ireland}" fill="#e6e6e6" stroke="#b9b9b9" stroke-width="0.6"/>'
            f'<path d="{uk}" fill="#dfe9e2" stroke="#5f7f6a" stroke-width="0.7" '
            'stroke-linejoin="round"/></svg>\n')


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    url: str
    label: str
    size: float  # radius, SVG units
    current: bool = False


def map_view(points: Sequence[Any], site_url: str, caption: str,
             current: str | None = None) -> dict[str, Any]:
    """What ``_map.html`` draws: ``points`` have ``slug``, ``name``, ``town``,
    ``latitude``, ``longitude`` and ``region`` (the build's ``Facts``); ``current`` is
    the slug of the page's own service."""
    if len(points) <= MAX_DOTS:
        dots = [Dot(*project(p.latitude, p.longitude), f"{site_url}/providers/{p.slug}/",
                    f"{p.name}, {p.town}", 4.5 if p.slug == current else 3.2,
                    p.slug == current) for p in points]
    else:
        cells: dict[tuple[int, int], list[Any]] = {}
        for p in points:
            x, y = project(p.latitude, p.longitude)
            cells.setdefault((int(x // CELL), int(y // CELL)), []).append(p)
        dots = []
        for (cx, cy), members in sorted(cells.items()):
            region = Counter(m.region for m in members).most_common(1)[0][0]
            dots.append(Dot((cx + 0.5) * CELL, (cy + 0.5) * CELL,
                            f"{site_url}/browse/region/{region.value}/",
                            f"{len(members)} services near here, in {region.label}",
                            min(CELL / 2, 2.5 + math.sqrt(len(members)) / 2)))
    dots.sort(key=lambda d: d.current)  # the page's own service on top
    return {"width": WIDTH, "height": HEIGHT, "dots": dots, "caption": caption,
            "outline": f"{site_url}/theme/{OUTLINE_FILE}"}


def write_outline(root: Path, out: Path) -> None:
    path = out / "theme" / OUTLINE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(outline_svg(root), encoding="utf-8")


def where_caption(points: Sequence[Any], place: str) -> str:
    """The map's text alternative: how many services, and where, by region."""
    if not points:
        return f"A map of the UK. There are no services {place} yet."
    counts = Counter(p.region.label for p in points)
    where = "; ".join(f"{n} in {label}" for label, n in sorted(counts.items(),
                                                                key=lambda kv: (-kv[1], kv[0])))
    total = "1 service" if len(points) == 1 else f"{len(points)} services"
    return f"A map of the UK with a dot for each of the {total} {place}: {where}."


@dataclass(frozen=True)
class Point:
    """A service on the map, from a listing (the build's ``Facts`` have the same fields)."""

    slug: str
    name: str
    town: str
    latitude: float
    longitude: float
    region: Any


def point_of(listing: Any) -> Point:
    return Point(listing.slug, listing.name, listing.address.town, listing.location.latitude,
                 listing.location.longitude, listing.region)


def here_caption(listing: Any) -> str:
    return (f"A map of the UK with a dot where {listing.name} is: {listing.address.town}, "
            f"{listing.region.label}.")
