"""Per-language search: Pagefind indexes the built site (one index per <html lang>)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError


def index(site_dir: Path) -> None:
    """Write site/pagefind/ with the Pagefind binary shipped in the pinned `pagefind[bin]` package."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"cluster-news: Pagefind could not index the site: {result.stderr.strip()}")
