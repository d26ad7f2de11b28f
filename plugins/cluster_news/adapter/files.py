"""The files and navigation of one language's pass: what MkDocs lists, what this pass writes, the pages the
plugin generates, and the small navigation of sections."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core import emblem, icons
from ..core.i18n import translate
from ..core.messages import tr
from ..core.minify import minified
from ..core.page_kinds import PROBLEMS
from ..core.pictures import PICTURES_FOLDER
from ..core.schema import SECTIONS
from ..core.site import PagePlan
from .configure import (
    ASSETS,
    NOT_FOUND_SCRIPT,
    PREVIEW_SCRIPT,
    SCRIPT,
    SEARCH_SCRIPT,
    STYLESHEET,
    add_script,
    header_icons,
)
from .logs import said
from .pages import title
from .state import PassState

log = logging.getLogger("mkdocs.plugins.cluster_news")


def written_here(here: PassState, files: Files, config: MkDocsConfig, languages: list[str]) -> Files:
    """The files this language's pass writes: its own, and (with the default language only) the files
    shared by every language, which the other passes would write again at the same place, byte for byte."""
    docs_dir = os.path.join(os.path.normpath(config.docs_dir), "")
    default = here.lang == here.urls.default_language
    others = tuple(f"{lang}/" for lang in languages if lang != here.lang)
    mine = f"{here.lang}/"
    everything = here.build.scope.everything

    def written(file: File) -> bool:
        if not (file.abs_src_path or "").startswith(docs_dir):  # the theme's files, at the site root
            return default and everything
        # After an edit, MkDocs listed only the files this pass builds again (`files_built_here`).
        return not file.src_uri.startswith(others) and (default or file.src_uri.startswith(mine))
    return Files([file for file in files if written(file)])


def navigation_urls(here: PassState) -> list[str]:
    """The pages in the navigation (Material renders it into every page): home, sections, search."""
    urls = here.urls
    return [urls.root(here.lang)] + [urls.section(section, here.lang) for section in SECTIONS] + [
        urls.search(here.lang)]


def add_pages(here: PassState, files: Files, config: MkDocsConfig) -> Files:
    """The pass's files with the plan of each page, and the pages and files the plugin generates."""
    site, scope = here.site, here.build.scope
    drafts = {item.content_path for item in site.drafts}
    for file in list(files):
        if not file.is_documentation_page():
            continue
        source = file.src_uri  # content/ holds no symbolic links (validation refuses them)
        page = site.page_of_source(source)
        if page is not None and page.lang == here.lang:
            here.plans[file.src_uri] = page
        elif source in drafts:
            files.remove(file)
        elif source not in here.content.sources:
            _arrived_during_the_build(here, file, files)
        else:  # validation plans every Markdown file: reaching this is a bug, never a silent bypass
            raise PluginError(f"cluster-news: {source} belongs to no page of the site; nothing was built")
    navigation = set(navigation_urls(here))
    for page in site.pages(here.lang):
        if page.generated and (page.url in navigation or scope.includes(here.lang, page.url)):
            file = File.generated(config, page.url + "index.md", content="")
            files.append(file)
            here.plans[file.src_uri] = page
    if not scope.everything:  # the rest is written by write_edited_files
        return files
    if here.lang == site.default_language:  # files at the site root, shared by every language
        for asset in (STYLESHEET, SCRIPT, SEARCH_SCRIPT, NOT_FOUND_SCRIPT):
            files.append(File.generated(config, asset, content=minified(ASSETS / Path(asset).name)))
        files.append(File.generated(config, emblem.FILE, content=emblem.emblem_svg()))
        files.append(File.generated(config, icons.FILE, content=header_icons(config)))
        _add_pictures(here, files, config)
        for path, content in here.content.admin.items():  # one /admin/ for every language
            files.append(File.generated(config, f"admin/{path}", content=content))
    generated = {
        **site.calendar_files(here.lang, _calendar_name(here, here.lang)),
        site.urls.news_feed(here.lang): site.news_feed(here.lang),
        **site.sitemaps(here.lang),
    }
    for url, content in generated.items():
        theirs = files.get_file_from_path(url)  # static-i18n ships a sitemap.xml as a theme file
        if theirs is not None:
            files.remove(theirs)
        files.append(File.generated(config, url, content=content))
    return files


def _arrived_during_the_build(here: PassState, file: File, files: Files) -> None:
    """A Markdown file MkDocs lists that was not there when the content was read: saved since (each
    language's pass lists the files when it starts, seconds after the content was read). The preview
    builds again once this build is done (its watcher saw the file come), with the file validated; a
    build for publishing stops rather than publish what it has not validated."""
    shown = f"{here.content.display_root}/{file.src_uri}"
    if not here.serving:
        raise PluginError(said(tr("cluster-news: {path} appeared while the site was being built: build again",
                                  path=shown)))
    files.remove(file)
    log.info(said(tr("cluster-news: {path} was saved during this build: the next build shows it", path=shown)))


