"""Event time arithmetic and month grids, independent of any site engine."""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
import zoneinfo
from dataclasses import dataclass

from . import i18n
from .model import Item

Month = tuple[int, int]
"""(year, month)"""


def zone_of(item: Item) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(item.timezone or "UTC")


def starts_at(item: Item) -> dt.datetime:
    """The aware start of a timed event, or local midnight of an all-day event's first day."""
    start = item.start
    if not isinstance(start, dt.datetime):
        start = dt.datetime.combine(start, dt.time.min)
    return start.replace(tzinfo=zone_of(item))


def ends_at(item: Item) -> dt.datetime | None:
    """The aware end of a timed event (None if it has no end)."""
    if item.all_day or item.end is None:
        return None
    return item.end.replace(tzinfo=zone_of(item))


def exclusive_end_day(item: Item) -> dt.date:
    """The day after an all-day event's last day (RFC 5545's DTEND for DATE values)."""
    return item.last_day + dt.timedelta(days=1)


def months_between(first: dt.date, last: dt.date) -> list[Month]:
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def first_day(item: Item) -> dt.date:
    """The local date an event starts on."""
    return item.start.date() if isinstance(item.start, dt.datetime) else item.start


def months_of(item: Item) -> list[Month]:
    """The months an event overlaps (in its own local dates)."""
    return months_between(first_day(item), item.last_day)


@dataclass(frozen=True)
class MonthGrid:
    """The weeks of a month, Monday first, each day with whether it belongs to the month."""

    year: int
    month: int
    weeks: list[list[dt.date]]


def month_grid(year: int, month: int) -> MonthGrid:
    weeks = stdlib_calendar.Calendar(firstweekday=stdlib_calendar.MONDAY).monthdatescalendar(year, month)
    return MonthGrid(year, month, weeks)


@dataclass(frozen=True)
class Bar:
    """One event across the days it covers within one week of a month grid."""

    event: object
    column: int
    """Its first day in the week, 0 for Monday."""
    span: int
    starts_earlier: bool
    """It began before this week: the bar continues one from the week above."""
    ends_later: bool


def week_lanes(week: list[dt.date], events: list[tuple[object, dt.date, dt.date]]) -> list[list[Bar]]:
    """The bars of `events` (each with its first and last day) in `week`, packed into as few lanes
    (rows) as possible, each lane left to right: a multi-day event is one bar, not one link per day."""
    bars = []
    for event, first, last in events:
        if last < week[0] or first > week[-1]:
            continue
        start, end = max(first, week[0]), min(last, week[-1])
        bars.append(Bar(event, week.index(start), (end - start).days + 1, first < week[0], last > week[-1]))
    lanes: list[list[Bar]] = []
    for bar in sorted(bars, key=lambda b: (b.column, -b.span)):
        for lane in lanes:
            if lane[-1].column + lane[-1].span <= bar.column:
                lane.append(bar)
                break
        else:
            lanes.append([bar])
    return lanes


def location_text(item: Item, lang: str) -> str | None:
    """Where an event takes place, in `lang`: its place's name, address, city and country, or where it is online."""
    location = item.location
    if location is None:
        return item.values.get("online")
    country = i18n.country_name(location.country, lang) if location.country else None
    return ", ".join(location.parts() + ([country] if country else [])) or None
