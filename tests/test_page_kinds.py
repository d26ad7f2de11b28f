"""Page kinds are declared once (core/page_kinds.py); what the site does with a page follows from its kind."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cluster_news.adapter.settings import read_settings
from cluster_news.core.page_kinds import HOME, PAGE_KINDS, PageKind
from cluster_news.core.site import load_site
from cluster_news.render.pages import PageRenderer

from conftest import LANGUAGES
from fixture_content import write_fixture_content


def test_every_kind_is_made_by_its_layout():
    for kind in PAGE_KINDS.values():
        if kind.layout is not None:
            assert callable(getattr(PageRenderer, f"_{kind.layout}_content", None)), kind


def test_a_kind_compared_with_its_name_says_so_instead_of_being_unequal():
    with pytest.raises(TypeError, match="compare it with a kind declared in core/page_kinds.py"):
        assert HOME != "home"
    assert PAGE_KINDS["home"] == HOME and len({*PAGE_KINDS.values()}) == len(PAGE_KINDS)


def address_pattern(kind: PageKind) -> re.Pattern:
    """The declared `kind.url` and `kind.further_pages` as one expression: `{root}` is '' or a language's folder,
    `{path}` any path, every other field one step."""
    def expression(pattern: str) -> str:
        parts = re.split(r"(\{\w+(?::[^}]*)?\})", pattern)
        fields = {"{root}": "(?:[a-z]{2}/)?", "{path}": ".+"}
        return "".join(fields.get(part, "[^/]+") if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile("|".join(expression(p) for p in (kind.url, kind.further_pages) if p))


def test_every_planned_page_lives_where_its_kind_says(fixture_site):
    """Each page of a site planned from the fixture content has the address its kind declares; every kind is met."""
    write_fixture_content(fixture_site)
    fixture_site.write("uk/about/index.md", {"title": "Про мережу"})  # a plain page, its folder's index
    tree, plan = load_site(read_settings(fixture_site.root / "mkdocs.yml"), dt.date(2025, 7, 1))
    assert plan is not None, tree.errors
    met = set()
    for lang in LANGUAGES:
        for page in plan.pages(lang):
            assert address_pattern(page.kind).fullmatch(page.url), (page.kind, page.url)
            assert page.url.startswith(plan.urls.root(lang)), (lang, page.url)
            met.add(page.kind)
    assert met == {kind for kind in PAGE_KINDS.values() if kind.url}
