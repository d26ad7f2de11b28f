"""Every dependence of the plugin on what MkDocs, static-i18n, Material or Pagefind do not promise.

A public hook is used wherever one exists; each coupling below is what remains, with the reason there is
no public way. Code that relies on one goes through a function here (or names it), and
tests/test_couplings.py pins each: when an upgrade changes what we rely on, a test fails naming it. The
register they are declared in (`COUPLINGS`) is core/couplings.py's, which holds the couplings of code without
MkDocs too.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import mkdocs
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
)

from ..core import file_status
from ..core.couplings import declare as _declare

# MkDocs

CLEAN_DIRECTORY = _declare(
    "mkdocs-clean-directory", "mkdocs",
    "build() empties the site folder by calling mkdocs.utils.clean_directory(site_dir) after on_pre_build",
    "a nested language build and the preview's partial build must keep the folder; build(dirty=True) would keep "
    "it but also warns (fatal with --strict) and skips pages it thinks unmodified (static-i18n does the same)")
GET_FILES = _declare(
    "mkdocs-get-files", "mkdocs",
    "build() lists the files with the module-level mkdocs.commands.build.get_files(config), once per build",
    "on_files receives the list only after the whole content folder was walked; the preview's partial build "
    "hands MkDocs the few files it rebuilds instead")
THEME_GET_ENV = _declare(
    "mkdocs-theme-get-env", "mkdocs",
    "build() lists the theme's files through config.theme.get_env().loader (a jinja2.FileSystemLoader)",
    "no hook runs between the environment's creation and Files.add_files_from_theme; see theme_files.py")
PAGE_RENDER = _declare(
    "mkdocs-page-render", "mkdocs",
    "build() converts a page's Markdown by calling page.render(config, files), which sets content, toc and "
    "present_anchor_ids",
    "on_page_markdown cannot skip the conversion: an empty page still costs a Markdown converter")
SERVER_REBUILD = _declare(
    "mkdocs-server-rebuild", "mkdocs",
    "LiveReloadServer rebuilds when its _want_rebuild is set and _rebuild_cond notified",
    "MkDocs 1.6 has no public call to ask the preview for a rebuild (its watcher sets these); calling the "
    "`builder` on_serve is given would build before the server listens, refusing connections for a whole "
    "build instead of holding them, and a build that failed there would stop the preview")
SERVER_WATCHER = _declare(
    "mkdocs-server-watcher", "mkdocs",
    "LiveReloadServer.observer is a watchdog polling observer; each of its emitters (observer.emitters) looks at "
    "the files in a thread of its own by calling its queue_events(timeout) until its stopped_event is set: it "
    "waits, takes a DirectorySnapshot of emitter.watch.path (every path under it if watch.is_recursive, each "
    "with its os.stat) and compares it with its last look, emitter._snapshot, then hands an event for each "
    "change to emitter.queue_event; MkDocs rebuilds after any event that is not a folder's",
    "MkDocs 1.6 has no way to pause its watcher, which walks every watched folder every half second, during "
    "builds too, nor to choose how it compares two walks: at 5,000 items per language watchdog's walk and "
    "comparison take 0.3 s of the interpreter's lock, two thirds of it comparing, including the look that "
    "sees a save")
NESTED_BUILD = _declare(
    "mkdocs-nested-build", "mkdocs",
    "mkdocs.commands.build.build(config) may run again, inside on_post_build, with the same config and plugins, "
    "and logs 'Cleaning site directory', 'Building documentation to directory', 'Documentation built in' "
    "and \"Template skipped: '404.html'\" through the logger of its module mkdocs.commands.build",
    "static-i18n builds its languages this way; we run those builds ourselves, in worker processes")
LIVE_RELOAD_SCRIPT = _declare(
    "mkdocs-live-reload-script", "mkdocs",
    "mkdocs serve inserts its live-reload script as one inline <script>…</script> right before the last </body>",
    "the script is not a template block or a file: only the served page shows it; see preview.py")
READ_SOURCE = _declare(
    "mkdocs-read-source", "mkdocs",
    "a page's Markdown, as on_page_markdown receives it, is mkdocs.utils.meta.get_data(source)[0]",
    "no hook says whether another plugin changed a page's Markdown: it is compared with what reading gives")
LOGGER = _declare(
    "mkdocs-logger", "mkdocs",
    "MkDocs attaches its handlers (output, --strict's warning counter) to the logger named as its package "
    "('mkdocs'; 'properdocs' under ProperDocs, whose 'mkdocs' logger passes records on to it)",
    "no hook gives the log's handlers; see logs.py")

# static-i18n

I18N_PASS = _declare(
    "i18n-pass", "mkdocs-static-i18n",
    "the plugin object's current_language (the language of this pass) and building (True inside its own "
    "nested builds: its on_post_build then builds no other language)",
    "static-i18n has no option to let another plugin build the languages (see parallel.py)")
I18N_LANGUAGES = _declare(
    "i18n-languages", "mkdocs-static-i18n",
    "the plugin object's default_language, all_languages, build_languages, get_language_config(lang) (site_name, "
    "site_description) and config.docs_structure, readable once MkDocs has loaded mkdocs.yml",
    "they are the plugin's attributes, not MkDocs configuration")
I18N_ORDER = _declare(
    "i18n-order", "mkdocs-static-i18n",
    "its hooks run at on_config -100, on_files -100, on_nav -100, on_page_markdown 50, on_page_context 50, "
    "on_post_build -100; ours are ordered around them",
    "event priorities are the only way to order plugins")
I18N_FILES_KEPT = _declare(
    "i18n-files-kept", "mkdocs-static-i18n",
    "its on_files keeps the language's documentation files (and through them their pages) in the plugin object's "
    "i18n_files_per_language, by language, for its own sitemap.xml template only (which the plugin replaces)",
    "it keeps them for the whole command: a process that builds several languages would hold every language's "
    "pages to the end (see parallel.py); no option turns that off")
I18N_LINE_JOINING = _declare(
    "i18n-line-joining", "mkdocs-static-i18n",
    "its on_page_markdown gives back the Markdown's lines joined with '\\n' (translating admonition titles "
    "when configured to)",
    "see mkdocs-read-source")

# Material

MATERIAL_ALTERNATES = _declare(
    "material-alternates", "mkdocs-material",
    "Material prints config.extra.alternate as <link rel=\"alternate\" href hreflang> in <head> and reads "
    "`<href>/sitemap.xml` for each such link whose rel is exactly 'alternate'",
    "the links are the theme's; the page's are rewritten after rendering (`hreflang_links_unfetched`)")
MATERIAL_LANGUAGE_MACROS = _declare(
    "material-language-macros", "mkdocs-material",
    "partials/languages/<lang>.html defines t(key), answering '' for a key the language lacks",
    "the interface strings are template macros; see theme_strings.py")
MATERIAL_PARTIALS = _declare(
    "material-partials", "mkdocs-material",
    "the partials adapter/theme/ overrides exist in Material under the same names, and its sitemap.xml is "
    "a static template",
    "overriding a partial is Material's customisation; an upgrade may rename or stop including one")
MATERIAL_SCRIPT_CONFIG = _declare(
    "material-script-config", "mkdocs-material",
    "base.html's block `config` prints <script id=\"__config\"> with base, features, translations, search, "
    "annotate, tags and version; the bundle reads a translation only where it shows it (search.* in its search "
    "box, clipboard.* on code blocks' copy button, select.version in the version selector) and `search` only "
    "to start its search box's worker",
    "adapter/theme/main.html prints a smaller one (no search strings, no worker): the block is the theme's "
    "customisation point, and what the script reads of it is not documented")
MATERIAL_TOC_INTEGRATE = _declare(
    "material-toc-integrate", "mkdocs-material",
    "with the feature `toc.integrate`, base.html prints no sidebar of its own for the table of contents, "
    "partials/nav.html marks the navigation `md-nav--integrated`, and Material's stylesheet shows the table of "
    "contents under the active entry (`.md-nav--integrated > .md-nav__list > .md-nav__item--active "
    ".md-nav--secondary`) and lays out the primary sidebar as the drawer below 76.25em",
    "the table of contents once a page instead of twice (drawer and sidebar): cluster-news.css lays that "
    "sidebar out as the table of contents' column from 60em, against Material's drawer rules")
MATERIAL_ICONS = _declare(
    "material-icons", "mkdocs-material",
    "Material's icons are SVG files at .icons/<set>/<name>.svg in its templates folder, which `theme: icon:` "
    "names (its templates include them from there)",
    "the header's icons are published as one file of symbols (configure.header_icons); Material has no API "
    "for its icons but the templates' includes")

# Pagefind

PAGEFIND_SERVICE = _declare(
    "pagefind-service", "pagefind",
    "`pagefind --service` (the binary of pagefind[bin], pagefind.service.get_executable): base64 JSON messages, "
    "each followed by a comma; NewIndex, AddFile, GetFiles; pagefind-entry.json lists the languages",
    "Pagefind's Python wrapper waits 0.1 s per answer; see search.py")


def mkdocs_logger() -> logging.Logger:
    """The logger MkDocs attaches its handlers to (`LOGGER`)."""
    return logging.getLogger(mkdocs.__name__)


def build_logger() -> logging.Logger:
    """The logger of MkDocs' build messages (`NESTED_BUILD`)."""
    return logging.getLogger(mkdocs_build.__name__)


