"""The editor schema (schema/listing.schema.json) helps a provider as they type.

Every property says in plain words what to write, with an example; values with a fixed form
carry the model's own regex as a ``pattern`` (never a second copy of it), written so that
editors (JavaScript's regex rules) and Python read it the same way; and the schema agrees
with the model on values of those forms.
"""

from __future__ import annotations

import json
import re
from datetime import date

import jsonschema
import pytest
import regress
from validator_support import REPO, base_data

from rehab_directory.core import fields
from rehab_directory.core.fields import SchemaPattern
from rehab_directory.core.model import Listing

TODAY_CONTEXT = {"today": date(2026, 11, 23)}  # as tests/conftest.py TODAY


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads((REPO / "schema" / "listing.schema.json").read_text("utf-8"))


def properties(schema: dict) -> dict[str, dict]:
    """Every property of the listing and of each group of fields, as ``Group.field``."""
    objects = {"Listing": schema, **schema["$defs"]}
    return {f"{name}.{field}": prop for name, node in objects.items()
            for field, prop in node.get("properties", {}).items()}


def patterns(node) -> list[str]:
    """Every ``pattern`` anywhere in the schema."""
    if isinstance(node, list):
        return [p for sub in node for p in patterns(sub)]
    if not isinstance(node, dict):
        return []
    own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
    return own + [p for sub in node.values() for p in patterns(sub)]


def test_every_property_is_described_in_one_line(schema):
    found = properties(schema)
    assert len(found) >= 90, sorted(found)
    problems = []
    for where, prop in sorted(found.items()):
        text = prop.get("description", "")
        if len(text) < 15:
            problems.append(f"{where}: no description")
        elif "\n" in text or "  " in text:
            problems.append(f"{where}: description is not one line: {text!r}")
    assert not problems, "\n".join(problems)


def test_descriptions_of_values_give_an_example(schema):
    """A value a provider types (text, a number, a date, a list) is shown with an example;
    groups of fields and yes/no answers explain themselves."""
    missing = []
    for where, prop in sorted(properties(schema).items()):
        kinds = {prop.get("type")} | {o.get("type") for o in prop.get("anyOf", [])}
        refs = "$ref" in prop or any("$ref" in o for o in prop.get("anyOf", []))
        typed = kinds & {"string", "integer", "number"} or (
            "array" in kinds and "$ref" not in prop.get("items", {}))
        if typed and not refs and not re.search(r"\b(Example:|e\.g\.)", prop["description"]) \
                and where != "Listing.description":
            missing.append(f"{where}: {prop['description']}")
    assert not missing, "\n".join(missing)


def at(schema: dict, *path: str) -> dict:
    node = schema
    for part in path:
        node = schema["$defs"][part] if part[0].isupper() else node["properties"][part]
    return node


def pattern_of(node: dict) -> str | None:
    for option in [node, node.get("items", {}), *node.get("anyOf", [])]:
        if "pattern" in option:
            return option["pattern"]
        if "pattern" in option.get("items", {}):
            return option["items"]["pattern"]
    return None


@pytest.mark.parametrize(("path", "regex"), [
    (("slug",), fields.SLUG_RE),
    (("phone",), fields.PHONE_CHARS_RE),
    (("email",), fields.EMAIL_RE),
    (("languages",), fields.LANGUAGE_CODE_RE),
    (("maintainers",), fields.GITHUB_HANDLE_RE),
    (("verified_by",), fields.GITHUB_HANDLE_RE),
    (("Address", "postcode"), fields.POSTCODE_RE),
    (("Image", "file"), fields.IMAGE_NAME_RE),
], ids=lambda v: ".".join(v) if isinstance(v, tuple) else "")
def test_patterns_are_the_models_own(schema, path, regex):
    assert pattern_of(at(schema, *path)) == SchemaPattern(regex).pattern


def test_cqc_ids_have_the_cqc_pattern_only_under_cqc(schema):
    regulation = schema["$defs"]["Regulation"]
    assert regulation["if"]["properties"]["regulator"] == {"const": "cqc"}
    for field in ("provider_id", "location_id"):
        assert regulation["then"]["properties"][field]["pattern"] == SchemaPattern(
            fields.CQC_ID_RE).pattern
        assert "pattern" not in regulation["properties"][field]


def test_every_pattern_reads_the_same_in_javascript_and_python(schema):
    found = patterns(schema)
    assert len(found) >= 10, found
    for pattern in found:
        regress.Regex(pattern)  # raises if an editor (ECMAScript) could not use it
        re.compile(pattern)


def change(data: dict, path: tuple, value) -> dict:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def schema_errors(schema: dict, data: dict) -> list[tuple]:
    """Where the schema finds errors, including those under an optional group (anyOf)."""
    def paths(errors):
        for error in errors:
            yield tuple(error.absolute_path)
            yield from paths(error.context or [])

    return list(paths(jsonschema.Draft202012Validator(schema).iter_errors(data)))


def model_accepts(data: dict) -> bool:
    try:
        Listing.model_validate(data, context=TODAY_CONTEXT)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(("path", "value"), [
    (("address", "postcode"), "LS8 2J"),
    (("address", "postcode"), "LS82JHX"),
    (("phone",), "call 0113 496 0871"),
    (("slug",), "Beacon_Lodge"),
    (("email",), "admissions at beacon-lodge"),
    (("languages",), ["english"]),
    (("maintainers",), ["-jo"]),
    (("regulation", "provider_id"), "123456789"),
    (("regulation", "location_id"), "1-12345"),
], ids=lambda v: ".".join(v) if isinstance(v, tuple) else str(v))
def test_the_schema_refuses_what_the_model_refuses(schema, path, value):
    data = change(base_data(), path, value)
    assert not model_accepts(data), "the model accepted it: pick another example"
    where = path if not isinstance(value, list) else (*path, 0)
    assert where in schema_errors(schema, data), schema_errors(schema, data)


@pytest.mark.parametrize(("path", "value"), [
    (("address", "postcode"), "ls8 2jh"),  # the model writes it in capitals
    (("address", "postcode"), "LS82JH"),
    (("phone",), "+44 113 496 0871"),
], ids=lambda v: ".".join(v) if isinstance(v, tuple) else str(v))
def test_the_schema_accepts_what_the_model_accepts(schema, path, value):
    data = change(base_data(), path, value)
    assert model_accepts(data)
    assert schema_errors(schema, data) == []


def test_other_regulators_ids_are_not_held_to_cqcs_form(schema):
    data = base_data()
    data["regulation"].update(regulator="ciw", provider_id="W1234", location_id="W5678")
    assert model_accepts(data)
    assert schema_errors(schema, data) == []
