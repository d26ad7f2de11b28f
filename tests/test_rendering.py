"""Bodies are rendered once: the build publishes what validation rendered (and sanitised), unless a
plugin changed the Markdown in between."""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import SITE_URL, FixtureSite

ADMONITION = "## Before\n\n!!! note\n    Bring your badge.\n\n## After\n\nText.\n"


@pytest.fixture
def site_with_translated_admonitions(fixture_site: FixtureSite) -> FixtureSite:
    config = fixture_site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "        - locale: uk\n" in text
    text = text.replace("        - locale: uk\n", "        - locale: uk\n          admonition_translations: {note: Примітка}\n")
    assert "      jobs: 1\n" in text  # every language in this process, where the test counts renderings
    config.write_text(text, encoding="utf-8")
    fixture_site.write("en/news/visit.md", {"title": "Visit", "date": "2025-03-01"}, ADMONITION)
    fixture_site.write("uk/news/visit.md", {"title": "Візит", "date": "2025-03-01"}, ADMONITION)
    fixture_site.write("en/news/plain.md", {"title": "Plain", "date": "2025-03-02"}, "## One\n\nText.\n")
    return fixture_site


def test_the_build_renders_each_body_once_unless_a_plugin_changed_it(site_with_translated_admonitions, monkeypatch):
    site = site_with_translated_admonitions
    rendered: list[str] = []
    converters: list[markdown.Markdown] = []
    convert, init = markdown.Markdown.convert, markdown.Markdown.__init__
    monkeypatch.setattr(markdown.Markdown, "convert",
                        lambda self, source: (rendered.append(source) if source else None) or convert(self, source))
    monkeypatch.setenv("SITE_URL", SITE_URL)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751328000")
    monkeypatch.chdir(site.root)
    config = load_config(str(site.root / "mkdocs.yml"), strict=True)
    monkeypatch.setattr(markdown.Markdown, "__init__",  # after the configuration made one to check the extensions
                        lambda self, *args, **kwargs: converters.append(self) or init(self, *args, **kwargs))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    bodies = [path.read_text(encoding="utf-8").split("---", 2)[2] for path in (site.root / "content").rglob("*.md")]
    # Every body once (validation), and the Ukrainian one again: static-i18n translated its admonition's title.
    translated = ADMONITION.replace("!!! note", '!!! note "Примітка"').strip("\n")
    assert sorted(rendered) == sorted([*bodies, translated])
    assert len(converters) == 2  # validation's, and MkDocs' for that page: none for pages with nothing to convert

    def page(url: str) -> BeautifulSoup:
        return BeautifulSoup((site.root / "site" / url / "index.html").read_text(encoding="utf-8"), "lxml")

    english, ukrainian = page("news/visit"), page("uk/news/visit")
    assert english.select_one(".admonition-title").get_text() == "Note"
    assert ukrainian.select_one(".admonition-title").get_text() == "Примітка"
    for soup in (english, ukrainian, page("news/plain")):  # the table of contents comes with the rendering
        headings = [a["href"] for a in soup.select("article h2 a.headerlink")]
        assert headings and [a["href"] for a in soup.select(".md-sidebar--secondary a.md-nav__link")] == headings
