"""Reading a content tree (`content/<lang>/<section>/<slug>.md`, `content/assets/…`) into validated items.

`load_content` is the single implementation behind the build and the `check` command: it looks at every
file once, reports every problem at once (with `file:line`), and never drops a file silently. The tree
comes from strangers (pull requests), so only known kinds of files are accepted, symbolic links never
are (MkDocs would copy what they point at), and sizes are bounded.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Iterator

from . import i18n, metadata
from .body import BodyCheck, BodyChecker, BodySettings, Links, SpooledBodies, closest_asset, missing_asset_hint
from .body_cache import BodyCache
from .file_status import KeptWhileUnchanged
from .messages import Message, tr, tr_n
from .model import CLUSTERS, EVENTS, NEWS, PROJECTS, SCHEDULED, Item, Moment
from .pictures import PictureError, PicturePlan, dimensions, is_picture
from .problems import ContentError, Problem, Severity
from .reading_cache import ReadingCache
from .schema import (
    ASSET_NAME,
    ASSETS_FOLDER,
    DEFAULT_TIMEZONE,
    DOCUMENT_TYPES,
    LOCATION_FIELDS,
    MAX_NAME,
    PAGE,
    PICTURE_TYPES,
    SECTIONS,
    SKIPPED_DOT_FILES,
    SLUG_PATTERN,
    THEME_ASSETS,
    Field,
    fields_for,
    name_problem,
)
from .slugs import slugify
from .source import SourceFile, decode, parse
from .urls import UrlScheme

_OTHER_MARKDOWN_EXTENSIONS = (".markdown", ".mdown", ".mkdn", ".mkd")
MAX_FILE = 8 * 1024 * 1024
"""Bytes of one Markdown file: larger is refused before it is read."""
MAX_ASSET = 20 * 1024 * 1024
"""Bytes of one picture or document."""
MAX_DEPTH = 8
"""Folder levels under content/."""
MAX_EVENT_LENGTH = dt.timedelta(days=366)
"""Longer is a typo (end: 2205-…) and would give the calendar a page for every month it spans."""
AssetVerdict = tuple[str | ContentError, tuple[Message, ...]]
"""A picture's or document's kind ('asset') or why it cannot be published, and the personal data it carries."""


@dataclass
class ContentTree:
    """Every file of every language, read and validated, plus what was wrong."""

    root: Path
    languages: list[str]
    items: list[Item] = field(default_factory=list)
    """Items without errors, drafts included."""
    assets: list[str] = field(default_factory=list)
    """Pictures and documents to publish, as paths under content/ ('assets/photo.jpg')."""
    files: int = 0
    """Files looked at (Markdown, pictures, documents and refused ones)."""
    problems: list[Problem] = field(default_factory=list)
    links: Links | None = None
    """How references in bodies resolve (the build renders with it)."""
    renderings: Mapping[str, BodyCheck] = field(default_factory=dict)
    """Bodies as validation rendered them, by file under content/ ('uk/news/x.md'): a build's in files
    (`SpooledBodies`)."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


class Remembered:
    """What validation found, kept between the preview's rebuilds: every save validates every file again,
    but a file whose bytes did not change is not parsed again, and a body not rendered again unless it
    changed (or its links may lead elsewhere now). Emptied when how the site renders bodies changes."""

    def __init__(self) -> None:
        self.settings: object = None
        self.files: dict[tuple, tuple[Item | None, list[Problem]]] = {}
        self.bodies: dict[tuple, BodyCheck] = {}
        self.contents = FileContents()
        self.assets: KeptWhileUnchanged[AssetVerdict] = KeptWhileUnchanged()
        """Each picture's and document's verdict (its kind, or why it cannot be published) and the personal
        data a picture carries: checking them reads the whole picture."""
        self.pictures: KeptWhileUnchanged[PicturePlan] = KeptWhileUnchanged()
        """Each picture's planned copies (adapter/loading.py)."""
        self.across = CheckedAcross()

    def for_settings(self, settings: object) -> Remembered:
        """This memory, emptied when `settings` (mkdocs.yml's bytes) changed."""
        if settings != self.settings:
            self.settings, self.files, self.bodies, self.contents = settings, {}, {}, FileContents()
            self.assets, self.pictures, self.across = KeptWhileUnchanged(), KeptWhileUnchanged(), CheckedAcross()
        return self


