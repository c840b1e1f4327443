"""Checking many files: dropping YAML positions after the checks, or checking in forked
workers, loses and changes nothing."""

from __future__ import annotations

from rehab_directory.validator.engine import Validator


def _facts(checked):
    return [(c.path, c.display, c.listing, c.findings, c.publishable,
             [(r.standard.id, r.status) for r in c.evaluation.results] if c.evaluation else None)
            for c in checked]


def test_dropping_marks_keeps_every_finding(root, today, tmp_path):
    """``keep_marks = False`` (what the build uses) gives the same findings, including the
    duplicate-slug one that is made after all the files are read."""
    source = root / "content" / "providers" / "beacon-lodge-leeds.yaml"
    paths = [tmp_path / "a.yaml", tmp_path / "b.yaml"]
    for path in paths:
        path.write_bytes(source.read_bytes())
    keeping = Validator(root, today)
    expected = _facts(keeping.check_listings(paths))
    assert any(f.rule == "FILE-002" for f in expected[0][3])
    dropping = Validator(root, today)
    dropping.keep_marks = False
    checked = dropping.check_listings(paths)
    assert _facts(checked) == expected
    assert all(c.marks is None for c in checked)


def test_checking_in_forked_workers_gives_what_one_process_gives(root, today):
    """Many files are checked by forked workers: every listing, finding (with its line and
    column), evaluation and duplicate slug is as a single process makes it."""
    fixtures = root / "tests" / "validator" / "fixtures"
    paths = [*Validator(root, today).listing_files(), *sorted(fixtures.rglob("*.yaml"))]
    assert len(paths) > 90
    one = Validator(root, today)
    one.parallel_from = len(paths) + 1
    expected = _facts(one.check_listings(paths))
    assert any(findings for _, _, _, findings, _, _ in expected)
    forked = Validator(root, today)
    forked.parallel_from = 1
    assert _facts(forked.check_listings(paths)) == expected
