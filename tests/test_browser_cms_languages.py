"""The web editor in each of the site's languages, in Chromium with the browser's language set to it: the
language choice lists every language of the site, the CMS asks to sign in in the browser's language, no
English interface words on the language choice, the collection list and the news and event forms, and
the lists say the language of a title that is not in the language being edited.

"English interface words" are the texts the English web editor shows where the language's own differ: our
configuration's (labels, hints, option labels, messages: core/cms.py through the cms catalogue), our page's
(the language choice) and the CMS's own (its English strings, locales/en-US.json, against those it serves in
the language). Content (titles, file names), language names and time zones are not interface words."""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path

import pytest

import test_browser_cms
from cluster_news.core import admin_site
from cluster_news.core.cms import INTERFACE, CmsSettings, cms_config, interface_texts
from cluster_news.core.messages import message
from test_browser_cms import REVEAL, choose_collection
from test_cms_languages import _displayed

from conftest import LANGUAGES as SITE_LANGUAGES

clone = test_browser_cms.clone
"""The end-to-end test's site in a git repository (a fixture)."""
editor_tab = test_browser_cms.editor_tab
"""That site served, and the web editor's shared page (a fixture)."""

LANGUAGES = {"en": "en-US", "uk": "uk-UA", "bg": "bg-BG", "ro": "ro-RO", "pl": "pl-PL"}
SETTINGS = CmsSettings(languages=list(LANGUAGES), default_language="en", repository="OWNER/REPOSITORY")
SHOTS = os.environ.get("CLUSTER_NEWS_SCREENSHOTS")
"""A folder to save screenshots of each language's editor in (for a review; none when unset)."""
CONTENT = ("Network forum", "Biocat", "Биотехнологичен", "Innowacyjny", "Spinoff Bulgaria", "Clusters4Health",
           "Sofia Tech Park", "network-forum", "Europe/", "UTC")

# Every visible text of the page (text nodes and the labels a screen reader reads), without the CMS's bidi
# isolation marks around the values it fills in.
VISIBLE_TEXTS = r"""() => {
  const out = [];
  const shown = (element) => element && element.checkVisibility({ visibilityProperty: true });
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (shown(element) && !element.closest("[contenteditable], script, style, option")) {
      out.push(walker.currentNode.nodeValue);
    }
  }
  for (const element of document.querySelectorAll("[placeholder], [aria-label], [title]")) {
    if (!shown(element)) continue;
    for (const name of ["placeholder", "aria-label", "title"]) out.push(element.getAttribute(name) || "");
  }
  return out.map((text) => text.replace(/[\u2066-\u2069]/g, "").trim()).filter(Boolean);
}"""


def _cms_strings(site: Path, lang: str) -> dict[str, str]:
    """The CMS's interface strings as /admin/ serves them in `lang` (English: its own)."""
    name = "en-US" if lang == "en" else lang
    return admin_site._flat(json.loads((site / "admin" / "locales" / f"{name}.json").read_text(encoding="utf-8")))


def _patterns(text: str) -> list[str]:
    """The texts a CMS string can show: each variant of a MessageFormat 2 plural, its {$values} and markup
    left out (as regular expressions)."""
    variants = re.findall(r"\{\{(.*?)\}\}(?=\s|$)", text) if text.startswith(".input") else [text]
    return [r"\s*".join(re.escape(part) for part in re.split(r"\{\$\w+\}|<[^>]*>", variant) if part.strip())
            for variant in variants]


