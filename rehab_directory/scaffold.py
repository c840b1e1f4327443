"""Start a new listing: ask for the essentials, write every field, validate it.

    python scripts/new_listing.py                 # asks in the terminal
    python scripts/new_listing.py --name "Harbour House" --town Hull ... --yes   # for scripts

Each answer is checked as it is given, with the listing format's own rules (the same types the
validator uses), so a mistake is caught at the question, not later. Answers are taken as
people give them: part of a region's name ("yorkshire"), a position pasted from a map as one
pair ("53.74, -0.33"), y/n/yes/no in any case, a web address without https://, a weekly cost
as "950-1200".

Nothing is claimed for the provider. Every question about what the service offers or whom it
takes (mental health support, gender, pregnancy, wheelchair access...) needs an answer; there
is no default to take with Enter. With ``--yes`` (nothing asked), a claim not given as an
option is written as ``TODO``, which the validator refuses with a plain message until the
provider answers it. Beds, waits and costs are asked for each service; Enter leaves them as
commented lines to fill in later.

A new listing is unverified: the scaffold never writes ``last_verified`` or ``verified_by``
(a framework reviewer records a verification, see REVIEWING.md). The file written to
``content/providers/<slug>.yaml`` has every field of the format; the framework's evidence
(regulation, policies, pay, training, feedback) is written as commented blocks that explain
what to write, and the validator then says which standards still need it.

Exit status: 0 when the file is written and valid as a listing (standards may still be unmet),
1 when it could not be written or does not validate yet (a TODO left), 2 for a usage error or
a missing answer.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from rehab_directory.core import model
from rehab_directory.core.findings import Severity
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
from rehab_directory.framework.standards import StandardsDataError
from rehab_directory.support.clock import uk_today

from .validate import CONTENT, ROOT, Validator, display_path
from .verify import KEYS as REVIEWER_KEYS

SCHEMA_MODELINE = "# yaml-language-server: $schema=../../schema/listing.schema.json"
TODO = "TODO"  # what --yes writes for a claim nobody made; the validator refuses it plainly


class Invalid(ValueError):
    """An answer that does not fit; the message says why and how to fix it."""


def _adapter(kind: Any) -> Callable[[str], Any]:
    adapter = TypeAdapter(kind)

    def check(text: str) -> Any:
        try:
            return adapter.validate_python(text)
        except ValidationError as exc:
            error = exc.errors()[0]
            fix = (error.get("ctx") or {}).get("fix")
            raise Invalid(error["msg"] + (f"; {fix}" if fix else "")) from None

    return check


def _optional(check: Callable[[str], Any]) -> Callable[[str], Any]:
    def inner(text: str) -> Any:
        return check(text) if text.strip() else None

    return inner


# ---------------------------------------------------------------------------- answers


_NUMBER = r"[-+]?\d+(?:\.\d+)?"


def _coordinate(low: float, high: float, what: str, example: str) -> Callable[[str], float]:
    def check(text: str) -> float:
        try:
            value = float(text.strip().replace("\u2212", "-"))  # a typographic minus too
        except ValueError:
            raise Invalid(f"'{text}' is not a number; write it like {example}") from None
        if not low <= value <= high:
            raise Invalid(f"{value} is not a {what} in the UK (between {low} and {high}); "
                          "check you have not swapped latitude and longitude")
        return round(value, 5)

    return check


_latitude = _coordinate(*model.UK_LATITUDE, "latitude", "53.8329")
_longitude = _coordinate(*model.UK_LONGITUDE, "longitude", "-1.4987")


def position(text: str) -> float | tuple[float, float]:
    """A latitude, or a pair pasted from a map ("53.74, -0.33"): (latitude, longitude).
    A pair the wrong way round ("-0.33, 53.74") is put right."""
    numbers = re.findall(_NUMBER, text.replace("\u2212", "-"))
    if len(numbers) != 2:
        return _latitude(text)
    first, second = (float(n) for n in numbers)
    low, high = model.UK_LATITUDE
    if not low <= first <= high and low <= second <= high:
        first, second = second, first  # longitude first, as some tools copy it
    return _latitude(str(first)), _longitude(str(second))


_YES = {"y", "yes", "true", "t", "1"}
_NO = {"n", "no", "false", "f", "0"}


def yes_no(text: str) -> bool:
    answer = text.strip().casefold()
    if answer in _YES:
        return True
    if answer in _NO:
        return False
    raise Invalid(f"'{text}' is not yes or no; answer y or n")


def website(text: str) -> str:
    """A web address, https:// added when it was left out ("www.example.org.uk")."""
    text = text.strip()
    if text and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text):
        text = "https://" + text
    return _adapter(model.WebUrl)(text)