class CheckedAcross:
    """What the checks across files found (references, translations' shared facts), kept between the
    preview's rebuilds: while the same files make items, in the same sections and slugs, as drafts or not,
    with errors or not, the items whose files did not change (the same objects: their reading was kept)
    are found what they were found last time; those changed, and the other versions of theirs, are checked
    again. Checking every item took a sixth of a save at 5,000 items per language."""

    def __init__(self) -> None:
        self.items: dict[str, tuple[Item, bool]] = {}
        """Each item checked last time, by its file under content/, and whether it was free of errors."""
        self.names: tuple[set[tuple[str, str]], set[tuple[str, str]]] = (set(), set())
        """(section, slug) of the published items and of the drafts that are published in no language."""
        self.references: dict[str, list[Problem]] = {}
        """What each item's references to other items found, by file."""
        self.versions: dict[tuple[str, str], list[str]] = {}
        """The files of each item's versions, in the site's language order (valid items only)."""
        self.translations: dict[tuple[str, str], list[Problem]] = {}
        """What comparing each item's translations with its original found."""

    def changed(self, valid: list[Item], rejected: list[Item]) -> set[str] | None:
        """The files whose items are not those checked last time, or None when something that other items'
        checks depend on changed: which items there are, their sections, slugs, drafts, or errors."""
        if len(valid) + len(rejected) != len(self.items):
            return None
        changed = set()
        for items, ok in ((valid, True), (rejected, False)):
            for item in items:
                last = self.items.get(item.content_path)
                if last is None:
                    return None
                if last[0] is not item:
                    if (last[0].key, last[0].draft, last[1]) != (item.key, item.draft, ok):
                        return None
                    changed.add(item.content_path)
                elif last[1] != ok:
                    return None
        return changed

    def keep(self, valid: list[Item], rejected: list[Item]) -> None:
        self.items = {item.content_path: (item, ok) for items, ok in ((valid, True), (rejected, False))
                      for item in items}


class FileContents:
    """The bytes of the files read last time, so that the preview does not open every file again after a
    save: a file's bytes are taken from here while it is unchanged (file_status.py)."""

    def __init__(self) -> None:
        self._bytes: KeptWhileUnchanged[bytes] = KeptWhileUnchanged()

    def start(self) -> None:
        """A reading of every file begins (what it does not read again is forgotten at `finish`)."""
        self._bytes.start()

    def read(self, path: str, status: os.stat_result) -> bytes:
        """The bytes of the file at `path`, whose status is `status`."""
        data = self._bytes.get(path, status)
        if data is None:
            with open(path, "rb") as file:
                data = file.read()
        self._bytes.keep(path, status, data)
        return data

    def finish(self) -> None:
        self._bytes.finish()


def load_content(
    root: Path,
    languages: list[str],
    *,
    display_root: str = "content",
    default_timezone: str = DEFAULT_TIMEZONE,
    body: BodySettings | None = None,
    remembered: Remembered | None = None,
    cache: BodyCache | None = None,
    renderings: bool = True,
    files: ReadingCache | None = None,
) -> ContentTree:
    """Read and validate `root` (languages: the default first); `display_root` is how paths appear in
    messages; `body` is how the site renders Markdown (bodies are checked with it); `remembered` keeps
    what reading files and checking bodies found, for the next time (the preview); `cache` keeps bodies'
    renderings between runs (without `renderings`, the tree's lack the bodies whose verdicts it kept);
    `files` keeps what reading files found between runs."""
    tree = ContentTree(root=root, languages=list(languages))
    display = f"{display_root}/{{}}".format
    markdown_files = []
    assets = remembered.assets if remembered is not None else None
    if assets is not None:
        assets.start()
    for relative, kind in _walk(root, tree, display, assets):
        tree.files += 1
        if kind == "markdown":
            markdown_files.append(relative)
        elif kind == "asset":
            tree.assets.append(relative)
    if assets is not None:
        assets.finish()
    rejected: list[Item] = []
    known = remembered.files if remembered is not None else {}
    contents = remembered.contents if remembered is not None else None
    read: dict[tuple, tuple[Item | None, list[Problem]]] = {}
    folder = os.path.join(root, "")
    if contents is not None:
        contents.start()
    for relative in markdown_files:
        item, valid = _load_file(folder + relative, relative, display(relative), tree, default_timezone, known, read,
                                 files, contents)
        if item is not None:
            (tree.items if valid else rejected).append(item)
    if contents is not None:
        contents.finish()
    if files is not None:
        files.save()
    if remembered is not None:
        remembered.files = read  # only what the content has now
    for language in languages:
        if not (root / language / "index.md").is_file():
            tree.problems.append(Problem(display(f"{language}/index.md"), 1, "",
                                         tr("the home page of this language is missing"),
                                         tr("create it with at least 'title:' in its front matter")))
    across = remembered.across if remembered is not None else CheckedAcross()
    changed = across.changed(tree.items, rejected)
    _check_references(tree, tree.items + rejected, across, changed)
    _check_translations_agree(tree, across, changed)
    across.keep(tree.items, rejected)
    _check_items(tree, tree.items + rejected)
    published = [item for item in tree.items if not item.draft]
    tree.links = Links(published, tree.assets, UrlScheme("", languages[0]), tree.languages,
                       drafts=[item for item in tree.items if item.draft])
    checker = BodyChecker(tree.links, body or BodySettings(), cache, renderings)
    # A build's bodies wait for their pages in files (the preview remembers them from one save to the next).
    spool = SpooledBodies() if renderings and remembered is None else None
    checks = checker.check_all(tree.items + rejected, remembered.bodies if remembered is not None else None, spool)
    tree.problems.extend(problem for check in checks for problem in check.problems)
    if spool is not None:
        spool.keep_only({item.content_path for item in tree.items})
        tree.renderings = spool
    else:
        tree.renderings = {item.content_path: check for item, check in zip(tree.items, checks[:len(tree.items)],
                                                                           strict=True) if check.html is not None}
    tree.problems.sort(key=lambda p: (p.path, p.line, p.field, p.message))
    return tree


