"""What the preview rebuilds after a save (core/changes.py): an edit of an article's words or dates is
rebuilt in part; anything else that may change which pages exist or what they list, or what git's
history makes pages say, rebuilds everything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cluster_news.adapter.settings import read_settings
from cluster_news.core.changes import edited_items, links_of, pages_showing, redated, relisted
from cluster_news.core.content import Remembered
from cluster_news.core.history import Change, ContentHistory
from cluster_news.core.page_kinds import FILTER, MONTH, SECTION, TAG
from cluster_news.core.project import ProjectSettings, SiteOptions
from cluster_news.core.site import SitePlan, load_site

from conftest import LANGUAGES, REPO
from fixture_content import write_fixture_content

SITE_MARKDOWN = read_settings(REPO / "mkdocs.yml").body
TODAY = dt.date(2025, 7, 1)


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def plan(root: Path, history: ContentHistory | None = None, remembered: Remembered | None = None,
         previous: SitePlan | None = None, **options):
    settings = ProjectSettings(root.parent, root, LANGUAGES, "en", options=SiteOptions("https://example.org/x/", **options),
                               body=SITE_MARKDOWN)
    tree, site = load_site(settings, TODAY, history=history, remembered=remembered, previous=previous)
    assert site is not None, [str(problem) for problem in tree.problems]
    return site


def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    for lang in LANGUAGES:
        write(root, f"{lang}/index.md", "---\ntitle: Home\n---\n")
    write(root, "en/news/first.md", "---\ntitle: First\ndate: 2025-05-01\ntags: [health]\n---\nText.\n")
    write(root, "uk/news/first.md", "---\ntitle: Перша\ndate: 2025-05-01\ntags: [health]\n---\nТекст.\n")
    write(root, "en/news/second.md", "---\ntitle: Second\ndate: 2025-05-02\n---\nText.\n")
    return root


def test_an_edit_of_words_names_the_item(tmp_path):
    root = content(tmp_path)
    before = plan(root)
    write(root, "en/news/first.md", "---\ntitle: First, renamed\ndate: 2025-05-01\ntags: [health]\n---\nMore.\n")
    edited = edited_items(before, plan(root))
    assert [item.content_path for item in edited] == ["en/news/first.md"]
    assert not redated(before, edited)


def test_an_edit_of_dates_names_the_item_and_says_lists_may_have_changed(tmp_path):
    root = content(tmp_path)
    write(root, "en/events/forum.md", "---\ntitle: Forum\nstart: 2025-09-10\n---\nText.\n")
    write(root, "en/events/fair.md", "---\ntitle: Fair\nstart: 2025-11-10\n---\nText.\n")
    before = plan(root)
    write(root, "en/news/first.md", "---\ntitle: First\ndate: 2025-06-01\ntags: [health]\n---\nText.\n")
    write(root, "en/events/forum.md", "---\ntitle: Forum\nstart: 2025-10-10\n---\nText.\n")  # a month with a page
    edited = edited_items(before, plan(root))
    assert sorted(item.content_path for item in edited) == ["en/events/forum.md", "en/news/first.md"]
    assert redated(before, edited)


def test_after_an_edit_of_dates_the_lists_that_may_show_it_elsewhere_are_built_again(tmp_path):
    """Lists that link to an item before and after are built again because they link to it; the others
    that may change are the home pages, the news pages whose news changed, and after a move to other
    months every month page and list of events."""
    root = content(tmp_path)
    for day in range(1, 31):
        write(root, f"en/news/n{day:02d}.md", f"---\ntitle: News {day}\ndate: 2025-01-{day:02d}\n---\nText.\n")
    write(root, "en/events/forum.md", "---\ntitle: Forum\nstart: 2025-09-10\n---\nText.\n")
    write(root, "en/events/fair.md", "---\ntitle: Fair\nstart: 2025-11-10\n---\nText.\n")
    before = plan(root)
    homes = {before.urls.root(lang) for lang in LANGUAGES}
    news_pages = {lang: before.list_pages(before.page_at(before.urls.section("news", lang))) for lang in LANGUAGES}
    assert all(len(pages) >= 3 for pages in news_pages.values())

    def relisted_after(path: str, text: str, original: str) -> set[str]:
        write(root, path, text)
        after = plan(root)
        edited = edited_items(before, after)
        write(root, path, original)
        return relisted(before, after, redated(before, edited))

    # News 29 a day later, before News 30: the first news page only (News 30 moves too).
    assert relisted_after("en/news/n29.md", "---\ntitle: News 29\ndate: 2025-01-31\n---\nText.\n",
                          "---\ntitle: News 29\ndate: 2025-01-29\n---\nText.\n") == homes | {
        pages[0] for pages in news_pages.values()}
    # The oldest news, now on the first page: every news page.
    assert relisted_after("en/news/n01.md", "---\ntitle: News 1\ndate: 2025-02-01\n---\nText.\n",
                          "---\ntitle: News 1\ndate: 2025-01-01\n---\nText.\n") == homes | {
        url for pages in news_pages.values() for url in pages}
    # An event on another day of its month; then in another month: every month page and list of events.
    forum = "---\ntitle: Forum\nstart: 2025-09-10\n---\nText.\n"
    assert relisted_after("en/events/forum.md", forum.replace("09-10", "09-12"), forum) == homes
    events = {page.url for lang in LANGUAGES for page in before.pages(lang)
              if page.kind == MONTH or page.section == "events" and page.kind in (SECTION, FILTER)}
    assert len(events) > 2 * len(LANGUAGES)
    assert relisted_after("en/events/forum.md", forum.replace("09-10", "10-12"), forum) == homes | events


def test_after_an_edit_of_a_versions_dates_the_lists_of_the_languages_shown_that_version_are_compared(tmp_path):
    """A list orders the versions its readers are shown: their language's, else the first in the site's order.
    A version's new date moves it in the lists of its own language and of those without a version of their
    own; the other languages' homes and lists are left as they were."""
    root = content(tmp_path)
    for day in range(1, 31):
        for lang in ("en", "uk"):
            write(root, f"{lang}/news/n{day:02d}.md", f"---\ntitle: News {day}\ndate: 2025-01-{day:02d}\n---\nText.\n")
    before = plan(root)
    news_pages = {lang: before.list_pages(before.page_at(before.urls.section("news", lang))) for lang in LANGUAGES}
    assert all(len(pages) >= 3 for pages in news_pages.values())
    oldest = "---\ntitle: News 1\ndate: 2025-01-01\n---\nText.\n"

    def relisted_after(path: str) -> set[str]:
        write(root, path, oldest.replace("2025-01-01", "2025-02-01"))  # from the last news page to the first
        after = plan(root)
        write(root, path, oldest)
        return relisted(before, after, redated(before, edited_items(before, after)))

    def homes_and_news(languages: list[str]) -> set[str]:
        return {before.urls.root(lang) for lang in languages} | {url for lang in languages for url in news_pages[lang]}
    assert relisted_after("uk/news/n01.md") == homes_and_news(["uk"])
    assert relisted_after("en/news/n01.md") == homes_and_news([lang for lang in LANGUAGES if lang != "uk"])


