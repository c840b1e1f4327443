"""Listings the build withholds, the pages that keep their addresses, and the build's report.

A listing that does not meet the required standards on the day of the build (lapsed
evidence, never verified, unreadable: see ``publication.assess``) is left out of everything
that offers it as a service: search, browse pages, the compare data, the sitemap, the feed
and the open data. Its address keeps serving a short page that says the listing is being
checked, with the crisis numbers and links to similar services nearby, so that a link
someone shared or printed never ends on "page not found".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from rehab_directory.core.fields import SLUG_RE
from rehab_directory.core.findings import Finding, failing
from rehab_directory.core.geography import distance_km
from rehab_directory.core.model import Listing
from rehab_directory.core.vocab import Region, ServiceType
from rehab_directory.framework.publication import Assessment, assess
from rehab_directory.framework.standards import Context

from ..validator.checked import Checked

NEARBY = 4  # similar services a withheld page links to
KM_PER_MILE = 1.609344


@dataclass(frozen=True)
class Withheld:
    """What the build knows of a withheld listing (as much as could be read)."""

    display: str  # its file, as shown in findings
    slug: str | None  # the page address it keeps (None: the file name is not a slug)
    assessment: Assessment
    name: str | None = None
    town: str | None = None
    region: Region | None = None
    latitude: float | None = None
    longitude: float | None = None
    service_types: tuple[ServiceType, ...] = ()
    # The listing as read (None: it could not be), to be judged again with more findings.
    listing: Listing | None = field(default=None, repr=False, compare=False)

    def with_findings(self, findings: list[Finding], context: Context) -> Withheld:
        """The same listing after the pass added cross-listing findings (FILE-002), judged
        again by ``publication.assess`` with them."""
        if tuple(failing(findings)) == self.assessment.errors:
            return self
        return replace(self, assessment=assess(self.listing, findings, context))

    def as_dict(self) -> dict:
        return {"file": self.display, "slug": self.slug, "name": self.name,
                **self.assessment.as_dict()}


def withheld_of(path: Path, checked: Checked, assessment: Assessment) -> Withheld:
    listing = checked.listing
    stem = path.stem
    slug = stem if SLUG_RE.match(stem) else None
    if listing is None:
        return Withheld(checked.display, slug, assessment)
    return Withheld(checked.display, slug, assessment, listing=listing, name=listing.name,
                    town=listing.address.town, region=listing.region,
                    latitude=listing.location.latitude, longitude=listing.location.longitude,
                    service_types=tuple(listing.service_types))


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles between two (latitude, longitude) points."""
    return distance_km(a, b) / KM_PER_MILE


@dataclass(frozen=True)
class Nearby:
    """A published service a withheld page suggests."""

    slug: str
    name: str
    town: str
    services_text: str
    miles: float | None  # from the withheld listing, when both places are known


def nearby(withheld: Withheld, facts: list, count: int = NEARBY) -> list[Nearby]:
    """Published services most like the withheld one: offering one of its kinds of support
    first, then nearest (or, where its place is unknown, in its region), then by name."""
    here = ((withheld.latitude, withheld.longitude)
            if withheld.latitude is not None and withheld.longitude is not None else None)
    wanted = set(withheld.service_types)

    def miles(f) -> float | None:
        return miles_between(here, (f.latitude, f.longitude)) if here else None

    def rank(f) -> tuple:
        distance = miles(f)
        return (bool(wanted) and not wanted & set(f.service_types),
                distance if distance is not None else float(f.region != withheld.region),
                f.name, f.slug)

    ranked = sorted((f for f in facts if f.slug != withheld.slug), key=rank)[:count]
    return [Nearby(f.slug, f.name, f.town, f.services_text, miles(f)) for f in ranked]


def write_withheld_pages(write: Callable[..., bytes], withheld: list[Withheld],
                         facts: list) -> None:
    """The page at each withheld listing's address, with the site's ``write(url, template,
    **context)``. They are never in the sitemap (so this returns no entries for it)."""
    for w in withheld:
        if w.slug is None:
            continue
        write(f"/providers/{w.slug}/", "withheld.html", withheld=w,
              standing=w.assessment.standing.value, nearby=nearby(w, facts))


def build_report(today: date, output: Path, published: list[str], withheld: list[Withheld],
                 advisory: int) -> dict:
    """The machine-readable account of a build: what it published and what it withheld."""
    return {
        "kind": "build",
        "today": today.isoformat(),
        "output": str(output),
        "published_count": len(published),
        "withheld_count": len(withheld),
        "advisory_findings": advisory,
        "published": published,
        "withheld": [w.as_dict() for w in withheld],
    }


def summary_lines(withheld: list[Withheld]) -> list[str]:
    """One line per withheld listing, for the build's summary."""
    lines = []
    for w in withheld:
        a = w.assessment
        if a.lapses:
            why = a.standing.label + ": " + "; ".join(f"{lp.standard} since {lp.on.isoformat()}"
                                                      for lp in a.lapses)
        else:
            why = a.reason_with_rules
        lines.append(f"  withheld {w.slug or w.display}: {why}")
    return lines
