"""The browser editor's configuration is the listing model, field for field.

theme/admin/config.yml is generated (python -m rehab_directory.generated) and must be
current; every field of the model is in it, with the model's label, help, kind, choices,
limits and whether it is required; and nothing is in it that the model does not have.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rehab_directory.core.model import Listing
from rehab_directory.core.modelinfo import (
    BOOL,
    CHOICE,
    CHOICES,
    DATE,
    FLOAT,
    GROUP,
    GROUPS,
    INT,
    LONG_TEXT,
    MONEY,
    TEXT,
    TEXTS,
    fields_of,
)
from rehab_directory.framework.publication import VERIFICATION_FIELDS
from rehab_directory.site.cms import Backend, cms_config, config_text, outputs

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "theme" / "admin" / "config.yml"


def test_the_committed_configuration_is_current():
    assert outputs(ROOT) == {COMMITTED: COMMITTED.read_text("utf-8")}, (
        "theme/admin/config.yml is out of date: run python -m rehab_directory.generated")


def committed() -> dict:
    return yaml.safe_load(COMMITTED.read_text("utf-8"))


def walk(specs, fields, optional_parent=False):
    """(spec, config field, inside an optional group) for every field, depth first."""
    by_name = {f["name"]: f for f in fields}
    assert list(by_name) == [s.name for s in specs], "fields missing, extra or out of order"
    for spec in specs:
        field = by_name[spec.name]
        yield spec, field, optional_parent
        if spec.kind in (GROUP, GROUPS) and field.get("widget") != "hidden":
            inner = optional_parent or (spec.kind == GROUP and not spec.required)
            yield from walk(spec.fields, field["fields"], inner)


WIDGETS = {TEXT: {"string", "image"}, LONG_TEXT: {"text"}, INT: {"number"},
           FLOAT: {"number"}, MONEY: {"number"}, DATE: {"datetime"},
           BOOL: {"boolean", "yesno"}, CHOICE: {"select"}, CHOICES: {"select"},
           TEXTS: {"list", "select"}, GROUP: {"object"}, GROUPS: {"list"}}


def test_every_model_field_is_in_the_editor_as_the_model_says():
    collection = committed()["collections"][0]
    seen = 0
    for spec, field, optional_parent in walk(fields_of(Listing), collection["fields"]):
        seen += 1
        where = ".".join(spec.path)
        if spec.name in VERIFICATION_FIELDS and len(spec.path) == 1:
            assert field["widget"] == "hidden", where  # only a reviewer sets it
            continue
        assert field["widget"] in WIDGETS[spec.kind], where
        assert field["label"], where
        if spec.help:
            assert field["hint"].split(" Example:")[0][:30] in spec.help, where
        required = spec.required and not optional_parent and spec.kind != BOOL
        assert field["required"] is required, where
        assert field.get("group_required", False) is (
            spec.required and optional_parent and spec.kind != BOOL), where
        if spec.kind in (CHOICE, CHOICES):
            assert [o["value"] for o in field["options"]] == spec.vocab.codes(), where
            assert [o["label"] for o in field["options"]] == [m.label for m in spec.vocab]
            assert field.get("multiple", False) is (spec.kind == CHOICES), where
        if spec.kind in (INT, FLOAT, MONEY):
            assert field["value_type"] == ("int" if spec.kind == INT else "float"), where
            assert field.get("min") == spec.minimum and field.get("max") == spec.maximum
        if spec.kind == DATE:
            assert field["format"] == "YYYY-MM-DD" and field["time_format"] is False
            assert "default" not in field, f"{where}: a date must never be filled in for you"
        if spec.kind == BOOL and field["widget"] == "boolean":
            assert field["default"] == (spec.default if isinstance(spec.default, bool)
                                        else False), where
        if spec.kind == BOOL and not spec.required and not isinstance(spec.default, bool):
            assert field["widget"] == "yesno" and "default" not in field, where
    assert seen > 80


def test_choices_patterns_and_pictures():
    fields = {f["name"]: f for f in committed()["collections"][0]["fields"]}
    assert fields["slug"]["pattern"][0] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
    assert fields["maintainers"]["field"]["pattern"][0].startswith("^[A-Za-z0-9]")
    codes = {o["value"] for o in fields["languages"]["options"]}
    assert {"en", "cy", "pl", "ur", "bfi"} <= codes  # British Sign Language too
    photo = {f["name"]: f for f in fields["photos"]["fields"]}
    assert photo["file"]["widget"] == "image"
    assert photo["file"]["media_processing"]["strip_metadata"] is True
    assert committed()["media_processing"] == {"enabled": True, "strip_metadata": True,
                                               "quality": 85}
    assert fields["policies"]["fields"][0]["widget"] == "yesno"  # strip_search: unsaid


def test_each_save_is_a_pull_request_into_the_listing_folder():
    config = committed()
    collection = config["collections"][0]
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["open_authoring"] is True
    assert collection["folder"] == "content/providers" and collection["extension"] == "yaml"
    assert collection["slug"] == "{{fields.slug}}"  # the file name is the slug
    assert collection["media_folder"] == "{{filename}}"  # photos in the listing's own folder
    assert collection["format"] == "listing-yaml"  # edited in place by theme/admin/admin.js
    assert collection["delete"] is False


@pytest.mark.parametrize(("settings", "backend"), [
    ({}, {"repo": "OWNER/REPOSITORY", "branch": "main"}),
    ({"REPO_URL": "https://github.com/rehab-example/directory", "CMS_AUTH_URL":
      "https://auth.example.org.uk/", "CMS_BRANCH": "live"},
     {"repo": "rehab-example/directory", "branch": "live",
      "base_url": "https://auth.example.org.uk"}),
])
def test_the_backend_comes_from_the_settings(settings, backend):
    config = cms_config(Backend.from_settings(settings))
    assert {k: config["backend"].get(k) for k in backend} == backend
    assert ("base_url" in config["backend"]) is ("CMS_AUTH_URL" in settings)


def test_config_text_reads_back():
    config = cms_config()
    assert yaml.safe_load(config_text(config)) == config