def keep_site_folder() -> Callable[[], None]:
    """Until the returned function is called, builds leave the site folder as it is (`CLEAN_DIRECTORY`)."""
    clean_directory = utils.clean_directory
    utils.clean_directory = lambda directory: None

    def restore() -> None:
        utils.clean_directory = clean_directory
    return restore


def list_files_once(files: Files) -> Callable[[], None]:
    """The next build lists `files` instead of walking the content folder (`GET_FILES`). Returns what undoes
    it, if that build never lists its files."""
    get_files = mkdocs_build.get_files

    def restore() -> None:
        mkdocs_build.get_files = get_files

    def listed(config: MkDocsConfig) -> Files:
        restore()
        return files
    mkdocs_build.get_files = listed
    return restore


def render_nothing(page: Page) -> None:
    """`page` has no Markdown to convert: MkDocs' own render makes a Markdown converter for every page (1–2 ms
    with the site's extensions, more than a page's template) to convert nothing (`PAGE_RENDER`)."""
    def render(config: MkDocsConfig, files: Files) -> None:
        page.content, page.toc, page.present_anchor_ids = "", get_toc([]), set()
    page.render = render  # type: ignore[method-assign]


def rebuild_soon(server) -> None:
    """The preview builds again once it is serving (`SERVER_REBUILD`)."""
    with server._rebuild_cond:
        server._want_rebuild = True


