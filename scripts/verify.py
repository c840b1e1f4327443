#!/usr/bin/env python3
"""Record a framework reviewer's verification of a listing, as a commit of its own:
python scripts/verify.py SLUG --by HANDLE [--on YYYY-MM-DD] (see --help and REVIEWING.md)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rehab_directory.verify import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
