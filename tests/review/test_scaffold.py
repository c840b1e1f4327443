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
from rehab_directory.findings import Severity
from rehab_directory.model import Listing
from rehab_directory.validate import Validator

OPTIONS = ["--name", 'Gull Point: "The # House"', "--town", "Scarborough", "--street",
           "3 Marine Drive", "--postcode", "yo11 1aa", "--region", "yorkshire-and-the-humber",
           "--latitude", "54.28", "--longitude", "-0.39", "--phone", "0113 496 0123",
           "--summary", "Residential rehab by the sea: 12 weeks, single rooms.",
           "--service", "residential_rehab, 4", "--substance", "alcohol,cocaine",
           "--funding", "self_funded", "--maintainer", "gull-admin"]
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
    for name in Listing.model_fields:  # every field is there, written or commented
        assert re.search(rf"^(# )?{name}:", text, re.M), name
    checked = Validator(site, date.fromisoformat(TODAY)).check_file(path)
    listing = checked.listing
    assert listing is not None, checked.findings
    assert listing.name == 'Gull Point: "The # House"'  # quoted safely, read back exactly
    assert listing.address.postcode == "YO11 1AA" and listing.phone == "0113 496 0123"
    assert [s.type.value for s in listing.services] == ["residential_rehab", "aftercare"]
    # The only errors are the standards still waiting for evidence...
    errors = {f.rule for f in checked.findings if f.severity is Severity.ERROR}
    assert errors == {r.standard.id for r in checked.evaluation.results if r.blocks}
    assert len(errors) == 12
    # ...and the scaffold says which, and where to write them.
    assert "13 of the framework's standards still need evidence (12 of them required" in \
        proc.stderr
    assert "  - LW-001 (required) Staff are paid at least the Real Living Wage: " \
           "pay.lowest_hourly_rate" in proc.stderr


def test_uncommenting_the_evidence_blocks_meets_the_required_standards(capsys, site):
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
    assert checked.publishable, [f.text() for f in checked.findings]
    assert [f.rule for f in checked.findings] == ["TRA-001"]  # advisory: no wait given yet


def test_questions_in_the_terminal_with_a_mistake_corrected(site):
    answers = ["Tŷ Afon", "Cardiff", "12 River Street", "not a postcode", "CF10 1AA",
               "10",  # Wales, by number
               "51.48", "-3.18", "029 2018 0123", "", "https://www.ty-afon.example.org.uk/",
               "Detox and rehab in Welsh and English.", "1, 2", "alcohol", "",
               "local_authority, nhs", "women_only", "specialist", "", "ty-afon-team"]
    proc = run(site, stdin="\n".join(answers) + "\n")
    assert proc.returncode == 0, proc.stderr
    assert "'not a postcode' is not a UK postcode; write it like HU1 2AB" in proc.stderr
    path = site / "content" / "providers" / "ty-afon-cardiff.yaml"
    listing = Validator(site, date.fromisoformat(TODAY)).check_file(path).listing
    assert listing.name == "Tŷ Afon" and listing.region.value == "wales"
    assert listing.email is None and listing.website == "https://www.ty-afon.example.org.uk/"
    assert [r.value for r in listing.referral_routes] == ["self_referral"]  # the default
    assert listing.eligibility.gender.value == "women_only"
    assert listing.mental_health.value == "specialist"
    assert listing.approach.twelve_step.value == "none"
    assert listing.maintainers == ["ty-afon-team"]


def test_options_fill_in_and_questions_ask_the_rest(capsys, site):
    given = OPTIONS[:OPTIONS.index("--maintainer")]
    proc = call(capsys, site, *given, "--slug", "gull-point",
                stdin="\n" * 6 + "not a handle!\ngull-admin\n")
    assert proc.returncode == 0, proc.stderr
    assert "is not a GitHub user name" in proc.stderr
    assert (site / "content" / "providers" / "gull-point.yaml").exists()


def test_running_out_of_answers_writes_nothing(capsys, site):
    proc = call(capsys, site, stdin="Gull Point\nScarborough\n")
    assert proc.returncode == 2
    assert "no usable answer for 'street'; nothing was written" in proc.stderr
    assert not (site / "content" / "providers").exists() or not any(
        (site / "content" / "providers").iterdir())


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


def test_slugs():
    assert scaffold.slugify("Tŷ Afon", "Cardiff") == "ty-afon-cardiff"
    assert scaffold.slugify("Leeds Recovery House", "Leeds") == "leeds-recovery-house"
    assert scaffold.slugify("St. Mary's -- Lodge", "Hull") == "st-mary-s-lodge-hull"
