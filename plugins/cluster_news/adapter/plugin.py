"""MkDocs hooks of the `cluster-news` plugin. Only hooks live here; the work is done by the core.

How static-i18n runs us: it builds the default language, then re-runs the whole build for each
other language with the same plugin objects. So content is read and validated once, in the first
pass; everything per language is (re)set in `on_config`; our pages are added after its `on_files`.
The other languages are built by `LanguageBuilds` (parallel.py), side by side in worker processes,
instead of one after another inside static-i18n's `on_post_build`.
"""

from __future__ import annotations

import html
import logging
import os
import re
import time
from pathlib import Path

from markupsafe import Markup
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from ..core import dates, emblem
from ..core.admin_site import AdminBundleMissing, AdminSite, admin_files, reference_choices
from ..core.body import (
    BodyCheck,
    BodySettings,
    LinkExtension,
    Sanitiser,
    renders_plainly,
    replace_site_urls,
    safe_heading_id,
    safe_heading_text,
)
from ..core.cache import CommittedCache, cache_folder
from ..core.changes import links_of
from ..core.content import Remembered
from ..core.csp import ContentSecurityPolicy
from ..core.history import ContentHistory
from ..core.i18n import autonym, translate
from ..core.minify import minified
from ..core.page_kinds import HOME, PROBLEMS, SEARCH
from ..core.pictures import PICTURES_FOLDER, PictureMaker, is_picture
from ..core.problems import Problem
from ..core.processes import cpus, in_processes
from ..core.project import ProjectSettings, SiteOptions, organization_of
from ..core.schema import SECTIONS
from ..core.site import PagePlan, SitePlan, load_site
from ..core.urls import UrlScheme, calendar_uid_domain, relative_url
from ..render.compiled_templates import COMPILED_TEMPLATES
from ..render.pages import PageRenderer
from . import preview
from .config import ClusterNewsConfig
from .incremental import EVERYTHING, PreviewState, Scope, inputs_fingerprint, set_aside_for_the_next_builds
from .logs import make_logs_safe
from .parallel import LanguageBuilds, processes_for
from .search import SearchInput
from .theme_files import list_theme_files_unhidden
from .theme_strings import theme_string

log = logging.getLogger("mkdocs.plugins.cluster_news")

THEME_DIR = str(Path(__file__).parent / "theme")
_ASSETS = Path(__file__).parent.parent / "assets"
STYLESHEET = "assets/cluster-news.css"
SCRIPT = "assets/cluster-news.js"
PREVIEW_SCRIPT = "assets/cluster-news-preview.js"
SEARCH_SCRIPT = "assets/cluster-news-search.js"
"""Loaded by the search page only."""
NOT_FOUND_SCRIPT = "assets/cluster-news-404.js"
"""Loaded by the 404 pages only, in <head>."""


