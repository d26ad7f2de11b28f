"""A reader in Chromium: events lists and month grids in two languages, month navigation,
the language switcher on an event page, and the list re-sorted on a later day. No console errors."""

from __future__ import annotations

import datetime as dt

import pytest

from browser import chromium_page, serve
from conftest import Built, build_site
from test_calendar import write_events


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:  # SOURCE_DATE_EPOCH: 2025-07-01
    return build_site(tmp_path_factory, "events", write_events)


@pytest.fixture(scope="module")
def base(built):
    with serve(built.site) as url:
        yield url


@pytest.fixture(scope="module")
def shared(chromium):
    """One page for the module's tests: a new context and page cost about 0.45 s of CPU more than a load."""
    with chromium_page(chromium) as page:
        yield page


@pytest.fixture
def page(shared):
    """The shared page, its console errors collected from the test's start; each test sets its clock. The pages
    read here store nothing (checked: the origin's local and session storage are empty after each test)."""
    shared.problems.clear()
    yield shared
    assert shared.evaluate("localStorage.length + sessionStorage.length") == 0


def visible_titles(page, selector: str) -> list[str]:
    return page.locator(f"{selector} .cn-entry__title a").all_inner_texts()


def follow(page, selector: str, url: str) -> None:
    """Click a link and wait until the page it leads to has loaded (reading texts before would read the
    page being left)."""
    with page.expect_navigation(url=url, wait_until="load"):
        page.click(selector)


def test_events_month_grids_and_switcher_in_two_languages(page, base):
    page.clock.set_fixed_time(dt.datetime(2025, 7, 1, 12, 0))
    for root, upcoming_first, month_caption in [("", "Week in progress", "July 2025"),
                                                ("uk/", "Тиждень, що триває", "Липень 2025")]:
        page.goto(f"{base}{root}events/")
        assert visible_titles(page, '[data-cn-events="upcoming"]')[0] == upcoming_first
        follow(page, ".cn-calendar-links a >> nth=0", f"{base}{root}events/2025/07/")
        assert page.locator("table.cn-calendar caption").inner_text().replace("\u202f", " ").startswith(
            month_caption)
        follow(page, '.cn-month-nav a[rel="next"]', f"{base}{root}events/2025/08/")
        assert page.locator("table.cn-calendar a").all_inner_texts() == ["Two-day summit"]  # one bar, two days
        follow(page, '.cn-month-nav a[rel="prev"]', f"{base}{root}events/2025/07/")
        follow(page, '.cn-month-nav a[rel="prev"]', f"{base}{root}events/2025/06/")
    page.goto(f"{base}events/spinoff-bulgaria/")
    page.locator(".md-select").first.hover()
    follow(page, 'a.md-select__link[hreflang="bg"]', f"{base}bg/events/spinoff-bulgaria/")
    assert page.locator("html").get_attribute("lang") == "bg"
    page.locator(".md-select").first.hover()
    follow(page, 'a.md-select__link[hreflang="uk"]', f"{base}uk/events/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.problems == []


def test_a_later_reader_sees_ended_events_as_past(page, base):
    page.clock.set_fixed_time(dt.datetime(2025, 7, 15, 9, 0))
    page.goto(f"{base}events/")
    assert visible_titles(page, '[data-cn-events="upcoming"]')[:2] == ["Spinoff Bulgaria", "Two-day summit"]
    assert visible_titles(page, '[data-cn-events="past"]') == ["Webinar online", "Week in progress", "Past forum"]
    page.goto(f"{base}")
    assert "Week in progress" not in visible_titles(page, '.cn-home__events [data-cn-events="upcoming"]')
    assert visible_titles(page, '.cn-home__events [data-cn-events="past"]')[:2] == [
        "Webinar online", "Week in progress"]  # the front page's latest events, newest first
    assert page.problems == []


def test_an_event_page_built_before_the_event_and_read_after_it_says_it_took_place(page, base, chromium):
    """Built on 1 July, read on 25 July: the page says when the event took place and no longer offers to
    register, join or add it to a calendar; read on the build date, or without JavaScript, it is as built."""
    actions = page.locator(".cn-event-actions")
    page.clock.set_fixed_time(dt.datetime(2025, 7, 1, 12, 0))
    page.goto(f"{base}events/spinoff-bulgaria/")
    assert actions.is_visible() and page.get_by_role("link", name="Register").is_visible()
    assert page.locator(".cn-state--past").is_hidden()
    page.clock.set_fixed_time(dt.datetime(2025, 7, 25, 9, 0))
    page.goto(f"{base}events/spinoff-bulgaria/")
    assert page.locator(".cn-state--past").inner_text() == "This event took place on 20 July 2025."
    assert actions.is_hidden() and page.get_by_role("link", name="Register").count() == 0
    assert page.locator("main").get_by_text("Registration", exact=True).is_hidden()
    page.goto(f"{base}ro/events/webinar/")  # moved online, on 10 July
    assert page.locator(".cn-state--past").inner_text() == "Evenimentul a avut loc pe 10 iulie 2025."
    assert page.locator(".cn-state--moved-online").is_hidden()
    assert page.locator('a[href="https://example.org/live"]').is_hidden()
    assert page.locator("main span[data-cn-past]").filter(has_text="Eveniment online").is_visible()
    assert actions.is_hidden()
    assert page.problems == []
    context = chromium.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(f"{base}events/spinoff-bulgaria/")
        assert plain.locator(".cn-event-actions").is_visible() and plain.locator(".cn-state--past").is_hidden()
    finally:
        context.close()
