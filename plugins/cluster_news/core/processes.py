"""Work spread over the machine's CPUs by forking this process (the work's data is inherited, not sent).

Forking is only safe while the process has one thread: a thread holding a lock at the fork (the
preview's server and file watcher run in threads) would leave the lock held forever in the child. Then,
and where `fork` does not exist, the work is done here, one piece after another.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
MIN_CHUNK = 250
"""Fewer items than this per process are not worth a process (starting one costs ~50 ms)."""
_work: Callable | None = None


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether forking is safe here (see above)."""
    return FORK is not None and threading.active_count() == 1


def map_chunks(function: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R]:
    """`function` applied to slices of `items`, their results joined in order: in forked processes,
    one slice per CPU, when there is enough work and forking is safe; else here."""
    jobs = min(cpus(), len(items) // MIN_CHUNK)
    if jobs < 2 or not can_fork():
        return function(items)
    global _work
    _work = function
    size = -(-len(items) // jobs)
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=FORK) as pool:
            return [result for part in pool.map(_run, [items[i:i + size] for i in range(0, len(items), size)])
                    for result in part]
    finally:
        _work = None


def _run(items: Sequence) -> list:
    return _work(items)
