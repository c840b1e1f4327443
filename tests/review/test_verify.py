"""scripts/verify.py: a reviewer records a verification, as a commit of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from review_helpers import BEACON, BEACON_OWNER, REVIEWER, ROOT, gull_text

from rehab_directory.support.clock import uk_today
from rehab_directory.verify import Refused, record

ON = date(2026, 11, 23)


def verify(repo, *args: str) -> subprocess.CompletedProcess:
    """The script itself, committing as a reviewer would (their own git identity)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="Robin", GIT_AUTHOR_EMAIL="robin@example.com",
               GIT_COMMITTER_NAME="Robin", GIT_COMMITTER_EMAIL="robin@example.com")
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "verify.py"), "--root",
                           str(repo.path), *args], capture_output=True, text=True,
                          check=False, env=env)


def changed_lines(before: bytes, after: bytes) -> tuple[list[bytes], list[bytes]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    return [line for line in old if line not in new], [line for line in new if line not in old]


def test_it_changes_only_the_two_lines_and_commits_that_file_alone(repo):
    before = (repo.path / BEACON).read_bytes()
    result = verify(repo, "beacon-lodge-leeds", "--by", REVIEWER, "--on", "2026-11-23")
    assert result.returncode == 0, result.stderr
    assert "Recorded the verification of beacon-lodge-leeds by robin-example-reviewer on 23 " \
           "November 2026 in commit" in result.stdout
    after = (repo.path / BEACON).read_bytes()
    assert changed_lines(before, after) == (
        [b"last_verified: 2026-10-30\n"],
        [b"last_verified: 2026-11-23\n", b"verified_by: robin-example-reviewer\n"])
    assert after.replace(b"last_verified: 2026-11-23\nverified_by: robin-example-reviewer\n",
                         b"last_verified: 2026-10-30\n") == before
    assert repo.git("show", "--name-only", "--format=%s", "HEAD").splitlines() == [
        "Verify beacon-lodge-leeds: checked by robin-example-reviewer on 2026-11-23", "", BEACON]
    assert repo.git("status", "--porcelain") == ""


def test_the_verification_commit_passes_the_review_as_a_reviewers(repo):
    assert verify(repo, "beacon-lodge-leeds", "--by", REVIEWER, "--on", "2026-11-23"
                  ).returncode == 0
    mine = repo.review("--author", REVIEWER)
    assert mine.code == 0, mine.markdown
    assert "WEIGH-005" in mine.rules("warnings")
    theirs = repo.review("--author", BEACON_OWNER)
    assert theirs.code == 1 and theirs.rules("scope") == ["SCOPE-006"]


def test_other_changes_elsewhere_are_not_swept_into_the_commit(repo):
    repo.write("notes.txt", "mine\n")
    repo.git("add", "notes.txt")  # staged, but not part of the verification
    assert verify(repo, "beacon-lodge-leeds", "--by", REVIEWER).returncode == 0
    assert repo.git("show", "--name-only", "--format=", "HEAD") == BEACON
    assert repo.git("diff", "--cached", "--name-only") == "notes.txt"


def test_it_refuses_when_the_listing_has_other_uncommitted_changes(repo):
    repo.edit(BEACON, ("beds: 18", "beds: 20"))
    edited = (repo.path / BEACON).read_bytes()
    result = verify(repo, "beacon-lodge-leeds", "--by", REVIEWER)
    assert result.returncode == 1
    assert "has uncommitted changes: commit or undo them first" in result.stderr
    assert (repo.path / BEACON).read_bytes() == edited


def test_only_a_reviewer_may_verify(repo):
    before = (repo.path / BEACON).read_bytes()
    result = verify(repo, "beacon-lodge-leeds", "--by", BEACON_OWNER)
    assert result.returncode == 1
    assert f"{BEACON_OWNER} is not a framework reviewer" in result.stderr
    assert (repo.path / BEACON).read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["Beacon Lodge", "--by", REVIEWER], "is not a listing's slug"),
    (["beacon-lodge-leeds", "--by", "@robin"], "is not a GitHub user name"),
    (["beacon-lodge-leeds", "--by", REVIEWER, "--on", "23/11/2026"], "is not a date"),
    (["beacon-lodge-leeds", "--by", REVIEWER, "--on", "2999-01-01"], "is in the future"),
    (["no-such-listing", "--by", REVIEWER], "there is no listing"),
    (["beacon-lodge-leeds"], "--by"),
])
def test_usage_errors_exit_2_in_plain_words(repo, args, message):
    result = verify(repo, *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_no_commit_leaves_the_change_for_the_reviewer(repo):
    result = verify(repo, "beacon-lodge-leeds", "--by", REVIEWER, "--no-commit")
    assert result.returncode == 0, result.stderr
    assert "not committed" in result.stdout
    assert repo.git("status", "--porcelain") == f"M {BEACON}"
    assert f"last_verified: {uk_today().isoformat()}\n" in repo.read(BEACON)


def test_a_new_listing_gets_both_keys_before_its_maintainers(repo):
    path = "content/providers/gull-point-scarborough.yaml"
    repo.write(path, gull_text())
    repo.commit("merged new listing")
    before = (repo.path / path).read_bytes()
    assert b"last_verified" not in before
    assert verify(repo, "gull-point-scarborough", "--by", REVIEWER).returncode == 0
    after = (repo.path / path).read_bytes()
    assert changed_lines(before, after)[0] == []
    assert after.replace(b"last_verified: " + uk_today().isoformat().encode()
                         + b"\nverified_by: robin-example-reviewer\n", b"") == before
    assert after.index(b"verified_by:") < after.index(b"maintainers:")


def test_an_uncommitted_new_listing_is_refused(repo):
    repo.write("content/providers/gull-point-scarborough.yaml", gull_text())
    result = verify(repo, "gull-point-scarborough", "--by", REVIEWER)
    assert result.returncode == 1 and "is not committed yet" in result.stderr


def test_record_keeps_comments_line_endings_and_everything_else():
    raw = (b"slug: x\r\nlast_verified: 2025-01-01   # set by a reviewer\r\n"
           b"verified_by: old-name\r\nmaintainers: [a]\r\n")
    assert record(raw, ON, "robin") == (
        b"slug: x\r\nlast_verified: 2026-11-23   # set by a reviewer\r\n"
        b"verified_by: robin\r\nmaintainers: [a]\r\n")
    assert record(b"slug: x\nlast_verified: 2025-01-01", ON, "robin") == (
        b"slug: x\nlast_verified: 2026-11-23\nverified_by: robin\n")
    assert record(b"slug: x\nverified_by: old\n", ON, "robin") == (
        b"slug: x\nlast_verified: 2026-11-23\nverified_by: robin\n")
    assert record(b"slug: x", ON, "robin") == (
        b"slug: x\nlast_verified: 2026-11-23\nverified_by: robin\n")
    # A key inside a group, or commented out, is not the listing's own.
    raw = b"pay:\n  last_verified: 2020-01-01\n# verified_by: someone\nmaintainers: [a]\n"
    assert record(raw, ON, "robin") == (b"pay:\n  last_verified: 2020-01-01\n# verified_by: "
                                        b"someone\nlast_verified: 2026-11-23\nverified_by: "
                                        b"robin\nmaintainers: [a]\n")


def test_record_refuses_what_it_cannot_edit_safely():
    with pytest.raises(Refused, match="appears 2 times"):
        record(b"last_verified: 2025-01-01\nlast_verified: 2025-02-01\n", ON, "robin")
    with pytest.raises(Refused, match="does not hold its value on one line"):
        record(b"last_verified:\n  2025-01-01\nmaintainers: [a]\n", ON, "robin")


def test_help_runs_both_ways():
    for command, called in (
            ([sys.executable, str(ROOT / "scripts" / "verify.py"), "--help"], "verify.py"),
            ([sys.executable, "-m", "rehab_directory.verify", "--help"],
             "python -m rehab_directory.verify")):
        result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
        assert result.returncode == 0 and result.stdout.startswith(f"usage: {called} ")
