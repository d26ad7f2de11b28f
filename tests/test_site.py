"""A five-language fixture site built with --strict: pages, cross-language links, lists, escaping."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from cluster_news.adapter.settings import read_settings
from cluster_news.core.site import load_site

from conftest import LANGUAGES, SITE_URL, Built, broken_internal_links, build_site, has_class, spaces
from fixture_content import FILLER_NEWS, HOSTILE_SUMMARY, HOSTILE_TAG, HOSTILE_TITLE, write_fixture_content


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory, "fixture", write_fixture_content)


def plain(element) -> str:
    """Visible text, with CLDR's special spaces as plain spaces."""
    return spaces(element.get_text(" ", strip=True))


def hreflang_links(built: Built, url: str) -> dict[str, str]:
    head = built.html(url).head
    return {link["hreflang"]: link["href"] for link in head.select('link[rel="alternate"][hreflang]')}


def switcher(built: Built, url: str) -> dict[str, str]:
    links = built.html(url).select("a.md-select__link")
    return {link["hreflang"]: built.resolve(url, link["href"]) for link in links}


def test_item_pages_exist_exactly_for_existing_translations(built):
    assert built.exists("news/mapping-workshop/")
    assert built.exists("uk/news/mapping-workshop/")
    assert built.exists("ro/news/mapping-workshop/")
    assert not built.exists("bg/news/mapping-workshop/")
    assert not built.exists("pl/news/mapping-workshop/")
    assert built.exists("ro/clusters/imago-mol/")
    assert not built.exists("clusters/imago-mol/")


def test_every_page_declares_its_own_language(built):
    for url in built.pages():
        lang = url.split("/")[0] if url.split("/")[0] in LANGUAGES[1:] else "en"
        assert built.tree(url).get("lang") == lang, url


def test_facts_and_dates_in_the_page_language(built):
    uk = plain(built.article("uk/news/mapping-workshop/"))
    assert "12 червня 2025 р." in uk
    bg = built.article("bg/events/spinoff-bulgaria-2024/")
    assert "20 юни – 21 юни 2024 г." in plain(bg)
    assert "България" in bg.select_one(".cn-facts").get_text()
    webinar = plain(built.article("uk/events/webinar/"))
    assert "10 липня 2025 р., 11:00–12:30" in webinar
    assert "Europe/Kyiv" in webinar and "Переведено в онлайн" in webinar


def test_item_page_links_its_translations_with_hreflang(built):
    nav = built.html("news/mapping-workshop/").select_one(".cn-translations")
    links = {a["hreflang"]: a for a in nav.select("a")}
    assert set(links) == {"uk", "ro"}
    for lang, link in links.items():
        assert link["lang"] == lang
        assert built.resolve("news/mapping-workshop/", link["href"]) == f"{lang}/news/mapping-workshop/"
    assert built.html("ro/news/deep-dive-oslo/").select_one(".cn-translations") is None


def test_head_alternates_are_absolute_and_exactly_the_existing_translations(built):
    assert hreflang_links(built, "uk/news/mapping-workshop/") == {
        "en": f"{SITE_URL}news/mapping-workshop/",
        "uk": f"{SITE_URL}uk/news/mapping-workshop/",
        "ro": f"{SITE_URL}ro/news/mapping-workshop/",
        "x-default": f"{SITE_URL}news/mapping-workshop/",
    }
    assert hreflang_links(built, "ro/news/deep-dive-oslo/") == {
        "ro": f"{SITE_URL}ro/news/deep-dive-oslo/",
        "x-default": f"{SITE_URL}ro/news/deep-dive-oslo/",
    }
    assert set(hreflang_links(built, "bg/news/")) == set(LANGUAGES) | {"x-default"}


