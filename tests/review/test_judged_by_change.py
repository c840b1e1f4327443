"""A pull request is judged by what it changes; verification is a reviewer's act.

A change fails only when it makes a listing worse (or breaks scope); a listing that stays
withheld is said to, with what would bring it back; a new listing awaits verification; a
provider's change to last_verified or verified_by is a scope error.
"""

from __future__ import annotations

from datetime import date

import pytest
from review_helpers import BEACON, BEACON_OWNER, HARBOUR, REVIEWER, gull_text

from rehab_directory.verify import record

GULL = "content/providers/gull-point-scarborough.yaml"
WAIT = ("wait: {days: 10, stated: 2026-11-16}", "wait: {days: 12, stated: 2026-11-22}")


@pytest.fixture
def lapsed(repo):
    """Beacon Lodge last verified more than 12 months ago: TRA-002 has lapsed on main."""
    repo.edit(BEACON, ("last_verified: 2026-10-30", "last_verified: 2025-08-01"))
    repo.base = repo.commit("lapsed")
    return repo


def test_a_maintainers_wait_only_update_to_a_lapsed_listing_passes_and_stays_withheld(lapsed):
    lapsed.edit(BEACON, WAIT)
    lapsed.commit()
    result = lapsed.review("--author", BEACON_OWNER)
    assert result.code == 0, result.markdown
    entry = result.listing("beacon-lodge-leeds")
    assert entry["worse"] is None
    assert entry["before"]["standing"]["standing"] == "lapsed"
    assert entry["after"]["standing"]["standing"] == "lapsed"
    assert entry["after"]["standing"]["lapsed_on"] == "2026-08-02"
    assert "**Stays withheld:** evidence has gone out of date." in result.markdown
    [step] = entry["bring_back"]
    assert step.startswith("TRA-002 (Listing checked by a reviewer in the last 12 months) "
                           "lapsed on 2 August 2026, 3 months ago: a framework reviewer")
    assert "scripts/verify.py beacon-lodge-leeds" in step
    assert "- Listings withheld from the public directory after it: 1" in result.markdown
    assert "✅ **Passes: no listing is made worse, and scope is fine.**" in result.markdown


def test_a_provider_fixable_lapse_stays_withheld_and_says_how_to_fix_it(repo):
    repo.edit(BEACON, ("complaints: {reviewed: 2025-09-18}", "complaints: {reviewed: 2024-11-10}"))
    repo.base = repo.commit("complaints policy lapsed")
    repo.edit(BEACON, WAIT)
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 0, result.markdown
    [step] = result.listing("beacon-lodge-leeds")["bring_back"]
    assert step.startswith("POL-002 (A complaints policy, reviewed in the last 2 years) "
                           "lapsed on 11 November 2026, 12 days ago: ")
    assert "complaints policy" in step.split(": ", 1)[1].lower()


def test_fixing_one_of_two_failures_passes_and_fixing_both_publishes_it_again(repo):
    repo.edit(BEACON, ("strip_search: false", "strip_search: true"),
              ("safeguarding: {reviewed: 2026-02-03}", "safeguarding: {reviewed: 2023-02-03}"))
    repo.base = repo.commit("two failures")
    repo.edit(BEACON, ("strip_search: true", "strip_search: false"))
    half = repo.commit("one fixed")
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 0, result.markdown
    entry = result.listing("beacon-lodge-leeds")
    assert entry["after"]["standing"]["standing"] == "failing"
    assert "**Stays withheld:** does not meet a required standard." in result.markdown
    assert [s.split(" ")[0] for s in entry["bring_back"]] == ["POL-001"]
    repo.edit(BEACON, ("safeguarding: {reviewed: 2023-02-03}", "safeguarding: {reviewed: "
                                                               "2026-11-20}"))
    repo.commit("both fixed")
    fixed = repo.review("--author", BEACON_OWNER)
    assert fixed.code == 0 and "**Published again** after this change." in fixed.markdown
    assert fixed.listing("beacon-lodge-leeds")["bring_back"] == []
    assert half != repo.git("rev-parse", "HEAD")


def test_a_change_that_adds_a_failure_to_a_withheld_listing_fails(lapsed):
    lapsed.edit(BEACON, ("strip_search: false", "strip_search: true"))
    lapsed.commit()
    result = lapsed.review("--author", BEACON_OWNER)
    assert result.code == 1
    assert result.data["failures"] == ["beacon-lodge-leeds newly fails DIG-001"]
    flagged = [r["id"] for r in result.listing("beacon-lodge-leeds")["standards"]
               if r["newly_failing"]]
    assert flagged == ["DIG-001"]  # TRA-002 failed before too: not counted against it


