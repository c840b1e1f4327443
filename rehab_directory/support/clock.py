"""Today's date as the directory judges it: in UK time (Europe/London), not the machine's.

A listing's evidence lapses at midnight in the UK. A build that runs on a server set to UTC
(as CI runners are) at 00:30 on a summer night would otherwise judge by yesterday's date.
"""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def uk_today(now: datetime | None = None) -> date:
    """The date in the UK at ``now`` (default: this moment). A naive ``now`` is taken as UTC."""
    if now is None:
        return datetime.now(UK).date()
    if now.tzinfo is None:
        from datetime import UTC

        now = now.replace(tzinfo=UTC)
    return now.astimezone(UK).date()


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def date_argument(value: str) -> date:
    """A command's date option (``--today``, ``--on``): YYYY-MM-DD, or a usage error that says
    what is wrong and how to write it (argparse shows it after the usage line)."""
    text = value.strip()
    if not _ISO_DAY.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a date: write YYYY-MM-DD, e.g. 2026-12-01")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:  # the shape is right, a figure is not: say which
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a date ({exc}): write YYYY-MM-DD, e.g. 2026-12-01") from None


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def long_date(day: date | None) -> str:
    """2027-01-14 -> '14 January 2027' (the way GOV.UK writes dates); None -> ''. Month
    names are ours, not the locale's (``%B`` would follow the machine's language)."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def how_long(day: date, today: date) -> str:
    """How far ``day`` is from ``today``, in words: 'today', 'in 44 days', '3 days ago',
    '5 weeks ago', '3 months ago', '2 years ago'. The future is counted in days (a deadline);
    the past in the largest unit that fits, so a date long past never reads as 'today'."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    if days > 0:
        return f"in {days} days"
    ago = -days
    months = (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)
    if ago < 14:
        return f"{ago} days ago"
    if months < 2:
        return f"{ago // 7} weeks ago"
    if months < 24:
        return f"{months} months ago"
    return f"{months // 12} years ago"
