"""Bodies' renderings kept between runs (.cache/cluster-news/): the same verdict and HTML as rendering
anew, never a stale link, nothing from the file that the sanitiser would refuse, and no cache a commit
brought."""

from __future__ import annotations

import json
import subprocess

import pytest

from cluster_news import cli
from cluster_news.core.body import BodyChecker, BodySettings
from cluster_news.core.body_cache import PORTABLE_SCHEME, BodyCache, fingerprint
from cluster_news.core.cache import CommittedCache, cache_folder
from cluster_news.core.content import Remembered, load_content
from test_content_rules import SITE_MARKDOWN, news, write

from conftest import LANGUAGES, FixtureSite
from fixture_content import PIXEL_PNG

BODIES = {
    "en/news/a.md": news("## Plan\n\nSee [the event](../events/e.md) and ![map](assets/map.png).\n"),
    "uk/news/a.md": news("## План\n\nДив. [подію](../events/e.md).\n"),
    "en/news/b.md": news("Text <b onclick=x>bold</b> and [a broken link](gone.md).\n"),
    "en/events/e.md": "---\ntitle: E\nstart: 2025-03-01\n---\nText.\n",
    "assets/map.png": PIXEL_PNG,
}


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The content paths of the bodies Python-Markdown renders."""
    rendered: list[str] = []
    render = BodyChecker.render
    monkeypatch.setattr(BodyChecker, "render",
                        lambda self, item: rendered.append(item.content_path) or render(self, item))
    return rendered


def load(tmp_path, **kwargs):
    cache = BodyCache(tmp_path / "cache", SITE_MARKDOWN)
    tree = load_content(tmp_path / "content", LANGUAGES, body=SITE_MARKDOWN, cache=cache, **kwargs)
    return tree, ([str(problem) for problem in tree.problems],
                  {path: (check.html, check.toc_tokens) for path, check in tree.renderings.items()})


def test_a_second_run_finds_the_same(tmp_path):
    """What the cache gives back is what rendering gives: the same problems, the same HTML and headings, in a
    later run, in the preview's first build and in its next ones."""
    write(tmp_path / "content", BODIES)
    _, first = load(tmp_path)
    assert any("onclick" in problem for problem in first[0]) and any("gone.md" in problem for problem in first[0])
    assert 'href="cn-site-' in first[1]["en/news/a.md"][0] and first[1]["uk/news/a.md"][1][0]["name"] == "План"
    _, second = load(tmp_path)
    assert second == first
    remembered = Remembered()
    _, third = load(tmp_path, remembered=remembered)  # the preview's first build reads it too
    _, fourth = load(tmp_path, remembered=remembered)  # its next builds remember instead
    assert third == fourth == first


def test_a_link_that_leads_elsewhere_now_is_rendered_again(tmp_path, renders):
    root = write(tmp_path / "content", BODIES)
    _, before = load(tmp_path)
    assert ":events/e/" in before[1]["uk/news/a.md"][0]  # no Ukrainian version yet: the English one
    write(root, {"uk/events/e.md": "---\ntitle: Е\nstart: 2025-03-01\n---\nТекст.\n",
                 "en/news/b.md": news("Now [it exists](../events/e.md).\n")})
    renders.clear()
    _, after = load(tmp_path)
    assert sorted(renders) == ["en/news/b.md", "uk/events/e.md", "uk/news/a.md"]
    assert ":uk/events/e/" in after[1]["uk/news/a.md"][0] and not any("gone.md" in p for p in after[0])
    fresh = tmp_path / "fresh"
    write(fresh / "content", {path: (root / path).read_bytes() for path in [*BODIES, "uk/events/e.md"]})
    assert load(fresh)[1] == after  # what rendering everything anew gives


def test_what_the_file_says_is_sanitised_again(tmp_path):
    write(tmp_path / "content", BODIES)
    load(tmp_path)
    [file] = (tmp_path / "cache").glob("bodies-*.json")
    data = json.loads(file.read_text(encoding="utf-8"))
    for entry in data["entries"].values():
        entry[0] = '<p onmouseover="x()">Hi<script>alert(1)</script><img src="https://evil.example/t.gif"></p>'
    file.write_text(json.dumps(data), encoding="utf-8")
    tree, (found, renderings) = load(tmp_path)
    assert renderings and all("<script" not in html and "onmouseover" not in html and "evil" not in html
                              for html, _ in renderings.values())
    assert any("<script> removed" in problem for problem in found)  # told, like any removal


def check(tmp_path, cache: str = "cache") -> list[str]:
    """What `cluster-news check` finds (it needs no HTML), with the cache in `tmp_path / cache`."""
    tree = load_content(tmp_path / "content", LANGUAGES, body=SITE_MARKDOWN,
                        cache=BodyCache(tmp_path / cache, SITE_MARKDOWN), renderings=False)
    return [str(problem) for problem in tree.problems]


