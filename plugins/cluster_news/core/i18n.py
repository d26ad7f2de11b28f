"""Our interface strings and language names, for every site language, in one place."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml
from babel import Locale
from babel.core import get_global
from babel.numbers import format_decimal

from .dates import locale_for


@cache
def all_strings() -> dict[str, dict[str, str | dict[str, str]]]:
    text = files("cluster_news.core").joinpath("strings.yml").read_text(encoding="utf-8")
    # libyaml when present (as in source.py): 7 ms instead of 60 for every process that starts (build, check)
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def translate(lang: str, key: str, **values: str) -> str | dict[str, str]:
    """The interface string `key` in `lang` (English when the language has none), filled with `values`; for
    a count's string, its forms by CLDR plural category (the browser picks one: `Intl.PluralRules`)."""
    strings = all_strings()
    text = strings.get(lang, {}).get(key) or strings["en"][key]
    return text.format(**values) if values else text


def number(value: int, lang: str) -> str:
    """A number as readers of `lang` write it (CLDR): 25, 1,200 (en), 1 200 (uk), 1.200 (ro)."""
    return format_decimal(value, locale=locale_for(lang))


def plural_category(count: int, lang: str) -> str:
    """The CLDR plural category of `count` in `lang` (Babel's rules; the browser's `Intl.PluralRules` applies the
    same data): 'one', 'few', 'many' or 'other'."""
    return Locale.parse(lang).plural_form(count)


def counted(lang: str, key: str, count: int, **values: str) -> str:
    """A count's words in the form its number takes in `lang`: interface string `key` holds one form per CLDR
    plural category ('3 події', '5 подій'); `{count}` is the number as the language writes it."""
    forms = translate(lang, key)
    text = forms.get(plural_category(count, lang)) or forms["other"]
    return text.format(count=number(count, lang), **values)


STARTERS = ("starter_summary", "starter_body", "starter_translation", "starter_alt")
"""Strings `cluster-news new` writes for editors to replace; a published file must not keep them."""


@cache
def starter_texts() -> tuple[str, ...]:
    """Every language's starter texts (an editor may start from another language's file)."""
    return tuple(sorted({text for strings in all_strings().values() for key, text in strings.items()
                         if key in STARTERS}))


@cache
def autonym(code: str) -> str:
    """A language's name in itself, as a language switcher shows it: 'Українська'."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@cache
def language_name(code: str, in_lang: str) -> str:
    """A language's name in the reader's language: 'англійська' for en read in uk."""
    return Locale.parse(in_lang).languages.get(code, code)


@cache
def country_name(code: str, in_lang: str) -> str:
    return Locale.parse(in_lang).territories.get(code, code)


@cache
def og_locale(code: str) -> str:
    """The Open Graph locale of a language, from CLDR's likely subtags: 'uk' -> 'uk_UA'."""
    written = locale_for(code)  # the locale dates are written in (en_GB for English)
    if written.territory:
        return f"{written.language}_{written.territory}"
    likely = Locale.parse(get_global("likely_subtags").get(code, code))
    return f"{likely.language}_{likely.territory}" if likely.territory else likely.language
