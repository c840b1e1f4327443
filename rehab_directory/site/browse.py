"""The browse lists that need no JavaScript: who a service is for, the type of support in
each region, and, where a list is empty, the nearest alternatives.

``SiteWriter.write_browse`` (pages.py) writes the pages; this module decides what is on
them, from each published listing's ``Facts`` (its region, position, service types and
search row, which carries who it is for: ``search.audiences_of``).

- ``/browse/for/<audience>/``: the ``for`` facet (``search.Audience``).
- ``/browse/region/<region>/<service>/``: every service type offered anywhere, within
  each region; a region page links to them with their counts.
- An empty list names what is nearest: for a type of support in a region, the closest
  services of that type elsewhere (miles from a town near the middle of the region,
  ``geography.REGION_PLACES``); for an empty region, the nearest regions with services; for
  any other empty list, the other lists of its facet that have services.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rehab_directory.core.geography import miles_between, region_centre
from rehab_directory.core.vocab import Region, ServiceType

NEAREST = 5  # alternatives named on an empty list


@dataclass(frozen=True)
class Alternative:
    """Something to look at instead, on an empty list."""

    label: str
    url: str
    note: str  # e.g. "about 40 miles away, in Wales" or "3 services"


def _miles(region: Region, facts: Any) -> float:
    centre = region_centre(region)
    return miles_between(centre.latitude, centre.longitude, facts.latitude, facts.longitude)


def _about(miles: float) -> str:
    m = round(miles)
    return "less than a mile away" if m < 1 else f"about {m} mile{'s' if m != 1 else ''} away"


def nearest_services(region: Region, service: ServiceType, facts: Sequence[Any],
                     count: int = NEAREST) -> list[Alternative]:
    """The services of a type nearest a region (which has none), nearest first."""
    offering = [f for f in facts if service in f.service_types and f.region is not region]
    offering.sort(key=lambda f: (_miles(region, f), f.name, f.slug))
    return [Alternative(f"{f.name}, {f.town}", f"/providers/{f.slug}/",
                        f"{_about(_miles(region, f))}, in {f.region.label}")
            for f in offering[:count]]


def nearest_regions(region: Region, entries: Sequence[dict], count: int = NEAREST
                    ) -> list[Alternative]:
    """The regions with services nearest a region without any (by their middle towns)."""
    centre = region_centre(region)

    def distance(entry: dict) -> float:
        other = region_centre(Region(entry["code"]))
        return miles_between(centre.latitude, centre.longitude, other.latitude,
                             other.longitude)

    others = sorted((e for e in entries if e["count"] and e["code"] != region.value),
                    key=lambda e: (distance(e), e["label"]))
    return [Alternative(e["label"], e["url"], _count(e["count"])) for e in others[:count]]


def other_lists(entry: dict, entries: Sequence[dict], count: int = NEAREST
                ) -> list[Alternative]:
    """The other lists of a facet that have services, the longest first."""
    others = sorted((e for e in entries if e["count"] and e["code"] != entry["code"]),
                    key=lambda e: (-e["count"], e["label"]))
    return [Alternative(e["title"], e["url"], _count(e["count"])) for e in others[:count]]


def _count(n: int) -> str:
    return "1 service" if n == 1 else f"{n} services"


def region_services(region: Region, members: Sequence[Any], facts: Sequence[Any]
                    ) -> list[dict[str, Any]]:
    """The type-of-support lists within a region: every type some listing offers."""
    offered = [t for t in ServiceType if any(t in f.service_types for f in facts)]
    lists = []
    for service in offered:
        inside = [f for f in members if service in f.service_types]
        lists.append({
            "code": service.value, "label": service.label, "count": len(inside),
            "members": inside, "title": f"{service.label} in {region.label}",
            "url": f"/browse/region/{region.value}/{service.value}/",
            "alternatives": ([] if inside else nearest_services(region, service, facts)),
        })
    return lists


def alternatives_for(kind: str, entry: dict, entries: Sequence[dict]) -> list[Alternative]:
    """What an empty top-level list names instead."""
    if entry["count"]:
        return []
    if kind == "region":
        return nearest_regions(Region(entry["code"]), entries)
    return other_lists(entry, entries)
