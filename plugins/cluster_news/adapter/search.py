"""Per-language search: Pagefind indexes the built site (one index per <html lang>)."""

from __future__ import annotations

import json
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
    _sort_entry(site_dir / "pagefind" / "pagefind-entry.json")


def _sort_entry(entry: Path) -> None:
    """Pagefind lists the languages in hash-map order, different on every run: sort them, so that the
    same sources give the same bytes (the index files themselves are named by content hashes)."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
