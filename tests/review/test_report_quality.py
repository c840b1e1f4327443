"""The report cannot mislead: headline, counts, checklist, warnings and the one cause first."""

from __future__ import annotations

import re

import pytest
from review_helpers import BEACON, BEACON_OWNER, HARBOUR, REVIEWER, jpeg

POLICIES = """policies:
  strip_search: false
  dignity_and_respect:
    reviewed: 2026-02-03
    url: https://www.beacon-lodge.example.org.uk/policies/dignity
  safeguarding: {reviewed: 2026-02-03}
  complaints: {reviewed: 2025-09-18}
  unplanned_discharge: {reviewed: 2025-11-20}
"""


def summary(markdown: str) -> dict[str, int]:
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^- ([A-Z][^:\n]+): (\d+)", markdown, re.M)}


def section(markdown: str, title: str) -> list[str]:
    text = markdown.split(f"### {title}\n", 1)[1].split("\n### ", 1)[0]
    return [line for line in text.splitlines() if line.startswith("- ")]


def test_the_headline_never_calls_scope_fine_when_a_scope_problem_is_listed(repo):
    repo.edit(BEACON, ("beds: 18", "beds: 20"))
    repo.commit()
    result = repo.review("--author", REVIEWER)  # a reviewer, not the listing's maintainer
    assert result.code == 0
    assert result.rules("scope") == ["SCOPE-004"]
    headline = result.markdown.split("\n")[2]
    assert "scope is fine" not in headline
    assert "1 scope problem(s) are listed below" in headline


@pytest.mark.parametrize("author", [BEACON_OWNER, REVIEWER])
def test_counts_match_the_lists(repo, author):
    repo.write("theme/templates/base.html", "<!doctype html><title>x</title>\n")
    repo.write("scripts/validate.py", "# changed\n")
    repo.edit(BEACON, ("strip_search: false", "strip_search: true"),
              ("wait: {days: 14, stated: 2026-11-16}", "wait: {days: 45, stated: 2026-11-20}"))
    repo.edit(HARBOUR, ("beds: 18", "beds: 20"))
    repo.commit()
    result = repo.review("--author", author)
    counts = summary(result.markdown)
    assert counts["Scope problems"] == len(result.data["scope"]) == len(
        section(result.markdown, "Scope"))
    assert counts["Warnings to weigh"] == len(result.data["warnings"]) == len(
        section(result.markdown, "Warnings for a person to weigh"))
    assert counts["Errors across listings"] == len(result.data["errors"])
    newly = [r for e in result.data["listings"] for r in e["standards"]
             if r["newly_failing"] and r["level"] == "required"]
    assert counts["Required standards newly failing"] == len(newly) == result.markdown.count(
        "🆕 |")
    worse = [e for e in result.data["listings"] if e["worse"]]
    assert counts["Listings this change makes worse"] == len(worse) == 1
    withheld = [e for e in result.data["listings"] if e["after"]
                and not e["after"]["publishable"]]
    assert counts["Listings withheld from the public directory after it"] == len(withheld)


def test_the_checklist_covers_only_what_changed(repo):
    repo.edit(BEACON, ("beds: 18", "beds: 20"))
    repo.commit()
    beds = repo.review("--author", BEACON_OWNER)
    assert beds.data["checklist"] == []
    assert "photos" not in beds.markdown.split("### Only a person can check")[1]
    repo.edit(BEACON, ("complaints: {reviewed: 2025-09-18}", "complaints: {reviewed: "
                                                             "2026-11-01}"),
              ('"0113 496 0871"', '"0113 496 0872"'))
    repo.commit()
    evidence = repo.review("--author", BEACON_OWNER)
    topics = [line.split(" ")[:3] for line in evidence.data["checklist"]]
    assert topics == [["I", "have", "seen"], ["The", "phone", "number,"]]
    repo.write("content/providers/beacon-lodge-leeds/garden.jpg", jpeg())
    repo.edit(BEACON, ("photos: []", "photos:\n  - {file: garden.jpg, alt: The garden in "
                                     "summer}"))
    repo.commit()
    photos = repo.review("--author", BEACON_OWNER)
    assert any(line.startswith("The photos and logo") for line in photos.data["checklist"])
    assert "- [ ] The photos and logo are real pictures" in photos.markdown


def test_warnings_name_the_listing_and_the_service(repo):
    repo.edit(BEACON, ("wait: {days: 14, stated: 2026-11-16}", "wait: {days: 45, stated: "
                                                               "2026-11-20}"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    [wait] = [w for w in result.data["warnings"] if w["rule"] == "WEIGH-001"]
    assert (wait["slug"], wait["service"], wait["message"]) == (
        "beacon-lodge-leeds", "residential rehab", "wait 14 → 45 days")
    assert ("- **WEIGH-001** Beacon Lodge (`beacon-lodge-leeds`), residential rehab: wait "
            "14 → 45 days") in result.markdown
    assert all(w["slug"] for w in result.data["warnings"])


def test_warnings_do_not_fire_on_evidence_the_change_did_not_touch(repo):
    # The complaints policy lapses in 13 days; a change of beds alone does not warn about it.
    repo.edit(BEACON, ("complaints: {reviewed: 2025-09-18}", "complaints: {reviewed: 2024-12-05}"))
    repo.base = repo.commit("an old complaints policy, already on main")
    repo.edit(BEACON, ("beds: 18", "beds: 20"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.data["warnings"] == []
    assert "None." in result.markdown.split("### Warnings for a person to weigh")[1]


def test_one_missing_field_that_fails_many_standards_is_named_first(repo):
    repo.edit(BEACON, (POLICIES, ""))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1
    entry = result.listing("beacon-lodge-leeds")
    assert entry["causes"] == [{"field": "policies", "missing": True, "standards": [
        "DIG-001", "DIG-002", "POL-001", "POL-002", "POL-003"]}]
    first = entry["bring_back"][0]
    assert first == ("policies is missing from the listing, and that alone makes 5 required "
                     "standards fail (DIG-001, DIG-002, POL-001, POL-002, POL-003): add it "
                     "first")
    md = result.markdown
    assert md.index("policies is missing from the listing") < md.index("| **DIG-001**")
    assert result.data["failures"] == [
        "beacon-lodge-leeds newly fails DIG-001, DIG-002, POL-001, POL-002, POL-003 (one cause: "
        "policies is missing)"]


def test_a_missing_registration_is_one_cause_of_two_failures(repo):
    repo.edit(BEACON, ("regulation:\n  regulator: cqc\n  provider_id: \"1-901234567\"\n"
                       "  location_id: \"1-901234568\"\n  rating: good\n"
                       "  rating_date: 2025-03-12\n", ""))
    repo.commit()
    entry = repo.review("--author", BEACON_OWNER).listing("beacon-lodge-leeds")
    assert entry["causes"] == [{"field": "regulation", "missing": True,
                                "standards": ["REG-001", "REG-002"]}]