def watch_between_builds(server, building: Callable[[], bool]) -> None:
    """The preview's watcher (`SERVER_WATCHER`) does not look at the files while `building()`: each emitter
    waits its interval again instead, and its next look is compared with its last, so a file saved meanwhile
    is seen then. And a look compares each path's status (file_status.py) instead of watchdog's snapshots,
    which also pair moved files by inode: MkDocs rebuilds after any file's event, whatever it is, so a file
    moved is told as deleted and created. The first look is compared with watchdog's last. Emitters that
    already look this way are left as they are."""
    for emitter in server.observer.emitters:
        if not getattr(emitter.queue_events, "between_builds", False):
            emitter.queue_events = _look_between_builds(emitter, building)


def _look_between_builds(emitter, building: Callable[[], bool]) -> Callable[[float], None]:
    last: dict[str, file_status.Status] = {}
    look_as_watchdog = emitter.queue_events

    def queue_events(timeout: float) -> None:
        if emitter.stopped_event.wait(timeout) or building():
            return
        if not last:
            snapshot = emitter._snapshot
            last.update({path: file_status.status_of(snapshot.stat_info(path)) for path in snapshot.paths})
        try:
            now = file_status.statuses(emitter.watch.path, emitter.watch.is_recursive)
        except OSError:  # the watched folder itself is gone or unreadable: as watchdog tells it
            look_as_watchdog(0)
            last.clear()
            return
        created, deleted, modified = file_status.differences(last, now)
        for paths, statuses, kinds in ((created, now, (FileCreatedEvent, DirCreatedEvent)),
                                       (deleted, last, (FileDeletedEvent, DirDeletedEvent)),
                                       (modified, now, (FileModifiedEvent, DirModifiedEvent))):
            for path in paths:
                emitter.queue_event(kinds[file_status.is_folder(statuses[path])](path))
        last.clear()
        last.update(now)
    queue_events.between_builds = True  # type: ignore[attr-defined]
    return queue_events


