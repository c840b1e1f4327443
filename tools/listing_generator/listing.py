"""One generated listing as YAML text. Its choices are the model's vocabularies, in their
order, so that a value added to a vocabulary is generated too; the weights say how common each
is. Every dated piece of evidence is recent enough for the framework's standards."""

from __future__ import annotations

import random
from datetime import date

from rehab_directory.core.model import Policies, Training
from rehab_directory.core.vocab import (
    Faith,
    Funding,
    Gender,
    MentalHealthSupport,
    Method,
    Rating,
    ReferralRoute,
    Region,
    Regulator,
    Substance,
    TwelveStep,
)
from rehab_directory.core.yamltext import flow, mapping, quoted
from rehab_directory.framework.checks import REGULATOR_FOR

from .description import description
from .services import ago, services
from .towns import LONDON_AREAS, PHONE_FORMATS, POSTCODE_LETTERS, TOWNS
from .words import (
    ACCESSIBILITY_NOTES,
    EMAIL_NAMES,
    FIRST,
    LANGUAGES,
    MECHANISMS,
    NEARBY,
    ORG_KINDS,
    SECOND,
    SERVICE_WORDS,
    SETTINGS,
    STREETS,
    WHO,
)

# The first line of every generated listing.
HEADER = ("# A fictional listing made by tools/listing_generator: every name, number and ID "
          "is invented.")
# The oldest a piece of evidence is made, in days: inside the standards' 24 and 12 months
# with room to spare. Fixed figures, so that the same seed makes the same files whatever the
# standards say; tests/bench/test_generate.py checks they stay inside every standard's limit,
# and that every generated listing meets every standard.
WITHIN_24_MONTHS, WITHIN_12_MONTHS = 600, 300
# How common each value is (in the vocabulary's order); a value left out is never generated.
GENDER = {Gender.MIXED: 75, Gender.WOMEN_ONLY: 12, Gender.MEN_ONLY: 13}
MENTAL_HEALTH = {MentalHealthSupport.NONE: 20, MentalHealthSupport.SUPPORTED: 60,
                 MentalHealthSupport.SPECIALIST: 20}
# Not Inadequate: REG-002 would fail it, and every generated listing meets every standard.
RATING = {Rating.OUTSTANDING: 10, Rating.GOOD: 70, Rating.REQUIRES_IMPROVEMENT: 12,
          Rating.NOT_RATED: 8}
SUBSTANCE_CHANCE, ROUTE_CHANCE, FUNDING_CHANCE, METHOD_CHANCE = 0.45, 0.55, 0.4, 0.3
ELIGIBILITY_CHANCE = {"pregnancy": 0.2, "parents_with_children": 0.08, "couples": 0.15,
                      "pets": 0.05}
# Fictional IDs in each regulator's style (CQC's "1-" IDs are the model's own pattern).
ID_PREFIX = {Regulator.CIW: "CIW", Regulator.CARE_INSPECTORATE: "CS", Regulator.RQIA: "RQIA"}
# The policies written in one line each; strip_search and dignity_and_respect come first.
LINE_POLICIES = [name for name in Policies.model_fields
                 if name not in ("strip_search", "dignity_and_respect")]


def _weighted(rng: random.Random, weights: dict) -> object:
    return rng.choices(list(weights), list(weights.values()))[0]


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _some(rng: random.Random, values: object, chance: float, otherwise: object) -> list:
    """Each value with the given chance, in the vocabulary's order; ``otherwise`` if none."""
    return [v for v in values if rng.random() < chance] or [otherwise]


