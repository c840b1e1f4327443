"""In-process measures, each in a fresh interpreter (``python -m tools.bench.worker``), so that
one measurement cannot warm another: imports and set-up happen before the clock starts; the
task runs ``runs`` times and prints its samples as JSON."""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from .measuring import Unavailable, run
from .settings import PY, ROOT, TODAY

# Each timed in-process task runs in a fresh interpreter: imports and set-up happen before the
# clock starts; the task runs ``runs`` times and prints its samples as JSON.


def run_task(task: str, root: Path, runs: int, extra: str) -> None:
    import resource

    paths = sorted((root / "content" / "providers").glob("*.yaml"))
    samples = []
    info: dict[str, Any] = {"files": len(paths)}

    if task == "yaml-floor":
        import yaml

        for _ in range(runs):
            t = time.perf_counter()
            for p in paths:
                yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)  # noqa: S506 - C safe loader
            samples.append(time.perf_counter() - t)
    elif task == "yaml-compose-floor":
        import yaml

        for _ in range(runs):
            t = time.perf_counter()
            for p in paths:
                yaml.compose(p.read_bytes(), Loader=yaml.CSafeLoader)
            samples.append(time.perf_counter() - t)
    elif task == "validate":
        from rehab_directory.validator.engine import Validator

        for _ in range(runs):
            t = time.perf_counter()
            validator = Validator(root, TODAY)
            validator.keep_marks = False  # as scripts/validate.py and the build do
            checked = validator.check_listings(paths)
            samples.append(time.perf_counter() - t)
        info["publishable"] = sum(1 for c in checked if c.publishable)
    elif task == "profile-validate":
        import cProfile
        import pstats

        from rehab_directory.validator.engine import Validator

        validator = Validator(root, TODAY)
        profile = cProfile.Profile()
        profile.enable()
        validator.check_listings(paths)
        profile.disable()
        stats = pstats.Stats(profile)
        total = stats.total_tt
        rows = []
        for (file, line, fn), (_, calls, tt, ct, _) in stats.stats.items():
            rows.append((ct, tt, calls, f"{Path(file).name}:{line}({fn})"))
        rows.sort(reverse=True)
        info["profile_total_s"] = total
        info["cumulative"] = [[round(ct, 3), round(tt, 3), calls, where]
                              for ct, tt, calls, where in rows[:40]]
        info["own"] = [[round(tt, 3), calls, where] for ct, tt, calls, where in
                       sorted(rows, key=lambda r: -r[1])[:25]]
        samples.append(total)
    elif task == "jinja-floor":
        from rehab_directory.validator.engine import Validator

        listings = [c.listing for c in Validator(root, TODAY).check_listings(paths)]
        out = Path(extra)
        for _ in range(runs):
            shutil.rmtree(out, ignore_errors=True)
            t = time.perf_counter()
            _bare_jinja(listings, out)
            samples.append(time.perf_counter() - t)
    elif task == "search-files":
        from rehab_directory.framework.publication import wait_window_days
        from rehab_directory.publish.search import join_search, search_entry
        from rehab_directory.publish.synonyms import load_synonyms
        from rehab_directory.site.render import write_text
        from rehab_directory.validator.engine import Validator

        checked = Validator(root, TODAY).check_listings(paths)
        published = sorted((c for c in checked if c.publishable), key=lambda c: c.listing.slug)
        framework = Validator(root, TODAY).framework
        synonyms = load_synonyms(root)
        out = Path(extra)
        for _ in range(runs):
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            t = time.perf_counter()
            # The build's path (SiteWriter.write_search): each listing's entry, made where
            # the pass reads it, joined with the synonyms and the wait standard's window.
            entries = [search_entry(c) for c in published]
            files = join_search(entries, synonyms=synonyms, today=TODAY,
                                stale_after_days=wait_window_days(framework))
            for rel, text in files.items():
                write_text(out, rel, text)
            samples.append(time.perf_counter() - t)
    else:
        raise SystemExit(f"unknown task {task}")
    info["samples"] = samples
    info["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(info))


BARE_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{{ l.name }} – Open Rehab Directory</title>
<link rel="stylesheet" href="/theme/css/site.css"></head>
<body><a href="#main">Skip to content</a><header><a href="/">Open Rehab Directory</a></header>
<main id="main"><h1>{{ l.name }}</h1><p>{{ l.summary }}</p>
<p>{{ l.address.street }}, {% if l.address.locality %}{{ l.address.locality }}, {% endif %}
{{ l.address.town }} {{ l.address.postcode }} ({{ l.region.label }})</p>
<p>Phone <a href="tel:{{ l.phone|replace(' ', '') }}">{{ l.phone }}</a>
{% if l.email %}, email <a href="mailto:{{ l.email }}">{{ l.email }}</a>{% endif %}</p>
{% for para in l.description.split('\\n\\n') %}<p>{{ para }}</p>{% endfor %}
<h2>Services</h2><ul>{% for s in l.services %}<li>{{ s.type.label }}
{% if s.wait %}: wait {{ s.wait.days }} days (stated {{ s.wait.stated }}){% endif %}
{% if s.weekly_cost %}, from £{{ s.weekly_cost.min }} a week{% endif %}</li>{% endfor %}</ul>
<h2>Who it is for</h2><p>{{ l.eligibility.gender.label }}, aged {{ l.eligibility.min_age }}
{% if l.eligibility.max_age %} to {{ l.eligibility.max_age }}{% endif %}</p>
<h2>Substances</h2><ul>{% for s in l.substances %}<li>{{ s.label }}</li>{% endfor %}</ul>
<h2>Funding</h2><ul>{% for f in l.funding %}<li>{{ f.label }}</li>{% endfor %}</ul>
</main><footer>Fictional data</footer></body></html>
"""


def _bare_jinja(listings: list, out: Path) -> None:
    """The floor: bare Jinja2 over the validated models, one file per provider."""
    import jinja2

    env = jinja2.Environment(autoescape=True)
    template = env.from_string(BARE_PAGE)
    for listing in listings:
        folder = out / "providers" / listing.slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(template.render(l=listing), encoding="utf-8")


def worker(task: str, root: Path, runs: int, extra: str = "") -> dict:
    """Run ``task`` in a fresh interpreter; its samples, their median and its peak memory."""
    r = run([PY, "-m", "tools.bench.worker", task, str(root), str(runs), extra], cwd=root,
            env={"PYTHONPATH": str(ROOT)})
    if r.code != 0:
        tail = r.err.strip().splitlines()[-3:]
        raise Unavailable(f"{task} failed: " + " | ".join(tail))
    info = json.loads(r.out.strip().splitlines()[-1])
    info["seconds"] = statistics.median(info["samples"])
    info["samples"] = [round(s, 4) for s in info["samples"]]
    info["maxrss_mb"] = round(info.pop("maxrss") / 1e6, 1)
    return info



if __name__ == "__main__":
    run_task(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]),
             sys.argv[4] if len(sys.argv) > 4 else "")
