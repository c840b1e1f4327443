"""Facts put into words for the open data: ranges ("£1,200 to £1,650 a week") and sentences
joined from the parts that are known."""

from __future__ import annotations

from rehab_directory.support.money import pounds


def value_range(low: int, high: int | None, unit: str, money: bool = False) -> str:
    """"6 weeks", "6 to 12 weeks"; with ``money``, "£1,200 to £1,650 a week"."""
    fmt = pounds if money else str
    if high is None or high == low:
        return f"{fmt(low)}{unit}"
    return f"{fmt(low)} to {fmt(high)}{unit}"


def sentence(*parts: str | None) -> str:
    """The parts that are there, joined by spaces."""
    return " ".join(p for p in parts if p)
