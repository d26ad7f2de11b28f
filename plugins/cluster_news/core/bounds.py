"""Bounded work per body, whatever its shape: where Python-Markdown's time grows with the square of a body's
length, and the budget of processor time that stops any body that still takes too long.

Python-Markdown (3.11) scans, for every opening it meets, the rest of the text for its end, and starts
again from the next opening when there is none:

- an HTML start tag (`<a ` repeated): the HTML parser looks for the tag's `>` to the end of the text, and
  on failing treats one character as text and tries again at the next `<`;
- a link's or picture's text (`[` or `![` repeated): it counts brackets character by character, in Python,
  up to the matching `]`;
- a link's address (`](` repeated): likewise up to the matching `)`;
- a code span (backticks that no later run of as many closes, with `<a` between them: found by the fuzzer):
  character by character, in Python, to the end of the paragraph;
- a footnote referred to many times: each reference tried every name given before it (as the table of
  contents' unique ids did before Python-Markdown 3.11 cached them; found by the fuzzer);
- a processing instruction (`<?` repeated in an HTML block) looked for its `>` to the end for each;
- the attribute list at the end of a heading (`{: ` repeated on one line): each `{` that did not end the
  line read the line to its end and back, in the regular expression.

These are fixed here, in the classes Python-Markdown builds its parsers from (so the build's renderings,
MkDocs' own, are bounded too; `tests/test_untrusted_content.py` pins each change to Python-Markdown's own
results): a start tag or a link's address longer than `MAX_SCAN` characters is text, as an unclosed one is;
a link's text is found by jumping from bracket to bracket, a code span's end from run to run of backticks,
a footnote reference's name from the last one given, a processing instruction's end once per text, an
attribute list on the last line alone (each replaced method keeps what it replaced as `original`). The
number of such openings per body is bounded before rendering (`body.py`), and so are the other shapes
found (headings, nesting, paragraphs). What no bound foresaw stops at the budget (`time_budget`)."""

from __future__ import annotations

import bisect
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

from markdown import htmlparser
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.footnotes import RE_REF_ID, FootnoteExtension
from markdown.inlinepatterns import BacktickInlineProcessor, LinkInlineProcessor

MAX_SCAN = 1000
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


_BACKTICKS = re.compile(r"`+")


