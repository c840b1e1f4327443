"""Today's date as the directory judges it: in UK time (Europe/London), not the machine's.

A listing's evidence lapses at midnight in the UK. A build that runs on a server set to UTC
(as CI runners are) at 00:30 on a summer night would otherwise judge by yesterday's date.
"""

from __future__ import annotations

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
