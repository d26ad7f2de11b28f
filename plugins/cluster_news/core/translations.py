"""Which item exists in which language, and which translations are older than their original."""

from __future__ import annotations

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


def translation_matrix(tree: ContentTree, history: ContentHistory) -> list[Row]:
    """One row per item (section order, then slug); the original is its first version in site order."""
    versions: dict[tuple[str, str], dict[str, Item]] = {}
    for item in tree.items:
        if item.section in SECTIONS:
            versions.setdefault((item.section, item.slug), {})[item.lang] = item
    rows = []
    for (section, slug), by_lang in sorted(versions.items(), key=lambda pair: (SECTIONS.index(pair[0][0]), pair[0][1])):
        original_lang = next(lang for lang in tree.languages if lang in by_lang)
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
