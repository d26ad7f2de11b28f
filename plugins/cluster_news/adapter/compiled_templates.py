"""The theme's templates, compiled once per process instead of once per language.

MkDocs makes a new Jinja environment for every build, and static-i18n runs one build per language:
without a shared cache, Material's ~35 templates are compiled again for every language (about 1.5 %
of a build). Jinja checks each cached template against its source; the key also holds what else
changes the compiled code (extensions, syntax options), so a differently configured environment never
gets another's code.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class CompiledTemplates(BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[tuple, bytes] = {}

    @staticmethod
    def _key(bucket: Bucket) -> tuple:
        env = bucket.environment
        return (bucket.key, tuple(sorted(env.extensions)), env.block_start_string, env.variable_start_string,
                env.comment_start_string, env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
                repr(env.autoescape), repr(env.finalize))

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(self._key(bucket))
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored by Jinja when the template's source has changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[self._key(bucket)] = bucket.bytecode_to_string()
