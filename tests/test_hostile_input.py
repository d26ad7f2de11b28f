"""Random and hostile front matter: always a page with the text escaped, or a clear `file:line` error.

Never a traceback, never a page missing without an error."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser
import icalendar
import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from cluster_news.core.content import load_content
from cluster_news.core.project import SiteOptions
from cluster_news.core.schema import KINDS, LOCATION_FIELDS, PARTY_FIELDS, PICTURE_FIELDS, SECTIONS, STATUS, fields_for
from cluster_news.core.site import SitePlan
from cluster_news.render.pages import PageRenderer
from cluster_news.render.renderer import environment

from conftest import LANGUAGES, SITE_URL, FixtureSite

HOSTILE = [
    "</script><script>alert(1)</script>", "]]>", "<!--", "<img src=x onerror=alert(1)>", "{{ config }}", "{% raw %}",
    "\u202eevil\u202c", "\u200f\u200e", "𝐁𝐨𝐥𝐝 𝑖𝑡𝑎𝑙𝑖𝑐", "line\r\nbreak", "\ufeffBOM", "a\x0bb", "&amp;&lt;", "' \" `",
    "Зустріч у Києві", "Ωmega ☃", "x" * 20_000, "; , \\ :", "javascript:alert(1)", "   ", "", "null", "NO",
]
DATES = ["0001-01-01", "9999-12-31", "2024-02-29", "2023-02-29", "2024-06-20", "2024-06-20T09:30", "2024-13-01",
         "2024-06-20T24:00", "20.06.2024", "2024-06-20T09:30:00+03:00"]

texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60))
scalars = st.one_of(texts, st.sampled_from(DATES), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none())
GROUP_FIELDS = sorted({field.name for field in LOCATION_FIELDS + PICTURE_FIELDS + PARTY_FIELDS})
"""Every field of a group (location, picture, party), and one that none has, in groups of any field."""
values = st.one_of(scalars, st.lists(scalars, max_size=4), st.dictionaries(st.sampled_from(
    GROUP_FIELDS + ["town"]), scalars, max_size=4))
FIELDS = sorted({name for kind in KINDS for name in fields_for(kind)})
"""Every declared field: a field added to the schema is fuzzed without a word here."""
front_matters = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=8)), values,
                                max_size=10)
sections = st.sampled_from(SECTIONS)
hostile_texts = st.one_of(st.sampled_from([t for t in HOSTILE if t.strip()]), st.text(min_size=1, max_size=40))


@st.composite
def plausible(draw, section: str, far_dates: bool = True) -> dict:
    """Front matter with the right shape and hostile text, sometimes with one field spoilt."""
    days = ["2024-06-20", "2025-02-28"] + (["1900-01-01", "2100-12-31"] if far_dates else [])
    front_matter = {"title": draw(hostile_texts), "tags": draw(st.lists(hostile_texts, max_size=3))}
    if draw(st.booleans()):
        front_matter["summary"] = draw(hostile_texts)
    if section == "news":
        front_matter["date"] = draw(st.sampled_from(days))
        front_matter["authors"] = draw(st.lists(hostile_texts, max_size=2))
    elif section == "events":
        timed = draw(st.booleans())
        start = draw(st.sampled_from(days))
        front_matter["start"] = start + ("T09:30" if timed else "")
        if draw(st.booleans()):
            front_matter["end"] = start + ("T23:59" if timed else "")
        front_matter["timezone"] = draw(st.sampled_from(["Europe/Sofia", "Europe/Warsaw", "Pacific/Kiritimati",
                                                         "America/St_Johns", "UTC"]))
        front_matter["status"] = draw(st.sampled_from(list(STATUS)))
        front_matter["location"] = {"name": draw(hostile_texts), "city": draw(hostile_texts), "country": "BG"}
        front_matter["organizers"] = draw(st.lists(hostile_texts, max_size=2))
        if draw(st.booleans()):
            front_matter["online"] = "https://example.org/join?next=%3C/script%3E&x=\"'"
    elif section == "projects":
        front_matter.update(acronym=draw(hostile_texts), coordinator="biocat",
                            partners=draw(st.lists(hostile_texts, max_size=3)) + ["biocat"])
    else:
        front_matter.update(country=draw(st.sampled_from(["BG", "NO", "UA"])), city=draw(hostile_texts))
    front_matter["clusters"] = ["biocat"]
    if draw(st.integers(0, 3)) == 0:
        front_matter[draw(st.sampled_from(FIELDS))] = draw(values)
    return front_matter


cases = sections.flatmap(lambda section: st.tuples(st.just(section),
                                                   st.one_of(front_matters, plausible(section), plausible(section))))


def file_text(front_matter: dict, raw_bytes: bytes | None) -> bytes:
    if raw_bytes is not None:
        return raw_bytes
    return ("---\n" + yaml.safe_dump(front_matter, allow_unicode=True) + "---\nBody.\n").encode("utf-8")


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """The content every example shares: a home page in each language and a cluster to refer to."""
    root = tmp_path_factory.mktemp("hostile") / "content"
    for lang in LANGUAGES:
        (root / lang).mkdir(parents=True)
        (root / lang / "index.md").write_text("---\ntitle: Home\n---\n", encoding="utf-8")
    (root / "en" / "clusters").mkdir()
    (root / "en" / "clusters" / "biocat.md").write_text("---\ntitle: Biocat\n---\n", encoding="utf-8")
    for section in SECTIONS:
        (root / "uk" / section).mkdir(exist_ok=True)
    return root


# Compiled once for every example (a build compiles them once too); each example's renderer uses them.
TEMPLATES = environment()


VISIBLE = "//text()[not(ancestor::script or ancestor::style or ancestor::template)]"
"""The text a reader sees, as BeautifulSoup's get_text() gives it but for blanks between elements: lxml
without BeautifulSoup, for the some 750 pieces of HTML the property test checks."""


def assert_safe_html(html: str, texts: list[str]) -> None:
    tree = etree.fromstring(html, etree.HTMLParser())
    for script in tree.iter("script"):
        if script.get("type") == "application/ld+json":
            json.loads(script.text)
        else:
            assert "alert" not in (script.text or "")
    assert not tree.xpath("//*[@onerror]")
    visible = "".join(tree.xpath(VISIBLE))
    for text in texts:
        assert text.strip() in visible or text.strip() == ""


raw_files = st.one_of(st.none(), st.binary(max_size=200), st.sampled_from([
    b"---\ntitle: \xff\xfe broken\ndate: 2025-01-01\n---\n", b"\xef\xbb\xbf---\r\ntitle: BOM\r\ndate: 2025-01-01\r\n---\r\n",
    b"---\ntitle: [unclosed\n---\n", b"---\n? [a, b]\n: c\n---\n", b"---\ntitle: !!python/object:os.system x\n---\n",
    b"---\na: &a [x]\nb: *a\n<<: {title: merged}\n---\n", b"no front matter", b"---\n---\n", b"",
]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases, raw=st.one_of(st.none(), st.none(), raw_files))
@example(case=("projects", {"title": "</script><script>alert(1)</script>", "coordinator": "biocat",
                            "partners": ["biocat"], "clusters": ["biocat"], "draft": True}), raw=None)  # a CI run's
def test_core_never_crashes_and_always_escapes(content, case, raw):
    section, front_matter = case
    path = content / "uk" / section / "item.md"  # the example's one file, beside the shared ones
    path.write_bytes(file_text(front_matter, raw))
    try:
        tree = load_content(content, LANGUAGES)
        mine = [p for p in tree.problems if p.path == f"content/uk/{section}/item.md"]
        item = next((i for i in tree.items if i.path == path), None)
        if item is None:
            assert any(p.is_error and p.line >= 1 for p in mine), "dropped without an error"
            event("rejected with file:line")
            return
        assert not tree.errors or any(p.is_error for p in mine)
        if tree.errors:
            event("rejected with file:line (references)")
            return
        event(f"rendered: {section}")
        site = SitePlan(tree, "en", SiteOptions(site_url=SITE_URL, site_names={"en": "Site"}),
                        dt.date(2025, 7, 1))
        renderer = PageRenderer(site)
        renderer.renderer.env = TEMPLATES
        if item.draft:  # no page of its own (and the lists below are checked without it)
            assert item not in site.published and site.page_at(site.urls.item(item)) is None
            event("draft: not published")
        else:
            page = site.plan_of(item)
            assert_safe_html(renderer.content(page, "<p>Body.</p>"), [item.title])
            assert_safe_html(renderer.head(page), [])
        for lang in LANGUAGES:
            for url in [site.urls.section(section, lang), site.urls.root(lang)]:
                assert_safe_html(renderer.content(site.page_at(url), ""), [])
            for ics in site.calendar_files(lang, "Calendar").values():
                calendar = icalendar.Calendar.from_ical(ics)
                for component in calendar.walk("VEVENT"):  # a cancelled or postponed one's says so first
                    summary, titles = str(component["SUMMARY"]), {i.title for i in tree.items}
                    assert summary in titles or (str(component["STATUS"]) in ("CANCELLED", "TENTATIVE")
                                                 and summary.partition(": ")[2] in titles)
            assert not feedparser.parse(site.news_feed(lang)).bozo
            for url, xml in site.sitemaps(lang).items():
                if url.endswith(".xml"):
                    etree.fromstring(xml)  # raises on XML that is not well-formed
    finally:
        path.unlink()


build_cases = sections.flatmap(lambda section: st.tuples(st.just(section), plausible(section, far_dates=False)))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=build_cases)
def test_the_build_either_escapes_or_names_file_and_line(tmp_path_factory, case):
    section, front_matter = case
    site = FixtureSite(tmp_path_factory.mktemp("hostile") / "project")
    site.write("en/clusters/biocat.md", {"title": "Biocat"})
    site.write(f"uk/{section}/item.md", front_matter)
    built = site.build()
    assert "Traceback" not in built.output
    event("built" if built.ok else "refused")
    if built.ok and front_matter.get("draft") is True:  # a field drawn to spoil one made it a draft
        assert not built.exists(f"uk/{section}/item/")
    elif built.ok:
        assert built.exists(f"uk/{section}/item/")
        title = built.html(f"uk/{section}/item/").h1.get_text()
        # The title the file says, as YAML reads it: PyYAML writes some titles so that they read back otherwise
        # (a U+0085 "next line" in single quotes is a line break, folded into a space); and a title that YAML
        # reads as another type is shown as written (`false`, not Python's `False`: schema.Text).
        written = next(value.value for key, value in yaml.compose(yaml.safe_dump(front_matter, allow_unicode=True)).value
                       if key.value == "title")
        # HTML parsers read CR LF and CR as LF (HTML's input stream preprocessing): so do readers' browsers.
        assert title == written.strip().replace("\r\n", "\n").replace("\r", "\n")
        assert_safe_html(built.path_of(f"uk/{section}/item/").read_text(encoding="utf-8"), [])
    else:
        assert f"content/uk/{section}/item.md:" in built.output
        assert not built.site.exists()
