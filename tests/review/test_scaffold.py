"""scripts/new_listing.py: from nothing to a valid listing, by options or by answering questions."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date

import pytest
from review_helpers import ROOT, TODAY

from rehab_directory import scaffold
from rehab_directory.core.findings import Severity
from rehab_directory.core.model import Listing
from rehab_directory.core.vocab import Region
from rehab_directory.validator.engine import Validator

OPTIONS = ["--name", 'Gull Point: "The # House"', "--town", "Scarborough", "--street",
           "3 Marine Drive", "--postcode", "yo11 1aa", "--region", "yorkshire-and-the-humber",
           "--latitude", "54.28", "--longitude", "-0.39", "--phone", "0113 496 0123",
           "--summary", "Residential rehab by the sea: 12 weeks, single rooms.",
           "--service", "residential_rehab, 4", "--stages", "primary",
           "--substance", "alcohol,cocaine", "--referral", "self_referral",
           "--funding", "self_funded", "--gender", "mixed", "--mental-health", "supported",
           "--twelve-step", "informed", "--faith-based", "no", "--wheelchair-access", "Y",
           "--step-free-rooms", "yes", "--pregnancy", "N", "--parents-with-children", "no",
           "--couples", "no", "--pets", "NO", "--maintainer", "gull-admin"]
# The claims about the service: with --yes and not given, each is left as TODO.
CLAIMS = ["--stages", "--gender", "--mental-health", "--twelve-step", "--faith-based",
          "--wheelchair-access", "--step-free-rooms", "--pregnancy", "--parents-with-children",
          "--couples", "--pets"]
SLUG = "gull-point-the-house-scarborough"


@pytest.fixture
def site(tmp_path):
    shutil.copytree(ROOT / "standards", tmp_path / "standards")
    return tmp_path


def run(site, *args, stdin=None):
    """The script itself, in a subprocess, with ``stdin`` typed in."""
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "new_listing.py"),
                           "--root", str(site), "--today", TODAY, *args], input=stdin,
                          capture_output=True, text=True, check=False)


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def call(capsys, site, *args, stdin=None):
    """The same, in this process (faster): answers come from ``stdin``'s lines."""
    lines = iter((stdin or "").splitlines())

    def read(prompt):
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    try:
        code = scaffold.main(["--root", str(site), "--today", TODAY, *args], read=read)
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return Ran(code, out.out, out.err)


def test_options_write_a_valid_listing_with_every_field(capsys, site):
    proc = call(capsys, site, *OPTIONS, "--yes")
    assert proc.returncode == 0, proc.stderr
    path = site / "content" / "providers" / f"{SLUG}.yaml"
    assert proc.stdout.strip().endswith(f"{SLUG}.yaml")
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schema/listing.schema.json\n")
    unwritten = {"last_verified", "verified_by"}  # a reviewer's, never the provider's
    for name in set(Listing.model_fields) - unwritten:  # every field, written or commented
        assert re.search(rf"^(# )?{name}:", text, re.M), name
    for name in unwritten:
        assert not re.search(rf"^\s*{name}:", text, re.M), name
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no date at all: nothing claimed
    checked = Validator(site, date.fromisoformat(TODAY)).check_file(path)
    listing = checked.listing
    assert listing is not None, checked.findings
    assert listing.last_verified is None and listing.verified_by is None
    assert listing.name == 'Gull Point: "The # House"'  # quoted safely, read back exactly
    assert listing.address.postcode == "YO11 1AA" and listing.phone == "0113 496 0123"
    assert [s.type.value for s in listing.services] == ["residential_rehab", "aftercare"]
    assert listing.accessibility.wheelchair_access is True
    assert listing.eligibility.pets is False and listing.approach.faith_based is False
    # The only errors are the standards still waiting for evidence, and verification...
    errors = {f.rule for f in checked.findings if f.severity is Severity.ERROR}
    assert errors == {r.standard.id for r in checked.evaluation.results if r.blocks}
    assert "TRA-002" in errors and len(errors) == 13
    # ...and the scaffold says which, and where to write them.
    assert "13 of the framework's standards still need evidence (12 of them required" in \
        proc.stderr
    assert "not yet verified by a framework reviewer" in proc.stderr
    assert "TRA-002 (Listing checked by a reviewer in the last 12 months) is a reviewer's to " \
           "record" in proc.stderr
    assert "  - LW-001 (required) Staff are paid at least the Real Living Wage: " \
           "pay.lowest_hourly_rate" in proc.stderr


