"""A reader in Chromium on every page kind of a five-language fixture site, in every language: each page
answers, says its language, runs under the Content-Security-Policy without a console error or a sitemap
fetched behind the reader's back, scrolls sideways at neither 360 nor 390 px, and axe-core finds nothing
on it (best practices included: every rule in English; in the other languages the rules that words and
language attributes can break, `AXE_WORDS`, as the pages are the same templates and stylesheets around
other words); its language switcher lists every language and each link lands on a
page in that language (the 404 pages' on the languages' homes). Besides: the skip link works, filters
combine in place with JavaScript and are pages without it, search results read well. One build and one
browser page for the whole module."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from babel import Locale

from cluster_news.core.schema import SECTIONS

from browser import chromium_page, serve_at, watch_policy
from conftest import LANGUAGES, REPO, SITE_URL, Built, build_site
from fixture_content import READER_LANGUAGES, write_reader_content

AXE = REPO / "tests" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]  # = axe's default rules (4.14)
AXE_WORDS = [
    # the page's and its parts' languages
    "html-has-lang", "html-lang-valid", "html-xml-lang-mismatch", "valid-lang",
    # names and texts, which come from translations and content
    "document-title", "page-has-heading-one", "empty-heading", "empty-table-header", "link-name", "button-name",
    "input-button-name", "label", "label-title-only", "label-content-name-mismatch", "select-name", "summary-name",
    "image-alt", "image-redundant-alt", "role-img-alt", "svg-img-alt", "object-alt", "input-image-alt", "area-alt",
    "frame-title", "frame-title-unique", "aria-command-name", "aria-dialog-name", "aria-input-field-name",
    "aria-meter-name", "aria-progressbar-name", "aria-tab-name", "aria-toggle-field-name", "aria-tooltip-name",
    "aria-treeitem-name", "landmark-unique", "table-duplicate-name", "td-has-header", "th-has-data-cells",
    # ids made from words (headings' anchors) and what refers to them
    "duplicate-id-aria", "aria-valid-attr-value", "skip-link",
    # longer words that overflow their box
    "scrollable-region-focusable",
]
"""The axe rules (of `AXE_RULES`) that words and language attributes can break: the walk runs these in every
language but English, where it runs them all. The others look at what every language shares (templates,
stylesheets, scripts: structure, roles, colours), and axe refuses a rule it does not have (an error, not a
rule silently left out). Contrast is among the others: the colours are the stylesheets', whatever the words;
sideways scrolling, the layout's part that words change, is measured in every language."""
KINDS = {
    "home": "", "news": "news/", "news page 2": "news/page/2/", "article": "news/eu-lab-starts/",
    "news filter": "news/project/eu-lab/", "events": "events/", "events filter": "events/country/pl/",
    "month": "events/2025/09/", "empty month": "events/2025/10/", "event": "events/fortnight/",
    "projects": "projects/", "project": "projects/eu-lab/", "clusters": "clusters/", "cluster": "clusters/biocat/",
    "tags": "tags/", "tag": "tags/lab-{lang}/", "search": "search/", "about": "about/", "404": "404.html",
}
# The fixture's other pages of each language: items with what the kinds above lack, for axe too (a picture
# with its credit, partners outside the network, an event moved online), and the others (a month of another
# year, items in one language only: their switchers lead elsewhere), for every check but axe, whose rules
# they meet on the pages of their kinds above.
FIXTURE_PAGES = {
    "en": {"events/spinoff-bulgaria-2024/": True, "projects/clusters4health/": True, "events/2024/06/": False,
           "news/mapping-workshop/": False},
    "uk": {"events/webinar/": True, "events/2024/06/": False, "news/mapping-workshop/": False},
    "bg": {"events/2024/06/": False, "events/spinoff-bulgaria-2024/": False, "clusters/hlsc-bulgaria/": False},
    "ro": {"events/2024/06/": False, "news/deep-dive-oslo/": False, "events/deep-dive-days/": False,
           "clusters/imago-mol/": False},
    "pl": {"events/2024/06/": False},  # no Polish items in the fixture: Polish readers see the others' (marked)
}
ROOTS = {lang: "" if lang == "en" else f"{lang}/" for lang in LANGUAGES}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:  # SOURCE_DATE_EPOCH: 2025-07-01
    return build_site(tmp_path_factory, "reader", write_reader_content)