class _Runs:
    """The runs of backticks of one text, for `code_span`: where each starts and ends, those of each length
    in order, and the longest from each on (the first of them when several are as long)."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.of_length: dict[int, list[int]] = {}
        for index, match in enumerate(_BACKTICKS.finditer(text)):
            self.starts.append(match.start())
            self.ends.append(match.end())
            self.of_length.setdefault(match.end() - match.start(), []).append(index)
        self.longest: list[tuple[int, int]] = [(0, 0)] * (len(self.starts) + 1)
        for index in range(len(self.starts) - 1, -1, -1):
            length = self.ends[index] - self.starts[index]
            later = self.longest[index + 1]
            self.longest[index] = (length, self.ends[index]) if length >= later[0] else later

    def after(self, start: int, ticks: int) -> tuple[int | None, int, int]:
        """The start of the first run of `ticks` backticks from `start` on, if any; and the length and end
        of the longest run from there."""
        index = bisect.bisect_left(self.starts, start)
        alike = self.of_length.get(ticks, [])
        first = bisect.bisect_left(alike, index)
        return (self.starts[alike[first]] if first < len(alike) else None), *self.longest[index]


def code_span(self: BacktickInlineProcessor, start: int, text: str) -> tuple[int, int | None]:
    """`BacktickInlineProcessor.find_code_spans`, the same results, jumping from run to run of backticks
    instead of looking at every character: an opening that no run closes made Python-Markdown read the
    rest of the text again, for each ('``x`' repeated over 64 KB: 33 s). What follows an opening no run
    closed is kept (`_Runs`), for the other openings of the same text."""
    opening = start
    while start < len(text) and text[start] == "`":
        start += 1
    ticks = start - opening
    runs = getattr(self, "_runs", None)
    if runs is not None and runs.text is text:
        closing, longest, end = runs.after(start, ticks)
    else:
        closing, longest, end = None, 0, 0
        for match in _BACKTICKS.finditer(text, start):
            if match.end() - match.start() == ticks:
                closing = match.start()
                break
            if match.end() - match.start() > longest:
                longest, end = match.end() - match.start(), match.end()
        else:
            self._runs = _Runs(text)
    if closing is not None:
        return start, closing
    if 0 < longest < ticks:
        return start - (ticks - longest), end - longest
    return start + ticks, None


def footnote_reference(self: FootnoteExtension, reference: str, found: bool = False) -> str:
    """`FootnoteExtension.unique_ref`, the same results, going on from the last reference it gave for the
    same footnote instead of trying every one before it again: a footnote referred to many times made it
    quadratic ('[^1]: <div markdown>' repeated over 16 KB: 0.5 s). The names it tries for one footnote
    all end with that footnote's name, so no other footnote's can be among them."""
    if not found:
        return reference
    given = getattr(self, "_references_given", None)
    if given is None or given[0] is not self.used_refs:  # the extension was reset for another text
        given = self._references_given = (self.used_refs, {})
    separator = self.get_separator()
    candidate = given[1].get(reference, reference)
    while candidate in self.used_refs:
        name, rest = candidate.split(separator, 1)
        numbered = RE_REF_ID.match(name)
        candidate = (f"{numbered.group(1)}{int(numbered.group(2)) + 1}{separator}{rest}" if numbered
                     else f"{name}2{separator}{rest}")
    self.used_refs.add(candidate)
    given[1][reference] = candidate
    self.found_refs[reference] = self.found_refs.get(reference, 0) + 1
    return candidate


def unclosed_once(parse_pi: Callable) -> Callable:
    """An HTML parser's `parse_pi`, the same results, that looks for the `>` closing a processing instruction
    (`<?…>`) once per text: where it is not found from one position on, it is not from any later one either
    (Python-Markdown remembers the same for comments). Each `<?` looked to the end again ('<?' repeated over
    128 KB in an HTML block: 5.7 s; found by the fuzzer)."""

    def parse(self: HTMLParser, i: int) -> int:
        searched, after = getattr(self, "_no_pi_close", (None, 0))
        if searched is self.rawdata and i >= after:
            return -1
        end = parse_pi(self, i)
        if end < 0:
            self._no_pi_close = (self.rawdata, i)
        return end

    parse.original = parse_pi  # type: ignore[attr-defined]
    return parse


class OnTheLastLine:
    """A pattern of the attribute-list extension that can only match on a text's last line (it ends with
    `}` and spaces before the end, and no part of it crosses a line): searched there alone, and not at all
    when that line does not end so. Searched everywhere, each `{` that fails read its line to the end and
    back ('# ' then '{: ' repeated on one line of 128 KB: 12 s; found by the fuzzer)."""

    def __init__(self, pattern: re.Pattern):
        self.original = pattern

    def search(self, text: str) -> re.Match | None:
        end = len(text) - 1 if text.endswith("\n") else len(text)
        if not text[:end].rstrip(" ").endswith("}"):
            return None
        return self.original.search(text, max(text.rfind("\n", 0, end), 0))


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
    if not hasattr(htmlparser._HTMLParser.parse_pi, "original"):
        htmlparser._HTMLParser.parse_pi = unclosed_once(htmlparser._HTMLParser.parse_pi)
    for name in ("HEADER_RE", "BLOCK_RE"):
        if not isinstance(getattr(AttrListTreeprocessor, name), OnTheLastLine):
            setattr(AttrListTreeprocessor, name, OnTheLastLine(getattr(AttrListTreeprocessor, name)))
    if FootnoteExtension.unique_ref is not footnote_reference:
        footnote_reference.original = FootnoteExtension.unique_ref  # type: ignore[attr-defined]
        FootnoteExtension.unique_ref = footnote_reference
    if BacktickInlineProcessor.find_code_spans is not code_span:
        code_span.original = BacktickInlineProcessor.find_code_spans  # type: ignore[attr-defined]
        BacktickInlineProcessor.find_code_spans = code_span


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
