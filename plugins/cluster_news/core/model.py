"""The content model: what an item is, independent of any site engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NEWS, EVENTS, PROJECTS, CLUSTERS = "news", "events", "projects", "clusters"
"""The sections: folders of items under each language, and their addresses (their fields: schema.py)."""
SCHEDULED = "scheduled"
"""An event's status unless its front matter says otherwise (every status: schema.EVENT_STATUSES)."""

Moment = dt.date | dt.datetime
"""An event boundary: a date (all-day) or a naive local date-time in the event's time zone."""
WORDS = frozenset({"title", "summary", "image"})
"""Front matter that only says something about the item: changing it moves nothing on the site."""
DATES = frozenset({"date", "start", "end", "updated"})
"""Front matter that places the item in time: lists, calendars, feeds and sitemaps order or date by it."""


@dataclass(frozen=True)
class Location:
    name: str | None = None
    address: str | None = None
    city: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    def parts(self) -> list[str]:
        """Name, address and city as written (the country is shown by name, per language)."""
        return [part for part in (self.name, self.address, self.city) if part]


@dataclass(frozen=True)
class Picture:
    """An illustration: a file under content/assets/, with its alt text and credit in the page's language."""

    src: str
    alt: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class Party:
    """Who wrote an article or organises an event: a person, an organisation, or a cluster of the network
    (named and linked by its own page)."""

    kind: str
    """'person', 'organization' or 'cluster'."""
    name: str | None = None
    """The name as written; None for a cluster, whose page names it in each language."""
    cluster: str | None = None
    url: str | None = None
    """The person's or organisation's own page."""


@dataclass
class Item:
    """One language version of one article: `content/<lang>/<section>/<slug>.md`."""

    section: str
    """A section (news, events, projects, clusters), or '' for any other page."""
    slug: str
    """The file name without .md; for pages outside sections, the path under the language ('about')."""
    lang: str
    path: Path
    content_path: str
    """The file under content/: 'uk/news/x.md'."""
    display_path: str
    """How messages name the file: 'content/uk/news/x.md'."""
    title: str
    values: dict[str, Any]
    lines: dict[str, int]
    body: str = ""
    first_line: int = 1
    body_line: int = 1
    """The file line of the body's first line."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.section, self.slug)

    @property
    def summary(self) -> str | None:
        return self.values.get("summary")

    @property
    def tags(self) -> list[str]:
        return self.values.get("tags", [])

    @property
    def clusters(self) -> list[str]:
        return self.values.get("clusters", [])

    @property
    def projects(self) -> list[str]:
        return self.values.get("projects", [])

    @property
    def parties(self) -> list[Party]:
        """Who wrote it (news) or organises it (events)."""
        return self.values.get("authors", []) + self.values.get("organizers", [])

    @property
    def image(self) -> Picture | None:
        return self.values.get("image")

    @property
    def draft(self) -> bool:
        return bool(self.values.get("draft", False))

    @property
    def date(self) -> dt.date | None:
        """The date that orders the item: publication for news, start for events and projects."""
        value = self.values.get("date") or self.values.get("start")
        if isinstance(value, dt.datetime):
            return value.date()
        return value

    def shape(self) -> tuple:
        """What the item is and where the site has it, but for its words and dates (and text): which pages
        exist and what they list depend on this only, except for the months with events."""
        return (self.section, self.slug, self.lang, self.content_path,
                {name: value for name, value in self.values.items() if name not in WORDS | DATES})

    def line_of(self, name: str) -> int:
        return self.lines.get(name.split(".")[0], self.first_line)

    # Events
    @property
    def start(self) -> Moment | None:
        return self.values.get("start")

    @property
    def end(self) -> Moment | None:
        return self.values.get("end")

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def last_day(self) -> dt.date | None:
        """The last calendar day an event (or project) covers, inclusive."""
        end = self.end or self.start
        if isinstance(end, dt.datetime):
            return end.date()
        return end

    @property
    def timezone(self) -> str | None:
        return self.values.get("timezone")

    @property
    def status(self) -> str:
        return self.values.get("status", SCHEDULED)

    @property
    def location(self) -> Location | None:
        return self.values.get("location")


@dataclass
class Entry:
    """One item across languages: the versions that exist, keyed by language."""

    key: tuple[str, str]
    versions: dict[str, Item] = field(default_factory=dict)

    @property
    def section(self) -> str:
        return self.key[0]

    @property
    def slug(self) -> str:
        return self.key[1]

    @property
    def facts(self) -> Item:
        """Any version: language-independent facts (dates, references) agree across translations."""
        return next(iter(self.versions.values()))

    def version_for(self, lang: str, language_order: list[str]) -> Item:
        """The version to show a reader of `lang`: theirs, else the first in site language order."""
        if lang in self.versions:
            return self.versions[lang]
        for other in language_order:
            if other in self.versions:
                return self.versions[other]
        raise LookupError(f"{self.key} has no version")
