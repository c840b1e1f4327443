"""Dropping YAML positions after the checks (as the build does) loses no finding."""

from __future__ import annotations

from rehab_directory.validate import Validator


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
    expected = _facts(keeping.check_files(paths))
    assert any(f.rule == "FILE-002" for f in expected[0][3])
    dropping = Validator(root, today)
    dropping.keep_marks = False
    checked = dropping.check_files(paths)
    assert _facts(checked) == expected
    assert all(c.marks is None for c in checked)