def _range(kind: type[model.Range], what: str) -> Callable[[str], Any]:
    """A range as people write it: "950-1200", "950 to 1200", "£950", "6-12 weeks"."""

    def check(text: str) -> dict[str, int]:
        numbers = re.findall(r"\d+", text.replace(",", ""))
        if not 1 <= len(numbers) <= 2 or re.search(r"\d\s*\.\s*\d", text):
            raise Invalid(f"'{text}' is not {what}; write it like 950-1200, or one number")
        values = sorted(int(n) for n in numbers)
        data = {"min": values[0]} | ({"max": values[1]} if len(values) == 2 else {})
        try:
            kind.model_validate(data)
        except ValidationError as exc:
            raise Invalid(f"'{text}': {exc.errors()[0]['msg']}") from None
        return data

    return check


def _whole(low: int, high: int, what: str) -> Callable[[str], int]:
    def check(text: str) -> int:
        if not text.strip().isdigit() or not low <= int(text) <= high:
            raise Invalid(f"'{text}' is not {what}; write a whole number from {low} to {high}")
        return int(text)

    return check


def _choice(vocab: type[Vocab]) -> Callable[[str], str]:
    def check(text: str) -> str:
        return _pick(vocab, text.strip())

    return check


def _choices(vocab: type[Vocab]) -> Callable[[str], list[str]]:
    def check(text: str) -> list[str]:
        parts = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
        if not parts:
            raise Invalid("give at least one, separated by commas")
        out = []
        for part in parts:
            code = _pick(vocab, part)
            if code not in out:
                out.append(code)
        return out

    return check


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def _pick(vocab: type[Vocab], text: str) -> str:
    """A choice by its number, its code or its label, whole or in part ("yorkshire")."""
    members = list(vocab)
    if text.isdigit() and 1 <= int(text) <= len(members):
        return members[int(text) - 1].value
    wanted = _plain(text)
    if not wanted:
        raise Invalid(f"give one of the choices: {', '.join(vocab.codes())}")
    for m in members:
        if wanted in (_plain(m.value), _plain(m.label)):
            return m.value
    words = wanted.split()
    partial = [m for m in members
               if all(any(w.startswith(part) for w in f"{_plain(m.value)} {_plain(m.label)}"
                          .split()) for part in words)]
    if len(partial) == 1:
        return partial[0].value
    if partial:
        raise Invalid(f"'{text}' could be any of: {', '.join(m.value for m in partial)}; "
                      "give more of the name")
    raise Invalid(f"'{text}' is not one of the choices: {', '.join(vocab.codes())}")


