"""Every field the schema declares is shown on its page, or declared hidden there with a reason
(`Field.hidden`, `Field.hidden_on_pages`): a field cannot be validated and offered in the web editor, yet
never reach a reader. Shown means seen: the page (its content and its <head>) changes with the field's
value; a field that names a schema.org property fills it in the page's structured data. The values are made from
each field's kind, so a new field is checked without a word here."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup

from cluster_news.adapter.settings import read_settings
from cluster_news.core.schema import (
    CLUSTERS,
    KINDS,
    LOCATION_FIELDS,
    PAGE,
    PROJECTS,
    SECTION_DECLARATIONS,
    Choice,
    Count,
    Country,
    Date,
    Field,
    Flag,
    LocationKind,
    Moment,
    PartyList,
    PictureKind,
    Slug,
    SlugList,
    Text,
    TextList,
    TimeZone,
    Url,
    fields_for,
)
from cluster_news.core.site import load_site
from cluster_news.render import renderer
from cluster_news.render.pages import PageRenderer

from conftest import LANGUAGES, FixtureSite
from fixture_content import picture_png

TODAY = dt.date(2025, 1, 1)
"""Before the fixture's event: what is offered only while an event is ahead (registration) is shown."""
START = dt.datetime(2025, 6, 20, 9, 30)
REFERENCED = {CLUSTERS: "biocat", PROJECTS: "preciseu"}
"""The items that the fixture's references name (one a field names alone)..."""
LISTED = {CLUSTERS: "medtech", PROJECTS: "preciseu"}
"""...and those that lists of references name: a project's page names each cluster once, so the clusters it is
about are others than its coordinator."""


def sample_value(field: Field) -> object:
    """A value of `field` that its page would show: made from its kind, named after the field."""
    kind, name = field.kind, field.name
    if isinstance(kind, Moment):  # timed (so the time zone is shown), ending the same day
        return (START if name == "start" else START.replace(hour=17)).isoformat(timespec="minutes")
    if isinstance(kind, Date):
        return dt.date(2025, 6, 20 if name in ("date", "start") else 30).isoformat()
    if isinstance(kind, Slug):
        return REFERENCED[kind.target]
    if isinstance(kind, SlugList):
        return [LISTED[kind.target]]
    if isinstance(kind, PartyList):
        return [f"{name.capitalize()} Person", {"cluster": REFERENCED[CLUSTERS]}]
    if isinstance(kind, TextList):
        return [f"{name} one", f"{name} two"]
    if isinstance(kind, Text):
        return f"{name.capitalize()} value"
    if isinstance(kind, Url):
        return f"https://example.org/{name}"
    if isinstance(kind, Country):
        return "BG"
    if isinstance(kind, TimeZone):
        return "Europe/Sofia"
    if isinstance(kind, Choice):
        return kind.choices[-1]  # not the default
    if isinstance(kind, Flag):
        return True
    if isinstance(kind, Count):
        return 10
    if isinstance(kind, LocationKind):
        return {sub.name: sample_value(sub) for sub in LOCATION_FIELDS if sub.name not in ("latitude", "longitude")}
    if isinstance(kind, PictureKind):
        return {"src": "assets/picture.png", "alt": "What the picture shows", "credit": "Photo: someone"}
    raise AssertionError(f"tests/test_fields_shown.py makes no value of {type(kind).__name__} ({name}): add one")


def path_of(kind: str) -> str:
    return f"{LANGUAGES[0]}/about.md" if kind == PAGE else f"{LANGUAGES[0]}/{kind}/sample.md"


def another_value(field: Field, value: object) -> object:
    """A different value of a required field (which cannot be left out)."""
    if isinstance(field.kind, Moment):
        return value.replace("T09:30", "T08:30")
    if isinstance(field.kind, Date):
        return value.replace("-20", "-19")
    return f"{value} changed"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    fixture = FixtureSite(tmp_path_factory.mktemp("fields"))
    assets = fixture.root / "content" / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "picture.png").write_bytes(picture_png(40, 30))
    for section, slug in {*REFERENCED.items(), *LISTED.items()}:
        fixture.write(f"{LANGUAGES[0]}/{section}/{slug}.md", {"title": slug.capitalize()})
    for kind in KINDS:
        front_matter = {name: sample_value(field) for name, field in fields_for(kind).items()}
        fixture.write(path_of(kind), front_matter)
    return fixture


def rendered(site: FixtureSite, kind: str, front_matter: dict) -> str:
    """The page of the file of `kind` with `front_matter`: its content and its <head>."""
    site.write(path_of(kind), front_matter)
    tree, plan = load_site(read_settings(site.root / "mkdocs.yml"), TODAY, include_drafts=True)
    assert plan is not None and not tree.errors, tree.errors
    page = plan.page_of_source(path_of(kind))
    assert page is not None
    renderer = PageRenderer(plan)
    return renderer.content(page, "<p>Text.</p>") + renderer.head(page)


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_is_shown_on_its_page_or_hidden_with_a_reason(site, kind):
    full = {name: sample_value(field) for name, field in fields_for(kind).items()}
    page = rendered(site, kind, full)
    unseen = []
    for name, field in fields_for(kind).items():
        if field.hidden or (kind == PAGE and field.hidden_on_pages):
            continue
        if field.required:
            changed = rendered(site, kind, {**full, name: another_value(field, full[name])})
        else:
            changed = rendered(site, kind, {key: value for key, value in full.items() if key != name})
        if changed == page:
            unseen.append(name)
    site.write(path_of(kind), full)
    assert not unseen, (f"{kind}: its page does not show {', '.join(unseen)}: show it (core/schema.py: Section.facts, "
                        "Field.fact) or declare why not (Field.hidden)")


def test_every_field_that_names_a_structured_data_property_fills_it(site):
    """A field that declares its schema.org property (`Field.json_ld`) is in its page's structured data."""
    for kind in KINDS:
        declared = {field.json_ld for field in fields_for(kind).values() if field.json_ld}
        if not declared:
            continue
        html = rendered(site, kind, {name: sample_value(field) for name, field in fields_for(kind).items()})
        found = [json.loads(script.string) for script in
                 BeautifulSoup(html, "lxml").select('script[type="application/ld+json"]')]
        own = next(data for data in found if data["@type"] != "BreadcrumbList")
        for name in declared:
            assert own.get(name), f"{kind}: its structured data has no {name}"


def test_every_field_says_how_its_page_shows_it():
    """Among the facts, elsewhere, or hidden: one of them, and a fact only where its section lists it."""
    listed = {(section.name, name) for section in SECTION_DECLARATIONS for name in section.facts}
    for kind in KINDS:
        for name, field in fields_for(kind).items():
            ways = [bool((kind, name) in listed), bool(field.shown), bool(field.hidden)]
            assert sum(ways) == 1, f"{kind}.{name}: declare one of Section.facts, Field.shown, Field.hidden"
            if (kind, name) in listed:
                assert field.fact_macro, f"{kind}.{name} is a fact with no macro to show it (Field.fact)"


def test_a_field_left_unshown_is_found(site, monkeypatch):
    """The check itself: a field declared but shown nowhere (a cluster's city taken off its facts) is reported."""
    declared = renderer._facts_shown
    monkeypatch.setattr(renderer, "_facts_shown",
                        lambda section: [(name, macro) for name, macro in declared(section) if name != "city"])
    with pytest.raises(AssertionError, match=r"clusters: its page does not show city"):
        test_every_field_is_shown_on_its_page_or_hidden_with_a_reason(site, CLUSTERS)

