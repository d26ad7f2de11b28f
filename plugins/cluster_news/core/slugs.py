"""ASCII slugs from titles, by each language's official romanisation.

Ukrainian: national system of 2010 (Cabinet of Ministers resolution No. 55).
Bulgarian: the Streamlined System (Transliteration Act, 2009).
Polish and Romanian (and anything Latin): diacritics folded.
"""

from __future__ import annotations

import re
import unicodedata

_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}
_UK_WORD_START = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

_BG = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a",
    "ь": "y", "ю": "yu", "я": "ya",
}

_LATIN_EXTRA = {"ł": "l", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "þ": "th", "œ": "oe"}

MAX_LENGTH = 80
"""Characters of a slug made from a title (cut at a hyphen)."""


def _romanise_uk(text: str) -> str:
    # "зг" is written "zgh" to keep it apart from "ж" (zh).
    text = text.replace("зг", "zgh")
    out = []
    for index, char in enumerate(text):
        at_word_start = index == 0 or not text[index - 1].isalpha() and text[index - 1] not in "'’ʼ"
        if at_word_start and char in _UK_WORD_START:
            out.append(_UK_WORD_START[char])
        else:
            out.append(_UK.get(char, char))
    return "".join(out)


def _romanise_bg(text: str) -> str:
    # A word-final "ия" is written "ia" (България -> Bulgaria).
    text = re.sub(r"ия\b", "ia", text)
    return "".join(_BG.get(char, char) for char in text)


def tables() -> dict[str, dict[str, str]]:
    """The romanisation tables, for the web editor (admin/setup.js makes file names with the same ones)."""
    return {"uk": _UK, "ukWordStart": _UK_WORD_START, "bg": _BG, "latin": _LATIN_EXTRA}


def romanise(text: str, lang: str) -> str:
    """Latin letters for `text`, by the romanisation of `lang` (Cyrillic of other languages: Ukrainian)."""
    text = text.lower()
    if lang == "bg":
        text = _romanise_bg(text)
    text = _romanise_uk(text)
    text = "".join(_LATIN_EXTRA.get(char, char) for char in text)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slugify(text: str, lang: str = "en", max_length: int = MAX_LENGTH) -> str:
    """A lower-case ASCII slug with hyphens: 'Зустріч у Києві' -> 'zustrich-u-kyievi'."""
    slug = re.sub(r"[^a-z0-9]+", "-", romanise(text, lang)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug
