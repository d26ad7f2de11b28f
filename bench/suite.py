"""How long the test suite takes, where its CPU goes, and which xdist worker ends last.

    .venv/bin/python bench/suite.py            # one run of the suite as CI runs it (CI=true)
    .venv/bin/python bench/suite.py --runs 3

For each run: the suite's wall time; the suite's own CPU time (user + system of pytest and every process
under it, whatever else runs on the machine); the machine's busy CPU time over the run (from /proc/stat: the
suite is bound by CPU when this is close to wall time × cores; other work on the machine counts too); and for
each worker when its last test ended, how long its tests took (wall and CPU), and its longest modules by CPU
time (bench/suite_timeline.py). With `--modules N`, the N modules that took the most CPU time, worker aside.
On a loaded machine wall times stretch but CPU times hardly do: the suite on an idle machine takes about its
CPU time / cores, plus what the last worker does alone at the end. The web editor's browser tests run in one
group, on one worker (tests/conftest.py): when that worker ends well after the other, its group is the suite's
critical path; the other tests go one by one to whichever worker is free.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def busy_seconds() -> float:
    """CPU time the whole machine has spent busy since it started (every core)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


CGROUPS = Path("/sys/fs/cgroup/cpuacct")
"""cgroup v1's CPU accounting, where the suite runs in a group of its own when this process may make one."""


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def suite_cgroup() -> Path | None:
    """A new cgroup for the suite's processes, or None where they cannot have one (not root, no cgroup v1)."""
    try:
        group = CGROUPS / f"suite-{os.getpid()}-{time.monotonic_ns()}"
        group.mkdir()
    except OSError:
        return None
    return group


def remove_cgroup(group: Path) -> None:
    """Remove the suite's cgroup and its workers' (left as they are while a process of the suite still runs)."""
    try:
        for inner in group.glob("*/"):
            inner.rmdir()
        group.rmdir()
    except OSError as error:
        print(f"  (cgroup {group} left: {error})")


def run_once(number: int, shown_modules: int, kept: Path | None) -> None:
    if kept is not None:
        timeline = kept.with_name(f"{kept.stem}-{number}{kept.suffix}")
        timeline.unlink(missing_ok=True)
    else:
        with tempfile.NamedTemporaryFile(prefix="suite-timeline-", suffix=".jsonl", delete=False) as handle:
            timeline = Path(handle.name)
    environment = {**os.environ, "CI": "true", "SUITE_TIMELINE": str(timeline),
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "bench"), os.environ.get("PYTHONPATH")]))}
    group = suite_cgroup()
    if group is not None:
        environment["SUITE_CGROUP"] = str(group)
    load = os.getloadavg()[0]
    busy, own, started = busy_seconds(), children_cpu_seconds(), time.monotonic()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "suite_timeline"],
                            cwd=REPO, env=environment, capture_output=True, text=True,
                            preexec_fn=None if group is None else
                            lambda: (group / "cgroup.procs").write_text(str(os.getpid())))
    wall, busy, own = time.monotonic() - started, busy_seconds() - busy, children_cpu_seconds() - own
    if group is not None:
        own = int((group / "cpuacct.usage").read_text()) / 1e9  # its workers' groups included
        remove_cgroup(group)
    summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1].strip("= ")
    print(f"run {number}: {summary}; wall {wall:.1f} s; the suite's CPU {own:.0f} s; machine busy {busy:.0f} s "
          f"of CPU ({busy / (wall * (os.cpu_count() or 1)):.0%} of {os.cpu_count()} cores); load at start {load:.1f}")
    tests = [json.loads(line) for line in timeline.read_text(encoding="utf-8").splitlines()]
    if kept is None:
        timeline.unlink()
    first = min(start for _, _, start, _, _ in tests)
    workers: dict[str, list] = defaultdict(list)
    everywhere: dict[str, float] = defaultdict(float)
    for worker, nodeid, start, end, cpu in tests:
        workers[worker].append((nodeid, start, end, cpu))
        everywhere[nodeid.split("::")[0]] += cpu
    for worker, rows in sorted(workers.items()):
        modules: dict[str, float] = defaultdict(float)
        for nodeid, _, _, cpu in rows:
            modules[nodeid.split("::")[0]] += cpu
        longest = ", ".join(f"{Path(name).stem} {seconds:.0f} s" for name, seconds in
                            sorted(modules.items(), key=lambda kv: -kv[1])[:4])
        print(f"  {worker}: {len(rows)} tests, last ended at {max(end for _, _, end, _ in rows) - first:.1f} s, "
              f"tests took {sum(end - start for _, start, end, _ in rows):.1f} s and {sum(modules.values()):.1f} s "
              f"of CPU; most CPU: {longest}")
    for name, seconds in sorted(everywhere.items(), key=lambda kv: -kv[1])[:shown_modules]:
        print(f"    {seconds:6.1f} s of CPU  {name}")
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-2000:], sep="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--modules", type=int, default=0, help="show the N modules that took the most CPU time")
    parser.add_argument("--timeline", type=Path, metavar="FILE.jsonl",
                        help="keep each run's tests (worker, test, start, end, CPU seconds) in FILE-<run>.jsonl")
    arguments = parser.parse_args()
    for number in range(1, arguments.runs + 1):
        run_once(number, arguments.modules, arguments.timeline)


if __name__ == "__main__":
    main()
