"""A lowest and a highest value written the wrong way round: the same finding for every
range of a listing (a programme's weeks, a week's cost, the ages a service takes)."""

from __future__ import annotations

import pytest
from validator_support import check, derive


@pytest.mark.parametrize("old, new, field, message", [
    ("length_weeks: {min: 6, max: 12}", "length_weeks: {min: 12, max: 6}",
     "services[1].length_weeks", "max (6) is lower than min (12)"),
    ("weekly_cost: {min: 950, max: 1150}", "weekly_cost: {min: 1150, max: 950}",
     "services[1].weekly_cost", "max (950) is lower than min (1150)"),
    ("max_age: 70", "max_age: 17", "eligibility", "max_age (17) is lower than min_age (18)"),
])
def test_a_range_the_wrong_way_round_says_so(old, new, field, message, validator, tmp_path):
    checked = check(validator, tmp_path, derive((old, new)))
    found = [(f.rule, f.field, f.message, f.fix) for f in checked.findings]
    assert found == [("SCH-005", field, message, "swap them, or correct the one that is wrong")]


def test_a_range_with_no_highest_value_is_in_order(validator, tmp_path):
    checked = check(validator, tmp_path, derive(("length_weeks: {min: 6, max: 12}",
                                                 "length_weeks: {min: 6}")))
    assert checked.listing is not None and checked.publishable
