"""Editors' messages in their language: the catalogues (complete, placeholders kept, CLDR's plural forms, nothing
said outside them), `cluster-news check` and the build in the language the environment or `--lang` asks for,
and starters from `cluster-news new` wholly in the chosen language with its country's time zone."""

from __future__ import annotations

import argparse
import json
import re
import string
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from cluster_news.core import i18n, messages
from cluster_news.core.cache import CACHE_FOLDER
from cluster_news.core.messages import Message, in_language, language_from_environment, tr, tr_n
from cluster_news.core.schema import NETWORK_TIME_ZONES
from test_cli import run

from conftest import LANGUAGES, FixtureSite

PACKAGE = Path(messages.__file__).resolve().parents[1]
TRANSLATED = [lang for lang in LANGUAGES if lang != messages.SOURCE_LANGUAGE]
DOMAINS = [domain for domain in messages.DOMAINS if messages.template_path(domain).is_file()]


def _template(domain: str):
    with messages.template_path(domain).open("rb") as source:
        return read_po(source)


def _key(message_id: str | tuple[str, ...]) -> tuple[str, ...]:
    return (message_id,) if isinstance(message_id, str) else tuple(message_id)


def _placeholders(text: str) -> tuple[set[str], list[str], str]:
    """The `{names}` of a message, its `%` placeholders in order (argparse's), and the blanks it ends with."""
    return ({name for _, name, _, _ in string.Formatter().parse(text) if name is not None},
            re.findall(r"%(?:\([a-z_]+\))?[srd]", text), text[len(text.rstrip()):])


def test_every_domain_with_a_template_is_checked():
    assert DOMAINS == list(messages.DOMAINS)  # so the tests below never pass by checking nothing


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_template_holds_exactly_what_the_code_says(domain):
    """`pybabel extract` with the domain's mapping finds in the code exactly the template's messages: none
    said outside the catalogue, none left in it that the code no longer says. For `argparse`, the code is this
    Python's argparse.py: a Python whose argparse says other texts fails here until its template is extracted
    again (locale/argparse.cfg) and they are translated."""
    mapping = messages.locale_dir().joinpath(f"{domain}.cfg")
    if not mapping.is_file():
        pytest.skip(f"{domain} has no mapping for pybabel extract")
    if domain == "argparse":
        found = {_key(message) for _, message, _, _ in extract_from_file("python", argparse.__file__)}
    else:
        with mapping.open("r", encoding="utf-8") as config:
            method_map, options_map = parse_mapping_cfg(config)
        root = PACKAGE / messages.EXTRACTION_ROOTS[domain]
        found = {_key(message) for _, _, message, _, _ in
                 extract_from_dir(str(root), method_map, options_map, keywords=DEFAULT_KEYWORDS)}
    assert found and found == {_key(message.id) for message in _template(domain) if message.id}


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated_with_its_placeholders_and_plural_forms(domain, lang):
    template = {_key(message.id): message for message in _template(domain) if message.id}
    path = messages.catalogue_path(lang, domain)
    assert path.is_file(), f"{lang} has no {domain} catalogue"
    with path.open("rb") as source:
        catalogue = read_po(source, locale=lang, domain=domain)
    plural = get_plural(lang)
    assert catalogue.num_plurals == plural.num_plurals and catalogue.plural_expr == plural.plural_expr
    translated = {_key(message.id): message for message in catalogue if message.id}
    assert translated.keys() == template.keys(), "not the template's messages: run pybabel update"
    for key, message in translated.items():
        assert not message.fuzzy, f"{lang}: fuzzy: {key[0]!r}"
        forms = (message.string,) if len(key) == 1 else message.string
        assert len(forms) == (1 if len(key) == 1 else plural.num_plurals), f"{lang}: {key[0]!r}"
        expected = _placeholders(key[-1])
        for form in forms:
            assert form and form.strip(), f"{lang}: untranslated: {key[0]!r}"
            assert _placeholders(form) == expected, f"{lang}: {form!r} has not the placeholders of {key[-1]!r}"


