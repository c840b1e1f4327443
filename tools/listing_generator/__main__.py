"""``python -m tools.listing_generator``: write generated listings (see command.py)."""

import sys

from .command import main

sys.exit(main())
