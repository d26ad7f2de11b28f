"""What the preview derives from a file's bytes, kept between its rebuilds while the file is unchanged; and the
status of every file under a folder, which the preview's watcher compares from one look to the next."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from typing import Generic, NamedTuple, TypeVar

COARSE_CLOCK_NS = 50_000_000
"""How far behind the clock a file's change time may be (the kernel stamps files with a coarse clock)."""

Kept = TypeVar("Kept")


class KeptWhileUnchanged(Generic[Kept]):
    """Values made from files' bytes, by path, given back while a file's status (change time, modification
    time, size, inode) is what it was when its value was made. A status is trusted only if the file was last
    changed before that reading began (less the kernel's coarse clock), as git does: any write since would
    have stamped a later change time, which nothing can set back, so the bytes are what they were."""

    def __init__(self) -> None:
        self._read_from_ns = 0
        self._kept: dict[str, tuple[tuple[int, ...], Kept]] = {}
        self._next: dict[str, tuple[tuple[int, ...], Kept]] = {}
        self._started_ns = 0

    def start(self) -> None:
        """A reading of every file begins (what it does not keep again is forgotten at `finish`)."""
        self._started_ns = time.time_ns()
        self._next = {}

    def get(self, path: str, status: os.stat_result) -> Kept | None:
        """The value made from the file at `path` if its status is still `status`, else None."""
        kept = self._kept.get(path)
        if kept is not None and kept[0] == _stamp(status) \
                and status.st_ctime_ns < self._read_from_ns - COARSE_CLOCK_NS:
            return kept[1]
        return None

    def keep(self, path: str, status: os.stat_result, value: Kept) -> None:
        """`value`, made from the file at `path` whose status was `status` before it was read."""
        self._next[path] = (_stamp(status), value)

    def finish(self) -> None:
        self._kept, self._next, self._read_from_ns = self._next, {}, self._started_ns


def _stamp(status: os.stat_result) -> tuple[int, ...]:
    return status.st_ctime_ns, status.st_mtime_ns, status.st_size, status.st_ino, status.st_dev


Status = tuple[int, int, int, int, int, int, int]
"""What a look at a file tells of it: inode, device, modification time (ns), size, mode, owner, group."""


def statuses(path: str, recursive: bool = True) -> dict[str, Status]:
    """The status of `path` and, if it is a folder, of everything under it (followed into folders, and
    through symbolic links, as watchdog's `DirectorySnapshot` does), by path. Raises OSError if `path`
    itself cannot be looked at; what disappears during the look is left out."""
    found = {path: status_of(os.stat(path))}
    folders = [path]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listed:
                entries = list(listed)
        except OSError as error:
            if error.errno in (errno.ENOENT, errno.ENOTDIR, errno.EINVAL) or folder != path and \
                    isinstance(error, PermissionError):
                continue
            raise
        for entry in entries:
            with contextlib.suppress(OSError):
                found[entry.path] = status = status_of(entry.stat())
                if recursive and stat.S_ISDIR(status[4]):
                    folders.append(entry.path)
    return found


def status_of(result: os.stat_result) -> Status:
    return (result.st_ino, result.st_dev, result.st_mtime_ns, result.st_size, result.st_mode, result.st_uid,
            result.st_gid)


class Differences(NamedTuple):
    created: list[str]
    deleted: list[str]
    modified: list[str]


def differences(before: dict[str, Status], after: dict[str, Status]) -> Differences:
    """What was created, deleted or modified (in content, place, mode or owner) between two looks."""
    if before == after:
        return Differences([], [], [])
    return Differences(sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys()),
                       sorted(path for path, status in after.items() if before.get(path, status) != status))


def is_folder(status: Status) -> bool:
    return stat.S_ISDIR(status[4])
