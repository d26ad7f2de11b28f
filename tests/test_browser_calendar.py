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


def visible_titles(page, selector: str) -> list[str]:
    return page.locator(f"{selector} .cn-entry__title a").all_inner_texts()


def test_events_month_grids_and_switcher_in_two_languages(built):
    with serve(built.site) as base, chromium_page() as page:
        page.clock.set_fixed_time(dt.datetime(2025, 7, 1, 12, 0))
        for root, upcoming_first, month_caption in [("", "Week in progress", "July 2025"),
                                                    ("uk/", "Тиждень, що триває", "Липень 2025")]:
            page.goto(f"{base}{root}events/")
            assert visible_titles(page, '[data-cn-events="upcoming"]')[0] == upcoming_first
            page.click(".cn-calendar-links a >> nth=0")
            page.wait_for_url(f"{base}{root}events/2025/07/")  # the next page loaded before reading it
            assert page.url == f"{base}{root}events/2025/07/"
            assert page.locator("table.cn-calendar caption").inner_text().replace("\u202f", " ").startswith(
                month_caption)
            page.click('.cn-month-nav a[rel="next"]')
            page.wait_for_url(f"{base}{root}events/2025/08/")
            assert page.url == f"{base}{root}events/2025/08/"
            assert page.locator("table.cn-calendar a").all_inner_texts() == ["Two-day summit"] * 2  # 20 and 21
            page.click('.cn-month-nav a[rel="prev"]')
            page.wait_for_url(f"{base}{root}events/2025/07/")
            page.click('.cn-month-nav a[rel="prev"]')
            page.wait_for_url(f"{base}{root}events/2025/06/")
            assert page.url == f"{base}{root}events/2025/06/"
        page.goto(f"{base}events/spinoff-bulgaria/")
        page.locator(".md-select").first.hover()
        page.click('a.md-select__link[hreflang="bg"]')
        page.wait_for_url(f"{base}bg/events/spinoff-bulgaria/")
        assert page.url == f"{base}bg/events/spinoff-bulgaria/"
        assert page.locator("html").get_attribute("lang") == "bg"
        page.locator(".md-select").first.hover()
        page.click('a.md-select__link[hreflang="uk"]')
        page.wait_for_url(f"{base}uk/events/")
        assert page.url == f"{base}uk/events/"
        assert page.locator("html").get_attribute("lang") == "uk"
        assert page.problems == []


def test_a_later_reader_sees_ended_events_as_past(built):
    with serve(built.site) as base, chromium_page() as page:
        page.clock.set_fixed_time(dt.datetime(2025, 7, 15, 9, 0))
        page.goto(f"{base}events/")
        assert visible_titles(page, '[data-cn-events="upcoming"]')[:2] == ["Spinoff Bulgaria", "Two-day summit"]
        assert visible_titles(page, '[data-cn-events="past"]') == ["Webinar online", "Week in progress", "Past forum"]
        page.goto(f"{base}")
        assert "Week in progress" not in visible_titles(page, ".cn-home__events")
        assert page.problems == []
