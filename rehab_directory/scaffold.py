"""Start a new listing: ask for the essentials, write every field, validate it.

    python scripts/new_listing.py                 # asks in the terminal
    python scripts/new_listing.py --name "Harbour House" --town Hull ... --yes   # for scripts

Each answer is checked as it is given, with the listing format's own rules (the same types the
validator uses), so a mistake is caught at the question, not later. The file written to
``content/providers/<slug>.yaml`` has every field of the format: the essentials from the
answers, the rest with safe defaults marked ``CHECK``, and the framework's evidence
(regulation, policies, pay, training, feedback) as commented blocks that explain what to write.
The validator then says exactly which standards still need that evidence.

Exit status: 0 when the file is written and valid as a listing (standards may still be unmet),
1 when it could not be written or does not validate, 2 for a usage error or a missing answer.
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

from . import model
from .findings import Severity
from .standards import StandardsDataError
from .validate import CONTENT, ROOT, Validator, display_path
from .vocab import (
    Funding,
    Gender,
    MentalHealthSupport,
    ReferralRoute,
    Region,
    ServiceType,
    Substance,
    TwelveStep,
    Vocab,
)

SCHEMA_MODELINE = "# yaml-language-server: $schema=../../schema/listing.schema.json"


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


def _coordinate(low: float, high: float, what: str) -> Callable[[str], float]:
    def check(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise Invalid(f"'{text}' is not a number; write it like 53.8329") from None
        if not low <= value <= high:
            raise Invalid(f"{value} is not a {what} in the UK (between {low} and {high}); "
                          "check you have not swapped latitude and longitude")
        return round(value, 5)

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


def _pick(vocab: type[Vocab], text: str) -> str:
    members = list(vocab)
    if text.isdigit() and 1 <= int(text) <= len(members):
        return members[int(text) - 1].value
    wanted = text.lower().replace(" ", "_")
    for m in members:
        if wanted in (m.value, m.value.replace("-", "_"), m.label.lower().replace(" ", "_")):
            return m.value
    raise Invalid(f"'{text}' is not one of the choices: {', '.join(vocab.codes())}")


@dataclass(frozen=True)
class Question:
    name: str  # the command-line option is --name with _ as -
    prompt: str
    check: Callable[[str], Any]
    help: str = ""
    default: str | None = None
    vocab: type[Vocab] | None = None
    optional: bool = False


QUESTIONS = (
    Question("name", "Name of the service", _adapter(model.Name),
             "As people know it, e.g. Harbour House."),
    Question("town", "Town or city", _adapter(model.Name)),
    Question("street", "Street address", _adapter(model.Name), "Number and street."),
    Question("postcode", "Postcode", _adapter(model.Postcode)),
    Question("region", "Region", _choice(Region), vocab=Region),
    Question("latitude", "Latitude", _coordinate(*model.UK_LATITUDE, "latitude"),
             "Find the building on a map and copy its coordinates, e.g. 53.8329."),
    Question("longitude", "Longitude", _coordinate(*model.UK_LONGITUDE, "longitude"),
             "e.g. -1.4987 (negative west of Greenwich)."),
    Question("phone", "Phone number for enquiries", _adapter(model.Phone),
             "With its area code."),
    Question("email", "Email for enquiries (Enter to skip)", _optional(_adapter(model.Email)),
             optional=True),
    Question("website", "Website (Enter to skip)", _optional(_adapter(model.WebUrl)),
             "A full address starting with https://", optional=True),
    Question("summary", "One-line summary", _adapter(model.ShortText),
             "Up to 200 characters: what you offer and for whom."),
    Question("service", "Services", _choices(ServiceType),
             "One or more, separated by commas (numbers or codes).", vocab=ServiceType),
    Question("substance", "Substances you treat", _choices(Substance),
             "One or more, separated by commas.", vocab=Substance),
    Question("referral", "How people are referred", _choices(ReferralRoute),
             "One or more, separated by commas.", default="self_referral", vocab=ReferralRoute),
    Question("funding", "How places are paid for", _choices(Funding),
             "One or more, separated by commas.", vocab=Funding),
    Question("gender", "Who you take", _choice(Gender), default="mixed", vocab=Gender),
    Question("mental_health", "Mental health support", _choice(MentalHealthSupport),
             default="none", vocab=MentalHealthSupport),
    Question("twelve_step", "Is the programme 12-step?", _choice(TwelveStep), default="none",
             vocab=TwelveStep),
    Question("maintainer", "Your GitHub user name", _adapter(model.GitHubHandle),
             "You will be able to change this listing by pull request."),
)


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
    suffix = f" [{question.default}]" if question.default else ""
    for _ in range(5):
        try:
            text = read(f"{question.prompt}{suffix}: ")
        except EOFError:
            raise NoAnswer(question.name) from None
        text = text.strip()
        if not text and question.default is not None:
            text = question.default
        if not text.strip() and not question.optional:
            say("  An answer is needed.")
            continue
        try:
            return question.check(text)
        except Invalid as exc:
            say(f"  {exc}")
    raise NoAnswer(question.name)


# ---------------------------------------------------------------------------- writing


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow(codes: list[str]) -> str:
    return "[" + ", ".join(codes) + "]"


def _service_block(code: str) -> str:
    lines = [f"  - type: {code}"]
    if code == ServiceType.RESIDENTIAL_REHAB.value:
        lines.append("    stages: [primary]          # CHECK: primary, secondary, "
                     "supported_housing")
    lines.append("    # description: One line about this service.")
    if code != ServiceType.AFTERCARE.value:
        lines += ["    # length_weeks: {min: 6, max: 12}", "    # beds: 12"]
        lines += ["    # TRA-001: the typical wait from referral to admission, and the day you "
                  "said so;",
                  "    # update it every month.",
                  "    # wait: {days: 14, stated: YYYY-MM-DD}"]
    lines.append("    # weekly_cost: {min: 950, max: 1150}      # whole pounds a week, with VAT")
    return "\n".join(lines)


def render(a: dict[str, Any], slug: str, today: date) -> str:
    services = "\n".join(_service_block(code) for code in a["service"])
    optional = {
        "email": f"email: {_q(a['email'])}" if a.get("email") else
        "# email: admissions@example.org.uk",
        "website": f"website: {_q(a['website'])}" if a.get("website") else
        "# website: https://www.example.org.uk/",
    }
    return f"""{SCHEMA_MODELINE}
