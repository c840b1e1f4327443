"""Facts put into words for the open data: ranges ("6 to 12 weeks") and sentences
joined from the parts that are known."""

from __future__ import annotations


def value_range(low: int, high: int | None, unit: str) -> str:
    """"6 weeks", "6 to 12 weeks" (a cost's range is ``money.cost_range``)."""
    if high is None or high == low:
        return f"{low}{unit}"
    return f"{low} to {high}{unit}"


def sentence(*parts: str | None) -> str:
    """The parts that are there, joined by spaces."""
    return " ".join(p for p in parts if p)
