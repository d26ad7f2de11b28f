"""The web editor in every language: its configuration's words from the `cms` catalogue (complete in uk, bg,
ro and pl), the CMS's own interface strings complete in each (its translations, ours where they lack some,
all of Romanian), and Romanian among the interface languages the served CMS offers."""

from __future__ import annotations

import gettext
import json
import re
import string
from pathlib import Path

import pytest
import yaml
from babel import Locale
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from cluster_news.core import admin_site
from cluster_news.core.admin_site import (
    AdminBundleMissing,
    AdminSite,
    admin_files,
    interface_languages,
    interface_locales,
    our_interface_strings,
    with_interface_languages,
)
from cluster_news.core.cms import INTERFACE, CmsSettings, Words, _config, cms_config, countries, message_ids
from cluster_news.core.i18n import all_strings
from cluster_news.core.messages import catalogue_path, locale_dir, template_path

from conftest import REPO

LANGUAGES = ["en", "uk", "bg", "ro", "pl"]
TRANSLATED = LANGUAGES[1:]
SETTINGS = CmsSettings(languages=LANGUAGES, default_language="en", repository="health-clusters/cluster-news")
CMS = REPO / "admin" / "node_modules" / "@sveltia" / "cms"
DISPLAYED = {"label", "label_singular", "hint", "placeholder", "description"}
"""The options of a collection or field that the CMS shows as they are (besides pattern messages and the
labels of a select's options)."""


