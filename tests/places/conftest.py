"""What the finder's places.json holds, read back as places.js reads it."""

from __future__ import annotations

import pytest

from rehab_directory.core import geography


@pytest.fixture(scope="session")
def places_json() -> dict[str, object]:
    return geography.gazetteer_files()["places.json"]


@pytest.fixture(scope="session")
def shipped_alternates(places_json) -> dict[str, list[int]]:
    """Each other name in places.json and the indexes of the places it names, as places.js
    pairs them: the front-coded ``names`` with ``places`` at the same position."""
    alternates = places_json["alternates"]
    names = geography.front_decode(alternates["names"])
    assert len(names) == len(alternates["places"])
    return dict(zip(names, alternates["places"], strict=True))
