"""Event calendars: ordering around today, month grids, iCalendar feeds (two parsers), JSON-LD, links."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
import vobject

from cluster_news.adapter.settings import read_settings
from cluster_news.core import ical
from cluster_news.core.site import load_site

from conftest import LANGUAGES, REPO, SITE_URL, Built, FixtureSite, build_site, spaces

HOSTILE = 'Forum </script><script>alert(1)</script> ; , \\ "quoted" & ]]>'
HOSTILE_PLACE = "Hall <img src=x onerror=alert(2)>, &amp; evil"
UTC = dt.timezone.utc


def write_events(site: FixtureSite) -> None:
    write = site.write
    write("en/events/past-forum.md", {"title": "Past forum", "start": "2025-05-10"})
    write("en/events/in-progress-week.md", {"title": "Week in progress", "start": "2025-06-29", "end": "2025-07-02",
                                            "location": {"city": "Kyiv", "country": "UA"}})
    write("uk/events/in-progress-week.md", {"title": "Тиждень, що триває", "start": "2025-06-29",
                                            "end": "2025-07-02", "location": {"city": "Київ", "country": "UA"}})
    write("en/events/spinoff-bulgaria.md", {
        "title": "Spinoff Bulgaria", "start": "2025-07-20T09:30", "end": "2025-07-20T17:00",
        "timezone": "Europe/Sofia", "summary": "Spin-offs in Sofia.",
        "location": {"name": "Sofia Tech Park", "city": "Sofia", "country": "BG",
                     "latitude": 42.6675, "longitude": 23.3726},
        "organizers": ["Health and Life Sciences Cluster Bulgaria"], "registration": "https://spinoff.bg/",
    })
    write("bg/events/spinoff-bulgaria.md", {
        "title": "Спиноф България", "start": "2025-07-20T09:30", "end": "2025-07-20T17:00",
        "timezone": "Europe/Sofia", "registration": "https://spinoff.bg/",
        "location": {"name": "София Тех Парк", "city": "София", "country": "BG",
                     "latitude": 42.6675, "longitude": 23.3726},
    })
    write("pl/events/night-across-dst.md", {"title": "Noc hackathonu", "start": "2026-03-28T22:00",
                                            "end": "2026-03-29T10:00", "timezone": "Europe/Warsaw",
                                            "location": {"city": "Kraków", "country": "PL"}})
    write("en/events/two-day-summit.md", {"title": "Two-day summit", "start": "2025-08-20", "end": "2025-08-21",
                                          "location": {"city": "Bruges", "country": "BE"}})
    write("en/events/cancelled-meeting.md", {"title": "Cancelled meeting", "start": "2025-09-03",
                                             "status": "cancelled"})
    write("uk/events/cancelled-meeting.md", {"title": "Скасована зустріч", "start": "2025-09-03",
                                             "status": "cancelled"})
    write("ro/events/webinar.md", {"title": "Webinar online", "start": "2025-07-10T11:00", "end": "2025-07-10T12:00",
                                   "timezone": "Europe/Bucharest", "online": "https://example.org/live",
                                   "status": "moved-online"})
    write("en/events/hostile.md", {"title": HOSTILE, "start": "2025-10-01", "summary": HOSTILE,
                                   "location": {"name": HOSTILE_PLACE, "city": "Sinaia", "country": "RO"}})


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory, "events", write_events)


def feed(built: Built, url: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(built.path_of(url).read_bytes())


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


UID_DOMAIN = read_settings(REPO / "mkdocs.yml").options.calendar_uid_domain
"""Declared in mkdocs.yml, which the fixture sites build with (under another SITE_URL)."""


def uid(slug: str) -> str:
    return f"{slug}@{UID_DOMAIN}"


def titles(page, selector: str) -> list[str]:
    return [a.get_text() for a in page.select(f"{selector} .cn-entry__title a")]


def test_upcoming_starts_with_events_in_progress_then_past_newest_first(built):
    page = built.html("uk/events/")
    assert titles(page, '[data-cn-events="upcoming"]') == [
        "Тиждень, що триває", "Webinar online", "Spinoff Bulgaria", "Two-day summit", "Скасована зустріч",
        HOSTILE, "Noc hackathonu"]
    assert titles(page, '[data-cn-events="past"]') == ["Past forum"]


def test_list_entries_show_dates_times_places_and_status_in_the_page_language(built):
    page = built.html("uk/events/")
    spinoff = page.find("a", string="Spinoff Bulgaria").find_parent("li")
    meta = spaces(spinoff.select_one(".cn-entry__meta").get_text(" ", strip=True))
    assert "20 липня 2025 р., 09:30–17:00" in meta
    assert "за східноєвропейським літнім часом" in meta
    place = spinoff.select_one(".cn-place")  # an English item's place reads in English, city and country alike
    assert (place.get_text(), place["lang"]) == ("Sofia, Bulgaria", "en")
    assert spinoff.select_one("a")["hreflang"] == "en"
    webinar = page.find("a", string="Webinar online").find_parent("li")
    assert "Онлайн" in webinar.get_text() and "Переведено в онлайн" in webinar.get_text()
    cancelled = page.find("a", string="Скасована зустріч").find_parent("li")
    assert cancelled.select_one(".cn-status").get_text() == "Скасовано"


def test_month_grid_is_an_accessible_table_with_monday_first(built):
    page = built.html("uk/events/2025/07/")
    table = page.select_one("table.cn-calendar")
    assert spaces(table.caption.get_text()) == "Липень 2025 р."
    headers = table.select("thead th")
    assert [th["scope"] for th in headers] == ["col"] * 7
    assert [th.abbr["title"] for th in headers] == ["понеділок", "вівторок", "середа", "четвер", "пʼятниця",
                                                    "субота", "неділя"]
    first_row = [td.get_text(" ", strip=True)[:2].strip() for td in table.select("tbody tr")[0].select("td")]
    assert first_row[:2] == ["30", "1"]  # 1 July 2025 is a Tuesday
    today = table.select_one('[aria-current="date"] time')["datetime"]
    assert today == "2025-07-01"


def test_month_grid_shows_exactly_the_events_that_overlap_it(built):
    def month_events(url):
        return [a.get_text() for a in built.html(url).select("table.cn-calendar a:not([aria-hidden])")]

    assert month_events("events/2025/06/") == ["Week in progress"]
    assert sorted(month_events("events/2025/07/")) == ["Spinoff Bulgaria", "Webinar online", "Week in progress"]
    assert month_events("events/2025/08/") == ["Two-day summit"]  # two days, one link


def week_bars(table, week: int) -> list[tuple[str, int, int]]:
    """(title, first column, days) of each event bar in a week of a month grid, lane by lane."""
    bars = []
    for lane in table.select("tbody")[week].select("tr.cn-week__lane"):
        column = 0
        for cell in lane.select("td"):
            span = int(cell.get("colspan", 1))
            if cell.a:
                bars.append((cell.a.get_text(), column, span))
            column += span
    return bars


def test_a_multi_day_event_is_one_bar_across_its_days(built):
    july = built.html("events/2025/07/").select_one("table.cn-calendar")
    # The week of 30 June: the week in progress (29 June - 2 July) runs Monday to Wednesday, carried over.
    assert week_bars(july, 0) == [("Week in progress", 0, 3)]
    bar = july.select("tbody")[0].select_one("a.cn-bar")
    assert "cn-bar--continued" in bar["class"] and "cn-bar--continues" not in bar["class"]
    assert week_bars(july, 1) == [("Webinar online", 3, 1)]
    assert week_bars(july, 2) == [("Spinoff Bulgaria", 6, 1)]
    august = built.html("events/2025/08/").select_one("table.cn-calendar")
    assert week_bars(august, 3) == [("Two-day summit", 2, 2)]  # Wednesday 20 and Thursday 21
    busy = [td.time["datetime"] for td in august.select(".cn-calendar__day--busy")]
    assert busy == ["2025-08-20", "2025-08-21"]


def test_months_run_from_the_first_to_the_last_event_with_previous_and_next(built):
    assert built.exists("events/2025/05/") and built.exists("events/2026/03/")
    assert not built.exists("events/2025/04/") and not built.exists("events/2026/04/")
    first = built.html("events/2025/05/").select_one(".cn-month-nav")
    assert first.select_one('a[rel="prev"]') is None
    assert built.resolve("events/2025/05/", first.select_one('a[rel="next"]')["href"]) == "events/2025/06/"
    last = built.html("pl/events/2026/03/").select_one(".cn-month-nav")
    assert built.resolve("pl/events/2026/03/", last.select_one('a[rel="prev"]')["href"]) == "pl/events/2026/02/"
    assert built.resolve("pl/events/2026/03/", last.select_one(".cn-month-nav__list")["href"]) == "pl/events/"
    events_page = built.html("ro/events/")
    calendar_link = events_page.select_one(".cn-calendar-links a")
    assert built.resolve("ro/events/", calendar_link["href"]) == "ro/events/2025/07/"


def test_event_page_has_its_facts_calendar_links_and_map(built):
    page = built.article("bg/events/spinoff-bulgaria/")
    text = spaces(page.get_text(" ", strip=True))
    assert "20 юли 2025 г., 9:30–17:00" in text and "Europe/Sofia" in text
    ics = page.select_one('a[download]')
    assert built.resolve("bg/events/spinoff-bulgaria/", ics["href"]) == "bg/events/spinoff-bulgaria/spinoff-bulgaria.ics"
    links = {urlsplit(a["href"]).netloc: a["href"] for a in page.select(".cn-event-actions a, a.cn-map")}
    google = parse_qs(urlsplit(links["calendar.google.com"]).query)
    assert google["dates"] == ["20250720T093000/20250720T170000"] and google["ctz"] == ["Europe/Sofia"]
    assert google["text"] == ["Спиноф България"]
    outlook = parse_qs(urlsplit(links["outlook.live.com"]).query)
    assert outlook["startdt"] == ["2025-07-20T09:30:00+03:00"] and outlook["allday"] == ["false"]
    osm = urlsplit(links["www.openstreetmap.org"])
    assert parse_qs(osm.query) == {"mlat": ["42.6675"], "mlon": ["23.3726"]}
    summit = built.article("events/two-day-summit/")
    google = parse_qs(urlsplit(summit.select_one('a[href*="calendar.google.com"]')["href"]).query)
    assert google["dates"] == ["20250820/20250822"] and "ctz" not in google
    osm = parse_qs(urlsplit(summit.select_one("a.cn-map")["href"]).query)
    assert osm == {"query": ["Bruges, Belgium"]}


def test_language_feed_lists_every_event_with_one_uid_per_event(built):
    feeds = {lang: feed(built, ("" if lang == "en" else f"{lang}/") + "events.ics") for lang in LANGUAGES}
    uids = {lang: set(events_by_uid(calendar)) for lang, calendar in feeds.items()}
    assert all(found == uids["en"] for found in uids.values())
    assert len(uids["en"]) == 8
    uk = events_by_uid(feeds["uk"])
    assert str(uk[uid("in-progress-week")]["SUMMARY"]) == "Тиждень, що триває"
    assert str(uk[uid("spinoff-bulgaria")]["SUMMARY"]) == "Spinoff Bulgaria"
    assert uk[uid("spinoff-bulgaria")]["SUMMARY"].params["LANGUAGE"] == "en"
    assert str(uk[uid("in-progress-week")]["URL"]) == f"{SITE_URL}uk/news/".replace("news/", "events/in-progress-week/")
    assert str(events_by_uid(feeds["en"])[uid("in-progress-week")]["URL"]) == f"{SITE_URL}events/in-progress-week/"
    assert str(feeds["bg"]["X-WR-CALNAME"]) == "Мрежа на здравните клъстери – Събития"


def test_all_day_events_use_dates_with_an_exclusive_end(built):
    text = built.path_of("events/two-day-summit/two-day-summit.ics").read_text()
    assert "DTSTART;VALUE=DATE:20250820" in text and "DTEND;VALUE=DATE:20250822" in text
    event = events_by_uid(feed(built, "events.ics"))[uid("past-forum")]
    assert event.decoded("DTSTART") == dt.date(2025, 5, 10) and event.decoded("DTEND") == dt.date(2025, 5, 11)


def test_timed_event_in_sofia_carries_its_zone(built):
    calendar = feed(built, "bg/events/spinoff-bulgaria/spinoff-bulgaria.ics")
    event = events_by_uid(calendar)[uid("spinoff-bulgaria")]
    assert "DTSTART;TZID=Europe/Sofia:20250720T093000" in calendar.to_ical().decode()
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Sofia"]
    start = event.decoded("DTSTART")
    assert start.astimezone(UTC) == dt.datetime(2025, 7, 20, 6, 30, tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC) == dt.datetime(2025, 7, 20, 14, 0, tzinfo=UTC)
    assert event["GEO"].latitude == 42.6675 and event["GEO"].longitude == 23.3726
    assert str(event["LOCATION"]) == "София Тех Парк, София, България"
    assert str(event["STATUS"]) == "CONFIRMED"


def test_event_across_the_warsaw_daylight_saving_change(built):
    event = events_by_uid(feed(built, "pl/events/night-across-dst/night-across-dst.ics"))[uid("night-across-dst")]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert end - start == dt.timedelta(hours=12)  # wall clock; but the night is one hour shorter:
    assert end.astimezone(UTC) - start.astimezone(UTC) == dt.timedelta(hours=11)
    assert start.utcoffset() == dt.timedelta(hours=1) and end.utcoffset() == dt.timedelta(hours=2)
    data = json_ld(built, "pl/events/night-across-dst/")
    assert (data["startDate"], data["endDate"]) == ("2026-03-28T22:00:00+01:00", "2026-03-29T10:00:00+02:00")


def test_status_maps_to_ical_and_schema_org(built):
    events = events_by_uid(feed(built, "uk/events.ics"))
    assert str(events[uid("cancelled-meeting")]["STATUS"]) == "CANCELLED"
    assert json_ld(built, "uk/events/cancelled-meeting/")["eventStatus"] == "https://schema.org/EventCancelled"
    webinar = json_ld(built, "ro/events/webinar/")
    assert webinar["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert webinar["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert webinar["location"] == {"@type": "VirtualLocation", "url": "https://example.org/live"}


def json_ld(built: Built, url: str) -> dict:
    """The page's own structured data (beside its breadcrumb trail)."""
    found = [json.loads(script.string) for script in built.html(url).select('script[type="application/ld+json"]')]
    own = [data for data in found if data["@type"] != "BreadcrumbList"]
    assert len(own) == 1 and len(found) == 2
    return own[0]


