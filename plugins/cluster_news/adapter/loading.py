"""The start of a build: every language's content read and checked once, in the default language's pass,
and what the build's pages are made with."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..core import dates
from ..core.admin_site import AdminBundleMissing, AdminSite, admin_files, reference_choices
from ..core.body import LinkExtension, Sanitiser
from ..core.cache import CommittedCache, cache_folder
from ..core.cms import CmsSettings
from ..core.content import ContentTree, Remembered, publishable_assets
from ..core.csp import ContentSecurityPolicy
from ..core.history import ContentHistory
from ..core.i18n import autonym
from ..core.messages import language_from_environment, tr, tr_n
from ..core.pictures import PictureError, PictureMaker, is_picture
from ..core.problems import problem_counts
from ..core.processes import Ahead, cpus, in_threads
from ..core.project import ProjectSettings
from ..core.site import SitePlan, load_site
from ..core.urls import UrlScheme
from ..render.pages import PageRenderer
from . import couplings
from .config import ClusterNewsConfig
from .incremental import EVERYTHING, Scope, inputs_fingerprint
from .logs import said, spools_said
from .parallel import LanguageBuilds, processes_for
from .search import SearchInput
from .settings import project_settings
from .state import BuildState, Content, PreviewRun

log = logging.getLogger("mkdocs.plugins.cluster_news")


def start_build(config: MkDocsConfig, i18n: BasePlugin, options: ClusterNewsConfig, preview: PreviewRun | None,
                content: Content | None) -> tuple[BuildState, Content | None]:
    """The build's state, and the content its pages show: this content if it has no errors, else (in the
    preview) the last content that had none."""
    if preview is not None and preview.first_read is None:
        preview.first_read = time.time_ns()
    if not config.site_url:
        raise PluginError(said(tr("cluster-news needs 'site_url' in mkdocs.yml (absolute links, hreflang, feeds)")))
    try:
        settings = project_settings(config, i18n, options)
    except ValueError as error:
        raise PluginError(f"cluster-news: mkdocs.yml: {'; '.join(said(part) for part in error.args)}") from None
    languages = settings.languages
    if not settings.options.calendar_uid_domain:
        log.warning(said(tr("cluster-news: mkdocs.yml: calendar_uid_domain is not set: events' UIDs follow site_url "
                            "and would change if the site moved (declare it: docs/maintaining.md)"), languages))
    # The preview validates everything after each save: only changed files are read and rendered again.
    remembered = preview.remembered.for_settings(Path(config.config_file_path).read_bytes()) \
        if preview is not None and config.config_file_path else None
    try:
        cache = cache_folder(settings.root)
    except CommittedCache as committed:
        raise PluginError(f"cluster-news: {said(committed.message, languages)}") from None
    # A build reads and checks the content on one core for its first seconds: the pictures are made
    # meanwhile, in a process of their own (not in the preview's rebuilds, whose server and watcher run in
    # threads: `Ahead.start` declines, and they find the pictures made; `jobs: 1` means one process).
    jobs = options.jobs or cpus()
    pictures_ahead = Ahead.start(_make_pictures, settings.content_dir, cache / "pictures", jobs) if jobs > 1 else None
    try:
        with spools_said(languages):
            tree, site = load_site(settings, dates.today(), include_drafts=preview is not None and options.serve_drafts,
                                   history=ContentHistory.from_git(settings.content_dir), remembered=remembered,
                                   cache=cache, previous=preview.last.last_plan if preview is not None else None)
        for problem in tree.problems:
            (log.error if problem.is_error else log.warning)(problem.in_language(language_from_environment(languages)))
        if tree.errors or (config.strict and tree.warnings):
            counts = problem_counts(len(tree.errors), len(tree.warnings))
            if preview is None:
                raise PluginError(said(tr("cluster-news: the content has {counts} (listed above); nothing was built",
                                          counts=counts), languages))
            log.warning(said(tr("cluster-news: the content has {counts}; the preview shows them until they are fixed",
                                counts=counts), languages))
        sanitiser = Sanitiser(settings.body.embeds)
        if not tree.errors:
            content = _content(settings, tree, site, i18n, options, cache, remembered, pictures_ahead)
    finally:
        if pictures_ahead is not None:
            pictures_ahead.stop()  # waited for if the pictures were needed; else nothing is built, or reading failed
    urls = content.site.urls if content is not None else UrlScheme(config.site_url, couplings.default_language(i18n))
    try:
        policy = ContentSecurityPolicy(options.embeds)
    except ValueError as error:
        raise PluginError(f"cluster-news: {error}") from error
    build = BuildState(problems=tree.problems, failed=bool(tree.errors), urls=urls, sanitiser=sanitiser,
                       policy=policy, assets=list(tree.assets))
    if preview is not None:
        build.scope = _scope(config, build, content, preview)
    with spools_said(languages):
        build.search_input = SearchInput(cache) if options.search and build.scope.everything and not build.failed \
            else None
    build.languages = _other_languages(i18n, build, options)
    return build, content


def _make_pictures(content_dir: Path, folder: Path, jobs: int) -> None:
    """The missing copies of every picture the content has, but the largest ones (made one at a time by the
    build), `jobs` at a time: in a process forked at the start of a build (`Ahead`), which makes them while
    the build reads the content on one core. A picture that cannot be planned is the build's to report."""
    maker = PictureMaker(content_dir, folder)
    for src in publishable_assets(content_dir):
        if is_picture(src):
            try:
                maker.sizes(src)
            except PictureError:
                continue
    in_threads(maker.path, [src for src in maker.missing() if not maker.large(src)], jobs)


