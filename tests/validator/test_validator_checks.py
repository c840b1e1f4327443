"""Each standard's check as a pure function, the Living Wage rate in force, exceptions in
standards/exceptions.yaml, and the rules that need more than one file (FILE-002, DATA-00x)."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from validator_support import REPO, SLUG, assert_findings, base_listing, derive, place

from rehab_directory.core.model import Listing, Policy, Regulation
from rehab_directory.core.vocab import Rating, Region, Regulator, ServiceType
from rehab_directory.framework.checks import CHECKS
from rehab_directory.framework.evaluation import evaluate
from rehab_directory.framework.standards import (
    Context,
    Framework,
    StandardsDataError,
    months_before,
)
from rehab_directory.validator.engine import Validator


@pytest.fixture(scope="module")
def framework() -> Framework:
    return Framework.load(REPO / "standards")


@pytest.fixture(scope="module")
def base(today) -> Listing:
    return base_listing(today)


def run(std_id: str, listing: Listing, framework: Framework, today: date) -> list:
    """The problems the check of ``std_id`` finds, as (field path, message)."""
    problems = CHECKS[std_id](listing, Context(today, framework), framework.standards[std_id])
    return [(p.path, p.message) for p in problems]


def with_(model, **changes):
    """A copy of a frozen model with some fields changed (nested: pass a model)."""
    return model.model_copy(update=changes)


def policies(base: Listing, **changes) -> Listing:
    return with_(base, policies=with_(base.policies, **changes))


def test_base_meets_every_standard(base, framework, today):
    evaluation = evaluate(base, Context(today, framework))
    assert [r.status for r in evaluation.results] == ["met"] * len(framework.standards)
    assert evaluation.publishable


def test_checks_do_not_change_the_listing(base, framework, today):
    before = base.model_dump()
    evaluate(base, Context(today, framework))
    assert base.model_dump() == before


# Each case: (standard, a function of (base listing) giving a listing, expected problem paths).
OLD = date(2020, 1, 1)
CASES = {
    "DIG-001 strip search": ("DIG-001", lambda b: policies(b, strip_search=True),
                             [("policies", "strip_search")]),
    "DIG-001 not said": ("DIG-001", lambda b: policies(b, strip_search=None),
                         [("policies", "strip_search")]),
    "DIG-002 no policy": ("DIG-002", lambda b: policies(b, dignity_and_respect=None),
                          [("policies", "dignity_and_respect")]),
    "DIG-002 stale and unpublished": (
        "DIG-002", lambda b: policies(b, dignity_and_respect=Policy(reviewed=OLD)),
        [("policies", "dignity_and_respect", "reviewed"), ("policies", "dignity_and_respect")]),
    "POL-001": ("POL-001", lambda b: policies(b, safeguarding=None),
                [("policies", "safeguarding")]),
    "POL-002": ("POL-002", lambda b: policies(b, complaints=Policy(reviewed=OLD)),
                [("policies", "complaints", "reviewed")]),
    "POL-003": ("POL-003", lambda b: policies(b, unplanned_discharge=None),
                [("policies", "unplanned_discharge")]),
    "TRN-001": ("TRN-001", lambda b: with_(b, training=with_(b.training, safeguarding=OLD)),
                [("training", "safeguarding")]),
    "TRN-002": ("TRN-002", lambda b: with_(b, training=with_(b.training, overdose_response=None)),
                [("training", "overdose_response")]),
    "TRN-003": ("TRN-003", lambda b: with_(b, training=with_(b.training, trauma_informed=OLD)),
                [("training", "trauma_informed")]),
    "LEX-001 nothing": ("LEX-001", lambda b: with_(b, lived_experience=with_(
        b.lived_experience, mechanism=None, last_round=None)),
        [("lived_experience", "mechanism"), ("lived_experience", "last_round")]),
    "REG-001 none": ("REG-001", lambda b: with_(b, regulation=None), [("regulation",)]),
    "REG-001 Scotland with CQC": ("REG-001", lambda b: with_(b, region=Region.SCOTLAND),
                                  [("regulation", "regulator")]),
    "REG-001 England with CIW": ("REG-001", lambda b: with_(b, regulation=with_(
        b.regulation, regulator=Regulator.CIW)), [("regulation", "regulator")]),
    "REG-002 none": ("REG-002", lambda b: with_(b, regulation=None), [("regulation",)]),
    "REG-002 inadequate": ("REG-002", lambda b: with_(b, regulation=with_(
        b.regulation, rating=Rating.INADEQUATE)), [("regulation", "rating")]),
    "TRA-001 stale and missing": ("TRA-001", lambda b: with_(b, services=[
        with_(b.services[0], wait=with_(b.services[0].wait, stated=date(2026, 10, 23))),
        with_(b.services[1], wait=None), b.services[2]]),
        [("services", 0, "wait", "stated"), ("services", 1)]),
    "TRA-002": ("TRA-002", lambda b: with_(b, last_verified=date(2025, 11, 22)),
                [("last_verified",)]),
    "LW-001 no rate": ("LW-001", lambda b: with_(b, pay=with_(b.pay, lowest_hourly_rate=None)),
                       [("pay", "lowest_hourly_rate")]),
}


@pytest.mark.parametrize("case", CASES)
def test_check_is_a_pure_function(case, base, framework, today):
    std_id, change, paths = CASES[case]
    assert run(std_id, base, framework, today) == []
    listing = change(base)
    assert [p for p, _ in run(std_id, listing, framework, today)] == paths
    # Only that standard (and, for a missing registration, its sibling) is affected.
    evaluation = evaluate(listing, Context(today, framework))
    failed = {r.standard.id for r in evaluation.results if not r.met}
    assert std_id in failed and failed <= {std_id, "REG-001", "REG-002"}


@pytest.mark.parametrize("region", [Region.WALES, Region.SCOTLAND, Region.NORTHERN_IRELAND,
                                    Region.LONDON, Region.NORTH_EAST])
def test_each_nation_has_its_regulator(region, base, framework, today):
    expected = {Region.WALES: Regulator.CIW, Region.SCOTLAND: Regulator.CARE_INSPECTORATE,
                Region.NORTHERN_IRELAND: Regulator.RQIA}.get(region, Regulator.CQC)
    for regulator in Regulator:
        reg = Regulation.model_construct(**{**base.regulation.__dict__, "regulator": regulator})
        listing = with_(base, region=region, regulation=reg)
        problems = run("REG-001", listing, framework, today)
        assert (problems == []) == (regulator is expected), (region, regulator)


def test_not_rated_without_a_date_meets_reg_002(base, framework, today):
    listing = with_(base, regulation=with_(base.regulation, rating=Rating.NOT_RATED,
                                           rating_date=None))
    assert run("REG-002", listing, framework, today) == []


def test_aftercare_needs_no_wait(base, framework, today):
    assert base.services[2].type is ServiceType.AFTERCARE and base.services[2].wait is None
    assert run("TRA-001", base, framework, today) == []


# ------------------------------------------------------------------ Real Living Wage


def test_rate_in_force_changes_on_the_pay_by_date(framework):
    assert framework.rate_in_force(date(2024, 4, 30)) is None
    assert framework.rate_in_force(date(2024, 5, 1)).year == "2023/24"
    assert framework.rate_in_force(date(2025, 4, 30)).year == "2023/24"
    assert framework.rate_in_force(date(2025, 5, 1)).year == "2024/25"
    assert framework.rate_in_force(date(2026, 11, 23)).uk == Decimal("13.45")


def pay(base: Listing, rate: str, region: Region = Region.YORKSHIRE,
        stated: date = date(2025, 4, 1)) -> Listing:
    return with_(base, region=region,
                 pay=with_(base.pay, lowest_hourly_rate=Decimal(rate), stated=stated))


@pytest.mark.parametrize(("rate", "region", "day", "met"), [
    # 2023/24: UK 12.00, London 13.15 until 30 April 2025; 2024/25: 12.60 and 13.85 from 1 May.
    ("12.00", Region.YORKSHIRE, date(2025, 4, 30), True),
    ("12.00", Region.YORKSHIRE, date(2025, 5, 1), False),
    ("12.59", Region.YORKSHIRE, date(2025, 5, 1), False),
    ("12.60", Region.YORKSHIRE, date(2025, 5, 1), True),
    ("13.15", Region.LONDON, date(2025, 4, 30), True),
    ("13.14", Region.LONDON, date(2025, 4, 30), False),
    ("13.15", Region.LONDON, date(2025, 5, 1), False),
    ("13.85", Region.LONDON, date(2025, 5, 1), True),
    ("12.60", Region.LONDON, date(2025, 5, 1), False),  # the UK rate is not enough in London
    ("5.00", Region.YORKSHIRE, date(2024, 4, 30), True),  # before the first rate in the table
])
def test_living_wage_rate_in_force_around_pay_by(rate, region, day, met, base, framework):
    problems = run("LW-001", pay(base, rate, region, stated=day.replace(day=1)), framework, day)
    assert (problems == []) == met, problems
    if not met:
        ((path, message),) = problems
        assert path == ("pay", "lowest_hourly_rate")
        area = "for London" if region is Region.LONDON else "for the UK outside London"
        assert area in message, message


def test_stale_statement_fails_even_at_a_good_rate(base, framework, today):
    listing = pay(base, "20.00", stated=months_before(today, 12) - timedelta(days=1))
    assert [p for p, _ in run("LW-001", listing, framework, today)] == [("pay", "stated")]
    assert run("LW-001", pay(base, "20.00", stated=months_before(today, 12)), framework,
               today) == []


def test_accredited_employer_needs_no_rate(base, framework, today):
    listing = with_(base, pay=with_(base.pay, lowest_hourly_rate=None, stated=None,
                                    living_wage_accredited=True))
    assert run("LW-001", listing, framework, today) == []


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 11, 23), 24, date(2024, 11, 23)),
    (date(2026, 3, 31), 1, date(2026, 2, 28)),
    (date(2024, 2, 29), 12, date(2023, 2, 28)),
    (date(2026, 1, 15), 1, date(2025, 12, 15)),
])
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


@pytest.mark.parametrize(("params", "dated", "last_day"), [
    ({"within_months": 1}, date(2026, 1, 31), date(2026, 2, 28)),
    ({"within_months": 1}, date(2024, 1, 31), date(2024, 2, 29)),
    ({"within_months": 1}, date(2026, 2, 28), date(2026, 3, 28)),
    ({"within_months": 24}, date(2024, 2, 29), date(2026, 2, 28)),
    ({"within_months": 12}, date(2025, 11, 23), date(2026, 11, 23)),
    ({"within_days": 30}, date(2026, 1, 31), date(2026, 3, 2)),
])
def test_how_long_evidence_counts_is_a_calendar_period(params, dated, last_day, framework):
    std = framework.standards["POL-002"].model_copy(update={"params": params})
    assert std.counts_until(dated) == last_day
    assert not std.too_old(dated, last_day)
    assert std.too_old(dated, last_day + timedelta(days=1))


def test_a_months_old_check_follows_the_calendar(base, framework):
    # Reviewed on 28 February, good for a month: met on 28 March, not on 29 March.
    std = framework.standards["POL-002"].model_copy(update={"params": {"within_months": 1}})
    listing = policies(base, complaints=Policy(reviewed=date(2026, 2, 28)))

    def problems(day):
        return list(CHECKS["POL-002"](listing, Context(day, framework), std))

    assert problems(date(2026, 3, 28)) == []
    assert [p.path for p in problems(date(2026, 3, 29))] == [("policies", "complaints",
                                                               "reviewed")]


# ------------------------------------------------------------------ exceptions


@pytest.fixture
def tmp_root(tmp_path) -> Path:
    """A copy of the repository's standards/ with an empty content/providers/."""
    shutil.copytree(REPO / "standards", tmp_path / "standards")
    (tmp_path / "content" / "providers").mkdir(parents=True)
    return tmp_path