def test_json_ld_of_a_timed_event(built):
    data = json_ld(built, "events/spinoff-bulgaria/")
    assert data["@type"] == "Event" and data["inLanguage"] == "en"
    assert data["startDate"] == "2025-07-20T09:30:00+03:00" and data["endDate"] == "2025-07-20T17:00:00+03:00"
    assert data["url"] == f"{SITE_URL}events/spinoff-bulgaria/"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["addressCountry"] == "BG"
    assert data["location"]["geo"]["latitude"] == 42.6675
    assert data["organizer"] == [{"@type": "Organization", "name": "Health and Life Sciences Cluster Bulgaria"}]
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    summit = json_ld(built, "events/two-day-summit/")
    assert (summit["startDate"], summit["endDate"]) == ("2025-08-20", "2025-08-21")


def test_hostile_text_survives_intact_and_harmless(built):
    data = json_ld(built, "events/hostile/")
    assert data["name"] == HOSTILE and data["location"]["name"] == HOSTILE_PLACE
    page = built.html("events/hostile/")
    assert not page.select("[onerror]")
    assert {s.get("type") for s in page.select("article script")} == {"application/ld+json"}
    event = events_by_uid(feed(built, "events.ics"))[uid("hostile")]
    assert str(event["SUMMARY"]) == HOSTILE
    assert str(event["LOCATION"]).startswith(HOSTILE_PLACE)
    grid = built.html("events/2025/10/")
    assert HOSTILE in [a.get_text() for a in grid.select("table.cn-calendar a")]