# ---------------------------------------------------------------------------- questions


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
    Question("name", "Name of the service", _adapter(model.Name),
             "As people know it, e.g. Harbour House."),
    Question("town", "Town or city", _adapter(model.Name), "The post town of the address."),
    Question("street", "Street address", _adapter(model.Name), "Number and street."),
    Question("postcode", "Postcode", _adapter(model.Postcode)),
    Question("region", "Region", _choice(Region), "A number, or the name or part of it "
             "(e.g. yorkshire).", vocab=Region),
    Question("latitude", "Map position: latitude, or both numbers as a map gives them", position,
             "Find the building on a map and copy its coordinates: e.g. 53.8329, or "
             "53.8329, -1.4987 for both."),
    Question("longitude", "Longitude", _longitude, "e.g. -1.4987 (negative west of Greenwich)."),
    Question("phone", "Phone number for enquiries", _adapter(model.Phone),
             "With its area code; an extension after it, e.g. 0113 496 0871 ext 2."),
    Question("email", "Email for enquiries (Enter to skip)", _optional(_adapter(model.Email)),
             optional=True),
    Question("website", "Website (Enter to skip)", _optional(website),
             "e.g. www.example.org.uk (https:// is added).", optional=True),
    Question("summary", "One-line summary", _adapter(model.ShortText),
             "Up to 200 characters: what you offer and for whom."),
    Question("service", "Services", _choices(ServiceType),
             "One or more, separated by commas (numbers or names).", vocab=ServiceType),
    Question("stages", "Stages of residential rehab you offer", _choices(RehabStage),
             "One or more, separated by commas.", vocab=RehabStage, claim=True),
    Question("substance", "Substances you treat", _choices(Substance),
             "One or more, separated by commas.", vocab=Substance),
    Question("referral", "How people are referred", _choices(ReferralRoute),
             "One or more, separated by commas.", vocab=ReferralRoute),
    Question("funding", "How places are paid for", _choices(Funding),
             "One or more, separated by commas.", vocab=Funding),
    Question("gender", "Who you take", _choice(Gender), vocab=Gender, claim=True),
    Question("mental_health", "Mental health support", _choice(MentalHealthSupport),
             _about(model.Listing, "mental_health"), vocab=MentalHealthSupport, claim=True),
    Question("twelve_step", "Is the programme 12-step?", _choice(TwelveStep), vocab=TwelveStep,
             claim=True),
    _yes_no("faith_based", "Is the programme faith-based?", model.Approach),
    Question("faith", "Which faith", _choice(Faith), vocab=Faith, claim=True),
    _yes_no("wheelchair_access", "Can a wheelchair user get in and use the shared rooms?",
            model.Accessibility),
    _yes_no("step_free_rooms", "Is there a bedroom without steps?", model.Accessibility),
    _yes_no("pregnancy", "Do you accept people who are pregnant?", model.Eligibility),
    _yes_no("parents_with_children", "Can children stay with their parent?",
            model.Eligibility),
    _yes_no("couples", "Can a couple come into treatment together?", model.Eligibility),
    _yes_no("pets", "Can residents bring a pet?", model.Eligibility),
    Question("maintainer", "Your GitHub user name", _adapter(model.GitHubHandle),
             "You will be able to change this listing by pull request."),
)
BY_NAME = {q.name: q for q in QUESTIONS}

# Asked for each service chosen (Enter: later). Option: --beds residential_rehab=18, or
# --beds 18 when there is one service.
PER_SERVICE = {
    "beds": ("Beds for {label}", _whole(1, 500, "a number of beds"), "a number"),
    "wait": ("Typical wait for {label}, in days from referral to admission",
             _whole(0, 730, "a number of days"), "a number of days"),
    "cost": ("Weekly cost of {label} in pounds, with VAT",
             _range(model.WeeklyCost, "a weekly cost"), "e.g. 950-1200, or 0 if it is free"),
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


# ---------------------------------------------------------------------------- asking


class NoAnswer(Exception):
    pass


def ask(question: Question, read: Callable[[str], str], say: Callable[[str], None]) -> Any:
    if question.help:
        say(f"  {question.help}")
    if question.vocab is not None:
        for i, m in enumerate(question.vocab, 1):
            say(f"    {i:>2}. {m.value:<24} {m.label}")
    for _ in range(5):
        try:
            text = read(f"{question.prompt}: ")
        except EOFError:
            raise NoAnswer(question.name) from None
        text = text.strip()
        if not text and not question.optional:
            say("  An answer is needed" + (": nothing is assumed for you." if question.claim
                                          else "."))
            continue
        try:
            return question.check(text)
        except Invalid as exc:
            say(f"  {exc}")
    raise NoAnswer(question.name)


def ask_per_service(code: str, kind: str, read: Callable[[str], str],
                    say: Callable[[str], None]) -> Any:
    prompt, check, hint = PER_SERVICE[kind]
    label = ServiceType(code).label.lower()
    question = Question(f"{kind}:{code}", f"{prompt.format(label=label)} ({hint}; Enter to "
                        "add it later)", _optional(check), optional=True)
    return ask(question, read, say)


# ---------------------------------------------------------------------------- writing


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(codes: list[str]) -> str:
    return "[" + ", ".join(codes) + "]"


def _value(answer: Any) -> str:
    """An answer as YAML: true/false, a code, a flow list, or TODO for a claim not made."""
    if answer is None:
        return TODO
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, list):
        return _flow(answer)
    return str(answer)