def test_a_message_is_rendered_in_each_language_with_its_values_as_written():
    message = tr("{value} is not a real date", value="'2025-02-30'")
    assert message == "'2025-02-30' is not a real date"  # reads as its English text wherever text is expected
    assert message.in_language("pl") == "'2025-02-30' to nieistniejąca data"
    assert message.in_language("de") == "'2025-02-30' is not a real date"  # no catalogue: English
    assert in_language("plain text", "uk") == "plain text"


@pytest.mark.parametrize("lang,counts", [
    ("en", ["1 error", "2 errors", "5 errors", "21 errors"]),
    ("uk", ["1 помилка", "2 помилки", "5 помилок", "21 помилка"]),
    ("bg", ["1 грешка", "2 грешки", "5 грешки", "21 грешки"]),
    ("ro", ["1 eroare", "2 erori", "5 erori", "21 de erori"]),
    ("pl", ["1 błąd", "2 błędy", "5 błędów", "21 błędów"]),
])
def test_counts_take_cldrs_plural_form_of_each_language(lang, counts):
    assert [tr_n("{count} error", "{count} errors", n).in_language(lang) for n in (1, 2, 5, 21)] == counts


def test_a_message_keeps_its_id_and_values_across_processes():
    """The build's languages run in processes of their own: a problem found there is still told in any language."""
    import pickle
    message = tr("{field} is missing", field=tr_n("{count} error", "{count} errors", 3))
    again = pickle.loads(pickle.dumps(message))
    assert isinstance(again, Message) and again.in_language("uk") == "бракує 3 помилки"


