"""How a command was called, so that its usage line and ``--help`` name it the same way.

argparse names a program after ``sys.argv[0]``'s file name, which is wrong for
``python -m rehab_directory.scaffold`` ("__main__.py") and hides the module for
``python -m rehab_directory.build`` ("build.py"). ``program_name`` says it as it was typed:

- ``python -m rehab_directory.build`` when run as a module of this project;
- ``validate.py`` when run as a script from ``scripts/``;
- ``rehab-build`` when run as the console command that ``[project.scripts]`` installs;
- otherwise (called from Python, e.g. by a test) the command's usual name, ``default``.
"""

from __future__ import annotations

import sys
from importlib.metadata import entry_points
from pathlib import Path

# The top-level packages whose modules are commands run with ``python -m``.
PACKAGES = ("rehab_directory", "tools")
SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def program_name(default: str) -> str:
    """The command's name as it was called (see the module's docstring)."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name:
        module = spec.name.removesuffix(".__main__")
        return f"python -m {module}" if module.split(".")[0] in PACKAGES else default
    called = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if called is None:
        return default
    if called.suffix == ".py" and called.resolve().parent == SCRIPTS:
        return called.name
    ours = {ep.name for ep in entry_points(group="console_scripts")
            if ep.value.split(".")[0] in PACKAGES}
    return called.name if called.name in ours else default
