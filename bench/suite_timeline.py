"""A pytest plugin for bench/suite.py: when each test started and ended, on which xdist worker, and the CPU
time its worker and every process the worker started (builds, servers, Chromium) spent meanwhile.

Loaded with `-p suite_timeline` (bench/ on PYTHONPATH); writes one JSON line per test, from the process
that ran it, to the file named by SUITE_TIMELINE.

The CPU time is the worker's, not the machine's: other work on the machine does not count. When
SUITE_CGROUP names a cgroup (v1 cpuacct) of the suite, each worker moves into one of its own below it before
it starts anything, and its processes are counted wherever they end up (Chromium's renderers leave the
process tree). Otherwise the count is the process tree's: the worker, the children it has waited for, and
every process still running under it. A test's CPU time is what was spent between its start and its end: a
session fixture's setup counts for the first test that asks for it.
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path

import pytest

TICK = os.sysconf("SC_CLK_TCK")
_cgroup: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _cgroup
    suite = os.environ.get("SUITE_CGROUP")
    if suite:
        _cgroup = Path(suite) / os.environ.get("PYTEST_XDIST_WORKER", "main")
        _cgroup.mkdir(exist_ok=True)
        (_cgroup / "cgroup.procs").write_text(str(os.getpid()))


def cpu_seconds() -> float:
    if _cgroup is not None:
        return int((_cgroup / "cpuacct.usage").read_text()) / 1e9
    return tree_cpu_seconds()


def tree_cpu_seconds() -> float:
    """CPU time (user + system) of this process, of its children it has waited for, and of every process
    still running under it (each with the children it has waited for)."""
    own = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        own += usage.ru_utime + usage.ru_stime
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        ticks[pid] = sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    total, waiting = 0, list(children.get(os.getpid(), []))
    while waiting:
        pid = waiting.pop()
        total += ticks[pid]
        waiting.extend(children.get(pid, []))
    return own + total / TICK


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    started, cpu = time.time(), cpu_seconds()
    yield
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(os.environ["SUITE_TIMELINE"], "a", encoding="utf-8") as timeline:
        timeline.write(json.dumps([worker, item.nodeid, started, time.time(), cpu_seconds() - cpu]) + "\n")
