"""Every mistake an editor can make in front matter is reported as `file:line: field: problem (hint)`."""

from __future__ import annotations

from pathlib import Path

import pytest

from cluster_news.core.content import load_content

from conftest import LANGUAGES

HOMES = {lang: "---\ntitle: Home\n---\n" for lang in LANGUAGES}


def tree_with(tmp_path: Path, files: dict[str, str | bytes]):
    root = tmp_path / "content"
    for relative, text in {**{f"{lang}/index.md": t for lang, t in HOMES.items()}, **files}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return load_content(root, LANGUAGES)


def only_problem(tree):
    assert len(tree.problems) == 1, [str(p) for p in tree.problems]
    return tree.problems[0]


EVENT = "---\ntitle: Spinoff Bulgaria\nstart: 2024-06-20\n{extra}---\nBody\n"

# (case, file text, expected line, field, words in the message, words in the hint)
BAD_EVENTS = [
    ("impossible date", "---\ntitle: X\nstart: 2024-02-30\n---\n", 3, "start", "not a real date", "YYYY-MM-DD"),
    ("wrong type", "---\ntitle: X\nstart: [2024-06-20]\n---\n", 3, "start", "expected a date YYYY-MM-DD", ""),
    ("end before start", EVENT.format(extra="end: 2024-06-19\n"), 4, "end", "before start", "on or after start"),
    ("mixed kinds", EVENT.format(extra="end: 2024-06-21T10:00\n"), 4, "end", "same kind as start", "both dates"),
    ("unknown time zone", EVENT.format(extra="timezone: Europe/Kiev2\n"), 4, "timezone", "not a known time zone", "e.g."),
    ("misspelt time zone", EVENT.format(extra="timezone: Sofia\n"), 4, "timezone", "not a known time zone", "Europe/Sofia"),
    ("unknown status", EVENT.format(extra="status: canceled\n"), 4, "status", "not allowed", "cancelled"),
    ("missing start", "---\ntitle: X\n---\n", 1, "start", "is required", "start"),
    ("missing title", "---\nstart: 2024-06-20\n---\n", 1, "title", "is required", "title"),
    ("empty title", "---\ntitle:\nstart: 2024-06-20\n---\n", 2, "title", "is empty", "text"),
    ("bad country", EVENT.format(extra="location:\n  city: Sofia\n  country: Bulgaria\n"), 6, "location.country",
     "not a country code", "ISO 3166"),
    ("lower-case country", EVENT.format(extra="location:\n  country: bg\n"), 5, "location.country", "upper case", "BG"),
    ("unknown location field", EVENT.format(extra="location:\n  town: Sofia\n"), 5, "location.town", "unknown field",
     "name, address, city, country"),
    ("location not a group", EVENT.format(extra="location: Sofia\n"), 4, "location", "expected a group", "indent"),
    ("bad url", EVENT.format(extra="registration: spinoff.bg\n"), 4, "registration", "not a web address", "https://"),
    ("aware time", "---\ntitle: X\nstart: 2024-06-20 10:00:00+03:00\n---\n", 3, "start", "local time", "timezone"),
    ("bad hour", "---\ntitle: X\nstart: 2024-06-20T25:00\n---\n", 3, "start", "not a real time", "hours"),
    ("control character", '---\ntitle: "Spin\\eoff"\nstart: 2024-06-20\n---\n', 2, "title",
     "invisible character (U+001B)", "retype"),
    ("year 9999", "---\ntitle: X\nstart: 9999-12-31\n---\n", 3, "start", "the year 9999 is outside 1900–2100", "typo"),
    ("year 1", "---\ntitle: X\nstart: 2024-06-20\nend: 0001-01-01T10:00\n---\n", 4, "end", "the year 1 is outside",
     "typo"),
    ("tags not a list", EVENT.format(extra="tags: health\n"), 4, "tags", "expected a list", "[first, second]"),
    ("draft not a flag", EVENT.format(extra="draft: maybe\n"), 4, "draft", "true or false", ""),
    ("broken YAML", "---\ntitle: X\nstart: 2024-06-20\nsummary: [unclosed\nstatus: scheduled\n---\n", 5, "",
     "not valid YAML", "indentation"),
    ("YAML not a mapping", "---\n- a\n- b\n---\n", 1, "", "'field: value'", ""),
    ("no front matter", "Just text\n", 1, "", "no front matter", "---"),
]


