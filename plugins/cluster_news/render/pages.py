"""The HTML our pages add around (or instead of) what editors wrote."""

from __future__ import annotations

from functools import partial

from ..core.catalog import tag_slug
from ..core.site import PagePlan, SitePlan
from .renderer import Renderer


class PageRenderer:
    def __init__(self, site: SitePlan):
        self.site = site
        self.renderer = Renderer(site.catalog, site.urls, site.today)

    def content(self, page: PagePlan, body_html: str) -> str:
        """The full article HTML of `page`, given the HTML rendered from its Markdown body."""
        render = partial(self.renderer.render, lang=page.lang, page_url=page.url)
        site, catalog, lang = self.site, self.site.catalog, page.lang
        if page.kind == "item":
            item = page.item
            footer = {"item": item, "tags": self._tags_of(page)}
            if item.section == "projects":
                footer.update(referring=catalog.referring_to("projects", item.slug, lang), projects=[])
            elif item.section == "clusters":
                footer.update(referring=catalog.referring_to("clusters", item.slug, lang),
                              projects=catalog.projects_of_cluster(item.slug, lang))
            parts = [render("item_header.html", item=item), render("item_facts.html", item=item), body_html,
                     render("item_footer.html", **footer)]
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
        elif page.kind == "tags":
            tags = [{"name": tag.name, "url": site.urls.tag(lang, slug), "count": len(tag.items)}
                    for slug, tag in catalog.tags(lang).items()]
            parts = [render("title.html", title=page.title), render("tags_index.html", tags=tags)]
        elif page.kind == "tag":
            tag = catalog.tags(lang)[page.tag]
            entries = [catalog.show(catalog.entry_of(item), lang) for item in tag.items]
            parts = [render("title.html", title=page.title), render("section_index.html", entries=entries)]
        else:
            parts = [render("title.html", title=page.title), body_html]
        return "\n".join(part for part in parts if part)

    def _section_listing(self, page: PagePlan, render) -> str:
        site, catalog, lang = self.site, self.site.catalog, page.lang
        if page.section == "news":
            page_urls = site.news_pages(lang)
            return render("news_index.html", entries=site.news_listing(lang, page.number),
                          number=page.number, pages=len(page_urls), page_urls=page_urls)
        if page.section == "events":
            upcoming, past = catalog.events(lang, site.today)
            return render("events_index.html", upcoming=upcoming, past=past)
        return render("section_index.html", entries=catalog.listing(page.section, lang))

    def _tags_of(self, page: PagePlan) -> list[dict[str, str]]:
        tags = self.site.catalog.tags(page.lang)
        slugs = dict.fromkeys(tag_slug(name, page.lang) for name in page.item.tags)
        return [{"name": tags[slug].name, "url": self.site.urls.tag(page.lang, slug)} for slug in slugs]