def test_switcher_leads_to_translation_or_section_index(built):
    assert switcher(built, "en/news/mapping-workshop/".removeprefix("en/")) == {
        "en": "news/mapping-workshop/", "uk": "uk/news/mapping-workshop/", "bg": "bg/news/",
        "ro": "ro/news/mapping-workshop/", "pl": "pl/news/",
    }
    assert switcher(built, "ro/clusters/imago-mol/") == {
        "en": "clusters/", "uk": "uk/clusters/", "bg": "bg/clusters/", "ro": "ro/clusters/imago-mol/",
        "pl": "pl/clusters/",
    }


def test_switcher_never_leads_to_a_missing_page(built):
    for url in built.pages():
        for link in built.tree(url).xpath(f"//a[{has_class('md-select__link')}]"):
            lang, target = link.get("hreflang"), built.resolve(url, link.get("href"))
            assert built.exists(target), f"{url}: {lang} -> {target}"
            assert built.tree(target).get("lang") == lang


def test_news_index_lists_every_language_newest_first_with_markers(built):
    first = built.html("uk/news/")
    entries = first.select(".cn-entry")
    assert len(entries) == 10
    second = built.html("uk/news/page/2/").select(".cn-entry")
    total = 3 + FILLER_NEWS  # mapping-workshop, deep-dive-oslo, hostile + fillers
    assert len(entries) + len(second) == total
    dates = [e.select_one("time")["datetime"] for e in entries + second]
    assert dates == sorted(dates, reverse=True)
    oslo = first.find("a", string="Zilele Deep Dive la Oslo")
    assert (oslo["hreflang"], oslo["lang"]) == ("ro", "ro")
    assert built.resolve("uk/news/", oslo["href"]) == "ro/news/deep-dive-oslo/"
    assert "румунська" in oslo.parent.get_text()
    own = first.find("a", string="Картування ланцюга цінності охорони здоров'я")
    assert not own.has_attr("hreflang")
    nav = first.select_one("nav.cn-pagination")
    assert built.resolve("uk/news/", nav.select_one('a[rel="next"]')["href"]) == "uk/news/page/2/"


def test_drafts_are_built_nowhere_and_listed_nowhere(built):
    assert not built.exists("news/draft-news/") and not built.exists("uk/news/draft-news/")
    assert not built.exists("tags/secret/")
    for url in built.pages():
        assert "Secret draft" not in built.path_of(url).read_text(encoding="utf-8"), url


def test_tag_pages_per_language(built):
    tag = built.html("uk/tags/lantsiuhy-tsinnosti/")
    assert tag.h1.get_text() == "Тег: ланцюги цінності"
    assert [a.get_text() for a in tag.select(".cn-entry__title a")] == ["Картування ланцюга цінності охорони здоров'я"]
    index = built.html("tags/")
    names = [a.get_text() for a in index.select(".cn-tag-cloud a")]
    assert names == sorted(names, key=str.casefold)
    assert HOSTILE_TAG in names


def test_project_and_cluster_pages_gather_what_refers_to_them(built):
    project = built.article("uk/projects/clusters4health/")
    refs = [a.get_text() for a in project.select(".cn-refs--news-events .cn-entry__title a")]
    assert refs == ["Deep Dive Days in Oslo", "Zilele Deep Dive la Oslo", "Картування ланцюга цінності охорони здоров'я"]
    coordinator = project.select_one(".cn-facts a")
    assert (coordinator.get_text(), coordinator["hreflang"]) == ("Clusterul Imago-Mol", "ro")
    cluster = built.article("clusters/biocat/")
    assert [a.get_text() for a in cluster.select(".cn-refs--projects a")] == ["Clusters4Health"]
    assert [a.get_text() for a in cluster.select(".cn-refs--news-events .cn-entry__title a")] == [
        "Mapping the Ukrainian health value chain"]
    assert [a.get_text() for a in built.article("projects/").select(".cn-entry__title a")] == ["Clusters4Health"]


