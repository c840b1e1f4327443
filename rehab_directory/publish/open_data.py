"""The open-data files, written under ``data/`` of the built site:

- ``providers.json``: the whole directory (``providers_json``);
- ``providers.csv``: one row per provider (``providers_csv``);
- ``hsds/services.json`` and ``hsds/taxonomy.json``: Open Referral HSDS 3.0 (``hsds``).

The output depends only on the listings, their evaluations and the site's address: two
builds of the same data give the same bytes. The site build makes each listing's fragments
(``export_fragments``) where it reads the listing, joins those of consecutive listings
(``join_fragments``) and hands the parts, in slug order, to an ``ExportWriter``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rehab_directory.validator.checked import Checked

from .hsds import hsds_services, taxonomy_document
from .jsontext import json_file, json_text
from .providers_csv import CSV_COLUMNS, csv_row, csv_text
from .providers_json import providers_head, providers_item, standards_summary


@dataclass(frozen=True, slots=True)
class OpenData:
    """One listing's text in each open-data file, or that of consecutive listings joined
    (``join_fragments``): plain strings, cheap to pickle between the build's processes."""

    providers_json: str  # providers.json items, comma-joined
    providers_csv: str  # providers.csv rows
    hsds_services: str  # HSDS services, comma-joined ("" when there are none)


def export_fragments(c: Checked, site_url: str, today: date | None = None) -> OpenData:
    """One listing's providers.json item, CSV row and HSDS services; ``today``: the build's
    day, against which a paused listing's reopening day is judged (``wording``)."""
    summary = standards_summary(c)
    return OpenData(
        providers_json=json_text(providers_item(c, site_url, summary, today)),
        providers_csv=csv_text([csv_row(c, site_url, summary)]),
        hsds_services=",".join(json_text(s) for s in hsds_services(c.listing, site_url, today)),
    )


def join_fragments(fragments: Iterable[OpenData]) -> OpenData:
    """Consecutive listings' fragments as one part (see ``ExportWriter``)."""
    fragments = list(fragments)
    return OpenData(
        providers_json=",".join(f.providers_json for f in fragments),
        providers_csv="".join(f.providers_csv for f in fragments),
        hsds_services=",".join(f.hsds_services for f in fragments if f.hsds_services),
    )


class ExportWriter:
    """The open-data files under ``data/``, written a part at a time (``add``:
    ``join_fragments`` of consecutive listings, in slug order) and completed by ``finish``.

    The site build adds each slice's part as soon as its worker hands it back, while the
    workers go on with the rest. providers.json starts with a head that counts the listings
    and lists the standards, known only at the end, so its items go to a scratch file
    beside it that ``finish`` copies in after the head."""

    def __init__(self, out: Path):
        self.data = out / "data"
        (self.data / "hsds").mkdir(parents=True, exist_ok=True)
        self._scratch = self.data / ".providers-items.part"
        self._files: list[Any] = []
        self._items = self._open(self._scratch)
        self._table = self._open(self.data / "providers.csv")
        self._services = self._open(self.data / "hsds" / "services.json")
        self._table.write(csv_text([CSV_COLUMNS]))
        self._services.write("[")
        self._first_item = self._first_service = True

    def _open(self, path: Path) -> Any:
        handle = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - kept open
        self._files.append(handle)
        return handle

    def add(self, part: OpenData) -> None:
        if part.providers_json:
            self._items.write(("" if self._first_item else ",") + part.providers_json)
            self._first_item = False
        self._table.write(part.providers_csv)
        if part.hsds_services:
            self._services.write(("" if self._first_service else ",") + part.hsds_services)
            self._first_service = False

    def finish(self, count: int, standards: Iterable[Any]) -> None:
        """``count`` listings were added, evaluated against the ``Standard`` objects
        ``standards``."""
        self._services.write("]\n")
        self.close()
        head = json_file(providers_head(count, standards))
        before, after = head.split(b'"providers":[]', 1)
        with open(self.data / "providers.json", "wb") as providers, \
                open(self._scratch, "rb") as items:
            providers.write(before + b'"providers":[')
            shutil.copyfileobj(items, providers, 1 << 20)
            providers.write(b"]" + after)
        self._scratch.unlink()
        (self.data / "hsds" / "taxonomy.json").write_bytes(json_file(taxonomy_document()))

    def close(self) -> None:
        """Close the files (``finish`` does; call it if the build stops before)."""
        for handle in self._files:
            handle.close()
