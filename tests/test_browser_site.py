"""A fixture site in Chromium, in every language: home, lists, a month, and the item pages of that language.

No console errors, a language switcher that always lands on an existing page in the chosen
language, and no serious or critical accessibility violations (axe-core, vendored from npm)."""

from __future__ import annotations

import pytest

from browser import chromium_page, serve
from conftest import LANGUAGES, REPO, Built, build_site
from fixture_content import write_fixture_content

AXE = REPO / "tests" / "node_modules" / "axe-core" / "axe.min.js"
LISTS = ["", "news/", "events/", "events/2024/06/", "clusters/"]
ITEMS = {"en": ["news/mapping-workshop/", "events/spinoff-bulgaria-2024/", "projects/clusters4health/"],
         "uk": ["news/mapping-workshop/", "events/webinar/", "clusters/biocat/"],
         "bg": ["events/spinoff-bulgaria-2024/", "clusters/hlsc-bulgaria/"],
         "ro": ["news/deep-dive-oslo/", "events/deep-dive-days/", "clusters/imago-mol/"],
         "pl": []}  # the fixture has no Polish items: Polish readers see the others' (marked)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory, "fixture", write_fixture_content)


def test_every_language_works_in_a_browser_and_passes_axe(sample):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run make test (it installs axe-core with npm ci)")
    axe_source = AXE.read_text(encoding="utf-8")
    problems, landings, serious = [], 0, []
    with serve(sample.site) as base, chromium_page() as page:
        for lang in LANGUAGES:
            root = "" if lang == "en" else f"{lang}/"
            for path in LISTS + ITEMS[lang]:
                url = f"{base}{root}{path}"
                response = page.goto(url)
                assert response.status == 200, url
                assert page.locator("html").get_attribute("lang") == lang
                targets = page.locator("a.md-select__link").evaluate_all(
                    "links => links.map(a => [a.getAttribute('hreflang'), a.href])")
                assert [code for code, _ in targets] == LANGUAGES
                page.evaluate(axe_source)  # through DevTools: an inline <script> would be refused by the site's CSP
                result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
                serious += [f"{root}{path}: {v['id']} ({v['impact']}): {v['help']}" for v in result["violations"]
                            if v["impact"] in ("serious", "critical")]
                for code, target in targets:
                    landing = page.goto(target)
                    assert landing.status == 200, f"{url} -> {target}"
                    assert page.locator("html").get_attribute("lang") == code, f"{url} -> {target}"
                    landings += 1
                problems += page.problems
                page.problems.clear()
    assert problems == []
    assert serious == []
    assert landings == len(LANGUAGES) * sum(len(LISTS) + len(items) for items in ITEMS.values())
