"""The repository's own content: it is valid, builds with --strict in five languages and has no dead links.

Nothing here counts or names its articles: editors add, rename and remove them every week."""

from __future__ import annotations

from pathlib import Path

import pytest

from cluster_news.core.content import load_content

import prewarmed
from conftest import LANGUAGES, MKDOCS, REPO, SITE_URL, Built, broken_internal_links, build_once, has_class

SAMPLE_DAY = "1764979200"
"""The day the sample is built as of (SOURCE_DATE_EPOCH, 2025-12-06): test_properdocs.py builds it again with
ProperDocs and compares the two byte for byte."""


def build_sample(out: Path) -> Built:
    result = prewarmed.run([MKDOCS, "build", "--strict", "--site-dir", out / "site"], cwd=REPO,
                           env=prewarmed.environment(SITE_URL=SITE_URL, SOURCE_DATE_EPOCH=SAMPLE_DAY), timeout=600)
    return Built(out, result.returncode, result.stdout + result.stderr)


def sample_site(tmp_path_factory) -> Built:
    """The sample built with MkDocs, once per test run (for every module and xdist worker that asks)."""
    return build_once(tmp_path_factory, "sample", build_sample)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Built:
    return sample_site(tmp_path_factory)


def test_the_sample_content_is_valid():
    """All that is checked about content/: it is valid and builds (editors add articles every week)."""
    tree = load_content(REPO / "content", LANGUAGES)
    assert [str(problem) for problem in tree.problems] == []


def test_sample_site_has_every_language_and_section(sample):
    for lang in LANGUAGES:
        root = "" if lang == "en" else f"{lang}/"
        for section in ["", "news/", "events/", "projects/", "clusters/", "tags/"]:
            assert sample.exists(root + section), root + section
            assert sample.tree(root + section).get("lang") == lang


def test_drafts_of_the_sample_are_not_published(sample):
    tree = load_content(REPO / "content", LANGUAGES)
    for item in (i for i in tree.items if i.draft):
        root = "" if item.lang == "en" else f"{item.lang}/"
        assert not sample.exists(f"{root}{item.section}/{item.slug}/")


def test_sample_site_has_no_broken_internal_links(sample):
    assert broken_internal_links(sample) == []


def test_every_language_switcher_link_lands_on_a_page_in_that_language(sample):
    checked = 0
    for url in sample.pages():
        for link in sample.tree(url).xpath(f"//a[{has_class('md-select__link')}]"):
            target = sample.resolve(url, link.get("href"))
            assert sample.exists(target), f"{url} -> {target}"
            assert sample.tree(target).get("lang") == link.get("hreflang")
            checked += 1
    assert checked >= 5 * len(sample.pages())