def test_uncommenting_the_evidence_blocks_meets_the_provider_standards(capsys, site):
    assert call(capsys, site, *OPTIONS, "--yes").returncode == 0
    path = site / "content" / "providers" / f"{SLUG}.yaml"
    head, evidence = path.read_text().split("# ---- Evidence", 1)
    evidence = "# ---- Evidence" + evidence
    filled = []
    for line in evidence.splitlines():
        match = re.match(r"^# (\s*[a-z_]+:.*)$", line)
        filled.append(match.group(1) if match else line)
    text = head + "\n".join(filled).replace("YYYY-MM-DD", "2026-10-01").replace(
        '"1-000000000"', '"1-912345678"', 1).replace('"1-000000000"', '"1-912345679"')
    path.write_text(text)
    checked = Validator(site, date.fromisoformat(TODAY)).check_file(path)
    # Only the reviewer's verification (TRA-002) and the advisory wait (TRA-001) remain.
    assert sorted(f.rule for f in checked.findings) == ["TRA-001", "TRA-002"], \
        [f.text() for f in checked.findings]


def test_the_scaffold_has_no_option_that_writes_a_verification():
    options = scaffold.build_parser()._option_string_actions
    assert not [o for o in options if "verif" in o]
    assert "last_verified" not in (scaffold.build_parser().format_help())


ANSWERS = ["Tŷ Afon", "Cardiff", "12 River Street", "not a postcode", "CF10 1AA",
           "wal",  # Wales, by part of its name
           "51.48, -3.18",  # both numbers pasted from a map: no longitude question
           "029 2018 0123 ext 4", "", "www.ty-afon.example.org.uk",
           "Detox and rehab in Welsh and English.", "1, 2",
           "", "primary",  # Enter is not an answer to a question about the service
           "alcohol", "self", "local_authority, nhs", "women", "specialist", "none",
           "Y", "christian", "yes", "No", "n", "YES", "no", "no", "ty-afon-team",
           "6", "10", "1650-1900",  # detox: beds, wait, weekly cost
           "", "14", "£950 to £1,150"]  # rehab: beds later


def test_questions_in_the_terminal_with_mistakes_corrected(site):
    proc = run(site, stdin="\n".join(ANSWERS) + "\n")
    assert proc.returncode == 0, proc.stderr
    assert "'not a postcode' is not a UK postcode; write it like HU1 2AB" in proc.stderr
    assert "An answer is needed: nothing is assumed for you." in proc.stderr
    assert "Longitude" not in proc.stderr  # the pair gave it
    path = site / "content" / "providers" / "ty-afon-cardiff.yaml"
    checked = Validator(site, date.fromisoformat(TODAY)).check_file(path)
    listing = checked.listing
    assert listing is not None, [f.text() for f in checked.findings]
    assert listing.name == "Tŷ Afon" and listing.region.value == "wales"
    assert (listing.location.latitude, listing.location.longitude) == (51.48, -3.18)
    assert listing.phone == "029 2018 0123 ext. 4"
    assert listing.email is None and listing.website == "https://www.ty-afon.example.org.uk"
    assert [r.value for r in listing.referral_routes] == ["self_referral"]
    assert listing.eligibility.gender.value == "women_only"
    assert listing.mental_health.value == "specialist"
    assert listing.approach.twelve_step.value == "none"
    assert listing.approach.faith_based and listing.approach.faith.value == "christian"
    assert (listing.accessibility.wheelchair_access, listing.accessibility.step_free_rooms) == (
        True, False)
    assert (listing.eligibility.pregnancy, listing.eligibility.parents_with_children,
            listing.eligibility.couples, listing.eligibility.pets) == (False, True, False, False)
    detox, rehab = listing.services
    assert (detox.beds, detox.wait.days, detox.weekly_cost.min, detox.weekly_cost.max) == (
        6, 10, 1650, 1900)
    assert detox.wait.stated == date.fromisoformat(TODAY)  # the day the wait was given
    assert rehab.beds is None and rehab.wait.days == 14
    assert (rehab.weekly_cost.min, rehab.weekly_cost.max) == (950, 1150)
    assert [s.value for s in rehab.stages] == ["primary"]
    assert listing.maintainers == ["ty-afon-team"] and listing.last_verified is None


@pytest.mark.parametrize("text, expected", [
    ("yorkshire", "yorkshire-and-the-humber"), ("Yorkshire", "yorkshire-and-the-humber"),
    ("humber", "yorkshire-and-the-humber"), ("north west", "north-west"),
    ("west mid", "west-midlands"), ("scot", "scotland"), ("London", "london"),
    ("3", "yorkshire-and-the-humber"), ("Northern Ireland", "northern-ireland"),
])
def test_a_region_by_part_of_its_name(text, expected):
    assert scaffold.pick(Region, text) == expected


@pytest.mark.parametrize("text", ["east", "midlands", "north"])
def test_an_ambiguous_part_of_a_name_lists_what_it_could_be(text):
    with pytest.raises(scaffold.Invalid, match="could be any of: .*; give more of the name"):
        scaffold.pick(Region, text)


