"""iCalendar (RFC 5545) feeds of events, written with the `icalendar` library.

One event has one UID in every language's feed; DTSTAMP, LAST-MODIFIED and SEQUENCE come from the
content's git history, so rebuilding unchanged sources gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar

from . import i18n
from .calendar import ends_at, exclusive_end_day, starts_at
from .catalog import Shown
from .history import ContentHistory
from .model import Item
from .urls import UrlScheme

PRODID = "-//cluster-news//Health Clusters Network//EN"

ICAL_STATUS = {
    "scheduled": "CONFIRMED",
    "rescheduled": "CONFIRMED",
    "moved-online": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}


def event_uid(slug: str, urls: UrlScheme) -> str:
    """The same for an event in every language and every rebuild: '<slug>@<host>/<path>'."""
    parts = urlsplit(urls.site_url)
    return f"{slug}@{parts.netloc}{parts.path.rstrip('/')}"


def location_text(item: Item, lang: str) -> str | None:
    location = item.location
    if location is None:
        return item.values.get("online")
    country = i18n.country_name(location.country, lang) if location.country else None
    return ", ".join(location.parts() + ([country] if country else [])) or None


def _event(shown: Shown, urls: UrlScheme, history: ContentHistory) -> icalendar.Event:
    item = shown.item
    versions = list(shown.entry.versions.values())
    change = history.last_change([version.path for version in versions])
    stamp = change.at.astimezone(dt.timezone.utc).replace(microsecond=0)
    url = urls.absolute(urls.item(item))
    event = icalendar.Event()
    event.add("uid", event_uid(shown.entry.slug, urls))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", change.revision)
    event.add("summary", item.title, parameters={"LANGUAGE": item.lang})
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
    event.add("status", ICAL_STATUS[item.status])
    where = location_text(item, shown.lang)
    if where:
        event.add("location", where)
    if item.location and item.location.latitude is not None:
        event.add("geo", (item.location.latitude, item.location.longitude))
    if item.tags:
        event.add("categories", item.tags)
    return event


def calendar_of(events: list[Shown], lang: str, name: str, urls: UrlScheme, history: ContentHistory) -> bytes:
    """A calendar of `events` as `lang` readers see them (their translation where it exists)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", icalendar.vText(name))  # an X- property: escaped only as vText
    for shown in sorted(events, key=lambda s: (starts_at(s.item), s.entry.slug)):
        calendar.add_component(_event(shown, urls, history))
    timed = [s.item for s in events if not s.item.all_day]
    if timed:
        first = min(starts_at(item) for item in timed).date() - dt.timedelta(days=1)
        last = max((ends_at(item) or starts_at(item)) for item in timed).date() + dt.timedelta(days=1)
        calendar.add_missing_timezones(first_date=first, last_date=last)
        # icalendar adds them in set order, which differs between runs: sort for reproducible output.
        zones = sorted((c for c in calendar.subcomponents if c.name == "VTIMEZONE"), key=lambda c: str(c["TZID"]))
        calendar.subcomponents[:] = zones + [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
    return calendar.to_ical()
