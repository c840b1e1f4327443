"""One issue per listing: what the weekly workflow opens, updates and closes."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from review_helpers import BEACON, HARBOUR, ROOT

from rehab_directory import review
from rehab_directory.review.issues import main, marker, plan

BOT = {"login": "app/github-actions"}


def attention(repo, tmp_path, today="2026-12-01") -> dict:
    out = tmp_path / "all"
    assert review.main(["--all", "--repo", str(repo.path), "--today", today,
                        "--output-dir", str(out)]) == 0
    return json.loads((out / "report.json").read_text())


@pytest.fixture
def report(repo, tmp_path):
    repo.edit(BEACON, ("last_verified: 2026-10-30", "last_verified: 2025-08-01"))
    repo.edit(HARBOUR, ("complaints: {reviewed: 2025-09-18}", "complaints: {reviewed: "
                                                              "2025-01-13}"))
    return attention(repo, tmp_path)


def test_a_new_issue_per_listing_mentions_its_maintainers(report):
    actions = plan(report, [])
    assert [(a.action, a.slug) for a in actions] == [("create", "beacon-lodge-leeds"),
                                                    ("create", "harbour-house-hull")]
    beacon, harbour = actions
    assert beacon.title == ("beacon-lodge-leeds: withheld from the directory (evidence has "
                            "gone out of date)")
    assert harbour.title == "harbour-house-hull: POL-002 lapses on 14 January 2027"
    assert beacon.body.startswith("<!-- open-rehab-directory attention: beacon-lodge-leeds "
                                  "state=withheld -->\n")
    assert "@beacon-lodge-admissions: the listing Beacon Lodge" in beacon.body
    assert "@harbour-house-team" in harbour.body and "@beacon" not in harbour.body
    assert "lapses on 14 January 2027, in 44 days" in harbour.body
    assert marker(beacon.body) == ("beacon-lodge-leeds", "withheld")


def test_an_existing_issue_is_updated_and_a_fixed_listing_closed(report):
    beacon, harbour = plan(report, [])
    existing = [
        {"number": 7, "title": "old", "body": harbour.body.replace("44 days", "51 days"),
         "author": BOT},
        {"number": 3, "title": beacon.title, "body": beacon.body, "author": BOT},
        {"number": 9, "title": "x", "body": "<!-- open-rehab-directory attention: "
                                            "gone-listing state=ahead -->", "author": BOT},
    ]
    actions = plan(report, existing)
    assert [(a.action, a.slug, a.number) for a in actions] == [
        ("update", "harbour-house-hull", 7),  # beacon's issue is already up to date
        ("close", "gone-listing", 9)]
    assert actions[0].comment is None
    assert "Nothing about `gone-listing` needs attention any more" in actions[1].comment


def test_a_listing_that_becomes_withheld_gets_a_comment_mentioning_its_maintainers(report):
    beacon, _ = plan(report, [])
    earlier = beacon.body.replace("state=withheld", "state=ahead")
    [update, _] = plan(report, [{"number": 3, "title": "t", "body": earlier, "author": BOT}])
    assert update.action == "update" and update.number == 3
    assert update.comment.startswith("@beacon-lodge-admissions: this listing is now withheld")


def test_issues_not_opened_by_the_bot_are_never_touched(report):
    beacon, _ = plan(report, [])
    forged = [{"number": 5, "title": "t", "body": beacon.body, "author": {"login": "mallory"}}]
    actions = plan(report, forged)
    assert [(a.action, a.number) for a in actions] == [("create", None), ("create", None)]


def test_a_second_issue_for_the_same_listing_is_closed_as_a_duplicate(report):
    beacon, harbour = plan(report, [])
    existing = [{"number": n, "title": beacon.title, "body": beacon.body, "author": BOT}
                for n in (4, 11)] + [{"number": 6, "title": harbour.title,
                                      "body": harbour.body, "author": BOT}]
    actions = plan(report, existing)
    assert [(a.action, a.number) for a in actions] == [("close", 11)]
    assert "A duplicate of #4" in actions[0].comment


def test_only_valid_handles_are_mentioned_and_listing_text_is_inert():
    report = {"kind": "attention", "today": "2026-12-01", "listings": [{
        "slug": "gull-point", "name": "Gull @everyone <b>x</b> #1", "withheld": True,
        "reason": "evidence has gone out of date", "standing": "lapsed",
        "maintainers": ["ok-name", "@evil", "a b", "-bad", "ok-name"],
        "notices": [{"kind": "lapsed", "standard": "TRA-002", "title": "t @someone",
                     "on": "2026-08-02", "when": "lapsed on 2 August 2026, 3 months ago",
                     "action": "do <script>"}]},
        {"slug": "Not A Slug; rm -rf", "withheld": True, "notices": []}]}
    [action] = plan(report, [])
    assert action.slug == "gull-point"
    mentions = re.findall(r"@[A-Za-z0-9][\w-]*:?", action.body)  # a word joiner after @ is inert
    assert mentions == ["@ok-name:"]
    assert "<b>" not in action.body and "<script>" not in action.body
    assert "@everyone" not in action.body and "@someone" not in action.body


def test_the_command_writes_the_plan_for_the_workflow(report, tmp_path):
    (tmp_path / "report.json").write_text(json.dumps(report))
    (tmp_path / "issues.json").write_text("[]")
    code = main(["--report", str(tmp_path / "report.json"), "--issues",
                 str(tmp_path / "issues.json"), "--output-dir", str(tmp_path / "plan")])
    assert code == 0
    actions = json.loads((tmp_path / "plan" / "actions.json").read_text())
    assert [a["action"] for a in actions] == ["create", "create"]
    body = (tmp_path / "plan" / "0001-body.md").read_text()
    assert actions[0]["body_file"] == str(tmp_path / "plan" / "0001-body.md")
    assert body.startswith("<!-- open-rehab-directory attention: beacon-lodge-leeds")
    assert actions[0]["comment_file"] is None and actions[0]["number"] is None


def test_the_plan_is_replaced_whole_when_written_again(report, tmp_path):
    (tmp_path / "report.json").write_text(json.dumps(report))
    (tmp_path / "issues.json").write_text("[]")
    args = ["--report", str(tmp_path / "report.json"), "--issues",
            str(tmp_path / "issues.json"), "--output-dir", str(tmp_path / "plan")]
    assert main(args) == 0
    target, body = tmp_path / "plan" / "actions.json", tmp_path / "plan" / "0001-body.md"
    first, first_body = target.read_text(), body.read_text()
    (tmp_path / "report.json").write_text(json.dumps(report).replace("beacon-lodge-leeds",
                                                                      "gull-point-whitby"))
    with target.open() as actions_before, body.open() as body_before:
        assert main(args) == 0
        assert actions_before.read() == first and body_before.read() == first_body
    assert target.read_text() != first and body.read_text() != first_body


def test_the_command_refuses_the_wrong_input(tmp_path):
    (tmp_path / "r.json").write_text('{"kind": "pull-request"}')
    (tmp_path / "i.json").write_text("[]")
    result = subprocess.run([sys.executable, "-m", "rehab_directory.review.issues", "--report",
                             str(tmp_path / "r.json"), "--issues", str(tmp_path / "i.json"),
                             "--output-dir", str(tmp_path / "plan")], capture_output=True,
                            text=True, check=False, cwd=ROOT)
    assert result.returncode == 2 and "scripts/review.py --all" in result.stderr
    (tmp_path / "i.json").write_text("not json")
    result = subprocess.run([sys.executable, "-m", "rehab_directory.review.issues", "--report",
                             str(tmp_path / "r.json"), "--issues", str(tmp_path / "i.json"),
                             "--output-dir", str(tmp_path / "plan")], capture_output=True,
                            text=True, check=False, cwd=ROOT)
    assert result.returncode == 1 and "cannot read" in result.stderr
    assert "Traceback" not in result.stderr
