"""Import postcode district centres from the ONS Postcode Directory (ONSPD).

The ONSPD is the Office for National Statistics' list of every UK postcode, with where it
is, published under the Open Government Licence v3 (Great Britain; Northern Ireland's BT
postcodes carry extra terms, so they are left out unless ``--include-northern-ireland``).
It is a download of over 1.8 million rows, not a package, so the site ships what is derived
from it: one centre per postcode district ("LS6"), the mean position of the district's live
postcodes. Download the ONSPD (the zip or its ``Data/ONSPD_<MON>_<YEAR>_UK.csv``), then:

    python -m rehab_directory.onspd ~/Downloads/ONSPD_NOV_2025.zip

which writes ``rehab_directory/data/postcode-districts.csv`` (``--out`` to choose), headed
by the release and the three attribution lines the licence asks for. The next build puts
the districts into the finder's gazetteer (``geography.postcodes_file``) and the credits
on the open-data page.

Columns are found by name, in any case, so the importer reads every release's layout:
the postcode (``pcds``, else ``pcd``/``pcd7``/``pcd8``), the date it was terminated
(``doterm``: terminated postcodes are skipped), and ``lat``/``long`` (postcodes with no
grid reference, ``osgrdind`` 9 or latitude 99.999999, are skipped).

Exit status: 0 written, 2 the file cannot be used (the message says why).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rehab_directory.core.geography import (
    DISTRICTS_CSV,
    District,
    area_code,
    district_of,
    in_uk,
    postcode_areas,
)
from rehab_directory.support import clock
from rehab_directory.support.atomic import write_atomically
from rehab_directory.support.program import program_name

POSTCODE_COLUMNS = ("pcds", "pcd", "pcd7", "pcd8")
# A release file's month, as its name abbreviates it ("NOV"), to the month's name.
MONTHS = {name[:3].upper(): name for name in clock.MONTHS}
NO_GRID_REFERENCE = "9"  # osgrdind: the postcode has no grid reference
_FULL_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


class OnspdError(Exception):
    """The file cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class Release:
    name: str  # "ONSPD November 2025"
    year: str  # for the copyright lines

    def attribution(self) -> tuple[str, str, str]:
        return (
            "Source: Office for National Statistics licensed under the Open Government "
            "Licence v.3.0",
            f"Contains OS data © Crown copyright and database right {self.year}",
            f"Contains Royal Mail data © Royal Mail copyright and database right {self.year}",
        )


def release_of(path: Path, name: str | None = None) -> Release:
    """The release, from ``--release`` ("ONSPD November 2025") or the file's name
    (``ONSPD_NOV_2025_UK.csv``)."""
    text = name or path.name
    match = re.search(rf"({'|'.join(MONTHS)})[A-Z]*[_ -]?(\d{{4}})", text.upper())
    if name:
        year = re.search(r"(19|20)\d\d", name)
        if not year:
            raise OnspdError(f"--release {name!r} has no year: write it like "
                             "'ONSPD November 2025'")
        return Release(name, year.group(0))
    if not match:
        raise OnspdError(f"{path.name}: the file name does not say which release it is "
                         "(e.g. ONSPD_NOV_2025_UK.csv): give --release 'ONSPD November 2025'")
    return Release(f"ONSPD {MONTHS[match.group(1)]} {match.group(2)}", match.group(2))


def open_rows(path: Path) -> Iterator[dict[str, str]]:
    """The directory's rows, from the CSV itself or from inside the ONS zip."""
    if not path.is_file():
        raise OnspdError(f"{path}: no such file: give the ONSPD zip or CSV you downloaded")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist()
                     if re.search(r"(^|/)ONSPD_[^/]*_UK\.csv$", n, re.IGNORECASE)]
            if not names:
                raise OnspdError(f"{path}: the zip has no Data/ONSPD_<MON>_<YEAR>_UK.csv: is "
                                 "it the ONS Postcode Directory?")
            with archive.open(names[0]) as raw:
                yield from _rows(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""),
                                 path)
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from _rows(handle, path)


def _rows(handle: Iterable[str], path: Path) -> Iterator[dict[str, str]]:
    reader = csv.reader(handle)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise OnspdError(f"{path}: the file is empty") from None
    except (csv.Error, UnicodeDecodeError) as err:
        raise OnspdError(f"{path}: not a CSV file ({err})") from err
    postcode = next((c for c in POSTCODE_COLUMNS if c in header), None)
    missing = [c for c in ("doterm", "lat", "long") if c not in header]
    if postcode is None or missing:
        wanted = ", ".join((["pcds"] if postcode is None else []) + missing)
        raise OnspdError(f"{path}: the header has no {wanted} column: is this the ONS "
                         "Postcode Directory's main CSV (Data/ONSPD_..._UK.csv)?")
    at = {name: header.index(name) for name in (postcode, "doterm", "lat", "long")}
    grid = header.index("osgrdind") if "osgrdind" in header else None
    line = 1
    try:
        for line, values in enumerate(reader, 2):
            if len(values) != len(header):
                raise OnspdError(f"{path}:{line}: {len(values)} values where the header has "
                                 f"{len(header)}: the file is cut short or not the ONSPD")
            yield {
                "postcode": values[at[postcode]].strip().upper(),
                "doterm": values[at["doterm"]].strip(),
                "lat": values[at["lat"]].strip(),
                "long": values[at["long"]].strip(),
                "osgrdind": values[grid].strip() if grid is not None else "",
            }
    except (csv.Error, UnicodeDecodeError) as err:
        raise OnspdError(f"{path}:{line}: cannot be read ({err})") from err


