"""The validator's own consistency: IDs, checks registered for every standard, generated
files current, and the exported JSON Schema agreeing with the samples."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import jsonschema
import pytest
from validator_support import FIXTURES, REPO, STANDARD_IDS, base_data

from rehab_directory.core.findings import Severity
from rehab_directory.core.rules import RULES
from rehab_directory.core.yamlio import load
from rehab_directory.framework.checks import CHECKS
from rehab_directory.framework.standards import Framework, Level

SAMPLES = sorted((REPO / "content" / "providers").glob("*.yaml"))


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads((REPO / "schema" / "listing.schema.json").read_text("utf-8"))


def test_rule_ids_are_unique_and_well_formed():
    assert len(RULES) == len(set(RULES))
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert re.fullmatch(r"(YAML|SCH|FILE|DATA|TXT|GEO|VAL)-\d{3}", rule_id), rule_id
        assert rule.title and rule.why and rule.fix, rule_id
        assert rule.severity in (Severity.ERROR, Severity.WARNING)
    # Numbered from 001 without gaps within each family.
    families: dict[str, list[int]] = {}
    for rule_id in RULES:
        family, number = rule_id.split("-")
        families.setdefault(family, []).append(int(number))
    for family, numbers in families.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), family


def test_standard_ids_are_unique_well_formed_and_distinct_from_rules():
    framework = Framework.load(REPO / "standards")
    ids = [s.id for s in framework.standards.values()]
    assert len(ids) == len(set(ids))
    for s in framework.standards.values():
        assert re.fullmatch(r"[A-Z]{2,4}-\d{3}", s.id)
        assert s.title and s.why and s.how and s.evidence
        assert s.area in framework.areas and s.level in (Level.REQUIRED, Level.ADVISORY)
    assert not set(ids) & set(RULES)


def test_every_standard_has_a_check_and_every_check_a_standard():
    assert set(CHECKS) == set(STANDARD_IDS)


def test_every_standard_reads_fields_that_exist():
    data = base_data()
    for s in Framework.load(REPO / "standards").standards.values():
        for path in s.evidence:
            node = data
            for part in path.split("."):
                node = node[0] if isinstance(node, list) else node
                assert part in node, f"{s.id} reads {path}, which the base listing lacks"
                node = node[part]


def test_thresholds_are_params_the_check_reads():
    framework = Framework.load(REPO / "standards")
    source = (REPO / "rehab_directory" / "framework" / "checks.py").read_text("utf-8")
    for s in framework.standards.values():
        for name in s.params:
            assert f'params["{name}"]' in source, f"{s.id}: param {name} is never read"


def test_generated_files_are_current():
    result = subprocess.run([sys.executable, "-m", "rehab_directory.generated", "--check"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_docs_name_every_rule_and_standard():
    rules = (REPO / "docs" / "rules.md").read_text("utf-8")
    standards = (REPO / "docs" / "standards.md").read_text("utf-8")
    assert all(f"| {r} |" in rules for r in RULES)
    assert all(f"### {s}:" in standards for s in STANDARD_IDS)


def test_schema_is_draft_2020_12(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("listing", SAMPLES + sorted((FIXTURES / "valid").glob("*.yaml")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_schema_accepts_every_valid_listing(listing, schema):
    data = load(listing.read_bytes(), listing.name).data
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(data)


@pytest.mark.parametrize(("change", "path"), [
    (lambda d: d.pop("name"), []),
    (lambda d: d.update(instagram="beaconlodge"), []),
    (lambda d: d["eligibility"].update(pets="NO"), ["eligibility", "pets"]),
    (lambda d: d.update(region="leeds"), ["region"]),
    (lambda d: d["eligibility"].update(min_age=12), ["eligibility", "min_age"]),
    (lambda d: d["services"][0].update(beds="6"), ["services", 0, "beds"]),
    (lambda d: d.update(services=[]), ["services"]),
])
def test_schema_rejects_an_invalid_listing(change, path, schema):
    data = base_data()
    change(data)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors, "the schema accepted an invalid listing"
    assert any(list(e.absolute_path) == path for e in errors), [e.message for e in errors]
