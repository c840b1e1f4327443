"""Helpers for the review tests: a real, throw-away git repository driven like a pull request."""

from __future__ import annotations

import io
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from rehab_directory import review

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-23"
BEACON = "content/providers/beacon-lodge-leeds.yaml"
HARBOUR = "content/providers/harbour-house-hull.yaml"
BEACON_OWNER = "beacon-lodge-admissions"
HARBOUR_OWNER = "harbour-house-team"
REVIEWER = "robin-example-reviewer"  # in the test repository's .github/reviewers.yaml


def jpeg(size=(40, 30), colour=(90, 140, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def listing_text(slug: str, name: str, owner: str, phone: str, ids: tuple[str, str],
                 postcode: str, domain: str, organisation: str, verified: str | None = None
                 ) -> str:
    """Beacon Lodge's listing made into another fictional provider's: each identifier is its
    own. ``verified``: the last_verified date to keep (None: never verified, as new)."""
    text = (ROOT / BEACON).read_text(encoding="utf-8")
    for old, new in (("slug: beacon-lodge-leeds", f"slug: {slug}"),
                     ("name: Beacon Lodge", f"name: {name}"),
                     ('"0113 496 0871"', f'"{phone}"'),
                     ("name: Beacon Recovery Trust", f"name: {organisation}"),
                     ("beacon-lodge.example.org.uk", domain),
                     ("postcode: LS8 2JH", f"postcode: {postcode}"),
                     ('provider_id: "1-901234567"', f'provider_id: "{ids[0]}"'),
                     ('location_id: "1-901234568"', f'location_id: "{ids[1]}"'),
                     ("last_verified: 2026-10-30\n",
                      f"last_verified: {verified}\n" if verified else ""),
                     ("[beacon-lodge-admissions]", f"[{owner}]")):
        assert old in text, old
        text = text.replace(old, new)
    return text


def harbour_text() -> str:
    return listing_text("harbour-house-hull", "Harbour House", HARBOUR_OWNER, "0113 496 0555",
                        ("1-902345678", "1-902345679"), "LS6 2AB",
                        "harbour-house.example.org.uk", "Harbour Care", verified="2026-10-30")


def gull_text(owner: str = "gull-point-admin") -> str:
    """A new provider's listing, as a provider sends it: never verified."""
    return listing_text("gull-point-scarborough", "Gull Point", owner, "0113 496 0123",
                        ("1-903456789", "1-903456790"), "LS7 3AB",
                        "gull-point.example.org.uk", "Gull Point Care")


@dataclass
class Result:
    code: int
    markdown: str
    data: dict

    def listing(self, slug: str) -> dict:
        return next(entry for entry in self.data["listings"] if entry["slug"] == slug)

    def rules(self, section: str) -> list[str]:
        return [item["rule"] for item in self.data[section]]


class Repo:
    def __init__(self, path: Path, out: Path):
        self.path, self.out = path, out
        self.base = ""

    def git(self, *args: str) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
                   GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.com",
                   GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.com")
        proc = subprocess.run(["git", "-C", str(self.path), *args], capture_output=True,
                              text=True, env=env, check=True)
        return proc.stdout.strip()

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.path / rel).read_text(encoding="utf-8")

    def edit(self, rel: str, *pairs: tuple[str, str]) -> None:
        text = self.read(rel)
        for old, new in pairs:
            assert old in text, f"{old!r} not in {rel}"
            text = text.replace(old, new, 1)
        self.write(rel, text)

    def commit(self, message: str = "change") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def review(self, *args: str, base: str | None = None, head: str = "HEAD") -> Result:
        out = self.out / f"report-{len(list(self.out.iterdir()))}"
        code = review.main(["--repo", str(self.path), "--base", base or self.base,
                            "--head", head, "--today", TODAY, "--output-dir", str(out), *args])
        return Result(code, (out / "report.md").read_text(encoding="utf-8"),
                      json.loads((out / "report.json").read_text(encoding="utf-8")))


