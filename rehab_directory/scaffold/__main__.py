"""``python -m rehab_directory.scaffold``: start a new listing (see command.py)."""

import sys

from .command import main

sys.exit(main())
