"""What reading Markdown files found, kept between runs: parsing a file's front matter within bounds and
reading its fields is most of what validation costs once bodies' verdicts and renderings are kept
(core/body_cache.py), and from one run to the next most files have not changed.

An entry is what one file's bytes made (its item), kept only for a file that had nothing to say: a file
with any problem, even a warning, is read anew every time. It depends on the bytes, on where the file
is (its path, the name messages give it, what its folder makes it) and on the default time zone: its
key; and on the code that reads (this package, the installed packages, Python) and the starter texts a
file must not keep (core/strings.yml): the file's name. Each entry is kept only if it reads back exactly
as the item it was made from, value for value and type for type. Unreadable or malformed files and
entries are ignored: the cache only saves time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from . import i18n
from .cache import code_version, read_document, write_entries
from .model import Item, Location, Party, Picture
from .schema import SECTIONS

_GROUPS = {kind.__name__: kind for kind in (Picture, Location, Party)}
"""The groups of fields that items' values hold (schema.py), by name."""


class ReadingCache:
    """The items read from files' bytes, in `folder`: `find` before reading, `keep` what this run read
    without a problem, `save` at the end (which drops what the content no longer has)."""

    def __init__(self, folder: Path):
        version = hashlib.sha256(json.dumps([code_version(), i18n.starter_texts()]).encode()).hexdigest()
        self.file = folder / f"files-{version[:24]}.json"
        self._found: dict[str, object] | None = None
        self._kept: dict[str, object] = {}
        self._new = False

    def find(self, key: tuple, text: str, path: Path) -> Item | None:
        """The item the file at `path` (whose place and bytes are `key`, its text `text`) made before."""
        entry_key = _key(key)
        entry = self._entries().get(entry_key)
        item = _item(entry, key, text, path) if entry is not None else None
        if item is not None:
            self._kept[entry_key] = entry
        return item

    def keep(self, key: tuple, text: str, item: Item) -> None:
        """`item`, read from the file `key` names, whose text is `text`, without a problem."""
        try:
            entry = {"values": _encoded(item.values), "lines": item.lines, "title": item.title,
                     "first_line": item.first_line, "body_line": item.body_line,
                     "body_at": len(text) - len(item.body)}
        except TypeError:
            return
        entry = json.loads(json.dumps(entry, ensure_ascii=False))
        again = _item(entry, key, text, item.path)
        if again is not None and _same(_fields(again), _fields(item)):
            self._kept[_key(key)] = entry
            self._new = True

    def save(self) -> None:
        """Write what this run kept, unless it is what the file holds already."""
        if not self._new and len(self._kept) == len(self._entries()):
            return
        write_entries(self.file, "files-", [f"{json.dumps(key)}:{json.dumps(entry, ensure_ascii=False)}"
                                             for key, entry in self._kept.items()])

    def _entries(self) -> dict[str, object]:
        if self._found is None:
            self._found = read_document(self.file).get("entries", {})
        return self._found


def _key(key: tuple) -> str:
    """`key`: (file path, path under content/, shown path, kind, slug, default time zone, bytes)."""
    _, *place, data = key
    return hashlib.sha256("\0".join(place).encode("utf-8", "surrogatepass") + b"\0\0" + data).hexdigest()


def _item(entry: object, key: tuple, text: str, path: Path) -> Item | None:
    """The item an entry describes, if it has the shape `keep` writes."""
    _, relative, display, kind, slug, _, _ = key
    try:
        values = _decoded(entry["values"])
        lines, title, body_at = entry["lines"], entry["title"], entry["body_at"]
        first_line, body_line = entry["first_line"], entry["body_line"]
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
    if not (isinstance(values, dict) and isinstance(lines, dict) and isinstance(title, str)
            and all(isinstance(value, int) for value in (first_line, body_line, body_at, *lines.values()))
            and 0 <= body_at <= len(text)):
        return None
    return Item(section=kind if kind in SECTIONS else "", slug=slug, lang=relative.split("/")[0], path=path,
                content_path=relative, display_path=display, title=title, values=values, lines=lines,
                body=text[body_at:], first_line=first_line, body_line=body_line)


def _encoded(value: Any) -> Any:
    """`value` as JSON: dates, date-times and groups of fields tagged with their type."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [_encoded(part) for part in value]
    if isinstance(value, dict):
        return {"dict": {str(name): _encoded(part) for name, part in value.items()}}
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if type(value).__name__ in _GROUPS:
        return {type(value).__name__: {name: _encoded(part) for name, part in dataclasses.asdict(value).items()}}
    raise TypeError(f"cannot keep {type(value).__name__}")


def _decoded(value: Any) -> Any:
    if isinstance(value, list):
        return [part if isinstance(part, str) else _decoded(part) for part in value]
    if not isinstance(value, dict):
        return value
    [(tag, inner)] = value.items()
    if tag == "dict":
        return {name: _decoded(part) for name, part in inner.items()}
    if tag == "datetime":
        return dt.datetime.fromisoformat(inner)
    if tag == "date":
        return dt.date.fromisoformat(inner)
    return _GROUPS[tag](**{name: _decoded(part) for name, part in inner.items()})


def _same(one: Any, other: Any) -> bool:
    """Whether two values are equal and of the same types throughout (1 and 1.0 and True are not the same)."""
    if type(one) is not type(other):
        return False
    if isinstance(one, (list, tuple)):
        return len(one) == len(other) and all(_same(a, b) for a, b in zip(one, other, strict=True))
    if isinstance(one, dict):
        return list(one) == list(other) and all(_same(one[name], other[name]) for name in one)
    if dataclasses.is_dataclass(one):
        return _same(_fields(one), _fields(other))
    return one == other


def _fields(value: Any) -> list:
    return [getattr(value, field.name) for field in dataclasses.fields(value)]
