"""The GitHub workflows, pre-commit hooks and editor settings: safe by construction.

These read the files as data; they cannot run GitHub Actions, so they check the properties a
reviewer of a workflow change would: least privilege, pinned actions, no untrusted code with
a write token, no expression injection in shell scripts, and the local commands they call.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from review_helpers import ROOT

from rehab_directory.review import ERROR_RULES, SCOPE_RULES, WEIGH_RULES
from rehab_directory.scaffold import build_parser

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# A full commit SHA (its version is a comment, which tests/ci/test_workflows.py checks).
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
WRITE = {"write"}


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def writes(permissions) -> set[str]:
    if permissions in ("write-all",):
        return {"everything"}
    return {scope for scope, level in (permissions or {}).items() if level in WRITE}


def test_the_expected_workflows_exist():
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "review-comment.yml",
                                           "publish.yml", "reverify.yml", "tests.yml",
                                           "listing-update.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_pinned_actions(path):
    data = load(path)
    assert "permissions" in data, "a top-level permissions block sets the default"
    assert writes(data["permissions"]) == set(), "write access is granted per job only"
    assert "pull_request_target" not in data["on"]
    for name, job in data["jobs"].items():
        for step in steps(job):
            if "uses" in step:
                assert PINNED.match(step["uses"]), f"{name}: pin {step['uses']} to a commit SHA"
            # Expressions go into scripts through env:, never spliced into the shell text.
            assert "${{" not in step.get("run", ""), f"{name}: {step.get('name')}"


def test_pull_request_code_never_runs_with_a_write_token():
    pr = load(ROOT / ".github/workflows/pull-request.yml")
    assert pr["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in pr["jobs"].values())
    assert "secrets." not in (ROOT / ".github/workflows/pull-request.yml").read_text()

    comment = load(ROOT / ".github/workflows/review-comment.yml")
    assert list(comment["on"]) == ["workflow_run"]
    for name, job in comment["jobs"].items():
        runs_code = any("python" in s.get("run", "") or s.get("uses", "").startswith(
            "actions/checkout") for s in steps(job))
        if writes(job.get("permissions")):
            # The one job that may write checks nothing out and runs no repository code.
            assert not runs_code, name
        if runs_code:
            for step in steps(job):
                if step.get("uses", "").startswith("actions/checkout"):
                    assert "ref" not in step.get("with", {}), "check out the default branch"
    script = "\n".join(s.get("run", "") for job in comment["jobs"].values() for s in steps(job))
    assert "tr -cd '0-9'" in script  # the pull request number from the artifact is digits only
    assert '!= "$RUN_HEAD"' in script  # and must name the commit that was checked


def test_workflows_call_the_scripts_people_run_locally():
    text = {p.name: p.read_text() for p in WORKFLOWS}
    assert "scripts/validate.py --format github" in text["pull-request.yml"]
    assert "scripts/review.py --base" in text["pull-request.yml"]
    assert "scripts/review.py --base" in text["review-comment.yml"]
    assert "scripts/review.py --all" in text["reverify.yml"]
    assert "python -m rehab_directory.review.issues" in text["reverify.yml"]
    assert "make site OUTPUT=_site" in text["publish.yml"]
    assert ".ci/run" in text["tests.yml"]
    deploy = load(ROOT / ".github/workflows/publish.yml")["jobs"]["deploy"]
    assert writes(deploy["permissions"]) == {"pages", "id-token"}


def test_the_reviewer_role_never_comes_from_github_and_the_author_is_always_named():
    for path in WORKFLOWS:
        text = path.read_text()
        assert "author_association" not in text and "--reviewer" not in text, path.name
    for name in ("pull-request.yml", "review-comment.yml"):
        [review] = [s for job in load(ROOT / ".github/workflows" / name)["jobs"].values()
                    for s in steps(job) if "scripts/review.py --base" in s.get("run", "")]
        assert '--author "$AUTHOR"' in review["run"] and "AUTHOR" in review["env"], name


def test_the_weekly_issues_are_a_thin_loop_around_gh():
    job = load(ROOT / ".github/workflows/reverify.yml")["jobs"]["report"]
    assert writes(job["permissions"]) == {"issues"}
    script = "\n".join(s.get("run", "") for s in steps(job))
    assert "reverify/plan/actions.json" in script
    assert "tr -cd '0-9'" in script  # issue numbers from the plan are digits only
    assert "eval" not in script and "--body-file" in script  # texts travel as files


def test_pre_commit_validates_changed_listings():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    listing = hooks["validate-listings"]
    assert listing["entry"] == "python scripts/validate.py"
    assert listing["language"] in ("system", "python")
    files = re.compile(listing["files"])
    assert files.search("content/providers/beacon-lodge-leeds.yaml")
    assert not files.search("content/providers/beacon-lodge-leeds/garden.jpg")
    assert not files.search("standards/standards.yaml")
    images = hooks["validate-listing-images"]
    assert re.search(images["files"], "content/providers/beacon-lodge-leeds/garden.jpg")
    assert images["pass_filenames"] is False


def test_editors_get_the_listing_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    [(schema, globs)] = settings["yaml.schemas"].items()
    assert (ROOT / schema).is_file() and globs == ["content/providers/*.yaml"]
    first = (ROOT / "content/providers/beacon-lodge-leeds.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/listing.schema.json"
    assert (ROOT / "content/providers" / first.split("=", 1)[1]).resolve() == (
        ROOT / schema).resolve()


def test_the_pull_request_template_has_the_evidence_checklist():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text()
    assert "python scripts/validate.py" in text
    boxes = re.findall(r"^- \[ \] ", text, re.M)
    assert len(boxes) >= 8
    for area in ("Dignity", "Policies", "Pay", "Training", "Feedback", "Regulation", "Photos"):
        assert f"**{area}:**" in text


def test_reviewing_guide_documents_every_report_rule():
    text = (ROOT / "REVIEWING.md").read_text()
    for rule in [*SCOPE_RULES, *ERROR_RULES, *WEIGH_RULES]:
        assert re.search(rf"^\| {rule} \| ", text, re.M), rule
    assert SCOPE_RULES["SCOPE-003"] in text


def test_contributing_guide_commands_exist():
    text = (ROOT / "CONTRIBUTING.md").read_text()
    for script in re.findall(r"scripts/\w+\.py", text):
        assert (ROOT / script).is_file(), script
    options = build_parser()._option_string_actions
    for option in re.findall(r"`(--[a-z-]+)`", text):
        assert option in options, option