@functools.cache
def _english_words(site: Path, lang: str) -> tuple[list[re.Pattern], list[str]]:
    """(whole texts the English editor shows that `lang`'s says otherwise, as patterns; our labels, which must
    not appear even inside another text, as in 'Додати Tags'). Worked out once per language: each screen looked
    at asks again."""
    english, translated = _cms_strings(site, "en"), _cms_strings(site, lang)
    whole = {pattern for key, text in english.items() if translated.get(key) != text for pattern in _patterns(text)}
    ours = dict(zip([text for _, text in _displayed(cms_config(SETTINGS))],
                    [text for _, text in _displayed(cms_config(SETTINGS, lang))], strict=True))
    ours |= dict(zip(INTERFACE.values(), interface_texts(lang).values(), strict=True))
    differing = {text for text, theirs in ours.items() if text != theirs}
    whole |= {_patterns(text.replace("{site}", "{$site}"))[0] for text in differing}
    labels = sorted(text for text in differing if len(text.split()) <= 3 and "{" not in text)
    return [re.compile(pattern) for pattern in sorted(whole) if len(pattern) > 2], labels


def _english_on_screen(page, site: Path, lang: str) -> list[str]:
    """The English interface words on the page, as `lang`'s editor should not see them (English: as a Ukrainian
    editor should not, which the English editor shows: the detector's own check)."""
    whole, labels = _english_words(site, "uk" if lang == "en" else lang)
    found = []
    for text in page.evaluate(VISIBLE_TEXTS):
        if any(content in text for content in CONTENT):
            continue
        if any(pattern.fullmatch(text) for pattern in whole):
            found.append(text)
        elif any(re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text) for label in labels):
            found.append(text)
    return found


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name))


def _open_collection(editor, site: Path, lang: str, original: str, collection: str, first: bool = False) -> None:
    """Open the editor for originals in `original`, signed in to the local repository, on a collection's list.
    The `first` time in a browser context, the CMS asks to sign in, in `lang`."""
    page, strings = editor.page, _cms_strings(site, lang)
    page.goto(f"{editor.base}admin/?original={original}")
    local = page.get_by_role("button", name=strings["work_with_local_repo"])
    label = message(lang, {"news": "News", "events": "Events", "clusters": "Clusters"}[collection], domain="cms")
    collections = page.get_by_role("treeitem", name=label)
    (local if first else local.or_(collections).first).wait_for()
    if local.is_visible():
        local.click()
    collections.wait_for()
    # Once it has read the folder, the CMS shows the first collection (News, replacing the address): a
    # collection chosen before that would be replaced too.
    page.wait_for_url(re.compile(rf"/admin/\?original={original}#/collections/[^/]+$"))
    page.get_by_text("Network forum").first.wait_for()
    _show_collection(editor, lang, collection)


def _show_collection(editor, lang: str, collection: str) -> None:
    """The list of `collection`, chosen in the list of collections."""
    label = message(lang, {"news": "News", "events": "Events", "clusters": "Clusters"}[collection], domain="cms")
    choose_collection(editor.page, label, collection)


def _back_to_list(editor, original: str, collection: str) -> None:
    """From a form to the list of `collection` by the route in the page's address (#/collections/<name>), as the
    browser's back button leaves a form: the CMS keeps running (loading the address anew would start it again)."""
    editor.page.evaluate("route => { location.hash = route; }", f"#/collections/{collection}")
    editor.page.wait_for_url(re.compile(rf"/admin/\?original={original}#/collections/{collection}$"))


def _titles_in_other_languages_are_marked(page, original: str) -> None:
    """The clusters are in English (Biocat), Bulgarian and Polish: each title not in the language of the
    originals is marked with its language, and every title carries its language (lang) for screen readers."""
    expected = {"Biocat": "en", "Биотехнологичен и здравен клъстер": "bg", "Innowacyjny Klaster Medyczny": "pl"}
    names = {"en": "English", "bg": "Български", "pl": "Polski"}
    for title, title_lang in expected.items():
        shown = title if title_lang == original else f"{title} ({names[title_lang]})"
        item = page.get_by_text(shown, exact=True)
        item.first.wait_for()
        assert item.first.get_attribute("lang") == title_lang, title
    assert page.get_by_text(re.compile(r"\((?:en|uk|bg|ro|pl)(?:, (?:en|uk|bg|ro|pl))*\)$")).count() == 0
    assert page.url.endswith("#/collections/clusters")


