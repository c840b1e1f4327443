"""Open Referral HSDS 3.0: the directory as service objects, and our taxonomy.

- ``hsds/services.json``: a JSON array of HSDS 3.0 service objects, each complete (nested
  organization, service_at_locations with location and address, phones, languages,
  cost_options, funding, attributes) and valid against Open Referral's ``service.json``.
  An attribute names its term by ``taxonomy_term_id`` only (HSDS makes the nested
  ``taxonomy_term`` optional): nesting the whole term in every attribute made two thirds of
  the file, ~20 KB per provider.
- ``hsds/taxonomy.json``: our taxonomy (``TAXONOMY``): every term an attribute can use, by
  ``id``, with its ``code`` (``<vocabulary>:<value>``), ``name`` and ``description``.

Every ``id`` is a stable identifier (``ids``): a provider keeps its IDs for as long as it
keeps its slug.

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

Admissions paused: the service still runs for the people already there, so its ``status``
stays ``active`` (``temporarily closed`` would say it is shut); HSDS's ``alert`` ("short term
alerts concerning the service") carries the notice the result cards show, with the day the
provider said it and their note, on every service of the listing.

Nothing is invented: fields we do not know (schedules, service areas, contacts, last
modified time) are left out rather than filled with guesses. Residential services take
people from anywhere, so no service area is given.
"""

from __future__ import annotations

import uuid
from datetime import date
from functools import cache
from typing import Any

from rehab_directory.core import vocab
from rehab_directory.core.fields import international_phone, language_name, split_extension
from rehab_directory.core.model import Listing, Service
from rehab_directory.core.vocab import Region, Vocab
from rehab_directory.support.clock import long_date
from rehab_directory.support.money import cost_range

from .ids import NAMESPACE, stable_id
from .providers_json import VERSION, page_url
from .wording import admissions_notice, sentence, value_range

TAXONOMY_NAME = "Open Rehab Directory"
TAXONOMY_ID = uuid.uuid5(NAMESPACE, "taxonomy")

# vocabulary name (the attribute's link_type and the first part of a term's code) ->
# (enum, what the vocabulary describes)
TAXONOMY: dict[str, tuple[type[Vocab], str]] = {
    "service_type": (vocab.ServiceType, "Type of service"),
    "rehab_stage": (vocab.RehabStage, "Stage of residential rehab offered"),
    "substance": (vocab.Substance, "Substance the service helps with"),
    "mental_health": (vocab.MentalHealthSupport, "Support for co-occurring mental health needs"),
    "twelve_step": (vocab.TwelveStep, "How far the programme follows the 12 steps"),
    "method": (vocab.Method, "Therapeutic method used"),
    "faith": (vocab.Faith, "Faith the programme is based on"),
    "funding": (vocab.Funding, "How a place can be paid for"),
    "referral_route": (vocab.ReferralRoute, "How people can be referred"),
    "gender": (vocab.Gender, "Who the service is for, by gender"),
}

NATION = {
    Region.WALES: "Wales",
    Region.SCOTLAND: "Scotland",
    Region.NORTHERN_IRELAND: "Northern Ireland",
}


@cache
def taxonomy_term(vocabulary: str, member: Vocab) -> dict:
    """One term of our taxonomy (shared, so never mutate it)."""
    _, describes = TAXONOMY[vocabulary]
    return {
        "id": stable_id("taxonomy", vocabulary, member.value),
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
    org_id = stable_id(listing.slug, "organization")
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
            "id": stable_id(listing.slug, "organization", "identifier", "charity"),
            "organization_id": org_id,
            "identifier_scheme": "GB-SC" if scottish else "GB-CHC",
            "identifier_type": "Scottish charity number" if scottish
            else "Charity number (England and Wales)",
            "identifier": org.charity_number,
        })
    if org is not None and org.company_number:
        identifiers.append({
            "id": stable_id(listing.slug, "organization", "identifier", "company"),
            "organization_id": org_id,
            "identifier_scheme": "GB-COH",
            "identifier_type": "Company number",
            "identifier": org.company_number,
        })
    if listing.regulation is not None:
        reg = listing.regulation
        identifiers.append({
            "id": stable_id(listing.slug, "organization", "identifier", "regulator"),
            "organization_id": org_id,
            "identifier_type": f"{reg.regulator.label} provider ID",
            "identifier": reg.provider_id,
        })
    if identifiers:
        out["organization_identifiers"] = identifiers
    return out