# Files ---------------------------------------------------------------------------------------------

def _walk(root: Path, tree: ContentTree, display,
          assets: KeptWhileUnchanged[AssetVerdict] | None) -> Iterator[tuple[str, str]]:
    """(path under content/, 'markdown' or 'asset') for every file that may be published; problems for
    the others. Every name follows one rule (`name_problem`); the few dot-files allowed are skipped, as
    MkDocs skips them. Symbolic links are refused, never followed. What checking an unchanged picture or
    document found is taken from `assets` (the preview's last build), which keeps what this walk found."""

    def problem(relative: str, message: str, hint: str) -> None:
        tree.files += 1
        tree.problems.append(Problem(display(relative), 1, "", message, hint))

    def visit(folder: Path, prefix: str, depth: int) -> Iterator[tuple[str, str]]:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            problem(prefix.rstrip("/") or ".", tr("cannot be read ({reason})", reason=error.strerror),
                    tr("check the folder"))
            return
        for entry in entries:
            relative = prefix + entry.name
            wrong = name_problem(entry.name)
            if wrong is not None:
                problem(relative, *wrong)
                continue
            if entry.name in SKIPPED_DOT_FILES and entry.is_file(follow_symlinks=False):
                continue
            if entry.name.startswith("."):
                problem(relative, tr("is not a regular file"), tr("only files may be called {name}", name=entry.name))
            elif entry.is_symlink():
                problem(relative, tr("is a symbolic link (to {target})", target=repr(os.readlink(entry.path))),
                        tr("links are not allowed under content/: put the file itself there"))
            elif entry.is_dir(follow_symlinks=False):
                if depth >= MAX_DEPTH:
                    problem(relative, tr("folders are nested more than {limit} levels deep", limit=MAX_DEPTH),
                            tr("flatten them"))
                else:
                    yield from visit(Path(entry.path), relative + "/", depth + 1)
            elif not entry.is_file(follow_symlinks=False):
                problem(relative, tr("is not a regular file"), tr("remove it"))
            else:
                if entry.name.endswith(".md"):
                    yield relative, "markdown"
                    continue
                status = entry.stat(follow_symlinks=False) if assets is not None else None
                verdict = assets.get(relative, status) if assets is not None else None
                if verdict is None:
                    verdict = _asset_verdict(Path(entry.path), relative)
                if assets is not None:
                    assets.keep(relative, status, verdict)
                kind, personal = verdict
                if isinstance(kind, ContentError):
                    problem(relative, kind.message, kind.hint)
                else:
                    if personal:
                        _warn_of_personal_data(tree, personal, display(relative))
                    yield relative, kind

    yield from visit(root, "", 0)


def publishable_assets(root: Path) -> list[str]:
    """The pictures and documents under `root` that `load_content` would publish, as paths under it
    ('assets/photo.jpg'), found by the same walk and checks, without reading any Markdown: what can be
    prepared before the content is read."""
    return [relative for relative, kind in _walk(root, ContentTree(root=root, languages=[]), str, None)
            if kind == "asset"]