@pytest.mark.parametrize("case,text,line,field,message,hint", BAD_EVENTS, ids=[c[0] for c in BAD_EVENTS])
def test_bad_event_is_reported_with_file_line_field_and_hint(tmp_path, case, text, line, field, message, hint):
    problem = only_problem(tree_with(tmp_path, {"uk/events/spinoff-2024.md": text}))
    assert problem.path == "content/uk/events/spinoff-2024.md"
    assert (problem.line, problem.field) == (line, field)
    assert message in problem.message
    assert hint in problem.hint
    assert problem.is_error
    assert str(problem).startswith(f"content/uk/events/spinoff-2024.md:{line}:")


def test_norway_stays_a_country_code_not_false(tmp_path):
    tree = tree_with(tmp_path, {"en/clusters/oslo-cancer-cluster.md": "---\ntitle: Oslo Cancer Cluster\ncountry: NO\n---\n"})
    assert tree.problems == []
    cluster = next(item for item in tree.items if item.slug == "oslo-cancer-cluster")
    assert cluster.values["country"] == "NO"


def test_unknown_field_is_a_warning_with_a_suggestion(tmp_path):
    tree = tree_with(tmp_path, {"en/news/a.md": "---\ntitle: A\ndate: 2025-01-01\nsumary: typo\n---\n"})
    problem = only_problem(tree)
    assert not problem.is_error
    assert (problem.line, problem.field) == (4, "sumary")
    assert "summary" in problem.hint
    assert [i.slug for i in tree.items if i.section] == ["a"]


def test_reference_to_missing_project_or_cluster(tmp_path):
    tree = tree_with(tmp_path, {
        "en/projects/preciseu.md": "---\ntitle: PRECISEU\n---\n",
        "en/news/a.md": "---\ntitle: A\ndate: 2025-01-01\nprojects: [precise-eu]\nclusters: [biocat]\n---\n",
    })
    problems = {p.field: p for p in tree.problems}
    assert set(problems) == {"projects", "clusters"}
    assert problems["projects"].line == 4 and "no project 'precise-eu'" in problems["projects"].message
    assert "preciseu" in problems["projects"].hint
    assert problems["clusters"].line == 5 and "create content/<lang>/clusters/biocat.md" in problems["clusters"].hint


def test_reference_to_a_draft_is_an_error(tmp_path):
    tree = tree_with(tmp_path, {
        "en/projects/veles.md": "---\ntitle: VELES\ndraft: true\n---\n",
        "en/news/a.md": "---\ntitle: A\ndate: 2025-01-01\nprojects: [veles]\n---\n",
    })
    problem = only_problem(tree)
    assert "still a draft" in problem.message


def test_coordinator_must_be_a_cluster(tmp_path):
    tree = tree_with(tmp_path, {"en/projects/innaxe.md": "---\ntitle: INNAXE\ncoordinator: biocat\n---\n"})
    problem = only_problem(tree)
    assert (problem.field, problem.line) == ("coordinator", 3)


def test_translations_must_agree_on_language_independent_facts(tmp_path):
    tree = tree_with(tmp_path, {
        "en/events/spinoff.md": "---\ntitle: Spinoff\nstart: 2024-06-20\nend: 2024-06-21\nstatus: scheduled\n"
                                "location: {city: Sofia, country: BG}\n---\n",
        "uk/events/spinoff.md": "---\ntitle: Спінофф\nstart: 2024-06-20\nend: 2024-06-22\n"
                                "location: {city: Софія, country: RO}\n---\n",
        "bg/events/spinoff.md": "---\ntitle: Спиноф\nstart: 2024-06-20\nend: 2024-06-21\nstatus: cancelled\n"
                                "location: {city: София, country: BG}\n---\n",
    })
    found = {(p.path, p.field, p.line) for p in tree.problems}
    assert found == {
        ("content/uk/events/spinoff.md", "end", 4),
        ("content/uk/events/spinoff.md", "location.country", 5),
        ("content/bg/events/spinoff.md", "status", 5),
    }
    assert all("content/en/events/spinoff.md says" in p.message for p in tree.problems)


