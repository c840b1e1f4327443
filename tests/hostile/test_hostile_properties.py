"""Property-based tests (hypothesis): whatever bytes arrive, the validator answers with
findings or success, never a traceback; and a valid listing survives a JSON round trip.

Kept fast and repeatable for CI: at most 200 examples per test, derandomized, no deadline.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from validator_support import BASE, SLUG, assert_finding_well_formed, base_data

from rehab_directory.core.findings import Severity
from rehab_directory.core.model import Listing
from rehab_directory.core.vocab import Funding, Region, Substance

FAST = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BASE_LINES = BASE.read_text("utf-8").splitlines(keepends=True)

# ------------------------------------------------------------------ (a) never a traceback

VALUES = ["true", "NO", "12", "-1", "1.5", "1e3", "[]", "{}", "null", "''", "'x'", "[a, b]",
          "{a: 1}", "2026-13-45", "2099-01-01", "0", "&a x", "*a", "!!str x", "|", ">-",
          '"\\u202e"', "- x", "? x", "'''", "%TAG", "@x", "`x`", "x: y: z", "#", "---", "..."]


@st.composite
def mutated(draw) -> bytes:
    lines = list(BASE_LINES)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["delete", "duplicate", "retype", "unicode", "truncate",
                                   "indent"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "retype" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(VALUES))}\n"
        elif op == "unicode":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.text(min_size=1, max_size=5)) + lines[i][at:]
        elif op == "indent":
            lines[i] = draw(st.sampled_from([" ", "  ", "\t", "    "])) + lines[i]
        else:
            text = "".join(lines)
            lines = [text[: draw(st.integers(0, len(text)))]]
    return "".join(lines).encode("utf-8", "surrogatepass")


def assert_answered(checked) -> None:
    for f in checked.findings:
        assert_finding_well_formed(f)
    if checked.listing is None:
        assert any(f.severity is Severity.ERROR for f in checked.findings), checked.findings
    else:
        assert not any(f.rule.startswith(("YAML", "SCH")) and f.severity is Severity.ERROR
                       for f in checked.findings)


@FAST
@given(raw=st.binary(max_size=2048))
def test_random_bytes(validator, raw):
    assert_answered(validator.parse(raw, Path("random.yaml")))


@FAST
@given(raw=mutated())
def test_mutated_listing_with_parse(validator, raw):
    assert_answered(validator.parse(raw, Path("mutated.yaml")))


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "content" / "providers" / f"{SLUG}.yaml"
        target.parent.mkdir(parents=True)
        yield target


@FAST
@given(raw=mutated())
def test_mutated_listing_with_check_file(validator, scratch, raw):
    scratch.write_bytes(raw)
    checked = validator.check_file(scratch)
    assert_answered(checked)
    if checked.listing is not None:
        assert checked.evaluation is not None
        assert checked.publishable == (not any(r.blocks for r in checked.evaluation.results)
                                       and not any(f.severity is Severity.ERROR
                                                   for f in checked.findings))


@FAST
@given(text=st.text(max_size=300))
def test_random_text_in_every_scalar_position(validator, text):
    # Any text, quoted as YAML would quote it, in the name: a finding or a listing.
    quoted = json.dumps(text)  # JSON strings are valid YAML double-quoted scalars
    raw = "".join(BASE_LINES).replace("name: Beacon Lodge", f"name: {quoted}").encode()
    checked = validator.parse(raw, Path("text.yaml"))
    assert_answered(checked)
    if checked.listing is not None:
        assert checked.listing.name == text.strip()


# ------------------------------------------------------------------ (b) JSON round trip

TODAY = date(2026, 11, 23)
PHONES = [f"0113 496 0{n:03d}" for n in range(0, 1000, 37)] + ["020 7946 0123",
                                                                 "0808 157 0999", "0191 498 0000"]
past = st.dates(min_value=date(2000, 1, 1), max_value=TODAY)
money = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False,
                    allow_infinity=False)
safe_text = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Co", "Cs", "Zl", "Zp")),
                    min_size=1, max_size=100).map(str.strip).filter(bool)


@st.composite
def valid_listing(draw) -> dict:
    data = base_data()
    data["name"] = draw(safe_text)
    data["phone"] = draw(st.sampled_from(PHONES))
    data["region"] = draw(st.sampled_from([Region.YORKSHIRE, Region.LONDON])).value
    data["location"] = {"latitude": draw(st.floats(49.8, 60.9)),
                        "longitude": draw(st.floats(-8.7, 1.8))}
    low = draw(st.integers(16, 99))
    data["eligibility"]["min_age"] = low
    data["eligibility"]["max_age"] = draw(st.none() | st.integers(max(low, 16), 120))
    data["substances"] = draw(st.lists(st.sampled_from(Substance.codes()), min_size=1,
                                       unique=True))
    data["funding"] = draw(st.lists(st.sampled_from(Funding.codes()), min_size=1, unique=True))
    cost = draw(st.integers(0, 20000))
    data["services"][1]["weekly_cost"] = {"min": cost,
                                          "max": draw(st.none() | st.integers(cost, 20000))}
    data["services"][0]["wait"] = {"days": draw(st.integers(0, 730)),
                                   "stated": draw(past).isoformat()}
    rate = draw(money)
    data["pay"]["lowest_hourly_rate"] = float(rate)  # YAML gives money as a float
    data["pay"]["stated"] = draw(past).isoformat()
    data["last_verified"] = draw(past).isoformat()
    if draw(st.booleans()):
        data["regulation"] = {**data["regulation"], "rating": "not_rated"}
        del data["regulation"]["rating_date"]
    return data


@FAST
@given(data=valid_listing())
def test_valid_listing_survives_a_json_round_trip(data):
    listing = Listing.model_validate(data, context={"today": TODAY})
    text = json.dumps(listing.model_dump(mode="json"))
    again = Listing.model_validate(json.loads(text), context={"today": TODAY})
    assert again == listing
    assert again.model_dump(mode="json") == listing.model_dump(mode="json")


def test_round_trip_keeps_money_exact():
    data = base_data()
    data["pay"]["lowest_hourly_rate"] = 999.99
    listing = Listing.model_validate(data, context={"today": TODAY})
    assert listing.pay.lowest_hourly_rate == Decimal("999.99")
    again = Listing.model_validate(json.loads(json.dumps(listing.model_dump(mode="json"))),
                                   context={"today": TODAY})
    assert again.pay.lowest_hourly_rate == Decimal("999.99")


def test_round_trip_is_checked_against_the_same_day():
    # A date valid today is "in the future" for a day earlier: context decides, not the clock.
    data = base_data()
    listing = Listing.model_validate(data, context={"today": TODAY})
    dumped = json.loads(json.dumps(listing.model_dump(mode="json")))
    with pytest.raises(ValueError, match="in the future"):
        Listing.model_validate(dumped, context={"today": TODAY - timedelta(days=30)})
