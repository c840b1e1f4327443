"""Open data: the directory as JSON, CSV and Open Referral HSDS 3.0, and schema.org JSON-LD.

``write_exports(checked, out, site_url)`` writes, under ``out/data/``:

- ``providers.json``: everything. ``{"format": ..., "version": 1, "count": N,
  "standards": [the framework's standards], "providers": [{"slug", "url", "listing",
  "standards"}]}``. ``listing`` is ``Listing.model_dump(mode="json")`` of the listing, every
  field, so ``Listing.model_validate(item["listing"], context={"today": ...})`` gives back the
  same listing; ``standards`` is computed (``{"met": n, "total": m, "results": {ID: {"status",
  "level", "evidence_date"}}}``), kept apart so it is never mistaken for what the provider
  wrote. Statuses are as at the day of the build (its ``--today``).
- ``providers.csv``: one row per provider, the key facts flattened (``CSV_COLUMNS``), RFC 4180
  (CRLF line ends, quotes doubled), UTF-8 without a byte-order mark. Lists are codes joined
  by ``"; "``, booleans ``true``/``false``. Text that starts with ``= + - @``, a tab or a
  carriage return is prefixed with ``'`` so that a spreadsheet never runs it as a formula
  (OWASP's advice on CSV injection). Numbers we write ourselves (such as a negative longitude)
  are left alone: they are numbers, not text a provider typed.
- ``hsds/services.json``: a JSON array of HSDS 3.0 service objects, each complete (nested
  organization, service_at_locations with location and address, phones, languages,
  cost_options, funding, attributes) and valid against Open Referral's ``service.json``.
  An attribute names its term by ``taxonomy_term_id`` only (HSDS makes the nested
  ``taxonomy_term`` optional): nesting the whole term in every attribute made two thirds of
  the file, ~20 KB per provider.
- ``hsds/taxonomy.json``: our taxonomy (``TAXONOMY``): every term an attribute can use, by
  ``id``, with its ``code`` (``<vocabulary>:<value>``), ``name`` and ``description``.

Modelling decisions
-------------------
*One HSDS service per service a provider offers* (inpatient detox, residential rehab, day
programme, aftercare), not one per provider. In HSDS a service is what a person receives;
each of ours has its own length, beds, wait and weekly cost, and a data user looking for
"detox" should find a detox service with the detox price rather than a provider with a
blended one. The services of one provider share one organization and one location (the same
IDs), as HSDS intends. The HSDS ``organization`` is the provider's organisation, or the
provider itself when the listing names none.

Addresses: ``address_1`` street, ``address_2`` locality, ``city`` town, ``region`` our region
(e.g. "Yorkshire and the Humber"), ``state_province`` (required by HSDS) the county, or where
the listing gives none the nation (England, Wales, Scotland, Northern Ireland), which the
region tells us; ``country`` "GB".

The Open Referral UK profile (3.0) accepts every object too, but does not define some fields
we fill, so UK tools may ignore them: the service's ``phones``, ``eligibility_description``,
``application_process`` and ``fees_description``, a language's ``name`` and ``code``, a cost
option's ``currency``, a term's ``code`` and an address's ``address_2``. The weekly price is
still there for them in ``cost_options[].amount``; the phone number is in providers.json/csv.

Nothing is invented: fields we do not know (schedules, service areas, contacts, last
modified time) are left out rather than filled with guesses. Residential services take
people from anywhere, so no service area is given.

Stable identifiers
------------------
Every ``id`` is a UUIDv5 in ``NAMESPACE`` (``uuid5(NAMESPACE_URL,
"https://open-rehab-directory.example.org.uk/ids/")`` = 517b11a0-5a2e-562e-a2db-5d6a26e102e5),
named by a path built from the provider's slug: ``<slug>/organization``, ``<slug>/location``,
``<slug>/service/<service type>``, and below a service ``.../phone``, ``.../language/<code>``,
``.../cost/<min|max>``, ``.../attribute/<vocabulary>/<code>``; taxonomy terms are
``taxonomy/<vocabulary>/<code>``. So a provider keeps its IDs for as long as it keeps its slug,
whatever the site's address or the day of the build. Never change the namespace.

schema.org
----------
``provider_jsonld(listing, page_url)`` describes a provider as a ``MedicalClinic`` (a
``MedicalOrganization`` and a ``LocalBusiness``) for search engines; ``jsonld_script(data)``
gives the ``<script type="application/ld+json">`` element, safe to put into a page as it is.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import uuid
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from rehab_directory.core.fields import international_phone, language_name, split_extension
from rehab_directory.core.model import Listing, Service
from rehab_directory.core.vocab import (
    Faith,
    Funding,
    Gender,
    MentalHealthSupport,
    Method,
    ReferralRoute,
    Region,
    RehabStage,
    ServiceType,
    Substance,
    TwelveStep,
    Vocab,
)
from rehab_directory.support.money import pounds
from rehab_directory.validate import Checked

FORMAT = "open-rehab-directory/providers"
VERSION = 1

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://open-rehab-directory.example.org.uk/ids/")

TAXONOMY_NAME = "Open Rehab Directory"
TAXONOMY_ID = uuid.uuid5(NAMESPACE, "taxonomy")

# vocabulary name (the attribute's link_type and the first part of a term's code) ->
# (enum, what the vocabulary describes)
TAXONOMY: dict[str, tuple[type[Vocab], str]] = {
    "service_type": (ServiceType, "Type of service"),
    "rehab_stage": (RehabStage, "Stage of residential rehab offered"),
    "substance": (Substance, "Substance the service helps with"),
    "mental_health": (MentalHealthSupport, "Support for co-occurring mental health needs"),
    "twelve_step": (TwelveStep, "How far the programme follows the 12 steps"),
    "method": (Method, "Therapeutic method used"),
    "faith": (Faith, "Faith the programme is based on"),
    "funding": (Funding, "How a place can be paid for"),
    "referral_route": (ReferralRoute, "How people can be referred"),
    "gender": (Gender, "Who the service is for, by gender"),
}

NATION = {
    Region.WALES: "Wales",
    Region.SCOTLAND: "Scotland",
    Region.NORTHERN_IRELAND: "Northern Ireland",
}

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
)

# OWASP, "CSV Injection": cells starting with these are run as formulas by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# ---------------------------------------------------------------------------- helpers


def _id(*parts: str) -> str:
    """``str(uuid.uuid5(NAMESPACE, "/".join(parts)))``, four times as fast (it runs ~50 times
    for every service, so it counts at 10,000 listings): the version and variant bits are
    set on the hex digits, where they are one digit each."""
    h = hashlib.sha1(_NS_BYTES + "/".join(parts).encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


_NS_BYTES = NAMESPACE.bytes
# The RFC 4122 variant: the top two bits of digit 16 are 10 (so 8, 9, a or b).
_VARIANT = {f"{d:x}": f"{(d & 0x3) | 0x8:x}" for d in range(16)}


def page_url(site_url: str, slug: str) -> str:
    """The provider page's address (root-relative when the site has no address)."""
    return f"{site_url.rstrip('/')}/providers/{slug}/"


