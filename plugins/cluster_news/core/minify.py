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

_ATTRIBUTES = r"[^>\"']*+(?:(?:\"[^\"]*+\"|'[^']*+')[^>\"']*+)*+"
"""A tag's attributes up to its '>' (quoted values may hold '>')."""
_KEPT_OR_TAG = (
    r"<!--.*?-->|"
    # Elements whose text is shown or run as written: preformatted text, code (Material shows inline code and
    # keyboard keys with `white-space: pre-wrap`), form text, scripts (hashed by the policy) and styles.
    + "|".join(rf"<{name}(?=[\s/>])" + _ATTRIBUTES + rf">.*?</{name}\s*>"
               for name in ("pre", "textarea", "script", "style", "code", "kbd"))
    # Any other tag, left as it is.
    + r"|<[!/?a-z]" + _ATTRIBUTES + r">")
_RUN_WITH_BREAK = r"[ \t\r\f]*\n[ \t\n\r\f]*"
_STRETCH_THEN_RUN = re.compile(
    # Read from the start, what comes before a run of whitespace with a line break in text (or the end): at each
    # point, the element or tag that starts there, else text (a '<' that starts none is text); text's own
    # whitespace without a line break after it is taken at once. Then the run (or nothing, at the end).
    r"((?:" + _KEPT_OR_TAG + r"|[^< \t\r\f\n]++|[ \t\r\f]++(?!\n)|<)*+)(" + _RUN_WITH_BREAK + r"|\Z)",
    re.DOTALL | re.IGNORECASE)


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
    # Stretches and runs, each pair one match: the text between matches is empty, so the pieces are
    # '', stretch, run, '', stretch, run, …; the first match without a run (at the end) holds the last stretch.
    pieces = _STRETCH_THEN_RUN.split(page)
    last = pieces[2::3].index("")
    return "\n".join(pieces[1:3 * last + 2:3])
