"""Evaluation: every standard's check run on a listing (``checks.CHECKS``), each outcome a
``Result`` (met, not met, or excepted under an approved exception) that can say what the
provider must fix as findings, and whether the listing may be published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from rehab_directory.core.findings import Finding, Severity, field_name
from rehab_directory.core.model import Listing
from rehab_directory.core.yamlio import Marks

from .checks import CHECKS
from .standards import Context, Level, Problem, Standard, StandardException


@dataclass(frozen=True)
class Result:
    """One standard's outcome for one listing."""

    standard: Standard
    problems: tuple[Problem, ...]
    listing: Listing = field(repr=False, compare=False)
    exception: StandardException | None = None
    expired_exception: StandardException | None = None

    @cached_property
    def evidence_date(self) -> date | None:
        """The most recent date among the fields this standard reads (for pages)."""
        return evidence_date(self.listing, self.standard)

    @property
    def met(self) -> bool:
        return not self.problems

    @property
    def status(self) -> str:
        """met, not_met, or excepted (not met, under an approved exception)."""
        if self.met:
            return "met"
        return "excepted" if self.exception else "not_met"

    @property
    def blocks(self) -> bool:
        return self.status == "not_met" and self.standard.level is Level.REQUIRED

    def findings(self, file: str, marks: Marks) -> list[Finding]:
        std = self.standard
        if self.exception:
            severity = Severity.NOTE
        elif std.level is Level.REQUIRED:
            severity = Severity.ERROR
        else:
            severity = Severity.WARNING
        out = []
        for p in self.problems:
            line, col = marks.locate(p.path)
            message = p.message
            if self.exception:
                e = self.exception
                message += (f" (allowed by an exception approved by {e.approved_by} until "
                            f"{e.expires.isoformat()}: {e.reason})")
            elif self.expired_exception:
                message += f" (its exception expired on {self.expired_exception.expires})"
            out.append(Finding(file, line, col, severity, std.id, field_name(p.path), message,
                               p.fix or std.how))
        return out


@dataclass
class Evaluation:
    listing: Listing
    results: list[Result] = field(default_factory=list)

    @cached_property
    def by_id(self) -> dict[str, Result]:
        return {r.standard.id: r for r in self.results}

    @property
    def publishable(self) -> bool:
        return not any(r.blocks for r in self.results)


def evaluate(listing: Listing, ctx: Context, only: Iterable[str] | None = None) -> Evaluation:
    """Every standard's result for ``listing`` as on ``ctx.today`` (or only those named)."""
    framework = ctx.framework
    out = Evaluation(listing)
    wanted = framework.standards if only is None else {
        i: framework.standards[i] for i in only if i in framework.standards}
    for standard_id, standard in wanted.items():
        fn = CHECKS.get(standard_id)
        if fn is None:
            raise LookupError(f"standard {standard_id} has no check in checks.py")
        problems = tuple(fn(listing, ctx, standard))
        active = expired = None
        if problems:
            active, expired = framework.exception_for(standard_id, listing.slug, ctx.today)
        out.results.append(Result(standard, problems, listing, active, expired))
    return out


def evidence_date(listing: Listing, standard: Standard) -> date | None:
    """The most recent date among the fields a standard reads, for the standards panel."""
    found: list[date] = []

    def walk(value: Any, parts: list[str]) -> None:
        if value is None:
            return
        if not parts:
            if isinstance(value, date):
                found.append(value)
            elif isinstance(value, BaseModel):
                for name in type(value).model_fields:
                    walk(getattr(value, name), [])
            elif isinstance(value, list | tuple):
                for item in value:
                    walk(item, [])
            return
        if isinstance(value, list | tuple):
            for item in value:
                walk(item, parts)
            return
        walk(getattr(value, parts[0], None), parts[1:])

    for path in standard.evidence:
        walk(listing, path.split("."))
    return max(found, default=None)
