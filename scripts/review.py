#!/usr/bin/env python3
"""Review a pull request's listings against the standards: python scripts/review.py --base REF
(or --all for what needs re-verification; see --help and REVIEWING.md)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rehab_directory.review import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