def district_centres(rows: Iterable[dict[str, str]],
                     northern_ireland: bool = False) -> list[District]:
    """Each district's centre: the mean position of its live, located postcodes. Only
    districts of the UK postcode areas in ``data/postcode-areas.csv`` are kept (the
    directory also lists the Channel Islands and the Isle of Man)."""
    areas = set(postcode_areas())
    if not northern_ireland:
        areas.discard("BT")
    sums: dict[str, _Sum] = {}
    for row in rows:
        code = row["postcode"]
        if row["doterm"] or row["osgrdind"] == NO_GRID_REFERENCE:
            continue
        if not _FULL_POSTCODE.match(code):
            continue
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except ValueError:
            continue
        if not in_uk(lat, lon):  # 99.999999 marks "no position"
            continue
        district = district_of(code)
        if area_code(district) not in areas:
            continue
        sums.setdefault(district, _Sum()).add(lat, lon)
    return [District(code, round(s.latitude / s.postcodes, 4),
                     round(s.longitude / s.postcodes, 4), s.postcodes)
            for code, s in sorted(sums.items(), key=lambda kv: _district_key(kv[0]))]


@dataclass
class _Sum:
    """A district's postcodes so far: their positions added up, and how many. Mutable, as
    it is a running total local to ``district_centres``."""

    latitude: float = 0.0
    longitude: float = 0.0
    postcodes: int = 0

    def add(self, latitude: float, longitude: float) -> None:
        self.latitude += latitude
        self.longitude += longitude
        self.postcodes += 1


def _district_key(code: str) -> tuple[str, int, str]:
    match = re.match(r"([A-Z]+)(\d+)(.*)", code)
    return (match.group(1), int(match.group(2)), match.group(3)) if match else (code, 0, "")


def write_districts(districts: Sequence[District], release: Release, out: Path) -> None:
    """The CSV ``geography.read_districts`` reads, written whole or not at all."""
    lines = [f"# Postcode district centres derived from the {release.name} by "
             "python -m rehab_directory.onspd: the mean position of each district's live "
             "postcodes.",
             f"# source: {release.name}"]
    lines += [f"# attribution: {text}" for text in release.attribution()]
    body = io.StringIO()
    writer = csv.writer(body, lineterminator="\n")
    writer.writerow(["district", "latitude", "longitude", "postcodes"])
    for d in districts:
        writer.writerow([d.code, f"{d.latitude:.4f}", f"{d.longitude:.4f}", d.postcodes])
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, "\n".join(lines) + "\n" + body.getvalue())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=program_name("python -m rehab_directory.onspd"),
        description="Derive postcode district centres from the ONS Postcode Directory.")
    parser.add_argument("onspd", type=Path, help="the ONSPD zip, or its Data/ONSPD_..._UK.csv")
    parser.add_argument("--out", type=Path, default=DISTRICTS_CSV,
                        help=f"where to write the centres (default {DISTRICTS_CSV})")
    parser.add_argument("--release", help="the release's name, e.g. 'ONSPD November 2025' "
                        "(default: read from the file name)")
    parser.add_argument("--include-northern-ireland", action="store_true",
                        help="keep BT districts (their use carries terms beyond the OGL: "
                        "read the ONSPD's licence first)")
    args = parser.parse_args(argv)
    try:
        if not args.onspd.is_file():
            raise OnspdError(f"{args.onspd}: no such file: give the ONSPD zip or CSV you "
                             "downloaded")
        release = release_of(args.onspd, args.release)
        districts = district_centres(open_rows(args.onspd), args.include_northern_ireland)
        if not districts:
            raise OnspdError(f"{args.onspd}: no live UK postcode with a position was found: "
                             "is this the ONS Postcode Directory?")
        write_districts(districts, release, args.out)
    except OnspdError as err:
        print(f"onspd: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"onspd: {err.filename or args.onspd}: {err.strerror}", file=sys.stderr)
        return 2
    postcodes = sum(d.postcodes for d in districts)
    print(f"onspd: wrote {len(districts)} district centres from {postcodes} postcodes "
          f"({release.name}) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