def _todo(answer: Any, what: str) -> str:
    """The comment after a value: what to write in place of a TODO."""
    return f"  # {TODO}: {what}" if answer is None else ""


def _range_yaml(data: dict[str, int]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in data.items()) + "}"


def _service_block(code: str, a: dict[str, Any], today: date) -> str:
    lines = [f"  - type: {code}"]
    if code == ServiceType.RESIDENTIAL_REHAB.value:
        lines.append(f"    stages: {_value(a.get('stages'))}"
                     + _todo(a.get("stages"), "the stages you offer, e.g. [primary, secondary]"))
    lines.append("    # description: One line about this service.")
    if code != ServiceType.AFTERCARE.value:
        lines.append("    # length_weeks: {min: 6, max: 12}")
    details = a.get("per_service", {}).get(code, {})
    if "beds" in per_service(code):
        beds = details.get("beds")
        lines.append(f"    beds: {beds}" if beds is not None else "    # beds: 12")
    if "wait" in per_service(code):
        days = details.get("wait")
        lines += ["    # TRA-001: the typical wait from referral to admission, and the day you "
                  "said so;", "    # update it every month."]
        lines.append(f"    wait: {{days: {days}, stated: {today.isoformat()}}}" if days is not None
                     else "    # wait: {days: 14, stated: YYYY-MM-DD}")
    cost = details.get("cost")
    money = "      # whole pounds a week, with VAT"
    lines.append(f"    weekly_cost: {_range_yaml(cost)}{money}" if cost is not None
                 else f"    # weekly_cost: {{min: 950, max: 1150}}{money}")
    return "\n".join(lines)


