"""The form-to-pull-request workflow (.github/workflows/listing-update.yml).

Its first job's own shell steps are run here, as GitHub would run them, in a throw-away copy
of the repository with a real git history and an event payload holding a submitted form: the
body goes through jq into a file and nowhere else, the listing is edited and committed, and
the review report is written. The second job needs GitHub itself (git push, gh); what can be
checked without it is: nothing from the event is interpolated into a script, and the only
file it commits is a listing path it checks again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "listing-update.yml"
sys.path.insert(0, str(ROOT / "tests" / "forms"))

from forms_helpers import github_body  # noqa: E402


def steps(job: str) -> dict[str, str]:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    return {s["name"]: s["run"] for s in workflow["jobs"][job]["steps"] if "run" in s}


def test_nothing_from_the_event_is_interpolated_into_a_script():
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert workflow["permissions"] == {}
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step.get("name")
    assert workflow["jobs"]["convert"]["permissions"] == {"contents": "read"}
    publish = steps("publish")["Reply on the issue, or open or update the pull request"]
    assert "grep -Eqx 'content/providers/[a-z0-9]+(-[a-z0-9]+)*\\.yaml'" in publish
    assert "Closes" not in publish  # the description (made and escaped by the command) says it


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.com")
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          env=env, check=True).stdout.strip()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """What actions/checkout leaves: the default branch, with history, and the venv."""
    repo = tmp_path / "checkout"
    repo.mkdir()
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("rehab_directory", "scripts", "standards", "content"):
        shutil.copytree(ROOT / name, repo / name, ignore=ignore)
    (repo / ".github").mkdir()
    shutil.copyfile(ROOT / ".github" / "reviewers.yaml", repo / ".github" / "reviewers.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "main")
    (repo / ".venv").symlink_to(ROOT / ".venv")
    return repo


def run_convert(repo: Path, tmp_path: Path, body: str, author: str) -> subprocess.CompletedProcess:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"issue": {"number": 77, "body": body,
                                           "user": {"login": author}}}))
    script = "set -e\n" + "\n".join(
        f"( {text} )" for name, text in steps("convert").items() if not name.startswith("Install"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GITHUB_EVENT_PATH=str(event), AUTHOR=author, NUMBER="77",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=180)


def test_the_first_job_applies_commits_and_reviews_a_form(checkout, tmp_path):
    before = (ROOT / "content/providers/beacon-lodge-leeds.yaml").read_bytes()
    body = github_body("waits", {"listing": "beacon-lodge-leeds", "residential_rehab-days": "9",
                                 "residential_rehab-stated": "2026-11-30"})
    result = run_convert(checkout, tmp_path, body, "beacon-lodge-admissions")
    assert result.returncode == 0, result.stderr
    form = checkout / "form"
    data = json.loads((form / "result.json").read_text())
    assert data["applied"] and data["path"] == "content/providers/beacon-lodge-leeds.yaml"
    assert "wait: {days: 9, stated: 2026-11-30}" in (form / "listing/listing.yaml").read_text()
    assert not (form / "body.md").exists()
    assert (form / "review" / "report.md").is_file()
    assert (form / "review" / "exit-status").read_text().strip() in ("0", "1")
    assert git(checkout, "log", "--format=%s") == "check\nmain"
    assert (ROOT / "content/providers/beacon-lodge-leeds.yaml").read_bytes() == before


def test_a_hostile_body_is_only_ever_data(checkout, tmp_path):
    canary = tmp_path / "pwned"
    body = github_body("contact", {
        "listing": f"beacon-lodge-leeds$(touch {canary})",
        "website": f"https://x.example.org.uk/`touch {canary}`",
        "note": f"\"; touch {canary}; echo \"\n'; touch {canary}; '"})
    result = run_convert(checkout, tmp_path, body, "someone-else")
    assert result.returncode == 0, result.stderr
    assert not canary.exists()
    data = json.loads((checkout / "form" / "result.json").read_text())
    assert not data["applied"] and data["problems"][0]["question"] == "Your listing"
    assert "could not be turned into a change" in (checkout / "form" / "comment.md").read_text()
    assert git(checkout, "log", "--format=%s") == "main"