def test_city_and_title_may_differ_between_translations(tmp_path):
    tree = tree_with(tmp_path, {
        "en/clusters/biocat.md": "---\ntitle: Biocat\ncountry: ES\ncity: Barcelona\n---\n",
        "uk/clusters/biocat.md": "---\ntitle: Біокат\ncountry: ES\ncity: Барселона\n---\n",
    })
    assert tree.problems == []


def test_file_that_is_not_utf8(tmp_path):
    tree = tree_with(tmp_path, {"ro/news/stire.md": "---\ntitle: Ştire\ndate: 2025-01-01\n---\n".encode("iso-8859-2")})
    problem = only_problem(tree)
    assert problem.path == "content/ro/news/stire.md" and problem.line == 2
    assert "not valid UTF-8" in problem.message


def test_bom_and_crlf_are_accepted(tmp_path):
    text = "\ufeff---\r\ntitle: A\r\ndate: 2025-01-01\r\nbad: 1\r\n---\r\nBody\r\n".encode("utf-8")
    problem = only_problem(tree_with(tmp_path, {"en/news/a.md": text}))
    assert (problem.line, problem.field, problem.is_error) == (4, "bad", False)


def test_file_names_must_be_slugs(tmp_path):
    problem = only_problem(tree_with(tmp_path, {"uk/news/Зустріч у Києві.md": "---\ntitle: X\ndate: 2025-01-01\n---\n"}))
    assert "not a valid slug" in problem.message
    assert "zustrich-u-kyievi.md" in problem.hint


def test_unknown_language_folder_and_missing_home(tmp_path):
    root = tmp_path / "content"
    (root / "de").mkdir(parents=True)
    (root / "de" / "index.md").write_text("---\ntitle: Start\n---\n")
    tree = load_content(root, LANGUAGES)
    messages = [str(p) for p in tree.problems]
    assert any("content/de/index.md:1: unknown language folder 'de'" in m for m in messages)
    assert sum("home page of this language is missing" in m for m in messages) == 5


def test_every_problem_is_reported_at_once(tmp_path):
    tree = tree_with(tmp_path, {
        "en/news/a.md": "---\ntitle: A\ndate: 2025-13-01\n---\n",
        "en/news/b.md": "---\ndate: 2025-01-01\n---\n",
        "en/events/c.md": "---\ntitle: C\nstart: 2025-01-02\nend: 2025-01-01\n---\n",
    })
    assert [p.path for p in tree.errors] == ["content/en/events/c.md", "content/en/news/a.md", "content/en/news/b.md"]


def test_image_must_exist_under_content(tmp_path):
    tree = tree_with(tmp_path, {"en/news/a.md": "---\ntitle: A\ndate: 2025-01-01\nimage:\n  src: assets/missing.jpg\n"
                                               "  alt: A map\n---\n"})
    problem = only_problem(tree)
    assert (problem.line, problem.field) == (4, "image")
    assert "picture 'assets/missing.jpg' not found" in problem.message


def test_empty_location_part_is_reported(tmp_path):
    tree = tree_with(tmp_path, {"en/events/a.md": "---\ntitle: A\nstart: 2025-01-01\nlocation:\n  name:\n---\n"})
    problem = only_problem(tree)
    assert (problem.line, problem.field, problem.message) == (5, "location.name", "is empty")


def test_other_markdown_extensions_are_refused(tmp_path):
    problem = only_problem(tree_with(tmp_path, {"en/news/a.markdown": "---\ntitle: A\ndate: 2025-01-01\n---\n"}))
    assert (problem.path, problem.line) == ("content/en/news/a.markdown", 1)
    assert "must end in .md" in problem.message
