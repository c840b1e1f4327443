"""Changes under standards/ (and to the reviewers list) are shown value by value, before and
after, and always need a second reviewer."""

from __future__ import annotations

import pytest
from review_helpers import BEACON_OWNER, REVIEWER

from rehab_directory.review.frameworkdiff import value_changes

EXCEPTION = """exceptions:
  - standard: TRN-003
    provider: harbour-house-hull
    reason: Training booked for January after the trainer cancelled.
    approved_by: robin-example-reviewer
    approved: 2026-11-01
    expires: 2027-02-28
"""


def change_standards(repo) -> None:
    repo.edit("standards/standards.yaml",
              ("title: No strip searches of residents\n    level: required",
               "title: No strip searches of residents\n    level: advisory"),
              ("params: {within_months: 24}\n    why: >-\n      Most people",
               "params: {within_months: 36}\n    why: >-\n      Most people"))
    repo.edit("standards/living_wage.yaml", ("uk: 13.45", "uk: 10.00"))
    repo.edit("standards/exceptions.yaml", ("exceptions: []\n", EXCEPTION))
    repo.commit()


def rows(result) -> set[tuple]:
    return {(v["file"], v["item"], v["field"], v["before"], v["after"])
            for v in result.data["framework_values"]}


@pytest.mark.parametrize("author", [REVIEWER, BEACON_OWNER])
def test_each_value_is_shown_before_and_after(repo, author):
    change_standards(repo)
    result = repo.review("--author", author)
    got = rows(result)
    assert ("standards/standards.yaml", "DIG-001 (No strip searches of residents)", "level",
            "required", "advisory") in got
    assert ("standards/standards.yaml", "TRN-003 (Staff trained in trauma-informed care in the "
            "last 2 years)", "params.within_months", 24, 36) in got
    assert ("standards/living_wage.yaml", "2025/26", "uk", "£13.45", "£10.00") in got
    item = "TRN-003 for harbour-house-hull, approved 2026-11-01"
    assert ("standards/exceptions.yaml", item, "expires", None, "2027-02-28") in got
    assert ("standards/exceptions.yaml", item, "approved_by", None,
            "robin-example-reviewer") in got
    assert len(got) == 2 + 1 + 6  # nothing else changed
    md = result.markdown
    assert ("| `standards/standards.yaml` | DIG-001 (No strip searches of residents) | "
            "`level` | required | advisory |") in md
    assert "| `standards/living_wage.yaml` | 2025/26 | `uk` | £13.45 | £10.00 |" in md
    assert result.data["second_reviewer_needed"] is True
    assert "🔶 **Needs a second reviewer:**" in md
    assert any(line.startswith("A second framework reviewer") for line in
               result.data["checklist"])
    assert "WEIGH-011" in result.rules("warnings")


def test_a_providers_change_to_standards_fails_and_is_judged_by_the_base(repo):
    change_standards(repo)
    result = repo.review("--author", BEACON_OWNER)
    assert result.code == 1
    assert sorted(i["path"] for i in result.data["scope"]) == [
        "standards/exceptions.yaml", "standards/living_wage.yaml", "standards/standards.yaml"]
    assert result.data["listings"] == []  # not re-checked against standards it cannot change


def test_a_reviewer_relaxing_a_standard_passes_but_needs_a_second_reviewer(repo):
    repo.edit("standards/living_wage.yaml", ("uk: 13.45", "uk: 10.00"))
    repo.commit()
    result = repo.review("--author", REVIEWER)
    assert result.code == 0, result.markdown
    assert result.data["second_reviewer_needed"] is True
    assert result.markdown.index("Needs a second reviewer") < result.markdown.index("### Scope")


def test_a_change_to_the_reviewers_list_is_shown_and_needs_a_second_reviewer(repo):
    repo.write(".github/reviewers.yaml", "reviewers: [sam-example]\n")
    repo.commit()
    result = repo.review("--author", REVIEWER)
    assert rows(result) == {(".github/reviewers.yaml", "reviewers", "added", None, "sam-example"),
                            (".github/reviewers.yaml", "reviewers", "removed", REVIEWER, None)}
    assert result.data["second_reviewer_needed"] is True


def test_a_comment_only_change_says_no_value_changed(repo):
    repo.edit("standards/living_wage.yaml", ("rates:", "# a note\nrates:"))
    repo.commit()
    result = repo.review("--author", REVIEWER)
    assert result.data["framework_values"] == []
    assert "no value in them did" in result.markdown


def test_broken_head_standards_fail_and_are_still_shown(repo):
    repo.edit("standards/standards.yaml", ("    level: required", "    level: sometimes"))
    repo.commit()
    result = repo.review("--author", REVIEWER)
    assert result.code == 1
    assert "the head revision's framework files are broken" in result.data["failures"]
    assert any(v["after"] == "sometimes" for v in result.data["framework_values"])


def test_value_changes_of_added_and_removed_standards():
    before = {"standards": [{"id": "AB-001", "title": "One", "level": "required"}]}
    after = {"standards": [{"id": "AB-002", "title": "Two", "level": "advisory"}]}
    got = {(v.item, v.field, v.before, v.after) for v in value_changes(
        "standards/standards.yaml", before, after)}
    assert ("AB-001 (One)", "level", "required", None) in got
    assert ("AB-002 (Two)", "level", None, "advisory") in got
