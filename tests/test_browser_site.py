"""The sample site in Chromium, in every language: home, a news page, an event page and a month.

No console errors, a language switcher that always lands on an existing page in the chosen
language, and no serious or critical accessibility violations (axe-core, vendored from npm)."""

from __future__ import annotations

import os
import subprocess

import pytest

from browser import chromium_page, serve
from conftest import LANGUAGES, MKDOCS, REPO, SITE_URL, Built

AXE = REPO / "tests" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "news/mapping-ukrainian-health-value-chain/", "events/spinoff-bulgaria-2024/", "events/2024/06/"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("smoke")
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1751328000"}
    result = subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(out / "site")], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(out, 0, "")


def test_every_language_works_in_a_browser_and_passes_axe(sample):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run make test (it installs axe-core with npm ci)")
    axe_source = AXE.read_text(encoding="utf-8")
    problems, landings, serious = [], 0, []
    with serve(sample.site) as base, chromium_page() as page:
        for lang in LANGUAGES:
            root = "" if lang == "en" else f"{lang}/"
            for path in PAGES:
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
    assert landings == len(LANGUAGES) * len(PAGES) * len(LANGUAGES)