def write_exception(root: Path, standard: str = "TRN-003", approved: str = "2026-09-01",
                    expires: str = "2027-03-01", provider: str = SLUG) -> None:
    (root / "standards" / "exceptions.yaml").write_text(
        "exceptions:\n"
        f"  - standard: {standard}\n"
        f"    provider: {provider}\n"
        "    reason: The trainer left; training is booked for January.\n"
        "    approved_by: reviewer-one\n"
        f"    approved: {approved}\n"
        f"    expires: {expires}\n", encoding="utf-8")


STALE_TRAUMA = ("trauma_informed: 2025-10-08", "trauma_informed: 2023-06-01")


def test_exception_in_force_turns_the_finding_into_a_note(tmp_root, today):
    write_exception(tmp_root)
    checked = Validator(tmp_root, today).check_file(place(tmp_root, derive(STALE_TRAUMA)))
    assert_findings(checked.findings, [
        "90:20 note TRN-003 training.trauma_informed: allowed by an exception approved by "
        "reviewer-one until 2027-03-01"])
    result = checked.evaluation.by_id["TRN-003"]
    assert result.status == "excepted" and not result.met and not result.blocks
    assert result.exception.approved_by == "reviewer-one"
    assert checked.publishable


def test_exception_on_its_last_day_still_applies(tmp_root, today):
    write_exception(tmp_root, approved="2026-01-01", expires=today.isoformat())
    checked = Validator(tmp_root, today).check_file(place(tmp_root, derive(STALE_TRAUMA)))
    assert checked.evaluation.by_id["TRN-003"].status == "excepted"


