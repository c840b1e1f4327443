"""The reviewer role comes from the base revision's .github/reviewers.yaml, and the review
fails closed without an author."""

from __future__ import annotations

import subprocess
import sys

import pytest
from review_helpers import BEACON, BEACON_OWNER, REVIEWER, ROOT, TODAY

from rehab_directory.review import main
from rehab_directory.review.reviewers import ReviewersError, load_reviewers, parse_reviewers


def run(repo, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "review.py"), "--repo",
                           str(repo.path), "--today", TODAY, *args], capture_output=True,
                          text=True, check=False)


def test_the_review_without_an_author_exits_2_with_a_clear_message(repo):
    repo.edit(BEACON, ("beds: 18", "beds: 20"))
    repo.commit()
    result = run(repo, "--base", repo.base)
    assert result.returncode == 2
    assert "--author HANDLE is required" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_an_author_that_is_not_a_user_name_is_a_usage_error(repo):
    result = run(repo, "--base", repo.base, "--author", "@evil; rm -rf /")
    assert result.returncode == 2 and "is not a GitHub user name" in result.stderr


def test_the_old_reviewer_flag_is_refused(repo):
    result = run(repo, "--base", repo.base, "--author", BEACON_OWNER, "--reviewer")
    assert result.returncode == 2
    assert ".github/reviewers.yaml" in result.stderr


def test_without_a_reviewers_list_in_the_base_nobody_is_a_reviewer(repo):
    repo.git("rm", "-q", ".github/reviewers.yaml")
    repo.base = repo.commit("no reviewers list")
    repo.edit("standards/living_wage.yaml", ("uk: 13.45", "uk: 10.00"))
    repo.commit()
    result = repo.review("--author", REVIEWER)
    assert result.data["author_is_reviewer"] is False
    assert result.data["reviewers_listed"] is False
    assert result.code == 1 and result.rules("scope") == ["SCOPE-001"]
    assert "the base revision has no .github/reviewers.yaml, so nobody is treated as a " \
           "framework reviewer" in result.markdown


def test_a_broken_reviewers_list_in_the_base_fails_closed(repo):
    repo.write(".github/reviewers.yaml", "reviewers: [ok-name, '@not ok']\n")
    repo.base = repo.commit("broken list")
    result = run(repo, "--base", repo.base, "--author", BEACON_OWNER)
    assert result.returncode == 2
    assert "reviewers[1] '@not ok' is not a GitHub user name" in result.stderr


def test_a_pull_request_cannot_make_its_own_author_a_reviewer(repo):
    repo.write(".github/reviewers.yaml", f"reviewers: [{REVIEWER}, {BEACON_OWNER}]\n")
    repo.edit("standards/living_wage.yaml", ("uk: 13.45", "uk: 10.00"))
    repo.commit()
    result = repo.review("--author", BEACON_OWNER)
    assert result.data["author_is_reviewer"] is False  # judged by the base's list
    assert result.code == 1
    assert {i["path"] for i in result.data["scope"]} == {".github/reviewers.yaml",
                                                          "standards/living_wage.yaml"}
    assert "a provider (not in the base revision's .github/reviewers.yaml)" in result.markdown


def test_a_reviewer_is_recognised_whatever_the_case(repo):
    repo.edit(BEACON, ("beds: 18", "beds: 20"))
    repo.commit()
    result = repo.review("--author", REVIEWER.upper())
    assert result.data["author_is_reviewer"] is True
    assert result.data["scope_enforced"] is False
    assert result.code == 0


def test_the_repositorys_own_list_loads_and_names_fictional_reviewers():
    reviewers = load_reviewers(ROOT)
    assert reviewers and all(name.endswith("-example-reviewer") or "example" in name
                             for name in reviewers)
    codeowners = (ROOT / ".github" / "CODEOWNERS").read_text()
    assert any(line.split()[0] in ("/.github/", "/.github/reviewers.yaml")
               for line in codeowners.splitlines() if line.strip() and line[0] != "#")


@pytest.mark.parametrize(("text", "message"), [
    ("", "must hold one key, 'reviewers:'"),
    ("- robin\n", "must hold one key, 'reviewers:'"),
    ("reviewers: []\n", "a list of at least one GitHub user name"),
    ("reviewers: robin\n", "a list of at least one GitHub user name"),
    ("reviewers: [robin, Robin]\n", "'Robin' is listed twice"),
    ("reviewers: ['@robin']\n", "reviewers[0] '@robin' is not a GitHub user name"),
    ("reviewers: [robin]\nadmins: [sam]\n", "must hold one key"),
    ("reviewers: !!python/object:os.system [robin]\n", "YAML-007"),
    ("reviewers: [robin\n", "YAML-001"),
])
def test_the_reviewers_list_is_strict(text, message):
    with pytest.raises(ReviewersError) as caught:
        parse_reviewers(text.encode())
    assert message in str(caught.value)


def test_a_missing_list_is_a_clear_error(tmp_path):
    with pytest.raises(ReviewersError, match="reviewers.yaml is missing"):
        load_reviewers(tmp_path)
    assert parse_reviewers(b"reviewers: [Robin-Example, sam]\n") == {"robin-example", "sam"}


def test_main_reports_a_missing_author_without_writing_a_report(repo, tmp_path, capsys):
    code = main(["--repo", str(repo.path), "--base", repo.base, "--output-dir",
                 str(tmp_path / "report")])
    assert code == 2
    assert not (tmp_path / "report").exists()
    assert "say who opened the pull request" in capsys.readouterr().err