def test_after_an_edit_of_dates_only_the_lists_with_the_item_are_compared(tmp_path):
    """A tag's and a filter's lists are built again where the item moved in them, in its language; lists
    without the item (another tag, another project's filter, other languages' tags) are left as they were."""
    root = content(tmp_path)
    for lang in ("en", "uk"):
        write(root, f"{lang}/projects/alpha.md", "---\ntitle: Alpha\n---\nText.\n")
        write(root, f"{lang}/projects/beta.md", "---\ntitle: Beta\n---\nText.\n")
    for day in range(1, 31):
        tag, project = ("care", "alpha") if day % 2 else ("cure", "beta")
        write(root, f"en/news/n{day:02d}.md", f"---\ntitle: News {day}\ndate: 2025-01-{day:02d}\ntags: [{tag}]\n"
                                              f"projects: [{project}]\n---\nText.\n")
    before = plan(root, news_per_page=3, rows_per_page=3)
    oldest = "---\ntitle: News 1\ndate: 2025-01-01\ntags: [care]\nprojects: [alpha]\n---\nText.\n"
    write(root, "en/news/n01.md", oldest.replace("2025-01-01", "2025-02-01"))
    after = plan(root, news_per_page=3, rows_per_page=3)
    pages = relisted(before, after, redated(before, edited_items(before, after)))
    care, cure = (before.page_at(before.urls.tag("en", tag)) for tag in ("care", "cure"))
    alpha, beta = (before.page_at(before.urls.filter("news", "en", "project", project)) for project in ("alpha", "beta"))
    assert set(before.list_pages(care)) <= pages and set(before.list_pages(alpha)) <= pages
    assert len(before.list_pages(care)) == 5 and len(before.list_pages(alpha)) == 5
    assert not set(before.list_pages(cure)) & pages and not set(before.list_pages(beta)) & pages
    assert {page.kind for lang in LANGUAGES for page in after.pages(lang) if page.url in pages} == {
        before.page_at(before.urls.root("en")).kind, SECTION, TAG, FILTER}


