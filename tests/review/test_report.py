"""The review report on real git repositories: each section of it, renames and deletions."""

from __future__ import annotations

import subprocess
import sys

from review_helpers import (
    BEACON,
    BEACON_OWNER,
    HARBOUR,
    REVIEWER,
    ROOT,
    TODAY,
    gull_text,
    jpeg,
)

from rehab_directory.review import md

GULL = "content/providers/gull-point-scarborough.yaml"


def test_no_listing_changes_pass_with_an_empty_report(repo):
    repo.write(BEACON, repo.read(BEACON))  # unchanged content
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 0
    assert result.data["result"] == "pass"
    assert result.data["listings"] == []
    assert "No listing files changed." in result.markdown
    assert result.data["checklist"] == []
    assert "Nothing changed that only a person can check." in result.markdown


def test_a_changed_listing_has_a_field_diff_and_newly_failing_standards_first(repo):
    repo.edit(BEACON, ("wait: {days: 14, stated: 2026-11-16}", "wait: {days: 45, stated: "
                                                               "2026-11-20}"),
              ("strip_search: false", "strip_search: true"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1
    entry = result.listing("beacon-lodge-leeds")
    assert entry["status"] == "changed"
    fields = {f["field"]: (f["before"], f["after"]) for f in entry["fields"]}
    assert fields == {
        "services[residential_rehab].wait.days": (14, 45),
        "services[residential_rehab].wait.stated": ("2026-11-16", "2026-11-20"),
        "policies.strip_search": (False, True),
    }
    first = entry["standards"][0]
    assert (first["id"], first["before"], first["after"], first["newly_failing"]) == (
        "DIG-001", "met", "not_met", True)
    assert all(not row["newly_failing"] for row in entry["standards"][1:])
    assert entry["after"]["publishable"] is False
    assert entry["after"]["standing"]["standing"] == "failing"
    assert entry["worse"] == {"standards": ["DIG-001"], "errors": [], "invalid": False,
                              "new": False}
    assert result.data["failures"] == ["beacon-lodge-leeds newly fails DIG-001"]
    assert "WEIGH-001" in result.rules("warnings")
    assert "| **DIG-001** No strip searches of residents | required | ✅ met | ❌ not met 🆕 |" \
        in result.markdown
    assert "**Withheld after this change:** does not meet a required standard." in \
        result.markdown
    assert result.markdown.index("DIG-001") < result.markdown.index("Warnings for a person")
    assert "❌ **Changes needed:** beacon-lodge-leeds newly fails DIG-001." in result.markdown


def test_a_provider_updating_its_own_listing_passes(repo):
    repo.edit(BEACON, ("wait: {days: 10, stated: 2026-11-16}", "wait: {days: 12, stated: "
                                                               "2026-11-22}"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER.upper())  # GitHub names ignore case
    assert result.code == 0, result.markdown
    assert result.data["scope"] == [] and result.data["author_is_reviewer"] is False
    assert result.rules("warnings") == ["WEIGH-004"]  # the wait it touched goes stale soon
    assert "TRA-001" in result.data["warnings"][0]["message"]
    assert "✅ **Passes: no listing is made worse, and scope is fine.**" in result.markdown
    assert "Only the listing's own files changed." in result.markdown
    assert "**Published** after this change." in result.markdown
    assert result.data["checklist"] == []  # a wait is not evidence a reviewer asks to see


def test_warnings_for_costs_ratings_contacts_and_maintainers(repo):
    repo.edit(BEACON, ("weekly_cost: {min: 950, max: 1150}", "weekly_cost: {min: 1200, max: 1400}"),
              ("rating: good", "rating: requires_improvement"),
              ('"0113 496 0871"', '"0113 496 0872"'),
              ("[beacon-lodge-admissions]", "[beacon-lodge-admissions, new-person]"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    messages = {w["rule"]: w for w in result.data["warnings"]}
    cost = messages["WEIGH-002"]
    assert cost["message"] == "weekly cost £950–£1,150 → £1,200–£1,400 (+26% on the lowest cost)"
    assert (cost["slug"], cost["service"]) == ("beacon-lodge-leeds", "residential rehab")
    assert messages["WEIGH-003"]["message"] == "rating dropped: Good → Requires improvement"
    assert "phone" in messages["WEIGH-006"]["message"]
    assert "added new-person" in messages["WEIGH-007"]["message"]
    assert ("- **WEIGH-002** Beacon Lodge (`beacon-lodge-leeds`), residential rehab: weekly "
            "cost £950–£1,150 → £1,200–£1,400") in result.markdown
    assert result.code == 0  # all of these are for a person to weigh, not failures


def test_evidence_about_to_expire_is_dated_when_the_change_touches_it(repo):
    repo.edit(BEACON, ("complaints: {reviewed: 2025-09-18}", "complaints: {reviewed: 2024-12-05}"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    expiring = [w["message"] for w in result.data["warnings"] if w["rule"] == "WEIGH-004"]
    assert expiring == ["POL-002 (A complaints policy, reviewed in the last 2 years) stops "
                        "being met on 6 December 2026, in 13 days: its evidence expires"]


def test_an_added_listing_by_its_maintainer_awaits_verification(repo):
    repo.write(GULL, gull_text())
    repo.commit()
    result = repo.review("--author", "gull-point-admin")
    assert result.code == 0, result.markdown
    entry = result.listing("gull-point-scarborough")
    assert entry["status"] == "added" and entry["before"] is None
    assert entry["after"]["standing"]["standing"] == "unverified"
    assert entry["worse"] is None
    assert {r["before"] for r in entry["standards"]} == {"absent"}
    assert "WEIGH-010" in result.rules("warnings")
    assert "### gull-point-scarborough (Gull Point): added" in result.markdown
    assert "**Awaiting verification:**" in result.markdown
    assert "| ⏳ awaiting verification |" in result.markdown
    assert entry["bring_back"] == [
        "a framework reviewer checks the evidence with the provider and records the "
        "verification (scripts/verify.py gull-point-scarborough --by THEIR-HANDLE)"]


def test_a_new_listing_must_name_its_author_as_maintainer(repo):
    repo.write(GULL, gull_text())
    repo.commit()
    result = repo.review("--author", "someone-else")
    assert result.code == 1
    assert result.rules("scope") == ["SCOPE-004"]
    assert "someone-else is not a maintainer of gull-point-scarborough" in \
        result.data["scope"][0]["message"]


def test_a_renamed_listing(repo):
    repo.git("mv", BEACON, "content/providers/beacon-lodge-roundhay.yaml")
    repo.edit("content/providers/beacon-lodge-roundhay.yaml",
              ("slug: beacon-lodge-leeds", "slug: beacon-lodge-roundhay"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 0, result.markdown
    [entry] = result.data["listings"]
    assert entry["status"] == "renamed"
    assert entry["before"]["path"] == BEACON
    assert entry["after"]["path"] == "content/providers/beacon-lodge-roundhay.yaml"
    assert entry["fields"] == [{"field": "slug", "before": "beacon-lodge-leeds",
                                "after": "beacon-lodge-roundhay"}]
    assert "WEIGH-008" in result.rules("warnings")
    assert result.data["scope"] == [] and result.data["errors"] == []


def test_a_rename_without_changing_the_slug_fails_the_file_check(repo):
    repo.git("mv", BEACON, "content/providers/beacon-lodge-roundhay.yaml")
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1
    findings = result.data["listings"][0]["after"]["findings"]
    assert [f["rule"] for f in findings] == ["FILE-001"]
    assert result.data["failures"] == ["beacon-lodge-leeds has new errors (FILE-001)"]
    assert "FILE-001" in result.markdown


def test_a_removed_listing_and_its_photos(repo):
    repo.write("content/providers/beacon-lodge-leeds/garden.jpg", jpeg())
    repo.edit(BEACON, ("photos: []", "photos:\n  - {file: garden.jpg, alt: The garden in "
                                     "summer}"))
    repo.base = repo.commit("photos")
    repo.git("rm", "-q", "-r", BEACON, "content/providers/beacon-lodge-leeds")
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 0, result.markdown
    [entry] = result.data["listings"]
    assert entry["status"] == "removed" and entry["after"] is None
    assert entry["standards"] == []
    assert entry["assets"] == [{"status": "D", "path":
                                "content/providers/beacon-lodge-leeds/garden.jpg",
                                "old_path": None}]
    assert result.rules("warnings") == ["WEIGH-009"]
    assert [line for line in result.data["checklist"]] == [
        "The provider asked for the listing to be removed."]


def test_a_photo_change_alone_is_checked_as_an_image(repo):
    repo.write("content/providers/beacon-lodge-leeds/garden.jpg", jpeg())
    repo.edit(BEACON, ("photos: []", "photos:\n  - {file: garden.jpg, alt: The garden in "
                                     "summer}"))
    repo.base = repo.commit("photos")
    repo.write("content/providers/beacon-lodge-leeds/garden.jpg", jpeg(colour=(10, 10, 10)))
    repo.commit("new photo")
    ok = repo.review("--author", BEACON_OWNER)
    assert ok.code == 0, ok.markdown
    assert ok.listing("beacon-lodge-leeds")["status"] == "photos changed"
    assert [line.split(" ")[1] for line in ok.data["checklist"]] == ["photos"]
    repo.write("content/providers/beacon-lodge-leeds/garden.jpg", b"<svg onload=alert(1)>")
    repo.commit("not a photo")
    bad = repo.review("--author", BEACON_OWNER)
    assert bad.code == 1
    rules = [f["rule"] for f in bad.listing("beacon-lodge-leeds")["after"]["findings"]]
    assert rules == ["FILE-004"]
    assert bad.data["failures"] == ["beacon-lodge-leeds has new errors (FILE-004)"]


def test_a_missing_photo_points_at_the_repository_path(repo):
    repo.edit(BEACON, ("photos: []", "photos:\n  - {file: garden.jpg, alt: The garden in "
                                     "summer}"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    [finding] = result.listing("beacon-lodge-leeds")["after"]["findings"]
    assert finding["rule"] == "FILE-003"
    assert finding["fix"].startswith(
        "add the file as content/providers/beacon-lodge-leeds/garden.jpg")


def test_only_the_pull_requests_own_changes_count_after_main_moves_on(repo):
    repo.git("checkout", "-q", "-b", "pr")
    repo.edit(BEACON, ("beds: 18", "beds: 20"))
    repo.commit("pr")
    repo.git("checkout", "-q", "main")
    repo.edit(HARBOUR, ("beds: 18", "beds: 16"))
    repo.commit("meanwhile on main")
    result = repo.review("--author", BEACON_OWNER, base="main", head="pr")
    assert [e["slug"] for e in result.data["listings"]] == ["beacon-lodge-leeds"]
    assert result.data["scope"] == []


def test_a_reviewers_change_to_standards_rechecks_every_listing(repo):
    repo.edit("standards/standards.yaml", ("params: {within_months: 24}\n    why: >-\n"
                                           "      Most people", "params: {within_months: 6}\n"
                                           "    why: >-\n      Most people"))
    repo.commit()
    result = repo.review("--author", REVIEWER)
    assert result.data["author_is_reviewer"] is True
    assert result.data["framework_changed"] == ["standards/standards.yaml"]
    slugs = {e["slug"]: e for e in result.data["listings"]}
    assert set(slugs) == {"beacon-lodge-leeds", "harbour-house-hull"}
    row = slugs["beacon-lodge-leeds"]["standards"][0]
    assert (row["id"], row["before"], row["after"]) == ("TRN-003", "met", "not_met")
    assert slugs["beacon-lodge-leeds"]["status"] == "re-checked"
    assert result.code == 1  # merging it would withhold listings that are published now
    assert result.data["failures"][:2] == ["beacon-lodge-leeds newly fails TRN-003",
                                           "harbour-house-hull newly fails TRN-003"]
    assert "SCOPE-001" in result.rules("scope")  # reported...
    assert "(reported, not enforced)" in result.markdown  # ...but not enforced
    assert "WEIGH-011" in result.rules("warnings")


def test_the_script_is_thin_and_reports_usage_errors(repo):
    repo.edit(BEACON, ("beds: 18", "beds: 20"))
    repo.commit()
    script = str(ROOT / "scripts" / "review.py")
    ok = subprocess.run([sys.executable, script, "--repo", str(repo.path), "--base", repo.base,
                         "--author", BEACON_OWNER, "--today", TODAY], capture_output=True,
                        text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("## Listing review")
    assert "| `services[residential_rehab].beds` | 18 | 20 |" in ok.stdout
    bad = subprocess.run([sys.executable, script, "--repo", str(repo.path), "--base",
                          "no-such-branch", "--author", BEACON_OWNER], capture_output=True,
                         text=True, check=False)
    assert bad.returncode == 2
    assert "'no-such-branch' is not a commit" in bad.stderr
    assert "Traceback" not in bad.stderr
    module = subprocess.run([sys.executable, "-m", "rehab_directory.review", "--repo",
                             str(repo.path), "--base", repo.base, "--author", BEACON_OWNER,
                             "--today", TODAY], capture_output=True, text=True, check=False,
                            cwd=ROOT)
    assert module.returncode == 0 and module.stdout == ok.stdout


def test_markdown_escaping_is_inert():
    text = md("<img src=x onerror=alert(1)> | [click](https://evil.example.com) `x` *b* "
              "@everyone #12\nsecond line")
    for raw in ("<", ">", "|", "[", "]", "`", "*", "\n", " #12"):
        assert raw not in text
    assert "@everyone" not in text and "@\u2060everyone" in text
    assert md(None) == "—" and md(True) == "true" and md(["a", "b"]) == "a, b"
    assert md("admissions@beacon.example.org.uk") == "admissions@beacon.example.org.uk"
