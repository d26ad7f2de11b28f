"""The HTML our pages add around (or instead of) what editors wrote."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import replace
from functools import partial
from itertools import groupby

from markupsafe import Markup

from ..core import dates, emblem, i18n, links, wordforms
from ..core.body import SITE_SCHEME
from ..core.calendar import first_day, location_text, month_grid, week_lanes
from ..core.catalog import Shown, tag_slug
from ..core.collation import sort_key
from ..core.filters import Facet
from ..core.messages import in_language
from ..core.model import CLUSTERS, EVENTS, NEWS, PROJECTS, Party
from ..core.page_kinds import HOME, SECTION
from ..core.pictures import PictureMaker, Size
from ..core.problems import Problem
from ..core.schema import SECTIONS, fields_for
from ..core.site import PagePlan, SitePlan, by_language
from ..core.structured import (
    breadcrumb_json_ld,
    event_json_ld,
    home_json_ld,
    news_json_ld,
    party_json_ld,
    script_json,
)
from ..core.urls import relative_url
from .renderer import ARTICLE_SIZES, Renderer, environment

_PROBLEMS = environment().get_template("problems.html")
_BODY_PICTURE = re.compile(rf'<img\b[^>]*?\bsrc="{re.escape(SITE_SCHEME)}([^"#?]+)"[^>]*>')
_ALT = re.compile(r'\balt="([^"]*)"')
_SEARCH_BODY = "<div data-pagefind-body>"
"""Opens the part of a page Pagefind indexes: last in the page's content (see `searchable_part`)."""
SEARCH_PARAMETER = "q"
"""Where the search page (assets/cluster-news-search.js) reads the query from, and the header's box sends it."""
# What our search page's script says, by our string keys (every language gets our translations).
_SEARCH_STRINGS = ("search_zero", "search_results", "search_searching", "search_failed", "type_page")


def searchable_part(page: PagePlan, content: str) -> str | None:
    """The element of a page's content (as `PageRenderer.content` made it) that Pagefind indexes: on the
    kinds of page that have one, the last part, after the breadcrumbs (escaped text cannot open it). The
    kind decides, not the text: an editor's words on a list page cannot make it searchable."""
    start = content.find(_SEARCH_BODY) if page.kind.searchable else -1
    return None if start < 0 else content[start:]


