"""Page kinds are declared once (core/page_kinds.py); what the site does with a page follows from its kind."""

from __future__ import annotations

import pytest

from cluster_news.core.page_kinds import HOME, PAGE_KINDS
from cluster_news.render.pages import PageRenderer


def test_every_kind_is_made_by_its_layout():
    for kind in PAGE_KINDS.values():
        if kind.layout is not None:
            assert callable(getattr(PageRenderer, f"_{kind.layout}_content", None)), kind


def test_a_kind_compared_with_its_name_says_so_instead_of_being_unequal():
    with pytest.raises(TypeError, match="compare it with a kind declared in core/page_kinds.py"):
        assert HOME != "home"
    assert PAGE_KINDS["home"] == HOME and len({*PAGE_KINDS.values()}) == len(PAGE_KINDS)