def _add_pictures(here: PassState, files: Files, config: MkDocsConfig) -> None:
    """Pictures are published as the picture maker made them (without metadata) instead of as
    written, with their resized copies."""
    pictures = here.content.pictures
    for url in pictures.urls():
        if not url.startswith(PICTURES_FOLDER + "/"):
            theirs = files.get_file_from_path(url)
            if theirs is not None:
                files.remove(theirs)
        files.append(File.generated(config, url, abs_src_path=str(pictures.path(url))))


def _calendar_name(here: PassState, lang: str) -> str:
    return f"{here.site.site_name(lang)} – {translate(lang, 'events')}"


def problem_files(here: PassState, files: Files, config: MkDocsConfig) -> Files:
    """`mkdocs serve` with errors: the language's home and the pages of the files with problems show
    the problems (other addresses get the 404 page, which shows them too). Nothing under content/ is
    served: among the errors may be files the site refuses to publish (an `.html` or `.svg` page that
    would run its scripts at the preview's address, where a reviewer opens it)."""
    docs_dir = os.path.join(os.path.normpath(config.docs_dir), "")
    for file in list(files):
        if file.is_documentation_page() or (file.abs_src_path or "").startswith(docs_dir):
            files.remove(file)
    urls = {here.urls.root(here.lang)}
    broken = {problem.path for problem in here.build.problems}
    for page in here.site.pages(here.lang) if here.content is not None else []:
        if page.item is not None and page.item.display_path in broken:
            urls.add(page.url)
    for url in sorted(urls):
        file = File.generated(config, url + "index.md", content="")
        files.append(file)
        here.plans[file.src_uri] = PagePlan(url, here.lang, PROBLEMS, translate(here.lang, "preview_errors_title"))
    if here.lang == here.urls.default_language:
        for asset in (STYLESHEET, SCRIPT, PREVIEW_SCRIPT):
            files.append(File.generated(config, asset, content=minified(ASSETS / Path(asset).name)))
        files.append(File.generated(config, icons.FILE, content=header_icons(config)))
    add_script(config, PREVIEW_SCRIPT)
    return files


def files_built_here(here: PassState, config: MkDocsConfig) -> Files:
    """What this language's pass builds in the preview after an edit: the Markdown files of its pages
    that are built again or in the navigation (Material renders the navigation's titles and links)."""
    urls = here.build.scope.pages.get(here.lang, set()) | set(navigation_urls(here))
    pages = [here.site.page_at(url) for url in urls]
    sources = sorted(page.item.content_path for page in pages if page is not None and page.item is not None)
    return Files([File(source, config.docs_dir, config.site_dir, config.use_directory_urls) for source in sources])


def write_edited_files(here: PassState, site_dir: Path) -> None:
    """The preview after an edit of words or dates: the news feeds of the edited news items' languages (a
    feed lists the news written in its language), the calendars that may show the items, in every language,
    and after an edit of dates the sitemaps that list the items (which list addresses and dates only): their
    languages' — every language's after an event's, since the months with events are listed in every
    language. (The index at the root lists the languages' sitemaps only.) Calendars carry events' words and
    the names of projects and clusters (each has its own calendar of its events)."""
    site, scope = here.site, here.build.scope
    sections = {item.section for item in scope.edited}
    news = {item.lang for item in scope.edited if item.section == "news"}
    redated = scope.redated
    for lang in site.languages:
        written = {here.urls.news_feed(lang): site.news_feed(lang)} if lang in news else {}
        if sections & {"events", "projects", "clusters"}:
            written.update(site.calendar_files(lang, _calendar_name(here, lang)))
        if lang in redated or redated and "events" in sections:
            written.update(site.sitemaps(lang))
        for url, content in written.items():
            utils.write_file(content, str(site_dir / url))


def small_navigation(here: PassState, nav: Navigation, files: Files) -> Navigation:
    """A small navigation of sections, never every article: Material renders the whole navigation into
    every page."""
    by_url = {page.url: page for page in nav.pages}
    items = [by_url[url] for url in navigation_urls(here) if url in by_url]
    for page in nav.pages:
        page.parent = None
        page.previous_page = page.next_page = None
    for previous, following in zip(items, items[1:], strict=False):
        previous.next_page, following.previous_page = following, previous
    small = Navigation(items, items)
    small.homepage = items[0] if items else None
    if not here.build.scope.everything:
        _keep_navigation_pages(here, items, files)
    return small


def _keep_navigation_pages(here: PassState, items: list[Page], files: Files) -> None:
    """The preview after an edit: navigation pages that did not change keep their files; MkDocs only
    needs their titles, which are set here as `on_page_markdown` would have set them."""
    for page in items:
        plan = here.plans.get(page.file.src_uri)
        if plan is not None and not here.build.scope.includes(here.lang, plan.url):
            files.remove(page.file)
            page.markdown = ""
            page.meta = {"title": title(plan)}
