"""Our stylesheet and scripts as the site publishes them: minified with rcssmin and rjsmin (maintained ports of
the classic CSS and JavaScript minifiers), the same bytes for the same source. The sources keep their comments."""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin


def minified(path: Path) -> bytes:
    """The file at `path` (a .css or .js file of ours), minified; any other file as it is."""
    source = path.read_bytes()
    if path.suffix == ".css":
        return rcssmin.cssmin(source.decode("utf-8")).encode("utf-8")
    if path.suffix == ".js":
        return rjsmin.jsmin(source.decode("utf-8")).encode("utf-8")
    return source
