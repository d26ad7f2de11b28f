"""Which item exists in which language, and which translations are older than their original."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .content import ContentTree
from .history import ContentHistory
from .model import Item
from .schema import SECTIONS

ORIGINAL, PRESENT, OUTDATED, MISSING, DRAFT = "original", "present", "outdated", "missing", "draft"


@dataclass
class Row:
    section: str
    slug: str
    status: dict[str, str]
    """Language -> original, present, outdated (the original changed after it), missing or draft."""

    @property
    def item(self) -> str:
        return f"{self.section}/{self.slug}"


@dataclass(frozen=True)
class OutdatedTranslation:
    """A translation last changed before its original: what its page tells readers."""

    original: Item
    original_changed: dt.date
    translated: dt.date
    """When the translation itself last changed."""


def original_language(versions: dict[str, Item], languages: list[str], history: ContentHistory) -> str:
    """The language an item was written in first: the version whose file git saw first; with no
    history to tell (or a tie: files committed together), the first in site language order."""
    order = [lang for lang in languages if lang in versions]

    def first_commit(lang: str) -> int:  # commits are numbered newest first: the oldest has the largest number
        return max(history.commits(versions[lang].path), default=-1)

    return max(order, key=lambda lang: (first_commit(lang), -order.index(lang)))


def outdated_translation(versions: dict[str, Item], lang: str, languages: list[str],
                         history: ContentHistory) -> OutdatedTranslation | None:
    """Whether the `lang` version was last changed on an earlier day than its original, as git tells it
    (files without a commit tell nothing: no claim is made from modification times; changes on the same
    day, such as a fact copied into every version, are not news to readers)."""
    if lang not in versions or not history.commits(versions[lang].path):
        return None
    original_lang = original_language(versions, languages, history)
    if lang == original_lang or not history.commits(versions[original_lang].path):
        return None
    mine = history.last_change([versions[lang].path])
    theirs = history.last_change([versions[original_lang].path])
    if mine.at.date() >= theirs.at.date():
        return None
    return OutdatedTranslation(versions[original_lang], theirs.at.date(), mine.at.date())


def translation_matrix(tree: ContentTree, history: ContentHistory) -> list[Row]:
    """One row per item (section order, then slug); the original is the version written first."""
    versions: dict[tuple[str, str], dict[str, Item]] = {}
    for item in tree.items:
        if item.section in SECTIONS:
            versions.setdefault((item.section, item.slug), {})[item.lang] = item
    rows = []
    for (section, slug), by_lang in sorted(versions.items(), key=lambda pair: (SECTIONS.index(pair[0][0]), pair[0][1])):
        original_lang = original_language(by_lang, tree.languages, history)
        original_change = history.last_change([by_lang[original_lang].path]).at
        status = {}
        for lang in tree.languages:
            item = by_lang.get(lang)
            if item is None:
                status[lang] = MISSING
            elif item.draft:
                status[lang] = DRAFT
            elif lang == original_lang:
                status[lang] = ORIGINAL
            elif history.last_change([item.path]).at < original_change:
                status[lang] = OUTDATED
            else:
                status[lang] = PRESENT
        rows.append(Row(section, slug, status))
    return rows
