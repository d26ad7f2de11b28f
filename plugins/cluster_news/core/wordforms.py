"""Other forms of the words a site's pages use, so that search finds an article by any form of its words.

Pagefind matches a query word with the indexed words that start with it; it stems English, Romanian and
Polish (Snowball), not Ukrainian or Bulgarian, and folds diacritics only where Unicode decomposes them (not
Polish "ł"). So for each language the build writes a table, from the words of the pages Pagefind indexes:
every form a morphology library knows of each word's lemma, keyed as a reader may type it (`lookup_key`),
→ the forms of that lemma the site uses, as Pagefind indexes them (`search_term`). The search page looks each
query word up in the table's shard for its first letters and asks Pagefind for those forms too.

The morphology runs here only, at build time; the browser just folds a typed word into its key the way
`lookup_key` does (tests/test_browser_search.py checks that the two agree on every word of a site).
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache, cached_property
from typing import Protocol

FOLDER = "wordforms"
"""Where the tables are in the site: <FOLDER>/<lang>/index.json and the shards beside it."""
SHARD_PREFIX = 2
"""Characters of a key that name its shard, at least: a query downloads the shards of its words only."""
MAX_WORDS = 100_000
"""Different words of one language analysed at most, the most used first, and MAX_KEYS keys of its table,
the forms of the most used lemmas first: what any text can cost is bounded (a megabyte of invented
Ukrainian words, 60,000 of them, takes pymorphy3 14 s and 7.5 MB of tables), and the rarest words of a very
large site are left to Pagefind's own matching."""
MAX_KEYS = 200_000
SHARD_BYTES = 8192
"""A shard larger than this is split by one more character of its keys (those as long as its prefix stay)."""
NOTICE_FILE = "NOTICE.txt"
"""Beside a language's table: where its forms come from, and their licence (`Morphology.SOURCE`)."""
COUNTED_TOGETHER = 500
"""Texts whose pieces `word_counts` counts together."""
_TOKEN = re.compile(r"\S+")
_PART = re.compile(r"[^\W_]+")


def search_term(word: str) -> str:
    """`word` as Pagefind indexes it (and folds a query word) in a language it does not stem: its letters
    and digits, in lower case, without the combining marks of its Unicode decomposition (pagefind/src/fossick/
    splitting.rs: get_indexable_words, normalize_diacritics; pagefind_web_js/lib/coupled_search.ts: search)."""
    letters = "".join(c for c in word if c.isalnum()).lower()
    return "".join(c for c in unicodedata.normalize("NFD", letters) if not unicodedata.combining(c))


def lookup_key(word: str) -> str:
    """The key of `word` in the tables: its search term, with the one Latin letter of our languages that
    Unicode does not decompose folded too (Polish ł: readers type "lancuch" for "łańcuch")."""
    return search_term(word).replace("ł", "l")


def site_words(text: str) -> Iterable[str]:
    """The words of `text` as Pagefind splits them (at white space), and the parts of those joined by
    punctuation: "Заместник-ректорът" is also "Заместник" and "ректорът", an address only its parts."""
    for token in _TOKEN.findall(text):
        yield from _token_words(token)


def _token_words(token: str) -> list[str]:
    """The words of one piece of text between white space (`site_words`)."""
    parts = _PART.findall(token)
    if len(parts) == 1:
        return parts
    joined = ["".join(parts)] if 1 < len(parts) <= 3 and all(part.isalpha() for part in parts) else []
    return parts + joined


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """How many times each of `site_words` occurs in `texts`. The pieces between white space are counted first,
    and each distinct piece is split into words once: the same words with the same punctuation come back
    page after page. Counted `COUNTED_TOGETHER` texts at a time: the distinct pieces held are those of a few
    hundred texts, not the site's."""
    counts: Counter[str] = Counter()
    texts = iter(texts)
    while chunk := list(itertools.islice(texts, COUNTED_TOGETHER)):
        tokens: Counter[str] = Counter()
        for text in chunk:
            tokens.update(_TOKEN.findall(text))
        for token, count in tokens.items():
            for word in _token_words(token):
                counts[word] += count
    return counts


class Morphology(Protocol):
    """A library's view of one language, for one table: what it learns from a site's words stays with it."""

    SOURCE: str
    """Whose data the table's forms come from and under which licence, published beside the table
    (`NOTICE_FILE`): the tables are derived from the libraries' dictionaries and models."""

    def lemmas(self, word: str) -> set[str]:
        """The lemmas `word` may be a form of (as written: case can tell a name from a common word)."""

    def forms(self, lemma: str) -> set[str]:
        """Every form of `lemma` the library knows (its own `lemmas` lead back to it)."""


