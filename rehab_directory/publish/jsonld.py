"""schema.org JSON-LD for a provider's page, for search engines.

``provider_jsonld(listing, page_url)`` describes a provider as a ``MedicalClinic`` (a
``MedicalOrganization`` and a ``LocalBusiness``); the page writes it with the templates'
``json_script`` filter (``json_text``), so it is safe inside its
``<script type="application/ld+json">`` element. When the provider has said whether it is
taking new admissions, ``isAcceptingNewPatients`` (a MedicalOrganization's property) says so;
not stated, it is left out.
"""

from __future__ import annotations

from typing import Any

from rehab_directory.core.fields import international_phone
from rehab_directory.core.model import Listing
from rehab_directory.support.money import cost_range

from .wording import admissions_paused


def provider_jsonld(listing: Listing, page_url: str) -> dict:
    """schema.org JSON-LD describing a provider, for its page."""
    addr = listing.address
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "@id": f"{page_url}#provider",
        "name": listing.name,
        "description": listing.summary,
        "url": listing.website or page_url,
        "mainEntityOfPage": page_url,
        "telephone": international_phone(listing.phone),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(p for p in (addr.street, addr.locality) if p),
            "addressLocality": addr.town,
            "addressRegion": addr.county or listing.region.label,
            "postalCode": addr.postcode,
            "addressCountry": "GB",
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": listing.location.latitude,
            "longitude": listing.location.longitude,
        },
        "availableService": [
            {"@type": "MedicalTherapy", "name": s.type.label,
             **({"description": s.description} if s.description else {})}
            for s in listing.services
        ],
        "knowsLanguage": list(listing.languages),
    }
    if listing.email:
        data["email"] = listing.email
    if listing.admissions is not None:
        data["isAcceptingNewPatients"] = not admissions_paused(listing.admissions)
    low, high = listing.lowest_weekly_cost, listing.highest_weekly_cost
    if low is not None:
        data["priceRange"] = "Free" if not high else cost_range(low, high)
    if listing.organisation is not None:
        org = {"@type": "Organization", "name": listing.organisation.name}
        if listing.organisation.website:
            org["url"] = listing.organisation.website
        data["parentOrganization"] = org
    return data