def test_feeds_read_the_same_in_an_independent_parser(built):
    for url in ["events.ics", "uk/events.ics", "pl/events/night-across-dst/night-across-dst.ics"]:
        ours = events_by_uid(feed(built, url))
        theirs = vobject.readOne(built.path_of(url).read_text(encoding="utf-8"))
        parsed = {str(event.uid.value): event for event in theirs.vevent_list}
        assert set(parsed) == set(ours)
        for key, event in parsed.items():
            assert event.summary.value == str(ours[key]["SUMMARY"])
            assert event.dtstart.value == ours[key].decoded("DTSTART")
    night = vobject.readOne(built.path_of("pl/events.ics").read_text(encoding="utf-8"))
    dst = next(e for e in night.vevent_list if e.uid.value == uid("night-across-dst"))
    assert dst.dtend.value.astimezone(UTC) - dst.dtstart.value.astimezone(UTC) == dt.timedelta(hours=11)


def test_feed_is_advertised_and_linked(built):
    page = built.html("bg/events/")
    link = page.select_one('.cn-calendar-links a[type="text/calendar"]')
    assert built.resolve("bg/events/", link["href"]) == "bg/events.ics"


def test_stamps_are_stable_for_the_same_sources(built, tmp_path):
    """The module's build and another one, in another folder, of the same sources."""
    site = FixtureSite(tmp_path / "again")
    write_events(site)
    again = site.build(env={"SOURCE_DATE_EPOCH": "1751328000"}, new_interpreter=True)  # its own hash seed
    assert again.ok, again.output
    outputs = [{path.relative_to(result.site): path.read_bytes() for path in result.site.rglob("*.ics")}
               for result in (built, again)]
    assert len(outputs[0]) == 5 + 11  # five language feeds and one file per event page
    assert outputs[0] == outputs[1]
    event = events_by_uid(icalendar.Calendar.from_ical(outputs[0][next(iter(outputs[0]))]))[uid("past-forum")]
    assert event.decoded("DTSTAMP") == dt.datetime(2025, 7, 1, tzinfo=UTC)
    assert event.decoded("LAST-MODIFIED") == dt.datetime(2025, 7, 1, tzinfo=UTC)
    assert int(event["SEQUENCE"]) == 0


