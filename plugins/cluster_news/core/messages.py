"""Editors' messages in their language: one gettext catalogue per language and domain, read with Babel.

The catalogues are the `.po` files under `cluster_news/locale/<lang>/LC_MESSAGES/<domain>.po`, the files
translators edit; the English text is the message id, so English needs no catalogue. Babel compiles a
catalogue in memory when it is first asked for, so no compiled `.mo` file is kept beside its source; the
plural rule in each compiled catalogue is Babel's (CLDR's forms for whole numbers).

Domains: `editors` for what `cluster-news` and the build say to editors, `cms` for the web editor.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAINS = ("editors", "cms")
SOURCE_LANGUAGE = "en"


def locale_dir() -> Traversable:
    return files("cluster_news").joinpath("locale")


def catalogue_path(lang: str, domain: str) -> Traversable:
    return locale_dir().joinpath(lang, "LC_MESSAGES", f"{domain}.po")


def template_path(domain: str) -> Traversable:
    """The domain's template (`.pot`): every message id the code uses, extracted by `pybabel extract`."""
    return locale_dir().joinpath(f"{domain}.pot")


@cache
def translations(lang: str, domain: str = "editors") -> gettext.NullTranslations:
    """The compiled catalogue of `domain` in `lang`: English (the message ids) where there is none."""
    path = catalogue_path(lang, domain)
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=lang, domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def message(lang: str, text: str, domain: str = "editors", **values: object) -> str:
    """`text` in `lang`, its `{placeholders}` filled with `values` (paths, fields and values stay as written)."""
    translated = translations(lang, domain).gettext(text)
    return translated.format(**values) if values else translated


def counted_message(lang: str, singular: str, plural: str, count: int, domain: str = "editors",
                    **values: object) -> str:
    """A message about `count` things, in the form `count` takes in `lang` (`{count}` is filled too)."""
    translated = translations(lang, domain).ngettext(singular, plural, count)
    return translated.format(count=count, **values)
