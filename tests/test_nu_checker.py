"""The Nu HTML checker (vnu.jar from npm, pinned in tests/package-lock.json) over every page of the reader fixture
site, every page kind in every language with hostile values among them, in one run: no error of ours.

What is filtered: the one message every Material 9.8 page has from Material's own markup, `autocomplete` on
its `__drawer` and `__search` checkboxes (STACK-NOTES), matched by those elements' own attributes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import REPO, Built, build_site
from fixture_content import write_reader_content

VNU = REPO / "tests" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIALS_OWN = ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle" data-md-toggle=')
"""A message of Material's markup: its start, and what the element it is about says."""
BROKEN = '<!doctype html><html lang="en"><title>t</title><label for="nothing">A label without its control</label>'
"""A page the checker must find fault with (in the same run): proof that it checked."""
JVM = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss4m"]
"""One run for every page, without Java's optimising compiler (which compiled the checker for longer than it
ran: 3.6 s instead of 8.9 s for the 275 pages, the same messages), with the stack its message then asks for."""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory, "reader", write_reader_content)


def java() -> str:
    found = shutil.which("java")
    if found is None:
        message = "java is missing (Debian: apt-get install -y default-jre-headless; .ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run make test (it installs vnu-jar with npm ci)")
    return found


def test_the_nu_checker_finds_no_error_of_ours_on_any_page(built, tmp_path):
    pages = sorted(built.site.rglob("*.html"))
    assert len(pages) > 200 and {"404.html", "about"} <= {page.parent.name or page.name for page in pages} | {
        page.name for page in pages}
    broken = tmp_path / "broken.html"
    broken.write_text(BROKEN, encoding="utf-8")
    result = subprocess.run([java(), *JVM, "-jar", str(VNU), "--format", "json", "--errors-only",
                             *map(str, pages), str(broken)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr)["messages"]
    assert [m["message"] for m in messages if m["url"].endswith("/broken.html")] == [
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control."]
    where = f"file:{built.site}/"
    ours = [f"{m['url'].removeprefix(where)}:{m.get('lastLine')}: {m['message']} {m.get('extract')!r}"
            for m in messages if not m["url"].endswith("/broken.html")
            and not (m["message"].startswith(MATERIALS_OWN[0]) and MATERIALS_OWN[1] in m.get("extract", ""))]
    assert ours == []
