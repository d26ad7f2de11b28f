"""iCalendar (RFC 5545) feeds of events, written with the `icalendar` library.

One event has one UID in every language's feed and every rebuild, wherever the site is served from: its
slug at the UID domain the configuration declares (`calendar_uid_domain`). DTSTAMP, LAST-MODIFIED and
SEQUENCE come from the content's git history, so rebuilding unchanged sources gives byte-identical files.

Each event's part and each calendar's head are kept between builds, per language
(.cache/cluster-news/calendars-<lang>-<code>.json): an entry is named after every value `icalendar` is
given to write it, the file after the code that writes it (this package, the installed packages, Python),
so an entry found is the part the same build would write. Time zones' parts are made in every build:
they come from the system's time-zone database, which no key describes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zoneinfo
from collections.abc import Callable, Mapping
from pathlib import Path

import icalendar

from . import i18n
from .cache import code_version, read_document, write_entries
from .calendar import ends_at, exclusive_end_day, location_text, starts_at
from .catalog import Shown
from .history import Change
from .model import Item
from .schema import STATUS
from .urls import UrlScheme

PRODID = "-//cluster-news//Health Clusters Network//EN"
KEPT_PREFIX = "calendars-"
"""The cache's files of one language's calendar parts: calendars-<lang>-<code>.json."""
END = b"END:VCALENDAR\r\n"

Properties = list[tuple[str, object, dict[str, str] | None]]
"""What a component is made of: (name, value, parameters) for each property, in order."""


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
        self.kept: KeptParts | None = None
        """Where the parts of the language being written are kept between builds, if anywhere."""
        self._events: dict[tuple[str, str], tuple[str | None, bytes]] = {}
        self._zones: dict[tuple[str, int, int], bytes] = {}

    def calendar(self, events: list[Shown], name: str) -> bytes:
        """A calendar of `events` as their readers see them (their translation where it exists)."""
        head = self._part(_key("VCALENDAR", name), lambda: _head(name))
        ordered = sorted(events, key=lambda s: (starts_at(s.item), s.entry.slug))
        parts = [self._zone(zone, years) for zone, years in sorted(_zone_years(ordered).items())]
        parts += [self._event(shown) for shown in ordered]
        return head + b"".join(parts) + END

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
        made = (shown.entry.slug, shown.item.lang)  # the same event bytes in every language that shows this version
        if made not in self._events:
            properties = _event_properties(shown, self.urls, self.uid_domain, self.stamps[shown.entry.key])
            key = _key("VEVENT", properties)
            self._events[made] = key, self._part(key, lambda: _component(icalendar.Event(), properties).to_ical())
        key, part = self._events[made]
        self._keep(key, part)  # also in the file of each later language that shows it
        return part

    def _part(self, key: str | None, make: Callable[[], bytes]) -> bytes:
        """The part named `key` as kept, else made now; kept for the next build either way."""
        part = self.kept.find(key) if self.kept is not None and key is not None else None
        if part is None:
            part = make()
        self._keep(key, part)
        return part

    def _keep(self, key: str | None, part: bytes) -> None:
        if self.kept is not None and key is not None:
            self.kept.keep(key, part)


class KeptParts:
    """The parts of one language's calendars kept between builds: `find` before making one, `keep` each
    one this build writes, `save` at the end (which drops what no calendar has any more)."""

    def __init__(self, folder: Path, lang: str):
        version = hashlib.sha256(json.dumps(code_version()).encode()).hexdigest()
        self.prefix = f"{KEPT_PREFIX}{lang}-"
        self.file = folder / f"{self.prefix}{version[:24]}.json"
        self._found: dict[str, object] | None = None
        """Read at the first `find` or `keep`."""
        self._kept: dict[str, bytes] = {}
        self._new = False

    def find(self, key: str) -> bytes | None:
        part = self._entries().get(key)
        return part.encode("utf-8") if isinstance(part, str) else None

    def keep(self, key: str, part: bytes) -> None:
        if key not in self._kept:
            self._kept[key] = part
            self._new = self._new or not isinstance(self._entries().get(key), str)

    def save(self) -> None:
        """Write what this build kept, unless it is what the file holds already (nothing to add or drop)."""
        if not self._new and len(self._kept) == len(self._entries()):
            return
        entries = [f"{json.dumps(key)}:{json.dumps(part.decode('utf-8'), ensure_ascii=False)}"
                   for key, part in self._kept.items()]
        write_entries(self.file, self.prefix, entries)  # a build that cannot write it still builds

    def _entries(self) -> dict[str, object]:
        if self._found is None:
            self._found = read_document(self.file).get("entries", {})
        return self._found


def _key(kind: str, values: object) -> str | None:
    """The name of the part of `kind` made of `values` (every value `icalendar` is given to write it): a
    digest of them, types included; None for a value that cannot be described exactly (never kept)."""
    try:
        described = json.dumps([kind, _described(values)], ensure_ascii=False)
    except TypeError:
        return None
    return hashlib.sha256(described.encode("utf-8", "surrogatepass")).hexdigest()


def _described(value: object) -> object:
    """`value` as JSON that tells apart every value `icalendar` writes differently (1 and 1.0, a date and
    a date-time, a zone and a fixed offset); TypeError for any other kind of value."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return [type(value).__name__, value]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_described(part) for part in value]]
    if isinstance(value, dict) and all(isinstance(name, str) for name in value):
        return ["dict", [[name, _described(part)] for name, part in value.items()]]
    if isinstance(value, dt.datetime):
        zone = value.tzinfo
        if not (zone is None or isinstance(zone, (zoneinfo.ZoneInfo, dt.timezone))):
            raise TypeError(f"cannot describe the time zone {type(zone).__name__}")
        return ["datetime", value.isoformat(), repr(zone)]
    if isinstance(value, dt.date):
        return ["date", value.isoformat()]
    raise TypeError(f"cannot describe {type(value).__name__}")


