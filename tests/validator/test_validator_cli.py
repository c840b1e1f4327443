"""The command line, run as a contributor or CI runs it: python scripts/validate.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from validator_support import FIXTURES, REPO, place

SCRIPT = REPO / "scripts" / "validate.py"
TODAY = ["--today", "2026-11-23"]


def validate(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], cwd=cwd,
                            capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


@pytest.fixture(scope="module")
def all_fixtures_json() -> subprocess.CompletedProcess:
    """Every fixture at once, as JSON (one process keeps the suite fast)."""
    return validate(*sorted(FIXTURES.glob("*/*.yaml")), *TODAY, "--format", "json")


def test_samples_pass():
    result = validate(*TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    # Samples may show advisory warnings (an old wait time), never an error.
    assert not re.search(r": error [A-Z]+-\d{3} ", result.stdout), result.stdout
    assert "0 listing(s) fail" in result.stderr or "are valid" in result.stderr


def test_findings_exit_1_in_compiler_style(tmp_path):
    path = place(tmp_path, (FIXTURES / "invalid" / "DIG-001_strip_search_true.yaml").read_bytes())
    result = validate(path, *TODAY)
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert re.fullmatch(r".*beacon-lodge-leeds\.yaml:76:17: error DIG-001 policies\.strip_search: "
                        r"The service strip-searches residents.*\. Do not strip-search .*\.", line)
    assert "1 error in 1 listing(s); 1 listing(s) fail." in result.stderr


@pytest.mark.parametrize("args", [["--no-such-option"], ["--format", "xml"],
                                  ["--today", "23/11/2026"], ["no/such/listing.yaml"]])
def test_usage_errors_exit_2(args):
    result = validate(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: validate.py") and "error:" in result.stderr
    assert result.stdout == ""


def test_help_exits_0():
    result = validate("--help")
    assert result.returncode == 0 and "--strict" in result.stdout


def test_no_traceback_on_any_fixture_and_json_has_every_field(all_fixtures_json):
    result = all_fixtures_json
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert {tuple(sorted(f)) for f in findings} == {
        ("column", "field", "file", "fix", "line", "message", "rule", "severity")}
    for f in findings:
        assert isinstance(f["line"], int) and f["line"] >= 1 and f["column"] >= 1
        assert f["severity"] in ("error", "warning", "note") and f["fix"] and f["message"]
    files = {Path(f["file"]).name for f in findings}
    assert {p.name for p in (FIXTURES / "invalid").glob("*.yaml")} <= files
    # Checked under their own names, so each fixture says its slug does not match...
    assert "FILE-001" in {f["rule"] for f in findings}
    # ...and the fixtures share one slug.
    assert "FILE-002" in {f["rule"] for f in findings}
    strip = next(f for f in findings if f["file"].endswith("DIG-001_strip_search_true.yaml")
                 and f["rule"] == "DIG-001")
    assert (strip["line"], strip["column"], strip["field"]) == (76, 17, "policies.strip_search")


def test_json_output_is_sorted_and_stable(all_fixtures_json):
    findings = json.loads(all_fixtures_json.stdout)
    keys = [(f["file"], f["line"], f["column"], f["rule"], f["field"]) for f in findings]
    assert keys == sorted(keys)


def test_github_annotations(tmp_path):
    path = place(tmp_path, (FIXTURES / "invalid" / "TRA-001_stale_wait.yaml").read_bytes())
    other = place(tmp_path, (FIXTURES / "invalid" / "SCH-003_NO_in_bool_field.yaml").read_bytes(),
                  name="pets.yaml")
    result = validate(path, other, *TODAY, "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    pattern = (r"::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),"
               r"title=([A-Z]+-\d{3})::\5 \S+: .+")
    parsed = [re.fullmatch(pattern, line) for line in lines]
    assert all(parsed), lines
    got = {(m[1], Path(m[2]).name, m[3], m[4], m[5]) for m in parsed}
    assert got == {("warning", "beacon-lodge-leeds.yaml", "39", "30", "TRA-001"),
                   ("error", "pets.yaml", "63", "9", "SCH-003")}
    assert result.stderr == ""  # the summary is for people, not for annotations


def test_strict_turns_warnings_into_failure(tmp_path):
    path = place(tmp_path, (FIXTURES / "invalid" / "TRA-001_missing_wait.yaml").read_bytes())
    relaxed = validate(path, *TODAY)
    assert relaxed.returncode == 0
    assert "warning TRA-001" in relaxed.stdout
    strict = validate(path, *TODAY, "--strict")
    assert strict.returncode == 1
    assert "--strict: warnings fail too" in strict.stderr


def test_folder_argument_checks_its_listings(tmp_path):
    place(tmp_path, (FIXTURES / "valid" / "base.yaml").read_bytes())
    result = validate(tmp_path / "content" / "providers", *TODAY)
    assert result.returncode == 0, result.stdout
    assert "All 1 listing(s)" in result.stderr


def test_today_changes_the_verdict(tmp_path):
    path = place(tmp_path, (FIXTURES / "valid" / "base.yaml").read_bytes())
    later = validate(path, "--today", "2027-11-23")
    assert later.returncode == 1 and "TRA-002" in later.stdout


def test_huge_file_is_refused_by_the_cli(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.write(b"slug: big\n" * 1000)
        fh.truncate(50 * 1024 * 1024)
    result = validate(big, *TODAY)
    assert result.returncode == 1 and "error YAML-006" in result.stdout


def test_broken_standards_data_exits_1_without_checking(tmp_path):
    import shutil

    shutil.copytree(REPO / "standards", tmp_path / "standards")
    (tmp_path / "standards" / "exceptions.yaml").write_text(
        "exceptions:\n  - standard: XYZ-001\n    provider: beacon-lodge-leeds\n"
        "    reason: A reason long enough.\n    approved_by: reviewer-one\n"
        "    approved: 2026-09-01\n    expires: 2027-03-01\n")
    result = validate("--root", tmp_path, *TODAY)
    assert result.returncode == 1
    assert "DATA-002" in result.stdout and "nothing was checked" in result.stderr