def _location(listing: Listing) -> dict:
    loc_id = stable_id(listing.slug, "location")
    addr = listing.address
    address = {
        "id": stable_id(listing.slug, "location", "address"),
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
        "id": stable_id(listing.slug, "location", "accessibility"),
        "location_id": loc_id,
        "description": sentence(
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
        weeks = value_range(svc.length_weeks.min, svc.length_weeks.max, " weeks")
        facts.append(f"Length: {weeks}.")
    if svc.beds:
        facts.append(f"Beds: {svc.beds}.")
    if svc.wait:
        facts.append(f"Typical wait: {svc.wait.days} days "
                     f"(as stated on {svc.wait.stated.isoformat()}).")
    return sentence(svc.description or f"{svc.type.label} at {listing.name}.", *facts,
                    f"About {listing.name}: {listing.summary}")


def _eligibility(listing: Listing) -> str:
    e = listing.eligibility
    ages = f"aged {e.min_age} to {e.max_age}" if e.max_age else f"aged {e.min_age} and over"
    substances = ", ".join(s.label for s in listing.substances)
    return sentence(
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
    return sentence(*parts) or None


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
        "id": stable_id(listing.slug, "service", svc.type.value, "attribute", vocabulary,
                        member.value),
        "link_id": service_id,
        "link_type": vocabulary,
        "taxonomy_term_id": taxonomy_term(vocabulary, member)["id"],
    } for vocabulary, member in terms]


def hsds_services(listing: Listing, site_url: str, today: date | None = None) -> list[dict]:
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
        "application_process": sentence(
            "Referral: " + "; ".join(r.label for r in listing.referral_routes) + ".",
            f"Phone {listing.phone}" + (f" or email {listing.email}."
                                        if listing.email else ".")),
    }
    if listing.last_verified:
        shared["assured_date"] = listing.last_verified.isoformat()
    notice = admissions_notice(listing.admissions, today)
    if notice:
        adm = listing.admissions
        shared["alert"] = sentence(f"{notice}, as the provider said on "
                                   f"{long_date(adm.stated)}.", adm.note)
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
        service_id = stable_id(*base)
        service: dict[str, Any] = {
            "id": service_id,
            "name": f"{listing.name}: {svc.type.label}",
            "description": _description(listing, svc),
            **shared,
            "phones": [{
                "id": stable_id(*base, "phone"),
                "service_id": service_id,
                "number": number,
                **({"extension": int(extension)} if extension else {}),
                "type": "voice",
            }],
            "languages": [{
                "id": stable_id(*base, "language", code),
                "service_id": service_id,
                "name": name,
                "code": code,
            } for code, name in languages],
            "service_at_locations": [{
                "id": stable_id(*base, "at", "location"),
                "service_id": service_id,
                "location_id": location["id"],
                "location": location,
            }],
            "funding": [{
                "id": stable_id(*base, "funding", f.value),
                "service_id": service_id,
                "source": f.label,
            } for f in listing.funding],
            "attributes": _attributes(listing, svc, service_id, terms),
        }
        cost = svc.weekly_cost
        if cost is not None:
            free = cost.min == 0 and not cost.max
            service["fees_description"] = "Free: there is no charge." if free else (
                cost_range(cost.min, cost.max) + ", including VAT.")
            if cost.max is not None and cost.max != cost.min:
                bands = [("min", "Lowest weekly cost", cost.min),
                         ("max", "Highest weekly cost", cost.max)]
            else:
                bands = [("min", "Free" if free else "Weekly cost", cost.min)]
            service["cost_options"] = [{
                "id": stable_id(*base, "cost", key),
                "service_id": service_id,
                "option": option,
                "currency": "GBP",
                "amount": amount,
                "amount_description": "per week, including VAT",
            } for key, option, amount in bands]
        out.append(service)
    return out
