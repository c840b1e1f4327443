"""``Checked``: a listing file and all that the validator found in it, the record the site
build, the open data, the review report and the forms read listings through."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from rehab_directory.core.findings import Finding, failing
from rehab_directory.core.model import Listing
from rehab_directory.core.yamlio import Marks
from rehab_directory.framework.evaluation import Evaluation


@dataclass
class Checked:
    """A listing file and all that the validator found in it."""

    path: Path
    display: str
    listing: Listing | None = None
    marks: Marks | None = None
    evaluation: Evaluation | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def publishable(self) -> bool:
        return self.listing is not None and not failing(self.findings)


def display_path(path: Path) -> str:
    """The path as a person at the terminal would type it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel
