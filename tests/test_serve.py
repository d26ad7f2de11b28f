"""`mkdocs serve` (the editors' preview) shows drafts, marked as drafts; `mkdocs build` never does."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

from conftest import MKDOCS, SITE_URL


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return None


def test_preview_shows_drafts_with_a_notice(fixture_site):
    fixture_site.write("en/news/draft-one.md", {"title": "Draft one", "date": "2025-01-01", "draft": True})
    port = free_port()
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([str(MKDOCS), "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
                              cwd=fixture_site.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = None
        deadline = time.monotonic() + 90
        while page is None and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.5)
            page = fetch(f"http://127.0.0.1:{port}/clusters-site/news/draft-one/")
        assert page is not None, "the preview did not serve the draft"
        assert "Draft: this page is shown only in the local preview." in page
        assert "Draft one" in fetch(f"http://127.0.0.1:{port}/clusters-site/news/")
    finally:
        server.terminate()
        server.wait(timeout=30)
    built = fixture_site.build()
    assert built.ok and not built.exists("news/draft-one/")
