"""The Pelican generator that writes the directory.

``build.py`` validates every listing first and passes the publishable ones to Pelican in the
settings (``DIRECTORY_CHECKED``, ``DIRECTORY_FRAMEWORK``, ``DIRECTORY_TODAY``,
``DIRECTORY_ROOT``). When Pelican is run on its own (``pelican -s pelicanconf.py``), the
generator validates the listings itself with the same ``Validator`` and refuses to go on if
any listing fails a required standard.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from pelican.generators import Generator

from ..findings import failing, render
from ..validate import Checked, Validator
from .pages import SiteWriter

logger = logging.getLogger(__name__)


class ListingsRefused(Exception):
    """Some listing fails a required standard or cannot be read."""


def collect(root: Path, today: date | None) -> tuple[Validator, list[Checked]]:
    validator = Validator(root, today)
    checked = validator.check_files(validator.listing_files())
    return validator, checked


class DirectoryGenerator(Generator):
    """Writes every page of the directory from the validated listings."""

    def generate_context(self) -> None:
        settings = self.settings
        root = Path(settings.get("DIRECTORY_ROOT") or Path(self.path).parent)
        self.root = root
        checked = settings.get("DIRECTORY_CHECKED")
        framework = settings.get("DIRECTORY_FRAMEWORK")
        today = settings.get("DIRECTORY_TODAY")
        if checked is None:
            validator, checked = collect(root, today)
            framework, today = validator.framework, validator.context.today
            bad = [f for c in checked for f in failing(c.findings)]
            if bad:
                print(render(bad, "text"))
                raise ListingsRefused(f"{len(bad)} error(s) in the listings: nothing published")
        self.writer = SiteWriter(settings, list(checked), framework, today, root,
                                 Path(self.theme))
        self.context["directory_listings"] = [c.listing for c in self.writer.checked]

    def generate_output(self, writer) -> None:  # noqa: ARG002 - Pelican's writer is unused
        self.writer.write_all(Path(self.output_path))