def as_read_by_mkdocs(source: str) -> str:
    """The Markdown a page's `on_page_markdown` receives for `source` when no plugin changes it: MkDocs's
    reading of metadata strips the blank lines before it (`READ_SOURCE`), and static-i18n joins the lines
    again (`I18N_LINE_JOINING`)."""
    return "\n".join(get_data(source)[0].splitlines())


def i18n_plugin(config: MkDocsConfig) -> BasePlugin | None:
    """static-i18n's plugin object, if it builds this site by folder (`I18N_LANGUAGES`)."""
    i18n = config.plugins.get("i18n")
    return i18n if i18n is not None and getattr(i18n.config, "docs_structure", None) == "folder" else None


def default_language(i18n: BasePlugin) -> str:
    """The language built first, at the site's root (`I18N_LANGUAGES`)."""
    return i18n.default_language


def built_languages(i18n: BasePlugin) -> list[str]:
    """The languages mkdocs.yml asks to build (`I18N_LANGUAGES`)."""
    return list(i18n.build_languages)


def site_languages(i18n: BasePlugin) -> list[str]:
    """Every language of the site, the default one first (`I18N_LANGUAGES`)."""
    default = default_language(i18n)
    return [default] + [lang for lang in i18n.all_languages if lang != default]


def declared_languages(i18n: BasePlugin) -> list[str]:
    """Every language of the site, as mkdocs.yml lists them (`I18N_LANGUAGES`)."""
    return list(i18n.all_languages)


def language_site_text(i18n: BasePlugin, lang: str) -> tuple[str | None, str | None]:
    """The site's name and description as `lang` declares them (None: the site's own) (`I18N_LANGUAGES`)."""
    language = i18n.get_language_config(lang)
    return language.site_name, language.site_description


def pass_language(i18n: BasePlugin) -> str:
    """The language this pass builds (`I18N_PASS`)."""
    return i18n.current_language


def start_language_pass(i18n: BasePlugin, lang: str) -> None:
    """The next build is `lang`'s (`I18N_PASS`)."""
    i18n.current_language = lang


def in_language_builds(i18n: BasePlugin) -> bool:
    """Whether this pass is one of the other languages' (`I18N_PASS`): the first pass is the default language's."""
    return i18n.building


def set_language_builds(i18n: BasePlugin, building: bool) -> None:
    """Tell static-i18n whether the other languages' builds are under way, so that its on_post_build does not
    start them: they are ours to build (`I18N_PASS`)."""
    i18n.building = building


def forget_language_files(i18n: BasePlugin) -> None:
    """Let go of the files and pages static-i18n kept of the languages built so far (`I18N_FILES_KEPT`)."""
    i18n.i18n_files_per_language.clear()


HREFLANG_LINK = re.compile(r'<link rel="alternate"( href="[^"]*" hreflang="[^"]*">)')
"""Material's `<link rel="alternate" hreflang>` in a page's <head> (`MATERIAL_ALTERNATES`)."""


def hreflang_links_unfetched(head: str) -> str:
    """Material's JavaScript fetches `<href>/sitemap.xml` for every `link[rel=alternate]` in the page, which
    suits alternates that are language roots but 404s for page-level ones. The token list " alternate" means
    the same to search engines and HTML, but no longer matches that exact-value selector."""
    return HREFLANG_LINK.sub(r'<link rel=" alternate"\1', head)
