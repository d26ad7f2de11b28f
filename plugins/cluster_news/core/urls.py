"""Where every page lives. URLs here are relative to the site root ('' or 'uk/...').

Nothing assumes the site is served at '/': links between pages are made relative, and absolute
URLs are built from `site_url`, which may carry a sub-path (GitHub Pages project sites).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit

from .messages import tr
from .model import EVENTS, Item
from .page_kinds import FILTER, HOME, ITEM, MONTH, PLAIN, SEARCH, SECTION, TAG, TAGS, PageKind

SEARCH_INDEX_FOLDER = "pagefind"
"""Pagefind's index and scripts (adapter/search.py)."""
ADMIN_FOLDER = "admin"
"""The web editor (core/admin_site.py)."""
THEME_FOLDERS = ("stylesheets", "javascripts")
"""The site's own theme files (`overrides/`, named by mkdocs.yml's `extra_css` and `extra_javascript`)."""


class UrlScheme:
    def __init__(self, site_url: str, default_language: str):
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.default_language = default_language

    @property
    def at_host_root(self) -> bool:
        """Whether the site is served at its host's root ('https://news.example.org/'), not under a sub-path."""
        return urlsplit(self.site_url).path in ("", "/")

    def root(self, lang: str) -> str:
        """The language's home: '' for the default language, 'uk/' for the others."""
        return "" if lang == self.default_language else f"{lang}/"

    def item(self, item: Item) -> str:
        if item.section:
            return ITEM.url.format(root=self.root(item.lang), section=item.section, slug=item.slug)
        if item.slug == "index":
            return HOME.url.format(root=self.root(item.lang))
        return PLAIN.url.format(root=self.root(item.lang), path=item.slug.removesuffix("/index"))

    def section(self, section: str, lang: str, number: int = 1) -> str:
        """A section's list, or its page `number` (news and events: core/page_kinds.py)."""
        return self._list_page(SECTION, lang, number, section=section)

    def _list_page(self, kind: PageKind, lang: str, number: int, **fields: str) -> str:
        """Page `number` of a list of `kind`: the first at the kind's `url`, the others at its `further_pages`."""
        pattern = kind.url if number == 1 else kind.further_pages
        return pattern.format(root=self.root(lang), number=number, **fields)

    def month(self, lang: str, year: int, month: int) -> str:
        return MONTH.url.format(root=self.root(lang), section=EVENTS, year=year, month=month)

    def filter(self, section: str, lang: str, dimension: str, value: str, number: int = 1) -> str:
        """A list narrowed to one facet: 'events/country/bg/', 'news/project/preciseu/page/2/'."""
        return self._list_page(FILTER, lang, number, section=section, dimension=dimension, value=value.lower())

    def calendar_feed(self, lang: str) -> str:
        return f"{self.root(lang)}events.ics"

    def item_calendar_feed(self, item: Item) -> str:
        """The events of one project or cluster, beside its page."""
        return f"{self.item(item)}events.ics"

    def event_calendar(self, item: Item) -> str:
        return f"{self.item(item)}{item.slug}.ics"

    def news_feed(self, lang: str) -> str:
        return f"{self.root(lang)}feed.xml"

    def search(self, lang: str) -> str:
        return SEARCH.url.format(root=self.root(lang))

    def sitemap(self, lang: str | None = None) -> str:
        """The index of the languages' sitemaps (no `lang`), or the sitemap of one language (the default
        language's beside the index, named after it)."""
        if lang is None:
            return "sitemap.xml"
        return f"sitemap-{lang}.xml" if lang == self.default_language else f"{self.root(lang)}sitemap.xml"

    def not_found(self, lang: str) -> str:
        return f"{self.root(lang)}404.html"

    def tags(self, lang: str) -> str:
        return TAGS.url.format(root=self.root(lang))

    def tag(self, lang: str, tag_slug: str, number: int = 1) -> str:
        return self._list_page(TAG, lang, number, tag=tag_slug)

    def absolute(self, url: str) -> str:
        """`url` (site-root relative, never starting with '/') under `site_url`."""
        return self.site_url + url

    def webcal(self, url: str) -> str:
        """A calendar feed's subscription address: calendar apps open `webcal://` links themselves."""
        return "webcal://" + self.absolute(url).split("://", 1)[1]


_UID_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?:/[A-Za-z0-9._~-]+)*")


def calendar_uid_domain(declared: str, site_url: str) -> str:
    """What follows the '@' of every event's UID: the declared domain (a host, optionally with a path, as
    'health-clusters.github.io/cluster-news'), else the host and path of `site_url`, which change when the
    site moves. ValueError if the declared one is not such a name."""
    if not declared:
        parts = urlsplit(site_url)
        return f"{parts.netloc}{parts.path.rstrip('/')}"
    domain = declared.strip().rstrip("/")
    if "://" in domain:
        raise ValueError(tr("calendar_uid_domain: {value} is an address (write the host without {scheme}, e.g. "
                            "{example})", value=repr(declared), scheme=domain.split("://")[0] + "://",
                            example=domain.split("://", 1)[1]))
    if not _UID_DOMAIN.fullmatch(domain):
        raise ValueError(tr("calendar_uid_domain: {value} is not a domain (lower-case host, optionally /path, e.g. "
                            "{example})", value=repr(declared), example="health-clusters.github.io/cluster-news"))
    return domain


def split_url(url: str) -> SplitResult | None:
    """`urlsplit(url)`, or None for an address it refuses: brackets around what is no IPv6 address
    ('http://[^1]/') raise ValueError, which was a traceback."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def is_web_address(text: str) -> bool:
    """True for http(s) addresses; otherwise a path is a file under content/ (e.g. an image)."""
    return text.startswith(("http://", "https://"))


@lru_cache(maxsize=1 << 16)
def relative_url(target: str, current: str) -> str:
    """A link from the page at `current` to `target` (both site-root relative, directory style):
    'news/a/' from 'uk/news/b/' is '../../../news/a/'."""
    here = [part for part in current.split("/") if part]
    *folders, leaf = target.split("/")
    common = 0
    while common < min(len(here), len(folders)) and here[common] == folders[common]:
        common += 1
    rest = folders[common:]
    return "../" * (len(here) - common) + "".join(f"{part}/" for part in rest) + leaf or "./"
