"""Core pieces without a build: strings, slugs, dates, URLs, and the documentation of the contract."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel import Locale
from hypothesis import example, given
from hypothesis import strategies as st

from cluster_news.core import dates, i18n
from cluster_news.core.collation import sort_key
from cluster_news.core.project import Organization
from cluster_news.core.schema import (
    COMMON_FIELDS,
    EVENT_STATUSES,
    LOCATION_FIELDS,
    PICTURE_FIELDS,
    SECTION_DECLARATIONS,
)
from cluster_news.core.slugs import slugify
from cluster_news.core.urls import UrlScheme, calendar_uid_domain, relative_url

from conftest import LANGUAGES, REPO, spaces


def test_every_interface_string_exists_in_every_language_with_the_same_placeholders():
    """A count's string has a form for each CLDR plural category of its language (Babel's data), no other."""
    strings = i18n.all_strings()
    assert set(strings) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert set(strings[lang]) == set(strings["en"]), lang
        for key, text in strings["en"].items():
            if isinstance(text, dict):
                forms = strings[lang][key]
                assert set(forms) == {*Locale.parse(lang).plural_form.tags, "other"}, (lang, key)
                for pattern in (r"\[\w+\]", r"{\w+}"):  # Pagefind's placeholders, and ours
                    assert {tuple(sorted(re.findall(pattern, form))) for form in forms.values()} == \
                        {tuple(sorted(re.findall(pattern, text["other"])))}, (lang, key)
            else:
                assert re.findall(r"{\w+}", strings[lang][key]) == re.findall(r"{\w+}", text), (lang, key)
    for status in EVENT_STATUSES:
        assert f"status_{status.name}" in strings["en"], status.name


@pytest.mark.parametrize("lang,title,slug", [
    ("uk", "Зустріч у Києві", "zustrich-u-kyievi"),
    ("uk", "Згорани, Юрій і Їжакевич", "zghorany-yurii-i-yizhakevych"),
    ("uk", "Щастя в Житомирі", "shchastia-v-zhytomyri"),
    ("bg", "Клъстер България", "klaster-balgaria"),
    ("bg", "Щастие и юнаци", "shtastie-i-yunatsi"),
    ("ro", "Sănătate și țară în Brașov", "sanatate-si-tara-in-brasov"),
    ("pl", "Łódź – zdrowie i żółć", "lodz-zdrowie-i-zolc"),
    ("en", "  PRECISEU: kick-off!  ", "preciseu-kick-off"),
])
def test_slugs_follow_each_languages_romanisation(lang, title, slug):
    assert slugify(title, lang) == slug


@pytest.mark.parametrize("lang,expected", [
    ("en", "20–21 June 2024"),
    ("uk", "20–21 червня 2024 р."),
    ("bg", "20 юни – 21 юни 2024 г."),
    ("ro", "20–21 iunie 2024"),
    ("pl", "20–21 czerwca 2024"),
])
def test_day_ranges_are_written_by_cldr(lang, expected):
    written = dates.format_day_range(dt.date(2024, 6, 20), dt.date(2024, 6, 21), lang)
    assert spaces(written) == expected


COUNTS = {  # the words of each CLDR plural category, as a reader of each language counts events
    "en": {1: "1 event", 2: "2 events", 5: "5 events", 21: "21 events"},
    "uk": {1: "1 подія", 2: "2 події", 5: "5 подій", 11: "11 подій", 21: "21 подія", 22: "22 події", 25: "25 подій"},
    "bg": {1: "1 събитие", 2: "2 събития", 21: "21 събития"},
    "ro": {1: "1 eveniment", 2: "2 evenimente", 19: "19 evenimente", 20: "20 de evenimente", 101: "101 evenimente"},
    "pl": {1: "1 wydarzenie", 2: "2 wydarzenia", 5: "5 wydarzeń", 12: "12 wydarzeń", 21: "21 wydarzeń",
           22: "22 wydarzenia"},
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_counts_take_the_form_of_their_numbers_cldr_plural_category(lang):
    """Babel's CLDR rules pick the form: Ukrainian and Polish 21 differ (21 подія, 21 wydarzeń), Romanian
    takes 'de' from 20 on."""
    for number, words in COUNTS[lang].items():
        assert i18n.counted(lang, "event_count", number) == words
    assert spaces(i18n.counted(lang, "event_count", 12_000)).startswith("12 000" if lang in ("uk", "bg", "pl")
                                                                          else "12.000" if lang == "ro" else "12,000")


@pytest.mark.parametrize("lang,title,in_sentence,in_a_date", [
    ("en", "June 2025", "June 2025", "10 June 2025"),
    ("uk", "Червень 2025 р.", "червень 2025 р.", "10 червня 2025 р."),
    ("bg", "Юни 2025 г.", "юни 2025 г.", "10 юни 2025 г."),
    ("ro", "Iunie 2025", "iunie 2025", "10 iunie 2025"),
    ("pl", "Czerwiec 2025", "czerwiec 2025", "10 czerwca 2025"),
])
def test_months_take_the_form_their_position_needs(lang, title, in_sentence, in_a_date):
    """Naming a month: the stand-alone form (nominative), capitalised only where it starts a title; in a date, the
    format form (genitive in Ukrainian and Polish)."""
    assert spaces(dates.format_month(2025, 6, lang)) == title
    assert spaces(dates.format_month(2025, 6, lang, start=False)) == in_sentence
    assert spaces(dates.format_day(dt.date(2025, 6, 10), lang)) == in_a_date


def test_ranges_across_months_and_years():
    assert spaces(dates.format_day_range(dt.date(2024, 6, 28), dt.date(2024, 7, 2), "uk")) == "28 червня – 2 липня 2024 р."
    assert spaces(dates.format_day_range(dt.date(2024, 12, 30), dt.date(2025, 1, 2), "en")) == (
        "30 December 2024 – 2 January 2025")
    assert spaces(dates.format_day(dt.date(2025, 6, 30), "uk")) == "30 червня 2025 р."


@pytest.mark.parametrize("lang,ordered", [
    ("uk", ["Бельгія", "Болгарія", "Ґданськ", "Естонія", "Єгипет", "Іспанія", "Італія", "Їжакевич", "Норвегія",
            "Франція"]),
    ("bg", ["Белгия", "България", "Испания", "Италия", "Франция", "Чехия", "Ъгъл", "Южна Африка"]),
    ("pl", ["Lublin", "Łódź", "Ostrów", "Ósmy", "Sanok", "Śląsk", "Zabrze", "Źródło", "Żory"]),
    ("ro", ["Arad", "Ăla", "Âme", "Brașov", "Sibiu", "Şimleu", "Ștei", "Timiș", "Țara"]),
    ("en", ["Ålesund", "BioCat", "biocat 2", "Échirolles", "Oslo", "Zürich"]),
    ("uk", ["BioCat", "Oslo", "Біокат", "Осло"]),  # Latin before Cyrillic, as CLDR's root order
])
def test_lists_sort_in_each_languages_alphabet(lang, ordered):
    """Python's own order puts І, Є after Я, Ł after Z and Ș after Z: lists would read as unsorted."""
    assert sorted(reversed(ordered), key=lambda text: sort_key(text, lang)) == ordered


