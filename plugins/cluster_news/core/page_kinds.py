"""The kinds of page the site has, declared once: what each is, and what the build, the search index, the
sitemaps and the preview do with it. Code asks a page's kind (`page.kind.searchable`) instead of listing
kinds by name, so that a new kind is one declaration here (as in Hugo, where page kinds are declared).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Indexing(Enum):
    """Whether search engines are asked to index a kind of page (and the sitemaps list it)."""

    ALWAYS = "always"
    NEVER = "never"
    """Pages for people only: they say `noindex, follow` (their links are still followed)."""
    WITH_EVENTS = "with events"
    """Month grids: listed when events take place in them (an empty month has nothing to find)."""


SEARCH_FOLDER = "search"
"""The search page of each language."""
TAGS_FOLDER = "tags"
"""The list of tags of each language, with a page per tag under it."""


@dataclass(frozen=True, eq=False)
class PageKind:
    """One kind of page. Kinds are compared as declared here, never with their names written as strings:
    comparing one with a string raises (it would otherwise be silently false)."""

    name: str
    layout: str | None
    """What makes its content: `render/pages.py` calls `PageRenderer._<layout>_content`; None for pages
    the adapter makes itself."""
    lists_entries: bool
    """A page of cards (lists, calendars, tags): no table of contents beside it, so the cards get the room."""
    searchable: bool
    """Indexed by the site's search; lists and calendars only repeat what item pages say."""
    indexing: Indexing
    site_titled: bool
    """Its title is made from the site's own words (and is in the navigation), not from an article's: the
    preview rebuilds everything when it changes."""
    url: str | None
    """Where its pages live, as a pattern `core/urls.py` fills: `{root}` is the language's home ('' or 'uk/');
    None for pages that stand in for others."""
    further_pages: str | None = None
    """Where the second and later pages of a list live: declared for the lists that grow with the archive, which
    `core/site.py` splits into pages (`SitePlan.per_page`; None: one page, whatever its length)."""
    og_type: str = "website"
    """Its Open Graph type."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            raise TypeError(f"the page kind {self.name!r} compared with the string {other!r}: compare it with a "
                            "kind declared in core/page_kinds.py")
        return isinstance(other, PageKind) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"PageKind({self.name!r})"


ITEM = PageKind("item", "item", lists_entries=False, searchable=True, indexing=Indexing.ALWAYS, site_titled=False,
                url="{root}{section}/{slug}/", og_type="article")
"""An article of a section (news, event, project, cluster)."""
HOME = PageKind("home", "home", lists_entries=True, searchable=True, indexing=Indexing.ALWAYS, site_titled=True,
                url="{root}")
SECTION = PageKind("section", "list", lists_entries=True, searchable=False, indexing=Indexing.ALWAYS,
                   site_titled=True, url="{root}{section}/", further_pages="{root}{section}/page/{number}/")
"""A section's list (news and events split into pages), with the editor's introduction if there is one."""
FILTER = PageKind("filter", "list", lists_entries=True, searchable=False, indexing=Indexing.NEVER, site_titled=False,
                  url="{root}{section}/{dimension}/{value}/",
                  further_pages="{root}{section}/{dimension}/{value}/page/{number}/")
"""A section's list narrowed to one facet: it repeats what its section's list says."""
MONTH = PageKind("month", "month", lists_entries=True, searchable=False, indexing=Indexing.WITH_EVENTS,
                 site_titled=True, url="{root}{section}/{year:04d}/{month:02d}/")
TAGS = PageKind("tags", "tags", lists_entries=True, searchable=False, indexing=Indexing.ALWAYS, site_titled=True,
                url="{root}" + TAGS_FOLDER + "/")
TAG = PageKind("tag", "tag", lists_entries=True, searchable=False, indexing=Indexing.ALWAYS, site_titled=True,
               url="{root}" + TAGS_FOLDER + "/{tag}/", further_pages="{root}" + TAGS_FOLDER + "/{tag}/page/{number}/")
SEARCH = PageKind("search", "search", lists_entries=True, searchable=False, indexing=Indexing.ALWAYS,
                  site_titled=True, url="{root}" + SEARCH_FOLDER + "/")
PLAIN = PageKind("page", "plain", lists_entries=False, searchable=True, indexing=Indexing.ALWAYS, site_titled=False,
                 url="{root}{path}/")
"""An editor's page outside the sections (about, imprint)."""
PROBLEMS = PageKind("problems", None, lists_entries=False, searchable=False, indexing=Indexing.NEVER,
                    site_titled=False, url=None)
"""In the preview, what stands in for a page while the content has errors: the problems."""

PAGE_KINDS = {kind.name: kind for kind in (ITEM, HOME, SECTION, FILTER, MONTH, TAGS, TAG, SEARCH, PLAIN, PROBLEMS)}