def test_every_uid_survives_a_move_of_the_site_to_another_address(built, tmp_path):
    """A network that moves from its github.io address to its own domain: each calendar file lists the same
    events under the same UIDs (subscribers' apps would otherwise show every event twice), while every address
    in them follows the move."""
    assert UID_DOMAIN and UID_DOMAIN not in SITE_URL
    site = FixtureSite(tmp_path / "moved")
    write_events(site)
    moved = site.build(env={"SITE_URL": "https://news.example.org/"})
    assert moved.ok, moved.output

    def calendars(result: Built) -> dict[str, icalendar.Calendar]:
        return {path.relative_to(result.site).as_posix(): icalendar.Calendar.from_ical(path.read_bytes())
                for path in sorted(result.site.rglob("*.ics"))}

    before, after = calendars(built), calendars(moved)
    assert set(before) == set(after) and len(before) == 5 + 11
    for path, calendar in before.items():
        uids = list(events_by_uid(calendar))
        assert uids and list(events_by_uid(after[path])) == uids, path
        assert all(uid.endswith(f"@{UID_DOMAIN}") for uid in uids), path
        urls = [str(event["URL"]) for event in after[path].walk("VEVENT")]
        assert all(url.startswith("https://news.example.org/") for url in urls), path


# Where an event stands -------------------------------------------------------------------------------

