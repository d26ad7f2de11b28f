"""MkDocs hooks of the `cluster-news` plugin. Only hooks live here; the work is done by the core and by the
adapter's modules, and what the plugin keeps is grouped by how long it lives (state.py).

How static-i18n runs us: it builds the default language, then re-runs the whole build for each other
language with the same plugin object. So content is read and validated once, in the first pass
(loading.py); each pass's state is made in `on_config`; our pages are added after its `on_files`. The
other languages are built by `LanguageBuilds` (parallel.py), side by side in worker processes, instead of
one after another inside static-i18n's `on_post_build`. What we rely on beyond MkDocs' public hooks is
listed, and pinned by tests, in couplings.py.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core.couplings import globals_fixed_when_loaded, templates_kept
from ..core.messages import tr
from ..core.page_kinds import PROBLEMS
from ..core.processes import cpus, give_back_unreachable_memory
from ..render.compiled_templates import COMPILED_TEMPLATES
from . import couplings, pages, preview
from . import files as pass_files
from .config import ClusterNewsConfig
from .configure import add_to_config
from .incremental import set_aside_for_the_next_builds
from .loading import start_build
from .logs import make_logs_safe, said
from .state import BuildState, Content, PassState, PreviewRun
from .theme_strings import theme_string

log = logging.getLogger("mkdocs.plugins.cluster_news")

class ClusterNewsPlugin(BasePlugin[ClusterNewsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.preview: PreviewRun | None = None
        """`mkdocs serve` only."""
        self.content: Content | None = None
        self.build: BuildState | None = None
        self.here: PassState | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = PreviewRun() if command == "serve" else None
        make_logs_safe()  # before anything names a file: the build's log is the CI's

    # Before anything else: a preview that cannot be served is not built.
    @event_priority(100)
    def _address_is_free(self, config: MkDocsConfig) -> MkDocsConfig:
        """`mkdocs serve` builds the whole site before it listens: at a busy address, it would build, then
        fail with a traceback (or, on some systems, serve beside the other server, which browsers reach).
        Said in one line instead, with the command for a free address, before the first build."""
        if self.preview is not None and self.preview.first_read is None:
            host, port = config.dev_addr
            reason = preview.unavailable(host, port)
            if reason is not None:
                raise Abort(said(preview.busy_address_message(host, port, reason)))
        return config

    # After static-i18n's on_config (-100), which decides the language of this pass.
    @event_priority(-110)
    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        i18n = couplings.i18n_plugin(config)
        if i18n is None:
            raise PluginError(said(tr("cluster-news needs the 'i18n' plugin (mkdocs-static-i18n) with docs_structure: "
                                      "folder")))
        if not couplings.in_language_builds(i18n):  # the first pass: every language's content, read once
            self.build = None  # until this build's state is made, a failure is no build's (on_build_error)
            self._building(True)
            self.build, self.content = start_build(config, i18n, self.config, self.preview, self.content)
        self.here = PassState(couplings.pass_language(i18n), self.build, self.content, self.config,
                              serving=self.preview is not None)
        add_to_config(config, self.content.links if self.content is not None else None)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """The preview after an edit of words or dates: MkDocs would empty the site folder next; it keeps the
        pages this build does not write again. And MkDocs would list every file under content/ next, in each
        language's pass (0.1 s at 1,000 items per language): it is given the few this pass builds instead."""
        build = self.build
        if build.scope.everything or build.languages is None:
            return
        if not build.nested:
            build.undo.append(couplings.keep_site_folder())
        build.undo.append(couplings.list_files_once(pass_files.files_built_here(self.here, config)))

    # Before static-i18n's on_files (-100), which looks at every file of every language in every pass.
    @event_priority(-90)
    def _only_this_language(self, files: Files, config: MkDocsConfig) -> Files:
        build = self.build
        if build.languages is not None and not build.languages.started:
            # The default language's pass, after MkDocs emptied the site folder (after on_pre_build), before
            # it writes anything: the workers start on the other languages now.
            build.emptied_site = config.site_dir
            build.languages.start(config)
        languages = couplings.declared_languages(couplings.i18n_plugin(config))
        return pass_files.written_here(self.here, files, config, languages)

    # After static-i18n's on_files (-100), which replaces the file list with this language's files:
    # pages generated earlier would be dropped.
    @event_priority(-110)
    def _add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        if self.build.failed:
            return pass_files.problem_files(self.here, files, config)
        return pass_files.add_pages(self.here, files, config)

    on_config = CombinedEvent(_address_is_free, _configure)
    on_files = CombinedEvent(_only_this_language, _add_pages)

    # After static-i18n's on_nav (-100), which makes the navigation of every page.
    @event_priority(-110)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        return pass_files.small_navigation(self.here, nav, files)

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        """The body we validated, without front matter: MkDocs neither re-reads the file nor re-parses
        its YAML (with PyYAML's date rules, which differ from ours)."""
        plan = self.here.plans.get(page.file.src_uri)
        if plan is None or plan.item is None:
            return "" if plan is not None else None
        return plan.item.body

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        plan = self.here.plans.get(page.file.src_uri)
        if plan is None:
            return markdown
        markdown = pages.markdown(self.here, plan, markdown, page)
        if plan.kind.lists_entries:  # their headings are list headings: the cards get the room
            page.meta["hide"] = ["toc"]
        return markdown

    def on_page_content(self, html_content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        plan = self.here.plans.get(page.file.src_uri)
        return html_content if plan is None else pages.content(self.here, plan, html_content, page)

    def on_env(self, env, config: MkDocsConfig, files: Files):
        """Before any theme template is loaded: compiled once, kept for every language and process; their
        globals a dict (a page of Material's makes some twenty contexts, each copying them); the templates
        loaded kept in a dict, not a least-recently-used cache (each page includes dozens)."""
        env.bytecode_cache = COMPILED_TEMPLATES
        env.globals["cn_theme_string"] = theme_string(env, config.theme["language"])
        globals_fixed_when_loaded(env)
        templates_kept(env)
        return env

    def on_template_context(self, context, template_name: str, config: MkDocsConfig):
        if template_name == "404.html":
            return pages.not_found_context(self.here, context, config.extra)
        return context

    # After static-i18n's on_page_context (50), which resets the language switcher to its own links.
    @event_priority(-50)
    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav: Navigation):
        plan = self.here.plans.get(page.file.src_uri)
        if plan is None or plan.kind == PROBLEMS:
            return context
        page.content = pages.made(self.here, plan, page)
        return pages.page_context(self.here, plan, context, nav, config.extra)

    # Last, after static-i18n's (-100): the Content-Security-Policy hashes the page's final scripts.
    @event_priority(-200)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return pages.written(self.here, self.here.plans.get(page.file.src_uri), output, page)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return pages.theme_page(self.here, output_content, template_name, config.site_dir)

    # After static-i18n's on_post_build (-100), which builds nothing: see on_config.
    @event_priority(-200)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """After the default language's pass: the other languages, then the search index of the whole site."""
        if self.content is not None:
            self.content.renderer.forget_fragments()  # this language's: the next pass shows its own
        build = self.build
        if build is None or build.languages is None or build.nested:
            return
        builds = build.languages
        try:
            reports = builds.finish(config)
        finally:
            couplings.set_language_builds(builds.i18n, False)
            build.restore_mkdocs()
        build.languages = None
        for links, searchable in reports:
            build.page_links.update(links)
            if build.search_input is not None:
                build.search_input.pages.update(searchable)
        if not build.scope.everything:
            pass_files.write_edited_files(self.here, Path(config.site_dir))
        search_input, build.search_input = build.search_input, None
        if self.preview is None:
            self._let_go_of_the_content(config)
        if search_input is not None:
            search_input.index(Path(config.site_dir), cpus())
        if self.preview is not None and not build.failed:
            self.preview.last.record_links(build.take_links())
            self.preview.last.built(self.content.site, build.problems, build.inputs, build.scope)
            if build.scope.everything:
                set_aside_for_the_next_builds()
        self._building(False)

    def _building(self, building: bool) -> None:
        """The preview's watcher waits while a build runs (`couplings.watch_between_builds`): walking the
        content folder every half second (0.1 s of CPU a walk at 5,000 items per language) would take the
        interpreter from the build. A file saved meanwhile is seen at its next look, which starts the next
        build. The garbage collector's full passes wait too (`FullCollections`)."""
        if self.preview is None:
            return
        self.preview.building = building
        if building:
            self.preview.collections.hold()
        else:
            self.preview.collections.resume()
        if building and self.preview.server is not None:
            couplings.watch_between_builds(self.preview.server, lambda preview=self.preview: preview.building)

    def _let_go_of_the_content(self, config: MkDocsConfig) -> None:
        """`mkdocs build`, every page written: the search index is made from the pages spooled (search.py), so
        the content (every item, body and rendering, the site's plan) is let go of before Pagefind starts: at
        5,000 items per language, this process and two Pagefinds beside it set the build's peak memory. (The
        preview keeps it for the next build.)"""
        if self.content is not None and self.content.links in config.markdown_extensions:
            config.markdown_extensions.remove(self.content.links)  # it reaches every item
        self.content = self.here = None
        give_back_unreachable_memory()

    def on_build_error(self, *, error: Exception) -> None:
        """The site's build failed (in any language): stop the other languages' builds, and leave no half
        site behind (`mkdocs build` only: the preview keeps serving what it had)."""
        self._building(False)
        build = self.build
        if build is None:
            if self.preview is not None:
                self.preview.last.forget()
            return
        if build.nested:
            return  # one language's build, inside the site's: the site's build fails next
        builds, build.languages = build.languages, None
        if builds is not None:
            builds.stop()
            couplings.set_language_builds(builds.i18n, False)
        build.restore_mkdocs()
        build.search_input = None
        if self.preview is not None:
            self.preview.last.forget()
        if build.emptied_site is not None and self.preview is None:
            utils.clean_directory(build.emptied_site)
            log.error(said(tr("cluster-news: the build failed (see above); the site folder was emptied, not left half "
                              "written")))
        build.emptied_site = None

    def on_serve(self, server, config: MkDocsConfig, builder):
        """The preview's live-reload script is added to each page as it is served: allow it there (the web
        editor's page goes without: see preview.py). And MkDocs starts watching the files only once the first
        build is done (a minute at 1,000 items per language): a file saved while that build ran would show
        only after the next save. It is built again at once. The server is kept: its watcher waits while later
        builds run (`_building`), and looks at the files more cheaply from the start."""
        server.set_app(preview.allowing_live_reload(server.get_app(), server.mount_path + "admin/"))
        self.preview.server = server
        couplings.watch_between_builds(server, lambda preview=self.preview: preview.building)
        watched = [config.docs_dir, *([config.config_file_path] if config.config_file_path else [])]
        if self.preview.first_read is not None and preview.changed_since(self.preview.first_read, watched):
            log.info(said(tr("cluster-news: files were saved during the first build: building again")))
            couplings.rebuild_soon(server)
        return server

