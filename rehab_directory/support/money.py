"""Amounts of money, written one way everywhere: '£1,650' for whole pounds (weekly costs),
'£13.45' for pounds and pence (hourly pay, Living Wage rates), and a weekly cost's range
('£1,200 to £1,650 a week')."""

from __future__ import annotations

from decimal import Decimal


def pounds(amount: int) -> str:
    """1650 -> '£1,650'."""
    return f"£{amount:,}"


def pounds_and_pence(amount: Decimal | float | int) -> str:
    """Decimal('13.45') -> '£13.45'; 10 -> '£10.00'."""
    return f"£{amount:,.2f}"


def cost_range(low: int, high: int | None, *, to: str = " to ", per: str = " a week",
               free: str | None = None) -> str:
    """A weekly cost, one way for every output: '£1,200 to £1,650 a week', '£1,200 a week'
    when ``high`` is None or the same. ``to`` and ``per`` are the words between the ends and
    after them (the review report's compact '£1,200–£1,650': ``to="–", per=""``); ``free``,
    when given, names a cost of £0 ('Free', 'Free to £400 a week'; a cost of nothing at all
    is just ``free``)."""
    def amount(whole_pounds: int) -> str:
        return free if free is not None and whole_pounds == 0 else pounds(whole_pounds)

    if high is None or high == low:
        return free if free is not None and low == 0 else f"{pounds(low)}{per}"
    return f"{amount(low)}{to}{pounds(high)}{per}"
