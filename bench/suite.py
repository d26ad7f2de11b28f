"""How long the test suite takes, where its CPU goes, and which xdist worker ends last.

    .venv/bin/python bench/suite.py            # one run of the suite as CI runs it (CI=true)
    .venv/bin/python bench/suite.py --runs 3

For each run: the suite's wall time; the machine's busy CPU time over the run (from /proc/stat: the suite
is bound by CPU when this is close to wall time × cores; other work on the machine counts too, so run it
on a quiet machine); and for each worker when its last test ended, how long its tests took, and its
longest modules. The browser tests run on one worker but for `LAST` (tests/conftest.py): when that worker
ends well after the other, the browser tests are the suite's critical path.
"""

from __future__ import annotations

import argparse
import json
import os
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


def run_once(number: int) -> None:
    with tempfile.NamedTemporaryFile(prefix="suite-timeline-", suffix=".jsonl", delete=False) as handle:
        timeline = Path(handle.name)
    environment = {**os.environ, "CI": "true", "SUITE_TIMELINE": str(timeline),
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "bench"), os.environ.get("PYTHONPATH")]))}
    load = os.getloadavg()[0]
    busy, started = busy_seconds(), time.monotonic()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "suite_timeline"],
                            cwd=REPO, env=environment, capture_output=True, text=True)
    wall, busy = time.monotonic() - started, busy_seconds() - busy
    summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1].strip("= ")
    print(f"run {number}: {summary}; wall {wall:.1f} s; machine busy {busy:.0f} s of CPU "
          f"({busy / (wall * (os.cpu_count() or 1)):.0%} of {os.cpu_count()} cores); load at start {load:.1f}")
    tests = [json.loads(line) for line in timeline.read_text(encoding="utf-8").splitlines()]
    timeline.unlink()
    first = min(start for _, _, start, _ in tests)
    workers: dict[str, list] = defaultdict(list)
    for worker, nodeid, start, end in tests:
        workers[worker].append((nodeid, start, end))
    for worker, rows in sorted(workers.items()):
        modules: dict[str, float] = defaultdict(float)
        for nodeid, start, end in rows:
            modules[nodeid.split("::")[0]] += end - start
        longest = ", ".join(f"{Path(name).stem} {seconds:.0f} s" for name, seconds in
                            sorted(modules.items(), key=lambda kv: -kv[1])[:4])
        print(f"  {worker}: {len(rows)} tests, last ended at {max(end for _, _, end in rows) - first:.1f} s, "
              f"tests took {sum(modules.values()):.1f} s; longest: {longest}")
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-2000:], sep="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1)
    for number in range(1, parser.parse_args().runs + 1):
        run_once(number)


if __name__ == "__main__":
    main()