def write_states(site: FixtureSite) -> None:
    """Events around the build date (2025-07-01), each with a way to register and to join."""
    ways = {"registration": "https://example.org/register", "online": "https://example.org/join"}
    write = site.write
    write("en/events/ahead.md", {"title": "Ahead", "start": "2025-07-20", **ways})
    write("en/events/over.md", {"title": "Over", "start": "2025-06-10", "end": "2025-06-11", **ways,
                                "location": {"city": "Sofia", "country": "BG"}})
    write("uk/events/over.md", {"title": "Минула", "start": "2025-06-10", "end": "2025-06-11", **ways,
                                "location": {"city": "Софія", "country": "BG"}})
    write("en/events/called-off.md", {"title": "Called off", "start": "2025-09-01", "status": "cancelled", **ways})
    write("pl/events/called-off.md", {"title": "Odwołane spotkanie", "start": "2025-09-01", "status": "cancelled",
                                      **ways})
    write("en/events/later.md", {"title": "Later", "start": "2025-09-10", "status": "postponed", **ways})
    write("ro/events/new-date.md", {"title": "Dată nouă", "start": "2025-10-01T10:00", "end": "2025-10-01T12:00",
                                    "status": "rescheduled", **ways})


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory, "event-states", write_states)


def offers(built: Built, url: str) -> list[str]:
    """What an event's page offers to do: add it to a calendar, register, join (the links a reader can follow)."""
    article = built.article(url)
    shown = [a for a in article.select("a") if not a.find_parent(attrs={"hidden": True}) and not a.has_attr("hidden")]
    found = [a["href"] for a in shown if a["href"] in ("https://example.org/register", "https://example.org/join")]
    return found + [a.get_text() for a in shown if a.find_parent(class_="cn-event-actions")]


