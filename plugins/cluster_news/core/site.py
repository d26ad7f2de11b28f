"""The pages of one site, planned from the content: which exist in which language, and what they show.

This is where cross-language links are decided: each page knows its translations (for `hreflang`)
and where the language switcher should go for languages it does not exist in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import math
import weakref
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import dates, i18n, sitemap, wordforms
from .body_cache import BodyCache
from .calendar import Month
from .catalog import Catalog, Shown, tag_slug
from .content import ContentTree, Remembered, load_content
from .filters import Facet, facets_of
from .history import ContentHistory
from .messages import tr
from .model import CLUSTERS, EVENTS, NEWS, PROJECTS, Entry, Item, Party
from .page_kinds import (
    FILTER,
    HOME,
    ITEM,
    MONTH,
    PLAIN,
    SEARCH,
    SEARCH_FOLDER,
    SECTION,
    TAG,
    TAGS,
    TAGS_FOLDER,
    Indexing,
    PageKind,
)
from .pictures import PICTURES_FOLDER
from .problems import Problem
from .project import ProjectSettings, SiteOptions
from .reading_cache import ReadingCache
from .schema import ASSETS_FOLDER, SECTIONS, SPLIT_SECTIONS
from .translations import OutdatedTranslation, original_language, outdated_translation
from .urls import (
    ADMIN_FOLDER,
    SEARCH_INDEX_FOLDER,
    THEME_FOLDERS,
    UrlScheme,
    calendar_uid_domain,
)

RESERVED_FOLDERS = (ASSETS_FOLDER, PICTURES_FOLDER, *THEME_FOLDERS, SEARCH_INDEX_FOLDER, ADMIN_FOLDER, SEARCH_FOLDER,
                    TAGS_FOLDER, wordforms.FOLDER)
"""Top-level folders of the site's own files (pictures, theme, search index and word forms, web editor) and
generated pages: no editor's page may live in them (nor in a section's folder)."""


@dataclass
class PagePlan:
    """One page of one language: where it lives, what it is, and its counterparts elsewhere."""

    url: str
    lang: str
    kind: PageKind
    title: str
    item: Item | None = None
    section: str | None = None
    number: int = 1
    tag: str | None = None
    month: Month | None = None
    facet: Facet | None = None
    """What a 'filter' page narrows its section's list to."""
    translations: dict[str, str] = field(default_factory=dict)
    """Language -> URL of this same page in that language, for the languages it exists in."""
    switch_to: dict[str, str] = field(default_factory=dict)
    """Language -> where the language switcher leads: the translation, else that language's section."""

    @property
    def generated(self) -> bool:
        return self.item is None


LEAD_FRESHNESS = dt.timedelta(days=365)
"""How much older than the site's newest story a story in the reader's language may be and still lead their front
page: a language that has published nothing for longer leads with the newest story of all, marked with its language."""
HOME_ELSEWHERE = 3
"""Stories in other languages a front page lists under its own language's (more when its language has few)."""
HOME_RECENT_EVENTS = 3
"""Past events a front page shows while no event is announced."""
HOME_PROJECTS = 6
"""Projects a front page shows (two rows of cards); the projects page lists them all."""
_ORDERED_BY_TITLE = frozenset({PROJECTS, CLUSTERS})
"""Sections listed in title order, whose titles also name the filters of the lists: there, a new title may
move the item and retitle pages."""


def moves_only_itself(old: Item, new: Item) -> bool:
    """Whether `new`, an edit of `old`, changed nothing but its words, dates and text in a way that leaves
    the site's pages and what each list holds as they were (but for the months with events and the order of
    lists by date)."""
    return old.shape() == new.shape() and (old.title == new.title or new.section not in _ORDERED_BY_TITLE)


def by_language(shown: list[Shown]) -> tuple[list[Shown], list[Shown]]:
    """(the entries written in or translated into the reader's language, those that exist only in others), each
    in the order given."""
    return [entry for entry in shown if entry.translated], [entry for entry in shown if not entry.translated]


