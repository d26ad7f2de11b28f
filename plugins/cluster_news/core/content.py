"""Reading a content tree (`content/<lang>/<section>/<slug>.md`) into validated items.

`load_content` is the single implementation behind the build and the `check` command: it reads
every file once, reports every problem at once (with `file:line`), and never drops a file silently.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .model import SECTIONS, Item, Moment
from .problems import ContentError, Problem, Severity
from .schema import LOCATION_FIELDS, SLUG_PATTERN, Field, fields_for
from .slugs import slugify
from .source import SourceFile, decode, parse
from .urls import is_web_address

_OTHER_MARKDOWN_EXTENSIONS = (".markdown", ".mdown", ".mkdn", ".mkd")


@dataclass
class ContentTree:
    """Every Markdown file of every language, read and validated, plus what was wrong."""

    root: Path
    languages: list[str]
    items: list[Item] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def load_content(
    root: Path,
    languages: list[str],
    *,
    display_root: str = "content",
    default_timezone: str = "Europe/Brussels",
) -> ContentTree:
    """Read and validate `root`; `display_root` is how paths appear in messages."""
    tree = ContentTree(root=root, languages=list(languages))
    for extension in _OTHER_MARKDOWN_EXTENSIONS:  # MkDocs would publish these unchecked
        for path in sorted(root.rglob(f"*{extension}")):
            tree.problems.append(Problem(f"{display_root}/{path.relative_to(root).as_posix()}", 1, "",
                                         f"Markdown files must end in .md, not {extension}", "rename the file"))
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root)
        display = f"{display_root}/{relative.as_posix()}"
        item = _load_file(path, relative, display, tree, default_timezone)
        if item is not None:
            tree.items.append(item)
    for language in languages:
        if not (root / language / "index.md").is_file():
            tree.problems.append(
                Problem(
                    f"{display_root}/{language}/index.md", 1, "", "the home page of this language is missing",
                    "create it with at least 'title:' in its front matter",
                )
            )
    _check_across_files(tree)
    tree.problems.sort(key=lambda p: (p.path, p.line, p.field))
    return tree


def _load_file(
    path: Path, relative: Path, display: str, tree: ContentTree, default_timezone: str
) -> Item | None:
    parts = relative.parts
    if len(parts) == 1 or parts[0] not in tree.languages:
        hint = "put pages in one of the language folders: " + ", ".join(f"content/{lang}/" for lang in tree.languages)
        what = "a page outside the language folders" if len(parts) == 1 else f"unknown language folder {parts[0]!r}"
        tree.problems.append(Problem(display, 1, "", what, hint))
        return None
    lang, rest = parts[0], parts[1:]
    kind, slug = _classify(rest)
    if kind in SECTIONS and len(rest) > 2:
        tree.problems.append(
            Problem(display, 1, "", f"items of {kind}/ live directly in that folder, not in sub-folders",
                    f"move it to content/{lang}/{kind}/{path.name}")
        )
        return None
    if kind in SECTIONS and not SLUG_PATTERN.match(slug):
        suggestion = slugify(slug, lang) or "my-article"
        tree.problems.append(
            Problem(display, 1, "", f"the file name {path.name!r} is not a valid slug",
                    f"use lower-case ASCII letters, digits and hyphens, e.g. {suggestion}.md")
        )
        return None
    try:
        source = parse(decode(path.read_bytes()))
    except ContentError as error:
        tree.problems.append(Problem(display, error.line or 1, "", error.message, error.hint))
        return None
    values, problems = _read_fields(source, kind, display)
    image = values.get("image")
    if image and not is_web_address(image) and not _is_file(tree.root / image):
        problems.append(Problem(display, source.line_of("image"), "image", f"there is no file content/{image}",
                                "put the picture under content/assets/ and write its path, e.g. assets/photo.jpg"))
    tree.problems.extend(problems)
    if any(p.is_error for p in problems):
        return None
    if kind == "events":  # defaults, so that leaving a field out agrees with writing its default
        values.setdefault("timezone", default_timezone)
        values.setdefault("status", "scheduled")
    return Item(
        section=kind if kind in SECTIONS else "",
        slug=slug,
        lang=lang,
        path=path,
        display_path=display,
        title=values.get("title", ""),
        values=values,
        lines=source.lines,
        body=source.body,
        first_line=source.first_line,
    )


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # e.g. a name longer than the file system allows
        return False


def _classify(rest: tuple[str, ...]) -> tuple[str, str]:
    """('news', 'slug') for an item, ('page', 'path/stem') for any other page."""
    stem = "/".join(rest)[: -len(".md")]
    if len(rest) >= 2 and rest[0] in SECTIONS and rest[-1] != "index.md":
        return rest[0], rest[-1][: -len(".md")]
    return "page", stem


def _read_fields(source: SourceFile, kind: str, display: str) -> tuple[dict[str, Any], list[Problem]]:
    fields = fields_for(kind)
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, raw in source.meta.items():
        line = source.line_of(name)
        spec = fields.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, fields, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"{kind} pages take: " + ", ".join(fields)
            problems.append(Problem(display, line, name, "unknown field, ignored", hint, Severity.WARNING))
            continue
        if raw is None and not spec.required:
            continue
        try:
            values[name] = spec.kind.read(raw, source.nodes.get(name))
        except ContentError as error:
            where = source.first_line + error.line if error.line is not None else line
            problems.append(Problem(display, where, error.field or name, error.message, error.hint))
    for spec in fields.values():
        if spec.required and spec.name not in source.meta:
            problems.append(
                Problem(display, source.first_line, spec.name, "is required", f"add '{spec.name}: ' ({spec.kind.description})")
            )
    if not problems:
        problems.extend(_check_ranges(values, source, kind, display))
    return values, problems


def _check_ranges(values: dict[str, Any], source: SourceFile, kind: str, display: str) -> list[Problem]:
    start, end = values.get("start"), values.get("end")
    problems = []
    if start is not None and end is not None:
        if _is_timed(start) != _is_timed(end):
            problems.append(
                Problem(display, source.line_of("end"), "end", "must be the same kind as start",
                        "both dates (all-day) or both date-times (YYYY-MM-DDTHH:MM)")
            )
        elif end < start:
            problems.append(
                Problem(display, source.line_of("end"), "end", f"{end.isoformat()} is before start {start.isoformat()}",
                        "end is the last day (or time), on or after start")
            )
    if kind == "news" and values.get("updated") and values["updated"] < values["date"]:
        problems.append(
            Problem(display, source.line_of("updated"), "updated", "is before the publication date",
                    f"use a date on or after {values['date'].isoformat()}")
        )
    return problems


def _is_timed(moment: Moment) -> bool:
    return isinstance(moment, dt.datetime)


def _check_across_files(tree: ContentTree) -> None:
    """References must point at existing items; translations must agree on shared facts."""
    published = {(i.section, i.slug) for i in tree.items if i.section and not i.draft}
    drafts = {(i.section, i.slug) for i in tree.items if i.section and i.draft} - published
    for item in tree.items:
        if item.draft or item.section not in SECTIONS:
            continue
        for name, target in (("clusters", "clusters"), ("projects", "projects"), ("coordinator", "clusters")):
            value = item.values.get(name)
            slugs = [value] if isinstance(value, str) else value or []
            for slug in slugs:
                if (target, slug) in published:
                    continue
                if (target, slug) in drafts:
                    message, hint = f"{target[:-1]} {slug!r} is still a draft", "publish it first or remove the reference"
                else:
                    known = sorted(s for sec, s in published if sec == target)
                    close = difflib.get_close_matches(slug, known, n=1)
                    message = f"there is no {target[:-1]} {slug!r}"
                    hint = (f"did you mean {close[0]!r}? " if close else "") + (
                        f"known: {', '.join(known)}" if known else f"create content/<lang>/{target}/{slug}.md"
                    )
                tree.problems.append(Problem(item.display_path, item.line_of(name), name, message, hint))
    _check_translations_agree(tree)


def _check_translations_agree(tree: ContentTree) -> None:
    by_key: dict[tuple[str, str], list[Item]] = {}
    for item in tree.items:
        by_key.setdefault((item.section, item.slug), []).append(item)
    order = {lang: index for index, lang in enumerate(tree.languages)}
    for versions in by_key.values():
        if len(versions) < 2 or versions[0].section not in SECTIONS:
            continue
        versions.sort(key=lambda i: order[i.lang])
        original, translations = versions[0], versions[1:]
        shared = [f for f in fields_for(original.section).values() if f.shared]
        for translation in translations:
            for spec in shared:
                for name, mine, theirs in _shared_values(spec, translation, original):
                    if mine != theirs:
                        tree.problems.append(
                            Problem(
                                translation.display_path, translation.line_of(spec.name), name,
                                f"says {_show(mine)} but {original.display_path} says {_show(theirs)}",
                                "facts that do not depend on language must be the same in every translation"
                                + ("; copy the line from there" if mine is None else ""),
                            )
                        )


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
        return "nothing"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return repr(value)
