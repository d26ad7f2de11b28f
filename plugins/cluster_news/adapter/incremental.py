"""The preview after a save: only the pages the edit changed are built again (`mkdocs serve` only).

MkDocs rebuilds the whole site after every save, and static-i18n every language: ~45 s at 5,000 pages.
The plugin object lives on between rebuilds, so it keeps what it needs to do less: the last site plan
and, for every page, the pages its content linked to. When an edit only changed articles' words or dates
(core/changes.py), the next build leaves the site folder as it is and, in each language that has pages
to change, lets MkDocs build only those pages; the others keep their files. Those are the edited items'
pages and the pages that linked to them, and after an edit of dates the lists that may now show them
elsewhere too, in every language. Languages without pages to change are not built at all, and the search
index is not rebuilt (it catches up at the next full build: an edit of anything else, or the next
`make serve`).
"""

from __future__ import annotations

import gc
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..core.changes import edited_items, pages_showing, redated, relisted, restamped_items
from ..core.problems import Problem
from ..core.site import SitePlan


@dataclass
class Scope:
    """What this build writes: per language, the pages to build again (all of them when `everything`)."""

    everything: bool = True
    pages: dict[str, set[str]] = field(default_factory=dict)
    edited: list = field(default_factory=list)
    redated: set[str] = field(default_factory=set)
    """The languages of the items whose dates the edit changed: lists may show them elsewhere, and the
    sitemaps of those languages (and the whole site's) list other dates."""

    def languages(self) -> set[str]:
        return set(self.pages)

    def includes(self, lang: str, url: str) -> bool:
        return self.everything or url in self.pages.get(lang, ())


EVERYTHING = Scope()


@dataclass
class _Built:
    plan: SitePlan
    problems: list[str]
    inputs: str
    links: dict[str, frozenset[str]]


class PreviewState:
    """What the preview remembers of its last build."""

    def __init__(self) -> None:
        self._last: _Built | None = None
        self._links: dict[str, frozenset[str]] = {}

    def scope(self, plan: SitePlan | None, problems: list[Problem], inputs: str) -> Scope:
        """What to build after this edit (everything, unless only articles' words or dates changed)."""
        last = self._last
        if plan is None or last is None or last.inputs != inputs:
            return EVERYTHING
        edited = edited_items(last.plan, plan)
        if edited is None:  # more than words and dates changed
            return EVERYTHING
        moved = redated(last.plan, edited)
        edited += [item for item in restamped_items(last.plan, plan) if item not in edited]
        paths = {item.display_path for item in edited}
        if _others(last.problems, paths) != _others([str(p) for p in problems], paths):
            return EVERYTHING  # what other pages say about their files' problems changed
        scope = Scope(everything=False, edited=edited, redated={item.lang for _, item in moved})
        urls = pages_showing(edited, plan, last.links) | relisted(last.plan, plan, moved)
        for url in urls:
            page = plan.page_at(url)
            if page is not None:
                scope.pages.setdefault(page.lang, set()).add(url)
        return scope

    @property
    def last_plan(self) -> SitePlan | None:
        return self._last.plan if self._last else None

    def record_links(self, links: dict[str, frozenset[str]]) -> None:
        """The links of pages built in this build (by this process or a worker)."""
        self._links.update(links)

    def built(self, plan: SitePlan, problems: list[Problem], inputs: str, scope: Scope) -> None:
        """The build is done: remember it for the next."""
        if scope.everything or self._last is None:
            known = {page.url for lang in plan.languages for page in plan.pages(lang)}
            links = {url: targets for url, targets in self._links.items() if url in known}
        else:  # the site has the pages it had (edited_items): the links of those built again replace theirs
            links = self._last.links
            links.update(self._links)
        self._last = _Built(plan, [str(problem) for problem in problems], inputs, links)
        self._links = {}

    def forget(self) -> None:
        """The build failed: the next one builds everything."""
        self._last = None
        self._links = {}


def inputs_fingerprint(config_file: str | None, content_dir: Path, assets: list[str]) -> str:
    """What a build reads besides Markdown: mkdocs.yml and the files under content/ that are not pages
    (pictures, documents). A change to any of them rebuilds everything."""
    digest = hashlib.sha256()
    if config_file:
        digest.update(Path(config_file).read_bytes())
    for asset in sorted(assets):
        stat = (content_dir / asset).stat()
        digest.update(f"{asset}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


class FullCollections:
    """Python's garbage collector without its full passes while the preview builds: a full pass goes
    through every object not set aside (`set_aside_for_the_next_builds`), which after a few saves is what
    those saves made and left, and it came in the middle of a save (up to a second at 5,000 items per
    language). Young objects are still collected as before; the full passes come between saves, when
    MkDocs' watcher looks at the files."""

    def __init__(self) -> None:
        self._threshold: int | None = None

    def hold(self) -> None:
        if self._threshold is None:
            young, middle, self._threshold = gc.get_threshold()
            gc.set_threshold(young, middle, 2**30)

    def resume(self) -> None:
        if self._threshold is not None:
            young, middle, _ = gc.get_threshold()
            gc.set_threshold(young, middle, self._threshold)
            self._threshold = None


def set_aside_for_the_next_builds() -> None:
    """After a full build of the preview: what it keeps (the plan, the content read, MkDocs' theme and
    configuration) is set aside from Python's garbage collector, whose full collections otherwise go through
    all of it again in every later build (at 1,000 items per language, two of 0.3 s each after an edit of
    dates). What the previous full build set aside is given back first, so that what is no longer used is
    freed."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _others(problems: list[str], paths: set[str]) -> list[str]:
    return [problem for problem in problems if not problem.startswith(tuple(f"{path}:" for path in paths))]
