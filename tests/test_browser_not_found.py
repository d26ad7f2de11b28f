"""Not-found pages as GitHub Pages serves them: the site's root 404.html, with status 404, for every missing address,
under the site's sub-path. In Chromium, with JavaScript: an address under a language's folder shows that language's
404 page at once (nothing in another language shown first), at the address asked for; without it, the root page gives
every language's message, each in its language. Under the Content-Security-Policy, without a console error."""

from __future__ import annotations

import time

import pytest

from browser import chromium_page, serve_like_github_pages, watch_policy
from conftest import LANGUAGES, SITE_URL, Built, build_site
from fixture_content import write_reader_content

ROOTS = {lang: "" if lang == "en" else f"{lang}/" for lang in LANGUAGES}
MOUNT = "/" + SITE_URL.split("/", 3)[3]  # "/clusters-site/", as a GitHub Pages project site
TITLES = {"en": "Page not found", "uk": "Сторінку не знайдено", "bg": "Страницата не е намерена",
          "ro": "Pagina nu a fost găsită", "pl": "Nie znaleziono strony"}
SITE_NAMES = {"en": "Health Clusters Network", "uk": "Мережа медичних кластерів"}
# What each document painted before it was left: a document left for another language's page must not have shown
# its own text (first-contentful-paint), only, at most, its empty background.
# Kept in the tab's sessionStorage, which the next document of the same site reads.
PAINTS = """addEventListener("pagehide", () => sessionStorage.setItem("cn-left", JSON.stringify(
  JSON.parse(sessionStorage.getItem("cn-left") || "[]").concat([[location.pathname, document.documentElement.lang,
  performance.getEntriesByType("paint").map(entry => entry.name)]]))));"""
MESSAGES = """() => [...document.querySelectorAll('section.cn-not-found')].map(section => [section.lang,
  section.querySelector('h1, h2').textContent.trim(), section.checkVisibility(),
  [...section.querySelectorAll('a')].map(a => new URL(a.href).pathname)])"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory, "reader", write_reader_content)


@pytest.fixture(scope="module")
def base(built):
    with serve_like_github_pages(built.site, MOUNT) as address:
        yield address


def public(lang: str, path: str = "") -> str:
    """The path of a page of `lang` on the public site (404 pages link it absolutely)."""
    return f"{MOUNT}{ROOTS[lang]}{path}"


def test_an_address_under_a_languages_folder_gets_that_languages_page_at_once(chromium, base):
    with chromium_page(chromium) as page:
        watch_policy(page)
        page.add_init_script(PAINTS)
        # A language's page that is slow to come (a phone's network): the root page has all that time to show itself.
        page.route("**/404.html?cn-asked=*", lambda route: (time.sleep(0.4), route.continue_()))
        for lang, root in ROOTS.items():
            asked = f"{base}{root}news/no-such-story/?from=a-newsletter#comments"
            page.goto(asked)
            page.wait_for_function("lang => document.documentElement.lang === lang", arg=lang)
            page.wait_for_load_state("load")
            assert page.url == asked, "the address asked for stays in the address bar"
            assert page.title() == f"{TITLES[lang]} - {page.locator('.cn-brand__name').inner_text()}"
            messages = page.evaluate(MESSAGES)
            assert [message[:3] for message in messages][0] == [lang, TITLES[lang], True]
            assert page.locator("h1").inner_text() == TITLES[lang]
            assert messages[0][3] == [public(lang, path) for path in
                                      ("", "news/", "events/", "projects/", "clusters/", "search/")]
            assert sorted(message[0] for message in messages) == sorted(LANGUAGES)  # and every other's
            if lang in SITE_NAMES:
                assert page.locator(".cn-brand__name").inner_text() == SITE_NAMES[lang]  # the whole page in it
        page.goto(f"{base}news/")  # leaves the last one
        painted = page.evaluate("JSON.parse(sessionStorage.getItem('cn-left'))")
        for lang, root in ROOTS.items():
            if lang == "en":
                continue
            # The root page, served at the Ukrainian address, was left before it showed its English text.
            english = [paints for path, document_lang, paints in painted
                       if path == f"{MOUNT}{root}news/no-such-story/" and document_lang == "en"]
            assert english and all("first-contentful-paint" not in paints for paints in english), (lang, english)
        assert page.violations == []
        assert all(problem.endswith("status of 404 (Not Found)") for problem in page.problems), page.problems


def test_other_addresses_keep_the_root_page_in_the_default_language(chromium, base):
    with chromium_page(chromium) as page:
        for path in ("no-such-page/", "ukraine/", "en/news/", "news/uk/"):  # not under another language's folder
            response = page.goto(base + path)
            assert response.status == 404
            assert (page.url, page.evaluate("document.documentElement.lang")) == (base + path, "en"), path
            messages = page.evaluate(MESSAGES)
            assert [(lang, title, shown) for lang, title, shown, _ in messages] == [
                (lang, TITLES[lang], True) for lang in LANGUAGES], path  # English first, every other shown


def test_without_javascript_the_root_page_gives_every_languages_message(chromium, base):
    with chromium_page(chromium, java_script_enabled=False) as page:
        response = page.goto(f"{base}uk/news/no-such-story/")
        assert response.status == 404 and page.url == f"{base}uk/news/no-such-story/"
        messages = page.evaluate(MESSAGES)
        assert [(lang, title, shown) for lang, title, shown, _ in messages] == [
            (lang, TITLES[lang], True) for lang in LANGUAGES]  # English first, then each in its language
        for lang, _, _, links in messages:
            assert links[0] == public(lang) and all(link.startswith(public(lang)) for link in links), lang
        boxes = page.locator("section.cn-not-found").evaluate_all(
            "sections => sections.map(section => section.getBoundingClientRect().height)")
        assert all(height > 80 for height in boxes), boxes  # each readable: a heading, a sentence, links
