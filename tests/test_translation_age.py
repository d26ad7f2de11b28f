"""Translations that say their age: a translation last changed on an earlier day than its original says
so on its page, in its language, with both dates and a link to the original; readers of the original
(and of translations kept up to date) see nothing. Dates come from a real git history."""

from __future__ import annotations

import os
import subprocess

import pytest

import prewarmed
from conftest import CLUSTER_NEWS, Built, FixtureSite, build_once, spaces


def git(root, *args: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """The site with its history, built once per run: its tests run on either xdist worker."""
    return build_once(tmp_path_factory, "translation-age", build_with_history)


def build_with_history(folder) -> Built:
    site = FixtureSite(folder / "project")
    root = site.root
    site.write("en/news/a.md", {"title": "A", "date": "2025-01-01"})
    site.write("uk/news/a.md", {"title": "А <script>x()</script>", "date": "2025-01-01"})
    site.write("ro/news/a.md", {"title": "A ro", "date": "2025-01-01"})
    site.write("bg/news/b.md", {"title": "Б", "date": "2025-01-01"})  # written in Bulgarian first
    git(root, "init", "-q", when="2025-01-01T10:00:00+00:00")
    git(root, "add", ".", when="2025-01-01T10:00:00+00:00")
    git(root, "commit", "-qm", "first", when="2025-01-01T10:00:00+00:00")
    site.write("en/news/a.md", {"title": "A, corrected", "date": "2025-01-01"})
    site.write("ro/news/a.md", {"title": "A ro", "date": "2025-01-01"}, body="Corrected too.\n")
    site.write("uk/news/a.md", {"title": "А <script>x()</script>", "date": "2025-01-01"}, body="Later the same day.\n")
    git(root, "commit", "-qam", "correct", when="2025-02-01T09:00:00+00:00")
    site.write("en/news/b.md", {"title": "B", "date": "2025-01-01"})  # translated later
    git(root, "add", ".", when="2025-03-01T10:00:00+00:00")
    git(root, "commit", "-qm", "translate", when="2025-03-01T10:00:00+00:00")
    site.write("en/news/a.md", {"title": "A, corrected again", "date": "2025-01-01"})
    git(root, "commit", "-qam", "again", when="2025-04-02T08:00:00+00:00")
    return site.build()


def test_an_older_translation_says_so_in_its_language_with_dates_and_the_original(built):
    notice = built.article("uk/news/a/").select_one(".cn-outdated")
    assert spaces(notice.get_text(" ", strip=True)) == (
        "Цей переклад востаннє оновлено 1 лютого 2025 р., а оригінал (мова: англійська) змінено 2 квітня 2025 р., "
        "тож тексти можуть відрізнятися. Читати оригінал")
    link = notice.a
    assert built.resolve("uk/news/a/", link["href"]) == "news/a/" and link["hreflang"] == "en"
    assert notice.has_attr("data-pagefind-ignore")
    assert "<script>x()" not in built.path_of("uk/news/a/").read_text(encoding="utf-8")


def test_readers_of_originals_and_of_up_to_date_translations_see_nothing(built):
    assert built.article("news/a/").select(".cn-outdated") == []  # the original
    ro = built.article("ro/news/a/")
    assert spaces(ro.select_one(".cn-outdated").get_text(" ", strip=True)).startswith(
        "Această traducere a fost revizuită ultima dată pe 1 februarie 2025")  # changed again since
    assert built.article("bg/news/b/").select(".cn-outdated") == []  # the original, though English is first
    assert built.article("news/b/").select(".cn-outdated") == []  # the translation, newer than it


def test_the_translations_table_names_the_same_original(built):
    result = prewarmed.run([CLUSTER_NEWS, "translations", "--format", "csv"], cwd=built.root)
    assert result.returncode == 0, result.stderr
    rows = {line.split(",")[0]: line.split(",")[1:] for line in result.stdout.splitlines()[1:]}
    assert rows["news/b"] == ["present", "missing", "original", "missing", "missing"]
    assert rows["news/a"] == ["original", "outdated", "missing", "outdated", "missing"]
