"""``python -m tools.bench``: measure every size, judge the targets, write the tables."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rehab_directory.support.program import program_name

from .measuring import machine
from .one_size import bench_size
from .readme import update_readme
from .settings import GZIP_LEVEL, REFERENCE, ROOT, SEED, TODAY
from .table import markdown
from .targets import targets


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog=program_name("python -m tools.bench"),
        description="Benchmark: how the directory copes with 100, 1,000 and 10,000 listings "
                    "(what it measures: benchmarks/README.md).")
    parser.add_argument("--sizes", default="100,1000,10000",
                        help="listing counts, comma-separated (default 100,1000,10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--large-runs", type=int, default=None, metavar="N",
                        help="runs per measure at 10,000 listings or more (default: --runs)")
    parser.add_argument("--quick", action="store_true",
                        help="sizes 100 and 1,000, 2 runs, for trying it out")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium stage")
    parser.add_argument("--only", choices=["preview"],
                        help="run only this stage at each size (preview: make serve, from a "
                             "saved file to the served page showing it)")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the validator (cProfile) at each size")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks",
                        help="folder for results.md and results.json (default benchmarks/)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--render", type=Path, metavar="RESULTS_JSON",
                        help="measure nothing: redraw the tables from an earlier results.json")
    parser.add_argument("--update-readme", action="store_true",
                        help="also put the table into README.md's Benchmark section")
    args = parser.parse_args(argv)
    if args.render:
        report = json.loads(args.render.read_text(encoding="utf-8"))
        return publish(report, args)
    if args.quick:
        args.sizes, args.runs = "100,1000", min(args.runs, 2)
    sizes = [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s]
    report: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "argv": " ".join(argv),
        "machine": machine(),
        "runs": args.runs,
        "large_runs": args.large_runs or args.runs,
        "today": TODAY.isoformat(),
        "seed": SEED,
        "gzip_level": GZIP_LEVEL,
        "reference": REFERENCE,
        "sizes": {},
    }
    base = Path(tempfile.mkdtemp(prefix="rehab-bench-"))
    try:
        for n in sizes:
            runs = args.large_runs if n >= 10_000 and args.large_runs else args.runs
            report["sizes"][str(n)] = bench_size(n, runs, base, not args.no_browser,
                                                 args.profile, args.only)
            report["sizes"][str(n)]["runs"] = runs
    finally:
        if args.keep:
            print(f"kept {base}", file=sys.stderr)
        else:
            shutil.rmtree(base, ignore_errors=True)
    report["finished"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return publish(report, args)


def publish(report: dict, args: argparse.Namespace) -> int:
    """Judge the targets, write results.md and results.json, print the table."""
    report["targets"] = targets(report)
    table = markdown(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(report, indent=1) + "\n",
                                           encoding="utf-8")
    (args.out / "results.md").write_text("# Benchmark results\n\n" + table, encoding="utf-8")
    if args.update_readme:
        update_readme(ROOT / "README.md", table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
