"""Alphabetical order as readers of each language expect it.

Python's string order puts Ukrainian І and Є after Я, Polish Ł after Z and Romanian Ș after Z, so lists
sorted by title ("Франція, Іспанія") read as if unsorted. CLDR's collation for these languages is their
alphabet, letters with diacritics being letters of their own (Polish ą after a, Romanian ș after s);
Babel carries no collation and ICU would be a system dependency, so the alphabets are written here.
Other letters sort by their base letter (é as e), Latin before Cyrillic as in CLDR's root order;
digits come before letters, and spaces and punctuation only break ties.
"""

from __future__ import annotations

import unicodedata

ALPHABETS = {
    "en": "abcdefghijklmnopqrstuvwxyz",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "pl": "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż",
    "ro": "aăâbcdefghiîjklmnopqrsștțuvwxyz",
}
_LATIN = ALPHABETS["en"]
_CYRILLIC = "абвгґдђѓеєёжзѕиіїйјклљмнњопрстћќуўфхцчџшщъыьэюя"
_SAME_LETTER = str.maketrans("şţ", "șț")
"""Romanian s and t with a cedilla, typed for decades instead of the comma below: the same letters."""


def sort_key(text: str, lang: str) -> tuple:
    """A key that sorts `text` as readers of `lang` expect (ties broken by the text itself, so the
    order is total and the same on every machine)."""
    folded = unicodedata.normalize("NFC", text.casefold().translate(_SAME_LETTER))
    alphabet = ALPHABETS.get(lang, _LATIN)
    return tuple(_letter_key(letter, alphabet) for letter in folded if letter.isalnum()), folded, text


def _letter_key(letter: str, alphabet: str) -> tuple[int, int, int]:
    if letter.isdigit():
        return 0, 0, unicodedata.digit(letter, 0)
    if letter in alphabet:
        return 1, _script(letter), alphabet.index(letter)
    base = unicodedata.normalize("NFD", letter)[0]
    for letters in (alphabet, _LATIN, _CYRILLIC):
        if base in letters:
            return 1, _script(base), letters.index(base)
    return 1, 3, ord(base)


def _script(letter: str) -> int:
    """Latin, then Cyrillic, then the rest (CLDR's root order of scripts)."""
    return 1 if letter in _LATIN or "LATIN" in unicodedata.name(letter, "") else 2 if letter in _CYRILLIC else 3