def _file_kind(path: Path, relative: str) -> str | ContentError:
    suffix = path.suffix.lower()
    if path.suffix == ".md":
        return "markdown"
    if suffix in _OTHER_MARKDOWN_EXTENSIONS or suffix == ".md":
        return ContentError(tr("Markdown files must end in .md, not {suffix}", suffix=path.suffix), tr("rename the file"))
    signature = PICTURE_TYPES.get(suffix) or DOCUMENT_TYPES.get(suffix)
    if signature is None:
        allowed = ", ".join([".md", *PICTURE_TYPES, *DOCUMENT_TYPES])
        return ContentError(tr("files of type {suffix} cannot be published", suffix=repr(path.suffix or "(none)")),
                            tr("only these can: {allowed}", allowed=allowed))
    if not relative.startswith(ASSETS_FOLDER + "/"):
        return ContentError(tr("pictures and documents belong in content/{folder}/", folder=ASSETS_FOLDER),
                            tr("move it there and write {path} where you use it", path=f"{ASSETS_FOLDER}/{path.name}"))
    segments = relative.split("/")[1:]
    if segments[0] in THEME_ASSETS and len(segments) > 1:
        return ContentError(tr("{folder} holds the theme's own files", folder=f"content/{ASSETS_FOLDER}/{segments[0]}/"),
                            tr("put your files in another folder of content/assets/"))
    long = next((segment for segment in segments if len(segment) > MAX_NAME), None)
    if long is not None:
        return ContentError(tr_n("the name {name} is {count} character long, more than {limit}",
                                 "the name {name} is {count} characters long, more than {limit}", len(long),
                                 name=repr(long[:20] + "…"), limit=MAX_NAME),
                            tr("shorten it (its copies and addresses are named after it)"))
    bad = next((segment for segment in segments if not ASSET_NAME.fullmatch(segment)), None)
    if bad is not None:
        suggestion = re.sub(r"[^A-Za-z0-9._-]+", "-", bad).strip("-.") or "file"
        return ContentError(tr("the name {name} has characters that would break its address", name=repr(bad)),
                            tr("use letters, digits, '.', '-' and '_' only, e.g. {name}", name=suggestion[:100]))
    size = path.stat().st_size
    if size > MAX_ASSET:
        return ContentError(tr("the file is larger than {limit} MB", limit=MAX_ASSET // (1024 * 1024)),
                            tr("make it smaller (pictures: 2000 pixels wide is plenty)"))
    with path.open("rb") as file:
        head = file.read(16)
    if not head.startswith(signature) or (suffix == ".webp" and head[8:12] != b"WEBP"):
        return ContentError(tr("the file's content is not a {suffix} file", suffix=suffix),
                            tr("export it again in that format, or give it the right extension"))
    if suffix in PICTURE_TYPES:
        try:
            dimensions(path)
        except PictureError as error:
            return ContentError(error.message, error.hint)
    return "asset"


def _asset_verdict(path: Path, relative: str) -> AssetVerdict:
    """The kind of a file that is not Markdown (or why it cannot be published), and the kinds of personal
    data it carries if it is a picture."""
    kind = _file_kind(path, relative)
    if kind != "asset" or not is_picture(relative):
        return kind, ()
    try:
        return kind, tuple(metadata.personal(metadata.read(path.read_bytes())))
    except metadata.MetadataError:
        return kind, ()  # the pixels were read (dimensions): only metadata cannot be, and none is published


def _warn_of_personal_data(tree: ContentTree, found: tuple[Message, ...], display: str) -> None:
    """The site never publishes a picture's metadata, but the repository shows the file as it was committed."""
    tree.problems.append(Problem(display, 1, "", tr("the picture carries personal data: {kinds}", kinds=found),
                                 tr("the site never shows it, but the repository does: remove it with {command}",
                                    command=f"cluster-news strip-metadata {display}"), Severity.WARNING))


# One Markdown file ---------------------------------------------------------------------------------

def _load_file(path: str, relative: str, display: str, tree: ContentTree, default_timezone: str,
               known: dict[tuple, tuple[Item | None, list[Problem]]],
               read: dict[tuple, tuple[Item | None, list[Problem]]],
               files: ReadingCache | None, contents: FileContents | None = None) -> tuple[Item | None, bool]:
    """The item (None if nothing could be read) and whether it is free of errors. What reading gives is
    taken from `known` (else `files`) when the file's bytes are the same, and recorded in `read`; the bytes
    from `contents` while the file is unchanged. `path` is a string: the preview reads every file after each
    save, and pathlib's paths took a quarter of that time."""
    parts = relative.split("/")
    if len(parts) == 1 or parts[0] not in tree.languages:
        hint = tr("put pages in one of the language folders: {folders}",
                  folders=", ".join(f"content/{lang}/" for lang in tree.languages))
        what = tr("a page outside the language folders") if len(parts) == 1 else \
            tr("unknown language folder {folder}", folder=repr(parts[0]))
        tree.problems.append(Problem(display, 1, "", what, hint))
        return None, False
    lang, rest = parts[0], parts[1:]
    try:
        kind, slug = _classify(lang, rest, tree.languages)
    except ContentError as error:
        tree.problems.append(Problem(display, 1, "", error.message, error.hint))
        return None, False
    status = os.stat(path)
    if status.st_size > MAX_FILE:
        tree.problems.append(Problem(display, 1, "", tr("the file is larger than {limit} MB", limit=MAX_FILE // (1024 * 1024)),
                                     tr("split it, or move pictures and documents to content/assets/")))
        return None, False
    if contents is not None:
        data = contents.read(path, status)
    else:
        with open(path, "rb") as file:
            data = file.read()
    key = (path, relative, display, kind, slug, default_timezone, data)
    found = known.get(key) or _read_item(Path(path), key, lang, files)
    read[key] = found
    item, problems = found
    tree.problems.extend(problems)
    return item, item is not None and not any(p.is_error for p in problems)


def _read_item(path: Path, key: tuple, lang: str, files: ReadingCache | None) -> tuple[Item | None, list[Problem]]:
    """The item a file's bytes make, and what is wrong with them (alone; other files are looked at later);
    `key`: (file path, path under content/, shown path, kind, slug, default time zone, bytes)."""
    _, relative, display, kind, slug, default_timezone, data = key
    try:
        text = decode(data)
        kept = files.find(key, text, path) if files is not None else None
        if kept is not None:
            return kept, []
        source = parse(text)
    except ContentError as error:
        return None, [Problem(display, error.line or 1, error.field or "", error.message, error.hint)]
    values, problems = _read_fields(source, kind, display)
    if kind == EVENTS:  # defaults, so that leaving a field out agrees with writing its default
        values.setdefault("timezone", default_timezone)
        values.setdefault("status", SCHEDULED)
        if not problems:
            problems.extend(_check_local_times(values, source, display))
    item = Item(
        section=kind if kind in SECTIONS else "",
        slug=slug,
        lang=lang,
        path=path,
        content_path=relative,
        display_path=display,
        title=values.get("title", ""),
        values=values,
        lines=source.lines,
        body=source.body,
        first_line=source.first_line,
        body_line=source.body_line,
    )
    problems.extend(_starter_texts_left(item))
    if files is not None and not problems:
        files.keep(key, text, item)
    return item, problems


@cache
def _any_starter() -> re.Pattern:
    return re.compile("|".join(re.escape(starter) for starter in i18n.starter_texts()))


def _starter_texts_left(item: Item) -> list[Problem]:
    """A published file carries no starter text of `cluster-news new`. Told when the file is read: the file
    alone says it, so what is remembered of a file's reading (the preview's, the reading cache's) says it
    too, and the text is not searched again while the file is unchanged."""
    if item.draft:
        return []
    problems = []
    for name, text in (("summary", item.summary or ""), ("", item.body)):
        if not _any_starter().search(text):  # one pass over the text instead of one for each starter
            continue
        for starter in i18n.starter_texts():
            index = text.find(starter)
            if index >= 0:
                line = item.line_of(name) if name else item.body_line + text.count("\n", 0, index)
                problems.append(Problem(item.display_path, line, name,
                                        tr("the starter text {text} is still there", text=repr(starter)),
                                        tr("replace it with your own words"), Severity.WARNING))
    return problems


def _classify(lang: str, rest: list[str], languages: list[str]) -> tuple[str, str]:
    """('news', 'slug') for an item; ('page', 'path/stem') for a home page, a section's introduction
    ('news/index') or a plain page ('about'). ContentError for paths that cannot be either."""
    stems = [part[: -len(".md")] if part.endswith(".md") else part for part in rest]
    folder = rest[0] if len(rest) > 1 else None
    if folder in SECTIONS:
        if len(rest) > 2:
            raise ContentError(tr("items of {folder} live directly in that folder, not in sub-folders", folder=f"{folder}/"),
                               tr("move it to {path}", path=f"content/{lang}/{folder}/{rest[-1]}"))
        if rest[1] == "index.md":
            return PAGE, f"{folder}/index"
        _require_slug(stems[1], lang, rest[1])
        return folder, stems[1]
    if folder is not None:
        close = difflib.get_close_matches(folder.lower(), SECTIONS, n=1, cutoff=0.6)
        if close:
            raise ContentError(tr("{folder} is not a section folder", folder=f"{folder}/"),
                               tr("did you mean {folder}? Sections are {sections}", folder=f"{close[0]}/",
                                  sections=", ".join(s + "/" for s in SECTIONS)))
        if folder in languages:
            raise ContentError(tr("a language folder ({folder}) inside another language's folder", folder=f"{folder}/"),
                               tr("move it to {path}", path=f"content/{folder}/{'/'.join(rest[1:])}"))
    for stem, name in zip(stems, rest, strict=True):
        _require_slug(stem, lang, name)
    return PAGE, "/".join(stems)


def _require_slug(stem: str, lang: str, name: str) -> None:
    if not SLUG_PATTERN.fullmatch(stem):
        suggestion = slugify(stem, lang, max_length=100) or "my-page"
        what = tr("the file name {name} is not a valid slug", name=repr(name)) if name.endswith(".md") else \
            tr("the folder name {name} is not a valid slug", name=repr(name))
        raise ContentError(what, tr("use lower-case ASCII letters, digits and hyphens, e.g. {name}",
                                    name=f"{suggestion}{'.md' if name.endswith('.md') else '/'}"))


def _read_fields(source: SourceFile, kind: str, display: str) -> tuple[dict[str, Any], list[Problem]]:
    fields = fields_for(kind)
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, raw in source.meta.items():
        line = source.line_of(name)
        spec = fields.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, fields, n=1)
            hint = tr("did you mean {value}?", value=repr(close[0])) if close else \
                tr("{kind} pages take: {fields}", kind=kind, fields=", ".join(fields))
            problems.append(Problem(display, line, name, tr("unknown field, ignored"), hint, Severity.WARNING))
            continue
        if raw is None and not spec.required:
            continue
        try:
            values[name] = spec.kind.read(raw, source.nodes.get(name))
        except ContentError as error:
            where = source.first_line + error.line if error.line is not None else line
            problems.append(Problem(display, where, error.field or name, error.message, error.hint))
            if error.partial:
                values[name] = error.partial
    for spec in fields.values():
        if spec.required and spec.name not in source.meta:
            problems.append(Problem(display, source.first_line, spec.name, tr("is required"),
                                    tr("add '{field}: ' ({description})", field=spec.name,
                                       description=spec.kind.description)))
    if not any(p.is_error for p in problems):
        problems.extend(_check_ranges(values, source, kind, display))
    return values, problems


def _check_ranges(values: dict[str, Any], source: SourceFile, kind: str, display: str) -> list[Problem]:
    start, end = values.get("start"), values.get("end")
    problems = []
    if start is not None and end is not None:
        if _is_timed(start) != _is_timed(end):
            problems.append(Problem(display, source.line_of("end"), "end", tr("must be the same kind as start"),
                                    tr("both dates (all-day) or both date-times (YYYY-MM-DDTHH:MM)")))
        elif end < start:
            problems.append(Problem(display, source.line_of("end"), "end",
                                    tr("{end} is before start {start}", end=end.isoformat(), start=start.isoformat()),
                                    tr("end is the last day (or time), on or after start")))
        elif kind == EVENTS and end - start > MAX_EVENT_LENGTH:
            problems.append(Problem(display, source.line_of("end"), "end",
                                    tr("the event would last from {start} to {end}", start=start.isoformat(),
                                       end=end.isoformat()),
                                    tr_n("an event lasts at most {count} day: is the year a typo? (a longer "
                                         "undertaking is a project)", "an event lasts at most {count} days: is the "
                                         "year a typo? (a longer undertaking is a project)", MAX_EVENT_LENGTH.days)))
    named, count = len(values.get("partners", [])), values.get("partner_count")
    if kind == PROJECTS and count is not None and count < named:
        problems.append(Problem(display, source.line_of("partner_count"), "partner_count",
                                tr("says {count} but partners names {named}", count=count, named=named),
                                tr("write how many partners the whole consortium has, or remove the line when "
                                   "partners names them all")))
    if kind == NEWS and values.get("updated") and values["updated"] < values["date"]:
        problems.append(Problem(display, source.line_of("updated"), "updated", tr("is before the publication date"),
                                tr("use a date on or after {date}", date=values["date"].isoformat())))
    return problems


def _is_timed(moment: Moment) -> bool:
    return isinstance(moment, dt.datetime)


def _check_local_times(values: dict[str, Any], source: SourceFile, display: str) -> list[Problem]:
    """A local time the event's zone skips (the spring-forward night) names no moment at all."""
    zone = zoneinfo.ZoneInfo(values["timezone"])
    problems = []
    for name in ("start", "end"):
        moment = values.get(name)
        if isinstance(moment, dt.datetime):
            jump = skipped_hour(moment, zone)
            if jump:
                problems.append(Problem(display, source.line_of(name), name,
                                        tr("{moment} does not exist in {zone}: {change}",
                                           moment=f"{moment:%Y-%m-%dT%H:%M}", zone=values["timezone"], change=jump),
                                        tr("choose a time before or after the change")))
    return problems


def skipped_hour(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> Message | None:
    """How the clocks jump past `moment` (a naive local time), or None if the zone has that time."""
    aware = moment.replace(tzinfo=zone)
    if aware.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None) == moment:
        return None
    before, after = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
    first = moment
    while (first - dt.timedelta(minutes=1)).replace(tzinfo=zone).astimezone(dt.timezone.utc).astimezone(zone) \
            .replace(tzinfo=None) != first - dt.timedelta(minutes=1):
        first -= dt.timedelta(minutes=1)
    jump = abs(after.utcoffset() - before.utcoffset())
    resume = first + jump
    return tr("clocks go from {first} to {resume} on {day} ({zone_before} to {zone_after})",
              first=f"{first:%H:%M}", resume=f"{resume:%H:%M}", day=moment.date(), zone_before=before.tzname(),
              zone_after=after.tzname())


# Across files ----------------------------------------------------------------------------------------

def _check_items(tree: ContentTree, items: list[Item]) -> None:
    """Pictures exist and have alt text."""
    assets = set(tree.assets)
    for item in items:
        image = item.image
        if image is not None:
            line = item.line_of("image")
            if image.src not in assets:
                hint = missing_asset_hint(closest_asset(image.src, assets, pictures_only=True))
                tree.problems.append(Problem(item.display_path, line, "image",
                                             tr("picture {path} not found", path=repr(image.src)),
                                             hint or tr("put the file in content/{folder}/", folder=ASSETS_FOLDER)))
            elif not image.alt:
                tree.problems.append(Problem(
                    item.display_path, line, "image", tr("has no alt text"),
                    tr("write it as src: (the file) and alt: (what the picture shows, for readers who cannot see it)"),
                    Severity.WARNING))


def _check_references(tree: ContentTree, items: list[Item], across: CheckedAcross, changed: set[str] | None) -> None:
    """References (clusters, projects, coordinator) point at published items. Only the `changed` items are
    looked at again (all of them when None): the others' references lead where they did (`CheckedAcross`)."""
    if changed is None:
        published = {(i.section, i.slug) for i in tree.items if i.section and not i.draft}
        across.names = published, {(i.section, i.slug) for i in tree.items if i.section and i.draft} - published
        across.references = {}
    for item in items:
        if changed is None or item.content_path in changed:
            across.references[item.content_path] = _reference_problems(item, *across.names)
        tree.problems.extend(across.references[item.content_path])


def _reference_problems(item: Item, published: set[tuple[str, str]], drafts: set[tuple[str, str]]) -> list[Problem]:
    """What is wrong with `item`'s references, given the (section, slug) of the published items and drafts."""
    problems: list[Problem] = []
    if item.draft or item.section not in SECTIONS:
        return problems
    for spec in fields_for(item.section).values():
        if spec.target is None:
            continue
        for slug in spec.kind.references(item.values.get(spec.name)):
            if (spec.target, slug) in published:
                continue
            clusters = spec.target == CLUSTERS  # what references name: clusters (authors' too) or projects
            if (spec.target, slug) in drafts:
                message = tr("cluster {slug} is still a draft", slug=repr(slug)) if clusters else \
                    tr("project {slug} is still a draft", slug=repr(slug))
                hint = tr("publish it first or remove the reference")
            else:
                known = sorted(s for section, s in published if section == spec.target)
                close = closest_slug(slug, known)
                message = tr("there is no cluster {slug}", slug=repr(slug)) if clusters else \
                    tr("there is no project {slug}", slug=repr(slug))
                if known:
                    hint = tr("did you mean {slug}? known: {slugs}", slug=repr(close), slugs=", ".join(known)) \
                        if close else tr("known: {slugs}", slugs=", ".join(known))
                else:
                    hint = tr("create {path}", path=f"content/<lang>/{spec.target}/{slug}.md")
            problems.append(Problem(item.display_path, item.line_of(spec.name), spec.name, message, hint))
    return problems


def closest_slug(slug: str, known: list[str]) -> str | None:
    """The known slug an editor most likely meant: a close spelling, or one that starts with the
    words they wrote ('rivne' -> 'rivne-medical-cluster')."""
    close = difflib.get_close_matches(slug, known, n=1)
    if close:
        return close[0]
    words = [s for s in known if s.startswith(slug + "-") or s.endswith("-" + slug) or f"-{slug}-" in s]
    return min(words, key=len) if words else None


def _check_translations_agree(tree: ContentTree, across: CheckedAcross, changed: set[str] | None) -> None:
    """Translations state the original's shared facts. Where the original's fact is itself wrong (an
    error of its own), the hint says to fix the original: copying it over would copy the mistake. Only
    the items with a `changed` version are compared again (all of them when None): the others' versions,
    and what is wrong with them, are what they were (`CheckedAcross`)."""
    if changed is None:
        by_key: dict[tuple[str, str], list[Item]] = {}
        for item in tree.items:
            by_key.setdefault((item.section, item.slug), []).append(item)
        order = {lang: index for index, lang in enumerate(tree.languages)}
        across.versions = {key: [item.content_path for item in sorted(versions, key=lambda i: order[i.lang])]
                           for key, versions in by_key.items() if len(versions) > 1 and key[0] in SECTIONS}
        across.translations, todo = {}, set(across.versions)
    else:
        todo = {item.key for item in tree.items if item.content_path in changed} & across.versions.keys()
    if todo:
        wanted = {path for key in todo for path in across.versions[key]}
        current = {item.content_path: item for item in tree.items if item.content_path in wanted}
        wrong = {(p.path, p.field): p for p in tree.problems if p.is_error}
        for key in todo:
            across.translations[key] = _translation_problems([current[path] for path in across.versions[key]], wrong)
    for problems in across.translations.values():
        tree.problems.extend(problems)


def _translation_problems(versions: list[Item], wrong: dict[tuple[str, str], Problem]) -> list[Problem]:
    """What the translations (`versions` but the first, the original) say otherwise than their original;
    `wrong`: the errors found so far, by file and field."""
    problems: list[Problem] = []
    original, translations = versions[0], versions[1:]
    shared = [f for f in fields_for(original.section).values() if f.shared]
    for translation in translations:
        for spec in shared:
            for name, mine, theirs in _shared_values(spec, translation, original):
                if mine == theirs:
                    continue
                mistake = wrong.get((original.display_path, name)) or wrong.get((original.display_path, spec.name))
                command = f"cluster-news sync-facts {original.section}/{original.slug}"
                if mistake is not None:
                    hint = tr("facts that do not depend on language must be the same in every translation; "
                              "{place} has an error in {field} itself: fix it there first",
                              place=f"{original.display_path}:{mistake.line}", field=name)
                elif mine is None:
                    hint = tr("facts that do not depend on language must be the same in every translation; "
                              "copy the line from there (or run: {command})", command=command)
                else:
                    hint = tr("facts that do not depend on language must be the same in every translation "
                              "(or run: {command})", command=command)
                problems.append(Problem(translation.display_path, translation.line_of(spec.name), name,
                                        tr("says {mine} but {original} says {theirs}", mine=_show(mine),
                                           original=original.display_path, theirs=_show(theirs)),
                                        hint))
    return problems


def _shared_values(spec: Field, mine: Item, theirs: Item) -> Iterator[tuple[str, Any, Any]]:
    """(field name, this translation's value, the original's value) for each shared fact."""
    if spec.name == "location":  # names and cities are written in each language; the rest is not
        for part in LOCATION_FIELDS:
            if part.shared:
                yield (f"location.{part.name}", getattr(mine.location, part.name, None),
                       getattr(theirs.location, part.name, None))
    else:
        yield spec.name, mine.values.get(spec.name), theirs.values.get(spec.name)


def _show(value: Any) -> str:
    if value is None:
        return tr("nothing")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return repr(value)
