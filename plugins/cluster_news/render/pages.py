"""The HTML our pages add around (or instead of) what editors wrote."""

from __future__ import annotations

import html
import json
import re
from functools import partial

from markupsafe import Markup

from ..core import dates, i18n, links
from ..core.body import SITE_SCHEME
from ..core.calendar import month_grid, overlaps
from ..core.catalog import tag_slug
from ..core.ical import location_text
from ..core.pictures import PictureMaker, Size, is_picture
from ..core.problems import Problem
from ..core.site import PagePlan, SitePlan
from ..core.structured import event_json_ld, news_json_ld, script_json
from .renderer import Renderer, environment

_PROBLEMS = environment().get_template("problems.html")
_BODY_PICTURE = re.compile(rf'<img\b[^>]*?\bsrc="{re.escape(SITE_SCHEME)}([^"#?]+)"[^>]*>')
_ALT = re.compile(r'\balt="([^"]*)"')

_SEARCHABLE_KINDS = {"item", "home", "page"}
# Pagefind UI's own keys -> ours, so every language (Bulgarian included) gets our translations.
_PAGEFIND_STRINGS = {"placeholder": "search_placeholder", "clear_search": "search_clear",
                     "load_more": "search_load_more", "search_label": "search_label", "zero_results": "search_zero",
                     "many_results": "search_many", "one_result": "search_one", "searching": "search_searching"}


