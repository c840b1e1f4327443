"""Values that are well formed but, read together, are almost certainly a mistake.

Layer three of validation, beside the file checks: it runs on a listing that parsed, and
each check is one small function for one rule of ``rules.py``:

* GEO-001: the map position is far outside the postcode's area (Leeds coordinates on a Hull
  listing; a longitude whose minus sign was dropped, which puts a service in the North Sea);
* GEO-002: the map position is far from every place called as the town given (advisory);
* VAL-001: a link starts with http:// (advisory: https:// is private and cannot be altered
  on the way);
* VAL-002: a picture's text for people who cannot see it says nothing ("photo", the file
  name);
* VAL-003: a name pasted with its quotation marks (“Beacon Lodge”).

Positions come from ``geography`` (postcode areas and towns, derived from GeoNames).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel

from rehab_directory.core.fields import WebUrl
from rehab_directory.core.findings import Finding, field_name
from rehab_directory.core.findings import Path as FieldPath
from rehab_directory.core.geography import (
    PostcodeArea,
    area_of,
    distance_km,
    postcode_areas,
    town_positions,
)
from rehab_directory.core.model import Image, Listing
from rehab_directory.core.rules import RULES
from rehab_directory.core.yamlio import Marks

# How far beyond its farthest post town a position may lie and still be in the area: a
# margin for the edges of the area the post towns do not reach (km, and a share of the reach).
AREA_MARGIN_KM = 15.0
AREA_MARGIN_SHARE = 0.25
TOWN_RADIUS_KM = 30.0  # a post town's addresses lie within this of the place it is named for


def check_listing(listing: Listing, display: str, marks: Marks) -> list[Finding]:
    """Every finding of the checks below, for one parsed listing."""
    out = []
    for check in PLAUSIBILITY_CHECKS:
        for rule, path, message, fix in check(listing):
            line, col = marks.locate(path)
            spec = RULES[rule]
            out.append(Finding(display, line, col, spec.severity, rule, field_name(path),
                               message, fix or spec.fix))
    return out


Problem = tuple[str, FieldPath, str, str | None]  # rule, path, message, fix (None: the rule's)


# ---------------------------------------------------------------------------- positions


def _allowed_km(area: PostcodeArea) -> float:
    return area.reach_km + AREA_MARGIN_KM + AREA_MARGIN_SHARE * area.reach_km


def _fmt_coord(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def near_postcode_area(listing: Listing) -> Iterator[Problem]:
    area = area_of(listing.address.postcode)
    if area is None:
        return
    lat, lon = listing.location.latitude, listing.location.longitude
    km = distance_km((lat, lon), area.centre)
    flipped_km = distance_km((lat, -lon), area.centre)
    # A dropped minus sign: east of Greenwich, outside the area, and the mirror image is well
    # inside it (the test of the distance, not of the sign, keeps Norfolk and Kent right);
    # never where the position is at the listing's own town (Eastbourne lies east of the
    # farthest BN post town the data names, and is where it says it is).
    at_town = any(distance_km((lat, lon), p) <= TOWN_RADIUS_KM
                  for p in town_positions(listing.address.town))
    if lon > 0 and not at_town and km > area.reach_km and flipped_km <= area.reach_km / 2 \
            and km - flipped_km > 20:
        yield ("GEO-001", ("location", "longitude"),
               f"the map position is {km:.0f} km from the middle of the {area.code} postcode "
               f"area of '{listing.address.postcode}' (around {area.name}), out at sea "
               "or beyond: the longitude's minus sign looks missing",
               f"write 'longitude: {_fmt_coord(-lon)}' (west of Greenwich is negative), or "
               "copy both numbers from an online map at the building")
        return
    if km <= _allowed_km(area):
        return
    nearest = min(postcode_areas().values(),
                  key=lambda a: distance_km((lat, lon), a.centre) - a.reach_km)
    where = (f"; it is in or near the {nearest.code} area (around {nearest.name})"
             if nearest.code != area.code
             and distance_km((lat, lon), nearest.centre) <= _allowed_km(nearest) else "")
    yield ("GEO-001", ("location", "latitude"),
           f"the map position ({_fmt_coord(lat)}, {_fmt_coord(lon)}) is {km:.0f} km from the "
           f"{area.code} postcode area of '{listing.address.postcode}' (around "
           f"{area.name}), which reaches about {area.reach_km:.0f} km from its "
           f"middle{where}",
           "check the postcode and the map position: find the building on an online map and "
           "copy its latitude and longitude")


def near_town(listing: Listing) -> Iterator[Problem]:
    town = listing.address.town
    positions = town_positions(town)
    if not positions:
        return  # a place GeoNames does not list: nothing to compare with
    here = (listing.location.latitude, listing.location.longitude)
    km = min(distance_km(here, p) for p in positions)
    if km > TOWN_RADIUS_KM:
        yield ("GEO-002", ("address", "town"),
               f"the map position ({_fmt_coord(here[0])}, {_fmt_coord(here[1])}) is {km:.0f} "
               f"km from {town}",
               "check the town and the map position: one of them is probably wrong (the town "
               "is the post town of the address)")


# ---------------------------------------------------------------------------- values


def _paths(model: type[BaseModel], wanted: Callable[[str, Any], bool]) -> tuple[tuple, ...]:
    """The attribute paths (through groups and lists: "[]") of every field of ``model`` for
    which ``wanted(name, annotation)`` is true, found once from the model's own types."""
    found: list[tuple] = []

    def walk(annotation: Any, path: tuple, name: str) -> None:
        if wanted(name, annotation):
            found.append(path)
            return
        origin = get_origin(annotation)
        if origin is Annotated:
            walk(get_args(annotation)[0], path, name)
        elif origin in (Union, UnionType):
            for arg in get_args(annotation):
                walk(arg, path, name)
        elif origin is list:
            walk(get_args(annotation)[0], (*path, "[]"), name)
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            for field, info in annotation.model_fields.items():
                walk(info.annotation if not info.metadata
                     else Annotated[(info.annotation, *info.metadata)], (*path, field), field)

    walk(model, (), "")
    return tuple(found)


