"""Article bodies: links and pictures resolved in every language, HTML sanitised with an allowlist.

Bodies are Markdown from strangers. The site renders them with Python-Markdown (MkDocs' engine), then
keeps only what the allowlist below permits (nh3, the binding of Rust's ammonia); every removal is a
problem at `file:line`, found by the same code in `cluster-news check` and in the build, so nothing
disappears silently and both give the same verdict.

Internal references (`assets/photo.jpg`, `../events/x.md`, `/assets/x.pdf`) are resolved here against
the content tree rather than by MkDocs, whose per-language passes cannot see other languages' files.
They become `cn-site:<url>` (a site-root URL that MkDocs leaves alone), which the page then turns into
a link relative to itself, so the site works under any sub-path.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import hashlib
import json
import os
import pickle
import posixpath
import re
import secrets
import unicodedata
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html import escape as html_escape
from html import unescape as html_unescape
from typing import Protocol
from urllib.parse import unquote

import markdown
import nh3

from . import processes
from .bounds import BoundedHTMLParser, OverBudget, bound_markdown, time_budget
from .messages import Message, tr
from .model import Item
from .problems import Problem, Severity
from .schema import ASSETS_FOLDER, BIDI_CONTROLS, PICTURE_TYPES, SECTIONS, character_name
from .urls import UrlScheme, split_url

bound_markdown()

SITE_SCHEME = f"cn-site-{secrets.token_hex(8)}:"
"""Marks a reference this module resolved: '<SITE_SCHEME>uk/news/x/#part' (site-root relative). Random
for each run, so that no editor can write one (in raw HTML, say) to slip past resolution; it never
reaches the output, which stays the same from run to run."""

WEB_SCHEMES = ("http", "https", "mailto", "tel")

DEFAULT_EMBEDS = ("www.youtube-nocookie.com", "player.vimeo.com", "www.openstreetmap.org")
"""Hosts whose players and maps editors may embed with <iframe> (https only)."""

# What Markdown (with the site's extensions) produces, and what editors may add with attr_list or HTML.
_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}
_ATTRIBUTES = {
    "*": {"id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "iframe": {"src", "width", "height", "allowfullscreen", "loading"},
    "th": {"colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "col": {"span"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
}
_ADMONITIONS = {"note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger", "bug",
                "example", "quote"}
_CLASSES = {
    "div": {"admonition", "footnote", *_ADMONITIONS},
    "details": {*_ADMONITIONS},
    "p": {"admonition-title"},
    "a": {"headerlink", "footnote-ref", "footnote-backref", "md-button", "md-button--primary"},
}
_RESERVED_IDS = ("__", "md-", "cn-")
"""Ids the theme's and our own scripts look up (`__config`, `__search`…): an article must not take them."""
_SAFE_ID = re.compile(r"^\w[\w.:-]*$")
"""Ids as headings get them (letters of any script, digits, '_', '-', '.', ':'): the theme copies them
unescaped into the table of contents."""
_SAFE_TITLE = re.compile(r"^[^<>]*$")
"""Material's tooltips show `title` texts as HTML: no markup in them."""
_MARKUP_DECLARATION = re.compile(r"<[!?]")
"""Comments, CDATA sections, processing instructions: parsers read them differently (`<!--><script>`),
and the theme's table of contents strips them naively. Articles need none."""


@dataclass(frozen=True)
class BodySettings:
    """How the site renders bodies: Markdown extensions (names or instances) with their options, and
    the hosts editors may embed from."""

    extensions: tuple = ()
    configs: dict = field(default_factory=dict)
    embeds: tuple[str, ...] = DEFAULT_EMBEDS


