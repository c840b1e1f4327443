"""``python -m tools.bench``: the benchmark (see command.py)."""

import sys

from .command import main

sys.exit(main())
