"""A small renderer over Jinja fragments: every value from front matter is escaped on the way out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..core import dates, i18n, links
from ..core.catalog import Catalog, Shown
from ..core.model import Item
from ..core.urls import UrlScheme, relative_url


class Renderer:
    def __init__(self, catalog: Catalog, urls: UrlScheme, today: dt.date):
        self.catalog = catalog
        self.urls = urls
        self.today = today
        self.env = Environment(
            loader=PackageLoader("cluster_news", "render/templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )

    def render(self, template: str, *, lang: str, page_url: str, **context: Any) -> str:
        """Render `template` for the page at `page_url` (site-root relative) in `lang`."""
        helpers = _PageHelpers(self, lang, page_url)
        return self.env.get_template(template).render(
            lang=lang, page_url=page_url, h=helpers, t=helpers.t, **context
        )


class _PageHelpers:
    """What templates may ask about the page being rendered: links, dates, names."""

    def __init__(self, renderer: Renderer, lang: str, page_url: str):
        self.renderer = renderer
        self.catalog = renderer.catalog
        self.urls = renderer.urls
        self.lang = lang
        self.page_url = page_url

    def t(self, key: str, **values: str) -> str:
        return i18n.translate(self.lang, key, **values)

    def href(self, url: str) -> str:
        return relative_url(url, self.page_url)

    def link_to(self, item: Item) -> str:
        return self.href(self.urls.item(item))

    def image_src(self, item: Item) -> str:
        """A web address as written, or a file under content/ (published once, at the site root)."""
        image = item.values["image"]
        return image if image.startswith(("http://", "https://")) else self.href(image)

    def day(self, day: dt.date) -> str:
        return dates.format_day(day, self.lang)

    def days(self, first: dt.date, last: dt.date | None) -> str:
        return dates.format_day_range(first, last or first, self.lang)

    def when(self, item: Item) -> str:
        """An event's dates (and times) in the reader's language."""
        if item.all_day:
            return dates.format_day_range(item.start, item.last_day, self.lang)
        return dates.format_moment_range(item.start, item.end, self.lang)

    def zone(self, item: Item) -> str:
        return dates.zone_name(item.start, item.timezone, self.lang)

    def language_name(self, code: str) -> str:
        return i18n.language_name(code, self.lang)

    def autonym(self, code: str) -> str:
        return i18n.autonym(code)

    def country(self, code: str) -> str:
        return i18n.country_name(code, self.lang)

    def show(self, section: str, slug: str) -> Shown | None:
        entry = self.catalog.entry(section, slug)
        return self.catalog.show(entry, self.lang) if entry else None

    def translations(self, item: Item) -> list[Item]:
        """The other language versions of `item`, in site language order."""
        entry = self.catalog.entry_of(item)
        return [entry.versions[code] for code in self.catalog.languages if code in entry.versions and code != item.lang]

    def facts(self, item: Item) -> defaultdict[str, Any]:
        """The item's front-matter values; a field the editor left out reads as none."""
        return defaultdict(lambda: None, item.values)

    def map_url(self, item: Item) -> str:
        country = item.location.country
        return links.map_url(item, i18n.country_name(country, self.lang) if country else None)

    def is_upcoming(self, item: Item) -> bool:
        return item.last_day >= self.renderer.today
