"""Problems found in content: one shape for the build log, the CLI and tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .messages import Message, in_language, tr, tr_n

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
"""Control characters, line separators, and bytes of a name that are not UTF-8 (read as lone surrogates,
which cannot even be printed)."""
_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_COMMAND_AT_LINE_START = re.compile(r"^(\s*):(?=:)", re.MULTILINE)
"""GitHub's runner reads a line that starts with '::' (after spaces) as a workflow command (`::error …::`,
`::add-mask::`, `::stop-commands::`)…"""
_COMMAND_ANYWHERE = re.compile(r"#(?=#\[)")
"""…and '##[command]' anywhere in a line, its older form."""


def _escaped(match: re.Match) -> str:
    return repr(match.group())[1:-1]


def one_line(text: str) -> str:
    """`text` on one line, safe to print to a CI log: line breaks and other control characters shown
    escaped (`\\n`), and no workflow command (see `log_safe`)."""
    return log_safe(_CONTROL.sub(_escaped, text))


def log_safe(text: str) -> str:
    """`text` as it may be printed to a CI log: its line breaks kept, other control characters shown
    escaped (a carriage return starts a line too, an escape sequence can hide text), and workflow
    commands neutralised by writing one character of them as `\\x3a` or `\\x23`."""
    text = _CONTROL_BUT_NEWLINE.sub(_escaped, text)
    text = _COMMAND_AT_LINE_START.sub(lambda match: match.group(1) + "\\x3a", text)
    return _COMMAND_ANYWHERE.sub(r"\\x23", text)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor has to fix, located as `file:line` and named by field. Its message and hint
    are `Message`s (English as text), put into the editor's language where they are shown."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return self.in_language("en")

    def in_language(self, lang: str) -> str:
        """One line, whatever the content holds: a line break in a file name or a field name must not
        start a line of its own, and nothing in it may be read as a workflow command (`one_line`).
        Path, line and field stay as written in every language."""
        where = f"{self.path}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        hint = f" ({in_language(self.hint, lang)})" if self.hint else ""
        return one_line(f"{where}:{field} {in_language(self.message, lang)}{hint}")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def problem_counts(errors: int, warnings: int, files: int | None = None) -> Message:
    """'2 errors, 1 warning in 9 files', each count in its plural form."""
    counts = tr("{errors}, {warnings}", errors=tr_n("{count} error", "{count} errors", errors),
                warnings=tr_n("{count} warning", "{count} warnings", warnings))
    if files is None:
        return counts
    return tr("{counts} {files}", counts=counts, files=tr_n("in {count} file", "in {count} files", files))


class ContentError(Exception):
    """Raised for one field; the loader turns it into a Problem with file and line."""

    def __init__(self, message: str, hint: str = "", field: str | None = None, line: int | None = None,
                 partial: object = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field
        self.line = line
        self.partial = partial
        """What could be read despite the error (e.g. the good entries of a list), for checks that
        look across files, so that every problem of a file is reported at once."""
