"""Publishing: feeds, sitemaps, 404 pages, SEO tags and structured data, search indexes."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from PIL import Image

from cluster_news.adapter.search import SearchInput
from cluster_news.adapter.settings import read_settings
from cluster_news.core.page_kinds import ITEM, PLAIN, SECTION
from cluster_news.core.project import ProjectSettings, SiteOptions
from cluster_news.core.schema import SECTIONS
from cluster_news.core.site import PagePlan, load_site

from conftest import LANGUAGES, REPO, SITE_URL, Built, build_site, has_token
from fixture_content import write_fixture_content

ROOTS = {lang: "" if lang == "en" else f"{lang}/" for lang in LANGUAGES}
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory, "fixture", write_fixture_content)


def local(url: str) -> str:
    assert url.startswith(SITE_URL), url
    return url[len(SITE_URL):]


def test_news_feed_per_language(built):
    for lang, root in ROOTS.items():
        feed = feedparser.parse(built.path_of(f"{root}feed.xml").read_bytes())
        assert not feed.bozo, (lang, feed.get("bozo_exception"))
        assert feed.feed.language == lang
        assert feed.version == "rss20"
        links = [entry.link for entry in feed.entries]
        for link in links:
            assert link.startswith(f"{SITE_URL}{root}news/"), link
            assert built.exists(local(link))
        dates = [entry.published_parsed for entry in feed.entries]
        assert dates == sorted(dates, reverse=True)
    uk = feedparser.parse(built.path_of("uk/feed.xml").read_bytes())
    assert uk.feed.title == "Мережа медичних кластерів – новини"
    assert [e.title for e in uk.entries] == ["Картування ланцюга цінності охорони здоров'я"]
    en = feedparser.parse(built.path_of("feed.xml").read_bytes())
    assert "Secret draft" not in [e.title for e in en.entries]
    assert len(en.entries) == 2 + 11  # mapping-workshop, hostile and the fillers; no Romanian-only news
    hostile = next(e for e in en.entries if e.link.endswith("/news/hostile/"))
    assert hostile.title == '</script><script>alert("title")</script> & <b>bold</b>'


def test_every_page_links_its_languages_feed(built):
    for url in built.pages():
        links = built.tree(url).xpath(f'head//link[{has_token("rel", "alternate")}][@type="application/rss+xml"]')
        assert links, url
        lang = built.tree(url).get("lang")
        assert built.resolve(url, links[0].get("href")) == f"{ROOTS[lang]}feed.xml"


def item_urls(built: Built):
    for url in built.pages():
        parts = url.strip("/").split("/")
        parts = parts[1:] if parts[0] in LANGUAGES else parts
        if len(parts) == 2 and parts[0] in SECTIONS:
            yield url


def sitemap_entries(built: Built, url: str) -> dict[str, dict[str, str]]:
    """loc -> its alternates, of the sitemap at `url` or, for an index, of the sitemaps it lists (each page once)."""
    tree = etree.parse(str(built.path_of(url)))
    entries = {}
    for listed in tree.findall("s:sitemap/s:loc", SITEMAP):
        theirs = sitemap_entries(built, local(listed.text))
        assert not set(theirs) & set(entries), "a page in two sitemaps"
        entries.update(theirs)
    for node in tree.findall("s:url", SITEMAP):
        loc = node.findtext("s:loc", namespaces=SITEMAP)
        entries[loc] = {link.get("hreflang"): link.get("href") for link in node.findall("xhtml:link", SITEMAP)}
    return entries


def test_sitemap_lists_every_item_page_with_exact_alternates(built):
    entries = sitemap_entries(built, "sitemap.xml")
    item_pages = list(item_urls(built))
    assert len(item_pages) == 31  # 5 cluster, 3 project, 16 news and 7 event pages
    for url in item_pages:
        assert f"{SITE_URL}{url}" in entries, url
    for loc, alternates in entries.items():
        assert built.exists(local(loc)), loc
        for href in alternates.values():
            assert built.exists(local(href)), href
    assert entries[f"{SITE_URL}ro/news/mapping-workshop/"] == {
        "en": f"{SITE_URL}news/mapping-workshop/", "uk": f"{SITE_URL}uk/news/mapping-workshop/",
        "ro": f"{SITE_URL}ro/news/mapping-workshop/", "x-default": f"{SITE_URL}news/mapping-workshop/"}
    assert entries[f"{SITE_URL}ro/clusters/imago-mol/"] == {
        "ro": f"{SITE_URL}ro/clusters/imago-mol/", "x-default": f"{SITE_URL}ro/clusters/imago-mol/"}
    assert not [loc for loc in entries if "draft" in loc]
    assert not [loc for loc in entries if "/events/2025/10/" in loc], "empty months are not listed"
    uk = sitemap_entries(built, "uk/sitemap.xml")
    assert uk and all(local(loc).startswith("uk/") for loc in uk)
    index = etree.parse(str(built.path_of("sitemap.xml")))
    assert [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP)] == [
        f"{SITE_URL}{'sitemap-en.xml' if lang == 'en' else f'{lang}/sitemap.xml'}" for lang in LANGUAGES]
    assert not (built.site / "robots.txt").exists()  # under a sub-path: test_robots_txt_only_where_crawlers_read_it


def test_every_page_is_in_the_sitemaps_or_asks_not_to_be_indexed(built):
    """One rule, no page left between: what the sitemaps list is indexed (month grids with events and the
    search page included); filtered lists and empty months say noindex (and let their links be followed)."""
    listed = {local(loc) for loc in sitemap_entries(built, "sitemap.xml")}
    excluded = {"filter": "events/country/bg/", "news filter": "uk/news/project/clusters4health/",
                "empty month": "ro/events/2025/10/"}
    assert all(built.exists(url) and url not in listed for url in excluded.values())
    assert {"events/2025/07/", "pl/search/"} <= listed  # a month with events, the search page
    for url in built.pages():
        robots = [meta.get("content") for meta in built.tree(url).xpath("/html/head/meta[@name='robots']")]
        assert robots == ([] if url in listed else ["noindex, follow"]), url
    assert {"", "uk/events/", "news/page/2/", "tags/", "uk/news/mapping-workshop/"} <= listed


def test_every_page_links_the_sitemap_of_the_whole_site(built):
    """Where robots.txt is not read (a project site under /<repository>/), crawlers find the sitemap on any
    page, the languages' homes included."""
    pages = [url for url in built.pages() if built.tree(url).get("lang")]
    assert set(ROOTS.values()) <= set(pages)
    for url in pages:
        links = built.tree(url).xpath("/html/head/link[@rel='sitemap']")
        assert [(link.get("type"), link.get("href")) for link in links] == [
            ("application/xml", f"{SITE_URL}sitemap.xml")], url
    assert sitemap_entries(built, "sitemap.xml")