def test_which_lists_have_an_entry_is_what_the_lists_show(fixture_site):
    """`relisted` finds the lists that have an edited entry without making every list (`has_entry`): on
    the fixture site, for every page of a split list and every entry, it says what `listed` shows."""
    write_fixture_content(fixture_site)
    site = plan(fixture_site.root / "content")
    kinds = set()
    for lang in site.languages:
        for page in site.pages(lang):
            if site.split(page):
                shown = {shown.entry.key for shown in site.listed(page)}
                assert {key for key, entry in site.catalog.entries.items() if site.has_entry(page, entry)} == shown, page.url
                kinds.add(page.kind)
    assert kinds == {SECTION, FILTER, TAG}


def _lists(site: SitePlan) -> dict:
    """Every list the site's pages show, as (section, slug) keys or paths."""
    catalog, found = site.catalog, {}
    for lang in site.languages:
        upcoming, past = catalog.events(lang, site.today)
        found[lang] = {
            "news": [shown.entry.key for shown in catalog.news(lang)],
            "events": ([shown.entry.key for shown in upcoming], [shown.entry.key for shown in past]),
            "tags": {slug: [item.content_path for item in tag.items] for slug, tag in catalog.tags(lang).items()},
            "split": {page.url: [shown.entry.key for shown in site.listing_page(page)]
                      for page in site.pages(lang) if site.split(page)},
            "months": {month: [shown.entry.key for shown in catalog.events_in_month(lang, month)]
                       for month in site.months()},
        }
    found["facets"] = {section: catalog.facets(section) for section in ("news", "events")}
    found["months"] = (site.months(), catalog.months_with_events())
    return found


def test_the_preview_takes_over_the_lists_no_edit_changed_and_they_are_what_a_fresh_plan_makes(fixture_site):
    """The preview plans the whole site after every save, with the lists of its last plan that have no item
    changed since (Catalog.keep_lists): after edits of a news item's date and of an event, every list is
    what a plan made afresh makes, and the lists the news item is not in were taken over, not made again."""
    write_fixture_content(fixture_site)
    root, remembered = fixture_site.root / "content", Remembered()
    before = plan(root, remembered=remembered)
    _lists(before)  # every list made, as the builds of every language make them
    path = root / "en/news/filler-03.md"
    path.write_text(path.read_text(encoding="utf-8").replace("2025-05-03", "2025-06-28"), encoding="utf-8")
    after = plan(root, remembered=remembered, previous=before)
    kept = after.catalog._memo
    assert kept[("events", "uk", TODAY)] is before.catalog._memo[("events", "uk", TODAY)]
    assert kept[("tags", "uk")] is before.catalog._memo[("tags", "uk")]
    for key in (("news", "uk"), ("tags", "en")):  # the edited item's lists: made again
        assert kept.get(key) is not before.catalog._memo[key]
    assert _lists(after) == _lists(plan(root))
    event = root / "en/events/in-progress.md"
    event.write_text(event.read_text(encoding="utf-8").replace("2025-06-30", "2025-08-04")
                     .replace("2025-07-02", "2025-08-06"), encoding="utf-8")
    again = plan(root, remembered=remembered, previous=after)
    assert again.catalog._memo.get(("events", "uk", TODAY)) is not kept[("events", "uk", TODAY)]
    assert _lists(again) == _lists(plan(root))


def test_edits_that_may_change_pages_rebuild_everything(tmp_path):
    root = content(tmp_path)
    write(root, "en/events/forum.md", "---\ntitle: Forum\nstart: 2025-09-10\n---\nText.\n")
    before = plan(root)
    write(root, "en/news/first.md", "---\ntitle: First\ndate: 2025-05-01\ntags: [care]\n---\nText.\n")
    assert edited_items(before, plan(root)) is None  # another tag page
    write(root, "en/news/first.md", "---\ntitle: First\ndate: 2025-05-01\ntags: [health]\n---\nText.\n")
    write(root, "en/events/forum.md", "---\ntitle: Forum\nstart: 2029-09-10\n---\nText.\n")  # new month pages
    assert edited_items(before, plan(root)) is None
    write(root, "en/events/forum.md", "---\ntitle: Forum\nstart: 2025-09-10\n---\nText.\n")
    write(root, "en/news/third.md", "---\ntitle: Third\ndate: 2025-05-03\n---\nText.\n")  # a new page
    assert edited_items(before, plan(root)) is None


