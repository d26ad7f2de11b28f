"""What an edit changed, for the preview: the pages to build again, or "everything".

The preview (`mkdocs serve`) rebuilds after every save. Most saves change an article's words: its text,
title, summary or picture. Such an edit changes the article's own page and the pages that show the
article, which all link to it (lists, calendars, tags, projects and clusters): those are found from the
links each page had in the previous build. An edit of an article's dates (an event postponed) also
reorders lists and may move the article to lists that did not show it (the home page, another page of
the news list, other months): those are found from the plans before and after the edit (`relisted`).
Any other edit may change which pages exist or what they list (tags, references, drafts, files added or
removed, pictures, mkdocs.yml, dates that need a new month page), and rebuilds everything.
"""

from __future__ import annotations

import posixpath
import re
import weakref
from collections.abc import Callable, Iterable
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from .calendar import months_of
from .model import DATES, EVENTS, Item
from .page_kinds import FILTER, MONTH, SECTION
from .site import PagePlan, SitePlan, moves_only_itself

T = TypeVar("T")


def edited_items(before: SitePlan, after: SitePlan) -> list[Item] | None:
    """The items whose words or dates changed (see `model.WORDS`, `DATES`, and the text), when nothing else about
    the site did, not even which pages it has; None when anything else may have changed."""
    if (before.languages, before.options, before.today) != (after.languages, after.options, after.today):
        return None
    old = {item.content_path: item for item in before.published}
    new = {item.content_path: item for item in after.published}
    if old.keys() != new.keys() or {d.content_path for d in before.drafts} != {d.content_path for d in after.drafts}:
        return None
    edited = [item for path, item in new.items() if item != old[path]]
    if not all(moves_only_itself(old[item.content_path], item) for item in edited):
        return None
    if after.pages_planned_from is not before and _shape(before) != _shape(after):
        return None
    if _told_by_history(before, edited) != _told_by_history(after, edited):
        return None  # a commit (or an edit) changed what git's history makes other pages say
    return edited


def redated(before: SitePlan, edited: list[Item]) -> list[tuple[Item, Item]]:
    """The items of an edit found by `edited_items` whose dates changed, as (before, after) pairs: lists may
    now show them elsewhere (`relisted`)."""
    old = {item.content_path: item for item in before.published}
    return [(old[item.content_path], item) for item in edited
            if any(old[item.content_path].values.get(name) != item.values.get(name) for name in DATES)]


def relisted(before: SitePlan, after: SitePlan, redated_items: list[tuple[Item, Item]]) -> set[str]:
    """After an edit of dates (`redated`): the pages that may now list an edited item, or others, differently
    without having linked to it before (the pages that linked to it are built again anyway). Other lists
    keep their items, only in another order, and link to them before and after. Those pages are, in the
    languages whose readers are shown an edited version (its own, and those that have no version of the item),
    the home pages (the latest news, the next and the last events) and the pages of lists split into pages
    whose entries changed (news, events, filters' and tags' lists are cut into pages by the dates of the
    versions they show); and, in every language, when an event now takes place in other months, every month
    page and every list of events (each says how many events every month has, and where the calendar opens)."""
    if not redated_items:
        return set()
    moved_months = any(months_of(previous) != months_of(item)
                       for previous, item in redated_items if item.section == EVENTS)
    catalog = after.catalog
    entries = [(catalog.entry_of(item), item) for _, item in redated_items]
    pages = set()
    for lang in after.languages:
        shown = [entry for entry, item in entries if catalog.show(entry, lang).item is item]
        if shown:
            pages.add(after.urls.root(lang))
        for page in after.pages(lang) if shown else ():
            # Only lists that show an edited version change: the others keep their entries and their order.
            if not after.split(page) or not any(after.has_entry(page, entry) for entry in shown):
                continue
            previous = before.page_at(page.url)
            if previous is not None and _keys(before.listing_page(previous)) != _keys(after.listing_page(page)):
                pages.add(page.url)
        if moved_months:
            pages.update(page.url for page in after.pages(lang)
                         if page.kind == MONTH or page.section == EVENTS and page.kind in (SECTION, FILTER))
    return pages