class ClusterNewsPlugin(BasePlugin[ClusterNewsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.site: SitePlan | None = None
        """The plan of the last content without errors (in `mkdocs serve`, kept while an edit is broken)."""
        self.problems: list[Problem] = []
        self.failed = False
        """`mkdocs serve` only: the content has errors, so pages show them instead of the site."""
        self.builds: LanguageBuilds | None = None
        """The other languages' builds, from the first pass until the last language is written."""
        self.scope: Scope = EVERYTHING
        """What this build writes: everything, or (in the preview, after an edit of words) some pages."""
        self.search_input: SearchInput | None = None
        """What Pagefind indexes, kept by every language's pass of a full build (see search.py)."""
        self.preview = PreviewState()
        self.remembered = Remembered()
        """Preview only: what reading each file and checking each body found, for the next rebuild."""
        self.page_links: dict[str, frozenset[str]] = {}
        """Preview only: the pages each page built links to (see incremental.py)."""
        self._inputs = ""
        self.tree_assets: list[str] = []
        self.sources: frozenset[str] = frozenset()
        """The Markdown files the content was read from (under content/), drafts included."""
        self.display_root = "content"
        self._clean_directory = None
        self._get_files = None
        self._first_read: int | None = None
        """Preview only: when the first build began to read the files (nanoseconds since the epoch)."""
        self._emptied_site: str | None = None
        """The site folder this build emptied and writes (to empty again if the build fails)."""
        self.renderer: PageRenderer | None = None
        self.links: LinkExtension | None = None
        self.sanitiser: Sanitiser | None = None
        self.renderings: dict[str, BodyCheck] = {}
        """Bodies as validation rendered and sanitised them, by file under content/."""
        self._rendered: dict[str, BodyCheck] = {}
        """Pages of this pass whose body is published as validation rendered it, by source file."""
        self.urls: UrlScheme | None = None
        self.pictures: PictureMaker | None = None
        self.lang = ""
        self.plans: dict[str, PagePlan] = {}
        self.admin: dict[str, bytes] = {}
        self.policy: ContentSecurityPolicy | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        make_logs_safe()  # before anything names a file: the build's log is the CI's

    # Before anything else: a preview that cannot be served is not built.
    @event_priority(100)
    def _address_is_free(self, config: MkDocsConfig) -> MkDocsConfig:
        """`mkdocs serve` builds the whole site before it listens: at a busy address, it would build, then
        fail with a traceback (or, on some systems, serve beside the other server, which browsers reach).
        Said in one line instead, with the command for a free address, before the first build."""
        if self.serving and self._first_read is None:
            host, port = config.dev_addr
            reason = preview.unavailable(host, port)
            if reason is not None:
                raise Abort(preview.busy_address_message(host, port, reason))
        return config

    # After static-i18n's on_config (-100), which decides the language of this pass.
    @event_priority(-110)
    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        i18n = config.plugins.get("i18n")
        if i18n is None or getattr(i18n.config, "docs_structure", None) != "folder":
            raise PluginError("cluster-news needs the 'i18n' plugin (mkdocs-static-i18n) with docs_structure: folder")
        self.lang = i18n.current_language
        self.plans, self._rendered = {}, {}
        first_pass = not i18n.building
        if first_pass:  # read every language's content once
            self._emptied_site = None
            if self.serving and self._first_read is None:
                self._first_read = time.time_ns()
            self._load_site(config, i18n)
            try:
                self.policy = ContentSecurityPolicy(self.config.embeds)
            except ValueError as error:
                raise PluginError(f"cluster-news: {error}") from error
            self.scope = self._scope(config) if self.serving else EVERYTHING
            wanted = self.config.search and self.scope.everything and not self.failed
            self.search_input = SearchInput() if wanted else None
        # Our sitemap lists generated pages and exact alternates; the theme's would overwrite it.
        config.theme.static_templates.discard("sitemap.xml")
        list_theme_files_unhidden(config.theme)
        if THEME_DIR not in config.theme.dirs:
            custom = config.theme.custom_dir
            config.theme.dirs.insert(config.theme.dirs.index(custom) + 1 if custom in config.theme.dirs else 0,
                                     THEME_DIR)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        if self.links is not None and self.links not in config.markdown_extensions:
            config.markdown_extensions.append(self.links)
        if first_pass:
            others = [lang for lang in i18n.build_languages
                      if lang != self.lang and (self.scope.everything or lang in self.scope.languages())]
            jobs = self.config.jobs or processes_for(len(others) + 1, cpus())
            if not self.scope.everything:  # a few pages: not worth a process
                jobs = 1
            self.builds = LanguageBuilds(i18n, others, jobs, report=self._report)
            # static-i18n builds the other languages in its on_post_build unless it believes it is inside
            # one of those builds: they are ours to build (see on_files and on_post_build).
            i18n.building = True
        return config

    def _scope(self, config: MkDocsConfig) -> Scope:
        """In the preview: what this build must write, given what the last one wrote."""
        if self.failed:
            self.preview.forget()
            return EVERYTHING
        self._inputs = inputs_fingerprint(config.config_file_path, Path(config.docs_dir), self.tree_assets)
        scope = self.preview.scope(self.site, self.problems, self._inputs)
        if not scope.everything:
            self.site.reuse_calendar_parts(self.preview.last_plan, {item.key for item in scope.edited})
            pages = sum(len(urls) for urls in scope.pages.values())
            if not scope.edited:  # files saved as they were
                log.info("cluster-news: nothing changed: no page to build again")
            else:
                log.info(f"cluster-news: {', '.join(item.display_path for item in scope.edited)} changed: building "
                         f"{pages} page(s) in {', '.join(sorted(scope.languages()))} again")
        return scope

    def _settings(self, config: MkDocsConfig, i18n: BasePlugin) -> ProjectSettings:
        """What the core needs, from MkDocs' configuration (the `check` command reads the same from mkdocs.yml)."""
        languages = [i18n.default_language] + [lang for lang in i18n.all_languages if lang != i18n.default_language]
        names, descriptions = {}, {}
        for lang in languages:
            language = i18n.get_language_config(lang)
            names[lang] = language.site_name or config.site_name
            descriptions[lang] = language.site_description or config.site_description or ""
        options = SiteOptions(site_url=config.site_url or "", site_names=names, site_descriptions=descriptions,
                              news_per_page=self.config.news_per_page, home_news=self.config.home_news,
                              home_events=self.config.home_events, about_page=self.config.about_page,
                              calendar_uid_domain=self.config.calendar_uid_domain,
                              organization=organization_of(dict(self.config.organization)))
        problems = options.organization.problems(Path(config.docs_dir))
        if problems:
            raise PluginError("cluster-news: mkdocs.yml: " + "; ".join(problems))
        try:
            calendar_uid_domain(options.calendar_uid_domain, options.site_url)
        except ValueError as error:
            raise PluginError(f"cluster-news: mkdocs.yml: {error}") from None
        if not options.calendar_uid_domain:
            log.warning("cluster-news: mkdocs.yml: calendar_uid_domain is not set: events' UIDs follow site_url and "
                        "would change if the site moved (declare it: docs/maintaining.md)")
        extensions = tuple(ext for ext in config.markdown_extensions if not isinstance(ext, LinkExtension))
        return ProjectSettings(
            root=Path(config.config_file_path or ".").resolve().parent, content_dir=Path(config.docs_dir),
            languages=languages, default_language=i18n.default_language,
            default_timezone=self.config.default_timezone, options=options,
            body=BodySettings(extensions, dict(config.mdx_configs), tuple(self.config.embeds)),
        )

    def _load_site(self, config: MkDocsConfig, i18n: BasePlugin) -> None:
        if not config.site_url:
            raise PluginError("cluster-news needs 'site_url' in mkdocs.yml (absolute links, hreflang, feeds)")
        settings = self._settings(config, i18n)
        # The preview validates everything after each save: only changed files are read and rendered again.
        remembered = self.remembered.for_settings(Path(config.config_file_path).read_bytes()) \
            if self.serving and config.config_file_path else None
        try:
            cache = cache_folder(settings.root)
        except CommittedCache as committed:
            raise PluginError(f"cluster-news: {committed}") from None
        tree, site = load_site(settings, dates.today(), include_drafts=self.serving and self.config.serve_drafts,
                               history=ContentHistory.from_git(settings.content_dir), remembered=remembered,
                               cache=cache)
        for problem in tree.problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        self.problems = tree.problems
        self.failed = bool(tree.errors)
        if tree.errors or (config.strict and tree.warnings):
            counts = f"{len(tree.errors)} error(s), {len(tree.warnings)} warning(s)"
            if not self.serving:
                raise PluginError(f"cluster-news: the content has {counts} (listed above); nothing was built")
            log.warning(f"cluster-news: the content has {counts}; the preview shows them until they are fixed")
        self.sanitiser = Sanitiser(settings.body.embeds)
        self.tree_assets = list(tree.assets)
        if self.failed:
            self.urls = self.site.urls if self.site else UrlScheme(config.site_url, i18n.default_language)
            return
        self.site = site
        self.urls = site.urls
        self.pictures = PictureMaker(settings.content_dir, cache / "pictures")
        for asset in tree.assets:
            if is_picture(asset):
                self.pictures.sizes(asset)
        # Resizing is most of a first build's time when there are pictures (about a second each): on every
        # CPU, except the largest pictures, made one at a time so that the build's memory stays bounded.
        missing = self.pictures.missing()
        for src in missing:
            if self.pictures.large(src):
                self.pictures.path(src)
        in_processes(self.pictures.path, [src for src in missing if not self.pictures.large(src)],
                     self.config.jobs or cpus())
        self.sources, self.display_root = frozenset(item.content_path for item in tree.items), settings.display_root
        self.renderer = PageRenderer(site, self.pictures, contact=self.config.contact_email,
                                     imprint=self.config.imprint)
        self.links = LinkExtension(tree.links)
        self.renderings = tree.renderings
        self.admin = self._admin_files(settings.root, settings.options.site_names[i18n.default_language], i18n,
                                       reference_choices(tree.items))

    def _admin_files(self, project_dir: Path, title: str, i18n: BasePlugin,
                     references: dict[str, list[dict]]) -> dict[str, bytes]:
        """The web editor for /admin/, if the project has one (admin/config.yml); fixture sites don't."""
        if not (project_dir / "admin" / "config.yml").is_file():
            return {}
        languages = {lang: autonym(lang) for lang in i18n.all_languages}
        repository = self.config.cms_repository or "OWNER/REPOSITORY"
        handbook = f"https://github.com/{repository}/blob/{self.config.cms_branch}/docs/web-editor.md"
        try:
            return admin_files(project_dir / "admin", AdminSite(title, languages, handbook, references))
        except AdminBundleMissing as error:
            raise PluginError(f"cluster-news: the web editor cannot be built: {error}") from None

    # Before static-i18n's on_files (-100), which looks at every file of every language in every pass.
    @event_priority(-90)
    def _only_this_language(self, files: Files, config: MkDocsConfig) -> Files:
        """The files this language's pass writes: its own, and (with the default language only) the files
        shared by every language, which the other passes would write again at the same place, byte for byte."""
        if self.builds is not None and not self.builds.started:
            # The default language's pass, after MkDocs emptied the site folder (after on_pre_build), before
            # it writes anything: the workers start on the other languages now.
            self._emptied_site = config.site_dir
            self.builds.start(config)
        docs_dir = os.path.join(os.path.normpath(config.docs_dir), "")
        default = self.lang == self.urls.default_language
        others = tuple(f"{lang}/" for lang in config.plugins["i18n"].all_languages if lang != self.lang)
        mine = f"{self.lang}/"
        everything = self.scope.everything

        def written_here(file: File) -> bool:
            if not (file.abs_src_path or "").startswith(docs_dir):  # the theme's files, at the site root
                return default and everything
            # After an edit, MkDocs listed only the files this pass builds again (`_files_built_here`).
            return not file.src_uri.startswith(others) and (default or file.src_uri.startswith(mine))
        return Files([file for file in files if written_here(file)])

    def _navigation_urls(self) -> list[str]:
        """The pages in the navigation (Material renders it into every page): home, sections, search."""
        return [self.urls.root(self.lang)] + [self.urls.section(section, self.lang) for section in SECTIONS] + [
            self.urls.search(self.lang)]

    # After static-i18n's on_files (-100), which replaces the file list with this language's files:
    # pages generated earlier would be dropped.
    @event_priority(-110)
    def _add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        if self.failed:
            return self._problem_files(files, config)
        drafts = {item.content_path for item in self.site.drafts}
        for file in list(files):
            if not file.is_documentation_page():
                continue
            source = file.src_uri  # content/ holds no symbolic links (validation refuses them)
            page = self.site.page_of_source(source)
            if page is not None and page.lang == self.lang:
                self.plans[file.src_uri] = page
            elif source in drafts:
                files.remove(file)
            elif source not in self.sources:
                self._arrived_during_the_build(file, files)
            else:  # validation plans every Markdown file: reaching this is a bug, never a silent bypass
                raise PluginError(f"cluster-news: {source} belongs to no page of the site; nothing was built")
        navigation = set(self._navigation_urls())
        for page in self.site.pages(self.lang):
            if page.generated and (page.url in navigation or self.scope.includes(self.lang, page.url)):
                file = File.generated(config, page.url + "index.md", content="")
                files.append(file)
                self.plans[file.src_uri] = page
        if not self.scope.everything:  # the rest is written by _write_edited_files
            return files
        if self.lang == self.site.default_language:  # files at the site root, shared by every language
            for asset in (STYLESHEET, SCRIPT, SEARCH_SCRIPT, NOT_FOUND_SCRIPT):
                files.append(File.generated(config, asset, content=minified(_ASSETS / Path(asset).name)))
            files.append(File.generated(config, emblem.FILE, content=emblem.emblem_svg()))
            self._add_pictures(files, config)
            for path, content in self.admin.items():  # one /admin/ for every language
                files.append(File.generated(config, f"admin/{path}", content=content))
        generated = {
            **self.site.calendar_files(self.lang, self._calendar_name(self.lang)),
            self.site.urls.news_feed(self.lang): self.site.news_feed(self.lang),
            **self.site.sitemaps(self.lang),
        }
        for url, content in generated.items():
            theirs = files.get_file_from_path(url)  # static-i18n ships a sitemap.xml as a theme file
            if theirs is not None:
                files.remove(theirs)
            files.append(File.generated(config, url, content=content))
        return files

    def _arrived_during_the_build(self, file: File, files: Files) -> None:
        """A Markdown file MkDocs lists that was not there when the content was read: saved since (each
        language's pass lists the files when it starts, seconds after the content was read). The preview
        builds again once this build is done (its watcher saw the file come), with the file validated; a
        build for publishing stops rather than publish what it has not validated."""
        shown = f"{self.display_root}/{file.src_uri}"
        if not self.serving:
            raise PluginError(f"cluster-news: {shown} appeared while the site was being built: build again")
        files.remove(file)
        log.info(f"cluster-news: {shown} was saved during this build: the next build shows it")

    def _write_edited_files(self, site_dir: Path) -> None:
        """The preview after an edit of words or dates: the news feeds and the calendars that may show them,
        in every language, and after an edit of dates the sitemaps that list the items (which list addresses
        and dates only): the whole site's, at the root, and their languages' — every language's after an event's,
        since the months with events are listed in every language. Calendars carry events' words and the names
        of projects and clusters (each has its own calendar of its events)."""
        sections = {item.section for item in self.scope.edited}
        redated = self.scope.redated
        for lang in self.site.languages:
            written = {self.urls.news_feed(lang): self.site.news_feed(lang)} if "news" in sections else {}
            if sections & {"events", "projects", "clusters"}:
                written.update(self.site.calendar_files(lang, self._calendar_name(lang)))
            if redated and (lang in redated or lang == self.site.default_language or "events" in sections):
                written.update(self.site.sitemaps(lang))
            for url, content in written.items():
                utils.write_file(content, str(site_dir / url))

    def _calendar_name(self, lang: str) -> str:
        return f"{self.site.site_name(lang)} – {translate(lang, 'events')}"

    def _add_pictures(self, files: Files, config: MkDocsConfig) -> None:
        """Pictures are published as the picture maker made them (without metadata) instead of as
        written, with their resized copies."""
        for url in self.pictures.urls():
            if not url.startswith(PICTURES_FOLDER + "/"):
                theirs = files.get_file_from_path(url)
                if theirs is not None:
                    files.remove(theirs)
            files.append(File.generated(config, url, abs_src_path=str(self.pictures.path(url))))

    def _problem_files(self, files: Files, config: MkDocsConfig) -> Files:
        """`mkdocs serve` with errors: the language's home and the pages of the files with problems show
        the problems (other addresses get the 404 page, which shows them too). Nothing under content/ is
        served: among the errors may be files the site refuses to publish (an `.html` or `.svg` page that
        would run its scripts at the preview's address, where a reviewer opens it)."""
        docs_dir = os.path.join(os.path.normpath(config.docs_dir), "")
        for file in list(files):
            if file.is_documentation_page() or (file.abs_src_path or "").startswith(docs_dir):
                files.remove(file)
        urls = {self.urls.root(self.lang)}
        broken = {problem.path for problem in self.problems}
        for page in self.site.pages(self.lang) if self.site else []:
            if page.item is not None and page.item.display_path in broken:
                urls.add(page.url)
        for url in sorted(urls):
            file = File.generated(config, url + "index.md", content="")
            files.append(file)
            self.plans[file.src_uri] = PagePlan(url, self.lang, PROBLEMS, translate(self.lang, "preview_errors_title"))
        if self.lang == self.urls.default_language:
            for asset in (STYLESHEET, SCRIPT, PREVIEW_SCRIPT):
                files.append(File.generated(config, asset, content=minified(_ASSETS / Path(asset).name)))
        if PREVIEW_SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(PREVIEW_SCRIPT)
        return files

    # After static-i18n's on_nav (-100): a small navigation of sections, never every article, because
    # Material renders the whole navigation into every page.
    @event_priority(-110)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        by_url = {page.url: page for page in nav.pages}
        items = [by_url[url] for url in self._navigation_urls() if url in by_url]
        for page in nav.pages:
            page.parent = None
            page.previous_page = page.next_page = None
        for previous, following in zip(items, items[1:], strict=False):
            previous.next_page, following.previous_page = following, previous
        small = Navigation(items, items)
        small.homepage = items[0] if items else None
        if not self.scope.everything:
            self._keep_navigation_pages(items, files)
        return small

    def _keep_navigation_pages(self, items: list[Page], files: Files) -> None:
        """The preview after an edit: navigation pages that did not change keep their files; MkDocs only
        needs their titles, which are set here as `on_page_markdown` would have set them."""
        for page in items:
            plan = self.plans.get(page.file.src_uri)
            if plan is not None and not self.scope.includes(self.lang, plan.url):
                files.remove(page.file)
                page.markdown = ""
                page.meta = {"title": self._title(plan)}

    on_config = CombinedEvent(_address_is_free, _configure)
    on_files = CombinedEvent(_only_this_language, _add_pages)

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        """The body we validated, without front matter: MkDocs neither re-reads the file nor re-parses
        its YAML (with PyYAML's date rules, which differ from ours)."""
        plan = self.plans.get(page.file.src_uri)
        if plan is None or plan.item is None:
            return "" if plan is not None else None
        return plan.item.body

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        plan = self.plans.get(page.file.src_uri)
        if plan is None:
            return markdown
        if self.links is not None:
            self.links.item = plan.item  # the next render is this page's: resolve its links
        page.meta["title"] = self._title(plan)
        rendering = self.renderings.get(plan.item.content_path) if plan.item else None
        if rendering is not None and markdown == _as_read_by_mkdocs(plan.item.body):
            # Validation rendered this body with the same Markdown and no plugin changed it since: publish
            # that rendering rather than render the body again (see on_page_content).
            self._rendered[page.file.src_uri] = rendering
            markdown = ""
        if not markdown:  # the body was rendered, or the page is generated: nothing for Markdown to convert
            page.render = _nothing_to_render(page)
        summary = plan.item.summary if plan.item else None
        if summary:
            page.meta["description"] = html.escape(summary)
        if plan.kind.lists_entries:  # their headings are list headings: the cards get the room
            page.meta["hide"] = ["toc"]
        return markdown

    @staticmethod
    def _title(plan: PagePlan) -> str:
        """The title MkDocs prints (in <title> and the navigation). Its templates do not autoescape:
        what they print from meta must be escaped here. The home page is "Home" in the navigation; its
        own heading keeps the editor's title."""
        return html.escape(translate(plan.lang, "home") if plan.kind == HOME else plan.title)

    def on_page_content(self, html_content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        plan = self.plans.get(page.file.src_uri)
        if plan is None:
            return html_content
        if plan.kind == PROBLEMS:
            return PageRenderer.problems(plan, self.problems)
        body = ""
        rendering = self._rendered.pop(page.file.src_uri, None)
        if rendering is not None:
            body = rendering.html
            page.toc = get_toc(rendering.toc_tokens)
        elif plan.item is not None:
            # Validation reports removals first; this only guards the output (of the bodies it rendered).
            body, removed = self.sanitiser.clean(html_content, report=not renders_plainly(plan.item.body))
            for removal in removed:
                log.error(f"{plan.item.display_path}: {removal}")
        if plan.item is not None:
            body = replace_site_urls(self.renderer.body_pictures(plan, body), lambda url: relative_url(url, plan.url))
        _make_safe(page.toc)
        content = self.renderer.content(plan, body)
        if self.serving and plan.item is not None:
            mine = [problem for problem in self.problems if problem.path == plan.item.display_path]
            if mine:
                content = PageRenderer.problems(plan, mine, warnings=True) + content
        return content

    # Last, after static-i18n's (-100): the Content-Security-Policy hashes the page's final scripts.
    @event_priority(-200)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        plan = self.plans.get(page.file.src_uri)
        if self.serving and plan is not None:
            self.page_links[plan.url] = links_of(plan.url, page.content or "")
        if self.search_input is not None and plan is not None:
            self.search_input.add(page.file.dest_uri, plan, page.content or "")
        if plan is not None and plan.kind != PROBLEMS:
            head, end, body = output.partition("</head>")
            head = _MATERIAL_HREFLANG_LINK.sub(r'<link rel=" alternate"\1', head)
            output = head + self.renderer.head(plan) + end + body
        try:
            return self.policy.apply(output, untrusted=page.content or "")
        except ValueError as error:
            raise PluginError(f"cluster-news: {page.file.src_uri}: {error}") from error

    def on_env(self, env, config: MkDocsConfig, files: Files):
        """Before any theme template is loaded: compiled once, kept for every language and process."""
        env.bytecode_cache = COMPILED_TEMPLATES
        env.globals["cn_theme_string"] = theme_string(env, config.theme["language"])
        return env

    def on_template_context(self, context, template_name: str, config: MkDocsConfig):
        if template_name == "404.html":
            # Served at any missing address: every link absolute, no hreflang alternates in <head>,
            # and a language switcher that leads to each language's home.
            config.extra.alternate = []
            if self.failed:  # the preview, while the content has errors: the problems, wherever one goes
                plan = PagePlan(self.urls.not_found(self.lang), self.lang, PROBLEMS,
                                translate(self.lang, "preview_errors_title"))
                context["cluster_news_not_found"] = Markup(PageRenderer.problems(plan, self.problems, poll=True))
            else:
                context["cluster_news_not_found"] = Markup(self.renderer.not_found(self.lang))
                others = [lang for lang in self.site.languages if lang != self.lang]
                context["cluster_news_not_found_script"] = {  # the root's page sends the others' addresses on
                    "src": NOT_FOUND_SCRIPT, "lang": self.lang,
                    "languages": " ".join(others) if self.lang == self.urls.default_language else ""}
            context["cluster_news_not_found_title"] = translate(self.lang, "not_found_title")
            if self.renderer is not None:
                context["cluster_news_switcher"] = self.renderer.not_found_switcher(self.lang)
                context["cluster_news_footer"] = self.renderer.footer(self.lang)
            context["cluster_news_home"] = self.urls.absolute(self.urls.root(self.lang))
            context["cluster_news_search"] = self.urls.absolute(self.urls.search(self.lang))
            context["cluster_news_strings"] = self._strings()
            if context.get("nav") is not None:
                context["cluster_news_sections"] = self._sections(context["nav"], None, None, absolute=True)
        return context

    def _sections(self, nav: Navigation, section: str | None, here: str | None, absolute: bool = False) -> list[dict]:
        """The bar of sections under the header: the navigation but the search page (the header has its box),
        each marked when it is the page (`here`) or the page's section, as the navigation marks them."""
        search = self.urls.search(self.lang)
        return [{"title": item.title, "url": self.urls.absolute(item.url) if absolute else item.url,
                 "current": "page" if item.url == here else "true" if item.url == section else None}
                for item in nav.items if item.url != search]

    def _strings(self) -> dict[str, str]:
        """Our words that the theme partials print, in this pass's language."""
        keys = ("skip_to_content", "search", "search_label", "search_placeholder", "sections", "scheme_to_dark",
                "scheme_to_light")
        return {key: translate(self.lang, key) for key in keys}

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """Pages rendered from the theme alone (the 404 page) carry the policy too. Every language's pass
        renders the theme's 404.html for the site root: the other languages' go to `<lang>/404.html`
        instead (nothing is left for MkDocs to write), and the root keeps the default language's."""
        if not template_name.endswith(".html"):
            return output_content
        try:
            output = self.policy.apply(output_content)
        except ValueError as error:
            raise PluginError(f"cluster-news: {template_name}: {error}") from error
        if template_name == "404.html" and self.lang != self.urls.default_language:
            utils.write_file(output.encode("utf-8"), str(Path(config.site_dir) / self.urls.not_found(self.lang)))
            return ""
        return output

    def on_serve(self, server, config: MkDocsConfig, builder):
        """The preview's live-reload script is added to each page as it is served: allow it there (the web
        editor's page goes without: see preview.py). And MkDocs
        starts watching the files only once the first build is done (a minute at 1,000 items per language):
        a file saved while that build ran would show only after the next save. It is built again at once."""
        server.set_app(preview.allowing_live_reload(server.get_app(), server.mount_path + "admin/"))
        watched = [config.docs_dir, *([config.config_file_path] if config.config_file_path else [])]
        if self._first_read is not None and preview.changed_since(self._first_read, watched):
            log.info("cluster-news: files were saved during the first build: building again")
            with server._rebuild_cond:  # what MkDocs' own watcher sets (MkDocs 1.6 has no public call for it)
                server._want_rebuild = True
        return server

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """The preview after an edit of words or dates: MkDocs would empty the site folder next; it keeps the
        pages this build does not write again. And MkDocs would list every file under content/ next, in each
        language's pass (0.1 s at 1,000 items per language): it is given the few this pass builds instead."""
        if self.scope.everything or self.builds is None:
            return
        if not self.builds.nested:
            self._clean_directory, utils.clean_directory = utils.clean_directory, lambda directory: None
        files = self._files_built_here(config)
        self._get_files = mkdocs_build.get_files

        def listed(config: MkDocsConfig) -> Files:
            self._restore_get_files()
            return files
        mkdocs_build.get_files = listed

    def _files_built_here(self, config: MkDocsConfig) -> Files:
        """What this language's pass builds in the preview after an edit: the Markdown files of its pages
        that are built again or in the navigation (Material renders the navigation's titles and links)."""
        urls = self.scope.pages.get(self.lang, set()) | set(self._navigation_urls())
        pages = [self.site.page_at(url) for url in urls]
        sources = sorted(page.item.content_path for page in pages if page is not None and page.item is not None)
        return Files([File(source, config.docs_dir, config.site_dir, config.use_directory_urls) for source in sources])

    # After static-i18n's on_post_build (-100), which builds nothing: see on_config.
    @event_priority(-200)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """After the default language's pass: the other languages, then the search index of the whole site."""
        builds = self.builds
        if builds is None or builds.nested:
            return
        try:
            reports = builds.finish(config)
        finally:
            config.plugins["i18n"].building = False
            self._restore_clean_directory()
        self.builds = None
        for links, searchable in reports:
            self.page_links.update(links)
            if self.search_input is not None:
                self.search_input.pages.update(searchable)
        if not self.scope.everything:
            self._write_edited_files(Path(config.site_dir))
        search_input, self.search_input = self.search_input, None
        if search_input is not None:
            search_input.index(Path(config.site_dir), cpus())
        if self.serving and not self.failed:
            self.preview.record_links(self._take_links())
            self.preview.built(self.site, self.problems, self._inputs, self.scope)
            if self.scope.everything:
                set_aside_for_the_next_builds()

    def on_build_error(self, *, error: Exception) -> None:
        """The site's build failed (in any language): stop the other languages' builds, and leave no half
        site behind (`mkdocs build` only: the preview keeps serving what it had)."""
        builds = self.builds
        if builds is not None and builds.nested:
            return  # one language's build, inside the site's: the site's build fails next
        self.builds = None
        if builds is not None:
            builds.stop()
            builds.i18n.building = False
        self._restore_clean_directory()
        self.search_input = None
        self.preview.forget()
        if self._emptied_site is not None and not self.serving:
            utils.clean_directory(self._emptied_site)
            log.error("cluster-news: the build failed (see above); the site folder was emptied, not left half written")
        self._emptied_site = None

    def _restore_clean_directory(self) -> None:
        if self._clean_directory is not None:
            utils.clean_directory, self._clean_directory = self._clean_directory, None
        self._restore_get_files()

    def _restore_get_files(self) -> None:
        if self._get_files is not None:
            mkdocs_build.get_files, self._get_files = self._get_files, None

    def _report(self) -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, str]]]:
        """What a language worker sends back: the links of its pages (preview), its searchable pages."""
        return self._take_links(), self.search_input.take() if self.search_input is not None else {}

    def _take_links(self) -> dict[str, frozenset[str]]:
        links, self.page_links = self.page_links, {}
        return links

    # After static-i18n's on_page_context (50), which resets the language switcher to its own links.
    @event_priority(-50)
    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav: Navigation):
        plan = self.plans.get(page.file.src_uri)
        if plan is None or plan.kind == PROBLEMS:
            return context
        urls = self.site.urls
        # Material prints these as <link rel="alternate" hreflang> in <head>: exactly the translations
        # that exist, and x-default. (static-i18n sets them as an attribute, which templates read first.)
        config.extra.alternate = [
            {"name": autonym(lang), "link": urls.absolute(plan.translations[lang]), "lang": lang}
            for lang in self.site.languages if lang in plan.translations
        ] + [{"name": "x-default", "link": urls.absolute(self.site.x_default(plan)), "lang": "x-default"}]
        context["cluster_news_switcher"] = [
            {"name": autonym(lang), "link": plan.switch_to[lang], "lang": lang,
             "current": "page" if lang == plan.lang else None, "note": self.site.switch_note(plan, lang)}
            for lang in self.site.languages
        ]
        context["cluster_news_section"] = self.site.section_url(plan)
        context["cluster_news_sections"] = self._sections(nav, context["cluster_news_section"], plan.url)
        context["cluster_news_footer"] = self.renderer.footer(plan.lang, plan)
        context["cluster_news_home"] = urls.root(plan.lang)
        # The search page has its own box: a second one, labelled alike, in its header would be confusing.
        context["cluster_news_search"] = urls.search(plan.lang) if plan.kind != SEARCH else None
        context["cluster_news_strings"] = self._strings()
        return context


