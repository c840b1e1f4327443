"""``--output-dir`` that cannot be a folder: a clear message and exit status 2, no traceback,
before any work is done."""

from __future__ import annotations

import pytest
from review_helpers import BEACON, BEACON_OWNER, TODAY

from rehab_directory import review


@pytest.mark.parametrize("where", ["under-a-file", "is-a-file"])
def test_an_output_dir_that_cannot_be_made_is_a_usage_error(repo, tmp_path, capsys, where):
    afile = tmp_path / "afile"
    afile.write_text("not a folder\n", encoding="utf-8")
    target = afile / "report" if where == "under-a-file" else afile
    repo.edit(BEACON, ("beds: 6", "beds: 7"))
    repo.commit()
    for args in (["--base", repo.base, "--head", "HEAD", "--author", BEACON_OWNER],
                 ["--all"]):
        code = review.main(["--repo", str(repo.path), *args, "--today", TODAY,
                            "--output-dir", str(target)])
        err = capsys.readouterr().err
        assert code == 2
        assert f"review.py: error: cannot write the report to {target} (" in err
        assert "Traceback" not in err
        assert afile.read_text(encoding="utf-8") == "not a folder\n"
