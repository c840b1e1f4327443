"""The ONS Postcode Directory importer, on small files in the ONSPD's own layout.

The rows are written here (the tests never ship or need the real directory); the header is
the ONSPD's, so the importer is tested on the columns and conventions it will meet:
quoted values, terminated postcodes (``doterm``), postcodes without a grid reference
(``osgrdind`` 9, latitude 99.999999), the Channel Islands, and Northern Ireland's BT.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from rehab_directory import onspd
from rehab_directory.core import geography

# The ONSPD's header (the 2023 releases' 53 columns, in order).
HEADER_LINE = ("pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,"
               "osnrth1m,osgrdind,oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,"
               "statsward,oa01,casward,park,lsoa01,msoa01,ur01ind,oac01,oa11,lsoa11,msoa11,wz11,"
               "sicbl,bua11,buasd11,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,calncv,icb,oa21,"
               "lsoa21,msoa21")
HEADER = HEADER_LINE.split(",")

# (postcode, doterm, osgrdind, lat, long): test rows, not real positions of these codes
ROWS = [
    ("LS6 1AA", "", "1", 53.8190, -1.5790),
    ("LS6 1AB", "", "1", 53.8230, -1.5830),
    ("LS6 9ZZ", "199606", "1", 53.9000, -1.9000),  # terminated: left out
    ("LS6 8ZZ", "", "9", 99.999999, 0.0),  # no grid reference: left out
    ("BD8 7AA", "", "1", 53.8060, -1.7720),
    ("EC1A 1BB", "", "1", 51.5200, -0.0980),
    ("BT1 1AA", "", "1", 54.6000, -5.9300),  # Northern Ireland: only when asked
    ("GY1 1AA", "", "1", 49.4500, -2.5400),  # Guernsey: not a UK postcode area
]


def write_onspd(path: Path, rows=ROWS, header=HEADER) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    for postcode, doterm, grid, lat, lon in rows:
        values = {name.lower(): "" for name in header}
        compact = postcode.replace(" ", "")
        values.update({
            "pcd": f"{compact[:-3]:<4}{compact[-3:]}", "pcd2": f"{compact[:-3]:<5}{compact[-3:]}",
            "pcds": postcode, "dointr": "198001", "doterm": doterm, "osgrdind": grid,
            "lat": f"{lat:.6f}", "long": f"{lon:.6f}", "usertype": "0",
        })
        writer.writerow([values[name.lower()] for name in header])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_district_centres_are_the_mean_of_live_located_postcodes(tmp_path):
    source = write_onspd(tmp_path / "ONSPD_NOV_2025_UK.csv")
    out = tmp_path / "districts.csv"
    assert onspd.main([str(source), "--out", str(out)]) == 0
    districts, release = geography.read_districts(out)
    by_code = {d.code: d for d in districts}
    assert set(by_code) == {"LS6", "BD8", "EC1A"}
    assert by_code["LS6"].postcodes == 2
    assert by_code["LS6"].latitude == pytest.approx((53.8190 + 53.8230) / 2, abs=1e-4)
    assert by_code["LS6"].longitude == pytest.approx((-1.5790 - 1.5830) / 2, abs=1e-4)
    assert release.release == "ONSPD November 2025"
    assert release.attribution == (
        "Source: Office for National Statistics licensed under the Open Government Licence "
        "v.3.0",
        "Contains OS data © Crown copyright and database right 2025",
        "Contains Royal Mail data © Royal Mail copyright and database right 2025",
    )


def test_northern_ireland_only_when_asked(tmp_path):
    source = write_onspd(tmp_path / "ONSPD_FEB_2026_UK.csv")
    out = tmp_path / "districts.csv"
    assert onspd.main([str(source), "--out", str(out), "--include-northern-ireland"]) == 0
    codes = {d.code for d in geography.read_districts(out)[0]}
    assert "BT1" in codes and "GY1" not in codes


def test_reads_the_zip_as_downloaded_and_upper_case_headers(tmp_path):
    csv_file = write_onspd(tmp_path / "x.csv", header=[h.upper() for h in HEADER])
    archive = tmp_path / "ONSPD_MAY_2026.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(csv_file, "Data/ONSPD_MAY_2026_UK.csv")
        z.writestr("Documents/readme.txt", "user guide")
    out = tmp_path / "districts.csv"
    assert onspd.main([str(archive), "--out", str(out)]) == 0
    districts, release = geography.read_districts(out)
    assert {d.code for d in districts} == {"LS6", "BD8", "EC1A"}
    assert release.release == "ONSPD May 2026"


def test_the_finder_gets_the_districts(tmp_path):
    source = write_onspd(tmp_path / "ONSPD_NOV_2025_UK.csv")
    out = tmp_path / "districts.csv"
    onspd.main([str(source), "--out", str(out)])
    postcodes = geography.postcodes_file(out)
    assert postcodes["districts"]["codes"] == ["BD8", "EC1A", "LS6"]
    assert postcodes["district_source"] == "ONSPD November 2025"
    points = geography.unpack_coords(postcodes["districts"]["coords"])
    assert points[2] == pytest.approx((53.821, -1.581), abs=geography.STEP)
    # Without the import the finder still has every area, and no districts.
    bare = geography.postcodes_file(tmp_path / "absent.csv")
    assert bare["districts"]["codes"] == [] and len(bare["areas"]["codes"]) == 121


@pytest.mark.parametrize(("header", "message"), [
    (["pcd", "lat", "long"], "no doterm column"),
    (["name", "doterm", "lat", "long"], "no pcds column"),
])
def test_a_file_that_is_not_the_onspd_is_refused(tmp_path, capsys, header, message):
    bad = tmp_path / "ONSPD_NOV_2025_UK.csv"
    bad.write_text(",".join(header) + "\n", encoding="utf-8")
    out = tmp_path / "districts.csv"
    assert onspd.main([str(bad), "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_missing_file_a_cut_file_and_an_unnamed_release(tmp_path, capsys):
    assert onspd.main([str(tmp_path / "nope.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    cut = write_onspd(tmp_path / "ONSPD_NOV_2025_UK.csv")
    cut.write_text(cut.read_text(encoding="utf-8") + '"LS6 1AC","LS6 1AC"\n', encoding="utf-8")
    assert onspd.main([str(cut), "--out", str(tmp_path / "d.csv")]) == 2
    assert ":10: 2 values where the header has 53" in capsys.readouterr().err
    unnamed = write_onspd(tmp_path / "postcodes.csv")
    assert onspd.main([str(unnamed), "--out", str(tmp_path / "d.csv")]) == 2
    assert "--release" in capsys.readouterr().err
    assert onspd.main([str(unnamed), "--out", str(tmp_path / "d.csv"),
                       "--release", "ONSPD August 2026"]) == 0


def test_a_hand_edited_districts_file_is_refused(tmp_path):
    bad = tmp_path / "districts.csv"
    bad.write_text("# source: ONSPD November 2025\ndistrict,latitude,longitude,postcodes\n"
                   "LS6,53.82,-1.58,2\n", encoding="utf-8")
    with pytest.raises(geography.GeographyError, match="attribution"):
        geography.read_districts(bad)
    bad.write_text("district,latitude,longitude,postcodes\nLS6,10.0,-1.58,2\n",
                   encoding="utf-8")
    with pytest.raises(geography.GeographyError, match=r"districts.csv:2: LS6"):
        geography.read_districts(bad)
