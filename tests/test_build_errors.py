"""Bad content stops `mkdocs build --strict` before anything is written, naming file, line and field."""

from __future__ import annotations

import re

import pytest

from conftest import FixtureSite

CASES = [
    ("uk/events/spinoff.md", "title: Спінофф\nstart: 2024-06-31\n", "content/uk/events/spinoff.md:3: start:",
     "not a real date"),
    ("bg/events/spinoff.md", "title: Спиноф\nstart: 2024-06-21\nend: 2024-06-20\n", "content/bg/events/spinoff.md:4: end:",
     "is before start"),
    ("en/events/forum.md", "title: Forum\nstart: 2024-06-21\ntimezone: Europe/Sofa\n",
     "content/en/events/forum.md:4: timezone:", "not a known time zone"),
    ("en/events/forum.md", "title: Forum\nstart: 2024-06-21\nstatus: done\n", "content/en/events/forum.md:4: status:",
     "scheduled, cancelled, postponed, rescheduled, moved-online"),
    ("ro/news/stire.md", "date: 2025-01-01\n", "content/ro/news/stire.md:1: title: is required", "add 'title: '"),
    ("pl/news/wiadomosc.md", "title: [Nie zamknięte\ndate: 2025-01-01\n", "content/pl/news/wiadomosc.md:",
     "not valid YAML"),
    ("en/news/a.md", "title: A\ndate: 2025-01-01\nprojects: [veles]\n", "content/en/news/a.md:4: projects:",
     "there is no project 'veles'"),
    ("en/news/a.md", "title: A\ndate: 2025-01-01\ntags: 5\n", "content/en/news/a.md:4: tags:", "expected a list"),
    ("en/news/a.md", "title: A\ndate: 2025-01-01\nsubtitle: B\n", "content/en/news/a.md:4: subtitle: unknown field",
     "did you mean 'title'?"),
]


# Each of these, in a file of its own beside the others, fails the strict build with its file:line and
# field before anything is written, and `cluster-news check` reports the same lines: both are checked in
# one build by test_cli.py's test_check_and_build_report_the_same_problems.


def test_translations_that_disagree_fail_the_build(fixture_site):
    fixture_site.write("en/events/c4h-workshop.md", {"title": "Workshop", "start": "2025-06-12", "status": "scheduled"})
    fixture_site.write("uk/events/c4h-workshop.md", {"title": "Семінар", "start": "2025-06-13"})
    result = fixture_site.build()
    assert not result.ok
    assert ("content/uk/events/c4h-workshop.md:3: start: says 2025-06-13 "
            "but content/en/events/c4h-workshop.md says 2025-06-12") in result.output


def test_all_problems_are_listed_in_one_run(fixture_site):
    fixture_site.write("en/news/one.md", {"title": "One", "date": "2025-02-30"})
    fixture_site.write("uk/news/two.md", {"date": "2025-01-01"})
    result = fixture_site.build()
    assert "content/en/news/one.md:3: date:" in result.output
    assert "content/uk/news/two.md:1: title: is required" in result.output
    assert "2 errors" in result.output


def test_a_site_with_only_home_pages_builds_every_section(fixture_site):
    result = fixture_site.build()
    assert result.ok, result.output
    for root in ["", "uk/", "bg/", "ro/", "pl/"]:
        for section in ["news/", "events/", "projects/", "clusters/", "tags/"]:
            assert result.exists(root + section), root + section
    assert result.html("uk/news/").select_one(".cn-empty").get_text() == "Новин ще немає."


def test_a_missing_home_page_is_an_error(fixture_site):
    (fixture_site.root / "content" / "pl" / "index.md").unlink()
    result = fixture_site.build()
    assert not result.ok
    assert "content/pl/index.md:1: the home page of this language is missing" in result.output


FAILING_HOOK = '''
import logging

log = logging.getLogger("mkdocs.hooks.failing")


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "{lang}/index.md":
        log.warning("content/{lang}/index.md:1: this language's build fails")
    return markdown
'''


@pytest.mark.parametrize("lang,jobs", [("ro", 0), ("ro", 1), ("en", 0)],
                         ids=["ro, languages side by side", "ro, one after another", "en, while the others build"])
def test_a_failure_in_any_language_fails_the_build_and_leaves_no_half_site(tmp_path, lang, jobs):
    """Whichever process builds a language (adapter/parallel.py), a warning in its build fails `--strict` with
    the file:line message, and the site folder is left empty rather than with some languages written."""
    fixture_site = FixtureSite(tmp_path / "project", jobs=jobs or None)  # 0: mkdocs.yml's (one process a CPU)
    (fixture_site.root / "failing.py").write_text(FAILING_HOOK.replace("{lang}", lang), encoding="utf-8")
    config = fixture_site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - failing.py\n", encoding="utf-8")
    result = fixture_site.build()
    assert not result.ok
    assert f"content/{lang}/index.md:1: this language's build fails" in result.output
    assert "Aborted with 1 warnings in strict mode!" in result.output
    assert "Traceback" not in result.output
    assert not result.site.exists() or not any(result.site.iterdir()), sorted(result.site.rglob("*"))[:20]


@pytest.mark.parametrize("option,value", [("news_per_page", 0), ("rows_per_page", -5)])
def test_a_page_size_below_one_stops_the_build_with_a_hint(tmp_path, option, value):
    """A list split into pages of no entries would never end; a negative count would cut entries off a list.
    Either is said as mkdocs.yml's field, problem and hint, in the editor's language, before anything is written."""
    fixture_site = FixtureSite(tmp_path / "project")
    config = fixture_site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count(f"      {option}: ") == 1, "mkdocs.yml changed: find the option anew"
    config.write_text(re.sub(rf"(?m)^      {option}: \d+", f"      {option}: {value}", text), encoding="utf-8")
    result = fixture_site.build()
    assert not result.ok
    assert f"cluster-news: mkdocs.yml: {option}: {value} is less than 1 (write a whole number of entries" in result.output
    assert "Traceback" not in result.output
    assert not result.site.exists() or not any(result.site.iterdir())
    in_ukrainian = fixture_site.build(env={"LC_ALL": "uk_UA.UTF-8"})
    assert f"{option}: {value} менше за 1 (напишіть ціле число записів" in in_ukrainian.output