def _head(name: str) -> bytes:
    """A calendar's properties, without its end (its parts follow them)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", icalendar.vText(name))  # an X- property: escaped only as vText
    head = calendar.to_ical()
    assert head.endswith(END)
    return head[: -len(END)]


def _component(component: icalendar.Component, properties: Properties) -> icalendar.Component:
    for name, value, parameters in properties:
        component.add(name, value, parameters=parameters)
    return component


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


def _event_properties(shown: Shown, urls: UrlScheme, uid_domain: str, change: Change) -> Properties:
    """The VEVENT of an event as its readers in its language see it."""
    item = shown.item
    stamp = change.at.astimezone(dt.timezone.utc).replace(microsecond=0)
    url = urls.absolute(urls.item(item))
    properties: Properties = [
        ("uid", event_uid(shown.entry.slug, uid_domain), None),
        ("dtstamp", stamp, None),
        ("last-modified", stamp, None),
        ("sequence", change.revision, None),
        ("summary", _summary(item), {"LANGUAGE": item.lang}),
    ]
    if item.all_day:
        properties += [("dtstart", item.start, None), ("dtend", exclusive_end_day(item), None)]
    else:
        properties.append(("dtstart", starts_at(item), None))
        end = ends_at(item)
        if end is not None:
            properties.append(("dtend", end, None))
    description = "\n\n".join(part for part in (item.summary, url) if part)
    properties += [("description", description, {"LANGUAGE": item.lang}), ("url", url, None),
                   ("status", STATUS[item.status].ical, None)]
    where = location_text(item, item.lang)  # in one language: a city written in English, its country too
    if where:
        properties.append(("location", where, None))
    if item.location and item.location.latitude is not None:
        properties.append(("geo", (item.location.latitude, item.location.longitude), None))
    if item.tags:
        properties.append(("categories", item.tags, None))
    return properties