@dataclass(frozen=True)
class FrontPage:
    """What a language's home page shows, chosen so that it speaks the reader's language first (docs/architecture.md).
    The lead story and the news cards are the reader's language's; stories only in other languages come after
    them in a group of their own, and so do projects; events stay in date order (their language marked)."""

    lead: Shown | None
    news: list[Shown]
    """Stories in the reader's language after the lead, newest first."""
    elsewhere: list[Shown]
    """Stories only in other languages, newest first: the latest ones, those no older than the news cards."""
    upcoming: list[Shown]
    recent: list[Shown]
    """The latest past events (shown while none is announced)."""
    projects: list[Shown]
    other_projects: list[Shown]
    """Projects only in other languages, after the reader's (while the front page has room)."""


@dataclass(frozen=True)
class Credited:
    """Authors or organisers as an item's page names them, and the language their names are written in."""

    parties: list[Party]
    lang: str


@contextmanager
def _no_full_collections() -> Iterator[None]:
    """Python's garbage collector without its full passes: reading and planning a site makes objects that live
    as long as the site (items, lists, pages), and each full pass went through all of them again, more passes
    the larger the archive (a quarter of `check`'s time at 3,000 items per language). The young generations
    are still collected, so what one file's reading leaves behind is freed as before; what lives on is
    looked at by the first full pass after."""
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, 2**30)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, full)


@_no_full_collections()
def load_site(settings: ProjectSettings, today: dt.date, *, include_drafts: bool = False,
              history: ContentHistory | None = None, remembered: Remembered | None = None,
              cache: Path | None = None, renderings: bool = True,
              previous: SitePlan | None = None) -> tuple[ContentTree, SitePlan | None]:
    """Read and validate the content, and plan every page: what the build and `check` both run.
    The tree's problems include the plan's (addresses that collide). Content with errors is not planned
    (plans trust what validation guarantees, such as references that lead somewhere): no plan, then.
    `cache` is the folder where bodies' renderings are kept between runs (core/cache.py); without
    `renderings` (HTML for pages), bodies found clean before are not rendered again. (The preview's later
    builds remember what they read instead, and take over the lists of the `previous` plan that no edit
    changed.)"""
    first = remembered is None or not remembered.files
    tree = load_content(settings.content_dir, settings.languages, display_root=settings.display_root,
                        default_timezone=settings.default_timezone, body=settings.body, remembered=remembered,
                        cache=BodyCache(cache, settings.body) if cache else None, renderings=renderings,
                        files=ReadingCache(cache) if cache and first else None)
    if tree.errors:
        return tree, None
    plan = SitePlan(tree, settings.default_language, settings.options, today, include_drafts=include_drafts,
                    history=history, previous=previous, cache=cache)
    if plan.problems:
        tree.problems = sorted(tree.problems + plan.problems, key=lambda p: (p.path, p.line, p.field, p.message))
    return tree, plan


