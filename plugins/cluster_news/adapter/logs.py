"""What MkDocs prints, made safe for a CI log, whoever logs it: our messages, MkDocs' own (they name files
and quote their errors), the theme's and other plugins'. A file name from a pull request must not start a
line that GitHub's runner reads as a workflow command (`::error …::`, `::add-mask::`), nor hide text
with a control character."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from mkdocs.exceptions import PluginError

from ..core.messages import available_languages, in_language, language_from_environment
from ..core.problems import log_safe
from ..core.processes import SpoolUnwritable
from . import couplings


class LogSafe(logging.Filter):
    """Rewrites each record's text (and its traceback's) with `log_safe` before a handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = log_safe(record.getMessage()), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = log_safe(logging.Formatter().formatException(record.exc_info))
        return True


_FILTER = LogSafe()


def said(message: str, languages: Iterable[str] | None = None) -> str:
    """`message` in the language the environment asks for, as `cluster-news check` reads it (LC_ALL,
    LC_MESSAGES, LANG), if it is one of `languages` (the site's; by default those with a catalogue)."""
    return in_language(message, language_from_environment(languages or available_languages()))


@contextmanager
def spools_said(languages: Iterable[str] | None = None) -> Iterator[None]:
    """A spool that cannot be written (a full disk) stops the build with its message, not a traceback."""
    try:
        yield
    except SpoolUnwritable as error:
        raise PluginError(said(error.message, languages)) from None


def make_logs_safe() -> None:
    """On every handler of MkDocs' logger (a filter on a handler sees what child loggers send it), and
    for a traceback that reaches Python's own handler (an exception no one caught)."""
    for handler in couplings.mkdocs_logger().handlers:
        if _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
    sys.excepthook = _print_safely


def _print_safely(kind, error, trace) -> None:
    sys.stderr.write(log_safe("".join(traceback.format_exception(kind, error, trace))))
