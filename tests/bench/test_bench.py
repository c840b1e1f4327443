"""The benchmark (python -m tools.bench) runs end to end in its quickest mode (no timing
assertions: the figures are the benchmark's business, not the tests')."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tools.bench import readme as bench

ROOT = Path(__file__).resolve().parents[2]


def test_bench_runs_end_to_end_and_writes_its_tables(tmp_path):
    out = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, "-m", "tools.bench", "--sizes", "20", "--runs", "1",
         "--no-browser", "--out", str(out)],
        capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads((out / "results.json").read_text())
    size = report["sizes"]["20"]
    assert size["listings"] == 20
    assert report["machine"]["cores"] >= 1
    # The in-process stages always run, on the generated listings, and every one is valid.
    for name in ("floor_yaml_c_loader", "floor_bare_jinja2", "validate_all_in_process",
                 "validate_all_cli", "validate_one_cli"):
        assert size[name]["seconds"] > 0, (name, size[name])
        assert len(size[name]["samples"]) == 1
    assert size["validate_all_in_process"]["publishable"] == 20
    if importlib.util.find_spec("rehab_directory.build"):
        assert size["build_cold"]["seconds"] > 0, size["build_cold"]
        assert size["rebuild_one_changed"]["seconds"] > 0, size["rebuild_one_changed"]
        # make serve: a saved listing and a saved page, each seen on the served page.
        assert size["preview"]["seconds"] > 0 and size["preview"]["page_seconds"] > 0, \
            size["preview"]
        # Peak memory comes from a run of its own, after the timed (unsampled) ones.
        assert size["build_cold"]["peak_tree_mb"] > 10
        assert size["build_cold"]["memory_run_seconds"] > 0
        assert "peak_tree_mb" not in size["validate_one_cli"]
        # Stock Pelican, the reference of the "3x faster" target, over the same listings
        # (`make test` installs the Python-Markdown it needs into .bench-deps/).
        pelican = size["pelican_stock"]
        assert pelican.get("status") != "not available", pelican
        assert pelican["seconds"] > 0 and pelican["pages"] == 20  # every article written
        assert size["sizes"]["provider"]["pages"] == 20
        assert size["sizes"]["search"]["first_tier_gzip"] > 0
    else:
        assert size["build_cold"]["status"] == "not available"
    assert size["browser"] == {"status": "not available", "reason": "--no-browser"}
    table = (out / "results.md").read_text()
    assert "| Measure | 20 listings |" in table
    assert "| Validate one changed listing (command line, wall) |" in table
    assert "| Reference: stock Pelican, the same listings as Markdown articles (wall) |" in table
    assert "| Target | Listings | Measured | Status |" in table
    assert table.split("\n", 2)[2] in proc.stdout  # the same table is printed
    targets = {t["target"]: t for t in report["targets"]}
    assert targets["Peak memory under 500 MB"]["status"] == "not measured"  # no 10,000 here

    # --render redraws the same tables from the JSON without measuring anything.
    again = tmp_path / "again"
    proc = subprocess.run(
        [sys.executable, "-m", "tools.bench", "--render",
         str(out / "results.json"), "--out", str(again)],
        capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert (again / "results.md").read_text() == table


def test_only_preview_runs_that_stage_alone_and_judges_its_target(tmp_path):
    out = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, "-m", "tools.bench", "--sizes", "20", "--runs", "1", "--only",
         "preview", "--out", str(out), "--keep"],
        capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    size = json.loads((out / "results.json").read_text())["sizes"]["20"]
    assert "build_cold" not in size and "validate_all_cli" not in size
    preview = size["preview"]
    assert len(preview["samples"]) == 1 and len(preview["page_samples"]) == 1, preview
    assert preview["seconds"] > 0 and preview["page_seconds"] > 0
    table = (out / "results.md").read_text()
    assert "| Preview (make serve): a saved listing shown on its served page |" in table
    # Its target is judged at 1,000 listings only: not measured at 20.
    assert "| Preview shows a saved change: under 2 s | 1000 | n/a | not measured |" in table
    # The stage stopped the preview it started (and any build it forked): no process
    # works in the bench's folder any more.
    base = re.search(r"^kept (.+)$", proc.stderr, re.M).group(1)
    try:
        assert base not in subprocess.run(["ps", "-eo", "args"], capture_output=True,
                                          text=True).stdout
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_update_readme_replaces_only_the_marked_section(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n## Benchmark\n\n{bench.README_START}\nold table\n"
                      f"{bench.README_END}\n\nAfter.\n")
    bench.update_readme(readme, "| new | table |\n")
    assert readme.read_text() == (f"# Title\n\n## Benchmark\n\n{bench.README_START}\n"
                                  f"| new | table |\n{bench.README_END}\n\nAfter.\n")
    plain = tmp_path / "PLAIN.md"
    plain.write_text("no markers\n")
    bench.update_readme(plain, "| x |\n")
    assert plain.read_text() == "no markers\n"


def test_the_readme_has_the_markers_the_benchmark_writes_between():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count(bench.README_START) == 1 and text.count(bench.README_END) == 1
    assert text.index(bench.README_START) < text.index(bench.README_END)