def test_today_comes_from_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751328000")
    assert dates.today() == dt.date(2025, 7, 1)


def test_urls_work_under_a_sub_path():
    urls = UrlScheme("https://org.github.io/repo", "en")
    assert urls.absolute("uk/news/") == "https://org.github.io/repo/uk/news/"
    assert urls.section("news", "bg", 3) == "bg/news/page/3/"
    assert urls.filter("events", "uk", "country", "BG", 2) == "uk/events/country/bg/page/2/"
    assert urls.tag("pl", "oslo", 4) == "pl/tags/oslo/page/4/"
    assert relative_url("news/a/", "uk/news/b/") == "../../../news/a/"
    assert relative_url("uk/", "uk/") == "./"
    assert relative_url("", "uk/tags/x/") == "../../../"


def _handbook_table(handbook: str, heading: str) -> list[list[str]]:
    """The rows of the field table under `heading`: field, required, shared, what to write."""
    part = handbook.split(f"\n{heading}\n", 1)[1].split("\n### ", 1)[0]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in part.splitlines()
            if line.startswith("| `")]


def test_the_editors_handbook_documents_every_field_as_declared():
    """Each table of docs/content.md lists its fields in the order declared, required and shared as declared
    (what to write is the handbook's own prose, longer than a field's `doc`, so it is written, not generated)."""
    handbook = (REPO / "docs" / "content.md").read_text(encoding="utf-8")
    tables = [("### Every item", COMMON_FIELDS)] + [(f"### {section.name.capitalize()} (`{section.name}/`)",
                                                     section.fields) for section in SECTION_DECLARATIONS]
    for heading, fields in tables:
        documented = [(name, required == "yes", shared.startswith("shared"))
                      for name, required, shared, _ in _handbook_table(handbook, heading)]
        assert documented == [(f"`{field.name}`", field.required, field.shared) for field in fields], heading
    for field in LOCATION_FIELDS + PICTURE_FIELDS:
        assert f"`{field.name}`" in handbook
    assert "moved-online" in handbook


