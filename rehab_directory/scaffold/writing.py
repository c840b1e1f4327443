"""The new listing's text: ``listing.yaml.j2`` filled in with the answers.

The template's words about the framework take their figures from ``standards/`` (through the
``Framework``): which standards a block of evidence is for, how recent it must be, how often it
is renewed, and the Real Living Wage in force where the service is. Its lists of choices come
from the vocabularies. So a threshold changed in ``standards/`` changes what a new listing says.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from rehab_directory.core.vocab import (
    Faith,
    Gender,
    MentalHealthSupport,
    Rating,
    Region,
    ServiceType,
    TwelveStep,
    Vocab,
)
from rehab_directory.core.yamltext import flow, mapping, quoted
from rehab_directory.framework.standards import Framework, Standard

from .questions import TODO, per_service

TEMPLATE = "listing.yaml.j2"


def value(answer: Any) -> str:
    """An answer as YAML: true/false, a code, a flow list, or TODO for a claim not made."""
    if answer is None:
        return TODO
    if isinstance(answer, bool):
        return "true" if answer else "false"
    if isinstance(answer, list):
        return flow(answer)
    return str(answer)


def todo(answer: Any, what: str) -> str:
    """The comment after a value: what to write in place of a TODO."""
    return f"  # {TODO}: {what}" if answer is None else ""


def either(vocab: type[Vocab]) -> str:
    """'none, supported or specialist'."""
    *rest, last = vocab.codes()
    return f"{', '.join(rest)} or {last}" if rest else last


def codes(vocab: type[Vocab]) -> str:
    return ", ".join(vocab.codes())


def within(standard: Standard) -> str:
    """How recent a standard's evidence must be: '30 days', '12 months', '2 years'."""
    lasts = standard.lasts
    if lasts.days:
        return f"{lasts.days} day{'s' * (lasts.days != 1)}"
    months = lasts.years * 12 + lasts.months
    if months % 12 == 0 and months > 12:
        return f"{months // 12} years"
    return f"{months} month{'s' * (months != 1)}"


def every(standard: Standard) -> str:
    """How often a standard's evidence is renewed: 'every month', 'yearly', 'every 2 years'."""
    lasts = standard.lasts
    if lasts.days:
        return {1: "every day", 7: "every week"}.get(
            lasts.days, "every month" if 28 <= lasts.days <= 31 else f"every {lasts.days} days")
    months = lasts.years * 12 + lasts.months
    if months == 1:
        return "every month"
    if months == 12:
        return "yearly"
    return f"every {months // 12} years" if months % 12 == 0 else f"every {months} months"


class Evidence:
    """The framework's standards as the template asks about them, by the field they read."""

    def __init__(self, framework: Framework):
        self.standards = list(framework.standards.values())

    def of(self, field: str) -> list[Standard]:
        """The standards that take ``field`` (or a field inside it) as evidence."""
        return [s for s in self.standards
                if any(e == field or e.startswith(field + ".") for e in s.evidence)]

    def ids(self, field: str) -> str:
        return ", ".join(s.id for s in self.of(field))

    def _worded(self, field: str, words: Callable[[Standard], str]) -> str:
        said = [words(s) for s in self.of(field) if s.lasts is not None]
        return " or ".join(dict.fromkeys(said))  # the same figure once

    def within(self, field: str) -> str:
        return self._worded(field, within)

    def every(self, field: str) -> str:
        return self._worded(field, every)


def hourly_rate(framework: Framework, region: str, today: date) -> str:
    """The Real Living Wage in force on ``today`` where the service is (the first rate listed
    before any is in force), as the listing writes it: 13.45."""
    rate = framework.rate_in_force(today) or framework.rates[0]
    return f"{rate.london if region == Region.LONDON else rate.uk:.2f}"


@cache
def template() -> Template:
    environment = Environment(loader=PackageLoader("rehab_directory.scaffold", "."),
                              undefined=StrictUndefined, keep_trailing_newline=True,
                              trim_blocks=True, lstrip_blocks=True, autoescape=False)
    environment.filters.update(q=quoted, flow=flow, mapping=mapping, value=value, todo=todo)
    return environment.get_template(TEMPLATE)


def render(answers: dict[str, Any], slug: str, today: date, framework: Framework) -> str:
    """The listing file. ``today`` dates a wait given now and picks the Living Wage rate in
    force: nothing here says the listing was verified."""
    details = answers.get("per_service", {})
    services = [{
        "code": code,
        "staged": code == ServiceType.RESIDENTIAL_REHAB,
        "has_length": code != ServiceType.AFTERCARE,
        "has_beds": "beds" in per_service(code),
        "has_wait": "wait" in per_service(code),
        "beds": details.get(code, {}).get("beds"),
        "wait": details.get(code, {}).get("wait"),
        "cost": details.get(code, {}).get("cost"),
    } for code in answers["service"]]
    evidence = Evidence(framework)
    return template().render(
        a=answers, slug=slug, today=today, services=services,
        ids=evidence.ids, within=evidence.within, every=evidence.every,
        hourly_rate=hourly_rate(framework, answers["region"], today),
        either=either, codes=codes, Faith=Faith, Gender=Gender,
        MentalHealthSupport=MentalHealthSupport, Rating=Rating, TwelveStep=TwelveStep)
