"""Lists that grow with the archive are split into pages (core/page_kinds.py: `further_pages`): the fixture
site built with three entries a page (`news_per_page`, `rows_per_page`), so that news, events, tags, filters, projects and clusters all have more."""

from __future__ import annotations

import re

import pytest

from conftest import LANGUAGES, Built, FixtureSite, build_once, has_class
from fixture_content import write_reader_content

PER_PAGE = 3


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    def build(folder) -> Built:
        site = FixtureSite(folder / "project")
        config = site.root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        for option in ("news_per_page: 10", "rows_per_page: 50"):
            assert text.count(option) == 1, "mkdocs.yml changed: set the page sizes anew"
            text = text.replace(option, f"{option.split(':')[0]}: {PER_PAGE}")
        config.write_text(text, encoding="utf-8")
        write_reader_content(site)
        for number in range(1, PER_PAGE + 2):  # a tag and a cluster filter with two pages
            site.write(f"uk/news/archive-{number}.md", {"title": f"Архів {number}", "date": f"2024-01-{number:02d}",
                                                        "tags": ["архів"], "clusters": ["biocat"]})
        return site.build()
    return build_once(tmp_path_factory, "paginated", build)


ENTRY_LINKS = f"//article//*[{has_class('cn-entry__title')}]/a"


def entries_on(built: Built, url: str) -> list[str]:
    """The news and events a page lists (site-root relative URLs), in its order (the lists that grow with the
    archive: projects and clusters are listed whole)."""
    found = [built.resolve(url, link.get("href")) for link in built.tree(url).xpath(ENTRY_LINKS)]
    return [entry for entry in found if re.search(r"(^|/)(news|events)/", entry)]


def following(built: Built, first: str) -> list[str]:
    """Every page of the list that begins at `first`, by its rel=next links."""
    pages = [first]
    while True:
        after = built.tree(pages[-1]).xpath(f"//nav[{has_class('cn-pagination')}]//a[@rel='next']")
        if not after:
            return pages
        pages.append(built.resolve(pages[-1], after[0].get("href")))
        assert pages.count(pages[-1]) == 1, f"{first}: the pages go round in circles: {pages}"


def split_lists(built: Built) -> list[str]:
    """The first pages of every list split into pages: news, events, each filter's, each tag's."""
    firsts = []
    for url in built.pages():
        path = re.sub(r"^(uk|bg|ro|pl)/", "", url)
        if path in ("news/", "events/") or re.fullmatch(r"(news|events)/(country|attendance|project|cluster)/[^/]+/",
                                                         path) or re.fullmatch(r"tags/[^/]+/", path):
            firsts.append(url)
    return firsts


def section_items(built: Built, section: str) -> set[str]:
    """The slugs of the section's items, any language (a list in one language shows every entry)."""
    return {url.split("/")[-2] for url in built.pages()
            if re.fullmatch(rf"(?:(?:uk|bg|ro|pl)/)?{section}/[^/]+/", url) and url.split("/")[-2] != "page"}


def test_no_list_page_holds_more_than_a_page(built):
    for url in built.pages():
        if url in ("", *(f"{lang}/" for lang in LANGUAGES)):
            continue  # home pages: their own numbers of news and events (`home_news`, `home_events`)
        assert len(entries_on(built, url)) <= PER_PAGE, url


def test_every_news_and_event_is_reachable_by_following_the_pages_in_each_language(built):
    for section in ("news", "events"):
        expected = section_items(built, section)
        assert len(expected) > 2 * PER_PAGE  # at least three pages
        for lang in LANGUAGES:
            first = f"{'' if lang == 'en' else lang + '/'}{section}/"
            pages = following(built, first)
            listed = [entry for page in pages for entry in entries_on(built, page)]
            assert len(listed) == len(set(listed)), f"{first}: an entry on two pages"
            assert {entry.split("/")[-2] for entry in listed} == expected, first
            assert len(pages) == -(-len(expected) // PER_PAGE)


def test_every_filter_and_tag_list_holds_what_its_count_says(built):
    """The counts beside the filters and the tags (the events page's, the tags page's) against what following
    each list's pages finds."""
    counted = {}
    for lang in LANGUAGES:
        root = "" if lang == "en" else f"{lang}/"
        for index in (f"{root}events/", f"{root}news/", f"{root}tags/"):
            for link in built.tree(index).xpath("//article//a[.//*[@aria-hidden='true']]"):
                number = link.xpath(".//*[@aria-hidden='true']")[0].text_content().strip("()")
                counted[built.resolve(index, link.get("href"))] = int(number)
    firsts = split_lists(built)
    assert any(len(following(built, first)) > 1 for first in firsts if "/tags/" in first or first.startswith("tags/"))
    assert any(len(following(built, first)) > 1 for first in firsts if "/cluster/" in first)
    for first in firsts:
        if first in counted:
            listed = {entry for page in following(built, first) for entry in entries_on(built, page)}
            assert len(listed) == counted[first], first


def test_pages_of_a_list_link_each_other_and_say_which_they_are(built):
    for first in split_lists(built):
        pages = following(built, first)
        for number, url in enumerate(pages, start=1):
            nav = built.tree(url).xpath(f"//nav[{has_class('cn-pagination')}]")
            if len(pages) == 1:
                assert not nav, url
                continue
            current = nav[0].xpath(".//*[@aria-current='page']")
            assert [element.text_content() for element in current] == [str(number)], url
            previous = nav[0].xpath(".//a[@rel='prev']")
            assert (built.resolve(url, previous[0].get("href")) if previous else None) == \
                (pages[number - 2] if number > 1 else None), url
            title = built.tree(url).xpath("//h1")[0].text_content()
            assert (str(len(pages)) in title) == (number > 1), url
            for link in nav[0].xpath(".//a"):
                assert built.exists(built.resolve(url, link.get("href"))), url


def test_the_switcher_and_hreflang_of_further_pages_lead_to_pages_that_exist(built):
    further = [url for url in built.pages() if "/page/" in url]
    assert any(url.startswith("tags/") or "/tags/" in url for url in further)
    for url in further:
        for link in built.tree(url).xpath(f"//a[{has_class('md-select__link')}]"):
            assert built.exists(built.resolve(url, link.get("href"))), url
        for link in built.tree(url).xpath("//head/link[@rel='alternate'][@hreflang]"):
            target = built.resolve(url, link.get("href"))
            assert target is not None and built.exists(target), (url, link.get("href"))


def test_project_and_cluster_pages_show_the_latest_and_lead_to_all(built):
    for lang in LANGUAGES:
        root = "" if lang == "en" else f"{lang}/"
        url = f"{root}clusters/biocat/"
        assert len(entries_on(built, url)) == PER_PAGE
        alls = [built.resolve(url, link.get("href")) for link in built.tree(url).xpath(
            f"//ul[{has_class('cn-refs__all')}]//a")]
        assert alls == [f"{root}news/cluster/biocat/", f"{root}events/cluster/biocat/"]
