"""The GitHub workflows pass zizmor (offline) at high severity, and the checks can fail.

zizmor runs twice over every workflow: with its default persona (what `zizmor --offline
--min-severity high .github/workflows` reports) and as an auditor, which also wants container
images pinned by digest. A deliberately bad workflow in a temporary folder must be reported,
so a zizmor that reads nothing cannot pass. Two rules zizmor does not check offline are checked
here: every action is pinned to a full commit SHA with its version as a comment (one pin per
action across the workflows), and no checkout leaves its token in .git/config.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
ZIZMOR = Path(sys.executable).with_name("zizmor")
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)\s*(?P<comment>#.*)?$")
PINNED = re.compile(r"^(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})$")
VERSION_COMMENT = re.compile(r"^# v\d+\.\d+\.\d+$")
BAD_WORKFLOW = """\
name: Bad
on:
  pull_request_target:
permissions: write-all
jobs:
  greet:
    runs-on: ubuntu-24.04
    container: python:3.12-bookworm
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert files, f"no workflow in {WORKFLOWS}"
    return files


def zizmor(*args: str | Path) -> list[dict]:
    """zizmor's findings as JSON; the run fails the test if zizmor itself failed."""
    assert ZIZMOR.is_file(), f"{ZIZMOR} is missing: run `make deps` (zizmor is in [dev])"
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--no-progress", "--no-exit-codes", "--format", "json",
         *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, f"zizmor failed (exit {result.returncode}):\n{result.stderr}"
    return json.loads(result.stdout)


def describe(findings: list[dict]) -> str:
    lines = []
    for f in findings:
        where = f["locations"][0]
        path = where["symbolic"]["key"].get("Local", {}).get("verbatim_path", "?")
        row = where["concrete"]["location"]["start_point"]["row"] + 1
        lines.append(f"{path}:{row}: {f['ident']} ({f['determinations']['severity']}): "
                     f"{f['desc']}")
    return "\n".join(lines)


@pytest.mark.parametrize("persona", ["regular", "auditor"])
def test_workflows_have_no_high_finding(persona):
    findings = zizmor("--persona", persona, "--min-severity", "high", WORKFLOWS)
    assert not findings, "\n" + describe(findings)


def test_zizmor_reports_a_bad_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    found = {f["ident"] for f in zizmor("--persona", "auditor", "--min-severity", "high", bad)}
    expected = {"unpinned-uses", "unpinned-images", "dangerous-triggers", "template-injection"}
    assert expected <= found, f"zizmor missed {sorted(expected - found)} (found {sorted(found)})"


def test_every_action_is_pinned_to_a_commit_with_its_version():
    problems, pins, seen = [], {}, 0
    for path in workflow_files():
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            match = USES.match(line)
            if match is None or match["ref"].startswith(("./", "docker://")):
                continue
            seen += 1
            where = f"{path.relative_to(ROOT)}:{number}"
            pinned = PINNED.match(match["ref"])
            comment = (match["comment"] or "").strip()
            if pinned is None:
                problems.append(f"{where}: {match['ref']} is not pinned to a full commit SHA")
                continue
            if not VERSION_COMMENT.match(comment):
                problems.append(f"{where}: {match['ref']} needs its version as `# vX.Y.Z`")
            pins.setdefault(pinned["action"], set()).add(f"{pinned['sha']} {comment}")
    for action, versions in sorted(pins.items()):
        if len(versions) > 1:
            problems.append(f"{action} is pinned {len(versions)} ways: {sorted(versions)}")
    assert seen, "no `uses:` found: did the pattern stop matching?"
    assert not problems, "\n".join(problems)


def test_no_checkout_keeps_its_credentials():
    checkouts, kept = 0, []
    for path in workflow_files():
        workflow = yaml.safe_load(path.read_text("utf-8"))
        for job_id, job in workflow["jobs"].items():
            for index, step in enumerate(job.get("steps", [])):
                if not str(step.get("uses", "")).startswith("actions/checkout@"):
                    continue
                checkouts += 1
                if (step.get("with") or {}).get("persist-credentials") is not False:
                    kept.append(f"{path.name}: job {job_id}, step {index + 1}")
    assert checkouts, "no actions/checkout step found"
    assert not kept, "set `persist-credentials: false` on:\n" + "\n".join(kept)