@pytest.fixture(scope="module")
def base(built):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run make test (it installs axe-core with npm ci)")
    with serve_at(built.site, urlsplit(SITE_URL).path.strip("/")) as url:
        served = built.site.parent / "www" / AXE.name  # beside the site: its own origin, which the CSP allows
        if not served.exists():
            served.symlink_to(AXE)
        yield url


@pytest.fixture(scope="module")
def page(chromium):
    with chromium_page(chromium) as page:
        watch_policy(page)
        page.clock.set_fixed_time(dt.datetime(2025, 7, 1, 12, 0))  # the build date: lists as built
        yield page


@pytest.fixture(scope="module")
def plain_page(chromium):
    """A page without JavaScript for the module's tests: without scripts nothing is stored, so a test finds it as
    a context of its own would be but for the page last shown (one context less: about 0.45 s of CPU a test)."""
    context = chromium.new_context(java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def plain(plain_page):
    plain_page.set_viewport_size({"width": 1280, "height": 720})  # a new context's
    return plain_page


@pytest.fixture
def fresh(page):
    page.problems.clear()
    page.violations.clear()
    yield page
    assert page.problems == []
    assert page.violations == []


# The tab's session storage emptied too (the origin's other storage is the DevTools call's), when the tab shows a
# page of the origin: Material keeps some facts there.
SESSION_CLEARED = """origin => { if (location.origin !== origin) return true;
  sessionStorage.clear(); return localStorage.length === 0 && sessionStorage.length === 0; }"""


def clear_storage(page, base: str) -> None:
    """Forget what the site's pages stored in `page`'s context (local and session storage, databases, cookies),
    as a context of its own would start: the walks share one page, and with it what Chromium keeps of the
    site's stylesheets and scripts (a new context and page cost about 0.45 s of CPU more than a load)."""
    origin = "/".join(base.split("/", 3)[:3])  # http://127.0.0.1:<port>
    if not hasattr(page, "devtools"):
        page.devtools = page.context.new_cdp_session(page)
    page.devtools.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    assert page.evaluate(SESSION_CLEARED, origin), "the shared page kept what the last walk stored"


def url_of(base: str, lang: str, path: str) -> str:
    return f"{base}{ROOTS[lang]}{path.format(lang=lang)}"


def kind_of(path: str) -> str:
    """The kind of page at `path` (under its language's root)."""
    parts = path.strip("/").split("/") if path else []
    if not parts or parts == ["404.html"]:
        return "404" if parts else "home"
    if parts[0] in SECTIONS:
        if len(parts) == 1:
            return f"{parts[0]} index"
        if len(parts) == 2:
            return f"{parts[0]} item"
        if parts[1] == "page":
            return f"{parts[0]} pagination"
        return "month" if parts[1].isdigit() else f"{parts[0]} filter"
    if parts[0] == "tags":
        return "tags" if len(parts) == 1 else "tag"
    return "search" if parts == ["search"] else "page"


def test_the_walk_below_shows_every_kind_of_page_the_site_has(built):
    walked = {kind_of(path) for path in KINDS.values()}
    for lang in LANGUAGES:
        urls = [url for url in built.pages() if url.startswith(ROOTS[lang])
                and (lang != "en" or url.split("/")[0] not in LANGUAGES)]
        assert {kind_of(url.removeprefix(ROOTS[lang])) for url in urls} <= walked, lang
    assert walked == {"home", "404", "page", "search", "tags", "tag", "month", *(f"{section} {kind}" for section in
                      SECTIONS for kind in ("index", "item")), "news pagination", "news filter", "events filter"}
    for lang, pages in FIXTURE_PAGES.items():
        assert all(built.exists(ROOTS[lang] + path) for path in pages), lang


# axe's violations, reduced in the page to what a finding says. Its whole result (about 60 KB: an example of
# every rule that passed too) cost more to copy to Python than to reduce: 0.33 s a run against 0.21 s.
AXE_RUN = """async ([type, rules]) => (await axe.run(document, {runOnly: {type, values: rules},
                                                  resultTypes: ['violations']}))
  .violations.map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(node => node.target)])"""


def axe_findings(page, label: str, width: int, rules: list[str] | None = None) -> list[str]:
    """What axe finds on the page: every rule of `AXE_RULES`, or only the rules named in `rules`."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        # A script of the page's origin ('self': the policy refuses inline ones), which Chromium compiles once
        # and reuses on later pages (its code cache): half the time of sending the source through DevTools.
        page.add_script_tag(url=urljoin(page.url, f"/{AXE.name}"))
    return [f"{label} at {width}px: axe: {rule} ({impact}) {targets}"
            for rule, impact, targets in page.evaluate(AXE_RUN, ["tag", AXE_RULES] if rules is None else
                                                       ["rule", rules])]


def pages_of(lang: str) -> dict[str, tuple[str, bool]]:
    """What the walk shows in `lang`: label -> (path under the language's root, whether axe looks at it)."""
    pages = {kind: (path.format(lang=lang), True) for kind, path in KINDS.items()}
    pages.update({path: (path, axe) for path, axe in FIXTURE_PAGES[lang].items()})
    return pages


# The page's language, its language switcher, and what is left to see of a 404 page.
ABOUT_PAGE = """() => ({lang: document.documentElement.lang, homes: document.querySelectorAll('section.cn-not-found[lang]').length,
  switcher: [...document.querySelectorAll('a.md-select__link')].map(a => [a.getAttribute('hreflang'), a.href])})"""
# How wide the page is, once its own handlers of a new size (Material's) have run: two frames later.
WIDTH = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
  () => done(document.documentElement.scrollWidth))))"""
UNFOLD = "() => document.querySelectorAll('details.cn-filters').forEach(panel => { panel.open = true; })"
"""The filter panels, served folded, unfolded as a reader would."""
LEAVE = "() => { document.documentElement.style.display = 'none'; }"
"""The page done with, hidden before the viewport is widened for the next: shown, it was laid out and painted
again at 1280 px for nothing (some 5 % of the walk's CPU)."""
LANGUAGE_LIST = "links => links.map(a => { const r = a.getBoundingClientRect(); return [r.left, r.right]; })"
DRAWER_HIDDEN = "getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'hidden'"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_in_a_browser(fresh, base, lang):
    """Each page of `pages_of(lang)`, loaded once, at 1280 px, where everything is shown (the month grid,
    the header's search box, the filters, unfolded): nothing for axe (every rule in English, `AXE_WORDS` in
    the other languages), the language switcher. Then narrowed to 390
    and 360 px: no sideways scrolling, the filters still unfolded (more to fit than the folded panel),
    the language list within the screen, and, in English, nothing for axe at 390 px, for what only phones
    show. Every finding names its page, width and check."""
    found, landings, sitemaps = [], {}, []
    page = fresh
    clear_storage(page, base)

    def sitemap_fetched(request) -> None:
        if request.url.endswith("sitemap.xml"):
            sitemaps.append(request.url)

    # Material's script fetches and parses `sitemap.xml` beside each link[rel=alternate] (megabytes on
    # a large site, at every page view): no page may trigger that.
    page.on("request", sitemap_fetched)
    try:
        for label, (path, axe) in pages_of(lang).items():
            url = url_of(base, lang, path)
            page.evaluate(LEAVE)
            page.set_viewport_size({"width": 1280, "height": 900})
            response = page.goto(url)
            if response.status != 200:
                found.append(f"{label}: status {response.status} at {url}")
                continue
            if label == "404":
                page.wait_for_load_state("networkidle")  # and what it may fetch (it is served at any address)
            page.evaluate(UNFOLD)  # what they hold, for axe and for the narrow widths below
            about = page.evaluate(ABOUT_PAGE)
            if about["lang"] != lang:
                found.append(f"{label}: html lang is {about['lang']!r}")
            if [code for code, _ in about["switcher"]] != LANGUAGES:
                found.append(f"{label}: the language switcher lists {about['switcher']}")
            if label == "404" and (about["homes"] != len(LANGUAGES) or [href for _, href in about["switcher"]]
                                   != [f"{SITE_URL}{root}" for root in ROOTS.values()]):
                found.append(f"{label}: {about['homes']} languages' messages; switcher {about['switcher']}")
            for code, href in about["switcher"]:  # 404 pages link the public site's homes: look at them here
                landings.setdefault(base + href.removeprefix(SITE_URL) if href.startswith(SITE_URL) else href,
                                    (code, label))
            if axe:
                found += axe_findings(page, label, 1280, None if lang == "en" else AXE_WORDS)
            for width in (390, 360):
                page.set_viewport_size({"width": width, "height": 800})
                scroll = page.evaluate(WIDTH)
                if scroll > width:
                    found.append(f"{label} at {width}px: scrolls sideways ({scroll}px)")
                if lang == "en" and width == 390 and axe:
                    # A page to read has its table of contents beside it at 1280 px, in the navigation's
                    # sidebar: narrowed, that sidebar is the closed drawer, visible until its slide-out's
                    # 0.25 s have passed (as after closing it).
                    soon(page, DRAWER_HIDDEN)
                    found += axe_findings(page, label, 390)
                if label == "event":
                    page.hover(".md-header .md-select")  # the language list, opened
                    page.wait_for_timeout(300)  # its opening transition
                    boxes = page.locator("a.md-select__link").evaluate_all(LANGUAGE_LIST)
                    if any(left < 0 or right > width for left, right in boxes):
                        found.append(f"language list at {width}px: {boxes}")
            found += [f"{label}: console: {problem}" for problem in page.problems]
            found += [f"{label}: fetched {sitemap}" for sitemap in sitemaps]
            sitemaps.clear()
            found += [f"{label}: the policy refused {v['blocked']} ({v['directive']}) on {v['page']}"
                      for v in page.violations]
            page.problems.clear()
            page.violations.clear()
        for target, (code, label) in landings.items():  # where the switcher leads: fetched, not shown
            response = page.request.get(target)
            landed = lxml.html.fromstring(response.body()).get("lang") if response.status == 200 else None
            if landed != code:
                found.append(f"{label}: the switcher's {code!r} link {target} answers {response.status}, "
                             f"lang {landed!r}")
    finally:
        page.remove_listener("request", sitemap_fetched)
    assert found == []


def test_the_skip_link_is_the_first_stop_and_lands_on_the_title(fresh, base):
    page = fresh
    page.set_viewport_size({"width": 1280, "height": 900})
    for path in ["uk/events/fortnight/", "about/", "pl/events/2025/09/", "bg/404.html"]:
        page.goto(base + path)
        page.keyboard.press("Tab")
        assert "cn-skip" in page.evaluate("document.activeElement.className"), path
        page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")  # shown when focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "cn-content", path
        assert page.evaluate("document.activeElement.tagName") == "H1", path


def visible_titles(page) -> list[str]:
    return page.locator("[data-cn-events] .cn-entry:visible .cn-entry__title a").all_inner_texts()


# What the eye reads of each element, and what only screen readers hear (.cn-sr-only): "(3)", "3 події".
SEEN_AND_HEARD = """elements => elements.map(element => { const seen = element.cloneNode(true);
  seen.querySelectorAll('.cn-sr-only').forEach(hidden => hidden.remove());
  return [seen.textContent.replace(/\\s+/g, ' ').trim(),
          [...element.querySelectorAll('.cn-sr-only')].map(hidden => hidden.textContent).join(' ')]; })"""


def chip_texts(page, selector: str) -> list[str]:
    return [seen for seen, _ in page.locator(selector).evaluate_all(SEEN_AND_HEARD)]


def chip_counts_heard(page, selector: str) -> list[str]:
    return [heard for _, heard in page.locator(selector).evaluate_all(SEEN_AND_HEARD)]


def test_event_filters_combine_in_place_and_are_remembered_in_the_address(fresh, base):
    page = fresh
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "events/")
    assert page.locator("details.cn-filters").get_attribute("open") is None  # served folded: the list first
    page.click("details.cn-filters summary")
    page.click('a[data-cn-facet="project:eu-lab"]')
    assert visible_titles(page) == ["Two weeks of the EU Health Lab", "Same days"]
    # Each value now counts what it would show with EUHL; those that would show nothing cannot be chosen.
    assert chip_texts(page, 'a[data-cn-facet^="attendance:"]') == ["In person (1)", "Online (1)"]
    assert chip_counts_heard(page, 'a[data-cn-facet^="attendance:"]') == ["1 event", "1 event"]
    impossible = page.locator('a[data-cn-facet="country:BG"]')
    assert impossible.get_attribute("aria-disabled") == "true" and chip_texts(page, 'a[data-cn-facet="country:BG"]') \
        == ["Bulgaria (0)"] and chip_counts_heard(page, 'a[data-cn-facet="country:BG"]') == ["0 events"]
    impossible.click(force=True)  # as a reader's click: Playwright itself does not click what is aria-disabled
    assert visible_titles(page) == ["Two weeks of the EU Health Lab", "Same days"]  # nothing changed
    assert page.locator('a[data-cn-facet="project:clusters4health"]').get_attribute("aria-disabled") is None
    page.click('a[data-cn-facet="attendance:online"]')
    assert visible_titles(page) == ["Same days"]
    assert page.locator(".cn-filters__status").inner_text() == "Showing 1 event of 7"
    assert urlsplit(page.url).query == "attendance=online&project=eu-lab"
    assert chip_texts(page, 'a[aria-current="true"]') == ["Online (1)", "EUHL (1)"]
    page.click('a[data-cn-facet="project:eu-lab"]')  # off again
    assert visible_titles(page) == ["Вебінар про сертифікацію", "Same days"]
    page.goto(base + "uk/events/?country=BG")
    assert visible_titles(page) == ["Spinoff Bulgaria 2024"]
    assert page.locator(".cn-filters__status").inner_text() == "Показано 1 подію з 7"  # CLDR's 'one' in Ukrainian
    assert chip_counts_heard(page, 'a[data-cn-facet^="attendance:"]') == ["0 подій", "1 подія"]  # Онлайн, Очно
    assert page.locator('[data-cn-events="upcoming"] .cn-empty').is_visible()


