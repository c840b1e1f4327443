"""The questions a new listing asks, which apply given the answers so far, and its slug.

Nothing is claimed for the provider: every question about what the service offers or whom it
takes needs an answer (``claim``), and with ``--yes`` a claim not given is written as ``TODO``.
Beds, waits and costs are asked for each service (``PER_SERVICE``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rehab_directory.core import model
from rehab_directory.core.vocab import (
    Faith,
    Funding,
    Gender,
    MentalHealthSupport,
    ReferralRoute,
    Region,
    RehabStage,
    ServiceType,
    Substance,
    TwelveStep,
    Vocab,
)

from .answers import (
    adapter,
    choice,
    choices,
    longitude,
    number_range,
    optional,
    position,
    website,
    whole_number,
    yes_no,
)

TODO = "TODO"  # what --yes writes for a claim nobody made; the validator refuses it plainly

@dataclass(frozen=True)
class Question:
    name: str  # the command-line option is --name with _ as -
    prompt: str
    check: Callable[[str], Any]
    help: str = ""
    vocab: type[Vocab] | None = None
    optional: bool = False  # Enter leaves it out (not a claim: an email, beds)
    claim: bool = False  # with --yes and no option, written as TODO for the provider


def _about(group: type[model.Model], field: str) -> str:
    """The model's own description of a field, for the question's help."""
    return " ".join((group.model_fields[field].description or "").split())


def _yes_no(name: str, prompt: str, group: type[model.Model]) -> Question:
    return Question(name, prompt + " (y/n)", yes_no, _about(group, name), claim=True)


QUESTIONS = (
    Question("name", "Name of the service", adapter(model.Name),
             "As people know it, e.g. Harbour House."),
    Question("town", "Town or city", adapter(model.Name), "The post town of the address."),
    Question("street", "Street address", adapter(model.Name), "Number and street."),
    Question("postcode", "Postcode", adapter(model.Postcode)),
    Question("region", "Region", choice(Region), "A number, or the name or part of it "
             "(e.g. yorkshire).", vocab=Region),
    Question("latitude", "Map position: latitude, or both numbers as a map gives them", position,
             "Find the building on a map and copy its coordinates: e.g. 53.8329, or "
             "53.8329, -1.4987 for both."),
    Question("longitude", "Longitude", longitude, "e.g. -1.4987 (negative west of Greenwich)."),
    Question("phone", "Phone number for enquiries", adapter(model.Phone),
             "With its area code; an extension after it, e.g. 0113 496 0871 ext 2."),
    Question("email", "Email for enquiries (Enter to skip)", optional(adapter(model.Email)),
             optional=True),
    Question("website", "Website (Enter to skip)", optional(website),
             "e.g. www.example.org.uk (https:// is added).", optional=True),
    Question("summary", "One-line summary", adapter(model.ShortText),
             "Up to 200 characters: what you offer and for whom."),
    Question("service", "Services", choices(ServiceType),
             "One or more, separated by commas (numbers or names).", vocab=ServiceType),
    Question("stages", "Stages of residential rehab you offer", choices(RehabStage),
             "One or more, separated by commas.", vocab=RehabStage, claim=True),
    Question("substance", "Substances you treat", choices(Substance),
             "One or more, separated by commas.", vocab=Substance),
    Question("referral", "How people are referred", choices(ReferralRoute),
             "One or more, separated by commas.", vocab=ReferralRoute),
    Question("funding", "How places are paid for", choices(Funding),
             "One or more, separated by commas.", vocab=Funding),
    Question("gender", "Who you take", choice(Gender), vocab=Gender, claim=True),
    Question("mental_health", "Mental health support", choice(MentalHealthSupport),
             _about(model.Listing, "mental_health"), vocab=MentalHealthSupport, claim=True),
    Question("twelve_step", "Is the programme 12-step?", choice(TwelveStep), vocab=TwelveStep,
             claim=True),
    _yes_no("faith_based", "Is the programme faith-based?", model.Approach),
    Question("faith", "Which faith", choice(Faith), vocab=Faith, claim=True),
    _yes_no("wheelchair_access", "Can a wheelchair user get in and use the shared rooms?",
            model.Accessibility),
    _yes_no("step_free_rooms", "Is there a bedroom without steps?", model.Accessibility),
    _yes_no("pregnancy", "Do you accept people who are pregnant?", model.Eligibility),
    _yes_no("parents_with_children", "Can children stay with their parent?",
            model.Eligibility),
    _yes_no("couples", "Can a couple come into treatment together?", model.Eligibility),
    _yes_no("pets", "Can residents bring a pet?", model.Eligibility),
    Question("maintainer", "Your GitHub user name", adapter(model.GitHubHandle),
             "You will be able to change this listing by pull request."),
)
BY_NAME = {q.name: q for q in QUESTIONS}

# Asked for each service chosen (Enter: later). Option: --beds residential_rehab=18, or
# --beds 18 when there is one service.
PER_SERVICE = {
    "beds": ("Beds for {label}", whole_number(1, 500, "a number of beds"), "a number"),
    "wait": ("Typical wait for {label}, in days from referral to admission",
             whole_number(0, 730, "a number of days"), "a number of days"),
    "cost": ("Weekly cost of {label} in pounds, with VAT",
             number_range(model.WeeklyCost, "a weekly cost"), "e.g. 950-1200, or 0 if it is free"),
}
_NO_BEDS = {ServiceType.AFTERCARE.value, ServiceType.DAY_PROGRAMME.value}
_NO_WAIT = {ServiceType.AFTERCARE.value}


def asked(name: str, answers: dict[str, Any]) -> bool:
    """Whether a question applies, given the answers so far."""
    if name == "longitude":
        return not isinstance(answers.get("latitude"), tuple)
    if name == "stages":
        return ServiceType.RESIDENTIAL_REHAB.value in answers.get("service", [])
    if name == "faith":
        return answers.get("faith_based") is True
    return True


def per_service(code: str) -> list[str]:
    kinds = ["beds", "wait", "cost"]
    if code in _NO_BEDS:
        kinds.remove("beds")
    if code in _NO_WAIT:
        kinds.remove("wait")
    return kinds


def slugify(name: str, town: str) -> str:
    def plain(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")

    name_part, town_part = plain(name), plain(town)
    slug = name_part if town_part and town_part in name_part else f"{name_part}-{town_part}"
    slug = slug.strip("-")[:60].rstrip("-")
    return slug