class Pymorphy:
    """Ukrainian: pymorphy3's analyser and its dictionary of every form of every word (pymorphy3-dicts-uk)."""

    SOURCE = ("The word forms in these files come from the Ukrainian dictionary of pymorphy3-dicts-uk\n"
              "(https://github.com/no-plagiarism/pymorphy3-dicts), whose data is licensed under Creative Commons\n"
              "Attribution-ShareAlike 3.0 (https://creativecommons.org/licenses/by-sa/3.0/); the package's metadata\n"
              "also names the GNU GPL version 3 (https://www.gnu.org/licenses/gpl-3.0.html). These files are shared\n"
              "under the same terms. They hold the forms of the words this site's pages use, keyed as readers type them.\n")

    def __init__(self, lang: str) -> None:
        self.analyzer = _pymorphy(lang)
        self.parses: dict[str, list] = defaultdict(list)

    def lemmas(self, word: str) -> set[str]:
        parses = self.analyzer.parse(word)
        for parse in parses:
            self.parses[parse.normal_form].append(parse)
        return {parse.normal_form for parse in parses}

    def forms(self, lemma: str) -> set[str]:
        return {form.word for parse in self.parses[lemma] for form in parse.lexeme} | {lemma}


class Morfeusz:
    """Polish: Morfeusz 2 with its dictionary (SGJP), which analyses and generates every form."""

    SOURCE = ("The word forms in these files were generated by Morfeusz 2 from its SGJP inflection data\n"
              "(http://morfeusz.sgjp.pl/). They hold the forms of the words this site's pages use, keyed as readers\n"
              "type them.\n\n"
              "Copyright of the SGJP inflection data: Zygmunt Saloni, Włodzimierz Gruszczyński, Marcin Woliński,\n"
              "Robert Wołosz and Danuta Skowrońska. Copyright of Morfeusz 2: Instytut Podstaw Informatyki PAN.\n"
              "Both are licensed under the 2-clause BSD licence (http://morfeusz.sgjp.pl/doc/license/):\n\n"
              "Redistribution and use in source and binary forms, with or without modification, are permitted\n"
              "provided that the following conditions are met:\n"
              "1. Redistributions of source code must retain the above copyright notice, this list of conditions\n"
              "   and the following disclaimer.\n"
              "2. Redistributions in binary form must reproduce the above copyright notice, this list of conditions\n"
              "   and the following disclaimer in the documentation and/or other materials provided with the\n"
              "   distribution.\n\n"
              "THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS \"AS IS\" AND ANY EXPRESS OR IMPLIED WARRANTIES,\n"
              "INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR\n"
              "PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDERS OR CONTRIBUTORS BE LIABLE FOR ANY\n"
              "DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED\n"
              "TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS\n"
              "INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR\n"
              "TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF\n"
              "ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.\n")

    def __init__(self, lang: str) -> None:
        self.morfeusz = _morfeusz()

    def lemmas(self, word: str) -> set[str]:
        # Its lemmas carry a sense after a colon ("zamek:s1"); generation takes the bare word.
        return {analysis[2][1].split(":")[0] for analysis in self.morfeusz.analyse(word)}

    def forms(self, lemma: str) -> set[str]:
        try:
            return {generated[0] for generated in self.morfeusz.generate(lemma)} | {lemma}
        except RuntimeError:  # a lemma it cannot generate from (of more than one word)
            return {lemma}


class Lemmagen:
    """Bulgarian, Romanian, English: LemmaGen's lemmatiser (rules learnt from the MULTEXT-East lexicons).
    It lemmatises any word but lists no forms: the forms of a lemma are those that the site's own words
    show its language inflects by (a lemma's ending changed into a form's, seen in two lemmas at least),
    each kept only if LemmaGen lemmatises it back to that lemma."""

    SOURCE = ("The word forms in these files were found with LemmaGen 3's model for this language\n"
              "(https://github.com/vpodpecan/lemmagen3), built from the MULTEXT-East resources\n"
              "(http://nl.ijs.si/ME/V4/) and licensed under Creative Commons Attribution-ShareAlike 4.0\n"
              "(https://creativecommons.org/licenses/by-sa/4.0/). These files are shared under the same licence.\n"
              "They hold the forms of the words this site's pages use, keyed as readers type them.\n")

    def __init__(self, lang: str) -> None:
        self.lemmatizer = _lemmagen(lang)
        self.changes: dict[tuple[str, str], set[str]] = defaultdict(set)

    def lemmas(self, word: str) -> set[str]:
        form = word.lower()
        lemma = self.lemmatizer.lemmatize(form)
        common = len(_common_prefix(lemma, form))
        if len(lemma) - common <= 3:  # a change of ending, not a suppletive form ("are"/"be")
            self.changes[lemma[common:], form[common:]].add(lemma)
        return {lemma}

    @cached_property
    def endings(self) -> dict[str, set[str]]:
        """The endings of forms by the lemma's ending they replace: changes seen once (a typing error, a
        foreign word) are no inflection."""
        endings: dict[str, set[str]] = defaultdict(set)
        for (lemma_ending, form_ending), lemmas in self.changes.items():
            if len(lemmas) > 1:
                endings[lemma_ending].add(form_ending)
        return endings

    def forms(self, lemma: str) -> set[str]:
        forms = {lemma}
        for size in range(min(len(lemma), 3) + 1):
            stem, ending = lemma[: len(lemma) - size], lemma[len(lemma) - size:]
            for inflected in sorted(self.endings.get(ending, ())):
                candidate = stem + inflected
                if self.lemmatizer.lemmatize(candidate) == lemma:
                    forms.add(candidate)
        return forms