def _range(low: int, high: int | None, unit: str, money: bool = False) -> str:
    fmt = pounds if money else str
    if high is None or high == low:
        return f"{fmt(low)}{unit}"
    return f"{fmt(low)} to {fmt(high)}{unit}"


def _sentence(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _dump(data: Any) -> bytes:
    return (json_text(data) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------- providers.json


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


def _sorted(checked: Iterable[Checked]) -> list[Checked]:
    return sorted((c for c in checked if c.listing is not None), key=lambda c: c.listing.slug)


def providers_document(checked: list[Checked], site_url: str) -> dict:
    """providers.json as one document (the build writes the same bytes a listing at a time)."""
    items = _sorted(checked)
    document = providers_head(len(items), evaluated_standards(items))
    document["providers"] = [providers_item(c, site_url, standards_summary(c)) for c in items]
    return document


def evaluated_standards(items: Iterable[Checked]) -> list[Any]:
    """The ``Standard`` objects the listings were evaluated against."""
    return list({r.standard.id: r.standard for c in items
                 for r in (c.evaluation.results if c.evaluation else ())}.values())


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


def providers_item(c: Checked, site_url: str, summary: dict | None) -> dict:
    return {
        "slug": c.listing.slug,
        "url": page_url(site_url, c.listing.slug),
        "listing": c.listing.model_dump(mode="json"),
        "standards": summary,
    }


# ---------------------------------------------------------------------------- providers.csv


def csv_safe(value: str) -> str:
    """Neutralise a text cell that a spreadsheet would run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _codes(values: Iterable[str]) -> str:
    return "; ".join(str(v) for v in values)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def csv_row(checked: Checked, site_url: str, summary: dict | None = None) -> list[str]:
    listing = checked.listing
    org, addr, elig, reg = (listing.organisation, listing.address, listing.eligibility,
                            listing.regulation)
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
    }
    return [row[column] for column in CSV_COLUMNS]


def providers_csv(checked: list[Checked], site_url: str,
                  summaries: dict[str, dict | None] | None = None) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for c in _sorted(checked):
        writer.writerow(csv_row(c, site_url, (summaries or {}).get(c.listing.slug)))
    return buffer.getvalue().encode("utf-8")


# ---------------------------------------------------------------------------- HSDS 3.0


@cache
def taxonomy_term(vocabulary: str, member: Vocab) -> dict:
    """One term of our taxonomy (shared, so never mutate it)."""
    _, describes = TAXONOMY[vocabulary]
    return {
        "id": _id("taxonomy", vocabulary, member.value),
        "code": f"{vocabulary}:{member.value}",
        "name": member.label,
        "description": f"{describes}: {member.label}",
    }


def taxonomy_document() -> dict:
    """Every term of our taxonomy, for data users who want the whole code list."""
    return {
        "id": str(TAXONOMY_ID),
        "name": TAXONOMY_NAME,
        "description": "Terms the Open Rehab Directory uses to describe detox and rehab "
                       "services. A term's code is '<vocabulary>:<value>'; the vocabulary is "
                       "also the attribute's link_type.",
        "version": str(VERSION),
        "vocabularies": [
            {"name": name, "description": describes,
             "terms": [taxonomy_term(name, m) for m in enum]}
            for name, (enum, describes) in TAXONOMY.items()
        ],
    }


def _organization(listing: Listing) -> dict:
    org_id = _id(listing.slug, "organization")
    org = listing.organisation
    if org is None:
        out = {"id": org_id, "name": listing.name, "description": listing.summary}
        if listing.website:
            out["website"] = listing.website
        if listing.email:
            out["email"] = listing.email
    else:
        out = {"id": org_id, "name": org.name,
               "description": f"The organisation that runs {listing.name}."}
        if org.website:
            out["website"] = org.website
    identifiers = []
    if org is not None and org.charity_number:
        scottish = org.charity_number.startswith("SC")
        identifiers.append({
            "id": _id(listing.slug, "organization", "identifier", "charity"),
            "organization_id": org_id,
            "identifier_scheme": "GB-SC" if scottish else "GB-CHC",
            "identifier_type": "Scottish charity number" if scottish
            else "Charity number (England and Wales)",
            "identifier": org.charity_number,
        })
    if org is not None and org.company_number:
        identifiers.append({
            "id": _id(listing.slug, "organization", "identifier", "company"),
            "organization_id": org_id,
            "identifier_scheme": "GB-COH",
            "identifier_type": "Company number",
            "identifier": org.company_number,
        })
    if listing.regulation is not None:
        reg = listing.regulation
        identifiers.append({
            "id": _id(listing.slug, "organization", "identifier", "regulator"),
            "organization_id": org_id,
            "identifier_type": f"{reg.regulator.label} provider ID",
            "identifier": reg.provider_id,
        })
    if identifiers:
        out["organization_identifiers"] = identifiers
    return out


def _location(listing: Listing) -> dict:
    loc_id = _id(listing.slug, "location")
    addr = listing.address
    address = {
        "id": _id(listing.slug, "location", "address"),
        "location_id": loc_id,
        "address_1": addr.street,
        "city": addr.town,
        "region": listing.region.label,
        "state_province": addr.county or NATION.get(listing.region, "England"),
        "postal_code": addr.postcode,
        "country": "GB",
        "address_type": "physical",
    }
    if addr.locality:
        address["address_2"] = addr.locality
    acc = listing.accessibility
    accessibility = {
        "id": _id(listing.slug, "location", "accessibility"),
        "location_id": loc_id,
        "description": _sentence(
            "Wheelchair access." if acc.wheelchair_access else "No wheelchair access.",
            "Step-free rooms." if acc.step_free_rooms else "No step-free rooms."),
    }
    if acc.notes:
        accessibility["details"] = acc.notes
    out = {
        "id": loc_id,
        "location_type": "physical",
        "name": listing.name,
        "latitude": listing.location.latitude,
        "longitude": listing.location.longitude,
        "addresses": [address],
        "accessibility": [accessibility],
    }
    if listing.regulation is not None:
        out["external_identifier"] = listing.regulation.location_id
        out["external_identifier_type"] = f"{listing.regulation.regulator.label} location ID"
    return out


def _description(listing: Listing, svc: Service) -> str:
    facts = []
    if svc.stages:
        facts.append(f"Stages: {', '.join(s.label for s in svc.stages)}.")
    if svc.length_weeks:
        facts.append("Length: "
                     + _range(svc.length_weeks.min, svc.length_weeks.max, " weeks") + ".")
    if svc.beds:
        facts.append(f"Beds: {svc.beds}.")
    if svc.wait:
        facts.append(f"Typical wait: {svc.wait.days} days "
                     f"(as stated on {svc.wait.stated.isoformat()}).")
    return _sentence(svc.description or f"{svc.type.label} at {listing.name}.", *facts,
                     f"About {listing.name}: {listing.summary}")


def _eligibility(listing: Listing) -> str:
    e = listing.eligibility
    ages = f"aged {e.min_age} to {e.max_age}" if e.max_age else f"aged {e.min_age} and over"
    substances = ", ".join(s.label for s in listing.substances)
    return _sentence(
        f"{e.gender.label}, {ages}.",
        f"For problems with: {substances}.",
        "Accepts people who are pregnant." if e.pregnancy
        else "Does not accept people who are pregnant.",
        "Children can stay with their parent." if e.parents_with_children
        else "Children cannot stay with their parent.",
        "Couples can come together." if e.couples else "Does not take couples together.",
        "Pets allowed." if e.pets else "No pets.",
    )


def _accreditations(listing: Listing) -> str | None:
    parts = []
    reg = listing.regulation
    if reg is not None:
        dated = f" (report of {reg.rating_date.isoformat()})" if reg.rating_date else ""
        parts.append(f"Registered with the {reg.regulator.label}: provider ID "
                     f"{reg.provider_id}, location ID {reg.location_id}. "
                     f"Rating: {reg.rating.label}{dated}.")
    if listing.pay.living_wage_accredited:
        parts.append("Accredited Living Wage Employer (Living Wage Foundation).")
    return _sentence(*parts) or None


def _listing_terms(listing: Listing) -> list[tuple[str, Vocab]]:
    """The taxonomy terms every service of a listing has (after its own type and stages)."""
    terms: list[tuple[str, Vocab]] = [("substance", s) for s in listing.substances]
    terms.append(("mental_health", listing.mental_health))
    terms.append(("twelve_step", listing.approach.twelve_step))
    terms += [("method", m) for m in listing.approach.methods]
    if listing.approach.faith is not None:
        terms.append(("faith", listing.approach.faith))
    terms += [("funding", f) for f in listing.funding]
    terms += [("referral_route", r) for r in listing.referral_routes]
    terms.append(("gender", listing.eligibility.gender))
    return terms


def _attributes(listing: Listing, svc: Service, service_id: str,
                shared_terms: list[tuple[str, Vocab]]) -> list[dict]:
    terms: list[tuple[str, Vocab]] = [("service_type", svc.type)]
    terms += [("rehab_stage", s) for s in svc.stages]
    terms += shared_terms
    return [{
        "id": _id(listing.slug, "service", svc.type.value, "attribute", vocabulary,
                  member.value),
        "link_id": service_id,
        "link_type": vocabulary,
        "taxonomy_term_id": taxonomy_term(vocabulary, member)["id"],
    } for vocabulary, member in terms]


def hsds_services(listing: Listing, site_url: str) -> list[dict]:
    """The listing as HSDS 3.0 service objects: one for each service it offers."""
    organization = _organization(listing)
    location = _location(listing)
    url = listing.website or (page_url(site_url, listing.slug) if site_url else None)
    # What every service of the listing says alike, made once.
    shared: dict[str, Any] = {
        "organization_id": organization["id"],
        "status": "active",
        "eligibility_description": _eligibility(listing),
        "minimum_age": listing.eligibility.min_age,
        "application_process": _sentence(
            "Referral: " + "; ".join(r.label for r in listing.referral_routes) + ".",
            f"Phone {listing.phone}" + (f" or email {listing.email}."
                                        if listing.email else ".")),
    }
    if listing.last_verified:
        shared["assured_date"] = listing.last_verified.isoformat()
    shared["organization"] = organization
    if url:
        shared["url"] = url
    if listing.email:
        shared["email"] = listing.email
    if listing.eligibility.max_age is not None:
        shared["maximum_age"] = listing.eligibility.max_age
    accreditations = _accreditations(listing)
    if accreditations:
        shared["accreditations"] = accreditations
    # HSDS keeps an extension in its own field, as a number: "+44 113 496 0871", 2.
    number, extension = split_extension(international_phone(listing.phone))
    languages = [(code, language_name(code)) for code in listing.languages]
    terms = _listing_terms(listing)
    out = []
    for svc in listing.services:
        base = (listing.slug, "service", svc.type.value)
        service_id = _id(*base)
        service: dict[str, Any] = {
            "id": service_id,
            "name": f"{listing.name}: {svc.type.label}",
            "description": _description(listing, svc),
            **shared,
            "phones": [{
                "id": _id(*base, "phone"),
                "service_id": service_id,
                "number": number,
                **({"extension": int(extension)} if extension else {}),
                "type": "voice",
            }],
            "languages": [{
                "id": _id(*base, "language", code),
                "service_id": service_id,
                "name": name,
                "code": code,
            } for code, name in languages],
            "service_at_locations": [{
                "id": _id(*base, "at", "location"),
                "service_id": service_id,
                "location_id": location["id"],
                "location": location,
            }],
            "funding": [{
                "id": _id(*base, "funding", f.value),
                "service_id": service_id,
                "source": f.label,
            } for f in listing.funding],
            "attributes": _attributes(listing, svc, service_id, terms),
        }
        cost = svc.weekly_cost
        if cost is not None:
            free = cost.min == 0 and not cost.max
            service["fees_description"] = "Free: there is no charge." if free else (
                _range(cost.min, cost.max, " a week", money=True) + ", including VAT.")
            if cost.max is not None and cost.max != cost.min:
                bands = [("min", "Lowest weekly cost", cost.min),
                         ("max", "Highest weekly cost", cost.max)]
            else:
                bands = [("min", "Free" if free else "Weekly cost", cost.min)]
            service["cost_options"] = [{
                "id": _id(*base, "cost", key),
                "service_id": service_id,
                "option": option,
                "currency": "GBP",
                "amount": amount,
                "amount_description": "per week, including VAT",
            } for key, option, amount in bands]
        out.append(service)
    return out


# ---------------------------------------------------------------------------- the files


def write_exports(checked: list[Checked], out: Path, site_url: str) -> None:
    """Write providers.json, providers.csv and the HSDS export under ``out/data/``.

    The output depends only on the listings, their evaluations and ``site_url``: two builds
    of the same data give the same bytes. The site build makes each listing's fragments
    (``export_fragments``) where it reads the listing and joins them with
    ``write_export_files``; this is the same thing done in one process.
    """
    items = _sorted(checked)
    write_export_files(out, len(items), evaluated_standards(items),
                       [join_fragments(export_fragments(c, site_url) for c in items)])


def export_fragments(c: Checked, site_url: str) -> tuple[str, str, str]:
    """One listing's providers.json item, CSV row and HSDS services (comma-joined)."""
    summary = standards_summary(c)
    item = json_text(providers_item(c, site_url, summary))
    row = _csv_text([csv_row(c, site_url, summary)])
    hsds = ",".join(json_text(s) for s in hsds_services(c.listing, site_url))
    return item, row, hsds


def join_fragments(fragments: Iterable[tuple[str, str, str]]) -> tuple[str, str, str]:
    """Consecutive listings' fragments as one part (see ``write_export_files``)."""
    items, rows, services = [], [], []
    for item, row, hsds in fragments:
        items.append(item)
        rows.append(row)
        if hsds:
            services.append(hsds)
    return ",".join(items), "".join(rows), ",".join(services)


class ExportWriter:
    """The open-data files under ``data/``, written a part at a time (``add``:
    ``join_fragments`` of consecutive listings, in slug order) and completed by ``finish``.

    The site build adds each slice's part as soon as its worker hands it back, while the
    workers go on with the rest. providers.json starts with a head that counts the listings
    and lists the standards, known only at the end, so its items go to a scratch file
    beside it that ``finish`` copies in after the head."""

    def __init__(self, out: Path):
        self.data = out / "data"
        (self.data / "hsds").mkdir(parents=True, exist_ok=True)
        self._scratch = self.data / ".providers-items.part"
        self._files: list[Any] = []
        self._items = self._open(self._scratch)
        self._table = self._open(self.data / "providers.csv")
        self._services = self._open(self.data / "hsds" / "services.json")
        self._table.write(_csv_text([CSV_COLUMNS]))
        self._services.write("[")
        self._first_item = self._first_service = True

    def _open(self, path: Path) -> Any:
        handle = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - kept open
        self._files.append(handle)
        return handle

    def add(self, part: tuple[str, str, str]) -> None:
        items, rows, hsds = part
        if items:
            self._items.write(("" if self._first_item else ",") + items)
            self._first_item = False
        self._table.write(rows)
        if hsds:
            self._services.write(("" if self._first_service else ",") + hsds)
            self._first_service = False

    def finish(self, count: int, standards: Iterable[Any]) -> None:
        """``count`` listings were added, evaluated against the ``Standard`` objects
        ``standards``."""
        self._services.write("]\n")
        self.close()
        head = _dump(providers_head(count, standards))
        before, after = head.split(b'"providers":[]', 1)
        with open(self.data / "providers.json", "wb") as providers, \
                open(self._scratch, "rb") as items:
            providers.write(before + b'"providers":[')
            shutil.copyfileobj(items, providers, 1 << 20)
            providers.write(b"]" + after)
        self._scratch.unlink()
        (self.data / "hsds" / "taxonomy.json").write_bytes(_dump(taxonomy_document()))

    def close(self) -> None:
        """Close the files (``finish`` does; call it if the build stops before)."""
        for handle in self._files:
            handle.close()


def write_export_files(out: Path, count: int, standards: Iterable[Any],
                       parts: Iterable[tuple[str, str, str]]) -> None:
    """Write the open-data files from ``parts`` (see ``ExportWriter``)."""
    writer = ExportWriter(out)
    try:
        for part in parts:
            writer.add(part)
        writer.finish(count, standards)
    finally:
        writer.close()


def _csv_text(rows: Iterable[Iterable[str]]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return buffer.getvalue()


# ---------------------------------------------------------------------------- schema.org


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
    low, high = listing.lowest_weekly_cost, listing.highest_weekly_cost
    if low is not None:
        data["priceRange"] = ("Free" if not high else
                              _range(low, high, " a week", money=True))
    if listing.organisation is not None:
        org = {"@type": "Organization", "name": listing.organisation.name}
        if listing.organisation.website:
            org["url"] = listing.organisation.website
        data["parentOrganization"] = org
    return data


# str.translate looks each character up in a dict (~0.2 ms per 10 KB); these five rare
# characters are replaced by scans in C instead, only when present.
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def json_text(data: Any) -> str:
    """The one JSON writer for everything we publish: key-sorted and compact (the same bytes
    for the same data), and safe to embed in a page: < > & and U+2028/2029 are written as
    \\u escapes, so it can never end a script element or open a comment.

    The escapes are inside JSON strings (those characters cannot occur elsewhere in JSON), so
    the text parses back to exactly ``data``.
    """
    try:
        # orjson writes the same text as json.dumps below, ~6 times as fast (0.23 -> 0.04 ms
        # a listing here). The one difference is how it writes a number under 0.0001 (a
        # longitude by Greenwich): 0.00005 where json writes 5e-05, the same number.
        text = orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:  # orjson.JSONEncodeError: an integer beyond 64 bits, a key not text
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES:
        if char in text:
            text = text.replace(char, escape)
    return text


def jsonld_script(data: dict) -> str:
    """The whole ``<script type="application/ld+json">`` element, safe to embed with |safe."""
    return f'<script type="application/ld+json">{json_text(data)}</script>'
