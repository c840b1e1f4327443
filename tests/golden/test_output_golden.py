"""A refactor leaves the built site byte for byte as it was (see golden.py)."""

from __future__ import annotations

from golden import GOLDEN, manifest, read


def test_the_built_site_is_byte_identical_to_the_approved_one(tmp_path):
    approved = read()
    built = manifest(tmp_path)
    assert len(built) > 1000  # both builds wrote their pages
    missing = sorted(approved.keys() - built.keys())
    added = sorted(built.keys() - approved.keys())
    changed = sorted(k for k in approved.keys() & built.keys() if approved[k] != built[k])
    report = "\n".join(
        [f"missing: {k}" for k in missing[:20]] + [f"added: {k}" for k in added[:20]]
        + [f"changed: {k}" for k in changed[:40]])
    assert not (missing or added or changed), (
        f"{len(missing)} missing, {len(added)} added, {len(changed)} changed against "
        f"{GOLDEN.name}:\n{report}\nIf the change is meant, rewrite the list: "
        ".venv/bin/python tests/golden/golden.py")
