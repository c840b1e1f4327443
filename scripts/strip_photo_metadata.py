#!/usr/bin/env python3
"""Remove GPS and other personal metadata from photos: scripts/strip_photo_metadata.py PATH..."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rehab_directory.validator.photos import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
