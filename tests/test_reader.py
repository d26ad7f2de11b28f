"""What a reader finds around the articles: where they are (breadcrumbs, current section, skip link),
filters and the month index, calendars to subscribe to, one fact in one place, the footer of the
network and the language 404 pages. A five-language fixture site, parsed with BeautifulSoup."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import icalendar
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from cluster_news.adapter.settings import read_settings
from cluster_news.core import wordforms
from cluster_news.core.minify import unindented
from cluster_news.core.page_kinds import HOME, SECTION
from cluster_news.core.site import load_site
from cluster_news.render.pages import PageRenderer
from cluster_news.render.renderer import CARD_SIZES, LEAD_SIZES

from conftest import LANGUAGES, REPO, SITE_URL, Built, build_site, spaces
from fixture_content import HOSTILE_TITLE, LONG_WORD, PICTURE_ALT, READER_LANGUAGES, write_reader_content

ROOTS = {lang: "" if lang == "en" else f"{lang}/" for lang in LANGUAGES}
WEBCAL = SITE_URL.replace("https://", "webcal://")
PLUGIN_ASSETS = REPO / "plugins" / "cluster_news" / "assets"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:  # SOURCE_DATE_EPOCH: 2025-07-01
    return build_site(tmp_path_factory, "reader", write_reader_content)


def texts(elements) -> list[str]:
    return [spaces(element.get_text(" ", strip=True)) for element in elements]


def seen(element) -> str:
    """The text as the eye reads it: without what only screen readers hear (`.cn-sr-only`)."""
    return spaces("".join(text for text in element.find_all(string=True) if not text.find_parent(class_="cn-sr-only")))


def heard(element) -> list[str]:
    """What only screen readers hear in `element`."""
    return [spaces(hidden.get_text()) for hidden in element.select(".cn-sr-only")]


def json_ld(built: Built, url: str, kind: str) -> dict:
    found = [json.loads(s.string) for s in built.html(url).select('script[type="application/ld+json"]')]
    matching = [data for data in found if data["@type"] == kind]
    assert len(matching) == 1, (url, kind, found)
    return matching[0]


# You are here ------------------------------------------------------------------------------------

def test_every_page_has_a_skip_link_to_its_main_content(built):
    for url in built.pages() + [f"{root}404.html" for root in ROOTS.values()]:
        page = built.tree(url)
        # Material's own (on pages with sub-headings, to the first of them) sits hidden in its wrapper.
        links = page.xpath("body//a[not(ancestor::*[@data-md-component='skip'])]")
        skips = [a for a in links if "md-skip" in a.classes]
        assert [a.get("href") for a in skips] == ["#cn-content"], url
        target = page.xpath("//*[@id='cn-content']")
        assert len(target) == 1 and target[0].tag == "h1", url
        assert links[0] is skips[0], f"{url}: the skip link comes first"


def test_breadcrumbs_lead_down_from_home_with_structured_data(built):
    cases = {
        "uk/news/eu-lab-starts/": ["Головна", "Новини"],
        "pl/events/2025/09/": ["Strona główna", "Wydarzenia"],
        "ro/events/country/pl/": ["Acasă", "Evenimente"],
        "bg/projects/eu-lab/": ["Начало", "Проекти"],
        "news/page/2/": ["Home", "News"],
        "uk/tags/lab-uk/": ["Головна", "Теги"],
        "about/": ["Home"],
        "events/": ["Home"],
    }
    for url, trail in cases.items():
        crumbs = built.html(url).select("nav.cn-breadcrumbs a")
        assert texts(crumbs) == trail, url
        assert built.resolve(url, crumbs[0]["href"]) == ROOTS[built.html(url).html["lang"]], url
        data = json_ld(built, url, "BreadcrumbList")
        items = data["itemListElement"]
        assert [item["name"] for item in items[:-1]] == trail
        assert [item["position"] for item in items] == list(range(1, len(trail) + 2))
        assert items[-1]["item"] == f"{SITE_URL}{url}" and items[-1]["name"] == built.html(url).h1.get_text()
    for root in ROOTS.values():
        assert built.html(root).select("nav.cn-breadcrumbs") == []


def test_navigation_marks_the_current_section_on_every_page_of_it(built):
    def marked(url):
        links = built.html(url).select("nav.md-nav--primary a.md-nav__link")
        return {built.resolve(url, a["href"]): a.get("aria-current") for a in links if a.get("aria-current")}

    for url, section in [("uk/news/eu-lab-starts/", "uk/news/"), ("events/fortnight/", "events/"),
                         ("pl/events/2025/09/", "pl/events/"), ("ro/events/attendance/online/", "ro/events/"),
                         ("news/project/eu-lab/", "news/"), ("bg/projects/eu-lab/", "bg/projects/"),
                         ("clusters/biocat/", "clusters/"), ("news/page/2/", "news/")]:
        assert marked(url) == {section: "true"}, url
    assert marked("uk/events/") == {"uk/events/": "page"}
    assert marked("pl/") == {"pl/": "page"}
    assert marked("tags/") == {}
    current = built.html("events/fortnight/").select_one('nav.md-nav--primary [aria-current]')
    assert "cn-nav-current" in current["class"]  # bold as well as coloured


def test_pages_to_read_keep_the_column_beside_them_and_lists_do_not(built):
    """The navigation says whether its page is one to read, whose sidebar is the column beside it from 60em
    (with its table of contents, when it has one), or a list, which has no such column (its cards get the
    room); the table of contents is printed once, in the navigation, never in a sidebar of its own."""
    def reading(url: str) -> bool:
        page = built.html(url)
        assert not page.select(".md-sidebar--secondary"), url
        return "cn-nav--reading" in page.select_one("nav.md-nav--primary")["class"]

    for url in ("events/fortnight/", "uk/news/eu-lab-starts/", "bg/projects/eu-lab/", "clusters/biocat/"):
        assert reading(url), url
    for url in ("pl/", "uk/events/", "news/page/2/", "pl/events/2025/09/", "ro/events/attendance/online/",
                "tags/"):
        assert not reading(url), url


def test_header_has_a_search_box_and_the_site_name_as_a_link_home(built):
    page = built.html("bg/events/fortnight/")
    form = page.select_one("header form.cn-header-search[role=search]")
    assert built.resolve("bg/events/fortnight/", form["action"]) == "bg/search/"
    field = form.select_one("input[name=q]")
    assert form.select_one(f'label[for="{field["id"]}"]').get_text() == "Търсене в сайта"
    brand = page.select_one("header a.cn-brand")
    assert brand.get_text(strip=True) == "Мрежа на здравните клъстери"
    assert built.resolve("bg/events/fortnight/", brand["href"]) == "bg/"
    assert built.html("bg/search/").select("header form") == []  # its own box is the only one there


def test_the_bar_of_sections_marks_the_page_and_its_section(built):
    def bar(url):
        links = built.html(url).select("nav.cn-sections a")
        return [(built.resolve(url, a["href"]), a.get("aria-current")) for a in links]

    assert bar("uk/events/fortnight/") == [("uk/", None), ("uk/news/", None), ("uk/events/", "true"),
                                           ("uk/projects/", None), ("uk/clusters/", None)]  # search: the header's box
    assert bar("news/")[1] == ("news/", "page") and bar("pl/")[0] == ("pl/", "page")
    assert built.html("bg/events/").select_one("nav.cn-sections")["aria-label"] == "Раздели"
    not_found = built.html("ro/404.html").select("nav.cn-sections a")
    assert [a["href"] for a in not_found][:2] == [f"{SITE_URL}ro/", f"{SITE_URL}ro/news/"]  # served anywhere


def test_the_network_s_logo_and_icon_are_its_own(built):
    for url in ("", "uk/news/eu-lab-starts/", "pl/404.html"):
        page = built.html(url)
        logo = page.select_one("header a.cn-brand img")
        assert (logo["alt"], logo["width"], logo["height"]) == ("", "32", "32")  # the name beside it says it
        icon = page.select_one('link[rel="icon"]')["href"]
        for src in (logo["src"], icon):
            assert built.resolve(url, src) == "assets/images/network-logo.svg", url
        assert "favicon.png" not in str(page.head)  # Material's book
    assert built.path_of("assets/images/network-logo.svg").read_text().startswith("<svg")


def test_our_stylesheet_and_scripts_are_published_minified(built):
    for name in ("cluster-news.css", "cluster-news.js", "cluster-news-search.js"):
        source = (PLUGIN_ASSETS / name).read_text(encoding="utf-8")
        published = built.path_of(f"assets/{name}").read_text(encoding="utf-8")
        assert len(published) < 0.8 * len(source), name
        assert "/*" not in published and "\n  " not in published, name  # no comments, no indentation


def test_pages_are_published_without_their_templates_indentation(built):
    for url in built.pages() + [f"{root}404.html" for root in ROOTS.values()]:
        page = built.path_of(url).read_text(encoding="utf-8")
        assert unindented(page) == page, url


# Events without dead ends ------------------------------------------------------------------------

def test_calendar_link_opens_a_month_with_events(built):
    for root in ROOTS.values():
        link = built.html(f"{root}events/").select_one(".cn-calendar-links a")
        month = built.resolve(f"{root}events/", link["href"])
        assert month == f"{root}events/2025/07/"
        assert built.html(month).select("table.cn-calendar a.cn-bar")


def test_an_empty_month_says_so_and_links_the_nearest_months_with_events(built):
    empty = built.html("uk/events/2025/10/").select_one(".cn-empty-month")
    assert spaces(empty.p.get_text()) == "Цього місяця подій немає."
    links = {built.resolve("uk/events/2025/10/", a["href"]): spaces(a.get_text()) for a in empty.select("a")}
    assert links == {"uk/events/2025/09/": "← Раніше: вересень 2025 р.",  # the month inside a sentence: lower case
                     "uk/events/2025/12/": "Пізніше: грудень 2025 р. →"}
    assert [(seen(count), heard(count)) for count in empty.select(".cn-count")] == [
        ("(2)", ["2 події"]), ("(1)", ["1 подія"])]  # how many: their words in their number's plural form
    assert built.html("events/2025/09/").select(".cn-empty-month") == []
    first = built.html("events/2024/07/").select_one(".cn-empty-month")
    assert [built.resolve("events/2024/07/", a["href"]) for a in first.select("a")] == [
        "events/2024/06/", "events/2025/03/"]


def test_month_index_lists_only_months_with_events_with_counts(built):
    index = built.html("ro/events/").select_one("nav.cn-month-index")
    years = texts(index.select("dt"))
    assert years == ["2025", "2024"]
    months = {built.resolve("ro/events/", a["href"]): seen(a.parent) for a in index.select("a")}
    assert months == {
        "ro/events/2025/03/": "Martie (1)", "ro/events/2025/06/": "Iunie (1)", "ro/events/2025/07/": "Iulie (2)",
        "ro/events/2025/09/": "Septembrie (2)", "ro/events/2025/12/": "Decembrie (1)",
        "ro/events/2024/06/": "Iunie (1)"}
    assert [heard(a.parent) for a in index.select("a")][:3] == [["1 eveniment"], ["1 eveniment"], ["2 evenimente"]]
    on_month = built.html("ro/events/2025/09/").select_one("nav.cn-month-index a[aria-current]")
    assert built.resolve("ro/events/2025/09/", on_month["href"]) == "ro/events/2025/09/"


def test_past_events_are_grouped_by_year(built):
    past = built.html("events/").select_one('[data-cn-events="past"]')
    groups = past.select("section.cn-year")
    assert [g["data-cn-year"] for g in groups] == ["2025", "2024"]
    assert [texts(g.select(".cn-entry__title a")) for g in groups] == [["Cancelled forum"], ["Spinoff Bulgaria 2024"]]
    assert [g.h3.get_text() for g in groups] == ["2025", "2024"]


def test_an_event_over_two_weeks_is_one_bar_a_week_and_one_link(built):
    table = built.html("events/2025/09/").select_one("table.cn-calendar")
    bars = [(a.get_text(), a.get("aria-hidden"), a.find_parent("td").get("colspan")) for a in table.select("a.cn-bar")]
    assert bars == [("Two weeks of the EU Health Lab", None, "5"),  # Wednesday 10 to Sunday 14
                    ("Two weeks of the EU Health Lab", "true", "7"), ("Same days", None, "2"),
                    ("Two weeks of the EU Health Lab", "true", None)]  # Monday 22
    focusable = [a for a in table.select("a") if a.get("tabindex") != "-1"]
    assert Counter(a.get_text() for a in focusable) == {"Two weeks of the EU Health Lab": 1, "Same days": 1}
    listed = texts(built.html("events/2025/09/").select(".cn-entries .cn-entry__title a"))
    assert listed == ["Two weeks of the EU Health Lab", "Same days"]  # phones read this list: each event once


# Finding events and news -------------------------------------------------------------------------

def test_filter_pages_exist_in_every_language_and_list_what_matches(built):
    expected = {
        "events/country/pl/": ["Two weeks of the EU Health Lab"],
        "events/country/bg/": ["Spinoff Bulgaria 2024"],
        "events/attendance/online/": ["Вебінар про сертифікацію", "Same days"],
        "events/attendance/in-person/": ["Two weeks of the EU Health Lab", "Deep Dive Days in Oslo",
                                         "Cancelled forum", "Spinoff Bulgaria 2024"],
        "events/project/eu-lab/": ["Two weeks of the EU Health Lab", "Same days"],
        "events/cluster/hlsc-bulgaria/": ["Spinoff Bulgaria 2024"],
        "news/project/clusters4health/": ["Zilele Deep Dive la Oslo", "Mapping the Ukrainian health value chain"],
        "news/cluster/biocat/": ["EU Health Lab starts", "Mapping the Ukrainian health value chain"],
    }
    for url, titles in expected.items():
        assert texts(built.html(url).select(".cn-entry__title a")) == titles, url
        assert built.html(url).h1.get_text()
    assert built.html("uk/events/country/pl/").h1.get_text() == "Події: Польща"
    assert built.html("pl/news/project/eu-lab/").h1.get_text() == "Aktualności: EUHL"
    for url in expected:
        alternates = {link["hreflang"]: link["href"] for link in
                      built.html(f"bg/{url}").head.select('link[rel~="alternate"][hreflang]')}
        assert alternates == {**{lang: f"{SITE_URL}{root}{url}" for lang, root in ROOTS.items()},
                              "x-default": f"{SITE_URL}{url}"}
        switcher = {a["hreflang"]: built.resolve(f"bg/{url}", a["href"]) for a in
                    built.html(f"bg/{url}").select("a.md-select__link")}
        assert switcher == {lang: f"{root}{url}" for lang, root in ROOTS.items()}
    sitemap = "".join(built.path_of(f"{root or 'sitemap-en.xml'}{'sitemap.xml' if root else ''}").read_text(
        encoding="utf-8") for root in ROOTS.values())
    assert "/country/" not in sitemap and "/project/" not in sitemap, "lists of lists stay out of the sitemap"


def test_filters_link_their_pages_with_counts_and_mark_the_current_one(built):
    filters = built.html("pl/events/").select_one("details.cn-filters")
    assert not filters.has_attr("open")  # served folded at every width: the list first (no script folds it)
    # What the script says as choices combine, in the form CLDR gives the number shown (Intl.PluralRules picks it).
    assert json.loads(filters["data-cn-filterable"]) == {
        "one": "Pokazano {shown} wydarzenie z {total}", "few": "Pokazano {shown} wydarzenia z {total}",
        "many": "Pokazano {shown} wydarzeń z {total}", "other": "Pokazano {shown} wydarzenia z {total}"}
    assert json.loads(filters["data-cn-counted"])["many"] == "{count} wydarzeń"
    groups = {g.select_one(".cn-filters__label").get_text(): [seen(a) for a in g.select("a")] for g in
              filters.select(".cn-filters__group")}
    assert groups == {
        "Kraj": ["Bułgaria (1)", "Norwegia (1)", "Polska (1)", "Rumunia (1)"],
        "Forma udziału": ["Online (2)", "Stacjonarnie (4)"],
        "Projekt": ["C4H (1)", "EUHL (2)"],
        "Klaster": ["Biocat (1)", "Health and Life Sciences Cluster Bulgaria (1)"],
    }
    hlsc = filters.find("a", attrs={"data-cn-facet": "cluster:hlsc-bulgaria"})
    assert hlsc.select_one(".cn-chip__label")["lang"] == "en"  # no Polish version: its English name, marked
    assert heard(hlsc) == ["1 wydarzenie"] and heard(filters.find("a", attrs={"data-cn-facet": "attendance:in-person"})) \
        == ["4 wydarzenia"]  # the count's words, in the page's language
    for link in filters.select("a[data-cn-facet]"):
        assert built.exists(built.resolve("pl/events/", link["href"]))
    on_page = built.html("pl/events/country/pl/").select_one("details.cn-filters")
    assert not on_page.has_attr("data-cn-filterable")  # filtered pages are plain links
    assert [seen(a) for a in on_page.select("a[aria-current]")] == ["Polska (1)"]
    everything = built.html("pl/events/country/pl/").select_one(".cn-filters__all a")  # outside the folded panel
    assert built.resolve("pl/events/country/pl/", everything["href"]) == "pl/events/"
    news = built.html("news/").select_one("details.cn-filters")
    assert [g.select_one(".cn-filters__label").get_text() for g in news.select(".cn-filters__group")] == [
        "Project", "Cluster"]


def test_list_entries_carry_their_facets_for_the_script(built):
    entry = built.html("events/").find("a", string="Two weeks of the EU Health Lab").find_parent("li")
    assert set(entry["data-cn-facets"].split()) == {"country:PL", "attendance:in-person", "project:eu-lab",
                                                    "cluster:biocat"}


def test_each_project_and_cluster_has_its_calendar_to_subscribe_to(built):
    for url, uids in [("projects/eu-lab/", {"fortnight", "same-days"}), ("pl/projects/eu-lab/", {"fortnight", "same-days"}),
                      ("uk/clusters/biocat/", {"fortnight"}), ("bg/clusters/hlsc-bulgaria/", {"spinoff-bulgaria-2024"}),
                      ("ro/projects/clusters4health/", {"deep-dive-days"})]:
        calendar = icalendar.Calendar.from_ical(built.path_of(f"{url}events.ics").read_bytes())
        assert {str(event["UID"]).split("@")[0] for event in calendar.walk("VEVENT")} == uids, url
        links = built.html(url).select(".cn-refs--news-events .cn-feeds a")
        hrefs = [a["href"] for a in links]
        assert hrefs[0] == f"{WEBCAL}{url}events.ics"
        assert built.resolve(url, hrefs[1]) == f"{url}events.ics"
        root = url.split("/")[0] + "/" if url.split("/")[0] in LANGUAGES else ""
        assert hrefs[2] == f"{WEBCAL}{root}events.ics"  # beside the site's
    calendar = icalendar.Calendar.from_ical(built.path_of("pl/projects/eu-lab/events.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "EU Health Lab – Wydarzenia"
    assert not built.exists("clusters/imago-mol/events.ics")  # no English page, no English calendar beside it


def test_feeds_are_visible_links_not_only_link_tags(built):
    for root in ROOTS.values():
        news = built.html(f"{root}news/").select_one('.cn-feeds a[type="application/rss+xml"]')
        assert built.resolve(f"{root}news/", news["href"]) == f"{root}feed.xml"
        buttons = built.html(f"{root}events/").select(".cn-calendar-links a")
        assert buttons[1]["href"] == f"{WEBCAL}{root}events.ics"
        assert built.resolve(f"{root}events/", buttons[2]["href"]) == f"{root}events.ics"


# One fact, one place -----------------------------------------------------------------------------

def test_dates_acronyms_and_places_are_printed_once(built):
    article = built.article("news/mapping-workshop/")
    assert [t["datetime"] for t in article.select("time")] == ["2025-06-12"]
    assert "Natalia Dziuba" in article.select_one(".cn-meta").get_text()
    event = built.article("pl/events/fortnight/")
    assert [t["datetime"] for t in event.select("time")] == ["2025-09-10"]
    assert event.select(".cn-meta") == []
    project = spaces(built.article("projects/eu-lab/").get_text(" "))
    assert project.count("EUHL") == 1 and project.count("1 January 2025") == 1
    c4h = spaces(built.article("uk/projects/clusters4health/").get_text(" "))
    assert c4h.count("C4H") == 1  # the title does not say it: the facts do, once
    cluster = spaces(built.article("uk/clusters/biocat/").get_text(" "))
    assert cluster.count("Барселона") == 1 and cluster.count("Іспанія") == 1
    partners = built.article("ro/projects/clusters4health/")
    assert partners.select(".cn-refs--clusters") == []  # the clusters are named as coordinator and partners


def test_a_consortium_is_counted_once_and_each_partner_named_once(built):
    """Nine partners, three named (the coordinator among them): the count is said once, as a count, the
    coordinator once (as coordinator), the other two as those among the nine."""
    for url, words in [("projects/clusters4health/", ("Partners", "Coordinator", "among them")),
                       ("uk/projects/clusters4health/", ("Партнери", "Координатор", "серед них"))]:
        facts = built.article(url).select_one(".cn-facts")
        partners, coordinator, among = words
        named = facts.find("dt", string=partners).find_next_sibling("dd")
        count = "9 partners" if url.startswith("projects") else "9 партнерів"  # the number's plural form (CLDR)
        assert named.select_one(".cn-partner-count").get_text() == count, url
        assert " ".join(named.get_text(" ").split()).startswith(f"{count} , {among}:"), url
        names = texts(named.select(".cn-partners li"))
        assert len(names) == 2 and "Oslo Cancer Cluster" in names, url
        assert facts.find("dt", string=coordinator).find_next_sibling("dd").get_text() not in names, url
    assert built.article("projects/eu-lab/").find("dt", string="Partners") is None  # none named, none counted


def test_mixed_lists_say_what_each_entry_is(built):
    refs = built.article("uk/projects/eu-lab/").select(".cn-refs--news-events .cn-entry")
    assert [e.select_one(".cn-type").get_text() for e in refs] == ["Подія", "Подія", "Новина"]
    tag = built.article("tags/lab-en/").select(".cn-entry .cn-type")
    assert texts(tag) == ["News"]


def test_places_of_untranslated_items_read_in_one_language(built):
    entry = built.html("uk/events/").find("a", string="Deep Dive Days in Oslo").find_parent("li")
    place = entry.select_one(".cn-place")
    assert (place.get_text(), place["lang"]) == ("Oslo, Norway", "en")
    own = built.html("uk/events/").find("a", string="Два тижні EU Health Lab").find_parent("li")
    assert own.select_one(".cn-place").get_text() == "Kraków, Польща"  # the city as the editor wrote it
    assert not own.select_one(".cn-place").has_attr("lang")
    mark = entry.select_one(".cn-lang")  # a badge: the language's name in the reader's, said in full to screen readers
    assert (seen(mark), heard(mark), mark["lang"]) == ("англійська", ["мовою: "], "uk")


# Footer, about pages, 404 pages ------------------------------------------------------------------

def test_footer_names_the_network_its_contact_about_page_and_feeds(built):
    for root in ROOTS.values():
        url = f"{root}events/fortnight/"
        footer = built.html(url).select_one("footer.md-footer")
        assert footer.select_one(".cn-footer__name").get_text() == built.html(url).select_one(".cn-brand__name").get_text()
        links = {a.get_text(): a["href"] for a in footer.select("a")}
        about = next(href for text, href in links.items() if built.resolve(url, href) == f"{root}about/")
        assert f"{about}#imprint" in links.values()
        assert "mailto:contact@health-clusters.example" in links.values()
        assert built.resolve(url, next(a["href"] for a in footer.select('a[type="application/rss+xml"]'))) == \
            f"{root}feed.xml"
        assert f"{WEBCAL}{root}events.ics" in links.values()
        assert "Material for MkDocs" not in footer.get_text()


def test_eu_funding_notice_where_a_project_is_eu_funded(built):
    """The EU emblem (a file of the site, never another site's) with "Funded by the European Union" beside it,
    in the page's language, at the foot of every page about a funded project, and on the first screen of the
    project's own page; nowhere else (the emblem must not suggest funding that is not there)."""
    statements = {"en": "Funded by the European Union", "uk": "Фінансується Європейським Союзом",
                  "bg": "Финансирано от Европейския съюз", "ro": "Finanțat de Uniunea Europeană",
                  "pl": "Sfinansowane przez Unię Europejską"}
    alternatives = {"en": "Flag of the European Union", "uk": "Прапор Європейського Союзу",
                    "bg": "Знаме на Европейския съюз", "ro": "Drapelul Uniunii Europene", "pl": "Flaga Unii Europejskiej"}
    for lang, root in ROOTS.items():
        for url in [f"{root}projects/eu-lab/", f"{root}news/eu-lab-starts/", f"{root}events/fortnight/"]:
            notice = built.html(url).select_one("footer .cn-eu-notice")
            assert notice is not None and "(EUHL)" in notice.get_text(), url
            funded = notice.select_one(".cn-eu-funded")
            emblem, statement = funded.find_all(recursive=False)
            assert (emblem.name, emblem["alt"], statement.strong.get_text()) == (
                "img", alternatives[lang], statements[lang]), url
            assert built.resolve(url, emblem["src"]) == "assets/eu-emblem.svg" and (emblem["width"], emblem["height"]) \
                == ("60", "40"), url
        badge = built.article(f"{root}projects/eu-lab/").select_one("header .cn-eu-funded")
        assert badge.img["alt"] == alternatives[lang] and badge.get_text() == statements[lang]
    assert built.exists("assets/eu-emblem.svg")
    for url in ["projects/clusters4health/", "news/mapping-workshop/", "events/", ""]:
        assert built.html(url).select(".cn-eu-notice, .cn-eu-funded, img[src$='eu-emblem.svg']") == [], url


def test_about_page_carries_the_imprint_from_the_configuration(built):
    imprint = built.article("ro/about/").select_one("section.cn-imprint")
    assert imprint.h2["id"] == "imprint" and imprint.h2.get_text() == "Date despre editor"
    lines = [line.strip() for line in imprint.address.get_text("\n").splitlines() if line.strip()]
    assert lines == ["Health Clusters Network (illustrative publisher)", "Example Street 1", "1000 Brussels, Belgium",
                     "contact@health-clusters.example"]
    assert built.article("about/").select_one("h2#who-we-are")


def test_language_404_pages_lead_to_the_five_homes(built):
    for lang, root in ROOTS.items():
        page = built.html(f"{root}404.html")
        assert page.html["lang"] == lang
        switcher = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link")}
        assert switcher == {other: f"{SITE_URL}{other_root}" for other, other_root in ROOTS.items()}
        assert page.select('[lang="x-default"]') == [] and "x-default" not in page.decode()
        assert page.head.select('link[hreflang]') == []  # Material would fetch <href>/sitemap.xml for each
        assert page.select_one(f'a.md-select__link[hreflang="{lang}"]')["aria-current"] == "true"
        footer_links = [a["href"] for a in page.select("footer a")]
        assert all(href.startswith((SITE_URL, "mailto:", "webcal:")) for href in footer_links), footer_links
        assert page.select_one("header form")["action"] == f"{SITE_URL}{root}search/"


def test_the_switcher_says_where_an_untranslated_page_leads_in_the_language_it_leads_to(built):
    """On a page that is not in every language, the switcher's entry of a missing language says, in that language
    (the words of whoever picks it), that the page is not translated and which page it opens instead."""
    page = built.html("uk/events/webinar/")  # in Ukrainian only
    links = {a["hreflang"]: a for a in page.select("a.md-select__link")}
    assert links["uk"].select_one(".cn-switch-note") is None  # the page itself
    notes = {code: (spaces(link.select_one(".cn-switch-note").get_text()), link["lang"]) for code, link in links.items()
             if code != "uk"}
    assert notes == {"en": ("Not translated yet: opens Events", "en"),
                     "bg": ("Още не е преведено: отваря раздела „Събития“", "bg"),
                     "ro": ("Încă netradusă: deschide secțiunea „Evenimente”", "ro"),
                     "pl": ("Jeszcze nie przetłumaczono: otwiera dział „Wydarzenia”", "pl")}
    assert built.resolve("uk/events/webinar/", links["bg"]["href"]) == "bg/events/"
    translated = built.html("uk/news/eu-lab-starts/").select(".cn-switch-note")  # in every language: nothing to say
    assert translated == []
    tag = {a["hreflang"]: a for a in built.html("tags/lab-en/").select("a.md-select__link")}  # a tag: the tags
    assert tag["uk"].select_one(".cn-switch-note").get_text() == "Ще не перекладено: відкриє розділ «Теги»"
    assert built.resolve("tags/lab-en/", tag["uk"]["href"]) == "uk/tags/"


def test_each_table_is_published_with_whose_data_it_comes_from_and_its_licence(built):
    """The tables are derived from the libraries' dictionaries and models, whose licences ask for attribution
    (CC BY-SA) or for their notice to travel with the data (BSD): each language's table carries its notice."""
    expected = {"uk": ("pymorphy3-dicts", "creativecommons.org/licenses/by-sa/3.0/"),
                "pl": ("Zygmunt Saloni", "2-clause BSD licence", "THIS SOFTWARE IS PROVIDED"),
                "bg": ("LemmaGen", "MULTEXT-East", "creativecommons.org/licenses/by-sa/4.0/")}
    for lang in LANGUAGES:
        folder = built.site / wordforms.FOLDER / lang
        notice = (folder / wordforms.NOTICE_FILE).read_text(encoding="utf-8")
        assert all(words in notice for words in expected.get(lang, expected["bg"])), (lang, notice)
        assert wordforms.NOTICE_FILE.removesuffix(".txt") not in json.loads((folder / "index.json").read_bytes())


def test_search_page_has_a_labelled_field_and_translated_messages(built):
    page = built.html("bg/search/")
    form = page.select_one("form.cn-search")
    field = form.select_one("input[name=q]")
    assert form.select_one(f'label[for="{field["id"]}"]').get_text() == "Търсене в сайта"
    strings = json.loads(form["data-cn-search"])
    assert strings["search_results"] == {"one": "[COUNT] резултат за [SEARCH_TERM]",
                                         "other": "[COUNT] резултата за [SEARCH_TERM]"}
    assert strings["type_page"] == "Страница"
    assert built.resolve("bg/search/", form["data-cn-forms"]) == "wordforms/bg/"
    assert json.loads((built.site / "wordforms" / "bg" / "index.json").read_text(encoding="utf-8"))
    assert built.resolve("bg/search/", page.select_one("script[src*=cluster-news-search]")["src"]) == \
        "assets/cluster-news-search.js"
    article = built.html("bg/news/eu-lab-starts/")
    assert article.select_one("[data-pagefind-meta^='type:']")["data-pagefind-meta"] == "type:Новина"
    assert spaces(article.select_one("[data-pagefind-meta='date']").get_text()) == "15 юни 2025 г."
    assert article.select("[data-pagefind-body] a.headerlink:not([data-pagefind-ignore])") == []


def test_long_words_keep_their_language_for_hyphenation(built):
    link = built.html("events/2025/09/").find("a", string=lambda s: s and LONG_WORD in s)
    assert link is None  # the English page shows the English title
    polish = built.html("pl/events/2025/09/").find("a", string=lambda s: s and LONG_WORD in s)
    assert polish.find_parent("html")["lang"] == "pl"


# The front page: news first, pictures done properly ---------------------------------------------

def srcset_files(built: Built, page: str, srcset: str) -> list[tuple[int, tuple[int, int]]]:
    """(declared width, real size) of each candidate of a srcset: every file exists."""
    found = []
    for candidate in srcset.split(", "):
        src, width = candidate.split(" ")
        found.append((int(width[:-1]), Image.open(built.path_of(built.resolve(page, src))).size))
    return found


def test_front_page_leads_with_the_newest_story_of_the_readers_language_and_its_picture(built):
    for lang, root in ROOTS.items():
        lead = built.html(root).select_one(".cn-home__lead .cn-lead")
        title = lead.select_one(".cn-lead__title a")
        if lang == "ro":  # a Romanian story is newer than the lab's: it leads, without a picture
            assert title.get_text() == "Zilele Deep Dive la Oslo" and lead.select("picture") == []
            continue
        assert title.get_text() == READER_LANGUAGES[lang][0]
        assert built.resolve(root, title["href"]) == f"{root}news/eu-lab-starts/"
        img = lead.select_one("picture img")
        assert img["alt"] == f"{PICTURE_ALT} ({lang})" and img["fetchpriority"] == "high"
        assert not img.has_attr("loading"), "the lead picture is the first thing readers see: not lazy"
        assert lead.select_one("picture source")["sizes"] == LEAD_SIZES and (img["width"], img["height"]) == ("1280", "800")
        for width, size in srcset_files(built, root, lead.select_one("source[type='image/webp']")["srcset"]):
            assert size == (width, width * 800 // 1280)
    home = built.html("")
    news = [a.get_text() for a in home.select(".cn-home__news .cn-entry__title a")]
    assert news[:2] == ["Mapping the Ukrainian health value chain", HOSTILE_TITLE] and len(news) == 6
    assert "EU Health Lab starts" not in news, "the lead story is not repeated below it"
    assert "Zilele Deep Dive la Oslo" not in news, "a story in another language is not one of the reader's cards"
    elsewhere = home.select_one(".cn-home__elsewhere")  # after the cards, under a heading of its own, marked
    assert elsewhere.h2.get_text() == "In other languages" and elsewhere.find_previous("section") is \
        home.select_one(".cn-home__news")
    oslo = elsewhere.find("a", string="Zilele Deep Dive la Oslo")
    assert (oslo["lang"], oslo["hreflang"]) == ("ro", "ro")
    entry = oslo.find_parent("li")
    assert (seen(entry.select_one(".cn-lang")), heard(entry.select_one(".cn-lang"))) == ("Romanian", ["in "])
    assert entry.select_one(".cn-entry__summary")["lang"] == "ro"


def test_the_front_page_names_the_site_for_screen_readers_and_shows_the_lead_story_first(built):
    for root in ROOTS.values():
        headings = built.html(root).select("h1")
        assert len(headings) == 1 and headings[0]["class"] == ["cn-sr-only"], root
        assert built.html(f"{root}news/").select_one("h1").get("class") is None  # other pages show theirs


def test_an_article_reads_headline_standfirst_byline_lead_picture_and_an_event_its_facts_before_its_poster(built):
    def order(url):
        header = built.html(url).select_one("header.cn-item-header")
        return [child.name + "." + ".".join(child.get("class", [])) for child in header.find_all(recursive=False)]

    assert order("news/mapping-workshop/")[:3] == ["h1.", "p.cn-summary", "p.cn-meta"]  # no picture
    assert order("uk/news/eu-lab-starts/")[:3] == ["h1.", "p.cn-meta", "figure.cn-image"]  # no standfirst
    event = built.article("events/spinoff-bulgaria-2024/")
    facts, poster = event.select_one("dl.cn-facts"), event.select_one("figure.cn-image")
    assert facts is not None and poster is not None
    assert facts in poster.find_all_previous("dl")


def test_cards_are_the_same_everywhere_with_lazy_pictures_sized_for_a_card(built):
    def card(url, title):
        return built.html(url).find("a", string=title).find_parent("li")

    cards = [card("uk/news/", "EU Health Lab розпочинає роботу"), card("uk/projects/eu-lab/", "EU Health Lab розпочинає роботу"),
             card("uk/clusters/biocat/", "EU Health Lab розпочинає роботу"), card("uk/tags/lab-uk/", "EU Health Lab розпочинає роботу")]
    for found in cards:
        assert "cn-card" in found["class"] and "cn-card--picture" in found["class"]
        img = found.select_one(".cn-card__media picture img")
        assert (img["loading"], found.select_one("picture source")["sizes"], img["alt"]) == ("lazy", CARD_SIZES,
                                                                                             f"{PICTURE_ALT} (uk)")
        assert not img.has_attr("fetchpriority")
        assert [t["datetime"] for t in found.select("time")] == ["2025-06-15"]  # the date, once
    for width, size in srcset_files(built, "uk/news/", cards[0].select_one("source")["srcset"]):
        assert size[0] == width
    assert built.html("uk/news/").select_one("ul.cn-entries.cn-cards") is not None
    assert built.html("uk/projects/eu-lab/").select_one(".cn-refs--news-events ul.cn-rows.cn-mixed") is not None
    plain = card("news/", "Filler news 11")  # no picture: a panel with the sign of its kind, hidden from readers
    panel = plain.select_one(".cn-card__media--none")
    assert panel["aria-hidden"] == "true" and panel.svg is not None and plain.select("img") == []


def test_event_cards_lead_with_a_date_block_and_say_where_once(built):
    fortnight = built.html("uk/events/").find("a", string="Два тижні EU Health Lab").find_parent("li")
    box = fortnight.select_one(".cn-datebox")
    assert box["aria-hidden"] == "true"  # for the eye: the line below says the dates for everyone
    assert [span.get_text() for span in box.select("span")] == ["Вер.", "10", "2025"]
    meta = spaces(fortnight.select_one(".cn-entry__meta").get_text(" ", strip=True))
    assert meta.startswith("10–22 вересня 2025 р.") and meta.count("Kraków") == 1
    webinar = built.html("").find("a", string="Вебінар про сертифікацію").find_parent("li")
    assert webinar.select_one(".cn-status").get_text() == "Moved online"
    assert webinar.select_one(".cn-online").get_text() == "Online"


def test_front_page_shows_next_events_projects_and_the_editors_words(built):
    home = built.html("bg/")
    events = home.select_one(".cn-home__events")
    upcoming = events.select_one('[data-cn-events="upcoming"]')
    assert not upcoming.has_attr("hidden") and upcoming.select(".cn-datebox")
    assert events.select_one('[data-cn-events="past"]').has_attr("hidden")
    links = [built.resolve("bg/", a["href"]) or a["href"] for a in events.select(".cn-calendar-links a")]
    assert links == ["bg/events/", "bg/events/2025/07/", f"{WEBCAL}bg/events.ics"]
    assert "Няма предстоящи" not in events.get_text()
    projects = home.select_one(".cn-home__projects")  # the reader's language's first, then the others', marked
    assert [a.get_text() for a in projects.select("h3.cn-entry__title a")] == ["EU Health Lab"]
    assert projects.select_one("h3.cn-elsewhere__heading").get_text() == "На други езици"
    assert [(a.get_text(), a["lang"]) for a in projects.select("h4.cn-entry__title a")] == [("Clusters4Health", "en")]
    assert seen(projects.select_one("h4 .cn-lang")) == "английски"
    about = home.select_one(".cn-home__about")
    assert "Welcome." in about.get_text() and built.resolve("bg/", about.select_one(".cn-more a")["href"]) == "bg/about/"
    assert home.select_one("[data-pagefind-body] .cn-home__about") is not None  # the editor's words are searchable


def test_without_upcoming_events_the_front_page_shows_the_latest_and_the_calendar(built):
    """Built as if read in 2030: no event is announced, so the latest ones and the calendar links are
    the last word, not "No upcoming events"."""
    settings = read_settings(built.root / "mkdocs.yml")
    _, later = load_site(settings, dt.date(2030, 1, 1))
    home = next(page for page in later.pages("en") if page.kind == HOME)
    page = BeautifulSoup(PageRenderer(later).content(home, "<p>Welcome.</p>"), "lxml")
    events = page.select_one(".cn-home__events")
    assert events.select_one('[data-cn-events="upcoming"]').has_attr("hidden")
    recent = events.select_one('[data-cn-events="past"]')
    assert not recent.has_attr("hidden") and recent.h2.get_text() == "Recent events"
    assert [a.get_text() for a in recent.select(".cn-entry__title a")] == [
        "Deep Dive Days in Oslo", "Same days", "Two weeks of the EU Health Lab"]  # newest first
    assert "No upcoming events" not in events.get_text()
    assert events.find_all(recursive=False)[-1]["class"] == ["cn-calendar-links"]


def test_without_upcoming_events_the_events_page_leads_with_the_calendar_and_the_latest(built):
    """Built as if read in 2030: no "Upcoming — No upcoming events." block; the page leads with a note, the
    ways to hear of new events (subscribe, the calendar) and then the latest events, newest first."""
    settings = read_settings(built.root / "mkdocs.yml")
    _, later = load_site(settings, dt.date(2030, 1, 1))
    events = next(page for page in later.pages("uk") if page.kind == SECTION and page.section == "events")
    page = BeautifulSoup(PageRenderer(later).content(events, ""), "lxml")
    title = page.select_one("h1")
    shown = [element for element in title.find_all_next() if element.parent is title.parent
             and not element.has_attr("hidden") and element.get_text(strip=True)]
    assert [element["class"][0] for element in shown[:4]] == [
        "cn-no-upcoming", "cn-calendar-links", "cn-filters", "cn-events"]
    assert shown[0].get_text().startswith("Наступні події ще не оголошено")
    assert page.select_one('[data-cn-events="upcoming"]').has_attr("hidden")
    assert "Найближчих подій немає" not in " ".join(element.get_text() for element in shown)
    latest = shown[3].select(".cn-entry__title a")
    assert [a.get_text() for a in latest[:2]] == ["Deep Dive Days in Oslo", "Same days"]


# Who wrote it, who organises it ------------------------------------------------------------------

def test_authors_and_organisers_are_people_or_organisations_with_their_pages(built):
    data = json_ld(built, "uk/news/eu-lab-starts/", "NewsArticle")
    assert data["author"] == [
        {"@type": "Organization", "name": "Біокат", "url": f"{SITE_URL}uk/clusters/biocat/",
         "sameAs": "https://www.biocat.cat/"},
        {"@type": "Organization", "name": "Lab <b>team</b>", "url": "https://example.org/team?a=1&b=2"},
        {"@type": "Person", "name": "Maria </script><script>alert(1)</script>"}]
    assert data["publisher"] == {"@type": "Organization", "name": "Мережа медичних кластерів", "url": f"{SITE_URL}uk/"}
    page = built.html("uk/news/eu-lab-starts/")
    byline = page.select_one(".cn-authors")
    assert [a.get_text() for a in byline.select("a")] == ["Біокат", "Lab <b>team</b>"]
    assert built.resolve("uk/news/eu-lab-starts/", byline.a["href"]) == "uk/clusters/biocat/"
    assert byline.select("b, script") == [] and "Maria </script><script>alert(1)</script>" in byline.get_text()
    raw = built.path_of("uk/news/eu-lab-starts/").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in raw and "\\u003c/script\\u003e" in raw
    event = json_ld(built, "pl/events/fortnight/", "Event")
    assert event["organizer"] == [
        {"@type": "Organization", "name": "Biocat", "url": f"{SITE_URL}pl/clusters/biocat/",
         "sameAs": "https://www.biocat.cat/"},
        {"@type": "Organization", "name": "City of Kraków"}]
    organisers = built.article("pl/events/fortnight/").find("dt", string="Organizatorzy").find_next_sibling("dd")
    assert built.resolve("pl/events/fortnight/", organisers.a["href"]) == "pl/clusters/biocat/"


def test_translations_that_name_nobody_are_credited_like_their_original(built):
    """The Ukrainian and Romanian versions of an article name no author, the Bulgarian version of an event no
    organiser: their pages and structured data name the original's, marked as written in its language."""
    for url in ("uk/news/mapping-workshop/", "ro/news/mapping-workshop/"):
        assert json_ld(built, url, "NewsArticle")["author"] == [{"@type": "Person", "name": "Natalia Dziuba"}], url
        byline = built.article(url).select_one(".cn-authors")
        assert byline.get_text() == "Natalia Dziuba" and byline.select_one('[lang="en"]'), url
    assert json_ld(built, "bg/events/spinoff-bulgaria-2024/", "Event")["organizer"] == [
        {"@type": "Organization", "name": "ISTEB"}]
    organisers = built.article("bg/events/spinoff-bulgaria-2024/").find("dt", string="Организатори")
    assert organisers.find_next_sibling("dd").select_one('span[lang="en"]').get_text() == "ISTEB"
    assert "author" not in json_ld(built, "ro/news/deep-dive-oslo/", "NewsArticle")  # nobody in any language


def test_every_event_place_has_a_name(built):
    """A venue as the editor named it; without one, the place is named by its city and country, in the
    event's language (search engines want every place named)."""
    named = json_ld(built, "bg/events/spinoff-bulgaria-2024/", "Event")["location"]
    assert named["name"] == "София Тех Парк"
    assert json_ld(built, "ro/events/deep-dive-days/", "Event")["location"]["name"] == "Oslo, Norvegia"
    assert json_ld(built, "events/fortnight/", "Event")["location"]["name"] == "Kraków, Poland"
    assert json_ld(built, "uk/events/fortnight/", "Event")["location"]["name"] == "Kraków, Польща"
