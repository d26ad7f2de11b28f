"""What the plugin keeps, grouped by how long it lives.

MkDocs keeps one plugin object for a whole command: `mkdocs build`, or `mkdocs serve` and every rebuild
after a save. static-i18n runs the build once per language with that same object. So:

- `PreviewRun`: `mkdocs serve`, from its start to its end (made in on_startup);
- `Content`: the last content read without errors (the preview keeps it while an edit is broken);
- `BuildState`: one build of the site, every language (made in the default language's on_config);
- `PassState`: one language's pass of that build (made in each pass's on_config).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..core.body import BodyCheck, LinkExtension, Sanitiser
from ..core.content import Remembered
from ..core.csp import ContentSecurityPolicy
from ..core.pictures import PictureMaker
from ..core.problems import Problem
from ..core.site import PagePlan, SitePlan
from ..core.urls import UrlScheme
from ..render.pages import PageRenderer
from .config import ClusterNewsConfig
from .incremental import EVERYTHING, FullCollections, PreviewState, Scope
from .parallel import LanguageBuilds
from .search import SearchInput


@dataclass
class PreviewRun:
    """`mkdocs serve`: what one build leaves for the next."""

    first_read: int | None = None
    """When the first build began to read the files (nanoseconds since the epoch)."""
    last: PreviewState = field(default_factory=PreviewState)
    """What the last build wrote, to build less after the next save (see incremental.py)."""
    remembered: Remembered = field(default_factory=Remembered)
    """What reading each file and checking each body found, for the next rebuild."""
    server: object | None = None
    """MkDocs' server, once it serves: its watcher does not look at the files while a build runs."""
    building: bool = False
    """Whether a build runs now (its watcher then waits, and so do the garbage collector's full passes)."""
    collections: FullCollections = field(default_factory=FullCollections)


@dataclass
class Content:
    """The last content without errors, and what every page is made with from it."""

    site: SitePlan
    renderer: PageRenderer
    links: LinkExtension
    pictures: PictureMaker
    renderings: Mapping[str, BodyCheck]
    """Bodies as validation rendered and sanitised them, by file under content/ (a build's in files, read
    back as each page is made: core/body.py's SpooledBodies)."""
    sources: frozenset[str]
    """The Markdown files the content was read from (under content/), drafts included."""
    display_root: str
    admin: dict[str, bytes]
    """The web editor's files, by their path under /admin/ (none for a project without one)."""


@dataclass
class BuildState:
    """One build of the site, every language: the default language's pass makes it."""

    problems: list[Problem]
    failed: bool
    """`mkdocs serve` only: the content has errors, so pages show them instead of the site."""
    urls: UrlScheme
    sanitiser: Sanitiser
    policy: ContentSecurityPolicy
    assets: list[str]
    """The files under content/ that are not pages."""
    scope: Scope = field(default_factory=lambda: EVERYTHING)
    """What this build writes: everything, or (in the preview, after an edit of words) some pages."""
    inputs: str = ""
    """Preview only: the fingerprint of what the build read besides Markdown (see incremental.py)."""
    search_input: SearchInput | None = None
    """What Pagefind indexes, kept by every language's pass (see search.py)."""
    languages: LanguageBuilds | None = None
    """The other languages' builds, from the first pass until the last language is written."""
    emptied_site: str | None = None
    """The site folder this build emptied and writes (to empty again if the build fails)."""
    page_links: dict[str, frozenset[str]] = field(default_factory=dict)
    """Preview only: the pages each page built links to (see incremental.py)."""
    undo: list[Callable[[], None]] = field(default_factory=list)
    """What puts back the parts of MkDocs this build replaced (see couplings.py)."""

    @property
    def nested(self) -> bool:
        """Whether this is one of the other languages' passes (in this process or a worker)."""
        return self.languages is not None and self.languages.nested

    def restore_mkdocs(self) -> None:
        while self.undo:
            self.undo.pop()()

    def take_links(self) -> dict[str, frozenset[str]]:
        links, self.page_links = self.page_links, {}
        return links

    def report(self) -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, str]]]:
        """What a language worker sends back: the links of its pages (preview), its searchable pages."""
        return self.take_links(), self.search_input.take() if self.search_input is not None else {}


@dataclass
class PassState:
    """One language's pass of a build."""

    lang: str
    build: BuildState
    content: Content | None
    options: ClusterNewsConfig
    serving: bool
    plans: dict[str, PagePlan] = field(default_factory=dict)
    """The pages of this pass, by their file's path under content/ (or generated)."""
    rendered: dict[str, BodyCheck] = field(default_factory=dict)
    """Pages of this pass whose body is published as validation rendered it, by source file."""
    bodies: dict[str, str] = field(default_factory=dict)
    """Pages of this pass read but not yet written: their body as published, by source file."""

    @property
    def site(self) -> SitePlan:
        return self.content.site

    @property
    def urls(self) -> UrlScheme:
        return self.build.urls