class SitePlan:
    """All pages of all languages, computed once per build from the validated content tree."""

    def __init__(self, tree: ContentTree, default_language: str, options: SiteOptions, today: dt.date,
                 include_drafts: bool = False, history: ContentHistory | None = None, previous: SitePlan | None = None,
                 cache: Path | None = None):
        """`cache`: the folder where calendars' parts are kept between builds (core/ical.py), if any."""
        self.languages = [default_language] + [lang for lang in tree.languages if lang != default_language]
        self.default_language = default_language
        self.options = options
        self.today = today
        self.published = [item for item in tree.items if include_drafts or not item.draft]
        self.drafts = [item for item in tree.items if item.draft and not include_drafts]
        self.catalog = Catalog(self.published, self.languages)
        if previous is not None:  # the preview's last plan
            self.catalog.keep_lists(previous.catalog)
        self._planned_from: weakref.ref[SitePlan] | None = None
        self.urls = UrlScheme(options.site_url, default_language)
        self.uid_domain = calendar_uid_domain(options.calendar_uid_domain, self.urls.site_url)
        """What follows the '@' of every event's UID (the build and `check` refuse a declared one that is no domain)."""
        self._pages: dict[str, PagePlan] = {}
        self._by_source: dict[str, PagePlan] = {}
        self.problems: list[Problem] = []
        """Addresses that collide: two pages (an editor's and a generated one) cannot share a URL."""
        self._history = history or ContentHistory({})
        self._outdated: dict[str, OutdatedTranslation | None] = {}
        self._calendar_writer = None
        self._calendar_cache = cache
        self._lists: dict[tuple, list[Shown]] = {}
        self.event_stamps = {key: self._history.last_change([version.path for version in entry.versions.values()])
                             for key, entry in self.catalog.entries.items() if entry.section == EVENTS}
        """When each event last changed, taken once when the site is planned, which its calendars say
        (DTSTAMP, SEQUENCE) and the preview compares: a file git does not know takes the time it was saved."""
        if previous is None or not self._take_over_pages(previous):
            self._plan_items()
            for lang in self.languages:
                self._plan_generated(lang)
        self._by_language: dict[str, list[PagePlan]] = {lang: [] for lang in self.languages}
        """The pages of each language, in the order of `_pages` (asked for by every pass, and twice by each
        save of the preview)."""
        for page in self._pages.values():
            self._by_language.setdefault(page.lang, []).append(page)

    @property
    def pages_planned_from(self) -> SitePlan | None:
        """The plan whose pages this one took over, with the pages of items edited since planned again (the
        preview, `_take_over_pages`): both have the same pages, as the same kinds and counterparts."""
        return self._planned_from() if self._planned_from is not None else None

    def _take_over_pages(self, previous: SitePlan) -> bool:
        """The pages of `previous` (the preview's last plan), with those of the items changed since planned again,
        when those items changed nothing but their words, dates and text, and no page they are in is titled
        after them but their own: then which pages the site has, and where their counterparts are, are
        `previous`'s (lists' lengths count items, which are the same ones; tags and filters come from what did
        not change), unless an event moved to months without events before. Planning 25,000 pages again after
        each save in the preview would take longer than the rest of the save. False when it cannot."""
        if (previous.languages, previous.options, previous.today) != (self.languages, self.options, self.today) \
                or len(previous.published) != len(self.published) or len(previous.drafts) != len(self.drafts):
            return False
        before = {item.content_path: item for item in previous.published}
        replaced: list[PagePlan] = []
        for item in self.published:
            old = before.get(item.content_path)
            if old is item:
                continue
            if old is None or old.draft != item.draft or not moves_only_itself(old, item):
                return False
            page = previous.page_of_source(item.content_path)
            if page is None:  # an address taken by another page (a problem of the plan): planned again
                return False
            title = item.title or (i18n.translate(item.lang, page.section) if page.section else "")
            if page.kind.site_titled and title != page.title:
                return False  # its title is in the navigation of every page
            replaced.append(dataclasses.replace(page, item=item, title=title))
        if [item.content_path for item in previous.drafts] != [item.content_path for item in self.drafts] \
                or replaced and previous.months() != self.months():
            return False
        self._pages, self._by_source = dict(previous._pages), dict(previous._by_source)
        for page in replaced:
            self._pages[page.url] = self._by_source[page.item.content_path] = page
        self.problems = list(previous.problems)
        self._planned_from = weakref.ref(previous)
        return True

    # Queries -----------------------------------------------------------------------------------

    def pages(self, lang: str) -> list[PagePlan]:
        return list(self._by_language.get(lang, ()))

    def page_at(self, url: str) -> PagePlan | None:
        return self._pages.get(url)

    def page_of_source(self, content_path: str) -> PagePlan | None:
        """The page of a Markdown file under content/ ('uk/about.md'): pages are matched by their
        source, never by URL (MkDocs writes non-ASCII URLs percent-encoded)."""
        return self._by_source.get(content_path)

    def plan_of(self, item: Item) -> PagePlan:
        return self._pages[self.urls.item(item)]

    @property
    def history(self) -> ContentHistory:
        return self._history

    def outdated(self, item: Item) -> OutdatedTranslation | None:
        """Whether `item` is a translation older than the last change of its original (from git)."""
        if not item.section:
            return None
        if item.content_path not in self._outdated:  # asked by each page that shows the item, and by the preview
            self._outdated[item.content_path] = outdated_translation(self.catalog.entry_of(item).versions, item.lang,
                                                                     self.languages, self._history)
        return self._outdated[item.content_path]

    def credited(self, item: Item, field: str) -> Credited:
        """Who wrote (`authors`) or organises (`organizers`) an item: its own list, else its original's (a
        translation that does not name them is still theirs), else another version's, in site language order."""
        if item.values.get(field) or not item.section:
            return Credited(item.values.get(field, []), item.lang)
        versions = self.catalog.entry_of(item).versions
        original = original_language(versions, self.languages, self._history)
        for lang in [original] + [lang for lang in self.languages if lang in versions and lang != original]:
            if versions[lang].values.get(field):
                return Credited(versions[lang].values[field], lang)
        return Credited([], item.lang)

    def split(self, page: PagePlan) -> bool:
        """Whether `page` is one of a list split into pages: its kind declares `further_pages` (the lists that
        grow with the archive: news, events, a filter's, a tag's; projects and clusters stay whole)."""
        return page.kind.further_pages is not None and (page.kind != SECTION or page.section in SPLIT_SECTIONS)

    def listed(self, page: PagePlan, lang: str | None = None) -> list[Shown]:
        """Every entry of the list `page` is one of the pages of (`split`), in its order, as readers of `lang`
        (the page's language by default) see it; made once per list and language."""
        lang = lang or page.lang
        key = (page.kind, page.section, page.facet, page.tag, lang)
        if key not in self._lists:
            catalog = self.catalog
            if page.kind == TAG:
                tag = catalog.tags(lang).get(page.tag)
                self._lists[key] = [catalog.show(catalog.entry_of(item), lang) for item in tag.items] if tag else []
            elif page.kind == FILTER:  # every filter of the section at once: one pass over its list
                for facet, shown in self._by_facet(page.section, lang).items():
                    self._lists[(FILTER, page.section, facet, None, lang)] = shown
            elif page.section == NEWS:
                self._lists[key] = catalog.news(lang)
            else:
                upcoming, past = catalog.events(lang, self.today)
                self._lists[key] = upcoming + past
        return self._lists.get(key, [])

    def has_entry(self, page: PagePlan, entry: Entry) -> bool:
        """Whether `entry` is in the list `page` is one of the pages of (`split`), wherever in it, without
        making the list: `listed` chooses a list's entries by section, facet or tag (the language's own
        items), none of which depends on dates."""
        if page.kind == TAG:
            item = entry.versions.get(page.lang)
            return item is not None and any(tag_slug(name, page.lang) == page.tag for name in item.tags)
        if page.section != entry.section:
            return False
        return page.kind != FILTER or page.facet in facets_of(entry.facts)

    def _by_facet(self, section: str, lang: str) -> dict[Facet, list[Shown]]:
        """The section's list (news or events) narrowed to each facet, in its order."""
        found: dict[Facet, list[Shown]] = defaultdict(list)
        for shown in self.listed(PagePlan(self.urls.section(section, lang), lang, SECTION, "", section=section)):
            for facet in dict.fromkeys(facets_of(shown.entry.facts)):
                found[facet].append(shown)
        return found

    def per_page(self, page: PagePlan) -> int:
        """How many entries a page of `page`'s list shows: news as cards, fewer; events and tags' lists in rows."""
        return self.options.news_per_page if page.section == NEWS else self.options.rows_per_page

    def listing_page(self, page: PagePlan) -> list[Shown]:
        """What page `page.number` of its list shows."""
        per_page = self.per_page(page)
        return self.listed(page)[(page.number - 1) * per_page: page.number * per_page]

    def list_pages(self, page: PagePlan, lang: str | None = None) -> list[str]:
        """The addresses of every page of `page`'s list in `lang` (the page's language by default), first to last."""
        lang = lang or page.lang
        count = max(1, math.ceil(self._list_length(page, lang) / self.per_page(page)))
        return [self._list_url(page, lang, number) for number in range(1, count + 1)]

    def _list_length(self, page: PagePlan, lang: str) -> int:
        """How many entries `listed(page, lang)` has, without making the list: planning asks it of every
        list in every language, and only a build's pass of a language shows that language's lists. News
        and events list every entry of their section in any language; a filter's list those with its facet."""
        if page.kind == TAG:
            tag = self.catalog.tags(lang).get(page.tag)
            return len(tag.items) if tag else 0
        if page.kind == FILTER:
            return self.catalog.facets(page.section).get(page.facet, 0)
        return self.catalog.size(page.section)

    def _list_url(self, page: PagePlan, lang: str, number: int) -> str:
        if page.kind == TAG:
            return self.urls.tag(lang, page.tag, number)
        if page.kind == FILTER:
            return self.urls.filter(page.section, lang, page.facet.dimension, page.facet.value, number)
        return self.urls.section(page.section, lang, number)

    # Planning ----------------------------------------------------------------------------------

    def _add(self, page: PagePlan) -> None:
        taken = self._pages.get(page.url)
        if taken is not None and (page.item or taken.item):
            mine = page if page.item is not None else taken
            other = taken if mine is page else page
            what = other.item.display_path if other.item else tr("the site's {kind} page", kind=other.kind.name)
            self.problems.append(Problem(mine.item.display_path, 1, "",
                                         tr("its address {url} is taken by {what}", url=page.url or "/", what=what),
                                         tr("rename the file")))
            return
        self._pages[page.url] = page
        if page.item is not None:
            self._by_source[page.item.content_path] = page

    def _plan_items(self) -> None:
        for entry in self.catalog.entries.values():
            translations = {lang: self.urls.item(item) for lang, item in entry.versions.items()}
            for lang, item in entry.versions.items():
                section = item.section or _section_of_intro(item.slug)
                if item.section:
                    kind = ITEM
                elif section:
                    kind = SECTION  # an editor's introduction to a section
                else:
                    kind = HOME if item.slug == "index" else PLAIN
                title = item.title or (i18n.translate(lang, section) if section else "")
                page = PagePlan(self.urls.item(item), lang, kind, title, item=item, section=section,
                                translations=dict(translations))
                reserved = self._reserved_folder(page.url, lang)
                if kind == PLAIN and reserved in SECTIONS:
                    self.problems.append(Problem(
                        item.display_path, 1, "", tr("its address {url} is the {section} section's", url=page.url,
                                                     section=reserved),
                        tr("rename the file; an introduction above the list is {path}",
                           path=f"content/{lang}/{reserved}/index.md")))
                    continue
                if kind == PLAIN and reserved:
                    self.problems.append(Problem(item.display_path, 1, "",
                                                 tr("its address {url} is inside {folder}, which the site uses",
                                                    url=page.url, folder=f"{reserved}/"),
                                                 tr("rename the file or its folder")))
                    continue
                if kind == HOME:
                    page.translations = {other: self.urls.root(other) for other in self.languages}
                elif kind == SECTION:  # every language has the section, written or generated
                    page.translations = {other: self.urls.section(section, other) for other in self.languages}
                page.switch_to = {
                    other: page.translations.get(other) or self._fallback(other, item.section or section)
                    for other in self.languages
                }
                self._add(page)

    def _reserved_folder(self, url: str, lang: str) -> str | None:
        """The folder of the site's own files or pages that `url` (of a page in `lang`) falls in."""
        first = url[len(self.urls.root(lang)):].split("/")[0]
        if first in RESERVED_FOLDERS or first in SECTIONS:
            return first
        if lang == self.default_language and first in self.languages:
            return first  # another language's root
        return None

    def _fallback(self, lang: str, section: str | None) -> str:
        return self.urls.section(section, lang) if section else self.urls.root(lang)

    def _plan_generated(self, lang: str) -> None:
        for section in SECTIONS:
            url = self.urls.section(section, lang)
            if url not in self._pages:
                self._add_everywhere(PagePlan(url, lang, SECTION, i18n.translate(lang, section), section=section),
                                     lambda other, s=section: self.urls.section(s, other))
        for section in SPLIT_SECTIONS:
            first = self._pages[self.urls.section(section, lang)]
            self._plan_further_pages(PagePlan(first.url, lang, SECTION, i18n.translate(lang, section),
                                              section=section, translations=first.translations,
                                              switch_to=first.switch_to))
        for section in (EVENTS, NEWS):
            for facet in self.catalog.facets(section):
                label, _ = self.facet_label(facet, lang)
                title = f"{i18n.translate(lang, section)}: {label}"
                page = PagePlan(self.urls.filter(section, lang, facet.dimension, facet.value), lang, FILTER, title,
                                section=section, facet=facet)
                self._add_everywhere(page, lambda other, s=section, f=facet: self.urls.filter(s, other, f.dimension,
                                                                                             f.value))
                self._plan_further_pages(page)
        for year, month in self.months():
            title = dates.format_month(year, month, lang)
            self._add_everywhere(PagePlan(self.urls.month(lang, year, month), lang, MONTH, title, section=EVENTS,
                                          month=(year, month)),
                                 lambda other, y=year, m=month: self.urls.month(other, y, m))
        self._add_everywhere(PagePlan(self.urls.tags(lang), lang, TAGS, i18n.translate(lang, "tags")),
                             self.urls.tags)
        self._add_everywhere(PagePlan(self.urls.search(lang), lang, SEARCH, i18n.translate(lang, "search")),
                             self.urls.search)
        for slug, tag in self.catalog.tags(lang).items():
            url = self.urls.tag(lang, slug)
            page = PagePlan(url, lang, TAG, i18n.translate(lang, "tag", tag=tag.name), tag=slug,
                            translations={lang: url})
            page.switch_to = {other: url if other == lang else self.urls.tags(other) for other in self.languages}
            self._add(page)
            self._plan_further_pages(page)

    def _plan_further_pages(self, first: PagePlan) -> None:
        """Pages 2, 3, … of the list whose first page is `first` ('Page 2 of 5' after its title). A language whose
        list has fewer pages (or that has no such list: a tag's) switches to where `first` switches: never to a
        page that does not exist."""
        urls = self.list_pages(first)
        if len(urls) < 2:
            return
        counts = {other: len(self.list_pages(first, other)) for other in first.translations}
        for number, url in enumerate(urls[1:], start=2):
            page_n = i18n.translate(first.lang, "page_n", number=str(number), total=str(len(urls)))
            page = PagePlan(url, first.lang, first.kind, f"{first.title} – {page_n}", section=first.section,
                            number=number, tag=first.tag, facet=first.facet)
            page.translations = {other: self._list_url(first, other, number) for other, count in counts.items()
                                 if number <= count}
            page.switch_to = {other: page.translations.get(other) or first.switch_to[other]
                              for other in self.languages}
            self._add(page)

    def _add_everywhere(self, page: PagePlan, url_in) -> None:
        """A generated page that exists in every language (same list, each language's words)."""
        page.translations = {lang: url_in(lang) for lang in self.languages}
        page.switch_to = dict(page.translations)
        self._add(page)

    # What pages show ---------------------------------------------------------------------------

    def front_page(self, lang: str) -> FrontPage:
        """The front page of `lang`. Its lead: the newest story in the reader's language if there is one no more than
        `LEAD_FRESHNESS` older than the site's newest, else the newest of all. Then `home_news` stories in all: the
        reader's language's as cards, then stories only in other languages, newest first, as many as the cards
        leave room for (at least `HOME_ELSEWHERE`, none older than the last card)."""
        news = self.catalog.news(lang)
        own, foreign = by_language(news)
        fresh = [shown for shown in own if news and shown.item.date >= news[0].item.date - LEAD_FRESHNESS]
        lead = fresh[0] if fresh else (news[0] if news else None)
        room = max(self.options.home_news - 1, 0)
        cards = [shown for shown in own if shown is not lead][:room]
        elsewhere = [shown for shown in foreign if shown is not lead]
        if len(cards) == room and cards:
            elsewhere = [shown for shown in elsewhere if shown.item.date >= cards[-1].item.date]
        elsewhere = elsewhere[:max(room - len(cards), HOME_ELSEWHERE)]
        upcoming, past = self.catalog.events(lang, self.today)
        projects, other_projects = by_language(self.catalog.listing(PROJECTS, lang))
        projects = projects[:HOME_PROJECTS]
        return FrontPage(lead=lead, news=cards, elsewhere=elsewhere, upcoming=upcoming[:self.options.home_events],
                         recent=past[:HOME_RECENT_EVENTS], projects=projects,
                         other_projects=other_projects[:HOME_PROJECTS - len(projects)])

    def months(self) -> list[Month]:
        return self.catalog.event_months(self.today)

    def calendar_month(self) -> Month:
        """Where "Calendar" opens: this month if it has events, else the next one that has, else the last
        one that had (never an empty month when there are events at all)."""
        busy = list(self.catalog.months_with_events())
        now = (self.today.year, self.today.month)
        if now in busy or not busy:
            return now
        later = [month for month in busy if month > now]
        return later[0] if later else busy[-1]

    def nearest_busy_months(self, month: Month) -> tuple[Month | None, Month | None]:
        """The closest months before and after `month` that have events."""
        busy = list(self.catalog.months_with_events())
        earlier = [other for other in busy if other < month]
        later = [other for other in busy if other > month]
        return (earlier[-1] if earlier else None), (later[0] if later else None)

    def facet_label(self, facet: Facet, lang: str) -> tuple[str, str]:
        """How readers of `lang` see a facet, and the language of those words (a project or cluster
        that is not translated keeps its own title)."""
        if facet.dimension == "country":
            return i18n.country_name(facet.value, lang), lang
        if facet.dimension == "attendance":
            return i18n.translate(lang, f"attendance_{facet.value}"), lang
        shown = self.catalog.show(self.catalog.entry(f"{facet.dimension}s", facet.value), lang)
        acronym = shown.entry.facts.values.get("acronym")
        return (acronym or shown.item.title), (lang if acronym else shown.item.lang)

    def section_url(self, page: PagePlan) -> str | None:
        """The navigation entry `page` belongs to ("you are here"), if any."""
        if page.kind == HOME:
            return self.urls.root(page.lang)
        if page.kind == SEARCH:
            return self.urls.search(page.lang)
        return self.urls.section(page.section, page.lang) if page.section else None

    def switch_note(self, page: PagePlan, lang: str) -> str | None:
        """What the language switcher says beside `lang` when `page` is not in it, in `lang` (the words of the one who
        picks it): that it is not translated, and where the link leads instead ('…: opens News')."""
        if lang in page.translations:
            return None
        target = page.switch_to[lang]
        if target == self.urls.root(lang):
            return i18n.translate(lang, "untranslated_home")
        if target == self.urls.tags(lang):  # a tag page: its language's tags
            return i18n.translate(lang, "untranslated_section", section=i18n.translate(lang, "tags"))
        section = next(key for key in SECTIONS if target == self.urls.section(key, lang))
        return i18n.translate(lang, "untranslated_section", section=i18n.translate(lang, section))

    def breadcrumbs(self, page: PagePlan) -> list[tuple[str, str]]:
        """(title, URL) from the home page down to `page` itself, which comes last; none on home pages."""
        if page.kind == HOME:
            return []
        lang = page.lang
        trail = [(i18n.translate(lang, "home"), self.urls.root(lang))]
        section_url = self.urls.section(page.section, lang) if page.section else None
        if section_url and section_url != page.url:
            trail.append((i18n.translate(lang, page.section), section_url))
        elif page.kind == TAG:
            trail.append((i18n.translate(lang, "tags"), self.urls.tags(lang)))
        return trail + [(page.title, page.url)]

    def about(self, lang: str) -> Shown | None:
        """The page about the network as readers of `lang` see it (theirs, or another language's)."""
        entry = self.catalog.entry("", self.options.about_page)
        return self.catalog.show(entry, lang) if entry else None

    def calendar_files(self, lang: str, calendar_name: str) -> dict[str, bytes]:
        """`events.ics` with every event of the site, one `.ics` per event page of `lang`, and the
        events of each project and cluster page of `lang` beside it."""
        from . import ical  # only when writing: `check` plans the site too, and icalendar is slow to import
        if self._calendar_writer is None:
            self._calendar_writer = ical.CalendarWriter(self.urls, self.event_stamps, self.uid_domain)
        writer = self._calendar_writer
        writer.kept = ical.KeptParts(self._calendar_cache, lang) if self._calendar_cache is not None else None
        upcoming, past = self.catalog.events(lang, self.today)
        files = {self.urls.calendar_feed(lang): writer.calendar(upcoming + past, calendar_name)}
        for shown in upcoming + past:
            if shown.translated:
                files[self.urls.event_calendar(shown.item)] = writer.calendar([shown], shown.item.title)
        events = i18n.translate(lang, "events")
        for section in (PROJECTS, CLUSTERS):
            for shown in self.catalog.listing(section, lang):
                if shown.translated:
                    theirs = [other for other in self.catalog.referring_to(section, shown.entry.slug, lang)
                              if other.entry.section == EVENTS]
                    files[self.urls.item_calendar_feed(shown.item)] = writer.calendar(
                        theirs, f"{shown.item.title} – {events}")
        if writer.kept is not None:
            writer.kept.save()
            writer.kept = None
        return files

    def reuse_calendar_parts(self, previous: SitePlan, edited: set[tuple[str, str]]) -> None:
        """The preview after an edit: the events not `edited` keep the iCalendar parts `previous` made (in
        memory: the kept files stay as the first build wrote them)."""
        self._calendar_cache = None
        writer = previous._calendar_writer
        if writer is not None:
            writer.forget({slug for section, slug in edited if section == EVENTS})
            writer.stamps = self.event_stamps
            self._calendar_writer = writer

    def site_name(self, lang: str) -> str:
        return self.options.site_names.get(lang) or self.options.site_names.get(self.default_language, "")

    def news_feed(self, lang: str) -> bytes:
        name = self.site_name(lang)
        from . import feeds  # only when writing, like icalendar above (feedgen is slow to import)
        return feeds.news_feed(self.catalog, self.urls, lang, i18n.translate(lang, "news_feed", site=name),
                               self.options.site_descriptions.get(lang) or name)

    def sitemaps(self, lang: str) -> dict[str, bytes]:
        """The sitemap of the language's pages (core/urls.py: sitemap); for the default language, also the index of
        every language's at the root. And robots.txt, pointing at the index, when the site is served at its
        host's root: crawlers read /robots.txt only, so one under a sub-path (a GitHub Pages project site) would
        be read by nobody, while saying what may be crawled on a host that is not the site's. Every page links
        the index instead (render/templates/head.html)."""
        files = {self.urls.sitemap(lang): self._sitemap(self.pages(lang))}
        if lang != self.default_language:
            return files
        files[self.urls.sitemap()] = sitemap.sitemap_index(self.urls.absolute(self.urls.sitemap(other))
                                                           for other in self.languages)
        if self.urls.at_host_root:
            robots = f"User-agent: *\nAllow: /\n\nSitemap: {self.urls.absolute(self.urls.sitemap())}\n"
            files["robots.txt"] = robots.encode()
        return files

    def indexed(self, page: PagePlan) -> bool:
        """Whether search engines are asked to index `page`, and the sitemaps list it; every other page says
        `noindex` (render/templates/head.html), so that no page is neither listed nor excluded
        (docs/publishing.md)."""
        if page.kind.indexing is Indexing.WITH_EVENTS:
            return page.month in self.catalog.months_with_events()
        return page.kind.indexing is Indexing.ALWAYS

    def _sitemap(self, pages: Iterable[PagePlan]) -> bytes:
        return sitemap.sitemap(self._listed(page) for page in sorted(pages, key=lambda p: p.url) if self.indexed(page))

    def _listed(self, page: PagePlan) -> sitemap.Listed:
        item = page.item
        lastmod = (item.values.get("updated") or item.date) if item is not None and item.date else None
        alternates = [(lang, page.translations[lang]) for lang in self.languages if lang in page.translations]
        return sitemap.Listed(self.urls.absolute(page.url), lastmod,
                              [(lang, self.urls.absolute(target))
                               for lang, target in alternates + [("x-default", self.x_default(page))]])

    def x_default(self, page: PagePlan) -> str:
        """The version for readers whose language the page does not have: the original."""
        for lang in self.languages:
            if lang in page.translations:
                return page.translations[lang]
        return page.url


def _section_of_intro(stem: str) -> str | None:
    """'news/index' (an editor's intro to a section) -> 'news'."""
    head, _, tail = stem.partition("/")
    return head if tail == "index" and head in SECTIONS else None