@pytest.mark.parametrize("environ,lang", [
    ({"LANG": "uk_UA.UTF-8"}, "uk"),
    ({"LANG": "bg"}, "bg"),
    ({"LANG": "pl_PL"}, "pl"),
    ({"LANG": "ro_RO.UTF-8@euro"}, "ro"),
    ({"LC_ALL": "pl_PL.UTF-8", "LC_MESSAGES": "bg_BG.UTF-8", "LANG": "uk_UA.UTF-8"}, "pl"),
    ({"LC_ALL": "", "LC_MESSAGES": "bg_BG.UTF-8", "LANG": "uk_UA.UTF-8"}, "bg"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_language_of_messages_is_read_as_posix_reads_it(environ, lang):
    assert language_from_environment(LANGUAGES, environ) == lang


# A file with one error and its line in each language: path, line, field and value as written.
BAD_DATE = {
    "en": "content/en/news/bad.md:3: date: '2025-02-30' is not a real date (use YYYY-MM-DD, e.g. 2025-06-30)",
    "uk": "content/en/news/bad.md:3: date: '2025-02-30' — такої дати не існує (пишіть YYYY-MM-DD, наприклад 2025-06-30)",
    "bg": "content/en/news/bad.md:3: date: '2025-02-30' не е истинска дата (пишете YYYY-MM-DD, например 2025-06-30)",
    "ro": "content/en/news/bad.md:3: date: '2025-02-30' nu este o dată reală (folosiți YYYY-MM-DD, de exemplu 2025-06-30)",
    "pl": "content/en/news/bad.md:3: date: '2025-02-30' to nieistniejąca data (pisz YYYY-MM-DD, np. 2025-06-30)",
}
SUMMARY = {  # one error, no warning, in the five homes, the logo and the bad file
    "en": "1 error, 0 warnings in 7 files",
    "uk": "1 помилка, 0 попереджень у 7 файлах",
    "bg": "1 грешка, 0 предупреждения в 7 файла",
    "ro": "1 eroare, 0 avertismente în 7 fișiere",
    "pl": "1 błąd, 0 ostrzeżeń w 7 plikach",
}


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory) -> FixtureSite:
    site = FixtureSite(tmp_path_factory.mktemp("messages"))
    site.write("en/news/bad.md", "title: Bad\ndate: 2025-02-30\n")
    return site


@pytest.mark.parametrize("lang", LANGUAGES)
def test_check_speaks_the_language_lang_asks_for(bad_site, lang):
    result = run(bad_site, "check", env={"LANG": f"{lang}_XX.UTF-8"})
    assert result.returncode == 1
    assert result.stdout.splitlines() == [BAD_DATE[lang]]
    assert result.stderr.splitlines() == [SUMMARY[lang]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_check_lang_overrides_the_environment(bad_site, lang):
    result = run(bad_site, "check", "--lang", lang, env={"LC_ALL": "de_DE.UTF-8", "LANG": "uk_UA.UTF-8"})
    assert result.stdout.splitlines() == [BAD_DATE[lang]] and result.stderr.splitlines() == [SUMMARY[lang]]


def test_a_language_the_site_lacks_gives_english_and_lc_all_wins(bad_site):
    assert run(bad_site, "check", env={"LANG": "de_DE.UTF-8"}).stdout.splitlines() == [BAD_DATE["en"]]
    said = run(bad_site, "check", env={"LC_ALL": "bg_BG.UTF-8", "LC_MESSAGES": "pl_PL", "LANG": "uk_UA.UTF-8"})
    assert said.stdout.splitlines() == [BAD_DATE["bg"]]
    unknown = run(bad_site, "check", "--lang", "de")
    assert unknown.returncode == 1 and unknown.stderr.strip() == \
        "cluster-news: unknown language 'de'; the site has: en, uk, bg, ro, pl"


def test_check_json_keeps_its_keys_and_says_the_message_in_the_language(bad_site):
    english, polish = (json.loads(run(bad_site, "check", "--format", "json", "--lang", lang).stdout)
                       for lang in ("en", "pl"))
    assert [{key: problem[key] for key in ("path", "line", "field", "severity")} for problem in polish] == \
        [{key: problem[key] for key in ("path", "line", "field", "severity")} for problem in english] == \
        [{"path": "content/en/news/bad.md", "line": 3, "field": "date", "severity": "error"}]
    assert (polish[0]["message"], polish[0]["hint"]) == ("'2025-02-30' to nieistniejąca data", "pisz YYYY-MM-DD, np. 2025-06-30")


def test_the_build_logs_problems_in_the_environments_language(tmp_path):
    site = FixtureSite(tmp_path)
    site.write("bg/news/bad.md", "title: Лошо\ndate: 2025-02-30\n")
    built = site.build(env={"LANG": "bg_BG.UTF-8"})
    assert not built.ok
    assert "content/bg/news/bad.md:3: date: '2025-02-30' не е истинска дата" in built.output
    assert "cluster-news: в съдържанието има 1 грешка, 0 предупреждения (изброени по-горе); нищо не е изградено" \
        in built.output


def test_problems_found_in_a_kept_rendering_are_told_in_the_language_too(tmp_path):
    """A body rendered by an earlier run (the cache keeps its links' outcomes in English) is reported in the
    language of this run, as a fresh rendering is."""
    site = FixtureSite(tmp_path)
    site.write("uk/news/a.md", "title: А\ndate: 2025-01-01\n", "Див. [тут](../events/nema.md).\n")
    first = run(site, "check", "--lang", "uk")
    kept = list(site.root.glob(f"{CACHE_FOLDER.as_posix()}/**/bodies-*.json"))
    assert kept and "../events/nema.md" in kept[0].read_text(encoding="utf-8")
    second = run(site, "check", "--lang", "uk")
    assert first.stdout.startswith("content/uk/news/a.md:5: ціль посилання '../events/nema.md' не знайдено (")
    assert second.stdout == first.stdout


def _english_texts() -> set[str]:
    """Everything a starter could say in English: the editors' messages and the starter strings."""
    said = {message.id if isinstance(message.id, str) else message.id[0] for message in _template("editors")
            if message.id}
    return said | {i18n.translate("en", key) for key in i18n.STARTERS}


@pytest.mark.parametrize("lang,zone,country", [
    ("uk", "Europe/Kyiv", "UA"), ("bg", "Europe/Sofia", "BG"), ("ro", "Europe/Bucharest", "RO"),
    ("pl", "Europe/Warsaw", "PL"),
])
def test_an_event_starter_is_wholly_in_its_language_with_its_countrys_zone(tmp_path, lang, zone, country):
    site = FixtureSite(tmp_path)
    result = run(site, "new", "event", "--lang", lang, "--slug", "meeting", "Зустріч")
    assert result.returncode == 0, result.stderr
    text = (site.root / "content" / lang / "events" / "meeting.md").read_text(encoding="utf-8")
    front_matter = text.split("---\n")[1]
    assert yaml.safe_load(front_matter)["timezone"] == zone
    assert f"#   country: {country}" in front_matter
    comments = [line.lstrip("# ") for line in front_matter.splitlines() if line.startswith("#")]
    notes = [comment.split("   # ", 1)[1] for comment in comments if "   # " in comment]
    assert notes == [in_language(tr("the last day; or 2025-06-20T17:00 with start: 2025-06-20T09:30"), lang)]
    _assert_no_english(text, lang)
    checked = run(site, "check", "--lang", lang)  # the starter text is refused, in the same language
    starter = i18n.translate(lang, "starter_body")
    assert checked.returncode == 1 and checked.stdout.splitlines() == [
        f"content/{lang}/events/meeting.md:{text.splitlines().index(starter) + 1}: " + tr("the starter text {text} is still there", text=repr(starter))
        .in_language(lang) + f" ({tr('replace it with your own words').in_language(lang)})"]


@pytest.mark.parametrize("kind", ["news", "project", "cluster"])
@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_starter_is_wholly_in_its_language(tmp_path, lang, kind):
    site = FixtureSite(tmp_path)
    assert run(site, "new", kind, "--lang", lang, "--slug", "start", "Назва").returncode == 0
    folder = next(path for path in (site.root / "content" / lang).iterdir() if path.is_dir())
    text = (folder / "start.md").read_text(encoding="utf-8")
    _assert_no_english(text, lang)
    assert i18n.translate(lang, "starter_body") in text
    if kind == "cluster":
        assert f"# country: {NETWORK_COUNTRIES[lang]}\n" in text


NETWORK_COUNTRIES = {"uk": "UA", "bg": "BG", "ro": "RO", "pl": "PL"}


def _assert_no_english(text: str, lang: str) -> None:
    """No phrase of two words or more of any English message or starter text in the file's comments or text."""
    front_matter, body = text.split("---\n")[1], text.split("---\n", 2)[2]
    comments = [line.lstrip("# ") for line in front_matter.splitlines() if line.startswith("#")]
    words = " ".join(comments) + " " + body
    for english in _english_texts():
        for phrase in re.split(r"\{\w+\}", english):
            if len([word for word in phrase.split() if re.search(r"[A-Za-z]{2}", word)]) >= 2:
                assert phrase.strip() not in words, (lang, phrase)


def test_an_english_event_starter_leaves_the_sites_own_zone_as_its_default(tmp_path):
    site = FixtureSite(tmp_path)
    assert run(site, "new", "event", "--lang", "en", "Meeting").returncode == 0
    text = (site.root / "content" / "en" / "events" / "meeting.md").read_text(encoding="utf-8")
    assert "# timezone: Europe/Brussels\n" in text and "timezone" not in yaml.safe_load(text.split("---\n")[1])
    assert "# end: " in text and "   # the last day; or 2025-06-20T17:00 with start: 2025-06-20T09:30" in text


def test_the_network_zones_are_its_languages_zones():
    """The zones the web editor lists first are those `new` gives each language (CLDR's), the site's last."""
    from cluster_news.core.dates import language_time_zone
    assert tuple(language_time_zone(lang, "en", NETWORK_TIME_ZONES[-1]) for lang in TRANSLATED + ["en"]) == \
        NETWORK_TIME_ZONES