def test_the_calendar_uid_domain_is_the_declared_one_else_the_site_address():
    site_url = "https://news.example.org/network/"
    assert calendar_uid_domain("health-clusters.github.io/cluster-news/", site_url) == \
        "health-clusters.github.io/cluster-news"
    assert calendar_uid_domain("", site_url) == "news.example.org/network"  # follows the site: not stable
    with pytest.raises(ValueError, match=r"without https://, e\.g\. news\.example\.org"):
        calendar_uid_domain("https://news.example.org", site_url)
    for wrong in ("News.Example.org", "news example.org", "events@news.example.org", "-news.org"):
        with pytest.raises(ValueError, match="is not a domain"):
            calendar_uid_domain(wrong, site_url)


def test_the_organization_options_are_checked_with_a_hint(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "assets" / "logo.svg").write_text("<svg/>")
    assert Organization("N", "https://network.example", "assets/logo.png", ("https://x.example/n",)).problems(
        tmp_path) == []
    problems = Organization("N", "http://network.example", "https://cdn.example/logo.png",
                            ("www.linkedin.com/company/n",)).problems(tmp_path)
    assert [problem.split(":")[1].strip() for problem in problems] == ["url", "same_as", "logo"]
    assert "save the picture there" in problems[2]
    for logo in ("../logo.png", "assets/missing.png", "/etc/passwd"):
        assert "is no file under" in Organization(logo=logo).problems(tmp_path)[0], logo
    assert "is not a picture" in Organization(logo="assets/logo.svg").problems(tmp_path)[0]


def test_pages_lose_their_indentation_and_nothing_a_browser_shows():
    from cluster_news.core.minify import unindented

    page = ('<!doctype html>\n<html>\n  <head>\n    <title>T</title>\n'
            '    <script>var a = 1;\n    var b = "  x  ";</script>\n'
            '    <style>p {\n  color: red; }</style>\n  </head>\n  <body>\n'
            '    <p title="two\n    lines, a > sign">Words   stay\n\n      as   words.</p>\n'
            '    <pre>\n  kept\n    as is</pre>\n    <p>Inline <code>a  =\n  b</code> and <kbd>Ctrl  C</kbd>.</p>\n'
            '    <textarea>\n  typed\n</textarea>\n    <!-- a comment\n   as is -->\n  </body>\n</html>\n')
    assert unindented(page) == (
        '<!doctype html>\n<html>\n<head>\n<title>T</title>\n'
        '<script>var a = 1;\n    var b = "  x  ";</script>\n'
        '<style>p {\n  color: red; }</style>\n</head>\n<body>\n'
        '<p title="two\n    lines, a > sign">Words   stay\nas   words.</p>\n'
        '<pre>\n  kept\n    as is</pre>\n<p>Inline <code>a  =\n  b</code> and <kbd>Ctrl  C</kbd>.</p>\n'
        '<textarea>\n  typed\n</textarea>\n<!-- a comment\n   as is -->\n</body>\n</html>\n')
    assert unindented(unindented(page)) == unindented(page)


_TAG_ATTRIBUTES = r"[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*"
_REFERENCE_TOKEN = re.compile(
    r"(<!--.*?-->|<(pre|textarea|script|style|code|kbd)(?=[\s/>])" + _TAG_ATTRIBUTES + r">.*?</\2\s*>"
    r"|<[!/?a-z]" + _TAG_ATTRIBUTES + r">)", re.DOTALL | re.IGNORECASE)


def _unindented_as_specified(page: str) -> str:
    """The rule, read plainly: the page cut into text and what is kept as written (comments, the elements whose
    text is shown or run as written, any other tag), each run of whitespace with a line break in text made one."""
    pieces = _REFERENCE_TOKEN.split(page)  # text, kept, element name (or None), text, …
    return "".join(re.sub(r"[ \t\r\f]*\n[ \t\n\r\f]*", "\n", piece) if index % 3 == 0 else piece or ""
                   for index, piece in enumerate(pieces) if index % 3 != 2)


_MARKUP_PIECES = ["<", ">", "</", "=", "'", '"', " ", "  ", "\t", "\n", "\r", "\f", "\v", "\xa0", "text", "é",
                  "<a", '<a href="x>y">', "</a>", "<b\n>", "<br/>", "<p title='a\n b'>", "<!doctype html>", "<?x?>",
                  "<!--", "-->", "<pre>", "<PRE class='a'>", "</pre>", "</pre >", "<code>", "</code>", "<kbd/>",
                  "<script>", "</script>", "<style x='>'>", "</style>", "<textarea>", "</textarea>"]


@given(st.lists(st.sampled_from(_MARKUP_PIECES), max_size=60).map("".join))
@example("words  \n\t  more \r\n")
@example("<p title='a\n b'>x</p>\n  <a href=\"x>y\">\n <pre>\n  kept </pre>\n <code>unclosed\n  <")
def test_pages_lose_their_indentation_by_the_rule_whatever_their_markup(page):
    from cluster_news.core.minify import unindented

    assert unindented(page) == _unindented_as_specified(page)