# The libraries' dictionaries and models, loaded once per process.
@cache
def _pymorphy(lang: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@cache
def _morfeusz():
    import morfeusz2

    return morfeusz2.Morfeusz(expand_tags=False)


@cache
def _lemmagen(lang: str):
    import lemmagen3

    return lemmagen3.Lemmatizer(lang)


def _common_prefix(a: str, b: str) -> str:
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size]:
        size += 1
    return a[:size]


MORPHOLOGY: dict[str, type] = {"uk": Pymorphy, "bg": Lemmagen, "ro": Lemmagen, "pl": Morfeusz, "en": Lemmagen}
"""The library for each language, chosen by measurement (docs/architecture.md, "Search and word forms")."""


def table(lang: str, texts: Iterable[str]) -> dict[str, list[str]]:
    """For the pages' `texts` in `lang`: each key (`lookup_key`) of a form of a lemma the pages use → the
    search terms of the pages' forms of that lemma, the most used first. Keys that would only find themselves
    are left out, and so are one-letter keys (Pagefind's own prefix matching covers them). Within MAX_WORDS
    and MAX_KEYS."""
    counts = word_counts(texts)
    library: Morphology = MORPHOLOGY[lang](lang)
    uses: Counter[str] = Counter()
    by_lemma: dict[str, set[str]] = defaultdict(set)
    lemma_uses: Counter[str] = Counter()
    for word, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_WORDS]:
        term = search_term(word)
        uses[term] += count
        for lemma in library.lemmas(word):
            by_lemma[lemma].add(term)
            lemma_uses[lemma] += count
    found: dict[str, set[str]] = defaultdict(set)
    for lemma in sorted(by_lemma, key=lambda lemma: (-lemma_uses[lemma], lemma)):
        if len(found) >= MAX_KEYS:
            break
        terms = by_lemma[lemma]
        for form in library.forms(lemma) | terms:
            key = lookup_key(form)
            if len(key) > 1:
                found[key] |= terms
    return {key: sorted(terms, key=lambda term: (-uses[term], term))
            for key, terms in sorted(found.items()) if terms != {key}}


def shard_name(prefix: str) -> str:
    """The file name of the shard of the keys that start with `prefix`: its letters as code points ("кл" →
    "43a-43b"), a name every host serves as it is."""
    return "-".join(f"{ord(char):x}" for char in prefix)


def shard_of(key: str, names: Iterable[str]) -> str | None:
    """Of the shards `names`, the one that holds `key` if the table has it: the longest whose prefix `key`
    starts with (the search page chooses the same way)."""
    names = set(names)
    for size in range(len(key), SHARD_PREFIX - 1, -1):
        if shard_name(key[:size]) in names:
            return shard_name(key[:size])
    return None


def shards(forms: dict[str, list[str]]) -> dict[str, bytes]:
    """The table as files, by name: a shard per first letters (more of them where a shard would be larger than
    SHARD_BYTES), and `index.json` listing the shards, so that the page asks only for one that exists."""
    files: dict[str, bytes] = {}
    pending = [(key[:SHARD_PREFIX], key, terms) for key, terms in forms.items()]
    while pending:
        grouped: dict[str, dict[str, list[str]]] = defaultdict(dict)
        for prefix, key, terms in pending:
            grouped[prefix][key] = terms
        pending = []
        for prefix, entries in grouped.items():
            content = _json(entries)
            longer = {key: terms for key, terms in entries.items() if len(key) > len(prefix)}
            if len(content) <= SHARD_BYTES or not longer:
                files[f"{shard_name(prefix)}.json"] = content
                continue
            if len(longer) < len(entries):  # the key that is the prefix itself stays
                files[f"{shard_name(prefix)}.json"] = _json({prefix: entries[prefix]})
            pending += [(key[: len(prefix) + 1], key, terms) for key, terms in longer.items()]
    names = sorted(name.removesuffix(".json") for name in files)
    return {**dict(sorted(files.items())), "index.json": _json(names)}


def notice(lang: str) -> bytes:
    """What `NOTICE_FILE` says beside the table of `lang`, which must have a morphology library."""
    return MORPHOLOGY[lang].SOURCE.encode("utf-8")


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