def _keys(listing: list) -> list[tuple[str, str]]:
    return [shown.entry.key for shown in listing]


def restamped_items(before: SitePlan, after: SitePlan) -> list[Item]:
    """The events whose calendar stamps changed without their words changing: a file saved as it was,
    outside git or not committed yet, takes the time of the save."""
    return [item for key, stamp in after.event_stamps.items() if before.event_stamps.get(key, stamp) != stamp
            for item in after.catalog.entries[key].versions.values()]


def pages_showing(items: Iterable[Item], plan: SitePlan, links: dict[str, frozenset[str]]) -> set[str]:
    """The pages of `items` and every page that linked to one of them in the last build."""
    targets = {plan.urls.item(item) for item in items}
    pages = set(targets)
    for page, linked in links.items():
        if not linked.isdisjoint(targets):
            pages.add(page)
    return pages


_LINK = re.compile(r"<a\b([^>]*)>", re.IGNORECASE)
_HREF = re.compile(r'\bhref="([^"]*)"')
_ALTERNATE = re.compile(r'\brel="[^"]*\balternate\b')


def links_of(page_url: str, html: str) -> frozenset[str]:
    """The site pages (site-root relative URLs) that `html`, the content of the page at `page_url`, links
    to, except its translations (`rel="alternate"`: they show only the language's name)."""
    found = set()
    base = posixpath.dirname(page_url.rstrip("/")) if not page_url.endswith("/") else page_url.rstrip("/")
    for match in _LINK.finditer(html):
        attributes = match.group(1)
        href = _HREF.search(attributes)
        if href is None or _ALTERNATE.search(attributes):
            continue
        parts = urlsplit(href.group(1).replace("&amp;", "&"))
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = posixpath.normpath(posixpath.join("/" + base, unquote(parts.path))).lstrip("/")
        found.add(path + "/" if parts.path.endswith("/") and path else path)
    return frozenset(found)


def _told_by_history(plan: SitePlan, edited: list[Item]) -> tuple:
    """What git's history makes the site say beyond the edited files: the notices on translations older
    than their original, and the change times of every other file (calendars' stamps). A notice is told by
    the history of its item's versions only: those of items without an edited version follow from the
    change times of the other files."""
    versions = {version.content_path: version for item in edited
                for version in plan.catalog.entry_of(item).versions.values()}
    return _notices(plan, versions.values()), plan.history.changes_except([item.path for item in edited])


def _kept_with_the_plan(compute: Callable[[SitePlan], T]) -> Callable[[SitePlan], T]:
    """`compute(plan)` made once per plan and kept as long as the plan lives: the preview compares each plan
    with the one before and the one after it."""
    kept: weakref.WeakKeyDictionary[SitePlan, T] = weakref.WeakKeyDictionary()

    def of(plan: SitePlan) -> T:
        if plan not in kept:
            kept[plan] = compute(plan)
        return kept[plan]
    return of


def _notices(plan: SitePlan, items: Iterable[Item]) -> dict[str, tuple]:
    """The notices on `items` that are translations older than their original, by file."""
    notices = {}
    for item in items:
        notice = plan.outdated(item)
        if notice is not None:
            notices[item.content_path] = (notice.original.content_path, notice.original_changed, notice.translated)
    return notices


@_kept_with_the_plan
def _shape(plan: SitePlan) -> list[tuple]:
    """Every page, what it is and where its counterparts are (its title when it is the site's own)."""
    return [_page_shape(page) for lang in plan.languages for page in plan.pages(lang)]


def _page_shape(page: PagePlan) -> tuple:
    return (page.url, page.lang, page.kind, page.section, page.number, page.tag, page.month,
            page.item.content_path if page.item else None, page.translations, page.switch_to,
            page.title if page.kind.site_titled else None)
