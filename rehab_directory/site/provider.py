"""A publishable listing's share of the site: its page at /providers/<slug>/, its pictures and
its result card.

``ProviderPages.render`` and ``ProviderPages.restore`` are the two functions the pass over the
listings (``pieces.ListingPass``) is given: it calls them for each listing, in a forked worker
when there are many, and knows nothing else of the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rehab_directory.framework.standards import Level
from rehab_directory.publish.jsonld import provider_jsonld
from rehab_directory.publish.search import wait_is_stale
from rehab_directory.publish.wording import admissions_notice
from rehab_directory.site import ukmap

from ..validator.checked import Checked
from .cards import card, chosen_wait, standards_counts, wait_text
from .images import LOGO_WIDTHS, WIDTHS, render_image
from .pieces import Rendered
from .render import PageWriter, write_text


@dataclass(frozen=True, slots=True)
class PanelRow:
    """One row of a provider page's standards panel.

    An object rather than a dict: Jinja reads ``r.status`` as an attribute first, which on
    a dict fails (raising inside Jinja) before the key is tried, a dozen times a row; the
    panel's 14 rows were 40% of rendering a provider page."""

    id: str
    title: str
    required: bool
    status: str
    evidence_date: date | None
    exception: Any
    problems: list[str]


class ProviderPages:
    """Writes provider pages with the site's ``pages``. ``image_cache``: resized pictures kept
    between builds (None: none); a wait stated more than ``stale_days`` before ``today`` is
    marked as old; "report a problem" opens an issue at ``repo_url`` when there is one, or
    an email to ``report_email``."""

    def __init__(self, pages: PageWriter, *, today: date, stale_days: int | None,
                 image_cache: Path | None, repo_url: str, report_email: str):
        self.pages, self.today, self.stale_days = pages, today, stale_days
        self.image_cache = image_cache
        self.repo_url, self.report_email = repo_url.rstrip("/"), report_email

    def render(self, c: Checked) -> Rendered:
        """Write a checked, publishable listing's page and pictures."""
        listing = c.listing
        url = f"/providers/{listing.slug}/"
        folder = c.path.parent / listing.slug
        jobs = [(str(folder / p.file), _stem(p.file, i), p.alt, WIDTHS)
                for i, p in enumerate(listing.photos)]
        if listing.logo:
            jobs.append((str(folder / listing.logo.file), "logo", listing.logo.alt,
                         LOGO_WIDTHS))
        pictures = self.write_pictures(listing.slug, jobs)
        photos, logo = (pictures[:-1], pictures[-1]) if listing.logo else (pictures, None)
        stale = self.stale_waits(c)
        html = self.pages.write(
            url, "provider.html",
            listing=listing, checked=c, photos=photos, logo=logo,
            results=results_view(c), counts=standards_counts(c),
            stale=stale, map_url=map_url(listing),
            next_wait=wait_text(*chosen_wait(listing, stale)),
            admissions_notice=admissions_notice(listing.admissions, self.today),
            report_url=self.report_url(listing.slug, listing.name),
            jsonld=provider_jsonld(listing, self.pages.site_url + url),
            uk_map=ukmap.map_view([ukmap.point_of(listing)], self.pages.site_url,
                                  ukmap.here_caption(listing), current=listing.slug),
        )
        result_card = self.pages.renderer.render("_result_card.html",
                                                 card=card(c, stale, self.today))
        return Rendered(html, tuple(jobs), result_card)

    def restore(self, slug: str, rendered: Rendered) -> None:
        """Write a cached provider page, and its pictures again."""
        self.write_pictures(slug, rendered.pictures)
        write_text(self.pages.out, f"providers/{slug}/index.html", rendered.page)

    def write_pictures(self, slug: str, jobs: list[tuple] | tuple) -> list:
        photo_dir = self.pages.out / "providers" / slug / "photos"
        photo_url = f"{self.pages.site_url}/providers/{slug}/photos"
        return [render_image(Path(source), photo_dir, photo_url, stem, alt, widths,
                             self.image_cache) for source, stem, alt, widths in jobs]

    def stale_waits(self, c: Checked) -> set[int]:
        """Indexes of services whose wait was stated more than ``stale_days`` ago."""
        return {i for i, s in enumerate(c.listing.services)
                if s.wait and wait_is_stale(s.wait.stated, self.today, self.stale_days)}

    def report_url(self, slug: str, name: str) -> str:
        subject = f"Problem with the listing for {name} ({slug})"
        if self.repo_url:
            return f"{self.repo_url}/issues/new?title={quote(subject)}&labels=listing-problem"
        return f"mailto:{self.report_email}?subject={quote(subject)}"


def results_view(c: Checked) -> list[PanelRow]:
    return [PanelRow(r.standard.id, r.standard.title, r.standard.level is Level.REQUIRED,
                     r.status, r.evidence_date, r.exception,
                     [p.message for p in r.problems])
            for r in (c.evaluation.results if c.evaluation else [])]


def map_url(listing) -> str:
    lat, lon = listing.location.latitude, listing.location.longitude
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"


def _stem(file_name: str, index: int) -> str:
    stem = file_name.rsplit(".", 1)[0].lower()
    return f"{index + 1:02d}-{stem}"
