"""Fixtures that mirror the rules: every valid fixture passes, every invalid one gives exactly
the findings listed for it in expected.yaml (publiccode-parser-go testdata, SchemaStore
negative tests). Each fixture is checked as content/providers/beacon-lodge-leeds.yaml.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from validator_support import (
    FIXTURES,
    HERE,
    SLUG,
    STANDARD_IDS,
    assert_findings,
    describe,
    place,
)

from rehab_directory.core.findings import Severity, failing
from rehab_directory.core.rules import RULES

sys.path.insert(0, str(FIXTURES))
import make_fixtures  # noqa: E402

VALID = sorted((FIXTURES / "valid").glob("*.yaml"))
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))
EXPECTED: dict[str, list[str]] = yaml.safe_load((HERE / "expected.yaml").read_text("utf-8"))

# Rules that a single committed listing cannot show, and the test that shows each instead.
COVERED_ELSEWHERE = {
    "YAML-006": "test_validator_loader.py::test_file_over_256_kib_is_refused",
    "FILE-002": "test_validator_checks.py::test_two_listings_with_one_slug",
    "FILE-005": "test_hostile_input.py::test_hostile_images",
    "FILE-006": "test_hostile_input.py::test_symlink_to_outside_the_folder",
    "DATA-001": "test_validator_checks.py::test_missing_standards_file_is_data_001",
    "DATA-002": "test_validator_checks.py::test_exception_for_unknown_standard_is_data_002",
    "DATA-003": "test_validator_checks.py::test_unreadable_listing_is_data_003",
    "DATA-004": "test_glossary.py::test_a_broken_glossary_is_data_004_with_where_and_why",
}


def check_fixture(validator, tmp_path: Path, fixture: Path):
    target = place(tmp_path, fixture.read_bytes())
    files = fixture.with_suffix(".files")
    if files.is_dir():
        shutil.copytree(files, target.parent / SLUG)
    return validator.check_file(target)


def test_fixtures_are_what_make_fixtures_writes():
    stale = [p for p, content in make_fixtures.outputs().items()
             if not p.exists() or p.read_bytes() != content]
    assert not stale, f"run python {make_fixtures.__file__}: {stale}"
    written = {p.name for p in make_fixtures.outputs() if p.suffix == ".yaml"} | {"base.yaml"}
    assert {p.name for p in VALID + INVALID} == written, "a fixture is not made by the script"


def test_expected_table_lists_every_invalid_fixture():
    assert sorted(EXPECTED) == sorted(p.stem for p in INVALID)


@pytest.mark.parametrize("fixture", VALID, ids=lambda p: p.stem)
def test_valid_fixture_passes(fixture, validator, tmp_path):
    checked = check_fixture(validator, tmp_path, fixture)
    assert checked.findings == [], describe(checked.findings)
    assert checked.listing is not None and checked.publishable
    assert all(r.status == "met" for r in checked.evaluation.results)


@pytest.mark.parametrize("fixture", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_gives_exactly_the_expected_findings(fixture, validator, tmp_path):
    checked = check_fixture(validator, tmp_path, fixture)
    assert_findings(checked.findings, EXPECTED[fixture.stem])
    # An invalid fixture that passes is itself a failure: each fails at least with --strict,
    # and each is about the rule or standard its name starts with.
    assert failing(checked.findings, strict=True), "this invalid fixture passes"
    assert fixture.stem.split("_")[0] in {f.rule for f in checked.findings}


def test_every_rule_has_a_failing_fixture_or_a_named_test():
    prefixes = {p.stem.split("_")[0] for p in INVALID}
    for rule in RULES:
        if rule in prefixes:
            continue
        assert rule in COVERED_ELSEWHERE, f"{rule} has no fixture and no test"
        file, name = COVERED_ELSEWHERE[rule].split("::")
        path = next(HERE.parent.glob(f"*/{file}"))
        assert re.search(rf"^def {name}\(", path.read_text("utf-8"), re.M), (
            f"{COVERED_ELSEWHERE[rule]} does not exist")
    assert not set(COVERED_ELSEWHERE) & prefixes, "a rule is both a fixture and 'elsewhere'"


def test_every_standard_has_a_passing_and_a_failing_fixture():
    for kind, fixtures in (("valid", VALID), ("invalid", INVALID)):
        have = {p.stem.split("_")[0] for p in fixtures}
        assert have >= STANDARD_IDS, f"no {kind} fixture for {sorted(STANDARD_IDS - have)}"


def test_fixture_names_start_with_a_known_id():
    known = set(RULES) | STANDARD_IDS | {"YAML", "base"}
    for p in VALID + INVALID:
        assert p.stem.split("_")[0] in known, p.name


# ------------------------------------------------------------------ the YAML traps, by value


def test_NO_in_a_text_field_stays_text(validator, tmp_path):  # noqa: N802
    checked = check_fixture(validator, tmp_path,
                            FIXTURES / "valid" / "YAML_NO_in_text_field_stays_text.yaml")
    assert checked.listing.address.county == "NO"


def test_NO_in_a_bool_field_is_an_error_with_the_fix(validator, tmp_path):  # noqa: N802
    checked = check_fixture(validator, tmp_path,
                            FIXTURES / "invalid" / "SCH-003_NO_in_bool_field.yaml")
    (finding,) = checked.findings
    assert finding.severity is Severity.ERROR and checked.listing is None
    assert "write true or false" in finding.fix
    assert "eligibility.pets: 'NO' is not true or false. Write true or false" in finding.text()


def test_unquoted_phone_stays_text_with_its_leading_zero(validator, tmp_path):
    checked = check_fixture(validator, tmp_path,
                            FIXTURES / "valid" / "YAML_unquoted_phone_stays_text.yaml")
    assert checked.listing.phone == "0113 496 0871"


def test_python_tag_is_refused_and_never_run(validator, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the tag's command would write ./pwned
    checked = check_fixture(validator, tmp_path, FIXTURES / "invalid" / "YAML-007_python_tag.yaml")
    assert [f.rule for f in checked.findings] == ["YAML-007"]
    assert not (tmp_path / "pwned").exists()


def test_byte_order_mark_is_a_warning_and_the_listing_is_still_checked(validator, tmp_path):
    checked = check_fixture(validator, tmp_path,
                            FIXTURES / "invalid" / "YAML-011_byte_order_mark.yaml")
    assert checked.listing is not None and checked.evaluation is not None
    assert checked.publishable and not failing(checked.findings)
    assert failing(checked.findings, strict=True)


@pytest.mark.parametrize("name", ["TRA-001_stale_wait", "TRA-001_missing_wait"])
def test_advisory_standard_fails_only_with_strict(name, validator, tmp_path):
    checked = check_fixture(validator, tmp_path, FIXTURES / "invalid" / f"{name}.yaml")
    assert checked.publishable and not failing(checked.findings)
    assert [f.severity for f in failing(checked.findings, strict=True)] == [Severity.WARNING]
    assert checked.evaluation.by_id["TRA-001"].status == "not_met"
    assert not checked.evaluation.by_id["TRA-001"].blocks
