"""One page of a language's pass, from its Markdown to its HTML, and what the theme's templates print of it."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from markupsafe import Markup
from mkdocs import utils
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..core.body import renders_plainly, replace_site_urls, safe_heading_id, safe_heading_text
from ..core.changes import links_of
from ..core.i18n import autonym, translate
from ..core.minify import unindented
from ..core.page_kinds import HOME, PROBLEMS, SEARCH
from ..core.site import PagePlan
from ..core.urls import relative_url
from ..render.pages import PageRenderer
from . import couplings
from .configure import NOT_FOUND_SCRIPT
from .logs import said, spools_said
from .state import PassState

log = logging.getLogger("mkdocs.plugins.cluster_news")


def title(plan: PagePlan) -> str:
    """The title MkDocs prints (in <title> and the navigation). Its templates do not autoescape:
    what they print from meta must be escaped here. The home page is "Home" in the navigation; its
    own heading keeps the editor's title."""
    return html.escape(translate(plan.lang, "home") if plan.kind == HOME else plan.title)


def markdown(here: PassState, plan: PagePlan, source: str, page: Page) -> str:
    """What MkDocs converts of the page: nothing when validation already rendered its body as it is."""
    content = here.content
    if content is not None:
        content.links.item = plan.item  # the next render is this page's: resolve its links
    page.meta["title"] = title(plan)
    rendering = content.renderings.get(plan.item.content_path) if plan.item else None
    if rendering is not None and source == couplings.as_read_by_mkdocs(plan.item.body):
        # Validation rendered this body with the same Markdown and no plugin changed it since: publish
        # that rendering rather than render the body again (see `content`).
        here.rendered[page.file.src_uri] = rendering
        source = ""
    if not source:  # the body was rendered, or the page is generated: nothing for Markdown to convert
        couplings.render_nothing(page)
    summary = plan.item.summary if plan.item else None
    if summary:
        page.meta["description"] = html.escape(summary)
    return source


def content(here: PassState, plan: PagePlan, converted: str, page: Page) -> str:
    """The page's body, sanitised, kept until the page is made (`made`): MkDocs keeps every page's content
    from now until the language is written, so the page itself is made just before its template and dropped
    once written (`written`), and the build's memory does not grow with the archive."""
    if plan.kind == PROBLEMS:
        return PageRenderer.problems(plan, here.build.problems)
    body = ""
    rendering = here.rendered.pop(page.file.src_uri, None)
    if rendering is not None:
        body = rendering.html
        page.toc = get_toc(rendering.toc_tokens)
    elif plan.item is not None:
        # Validation reports removals first; this only guards the output (of the bodies it rendered).
        body, removed = here.build.sanitiser.clean(converted, report=not renders_plainly(plan.item.body))
        for removal in removed:
            log.error(f"{plan.item.display_path}: {said(removal.message)}")
    _make_safe(page.toc)
    here.bodies[page.file.src_uri] = body
    return ""


def made(here: PassState, plan: PagePlan, page: Page) -> str:
    """The page's content, just before its template: its body (pictures and links made the page's) in our layout."""
    renderer = here.content.renderer
    body = here.bodies.pop(page.file.src_uri)
    if plan.item is not None:
        body = replace_site_urls(renderer.body_pictures(plan, body), lambda url: relative_url(url, plan.url))
    html_content = renderer.content(plan, body)
    if here.serving and plan.item is not None:
        mine = [problem for problem in here.build.problems if problem.path == plan.item.display_path]
        if mine:
            html_content = PageRenderer.problems(plan, mine, warnings=True) + html_content
    return html_content


def _make_safe(toc) -> None:
    """The theme prints the table of contents (from the Markdown's headings) without escaping: keep only
    the headings' text, escaped, and ids that are plain (validation refuses others; this guards output)."""
    for link in toc:
        link.title = safe_heading_text(link.title)
        link.id = safe_heading_id(link.id)
        _make_safe(link.children)


def written(here: PassState, plan: PagePlan | None, output: str, page: Page) -> str:
    """The page as written: its links and searchable part noted, our <head>, the Content-Security-Policy,
    without the templates' indentation."""
    build = here.build
    if here.serving and plan is not None:
        build.page_links[plan.url] = links_of(plan.url, page.content or "")
    if build.search_input is not None and plan is not None:
        with spools_said():
            build.search_input.add(page.file.dest_uri, plan, page.content or "")
    if plan is not None and plan.kind != PROBLEMS:
        head, end, body = output.partition("</head>")
        output = couplings.hreflang_links_unfetched(head) + here.content.renderer.head(plan) + end + body
    untrusted = page.content or ""
    if plan is not None:
        page.content = None  # written: the language's other pages do not need it
    try:
        return unindented(build.policy.apply(output, untrusted=untrusted))
    except ValueError as error:
        raise PluginError(f"cluster-news: {page.file.src_uri}: {error}") from error


