"""The site as a reader sees it in Chromium, beyond what every page's walk checks (test_browser_reader.py): on a
phone with the CPU slowed four times no page moves once shown (CLS, measured as Chromium reports it), the first
screen of the front page shows the lead headline and an event's shows its facts before its poster; in the dark
scheme every page is shown dark from its first paint and axe finds nothing, on a phone and at 1280 px, where the
sections are a bar and no sidebar repeats them; the light/dark switch is remembered; the keyboard reaches
everything, every stop has a focus ring and is in sight; and a typical article prints on two pages with the
network's name, its address, its date and the EU notice."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from browser import (
    chromium_page,
    cumulative_layout_shift,
    layout_shifts,
    serve,
    serve_at,
    slow_cpu,
    watch_layout_shifts,
    watch_policy,
)
from conftest import SITE_URL, FixtureSite, build_once, build_site
from fixture_content import picture_png, write_reader_content
from test_browser_reader import AXE, KINDS, axe_findings, soon, url_of

PHONE = {"width": 375, "height": 667}
WIDE = {"width": 1280, "height": 900}
BUILD_DAY = dt.datetime(2025, 7, 1, 12, 0)
PHONE_AXE = {"home", "events", "month", "event", "article", "search"}
"""Where phones show what wide screens do not (cards as rows, the month as a list, the search link, the drawer's
button): axe looks at these in the dark on a phone too; at 1280 px it looks at every kind."""

# The scheme the page had when its header was parsed, before anything of it could be painted.
FIRST_SCHEME = """new MutationObserver((changes, observer) => {
  if (document.querySelector('header.md-header')) {
    window.cnFirstScheme = document.body.getAttribute('data-md-color-scheme');
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_site(tmp_path_factory, "reader", write_reader_content)


@pytest.fixture(scope="module")
def base(built):
    with serve_at(built.site, urlsplit(SITE_URL).path.strip("/")) as url:
        served = built.site.parent / "www" / AXE.name
        if not served.exists():
            served.symlink_to(AXE)
        yield url


def bottom(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("el => el.getBoundingClientRect().bottom")


def top(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("el => el.getBoundingClientRect().top")


def test_phone_pages_do_not_move_and_are_dark_from_the_start(chromium, base):
    """Every kind of page at 375 × 667, the system set to dark and the CPU slowed four times (as Lighthouse's
    mobile runs): CLS at most 0.05 (and each shift named when not), dark before the first paint, nothing for axe
    (on the kinds phones show differently);
    the front page's first screen shows the lead headline; an event's, its date, place and status before its
    poster; a card's thumbnail is its 256 px copy."""
    found = []
    with chromium_page(chromium, viewport=PHONE, color_scheme="dark") as page:
        watch_policy(page)
        page.add_init_script(FIRST_SCHEME)
        watch_layout_shifts(page)
        page.clock.set_fixed_time(BUILD_DAY)
        for label, path in KINDS.items():
            slow_cpu(page, 4)
            page.goto(url_of(base, "en", path))
            shifts = layout_shifts(page)
            slow_cpu(page, 1)
            if cumulative_layout_shift(shifts) > 0.05:
                found.append(f"{label}: CLS {cumulative_layout_shift(shifts):.3f}: {shifts}")
            if page.evaluate("window.cnFirstScheme") != "slate":
                found.append(f"{label}: its header was parsed in the {page.evaluate('window.cnFirstScheme')} scheme")
            if label in PHONE_AXE:
                found += axe_findings(page, f"{label} (dark)", PHONE["width"])
            found += [f"{label}: console: {problem}" for problem in page.problems]
            found += [f"{label}: the policy refused {v['blocked']} ({v['directive']})" for v in page.violations]
            page.problems.clear()
            page.violations.clear()
            if label == "home" and bottom(page, ".cn-lead__title") > PHONE["height"]:
                found.append("home: the lead headline is below the first screen")
            if label == "event":
                facts = bottom(page, ".cn-facts")
                if facts > PHONE["height"]:
                    found.append(f"event: its facts end at {facts}px, below the first screen")
        page.goto(url_of(base, "en", "events/spinoff-bulgaria-2024/"))  # an event with its poster
        if not bottom(page, ".cn-facts") < top(page, "figure.cn-image"):
            found.append("event: the poster comes before the date and place")
    # A card's 128 px thumbnail: its 256 px copy, sharp at two device pixels a pixel (in a page of its own: Chromium
    # takes a larger copy it already has, such as the front page's lead picture).
    with chromium_page(chromium, viewport=PHONE, device_scale_factor=2) as page:
        page.goto(url_of(base, "en", "news/"))
        thumbnail = page.locator(".cn-card__media img").first
        thumbnail.scroll_into_view_if_needed()
        if not soon(page, "/-256\\.webp$/.test(document.querySelector('.cn-card__media img').currentSrc)"):
            found.append(f"news: a card's thumbnail is {thumbnail.evaluate('img => img.currentSrc')}")
    assert found == []


def test_wide_pages_have_a_bar_of_sections_no_sidebar_and_read_well_in_the_dark(chromium, base):
    """At 1280 px in the dark scheme: nothing for axe on any kind of page; the sections in a bar under the header,
    the page's own marked; no sidebar of navigation beside any page, nor a menu button for it."""
    found = []
    with chromium_page(chromium, viewport=WIDE, color_scheme="dark") as page:
        page.clock.set_fixed_time(BUILD_DAY)
        for label, path in KINDS.items():
            page.goto(url_of(base, "en", path))
            found += axe_findings(page, f"{label} (dark)", WIDE["width"])
            sections = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item:not(.cn-nav-page)")
            if sections.first.is_visible() or page.locator(".cn-menu-button").is_visible():
                found.append(f"{label}: a sidebar of navigation or its button is shown")
            if not page.locator("nav.cn-sections").is_visible():
                found.append(f"{label}: no bar of sections")
        page.goto(url_of(base, "uk", "events/fortnight/"))
        marked = page.locator(".cn-sections [aria-current]").all_inner_texts()
        if marked != ["Події"]:
            found.append(f"uk event: the bar marks {marked}")
    assert found == []


def test_the_scheme_switch_is_remembered_and_the_system_followed_otherwise(chromium, base):
    with chromium_page(chromium, viewport=WIDE, color_scheme="light") as page:
        scheme = "() => document.body.getAttribute('data-md-color-scheme')"
        page.goto(url_of(base, "en", "news/"))
        assert page.evaluate(scheme) == "default"
        switch = page.get_by_role("button", name="Switch to dark mode")  # its name: the half that is displayed
        switch.click()
        assert page.evaluate(scheme) == "slate"
        assert page.get_by_role("button", name="Switch to light mode").is_visible()
        page.goto(url_of(base, "uk", "events/"))  # another page, another language: the same choice
        assert page.evaluate(scheme) == "slate"
        page.get_by_role("button", name="Увімкнути світлу тему").click()  # back to the system's: forgotten
        page.emulate_media(color_scheme="dark")
        assert soon(page, "document.body.getAttribute('data-md-color-scheme') === 'slate'")  # follows the system
        page.reload()
        assert page.evaluate(scheme) == "slate"


# An element a reader can see: its first box (a link's first line) inside the window and not covered (by the
# sticky header, say); the closed drawer is beside the window, which Playwright's visibility does not tell.
SEEN = """el => { const r = el.getClientRects()[0]; if (!r || !r.width || !r.height) return false;
  const x = r.left + Math.min(r.width / 2, 10), y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
  const hit = document.elementFromPoint(x, y); return !!hit && (el === hit || el.contains(hit)); }"""
# Whether the focused element shows a ring of at least 2 px (an outline; Chromium reports its width in px).
RING = """() => { const s = getComputedStyle(document.activeElement);
  return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"""
FOCUSED = """() => { const el = document.activeElement;
  return el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className : '')
    + (el.getAttribute('href') ? ' ' + el.getAttribute('href') : ''); }"""


def walk_with_tab(page, wanted: str, limit: int = 200) -> tuple[bool, list[str]]:
    """Tab from the top of the page to its end: whether a stop matched `wanted` (a selector), and what is wrong
    with each stop (out of sight or covered, no focus ring)."""
    stops, wrong, reached = [], [], False
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        stop = page.evaluate(FOCUSED)
        if stops and stop == stops[-1]:
            break  # the last stop (Chromium leaves the page for its own interface: the focus stays)
        stops.append(stop)
        reached = reached or page.evaluate("selector => document.activeElement.matches(selector)", wanted)
        if not soon(page, f"({SEEN})(document.activeElement)"):
            wrong.append(f"{stop}: out of sight")
        if not page.evaluate(RING):
            wrong.append(f"{stop}: no focus ring")
    return reached, wrong


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["phone", "wide"])
def test_the_keyboard_reaches_everything_with_a_ring_in_sight(keyboard_page, base, viewport):
    """Tab through an event and the front page: every stop is in sight (not in the closed drawer, not under the
    sticky header) and has a focus ring of 2 px or more. On a phone the menu button is a stop, the drawer it
    opens takes the focus and Escape closes it; at 1280 px, the header's search field is a stop."""
    page = keyboard_page
    page.set_viewport_size(viewport)
    problems = []
    for lang, path in (("en", "events/fortnight/"), ("uk", "")):
        page.goto(url_of(base, lang, path))
        wanted = ".cn-menu-button" if viewport is PHONE else "#cn-header-search"
        reached, wrong = walk_with_tab(page, wanted)
        problems += [f"{lang}/{path}: {problem}" for problem in wrong]
        if not reached:
            problems.append(f"{lang}/{path}: {wanted} is no stop")
    if viewport is PHONE:  # the drawer, opened from the keyboard, takes the focus; Escape closes it
        page.goto(url_of(base, "en", "news/"))
        page.locator(".cn-menu-button").focus()
        page.keyboard.press("Enter")
        if not soon(page, f"document.activeElement.closest('.md-sidebar--primary') && ({SEEN})(document.activeElement)"):
            problems.append(f"the opened drawer has not the focus: {page.evaluate(FOCUSED)}")
        page.keyboard.press("Escape")
        if not soon(page, "!document.getElementById('__drawer').checked && "
                          "document.activeElement.matches('.cn-menu-button')"):
            problems.append(f"Escape left the drawer open or the focus at {page.evaluate(FOCUSED)}")
    assert problems == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


@pytest.fixture(scope="module")
def keyboard_page(chromium):
    """One page for the keyboard's walks at both widths (a context less: about 0.45 s of CPU); the pages they
    go through store nothing (checked after each walk)."""
    with chromium_page(chromium) as page:
        page.clock.set_fixed_time(BUILD_DAY)
        yield page


TYPICAL_ARTICLE = "\n\n".join([
    "The first consultation workshop of the lab brought together hospitals, universities and companies from five "
    "countries to compare how their regions bring new medical devices from the laboratory to the patient. " * 3,
    "## What the partners found",
    "Most participants described the same bottleneck: clinical validation takes longer than the development of "
    "the device itself, and small companies rarely have the staff to prepare the evidence that hospitals ask "
    "for. " * 4,
    "![The workshop's first session](../../assets/photo.png)",
    "- Shared testing facilities between clusters\n- A common register of clinical partners\n"
    "- Training for small companies on the rules for medical devices",
    "## Next steps",
    "The partners agreed to meet again in the autumn, to publish a joint report and to open the lab's testing "
    "days to companies from every member cluster. " * 4,
    "Organisations that want to take part can write to the lab's coordinator; the calendar of the network lists "
    "every meeting, and the report will be published on this site in every language of the network. " * 3,
])
"""About 650 words, two pictures, sub-headings and a list: a typical story of the network's (the real news of
health clusters the sample content draws on run 400 to 900 words)."""


def write_print_content(site: FixtureSite) -> None:
    (site.root / "content" / "assets").mkdir(parents=True, exist_ok=True)
    (site.root / "content" / "assets" / "photo.png").write_bytes(picture_png(1600, 1000))
    site.write("en/projects/lab.md", {"title": "EU Health Lab", "acronym": "EUHL", "eu_funded": True})
    site.write("uk/news/workshop.md", {"title": "Перший семінар лабораторії", "date": "2025-06-15",
                                       "projects": ["lab"]})
    site.write("en/news/workshop.md", {
        "title": "The lab's first workshop maps the way from laboratory to patient", "date": "2025-06-15",
        "summary": "Five countries compared how new medical devices reach hospitals.", "projects": ["lab"],
        "authors": ["Maria Ivanova"], "image": {"src": "assets/photo.png", "alt": "Participants at the workshop",
                                                 "credit": "Photo: the lab"},
    }, TYPICAL_ARTICLE)


def build_print_site(folder):
    site = FixtureSite(folder / "project")
    write_print_content(site)
    return site.build()


def test_a_typical_article_prints_on_two_pages_with_its_name_address_date_and_eu_notice(chromium, tmp_path_factory):
    built = build_once(tmp_path_factory, "print", build_print_site)
    with serve(built.site) as root, chromium_page(chromium) as page:
        page.goto(root + "news/workshop/")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(page.extract_text() for page in pdf.pages)
    flat = " ".join(text.split())
    assert len(pdf.pages) <= 2, f"{len(pdf.pages)} pages"
    assert "Health Clusters Network" in flat.split("The lab's first workshop")[0]  # the network's name, first
    assert f"{SITE_URL}news/workshop/" in flat.replace(" ", "")  # its address (long ones may wrap)
    assert "15 June 2025" in flat and "Maria Ivanova" in flat
    assert "Funded by the European Union" in flat
    for unwanted in ("Also available in", "Українська", "Skip to content", "Search this site", "Subscribe"):
        assert unwanted not in flat, unwanted