def _displayed(node: object, path: str = "") -> list[tuple[str, str]]:
    """Every text the configuration puts on screen, with where it is."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{node.get('name', key)}" if key in ("fields", "field") else f"{path}.{key}"
            if key in DISPLAYED and isinstance(value, str):
                found.append((f"{path}.{key}", value))
            elif key == "pattern" and isinstance(value, list):
                found.append((f"{path}.pattern", value[1]))
            elif key == "options" and isinstance(value, list):
                found += [(f"{path}.options[{option['value']}]", option["label"]) for option in value
                          if isinstance(option, dict)]
            else:
                found += _displayed(value, where)
    elif isinstance(node, list):
        for item in node:
            found += _displayed(item, f"{path}/{item.get('name', '?')}" if isinstance(item, dict) else path)
    return found


COUNTRY_OPTIONS = tuple(f".options[{code}]" for code, _ in countries())
SHOWN_LABELS = {value for value in all_strings()["en"].values() if isinstance(value, str)}
"""The reader's labels (strings.yml), which label the fields their pages show under them."""


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class _Marking(gettext.NullTranslations):
    """A catalogue that marks every text it is asked for."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"


def test_every_word_of_the_configuration_comes_through_the_catalogue():
    """Nothing reaches the screen in English by going round the catalogue: with a catalogue that marks what
    it gives, every displayed text is marked, except the names of countries (CLDR's, in each language) and
    the labels of fields that their pages show under the reader's label (strings.yml, in each language)."""
    marked = _config(SETTINGS, Words("en", _Marking()))
    unmarked = [(where, text) for where, text in _displayed(marked) if "⟦" not in text
                and not where.endswith(COUNTRY_OPTIONS) and not (where.endswith(".label") and text in SHOWN_LABELS)]
    assert unmarked == []


def test_the_template_holds_exactly_the_texts_the_web_editor_shows():
    with template_path("cms").open("rb") as source:
        template = [message.id for message in read_po(source) if message.id]
    assert template == message_ids(), "locale/cms.pot is stale: see locale/cms.cfg for the pybabel commands"
    assert set(INTERFACE.values()) <= set(template)
    # The extraction method that cms.cfg names gives the same ids through Babel's own machinery.
    with locale_dir().joinpath("cms.cfg").open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    extracted = [message for _, _, message, _, _ in extract_from_dir(
        str(REPO / "plugins" / "cluster_news" / "core"), method_map, options_map)]
    assert extracted == template


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_text_is_translated_with_the_same_placeholders(lang):
    with catalogue_path(lang, "cms").open("rb") as source:
        catalogue = read_po(source, locale=lang, domain="cms")
    translations = {message.id: message for message in catalogue if message.id}
    problems = [f"{msgid!r}: missing" for msgid in message_ids() if msgid not in translations]
    for msgid, message in translations.items():
        if msgid not in message_ids():
            problems.append(f"{msgid!r}: not in the template (obsolete)")
        elif not message.string.strip() or message.fuzzy:
            problems.append(f"{msgid!r}: {'fuzzy' if message.fuzzy else 'empty'}")
        elif _placeholders(message.string) != _placeholders(msgid):
            problems.append(f"{msgid!r}: placeholders {_placeholders(message.string)} != {_placeholders(msgid)}")
    assert problems == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_configuration_in_each_language_is_all_in_it(lang):
    """Field by field, the configuration in `lang` says in `lang` what the English one says; texts that read the
    same are those whose translation is the same word (Romanian 'Text', Polish 'Status')."""
    english, translated = _displayed(cms_config(SETTINGS)), _displayed(cms_config(SETTINGS, lang))
    assert [where for where, _ in english] == [where for where, _ in translated]
    with catalogue_path(lang, "cms").open("rb") as source:
        same_word = {message.id for message in read_po(source, locale=lang) if message.id == message.string}
    same_word |= {text for name, text in all_strings()["en"].items() if text == all_strings()[lang].get(name)}
    untranslated = [(where, text) for (where, text), (_, theirs) in zip(english, translated, strict=True)
                    if text == theirs and text not in same_word and text[:1].lower() + text[1:] not in same_word
                    and not where.endswith(COUNTRY_OPTIONS)]
    assert untranslated == []
    # Countries are named by CLDR in `lang` (in English where CLDR has no name in it: Sark).
    names, english_names = Locale(lang).territories, Locale("en").territories
    assert {text for where, text in translated if where.endswith(COUNTRY_OPTIONS)} == {
        f"{code} — {names.get(code, english_names[code])}" for code, _ in countries()}
    assert "UA — Україна" in [text for _, text in _displayed(cms_config(SETTINGS, "uk"))]


def _flat(strings: dict, prefix: str = "") -> dict[str, str]:
    return admin_site._flat(strings, prefix)


def _cms_strings(lang: str) -> dict[str, str]:
    path = CMS / "locales" / f"{lang}.json"
    return _flat(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else {}


MF2_PLACEHOLDER = re.compile(r"\{\$([A-Za-z]+)")
MF2_VARIANT = re.compile(r"(?:^|\}\}\s*)(\S+)\s*\{\{")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_cms_interface_is_complete_in_each_language(lang):
    """Every string the CMS has in English exists in `lang` as served (its translation, completed with ours), with
    the same placeholders, and with plural variants that are `lang`'s own CLDR categories."""
    if not (CMS / "package.json").is_file():
        pytest.fail(f"{CMS} is missing: run make test (it installs the CMS with npm ci)")
    english = _cms_strings("en-US")
    served = _flat(json.loads(interface_locales(CMS, [lang])[f"locales/{lang}.json"]))
    assert set(served) == set(english), f"missing: {sorted(set(english) - set(served))[:10]}"
    categories = set(Locale(lang).plural_form.tags) | {"other"}
    problems = []
    for key, text in served.items():
        if set(MF2_PLACEHOLDER.findall(text)) != set(MF2_PLACEHOLDER.findall(english[key])):
            problems.append(f"{key}: placeholders")
        if text.startswith(".input"):
            variants = MF2_VARIANT.findall(text.split(".match", 1)[1].split(None, 1)[1])
            if "*" not in variants or not {v for v in variants if not v.isdigit()} - {"*"} <= categories:
                problems.append(f"{key}: variants {variants} (CLDR categories of {lang}: {sorted(categories)})")
        if text.count("{{") != text.count("}}"):
            problems.append(f"{key}: unbalanced {{{{ }}}}")
    assert problems == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_our_translations_of_the_cms_are_what_it_lacks_or_corrections(lang):
    """A key the CMS does not have is a mistake; one it translates itself must say something else (a
    correction), or be dropped from ours (after an upgrade that translates it, say)."""
    ours, shipped, english = our_interface_strings(lang), _cms_strings(lang), _cms_strings("en-US")
    assert set(ours) - set(english) == set(), "keys the CMS does not have"
    assert [key for key in set(ours) & set(shipped) if ours[key] == shipped[key]] == [], "copies of the CMS's own"


def test_romanian_is_offered_by_the_cms_served_and_nothing_else_changes():
    bundle = (CMS / "dist" / "sveltia-cms.js").read_bytes()
    offered = interface_languages(bundle.decode("utf-8"))
    assert "ro" not in offered and {"uk", "bg", "pl", "en-US"} <= set(offered)  # what this pin ships
    served = with_interface_languages(bundle, LANGUAGES)
    assert interface_languages(served.decode("utf-8")) == sorted(offered + ["ro"])
    assert len(served) - len(bundle) == len(",ro")
    assert with_interface_languages(served, LANGUAGES) == served
    with pytest.raises(AdminBundleMissing):
        with_interface_languages(b"var locales = ['en'];", LANGUAGES)


def test_the_admin_folder_has_the_configuration_in_every_language():
    site = AdminSite({lang: f"Site ({lang})" for lang in LANGUAGES}, {lang: lang for lang in LANGUAGES},
                     "https://example.org/handbook", SETTINGS)
    files = admin_files(REPO / "admin", site)
    for lang in LANGUAGES:
        name = "config.yml" if lang == "en" else f"config.{lang}.yml"
        assert yaml.safe_load(files[name]) == cms_config(SETTINGS, lang), name
    assert files["config.yml"] == (REPO / "admin" / "config.yml").read_bytes()  # the committed one
    settings = json.loads(re.search(rb'id="cms-settings">(.*?)</script>', files["index.html"], re.S).group(1))
    assert set(settings["interface"]) == set(LANGUAGES) and "ro" in settings["interfaceLanguages"]
    assert settings["interface"]["uk"]["choose_question"] == "Якою мовою ви пишете?"
    assert {f"locales/{lang}.json" for lang in TRANSLATED} <= set(files)


def test_the_supplements_are_yaml_in_the_cms_key_names():
    for path in sorted(Path(REPO / "plugins" / "cluster_news" / "assets" / "admin" / "locales").glob("*.yaml")):
        assert path.stem in TRANSLATED, path
        assert all(isinstance(value, str) for value in yaml.safe_load(path.read_text(encoding="utf-8")).values())
