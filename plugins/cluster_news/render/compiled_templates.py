"""Templates compiled once per user, not once per process and language.

MkDocs makes a new Jinja environment for every build, and static-i18n runs one build per language:
without a shared cache, Material's ~35 templates (and our fragments) were compiled again for every
language, and again by every process — a quarter of the CPU of a small site's build, paid by every build
and preview start. The compiled code is kept in memory for the process and on disk in Jinja's
per-user folder (`<temp>/_jinja2-cache-<uid>`, which Jinja creates readable by its owner only and
refuses to use otherwise). What it holds is code, so it must never come from anyone else: it is not the
project's `.cache/` (which the deploy workflow restores), and a file is read only if it is a regular file
of this user that nobody else may write (the folder could have been replaced since it was checked).

Jinja checks each cached template against its source. The compiled code also depends on what the source
does not say: the environment's settings, its filters and tests (Jinja decides when compiling whether a
filter receives the context, and computes filters of constants once), Python's version and those of the
installed packages. All of that is in the key, so a differently configured environment never
gets another's code; a digest of each file's contents catches a file damaged on disk.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket

from ..core.cache import installed_distributions

_RUNTIME = (sys.version, *installed_distributions())
"""The code the compiled templates call (Jinja's runtime, the filters of MkDocs and Material) and Python."""


def user_folder() -> Path | None:
    """Jinja's folder for this user's compiled templates, or None when it cannot be made safe."""
    try:
        return Path(FileSystemBytecodeCache().directory)  # Jinja makes it, and checks its owner and mode
    except (OSError, RuntimeError):
        return None


def _described(value: Any) -> str:
    """A setting as the same text in every process (a function's repr holds its address)."""
    if callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    return repr(value)


def _functions(functions: dict[str, Any]) -> tuple:
    """Filters or tests as the compiler sees them: name, what they are passed, where they come from."""
    return tuple((name, repr(getattr(function, "jinja_pass_arg", None)), _described(function))
                 for name, function in sorted(functions.items()))


class CompiledTemplates(BytecodeCache):
    def __init__(self, folder: Path | None) -> None:
        """Kept in memory, and in `folder` (None: in memory only)."""
        self._code: dict[str, bytes] = {}
        self._folder = folder

    @staticmethod
    def _key(bucket: Bucket) -> str:
        env = bucket.environment
        described = (_RUNTIME, bucket.key, _described(type(env)), tuple(sorted(env.extensions)),
                     env.block_start_string, env.block_end_string, env.variable_start_string,
                     env.variable_end_string, env.comment_start_string, env.comment_end_string,
                     env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
                     env.newline_sequence, env.keep_trailing_newline, env.optimized, env.is_async,
                     _described(env.autoescape), _described(env.finalize), getattr(env, "newstyle_gettext", None),
                     tuple((name, _described(value)) for name, value in sorted(env.policies.items())),
                     _functions(env.filters), _functions(env.tests))
        return hashlib.sha256(repr(described).encode()).hexdigest()

    def _path(self, key: str) -> Path | None:
        return self._folder / f"cluster-news-{key[:40]}.cache" if self._folder is not None else None

    def load_bytecode(self, bucket: Bucket) -> None:
        key = self._key(bucket)
        code = self._code.get(key)
        if code is None and (path := self._path(key)) is not None:
            code = _read(path)
        if code is None:
            return
        try:
            bucket.bytecode_from_string(code)  # ignored by Jinja when the template's source has changed
        except Exception:  # not what Jinja writes (its digest matched): compile again, and replace it
            bucket.reset()
            return
        if bucket.code is not None:
            self._code[key] = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        key = self._key(bucket)
        code = self._code[key] = bucket.bytecode_to_string()
        if (path := self._path(key)) is not None:
            _write(path, code)


def _read(path: Path) -> bytes | None:
    """The code kept in `path` if the file is this user's alone and whole, else None."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        try:
            status = os.fstat(handle)
            if (not stat.S_ISREG(status.st_mode) or status.st_uid != os.getuid()
                    or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
                return None
            kept = file.read()
        except OSError:
            return None
    digest, code = kept[:32], kept[32:]
    return code if len(digest) == 32 and hashlib.sha256(code).digest() == digest else None


def _write(path: Path, code: bytes) -> None:
    """Whole or not at all: another process may be reading it. A failure only costs compiling again."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cluster-news-")  # readable by its owner only
    except OSError:
        return  # a read-only or vanished folder
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(hashlib.sha256(code).digest() + code)
        os.replace(temporary, path)
    except BaseException as error:  # a full disk, or the process interrupted: leave nothing behind
        with suppress(OSError):
            os.unlink(temporary)
        if not isinstance(error, OSError):
            raise


COMPILED_TEMPLATES = CompiledTemplates(user_folder())
"""For the theme's environment of every build (adapter/plugin.py) and for our fragments' (renderer.py)."""