class LinkProblem(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


class Links:
    """Where references in bodies lead: items (in the reader's language when it exists) and files."""

    def __init__(self, items: Iterable[Item], assets: Iterable[str], urls: UrlScheme, languages: list[str],
                 drafts: Iterable[Item] = ()):
        self.urls = urls
        self.languages = list(languages)
        self.assets = set(assets)
        self.drafts = {draft.content_path for draft in drafts}
        self.by_path: dict[str, Item] = {}
        self.by_key: dict[tuple[str, str], dict[str, Item]] = {}
        for item in items:
            self.by_path[item.content_path] = item
            self.by_key.setdefault(item.key, {})[item.lang] = item
        self.fingerprint = hashlib.sha256(json.dumps([sorted(self.by_path), sorted(self.drafts), sorted(self.assets),
                                                      self.languages]).encode()).hexdigest()
        """What resolving a reference depends on: which pages and files exist (the same in every run)."""

    def resolve(self, item: Item, url: str, picture: bool) -> str:
        """The `cn-site:` URL for a reference written in `item`'s body, or `url` itself when it leads
        off the site; LinkProblem when it leads nowhere (or somewhere a reader must not be sent)."""
        unseen = next((char for char in url if unicodedata.category(char) == "Cf"), None)
        if unseen is not None:  # a bidirectional override or a joiner: an address that reads as another
            raise LinkProblem(tr("the address {url} contains {character}, a character that cannot be seen",
                                 url=repr(url), character=character_name(unseen)), tr("type the address again"))
        parts = split_url(url)
        if parts is None:
            raise LinkProblem(tr("{url} is not an address", url=repr(url)),
                              tr("write the full address, e.g. https://example.org/"))
        if parts.scheme or parts.netloc:
            if picture:
                raise LinkProblem(tr("picture {url} is not a file of this site", url=repr(url)),
                                  tr("save it in content/{folder}/ and write {folder}/<file> (the site loads "
                                     "nothing from other sites)", folder=ASSETS_FOLDER))
            return url  # web addresses are kept; other schemes are the sanitiser's to refuse
        if not parts.path:
            return url  # '#part' on the same page
        target = self._target(item, unquote(parts.path), picture)
        suffix = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
        return SITE_SCHEME + target + suffix

    def _target(self, item: Item, path: str, picture: bool) -> str:
        here = posixpath.dirname(item.content_path)
        if path.startswith("/"):
            candidates = [posixpath.normpath(path.lstrip("/"))]
        else:  # relative to the file (as previews on GitHub read it), else from content/ (like `image:`)
            candidates = [posixpath.normpath(posixpath.join(here, path)), posixpath.normpath(path)]
        for candidate in candidates:
            if candidate.startswith("../") or candidate == "..":
                continue
            if candidate in self.assets:
                if picture and posixpath.splitext(candidate)[1].lower() not in PICTURE_TYPES:
                    raise LinkProblem(tr("{path} is not a picture", path=repr(path)),
                                      tr("use {types}", types=", ".join(PICTURE_TYPES)))
                return candidate
            if not picture:
                page = self._page(candidate, item.lang)
                if page is not None:
                    return page
        name = posixpath.basename(path) or path
        drafts = [candidate for candidate in candidates if candidate in self.drafts]
        if drafts and not picture:
            raise LinkProblem(tr("link target {path} is still a draft", path=repr(path)),
                              tr("publish it first, or remove the link"))
        found = closest_asset(path, self.assets, pictures_only=picture)
        if picture:
            raise LinkProblem(tr("picture {path} not found", path=repr(name)),
                              missing_asset_hint(found) or
                              tr("put it in content/{folder}/ and write {path}", folder=ASSETS_FOLDER,
                                 path=f"{ASSETS_FOLDER}/{name}"))
        raise LinkProblem(tr("link target {path} not found", path=repr(path)),
                          missing_asset_hint(found) or tr("link to an article's file, e.g. {example}, or to {folder}/<file>",
                                                          example="../events/spinoff-bulgaria-2024.md",
                                                          folder=ASSETS_FOLDER))

    def _page(self, candidate: str, reader: str) -> str | None:
        """The page of a Markdown file (or of the same item in another language, when that file is a
        translation that does not exist), as a site URL."""
        stem = candidate[: -len(".md")] if candidate.endswith(".md") else candidate.rstrip("/")
        for path in (f"{stem}.md", f"{stem}/index.md"):
            found = self.by_path.get(path)
            if found is not None:
                return self.urls.item(found)
        parts = stem.split("/")
        if len(parts) == 3 and parts[0] in self.languages and parts[1] in SECTIONS:
            versions = self.by_key.get((parts[1], parts[2]), {})
            for lang in [parts[0], reader, *self.languages]:
                if lang in versions:
                    return self.urls.item(versions[lang])
        return None


def closest_asset(written: str, assets: Iterable[str], pictures_only: bool = False) -> str | None:
    """The file under content/ an editor most likely meant by `written`, a path that leads to none: one
    of that name in any folder of assets/ (the first in order, if several), else one whose name is spelt
    alike; None if neither."""
    candidates = sorted(asset for asset in assets
                        if not pictures_only or posixpath.splitext(asset)[1].lower() in PICTURE_TYPES)
    by_name: dict[str, str] = {}
    for asset in candidates:
        by_name.setdefault(posixpath.basename(asset).lower(), asset)
    name = posixpath.basename(written.rstrip("/")).lower()
    if name in by_name:
        return by_name[name]
    close = difflib.get_close_matches(name, by_name, n=1, cutoff=0.8)
    return by_name[close[0]] if close else None


def missing_asset_hint(found: str | None) -> Message | str:
    """What to write instead of a path to a missing file, when `closest_asset` found one."""
    if found is None:
        return ""
    return tr("the file is {file}: write {path}", file=f"content/{found}", path=found)


Outcome = str | tuple[str, str]
"""Where a reference leads (a `cn-site:` or web URL), or why it leads nowhere: (message, hint)."""


class LinkExtension(markdown.Extension):
    """Resolves `<a href>` and `<img src>` of the item being rendered (set `item` before each page)."""

    def __init__(self, links: Links):
        super().__init__()
        self.links = links
        self.item: Item | None = None
        self.references: list[tuple[str, bool, Outcome]] = []
        """(the reference as written, whether it is a picture, its outcome) since the last reset."""

    def outcome(self, item: Item, url: str, picture: bool) -> Outcome:
        try:
            return self.links.resolve(item, url, picture)
        except LinkProblem as problem:
            return problem.message, problem.hint

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Before MkDocs' own link processor ('relpath', priority 0), which would look for the files in
        # the current language's pass only.
        md.treeprocessors.register(_LinkTreeprocessor(md, self), "cluster_news_links", 5)


class _LinkTreeprocessor(markdown.treeprocessors.Treeprocessor):
    def __init__(self, md: markdown.Markdown, extension: LinkExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        item = self.extension.item
        if item is None:
            return
        for element in root.iter():
            key = {"a": "href", "img": "src"}.get(element.tag)
            url = element.get(key) if key else None
            if not url:
                continue
            picture = element.tag == "img"
            outcome = self.extension.outcome(item, url, picture)
            self.extension.references.append((url, picture, outcome))
            if isinstance(outcome, str):
                element.set(key, outcome)
            else:
                del element.attrib[key]  # reported as a link problem: the sanitiser need not report it again


# Sanitising ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Removal:
    """Something the sanitiser removed: what to tell the editor, how many were removed, and how it is
    written in their text (regular expressions, the most precise first), to find its lines."""

    message: str
    written: tuple[str, ...]
    count: int = 1

    def __str__(self) -> str:
        return self.message


def _tag_written(tag: str) -> tuple[str, ...]:
    return (rf"<{re.escape(tag)}(?![\w:-])",)


def _attribute_written(name: str, value: str) -> tuple[str, ...]:
    """`name="value"` in HTML or in an attribute list (`{: name="value" }`, `{ #value }` for an id); else
    the value (a link's address in Markdown: `[x](javascript:…)`); else the name alone (a value written
    otherwise: `&amp;` for `&`)."""
    alone = rf"(?<![\w:-]){re.escape(name)}(?![\w:-])"
    if not value:
        return (alone,)
    written = rf"(?<![\w:-]){re.escape(name)}\s*=\s*[\"']?{re.escape(value)}"
    if name == "id":
        written += rf"|#{re.escape(value)}(?![\w.:-])"
    return written, re.escape(value), alone


def _class_written(token: str) -> tuple[str, ...]:
    name = re.escape(token)
    return (rf"class\s*=\s*[\"'][^\"']*(?<![\w-]){name}(?![\w-])|\.{name}(?![\w-])", rf"(?<![\w-]){name}(?![\w-])")


class Sanitiser:
    """The allowlist, applied with nh3; `clean` also says what it removed."""

    def __init__(self, embeds: Iterable[str]):
        self.embeds = frozenset(embeds)
        self._cleaner = nh3.Cleaner(
            tags=_TAGS, clean_content_tags={"script", "style"}, attributes=_ATTRIBUTES,
            attribute_filter=self._filter, strip_comments=True, link_rel=None,
            url_schemes={*WEB_SCHEMES, SITE_SCHEME[:-1]}, allowed_classes=_CLASSES,
        )

    def _filter(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            return value if _SAFE_ID.fullmatch(value) and not value.startswith(_RESERVED_IDS) else None
        if attribute == "title":
            return value if _SAFE_TITLE.fullmatch(value) else None
        if tag == "iframe" and attribute == "src":
            return value if self._embeddable(value) else None
        if tag == "img" and attribute == "src":  # only pictures the Markdown resolved: files of the site
            return value if value.startswith(SITE_SCHEME) else None
        if tag == "a" and attribute == "href":  # raw HTML is not resolved: only web addresses and anchors
            parts = split_url(value)
            return value if value.startswith((SITE_SCHEME, "#")) or (parts and parts.scheme.lower() in WEB_SCHEMES) \
                else None
        return value

    def _embeddable(self, url: str) -> bool:
        parts = split_url(url)
        try:
            return (parts is not None and parts.scheme == "https" and parts.hostname in self.embeds
                    and parts.port is None and "@" not in parts.netloc)
        except ValueError:  # a port that is no number
            return False

    def clean(self, html: str, *, report: bool = True) -> tuple[str, list[Removal]]:
        """The allowed HTML, and a description of each thing removed (empty when nothing was, or when
        not asked to `report`: finding what was removed costs several times the cleaning)."""
        cleaned = self._cleaner.clean(html)
        if not report or _same_markup(html, cleaned):
            return cleaned, []
        before, after = _Inventory.of(html), _Inventory.of(cleaned)
        removed = before.missing_from(after, self.embeds)
        for declaration in sorted(set(_MARKUP_DECLARATION.findall(html))):
            what = tr("{markup}… (an HTML comment or declaration) removed (not allowed in articles: delete it)",
                      markup=declaration) if declaration == "<!" else \
                tr("{markup}… (a processing instruction) removed (not allowed in articles: delete it)",
                   markup=declaration)
            removed.append(Removal(what,
                                   (re.escape(declaration),), html.count(declaration)))
        return cleaned, removed


def _same_markup(html: str, cleaned: str) -> bool:
    """Whether the sanitiser kept everything, only writing characters its own way (`&para;` as `¶`):
    then there is nothing to report, and the inventory below, which costs several times the cleaning,
    is skipped. Removing anything removes characters, so the texts differ."""
    return cleaned.count("<") == html.count("<") and html_unescape(cleaned) == html_unescape(html)


class _Inventory(BoundedHTMLParser):
    """What a piece of HTML contains: elements, attributes with their values, class names."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str, str]] = Counter()
        self.classes: Counter[tuple[str, str]] = Counter()

    @classmethod
    def of(cls, html: str) -> _Inventory:
        inventory = cls()
        inventory.feed(html)
        inventory.close()
        return inventory

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            if name == "class":
                self.classes.update((tag, token) for token in (value or "").split())
            else:
                self.attributes[(tag, name, value or "")] += 1

    handle_startendtag = handle_starttag

    def missing_from(self, after: _Inventory, embeds: Iterable[str]) -> list[Removal]:
        removed = []
        gone_tags = self.tags - after.tags
        for tag, count in sorted(gone_tags.items()):
            if tag == "script":
                what = tr("{tag} removed (scripts are not allowed)", tag=f"<{tag}>")
            elif tag == "style":
                what = tr("{tag} removed (styles come from the theme)", tag=f"<{tag}>")
            else:
                what = tr("{tag} removed (only simple formatting is allowed)", tag=f"<{tag}>")
            removed.append(Removal(what, _tag_written(tag), count))
        gone_attributes = self.attributes - after.attributes
        for (tag, name, value), count in sorted(gone_attributes.items()):
            if tag in gone_tags and after.tags[tag] == 0:
                continue
            removed.append(Removal(_describe_attribute(tag, name, value, embeds), _attribute_written(name, value),
                                   count))
        for (tag, token), count in sorted((self.classes - after.classes).items()):
            if tag in gone_tags and after.tags[tag] == 0:
                continue
            removed.append(Removal(tr("class {name} on {tag} removed (styles come from the theme; admonitions: "
                                      "{admonitions})", name=repr(token), tag=f"<{tag}>",
                                      admonitions=", ".join(sorted(_ADMONITIONS))), _class_written(token), count))
        return removed


def _describe_attribute(tag: str, name: str, value: str, embeds: Iterable[str]) -> Message:
    shown = repr(value if len(value) <= 60 else value[:57] + "...")
    attribute, element = f"{name}={shown}", f"<{tag}>"
    if name.startswith("on"):
        return tr("{attribute} on {tag} removed (scripts are not allowed)", attribute=attribute, tag=element)
    if name == "style":
        return tr("{attribute} on {tag} removed (styles come from the theme)", attribute=attribute, tag=element)
    if tag == "iframe" and name == "src":
        return tr("embed from {url} removed (embeds must use https://<host>/ with one of: {hosts}; see the "
                  "'embeds' option in mkdocs.yml)", url=shown, hosts=", ".join(sorted(embeds)))
    if tag == "img" and name == "src":
        return tr("picture {url} removed (pictures are files in content/{folder}/, written in Markdown: "
                  "![what it shows]({folder}/photo.jpg))", url=shown, folder=ASSETS_FOLDER)
    parts = split_url(value)
    if name == "href" and parts is not None and not parts.scheme:
        return tr("link to {url} removed (write links to the site's pages in Markdown: [text](../events/x.md))",
                  url=shown)
    if name in ("href", "src"):
        return tr("link to {url} removed (only web addresses, e-mail, phone and this site's pages and files)",
                  url=shown)
    if name == "id":
        return tr("{attribute} removed (ids are letters, digits and '-'; those starting with __, md- or cn- "
                  "belong to the site's scripts)", attribute=attribute)
    if name == "title":
        return tr("{attribute} on {tag} removed (no < or > in titles: the theme shows them as HTML)",
                  attribute=attribute, tag=element)
    return tr("{attribute} on {tag} removed (not allowed)", attribute=attribute, tag=element)


# Checking every body --------------------------------------------------------------------------------

_MAY_NEED_RENDERING = re.compile(r"[<{]|\]\(|\]:")


def renders_plainly(body: str) -> bool:
    """Markdown without raw HTML, attribute lists, links or images: the build need not look for what its
    sanitiser removed from it (validation, which renders every body, reports removals first)."""
    return not _MAY_NEED_RENDERING.search(body)


MAX_BODY = 1024 * 1024
"""Characters of one body: no article needs more, and each costs every build its time."""
MAX_BRACKETS = 1000
"""'[' in one body: links, pictures and footnotes take one each. Python-Markdown's link patterns take
time that grows faster than the square of their number (12,000 took over a minute)."""
MAX_TAGS = 2000
"""HTML tags, comments and instructions ('<' and a letter, '/', '?' or '!') in one body: raw HTML is rare in
articles, a start tag may cost its parser up to `bounds.MAX_SCAN` characters of looking ahead, and the
others some 10 µs each ('<?' repeated over 1 MB: 4.4 s)."""
MAX_RUN = 40
"""The longest run of one of * _ ` ~ allowed: long runs make Python-Markdown recurse until it fails."""
_LONG_RUN = re.compile(r"([*_`~])\1{%d,}" % MAX_RUN)
_TAG_START = re.compile(r"<[A-Za-z/?!]")
MAX_PARAGRAPH_HEADINGS = 25
"""Headings and rules in one paragraph (lines with no empty line between them). Python-Markdown takes them
one line at a time and reads the rest of the paragraph again after each, with every block processor:
40,000 headings in one paragraph took minutes, 100 before 1 MB of text 3.4 s."""
MAX_HEADINGS = 1000
"""Headings and rules in one body: each costs Python-Markdown some 20 µs (a megabyte of them, 5 s)."""
_READ_LINE_BY_LINE = re.compile(r" {0,3}(?:#|!!!|([-=])\1*[ \t]*$|(?:[*_][ \t]*){3,}$)")
"""Headings ('# …', or a line of '=' or '-' under a line), rules ('***', '___', '---') and the first lines
of admonitions ('!!! note')."""
MAX_NESTING = 20
"""Quotes ('>') and list markers at the start of one line: each is a level that Python-Markdown reads the
rest of the text again for ('> ' repeated over 64 KB took over a second)."""
_TOO_NESTED = re.compile(r"^(?:[ \t]*(?:>|(?:[*+-]|\d{1,9}[.)])(?=[ \t]|$))){%d}" % (MAX_NESTING + 1), re.MULTILINE)
MAX_PARAGRAPHS = 10_000
"""Paragraphs (blocks between empty lines) in one body: Python-Markdown spends some 40 µs on each, whatever
its size (a megabyte of short ones took 3 s)."""
RENDERING_BUDGET = (1.0, 4.0)
"""Processor time one body may take to be rendered and sanitised, in seconds: the first plus the second
for each MAX_BODY of text: twice what the slowest shapes the bounds above allow take (10,000 paragraphs
0.5 s, 1 MB of them 1.5 s), ten times normal text; more means a shape none of them foresaw, reported as a
problem of the file."""


@dataclass(frozen=True)
class Rendering:
    """A body as Python-Markdown rendered it, before sanitising, with the references it resolved and
    what they resolved to: what the disk cache keeps (core/body_cache.py)."""

    html: str
    toc_tokens: list
    references: tuple[tuple[str, bool, Outcome], ...] = ()


References = tuple[tuple[str, bool, Outcome], ...]
"""(the reference as written, whether it is a picture, its outcome) for each reference in a body."""


class RenderingStore(Protocol):
    """Where renderings, and the verdicts on bodies that were found clean, are kept between runs
    (core/body_cache.py), which builds on this module."""

    def find(self, item: Item, outcome: Callable[[Item, str, bool], Outcome]) -> Rendering | None: ...

    def keep(self, item: Item, rendering: Rendering) -> None: ...

    def verdict(self, item: Item, outcome: Callable[[Item, str, bool], Outcome], links: str) -> References | None: ...

    def keep_verdict(self, item: Item, references: References) -> None: ...

    def keep_as_it_is(self, item: Item) -> None: ...

    def save(self, links: str, renderings: bool = True) -> None: ...


FEW_TO_RENDER = 1 / 20
"""The share of the bodies below which a check that needs no HTML renders those its verdicts do not
cover anew rather than reading (and writing again) the renderings of every body, which hold all the
site's HTML: a check after a few edits."""


class BodyChecker:
    """Renders bodies as the site does and reports what cannot be published as written."""

    def __init__(self, links: Links, settings: BodySettings, cache: RenderingStore | None = None,
                 renderings: bool = True):
        self.links = LinkExtension(links)
        self.sanitiser = Sanitiser(settings.embeds)
        self.markdown = markdown.Markdown(extensions=[*settings.extensions, self.links],
                                          extension_configs=settings.configs)
        self.cache = cache
        self.renderings = renderings
        """Whether the bodies' HTML is wanted (a build), or only the verdict (`cluster-news check`): then a
        body the cache found clean, as it is now and with its references leading where they did, is not
        rendered and sanitised again."""

    def render(self, item: Item) -> Rendering | None:
        """The body in HTML, unsanitised; None when it is nested too deeply for Python-Markdown."""
        self.links.item, self.links.references = item, []
        try:
            html = self.markdown.reset().convert(item.body)
        except RecursionError:
            return None
        return Rendering(html, getattr(self.markdown, "toc_tokens", []), tuple(self.links.references))

    def check(self, item: Item, cached: Rendering | None = None) -> tuple[BodyCheck, Rendering | None]:
        """What the body's rendering (`cached`, else made now) says cannot be published, with the body as
        published; and the rendering made now, if one was (for the cache)."""
        structure = self._structure(item)
        if structure:
            return BodyCheck(structure), None
        budget = RENDERING_BUDGET[0] + RENDERING_BUDGET[1] * len(item.body) / MAX_BODY
        try:
            with time_budget(budget):
                rendering = cached or self.render(item)
                cleaned, removed = self.sanitiser.clean(rendering.html) if rendering is not None else ("", [])
        except OverBudget:
            return BodyCheck([Problem(item.display_path, body_line(item, ""), "",
                                      tr("reading the text took more than {seconds} s of processor time",
                                         seconds=f"{budget:.1f}"),
                                      tr("its shape is one that Markdown reads slowly (long runs of unclosed "
                                         "brackets or tags, say): simplify it, or split the article"))]), None
        if rendering is None:
            return BodyCheck([Problem(item.display_path, body_line(item, ""), "",
                                      tr("the text is nested too deeply to be read"),
                                      tr("simplify it: fewer nested lists, quotes or HTML blocks"))]), None
        others = self._characters(item)
        if removed:
            text = without_code(item.body)
            others += [Problem(item.display_path, line, "", removal.message)
                       for removal in removed for line in removal_lines(item, text, removal)]
        others += _pictures_without_alt_text(item, cleaned, rendering.references)
        return (BodyCheck(link_problems(item, rendering.references) + others, cleaned, rendering.toc_tokens,
                          None if others else rendering.references), None if cached else rendering)

    def check_all(self, items: list[Item], remembered: dict[tuple, BodyCheck] | None = None,
                  spool: SpooledBodies | None = None) -> list[BodyCheck]:
        """`check` for every item, in order: rendering every body is most of validation's time, so on every
        CPU (when the process may fork), and only for bodies `remembered` (from the last time, then
        replaced by this time's) has not seen as they are now. When nothing is remembered (a build, a
        check, the preview's first build), renderings come from the disk cache when it has them, and a
        check without HTML takes the cache's verdicts on bodies found clean. With a `spool`, the bodies'
        HTML goes there (by file under content/), not into the checks returned."""
        keys = [(self.links.links.fingerprint, item.display_path, item.body_line, item.body) for item in items]
        known = remembered if remembered is not None else {}
        todo = [index for index, key in enumerate(keys) if key not in known]
        cache = self.cache if not known else None
        found: dict[int, BodyCheck] = {}
        if cache is not None and not self.renderings:
            for index in todo:
                references = cache.verdict(items[index], self.links.outcome, self.links.links.fingerprint)
                if references is not None:
                    found[index] = BodyCheck(link_problems(items[index], references))
            todo = [index for index in todo if index not in found]
        renderings = cache is not None and (self.renderings or len(todo) > FEW_TO_RENDER * len(items))
        cached = {}
        if renderings:
            cached = {index: rendering for index in todo
                      if (rendering := cache.find(items[index], self.links.outcome)) is not None}
            for index in found:  # a verdict from the cache: the rendering it was made from stays too
                cache.keep_as_it_is(items[index])

        def check_some(some: list[int]) -> list[tuple[int, BodyCheck, Rendering | None, SpooledPlace | None]]:
            done = [(index, *self.check(items[index], cached.get(index))) for index in some]
            if spool is None:
                return [(index, check, made, None) for index, check, made in done]
            places = spool.store([check for _, check, _ in done])  # the HTML does not travel back
            return [(index, dataclasses.replace(check, html=None, toc_tokens=[]), made, place)
                    for (index, check, made), place in zip(done, places, strict=True)]

        for index, check, made, place in processes.map_chunks(check_some, todo):
            found[index] = check
            if place is not None:
                spool.note(items[index].content_path, place)
            if renderings and (made or index in cached):
                cache.keep(items[index], made or cached[index])
        if cache is not None:
            for index, check in found.items():
                if check.references is not None:
                    cache.keep_verdict(items[index], check.references)
            cache.save(self.links.links.fingerprint, renderings=renderings)
        results = [found[index] if index in found else known[key] for index, key in enumerate(keys)]
        if remembered is not None:  # only what the content has now
            remembered.clear()
            remembered.update(zip(keys, results, strict=True))
        return results

    @staticmethod
    def _characters(item: Item) -> list[Problem]:
        """Bidirectional controls, which make text show otherwise than it reads (as in fields)."""
        found = BIDI_CONTROLS.search(item.body)
        if found is None:
            return []
        return [Problem(item.display_path, body_line(item, found.group()), "",
                        tr("the text contains {character}, a character that changes the direction of the text "
                           "around it", character=character_name(found.group())),
                        tr("delete and retype the text around it; it often comes with copy and paste"))]

    @staticmethod
    def _structure(item: Item) -> list[Problem]:
        """Bodies Python-Markdown would take minutes to read, or fail on: refused before reading."""
        if len(item.body) > MAX_BODY:
            return [Problem(item.display_path, body_line(item, ""), "",
                            tr("the text is longer than {limit} KB", limit=MAX_BODY // 1024),
                            tr("split it into several articles"))]
        problems = []
        tags = _TAG_START.findall(item.body)
        if len(tags) > MAX_TAGS:
            problems.append(Problem(item.display_path, body_line(item, ""), "",
                                    tr("more than {limit} HTML tags in the text ('<' followed by a letter, '/', "
                                       "'?' or '!')", limit=MAX_TAGS),
                                    tr("write it in Markdown, or split the article")))
        if item.body.count("\n\n") > MAX_PARAGRAPHS:
            problems.append(Problem(item.display_path, body_line(item, ""), "",
                                    tr("more than {limit} paragraphs in the text", limit=MAX_PARAGRAPHS),
                                    tr("split the article")))
        crowded, many = _headings(item.body)
        if crowded is not None:
            problems.append(Problem(item.display_path, item.body_line + crowded, "",
                                    tr("more than {limit} headings or rules in one paragraph",
                                       limit=MAX_PARAGRAPH_HEADINGS),
                                    tr("leave an empty line after each heading")))
        if many is not None:
            problems.append(Problem(item.display_path, item.body_line + many, "",
                                    tr("more than {limit} headings or rules in the text", limit=MAX_HEADINGS),
                                    tr("split the article")))
        nested = _TOO_NESTED.search(item.body)
        if nested is not None:
            problems.append(Problem(item.display_path, item.body_line + item.body.count("\n", 0, nested.start()), "",
                                    tr("a line nested more than {limit} levels deep (quotes '>' or list markers "
                                       "at its start)", limit=MAX_NESTING), tr("simplify it")))
        if item.body.count("[") > MAX_BRACKETS:
            problems.append(Problem(item.display_path, body_line(item, "["), "",
                                    tr("more than {limit} '[' in the text", limit=MAX_BRACKETS),
                                    tr("split the article")))
        run = _LONG_RUN.search(item.body)
        if run:
            problems.append(Problem(item.display_path, body_line(item, run.group(0)), "",
                                    tr("a run of more than {limit} {character}", limit=MAX_RUN,
                                       character=repr(run.group(1))), tr("shorten it")))
        return problems


def _headings(body: str) -> tuple[int | None, int | None]:
    """The lines (counted from the body's first) on which a paragraph passes MAX_PARAGRAPH_HEADINGS and the
    body MAX_HEADINGS, if they do. Code blocks do not count: their lines are not read as headings."""
    crowded = many = None
    in_paragraph = in_body = 0
    for number, line in enumerate(without_code(body).split("\n")):
        if not line.strip():
            in_paragraph = 0
        elif _READ_LINE_BY_LINE.match(line):
            in_paragraph, in_body = in_paragraph + 1, in_body + 1
            if in_paragraph > MAX_PARAGRAPH_HEADINGS and crowded is None:
                crowded = number
            if in_body > MAX_HEADINGS:
                return crowded, number
    return crowded, many


def _pictures_without_alt_text(item: Item, html: str, references: Iterable[tuple[str, bool, Outcome]]) -> list[Problem]:
    """A warning for each picture of the text that says nothing to readers who cannot see it, as for
    `image:` without `alt:` (warnings stop the strict build)."""
    if "<img" not in html:
        return []
    written = {outcome: url for url, picture, outcome in references if picture and isinstance(outcome, str)}
    pictures = _Pictures()
    pictures.feed(html)
    pictures.close()
    problems = []
    for src in pictures.without_alt:
        url = written.get(src, src)
        problems.append(Problem(item.display_path, body_line(item, url), "",
                                tr("picture {url} has no alt text", url=repr(url)),
                                tr("write what it shows between the brackets: ![what it shows]({url})", url=url),
                                Severity.WARNING))
    return problems


class _Pictures(BoundedHTMLParser):
    """The `src` of every <img> whose alt text is missing or blank (one without `src` was refused: the
    sanitiser's report says so)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.without_alt: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            values = dict(attrs)
            if values.get("src") and not (values.get("alt") or "").strip():
                self.without_alt.append(values["src"])

    handle_startendtag = handle_starttag


@dataclass(frozen=True)
class BodyCheck:
    """What checking a body found, and the body as it rendered it (sanitised, with its table of contents'
    tokens), which the build publishes instead of rendering every body a second time."""

    problems: list[Problem]
    html: str | None = None
    toc_tokens: list = field(default_factory=list)
    references: References | None = None
    """The references the body's rendering resolved, when what they lead to is all the check had to say
    (no other problem): then the same body, whose references lead to the same, is found clean again."""


SpooledPlace = tuple[str, int, int]
"""Where a spooled body is: (file in the spool's folder, offset, length in bytes)."""


class SpooledBodies(Mapping[str, BodyCheck]):
    """Bodies as validation rendered and sanitised them, by file under content/, kept in files until the
    pages are made rather than in memory: held, they were every body of the site in the process the language
    builds are forked from, and each of those came to hold a copy of the memory pages of the bodies it
    published. The processes that render bodies (forked: core/processes.py) each append theirs to a file of
    their own (`store`), and only where each one is travels back (`note`); whichever process builds a page's language reads its body back (`self[path]`, without problems). The
    folder is private to this build (what is read back was written by it) and removed with this object,
    by the process that made it."""

    def __init__(self) -> None:
        self.folder = processes.spool_folder(self, "cluster-news-bodies-")
        self._places: dict[str, SpooledPlace] = {}

    def store(self, checks: list[BodyCheck]) -> list[SpooledPlace | None]:
        """Append the bodies of `checks` (those with HTML) to this process's file; where each one is."""
        name = f"{os.getpid()}.bodies"
        places: list[SpooledPlace | None] = []
        with processes.spooling(self.folder), open(self.folder / name, "ab") as spool:
            offset = spool.tell()
            for check in checks:
                if check.html is None:
                    places.append(None)
                    continue
                data = pickle.dumps((check.html, check.toc_tokens), protocol=pickle.HIGHEST_PROTOCOL)
                spool.write(data)
                places.append((name, offset, len(data)))
                offset += len(data)
        return places

    def note(self, path: str, place: SpooledPlace) -> None:
        """The body of the file `path` (under content/) is at `place`."""
        self._places[path] = place

    def keep_only(self, paths: set[str]) -> None:
        """Forget the bodies of files other than `paths` (those of items with errors, which are never published)."""
        self._places = {path: place for path, place in self._places.items() if path in paths}

    def __getitem__(self, path: str) -> BodyCheck:
        name, offset, length = self._places[path]
        html, toc_tokens = pickle.loads(processes.read_spooled(self.folder / name, offset, length))
        return BodyCheck([], html, toc_tokens)

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)


def link_problems(item: Item, references: References) -> list[Problem]:
    """A problem for each reference of `item`'s body that leads nowhere."""
    return [Problem(item.display_path, body_line(item, written), "", *outcome)
            for written, _, outcome in references if not isinstance(outcome, str)]


def body_line(item: Item, needle: str) -> int:
    """The file line on which `needle` first appears in the body (case-insensitive), else the first line
    of the text."""
    index = item.body.lower().find(needle.lower()) if needle else -1
    if index < 0:
        index = len(item.body) - len(item.body.lstrip("\n"))
    return item.body_line + item.body.count("\n", 0, index)


def removal_lines(item: Item, text: str, removal: Removal) -> list[int]:
    """The file lines of what the sanitiser removed (as many as it removed), found in `text` (the body
    without its code: `without_code`); else the first line of the body."""
    for written in removal.written:
        found = re.finditer(written, text, re.IGNORECASE)
        offsets = [match.start() for match, _ in zip(found, range(removal.count), strict=False)]
        if offsets:
            return sorted({item.body_line + text.count("\n", 0, offset) for offset in offsets})
    return [body_line(item, "")]


_BACKTICKS = re.compile(r"`+")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def without_code(body: str) -> str:
    """`body` with the inside of its code blocks and code spans blanked out (line breaks kept): what looks
    like HTML there is shown as text, never removed, so it is not where a removal was written. In linear
    time: a code span ends at the next run of as many backticks in its paragraph (CommonMark)."""
    lines = body.split("\n")
    fence, paragraph = None, []
    for number, line in enumerate(lines + [""]):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line[opening.end():].strip():
                fence = None
            elif number < len(lines):  # not the end of the text, where an unclosed fence ends
                lines[number] = " " * len(line)
        elif opening or not line.strip():
            if paragraph:
                lines[paragraph[0]:paragraph[-1] + 1] = _without_code_spans(
                    "\n".join(lines[paragraph[0]:paragraph[-1] + 1])).split("\n")
            fence, paragraph = (opening.group(1) if opening else None), []
        else:
            paragraph.append(number)
    return "\n".join(lines)


def _without_code_spans(text: str) -> str:
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    parts, kept, index = [], 0, 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        later = bisect.bisect_right(same, index)
        if later == len(same):
            index += 1
            continue
        closing = runs[same[later]][0]
        parts += [text[kept:end], re.sub(r"[^\n]", " ", text[end:closing])]
        kept, index = closing, same[later] + 1
    return "".join(parts) + text[kept:]


def safe_heading_text(title: str) -> str:
    """A table-of-contents entry as the theme may print it unescaped: the heading's text, escaped."""
    parser = _Text()
    parser.feed(title)
    parser.close()
    return html_escape("".join(parser.parts))


def safe_heading_id(anchor: str) -> str:
    return anchor if _SAFE_ID.fullmatch(anchor) else ""


class _Text(BoundedHTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def replace_site_urls(html: str, relative: Callable[[str], str]) -> str:
    """Turn `cn-site:` references into links relative to the page (`relative(site_url)`)."""
    return re.sub(rf'(href|src)="{SITE_SCHEME}([^"]*)"', lambda m: f'{m.group(1)}="{relative(m.group(2))}"', html)