def _nothing_to_render(page: Page):
    """`page.render` for a page without Markdown to convert: MkDocs' own makes a Markdown converter for
    every page (1–2 ms with the site's extensions, more than a page's template) to convert nothing."""
    def render(config: MkDocsConfig, files: Files) -> None:
        page.content, page.toc, page.present_anchor_ids = "", get_toc([]), set()
    return render


def _as_read_by_mkdocs(body: str) -> str:
    """The Markdown a page's `on_page_markdown` receives for `body` when no plugin changes it: MkDocs's
    reading of metadata strips the blank lines before it (and finds none: the body starts on the line of
    the front matter's end), and static-i18n joins the lines again (translating admonition titles, when
    configured to)."""
    return "\n".join(get_data(body)[0].splitlines())


def _make_safe(toc) -> None:
    """The theme prints the table of contents (from the Markdown's headings) without escaping: keep only
    the headings' text, escaped, and ids that are plain (validation refuses others; this guards output)."""
    for link in toc:
        link.title = safe_heading_text(link.title)
        link.id = safe_heading_id(link.id)
        _make_safe(link.children)


# Material's JavaScript fetches `<href>/sitemap.xml` for every `link[rel=alternate]` in the page, which
# suits alternates that are language roots but 404s for page-level ones. The token list " alternate"
# means the same to search engines and HTML, but no longer matches that exact-value selector.
_MATERIAL_HREFLANG_LINK = re.compile(r'<link rel="alternate"( href="[^"]*" hreflang="[^"]*">)')