@pytest.fixture
def sanitised(monkeypatch) -> list[str]:
    """The content paths of the bodies rendered (or found rendered in the cache) and sanitised."""
    checked: list[str] = []
    check_body = BodyChecker.check
    monkeypatch.setattr(BodyChecker, "check", lambda self, item, cached=None:
                        checked.append(item.content_path) or check_body(self, item, cached))
    return checked


def test_a_check_after_an_edit_finds_what_a_fresh_check_finds(tmp_path, sanitised):
    """Check takes the verdicts on bodies found clean, by the build or by itself, for bodies as they are, whose
    links lead where they did; every other body is rendered and sanitised again."""
    root = write(tmp_path / "content", BODIES)
    load(tmp_path)  # a build
    sanitised.clear()
    first = check(tmp_path)
    assert sanitised == ["en/news/b.md"]  # the body that had more to say than where its links lead
    assert first == load(tmp_path)[1][0]
    write(root, {"en/news/a.md": news("## Plan\n\nNow <span onmouseover=x>see</span> ![map](assets/map.png).\n"),
                 "uk/events/e.md": "---\ntitle: Е\nstart: 2025-03-01\n---\nТекст.\n"})
    (root / "assets/map.png").unlink()
    sanitised.clear()
    after = check(tmp_path)
    assert sorted(sanitised) == ["en/news/a.md", "en/news/b.md", "uk/events/e.md", "uk/news/a.md"]
    assert after == check(tmp_path, cache="fresh") != first
    assert any("onmouseover" in problem for problem in after) and any("map.png" in problem for problem in after)
    sanitised.clear()
    assert check(tmp_path) == after and sorted(sanitised) == ["en/news/a.md", "en/news/b.md"]


def test_a_verdict_is_for_one_way_of_sanitising(tmp_path):
    """Embeds allowed from other hosts: other verdicts (the same renderings)."""
    other = BodySettings(SITE_MARKDOWN.extensions, SITE_MARKDOWN.configs, ("www.example.org",))
    assert BodyCache(tmp_path, other).file == BodyCache(tmp_path, SITE_MARKDOWN).file
    assert BodyCache(tmp_path, other).verdicts_file != BodyCache(tmp_path, SITE_MARKDOWN).verdicts_file


@pytest.mark.parametrize("text", ["not json", "[]", '{"entries": []}', '{"entries": {"k": [1, 2, 3]}}'])
def test_an_unreadable_file_is_ignored(tmp_path, renders, text):
    write(tmp_path / "content", BODIES)
    _, first = load(tmp_path)
    for file in (tmp_path / "cache").glob("bodies-*.json"):
        file.write_text(text, encoding="utf-8")
    renders.clear()
    _, again = load(tmp_path)
    assert again == first and len(renders) == len(BODIES) - 1 + len(LANGUAGES)  # every Markdown file


def test_a_body_that_writes_the_portable_scheme_is_not_kept(tmp_path):
    write(tmp_path / "content", {"en/news/a.md": news(f'<a href="{PORTABLE_SCHEME}en/">x</a> {PORTABLE_SCHEME}\n')})
    load(tmp_path)
    [file] = (tmp_path / "cache").glob("bodies-*.json")
    text = file.read_text(encoding="utf-8")
    assert PORTABLE_SCHEME not in text and len(json.loads(text)["entries"]) == len(LANGUAGES)  # the homes only


def test_the_file_is_named_after_how_bodies_are_rendered(tmp_path):
    from pymdownx.slugs import slugify

    lower = BodySettings(("toc",), {"toc": {"slugify": slugify(case="lower")}})
    assert fingerprint(lower) == fingerprint(BodySettings(("toc",), {"toc": {"slugify": slugify(case="lower")}}))
    assert fingerprint(lower) != fingerprint(BodySettings(("toc",), {"toc": {"slugify": slugify(case="none")}}))
    assert fingerprint(lower) != fingerprint(BodySettings(("toc",)))
    assert fingerprint(BodySettings(("toc",), {"toc": {"slugify": lambda text, sep: text}})) is None
    assert BodyCache(tmp_path, BodySettings(("toc",), {"toc": {"slugify": object()}})).file is None


def test_a_committed_cache_stops_check_and_build(tmp_path):
    site = FixtureSite(tmp_path / "site")
    root = site.root
    planted = root / ".cache" / "cluster-news" / "bodies-x.json"
    planted.parent.mkdir(parents=True)
    planted.write_text('{"entries": {}}', encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    assert cache_folder(root) == root / ".cache" / "cluster-news"  # nothing committed yet
    subprocess.run([*git, "add", "-f", ".cache"], cwd=root, check=True)
    with pytest.raises(CommittedCache, match=r"\.cache/cluster-news/bodies-x\.json: .* git rm -r --cached \.cache"):
        cache_folder(root)
    assert cli.main(["--config", str(root / "mkdocs.yml"), "check"]) == 1
    built = site.build()
    assert not built.ok and "git rm -r --cached .cache" in built.output and "Traceback" not in built.output
