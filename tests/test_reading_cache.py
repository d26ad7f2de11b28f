"""What reading Markdown files found, kept between runs (.cache/cluster-news/files-*.json): the same items
and problems as reading anew, files with anything to say read anew every time, and nothing taken from an
entry that does not read back as an item."""

from __future__ import annotations

import json

import pytest

from cluster_news.core import content, i18n
from cluster_news.core.content import load_content
from cluster_news.core.reading_cache import ReadingCache, _fields, _same

from conftest import LANGUAGES
from fixture_content import write_fixture_content, write_reader_content


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The front matters parsed, by their files' titles' lines."""
    seen: list[str] = []
    parse = content.parse
    monkeypatch.setattr(content, "parse", lambda text: seen.append(text.split("\n")[1]) or parse(text))
    return seen


def read(root, cache=None):
    tree = load_content(root / "content", LANGUAGES, files=ReadingCache(cache) if cache else None)
    return [_fields(item) for item in tree.items], [str(problem) for problem in tree.problems]


def test_a_second_run_finds_the_same(fixture_site, tmp_path, parsed):
    write_fixture_content(fixture_site)
    write_reader_content(fixture_site)
    fixture_site.write("en/news/odd.md", {"title": "Odd", "date": "2025-01-01", "colour": "blue"})  # a warning
    fresh = read(fixture_site.root)
    assert read(fixture_site.root, tmp_path / "cache") == fresh
    parsed.clear()
    again = read(fixture_site.root, tmp_path / "cache")
    assert _same(again, fresh) and parsed == ["title: Odd"]  # the only file that had something to say
    kept = next((tmp_path / "cache").glob("files-*.json")).read_text(encoding="utf-8")
    assert all(f'{{"{group}": ' in kept for group in ("Party", "Location", "Picture", "date", "datetime"))


def test_an_edit_is_read_again(fixture_site, tmp_path, parsed):
    write_fixture_content(fixture_site)
    cache = tmp_path / "cache"
    read(fixture_site.root, cache)
    path = fixture_site.root / "content" / "en" / "news" / "mapping-workshop.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date: '2025-06-12'", "date: '2025-06-31'").replace("date: 2025-06-12",
                                                                                       "date: 2025-06-31"),
                    encoding="utf-8")
    parsed.clear()
    edited = read(fixture_site.root, cache)
    assert len(parsed) == 1 and edited == read(fixture_site.root) and any("2025-06-31" in p for p in edited[1])
    path.write_text(text, encoding="utf-8")
    assert read(fixture_site.root, cache) == read(fixture_site.root)


@pytest.mark.parametrize("entry", [
    {"values": {"dict": {"date": {"date": "2025-02-30"}}}},
    {"values": {"dict": {"image": {"Script": {"src": "x"}}}}, "lines": {}, "title": "", "first_line": 1,
     "body_line": 1, "body_at": 0},
    {"values": [], "lines": {}, "title": "", "first_line": 1, "body_line": 1, "body_at": 0},
    {"values": {"dict": {}}, "lines": {}, "title": "T", "first_line": 1, "body_line": 1, "body_at": 10 ** 9},
    "not an entry",
])
def test_an_entry_that_is_no_item_is_ignored(fixture_site, tmp_path, parsed, entry):
    write_fixture_content(fixture_site)
    cache = tmp_path / "cache"
    fresh = read(fixture_site.root, cache)
    [file] = cache.glob("files-*.json")
    document = json.loads(file.read_text(encoding="utf-8"))
    file.write_text(json.dumps({"entries": dict.fromkeys(document["entries"], entry)}), encoding="utf-8")
    parsed.clear()
    assert read(fixture_site.root, cache) == fresh and len(parsed) == len(document["entries"])


def test_starter_texts_are_told_in_every_run(fixture_site, tmp_path, parsed, monkeypatch):
    """Starter texts left in a file are looked for when it is read: a run that takes the other files from the
    cache tells them as a fresh one does, and what the cache keeps holds only for the same starter texts."""
    write_fixture_content(fixture_site)
    starter = i18n.translate("en", "starter_body")
    fixture_site.write("en/news/started.md", {"title": "Started", "date": "2025-01-01"}, f"Text.\n\n{starter}\n")
    fixture_site.write("en/news/plain.md", {"title": "Plain", "date": "2025-01-02"}, "Plain words.\n")
    cache = tmp_path / "cache"
    fresh = read(fixture_site.root)
    assert [problem for problem in fresh[1] if "starter text" in problem] == [
        f"content/en/news/started.md:7: the starter text {starter!r} is still there (replace it with your own words)"]
    assert read(fixture_site.root, cache) == fresh
    parsed.clear()
    assert read(fixture_site.root, cache) == fresh and parsed == ["title: Started"]
    monkeypatch.setattr(i18n, "starter_texts", lambda: ("Plain words.",))  # what plain.md was kept without
    content._any_starter.cache_clear()
    try:
        again = read(fixture_site.root, cache)
        assert again == read(fixture_site.root)
        assert [problem for problem in again[1] if "starter text" in problem] == [
            "content/en/news/plain.md:5: the starter text 'Plain words.' is still there (replace it with your own "
            "words)"]
    finally:
        content._any_starter.cache_clear()
