"""The pre-commit hooks: pinned to the versions the project tests with, and they really work.

pre-commit itself is not needed here. The config is read as data; the hooks that run our own
code or check-jsonschema (pinned in [dev] at the hook's rev) are run as pre-commit would run
them, over the files their ``files`` pattern picks, and must pass on the samples and fail on
a broken listing.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CONFIG = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
DEV_PINS = dict(
    line.split("==", 1) for line in tomllib.loads(
        (ROOT / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]["dev"])
# Each hook repository, by its URL, and the package of ours pinned at the same version.
MIRRORS = {"https://github.com/astral-sh/ruff-pre-commit": ("ruff", "v{}"),
           "https://github.com/python-jsonschema/check-jsonschema": ("check-jsonschema", "{}")}
SAMPLE = ROOT / "content" / "providers" / "beacon-lodge-leeds.yaml"


def hooks() -> dict[str, dict]:
    return {hook["id"]: hook for repo in CONFIG["repos"] for hook in repo["hooks"]}


def picked(hook: dict) -> list[Path]:
    """The tracked files a hook's ``files`` pattern picks, as pre-commit would."""
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.splitlines()
    pattern = re.compile(hook["files"])
    return [ROOT / name for name in listed if pattern.search(name)]


def run_hook(hook: dict, files: list[Path]) -> subprocess.CompletedProcess:
    """Run a hook's entry and args on files; ``python`` is this interpreter, and a Python
    hook's command is the one installed beside it (the same pinned version)."""
    command = shlex.split(hook["entry"]) if "entry" in hook else [hook["id"]]
    if command[0] == "python":
        command[0] = sys.executable
    else:
        command[0] = str(Path(sys.executable).with_name(command[0]))
    arguments = [*command, *hook.get("args", [])]
    if hook.get("pass_filenames", True):
        arguments += map(str, files)
    return subprocess.run(arguments, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_every_hook_repository_is_pinned_to_the_version_we_test_with():
    remote = [repo for repo in CONFIG["repos"] if repo["repo"] not in ("local", "meta")]
    assert {repo["repo"] for repo in remote} == set(MIRRORS), "a hook repository is unknown"
    for repo in remote:
        package, form = MIRRORS[repo["repo"]]
        assert repo["rev"] == form.format(DEV_PINS[package]), (
            f"{repo['repo']} is at {repo['rev']}; pyproject.toml pins {package}=="
            f"{DEV_PINS[package]}: move them together")


def test_the_hooks_cover_code_listings_and_generated_files():
    found = hooks()
    assert {"ruff-check", "check-jsonschema", "validate-listings", "generated-files"} <= set(
        found)
    assert found["check-jsonschema"]["args"] == ["--schemafile", "schema/listing.schema.json"]
    generated = re.compile(found["generated-files"]["files"])
    for path in ("rehab_directory/core/model.py", "standards/standards.yaml",
                 "schema/listing.schema.json", "docs/rules.md", "docs/standards.md"):
        assert generated.search(path), f"generated-files does not run when {path} changes"
    assert not generated.search("content/providers/beacon-lodge-leeds.yaml")


def test_check_jsonschema_passes_every_sample_listing():
    hook = hooks()["check-jsonschema"]
    files = picked(hook)
    assert len(files) >= 10 and SAMPLE in files, files
    result = run_hook(hook, files)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("change", [
    ("\nname: ", "\nnmae: "),  # a misspelt field: unknown, and `name` is now missing
    ("\nslug: beacon-lodge-leeds\n", "\nslug: [beacon-lodge-leeds]\n"),  # a list, not text
], ids=["misspelt-field", "wrong-type"])
def test_check_jsonschema_fails_a_broken_listing(tmp_path, change):
    text = SAMPLE.read_text("utf-8")
    old, new = change
    assert old in text, f"the sample no longer has {old!r}"
    broken = tmp_path / SAMPLE.name
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_hook(hooks()["check-jsonschema"], [broken])
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Schema validation errors were encountered" in result.stdout + result.stderr


def test_generated_files_hook_passes():
    hook = hooks()["generated-files"]
    result = run_hook(hook, [])
    assert result.returncode == 0, result.stderr
