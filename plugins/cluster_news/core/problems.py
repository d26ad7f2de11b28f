"""Problems found in content: one shape for the build log, the CLI and tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor has to fix, located as `file:line` and named by field."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        """One line, whatever the content holds: a line break in a file name or a field name must not
        start a line of its own (CI logs read lines that start with '::' as commands)."""
        where = f"{self.path}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return _CONTROL.sub(lambda m: repr(m.group())[1:-1], f"{where}:{field} {self.message}{hint}")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


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