# A new listing, started with scripts/new_listing.py on {today.isoformat()}.
# Fill in or check every line marked CHECK, uncomment and fill in the evidence at the end,
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
substances: {_flow(a['substance'])}
mental_health: {a['mental_health']}
approach:
  twelve_step: {a['twelve_step']}
  methods: []                      # CHECK: e.g. [cbt, motivational_interviewing, mindfulness]
  faith_based: false               # CHECK: if true, add faith: christian (or another)
languages: [en]                    # CHECK: two-letter codes of languages you work in, e.g. [en, pl]
eligibility:
  gender: {a['gender']}
  min_age: 18                      # CHECK
  # max_age: 70
  pregnancy: false                 # CHECK: true if you accept people who are pregnant
  parents_with_children: false     # CHECK: true if children can stay with their parent
  couples: false                   # CHECK
  pets: false                      # CHECK
accessibility:
  wheelchair_access: false         # CHECK
  step_free_rooms: false           # CHECK
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

last_verified: {today.isoformat()}   # a framework reviewer sets this when they verify it
maintainers: [{a["maintainer"]}]     # GitHub users who may change this listing
"""


# ---------------------------------------------------------------------------- command line


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="new_listing.py",
        description="Start a new listing in content/providers/. Asks for anything not given "
                    "as an option; with --yes, asks nothing.")
    for q in QUESTIONS:
        flag = "--" + q.name.replace("_", "-")
        hint = q.prompt + (f" (choices: {', '.join(q.vocab.codes())})" if q.vocab else "")
        if q.default:
            hint += f"; default {q.default}"
        parser.add_argument(flag, dest=q.name, metavar="TEXT", help=hint)
    parser.add_argument("--slug", help="the page address (default: from the name and town)")
    parser.add_argument("--yes", "-y", action="store_true",
                        help="do not ask: take everything from the options")
    parser.add_argument("--force", action="store_true", help="overwrite an existing listing")
    parser.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="the date to write as last_verified (default: today)")
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


def main(argv: Sequence[str] | None = None, read: Callable[[str], str] = _read) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    today = args.today or date.today()

    def say(text: str) -> None:
        print(text, file=sys.stderr)

    answers: dict[str, Any] = {}
    missing = []
    for q in QUESTIONS:
        given = getattr(args, q.name)
        if given is not None:
            try:
                answers[q.name] = q.check(given.strip())
            except Invalid as exc:
                parser.error(f"--{q.name.replace('_', '-')}: {exc}")
        elif args.yes:
            if q.default is not None:
                answers[q.name] = q.check(q.default)
            elif q.optional:
                answers[q.name] = None
            else:
                missing.append("--" + q.name.replace("_", "-"))
    if missing:
        parser.error("with --yes, these options are needed: " + " ".join(missing))
    if len(answers) < len(QUESTIONS):
        say("A new listing. Answer each question; press Enter to take the [default].")
        say("Everything can be changed later in the file.\n")
        try:
            for q in QUESTIONS:
                if q.name not in answers:
                    answers[q.name] = ask(q, read, say)
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
    if checked.listing is None:
        say("\n".join(f.text() for f in checked.findings))
        say(f"Wrote {shown}, but it is not a valid listing: please report this.")
        return 1
    unmet = [r for r in checked.evaluation.results if r.status == "not_met"]
    say(f"Wrote {shown}: a valid listing.")
    if unmet:
        say(f"{len(unmet)} of the framework's standards still need evidence "
            f"({sum(r.blocks for r in unmet)} of them required before the listing is "
            "published):")
        for r in unmet:
            fields = ", ".join(r.standard.evidence)
            say(f"  - {r.standard.id} ({r.standard.level}) {r.standard.title}: {fields}")
    others = [f for f in checked.findings if f.severity is Severity.ERROR
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