class PageRenderer:
    def __init__(self, site: SitePlan, pictures: PictureMaker | None = None, contact: str = "", imprint: str = ""):
        self.site = site
        self.pictures = pictures
        self.contact = contact
        self.imprint = imprint
        self.renderer = Renderer(site.catalog, site.urls, pictures, site.today)

    def forget_fragments(self) -> None:
        """Once a language's pages are written: the pieces rendered for them (list items, links, shared parts),
        which the next language's pages do not show; a process that builds several languages would otherwise
        hold every one's."""
        self.renderer.forget_fragments()

    def content(self, page: PagePlan, body_html: str) -> str:
        """The full article HTML of `page`, given the HTML rendered from its Markdown body: made as its kind's
        layout says (`_<layout>_content`)."""
        render = partial(self.renderer.render, lang=page.lang, page_url=page.url)
        # A heading's permalink sign is not part of its text: keep it out of search results' titles.
        body_html = body_html.replace('<a class="headerlink"', '<a data-pagefind-ignore class="headerlink"')
        parts = getattr(self, f"_{page.kind.layout}_content")(page, body_html, render)
        html = "\n".join(part for part in parts if part)
        if page.kind.searchable:
            html = f"{_SEARCH_BODY}\n{html}\n</div>"
        return self._breadcrumbs(page, render) + html

    def _item_content(self, page: PagePlan, body_html: str, render) -> list[str]:
        site, catalog, lang, item = self.site, self.site.catalog, page.lang, page.item
        context = {"item": item, "body": Markup(body_html), "tags": self._tags_of(page),
                   "outdated": site.outdated(item), "credited": partial(site.credited, item)}
        if item.section in (PROJECTS, CLUSTERS):
            context.update(referring=catalog.referring_to(item.section, item.slug, lang)[:site.options.news_per_page],
                           all_referring=self._all_referring(page),
                           projects=[] if item.section == PROJECTS else catalog.projects_of_cluster(item.slug,
                                                                                                     lang),
                           own_feed={"section": item.section, "url": site.urls.item_calendar_feed(item),
                                     "webcal": site.urls.webcal(site.urls.item_calendar_feed(item))},
                           site_feed=self._site_feed(lang))
        elif item.section == EVENTS:
            context.update(self._event_actions(page))
        elif item.section == NEWS:
            context["authors"] = site.credited(item, "authors")
            publisher = (site.site_name(lang), site.urls.absolute(site.urls.root(lang)))
            data = news_json_ld(item, site.urls.absolute(page.url), publisher, self._images(item),
                                self._parties(context["authors"].parties, lang))
            context["json_ld"] = Markup(script_json(data))
        return [render("item.html", **context)]

    def _all_referring(self, page: PagePlan) -> list[dict[str, object]]:
        """Where a project's or a cluster's page, which shows its latest news and events, leads to all of them:
        the filter pages of news and of events that name it, with how many each lists."""
        site, item = self.site, page.item
        facet = Facet(item.section.removesuffix("s"), item.slug)
        found = []
        for section, counted in ((NEWS, "news_count"), (EVENTS, "event_count")):
            count = site.catalog.facets(section).get(facet)
            if count:
                found.append({"key": f"show_all_{section}", "counted": counted, "count": count,
                              "url": site.urls.filter(section, page.lang, facet.dimension, facet.value)})
        return found

    def _home_content(self, page: PagePlan, body_html: str, render) -> list[str]:
        return [render("title.html", title=page.title, hidden=True), self._home(page, body_html, render)]

    def _list_content(self, page: PagePlan, body_html: str, render) -> list[str]:
        return [render("title.html", title=page.title), body_html if page.number == 1 else "",
                self._section_listing(page, render)]

    def _month_content(self, page: PagePlan, body_html: str, render) -> list[str]:
        return [render("title.html", title=page.title), self._month(page, render)]

    def _tags_content(self, page: PagePlan, body_html: str, render) -> list[str]:
        site, lang = self.site, page.lang
        tags = [{"name": tag.name, "url": site.urls.tag(lang, slug), "count": len(tag.items)}
                for slug, tag in site.catalog.tags(lang).items()]
        return [render("title.html", title=page.title), render("tags_index.html", tags=tags)]

    def _tag_content(self, page: PagePlan, body_html: str, render) -> list[str]:
        return [render("title.html", title=page.title),
                render("section_index.html", entries=self.site.listing_page(page), elsewhere=[], typed=True,
                       number=page.number, page_urls=self.site.list_pages(page))]

    def _search_content(self, page: PagePlan, body_html: str, render) -> list[str]:
        lang = page.lang
        strings = {key: i18n.translate(lang, key) for key in _SEARCH_STRINGS}
        return [render("title.html", title=page.title),
                render("search.html", strings=script_json(strings), forms=f"{wordforms.FOLDER}/{lang}/")]

    def _plain_content(self, page: PagePlan, body_html: str, render) -> list[str]:
        return [render("title.html", title=page.title), body_html, self._imprint(page, render)]

    def _home(self, page: PagePlan, body_html: str, render) -> str:
        """The front page: the lead story, news, events (the latest ones when none is announced), projects."""
        site, lang = self.site, page.lang
        return render(
            "home.html", front=site.front_page(lang),
            body=Markup(body_html) if body_html.strip() else None, about=site.about(lang),
            news_url=site.urls.section(NEWS, lang), events_url=site.urls.section(EVENTS, lang),
            projects_url=site.urls.section(PROJECTS, lang), month_url=site.urls.month(lang, *site.calendar_month()),
            site_feed=self._site_feed(lang),
        )

    def head(self, page: PagePlan) -> str:
        """Feed link, Open Graph and Twitter card tags for the page's <head>; on home pages, the network's
        and the website's structured data."""
        site, item = self.site, page.item
        description = (item.summary if item else None) or site.options.site_descriptions.get(page.lang)
        shared = item if item is not None and item.image else self._home_item(page.lang)
        image = self._image_url(shared) if shared else None
        return self.renderer.render(
            "head.html", lang=page.lang, page_url=page.url, page=page, title=page.title, description=description,
            image=image, image_size=self.share_picture(shared), image_alt=shared.image.alt if image else None,
            canonical=site.urls.absolute(page.url), site_name=site.site_name(page.lang),
            sitemap_url=site.urls.absolute(site.urls.sitemap()), indexed=site.indexed(page),
            feed_url=site.urls.news_feed(page.lang), feed_title=i18n.translate(page.lang, "news_feed",
                                                                               site=site.site_name(page.lang)),
            og_locales={lang: i18n.og_locale(lang) for lang in site.languages},
            json_ld=Markup(script_json(self._home_json_ld(page.lang))) if page.kind == HOME else None,
        )

    def _home_item(self, lang: str):
        """The home page's file in `lang`, whose picture is the share card of the pages of `lang` without one of their
        own (lists, articles without a picture): a card in their language, not another's."""
        entry = self.site.catalog.entry("", "index")
        return entry.versions.get(lang) if entry is not None else None

    def _home_json_ld(self, lang: str) -> dict[str, object]:
        """The network and the language's website (with its search), from the plugin's `organization`."""
        site, urls = self.site, self.site.urls
        organization = site.options.organization
        if not organization.name:
            organization = replace(organization, name=site.site_name(site.default_language))
        home = urls.absolute(urls.root(lang))
        return home_json_ld(organization, organization.url or urls.absolute(urls.root(site.default_language)),
                            urls.absolute(organization.logo) if organization.logo else None, site.site_name(lang),
                            home, lang, urls.absolute(urls.search(lang)), SEARCH_PARAMETER)

    def not_found(self, lang: str) -> str:
        """The 404 page's content: every language's short message with its home, sections and search, the page's
        language first. Served for any missing address (GitHub Pages serves the root one for all of them, whatever
        their language): its links are absolute, and it reads without JavaScript in every language."""
        urls = self.site.urls
        messages = []
        for other in [lang] + [other for other in self.site.languages if other != lang]:
            places = [("home", urls.root(other))] + [(section, urls.section(section, other)) for section in SECTIONS]
            messages.append({
                "lang": other, "title": i18n.translate(other, "not_found_title"),
                "text": i18n.translate(other, "not_found_text"),
                "links": [(i18n.translate(other, key), urls.absolute(url))
                          for key, url in places + [("search", urls.search(other))]]})
        return self.renderer.render("not_found.html", lang=lang, page_url=urls.not_found(lang), messages=messages)

    def not_found_switcher(self, lang: str) -> list[dict[str, object]]:
        """The language switcher of a 404 page: every language's home, absolute (served at any address);
        the reader's language is marked as the current one of the set, not as this page."""
        urls = self.site.urls
        return [{"name": i18n.autonym(other), "link": urls.absolute(urls.root(other)), "lang": other,
                 "current": "true" if other == lang else None} for other in self.site.languages]

    def footer(self, lang: str, page: PagePlan | None = None) -> Markup:
        """The foot of `page` (of a 404 page when None: then every link is absolute)."""
        site, urls = self.site, self.site.urls
        if page is None:
            link = urls.absolute
        else:
            def link(url: str) -> str:
                return relative_url(url, page.url)
        about = site.about(lang)
        return Markup(self.renderer.env.get_template("footer.html").render(
            lang=lang, t=partial(i18n.translate, lang), link=link, language_name=partial(_language_name, lang),
            site_name=site.site_name(lang), description=site.options.site_descriptions.get(lang),
            about={"url": urls.item(about.item), "lang": about.item.lang} if about else None,
            contact=self.contact, imprint=self.imprint, news_feed=urls.news_feed(lang),
            calendar_webcal=urls.webcal(urls.calendar_feed(lang)),
            eu_projects=self._eu_projects(page) if page else [], eu_emblem=link(emblem.FILE),
        ))

    def _eu_projects(self, page: PagePlan) -> list[str]:
        """Names of the EU-funded projects a page is about: the project itself, or those an item names."""
        item = page.item
        if item is None or not item.section:
            return []
        slugs = [item.slug] if item.section == PROJECTS else item.projects
        names = []
        for slug in slugs:
            entry = self.site.catalog.entry(PROJECTS, slug)
            if entry is not None and entry.facts.values.get("eu_funded"):
                facts = entry.facts.values
                names.append(facts.get("acronym") or self.site.catalog.show(entry, page.lang).item.title)
        return names

    def _breadcrumbs(self, page: PagePlan, render) -> str:
        trail = self.site.breadcrumbs(page)
        if not trail:
            return ""
        absolute = [(title, self.site.urls.absolute(url)) for title, url in trail]
        return render("breadcrumbs.html", trail=trail, json_ld=Markup(script_json(breadcrumb_json_ld(absolute))))

    def _imprint(self, page: PagePlan, render) -> str:
        """Who publishes the site, under the page about the network (from the plugin's options)."""
        if page.item is None or page.item.slug != self.site.options.about_page or not (self.imprint or self.contact):
            return ""
        return render("imprint.html", lines=self.imprint.strip().splitlines(), contact=self.contact)

    def _image_url(self, item) -> str | None:
        """The picture for share cards and structured data: the 1200×630 crop."""
        if not item.image:
            return None
        return self.site.urls.absolute(self.pictures.sizes(item.image.src).share.url if self.pictures
                                       else item.image.src)

    def _images(self, item) -> list[str]:
        """For structured data: the share card (1.9:1) and the picture itself, as search engines ask."""
        if not item.image:
            return []
        full = self.pictures.sizes(item.image.src).full.url if self.pictures else item.image.src
        return list(dict.fromkeys([self._image_url(item), self.site.urls.absolute(full)]))

    def share_picture(self, item) -> Size | None:
        return self.pictures.sizes(item.image.src).share if item and item.image and self.pictures else None

    def body_pictures(self, page: PagePlan, body_html: str) -> str:
        """The pictures of an article's text (sanitised, with `cn-site:` addresses) in every size, with
        their dimensions, loaded when they come into view."""
        if self.pictures is None:
            return body_html

        def responsive(match: re.Match) -> str:
            src, tag = match.group(1), match.group(0)
            if not self.pictures.knows(src):  # a document, or nothing the content tree has
                return tag
            alt = html.unescape(_ALT.search(tag).group(1)) if _ALT.search(tag) else ""
            return self.renderer.render("picture.html", lang=page.lang, page_url=page.url,
                                        copies=self.pictures.sizes(src), sizes=ARTICLE_SIZES, alt=alt, lead=False,
                                        css_class="")
        return _BODY_PICTURE.sub(responsive, body_html)

    @staticmethod
    def problems(page: PagePlan, problems: list[Problem], *, warnings: bool = False, poll: bool = False) -> str:
        """The preview's report of what to fix (`mkdocs serve` only): instead of a page whose content has
        errors, or above a page whose file has warnings. `poll`: reload by itself once they are fixed
        (the 404 page, which the preview server serves without its reload script)."""
        return _PROBLEMS.render(lang=page.lang, problems=problems, warnings=warnings, poll=poll,
                                t=partial(i18n.translate, page.lang), said=partial(in_language, lang=page.lang))

    def _site_feed(self, lang: str) -> dict[str, str]:
        url = self.site.urls.calendar_feed(lang)
        return {"url": url, "webcal": self.site.urls.webcal(url)}

    def _section_listing(self, page: PagePlan, render) -> str:
        site, catalog, lang = self.site, self.site.catalog, page.lang
        if page.section not in (NEWS, EVENTS):  # by title: the reader's language's first, then the others'
            own, elsewhere = by_language(catalog.listing(page.section, lang))
            return render("section_index.html", entries=own, elsewhere=elsewhere, typed=False, page_urls=[])
        page_urls, entries = site.list_pages(page), site.listing_page(page)
        # The events page's script filters the cards it lists: only while it lists them all. Then its filters
        # are links to the filter pages, as without JavaScript.
        first = page.number == 1  # the filters and the months: on the first page only
        filters = {"section": page.section, "facet": page.facet, "all_url": site.urls.section(page.section, lang),
                   "filter_groups": self._filter_groups(page) if first else [],
                   "filterable": page.section == EVENTS and page.kind == SECTION and len(page_urls) == 1,
                   "number": page.number, "page_urls": page_urls}
        if page.section == NEWS:
            return render("news_index.html", entries=entries, feed_url=site.urls.news_feed(lang), **filters)
        upcoming = [shown for shown in entries if shown.item.last_day >= site.today]  # as catalog.events says
        return render("events_index.html", upcoming=upcoming, past_years=_by_year(entries[len(upcoming):]),
                      month_url=site.urls.month(lang, *site.calendar_month()), site_feed=self._site_feed(lang),
                      month_index=self._month_index(page) if first else "", **filters)

    def _filter_groups(self, page: PagePlan) -> list[dict[str, object]]:
        """The facets of the page's section, by dimension, each value with its page and count."""
        site, lang = self.site, page.lang
        groups: dict[str, list[dict[str, object]]] = defaultdict(list)
        for facet, count in site.catalog.facets(page.section).items():
            label, label_lang = site.facet_label(facet, lang)
            groups[facet.dimension].append({
                "token": facet.token, "label": label, "lang": label_lang, "count": count,
                "url": site.urls.filter(page.section, lang, facet.dimension, facet.value),
                "current": facet == page.facet})
        for values in groups.values():
            values.sort(key=lambda value: sort_key(value["label"], lang))
        return [{"dimension": dimension, "values": values} for dimension, values in groups.items()]

    def _month_index(self, page: PagePlan) -> Markup:
        """Months with events, by year (newest year first), with how many: the same on the events page
        and every month page of a language (rendered once), the page's own month marked."""
        lang = page.lang
        counts = self.site.catalog.months_with_events()
        years = []
        for year, months in groupby(counts, key=lambda month: month[0]):
            years.append((year, [{"name": dates.month_name(month, lang), "count": counts[(year, month)],
                                  "url": self.site.urls.month(lang, year, month)} for _, month in months]))
        html = self.renderer.shared(("month_index", lang), "month_index.html", lang, page.url, month_index=years[::-1])
        if page.month:
            here = "../" * page.url.count("/") + self.site.urls.month(lang, *page.month)  # as `shared` roots it
            html = Markup(str(html).replace(f'href="{here}"', f'href="{here}" aria-current="page"', 1))
        return html

    def _month(self, page: PagePlan, render) -> str:
        site, lang = self.site, page.lang
        year, month = page.month
        events = site.catalog.events_in_month(lang, page.month)
        spans = [(shown, first_day(shown.item), shown.item.last_day) for shown in events]
        linked: set[tuple[str, str]] = set()
        weeks = []
        for week in month_grid(year, month).weeks:
            lanes = week_lanes(week, spans)
            busy = {column for lane in lanes for bar in lane for column in range(bar.column, bar.column + bar.span)}
            days = [{"date": day, "in_month": day.month == month, "today": day == site.today,
                     "busy": column in busy} for column, day in enumerate(week)]
            rows = []
            for lane in lanes:
                cells, starts = [], {bar.column: bar for bar in lane}
                column = 0
                while column < 7:
                    bar = starts.get(column)
                    if bar is None:
                        cells.append({"bar": None, "outside": week[column].month != month})
                        column += 1
                        continue
                    key = bar.event.entry.key
                    cells.append({"bar": bar, "repeat": key in linked})
                    linked.add(key)
                    column += bar.span
                rows.append(cells)
            weeks.append({"days": days, "lanes": rows})
        months = site.months()
        index = months.index(page.month)
        neighbours = {}
        for name, position in (("previous", index - 1), ("next", index + 1)):
            neighbours[name] = self._month_link(months[position], lang) if 0 <= position < len(months) else None
        earlier, later = site.nearest_busy_months(page.month) if not events else (None, None)
        return render("month.html", title=page.title, weeks=weeks, events=events, weekdays=dates.weekday_names(lang),
                      list_url=site.urls.section(EVENTS, lang), month_index=self._month_index(page),
                      earlier=earlier and self._month_link(earlier, lang), later=later and self._month_link(later, lang),
                      **neighbours)

    def _month_link(self, month: tuple[int, int], lang: str) -> dict[str, object]:
        return {"url": self.site.urls.month(lang, *month), "title": dates.format_month(*month, lang),
                "in_sentence": dates.format_month(*month, lang, start=False),
                "count": self.site.catalog.months_with_events().get(month, 0)}

    def _event_actions(self, page: PagePlan) -> dict[str, object]:
        """Links to add an event to calendars, and its schema.org data (with the people and organisations its
        fields name, by the property each declares: `Field.json_ld`)."""
        item, urls = page.item, self.site.urls
        page_url = urls.absolute(page.url)
        details = "\n\n".join(part for part in (item.summary, page_url) if part)
        where = location_text(item, page.lang)
        return {
            "ics_url": urls.event_calendar(item),
            "google_url": links.google_calendar_url(item, details, where),
            "outlook_url": links.outlook_url(item, details, where),
            "json_ld": Markup(script_json(event_json_ld(item, page_url, self._images(item), {
                field.json_ld: self._parties(self.site.credited(item, field.name).parties, page.lang)
                for field in fields_for(EVENTS).values() if field.json_ld}))),
        }

    def _parties(self, parties: list[Party], lang: str) -> list[dict[str, object]]:
        """Authors or organisers as schema.org data: a cluster by its page as `lang` readers reach it."""
        found = []
        for party in parties:
            entry = self.site.catalog.entry(CLUSTERS, party.cluster) if party.cluster else None
            page = None
            if entry is not None:
                shown = self.site.catalog.show(entry, lang).item
                page = (shown.title, self.site.urls.absolute(self.site.urls.item(shown)), shown.values.get("website"))
            found.append(party_json_ld(party, page))
        return found

    def _tags_of(self, page: PagePlan) -> list[dict[str, str]]:
        tags = self.site.catalog.tags(page.lang)
        slugs = dict.fromkeys(tag_slug(name, page.lang) for name in page.item.tags)
        return [{"name": tags[slug].name, "url": self.site.urls.tag(page.lang, slug)} for slug in slugs]


def _by_year(past: list[Shown]) -> list[tuple[int, list[Shown]]]:
    """Past events (newest first) grouped by the year they started in."""
    return [(year, list(entries)) for year, entries in groupby(past, key=lambda shown: first_day(shown.item).year)]


def _language_name(reader: str, code: str) -> str:
    return i18n.language_name(code, reader)
