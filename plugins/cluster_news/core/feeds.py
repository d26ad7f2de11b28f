"""RSS 2.0 news feeds per language, written with feedgen. Dates come from content, not the clock,
so unchanged sources give byte-identical feeds."""

from __future__ import annotations

import datetime as dt
import html

from feedgen.feed import FeedGenerator

from .catalog import Catalog
from .model import NEWS
from .urls import UrlScheme

FEED_SIZE = 50


def _published(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0), dt.timezone.utc)


def news_feed(catalog: Catalog, urls: UrlScheme, lang: str, title: str, description: str) -> bytes:
    """The newest news written in `lang`, newest first, with absolute links."""
    items = [shown.item for shown in catalog.news(lang) if shown.translated][:FEED_SIZE]
    feed = FeedGenerator()
    feed.title(title)
    feed.link(href=urls.absolute(urls.news_feed(lang)), rel="self")
    feed.link(href=urls.absolute(urls.section(NEWS, lang)), rel="alternate")  # RSS <link>: the last one
    feed.description(description)
    feed.language(lang)
    feed.generator("cluster-news")
    latest = max((item.values.get("updated") or item.date for item in items), default=dt.date(1970, 1, 1))
    feed.lastBuildDate(_published(latest))
    for item in items:
        url = urls.absolute(urls.item(item))
        entry = feed.add_entry(order="append")
        entry.title(item.title)
        entry.link(href=url)
        entry.guid(url, permalink=True)
        entry.pubDate(_published(item.date))
        if item.summary:
            # RSS readers show a description as HTML: the summary is text, so it is escaped as HTML here
            # (and as XML by feedgen), and `<img src=…>` in it shows as those characters, loading nothing.
            entry.description(html.escape(item.summary, quote=False))
        for tag in item.tags:
            entry.category(term=tag)
    return feed.rss_str(pretty=True)
