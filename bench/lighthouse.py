"""Lighthouse's mobile scores of each kind of page, served compressed as GitHub Pages serves them.

    npm ci --prefix bench                               # Lighthouse, from the npm registry (once)
    .venv/bin/python bench/lighthouse.py                # builds the site, 1 run a page
    .venv/bin/python bench/lighthouse.py --repeat 3     # the median of 3 runs a page
    .venv/bin/python bench/lighthouse.py --before main  # also the site as it was at a revision, run by turns
    SITE_URL=http://127.0.0.1:8765/ make build && .venv/bin/python bench/lighthouse.py --site site --port 8765

The site is built with its address on this machine (canonical links and feeds must point where the pages
are served, or Lighthouse's SEO audits look at another site), then served on the loopback the way GitHub
Pages serves it: gzip for text, a ten-minute cache. Lighthouse (npm, pinned in bench/package.json) runs
Debian's Chromium, never a browser of its own, with its default mobile settings: a mid-range phone,
the CPU slowed four times, a slow 4G network simulated. Prints, for each kind of page, the four category
scores and the metrics that make the performance score. With `--before`, the repository as it was at that
revision (its plugin, theme files, configuration and content) is built and measured too, each page in turn with
the current one, so that the machine's load hits both alike.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "bench" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP", "total-blocking-time": "TBT",
           "cumulative-layout-shift": "CLS", "speed-index": "SI"}
COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
              "application/rss+xml", "application/manifest+json")
"""What GitHub Pages sends with Content-Encoding: gzip (text of every kind; not pictures, fonts or WebAssembly)."""


class PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as GitHub Pages sends them: gzip-compressed text, `Cache-Control: max-age=600`."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()
        kind = self.guess_type(path)
        body = Path(path).read_bytes()
        encoding = None
        if kind.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body, encoding = gzip.compress(body, compresslevel=6, mtime=0), "gzip"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    """What `send_head` returns for `copyfile`: the (compressed) bytes, read once."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """Lighthouse closes connections it no longer needs (a broken pipe here): nothing to report."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(site: Path, port: int) -> http.server.ThreadingHTTPServer:
    server = QuietServer(("127.0.0.1", port), functools.partial(PagesLikeHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port() -> int:
    """A port nobody listens on now (the site is built for its address before it is served there)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build(site: Path, address: str, project: Path = REPO) -> None:
    """`project` built for `address` into `site`, with its own plugin (a revision's, exported by `export`)."""
    environment = {**os.environ, "SITE_URL": address, "NO_MKDOCS_2_WARNING": "1"}
    if project != REPO:
        environment["PYTHONPATH"] = str(project / "plugins")
    subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--quiet", "--site-dir", str(site)],
                   cwd=project, env=environment, check=True)


def export(revision: str, folder: Path) -> Path:
    """The repository's files at `revision`, in `folder`."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", revision], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    (folder / "admin" / "node_modules").symlink_to(REPO / "admin" / "node_modules")  # the web editor, as installed
    return folder


def page_kinds(site: Path, base: str) -> dict[str, str]:
    """One address of each kind of page, found from the site's own links: the home page's lead story,
    the events page's first event and its latest month with events."""
    def links(path: str, selector: str) -> list[str]:
        soup = BeautifulSoup((site / path / "index.html").read_bytes(), "lxml")
        return [urljoin(base + path, a["href"]) for a in soup.select(selector)]

    article = (links("", ".cn-lead__title a") or links("news/", ".cn-entry__title a"))[0]
    event = links("events/", ".cn-entry--events .cn-entry__title a")[0]
    month = links("events/", ".cn-month-index a")[0]
    return {"home": base, "article": article, "event": event, "events": base + "events/", "news": base + "news/",
            "month": month, "search": base + "search/"}


def lighthouse(url: str) -> dict:
    """One Lighthouse run: each category's score (0-100) and the performance metrics."""
    command = ["node", str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
               f"--chrome-flags={CHROMIUM_FLAGS}", f"--only-categories={','.join(CATEGORIES)}"]
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True,
                          check=True, timeout=300)
    report = json.loads(done.stdout)
    result = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    for audit, short in METRICS.items():
        result[short] = report["audits"][audit]["numericValue"]
    result["failed"] = sorted(
        audit_id for category in ("accessibility", "best-practices", "seo")
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] and (audit_id := ref["id"]) and report["audits"][audit_id]["score"] not in (None, 1))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a site already built for --port (default: build one)")
    parser.add_argument("--port", type=int, default=0, help="where to serve (default: a free port)")
    parser.add_argument("--before", metavar="REVISION", help="also measure the site as it was at this revision")
    parser.add_argument("--repeat", type=int, default=1, help="runs a page (the median is printed)")
    parser.add_argument("--only", nargs="*", help="kinds of page to measure (default: all)")
    options = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: npm ci --prefix bench")
    temporary = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    variants = {"now": (options.site, f"http://127.0.0.1:{options.port or free_port()}/")}
    if options.before:
        project = export(options.before, temporary / "before")
        variants["before"] = (None, f"http://127.0.0.1:{free_port()}/")
    servers = []
    try:
        for name, (site, base) in list(variants.items()):
            if site is None:
                site = temporary / f"site-{name}"
                build(site, base, project if name == "before" else REPO)
                variants[name] = (site, base)
            servers.append(serve(site, int(base.rsplit(":", 1)[1].strip("/"))))
        kinds = {name: page_kinds(site, base) for name, (site, base) in variants.items()}
        print(f"{'page':8} {'site':6} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'FCP ms':>7} {'LCP ms':>7} "
              f"{'TBT ms':>7} {'CLS':>6} {'SI ms':>7}  address")
        for kind in kinds["now"]:
            if options.only and kind not in options.only:
                continue
            runs: dict[str, list[dict]] = {name: [] for name in variants}
            for _ in range(options.repeat):
                for name in variants:
                    runs[name].append(lighthouse(kinds[name][kind]))
            for name, (_site, base) in variants.items():
                median = {key: statistics.median(run[key] for run in runs[name])
                          for key in [*CATEGORIES, *METRICS.values()]}
                failed = sorted({audit for run in runs[name] for audit in run["failed"]})
                print(f"{kind:8} {name:6} {median['performance']:4.0f} {median['accessibility']:4.0f} "
                      f"{median['best-practices']:4.0f} {median['seo']:4.0f} {median['FCP']:7.0f} {median['LCP']:7.0f} "
                      f"{median['TBT']:7.0f} {median['CLS']:6.3f} {median['SI']:7.0f}  "
                      f"{kinds[name][kind].removeprefix(base) or '/'}"
                      + (f"  failed: {', '.join(failed)}" if failed else ""), flush=True)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    main()
