"""Search by other forms of words, in Chromium, on a fixture site of articles written for it
(fixture_content.SEARCH_NEWS): Ukrainian and Bulgarian queries find articles with other forms of their words,
diacritic-free Romanian and Polish ones still find theirs, the query's own form ranks first, and the count is
said in the plural form the language's CLDR rules choose, under the Content-Security-Policy. And the page folds
a typed word into its key in the word-form tables exactly as the build does, for every word of the site, and
Pagefind finds every form the tables list as they write it."""

from __future__ import annotations

import json
import re
from urllib.parse import quote, urlsplit

import lxml.html
import pytest

from cluster_news.core import wordforms

from browser import chromium_page, serve_at, watch_policy
from conftest import LANGUAGES, REPO, SITE_URL, Built, build_site
from fixture_content import write_search_content

SCRIPT = REPO / "plugins" / "cluster_news" / "assets" / "cluster-news-search.js"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory, "search", write_search_content)


@pytest.fixture(scope="module")
def page(built, chromium):
    with serve_at(built.site, urlsplit(SITE_URL).path.strip("/")) as base, chromium_page(chromium) as page:
        watch_policy(page)
        page.base = base
        yield page
        assert page.problems == [] and page.violations == []


def search(page, lang: str, query: str) -> tuple[str, list[str]]:
    """The count the search page says for `query`, and its results' addresses (site-root relative)."""
    page.goto(f"{page.base}{lang}/search/?q={quote(query)}")
    status = page.locator(".cn-search__status")
    page.wait_for_function("s => s.textContent && !s.textContent.endsWith('…')", arg=status.element_handle())
    links = page.eval_on_selector_all(".cn-result__title a", "links => links.map(a => a.href)")
    return status.inner_text(), [link[len(page.base):] for link in links]


@pytest.mark.parametrize("lang,query,said,found", [
    ("uk", "Барселону", "2 результати за запитом Барселону", {"barcelona-week", "barcelona-guide"}),
    ("uk", "лікарнею", "5 результатів за запитом лікарнею",
     {"barcelona-week", "barcelona-guide", "strasbourg", "plovdiv", "data"}),
    ("uk", "Страсбург", "1 результат за запитом Страсбург", {"strasbourg"}),
    ("bg", "клъстерът", "2 резултата за клъстерът", {"cluster-week", "cluster-days"}),
    ("ro", "sanatate", "1 rezultat pentru sanatate", {"health-week"}),
    ("ro", "spitalul", "1 rezultat pentru spitalul", {"health-week"}),
    ("pl", "lancuch", "2 wyniki dla lancuch", {"szpitale", "szpitali"}),
    ("pl", "szpitalami", "5 wyników dla szpitalami", {"szpitale", "szpital-krakow", "szpitali", "szpitalu",
                                                       "szpitalem"}),
])
def test_other_forms_find_the_articles_and_the_count_takes_its_plural_form(page, lang, query, said, found):
    status, results = search(page, lang, query)
    assert status == said
    assert set(results) == {f"{lang}/news/{slug}/" for slug in found}


def test_the_query_s_own_form_ranks_first(page):
    status, results = search(page, "uk", "Барселона")
    assert status == "2 результати за запитом Барселона"
    assert results == ["uk/news/barcelona-guide/", "uk/news/barcelona-week/"]  # "Барселона", then "Барселоні"
    assert page.locator(".cn-result__excerpt mark").first.inner_text() == "Барселона"


def test_the_page_keys_every_word_of_the_site_as_the_build_does(built, page):
    """The search script's own functions (read from it) over every word of every searchable page, against
    core/wordforms.py; and every table's entries are in the shard the script asks for."""
    source = SCRIPT.read_text(encoding="utf-8")
    functions = [re.search(rf"\n  (function {name}\(\w+(, \w+)?\) {{\n.*?\n  }})\n", source, re.S)
                 for name in ("term", "key", "shardOf")]
    assert all(functions), "cluster-news-search.js: term(), key() or shardOf() moved: read them anew"
    words = set()
    for path in built.site.rglob("index.html"):
        for body in lxml.html.document_fromstring(path.read_bytes()).xpath("//*[@data-pagefind-body]"):
            words.update(wordforms.site_words(" ".join(body.itertext())))
    words = sorted(words | {"Łańcuch", "Здоров'я", "Київ", "ЇЖАК", "Sănătății", "Ștefan"})
    script = " ".join(function[1] for function in functions)
    keys = page.evaluate(f"words => {{ {script} return words.map(key); }}", words)
    assert keys == [wordforms.lookup_key(word) for word in words]
    for lang in LANGUAGES:
        folder = built.site / wordforms.FOLDER / lang
        names = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        keys = sorted({*keys, *(key for name in names for key in json.loads((folder / f"{name}.json").read_bytes()))})
        chosen = page.evaluate(f"([keys, names]) => {{ {script} return keys.map(k => shardOf(k, names)); }}",
                               [keys, names])
        assert chosen == [wordforms.shard_of(key, names) for key in keys], lang
        for name in names:
            shard = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
            assert shard and all(wordforms.shard_of(key, names) == name for key in shard), (lang, name)


def test_pagefind_finds_every_form_the_tables_list(built, page):
    """The coupling to Pagefind's folding (core/wordforms.py: search_term mirrors its indexing): each form a
    table lists, searched as it is written there, finds a page of its language (other than the default's, whose
    search page is at the root)."""
    for lang in LANGUAGES[1:]:
        folder = built.site / wordforms.FOLDER / lang
        names = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        terms = sorted({term for name in names for terms in json.loads((folder / f"{name}.json").read_bytes()).values()
                        for term in terms})
        page.goto(f"{page.base}{lang}/search/")
        counts = page.evaluate("""async ([bundle, terms]) => {
            const pagefind = await import(bundle);
            return Promise.all(terms.map(async term => (await pagefind.search(term)).results.length));
        }""", [f"{page.base}pagefind/pagefind.js", terms])
        assert terms and all(counts), (lang, [term for term, count in zip(terms, counts, strict=True) if not count])
