"""A process that builds several languages one after another (adapter/parallel.py: each language worker, and
the build's own process) holds no language's pages once that language is written: what it holds does not grow
with the languages it builds."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin, event_priority

from cluster_news.adapter import couplings
from cluster_news.adapter.parallel import LanguageBuilds

LANGUAGES = {"en": "Home", "uk": "Головна", "bg": "Начало"}


class PageWatcher(BasePlugin):
    """Notes every page a build writes (weakly), by language; at the end of each language's build, which
    pages of the languages built before it are still alive."""

    def __init__(self, i18n: BasePlugin) -> None:
        self.i18n = i18n
        self.written: dict[str, list[weakref.ref]] = {}
        self.alive_before: dict[str, list[str]] = {}

    @event_priority(-110)  # after static-i18n's
    def on_config(self, config):
        couplings.set_language_builds(self.i18n, True)  # the other languages are ours to build
        return config

    def on_post_page(self, output, page, config):
        self.written.setdefault(couplings.pass_language(self.i18n), []).append(weakref.ref(page))
        return output

    def on_post_build(self, config):
        lang = couplings.pass_language(self.i18n)
        gc.collect()
        self.alive_before[lang] = [built for built, pages in self.written.items()
                                   if built != lang and any(page() is not None for page in pages)]


def test_a_process_building_languages_in_turn_lets_go_of_each_languages_pages(tmp_path: Path):
    for lang, title in LANGUAGES.items():
        for name in ("index", "news", "events"):
            (tmp_path / "docs" / lang / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / "docs" / lang / f"{name}.md").write_text(f"# {title} {name}\n", encoding="utf-8")
    languages = [{"locale": lang, "name": lang, "build": True, **({"default": True} if lang == "en" else {})}
                 for lang in LANGUAGES]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({
        "site_name": "Languages", "theme": {"name": "mkdocs"},
        "plugins": [{"i18n": {"docs_structure": "folder", "languages": languages}}]}))
    config = load_config(str(tmp_path / "mkdocs.yml"))
    i18n = config.plugins["i18n"]
    watcher = config.plugins["watcher"] = PageWatcher(i18n)
    build(config)  # the default language's pass
    LanguageBuilds(i18n, ["uk", "bg"], jobs=1).finish(config)  # the others, here, one after another
    assert sorted(watcher.written) == sorted(LANGUAGES) and all(len(pages) == 3 for pages in watcher.written.values())
    assert (tmp_path / "site" / "bg" / "news" / "index.html").is_file()
    assert watcher.alive_before == {"en": [], "uk": [], "bg": []}
    gc.collect()
    assert [lang for lang, pages in watcher.written.items() if any(page() is not None for page in pages)] == []