def _new_form(editor, site: Path, lang: str) -> None:
    """A new entry's form, drawn to its end (the CMS draws a long form in parts, as it is scrolled)."""
    page, strings = editor.page, _cms_strings(site, lang)
    page.get_by_role("button", name=re.compile(rf"^({re.escape(strings['create'])}|"
                                               rf"{re.escape(strings['create_entry'] if 'create_entry' in strings else strings['create_new_entry'])})$")).first.click()
    page.wait_for_function(REVEAL, arg="body")
    page.locator("section.field[data-key-path='title']").scroll_into_view_if_needed()


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_web_editor_speaks_the_browsers_language(editor_tab, clone, lang):
    site = clone.root / "site"
    with editor_tab.editor(locale=LANGUAGES[lang]) as editor:
        page, base = editor.page, editor.base
        page.goto(base + "admin/")
        page.locator("#choose h1").wait_for()
        assert page.evaluate("document.documentElement.lang") == lang
        links = page.locator("#choose a[href^='?original=']")  # every language of the site, in its order
        assert links.evaluate_all("links => links.map(a => a.getAttribute('href'))") == [
            f"?original={code}" for code in SITE_LANGUAGES]
        screens = {"choose": _english_on_screen(page, site, lang)}
        _shot(page, f"{lang}-1-language-choice.png")

        _open_collection(editor, site, lang, lang, "news", first=True)
        page.get_by_text("Network forum").first.wait_for()
        screens["news list"] = _english_on_screen(page, site, lang)
        _show_collection(editor, lang, "clusters")
        _titles_in_other_languages_are_marked(page, lang)
        _shot(page, f"{lang}-5-clusters-marked.png")
        _show_collection(editor, lang, "news")
        _new_form(editor, site, lang)
        screens["news form"] = _english_on_screen(page, site, lang)

        _back_to_list(editor, lang, "events")
        page.get_by_text("Spinoff Bulgaria").first.wait_for()
        screens["events list"] = _english_on_screen(page, site, lang)
        _shot(page, f"{lang}-2-events.png")
        _new_form(editor, site, lang)
        screens["event form"] = _english_on_screen(page, site, lang)
        _shot(page, f"{lang}-3-new-event.png")
        # Saved with a start that is not a date and no title: the form says why, in the language.
        page.locator("section.field[data-key-path='start'] input").fill("next Tuesday")
        page.get_by_role("button", name=_cms_strings(site, lang)["save"], exact=True).click()
        required = page.locator("section.field[data-key-path='title']").get_by_text(
            _cms_strings(site, lang)["validation.value_missing"])
        required.wait_for()
        page.locator("section.field[data-key-path='start']").get_by_text(
            message(lang, "YYYY-MM-DD for the whole day, or YYYY-MM-DDTHH:MM", domain="cms")).wait_for()
        page.locator("section.field[data-key-path='title']").scroll_into_view_if_needed()
        screens["event form, not saved"] = _english_on_screen(page, site, lang)
        _shot(page, f"{lang}-4-event-not-saved.png")
        if lang == "pl":
            _polish_editor_on_english_originals(editor, site)
        assert editor.problems == [] and editor.leaks == []

    if lang == "en":  # the detector sees English where it is
        assert all(screens.values()), screens
    else:
        assert screens == {screen: [] for screen in screens}


def _polish_editor_on_english_originals(editor, site: Path) -> None:
    """A Polish editor working on the English originals: the Polish title is marked as Polish (the language
    of the interface does not decide; the other languages' lists are looked at above). In the Polish
    session, after its own originals: a session of its own would boot the CMS once more."""
    _open_collection(editor, site, "pl", "en", "clusters")
    _titles_in_other_languages_are_marked(editor.page, "en")
