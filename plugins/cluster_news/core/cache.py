"""Where builds keep what they reuse from one run to the next (resized pictures, rendered bodies):
`.cache/cluster-news/` beside mkdocs.yml, which .gitignore keeps out of commits."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from .messages import tr

CACHE_FOLDER = Path(".cache") / "cluster-news"
KEPT_SETTINGS = 3
"""Files of one kind kept for this many ways of making them: `check` and the build render with different
options."""


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


@functools.lru_cache(maxsize=1)
def code_version() -> list:
    """The code that makes what is kept: this package's source, the installed distributions, Python."""
    package = Path(__file__).resolve().parent.parent
    source = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        source.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return [sys.version, source.hexdigest(), installed_distributions()]


def read_document(file: Path, adapt: Callable[[str], str] = str) -> dict[str, object]:
    """What `write_entries` wrote into `file` (its text `adapt`ed first), with its entries; nothing if it
    cannot be read."""
    try:
        document = json.loads(adapt(file.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) and isinstance(document.get("entries"), dict) else {}


def write_entries(file: Path, prefix: str, entries: list[str], **values: str) -> bool:
    """Write `entries` (each '"key":value' in JSON), and `values` beside them, into `file`, whole or not at all
    (also for a build running beside this one), and remove the files named with `prefix` but for the last
    few ways of making them; False if the folder cannot be written."""
    head = "".join(f"{json.dumps(name)}:{json.dumps(value)}," for name, value in values.items())
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=file.parent, prefix=f".{prefix}",
                                         delete=False) as out:
            try:
                out.write("{" + head + '"entries":{')
                for index, entry in enumerate(entries):  # one by one: joined, they were a second copy of them all
                    out.write("," + entry if index else entry)
                out.write("}}")
            except OSError:
                os.unlink(out.name)
                raise
        os.replace(out.name, file)
        others = sorted(file.parent.glob(f"{prefix}*.json"), key=lambda path: path.stat().st_mtime)
        for old in others[:-KEPT_SETTINGS]:
            old.unlink(missing_ok=True)
    except OSError:
        return False
    return True
