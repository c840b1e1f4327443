"""Checking one revision's version of a listing, from git blobs, with the project's validator.

Listings go through the same validator as ``scripts/validate.py`` and the build
(``Validator.parse`` then ``Validator.complete``: YAML, schema, files, plausibility, standards,
plain language). The images a listing names are copied, alone, into a private temporary folder so
that the image checks can open them: links are recreated as links, so they are refused as
links; over-large blobs become empty sparse files of the same size, so they are refused by
size without being read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from rehab_directory.core.findings import Finding, Severity, failing
from rehab_directory.core.model import Listing
from rehab_directory.core.rules import RULES
from rehab_directory.core.yamlio import MAX_BYTES, YamlError, load
from rehab_directory.framework.glossary import GLOSSARY_FILE
from rehab_directory.framework.publication import Assessment, assess
from rehab_directory.framework.standards import Context
from rehab_directory.validator.files import MAX_IMAGE_BYTES

from ..validator.checked import Checked
from ..validator.engine import Validator
from .gitread import GLOSSARY, PROVIDERS, STANDARDS, Git

STANDARDS_FILES = ("standards.yaml", "living_wage.yaml", "exceptions.yaml")


@dataclass
class Side:
    """One revision's version of a listing."""

    path: str | None
    data: dict | None = None  # the YAML as plain data (None if missing or unreadable)
    checked: Checked | None = None
    context: Context | None = None  # the date and the standards it was judged by
    assessment: Assessment | None = None  # published, or withheld and why

    @property
    def listing(self) -> Listing | None:
        return self.checked.listing if self.checked else None

    @property
    def errors(self) -> list[Finding]:
        return failing(self.checked.findings) if self.checked else []


def read_data(raw: bytes, path: str) -> dict | None:
    """A blob as plain data, or None when it is not a readable mapping."""
    if len(raw) > MAX_BYTES:
        return None
    try:
        data = load(raw, path).data
    except YamlError:
        return None
    return data if isinstance(data, dict) else None


class Workspace:
    """A private temporary folder holding, per revision, exactly the files the validator needs."""

    def __init__(self, git: Git, today: date, tmp: Path):
        self.git, self.today, self.tmp = git, today, tmp
        self._validators: dict[str, Validator] = {}
        self._count = 0

    def validator(self, rev: str) -> Validator:
        """A validator judging by the standards/ and the glossary of ``rev``
        (StandardsDataError if broken)."""
        if rev not in self._validators:
            root = self.tmp / f"framework-{len(self._validators)}"
            (root / "standards").mkdir(parents=True)
            for name in STANDARDS_FILES:
                entry = self.git.entry(rev, f"{STANDARDS}{name}")
                if entry is not None and entry.is_file and (entry.size or 0) <= MAX_BYTES:
                    (root / "standards" / name).write_bytes(self.git.blob(entry.oid))
            entry = self.git.entry(rev, GLOSSARY)  # for the TXT- checks
            if entry is not None and entry.is_file and (entry.size or 0) <= MAX_BYTES:
                (root / GLOSSARY_FILE).parent.mkdir(parents=True)
                (root / GLOSSARY_FILE).write_bytes(self.git.blob(entry.oid))
            self._validators[rev] = Validator(root, self.today)
        return self._validators[rev]

    def side(self, rev: str, path: str | None, validator: Validator) -> Side:
        side = Side(path, context=validator.context)
        if path is None:
            return side
        entry = self.git.entry(rev, path)
        if entry is None:
            side.path = None
            return side
        checked = Checked(Path(path), path)
        if not entry.is_file:
            spec = RULES["DATA-003"]
            checked.findings.append(Finding(path, 1, 1, Severity.ERROR, spec.id, "(file)",
                                            "the listing is a link or a submodule, not a file",
                                            "commit the listing itself as a plain file"))
        else:
            raw = self.git.blob(entry.oid) if (entry.size or 0) <= MAX_BYTES else b" " * (
                MAX_BYTES + 1)
            side.data = read_data(raw, path)
            checked = self._check(rev, raw, path, validator)
        side.checked = checked
        side.assessment = assess(checked.listing, checked.findings, validator.context)
        return side

    def _check(self, rev: str, raw: bytes, path: str, validator: Validator) -> Checked:
        self._count += 1
        folder = self.tmp / f"side-{self._count}" / "content" / "providers"
        folder.mkdir(parents=True)
        file = folder / Path(path).name
        checked = validator.parse(raw, file, path)
        if checked.listing is not None:
            self._materialise_images(rev, checked.listing, folder)
        validator.complete(checked)  # every layer the validator and the build run
        checked.findings[:] = [_untemp(f, folder) for f in checked.findings]
        return checked

    def _materialise_images(self, rev: str, listing: Listing, folder: Path) -> None:
        names = [i.file for i in ([listing.logo] if listing.logo else []) + list(listing.photos)]
        if not names:
            return
        repo_folder = f"{PROVIDERS}{listing.slug}"
        target = folder / listing.slug
        entry = self.git.entry(rev, repo_folder)
        if entry is None:
            return
        if entry.is_link:
            target.symlink_to("link-in-pull-request")  # refused as a link by the file checks
            return
        if entry.kind != "tree":
            return
        target.mkdir()
        contents = self.git.entries(rev, repo_folder + "/")
        for name in names:  # names already match the model's plain-file-name pattern
            found = contents.get(f"{repo_folder}/{name}")
            if found is None or (target / name).exists():
                continue
            if found.is_link:
                (target / name).symlink_to("link-in-pull-request")
            elif found.is_file and (found.size or 0) > MAX_IMAGE_BYTES:
                with open(target / name, "wb") as fh:
                    fh.truncate(found.size)  # sparse: refused by size, never read
            elif found.is_file:
                (target / name).write_bytes(self.git.blob(found.oid))


def _untemp(finding: Finding, folder: Path) -> Finding:
    prefix = str(folder) + "/"
    return replace(finding, message=finding.message.replace(prefix, PROVIDERS),
                   fix=finding.fix.replace(prefix, PROVIDERS))
