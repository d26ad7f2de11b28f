"""Reading one Markdown file: its YAML front matter with the line of every key, and its body.

Front matter comes from strangers (anyone who can open a pull request), so YAML is read within bounds:
a few kilobytes of aliases and merge keys can expand into gigabytes, and deep nesting can crash a
parser. Editors never need those features, so they are refused before anything is built from the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import frontmatter
import yaml

from .messages import tr
from .problems import ContentError

_HANDLER = frontmatter.YAMLHandler()

MAX_FRONT_MATTER = 64 * 1024
"""Bytes of front matter: a few hundred are usual; more is a mistake or an attack on the build."""
MAX_DEPTH = 6
"""Nesting of groups and lists: `location:` is two levels deep, nothing editors write goes past three."""
MAX_VALUES = 2000
"""Keys, values and list entries in one front matter."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: ~4x faster
    """Safe YAML, but dates stay text: the schema parses them (an impossible date is an editor's
    mistake to report, not a crash, and '2024-06-20T10:00' must not differ from '2024-06-20 10:00:00')."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)

MAX_DIGITS = 30
"""Characters of a number read as a number: no field needs more (a grant number is read as text), and
Python refuses to turn more than 4,300 digits into a number at all (a traceback, not `file:line`)."""


def _integer_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    """An integer as YAML reads it, or the text written when it is too long to be a number: fields that take
    text read it as written, those that take numbers refuse it with the file's line."""
    if len(node.value) > MAX_DIGITS:
        return loader.construct_scalar(node)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:int", _integer_or_text)


@dataclass
class SourceFile:
    """A Markdown file split into front matter (values, their YAML nodes and lines) and body."""

    meta: dict[str, Any]
    nodes: dict[str, yaml.Node]
    lines: dict[str, int]
    body: str
    first_line: int = 1
    """The file line of the front matter's first field."""
    body_line: int = 1
    """The file line of the body's first line (`body.split("\n")[0]`)."""

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.first_line)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), or a ContentError naming the line of the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContentError(
            tr("the file is not valid UTF-8 (byte {byte})", byte=f"0x{data[error.start]:02x}"),
            tr("save it as UTF-8 in your editor"),
            line=line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def parse(text: str) -> SourceFile:
    """Split front matter from body and load it with line numbers (1-based, in the file)."""
    if not _HANDLER.detect(text):
        raise ContentError(
            tr("the file has no front matter"),
            tr("start the file with a line '---', the fields such as 'title: ...', then another '---'"),
            line=1,
        )
    try:
        fm_text, body = _HANDLER.split(text)
    except ValueError:
        raise ContentError(
            tr("the front matter is not closed"),
            tr("end the fields with a line '---' (and put the text after it)"),
            line=1,
        ) from None
    # File line on which YAML's line 0 sits (the rest of the opening '---' line).
    opening = _HANDLER.FM_BOUNDARY.search(text)
    offset = text.count("\n", 0, opening.end()) + 1
    if len(fm_text.encode("utf-8")) > MAX_FRONT_MATTER:
        raise ContentError(tr("the front matter is longer than {limit} KB", limit=MAX_FRONT_MATTER // 1024),
                           tr("keep only the fields; put long text in the body"), line=offset)
    try:
        _check_bounds(fm_text)
        loader = _Loader(fm_text)
        try:
            node = loader.get_single_node()
            meta = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except ContentError as error:
        error.line = offset + (error.line or 0)
        raise
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line if mark else 0
        lines = fm_text.split("\n")
        raise _yaml_problem(error, offset + line, lines[line] if line < len(lines) else "") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict) or not isinstance(node, yaml.MappingNode):
        raise ContentError(tr("the front matter must be a list of 'field: value' lines"), line=offset)
    nodes: dict[str, yaml.Node] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        nodes[key] = value_node
        lines[key] = offset + key_node.start_mark.line
    return SourceFile(
        meta={str(k): v for k, v in meta.items()},
        nodes=nodes,
        lines=lines,
        body=body,
        first_line=offset,
        body_line=text.count("\n", 0, len(text) - len(body)) + 1,  # the body is the text's tail
    )


def _yaml_problem(error: yaml.YAMLError, line: int, text: str) -> ContentError:
    problem = getattr(error, "problem", None) or str(error)
    if "\t" in text[: len(text) - len(text.lstrip())]:
        return ContentError(tr("a tab character in the front matter"), tr("indent with spaces, never tabs"), line=line)
    return ContentError(
        tr("the front matter is not valid YAML: {problem}", problem=problem),
        tr("check indentation, and quote values that contain ': ' or start with a special character"),
        line=line,
    )


def _check_bounds(fm_text: str) -> None:
    """Refuse what can make YAML cost more than its size (aliases, merge keys, tags, depth), and
    duplicate keys (YAML keeps the last one silently). Reads parser events: no recursion, no expansion.
    Errors carry the line within the front matter (0-based)."""
    containers: list[tuple[str, set[str] | None, list[bool]]] = []  # kind, keys seen, [expecting a key]
    values = 0
    for event in yaml.parse(fm_text, Loader=_Loader):
        line = event.start_mark.line
        if isinstance(event, yaml.AliasEvent):
            raise ContentError(tr("an alias ({alias}) in the front matter", alias=f"*{event.anchor}"),
                               tr("write the value out again; aliases and anchors are not allowed"), line=line)
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            values += 1
            if values > MAX_VALUES:
                raise ContentError(tr("more than {limit} values in the front matter", limit=MAX_VALUES),
                                   tr("keep only the fields an article needs"), line=line)
            if event.anchor is not None:
                raise ContentError(tr("an anchor ({anchor}) in the front matter", anchor=f"&{event.anchor}"),
                                   tr("write values out; anchors and aliases are not allowed"), line=line)
            if event.tag is not None and not (isinstance(event, yaml.ScalarEvent) and event.tag == "!"):
                raise ContentError(tr("a YAML tag ({tag}) in the front matter", tag=event.tag),
                                   tr("remove it; write plain values"), line=line)
            key_position = bool(containers) and containers[-1][0] == "map" and containers[-1][2][0]
            if key_position:
                key = event.value if isinstance(event, yaml.ScalarEvent) else None
                if key == "<<" and not event.style:  # plain, not quoted
                    raise ContentError(tr("a merge key (<<) in the front matter"),
                                       tr("write the fields out; merge keys are not allowed"), line=line)
                seen = containers[-1][1]
                if key is not None:
                    if key in seen:
                        raise ContentError(tr("the field {field} appears twice", field=repr(key)),
                                           tr("keep one of them"), field=key, line=line)
                    seen.add(key)
            if containers and containers[-1][0] == "map":
                containers[-1][2][0] = not containers[-1][2][0]
        if isinstance(event, yaml.CollectionStartEvent):
            if len(containers) >= MAX_DEPTH:
                raise ContentError(tr("values nested more than {limit} levels deep", limit=MAX_DEPTH),
                                   tr("front matter fields are at most a group of values"), line=line)
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            containers.append((kind, set() if kind == "map" else None, [True]))
        elif isinstance(event, yaml.CollectionEndEvent):
            containers.pop()