def render(a: dict[str, Any], slug: str, today: date) -> str:
    """The listing file. ``today`` is only the date a wait given now was stated: nothing
    here says the listing was verified."""
    services = "\n".join(_service_block(code, a, today) for code in a["service"])
    optional = {
        "email": f"email: {_q(a['email'])}" if a.get("email") else
        "# email: admissions@example.org.uk",
        "website": f"website: {_q(a['website'])}" if a.get("website") else
        "# website: https://www.example.org.uk/",
    }
    faith = ""
    if a.get("faith_based") is not False:
        faith = (f"\n  faith: {_value(a.get('faith'))}"
                 + _todo(a.get("faith"), "christian, muslim, jewish, sikh, hindu, buddhist or "
                         "other") if a.get("faith_based") else
                 "\n  # faith: christian               # if faith_based is true")
    yes_no = "true or false"
    return f"""{SCHEMA_MODELINE}
# A new listing, started with scripts/new_listing.py.
# Fill in every line marked CHECK or TODO, uncomment and fill in the evidence at the end,
# then run:  python scripts/validate.py content/providers/{slug}.yaml
# The format is described in schema/listing.schema.json and CONTRIBUTING.md.
# The page address: /providers/{slug}/ (the slug must match the file name).
slug: {slug}
name: {_q(a['name'])}
summary: {_q(a['summary'])}
description: |                     # CHECK: a few short paragraphs; **bold**, lists and links work
  {a['summary']}
# organisation:                    # the charity or company that runs the service, if any
#   name: Example Recovery Trust
#   website: https://www.example.org.uk/
#   charity_number: "1234567"      # or company_number: "01234567"
{optional['website']}
phone: {_q(a['phone'])}
{optional['email']}
address:
  street: {_q(a['street'])}
  # locality: District or village
  town: {_q(a['town'])}
  # county: County
  postcode: {_q(a['postcode'])}
location:                          # where the building is, for the map and distance search
  latitude: {a['latitude']}
  longitude: {a['longitude']}
region: {a['region']}
# logo: {{file: logo.png, alt: "The service's logo"}}
# Photos go in the folder content/providers/{slug}/ (see CONTRIBUTING.md), e.g.
photos: []
# photos:
#   - file: garden.jpg
#     alt: The walled garden behind the house, with benches and raised beds.
referral_routes: {_flow(a['referral'])}
services:
{services}
# admissions:                      # when you pause new admissions, and when you reopen
#   status: paused                 # or open
#   stated: YYYY-MM-DD
#   reopens: YYYY-MM-DD            # if you know when
#   note: Referrals still join the waiting list.
substances: {_flow(a['substance'])}
mental_health: {_value(a.get('mental_health'))}{_todo(a.get('mental_health'),
    'none, supported or specialist')}
approach:
  twelve_step: {_value(a.get('twelve_step'))}{_todo(a.get('twelve_step'),
    'based, informed or none')}
  methods: []                      # CHECK: e.g. [cbt, motivational_interviewing, mindfulness]
  faith_based: {_value(a.get('faith_based'))}{_todo(a.get('faith_based'), yes_no)}{faith}
languages: [en]                    # CHECK: two-letter codes of languages you work in, e.g. [en, pl]
eligibility:
  gender: {_value(a.get('gender'))}{_todo(a.get('gender'), 'mixed, women_only or men_only')}
  min_age: 18                      # CHECK
  # max_age: 70
  pregnancy: {_value(a.get('pregnancy'))}{_todo(a.get('pregnancy'), yes_no)}
  parents_with_children: {_value(a.get('parents_with_children'))}{_todo(
    a.get('parents_with_children'), yes_no)}
  couples: {_value(a.get('couples'))}{_todo(a.get('couples'), yes_no)}
  pets: {_value(a.get('pets'))}{_todo(a.get('pets'), yes_no)}
accessibility:
  wheelchair_access: {_value(a.get('wheelchair_access'))}{_todo(a.get('wheelchair_access'),
    yes_no)}
  step_free_rooms: {_value(a.get('step_free_rooms'))}{_todo(a.get('step_free_rooms'), yes_no)}
  # notes: Two ground-floor rooms with level-access showers.
funding: {_flow(a['funding'])}

# ---- Evidence for the framework's standards ---------------------------------------------
# Uncomment each block and fill it in; a reviewer will ask to see the documents behind it.
# The validator lists every standard still unmet (see docs/standards.md).
#
# regulation:                      # REG-001, REG-002: your regulator's record of this service
#   regulator: cqc                 # cqc (England), ciw (Wales), care_inspectorate (Scotland),
#                                  # rqia (Northern Ireland)
#   provider_id: "1-000000000"     # copy both IDs from the regulator's website
#   location_id: "1-000000000"
#   rating: good                   # outstanding, good, requires_improvement, inadequate, not_rated
#   rating_date: YYYY-MM-DD        # the date of the report (leave out for not_rated)
#
# policies:
#   strip_search: false            # DIG-001: residents are never strip-searched
#   dignity_and_respect:           # DIG-002: published, reviewed in the last 2 years
#     reviewed: YYYY-MM-DD
#     url: https://www.example.org.uk/policies/dignity
#   safeguarding: {{reviewed: YYYY-MM-DD}}         # POL-001
#   complaints: {{reviewed: YYYY-MM-DD}}           # POL-002
#   unplanned_discharge: {{reviewed: YYYY-MM-DD}}  # POL-003
#
# pay:                             # LW-001: the Real Living Wage (standards/living_wage.yaml)
#   lowest_hourly_rate: 13.60      # the lowest hourly rate you pay anyone aged 18 or over
#   stated: YYYY-MM-DD
#   living_wage_accredited: false  # true if the Living Wage Foundation accredits you
#
# training:                        # the date of the latest round of each, within 2 years
#   safeguarding: YYYY-MM-DD       # TRN-001
#   overdose_response: YYYY-MM-DD  # TRN-002: overdose response and naloxone
#   trauma_informed: YYYY-MM-DD    # TRN-003
#
# lived_experience:                # LEX-001: feedback from residents, at least yearly
#   mechanism: Monthly residents' forum and an exit survey.
#   last_round: YYYY-MM-DD

# last_verified and verified_by: a framework reviewer records them when they verify the
# listing with you (TRA-002); until then the listing is not published.
maintainers: [{a["maintainer"]}]     # GitHub users who may change this listing
"""