def test_item_links_to_its_project_and_cluster_pages(built):
    article = built.article("news/mapping-workshop/")
    project = article.select_one(".cn-refs--projects a")
    assert built.resolve("news/mapping-workshop/", project["href"]) == "projects/clusters4health/"
    cluster = built.article("bg/events/spinoff-bulgaria-2024/").select_one(".cn-refs--clusters a")
    assert built.resolve("bg/events/spinoff-bulgaria-2024/", cluster["href"]) == "bg/clusters/hlsc-bulgaria/"


def test_events_upcoming_first_then_past(built):
    page = built.html("events/")
    upcoming = [a.get_text() for a in page.select('[data-cn-events="upcoming"] .cn-entry__title a')]
    past = [a.get_text() for a in page.select('[data-cn-events="past"] .cn-entry__title a')]
    assert upcoming == ["Week in progress", "Вебінар про сертифікацію", "Deep Dive Days in Oslo"]
    assert past == ["Cancelled forum", "Spinoff Bulgaria 2024"]
    cancelled = page.find("a", string="Cancelled forum").find_parent("li")
    assert cancelled.select_one(".cn-status").get_text() == "Cancelled"


def test_home_page_shows_latest_news_and_next_events(built):
    home = built.html("pl/")
    # No Polish news yet: the newest of all leads, marked with its language; the next ones follow under "In other
    # languages", marked too, never as the reader's own cards (home_news: 7 in all).
    lead = home.select_one(".cn-home__lead .cn-lead__title")
    assert lead.a.get_text() == "Zilele Deep Dive la Oslo" and lead.select_one(".cn-lang").get_text() == "w języku: rumuński"
    assert home.select_one(".cn-home__news") is None
    news = home.select(".cn-home__elsewhere .cn-entry__title")
    assert news[0].a.get_text() == "Mapping the Ukrainian health value chain"
    assert len(news) == 6 and all(title.select_one(".cn-lang[lang=pl]") for title in news)
    events = [a.get_text() for a in home.select('.cn-home__events [data-cn-events="upcoming"] .cn-entry__title a')]
    assert events == ["Week in progress", "Вебінар про сертифікацію", "Deep Dive Days in Oslo"]


def front_page(fixture_site, lang: str, stories: dict[str, list[str]]):
    """The front page of `lang` planned (no build) from `stories`: language -> the dates of its news."""
    for code, days in stories.items():
        for number, day in enumerate(days):
            fixture_site.write(f"{code}/news/{code}-{number}.md", {"title": f"{code} {number}", "date": day})
    _, plan = load_site(read_settings(fixture_site.root / "mkdocs.yml"), dt.date(2025, 7, 1))
    page = plan.front_page(lang)
    return page.lead.item.title, [s.item.title for s in page.news], [s.item.title for s in page.elsewhere]


def test_the_front_page_leads_with_the_readers_language_while_it_is_recent_enough(fixture_site):
    """The lead story: the newest in the reader's language unless it is more than LEAD_FRESHNESS older than the
    site's newest; then the newest of all leads (and the reader's stories are still the cards)."""
    lead, news, elsewhere = front_page(fixture_site, "uk", {"en": ["2025-06-20", "2025-06-10"],
                                                             "uk": ["2024-07-01", "2024-05-01"]})
    assert (lead, news, elsewhere) == ("uk 0", ["uk 1"], ["en 0", "en 1"])  # 354 days older: still the lead
    lead, news, elsewhere = front_page(fixture_site, "uk", {"uk": ["2024-06-01", "2024-05-01"]})
    assert (lead, news, elsewhere) == ("en 0", ["uk 0", "uk 1"], ["en 1"])  # 384 days: the site's newest leads