def test_a_change_of_history_rebuilds_everything(tmp_path):
    """A commit between two saves changes calendar stamps and translation notices of pages not edited."""
    root = content(tmp_path)
    old, new = (dt.datetime(2025, 5, day, tzinfo=dt.timezone.utc) for day in (1, 20))
    first, second = ((root / "en/news/first.md").resolve(), (root / "uk/news/first.md").resolve())
    other = (root / "en/news/second.md").resolve()
    history = {first: Change(old, frozenset({2})), second: Change(old, frozenset({1})), other: Change(old, frozenset({0}))}
    before = plan(root, ContentHistory(history))
    write(root, "en/news/second.md", "---\ntitle: Second\ndate: 2025-05-02\n---\nEdited.\n")
    assert edited_items(before, plan(root, ContentHistory(history))) is not None  # the same history: in part
    committed = {**history, first: Change(new, frozenset({3, 2}))}  # the English original committed again
    after = plan(root, ContentHistory(committed))
    assert after.outdated(next(i for i in after.published if i.content_path == "uk/news/first.md")) is not None
    assert edited_items(before, after) is None


def test_pages_showing_an_item_are_those_that_linked_to_it(tmp_path):
    site = plan(content(tmp_path))
    first = next(item for item in site.published if item.content_path == "en/news/first.md")
    tag_page = ('<a href="../../news/first/">First</a> <a rel="alternate" href="../../uk/news/first/">uk</a> '
                '<a href="https://example.org/news/second/">elsewhere</a> <a href="#top">top</a>')
    assert links_of("tags/health/", tag_page) == frozenset({"news/first/"})  # not translations nor other sites
    links = {"tags/health/": links_of("tags/health/", tag_page), "news/": frozenset({"news/second/"})}
    assert pages_showing([first], site, links) == {"news/first/", "tags/health/"}


def _pages(site: SitePlan) -> dict[str, list]:
    """Every page of every language, in order, with everything planned about it (its item's too)."""
    return {lang: site.pages(lang) for lang in site.languages} | {"problems": site.problems}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_after_an_edit_of_words_or_dates_the_preview_takes_over_the_pages_and_they_are_what_a_fresh_plan_makes(
        fixture_site):
    """The preview plans only the pages of the items edited since its last plan (SitePlan._take_over_pages):
    after each kind of edit of an item's words, text or dates, the plan's pages are a fresh plan's, every
    list is a fresh plan's, and the preview compares the two plans' pages as the same; an edit that may
    change other pages (a new month with events, the title of a section's introduction, which the navigation
    shows, a project's title, which its filters show) is planned afresh."""
    write_fixture_content(fixture_site)
    root, remembered = fixture_site.root / "content", Remembered()
    last = plan(root, remembered=remembered)
    edits = [  # (file, old, new, whether the pages are taken over)
        ("en/news/filler-05.md", "Filler news 05", "Filler news five", True),  # a title
        ("uk/news/mapping-workshop.md", "Перший семінар", "Другий семінар", True),  # a summary
        ("ro/news/deep-dive-oslo.md", "2025-06-20", "2025-04-20", True),  # a date: other places in lists
        ("en/news/filler-03.md", "\n---\n", "\n---\nA new first paragraph.\n", True),  # the text
        ("uk/events/webinar.md", "2025-07-10T", "2025-07-24T", True),  # within its month
        ("en/events/deep-dive-days.md", "Deep Dive Days", "Deep Dive Week", True),
        ("en/events/in-progress.md", "2025-07-02", "2025-07-03", True),
        ("en/events/in-progress.md", "2025-06-30", "2025-05-30", True),  # a month without events, near today
        ("en/events/in-progress.md", "2025-0", "2029-0", False),  # months that had no page
        ("uk/index.md", "title:", "title: Нова", False),  # a home's title: site-titled
        ("en/projects/clusters4health.md", "title: Clusters4Health", "title: Clusters 4 Health", False),
        ("en/news/filler-07.md", "Filler news 07", "Filler news seven", True),  # after a full plan
    ]
    for relative, old, new, taken_over in edits:
        _edit(root / relative, old, new)
        after = plan(root, remembered=remembered, previous=last)
        fresh = plan(root)
        assert (after.pages_planned_from is last) == taken_over, relative
        assert _pages(after) == _pages(fresh), relative
        assert _lists(after) == _lists(fresh), relative
        if taken_over:
            edited = edited_items(last, after)
            assert [item.content_path for item in edited] == [relative]
            assert after.plan_of(edited[0]).item is edited[0]
        last = after
