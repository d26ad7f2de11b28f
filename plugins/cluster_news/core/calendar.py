"""Event time arithmetic and month grids, independent of any site engine."""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
import zoneinfo
from dataclasses import dataclass

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


def months_of(item: Item) -> list[Month]:
    """The months an event overlaps (in its own local dates)."""
    first = item.start.date() if isinstance(item.start, dt.datetime) else item.start
    return months_between(first, item.last_day)


def overlaps(item: Item, day: dt.date) -> bool:
    first = item.start.date() if isinstance(item.start, dt.datetime) else item.start
    return first <= day <= item.last_day


@dataclass(frozen=True)
class MonthGrid:
    """The weeks of a month, Monday first, each day with whether it belongs to the month."""

    year: int
    month: int
    weeks: list[list[dt.date]]


def month_grid(year: int, month: int) -> MonthGrid:
    weeks = stdlib_calendar.Calendar(firstweekday=stdlib_calendar.MONDAY).monthdatescalendar(year, month)
    return MonthGrid(year, month, weeks)
