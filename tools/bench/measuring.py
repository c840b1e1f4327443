"""Measuring a command: wall time, the peak memory of its process tree, medians of runs."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .settings import NA


def _pss(pid: int) -> int | None:
    """Proportional set size of ``pid`` in bytes: shared pages (a forked worker's copy-on-write
    memory) counted once across the processes sharing them, not once per process."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def _tree_rss(pid: int) -> int:
    """Memory of ``pid`` and all its descendants, in bytes (0 when gone): the sum of their
    proportional set sizes where the kernel gives them, else of their resident sizes."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        parents[int(entry.name)] = int(fields[1])
        rss[int(entry.name)] = int(fields[21]) * page
    total, todo, seen = 0, [pid], set()
    children: dict[int, list[int]] = {}
    for child, parent in parents.items():
        children.setdefault(parent, []).append(child)
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        pss = _pss(p) if p in rss else None
        total += rss.get(p, 0) if pss is None else pss
        todo.extend(children.get(p, ()))
    return total


class Run:
    """One finished subprocess: wall time, peak memory, exit status and output."""

    def __init__(self, seconds: float, peak_tree: int, maxrss: int, code: int, out: str,
                 err: str):
        self.seconds, self.peak_tree, self.maxrss = seconds, peak_tree, maxrss
        self.code, self.out, self.err = code, out, err


def run(cmd: Sequence[str], cwd: Path | None = None, sample: bool = False,
        env: dict | None = None) -> Run:
    """Run ``cmd``, timing its wall clock; with ``sample``, poll the tree's memory (20 Hz)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=err,
                                env={**os.environ, **(env or {})})
        peak = [0]
        done = threading.Event()

        def poll() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss(proc.pid))
                done.wait(0.05)

        poller = threading.Thread(target=poll, daemon=True) if sample else None
        if poller:
            poller.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        if poller:
            poller.join()
        out.seek(0)
        err.seek(0)
        return Run(seconds, peak[0], usage.ru_maxrss * 1024, proc.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


class Unavailable(Exception):
    """A stage cannot be measured (its code is not there yet, or it failed)."""


def measure(runs: int, once: Callable[[int, bool], Run], memory: bool = True) -> dict:
    """Median (and every sample) of ``runs`` calls of ``once(i, False)``, each a checked
    ``Run``; with ``memory``, then one more, ``once(runs, True)``, sampled for peak memory.

    Memory has a run of its own because sampling it slows what it samples: reading
    ``/proc/<pid>/smaps_rollup`` walks each process's page tables, 20 times a second, on
    the cores the build is using (measured: a 10,000-listing cold build 1.0-1.4 s slower
    when sampled)."""
    samples = []

    def checked(r: Run) -> Run:
        if r.code != 0:
            tail = (r.err or r.out).strip().splitlines()[-5:]
            raise Unavailable(f"exit status {r.code}: " + " | ".join(tail))
        return r

    for i in range(runs):
        samples.append(checked(once(i, False)))
    result = {
        "seconds": statistics.median(r.seconds for r in samples),
        "samples": [round(r.seconds, 4) for r in samples],
        "maxrss_mb": round(max(r.maxrss for r in samples) / 1e6, 1),
    }
    if memory:
        sampled = checked(once(runs, True))
        result["peak_tree_mb"] = round(sampled.peak_tree / 1e6, 1)
        result["memory_run_seconds"] = round(sampled.seconds, 4)
    return result


def stage(results: dict, name: str, fn: Callable[[], Any]) -> None:
    """Run one stage, recording its result or why it is not available."""
    t = time.perf_counter()
    try:
        results[name] = fn()
    except Unavailable as exc:
        results[name] = {"status": NA, "reason": str(exc)[:400]}
    print(f"    {name}: {_brief(results[name])} ({time.perf_counter() - t:.1f} s)",
          file=sys.stderr, flush=True)


def _brief(value: Any) -> str:
    if isinstance(value, dict):
        if value.get("status") == NA:
            return f"{NA} ({value.get('reason', '')[:120]})"
        if "seconds" in value:
            return f"{value['seconds']:.3f} s"
        if "ms" in value:
            return f"{value['ms']:.0f} ms"
    return json.dumps(value)[:160]


def machine() -> dict:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        mem = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "cpu": model,
        "memory_gb": round(mem / 2**30, 1),
        "python": f"{platform.python_version()} ({os.path.realpath(sys.executable)})",
        "system": f"{platform.system()} {platform.release()}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