def test_the_browser_counts_in_the_plural_categories_the_build_wrote_forms_for(fresh, base):
    """The build writes a count's forms per CLDR plural category from Babel's rules; the browser picks one with
    Intl.PluralRules: the two agree on every number a list may count (0 to 1,000), in every language."""
    fresh.goto(base)
    for lang in LANGUAGES:
        rules = Locale.parse(lang).plural_form
        browser = fresh.evaluate("lang => [...Array(1001).keys()].map(n => new Intl.PluralRules(lang).select(n))", lang)
        assert browser == [rules(number) for number in range(1001)], lang


def test_combined_filters_that_leave_nothing_say_which_choice_to_drop(fresh, base):
    """An address may combine choices that no event has together (Bulgaria and online): the page says so and
    offers to drop each choice, with what the others then show, in the page's language."""
    page = fresh
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(base + "pl/events/?country=BG&attendance=online")
    assert visible_titles(page) == []
    assert page.locator('[data-cn-events="upcoming"]').is_hidden()  # no "Upcoming — none" beside it
    status = page.locator(".cn-filters__status")
    assert status.locator("p").inner_text() == "Żadne wydarzenie nie spełnia wszystkich tych warunków. Usuń jeden z nich:"
    assert status.is_visible()  # outside the folded panel
    drops = status.locator("button")
    assert [seen for seen, _ in drops.evaluate_all(SEEN_AND_HEARD)] == ["Online (1)", "Bułgaria (2)"]
    assert [heard for _, heard in drops.evaluate_all(SEEN_AND_HEARD)] == ["1 wydarzenie", "2 wydarzenia"]
    drops.first.click()  # drop Online: Bulgaria's one event
    assert visible_titles(page) == ["Spinoff Bulgaria 2024"]
    assert status.inner_text() == "Pokazano 1 wydarzenie z 7" and urlsplit(page.url).query == "country=BG"