@pytest.mark.parametrize("text, expected", [
    ("53.74, -0.33", (53.74, -0.33)), ("53.74,-0.33", (53.74, -0.33)),
    ("53.74 -0.33", (53.74, -0.33)), ("(53.7446, -0.3352)", (53.7446, -0.3352)),
    ("-0.33, 53.74", (53.74, -0.33)),  # longitude first: put right
    ("53.74", 53.74), ("53.74−", None),
])
def test_a_position_as_a_map_gives_it(text, expected):
    if expected is None:
        with pytest.raises(scaffold.Invalid):
            scaffold.position(text)
    else:
        assert scaffold.position(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("y", True), ("Y", True), ("yes", True), ("YES", True), ("Yes", True), ("true", True),
    ("n", False), ("N", False), ("no", False), ("NO", False), ("No", False), ("false", False),
])
def test_yes_and_no_in_any_case(text, expected):
    assert scaffold.yes_no(text) is expected


def test_yes_no_refuses_anything_else():
    with pytest.raises(scaffold.Invalid, match="not yes or no"):
        scaffold.yes_no("maybe")


@pytest.mark.parametrize("text, expected", [
    ("www.example.org.uk", "https://www.example.org.uk"),
    ("example.org.uk/contact", "https://example.org.uk/contact"),
    ("https://www.example.org.uk/", "https://www.example.org.uk/"),
    ("http://www.example.org.uk/", "http://www.example.org.uk/"),  # kept: VAL-001 advises
])
def test_a_web_address_without_https(text, expected):
    assert scaffold.website(text) == expected


def test_with_yes_a_claim_not_given_is_a_todo_the_validator_names(capsys, site):
    options = list(OPTIONS)
    for claim in CLAIMS:
        at = options.index(claim)
        del options[at:at + 2]
    proc = call(capsys, site, *options, "--yes")
    assert proc.returncode == 1
    path = site / "content" / "providers" / f"{SLUG}.yaml"
    text = path.read_text()
    assert "mental_health: TODO  # TODO: none, supported or specialist" in text
    assert "  pregnancy: TODO  # TODO: true or false" in text
    assert "    stages: TODO  # TODO:" in text
    checked = Validator(site, date.fromisoformat(TODAY)).check_file(path)
    assert checked.listing is None
    todo = sorted(f.field for f in checked.findings)
    assert todo == sorted(["services[0].stages", "mental_health", "approach.twelve_step",
                           "approach.faith_based", "eligibility.gender", "eligibility.pregnancy",
                           "eligibility.parents_with_children", "eligibility.couples",
                           "eligibility.pets", "accessibility.wheelchair_access",
                           "accessibility.step_free_rooms"])
    for f in checked.findings:
        assert f.rule == "SCH-001" and f.message == f"'{f.field}' still says TODO: it needs " \
            "your answer", f.text()
    pets = next(f for f in checked.findings if f.field == "eligibility.pets")
    assert "write true or false" in pets.fix
    mental = next(f for f in checked.findings if f.field == "mental_health")
    assert "none, supported, specialist" in mental.fix.replace(" or ", ", ")
    assert "11 answer(s) about the service are still TODO" in proc.stderr
    assert "Nothing is assumed for you" in proc.stderr


def test_per_service_options(capsys, site):
    proc = call(capsys, site, *OPTIONS, "--beds", "residential_rehab=18", "--wait", "rehab=9",
                "--cost", "residential_rehab=950-1200", "--cost", "aftercare=0", "--yes")
    assert proc.returncode == 0, proc.stderr
    listing = Validator(site, date.fromisoformat(TODAY)).check_file(
        site / "content" / "providers" / f"{SLUG}.yaml").listing
    rehab, aftercare = listing.services
    assert (rehab.beds, rehab.wait.days, rehab.weekly_cost.min, rehab.weekly_cost.max) == (
        18, 9, 950, 1200)
    assert aftercare.weekly_cost.min == 0 and aftercare.wait is None
    bad = call(capsys, site, *OPTIONS, "--beds", "18", "--yes", "--force")
    assert bad.returncode == 2 and "--beds: say which service" in bad.stderr
    bad = call(capsys, site, *OPTIONS, "--wait", "aftercare=3", "--yes", "--force")
    assert bad.returncode == 2 and "--wait does not apply to aftercare" in bad.stderr


def test_options_fill_in_and_questions_ask_the_rest(capsys, site):
    given = OPTIONS[:OPTIONS.index("--maintainer")]
    proc = call(capsys, site, *given, "--slug", "gull-point",
                stdin="\n\n"  # no email, no website
                      "not a handle!\ngull-admin\n" + "\n" * 4)  # beds, wait, costs: later
    assert proc.returncode == 0, proc.stderr
    assert "is not a GitHub user name" in proc.stderr
    assert (site / "content" / "providers" / "gull-point.yaml").exists()


