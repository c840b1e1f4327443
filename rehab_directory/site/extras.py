"""Site-wide files: sitemap.xml, feed.atom, robots.txt and _headers.

All are derived from the listings and the build's ``today``, never the clock, so two builds
of the same repository are byte-identical.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import feedgenerator

from rehab_directory.support.clock import long_date

from .render import write_text

FEED_ENTRIES = 50
ADMIN_PATH = "/admin/"  # the listing editor (site/admin.py): never crawled, never in the sitemap


def write_sitemap(out: Path, site_url: str, pages: list) -> None:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted(pages, key=lambda p: p.url):
        lines.append(f"<url><loc>{escape(site_url + page.url)}</loc>"
                     + (f"<lastmod>{page.lastmod.isoformat()}</lastmod>" if page.lastmod else "")
                     + "</url>")
    lines.append("</urlset>")
    write_text(out, "sitemap.xml", "\n".join(lines) + "\n")


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


class _Feed(feedgenerator.Atom1Feed):
    """An Atom feed whose <updated> comes from the data (or the build's today), not the clock."""

    def __init__(self, *args, fallback: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._fallback = fallback

    def latest_post_date(self) -> datetime:
        dates = [i["updateddate"] for i in self.items if i.get("updateddate")]
        return max(dates, default=self._fallback)


def write_feed(out: Path, settings: dict[str, Any], site_url: str, facts: list,
               today: date) -> None:
    """The most recently verified listings, newest first: a feed of listing changes.

    ``facts``: the build's per-listing ``Facts`` (slug, name, town, summary, services text,
    last verified)."""
    recent = sorted((f for f in facts if f.last_verified), key=lambda f: (f.last_verified, f.slug),
                    reverse=True)[:FEED_ENTRIES]
    feed = _Feed(
        title=f"{settings['SITENAME']}: listings checked recently",
        link=f"{site_url}/",
        feed_url=f"{site_url}/feed.atom",
        description="Services whose listing a reviewer has checked, most recent first.",
        language="en-GB",
        feed_guid=f"{site_url}/feed.atom" if site_url else "urn:open-rehab-directory:feed",
        fallback=_midnight(today),
    )
    for f in recent:
        day = f.last_verified
        feed.add_item(
            title=f"{f.name}, {f.town}",
            link=f"{site_url}/providers/{f.slug}/",
            description=f"{f.summary} Services: {f.services_text}. "
                        f"Checked on {long_date(day)}.",
            unique_id=f"urn:open-rehab-directory:provider:{f.slug}:{day.isoformat()}",
            pubdate=_midnight(day),
            updateddate=_midnight(day),
        )
    write_text(out, "feed.atom", feed.writeString("utf-8"))


def write_robots(out: Path, site_url: str) -> None:
    lines = ["User-agent: *", "Allow: /", f"Disallow: {urlsplit(site_url).path.rstrip('/')}"
                                          f"{ADMIN_PATH}"]
    if site_url.startswith(("https://", "http://")):
        lines.append(f"Sitemap: {site_url}/sitemap.xml")
    write_text(out, "robots.txt", "\n".join(lines) + "\n")


def write_headers(out: Path, csp: str) -> None:
    """Security headers for hosts that read a _headers file (Netlify, Cloudflare Pages)."""
    lines = [
        "/*",
        f"  Content-Security-Policy: {csp}; frame-ancestors 'none'",
        "  Referrer-Policy: no-referrer",
        "  X-Content-Type-Options: nosniff",
        "  X-Frame-Options: DENY",
        "  Permissions-Policy: geolocation=(self), camera=(), microphone=()",
        "  Cross-Origin-Opener-Policy: same-origin",
        "",
    ]
    write_text(out, "_headers", "\n".join(lines))


def add_headers(out: Path, pattern: str, headers: list[str]) -> None:
    """Add a block to _headers for the paths ``pattern`` matches (``! Name`` detaches a header
    the ``/*`` block set, where the host supports it, as Cloudflare Pages does)."""
    path = out / "_headers"
    lines = [pattern, *(f"  {h}" for h in headers), ""]
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
