"""Links that take an event elsewhere: add to Google Calendar or Outlook, show on OpenStreetMap."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from .calendar import ends_at, exclusive_end_day, starts_at
from .model import Item


def google_calendar_url(item: Item, details: str, where: str | None) -> str:
    if item.all_day:
        dates = f"{item.start:%Y%m%d}/{exclusive_end_day(item):%Y%m%d}"
    else:
        end = ends_at(item) or starts_at(item) + dt.timedelta(hours=1)
        dates = f"{item.start:%Y%m%dT%H%M%S}/{end.replace(tzinfo=None):%Y%m%dT%H%M%S}"
    query = {"action": "TEMPLATE", "text": item.title, "dates": dates, "details": details}
    if not item.all_day:
        query["ctz"] = item.timezone
    if where:
        query["location"] = where
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_url(item: Item, details: str, where: str | None) -> str:
    if item.all_day:
        start, end, all_day = item.start.isoformat(), exclusive_end_day(item).isoformat(), "true"
    else:
        begin = starts_at(item)
        start = begin.isoformat()
        end = (ends_at(item) or begin + dt.timedelta(hours=1)).isoformat()
        all_day = "false"
    query = {"path": "/calendar/action/compose", "rru": "addevent", "subject": item.title, "startdt": start,
             "enddt": end, "allday": all_day, "body": details}
    if where:
        query["location"] = where
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)


def map_url(item: Item, country_name: str | None) -> str:
    """OpenStreetMap at the coordinates when known, else a search for the place (no script, no tracker)."""
    location = item.location
    if location.latitude is not None:
        lat, lon = location.latitude, location.longitude
        return f"https://www.openstreetmap.org/?{urlencode({'mlat': lat, 'mlon': lon})}#map=16/{lat}/{lon}"
    place = [location.address or location.name, location.city, country_name]
    return "https://www.openstreetmap.org/search?" + urlencode({"query": ", ".join(p for p in place if p)})
