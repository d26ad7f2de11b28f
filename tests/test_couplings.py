"""Every coupling of adapter/couplings.py, pinned: what the plugin relies on in MkDocs, static-i18n, Material
and Pagefind beyond their public hooks still holds. When an upgrade changes one, its test fails naming it.

The MkDocs and static-i18n pins build tiny sites (MkDocs' own theme, a page or two) with a probe plugin
added to the loaded configuration, so they show what a build really does."""

from __future__ import annotations

import argparse
import gc
import gettext
import inspect
import logging
import re
import threading
import time
import weakref
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import jinja2
import pytest
import yaml
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme
from mkdocs.utils.meta import get_data
from mkdocs_static_i18n.plugin import I18n
from pagefind.service import get_executable
from watchdog.utils.dirsnapshot import DirectorySnapshot

from cluster_news.adapter import couplings, search
from cluster_news.adapter.configure import HEADER_ICONS, THEME_DIR
from cluster_news.core import couplings as core_couplings
from cluster_news.core import file_status
from cluster_news.core.couplings import COUPLINGS

PINS: dict[str, Callable] = {}


def pins(name: str):
    """The test pins the coupling `name`: a failure inside says which coupling changed."""
    def decorate(test: Callable) -> Callable:
        PINS[name] = test
        test.coupling = name
        return test
    return decorate


@contextmanager
def pinned(name: str):
    coupling = COUPLINGS[name]
    try:
        yield
    except Exception as error:
        raise AssertionError(f"coupling {name!r} ({coupling.package}) no longer holds: {coupling.relies_on}. "
                             "See plugins/cluster_news/adapter/couplings.py "
                             f"and core/couplings.py. ({type(error).__name__}: {error})") from error


class Probe(BasePlugin):
    """A plugin whose hooks are the functions given, by event name (`markdown=f` is `on_page_markdown`)."""

    def __init__(self, **hooks: Callable) -> None:
        for name, hook in hooks.items():
            setattr(self, f"on_{name}", hook)


def tiny_site(root: Path, pages: dict[str, str], **settings) -> object:
    """A site with MkDocs' own theme, loaded by MkDocs."""
    for path, text in pages.items():
        (root / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / path).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(yaml.safe_dump({"site_name": "Pin", "theme": {"name": "mkdocs"}, **settings}))
    return load_config(str(root / "mkdocs.yml"))


def i18n_site(root: Path) -> object:
    return tiny_site(root, {"en/index.md": "# Home\n", "uk/index.md": "# Головна\n"}, plugins=[{"i18n": {
        "docs_structure": "folder", "languages": [
            {"locale": "en", "name": "English", "default": True, "build": True},
            {"locale": "uk", "name": "Українська", "build": True, "site_name": "Пін"}]}}])


def build_with(site, **hooks: Callable) -> None:
    """Build `site` with a probe plugin of `hooks`."""
    site.plugins["probe"] = Probe(**hooks)
    mkdocs_build.build(site)


@pins(couplings.CLEAN_DIRECTORY)
def test_builds_empty_the_site_folder_with_clean_directory(tmp_path):
    config = tiny_site(tmp_path, {"index.md": "# Home\n"})
    stale = Path(config.site_dir) / "stale.txt"
    with pinned(couplings.CLEAN_DIRECTORY):
        for keep in (True, False):
            stale.parent.mkdir(parents=True, exist_ok=True)
            stale.write_text("from an earlier build")
            restore = couplings.keep_site_folder() if keep else (lambda: None)
            try:
                mkdocs_build.build(config)
            finally:
                restore()
            assert stale.exists() == keep
            assert (Path(config.site_dir) / "index.html").is_file()


@pins(couplings.GET_FILES)
def test_builds_list_files_with_get_files(tmp_path):
    config = tiny_site(tmp_path, {"index.md": "# Home\n", "other.md": "# Other\n"})
    original = mkdocs_build.get_files
    with pinned(couplings.GET_FILES):
        couplings.list_files_once(Files([File("index.md", config.docs_dir, config.site_dir, True)]))
        mkdocs_build.build(config)
        assert (Path(config.site_dir) / "index.html").is_file()
        assert not (Path(config.site_dir) / "other").exists()
        assert mkdocs_build.get_files is original
        restore = couplings.list_files_once(Files([]))
        restore()
        assert mkdocs_build.get_files is original


