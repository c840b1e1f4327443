"""The benchmark's generated listings are valid, varied, fictional and reproducible."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from rehab_directory.core.findings import Severity
from rehab_directory.framework.standards import Framework
from rehab_directory.validator.engine import Validator
from tools.listing_generator import listing, services, write_listings

DRAMA_PHONE = re.compile(r"^(01(13|14|16|17|18|21|31|51|61) 496 0|020 7946 0|0191 498 0|"
                         r"029 2018 0|0808 157 0)\d{3}$")


def _site(tmp_path: Path, root: Path, n: int, seed: int, today) -> list[Path]:
    (tmp_path / "standards").symlink_to(root / "standards")
    return write_listings(tmp_path / "content" / "providers", n, seed, today)


def test_generated_listings_are_all_valid_and_publishable(tmp_path, root, today):
    paths = _site(tmp_path, root, 50, 7, today)
    assert len(paths) == 50
    checked = Validator(tmp_path, today).check_listings(paths)
    problems = [f.text() for c in checked for f in c.findings]
    assert problems == []
    assert all(c.publishable and c.evaluation.publishable for c in checked)
    assert all(r.met for c in checked for r in c.evaluation.results)


def test_generated_listings_are_varied_and_fictional(tmp_path, root, today):
    paths = _site(tmp_path, root, 200, 3, today)
    listings = [c.listing for c in Validator(tmp_path, today).check_listings(paths)]
    assert len({x.slug for x in listings}) == 200
    assert len({x.region for x in listings}) >= 10
    assert len({tuple(x.service_types) for x in listings}) >= 6
    assert len({x.eligibility.gender for x in listings}) == 3
    assert len({x.regulation.rating for x in listings}) >= 3
    lengths = [len(x.description) for x in listings]
    assert min(lengths) >= 250 and max(lengths) <= 1600
    assert max(lengths) - min(lengths) > 600
    assert Counter(x.approach.faith_based for x in listings)[True] > 0
    for x in listings:
        assert DRAMA_PHONE.match(x.phone), x.phone
        for url in (x.website, x.email, x.organisation and x.organisation.website):
            if url:
                assert re.search(r"\.example\.(org\.uk|com)/?", url + "/"), url
        if x.regulation.regulator == "cqc":
            assert x.regulation.provider_id.startswith("1-9")


def test_same_seed_same_files_other_seed_other_files(tmp_path, today):
    a = write_listings(tmp_path / "a", 20, 5, today)
    b = write_listings(tmp_path / "b", 20, 5, today)
    c = write_listings(tmp_path / "c", 20, 6, today)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert [p.read_bytes() for p in a] != [p.read_bytes() for p in c]


def test_a_later_day_still_validates(tmp_path, root, today):
    """Dates are relative to the day given, so the benchmark works on any date."""
    from datetime import date

    later = date(2031, 2, 28)
    paths = _site(tmp_path, root, 20, 1, later)
    checked = Validator(tmp_path, later).check_listings(paths)
    assert [f for c in checked for f in c.findings if f.severity is Severity.ERROR] == []


def test_every_value_of_the_vocabularies_is_generated(tmp_path, today):
    """The generator's choices are the model's vocabularies, not copies: each value turns up
    (Inadequate excepted: no generated listing fails a standard)."""
    import yaml

    from rehab_directory.core.vocab import (
        Faith,
        Funding,
        Gender,
        MentalHealthSupport,
        Method,
        Rating,
        ReferralRoute,
        Region,
        RehabStage,
        ServiceType,
        Substance,
        TwelveStep,
    )

    data = [yaml.safe_load(p.read_text()) for p in write_listings(tmp_path, 1000, 7, today)]
    seen = {
        Substance: {s for d in data for s in d["substances"]},
        Method: {m for d in data for m in d["approach"]["methods"]},
        Faith: {d["approach"].get("faith") for d in data} - {None},
        ReferralRoute: {r for d in data for r in d["referral_routes"]},
        Funding: {f for d in data for f in d["funding"]},
        ServiceType: {s["type"] for d in data for s in d["services"]},
        RehabStage: {st for d in data for s in d["services"] for st in s.get("stages", [])},
        Gender: {d["eligibility"]["gender"] for d in data},
        MentalHealthSupport: {d["mental_health"] for d in data},
        TwelveStep: {d["approach"]["twelve_step"] for d in data},
        Region: {d["region"] for d in data},
        Rating: {d["regulation"]["rating"] for d in data} | {Rating.INADEQUATE.value},
    }
    for vocab, values in seen.items():
        assert values == set(vocab.codes()), (vocab.__name__, set(vocab.codes()) - values)


def test_the_command_says_how_to_use_it_and_refuses_what_it_does_not_know(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]

    def run(*args):
        return subprocess.run([sys.executable, "-m", "tools.listing_generator", *args],
                              cwd=root, capture_output=True, text=True, timeout=60)

    usage = run("--help")
    assert usage.returncode == 0 and usage.stdout.startswith("usage: "), usage
    assert "FOLDER" in usage.stdout.upper() and "--seed" in usage.stdout
    unknown = run("--no-such-option")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr, unknown.stderr
    made = run(str(tmp_path / "out"), "3", "--seed", "2", "--today", "2026-11-23")
    assert made.returncode == 0 and len(list((tmp_path / "out").glob("*.yaml"))) == 3


def test_the_oldest_evidence_made_stays_inside_every_standards_limit(root):
    # The generator's fixed figures (days ago at most) against what standards/ allows, on
    # every day of a leap-year cycle: evidence that old must still count.
    framework = Framework.load(root / "standards")
    oldest = {24: listing.WITHIN_24_MONTHS, 12: listing.WITHIN_12_MONTHS}
    ageing = [s for s in framework.standards.values() if "within_months" in s.params]
    assert ageing, "no standard's evidence is dated in months"
    for std in ageing:
        months = std.params["within_months"]
        assert months in oldest, f"{std.id}: the generator makes no evidence for {months} months"
        for today in (date(2027, 1, 1) + timedelta(days=d) for d in range(4 * 366)):
            assert not std.too_old(today - timedelta(days=oldest[months]), today), std.id
    tra = framework.standards["TRA-001"]
    for today in (date(2027, 1, 1) + timedelta(days=d) for d in range(366)):
        within = services.wait_stated_within(today)
        assert within > 0 and not tra.too_old(today - timedelta(days=within), today)
