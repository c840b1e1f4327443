"""The framework's standards: layer two of validation.

The standards themselves (title, level, area, why, how, thresholds) are data in
``standards/standards.yaml``; Living Wage rates are in ``standards/living_wage.yaml``;
approved exceptions in ``standards/exceptions.yaml``. Each standard's check is one small pure
function in ``checks.py``, registered under the standard's ID with ``@check("DIG-001")``:
``check(listing, ctx) -> iterable of Problem``. Checks never mutate the listing (models are
frozen) and read nothing but their arguments, so they can be run in any order, in parallel,
and against any date (``ctx.today``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rehab_directory.core.fields import Slug
from rehab_directory.core.findings import Finding, Severity, field_name
from rehab_directory.core.findings import Path as FieldPath
from rehab_directory.core.model import Listing
from rehab_directory.core.yamlio import Marks, YamlError, load


class Level(StrEnum):
    REQUIRED = "required"
    ADVISORY = "advisory"


# ---------------------------------------------------------------------------- data models


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Standard(_Data):
    id: Annotated[str, Field(pattern=r"^[A-Z]{2,4}-\d{3}$")]
    title: str
    level: Level
    area: str
    evidence: list[str]
    why: str
    how: str
    params: dict[str, int] = {}


class StandardsFile(_Data):
    areas: dict[str, str]
    standards: list[Standard]

    @model_validator(mode="after")
    def _consistent(self):
        ids = [s.id for s in self.standards]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"standard IDs must be unique; repeated: {', '.join(dupes)}")
        for s in self.standards:
            if s.area not in self.areas:
                raise ValueError(f"{s.id}: area '{s.area}' is not one of {sorted(self.areas)}")
        return self


class LivingWageRate(_Data):
    year: Annotated[str, Field(pattern=r"^\d{4}/\d{2}$")]
    uk: Annotated[Decimal, Field(gt=0, decimal_places=2)]
    london: Annotated[Decimal, Field(gt=0, decimal_places=2)]
    announced: str
    pay_by: date


class LivingWageFile(_Data):
    rates: Annotated[list[LivingWageRate], Field(min_length=1)]

    @model_validator(mode="after")
    def _in_order(self):
        dates = [r.pay_by for r in self.rates]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("rates must be listed oldest first, one per pay_by date")
        return self


class StandardException(_Data):
    standard: str
    provider: Slug
    reason: Annotated[str, Field(min_length=10)]
    approved_by: str
    approved: date
    expires: date

    @model_validator(mode="after")
    def _dates(self):
        if self.expires <= self.approved:
            raise ValueError("expires must be after approved")
        if (self.expires - self.approved).days > 366:
            raise ValueError("an exception lasts at most 12 months; renew it by a new review")
        return self


class ExceptionsFile(_Data):
    exceptions: list[StandardException] = []


# ---------------------------------------------------------------------------- the framework


class StandardsDataError(Exception):
    """A file in standards/ is broken; ``findings`` say where."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f.text() for f in findings))
        self.findings = findings


def _load_data(path: Path, model: type[BaseModel], display: str) -> Any:
    from rehab_directory.core.schema_errors import translate

    try:
        document = load(path.read_bytes(), display)
    except YamlError as exc:
        raise StandardsDataError(exc.findings) from None
    except OSError as exc:
        raise StandardsDataError([Finding(display, 1, 1, Severity.ERROR, "DATA-001", "(file)",
                                          f"cannot read the file ({exc.strerror})",
                                          "restore it from git")]) from None
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        raise StandardsDataError(translate(exc, display, document.marks, model)) from None


@dataclass(frozen=True)
class Framework:
    """Everything in ``standards/``, loaded and checked."""

    areas: dict[str, str]
    standards: dict[str, Standard]
    rates: tuple[LivingWageRate, ...]
    exceptions: tuple[StandardException, ...]

    @classmethod
    def load(cls, directory: Path, display_root: Path | None = None) -> Framework:
        def show(name: str) -> str:
            path = directory / name
            try:
                return str(path.relative_to(display_root)) if display_root else str(path)
            except ValueError:
                return str(path)

        std = _load_data(directory / "standards.yaml", StandardsFile, show("standards.yaml"))
        wage = _load_data(directory / "living_wage.yaml", LivingWageFile, show("living_wage.yaml"))
        exc = _load_data(directory / "exceptions.yaml", ExceptionsFile, show("exceptions.yaml"))
        known = {s.id for s in std.standards}
        unknown = [e for e in exc.exceptions if e.standard not in known]
        if unknown:
            raise StandardsDataError([Finding(
                show("exceptions.yaml"), 1, 1, Severity.ERROR, "DATA-002", "exceptions",
                f"exception for unknown standard '{e.standard}' ({e.provider})",
                f"use one of: {', '.join(sorted(known))}") for e in unknown])
        return cls(std.areas, {s.id: s for s in std.standards}, tuple(wage.rates),
                   tuple(exc.exceptions))

    def rate_in_force(self, on: date) -> LivingWageRate | None:
        """The Real Living Wage employers must pay on ``on`` (None before the first row)."""
        current = None
        for rate in self.rates:
            if rate.pay_by <= on:
                current = rate
        return current

    def exception_for(self, standard: str, provider: str, on: date
                      ) -> tuple[StandardException | None, StandardException | None]:
        """(exception in force, most recently expired exception) for this standard and provider."""
        active = expired = None
        for e in self.exceptions:
            if e.standard == standard and e.provider == provider:
                if e.approved <= on <= e.expires:
                    active = e
                elif e.expires < on and (expired is None or e.expires > expired.expires):
                    expired = e
        return active, expired


@dataclass(frozen=True)
class Context:
    """What a check may know besides the listing."""

    today: date
    framework: Framework

    def months_ago(self, months: int) -> date:
        return months_before(self.today, months)


@lru_cache(maxsize=64)
def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Problem:
    """Why a listing does not meet a standard, and where."""

    path: FieldPath
    message: str
    fix: str | None = None  # defaults to the standard's 'how'


Check = Callable[[Listing, Context, Standard], Iterable[Problem]]
CHECKS: dict[str, Check] = {}


def check(standard_id: str) -> Callable[[Check], Check]:
    """Register ``fn`` as the check of ``standard_id``."""

    def register(fn: Check) -> Check:
        if standard_id in CHECKS:
            raise ValueError(f"two checks registered for {standard_id}")
        CHECKS[standard_id] = fn
        return fn

    return register


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
    from rehab_directory.framework import checks  # noqa: F401 - registers the checks

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
