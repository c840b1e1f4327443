"""``python -m tools.listing_generator FOLDER N [--seed S] [--today YYYY-MM-DD]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rehab_directory.support.clock import date_argument
from rehab_directory.support.program import program_name

from .writing import write_listings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=program_name("python -m tools.listing_generator"),
        description="Write N realistic, valid, fictional listings into FOLDER, for the "
                    "benchmark and for tests at scale. The same seed and day give the same "
                    "files, byte for byte.")
    parser.add_argument("folder", type=Path, help="where to write <slug>.yaml files")
    parser.add_argument("n", type=int, help="how many listings")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    parser.add_argument("--today", type=date_argument, metavar="YYYY-MM-DD",
                        help="the day every listing is recent on (default: today in the UK)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be 0 or more")
    try:
        paths = write_listings(args.folder, args.n, args.seed, args.today)
    except OSError as exc:
        print(f"cannot write to {args.folder}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {len(paths)} listings to {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