# ---------------------------------------------------------------------------- command line


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="new_listing.py",
        description="Start a new listing in content/providers/. Asks for anything not given "
                    "as an option; with --yes, asks nothing (and writes TODO for any answer "
                    "about the service not given).")
    for q in QUESTIONS:
        flag = "--" + q.name.replace("_", "-")
        hint = q.prompt + (f" (choices: {', '.join(q.vocab.codes())})" if q.vocab else "")
        if q.claim:
            hint += "; with --yes and not given: TODO"
        parser.add_argument(flag, dest=q.name, metavar="TEXT", help=hint)
    for kind, (prompt, _, example) in PER_SERVICE.items():
        parser.add_argument(f"--{kind}", action="append", default=[], metavar="[SERVICE=]VALUE",
                            help=prompt.format(label="a service") + f" ({example}); "
                                 "SERVICE= may be left out when there is one service; "
                                 "repeat for each service")
    parser.add_argument("--slug", help="the page address (default: from the name and town)")
    parser.add_argument("--yes", "-y", action="store_true",
                        help="do not ask: take everything from the options")
    parser.add_argument("--force", action="store_true", help="overwrite an existing listing")
    parser.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="check the new listing as on this day, and date a wait given now "
                             "(default: today in the UK)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    return parser


def _read(prompt: str) -> str:
    """input() at a terminal; otherwise the prompt goes to standard error, so that standard
    output carries only the path of the file written."""
    if sys.stdin.isatty():
        return input(prompt)
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")


def _per_service_options(args: argparse.Namespace, services: list[str],
                         parser: argparse.ArgumentParser) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {code: {} for code in services}
    for kind, (_, check, _) in PER_SERVICE.items():
        for given in getattr(args, kind):
            code, sep, value = given.partition("=")
            if not sep:
                if len(services) != 1:
                    parser.error(f"--{kind}: say which service, e.g. --{kind} "
                                 f"{services[0]}={given}")
                code, value = services[0], given
            try:
                code = _pick(ServiceType, code.strip())
                if code not in out or kind not in per_service(code):
                    raise Invalid(f"--{kind} does not apply to {code}")
                out[code][kind] = check(value.strip())
            except Invalid as exc:
                parser.error(f"--{kind}: {exc}")
    return out