def page_context(here: PassState, plan: PagePlan, context: dict, nav: Navigation, extra) -> dict:
    """What our templates print around the page: language switcher, sections, footer, home, search."""
    site, urls = here.site, here.site.urls
    # Material prints these as <link rel="alternate" hreflang> in <head>: exactly the translations
    # that exist, and x-default. (static-i18n sets them as an attribute, which templates read first.)
    extra.alternate = [
        {"name": autonym(lang), "link": urls.absolute(plan.translations[lang]), "lang": lang}
        for lang in site.languages if lang in plan.translations
    ] + [{"name": "x-default", "link": urls.absolute(site.x_default(plan)), "lang": "x-default"}]
    context["cluster_news_switcher"] = [
        {"name": autonym(lang), "link": plan.switch_to[lang], "lang": lang,
         "current": "page" if lang == plan.lang else None, "note": site.switch_note(plan, lang)}
        for lang in site.languages
    ]
    context["cluster_news_section"] = site.section_url(plan)
    context["cluster_news_sections"] = _sections(here, nav, context["cluster_news_section"], plan.url)
    context["cluster_news_footer"] = here.content.renderer.footer(plan.lang, plan)
    context["cluster_news_home"] = urls.root(plan.lang)
    # The search page has its own box: a second one, labelled alike, in its header would be confusing.
    context["cluster_news_search"] = urls.search(plan.lang) if plan.kind != SEARCH else None
    context["cluster_news_strings"] = _strings(here.lang)
    return context


def not_found_context(here: PassState, context: dict, extra) -> dict:
    """The 404 page, served at any missing address: every link absolute, no hreflang alternates in <head>,
    and a language switcher that leads to each language's home."""
    extra.alternate = []
    urls, lang, renderer = here.urls, here.lang, here.content.renderer if here.content is not None else None
    if here.build.failed:  # the preview, while the content has errors: the problems, wherever one goes
        plan = PagePlan(urls.not_found(lang), lang, PROBLEMS, translate(lang, "preview_errors_title"))
        context["cluster_news_not_found"] = Markup(PageRenderer.problems(plan, here.build.problems, poll=True))
    else:
        context["cluster_news_not_found"] = Markup(renderer.not_found(lang))
        others = [other for other in here.site.languages if other != lang]
        context["cluster_news_not_found_script"] = {  # the root's page sends the others' addresses on
            "src": NOT_FOUND_SCRIPT, "lang": lang,
            "languages": " ".join(others) if lang == urls.default_language else ""}
    context["cluster_news_not_found_title"] = translate(lang, "not_found_title")
    if renderer is not None:
        context["cluster_news_switcher"] = renderer.not_found_switcher(lang)
        context["cluster_news_footer"] = renderer.footer(lang)
    context["cluster_news_home"] = urls.absolute(urls.root(lang))
    context["cluster_news_search"] = urls.absolute(urls.search(lang))
    context["cluster_news_strings"] = _strings(lang)
    if context.get("nav") is not None:
        context["cluster_news_sections"] = _sections(here, context["nav"], None, None, absolute=True)
    return context


def _sections(here: PassState, nav: Navigation, section: str | None, page: str | None,
              absolute: bool = False) -> list[dict]:
    """The bar of sections under the header: the navigation but the search page (the header has its box),
    each marked when it is the page or the page's section, as the navigation marks them."""
    urls = here.urls
    search = urls.search(here.lang)
    return [{"title": item.title, "url": urls.absolute(item.url) if absolute else item.url,
             "current": "page" if item.url == page else "true" if item.url == section else None}
            for item in nav.items if item.url != search]


def _strings(lang: str) -> dict[str, str]:
    """Our words that the theme partials print, in this pass's language."""
    keys = ("skip_to_content", "search", "search_label", "search_placeholder", "sections", "scheme_to_dark",
            "scheme_to_light")
    return {key: translate(lang, key) for key in keys}


def theme_page(here: PassState, output: str, template_name: str, site_dir: str) -> str:
    """Pages rendered from the theme alone (the 404 page) carry the policy too. Every language's pass
    renders the theme's 404.html for the site root: the other languages' go to `<lang>/404.html`
    instead (nothing is left for MkDocs to write), and the root keeps the default language's."""
    try:
        output = unindented(here.build.policy.apply(output))
    except ValueError as error:
        raise PluginError(f"cluster-news: {template_name}: {error}") from error
    if template_name == "404.html" and here.lang != here.urls.default_language:
        utils.write_file(output.encode("utf-8"), str(Path(site_dir) / here.urls.not_found(here.lang)))
        return ""
    return output
