"""Each language's search index and word forms kept between builds (adapter/search.py): a language whose
searchable pages are unchanged takes its kept index, an edited one is indexed again, the cache holds no
code, and the site's search files are byte for byte those of a build that kept nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cluster_news.adapter.search import KEPT_PREFIX
from cluster_news.core import wordforms
from cluster_news.core.cache import CACHE_FOLDER
from cluster_news.core.urls import SEARCH_INDEX_FOLDER

from conftest import LANGUAGES, FixtureSite

STORIES = {"en": "Cluster managers met in Sofia to plan joint training.",
           "uk": "Менеджери кластерів зустрілися в Софії, щоб спланувати спільні навчання.",
           "bg": "Мениджърите на клъстери се срещнаха в София, за да планират общи обучения.",
           "ro": "Managerii de clustere s-au întâlnit la Sofia pentru a planifica instruiri comune.",
           "pl": "Menedżerowie klastrów spotkali się w Sofii, aby zaplanować wspólne szkolenia."}


def search_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for folder in (SEARCH_INDEX_FOLDER, wordforms.FOLDER) for path in sorted((site / folder).rglob("*"))
            if path.is_file()}


def test_only_an_edited_language_is_indexed_again(tmp_path):
    site = FixtureSite(tmp_path / "project")
    for lang, text in STORIES.items():
        site.write(f"{lang}/news/meeting.md", {"title": text.split(",")[0][:40], "date": "2025-03-04"}, text + "\n")
    assert site.build().ok
    first = search_files(site.root / "site")
    cache = site.root / CACHE_FOLDER
    kept = {path.name: path.stat().st_mtime_ns for path in cache.glob(f"{KEPT_PREFIX}*.json")}
    assert sorted(name.split("-")[1] for name in kept) == sorted(LANGUAGES)

    site.write("uk/news/meeting.md", {"title": "Менеджери кластерів", "date": "2025-03-04"},
               "Менеджери кластерів обговорили нові програми навчання для лікарень.\n")
    assert site.build().ok
    after = {path.name: path.stat().st_mtime_ns for path in cache.glob(f"{KEPT_PREFIX}*.json")}
    assert [name.split("-")[1] for name in sorted(set(after) - set(kept))] == ["uk"]
    assert all(after[name] == kept[name] for name in kept if not name.startswith(f"{KEPT_PREFIX}uk-"))
    reused = search_files(site.root / "site")
    for lang in LANGUAGES:
        table = f"{wordforms.FOLDER}/{lang}/"
        same = {name: content for name, content in reused.items() if name.startswith(table)} == \
            {name: content for name, content in first.items() if name.startswith(table)}
        assert same == (lang != "uk"), lang

    assert site.build().ok  # every language kept: Pagefind writes only its code anew
    assert search_files(site.root / "site") == reused
    for path in cache.glob(f"{KEPT_PREFIX}*.json"):  # the cache folder is restored by CI: it holds no code
        names = json.loads(path.read_text(encoding="utf-8"))["entries"]
        assert not [name for name in names if name.endswith((".js", ".css")) or "/wasm." in name
                    or name.startswith("b:wasm.")], path.name
    assert any(name.endswith("pagefind.js") for name in reused)

    shutil.rmtree(cache)
    assert site.build().ok
    assert search_files(site.root / "site") == reused
