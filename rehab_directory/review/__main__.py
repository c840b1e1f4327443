"""``python -m rehab_directory.review``: the review report's command line (see command.py)."""

import sys

from .command import main

sys.exit(main())
