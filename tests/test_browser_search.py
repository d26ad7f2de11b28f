"""Search in Chromium: each language finds its own pages only, Cyrillic queries included."""

from __future__ import annotations

import pytest

from browser import chromium_page, serve
from conftest import Built, build_site
from fixture_content import write_fixture_content


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory, "fixture", write_fixture_content)


def search(page, base: str, root: str, query: str) -> tuple[list[str], str]:
    page.goto(f"{base}{root}search/")
    page.get_by_label(page.locator("label.cn-search__label").inner_text()).fill(query)
    status = page.locator(".cn-search__status")
    # The count is said once the results are on the page.
    page.wait_for_function("s => s.textContent && !s.textContent.includes('…')", arg=status.element_handle())
    links = page.locator(".cn-result__title a").evaluate_all("links => links.map(a => a.pathname)")
    return links, status.inner_text()


def test_search_finds_pages_of_the_readers_language_only(built, chromium):
    with serve(built.site) as base, chromium_page(chromium) as page:
        links, message = search(page, base, "uk/", "картування")
        assert links == ["/uk/news/mapping-workshop/"]
        assert message == "1 результат за запитом картування"
        links, _ = search(page, base, "uk/", "clusters4health")
        assert links and all(link.startswith("/uk/") for link in links)
        links, _ = search(page, base, "", "clusters4health")
        assert links and not [link for link in links if link.split("/")[1] in {"uk", "bg", "ro", "pl"}]
        links, message = search(page, base, "bg/", "София")
        assert links and all(link.startswith("/bg/") for link in links)
        assert message.endswith("за София")
        links, _ = search(page, base, "ro/", "lantului")  # diacritics folded: "lanțului"
        assert links == ["/ro/news/mapping-workshop/"]
        assert page.problems == []
