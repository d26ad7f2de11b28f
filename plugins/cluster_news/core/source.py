"""Reading one Markdown file: its YAML front matter with the line of every key, and its body."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .problems import ContentError

_HANDLER = frontmatter.YAMLHandler()


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: ~4x faster
    """Safe YAML, but dates stay text: the schema parses them (an impossible date is an editor's
    mistake to report, not a crash, and '2024-06-20T10:00' must not differ from '2024-06-20 10:00:00')."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


@dataclass
class SourceFile:
    """A Markdown file split into front matter (values and their lines) and body."""

    meta: dict[str, Any]
    nodes: dict[str, yaml.Node]
    lines: dict[str, int]
    body: str
    first_line: int = 1
    body_line: int = 1
    raw: dict[str, Any] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.first_line)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), or a ContentError naming the line of the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContentError(
            f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
            "save it as UTF-8 in your editor",
            line=line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str) -> SourceFile:
    """Split front matter from body and load it with line numbers (1-based, in the file)."""
    if not _HANDLER.detect(text):
        raise ContentError(
            "the file has no front matter",
            "start the file with a line '---', the fields such as 'title: ...', then another '---'",
            line=1,
        )
    try:
        fm_text, body = _HANDLER.split(text)
    except ValueError:
        raise ContentError(
            "the front matter is not closed",
            "end the fields with a line '---' (and put the text after it)",
            line=1,
        ) from None
    # File line on which YAML's line 0 sits (the rest of the opening '---' line).
    opening = _HANDLER.FM_BOUNDARY.search(text)
    offset = text.count("\n", 0, opening.end()) + 1
    body_line = offset + fm_text.count("\n") + 1
    loader = _Loader(fm_text)
    try:
        node = loader.get_single_node()
        meta = loader.construct_document(node) if node is not None else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = offset + mark.line if mark else 1
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError(
            f"the front matter is not valid YAML: {problem}",
            "check indentation, and quote values that contain ': ' or start with a special character",
            line=line,
        ) from None
    finally:
        loader.dispose()
    if meta is None:
        meta = {}
    if not isinstance(meta, dict) or not isinstance(node, yaml.MappingNode):
        raise ContentError(
            "the front matter must be a list of 'field: value' lines", line=offset
        )
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
        body_line=body_line,
    )


def read(path: Path) -> SourceFile:
    return parse(decode(path.read_bytes()))
