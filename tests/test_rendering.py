"""The build publishes what validation rendered (and sanitised), unless a plugin changed the Markdown in between:
then the plugin's change, with its table of contents."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import FixtureSite

ADMONITION = "## Before\n\n!!! note\n    Bring your badge.\n\n## After\n\nText.\n"


@pytest.fixture
def site_with_translated_admonitions(fixture_site: FixtureSite) -> FixtureSite:
    config = fixture_site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "        - locale: uk\n" in text
    text = text.replace("        - locale: uk\n", "        - locale: uk\n          admonition_translations: {note: Примітка}\n")
    config.write_text(text, encoding="utf-8")
    fixture_site.write("en/news/visit.md", {"title": "Visit", "date": "2025-03-01"}, ADMONITION)
    fixture_site.write("uk/news/visit.md", {"title": "Візит", "date": "2025-03-01"}, ADMONITION)
    fixture_site.write("en/news/plain.md", {"title": "Plain", "date": "2025-03-02"}, "## One\n\nText.\n")
    return fixture_site


def test_a_plugins_change_to_the_markdown_is_published_with_its_contents(site_with_translated_admonitions):
    site = site_with_translated_admonitions
    built = site.build()
    assert built.ok, built.output

    def page(url: str) -> BeautifulSoup:
        return BeautifulSoup((built.site / url / "index.html").read_text(encoding="utf-8"), "lxml")

    english, ukrainian = page("news/visit"), page("uk/news/visit")
    assert english.select_one(".admonition-title").get_text() == "Note"
    assert ukrainian.select_one(".admonition-title").get_text() == "Примітка"
    for soup in (english, ukrainian, page("news/plain")):  # the table of contents comes with the rendering
        headings = [a["href"] for a in soup.select("article h2 a.headerlink")]
        # once, in the page's own entry of the navigation (the drawer on phones, the sidebar from 60em)
        assert headings and [a["href"] for a in soup.select(".md-nav--secondary a.md-nav__link")] == headings
        assert not soup.select(".md-sidebar--secondary") and len(soup.select("[data-md-component=toc]")) == 1
        entry = soup.select_one(".md-sidebar--primary .cn-nav-page")
        assert entry.select_one(".md-nav--secondary") and entry.select("label[for=__toc]")
        assert not entry.find("a", recursive=False), "no link to the page itself: it is never shown"
