"""The framework's standards: layer two of validation.

The standards themselves (title, level, area, why, how, thresholds) are data in
``standards/standards.yaml``; Living Wage rates are in ``standards/living_wage.yaml``;
approved exceptions in ``standards/exceptions.yaml``: this module reads them (``Framework``)
and says what a check is given and gives back (``Context``, ``Problem``, ``Check``).

Each standard's check is one small pure function in ``checks.py``, listed under the
standard's ID in its table ``CHECKS``: ``check(listing, ctx, standard) -> iterable of
Problem``. Checks never mutate the listing (models are frozen) and read nothing but their
arguments, so they can be run in any order, in parallel, and against any date
(``ctx.today``). ``evaluation.py`` runs them and judges the results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rehab_directory.core.fields import Slug
from rehab_directory.core.findings import Finding, Severity
from rehab_directory.core.findings import Path as FieldPath
from rehab_directory.core.model import Listing
from rehab_directory.core.yamlio import YamlError, load


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

    @property
    def lasts(self) -> relativedelta | None:
        """How long this standard's dated evidence counts for (``within_days`` or
        ``within_months``), as a calendar period: a month is a month, not 30 days. None when
        its evidence does not age."""
        if "within_days" in self.params:
            return relativedelta(days=self.params["within_days"])
        if "within_months" in self.params:
            return relativedelta(months=self.params["within_months"])
        return None

    def counts_until(self, dated: date) -> date:
        """The last day evidence dated ``dated`` still meets this standard: ``dated`` plus
        ``lasts``, a month after 31 January being the end of February."""
        lasts = self.lasts
        if lasts is None:
            raise ValueError(f"{self.id}'s evidence does not age (no within_days/within_months)")
        return dated + lasts

    def too_old(self, dated: date, today: date) -> bool:
        """Whether evidence dated ``dated`` no longer counts on ``today``."""
        return today > self.counts_until(dated)


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


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    return day - relativedelta(months=months)


@dataclass(frozen=True)
class Problem:
    """Why a listing does not meet a standard, and where."""

    path: FieldPath
    message: str
    fix: str | None = None  # defaults to the standard's 'how'


Check = Callable[[Listing, Context, Standard], Iterable[Problem]]
