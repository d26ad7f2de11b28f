"""Bounded work per body, whatever its shape: where Python-Markdown's time grows with the square of a body's
length, and the budget of processor time that stops any body that still takes too long.

Python-Markdown (3.11) scans, for every opening it meets, the rest of the text for its end, and starts
again from the next opening when there is none:

- an HTML start tag (`<a ` repeated): the HTML parser looks for the tag's `>` to the end of the text, and
  on failing treats one character as text and tries again at the next `<`;
- a link's or picture's text (`[` or `![` repeated): it counts brackets character by character, in Python,
  up to the matching `]`;
- a link's address (`](` repeated): likewise up to the matching `)`.

These are fixed here, in the classes Python-Markdown builds its parsers from (so the build's renderings,
MkDocs' own, are bounded too; `tests/test_untrusted_content.py` pins each change to Python-Markdown's own
results): a start tag or a link's address longer than `MAX_SCAN` characters is text, as an unclosed one is;
a link's text is found by jumping from bracket to bracket. The number of such openings per body is bounded
before rendering (`body.py`), and so is the other shape found (many headings in one paragraph, which every
block processor reads again after each). What no bound foresaw stops at the budget (`time_budget`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

from markdown import htmlparser
from markdown.inlinepatterns import LinkInlineProcessor

MAX_SCAN = 2000
"""Characters an HTML start tag, or a link's address, may span: longer is text. An embed's address is a
few hundred characters."""


def within_reach(check_for_whole_start_tag: Callable) -> Callable:
    """An HTML parser's `check_for_whole_start_tag` that looks at most `MAX_SCAN` characters ahead: a tag
    that does not end within them is incomplete (-1), and is read as text."""

    def bounded(self: HTMLParser, i: int) -> int:
        rawdata = self.rawdata
        if len(rawdata) - i <= MAX_SCAN:
            return check_for_whole_start_tag(self, i)
        self.rawdata = rawdata[i:i + MAX_SCAN]
        try:
            end = check_for_whole_start_tag(self, 0)
        finally:
            self.rawdata = rawdata
        return -1 if end < 0 else i + end

    bounded.original = check_for_whole_start_tag  # type: ignore[attr-defined]
    return bounded


def link_text(self: LinkInlineProcessor, data: str, index: int) -> tuple[str, int, bool]:
    """`LinkInlineProcessor.getText`, the same results, in time that grows with the number of brackets
    (bounded per body) instead of characters: the text up to the `]` that matches the `[` before `index`,
    the index after it, and whether there is one."""
    count, at = 1, index
    opening, closing = data.find("[", at), data.find("]", at)
    while closing >= 0:
        if 0 <= opening < closing:
            count, at = count + 1, opening + 1
            opening = data.find("[", at)
        else:
            count, at = count - 1, closing + 1
            if count == 0:
                return data[index:closing], at, True
            closing = data.find("]", at)
    return data[index:], len(data), False


def address_within_reach(get_link: Callable) -> Callable:
    """`LinkInlineProcessor.getLink` looking at most `MAX_SCAN` characters past the `(`: an address that
    does not close within them is not one (as an unclosed one)."""

    def bounded(self: LinkInlineProcessor, data: str, index: int) -> tuple[str, str | None, int, bool]:
        return get_link(self, data if len(data) - index <= MAX_SCAN else data[:index + MAX_SCAN], index)

    bounded.original = get_link  # type: ignore[attr-defined]
    return bounded


def bound_markdown() -> None:
    """Apply the fixes above to Python-Markdown's classes, once per process (what they replace is kept as
    their `original`, which the tests compare them with)."""
    extractor = htmlparser.HTMLExtractor
    if not hasattr(extractor.check_for_whole_start_tag, "original"):
        extractor.check_for_whole_start_tag = within_reach(extractor.check_for_whole_start_tag)
    if LinkInlineProcessor.getText is not link_text:
        link_text.original = LinkInlineProcessor.getText  # type: ignore[attr-defined]
        LinkInlineProcessor.getText = link_text
    if not hasattr(LinkInlineProcessor.getLink, "original"):
        LinkInlineProcessor.getLink = address_within_reach(LinkInlineProcessor.getLink)


class BoundedHTMLParser(HTMLParser):
    """The standard library's HTML parser with start tags looked for within reach (`within_reach`): our
    own readers of an article's HTML, which holds what raw HTML the editor wrote."""

    check_for_whole_start_tag = within_reach(HTMLParser.check_for_whole_start_tag)


# The budget ---------------------------------------------------------------------------------------------------

class OverBudget(Exception):
    """Raised inside the work that took more processor time than it was given."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the block once it has taken `seconds` of this process's processor time (in user
    and system mode: rebuilding large strings is much of the latter). A timer signal interrupts Python code
    and regular expressions alike; signals reach only a process's main thread, where builds, `check` and
    the processes they fork work (elsewhere the block runs without a budget)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def over(signum, frame) -> None:
        raise OverBudget

    previous = signal.signal(signal.SIGPROF, over)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_PROF, 0)
        finally:  # even if the time ran out just then
            signal.signal(signal.SIGPROF, previous)
