"""What the site publishes, minified the same way on every build (the same bytes for the same source).

Our stylesheet and scripts with rcssmin and rjsmin (maintained ports of the classic CSS and JavaScript
minifiers); the sources keep their comments. Pages lose the indentation of the templates that made them:
a run of whitespace between words or tags that holds a line break becomes that one line break, which a
browser shows exactly as it showed the run (both are one collapsible space): about a tenth of a page.
"""

from __future__ import annotations

import re
from pathlib import Path

import rcssmin
import rjsmin

_ATTRIBUTES = r"[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*"
"""A tag's attributes up to its '>' (quoted values may hold '>')."""
_KEPT_OR_TAG = re.compile(
    r"(<!--.*?-->"
    # Elements whose text is shown or run as written: preformatted text, code (Material shows inline code and
    # keyboard keys with `white-space: pre-wrap`), form text, scripts (hashed by the policy) and styles.
    r"|<(pre|textarea|script|style|code|kbd)(?=[\s/>])" + _ATTRIBUTES + r">.*?</\2\s*>"
    # Any other tag, left as it is.
    r"|<[!/?a-z]" + _ATTRIBUTES + r">)",
    re.DOTALL | re.IGNORECASE)
_RUN_WITH_BREAK = re.compile(r"[ \t\r\f]*\n[ \t\n\r\f]*")


def minified(path: Path) -> bytes:
    """The file at `path` (a .css or .js file of ours), minified; any other file as it is."""
    source = path.read_bytes()
    if path.suffix == ".css":
        return rcssmin.cssmin(source.decode("utf-8")).encode("utf-8")
    if path.suffix == ".js":
        return rjsmin.jsmin(source.decode("utf-8")).encode("utf-8")
    return source


def unindented(page: str) -> str:
    """`page` (an HTML document) with every run of whitespace that holds a line break, in text outside the
    elements above, made one line break. Tags and attribute values are left as they are."""
    pieces = _KEPT_OR_TAG.split(page)  # text, kept element or tag, element name (or None), text, …
    for at in range(0, len(pieces), 3):
        if "\n" in pieces[at]:
            pieces[at] = _RUN_WITH_BREAK.sub("\n", pieces[at])
        if at + 2 < len(pieces):
            pieces[at + 2] = ""
    return "".join(pieces)