def main(argv: Sequence[str] | None = None, read: Callable[[str], str] = _read) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    today = args.today or uk_today()

    def say(text: str) -> None:
        print(text, file=sys.stderr)

    answers: dict[str, Any] = {}
    for q in QUESTIONS:
        given = getattr(args, q.name)
        if given is not None:
            try:
                answers[q.name] = q.check(given.strip())
            except Invalid as exc:
                parser.error(f"--{q.name.replace('_', '-')}: {exc}")
    if isinstance(answers.get("latitude"), tuple) and args.longitude is None:
        answers["latitude"], answers["longitude"] = answers["latitude"]
    if args.yes:
        missing = [f"--{q.name.replace('_', '-')}" for q in QUESTIONS
                   if q.name not in answers and not (q.optional or q.claim)
                   and asked(q.name, answers)]
        if missing:
            parser.error("with --yes, these options are needed: " + " ".join(missing))
        for q in QUESTIONS:
            if q.name not in answers and asked(q.name, answers):
                answers[q.name] = None  # optional: left out; a claim: TODO
        answers["per_service"] = _per_service_options(args, answers["service"], parser)
    else:
        say("A new listing. Answer each question; nothing about your service is assumed.")
        say("Everything can be changed later in the file.\n")
        try:
            for q in QUESTIONS:
                if q.name not in answers and asked(q.name, answers):
                    answers[q.name] = ask(q, read, say)
                    if q.name == "latitude" and isinstance(answers[q.name], tuple):
                        answers["latitude"], answers["longitude"] = answers[q.name]
            details = _per_service_options(args, answers["service"], parser)
            for code in answers["service"]:
                for kind in per_service(code):
                    if kind not in details[code]:
                        details[code][kind] = ask_per_service(code, kind, read, say)
            answers["per_service"] = details
        except NoAnswer as exc:
            say(f"new_listing.py: no usable answer for '{exc}'; nothing was written.")
            return 2

    slug = args.slug or slugify(answers["name"], answers["town"])
    try:
        slug = _adapter(model.Slug)(slug)
    except Invalid as exc:
        parser.error(f"--slug: {exc}")
    path = args.root / CONTENT / f"{slug}.yaml"
    if path.exists() and not args.force:
        say(f"new_listing.py: {display_path(path)} already exists; edit it, choose another "
            "--slug, or use --force to overwrite it.")
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(answers, slug, today), encoding="utf-8")

    try:
        checked = Validator(args.root, today).check_file(path)
    except StandardsDataError as exc:
        say("\n".join(f.text() for f in exc.findings))
        return 1
    shown = display_path(path)
    todo = [q.name for q in QUESTIONS if q.claim and asked(q.name, answers)
            and answers.get(q.name) is None]
    if checked.listing is None:
        say("\n".join(f.text() for f in checked.findings))
        if todo:
            say(f"Wrote {shown}, but {len(todo)} answer(s) about the service are still "
                f"{TODO}: {', '.join(todo)}. Nothing is assumed for you: replace each {TODO} "
                "(the lines above say where and with what), then validate it again.")
        else:
            say(f"Wrote {shown}, but it is not a valid listing: please report this.")
        print(shown)
        return 1
    unmet = [r for r in checked.evaluation.results if r.status == "not_met"]
    reviewers = [r for r in unmet if set(r.standard.evidence) <= set(REVIEWER_KEYS)]
    unmet = [r for r in unmet if r not in reviewers]
    say(f"Wrote {shown}: a valid listing, not yet verified by a framework reviewer.")
    for r in reviewers:
        say(f"  {r.standard.id} ({r.standard.title}) is a reviewer's to record, once they "
            "have checked your evidence with you (see REVIEWING.md): nothing to write.")
    if unmet:
        say(f"{len(unmet)} of the framework's standards still need evidence "
            f"({sum(r.blocks for r in unmet)} of them required before the listing is "
            "published):")
        for r in unmet:
            fields = ", ".join(r.standard.evidence)
            say(f"  - {r.standard.id} ({r.standard.level}) {r.standard.title}: {fields}")
    others = [f for f in checked.findings if f.severity is not Severity.NOTE
              and f.rule not in checked.evaluation.by_id]
    for f in others:
        say(f.text())
    say("Next: fill in the lines marked CHECK and the evidence blocks at the end, run\n"
        f"  python scripts/validate.py {shown}\n"
        "and open a pull request (see CONTRIBUTING.md).")
    print(shown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