def _values(listing: Listing, paths: tuple[tuple, ...]) -> Iterator[tuple[FieldPath, str]]:
    """The text values at ``paths`` (from ``_paths``) in a listing, with their real paths."""
    for path in paths:
        stack: list[tuple[Any, FieldPath, tuple]] = [(listing, (), path)]
        while stack:
            value, real, rest = stack.pop()
            if value is None:
                continue
            if not rest:
                if isinstance(value, str):
                    yield real, value
                continue
            if rest[0] == "[]":
                stack.extend((item, (*real, i), rest[1:]) for i, item in enumerate(value))
            else:
                stack.append((getattr(value, rest[0], None), (*real, rest[0]), rest[1:]))


_URL_CHECKS = tuple(m for m in get_args(WebUrl)[1:] if isinstance(m, AfterValidator))


def _is_url(name: str, annotation: Any) -> bool:
    """A field of the model's web-address type (``WebUrl``, its validator the same object)."""
    return get_origin(annotation) is Annotated and any(
        m is check for m in get_args(annotation)[1:] for check in _URL_CHECKS)


@cache
def _url_paths() -> tuple[tuple, ...]:
    return _paths(Listing, _is_url)


def https_links(listing: Listing) -> Iterator[Problem]:
    for path, value in _values(listing, _url_paths()):
        if value[:7].lower() == "http://":
            yield ("VAL-001", path, f"'{value[:60]}' is an http:// link, which anyone on the "
                   "way can read or alter",
                   f"use the https:// address if the site has one: "
                   f"'https://{value[7:][:60]}' (open it in a browser to check)")


_FILLER = {"a", "an", "the", "of", "our", "this", "my", "here", "is", "and", "no", "nr"}
_SAYS_NOTHING = {"photo", "photos", "photograph", "image", "images", "picture", "pic", "img",
                 "logo", "jpg", "jpeg", "png", "webp", "dsc", "pxl", "untitled", "alt",
                 "text", "description", "placeholder", "todo"}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.casefold().replace("_", " "))


def alt_text_says_something(listing: Listing) -> Iterator[Problem]:
    pictures: list[tuple[FieldPath, Image]] = [(("logo",), listing.logo)] if listing.logo else []
    pictures += [(("photos", i), photo) for i, photo in enumerate(listing.photos)]
    for path, picture in pictures:
        alt = picture.alt.strip()
        stem = picture.file.rsplit(".", 1)[0]
        words = [w for w in _words(alt) if w not in _FILLER]
        as_name = re.sub(r"[\s_.-]+", "", alt.casefold())
        if as_name in (re.sub(r"[\s_.-]+", "", picture.file.casefold()),
                       re.sub(r"[\s_.-]+", "", stem.casefold())):
            what = f"'{alt}' is the file's name"
        elif set(words) <= _SAYS_NOTHING:
            what = f"'{alt}' does not say what the picture shows"
        else:
            continue
        example = ("the service's name and 'logo', e.g. 'Beacon Lodge logo'" if path == ("logo",)
                   else "what is in it, e.g. 'The walled garden behind the house, with "
                        "benches and raised beds'")
        yield ("VAL-002", (*path, "alt"), what + ": people who cannot see it hear only that",
               f"describe {example}")


_QUOTES = {"“": "”", "‘": "’", "\"": "\"", "'": "'", "«": "»", "„": "“", "‚": "‘", "”": "”"}
_NAME_FIELDS = {"name", "street", "locality", "town", "county"}


@cache
def _name_paths() -> tuple[tuple, ...]:
    return _paths(Listing, lambda name, annotation: name in _NAME_FIELDS
                  and str in (annotation, *get_args(annotation)))


def names_without_quotes(listing: Listing) -> Iterator[Problem]:
    for path, value in _values(listing, _name_paths()):
        if len(value) < 3:
            continue
        close = _QUOTES.get(value[0])
        inner = value[1:-1]
        if close and value[-1] == close and value[0] not in inner and close not in inner:
            yield ("VAL-003", path, f"{value} has quotation marks around it, which the site "
                   "would show",
                   f"remove them: write {path[-1]}: {inner.strip()}")


PLAUSIBILITY_CHECKS: tuple[Callable[[Listing], Iterator[Problem]], ...] = (
    near_postcode_area, near_town, https_links, alt_text_says_something, names_without_quotes)
