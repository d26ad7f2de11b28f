"""When content last changed, from git: stable iCalendar stamps that move only when a file changes.

One `git log` over the content folder gives, for every file, the time of its last commit and how
many commits touched it. Outside a git checkout (or for files not committed yet), the time is
`SOURCE_DATE_EPOCH` when set, else the file's modification time, and the count is zero.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .schema import YEARS


@dataclass(frozen=True)
class Change:
    at: dt.datetime
    commits: frozenset[int]
    """Which commits (numbered in the log) touched the file."""

    @property
    def revision(self) -> int:
        """0 for the first version, +1 for every later commit: iCalendar's SEQUENCE."""
        return max(len(self.commits) - 1, 0)


class ContentHistory:
    def __init__(self, changes: dict[Path, Change]):
        self._changes = changes
        self._times: dict[Path, float] = {}
        """Modification times of files git cannot tell about, as first seen: one plan, one time per file."""

    @classmethod
    def from_git(cls, root: Path) -> "ContentHistory":
        try:
            log = subprocess.run(
                ["git", "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", "."],
                cwd=root, capture_output=True, text=True, check=True, timeout=120,
            ).stdout
            top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True,
                                 text=True, check=True, timeout=30).stdout.strip()
            dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--", "."], cwd=root,
                                   capture_output=True, text=True, check=True, timeout=60).stdout
        except (OSError, subprocess.SubprocessError):
            return cls({})
        changes: dict[Path, Change] = {}
        undated: dict[Path, frozenset[int]] = {}
        """Files whose latest commits have a date no calendar has, with those commits (counted, not dated)."""
        for number, commit in enumerate(log.split("\x00")[1:]):
            lines = commit.strip().splitlines()
            if not lines:
                continue
            at = _commit_time(lines[0])
            for name in lines[1:]:
                path = _resolved(Path(top) / name)
                known = changes.get(path)
                # git log lists newest commits first: the first time we see a file is its last change.
                if known is not None:
                    changes[path] = Change(known.at, known.commits | {number})
                elif at is None:
                    undated[path] = undated.get(path, frozenset()) | {number}
                else:
                    changes[path] = Change(at, undated.pop(path, frozenset()) | {number})
        for line in dirty.splitlines():  # edited but not committed: no commit time describes it
            changes.pop(_resolved(Path(top) / line[3:].strip('"')), None)
        return cls(changes)

    def changes_except(self, paths: list[Path]) -> dict[Path, Change]:
        """What is known of every file but `paths`: to tell whether anything but them changed."""
        left_out = {_resolved(path) for path in paths}
        return {path: change for path, change in self._changes.items() if path not in left_out}

    def commits(self, path: Path) -> frozenset[int]:
        """Which commits touched `path` (none outside git or before its first commit)."""
        change = self._changes.get(_resolved(path))
        return change.commits if change is not None else frozenset()

    def last_change(self, paths: list[Path]) -> Change:
        """The latest change of any of `paths` (the versions of one item) and their commit count."""
        found = [self._changes.get(_resolved(path)) for path in paths]
        if paths and all(found):
            return Change(max(c.at for c in found), frozenset().union(*(c.commits for c in found)))
        return Change(self._fallback_time(paths), frozenset())

    def _fallback_time(self, paths: list[Path]) -> dt.datetime:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        for path in paths:
            if path not in self._times:
                try:
                    self._times[path] = os.stat(path).st_mtime
                except OSError:  # gone since it was read
                    continue
        stamps = [self._times[path] for path in paths if path in self._times]
        return dt.datetime.fromtimestamp(int(max(stamps, default=0)), dt.timezone.utc)


def _commit_time(text: str) -> dt.datetime | None:
    """A commit's time (`%ct`), or None when it is not a time the site's dates may have (`YEARS`): a commit
    can claim any date (year 11476, which Python's dates cannot even hold, and which a merge can bring in),
    and such a date must neither stop every later build nor stamp the calendars. A file whose commits are
    all like that is dated as one not committed yet."""
    try:
        at = dt.datetime.fromtimestamp(int(text), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    return at if at.year in YEARS else None


@lru_cache(maxsize=None)
def _resolved(path: Path) -> Path:
    """`path` as git's log names it (symbolic links resolved). Content files are never links (validation
    refuses them): resolving their folder, which a few thousand files share, is enough. Kept for each
    path: the preview asks again about every file after each save."""
    return _resolved_folder(path.parent) / path.name


@lru_cache(maxsize=None)
def _resolved_folder(folder: Path) -> Path:
    return folder.resolve()