def test_robots_txt_only_where_crawlers_read_it(tmp_path):
    """Crawlers read /robots.txt at a host's root only: a site served there gets one pointing at its sitemap; a
    site under a sub-path none (it would be read by nobody, and speak for a host that is not the site's)."""
    content = tmp_path / "content"
    for lang in LANGUAGES:
        (content / lang).mkdir(parents=True)
        (content / lang / "index.md").write_text("---\ntitle: Home\n---\n", encoding="utf-8")
    for site_url, robots in [("https://news.example.org/", True), ("https://example.github.io/clusters-site/", False)]:
        settings = ProjectSettings(tmp_path, content, LANGUAGES, "en", options=SiteOptions(site_url))
        _, site = load_site(settings, dt.date(2025, 7, 1))
        files = site.sitemaps("en")
        assert "sitemap.xml" in files and ("robots.txt" in files) == robots, site_url
        if robots:
            assert files["robots.txt"].decode().splitlines() == [
                "User-agent: *", "Allow: /", "", f"Sitemap: {site_url}sitemap.xml"]


def test_each_language_has_its_404_page_and_each_gives_every_languages_message(built):
    """GitHub Pages serves the root 404.html for every missing address, whatever its language: every 404 page gives
    each language's short message, marked with its lang, with that language's home, sections and search (absolute:
    served at any address), its own language first."""
    titles = {"en": "Page not found", "uk": "Сторінку не знайдено", "bg": "Страницата не е намерена",
              "ro": "Pagina nu a fost găsită", "pl": "Nie znaleziono strony"}
    for lang, root in ROOTS.items():
        page = built.html(f"{root}404.html")
        assert page.html["lang"] == lang and page.h1.get_text() == titles[lang]
        assert page.title.get_text().startswith(f"{titles[lang]} - ")
        messages = page.select("section.cn-not-found")
        assert [message["lang"] for message in messages] == [lang] + [other for other in ROOTS if other != lang]
        for message in messages:
            other = message["lang"]
            assert message.select_one("h1, h2").get_text() == titles[other]
            links = [(a["hreflang"], a["href"]) for a in message.select("a")]
            assert links == [(other, f"{SITE_URL}{ROOTS[other]}{path}") for path in
                             ("", "news/", "events/", "projects/", "clusters/", "search/")], other
        # The script that sends an address under another language's folder to that language's page: the root's.
        script = page.head.select_one('script[src$="assets/cluster-news-404.js"]')
        assert script["src"] == "/clusters-site/assets/cluster-news-404.js" and script["data-cn-lang"] == lang
        assert script["data-cn-languages"] == ("uk bg ro pl" if lang == "en" else "")
    assert (built.site / "assets" / "cluster-news-404.js").is_file()


