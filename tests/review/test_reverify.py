"""review.py --all: per listing, what is withheld now and what lapses within 60 days, with
the listing's maintainers and exact dates, judged in UK time."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from review_helpers import BEACON, BEACON_OWNER, HARBOUR, HARBOUR_OWNER

from rehab_directory import review
from rehab_directory.support.clock import how_long, uk_today

DAY = "2026-12-01"


def run_all(repo, tmp_path, today=DAY):
    out = tmp_path / f"all-{today}"
    code = review.main(["--all", "--repo", str(repo.path), "--today", today,
                        "--output-dir", str(out)])
    return code, (out / "report.md").read_text(), json.loads((out / "report.json").read_text())


def by_slug(data):
    return {entry["slug"]: entry for entry in data["listings"]}


def test_nothing_needs_attention(repo, tmp_path):
    code, markdown, data = run_all(repo, tmp_path, "2026-11-23")
    assert code == 0
    assert data["listings"] == [] and data["count"] == 0
    assert "Nothing needs attention" in markdown


def test_the_report_is_replaced_whole_when_written_again(repo, tmp_path):
    out = tmp_path / "out"
    args = ["--all", "--repo", str(repo.path), "--output-dir", str(out)]
    assert review.main([*args, "--today", "2026-11-23"]) == 0
    first_md, first_json = (out / "report.md").read_text(), (out / "report.json").read_text()
    with (out / "report.md").open() as md_before, (out / "report.json").open() as json_before:
        assert review.main([*args, "--today", "2026-12-10"]) == 0
        assert md_before.read() == first_md and json_before.read() == first_json
    assert (out / "report.md").read_text() != first_md
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "report.md"]


def test_each_listing_with_its_maintainers_and_exact_dates(repo, tmp_path):
    # Beacon Lodge: last verified in August 2025, so withheld since August 2026.
    repo.edit(BEACON, ("last_verified: 2026-10-30", "last_verified: 2025-08-01"))
    # Harbour House: its complaints policy lapses on 14 January 2027, in 44 days.
    repo.edit(HARBOUR, ("complaints: {reviewed: 2025-09-18}", "complaints: {reviewed: "
                                                              "2025-01-13}"))
    code, markdown, data = run_all(repo, tmp_path)
    assert code == 0
    listings = by_slug(data)
    assert list(listings) == ["beacon-lodge-leeds", "harbour-house-hull"]  # withheld first
    beacon, harbour = listings["beacon-lodge-leeds"], listings["harbour-house-hull"]
    assert beacon["maintainers"] == [BEACON_OWNER] and harbour["maintainers"] == [HARBOUR_OWNER]
    assert (beacon["standing"], beacon["withheld"]) == ("lapsed", True)
    [lapsed] = beacon["notices"]
    assert (lapsed["kind"], lapsed["standard"], lapsed["on"], lapsed["days"]) == (
        "lapsed", "TRA-002", "2026-08-02", -121)
    assert lapsed["when"] == "lapsed on 2 August 2026, 3 months ago"
    assert "scripts/verify.py beacon-lodge-leeds" in lapsed["action"]
    assert (harbour["standing"], harbour["withheld"]) == ("published", False)
    [soon] = harbour["notices"]
    assert (soon["kind"], soon["standard"], soon["days"]) == ("lapses", "POL-002", 44)
    assert soon["when"] == "lapses on 14 January 2027, in 44 days"
    assert "Maintainers: beacon-lodge-admissions" in markdown
    assert "lapsed on 2 August 2026, 3 months ago" in markdown
    assert "today" not in markdown.split("## ")[1].split("\n", 1)[1]


def test_invalid_failing_and_unverified_listings_are_withheld(repo, tmp_path):
    repo.edit(HARBOUR, ("strip_search: false", "strip_search: true"))
    repo.write("content/providers/broken-listing.yaml", "name: [unclosed\n")
    repo.write("content/providers/gull-point-scarborough.yaml", (repo.path / BEACON).read_text()
               .replace("slug: beacon-lodge-leeds", "slug: gull-point-scarborough")
               .replace("last_verified: 2026-10-30\n", ""))
    code, _, data = run_all(repo, tmp_path, "2026-11-23")
    listings = by_slug(data)
    assert listings["broken-listing"]["standing"] == "invalid"
    assert listings["broken-listing"]["maintainers"] == []
    assert listings["harbour-house-hull"]["standing"] == "failing"
    assert [n["standard"] for n in listings["harbour-house-hull"]["notices"]] == ["DIG-001"]
    gull = listings["gull-point-scarborough"]
    assert (gull["standing"], gull["notices"][0]["when"]) == ("unverified", "not yet verified")
    assert data["withheld"] == 3 and data["count"] == len(data["listings"])


def test_short_lived_evidence_is_warned_about_a_quarter_of_its_life_ahead(repo, tmp_path):
    # Waits count for 30 days: the one stated on 16 November is warned about a week ahead.
    _, _, early = run_all(repo, tmp_path, "2026-12-01")
    assert early["listings"] == []
    _, _, late = run_all(repo, tmp_path, "2026-12-10")
    [entry] = [e for e in late["listings"] if e["slug"] == "beacon-lodge-leeds"]
    assert {(n["standard"], n["on"]) for n in entry["notices"]} == {("TRA-001", "2026-12-17")}


def _complaints_last(repo, months: int, reviewed: str) -> None:
    """POL-002 made to last ``months`` calendar months; Harbour House's policy reviewed then."""
    repo.edit("standards/standards.yaml",
              ("evidence: [policies.complaints]\n    params: {within_months: 24}",
               f"evidence: [policies.complaints]\n    params: {{within_months: {months}}}"))
    repo.edit(HARBOUR, ("complaints: {reviewed: 2025-09-18}",
                        f"complaints: {{reviewed: {reviewed}}}"))