@pins(couplings.THEME_GET_ENV)
def test_builds_list_theme_files_through_the_environments_loader(tmp_path):
    config = tiny_site(tmp_path, {"index.md": "# Home\n"})
    listed = []
    with pinned(couplings.THEME_GET_ENV):
        assert type(Theme(name="material").get_env().loader) is jinja2.FileSystemLoader
        make_environment = config.theme.get_env

        def get_env():
            environment = make_environment()
            list_templates = environment.loader.list_templates
            environment.loader.list_templates = lambda: listed.append(True) or list_templates()
            return environment
        config.theme.get_env = get_env
        mkdocs_build.build(config)
        assert listed, "the theme's files were not listed through the loader of config.theme.get_env()"


@pins(couplings.PAGE_RENDER)
def test_builds_render_pages_with_their_render_method(tmp_path):
    config = tiny_site(tmp_path, {"index.md": "# Home\n\nWords [to](#nowhere).\n"}, strict=True)

    def markdown(markdown, page, config, files):
        couplings.render_nothing(page)
        return markdown
    with pinned(couplings.PAGE_RENDER):
        assert list(inspect.signature(Page.render).parameters) == ["self", "config", "files"]
        build_with(config, page_markdown=markdown)
        written = (Path(config.site_dir) / "index.html").read_text(encoding="utf-8")
        assert "Words" not in written  # the Markdown was never converted, and nothing failed for it


@pins(couplings.SERVER_REBUILD)
def test_the_preview_rebuilds_when_asked_through_its_condition(tmp_path):
    built = threading.Event()
    server = LiveReloadServer(builder=built.set, host="127.0.0.1", port=0, root=str(tmp_path))
    with pinned(couplings.SERVER_REBUILD):
        assert isinstance(server._rebuild_cond, type(threading.Condition()))
        loop = threading.Thread(target=server._build_loop, daemon=True)
        loop.start()
        couplings.rebuild_soon(server)
        with server._rebuild_cond:
            server._rebuild_cond.notify_all()
        assert built.wait(10), "setting _want_rebuild under _rebuild_cond did not rebuild"
        with server._rebuild_cond:
            server._shutdown = True
            server._rebuild_cond.notify_all()
        loop.join(10)
    server.server_close()


@pins(couplings.SERVER_WATCHER)
def test_the_preview_watcher_waits_while_paused_and_then_sees_what_was_saved(tmp_path):
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path), polling_interval=0.05)
    watched = tmp_path / "content"
    (watched / "news").mkdir(parents=True)
    (watched / "news" / "kept.md").write_text("# Kept\n", encoding="utf-8")
    paused = threading.Event()
    paused.set()
    with pinned(couplings.SERVER_WATCHER):
        server.watch(str(watched))
        couplings.watch_between_builds(server, paused.is_set)
        couplings.watch_between_builds(server, paused.is_set)  # once is enough
        assert all(getattr(emitter.queue_events, "between_builds", False) for emitter in server.observer.emitters)
        server.observer.start()
        try:
            time.sleep(0.3)
            (watched / "saved.md").write_text("# Saved\n", encoding="utf-8")
            time.sleep(0.5)
            assert not server._want_rebuild, "the watcher looked at the files while paused"
            paused.clear()
            _wait_for_rebuild(server, "a file saved while the watcher was paused was never seen")
            for change, rebuilds in (
                    (lambda: (watched / "news" / "kept.md").write_text("# Kept, edited\n", encoding="utf-8"), True),
                    (lambda: (watched / "news" / "kept.md").rename(watched / "news" / "moved.md"), True),
                    (lambda: (watched / "saved.md").unlink(), True),
                    (lambda: (watched / "news" / "moved.md").chmod(0o600), True),
                    (lambda: (watched / "empty folder").mkdir(), False)):
                time.sleep(0.2)
                with server._rebuild_cond:
                    server._want_rebuild = False
                change()
                if rebuilds:
                    _wait_for_rebuild(server, "a change of a file was not seen")
                else:
                    time.sleep(0.5)
                    assert not server._want_rebuild, "a new empty folder started a build: MkDocs ignores folders"
        finally:
            server.observer.stop()
            server.observer.join(10)
    server.server_close()


