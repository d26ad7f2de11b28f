"""Front matter for new files: a valid start for each section, or a translation of an existing item."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from .model import Item
from .schema import LOCATION_FIELDS, fields_for

KINDS = {"news": "news", "event": "events", "project": "projects", "cluster": "clusters"}
"""The words editors type -> section folders."""


def _dump(values: dict[str, Any]) -> str:
    return yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=100)


def new_item(section: str, title: str, today: dt.date, timezone: str = "Europe/Brussels") -> str:
    """A new file's text: required fields filled in, optional ones as comments to fill or delete."""
    required: dict[str, Any] = {"title": title}
    hints: list[str] = ["summary: One or two sentences for lists and search results.", "tags: []"]
    if section == "news":
        required["date"] = today
    elif section == "events":
        required["start"] = today
        hints += ["end: " + today.isoformat() + "   # last day; or 2025-06-20T17:00 with start 2025-06-20T09:30",
                  f"timezone: {timezone}", "location:", "  name: ", "  city: ", "  country: UA",
                  "registration: https://", "status: scheduled"]
    elif section == "projects":
        hints += ["acronym: ", "programme: Horizon Europe", "start: " + today.isoformat(),
                  "end: " + today.isoformat(), "coordinator: ", "partners: []", "website: https://"]
    elif section == "clusters":
        hints += ["country: UA", "city: ", "website: https://"]
    hints += ["clusters: []", "projects: []"]
    commented = "".join(f"# {line}\n" for line in hints)
    return f"---\n{_dump(required)}{commented}---\n\nWrite the text here.\n"


def translation_of(original: Item, title: str, today: dt.date) -> str:
    """A translation's text: the new title, and every language-independent fact the original states."""
    values: dict[str, Any] = {"title": title}
    for name, spec in fields_for(original.section).items():
        value = original.values.get(name)
        if not spec.shared or value is None or name not in original.lines:
            continue
        if name == "location":
            shared = {part.name: getattr(value, part.name) for part in LOCATION_FIELDS
                      if part.shared and getattr(value, part.name) is not None}
            if shared:
                values[name] = shared
        elif isinstance(value, dt.datetime):
            values[name] = value.strftime("%Y-%m-%dT%H:%M")
        else:
            values[name] = value
    if original.section == "news":  # a translation is published when it is written
        values["date"] = today
    note = (f"# Translated from {original.display_path}: the facts above must stay as they are there.\n"
            "# Add summary, tags and the text in this language.\n")
    return f"---\n{_dump(values)}{note}---\n\nWrite the translation here.\n"