def _complaints_notices(data):
    entry = by_slug(data).get("harbour-house-hull", {"notices": []})
    return [(n["kind"], n["on"]) for n in entry["notices"] if n["standard"] == "POL-002"]


def test_a_month_is_a_calendar_month_across_month_ends(repo, tmp_path):
    # Reviewed on 31 January, good for a month: it counts to the end of February.
    _complaints_last(repo, 1, "2027-01-31")
    _, _, data = run_all(repo, tmp_path, "2027-02-25")
    assert _complaints_notices(data) == [("lapses", "2027-03-01")]
    # Reviewed on 28 February, good for a month: it counts to 28 March, not to 31 March.
    repo.edit(HARBOUR, ("complaints: {reviewed: 2027-01-31}",
                        "complaints: {reviewed: 2027-02-28}"))
    _, _, data = run_all(repo, tmp_path, "2027-03-24")
    assert _complaints_notices(data) == [("lapses", "2027-03-29")]


def test_the_quarter_of_a_months_long_life_is_counted_in_the_calendar(repo, tmp_path):
    # Three months from 30 April to 31 July are 92 days: warned 23 days ahead, not 22.
    _complaints_last(repo, 3, "2027-04-30")
    _, _, early = run_all(repo, tmp_path, "2027-07-07")
    assert _complaints_notices(early) == []
    _, _, due = run_all(repo, tmp_path, "2027-07-08")
    assert _complaints_notices(due) == [("lapses", "2027-07-31")]


def test_a_stale_wait_is_listed_though_the_listing_stays_published(repo, tmp_path):
    repo.edit(BEACON, ("wait: {days: 10, stated: 2026-11-16}", "wait: {days: 10, stated: "
                                                               "2026-10-01}"))
    _, markdown, data = run_all(repo, tmp_path)
    entry = by_slug(data)["beacon-lodge-leeds"]
    assert (entry["standing"], entry["withheld"]) == ("published", False)
    [stale] = [n for n in entry["notices"] if n["kind"] == "advisory"]
    assert stale["standard"] == "TRA-001" and stale["on"] is None
    assert stale["when"] == "not met now (advisory: the listing stays published)"
    assert "confirm the current wait" in stale["action"]


def test_an_exception_that_expires_soon(repo, tmp_path):
    repo.edit(BEACON, ("trauma_informed: 2025-10-08", "trauma_informed: 2024-10-08"))
    repo.edit("standards/exceptions.yaml", ("exceptions: []", "exceptions:\n"
              "  - standard: TRN-003\n    provider: beacon-lodge-leeds\n"
              "    reason: Training booked for January after the trainer cancelled.\n"
              "    approved_by: robin-example-reviewer\n    approved: 2026-06-01\n"
              "    expires: 2027-01-10\n"))
    _, _, data = run_all(repo, tmp_path)
    [notice] = by_slug(data)["beacon-lodge-leeds"]["notices"]
    assert (notice["kind"], notice["on"]) == ("exception", "2027-01-11")
    assert "robin-example-reviewer" in notice["action"]


def test_dates_are_judged_in_uk_time_and_said_in_words():
    # 23:30 UTC on 31 March 2027 is already 1 April in the UK (British Summer Time).
    assert uk_today(datetime(2027, 3, 31, 23, 30, tzinfo=UTC)) == date(2027, 4, 1)
    assert uk_today(datetime(2026, 12, 1, 23, 30, tzinfo=UTC)) == date(2026, 12, 1)
    today = date(2026, 12, 1)
    assert how_long(date(2027, 1, 14), today) == "in 44 days"
    assert how_long(date(2026, 9, 1), today) == "3 months ago"
    assert how_long(date(2024, 11, 30), today) == "2 years ago"
    assert how_long(date(2026, 11, 24), today) == "7 days ago"
    assert how_long(date(2026, 11, 3), today) == "4 weeks ago"
    assert how_long(today, today) == "today"
