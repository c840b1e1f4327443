"""Admissions paused or open, as the provider last said, on the provider's page."""

from __future__ import annotations

import html
import re
from datetime import date

from rehab_directory.build import build

LISTING = "content/providers/calm-harbour-hull.yaml"


def provider_page(tmp_path, new_root, today, admissions: str) -> str:
    root = new_root(tmp_path / "repo")
    path = root / LISTING
    text = path.read_text()
    assert "\nsubstances:" in text
    path.write_text(text.replace("\nsubstances:", f"\n{admissions}substances:", 1))
    out = tmp_path / "public"
    assert build(out, root, today) == 0
    page = (out / "providers" / "calm-harbour-hull" / "index.html").read_text()
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_paused_admissions_are_said_at_the_top(tmp_path, new_root, today):
    text = provider_page(tmp_path, new_root, today,
                         "admissions:\n  status: paused\n  stated: 2026-11-20\n"
                         "  reopens: 2027-01-11\n  note: Referrals still join our waiting "
                         "list.\n")
    said = " ".join(text.split())
    # The one wording of the result cards and the open data (wording.admissions_notice).
    assert ("Admissions paused: Not taking new admissions for now (expected to reopen "
            "11 January 2027), as stated on 20 November 2026. Referrals still join our "
            "waiting list.") in said
    assert said.index("Admissions paused") < said.index("Support offered")


def test_paused_admissions_after_the_reopening_day(tmp_path, new_root):
    """Built after the day they expected to reopen (a nightly build, no edit): the page says
    the pause is as last stated, as the card does, not that the day is still to come."""
    text = provider_page(tmp_path, new_root, date(2027, 1, 12),
                         "admissions:\n  status: paused\n  stated: 2026-11-20\n"
                         "  reopens: 2027-01-11\n")
    said = " ".join(text.split())
    assert ("Admissions paused: Not taking new admissions when last stated (expected to "
            "reopen 11 January 2027: ask if they have reopened), as stated on 20 November "
            "2026.") in said
    assert "Not taking new admissions for now" not in said


def test_paused_without_a_date(tmp_path, new_root, today):
    text = provider_page(tmp_path, new_root, today,
                         "admissions: {status: paused, stated: 2026-11-20}\n")
    said = " ".join(text.split())
    assert ("Admissions paused: Not taking new admissions for now, as stated on 20 November "
            "2026.") in said


def test_open_admissions_are_a_plain_line(tmp_path, new_root, today):
    text = provider_page(tmp_path, new_root, today,
                         "admissions: {status: open, stated: 2026-11-21}\n")
    said = " ".join(text.split())
    assert "Taking new admissions (as stated on 21 November 2026)." in said
    assert "Admissions paused" not in said