def state(built: Built, url: str) -> list[str]:
    """The notes under the title that are shown (not hidden) as the page was built."""
    return [spaces(p.get_text(" ", strip=True)) for p in built.article(url).select(".cn-event-state p")
            if not p.has_attr("hidden")]


def test_an_event_says_where_it_stands_and_offers_only_what_still_makes_sense(states):
    assert state(states, "events/ahead/") == []
    assert offers(states, "events/ahead/") == ["https://example.org/join", "https://example.org/register",
                                               "Download (.ics)", "Add to Google Calendar", "Add to Outlook"]
    hidden = states.article("events/ahead/").select_one(".cn-state--past")
    assert hidden.has_attr("hidden") and hidden.has_attr("data-cn-past")  # for the script, on a later day
    assert [spaces(p) for p in [hidden.get_text()]] == ["This event took place on 20 July 2025."]

    assert state(states, "events/over/") == ["This event took place on 10–11 June 2025."]
    assert state(states, "uk/events/over/") == ["Ця подія відбулася 10–11 червня 2025 р."]
    for url in ("events/over/", "uk/events/over/"):
        assert offers(states, url) == [], url
        assert states.article(url).select("[data-cn-upcoming]") == [], url  # nothing left for the script to hide
        assert json_ld(states, url)["eventStatus"] == "https://schema.org/EventScheduled"
    online = states.article("events/over/").find("dt", string="Online").find_next_sibling("dd")
    assert online.get_text(strip=True) == "Online event" and online.a is None  # it was online; nothing to join

    assert state(states, "events/called-off/") == ["Cancelled This event has been cancelled."]
    assert state(states, "pl/events/called-off/") == ["Odwołane Wydarzenie zostało odwołane."]
    assert state(states, "events/later/") == [
        "Postponed This event has been postponed; its new date is not known yet."]
    for url, status in [("events/called-off/", "EventCancelled"), ("pl/events/called-off/", "EventCancelled"),
                        ("events/later/", "EventPostponed")]:
        assert offers(states, url) == [], url
        assert json_ld(states, url)["eventStatus"] == f"https://schema.org/{status}", url
    assert states.article("events/called-off/").select_one(".cn-facts time")["class"] == ["cn-cancelled"]

    assert state(states, "ro/events/new-date/") == ["Reprogramat Evenimentul a fost mutat la o nouă dată."]
    assert states.article("ro/events/new-date/").select_one(".cn-state--rescheduled").has_attr("data-cn-upcoming")
    assert len(offers(states, "ro/events/new-date/")) == 5


