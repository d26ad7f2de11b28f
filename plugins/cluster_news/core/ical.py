"""iCalendar (RFC 5545) feeds of events, written with the `icalendar` library.

One event has one UID in every language's feed and every rebuild, wherever the site is served from: its
slug at the UID domain the configuration declares (`calendar_uid_domain`). DTSTAMP, LAST-MODIFIED and
SEQUENCE come from the content's git history, so rebuilding unchanged sources gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import icalendar

from . import i18n
from .calendar import ends_at, exclusive_end_day, location_text, starts_at
from .catalog import Shown
from .history import Change
from .model import Item
from .schema import STATUS
from .urls import UrlScheme

PRODID = "-//cluster-news//Health Clusters Network//EN"


def event_uid(slug: str, uid_domain: str) -> str:
    """'<slug>@<uid domain>': calendar apps know an event by it, so it must never change (a new UID is a new
    event to them, shown beside the old one)."""
    return f"{slug}@{uid_domain}"


class CalendarWriter:
    """Writes many calendars that share events: each VEVENT (and each VTIMEZONE) is built and
    serialised by `icalendar` once, then calendars are assembled from those parts."""

    def __init__(self, urls: UrlScheme, stamps: Mapping[tuple[str, str], Change], uid_domain: str):
        """`stamps`: when each event last changed (`SitePlan.event_stamps`), its DTSTAMP and SEQUENCE;
        `uid_domain`: what follows the '@' of every UID (`urls.calendar_uid_domain`)."""
        self.urls = urls
        self.uid_domain = uid_domain
        self.stamps = stamps
        self._events: dict[tuple[str, str, str], bytes] = {}
        self._zones: dict[tuple[str, int, int], bytes] = {}

    def calendar(self, events: list[Shown], name: str) -> bytes:
        """A calendar of `events` as their readers see them (their translation where it exists)."""
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", icalendar.vText(name))  # an X- property: escaped only as vText
        head = calendar.to_ical()
        end = b"END:VCALENDAR\r\n"
        assert head.endswith(end)
        ordered = sorted(events, key=lambda s: (starts_at(s.item), s.entry.slug))
        parts = [self._zone(zone, years) for zone, years in sorted(_zone_years(ordered).items())]
        parts += [self._event(shown) for shown in ordered]
        return head[: -len(end)] + b"".join(parts) + end

    def forget(self, slugs: set[str]) -> None:
        """Build these events' parts again next time (the preview, after they were edited)."""
        self._events = {key: part for key, part in self._events.items() if key[0] not in slugs}

    def _zone(self, zone: str, years: tuple[int, int]) -> bytes:
        """The zone's rules over whole years, so that calendars of nearby events share them."""
        key = (zone, *years)
        if key not in self._zones:
            timezone = icalendar.Timezone.from_tzid(zone, first_date=dt.date(years[0], 1, 1),
                                                    last_date=dt.date(years[1] + 1, 1, 1))
            self._zones[key] = timezone.to_ical()
        return self._zones[key]

    def _event(self, shown: Shown) -> bytes:
        key = (shown.entry.slug, shown.item.lang)  # the same event bytes in every language that shows this version
        if key not in self._events:
            self._events[key] = _event(shown, self.urls, self.uid_domain, self.stamps[shown.entry.key]).to_ical()
        return self._events[key]


def _zone_years(events: list[Shown]) -> dict[str, tuple[int, int]]:
    """The years each time zone of timed events spans."""
    years: dict[str, tuple[int, int]] = {}
    for shown in events:
        item = shown.item
        if item.all_day:
            continue
        first, last = starts_at(item).year, (ends_at(item) or starts_at(item)).year
        known = years.get(item.timezone)
        years[item.timezone] = (min(first, known[0]), max(last, known[1])) if known else (first, last)
    return years


def _summary(item: Item) -> str:
    """The title calendar apps show. Many show a cancelled or postponed event like any other (they read STATUS
    little or not at all), so its title says so, in its own language: "Cancelled: <title>"."""
    if item.status not in ("cancelled", "postponed"):
        return item.title
    return i18n.translate(item.lang, "status_in_title", status=i18n.translate(item.lang, f"status_{item.status}"),
                          title=item.title)


def _event(shown: Shown, urls: UrlScheme, uid_domain: str, change: Change) -> icalendar.Event:
    item = shown.item
    stamp = change.at.astimezone(dt.timezone.utc).replace(microsecond=0)
    url = urls.absolute(urls.item(item))
    event = icalendar.Event()
    event.add("uid", event_uid(shown.entry.slug, uid_domain))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", change.revision)
    event.add("summary", _summary(item), parameters={"LANGUAGE": item.lang})
    if item.all_day:
        event.add("dtstart", item.start)
        event.add("dtend", exclusive_end_day(item))
    else:
        event.add("dtstart", starts_at(item))
        end = ends_at(item)
        if end is not None:
            event.add("dtend", end)
    description = "\n\n".join(part for part in (item.summary, url) if part)
    event.add("description", description, parameters={"LANGUAGE": item.lang})
    event.add("url", url)
    event.add("status", STATUS[item.status].ical)
    where = location_text(item, item.lang)  # in one language: a city written in English, its country too
    if where:
        event.add("location", where)
    if item.location and item.location.latitude is not None:
        event.add("geo", (item.location.latitude, item.location.longitude))
    if item.tags:
        event.add("categories", item.tags)
    return event