def _other_languages(i18n: BasePlugin, build: BuildState, options: ClusterNewsConfig) -> LanguageBuilds:
    """The builds of the languages after this pass's (in the preview after an edit, of those with pages to
    build again). static-i18n builds the other languages in its on_post_build unless it believes it is
    inside one of those builds: they are ours to build (see parallel.py)."""
    lang, scope = couplings.pass_language(i18n), build.scope
    others = [other for other in couplings.built_languages(i18n)
              if other != lang and (scope.everything or other in scope.languages())]
    jobs = options.jobs or processes_for(len(others) + 1, cpus())
    if not scope.everything:  # a few pages: not worth a process
        jobs = 1
    couplings.set_language_builds(i18n, True)
    return LanguageBuilds(i18n, others, jobs, report=build.report)


def _content(settings: ProjectSettings, tree: ContentTree, site: SitePlan, i18n: BasePlugin,
             options: ClusterNewsConfig, cache: Path, remembered: Remembered | None,
             pictures_ahead: Ahead | None) -> Content:
    pictures = PictureMaker(settings.content_dir, cache / "pictures",
                            remembered.pictures if remembered is not None else None)
    pictures.plan([asset for asset in tree.assets if is_picture(asset)])
    # Resizing is most of a first build's time when there are pictures: on every CPU (Pillow works outside
    # Python's lock), except the largest pictures, made one at a time so that the build's memory stays bounded.
    # (A build's first pass finds most made already, once the process making them ahead is done: `_make_pictures`.)
    if pictures_ahead is not None:
        pictures_ahead.wait()
    missing = pictures.missing()
    for src in missing:
        if pictures.large(src):
            pictures.path(src)
    in_threads(pictures.path, [src for src in missing if not pictures.large(src)], options.jobs or cpus())
    return Content(
        site=site, pictures=pictures, links=LinkExtension(tree.links), renderings=tree.renderings,
        renderer=PageRenderer(site, pictures, contact=options.contact_email, imprint=options.imprint),
        sources=frozenset(item.content_path for item in tree.items), display_root=settings.display_root,
        admin=_admin_files(settings, i18n, options, reference_choices(tree.items)))


def _admin_files(settings: ProjectSettings, i18n: BasePlugin, options: ClusterNewsConfig,
                 references: dict[str, list[dict]]) -> dict[str, bytes]:
    """The web editor for /admin/, if the project has one (admin/config.yml); fixture sites don't."""
    if not (settings.root / "admin" / "config.yml").is_file():
        return {}
    languages = {lang: autonym(lang) for lang in couplings.declared_languages(i18n)}
    repository = options.cms_repository or "OWNER/REPOSITORY"
    handbook = f"https://github.com/{repository}/blob/{options.cms_branch}/docs/web-editor.md"
    cms = CmsSettings(languages=list(languages), default_language=settings.default_language, repository=repository,
                      branch=options.cms_branch, auth_url=options.cms_auth_url)
    try:
        return admin_files(settings.root / "admin",
                           AdminSite(settings.options.site_names, languages, handbook, cms, references))
    except AdminBundleMissing as error:
        raise PluginError(f"cluster-news: the web editor cannot be built: {error}") from None


def _scope(config: MkDocsConfig, build: BuildState, content: Content | None, preview: PreviewRun) -> Scope:
    """In the preview: what this build must write, given what the last one wrote."""
    if build.failed:
        preview.last.forget()
        return EVERYTHING
    build.inputs = inputs_fingerprint(config.config_file_path, Path(config.docs_dir), build.assets)
    scope = preview.last.scope(content.site, build.problems, build.inputs)
    if not scope.everything:
        content.site.reuse_calendar_parts(preview.last.last_plan, {item.key for item in scope.edited})
        pages = sum(len(urls) for urls in scope.pages.values())
        if not scope.edited:  # files saved as they were
            log.info(said(tr("cluster-news: nothing changed: no page to build again")))
        else:
            log.info(said(tr_n("cluster-news: {files} changed: building {count} page in {languages} again",
                               "cluster-news: {files} changed: building {count} pages in {languages} again", pages,
                               files=", ".join(item.display_path for item in scope.edited),
                               languages=", ".join(sorted(scope.languages())))))
    return scope
