"""Debian's Chromium driven by Playwright, against a built site served on localhost."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update",
                  # V8 without its optimising compilers (Maglev, Turbofan): scripts give the same results. Pages
                  # here live a second or two, each load a new realm, and optimising axe-core and the CMS again at
                  # every load cost more CPU than it saved: the browser tests took 233 and 231 s of CPU with them,
                  # 217 and 219 s without (alternately, in a cgroup), in the same wall time.
                  "--js-flags=--max-opt=1"]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing (Debian: apt-get install -y chromium; .ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(directory: Path):
    """Serve `directory` at http://127.0.0.1:<port>/ for the duration of the block."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_at(site: Path, prefix: str):
    """Serve `site` at http://127.0.0.1:<port>/<prefix>/, the sub-path of its site_url, so that pages
    with absolute links (404 pages, served at any address) find their stylesheets and scripts."""
    www = site.parent / "www"
    (www / prefix).parent.mkdir(parents=True, exist_ok=True)
    if not (www / prefix).exists():
        (www / prefix).symlink_to(site.resolve(), target_is_directory=True)
    with serve(www) as base:
        yield f"{base}{prefix}/"


class _GitHubPagesHandler(_QuietHandler):
    """Like GitHub Pages: the site under its sub-path, and the site's root 404.html, with status 404, for every
    missing address (never a language's own <lang>/404.html)."""

    mount = "/"

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / self.mount.strip("/") / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve_like_github_pages(site: Path, mount: str):
    """Serve `site` at http://127.0.0.1:<port><mount> (its site_url's sub-path, '/name/') as GitHub Pages does."""
    root = site.parent / "served"
    if not root.exists():
        root.mkdir()
        (root / mount.strip("/")).symlink_to(site, target_is_directory=True)
    handler = type("Handler", (_GitHubPagesHandler,), {"mount": mount})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{mount}"
    finally:
        server.shutdown()
        server.server_close()


# Listens from the start of every document; reports go to Python through an exposed function.
_LISTEN = """document.addEventListener("securitypolicyviolation", event => window.cnViolation({
  page: location.pathname, directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample}));"""


def watch_policy(page) -> None:
    """Collect what the Content-Security-Policy refuses on `page` (every document it loads from now
    on) in `page.violations`: Chromium's own report, with the directive and what was blocked."""
    page.violations = []
    page.expose_function("cnViolation", lambda violation: page.violations.append(violation))
    page.add_init_script(_LISTEN)


@contextmanager
def launched_chromium():
    """A Chromium browser (Playwright's), closed at the end of the block."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def chromium_page(browser=None, **context_options):
    """A page whose console errors and uncaught exceptions are collected in `page.problems`, in a
    context of its own (cookies, storage, cache) of `browser`, or of a Chromium launched for it."""
    if browser is None:
        with launched_chromium() as launched, chromium_page(launched, **context_options) as page:
            yield page
        return
    context = browser.new_context(**context_options)
    try:
        page = context.new_page()
        page.problems = []
        page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        yield page
    finally:
        context.close()



# Layout shifts as Chromium reports them to a PerformanceObserver, from the start of every document: [start time
# in ms, value, what moved], without those right after the reader's input (which do not count).
_WATCH_SHIFTS = """window.cnShifts = [];
new PerformanceObserver(list => { for (const entry of list.getEntries()) { if (!entry.hadRecentInput) {
  window.cnShifts.push([entry.startTime, entry.value, entry.sources.map(source => source.node
    ? source.node.nodeName + '.' + (typeof source.node.className === 'string' ? source.node.className : '') : '?')
    .join(' ')]); } } }).observe({type: 'layout-shift', buffered: true});"""
# The shifts so far, once the page has been laid out and painted twice more and the observer told (a task later).
_SHIFTS_SO_FAR = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
  () => setTimeout(() => done(window.cnShifts || []), 0))))"""


def watch_layout_shifts(page) -> None:
    """Record the layout shifts of every document `page` loads from now on (read with `layout_shifts`)."""
    page.add_init_script(_WATCH_SHIFTS)


def layout_shifts(page) -> list:
    """The layout shifts of the page so far (see `watch_layout_shifts` and `cumulative_layout_shift`)."""
    return page.evaluate(_SHIFTS_SO_FAR)


def cumulative_layout_shift(shifts: list) -> float:
    """CLS as Chromium and Lighthouse define it: the largest sum of shifts in a session window (shifts less
    than a second apart, five seconds at most)."""
    largest = current = 0.0
    first = last = None
    for start, value, _ in sorted(shifts):
        if first is None or start - last > 1000 or start - first > 5000:
            first, current = start, 0.0
        last = start
        current += value
        largest = max(largest, current)
    return largest


def slow_cpu(page, rate: float = 4) -> None:
    """Chromium's CPU slowed `rate` times for `page` (as Lighthouse's mobile runs do), through one DevTools
    session of the page's: each session stays attached, and the renderer does more at every load for each
    (a new one at each call cost the phone walk of test_browser_look.py a fifth more CPU)."""
    if not hasattr(page, "devtools"):
        page.devtools = page.context.new_cdp_session(page)
    page.devtools.send("Emulation.setCPUThrottlingRate", {"rate": rate})
