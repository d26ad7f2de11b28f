"""Front matter written for editors: a new file, a translation's start, and facts copied into translations.

Everything is derived from the field declarations (schema.py) and written in the editor's language,
so a new field appears here without another edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from . import dates, i18n
from .messages import in_language
from .model import NEWS, Item, Location
from .schema import LOCATION_FIELDS, Date, Field, Moment, fields_for, writing_order


def _dump(values: dict[str, Any]) -> str:
    return yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=100)


def _written(value: Any) -> Any:
    """A value as editors write it: local date-times without seconds, locations as their shared facts."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, Location):
        return {part.name: getattr(value, part.name) for part in LOCATION_FIELDS
                if part.shared and getattr(value, part.name) is not None}
    return value


def new_item(section: str, title: str, today: dt.date, timezone: str, lang: str, site_timezone: str | None = None) -> str:
    """A new file's text: required fields filled in, the others as comments to fill in or delete, and
    starter texts (in `lang`) that `check` refuses to publish until they are replaced; every comment in `lang`.
    `timezone` is the zone of `lang`'s country: written as the event's when it is not the site's own
    (`site_timezone`), which an event without one takes."""
    fields = writing_order(section)
    values: dict[str, Any] = {"title": title}
    for spec in fields:
        if spec.required and spec.name not in values:
            values[spec.name] = today if isinstance(spec.kind, (Date, Moment)) else ""
        elif spec.name == "timezone" and timezone != (site_timezone or timezone):
            values[spec.name] = timezone
    words = {"summary": i18n.translate(lang, "starter_summary"), "alt": i18n.translate(lang, "starter_alt"),
             "today": today.isoformat(), "timezone": timezone, "country": dates.zone_country(timezone) or ""}
    hints = "".join(_hint(spec, words, lang) for spec in fields
                    if not spec.required and spec.example is not None and spec.name not in values)
    return f"---\n{_dump(values)}{hints}---\n\n{i18n.translate(lang, 'starter_body')}\n"


def _hint(spec: Field, words: dict[str, str], lang: str) -> str:
    note = f"   # {in_language(spec.note, lang)}" if spec.note else ""
    lines = f"{spec.name}: {spec.example.format(**words)}{note}".split("\n")
    return "".join(f"# {line.rstrip()}\n" if line.strip() else "" for line in lines)


def shared_facts(original: Item) -> dict[str, Any]:
    """The language-independent facts the original states, as they are written."""
    values = {}
    for name, spec in fields_for(original.section).items():
        value = original.values.get(name)
        if spec.shared and value is not None and name in original.lines:
            written = _written(value)
            if written or written == 0:
                values[name] = written
    return values


def translation_of(original: Item, title: str, today: dt.date, lang: str) -> str:
    """A translation's start: the new title and every language-independent fact of the original."""
    values: dict[str, Any] = {"title": title, **shared_facts(original)}
    if original.section == NEWS:  # a translation is published when it is written
        values["date"] = today
    note = i18n.translate(lang, "starter_translation_note", original=original.display_path)
    return f"---\n{_dump(values)}# {note}\n---\n\n{i18n.translate(lang, 'starter_translation')}\n"


def sync_facts(original: Item, translation: Item, text: str) -> str:
    """`text` (the translation's file) with its shared facts set to the original's, every other line kept.
    A shared fact the original does not state is removed; one the translation lacks is added at the end."""
    lines = text.split("\n")
    closing = _closing_line(lines)
    facts = shared_facts(original)
    replacements: list[tuple[int, int, str | None]] = []  # (first line, line after, new text), 0-based
    additions: list[str] = []
    for name, spec in fields_for(original.section).items():
        if not spec.shared:
            continue
        wanted = facts.get(name)
        if name == "location" and translation.location is not None:
            kept = {part.name: getattr(translation.location, part.name) for part in LOCATION_FIELDS
                    if not part.shared and getattr(translation.location, part.name) is not None}
            wanted = {**kept, **(wanted or {})} or None
        if name in translation.lines:
            first, after = _span(translation, name, lines)
            current = "\n".join(lines[first:after])
            new = _dump({name: wanted}).rstrip("\n") if wanted is not None else None
            if new != current:
                replacements.append((first, after, new))
        elif wanted is not None:
            additions.append(_dump({name: wanted}).rstrip("\n"))
    if additions:
        replacements.append((closing, closing, "\n".join(additions)))
    for first, after, new in sorted(replacements, key=lambda r: r[0], reverse=True):
        lines[first:after] = [] if new is None else new.split("\n")
    return "\n".join(lines)


def _closing_line(lines: list[str]) -> int:
    """The index of the front matter's closing '---'."""
    return next(index for index, line in enumerate(lines) if index > 0 and line.strip() == "---")


def _span(item: Item, name: str, lines: list[str]) -> tuple[int, int]:
    """The 0-based lines [first, after) that hold field `name` in the file: its key line and every
    more-indented (or blank) line after it."""
    first = item.lines[name] - 1
    after = first + 1
    closing = _closing_line(lines)
    while after < closing and (not lines[after].strip() or lines[after][:1] in (" ", "\t", "-")):
        after += 1
    while after - 1 > first and not lines[after - 1].strip():
        after -= 1
    return first, after