def test_stories_in_other_languages_follow_the_readers_never_among_them(fixture_site):
    """home_news (7): the lead and six cards of the reader's language; stories only in other languages after them,
    three at least when the cards are full (none older than the last card), more while the reader's are few."""
    own = [f"2025-06-{day:02d}" for day in range(20, 10, -1)]  # ten Ukrainian stories, 20 to 11 June
    lead, news, elsewhere = front_page(fixture_site, "uk", {"uk": own, "bg": ["2025-06-30", "2025-06-16", "2025-06-15",
                                                                               "2025-06-14", "2025-06-01"]})
    assert lead == "uk 0" and news == [f"uk {n}" for n in range(1, 7)]  # the bg story of 30 June does not lead
    assert elsewhere == ["bg 0", "bg 1", "bg 2"]  # the three newest; none older than the last card (15 June)
    lead, news, elsewhere = front_page(fixture_site, "pl", {})  # no Polish story: the newest of all, then the rest
    assert (lead, news) == ("bg 0", []) and len(elsewhere) == 6 and "bg 0" not in elsewhere


def test_front_matter_is_escaped_everywhere(built):
    for url in ["news/hostile/", "news/", "events/cancelled-forum/", "tags/", "events/"]:
        soup = built.html(url)
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                assert json.loads(script.string)["@type"] in {"Event", "NewsArticle", "BreadcrumbList"}
            else:
                assert "alert" not in script.get_text(), url
        assert not soup.select("[onerror]"), url
        assert not soup.select("article b, article i"), url
    page = built.html("news/hostile/")
    assert page.title.get_text().startswith(HOSTILE_TITLE)
    assert page.h1.get_text() == HOSTILE_TITLE
    assert page.select_one(".cn-summary").get_text() == HOSTILE_SUMMARY
    assert page.select_one('meta[name="description"]')["content"] == HOSTILE_SUMMARY
    assert HOSTILE_TAG in [a.get_text() for a in page.select(".cn-tags a")]
    place = built.article("events/cancelled-forum/").select_one(".cn-location").get_text()
    assert HOSTILE_TITLE in place


def test_navigation_lists_sections_not_articles(built):
    for url, root in [("", ""), ("uk/news/mapping-workshop/", "uk/"), ("ro/events/deep-dive-days/", "ro/")]:
        nav = built.html(url).select("nav.md-nav--primary a.md-nav__link")
        targets = {built.resolve(url, a["href"]) for a in nav}
        assert targets == {root, f"{root}news/", f"{root}events/", f"{root}projects/", f"{root}clusters/",
                           f"{root}search/"}, url


def test_no_broken_internal_links(built):
    assert broken_internal_links(built) == []


def test_links_are_relative_so_the_site_works_under_a_sub_path(built):
    html = built.path_of("uk/news/mapping-workshop/").read_text(encoding="utf-8")
    hrefs = re.findall(r'(?:href|src)="(/[^"]*)"', html)
    assert hrefs == []


def test_images_from_content_assets_are_published_once_and_shown_in_every_language(built):
    for url in ["events/spinoff-bulgaria-2024/", "bg/events/spinoff-bulgaria-2024/"]:
        image = built.article(url).select_one(".cn-image img")
        assert built.resolve(url, image["src"]) == "assets/sofia.png"
        assert image["alt"] in ("Sofia Tech Park at night", "София Тех Парк нощем")
    assert built.exists("assets/sofia.png")


def test_planning_counts_every_list_as_it_is_made(fixture_site):
    """Planning counts the entries of every list split into pages, in every language, without making the lists
    (a build's pass makes only its own language's): each count is the length of the list as made."""
    write_fixture_content(fixture_site)
    _, plan = load_site(read_settings(fixture_site.root / "mkdocs.yml"), dt.date(2025, 7, 1))
    counted = set()
    for page in plan.pages("en") + plan.pages("uk"):
        if plan.split(page):
            for lang in LANGUAGES:
                assert plan._list_length(page, lang) == len(plan.listed(page, lang)), (page.url, lang)
            counted.add((page.kind.name, page.section))
    assert {kind for kind, _ in counted} == {"section", "filter", "tag"} and len(counted) >= 5, counted