def _wait_for_rebuild(server: LiveReloadServer, failure: str) -> None:
    deadline = time.monotonic() + 10
    while not server._want_rebuild:
        assert time.monotonic() < deadline, failure
        time.sleep(0.05)


@pins(couplings.SERVER_WATCHER)
def test_the_preview_watcher_looks_at_what_watchdogs_snapshot_looks_at(tmp_path):
    """`file_status.statuses` walks as watchdog's DirectorySnapshot does (the watcher's first look is compared
    with watchdog's last): the same paths, through links, with their status."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "page.md").write_text("# Page\n", encoding="utf-8")
    (tmp_path / "top.md").write_text("# Top\n", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pinned(couplings.SERVER_WATCHER):
        for root, recursive in ((tmp_path, True), (tmp_path, False), (tmp_path / "top.md", True)):
            snapshot = DirectorySnapshot(str(root), recursive=recursive)
            expected = {path: file_status.status_of(snapshot.stat_info(path)) for path in snapshot.paths}
            assert file_status.statuses(str(root), recursive) == expected


@pins(couplings.NESTED_BUILD)
def test_a_build_runs_again_inside_its_post_build_and_says_so(tmp_path, caplog):
    config = tiny_site(tmp_path, {"index.md": "# Home\n"})
    nested = []

    def post_build(config):
        if not nested:
            nested.append(True)
            config.site_dir = str(tmp_path / "site" / "again")
            mkdocs_build.build(config)

    def post_template(output, template_name, config):
        return "" if template_name == "404.html" else output
    with pinned(couplings.NESTED_BUILD), caplog.at_level(logging.DEBUG, logger=couplings.build_logger().name):
        build_with(config, post_build=post_build, post_template=post_template)
        assert (tmp_path / "site" / "again" / "index.html").is_file()
        said = [record.getMessage() for record in caplog.records if record.name == couplings.build_logger().name]
        for prefix in ("Cleaning site directory", "Building documentation to directory", "Documentation built in",
                       "Template skipped: '404.html'"):
            assert any(message.startswith(prefix) for message in said), prefix


@pins(couplings.LIVE_RELOAD_SCRIPT)
def test_the_preview_adds_one_script_before_the_last_body_end(tmp_path):
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    with pinned(couplings.LIVE_RELOAD_SCRIPT):
        served = server._inject_js_into_html(b"<html><body><p>x</p></body></html>", 1).decode()
        before, _, after = served.rpartition("</body>")
        assert after == "</html>" and before.startswith("<html><body><p>x</p><script>")
        assert before.endswith("</script>") and before.count("<script>") == 1
    server.server_close()


@pins(couplings.READ_SOURCE)
def test_a_pages_markdown_is_its_source_without_metadata(tmp_path):
    source = "---\ntitle: T\n---\n\n\n# Heading\n\nWords  \nmore\n"
    config = tiny_site(tmp_path, {"index.md": source})
    seen = []

    @event_priority(100)
    def markdown(markdown, page, config, files):
        seen.append(markdown)
        return markdown
    with pinned(couplings.READ_SOURCE):
        build_with(config, page_markdown=markdown)
        assert seen == [get_data(source)[0]]


@pins(couplings.LOGGER)
def test_mkdocs_logs_through_handlers_of_its_logger(tmp_path):
    config = tiny_site(tmp_path, {"index.md": "# Home\n"}, strict=True)
    seen = []
    with pinned(couplings.LOGGER):
        from mkdocs.__main__ import State
        state = State()
        assert state.stream in couplings.mkdocs_logger().handlers
        couplings.mkdocs_logger().removeHandler(state.stream)
        build_with(config, pre_build=lambda config: seen.extend(couplings.mkdocs_logger().handlers))
        assert any(isinstance(handler, utils.CountHandler) for handler in seen)


@pins(couplings.I18N_PASS)
def test_static_i18n_builds_no_language_while_building(tmp_path):
    config = i18n_site(tmp_path)
    i18n = config.plugins["i18n"]
    languages = []

    def configured(config):
        languages.append(couplings.pass_language(i18n))
        couplings.set_language_builds(i18n, True)
        return config
    with pinned(couplings.I18N_PASS):
        assert not couplings.in_language_builds(i18n)
        build_with(config, config=event_priority(-110)(configured))
        assert languages == ["en"] and not (Path(config.site_dir) / "uk").exists()
        couplings.start_language_pass(i18n, "uk")
        mkdocs_build.build(config)
        assert languages == ["en", "uk"]
        assert "Головна" in (Path(config.site_dir) / "uk" / "index.html").read_text(encoding="utf-8")


@pins(couplings.I18N_FILES_KEPT)
def test_static_i18n_keeps_a_languages_pages_until_told_to_forget_them(tmp_path):
    config = i18n_site(tmp_path)
    i18n = config.plugins["i18n"]
    with pinned(couplings.I18N_FILES_KEPT):
        build_with(config, config=event_priority(-110)(lambda config: couplings.set_language_builds(i18n, True) or config))
        pages = [weakref.ref(file.page) for file in i18n.i18n_files_per_language["en"]]
        gc.collect()
        assert pages and all(isinstance(page(), Page) for page in pages)
        couplings.forget_language_files(i18n)
        gc.collect()
        assert [page() for page in pages] == [None] * len(pages)


@pins(couplings.I18N_LANGUAGES)
def test_static_i18n_says_the_languages_once_mkdocs_loaded_them(tmp_path):
    config = i18n_site(tmp_path)
    with pinned(couplings.I18N_LANGUAGES):
        i18n = couplings.i18n_plugin(config)
        assert i18n is not None
        assert couplings.site_languages(i18n) == couplings.declared_languages(i18n) == ["en", "uk"]
        assert couplings.built_languages(i18n) == ["en", "uk"] and couplings.default_language(i18n) == "en"
        assert couplings.language_site_text(i18n, "uk") == ("Пін", None)


@pins(couplings.I18N_ORDER)
def test_static_i18n_hooks_run_where_ours_expect_them():
    expected = {"on_config": -100, "on_files": -100, "on_nav": -100, "on_page_markdown": 50,
                "on_page_context": 50, "on_post_build": -100}
    with pinned(couplings.I18N_ORDER):
        assert {name: getattr(I18n, name).mkdocs_priority for name in expected} == expected


@pins(couplings.I18N_LINE_JOINING)
def test_static_i18n_joins_the_markdowns_lines(tmp_path):
    config = i18n_site(tmp_path)
    source = "---\ntitle: T\n---\n\n# Heading\r\n\nWords\n\n"
    (tmp_path / "docs" / "en" / "index.md").write_text(source, encoding="utf-8", newline="")
    seen = []

    def markdown(markdown, page, config, files):
        seen.append(markdown)
        return markdown
    with pinned(couplings.I18N_LINE_JOINING):
        build_with(config, page_markdown=markdown, config=event_priority(-110)(
            lambda config: couplings.set_language_builds(config.plugins["i18n"], True) or config))
        assert seen == [couplings.as_read_by_mkdocs(source)]


@pins(couplings.MATERIAL_ALTERNATES)
def test_material_prints_and_fetches_alternates_as_expected():
    env = Theme(name="material").get_env()
    with pinned(couplings.MATERIAL_ALTERNATES):
        base = env.loader.get_source(env, "base.html")[0]
        assert '<link rel="alternate" href="{{ alt.link | url }}" hreflang="' in base
        assert "config.extra.alternate" in base
        head = '<link rel="alternate" href="https://x.example/uk/" hreflang="uk">'
        assert couplings.hreflang_links_unfetched(head) == head.replace('rel="alternate"', 'rel=" alternate"')
        scripts = Path(env.loader.searchpath[0], "assets", "javascripts")
        bundle = next(scripts.glob("bundle.*.min.js")).read_text(encoding="utf-8")
        assert "link[rel=alternate]" in bundle and "sitemap.xml" in bundle


@pins(couplings.MATERIAL_LANGUAGE_MACROS)
def test_materials_languages_answer_t():
    env = Theme(name="material").get_env()
    with pinned(couplings.MATERIAL_LANGUAGE_MACROS):
        ukrainian = env.get_template("partials/languages/uk.html").module
        assert ukrainian.t("search.placeholder")
        assert not ukrainian.t("a.key.material.does.not.have")


@pins(couplings.MATERIAL_PARTIALS)
def test_material_has_every_template_we_override():
    material = Theme(name="material")
    ours = sorted(path.relative_to(THEME_DIR).as_posix() for path in Path(THEME_DIR).rglob("*.html"))
    with pinned(couplings.MATERIAL_PARTIALS):
        assert ours and all((Path(material.dirs[0]) / name).is_file() for name in ours), ours
        assert "sitemap.xml" in material.static_templates


@pins(couplings.MATERIAL_SCRIPT_CONFIG)
def test_materials_script_reads_its_configuration_as_we_print_it():
    material = Path(Theme(name="material").dirs[0])
    base = (material / "base.html").read_text(encoding="utf-8")
    bundle = next((material / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    with pinned(couplings.MATERIAL_SCRIPT_CONFIG):
        block = base[base.index("{% block config %}"):base.index("{% endblock %}", base.index("{% block config %}"))]
        assert re.findall(r'^ {10}"(\w+)":', block, re.MULTILINE) == [
            "base", "features", "translations", "search", "annotate", "tags", "version"]
        assert sorted(re.findall(r'"([a-z.]+)": lang\.t', block)) == sorted(
            ["clipboard.copy", "clipboard.copied", "select.version"] + [f"search.result.{key}" for key in (
                "placeholder", "none", "one", "other", "more.one", "more.other", "term.missing")])
        # Each string is read where it is shown: the search box's by its own component, the others by theirs.
        assert 'title:Me("clipboard.copy")' in bundle and 'Me("clipboard.copied")' in bundle
        assert '"aria-label":Me("select.version")' in bundle


@pins(couplings.MATERIAL_TOC_INTEGRATE)
def test_materials_toc_integrate_drops_the_sidebar_and_shows_the_toc_in_the_navigation():
    material = Path(Theme(name="material").dirs[0])
    base = (material / "base.html").read_text(encoding="utf-8")
    nav = (material / "partials" / "nav.html").read_text(encoding="utf-8")
    css = next((material / "assets" / "stylesheets").glob("main.*.min.css")).read_text(encoding="utf-8")
    with pinned(couplings.MATERIAL_TOC_INTEGRATE):
        guard = base.index('{% if "toc.integrate" not in features %}')
        guarded = base[guard:base.index("{% endblock %}", guard)]  # the end of block site_nav
        assert "md-sidebar--secondary" in guarded and '{% include "partials/toc.html" %}' in guarded
        assert base.count("md-sidebar--secondary") == 1 and base.count('"partials/toc.html"') == 1
        assert '{% if "toc.integrate" in features %}' in nav and "md-nav--integrated" in nav
        assert (".md-nav--integrated>.md-nav__list>.md-nav__item--active .md-nav--secondary{display:block"
                in css)
        assert re.search(r"@media screen and \(max-width:76\.234375em\)\{[^@]*\.md-sidebar--primary\{position:fixed",
                         css)


@pins(couplings.MATERIAL_ICONS)
def test_materials_icons_are_svg_files_under_icons():
    material = Theme(name="material")
    with pinned(couplings.MATERIAL_ICONS):
        for _, name in HEADER_ICONS.values():
            assert (Path(material.dirs[0]) / ".icons" / f"{name}.svg").read_text().startswith("<svg"), name


@pins(couplings.PAGEFIND_SERVICE)
def test_pagefinds_service_indexes_a_page():
    page = '<!doctype html>\n<html lang="en"><head></head><body><main data-pagefind-body>Hello</main></body></html>'
    with pinned(couplings.PAGEFIND_SERVICE):
        assert get_executable() is not None
        files, errors = search._bundle(["en/index.html"], {"en/index.html": page}.__getitem__)
        assert errors == []
        assert "en" in yaml.safe_load(files[search.ENTRY])["languages"]


@pins(core_couplings.ARGPARSE_TEXTS)
def test_argparse_says_its_own_texts_through_its_modules_gettext_names(capsys, monkeypatch):
    """Each text argparse says comes from the catalogue given to `argparse_speaking`, and only within it."""
    monkeypatch.setenv("COLUMNS", "200")  # the help on one line
    class Marked(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return f"«{message}»"

        def ngettext(self, singular: str, plural: str, n: int) -> str:
            return f"«{singular if n == 1 else plural}»"

    def parser() -> argparse.ArgumentParser:
        made = argparse.ArgumentParser(prog="pin")
        made.add_argument("kind", choices=["a"])
        made.add_argument("--two", nargs=2)
        return made

    def error(said: argparse.ArgumentParser, *argv: str) -> str:
        with pytest.raises(SystemExit):
            said.parse_args(list(argv))
        return capsys.readouterr().err

    with pinned(core_couplings.ARGPARSE_TEXTS):
        with core_couplings.argparse_speaking(Marked()):
            marked = parser()
            assert [" ".join(line.split()) for line in marked.format_help().splitlines() if "«" in line] == [
                "«usage: »pin [-h] [--two TWO TWO] {a}", "«positional arguments»:", "«options»:",
                "-h, --help «show this help message and exit»"]
            assert error(marked, "b").endswith(
                "«pin: error: «argument kind: «invalid choice: 'b' (choose from 'a')»»\n»")
            assert "«the following arguments are required: kind»" in error(marked)
            assert "«unrecognized arguments: --x»" in error(marked, "a", "--x")
            assert "«argument --two: «expected 2 arguments»»" in error(marked, "a", "--two", "1")
        assert "«" not in parser().format_help() + error(marked, "b")  # argparse's own texts again after the block


@pins(core_couplings.JINJA_TEMPLATE_GLOBALS)
def test_jinja_makes_each_templates_globals_with_make_globals():
    loader = jinja2.DictLoader({"page.html": "{% include 'part.html' %} {% import 'macros.html' as m %}{{ m.g() }}",
                                "part.html": "{{ G }}", "macros.html": "{% macro g() %}{{ G }}!{% endmacro %}"})
    with pinned(core_couplings.JINJA_TEMPLATE_GLOBALS):
        assert inspect.signature(jinja2.Environment.make_globals).parameters.keys() == {"self", "d"}
        environment = jinja2.Environment(loader=loader)
        environment.globals["G"] = "global"
        core_couplings.globals_fixed_when_loaded(environment)
        page = environment.get_template("page.html")
        assert type(page.globals) is dict and page.globals["G"] == "global"
        assert type(environment.from_string("{{ G }}", {"H": 1}).globals) is dict
        assert page.render() == "global global!"


@pins(core_couplings.JINJA_TEMPLATE_CACHE)
def test_jinja_keeps_the_templates_it_loaded_in_its_cache():
    loader = jinja2.DictLoader({"page.html": "{% include 'part.html' %}", "part.html": "part"})
    with pinned(core_couplings.JINJA_TEMPLATE_CACHE):
        assert type(jinja2.Environment(cache_size=-1).cache) is dict
        environment = jinja2.Environment(loader=loader)
        assert isinstance(environment.cache, jinja2.utils.LRUCache)
        part = environment.get_template("part.html")
        core_couplings.templates_kept(environment)
        assert type(environment.cache) is dict and list(environment.cache.values()) == [part]
        assert environment.get_template("part.html") is part  # looked up, not loaded again
        assert environment.get_template("page.html").render() == "part"
        assert sorted(name for _, name in environment.cache) == ["page.html", "part.html"]
        disabled = jinja2.Environment(loader=loader, cache_size=0)
        core_couplings.templates_kept(disabled)
        assert disabled.cache is None


def test_every_coupling_is_pinned():
    assert sorted(PINS) == sorted(COUPLINGS), "a coupling of couplings.py without a test here, or the reverse"