def test_phones_get_the_list_first_with_and_without_javascript(fresh, plain, base):
    """The filter panel is served folded (the open panel pushed the list ~1,000 px down on a phone), and no
    script opens or folds it: the first events are on the first screen of a 375×667 phone."""
    for page in (fresh, plain):
        page.set_viewport_size({"width": 375, "height": 667})
        for path in ("events/", "uk/news/", "ro/events/country/pl/"):
            page.goto(base + path)
            assert page.locator("details.cn-filters").get_attribute("open") is None, path
            first = page.locator(".cn-entries > li").first.bounding_box()
            assert first["y"] + 60 < 667, (path, first)


def test_filters_are_pages_without_javascript(plain, base):
    plain.goto(base + "ro/events/")
    assert plain.locator("details.cn-filters").get_attribute("open") is None
    plain.click("details.cn-filters summary")
    with plain.expect_navigation(url=base + "ro/events/country/pl/"):
        plain.click('a[data-cn-facet="country:PL"]')
    assert plain.locator(".cn-entry__title a").all_inner_texts() == ["Două săptămâni EU Health Lab"]
    assert plain.locator(".cn-filters__all a").is_visible()  # the way back, outside the folded panel
    with plain.expect_navigation(url=base + "ro/news/cluster/biocat/"):
        plain.goto(base + "ro/news/")
        plain.click("details.cn-filters summary")
        plain.click('a[data-cn-facet="cluster:biocat"]')
    assert plain.locator("header form.cn-header-search").is_hidden()  # search needs the script


