"""The new listing's command line: ask (or take the options), write the file, validate it.

Exit status: 0 when the file is written and valid as a listing (standards may still be unmet),
1 when it could not be written or does not validate yet (a TODO left), 2 for a usage error or
a missing answer.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rehab_directory.core import model
from rehab_directory.core.findings import Severity
from rehab_directory.core.vocab import ServiceType
from rehab_directory.framework.publication import VERIFICATION_FIELDS
from rehab_directory.framework.standards import StandardsDataError
from rehab_directory.support.atomic import write_atomically
from rehab_directory.support.clock import date_argument, uk_today
from rehab_directory.support.program import program_name
from rehab_directory.validator.checked import display_path
from rehab_directory.validator.engine import CONTENT, ROOT, Validator

from .answers import Invalid, adapter, pick
from .asking import NoAnswer, ask, ask_per_service, read_line
from .questions import PER_SERVICE, QUESTIONS, TODO, asked, per_service, slugify
from .writing import render


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program_name("new_listing.py"),
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
    parser.add_argument("--today", type=date_argument, metavar="YYYY-MM-DD",
                        help="check the new listing as on this day, and date a wait given now "
                             "(default: today in the UK)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    return parser


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
                code = pick(ServiceType, code.strip())
                if code not in out or kind not in per_service(code):
                    raise Invalid(f"--{kind} does not apply to {code}")
                out[code][kind] = check(value.strip())
            except Invalid as exc:
                parser.error(f"--{kind}: {exc}")
    return out


def main(argv: Sequence[str] | None = None, read: Callable[[str], str] = read_line) -> int:
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
        slug = adapter(model.Slug)(slug)
    except Invalid as exc:
        parser.error(f"--slug: {exc}")
    path = args.root / CONTENT / f"{slug}.yaml"
    if path.exists() and not args.force:
        say(f"new_listing.py: {display_path(path)} already exists; edit it, choose another "
            "--slug, or use --force to overwrite it.")
        return 1
    try:  # before writing: the listing's words take their figures from standards/
        validator = Validator(args.root, today)
    except StandardsDataError as exc:
        say("\n".join(f.text() for f in exc.findings))
        say("new_listing.py: nothing was written.")
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, render(answers, slug, today, validator.framework))
    checked = validator.check_file(path)
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
    reviewers = [r for r in unmet if set(r.standard.evidence) <= set(VERIFICATION_FIELDS)]
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
