"""Every measure at one number of listings."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from typing import Any

from .browser import browser_stage, lighthouse_stage
from .measuring import Run, measure, run, stage
from .preview import preview_stage
from .settings import NA, PY, ROOT, TODAY
from .sizes import sizes_of
from .stages import (
    build_available,
    build_cmd,
    change_listing,
    clear_build,
    make_root,
    pelican_stage,
)
from .worker import worker


def bench_size(n: int, runs: int, base: Path, browser: bool, profile: bool,
               only: str | None = None) -> dict:
    """Every measure at ``n`` listings, or with ``only``, that one stage."""
    print(f"== {n} listings ({runs} runs each)", file=sys.stderr, flush=True)
    t = time.perf_counter()
    root = make_root(base, n)
    paths = sorted((root / "content" / "providers").glob("*.yaml"))
    results: dict[str, Any] = {"listings": n, "generate_seconds": round(time.perf_counter() - t,
                                                                       2)}
    why = build_available()
    if only == "preview":
        if why:
            results["preview"] = {"status": NA, "reason": why}
        else:
            stage(results, "preview", lambda: preview_stage(root, base, n, runs))
        return results
    yaml_bytes = sum(p.stat().st_size for p in paths)
    results["yaml_bytes"] = yaml_bytes

    stage(results, "floor_yaml_c_loader", lambda: worker("yaml-floor", root, runs))
    stage(results, "floor_yaml_c_compose_with_marks",
          lambda: worker("yaml-compose-floor", root, runs))
    stage(results, "floor_bare_jinja2", lambda: worker("jinja-floor", root, runs,
                                                       str(base / f"jinja-{n}")))
    stage(results, "validate_all_in_process", lambda: worker("validate", root, runs))
    validate = [PY, str(ROOT / "scripts" / "validate.py"), "--root", str(root), "--today",
                TODAY.isoformat()]
    stage(results, "validate_all_cli",
          lambda: measure(runs, lambda i, sample: run(validate, cwd=root, sample=sample)))
    one = paths[len(paths) // 2]
    stage(results, "validate_one_cli",
          lambda: measure(max(runs, 5) if runs >= 3 else runs,
                          lambda i, sample: run([*validate, str(one)], cwd=root),
                          memory=False))
    if profile:
        stage(results, "validate_profile", lambda: worker("profile-validate", root, 1))

    out = base / f"site-{n}" / "output"
    out.parent.mkdir(parents=True, exist_ok=True)
    if why:
        for name in ("build_cold", "rebuild_one_changed", "preview"):
            results[name] = {"status": NA, "reason": why}
        if importlib.util.find_spec("rehab_directory.publish.search"):
            stage(results, "search_files_only", lambda: worker(
                "search-files", root, runs, str(base / f"search-{n}")))
            results["sizes"] = sizes_of(base / f"search-{n}", n)
        results["browser"] = {"status": NA, "reason": why}
        return results

    def cold(i: int, sample: bool) -> Run:
        clear_build(root, out, aside=base / "set-aside")
        return run(build_cmd(root, out), cwd=root, sample=sample)

    stage(results, "build_cold", lambda: measure(runs, cold))

    def rebuild(i: int, sample: bool) -> Run:
        # Warm the cache with the current files, then change one listing and rebuild.
        if i == 0 and not out.is_dir():
            run(build_cmd(root, out), cwd=root)
        change_listing(paths[(i * 7919) % len(paths)], i)
        return run(build_cmd(root, out), cwd=root, sample=sample)

    stage(results, "rebuild_one_changed", lambda: measure(runs, rebuild))
    stage(results, "preview", lambda: preview_stage(root, base, n, runs))
    # About a minute a run at 10,000 listings: one run there.
    stage(results, "pelican_stock",
          lambda: pelican_stage(root, base, n, 1 if n >= 10_000 else runs))
    if out.is_dir():
        results["sizes"] = sizes_of(out, n)
    if browser:
        stage(results, "browser", lambda: browser_stage(out, root, max(runs, 3), n))
        stage(results, "lighthouse", lambda: lighthouse_stage(out))
    else:
        results["browser"] = {"status": NA, "reason": "--no-browser"}
        results["lighthouse"] = {"status": NA, "reason": "--no-browser"}
    return results
