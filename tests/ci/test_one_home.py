"""Meaning lives once: a rule ID, a threshold, the UK's extent, the month names and a cost
range's wording each have one home in the package, which every other module reads."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from rehab_directory.core import geography, model
from rehab_directory.framework.publication import WAITS, wait_window_days
from rehab_directory.framework.standards import Framework
from rehab_directory.support import clock

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "rehab_directory"


def constants(kind: type) -> dict[object, set[str]]:
    """Every literal of ``kind`` in the package's source, with the modules that write it."""
    found: dict[object, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) \
                    and isinstance(node.operand, ast.Constant):
                value = -node.operand.value
            if type(value) is kind:
                found.setdefault(value, set()).add(str(path.relative_to(PACKAGE)))
    return found


def test_the_wait_and_verification_standards_are_named_only_in_the_framework():
    strings = constants(str)
    for standard in ("TRA-001", "TRA-002"):
        assert strings.get(standard, set()) <= {"framework/publication.py",
                                               "framework/checks.py"}, standard


def test_the_wait_window_is_the_wait_standards_within_days(tmp_path):
    standards = tmp_path / "standards"
    shutil.copytree(REPO / "standards", standards)
    text = (standards / "standards.yaml").read_text()
    assert "within_days: 30}" in text
    framework = Framework.load(REPO / "standards")
    assert wait_window_days(framework) == framework.standards[WAITS].params["within_days"]
    (standards / "standards.yaml").write_text(text.replace(
        "within_days: 30}", "within_days: 45}", 1))
    assert wait_window_days(Framework.load(standards)) == 45
    # No default copy of the window: a framework without the standard marks no wait old.
    del framework.standards[WAITS]
    assert wait_window_days(framework) is None


@pytest.mark.parametrize("edge", sorted(geography.UK_BOUNDS))
def test_the_uks_extent_is_written_once(edge):
    value = geography.UK_BOUNDS[edge]
    assert constants(float)[value] - {"site/ukmap.py"} == {"core/geography.py"}
    assert value in (*model.UK_LATITUDE, *model.UK_LONGITUDE)


def test_month_names_are_written_once():
    """No module but support/clock.py spells out the months (one may name a town "March")."""
    strings = constants(str)
    spelt: dict[str, int] = {}
    for month in clock.MONTHS:
        for module in strings.get(month, ()):
            spelt[module] = spelt.get(module, 0) + 1
    assert {module for module, months in spelt.items() if months > 1} == {"support/clock.py"}
    for abbreviation in ("JAN", "FEB", "AUG", "SEP", "OCT", "NOV", "DEC"):
        assert abbreviation not in strings


@pytest.mark.parametrize("low, high, card, open_data, review", [
    (1200, 1650, "£1,200 to £1,650 a week", "£1,200 to £1,650 a week", "£1,200–£1,650"),
    (1200, None, "£1,200 a week", "£1,200 a week", "£1,200"),
    (1650, 1650, "£1,650 a week", "£1,650 a week", "£1,650"),
    (0, 400, "Free to £400 a week", "£0 to £400 a week", "£0–£400"),
    (0, None, "Free", "£0 a week", "£0"),
])
def test_a_cost_range_is_worded_by_one_function(low, high, card, open_data, review):
    """The cards, the open data and the review report word a weekly cost each their own way
    on purpose (a card says "Free"; the report is compact), all through money.cost_range."""
    from rehab_directory.review.warnings import _cost
    from rehab_directory.site.cards import cost_text
    from rehab_directory.support.money import cost_range

    assert cost_text(low, high) == cost_range(low, high, free="Free") == card
    assert cost_range(low, high) == open_data
    cost = type("Cost", (), {"min": low, "max": high})
    assert _cost(cost) == cost_range(low, high, to="–", per="") == review
    assert constants(str).get(" a week", set()) <= {"support/money.py"}