def test_search_results_are_headings_with_type_and_date(fresh, base):
    page = fresh
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "uk/events/")
    page.fill("header input[name=q]", "EU Health Lab")
    with page.expect_navigation(url=f"{base}uk/search/?q=EU+Health+Lab"):
        page.keyboard.press("Enter")
    status = page.locator(".cn-search__status")
    page.wait_for_function("s => /\\d/.test(s.textContent)", arg=status.element_handle())
    assert page.get_by_label("Пошук на сайті").input_value() == "EU Health Lab"
    results = page.locator(".cn-result")
    titles = results.locator("h2 a").all_inner_texts()
    assert "EU Health Lab розпочинає роботу" in titles and "Два тижні EU Health Lab" in titles
    metas = dict(zip(titles, results.locator(".cn-result__meta").all_inner_texts(), strict=True))
    assert metas["EU Health Lab розпочинає роботу"].replace("\u202f", " ") == "Новина · 15 червня 2025 р."
    assert metas["Два тижні EU Health Lab"].replace("\u202f", " ") == "Подія · 10–22 вересня 2025 р."
    assert metas["EU Health Lab"] == "Проєкт"
    assert "¶" not in results.all_inner_texts()[0] and "¶" not in page.locator("main").inner_text()
    page.fill("#cn-search-input", "Who we are")
    page.wait_for_function("s => s.textContent.startsWith('Нічого') || /\\d/.test(s.textContent)",
                           arg=status.element_handle())
    page.goto(base + "search/?q=who+we+are")
    page.wait_for_function("s => /\\d/.test(s.textContent)", arg=page.locator(".cn-search__status").element_handle())
    sections = page.locator(".cn-result__sections a").all_inner_texts()
    assert sections == ["Who we are"]  # a section of the about page, without its permalink sign
    for words in ("Venrize", "Outlook", "Show on the map"):  # a picture's credit, the calendar buttons, the map link
        page.goto(base + "search/?q=" + words.replace(" ", "+"))
        page.wait_for_function("s => s.textContent.startsWith('No results')",
                               arg=page.locator(".cn-search__status").element_handle())


