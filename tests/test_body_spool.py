"""A build's bodies, rendered in several processes and kept in files until their pages are made
(core/body.py's SpooledBodies): the same problems, in the same order, and the same HTML as one process that
keeps them in memory (the preview's way); readable from the processes that build languages; and gone with
the content."""

from __future__ import annotations

import gc
import os

import pytest

from cluster_news.core import processes
from cluster_news.core.body import SpooledBodies
from cluster_news.core.body_cache import BodyCache
from cluster_news.core.content import Remembered, load_content
from test_content_rules import SITE_MARKDOWN, news, write

from conftest import LANGUAGES
from fixture_content import PIXEL_PNG

CONTENT = {
    **{f"{lang}/news/item-{number}.md": news(f"## Part {number}\n\nSee [the event](../events/e.md), "
                                             f"![map](assets/map.png) and *{lang}* text.\n")
       for lang in LANGUAGES for number in range(4)},
    "en/news/removed.md": news("Text <b onclick=x>bold</b>.\n\nAnd [a broken link](gone.md).\n"),
    "uk/news/no-alt.md": news("Перше.\n\n![](assets/map.png)\n\nДруге \u202e слово.\n"),
    "en/news/draft.md": news("A [link](../events/nowhere.md).\n", extra="draft: true\n"),
    "en/events/e.md": "---\ntitle: E\nstart: 2025-03-01\n---\n## When\n\nText.\n",
    "assets/map.png": PIXEL_PNG,
}


@pytest.fixture
def forked(monkeypatch):
    """Bodies rendered in two forked processes, a few at a time (as at 5,000 items per language)."""
    monkeypatch.setattr(processes, "MIN_CHUNK", 1)
    monkeypatch.setattr(processes, "MAX_CHUNK", 3)
    monkeypatch.setattr(processes, "cpus", lambda: 2)


def load(root, cache: str, **kwargs):
    tree = load_content(root / "content", LANGUAGES, body=SITE_MARKDOWN,
                        cache=BodyCache(root / cache, SITE_MARKDOWN), **kwargs)
    return tree, ([str(problem) for problem in tree.problems],
                  {path: (check.html, check.toc_tokens) for path, check in tree.renderings.items()})


def test_bodies_rendered_in_several_processes_are_those_of_one(tmp_path, forked, monkeypatch):
    write(tmp_path / "content", CONTENT)
    tree, in_processes = load(tmp_path, "cache")
    assert isinstance(tree.renderings, SpooledBodies)
    spooled = {path.name for path in tree.renderings.folder.iterdir()}
    assert spooled and f"{os.getpid()}.bodies" not in spooled, "the bodies were not rendered in other processes"
    problems, renderings = in_processes
    assert any("onclick" in problem for problem in problems) and any("gone.md" in problem for problem in problems)
    assert any(problem.startswith("content/uk/news/no-alt.md:") for problem in problems)
    assert len(renderings) == len(tree.items) and 'href="cn-site-' in renderings["en/news/item-0.md"][0]
    assert renderings["en/events/e.md"][1][0]["name"] == "When"
    _, from_the_cache = load(tmp_path, "cache")
    _, remembered = load(tmp_path, "other-cache", remembered=Remembered())  # in memory, as the preview keeps them
    monkeypatch.setattr(processes, "MIN_CHUNK", 10**6)
    _, in_one = load(tmp_path, "third-cache")
    assert from_the_cache == remembered == in_one == in_processes


def test_the_processes_that_build_languages_read_them_back(tmp_path, forked):
    """Read in other processes, as the language builds forked after validation do; removed with the content."""
    write(tmp_path / "content", CONTENT)
    tree, (_, renderings) = load(tmp_path, "cache")
    paths = sorted(renderings)
    assert processes.in_processes(tree.renderings.__getitem__, paths, 2) == [tree.renderings[path] for path in paths]
    assert [tree.renderings[path].html for path in paths] == [renderings[path][0] for path in paths]
    folder = tree.renderings.folder
    assert folder.is_dir()
    del tree
    gc.collect()
    assert not folder.exists()
