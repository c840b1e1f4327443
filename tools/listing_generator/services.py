"""The services of a generated listing: which kinds, and each one's stages, length, beds, wait
and weekly cost, as YAML lines."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from rehab_directory.core.vocab import RehabStage, ServiceType
from rehab_directory.core.yamltext import flow, mapping, quoted
from rehab_directory.framework.standards import Framework, Standard

from .words import SERVICE_DESCRIPTIONS


@dataclass(frozen=True)
class Kind:
    """How a kind of service is generated."""

    chance: float  # how often a listing offers it
    weeks: tuple[int, int]  # the shortest and longest programme
    beds: tuple[int, int] | None = None  # None: a service without beds
    weekly_cost: tuple[int, int] | None = None  # pounds; None: not charged for
    alongside: bool = False  # only ever offered with another service
    wait_chance: float = 1.0  # how often a wait is stated (TRA-001 expects one below 1.0)


# Every kind of the vocabulary, in its order (which is the order the dice are thrown in).
KINDS = {
    ServiceType.INPATIENT_DETOX: Kind(0.5, (1, 3), beds=(2, 20), weekly_cost=(900, 3500)),
    ServiceType.RESIDENTIAL_REHAB: Kind(0.7, (4, 26), beds=(6, 60), weekly_cost=(600, 2600)),
    ServiceType.DAY_PROGRAMME: Kind(0.25, (4, 16), weekly_cost=(150, 800)),
    ServiceType.AFTERCARE: Kind(0.5, (12, 52), alongside=True, wait_chance=0.3),
}
STAGE_CHANCE = 0.6
WAITS = (0, 1, 3, 5, 7, 10, 14, 21, 28, 42)  # days
STANDARDS = Path(__file__).resolve().parents[2] / "standards"
WAIT_ROOM = 5  # days: a wait is stated at most TRA-001's limit less this many days ago
COST_STEP = 50  # pounds
COST_SPREADS = (0, 100, 250, 400)  # pounds between the lowest and highest weekly cost


@cache
def standard(standard_id: str) -> Standard:
    """One of the framework's standards, as ``standards/`` sets it."""
    return Framework.load(STANDARDS).standards[standard_id]


def wait_stated_within(today: date) -> int:
    """The most days ago a generated wait is stated: inside TRA-001's limit, with room."""
    lasts = standard("TRA-001").lasts
    return (today - (today - lasts)).days - WAIT_ROOM


def ago(today: date, rng: random.Random, lo: int, hi: int) -> str:
    """A date between ``hi`` and ``lo`` days before ``today``, as YAML writes it."""
    return (today - timedelta(days=rng.randint(lo, hi))).isoformat()


def _range(low: int, high: int) -> str:
    return mapping({"min": low, "max": high} if high > low else {"min": low})


def kinds_offered(rng: random.Random) -> list[ServiceType]:
    offered = [k for k, kind in KINDS.items() if not kind.alongside and rng.random() < kind.chance]
    if not offered:
        offered = [rng.choice([k for k, kind in KINDS.items() if kind.beds])]
    offered += [k for k, kind in KINDS.items() if kind.alongside and rng.random() < kind.chance]
    return offered


def services(rng: random.Random, today: date) -> list[tuple[ServiceType, list[str]]]:
    """Each service offered with its lines of YAML (a list item under ``services:``)."""
    out = []
    for code in kinds_offered(rng):
        kind = KINDS[code]
        lines = [f"  - type: {code}"]
        if code is ServiceType.RESIDENTIAL_REHAB:
            stages = [s for s in RehabStage if rng.random() < STAGE_CHANCE] or [RehabStage.PRIMARY]
            lines.append(f"    stages: {flow(stages)}")
        if rng.random() < 0.4:
            lines.append("    description: " + quoted(rng.choice(SERVICE_DESCRIPTIONS)))
        lo, hi = kind.weeks
        shortest = rng.randint(lo, hi)
        lines.append(f"    length_weeks: {_range(shortest, rng.randint(shortest, hi))}")
        if kind.beds:
            lines.append(f"    beds: {rng.randint(*kind.beds)}")
        if kind.wait_chance >= 1 or rng.random() < kind.wait_chance:
            within = wait_stated_within(today)  # the days are thrown first, then the date
            wait = {"days": rng.choice(WAITS), "stated": ago(today, rng, 0, within)}
            lines.append(f"    wait: {mapping(wait)}")
        if kind.weekly_cost:
            lowest = rng.randrange(*kind.weekly_cost, COST_STEP)
            lines.append(f"    weekly_cost: {_range(lowest, lowest + rng.choice(COST_SPREADS))}")
        out.append((code, lines))
    return out