def test_canonical_language_description_and_share_tags(built):
    for url in built.pages():
        head = built.tree(url).head
        assert head.xpath('.//link[@rel="canonical"]/@href')[:1] == [f"{SITE_URL}{url}"], url
        assert head.xpath('.//meta[@property="og:url"]/@content')[:1] == [f"{SITE_URL}{url}"], url
        assert head.xpath('.//meta[@name="twitter:card"]'), url
    page = built.html("uk/news/mapping-workshop/")
    head = page.head
    assert head.select_one('meta[name="description"]')["content"] == "Перший семінар Clusters4Health."
    assert head.select_one('meta[property="og:description"]')["content"] == "Перший семінар Clusters4Health."
    assert head.select_one('meta[property="og:title"]')["content"] == "Картування ланцюга цінності охорони здоров'я"
    assert head.select_one('meta[property="og:type"]')["content"] == "article"
    assert head.select_one('meta[property="og:locale"]')["content"] == "uk_UA"
    assert [m["content"] for m in head.select('meta[property="og:locale:alternate"]')] == ["en_GB", "ro_RO"]
    assert head.select_one('meta[property="article:published_time"]')["content"] == "2025-06-12"
    event = built.html("bg/events/spinoff-bulgaria-2024/").head
    assert event.select_one('meta[property="og:image"]')["content"].startswith(f"{SITE_URL}pictures/sofia-")
    assert event.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    section = built.html("pl/news/").head
    assert section.select_one('meta[property="og:type"]')["content"] == "website"
    assert "Aktualności, wydarzenia" in section.select_one('meta[name="description"]')["content"]


def test_news_pages_carry_news_article_json_ld(built):
    scripts = built.html("news/mapping-workshop/").select('script[type="application/ld+json"]')
    data = next(json.loads(s.string) for s in scripts if json.loads(s.string)["@type"] != "BreadcrumbList")
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Mapping the Ukrainian health value chain"
    assert data["datePublished"] == "2025-06-12" and data["inLanguage"] == "en"
    assert data["url"] == f"{SITE_URL}news/mapping-workshop/"
    assert data["author"] == [{"@type": "Person", "name": "Natalia Dziuba"}]
    assert data["publisher"] == {"@type": "Organization", "name": "Health Clusters Network", "url": SITE_URL}
    hostile = json.loads(built.html("news/hostile/").select('script[type="application/ld+json"]')[-1].string)
    assert hostile["headline"] == '</script><script>alert("title")</script> & <b>bold</b>'


def test_each_languages_home_describes_the_network_and_its_website_with_its_search(built):
    """schema.org data on every home page: the network as one Organization (the same @id in every language)
    with what mkdocs.yml declares, and the language's WebSite, published by it, whose SearchAction leads where
    the header's search box sends a query."""
    declared = read_settings(REPO / "mkdocs.yml").options.organization
    assert declared.name and declared.logo and declared.same_as  # the sample declares them all
    networks = []
    for lang, root in ROOTS.items():
        home = built.html(root)
        graphs = [json.loads(s.string) for s in home.select('script[type="application/ld+json"]')]
        assert [data["@context"] for data in graphs] == ["https://schema.org"]
        network, website = graphs[0]["@graph"]
        networks.append(network)
        assert network["@type"] == "Organization" and network["name"] == declared.name
        assert network["url"] == SITE_URL and network["sameAs"] == list(declared.same_as)
        assert local(network["logo"]) == declared.logo
        with Image.open(built.path_of(declared.logo)) as logo:
            assert min(logo.size) >= 112  # search engines' smallest logo
        assert website == {
            "@type": "WebSite", "@id": f"{SITE_URL}{root}#website", "url": f"{SITE_URL}{root}",
            "name": home.select_one('meta[property="og:site_name"]')["content"], "inLanguage": lang,
            "publisher": {"@id": network["@id"]}, "potentialAction": website["potentialAction"]}
        action = website["potentialAction"]
        assert action["@type"] == "SearchAction" and action["query-input"] == "required name=search_term_string"
        form = home.select_one("form[role=search]")
        sent = f"{built.resolve(root, form['action'])}?{form.select_one('input[type=search]')['name']}=кластер"
        assert local(action["target"]["urlTemplate"].replace("{search_term_string}", "кластер")) == sent
        assert built.exists(sent.split("?")[0])
    assert all(network == networks[0] for network in networks)
    others = [json.loads(s.string) for url in built.pages() if built.tree(url).get("lang") and url not in ROOTS.values()
              for s in built.html(url).select('script[type="application/ld+json"]')]
    assert others and not [data for data in others if "@graph" in data]  # home pages only