def test_cancelled_and_postponed_events_say_so_in_lists_grids_and_calendars(states):
    listed = states.html("events/").find("a", string="Called off").find_parent("li")
    assert "cn-entry--cancelled" in listed["class"] and listed.select_one(".cn-status").get_text() == "Cancelled"
    grid = states.html("pl/events/2025/09/")
    bar = grid.find("a", string="Odwołane spotkanie")
    assert "cn-bar--cancelled" in bar["class"] and bar.find_next_sibling(class_="cn-status").get_text() == "Odwołane"
    events = events_by_uid(feed(states, "events.ics"))
    assert str(events[uid("called-off")]["SUMMARY"]) == "Cancelled: Called off"
    assert str(events[uid("called-off")]["STATUS"]) == "CANCELLED"
    assert str(events[uid("later")]["SUMMARY"]) == "Postponed: Later"
    assert str(events[uid("ahead")]["SUMMARY"]) == "Ahead"
    polish = events_by_uid(feed(states, "pl/events.ics"))
    assert str(polish[uid("called-off")]["SUMMARY"]) == "Odwołane: Odwołane spotkanie"


def _calendar_files(root, cache=None) -> dict[str, bytes]:
    """Every language's calendars, as a build writes them, of the site planned from `root`'s content."""
    tree, plan = load_site(read_settings(root / "mkdocs.yml"), dt.date(2025, 7, 1), cache=cache)
    assert plan is not None, tree.errors
    return {url: text for lang in LANGUAGES for url, text in plan.calendar_files(lang, f"Events {lang}").items()}


def test_calendar_parts_kept_between_builds_give_the_same_files(tmp_path, monkeypatch):
    """Each language's calendars from parts kept by the build before (core/ical.py: KeptParts) are the
    calendars made anew, byte for byte: with nothing changed, without making any event again; after an
    edit, with that event made again; with entries or a file that cannot be read."""
    site = FixtureSite(tmp_path / "kept")
    write_events(site)
    cache = tmp_path / "cache"
    made: list[str] = []
    component = ical._component
    monkeypatch.setattr(ical, "_component", lambda event, properties: made.append(properties[0][1]) or
                        component(event, properties))
    fresh = _calendar_files(site.root)
    assert _calendar_files(site.root, cache) == fresh
    assert sorted(path.name.split("-")[1] for path in cache.glob("calendars-*.json")) == sorted(LANGUAGES)
    made.clear()
    assert _calendar_files(site.root, cache) == fresh and made == []
    path = site.root / "content" / "bg" / "events" / "spinoff-bulgaria.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Спиноф България", "Спиноф България 2025"),
                    encoding="utf-8")
    made.clear()
    edited = _calendar_files(site.root)
    every = sorted(made)
    made.clear()
    assert _calendar_files(site.root, cache) == edited != fresh
    assert set(made) == {uid("spinoff-bulgaria")}  # both its versions: an edit of one is when the event changed
    for kept in cache.glob("calendars-*.json"):  # entries of another shape than the build writes: not used
        document = json.loads(kept.read_text(encoding="utf-8"))
        document["entries"] = {key: [part] for key, part in document["entries"].items()}
        kept.write_text(json.dumps(document), encoding="utf-8")
    made.clear()
    assert _calendar_files(site.root, cache) == edited and sorted(made) == every
    for kept in cache.glob("calendars-*.json"):
        kept.write_text("{not json", encoding="utf-8")
    assert _calendar_files(site.root, cache) == edited


def test_a_calendar_part_is_named_after_every_value_and_its_type():
    """Values `icalendar` writes differently never share a name; a value that cannot be described is never kept."""
    sofia = dt.datetime(2025, 7, 20, 9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Sofia"))
    values = [1, 1.0, True, "1", [1], (1,), dt.date(2025, 7, 20), dt.datetime(2025, 7, 20), sofia,
              sofia.replace(tzinfo=dt.timezone(dt.timedelta(hours=3))), sofia.replace(tzinfo=UTC),
              sofia.replace(tzinfo=zoneinfo.ZoneInfo("Europe/Bucharest")), {"LANGUAGE": "bg"}, None]
    names = [ical._key("VEVENT", [("x", value, None)]) for value in values]
    assert None not in names and len(set(names)) == len(values)
    assert ical._key("VEVENT", "Forum") != ical._key("VCALENDAR", "Forum")
    assert ical._key("VEVENT", [("x", object(), None)]) is None
    assert ical._key("VEVENT", [("x", sofia.replace(tzinfo=dt.tzinfo()), None)]) is None
