"""Work spread over the machine's CPUs: by forking this process (the work's data is inherited, not sent), or,
for work done outside Python's global lock (Pillow's decoding, resizing and encoding), in threads.

Forking is only safe while the process has one thread: a thread holding a lock at the fork (the
preview's server and file watcher run in threads) would leave the lock held forever in the child. Then,
and where `fork` does not exist, the work is done here, one piece after another.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from .messages import Message, tr

T = TypeVar("T")
R = TypeVar("R")

FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
MIN_CHUNK = 250
"""Fewer items than this per process are not worth a process (starting one costs ~50 ms)."""
MAX_CHUNK = 1000
"""Items a process works on before it hands their results back: a process that kept the results of its
whole share (every body's HTML, at 5,000 items per language) until the end, then copied them into one
message, held them three times at once."""
_work: Callable | None = None


def cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether forking is safe here (see above)."""
    return FORK is not None and threading.active_count() == 1


@contextmanager
def shared_with_forks() -> Iterator[None]:
    """Around forking: the objects that exist now are left out of the garbage collector's passes in the
    children. A child's full collection writes to every object it goes through, and the kernel then gives the
    child its own copy of each page those objects are on: every worker would end up holding a copy of the
    whole content (the build's memory would grow with the archive times the processes). This process takes
    them back once the children are forked (unless something had set them aside before: the preview)."""
    already = gc.get_freeze_count()
    gc.freeze()
    _give_back_freed_memory()
    try:
        yield
    finally:
        if not already:
            gc.unfreeze()


def give_back_unreachable_memory() -> None:
    """Free what nothing reaches any more (cycles too), and give it back to the system: for a process about
    to start others (Pagefind) once it has let go of most of what it held."""
    gc.collect()
    _give_back_freed_memory()


def _give_back_freed_memory() -> None:
    """Memory freed since it was taken (the bodies' renderings of a first build, what validation no longer
    needs) stays in the C library's heap: children would inherit it and copy each page of it they reuse.
    glibc gives it back to the system on request; elsewhere nothing is done."""
    try:
        _LIBC.malloc_trim(0)
    except AttributeError:
        pass


_LIBC = ctypes.CDLL(ctypes.util.find_library("c")) if sys.platform.startswith("linux") else None


class SpoolUnwritable(Exception):
    """A spool folder or file could not be made or written: its disk is full, or the folder is not writable."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


@contextmanager
def spooling(folder: Path | None = None) -> Iterator[None]:
    """Around making or writing a spool: the system's error becomes one a maintainer can act on, naming the
    folder and how to give the build room (the spools hold about as much as the site's pages)."""
    try:
        yield
    except OSError as error:
        raise SpoolUnwritable(tr(
            "cluster-news: the build cannot write its working files in {folder}: {reason} (free space there, "
            "or set TMPDIR to a folder on a disk with as much room as the site's pages take)",
            folder=str(folder or tempfile.gettempdir()), reason=error.strerror or str(error))) from None


def spool_folder(owner: object, prefix: str) -> Path:
    """A private temporary folder where this process and the workers forked from it each append to a spool
    file of their own, removed with `owner` by the process that made it (a worker exiting leaves it)."""
    with spooling():
        folder = Path(tempfile.mkdtemp(prefix=prefix))
    weakref.finalize(owner, _remove_if_made_here, folder, os.getpid())
    return folder


def _remove_if_made_here(folder: Path, maker: int) -> None:
    if os.getpid() == maker:
        shutil.rmtree(folder, ignore_errors=True)


def append_all(descriptor: int, data: bytes) -> None:
    """Write all of `data` to an unbuffered file: a disk filling up mid-write makes `os.write` write only a
    part (the next call then fails), which would leave a spooled entry cut short."""
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view):]


def read_spooled(file: Path, offset: int, length: int) -> bytes:
    """The `length` bytes at `offset` of a spool file."""
    with open(file, "rb") as spool:
        spool.seek(offset)
        return spool.read(length)


def in_processes(function: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """`function(item)` for every item, in order, in at most `jobs` forked processes (here when `jobs`
    is 1, there is one item, or forking is not safe)."""
    if jobs <= 1 or len(items) <= 1 or not can_fork():
        return [function(item) for item in items]
    global _work
    _work = function  # inherited by the workers, which fork at the first task: nothing is pickled
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        with shared_with_forks(), ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=FORK) as pool:
            return list(pool.map(_run, items))
    finally:
        _work = None


class Ahead:
    """`function(*args)` in a process forked now, for work whose results land in files (a cache) that this
    process would otherwise make later, while it has a core to spare: `wait()` before using them, `stop()`
    when they are no longer wanted. What the process did not finish is this process's to do, as before."""

    def __init__(self, function: Callable[..., None], *args) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        self._process = FORK.Process(target=_quietly, args=(function, *args), daemon=True)
        self._process.start()

    @classmethod
    def start(cls, function: Callable[..., None], *args) -> Ahead | None:
        """None where forking is not safe (see above), or this process may not have children (a daemonic
        process of `multiprocessing`'s): the work is then done later, here."""
        return cls(function, *args) if can_fork() and not multiprocessing.current_process().daemon else None

    def wait(self) -> None:
        self._process.join()

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


def _quietly(function: Callable[..., None], *args) -> None:
    """In the process of `Ahead`: whatever fails is left to the process that forked it, which reports it."""
    try:
        function(*args)
    except Exception:  # the work is done again, and any problem reported, by the process that forked this one
        pass


def in_threads(function: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """`function(item)` for every item, in order, in at most `jobs` threads of this process: for work that
    spends its time outside Python's global lock. Unlike forked processes, threads copy nothing of this
    process's memory (a forked worker came to hold a copy of whatever of the build's heap it touched)."""
    if jobs <= 1 or len(items) <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(jobs, len(items))) as pool:
        return list(pool.map(function, items))


def map_chunks(function: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R]:
    """`function` applied to slices of `items`, their results joined in order: slices of at most MAX_CHUNK
    items, at least one per CPU, in forked processes, when there is enough work; else to all of them here."""
    jobs = min(cpus(), len(items) // MIN_CHUNK)
    if jobs < 2:
        return function(items)
    slices = max(jobs, -(-len(items) // MAX_CHUNK))
    size = -(-len(items) // slices)
    return [result for part in in_processes(function, [items[i:i + size] for i in range(0, len(items), size)], jobs)
            for result in part]


def _run(item):
    return _work(item)
