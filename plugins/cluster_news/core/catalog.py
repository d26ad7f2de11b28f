"""Queries over all published items of all languages: what the pages list and link to."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from .calendar import Month, months_between, months_of, starts_at
from .collation import sort_key
from .filters import DIMENSIONS, Facet, facets_of
from .model import CLUSTERS, EVENTS, NEWS, PROJECTS, Entry, Item
from .schema import SECTIONS
from .slugs import slugify

EMPTY_MONTH_YEARS = 3
"""How far from today (before and after) a month without events still gets its calendar page."""


@dataclass(frozen=True)
class Shown:
    """An entry as a reader of `lang` sees it: their version, or the one that exists."""

    entry: Entry
    item: Item
    lang: str

    @property
    def translated(self) -> bool:
        return self.item.lang == self.lang


@dataclass
class Tag:
    slug: str
    name: str
    items: list[Item]


@cache
def tag_slug(name: str, lang: str) -> str:
    """A tag's address: the same few tags are on thousands of items (and planned again after every save
    in the preview), and romanising takes a while."""
    return slugify(name, lang) or "tag"


class Catalog:
    """All published items, grouped into entries (one per item across languages)."""

    def __init__(self, items: list[Item], languages: list[str]):
        self.languages = list(languages)
        self.entries: dict[tuple[str, str], Entry] = {}
        for item in items:
            entry = self.entries.setdefault((item.section, item.slug), Entry((item.section, item.slug)))
            entry.versions[item.lang] = item
        self._by_section: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries.values():
            self._by_section[entry.section].append(entry)
        self._memo: dict[tuple, object] = {}
        self._made_from: dict[tuple, tuple[str | None, str | None]] = {}

    def keep_lists(self, previous: Catalog) -> None:
        """Take over the lists `previous` made (the catalog of the preview's last build) that have none of the
        items changed since: they are the same. In the preview, where every save plans the whole site again,
        an edit of a news item then sorts no list of events and no other language's tags again. An item is
        unchanged when it is the same object (the preview reads a file again only if its bytes changed)."""
        if previous.languages != self.languages:
            return
        sections, languages = set(), set()
        for key in self.entries.keys() | previous.entries.keys():
            now, before = self.entries.get(key), previous.entries.get(key)
            mine, theirs = (now.versions if now else {}), (before.versions if before else {})
            changed = {lang for lang in mine.keys() | theirs.keys() if mine.get(lang) is not theirs.get(lang)}
            if changed:
                sections.add(key[0])
                languages |= changed
        for key, value in previous._memo.items():
            section, lang = previous._made_from[key]
            if section is not None:
                unchanged = section not in sections
            else:
                unchanged = lang is not None and lang not in languages
            if unchanged:
                self._memo[key] = value
                self._made_from[key] = previous._made_from[key]

    def _remember(self, key: tuple, compute, *, section: str | None = None, lang: str | None = None):
        """Lists are asked for by many pages of a build; compute each once. Each is made from the items of
        one `section` (of every language: items untranslated are listed everywhere) or of one `lang`: what
        `keep_lists` takes it over by (a list that names neither is made again)."""
        if key not in self._memo:
            self._memo[key] = compute()
            self._made_from[key] = (section, lang)
        return self._memo[key]

    def entry(self, section: str, slug: str) -> Entry | None:
        return self.entries.get((section, slug))

    def entry_of(self, item: Item) -> Entry:
        return self.entries[(item.section, item.slug)]

    def size(self, section: str) -> int:
        """How many entries `section` has (in any language)."""
        return len(self._by_section.get(section, ()))

    def show(self, entry: Entry, lang: str) -> Shown:
        return Shown(entry, entry.version_for(lang, self.languages), lang)  # theirs first, then the site's order

    def news(self, lang: str) -> list[Shown]:
        """Every news entry in any language, newest first, as `lang` readers see it."""
        return self._remember((NEWS, lang), lambda: self._news(lang), section=NEWS)

    def _news(self, lang: str) -> list[Shown]:
        shown = [self.show(entry, lang) for entry in self._by_section.get(NEWS, [])]
        return sorted(shown, key=lambda s: (s.item.date, s.entry.slug), reverse=True)

    def events(self, lang: str, today: dt.date) -> tuple[list[Shown], list[Shown]]:
        """(upcoming, past): upcoming and in-progress events by start, then past ones newest first."""
        return self._remember((EVENTS, lang, today), lambda: self._events(lang, today), section=EVENTS)

    def _events(self, lang: str, today: dt.date) -> tuple[list[Shown], list[Shown]]:
        shown = [self.show(entry, lang) for entry in self._by_section.get(EVENTS, [])]
        upcoming = [s for s in shown if s.item.last_day >= today]
        past = [s for s in shown if s.item.last_day < today]
        upcoming.sort(key=lambda s: (starts_at(s.item), s.entry.slug))
        past.sort(key=lambda s: (starts_at(s.item), s.entry.slug), reverse=True)
        return upcoming, past

    def event_months(self, today: dt.date) -> list[Month]:
        """The months with a calendar page: every month from the first to the last with events (and the
        current month, where the calendar opens), so readers can step month by month; empty ones only
        within `EMPTY_MONTH_YEARS` of today. Each empty month leads to the nearest busy ones, and a site
        with one event in 2015 and one in 2099 does not get a thousand empty pages."""
        return self._remember(("months", today), lambda: self._event_months(today), section=EVENTS)

    def _event_months(self, today: dt.date) -> list[Month]:
        busy = set(self.months_with_events())
        now = (today.year, today.month)
        earliest = dt.date(today.year - EMPTY_MONTH_YEARS, today.month, 1)
        latest = dt.date(today.year + EMPTY_MONTH_YEARS, today.month, 1)
        first = max(dt.date(*min(busy | {now}), 1), earliest)
        last = min(dt.date(*max(busy | {now}), 1), latest)
        return sorted(busy | {now} | set(months_between(first, last)))

    def events_in_month(self, lang: str, month: Month) -> list[Shown]:
        """The events that overlap `month`, by start."""
        index = self._remember(("month-index",), self._month_index, section=EVENTS)
        shown = [self.show(entry, lang) for entry in index.get(month, [])]
        return sorted(shown, key=lambda s: (starts_at(s.item), s.entry.slug))

    def _month_index(self) -> dict[Month, list[Entry]]:
        index: dict[Month, list[Entry]] = defaultdict(list)
        for entry in self._by_section.get(EVENTS, []):
            for month in months_of(entry.facts):
                index[month].append(entry)
        return index

    def months_with_events(self) -> dict[Month, int]:
        """Months in which events take place, in order, with how many overlap each."""
        index = self._remember(("month-index",), self._month_index, section=EVENTS)
        return self._remember(("month-counts",), lambda: {month: len(entries) for month, entries in sorted(index.items())},
                              section=EVENTS)

    def facets(self, section: str) -> dict[Facet, int]:
        """Every facet the entries of `section` have, with how many entries have it; by dimension
        (in `DIMENSIONS` order), then value."""
        return self._remember(("facets", section), lambda: self._facets(section), section=section)

    def _facets(self, section: str) -> dict[Facet, int]:
        counts: dict[Facet, int] = defaultdict(int)
        for entry in self._by_section.get(section, []):
            for facet in set(facets_of(entry.facts)):
                counts[facet] += 1
        order = DIMENSIONS.get(section, ())
        return dict(sorted(counts.items(), key=lambda pair: (order.index(pair[0].dimension), pair[0].value)))

    def listing(self, section: str, lang: str) -> list[Shown]:
        """Projects or clusters by title in the reader's language."""
        shown = [self.show(entry, lang) for entry in self._by_section.get(section, [])]
        return sorted(shown, key=lambda s: (sort_key(s.item.title, lang), s.entry.slug))

    def referring_to(self, section: str, slug: str, lang: str) -> list[Shown]:
        """News and events that name this project or cluster, newest first: a cluster's also those it
        wrote or organised (in any language version)."""
        found = []
        for source in (NEWS, EVENTS):
            for entry in self._by_section.get(source, []):
                facts = entry.facts
                if slug in (facts.projects if section == PROJECTS else facts.clusters) or (
                        section == CLUSTERS and any(party.cluster == slug for item in entry.versions.values()
                                                      for party in item.parties)):
                    found.append(self.show(entry, lang))
        return sorted(found, key=lambda s: (s.item.date, s.entry.slug), reverse=True)

    def projects_of_cluster(self, slug: str, lang: str) -> list[Shown]:
        """Projects a cluster coordinates, partners in, or is listed in."""
        found = []
        for entry in self._by_section.get(PROJECTS, []):
            facts = entry.facts
            if slug == facts.values.get("coordinator") or slug in facts.values.get("partners", []) \
                    or slug in facts.clusters:
                found.append(self.show(entry, lang))
        return sorted(found, key=lambda s: (sort_key(s.item.title, lang), s.entry.slug))

    def tags(self, lang: str) -> dict[str, Tag]:
        """Tags used by `lang`'s own items, by slug, each with its items newest first."""
        return self._remember(("tags", lang), lambda: self._tags(lang), lang=lang)

    def _tags(self, lang: str) -> dict[str, Tag]:
        tags: dict[str, Tag] = {}
        for section in SECTIONS:
            for entry in self._by_section.get(section, []):
                item = entry.versions.get(lang)
                if item is None:
                    continue
                slugs = {}  # two spellings of one tag ('Oslo', 'oslo') list the item once
                for name in item.tags:
                    slugs.setdefault(tag_slug(name, lang), name)
                for slug, name in slugs.items():
                    tags.setdefault(slug, Tag(slug, name, [])).items.append(item)
        for tag in tags.values():
            tag.items.sort(key=lambda i: (i.date or dt.date.min, i.slug), reverse=True)
        return dict(sorted(tags.items(), key=lambda pair: sort_key(pair[1].name, lang)))