def test_more_results_are_offered_only_when_there_are_more(fresh, plain, base):
    """Ten results a time: the button for the next ones shows only while there are more, never on the empty
    page, after a short list, or without JavaScript (Material's buttons would show a hidden one)."""
    page = fresh
    page.set_viewport_size({"width": 375, "height": 800})
    more = page.locator(".cn-search__more")
    page.goto(base + "search/")
    assert more.is_hidden() and page.locator(".cn-search__more-wrap").is_hidden()
    page.goto(base + "search/?q=Filler")  # the eleven filler news
    assert soon(page, "document.querySelectorAll('.cn-result').length === 10")
    assert more.is_visible()
    more.click()
    assert soon(page, "document.querySelectorAll('.cn-result').length === 11")
    assert more.is_hidden()
    page.goto(base + "search/?q=Deep+Dive")
    assert soon(page, "document.querySelectorAll('.cn-result').length > 0")
    assert page.locator(".cn-result").count() < 10 and more.is_hidden()
    plain.goto(base + "search/?q=Filler")
    assert plain.locator(".cn-search__more").is_hidden() and plain.locator(".cn-search__more-wrap").is_hidden()


def test_phones_read_each_event_of_a_month_once(fresh, base):
    page = fresh
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(base + "pl/events/2025/09/")
    assert page.locator("table.cn-calendar").is_hidden()
    previous, following = (page.locator(f".cn-month-nav__{side}").bounding_box() for side in ("previous", "next"))
    assert previous["y"] == following["y"]  # the neighbouring months on one line, each on its own side
    content = page.locator(".cn-month-nav").bounding_box()
    assert previous["x"] == content["x"]
    assert following["x"] + following["width"] == pytest.approx(content["x"] + content["width"], abs=1)
    visible = page.locator("main a:visible").all_inner_texts()
    assert sum("EU Health Lab" in text for text in visible) == 1
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("table.cn-calendar").is_visible()
    assert page.locator("header form.cn-header-search").is_visible()
    assert page.locator("header a.cn-header-search-link").is_hidden()


