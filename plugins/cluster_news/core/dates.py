"""Dates, times and ranges written in the reader's language, from CLDR via Babel."""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from functools import cache

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_skeleton, format_time, get_timezone_name

# Readers are European: English dates are written day-month-year ("20–21 June 2024").
_FORMAT_LOCALES = {"en": "en_GB"}


@cache
def locale_for(lang: str) -> Locale:
    return Locale.parse(_FORMAT_LOCALES.get(lang, lang))


@cache
def language_time_zone(lang: str, default_language: str, default_zone: str) -> str:
    """The zone an editor writing `lang` most likely means: the site's own for its default language (the
    network's), else the first that CLDR lists for the country where `lang` is mostly spoken ('bg' -> BG ->
    Europe/Sofia); the site's where CLDR knows no country."""
    if lang == default_language:
        return default_zone
    territory = Locale.parse(get_global("likely_subtags").get(lang, lang)).territory
    zones = get_global("territory_zones").get(territory or "", ())
    return zones[0] if zones else default_zone


def zone_country(zone: str) -> str | None:
    """The country a time zone is in ('Europe/Sofia' -> 'BG'), as CLDR says."""
    return get_global("zone_territories").get(zone)


def today() -> dt.date:
    """The build date: `SOURCE_DATE_EPOCH` (UTC) when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


@cache
def format_day(day: dt.date, lang: str) -> str:
    """'30 червня 2025 р.'"""
    return format_date(day, "long", locale=locale_for(lang))


def _with_month_names(pattern: str) -> str:
    """Write months as words in a CLDR interval pattern ('d MMM' -> 'd MMMM', 'd.MM.y' -> 'd MMMM y')."""
    pattern = re.sub(r"d\.MM\.y", "d MMMM y", pattern)
    pattern = re.sub(r"d\.MM(?!M)", "d MMMM", pattern)
    return re.sub(r"(?<!M)MMM(?!M)", "MMMM", pattern)


@cache
def format_day_range(first: dt.date, last: dt.date, lang: str) -> str:
    """'20–21 June 2024', '28 червня – 2 липня 2024 р.' (CLDR interval patterns, months as words)."""
    if first == last:
        return format_day(first, lang)
    locale = locale_for(lang)
    if first.year != last.year:
        differs = "y"
    elif first.month != last.month:
        differs = "M"
    else:
        differs = "d"
    patterns = locale.interval_formats["yMMMd"][differs]
    return "".join(
        format_date(day, _with_month_names(pattern), locale=locale) for pattern, day in zip(patterns, (first, last), strict=True)
    )


# Months are written in the form their position needs. In a date, CLDR's format form: '10 червня 2025 р.',
# '10 czerwca 2025' (genitive). Naming a month, its stand-alone form: 'червень 2025 р.', 'czerwiec 2025'
# (nominative). Its first letter is capitalised only where it starts a title, a link or a list entry (every
# language capitalises the first word there: 'Юни 2025 г.'); inside a sentence it stays as CLDR writes it,
# in lower case in all but English ('По-рано: юни 2025 г.').


def _starting(text: str) -> str:
    return text[:1].upper() + text[1:]


@cache
def format_month(year: int, month: int, lang: str, start: bool = True) -> str:
    """'June 2024', 'Червень 2024 р.': a month of a year as a title names it (the stand-alone form); `start`
    False: inside a sentence ('юни 2024 г.')."""
    text = format_skeleton("yMMMM", dt.date(year, month, 1), locale=locale_for(lang))
    return _starting(text) if start else text


@cache
def month_name(month: int, lang: str) -> str:
    """'June', 'Червень': the stand-alone name, starting a list entry."""
    return _starting(locale_for(lang).months["stand-alone"]["wide"][month])


@cache
def month_abbreviation(month: int, lang: str) -> str:
    """'Jun', 'черв.': the stand-alone abbreviated name, for a calendar leaf."""
    return _starting(locale_for(lang).months["stand-alone"]["abbreviated"][month])


@cache
def weekday_names(lang: str) -> list[tuple[str, str]]:
    """(abbreviated, wide) weekday names, Monday first."""
    locale = locale_for(lang)
    days = locale.days["stand-alone"]
    return [(days["abbreviated"][index], days["wide"][index]) for index in range(7)]


@cache
def format_clock(moment: dt.datetime, lang: str) -> str:
    return format_time(moment.time(), "short", locale=locale_for(lang))


@cache
def zone_name(moment: dt.datetime, zone: str, lang: str) -> str:
    """The zone as readers say it, for that date: 'Eastern European Summer Time'."""
    aware = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    return get_timezone_name(aware, width="long", locale=locale_for(lang))


@cache
def format_moment_range(start: dt.datetime, end: dt.datetime | None, lang: str) -> str:
    """'20 June 2024, 09:30–17:00' or '20 June 2024, 09:30 – 21 June 2024, 13:00'."""
    if end is None:
        return f"{format_day(start.date(), lang)}, {format_clock(start, lang)}"
    if start.date() == end.date():
        return f"{format_day(start.date(), lang)}, {format_clock(start, lang)}–{format_clock(end, lang)}"
    return (
        f"{format_day(start.date(), lang)}, {format_clock(start, lang)} – "
        f"{format_day(end.date(), lang)}, {format_clock(end, lang)}"
    )
