"""providers.csv: one row per provider, the key facts flattened (``CSV_COLUMNS``).

RFC 4180 (CRLF line ends, quotes doubled), UTF-8 without a byte-order mark. Lists are codes
joined by ``"; "``, booleans ``true``/``false``. Text that starts with ``= + - @``, a tab or
a carriage return is prefixed with ``'`` so that a spreadsheet never runs it as a formula
(OWASP's advice on CSV injection). Numbers we write ourselves (such as a negative longitude)
are left alone: they are numbers, not text a provider typed.

Admissions: ``admissions`` is ``open``, ``paused`` or empty (not stated), with the day it
was ``admissions_stated``, the day paused admissions are expected to reopen
(``admissions_reopens``) and the provider's ``admissions_note``; ``taking_new_admissions``
is ``false`` only while paused.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from rehab_directory.core.vocab import ServiceType
from rehab_directory.validator.checked import Checked

from .providers_json import page_url, standards_summary
from .wording import admissions_paused

CSV_COLUMNS = (
    "slug", "name", "summary", "url", "website", "phone", "email",
    "organisation", "charity_number", "company_number",
    "street", "locality", "town", "county", "postcode", "region", "latitude", "longitude",
    "services", "rehab_stages", "substances", "mental_health", "twelve_step", "methods",
    "faith", "languages", "gender", "min_age", "max_age", "pregnancy",
    "parents_with_children", "couples", "pets", "wheelchair_access", "step_free_rooms",
    "referral_routes", "funding", "shortest_wait_days", "lowest_weekly_cost",
    "highest_weekly_cost", "regulator", "regulator_provider_id", "regulator_location_id",
    "rating", "rating_date", "living_wage_accredited", "last_verified",
    "standards_met", "standards_total", "standards_not_met",
    "taking_new_admissions", "admissions", "admissions_stated", "admissions_reopens",
    "admissions_note",
)

# OWASP, "CSV Injection": cells starting with these are run as formulas by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """Neutralise a text cell that a spreadsheet would run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_text(rows: Iterable[Iterable[str]]) -> str:
    """Rows as RFC 4180 text: CRLF line ends, quoted only where a cell needs it."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return buffer.getvalue()


def _codes(values: Iterable[str]) -> str:
    return "; ".join(str(v) for v in values)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def csv_row(checked: Checked, site_url: str, summary: dict | None = None) -> list[str]:
    """One listing's row, in the order of ``CSV_COLUMNS`` (``summary``: its
    ``standards_summary``, computed here when not given)."""
    listing = checked.listing
    org, addr, elig, reg = (listing.organisation, listing.address, listing.eligibility,
                            listing.regulation)
    adm = listing.admissions
    rehab = listing.service(ServiceType.RESIDENTIAL_REHAB)
    wait = listing.shortest_wait
    summary = summary if summary is not None else standards_summary(checked)
    not_met = [k for k, v in (summary or {}).get("results", {}).items() if v["status"] != "met"]

    def text(value: str | None) -> str:
        return "" if value is None else csv_safe(str(value))

    def number(value: float | int | None) -> str:
        return "" if value is None else str(value)

    row = {
        "slug": text(listing.slug),
        "name": text(listing.name),
        "summary": text(listing.summary),
        "url": text(page_url(site_url, listing.slug)),
        "website": text(listing.website),
        "phone": text(listing.phone),
        "email": text(listing.email),
        "organisation": text(org.name if org else None),
        "charity_number": text(org.charity_number if org else None),
        "company_number": text(org.company_number if org else None),
        "street": text(addr.street),
        "locality": text(addr.locality),
        "town": text(addr.town),
        "county": text(addr.county),
        "postcode": text(addr.postcode),
        "region": text(listing.region),
        "latitude": number(listing.location.latitude),
        "longitude": number(listing.location.longitude),
        "services": _codes(listing.service_types),
        "rehab_stages": _codes(rehab.stages if rehab else []),
        "substances": _codes(listing.substances),
        "mental_health": text(listing.mental_health),
        "twelve_step": text(listing.approach.twelve_step),
        "methods": _codes(listing.approach.methods),
        "faith": text(listing.approach.faith),
        "languages": _codes(listing.languages),
        "gender": text(elig.gender),
        "min_age": number(elig.min_age),
        "max_age": number(elig.max_age),
        "pregnancy": _bool(elig.pregnancy),
        "parents_with_children": _bool(elig.parents_with_children),
        "couples": _bool(elig.couples),
        "pets": _bool(elig.pets),
        "wheelchair_access": _bool(listing.accessibility.wheelchair_access),
        "step_free_rooms": _bool(listing.accessibility.step_free_rooms),
        "referral_routes": _codes(listing.referral_routes),
        "funding": _codes(listing.funding),
        "shortest_wait_days": number(wait.days if wait else None),
        "lowest_weekly_cost": number(listing.lowest_weekly_cost),
        "highest_weekly_cost": number(listing.highest_weekly_cost),
        "regulator": text(reg.regulator if reg else None),
        "regulator_provider_id": text(reg.provider_id if reg else None),
        "regulator_location_id": text(reg.location_id if reg else None),
        "rating": text(reg.rating if reg else None),
        "rating_date": text(reg.rating_date.isoformat() if reg and reg.rating_date else None),
        "living_wage_accredited": _bool(listing.pay.living_wage_accredited),
        "last_verified": text(listing.last_verified.isoformat() if listing.last_verified
                              else None),
        "standards_met": number(summary["met"] if summary else None),
        "standards_total": number(summary["total"] if summary else None),
        "standards_not_met": _codes(not_met),
        "taking_new_admissions": _bool(not admissions_paused(adm)),
        "admissions": text(adm.status if adm else None),
        "admissions_stated": text(adm.stated.isoformat() if adm else None),
        "admissions_reopens": text(adm.reopens.isoformat() if adm and adm.reopens else None),
        "admissions_note": text(adm.note if adm else None),
    }
    return [row[column] for column in CSV_COLUMNS]