def test_front_page_moves_events_that_ended_since_the_build_to_the_latest(fresh, base):
    """Read in 2026, the site built in July 2025: every announced event has ended, so "Next events" goes
    and the latest events take its place, above the calendar links; no "No upcoming events"."""
    page = fresh
    page.set_viewport_size({"width": 390, "height": 800})
    page.clock.set_fixed_time(dt.datetime(2026, 1, 10, 12, 0))
    try:
        page.goto(base + "uk/")
        assert page.locator('[data-cn-events="upcoming"]').is_hidden()
        recent = page.locator('[data-cn-events="past"]')
        assert recent.is_visible()
        titles = recent.locator(".cn-entry__title a").all_inner_texts()
        assert titles[:3] == ["Deep Dive Days in Oslo", "Same days", "Два тижні EU Health Lab"]  # newest first
        assert page.locator(".cn-home__events .cn-calendar-links").is_visible()
        assert "Найближчих подій немає" not in page.locator(".cn-home__events").inner_text()
        lead = page.locator(".cn-lead__media img")
        assert lead.evaluate("img => img.complete && img.naturalWidth > 0")
        assert lead.evaluate("img => img.currentSrc.endsWith('.webp')")  # the browser chose a WebP copy
    finally:
        page.clock.set_fixed_time(dt.datetime(2025, 7, 1, 12, 0))


