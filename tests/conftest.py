"""Fixture sites: real mkdocs builds (the repository's own mkdocs.yml) into a temporary folder."""

from __future__ import annotations

import compileall
import importlib
import json
import os
import pkgutil
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest
import yaml
from bs4 import BeautifulSoup
from filelock import FileLock
from hypothesis import settings
from PIL import Image

import cluster_news
from cluster_news.adapter.settings import read_settings
from cluster_news.core.i18n import translate

import prewarmed


def _temporary_files_in_memory() -> None:
    """The sites the tests build (some 200 MB a run) go to memory when the machine has room there: writing
    them to disk costs a build about a sixth of its CPU on this 2-core machine, and pytest deleting an
    older run's folders takes seconds. An explicit TMPDIR wins; so does a small /dev/shm (containers)."""
    memory = Path("/dev/shm")
    if "TMPDIR" not in os.environ and memory.is_dir() and shutil.disk_usage(memory).free > 4 * 2**30:
        os.environ["TMPDIR"] = str(memory)  # for the builds, servers and browsers the tests start too
        tempfile.tempdir = None  # read TMPDIR again


_temporary_files_in_memory()


def _messages_in_english() -> None:
    """The tests read messages in English, whatever language the machine's environment asks for; the tests
    of other languages say theirs (`cluster-news check` and the build follow LC_ALL, LC_MESSAGES, LANG)."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        os.environ.pop(name, None)
    os.environ["LANG"] = "C.UTF-8"


_messages_in_english()

# CI replays the same examples every run (a red build must be reproducible); locally they vary.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
    # Hypothesis also draws strings and numbers written in the project's modules that are imported when an
    # example is made; which of ours are imported by then depended on the tests that ran before on that
    # worker (some are imported lazily), so two CI runs of one commit drew different examples. With every
    # module imported first, they draw the same.
    for _module in pkgutil.walk_packages(cluster_news.__path__, "cluster_news."):
        if _module.name != "cluster_news.__main__":  # running it is the command line
            importlib.import_module(_module.name)

REPO = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).parent / "mkdocs"
CLUSTER_NEWS = MKDOCS.parent / "cluster-news"
LANGUAGES = read_settings(REPO / "mkdocs.yml").languages
"""The site's languages as mkdocs.yml declares them (static-i18n's), the default first."""
SITE_URL = "https://example.github.io/clusters-site/"
HOME_TITLES = {lang: translate(lang, "home") for lang in LANGUAGES}


def spaces(text: str) -> str:
    """CLDR writes narrow, thin and no-break spaces; compare them as plain spaces."""
    return text.replace("\u202f", " ").replace("\u2009", " ").replace("\xa0", " ")


@dataclass(eq=False)
class Built:
    root: Path
    returncode: int
    output: str
    _parsed: dict[str, BeautifulSoup] = field(default_factory=dict, repr=False)
    _trees: dict[str, lxml.html.HtmlElement] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def site(self) -> Path:
        return self.root / "site"

    def path_of(self, url: str) -> Path:
        """The file served for a site-root relative URL such as 'uk/news/x/'."""
        path = self.site / unquote(url)
        return path / "index.html" if url == "" or url.endswith("/") else path

    def exists(self, url: str) -> bool:
        return self.path_of(url).is_file()

    def html(self, url: str) -> BeautifulSoup:
        """The parsed page (parsed once; tests must not modify it)."""
        if url not in self._parsed:
            self._parsed[url] = BeautifulSoup(self.path_of(url).read_text(encoding="utf-8"), "lxml")
        return self._parsed[url]

    def tree(self, url: str) -> lxml.html.HtmlElement:
        """The page's <html> as lxml parses it (the parser under BeautifulSoup, some thirty times faster
        without it), for checks of every page (parsed once; tests must not modify it)."""
        if url not in self._trees:
            self._trees[url] = lxml.html.document_fromstring(self.path_of(url).read_bytes())
        return self._trees[url]

    def article(self, url: str):
        return self.html(url).select_one("article.md-content__inner")

    def pages(self) -> list[str]:
        """Site-root relative URLs of every page for readers (not the web editor at admin/)."""
        urls = []
        for path in sorted(self.site.rglob("index.html")):
            relative = path.parent.relative_to(self.site).as_posix()
            if relative != "admin":
                urls.append("" if relative == "." else relative + "/")
        return urls

    def resolve(self, page_url: str, href: str) -> str | None:
        """The site-root relative URL a link on `page_url` points at, or None if it leaves the site."""
        base = urljoin(SITE_URL, page_url)
        target = urljoin(base, href)
        if not target.startswith(SITE_URL):
            return None
        return urlsplit(target[len(SITE_URL):]).path


class FixtureSite:
    """A throw-away site: the repository's mkdocs.yml with a content tree written by the test.

    `jobs` is the plugin's option: 1 (the default here) builds the languages one after another in one
    process, byte for byte the site that side by side builds (test_reproducible.py), for a quarter less
    CPU while the tests keep every core busy anyway; None keeps mkdocs.yml's choice (side by side, one
    process per CPU), as the published site, the sample (test_sample_site.py) and the shared fixture
    site (`SIDE_BY_SIDE`) are built."""

    def __init__(self, root: Path, jobs: int | None = 1):
        self.root = root
        shutil.copytree(REPO / "overrides", root / "overrides")  # theme overrides belong to the config
        config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        if jobs is not None:
            anchor = "      serve_drafts: true\n"  # the cluster-news plugin's options
            assert config.count(anchor) == 1 and "jobs:" not in config, "mkdocs.yml changed: place `jobs` anew"
            config = config.replace(anchor, f"{anchor}      jobs: {jobs}\n")
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
        self._write_logo(config)
        for lang in LANGUAGES:
            self.write(f"{lang}/index.md", {"title": HOME_TITLES[lang]}, "Welcome.")

    @classmethod
    def copy_of(cls, site: FixtureSite, root: Path) -> FixtureSite:
        """A copy of `site`'s project at `root` (without its built site and caches), to change and build
        without changing `site`."""
        shutil.copytree(site.root, root, ignore=shutil.ignore_patterns("site", ".cache"), symlinks=True)
        copy = cls.__new__(cls)
        copy.root = root
        return copy

    def _write_logo(self, config: str) -> None:
        """The network's logo that mkdocs.yml names (`organization: logo:`), a picture of the fixture's own."""
        found = re.search(r"^      organization:\n(?:        .*\n)*?        logo: (\S+)$", config, re.MULTILINE)
        if found:
            path = self.root / "content" / found.group(1)
            path.parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (512, 512), (0, 105, 92)).save(path, "PNG")

    def write(self, relative: str, front_matter: dict | str, body: str = "Text.\n") -> Path:
        """Write content/<relative>: front matter as a dict (dumped as YAML) or as raw YAML text."""
        path = self.root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(front_matter, dict):
            front_matter = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False)
        path.write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")
        return path

    def build(self, *args: str, env: dict[str, str] | None = None, strict: bool = True,
              new_interpreter: bool = False) -> Built:
        """`mkdocs build` (in a process forked from one that has imported it: prewarmed.py)."""
        environment = prewarmed.environment(**{"SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": "1751328000",  # 2025-07-01
                                               **(env or {})})
        result = prewarmed.run([MKDOCS, "build", *(["--strict"] if strict else []), *args], cwd=self.root,
                               env=environment, timeout=600, new_interpreter=new_interpreter)
        return Built(self.root, result.returncode, result.stdout + result.stderr)


def shared_folder(tmp_path_factory) -> Path:
    """A folder of this test run that every xdist worker sees (their own temporary folders' parent)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def has_token(attribute: str, name: str) -> str:
    """An XPath condition: the element's `attribute`, a list of tokens (class, rel), includes `name`."""
    return f"contains(concat(' ', normalize-space(@{attribute}), ' '), ' {name} ')"


def has_class(name: str) -> str:
    """An XPath condition: the element's classes include `name` (CSS's `.name`)."""
    return has_token("class", name)


_BUILT: dict[Path, Built] = {}
"""The builds this process has asked for, so that every module shares their parsed pages."""


def build_once(tmp_path_factory, name: str, build) -> Built:
    """`build(folder)` (which returns a `Built` of a project in `folder`) once per test run: every module
    and every xdist worker that asks for `name` gets that build, which none may change (the same name must
    mean the same site). The first to ask builds it; the others wait for it (a file lock)."""
    folder = shared_folder(tmp_path_factory) / f"site-{name}"
    if folder in _BUILT:
        return _BUILT[folder]
    with FileLock(f"{folder}.lock"):
        record = folder / "built.json"
        if not record.is_file():
            result = build(folder)
            record.write_text(json.dumps({"root": str(result.root), "returncode": result.returncode,
                                          "output": result.output}))
        done = json.loads(record.read_text())
    result = Built(Path(done["root"]), done["returncode"], done["output"])
    assert result.ok, result.output
    _BUILT[folder] = result
    return result


SIDE_BY_SIDE = {"fixture"}
"""Shared fixture sites built as mkdocs.yml says, the languages side by side (test_reproducible.py compares
the fixture site with one built in one process); the others, and the sample, are built once per run too."""


def build_site(tmp_path_factory, name: str, write) -> Built:
    """The fixture site `name`, filled by `write(site)` and built with --strict, once per test run."""
    def build(folder: Path) -> Built:
        site = FixtureSite(folder / "project", jobs=None if name in SIDE_BY_SIDE else 1)
        write(site)
        return site.build()
    return build_once(tmp_path_factory, name, build)


WEB_EDITOR = "tests/test_browser_cms"
FIRST = ["test_browser_cms", "test_browser_reader", "test_browser_look", "test_browser_csp", "test_browser_calendar",
         "test_reader", "test_calendar", "test_serve", "test_cli", "test_hostile_input"]
"""The order in which the modules start (the others follow, as collected): the web editor's group on one worker,
and on the other the readers' browser tests, the walks of every page first; then the longest of the others, so that
both workers end together on short tests (the rest mostly take well under a second)."""


def pytest_configure(config: pytest.Config) -> None:
    """The plugin's bytecode, written before the tests start the hundred or so processes (builds, previews,
    `cluster-news`) that import it. Python writes it itself on a first import, unless PYTHONDONTWRITEBYTECODE
    is set (as on the machine the suite runs on): then every one of them compiled the plugin anew, 0.1 s of CPU each.
    Only changed files are compiled again; once, in the process that starts the xdist workers.

    The tests' own modules, which pytest rewrites for its assertions, are kept rewritten in tests/__pycache__
    likewise: without it each worker rewrote and compiled them all again at every run (collecting took 3.3 s
    of CPU instead of 1.6)."""
    sys.dont_write_bytecode = False
    if not hasattr(config, "workerinput"):
        compileall.compile_dir(REPO / "plugins", quiet=1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: number for number, name in enumerate(FIRST)}
    items.sort(key=lambda item: rank.get(item.module.__name__, len(FIRST)))  # stable: otherwise as collected


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """The web editor's browser tests in one group, on one worker, one test after another; every other test, the
    readers' browser tests too, one by one to whichever worker is free, in the order of `FIRST`. With the readers'
    browser tests in a group of their own (some 160 s of CPU) on the other worker, that worker ended last, 20 s after
    the first (bench/suite.py); each worker has its Chromium anyway. xdist starts the largest groups first."""
    from xdist.scheduler import LoadScopeScheduling

    class WebEditorGroup(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "web editor" if nodeid.startswith(WEB_EDITOR) else nodeid

    return WebEditorGroup(config, log)


@pytest.fixture
def fixture_site(tmp_path: Path) -> FixtureSite:
    return FixtureSite(tmp_path / "project")


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for every browser test of this process (launching one takes seconds); each test
    opens its pages in a context of its own (`browser.chromium_page(chromium)`)."""
    from browser import launched_chromium

    with launched_chromium() as browser:
        yield browser


def broken_internal_links(built: Built) -> list[str]:
    """Every href/src inside the site that points at a file the build did not write."""
    broken = []
    for page_url in built.pages():
        for tag in built.tree(page_url).iter("a", "link", "script", "img"):
            reference = tag.get("href") or tag.get("src")
            if not reference or reference.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = built.resolve(page_url, reference)
            if target is None:
                continue
            if not built.exists(target):
                broken.append(f"{page_url or '/'} -> {reference}")
    return broken


def write_minimal_config(root: Path, content: str = "content") -> None:
    """The least mkdocs.yml the build, and so `cluster-news` (it reads the file with MkDocs' loader), accepts:
    a name, the languages in folders, the plugin with its defaults."""
    languages = "".join(f"        - {{locale: {lang}, name: {lang}, default: {lang == LANGUAGES[0]}}}\n"
                        for lang in LANGUAGES)
    (root / "mkdocs.yml").write_text(f"site_name: Test\ndocs_dir: {content}\nsite_url: https://example.org/\n"
                                     "plugins:\n  - i18n:\n      docs_structure: folder\n      languages:\n"
                                     f"{languages}  - cluster-news\n", encoding="utf-8")
