"""The word-form tables search uses (core/wordforms.py), made with the morphology libraries' real data from
the fixture's search articles: the forms a reader types lead to the forms the site uses, every form of the
site leads back to itself, and the tables are the same bytes whatever order the pages come in."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from cluster_news.core import wordforms

from fixture_content import SEARCH_NEWS

TEXTS = {lang: [f"{title}\n{body}" for title, body in news.values()] for lang, news in SEARCH_NEWS.items()}


@pytest.mark.parametrize("word,term,key", [
    ("Здоров'я", "здоровя", "здоровя"),  # Pagefind drops the apostrophe
    ("Київ", "киів", "киів"),  # and the marks Unicode decomposition separates: й, ї
    ("Łańcucha", "łancucha", "lancucha"),  # ł has none: the key folds it, Pagefind's term keeps it
    ("Sănătății", "sanatatii", "sanatatii"),
    ("Clusters4Health-ові", "clusters4healthові", "clusters4healthові"),
])
def test_words_are_folded_as_pagefind_folds_them(word, term, key):
    assert wordforms.search_term(word) == term
    assert wordforms.lookup_key(word) == key


@pytest.mark.parametrize("lang,typed,site_forms", [
    ("uk", "Барселону", {"барселоні", "барселона"}),  # case
    ("uk", "лікарнею", {"лікарні", "лікарня", "лікарень", "лікарню", "лікарнях"}),  # case and number
    ("uk", "Страсбург", {"страсбурзі"}),  # a consonant that alternates
    ("bg", "клъстерът", {"клъстери", "клъстерите"}),  # the definite article, the plural
    ("pl", "lancuch", {"łancuch", "łancuchach"}),  # typed without ł, case
    ("pl", "szpitalami", {"szpitale", "szpitala", "szpitali", "szpitalu", "szpitalem"}),
])
def test_a_typed_form_leads_to_the_forms_the_site_uses(lang, typed, site_forms):
    assert set(wordforms.table(lang, TEXTS[lang])[wordforms.lookup_key(typed)]) == site_forms


@pytest.mark.parametrize("lang", sorted(SEARCH_NEWS))
def test_every_form_of_the_site_leads_back_to_itself(lang):
    """A site form that is a key (not all are: one that would find only itself needs no entry) lists itself
    among its forms; and its own key is where the page looks it up."""
    table = wordforms.table(lang, TEXTS[lang])
    site = {wordforms.search_term(word) for text in TEXTS[lang] for word in wordforms.site_words(text)}
    listed = {term for terms in table.values() for term in terms}
    assert listed <= site
    for term in listed:
        assert term in table.get(wordforms.lookup_key(term), [term]), term


def test_tables_are_the_same_bytes_whatever_order_the_pages_come_in():
    texts = TEXTS["uk"]
    files = wordforms.shards(wordforms.table("uk", texts))
    assert wordforms.shards(wordforms.table("uk", list(reversed(texts)))) == files
    names = json.loads(files["index.json"])
    assert sorted(files) == sorted([*(f"{name}.json" for name in names), "index.json"])
    for name in names:
        assert all(wordforms.shard_of(key, names) == name for key in json.loads(files[f"{name}.json"]))
    assert wordforms.shard_name("ба") == "431-430"


def test_a_large_shard_is_split_by_one_more_letter(monkeypatch):
    """Keys of one beginning beyond SHARD_BYTES go to shards of a longer one; the key that is the beginning
    itself stays in its own, and every key is found where the page looks for it."""
    forms = {"ба": ["баба"], **{f"ба{letter}{number}": ["баба"] for letter in "вгд" for number in range(40)}}
    monkeypatch.setattr(wordforms, "SHARD_BYTES", 1000)  # the 120 keys in one: 2.6 kB; 40 of them: 0.9 kB
    files = wordforms.shards(forms)
    names = json.loads(files["index.json"])
    assert set(names) == {wordforms.shard_name(prefix) for prefix in ("ба", "бав", "баг", "бад")}
    assert all(len(content) <= 1000 for name, content in files.items() if name != "index.json")
    found = {key: json.loads(files[f"{wordforms.shard_of(key, names)}.json"])[key] for key in forms}
    assert found == forms
    assert wordforms.shard_of("баж1", names) == wordforms.shard_name("ба")  # not in the table: not in that shard


def test_what_a_text_can_cost_is_bounded(monkeypatch):
    """Within the bounds, the most used words and lemmas are kept: a page of invented words, each once,
    does not push out the words the site's articles use."""
    monkeypatch.setattr(wordforms, "MAX_WORDS", 30)
    monkeypatch.setattr(wordforms, "MAX_KEYS", 60)
    invented = " ".join(f"слово{chr(0x430 + number % 32)}{chr(0x430 + number // 32)}" for number in range(200))
    table = wordforms.table("uk", [*TEXTS["uk"], "Лікарні лікарні лікарні Барселоні Барселоні", invented])
    assert 60 <= len(table) < 120  # the last lemma taken may pass the bound by its own forms
    assert "лікарні" in table[wordforms.lookup_key("лікарнею")]  # used most
    assert "барселоні" in table[wordforms.lookup_key("Барселону")]
    assert not any(key.startswith("слово") for key in table)


def test_words_are_counted_as_often_as_they_occur(monkeypatch):
    """`word_counts`, which splits each distinct piece between white space once, counts what splitting every
    text's pieces counts, across the batches of texts it counts together too."""
    monkeypatch.setattr(wordforms, "COUNTED_TOGETHER", 2)
    texts = [*TEXTS["uk"], *TEXTS["pl"], "Заместник-ректорът, (ректорът) a.b.c.d x_y 2026-12-07 ... — «Київ»"] * 2
    assert wordforms.word_counts(texts) == Counter(word for text in texts for word in wordforms.site_words(text))
