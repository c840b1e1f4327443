#!/usr/bin/env python3
"""Apply a submitted GitHub issue form to the listing it names (see --help).

    python scripts/update_from_form.py BODY_FILE --author HANDLE [--issue N] [--output-dir DIR]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rehab_directory.forms.command import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