def test_a_new_listing_that_fails_a_provider_standard_fails(repo):
    repo.write(GULL, gull_text().replace("complaints: {reviewed: 2025-09-18}",
                                         "complaints: {reviewed: 2023-01-10}"))
    repo.commit()
    result = repo.review("--author", "gull-point-admin")
    assert result.code == 1
    assert result.data["failures"] == ["gull-point-scarborough fails POL-002"]
    entry = result.listing("gull-point-scarborough")
    assert entry["worse"]["new"] is True and entry["worse"]["standards"] == ["POL-002"]
    assert entry["after"]["standing"]["standing"] == "failing"


def test_an_unreadable_new_listing_fails(repo):
    repo.write(GULL, "slug: gull-point-scarborough\nname: [unclosed\n")
    repo.commit()
    result = repo.review("--author", "gull-point-admin")
    assert result.code == 1
    assert result.data["failures"][0] == "gull-point-scarborough is not a valid listing"


def test_a_provider_setting_last_verified_is_a_scope_error(repo):
    repo.edit(BEACON, ("last_verified: 2026-10-30", "last_verified: 2026-11-20"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1
    assert result.rules("scope") == ["SCOPE-006"]
    assert "WEIGH-005" not in result.rules("warnings")  # an error, not a warning to weigh
    assert result.data["failures"] == ["1 scope problem(s) in a provider's pull request"]


def test_a_provider_naming_a_verifier_is_a_scope_error(repo):
    repo.edit(BEACON, ("last_verified: 2026-10-30", f"last_verified: 2026-10-30\nverified_by: "
                                                    f"{REVIEWER}"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1 and result.rules("scope") == ["SCOPE-006"]


def test_a_new_listing_that_verifies_itself_is_a_scope_error_and_not_shown_as_verified(repo):
    repo.write(GULL, gull_text().replace("maintainers:", "last_verified: 2026-11-20\n"
                                                         "maintainers:"))
    repo.commit()
    result = repo.review("--author", "gull-point-admin")
    assert result.code == 1
    assert result.rules("scope") == ["SCOPE-006"]
    assert "sets last_verified in gull-point-scarborough" in result.data["scope"][0]["message"]
    assert "**Not judged as verified:**" in result.markdown
    assert "awaits verification, like every new listing" in result.markdown


def test_a_reviewers_verification_commit_passes(lapsed):
    raw = (lapsed.path / BEACON).read_bytes()
    lapsed.write(BEACON, record(raw, date(2026, 11, 23), REVIEWER))
    lapsed.commit("Verify beacon-lodge-leeds")
    result = lapsed.review("--author", REVIEWER)
    assert result.code == 0, result.markdown
    assert result.data["scope"] == [result.data["scope"][0]]  # SCOPE-004 only: reported
    assert result.rules("scope") == ["SCOPE-004"]
    [warning] = [w for w in result.data["warnings"] if w["rule"] == "WEIGH-005"]
    assert warning["message"] == ("verification recorded: 1 August 2025 by nobody named → "
                                  f"23 November 2026 by {REVIEWER}")
    assert "**Published again** after this change." in result.markdown
    assert any(line.startswith("The reviewer named in verified_by")
               for line in result.data["checklist"])


def test_a_verification_mixed_with_other_changes_is_flagged(lapsed):
    raw = (lapsed.path / BEACON).read_bytes()
    lapsed.write(BEACON, record(raw, date(2026, 11, 23), REVIEWER))
    lapsed.edit(BEACON, ("beds: 18", "beds: 20"))
    lapsed.commit()
    result = lapsed.review("--author", REVIEWER)
    [warning] = [w for w in result.data["warnings"] if w["rule"] == "WEIGH-005"]
    assert "1 other field(s) changed in the same pull request" in warning["message"]


def test_a_verification_must_name_a_reviewer_even_in_a_reviewers_pull_request(lapsed):
    raw = (lapsed.path / BEACON).read_bytes()
    lapsed.write(BEACON, record(raw, date(2026, 11, 23), "not-a-reviewer"))
    lapsed.commit()
    result = lapsed.review("--author", REVIEWER)
    assert result.code == 1
    assert "SCOPE-007" in result.rules("scope")
    assert result.data["failures"] == ["1 scope problem(s)"]


def test_no_provider_is_blocked_by_the_reviewers_fields_on_another_listing(lapsed):
    # Harbour House is fine; Beacon Lodge is withheld (lapsed). A change to Harbour alone
    # is judged on Harbour alone.
    lapsed.edit(HARBOUR, ("beds: 18", "beds: 17"))
    lapsed.commit()
    result = lapsed.review("--author", "harbour-house-team")
    assert result.code == 0, result.markdown
    assert [e["slug"] for e in result.data["listings"]] == ["harbour-house-hull"]
