"""Editors' messages in their language: one gettext catalogue per language and domain, read with Babel.

The catalogues are the `.po` files under `cluster_news/locale/<lang>/LC_MESSAGES/<domain>.po`, the files
translators edit; the English text is the message id, so English needs no catalogue. Babel compiles a
catalogue in memory when it is first asked for, so no compiled `.mo` file is kept beside its source; the
plural rule in each compiled catalogue is Babel's (CLDR's forms for whole numbers).

Domains: `editors` for what `cluster-news` and the build say to editors, `cms` for the web editor, `argparse`
for what Python's argparse says in `cluster-news` (its usage lines, titles and errors; core/couplings.py).

What the code says to editors is written as `tr("…", name=value)` (or `tr_n` for a count): a `Message` that
reads as English wherever text is expected, and is put into an editor's language only where it is shown
(`in_language`), so one problem found once is reported in the language of each place that shows it.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import os
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from .dates import format_day
from .i18n import number

DOMAINS = ("editors", "cms", "argparse")
SOURCE_LANGUAGE = "en"
EXTRACTION_ROOTS = {"editors": ".", "cms": "core"}
"""The folder of the package that `pybabel extract` reads for each domain's template, with the mapping
`locale/<domain>.cfg` (which says how its messages are found); `argparse`'s is read from Python's argparse.py."""
LANGUAGE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""Where POSIX looks for the language of messages, the first set one winning."""


def locale_dir() -> Traversable:
    return files("cluster_news").joinpath("locale")


def catalogue_path(lang: str, domain: str) -> Traversable:
    return locale_dir().joinpath(lang, "LC_MESSAGES", f"{domain}.po")


def template_path(domain: str) -> Traversable:
    """The domain's template (`.pot`): every message id the code uses, extracted by `pybabel extract`."""
    return locale_dir().joinpath(f"{domain}.pot")


@cache
def available_languages(domain: str = "editors") -> tuple[str, ...]:
    """English and every language with a catalogue of `domain`."""
    folders = [entry.name for entry in locale_dir().iterdir() if entry.is_dir()] if locale_dir().is_dir() else []
    return (SOURCE_LANGUAGE, *sorted(lang for lang in folders if catalogue_path(lang, domain).is_file()))


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
    """A message about `count` things, in the form `count` takes in `lang`; `{count}` is the number as
    `lang` writes it ('1 000' in Polish)."""
    translated = translations(lang, domain).ngettext(singular, plural, count)
    return translated.format(count=number(count, lang), **values)


class Message(str):
    """A message to editors, kept as its id and values: its text is the English one (logs, tests, JSON
    Schemas read it as any string), and `in_language` renders it from a catalogue where it is shown.
    Values stay as written, except messages among them, rendered in the same language, days, written as
    the language writes a date ('30 березня 2025 р.'), and tuples, each part so and joined by commas."""

    def __new__(cls, text: str, values: Mapping[str, object] | None = None, plural: str | None = None,
                count: int | None = None) -> Message:
        values = dict(values or {})
        english = _render(SOURCE_LANGUAGE, text, values, plural, count)
        self = super().__new__(cls, english)
        self.text, self.values, self.plural, self.count = text, values, plural, count
        return self

    def __reduce__(self):
        """Pickled (to the build's worker processes) as id and values, not as its English text."""
        return Message, (self.text, self.values, self.plural, self.count)

    def in_language(self, lang: str) -> str:
        return _render(lang, self.text, self.values, self.plural, self.count)


def tr(text: str, /, **values: object) -> Message:
    """Marks `text` as a message to editors (for `pybabel extract`); it is translated where it is shown."""
    return Message(text, values)


def tr_n(singular: str, plural: str, count: int, /, **values: object) -> Message:
    """A message about `count` things: its form follows CLDR's plural rule of the language it is shown in."""
    return Message(singular, values, plural, count)


def in_language(text: object, lang: str) -> str:
    """`text` as an editor reading `lang` sees it: a `Message` translated, anything else as written."""
    return text.in_language(lang) if isinstance(text, Message) else str(text)


def _render(lang: str, text: str, values: dict[str, object], plural: str | None, count: int | None) -> str:
    catalogue = translations(lang, "editors")
    if plural is None:
        translated = catalogue.gettext(text)
    else:
        translated = catalogue.ngettext(text, plural, count)
        values = {"count": number(count, lang), **values}
    return translated.format(**{name: _shown(value, lang) for name, value in values.items()})


def _shown(value: object, lang: str) -> object:
    if isinstance(value, Message):
        return value.in_language(lang)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return format_day(value, lang)
    if isinstance(value, tuple):
        return ", ".join(str(_shown(part, lang)) for part in value)
    return value


def language_from_environment(languages: Iterable[str], environ: Mapping[str, str] = os.environ) -> str:
    """The language of messages that the environment asks for, as POSIX reads it (LC_ALL, else LC_MESSAGES,
    else LANG; 'uk_UA.UTF-8' is Ukrainian), if it is one of `languages`; English otherwise."""
    setting = next((environ[name] for name in LANGUAGE_VARIABLES if environ.get(name)), "")
    lang = setting.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return lang if lang in languages else SOURCE_LANGUAGE
