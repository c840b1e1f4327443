"""The Pelican generator that writes the directory.

``build.py`` passes its ``Validator`` (``DIRECTORY_VALIDATOR``), the repository
(``DIRECTORY_ROOT``) and the cache folders in the settings, and an empty dict
(``DIRECTORY_REPORT``) in which the generator leaves every listing's ``Piece``. When Pelican
is run on its own (``pelican -s pelicanconf.py``), the generator makes its own ``Validator``
and logs a warning for each listing it withholds (fatal under ``--fatal warnings``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from ..validator.engine import Validator
from .pages import SiteWriter
from .withheld import summary_lines

logger = logging.getLogger(__name__)

__all__ = ["DirectoryGenerator"]


class DirectoryGenerator(Generator):
    """Writes every page of the directory from the listings."""

    def generate_context(self) -> None:
        settings = self.settings
        self.root = Path(settings.get("DIRECTORY_ROOT") or Path(self.path).parent)
        self.validator = settings.get("DIRECTORY_VALIDATOR") or Validator(self.root)

    def generate_output(self, writer) -> None:  # noqa: ARG002 - Pelican's writer is unused
        report = self.settings.get("DIRECTORY_REPORT")
        site = SiteWriter(self.settings, self.validator, self.root, Path(self.theme),
                          Path(self.output_path))
        pieces = site.write_all()
        if report is not None:
            report["pieces"] = pieces
        else:  # run by Pelican itself: say what was withheld
            for line in summary_lines([p.withheld for p in pieces if p.withheld]):
                logger.warning(line.strip())