def test_running_out_of_answers_writes_nothing(capsys, site):
    proc = call(capsys, site, stdin="Gull Point\nScarborough\n")
    assert proc.returncode == 2
    assert "no usable answer for 'street'; nothing was written" in proc.stderr
    assert not (site / "content" / "providers").exists() or not any(
        (site / "content" / "providers").iterdir())


def test_enter_is_never_taken_as_no(capsys, site):
    """A question about the service asked five times with Enter: no answer, nothing written."""
    given = OPTIONS[:OPTIONS.index("--mental-health")]
    proc = call(capsys, site, *given, stdin="\n\n" + "\n" * 5)  # email, website skipped
    assert proc.returncode == 2
    assert proc.stderr.count("An answer is needed: nothing is assumed for you.") == 5
    assert "no usable answer for 'mental_health'" in proc.stderr


def test_usage_errors(capsys, site):
    missing = call(capsys, site, "--name", "Gull Point", "--yes")
    assert missing.returncode == 2
    assert "with --yes, these options are needed: --town --street" in missing.stderr
    bad = call(capsys, site, *OPTIONS, "--phone", "12345", "--yes")
    assert bad.returncode == 2
    assert "--phone: '12345' is not a valid UK phone number" in bad.stderr
    assert "Traceback" not in bad.stderr + missing.stderr


def test_an_existing_listing_is_not_overwritten(capsys, site):
    assert call(capsys, site, *OPTIONS, "--yes").returncode == 0
    again = call(capsys, site, *OPTIONS, "--yes")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert call(capsys, site, *OPTIONS, "--yes", "--force").returncode == 0


def test_force_replaces_the_listing_in_one_step(capsys, site):
    # A reader (an editor, a build) that has the old listing open reads all of the old one:
    # the new file is renamed over it, never written into it.
    assert call(capsys, site, *OPTIONS, "--yes").returncode == 0
    path = site / "content" / "providers" / f"{SLUG}.yaml"
    kept = path.read_text(encoding="utf-8") + "# a note kept by hand\n"
    path.write_text(kept, encoding="utf-8")
    with path.open(encoding="utf-8") as open_before:
        assert call(capsys, site, *OPTIONS, "--yes", "--force").returncode == 0
        assert open_before.read() == kept
    assert "# a note kept by hand" not in path.read_text(encoding="utf-8")
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_slugs():
    assert scaffold.slugify("Tŷ Afon", "Cardiff") == "ty-afon-cardiff"
    assert scaffold.slugify("Leeds Recovery House", "Leeds") == "leeds-recovery-house"
    assert scaffold.slugify("St. Mary's -- Lodge", "Hull") == "st-mary-s-lodge-hull"


def test_the_wording_takes_its_figures_from_the_standards(capsys, site):
    """The template names no threshold of its own: change standards/ and a new listing says
    the new figures (how recent evidence must be, how often it is renewed, the pay)."""
    standards = site / "standards" / "standards.yaml"
    text = standards.read_text()
    for old, new in (("  - id: DIG-002", "{within_months: 36}"),
                     ("  - id: LEX-001", "{within_months: 6}"),
                     ("  - id: TRA-001", "{within_days: 14}")):
        head, tail = text.split(old, 1)
        tail = re.sub(r"\{within_(months|days): \d+\}", new, tail, count=1)
        text = head + old + tail
    standards.write_text(text)
    wage = site / "standards" / "living_wage.yaml"
    wage.write_text(wage.read_text().replace("uk: 13.45", "uk: 13.95"))
    call(capsys, site, *OPTIONS, "--yes", "--beds", "residential_rehab=18")
    written = (site / "content" / "providers" / f"{SLUG}.yaml").read_text()
    assert "# DIG-002: published, reviewed in the last 3 years" in written
    assert "feedback from residents, at least every 6 months" in written
    assert "    # update it every 14 days." in written
    assert "#   lowest_hourly_rate: 13.95 " in written
    assert "within 2 years" in written  # the training standards, unchanged


def test_a_london_listing_is_shown_the_london_rate(capsys, site):
    options = [*OPTIONS]
    options[options.index("--region") + 1] = "london"
    assert call(capsys, site, *options, "--latitude", "51.5", "--longitude", "-0.1",
                "--yes").returncode == 0
    written = (site / "content" / "providers" / f"{SLUG}.yaml").read_text()
    assert "#   lowest_hourly_rate: 14.80 " in written


def test_broken_standards_write_nothing(capsys, site):
    """The listing's words come from standards/: when it is broken, no half-made file."""
    (site / "standards" / "standards.yaml").write_text("standards: [\n")
    proc = call(capsys, site, *OPTIONS, "--yes")
    assert proc.returncode == 1
    assert "standards.yaml" in proc.stderr and "nothing was written" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (site / "content" / "providers" / f"{SLUG}.yaml").exists()