def test_expired_exception_does_not_apply(tmp_root, today):
    write_exception(tmp_root, approved="2026-01-01", expires="2026-11-22")
    checked = Validator(tmp_root, today).check_file(place(tmp_root, derive(STALE_TRAUMA)))
    assert_findings(checked.findings, [
        "90:20 error TRN-003 training.trauma_informed: (its exception expired on 2026-11-22)"])
    assert checked.evaluation.by_id["TRN-003"].status == "not_met"
    assert not checked.publishable


def test_exception_not_yet_approved_does_not_apply(tmp_root, today):
    write_exception(tmp_root, approved="2026-12-01", expires="2027-03-01")
    checked = Validator(tmp_root, today).check_file(place(tmp_root, derive(STALE_TRAUMA)))
    assert checked.evaluation.by_id["TRN-003"].status == "not_met"


def test_exception_for_another_provider_does_not_apply(tmp_root, today):
    write_exception(tmp_root, provider="harbour-house-hull")
    checked = Validator(tmp_root, today).check_file(place(tmp_root, derive(STALE_TRAUMA)))
    assert checked.evaluation.by_id["TRN-003"].status == "not_met"


def test_exception_for_a_met_standard_changes_nothing(tmp_root, today):
    write_exception(tmp_root)
    checked = Validator(tmp_root, today).check_file(place(tmp_root, derive()))
    assert checked.findings == []
    assert checked.evaluation.by_id["TRN-003"].status == "met"


