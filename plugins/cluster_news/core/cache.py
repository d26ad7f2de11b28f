"""Where builds keep what they reuse from one run to the next (resized pictures, rendered bodies):
`.cache/cluster-news/` beside mkdocs.yml, which .gitignore keeps out of commits."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

from .messages import tr

CACHE_FOLDER = Path(".cache") / "cluster-news"


class CommittedCache(Exception):
    """The repository tracks files in the cache folder."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def cache_folder(root: Path) -> Path:
    """The cache folder of the project at `root`. CommittedCache when git tracks anything in it: the
    build would publish what a commit put there (copies of pictures, texts of articles) while the
    commit's changes under content/ show something else."""
    folder = root / CACHE_FOLDER
    try:
        tracked = subprocess.run(["git", "ls-files", "-z", "--", CACHE_FOLDER.as_posix()], cwd=root,
                                 capture_output=True, text=True, check=True, timeout=60).stdout.split("\0")[0]
    except (OSError, subprocess.SubprocessError):
        return folder  # not a git checkout: nothing can be committed there
    if tracked:
        raise CommittedCache(tr("{path}: the build's cache ({folder}) is committed to the repository, and builds "
                                "must not reuse what a commit brings; remove it from the repository with: {command}",
                                path=tracked, folder=f"{CACHE_FOLDER.as_posix()}/",
                                command=f"git rm -r --cached {CACHE_FOLDER.parent.as_posix()}"))
    return folder


@functools.lru_cache(maxsize=1)
def installed_distributions() -> list[str]:
    """The installed distributions, with their versions: the names of their metadata folders (reading the
    metadata itself takes a quarter second; asking importlib.metadata for five versions, 75 ms). What is
    kept between runs depends on them."""
    return sorted(entry.name for folder in sys.path if os.path.isdir(folder) for entry in os.scandir(folder)
                  if entry.name.endswith((".dist-info", ".egg-info")))
