"""Templates compiled once per user, not once per process and language.

MkDocs makes a new Jinja environment for every build, and static-i18n runs one build per language:
without a shared cache, Material's ~35 templates (and our fragments) were compiled again for every
language, and again by every process — a third of the CPU of a small site's build, paid by every build,
`check` and preview start. The compiled code is kept in memory for the process and on disk in Jinja's
per-user folder (`<temp>/_jinja2-cache-<uid>`, which Jinja creates readable by its owner only and
refuses to use otherwise: what it holds is code, so it must never come from anyone else — it is not
the project's `.cache/`, which the deploy workflow restores). Jinja checks each cached template against
its source; the key also holds what else changes the compiled code (Jinja's version, extensions,
syntax options), so a differently configured environment never gets another's code.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import jinja2
from jinja2 import BytecodeCache, FileSystemBytecodeCache
from jinja2.bccache import Bucket


def user_folder() -> Path | None:
    """Jinja's folder for this user's compiled templates, or None when it cannot be made safe."""
    try:
        return Path(FileSystemBytecodeCache().directory)  # Jinja makes it, and checks its owner and mode
    except (OSError, RuntimeError):
        return None


class CompiledTemplates(BytecodeCache):
    def __init__(self, folder: Path | None) -> None:
        """Kept in memory, and in `folder` (None: in memory only)."""
        self._code: dict[str, bytes] = {}
        self._folder = folder

    @staticmethod
    def _key(bucket: Bucket) -> str:
        env = bucket.environment
        described = (jinja2.__version__, bucket.key, tuple(sorted(env.extensions)), env.block_start_string,
                     env.block_end_string, env.variable_start_string, env.variable_end_string,
                     env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
                     env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                     env.keep_trailing_newline, env.optimized, env.is_async, repr(env.autoescape),
                     repr(env.finalize), getattr(env, "newstyle_gettext", None))
        return hashlib.sha256(repr(described).encode()).hexdigest()

    def _path(self, key: str) -> Path | None:
        return self._folder / f"cluster-news-{key[:40]}.cache" if self._folder is not None else None

    def load_bytecode(self, bucket: Bucket) -> None:
        key = self._key(bucket)
        code = self._code.get(key)
        if code is None and (path := self._path(key)) is not None:
            try:
                code = path.read_bytes()
            except OSError:
                return
        if code is None:
            return
        try:
            bucket.bytecode_from_string(code)  # ignored by Jinja when the template's source has changed
        except Exception:  # a file cut short or damaged: compile again (and replace it)
            bucket.reset()
            return
        if bucket.code is not None:
            self._code[key] = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        key = self._key(bucket)
        code = self._code[key] = bucket.bytecode_to_string()
        if (path := self._path(key)) is None:
            return
        try:  # whole or not at all: another process may be reading it
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cluster-news-")
        except OSError:
            return  # a read-only folder: compiled again next time
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(code)
            os.replace(temporary, path)
        except OSError:  # a full disk
            Path(temporary).unlink(missing_ok=True)


COMPILED_TEMPLATES = CompiledTemplates(user_folder())
"""For the theme's environment of every build (adapter/plugin.py) and for our fragments' (renderer.py)."""