def test_exception_for_unknown_standard_is_data_002(tmp_root, today):
    write_exception(tmp_root, standard="TRN-999")
    with pytest.raises(StandardsDataError) as exc:
        Validator(tmp_root, today)
    (f,) = exc.value.findings
    assert (f.rule, f.severity) == ("DATA-002", "error")
    assert "TRN-999" in f.message and "TRN-003" in f.fix


def test_exception_longer_than_12_months_is_refused(tmp_root, today):
    write_exception(tmp_root, approved="2026-01-01", expires="2027-06-01")
    with pytest.raises(StandardsDataError) as exc:
        Validator(tmp_root, today)
    (f,) = exc.value.findings
    assert f.file.endswith("exceptions.yaml") and "12 months" in f.message
    assert f.line == 2 and f.fix


def test_missing_standards_file_is_data_001(tmp_root, today):
    (tmp_root / "standards" / "living_wage.yaml").unlink()
    with pytest.raises(StandardsDataError) as exc:
        Validator(tmp_root, today)
    (f,) = exc.value.findings
    assert f.rule == "DATA-001" and "living_wage.yaml" in f.file and f.fix


def test_broken_standards_file_is_reported_with_its_line(tmp_root, today):
    path = tmp_root / "standards" / "standards.yaml"
    path.write_text(path.read_text("utf-8").replace("level: advisory", "level: optional"))
    with pytest.raises(StandardsDataError) as exc:
        Validator(tmp_root, today)
    (f,) = exc.value.findings
    assert f.rule == "SCH-004" and f.field.endswith(".level") and f.line > 1


# ------------------------------------------------------------------ more than one file


def test_two_listings_with_one_slug(validator, tmp_path):
    first = place(tmp_path, derive())
    second = place(tmp_path, derive(), name="beacon-lodge-leeds-2.yaml")
    a, b = validator.check_listings([first, second])
    # The file named for the slug owns it: only the copy is marked.
    assert_findings(a.findings, [])
    assert_findings(b.findings, ["3:7 error FILE-001 slug: does not match the file name",
                                 "3:7 error FILE-002 slug: is also the slug of"])
    assert a.display in b.findings[1].message
    # Where no file is named for the slug, each is marked and names the others.
    third = place(tmp_path, derive(), name="beacon-lodge-leeds-3.yaml")
    b, c = validator.check_listings([second, third])
    assert [f.rule for f in b.findings] == [f.rule for f in c.findings] == ["FILE-001",
                                                                            "FILE-002"]
    assert c.display in b.findings[1].message and b.display in c.findings[1].message


def test_unreadable_listing_is_data_003(validator, tmp_path):
    checked = validator.check_file(tmp_path / "no-such-listing.yaml")
    assert_findings(checked.findings, ["1:1 error DATA-003 (file): cannot read it"])
    (tmp_path / "a-folder.yaml").mkdir()
    checked = validator.check_file(tmp_path / "a-folder.yaml")
    assert [f.rule for f in checked.findings] == ["DATA-003"]


def test_listing_files_are_the_yaml_files_of_content_providers(tmp_root, today):
    place(tmp_root, derive())
    place(tmp_root, "not a listing", name="notes.txt")
    assert [p.name for p in Validator(tmp_root, today).listing_files()] == [f"{SLUG}.yaml"]


@pytest.mark.parametrize("value", ["1-١٢٣٤٥٦٧٨٩", "1-１２３４５６７８９"])
def test_cqc_ids_are_ascii_digits(validator, tmp_path, value):
    """Arabic-Indic or full-width digits look like an ID but are not one CQC gives."""
    checked = validator.check_file(place(tmp_path, derive(
        ('location_id: "1-901234568"', f'location_id: "{value}"'))))
    assert [f.rule for f in checked.findings if f.severity == "error"] == ["SCH-005"], \
        checked.findings
