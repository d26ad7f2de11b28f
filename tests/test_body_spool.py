"""A build's bodies, rendered in several processes and kept in files until their pages are made
(core/body.py's SpooledBodies): the same problems, in the same order, and the same HTML as one process that
keeps them in memory (the preview's way); readable from the processes that build languages; and gone with
the content."""

from __future__ import annotations

import gc
import json
import re
import subprocess
import sys

from cluster_news.core.body import SpooledBodies
from cluster_news.core.body_cache import BodyCache
from cluster_news.core.content import Remembered, load_content
from test_content_rules import SITE_MARKDOWN, news, write

from conftest import LANGUAGES, REPO
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


IN_PROCESSES = """
import json, os, sys
from pathlib import Path
from cluster_news.adapter.settings import read_settings
from cluster_news.core import processes
from cluster_news.core.body_cache import BodyCache
from cluster_news.core.content import load_content

processes.MIN_CHUNK, processes.MAX_CHUNK, processes.cpus = 1, 3, lambda: 2  # as at 5,000 items per language
repository, root, languages = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
markdown = read_settings(repository / "mkdocs.yml").body
runs = []
for _ in range(2):  # rendered, then from the cache
    tree = load_content(root / "content", languages, body=markdown, cache=BodyCache(root / "cache", markdown))
    spool = tree.renderings
    paths = sorted(spool)
    runs.append({"spooled": sorted(path.name for path in spool.folder.iterdir()),
                 "problems": [str(problem) for problem in tree.problems],
                 "renderings": {path: [check.html, check.toc_tokens] for path, check in spool.items()},
                 "read_elsewhere": [check.html for check in processes.in_processes(spool.__getitem__, paths, 2)]})
print(json.dumps({"pid": os.getpid(), "runs": runs}))
"""
"""Bodies rendered and read back in forked processes, in a new interpreter: a test process may have threads
(then nothing forks)."""


def load(root, cache: str, **kwargs):
    tree = load_content(root / "content", LANGUAGES, body=SITE_MARKDOWN,
                        cache=BodyCache(root / cache, SITE_MARKDOWN), **kwargs)
    return tree, ([str(problem) for problem in tree.problems],
                  {path: [check.html, check.toc_tokens] for path, check in tree.renderings.items()})


def test_bodies_rendered_in_several_processes_are_those_of_one(tmp_path):
    write(tmp_path / "content", CONTENT)
    done = subprocess.run([sys.executable, "-c", IN_PROCESSES, str(REPO), str(tmp_path), *LANGUAGES],
                          capture_output=True, text=True, check=True)
    found = json.loads(done.stdout)
    first = found["runs"][0]
    assert first["spooled"] and f"{found['pid']}.bodies" not in first["spooled"], \
        "the bodies were not rendered in other processes"
    problems, renderings = first["problems"], first["renderings"]
    assert any("onclick" in problem for problem in problems) and any("gone.md" in problem for problem in problems)
    assert any(problem.startswith("content/uk/news/no-alt.md:") for problem in problems)
    assert 'href="cn-site-' in renderings["en/news/item-0.md"][0] and renderings["en/events/e.md"][1][0]["name"] == "When"
    for run in found["runs"]:  # rendered, then from the cache: read back by other processes as written
        assert run["read_elsewhere"] == [run["renderings"][path][0] for path in sorted(run["renderings"])]
    tree, in_one = load(tmp_path, "other-cache")  # here, one process (the fixture is small)
    assert isinstance(tree.renderings, SpooledBodies) and len(in_one[1]) == len(tree.items)
    _, remembered = load(tmp_path, "third-cache", remembered=Remembered())  # in memory, as the preview keeps them
    assert found["runs"][1]["problems"] == problems == in_one[0] == remembered[0]
    # The HTML differs only by SITE_SCHEME, which every run draws anew.
    scheme = re.search(r"cn-site-[0-9a-f]+:", renderings["en/news/item-0.md"][0]).group()
    here = re.search(r"cn-site-[0-9a-f]+:", in_one[1]["en/news/item-0.md"][0]).group()
    assert {path: [html.replace(scheme, here), toc] for path, (html, toc) in renderings.items()} == in_one[1] == \
        remembered[1]
    assert found["runs"][1]["renderings"] == renderings


def test_the_spool_goes_with_the_content(tmp_path):
    write(tmp_path / "content", CONTENT)
    tree, _ = load(tmp_path, "cache")
    folder = tree.renderings.folder
    assert list(folder.iterdir())
    del tree
    gc.collect()
    assert not folder.exists()
