"""review.py --all: what needs re-verification across the repository, most urgent first."""

from __future__ import annotations

import json

from review_helpers import BEACON, HARBOUR, TODAY

from rehab_directory import review


def run_all(repo, tmp_path):
    out = tmp_path / "all"
    code = review.main(["--all", "--repo", str(repo.path), "--today", TODAY,
                        "--output-dir", str(out)])
    return code, (out / "report.md").read_text(), json.loads((out / "report.json").read_text())


def test_nothing_due(repo, tmp_path):
    code, markdown, data = run_all(repo, tmp_path)
    # Only the waits stated on 16 November go stale within a week: on 16 December.
    assert code == 0
    assert [(i["slug"], i["kind"]) for i in data["items"]] == []
    assert "Nothing is due" in markdown


def test_items_are_sorted_by_urgency(repo, tmp_path):
    repo.edit(BEACON, ("last_verified: 2026-10-30", "last_verified: 2025-12-10"),
              ("wait: {days: 10, stated: 2026-11-16}", "wait: {days: 10, stated: 2026-10-01}"))
    repo.edit(HARBOUR, ("strip_search: false", "strip_search: true"),
              ("last_verified: 2026-10-30", "last_verified: 2025-11-01"))
    repo.write("content/providers/broken-listing.yaml", "name: [unclosed\n")
    code, markdown, data = run_all(repo, tmp_path)
    assert code == 0
    got = [(i["tier"], i["slug"], i["kind"], i["due"]) for i in data["items"]]
    assert got == [
        (0, "broken-listing", "invalid", TODAY),
        (0, "harbour-house-hull", "standard", TODAY),
        (0, "harbour-house-hull", "standard", TODAY),
        (1, "beacon-lodge-leeds", "wait", "2026-10-31"),
        (2, "beacon-lodge-leeds", "re-verify", "2026-12-10"),
    ]
    assert [i["message"].split(" ")[0] for i in data["items"][1:3]] == ["DIG-001", "TRA-002"]
    assert data["items"][3]["days_left"] == -23
    assert data["count"] == 5
    assert "| 🔴 blocks publication | `broken-listing` |" in markdown
    assert "2026-10-31 (23 days ago)" in markdown
    assert "2026-12-10 (in 17 days)" in markdown
