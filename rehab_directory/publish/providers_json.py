"""providers.json: the whole directory as JSON, every field of every listing.

``{"format": ..., "version": 2, "count": N, "standards": [the framework's standards],
"providers": [{"slug", "url", "taking_new_admissions", "admissions_notice", "listing",
"standards"}]}``. ``listing`` is
``Listing.model_dump(mode="json")`` of the listing, every field, so
``Listing.model_validate(item["listing"], context={"today": ...})`` gives back the same
listing; ``standards`` is computed (``{"met": n, "total": m, "results": {ID: {"status",
"level", "evidence_date"}}}``), kept apart so it is never mistaken for what the provider
wrote. Statuses are as at the day of the build (its ``--today``).
``taking_new_admissions`` is false while the provider says admissions are paused (true when
open or not stated), and ``admissions_notice`` then says so in words, as the result cards do
("Not taking new admissions for now (expected to reopen 11 January 2027)"; built after that
day, "Not taking new admissions when last stated (expected to reopen 11 January 2027: ask if
they have reopened)"), else null; the provider's own statement is ``listing.admissions``.

Version 2 added ``taking_new_admissions`` and ``admissions_notice``.

The build writes the file a listing at a time (``open_data``): the head
(``providers_head``) and each listing's item (``providers_item``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from rehab_directory.validator.checked import Checked

from .wording import admissions_notice, admissions_paused

FORMAT = "open-rehab-directory/providers"
VERSION = 2


def page_url(site_url: str, slug: str) -> str:
    """The provider page's address (root-relative when the site has no address)."""
    return f"{site_url.rstrip('/')}/providers/{slug}/"


def standards_summary(checked: Checked) -> dict | None:
    """Computed standards statuses of one listing (None if it was not evaluated)."""
    evaluation = checked.evaluation
    if evaluation is None:
        return None
    results = {
        r.standard.id: {
            "status": r.status,
            "level": str(r.standard.level),
            "evidence_date": r.evidence_date.isoformat() if r.evidence_date else None,
        }
        for r in evaluation.results
    }
    return {
        "met": sum(1 for r in evaluation.results if r.met),
        "total": len(evaluation.results),
        "results": results,
    }


def providers_head(count: int, standards: Iterable[Any]) -> dict:
    """providers.json without its providers: ``count`` listings evaluated against
    ``standards``."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "count": count,
        "standards": [{"id": s.id, "title": s.title, "level": str(s.level), "area": s.area}
                      for s in sorted(standards, key=lambda s: s.id)],
        "providers": [],
    }


def providers_item(c: Checked, site_url: str, summary: dict | None,
                   today: date | None = None) -> dict:
    """One listing's entry in ``providers``, with its ``standards_summary``."""
    return {
        "slug": c.listing.slug,
        "url": page_url(site_url, c.listing.slug),
        "taking_new_admissions": not admissions_paused(c.listing.admissions),
        "admissions_notice": admissions_notice(c.listing.admissions, today),
        "listing": c.listing.model_dump(mode="json"),
        "standards": summary,
    }
