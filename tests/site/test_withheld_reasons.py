"""The build's summary says truthfully why each listing is withheld: errors of the file layers
(GEO-001, VAL-003: rules of core/rules.py) are errors, not standards; a standard the listing
does not meet (DIG-001) is one."""

from __future__ import annotations

import contextlib
import io

import pytest

from rehab_directory.build import build

FAR = ("location: {latitude: 54.9601, longitude: -1.6032}",
       "location: {latitude: 50.9601, longitude: -1.6032}")  # far from NE8's area: GEO-001
STRIP = ("strip_search: false", "strip_search: true")  # DIG-001
# The fixture's trauma-informed training is too old on the tests' day: renewed, so that each
# variant fails only as the test means it to.
RENEWED = ("trauma_informed: 2024-01-10", "trauma_informed: 2026-05-01")


@pytest.fixture(scope="module")
def summary(tmp_path_factory, new_root, today):
    tmp = tmp_path_factory.mktemp("reasons")
    root = new_root(tmp / "repo")
    providers = root / "content" / "providers"
    text = (providers / "tyne-view-gateshead.yaml").read_text()
    for slug, swaps in (("zz-errors", [FAR]), ("zz-standard", [STRIP]),
                        ("zz-both", [FAR, STRIP])):
        variant = text.replace("slug: tyne-view-gateshead", f"slug: {slug}")
        for old, new in [RENEWED, *swaps]:
            assert old in variant, old
            variant = variant.replace(old, new)
        (providers / f"{slug}.yaml").write_text(variant)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        assert build(tmp / "out", root, today) == 0
    return {line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip()
            for line in err.getvalue().splitlines() if line.strip().startswith("withheld zz-")}


def test_errors_of_the_file_layers_are_not_called_a_standard(summary):
    assert summary["withheld zz-errors"] == "has errors (GEO-001)"


def test_a_standard_not_met_is_called_one(summary):
    assert summary["withheld zz-standard"] == "does not meet a required standard (DIG-001)"


def test_both_are_said(summary):
    assert summary["withheld zz-both"] == ("has errors (GEO-001) and does not meet a required "
                                           "standard (DIG-001)")
