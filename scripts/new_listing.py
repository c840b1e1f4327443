#!/usr/bin/env python3
"""Start a new listing: python scripts/new_listing.py (asks in the terminal; see --help)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rehab_directory.scaffold.command import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