class PageRenderer:
    def __init__(self, site: SitePlan, pictures: PictureMaker | None = None):
        self.site = site
        self.pictures = pictures
        self.renderer = Renderer(site.catalog, site.urls, pictures)

    def content(self, page: PagePlan, body_html: str) -> str:
        """The full article HTML of `page`, given the HTML rendered from its Markdown body."""
        render = partial(self.renderer.render, lang=page.lang, page_url=page.url)
        site, catalog, lang = self.site, self.site.catalog, page.lang
        if page.kind == "item":
            item = page.item
            context = {"item": item, "body": Markup(body_html), "tags": self._tags_of(page)}
            if item.section == "projects":
                context.update(referring=catalog.referring_to("projects", item.slug, lang), projects=[])
            elif item.section == "clusters":
                context.update(referring=catalog.referring_to("clusters", item.slug, lang),
                               projects=catalog.projects_of_cluster(item.slug, lang))
            elif item.section == "events":
                context.update(self._event_actions(page))
            elif item.section == "news":
                data = news_json_ld(item, site.urls.absolute(page.url), site.site_name(lang), self._images(item))
                context["json_ld"] = Markup(script_json(data))
            parts = [render("item.html", **context)]
        elif page.kind == "home":
            upcoming, _ = catalog.events(lang, site.today)
            parts = [render("title.html", title=page.title), body_html, render(
                "home.html",
                news=catalog.news(lang)[: site.options.home_news],
                events=upcoming[: site.options.home_events],
                news_url=site.urls.section("news", lang),
                events_url=site.urls.section("events", lang),
            )]
        elif page.kind == "section":
            parts = [render("title.html", title=page.title), body_html if page.number == 1 else "",
                     self._section_listing(page, render)]
        elif page.kind == "month":
            parts = [render("title.html", title=page.title), self._month(page, render)]
        elif page.kind == "tags":
            tags = [{"name": tag.name, "url": site.urls.tag(lang, slug), "count": len(tag.items)}
                    for slug, tag in catalog.tags(lang).items()]
            parts = [render("title.html", title=page.title), render("tags_index.html", tags=tags)]
        elif page.kind == "tag":
            tag = catalog.tags(lang)[page.tag]
            entries = [catalog.show(catalog.entry_of(item), lang) for item in tag.items]
            parts = [render("title.html", title=page.title), render("section_index.html", entries=entries)]
        elif page.kind == "search":
            translations = {theirs: i18n.translate(lang, ours) for theirs, ours in _PAGEFIND_STRINGS.items()}
            parts = [render("title.html", title=page.title),
                     render("search.html", translations=json.dumps(translations, ensure_ascii=False))]
        else:
            parts = [render("title.html", title=page.title), body_html]
        html = "\n".join(part for part in parts if part)
        if page.kind in _SEARCHABLE_KINDS:  # lists and calendars only repeat what item pages say
            html = f"<div data-pagefind-body>\n{html}\n</div>"
        return html

    def head(self, page: PagePlan) -> str:
        """Feed link, Open Graph and Twitter card tags for the page's <head>."""
        site, item = self.site, page.item
        description = (item.summary if item else None) or site.options.site_descriptions.get(page.lang)
        image = self._image_url(item) if item else None
        return self.renderer.render(
            "head.html", lang=page.lang, page_url=page.url, page=page, title=page.title, description=description,
            image=image, image_size=self.share_picture(item), image_alt=item.image.alt if image else None,
            canonical=site.urls.absolute(page.url), site_name=site.site_name(page.lang),
            feed_url=site.urls.news_feed(page.lang), feed_title=i18n.translate(page.lang, "news_feed",
                                                                               site=site.site_name(page.lang)),
            og_locales={lang: i18n.og_locale(lang) for lang in site.languages},
        )

    def not_found(self, lang: str) -> str:
        """The 404 page's content: served for any missing address, so its links are absolute."""
        urls = self.site.urls
        order = [lang] + [other for other in self.site.languages if other != lang]
        homes = [{"lang": other, "url": urls.absolute(urls.root(other)), "label": i18n.translate(other, "go_home")}
                 for other in order]
        return self.renderer.render("not_found.html", lang=lang, page_url=urls.not_found(lang), homes=homes)

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
            if not is_picture(src):
                return tag
            alt = html.unescape(_ALT.search(tag).group(1)) if _ALT.search(tag) else ""
            return self.renderer.render("picture.html", lang=page.lang, page_url=page.url,
                                        sizes=self.pictures.sizes(src), alt=alt, lead=False, css_class="")
        return _BODY_PICTURE.sub(responsive, body_html)

    @staticmethod
    def problems(page: PagePlan, problems: list[Problem], *, warnings: bool = False, poll: bool = False) -> str:
        """The preview's report of what to fix (`mkdocs serve` only): instead of a page whose content has
        errors, or above a page whose file has warnings. `poll`: reload by itself once they are fixed
        (the 404 page, which the preview server serves without its reload script)."""
        return _PROBLEMS.render(lang=page.lang, problems=problems, warnings=warnings, poll=poll,
                                t=partial(i18n.translate, page.lang))

    def _section_listing(self, page: PagePlan, render) -> str:
        site, catalog, lang = self.site, self.site.catalog, page.lang
        if page.section == "news":
            page_urls = site.news_pages(lang)
            return render("news_index.html", entries=site.news_listing(lang, page.number),
                          number=page.number, pages=len(page_urls), page_urls=page_urls)
        if page.section == "events":
            upcoming, past = catalog.events(lang, site.today)
            today = (site.today.year, site.today.month)
            return render("events_index.html", upcoming=upcoming, past=past,
                          month_url=site.urls.month(lang, *today), feed_url=site.urls.calendar_feed(lang))
        return render("section_index.html", entries=catalog.listing(page.section, lang))

    def _month(self, page: PagePlan, render) -> str:
        site, lang = self.site, page.lang
        year, month = page.month
        events = site.catalog.events_in_month(lang, page.month)
        weeks = [
            [{"date": day, "in_month": day.month == month, "today": day == site.today,
              "events": [shown for shown in events if overlaps(shown.item, day)]} for day in week]
            for week in month_grid(year, month).weeks
        ]
        months = site.months()
        index = months.index(page.month)
        neighbours = {}
        for name, position in (("previous", index - 1), ("next", index + 1)):
            if 0 <= position < len(months):
                neighbour = months[position]
                neighbours[name] = {"url": site.urls.month(lang, *neighbour),
                                    "title": dates.format_month(*neighbour, lang)}
            else:
                neighbours[name] = None
        return render("month.html", title=page.title, weeks=weeks, events=events, weekdays=dates.weekday_names(lang),
                      list_url=site.urls.section("events", lang), **neighbours)

    def _event_actions(self, page: PagePlan) -> dict[str, object]:
        """Links to add an event to calendars, and its schema.org data."""
        item, urls = page.item, self.site.urls
        page_url = urls.absolute(page.url)
        details = "\n\n".join(part for part in (item.summary, page_url) if part)
        where = location_text(item, page.lang)
        return {
            "ics_url": urls.event_calendar(item),
            "google_url": links.google_calendar_url(item, details, where),
            "outlook_url": links.outlook_url(item, details, where),
            "json_ld": Markup(script_json(event_json_ld(item, page_url, self._images(item)))),
        }

    def _tags_of(self, page: PagePlan) -> list[dict[str, str]]:
        tags = self.site.catalog.tags(page.lang)
        slugs = dict.fromkeys(tag_slug(name, page.lang) for name in page.item.tags)
        return [{"name": tags[slug].name, "url": self.site.urls.tag(page.lang, slug)} for slug in slugs]
