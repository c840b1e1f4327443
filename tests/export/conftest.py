"""Fixtures for the open-data export tests: the sample listings, exported once per session."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from export_helpers import write_exports
from jsonschema import Draft202012Validator, FormatChecker

from rehab_directory.validator.checked import Checked

ROOT = Path(__file__).resolve().parent.parent.parent
# The official HSDS schemas are shared data beside the project, never copied into it.
HSDS = ROOT.parent / "shared" / "hsds"
SITE_URL = "https://directory.example.org.uk"


@pytest.fixture(scope="session")
def checked(validator) -> list[Checked]:
    """Every sample listing that would be published (what the build passes to the export)."""
    results = validator.check_listings(validator.listing_files())
    publishable = [c for c in results if c.publishable]
    assert publishable, "no publishable sample listings to export"
    return publishable


@pytest.fixture(scope="session")
def exported(checked, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_exports(checked, out, SITE_URL)
    return out / "data"


@pytest.fixture(scope="session")
def services(exported) -> list[dict]:
    return json.loads((exported / "hsds" / "services.json").read_text("utf-8"))


def _format_checker() -> FormatChecker:
    checker = FormatChecker()  # uuid, email, date... as installed

    @checker.checks("uri")
    def is_uri(value: object) -> bool:  # jsonschema checks "uri" only with an extra package
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and parts.netloc) and not any(c.isspace() for c in value)

    return checker


@pytest.fixture(scope="session", params=["openreferral-3.0", "uk-profile-3.0"])
def hsds_validator(request) -> Draft202012Validator:
    """Open Referral's international HSDS 3.0 service schema, then the UK profile's."""
    path = HSDS / request.param / "service.json"
    if not path.is_file():
        pytest.skip(f"the shared HSDS schemas are not at {HSDS} (see ../shared/hsds/README.md)")
    schema = json.loads(path.read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=_format_checker())