def test_a_wrapped_list_of_languages_starts_its_lines_flush(fresh, base):
    """The other languages of a page wrap on phones: the next line starts where the first did, not
    indented (the tag lists and the tag cloud share the rule)."""
    page = fresh
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(base + "uk/projects/eu-lab/")
    start = page.locator(".cn-translations").bounding_box()["x"]
    lines: dict[float, float] = {}
    for box in page.locator(".cn-translations li").evaluate_all("lis => lis.map(li => li.getBoundingClientRect().toJSON())"):
        lines[box["top"]] = min(lines.get(box["top"], box["left"]), box["left"])
    assert len(lines) > 1  # it wraps
    assert [left for top, left in sorted(lines.items())[1:]] == [pytest.approx(start, abs=1)] * (len(lines) - 1)


def test_the_drawer_shows_the_whole_name_of_the_network(fresh, base):
    page = fresh
    page.set_viewport_size({"width": 360, "height": 800})
    for lang in ("bg", "ro"):  # the longest names
        page.goto(url_of(base, lang, "events/"))
        page.click(".md-header label[for=__drawer]")
        title = page.locator(".md-nav--primary .md-nav__title[for=__drawer]")
        assert title.evaluate("t => t.scrollWidth <= t.clientWidth && t.scrollHeight <= t.clientHeight"), lang


# An element a reader can see: inside the window and not covered (the closed drawer is beside the window,
# which Playwright's visibility does not tell).
SEEN = """el => { const r = el.getBoundingClientRect(); if (!r.width || !r.height) return false;
  const x = r.left + Math.min(r.width / 2, 20), y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
  const hit = document.elementFromPoint(x, y); return !!hit && (el === hit || el.contains(hit)); }"""
TOC_LINKS = ".md-nav--secondary a.md-nav__link"


def soon(page, expression: str) -> bool:
    """Whether `expression` is true in the page within a second (as a transition ends). Polled from here:
    Playwright's own waiting evaluates a string, which the pages' policy refuses."""
    for _ in range(20):
        if page.evaluate(expression):
            return True
        page.wait_for_timeout(50)
    return False


def tab_to(page, selector: str, limit: int = 40) -> bool:
    """Press Tab until the focus is on an element that matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return True
    return False


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_table_of_contents_on_a_phone_with_the_keyboard_and_beside_the_article(fresh, base, lang):
    """A page outside the navigation (about, an article) with sub-headings: on a phone, the menu, opened
    from the keyboard, has the page's own entry, which opens its table of contents; on a tablet and a wide
    screen the table of contents (the same one) is beside the article, alone: not the entry's title nor the
    sections (in their bar), nor a menu button."""
    page = fresh
    page.set_viewport_size({"width": 412, "height": 860})
    page.goto(url_of(base, lang, "about/"))
    links = page.locator(TOC_LINKS)
    assert links.count() and not any(links.evaluate_all(f"links => links.map({SEEN})"))
    assert tab_to(page, ".md-header label[for=__drawer]")
    page.keyboard.press("Enter")
    assert tab_to(page, ".md-nav--primary label.md-nav__link[for=__toc]")
    assert soon(page, f"({SEEN})(document.activeElement)")  # once the drawer has slid in
    assert page.evaluate("document.activeElement.textContent.trim()") == READER_LANGUAGES[lang][2]
    page.keyboard.press("Enter")
    assert tab_to(page, f".md-nav--primary {TOC_LINKS}", limit=3)
    assert soon(page, f"({SEEN})(document.activeElement)")  # once the panel has slid in
    target = page.evaluate("document.activeElement.hash")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == target
    assert soon(page, "!document.getElementById('__drawer').checked")  # the menu closes on the way to the heading

    for width in (1024, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url_of(base, lang, "about/"))
        toc = page.locator(TOC_LINKS)
        assert all(toc.evaluate_all(f"links => links.map({SEEN})")), width
        assert toc.first.evaluate("(a, article) => a.getBoundingClientRect().left >= article.getBoundingClientRect().right",
                                  page.locator("article").element_handle()), width
        assert not page.locator(".md-nav--primary label.md-nav__link[for=__toc]").is_visible(), width
        assert not page.locator(".md-nav--primary .md-nav__item:not(.cn-nav-page)").first.is_visible(), width
        assert not page.locator(".cn-menu-button").is_visible(), width
