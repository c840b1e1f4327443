#!/usr/bin/env python3
"""Check provider listings: python scripts/validate.py [PATH ...] (see --help)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rehab_directory.validate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