def test_search_index_per_language(built):
    entry = json.loads((built.site / "pagefind" / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) == set(LANGUAGES)
    for lang, root in ROOTS.items():
        assert built.exists(f"{root}search/")
        assert built.html(f"{root}search/").html["lang"] == lang
    indexed = [url for url in built.pages() if built.tree(url).xpath("//*[@data-pagefind-body]")]
    assert "uk/news/mapping-workshop/" in indexed and "events/" not in indexed and "events/2025/07/" not in indexed


def test_search_index_holds_what_pagefinds_command_finds_in_the_built_site(built, tmp_path):
    """The build gives Pagefind only each page's searchable part: every page's record (its text, title,
    metadata, headings' anchors) is byte for byte the one Pagefind's command makes from the whole site."""
    site = tmp_path / "site"
    shutil.copytree(built.site, site, ignore=shutil.ignore_patterns("pagefind"))
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(tmp_path / "bundle"),
                    "--silent"], check=True)

    def records(bundle: Path) -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in (bundle / "fragment").iterdir()}

    def languages(bundle: Path) -> dict[str, int]:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return {lang: found["page_count"] for lang, found in entry["languages"].items()}

    ours, theirs = built.site / "pagefind", tmp_path / "bundle"
    assert records(ours) == records(theirs)
    assert languages(ours) == languages(theirs) and set(languages(ours)) == set(LANGUAGES)

    def files(bundle: Path) -> set[str]:  # the metadata's name is a hash of the page numbers, which differ
        return {re.sub(r"_[0-9a-f]+\.pf_meta$", ".pf_meta", path.name) for path in bundle.iterdir()}
    assert files(ours) == files(theirs)


def test_search_index_does_not_depend_on_the_order_pages_are_written_in(tmp_path):
    """Pagefind numbers pages in the order it reads them, and its command reads them in the order the file
    system lists them: the build hands them over in the order of their paths, so every machine gets the
    same bytes whichever process wrote which page first."""
    pages = [(f"{root}news/{slug}/index.html", PagePlan(f"{root}news/{slug}/", lang, ITEM, slug),
              f'<div data-pagefind-body>\n<h1>{slug} {lang}</h1><p>{text}</p>\n</div>')
             for lang, root in ROOTS.items()
             for slug, text in (("zebra", "Workshop in Lviv"), ("alpha", "Cluster meeting"), ("mid", "Health mapping"))]
    bundles = []
    for order in (pages, pages[::-1]):
        search = SearchInput()
        for path, page, content in order:
            search.add(path, page, content)
        site = tmp_path / f"site-{len(bundles)}"
        search.index(site, processes=2)
        bundles.append({path.relative_to(site).as_posix(): path.read_bytes()
                        for path in sorted(site.rglob("*")) if path.is_file()})
    assert bundles[0] == bundles[1]
    entry = json.loads(bundles[0]["pagefind/pagefind-entry.json"])
    assert list(entry["languages"]) == sorted(LANGUAGES)
    assert all(found["page_count"] == 3 for found in entry["languages"].values())


def test_an_editors_words_cannot_make_a_list_page_searchable():
    """Which part of a page is searchable follows from its kind, not from its text: a list's introduction
    that spelled out the searchable element (the sanitiser escapes `<` in attributes' values today, so none
    can) would not make the list searchable, and on a searchable page the element is the one after the
    breadcrumbs."""
    spelled = '<p><a title="<div data-pagefind-body>" href="#x">intro</a></p>'
    search = SearchInput()
    search.add("news/index.html", PagePlan("news/", "en", SECTION, "News"), spelled)
    search.add("about/index.html", PagePlan("about/", "en", PLAIN, "About"),
               f'<nav>crumbs</nav><div data-pagefind-body>\n<h1>About</h1>{spelled}\n</div>')
    assert list(search.pages) == ["about/index.html"]
    assert search.html("about/index.html").count("<h1>About</h1>") == 1
    assert "crumbs" not in search.html("about/index.html")
