"""Amounts of money, written one way everywhere: '£1,650' for whole pounds (weekly costs),
'£13.45' for pounds and pence (hourly pay, Living Wage rates)."""

from __future__ import annotations

from decimal import Decimal


def pounds(amount: int) -> str:
    """1650 -> '£1,650'."""
    return f"£{amount:,}"


def pounds_and_pence(amount: Decimal | float | int) -> str:
    """Decimal('13.45') -> '£13.45'; 10 -> '£10.00'."""
    return f"£{amount:,.2f}"