def generate_listing(i: int, rng: random.Random, today: date) -> str:
    """Listing number ``i`` as YAML text; its slug ends in ``-i`` so slugs never repeat."""
    town = rng.choice(TOWNS)
    first, second = rng.choice(FIRST), rng.choice(SECOND)
    name = f"{first} {second}"
    if rng.random() < 0.15:
        name = f"The {name}"
    base = "-".join(f"{first} {second} {town.name}".lower().replace("'", "").split())
    slug = f"{base}-{i}"
    domain = f"{first}-{second}".lower() + ".example.org.uk"
    offered = services(rng, today)
    kinds = [k for k, _ in offered]
    gender = _weighted(rng, GENDER)
    setting, near = rng.choice(SETTINGS), rng.choice(NEARBY)
    summary = (f"{SERVICE_WORDS[kinds[0]].capitalize()}"
               + (f" and {SERVICE_WORDS[kinds[1]]}" if len(kinds) > 1 else "")
               + f" for {WHO[gender]} in {setting} near {near}.")
    district = rng.choice(town.districts.split())
    postcode = (f"{district} {rng.randint(1, 9)}{rng.choice(POSTCODE_LETTERS)}"
                f"{rng.choice(POSTCODE_LETTERS)}")
    spread = 0.08 if town.region is Region.LONDON else 0.03
    substances = _some(rng, Substance, SUBSTANCE_CHANCE, Substance.ALCOHOL)
    if Substance.ALCOHOL not in substances and rng.random() < 0.8:
        substances.insert(0, Substance.ALCOHOL)
    routes = _some(rng, ReferralRoute, ROUTE_CHANCE, ReferralRoute.SELF)
    funding = _some(rng, Funding, FUNDING_CHANCE, Funding.SELF_FUNDED)
    faith = rng.random() < 0.1
    regulator = REGULATOR_FOR.get(town.region, Regulator.CQC)
    rating = _weighted(rng, RATING)

    y = [HEADER,
         f"slug: {slug}",
         f"name: {quoted(name)}",
         f"summary: {quoted(summary)}",
         "description: |"]
    y += [("  " + line) if line else "" for line in
          description(rng, name, town.name, setting, near, kinds).split("\n")]
    if rng.random() < 0.7:
        y += ["organisation:",
              f"  name: {quoted(first + ' ' + rng.choice(ORG_KINDS))}"]
        if rng.random() < 0.5:
            y.append(f"  website: https://www.{first.lower()}-group.example.com/")
    if rng.random() < 0.85:
        y.append(f"website: https://www.{domain}/")
    y.append(f"phone: {quoted(PHONE_FORMATS[town.phone_kind].format(rng.randint(0, 999)))}")
    if rng.random() < 0.85:
        y.append(f"email: {rng.choice(EMAIL_NAMES)}@{domain}")
    y += ["address:", f"  street: {quoted(f'{rng.randint(1, 240)} {rng.choice(STREETS)}')}"]
    if town.region is Region.LONDON:
        y.append(f"  locality: {quoted(rng.choice(LONDON_AREAS))}")
    y.append(f"  town: {quoted(town.name)}")
    if town.county:
        y.append(f"  county: {quoted(town.county)}")
    y += [f"  postcode: {postcode}",
          "location:",
          f"  latitude: {town.latitude + rng.uniform(-spread, spread):.4f}",
          f"  longitude: {town.longitude + rng.uniform(-spread, spread):.4f}",
          f"region: {town.region}",
          f"referral_routes: {flow(routes)}",
          "services:"]
    for _, lines in offered:
        y += lines
    y += [f"substances: {flow(substances)}",
          f"mental_health: {_weighted(rng, MENTAL_HEALTH)}",
          "approach:",
          f"  twelve_step: {rng.choice(tuple(TwelveStep))}",
          f"  methods: {flow(m for m in Method if rng.random() < METHOD_CHANCE)}",
          f"  faith_based: {_bool(faith)}"]
    if faith:
        y.append(f"  faith: {rng.choice(tuple(Faith))}")
    y += _people(rng, town.region, gender)
    y += [f"funding: {flow(funding)}",
          "regulation:",
          f"  regulator: {regulator}"]
    if regulator is Regulator.CQC:
        y += [f"  provider_id: \"1-9{rng.randrange(10**8):08d}\"",
              f"  location_id: \"1-9{rng.randrange(10**8):08d}\""]
    else:
        prefix = ID_PREFIX[regulator]
        y += [f"  provider_id: \"{prefix}-9{rng.randrange(10**7):07d}\"",
              f"  location_id: \"{prefix}-9{rng.randrange(10**7):07d}\""]
    y.append(f"  rating: {rating}")
    if rating is not Rating.NOT_RATED:
        y.append(f"  rating_date: {ago(today, rng, 30, 1500)}")
    y += _evidence(rng, today, domain)
    y += [f"last_verified: {ago(today, rng, 0, WITHIN_12_MONTHS)}",
          f"maintainers: [{first.lower()}-{second.lower()}-{i}]"]
    return "\n".join(y) + "\n"


def _people(rng: random.Random, region: Region, gender: Gender) -> list[str]:
    """Languages, eligibility and accessibility."""
    languages = ["en"]
    if region is Region.WALES and rng.random() < 0.5:
        languages.append("cy")
    if region is Region.SCOTLAND and rng.random() < 0.1:
        languages.append("gd")
    languages += rng.sample(LANGUAGES, rng.choices((0, 1, 2, 3), (50, 25, 15, 10))[0])
    min_age = rng.choices((18, 16, 21, 25), (80, 5, 10, 5))[0]
    y = [f"languages: {flow(languages)}",
         "eligibility:",
         f"  gender: {gender}",
         f"  min_age: {min_age}"]
    if rng.random() < 0.4:
        y.append(f"  max_age: {rng.randint(60, 85)}")
    y += [f"  {k}: {_bool(rng.random() < p)}" for k, p in ELIGIBILITY_CHANCE.items()]
    wheelchair = rng.random() < 0.6
    y += ["accessibility:",
          f"  wheelchair_access: {_bool(wheelchair)}",
          f"  step_free_rooms: {_bool(wheelchair or rng.random() < 0.2)}"]
    if rng.random() < 0.4:
        y.append("  notes: " + quoted(rng.choice(ACCESSIBILITY_NOTES)))
    return y


def _evidence(rng: random.Random, today: date, domain: str) -> list[str]:
    """Policies, pay, training and feedback: all present, all recent."""
    y = ["policies:",
         "  strip_search: false",
         "  dignity_and_respect:",
         f"    reviewed: {ago(today, rng, 0, WITHIN_24_MONTHS)}",
         f"    url: https://www.{domain}/policies/dignity"]
    for policy in LINE_POLICIES:
        published = rng.random() < 0.3
        reviewed = {"reviewed": ago(today, rng, 0, WITHIN_24_MONTHS)}
        if published:
            reviewed["url"] = f"https://www.{domain}/policies/{policy.replace('_', '-')}"
        y.append(f"  {policy}: {mapping(reviewed)}")
    accredited = rng.random() < 0.25
    y += ["pay:",
          f"  lowest_hourly_rate: {rng.uniform(14.9, 17.5):.2f}",
          f"  stated: {ago(today, rng, 0, WITHIN_12_MONTHS)}",
          f"  living_wage_accredited: {_bool(accredited)}",
          "training:"]
    y += [f"  {name}: {ago(today, rng, 0, WITHIN_24_MONTHS)}" for name in Training.model_fields]
    y += ["lived_experience:",
          f"  mechanism: {quoted(rng.choice(MECHANISMS))}",
          f"  last_round: {ago(today, rng, 0, WITHIN_12_MONTHS)}"]
    return y
