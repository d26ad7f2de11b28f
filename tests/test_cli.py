"""The `cluster-news` command, run as a process of its own (prewarmed.py) on fixture content, and its agreement
with the build."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from cluster_news.core import i18n
from cluster_news.core.jsonschema import all_schemas
from cluster_news.core.source import _Loader

import prewarmed
from conftest import CLUSTER_NEWS, LANGUAGES, REPO, FixtureSite
from fixture_content import PIXEL_PNG
from test_build_errors import CASES

PROBLEM_LINE = re.compile(r"^(content/\S+:\d+: .*)$", re.MULTILINE)


def run(site: FixtureSite | Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    cwd = site.root if isinstance(site, FixtureSite) else site
    return prewarmed.run([CLUSTER_NEWS, *args], cwd=cwd, timeout=120,
                         env=prewarmed.environment(**{"SOURCE_DATE_EPOCH": "1751328000", **(env or {})}))


def problems_of_build(output: str) -> set[str]:
    return {re.sub(r"^(ERROR|WARNING) +- +", "", line) for line in output.splitlines()
            if re.match(r"^(ERROR|WARNING) +- +content/", line)}


def test_check_and_build_report_the_same_problems(fixture_site):
    """Each kind of bad content (test_build_errors.CASES) in a file of its own, side by side: the strict
    build fails before anything is written, naming each one's file:line and field, and `check` says
    exactly the same lines."""
    expected = []
    for number, (path, front_matter, location, words) in enumerate(CASES):
        own = path.replace(".md", f"-{number}.md")
        fixture_site.write(own, front_matter)
        expected.append((location.replace(path, own), words))
    checked = run(fixture_site, "check")
    built = fixture_site.build()
    assert not built.ok
    assert "Traceback" not in built.output
    assert not built.site.exists(), "nothing may be written when content is bad"
    lines = set(PROBLEM_LINE.findall(checked.stdout))
    for location, words in expected:
        assert [line for line in lines if line.startswith(location) and words in line], (location, words, lines)
    assert lines == problems_of_build(built.output)  # so the build names each one too
    assert checked.returncode == 1  # the same verdict as the strict build, warnings included
    assert "Traceback" not in checked.stderr


# Every kind of warning: `check` (and so pre-commit and the pull-request checks) fails exactly where the
# strict build (the deploy) does, with the same lines.
WARNINGS = [
    ("en/news/a.md", "title: A\ndate: 2025-01-01\nsumary: typo\n", "Body.\n", "unknown field"),
    ("en/news/a.md", "title: A\ndate: 2025-01-01\nimage: assets/sofia.png\n", "Body.\n", "has no alt text"),
    ("ro/news/a.md", "title: A\ndate: 2025-01-01\n", "Text.\n\n![](assets/sofia.png)\n",
     "a.md:7: picture 'assets/sofia.png' has no alt text (write what it shows between the brackets"),
    ("uk/news/a.md", "title: А\ndate: 2025-01-01\n", "Напишіть текст тут.\n", "starter text"),
    ("bg/news/a.md", "title: А\ndate: 2025-01-01\nsummary: Едно-две изречения за списъците и търсенето.\n",
     "Текст.\n", "starter text"),
]


def write_warning(site: FixtureSite, path: str, front_matter: str, body: str) -> None:
    (site.root / "content" / "assets").mkdir(exist_ok=True)
    (site.root / "content" / "assets" / "sofia.png").write_bytes(PIXEL_PNG)
    site.write(path, front_matter, body)


@pytest.mark.parametrize("path,front_matter,body,words", WARNINGS, ids=[w[3] for w in WARNINGS])
def test_a_warning_fails_check_pre_commit_and_the_build_alike(fixture_site, path, front_matter, body, words):
    write_warning(fixture_site, path, front_matter, body)
    checked = run(fixture_site, "check")
    built = fixture_site.build()
    lines = set(PROBLEM_LINE.findall(checked.stdout))
    assert len(lines) == 1 and words in lines.pop()
    assert "0 errors, 1 warning" in checked.stderr and "warnings stop the published build" in checked.stderr
    assert checked.returncode == 1
    assert set(PROBLEM_LINE.findall(checked.stdout)) == problems_of_build(built.output)
    assert not built.ok and not built.site.exists()


def test_the_preview_builds_despite_every_kind_of_warning(fixture_site):
    """`make serve` is not strict: with each kind of warning above (one file each), the preview still works."""
    for number, (path, front_matter, body, _) in enumerate(WARNINGS):
        write_warning(fixture_site, path.replace(".md", f"-{number}.md"), front_matter, body)
    checked = run(fixture_site, "check")
    assert f"0 errors, {len(WARNINGS)} warnings" in checked.stderr, checked.stdout + checked.stderr
    serve_like = fixture_site.build(strict=False)
    assert serve_like.ok, serve_like.output
    for number, (path, *_) in enumerate(WARNINGS):
        assert serve_like.exists(path.removeprefix("en/").replace(".md", f"-{number}/")), path


def test_check_reports_every_problem_at_once_and_as_json(fixture_site):
    for path, front_matter, _, _ in CASES[:4]:
        fixture_site.write(path.replace(".md", "-x.md"), front_matter)
    result = run(fixture_site, "check", "--format", "json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert {p["path"] for p in problems} == {f"content/{c[0].replace('.md', '-x.md')}" for c in CASES[:4]}
    assert all({"path", "line", "field", "severity", "message", "hint"} <= set(p) for p in problems)
    assert all(p["severity"] == "error" for p in problems)


def test_check_passes_on_good_content_and_counts_each_file_once(fixture_site):
    result = run(fixture_site, "check")
    assert result.returncode == 0 and result.stdout == ""
    assert "0 errors, 0 warnings in 6 files" in result.stderr  # five home pages and the network's logo
    fixture_site.write("en/news/a.md", {"title": "A", "date": "2025-01-01", "projects": ["nope"],
                                        "clusters": ["Not A Slug"], "sumary": "x"})
    fixture_site.write("uk/news/b.md", {"title": "Б", "date": "2025-13-01"})
    (fixture_site.root / "content" / "notes.txt").write_text("x")
    result = run(fixture_site, "check")
    assert "4 errors, 1 warning in 9 files" in result.stderr  # + a.md, b.md, notes.txt
    assert {line.split(":")[0] for line in PROBLEM_LINE.findall(result.stdout)} == {
        "content/en/news/a.md", "content/uk/news/b.md", "content/notes.txt"}
    messages = "\n".join(PROBLEM_LINE.findall(result.stdout))
    assert "'Not A Slug' is not a slug" in messages and "there is no project 'nope'" in messages


def test_check_explains_a_missing_or_broken_config(tmp_path):
    result = run(tmp_path, "check")
    assert result.returncode == 2
    assert "cannot read mkdocs.yml" in result.stderr and "Traceback" not in result.stderr


NEW_FILES = [
    ("news", "uk", "Зустріч кластерів у Києві", "content/uk/news/zustrich-klasteriv-u-kyievi.md"),
    ("event", "uk", "Щорічний форум «Здоров'я» у Житомирі", "content/uk/events/shchorichnyi-forum-zdorovia-u-zhytomyri.md"),
    ("event", "bg", "Среща на клъстерите в България", "content/bg/events/sreshta-na-klasterite-v-balgaria.md"),
    ("project", "ro", "Inovare în sănătate și științele vieții", "content/ro/projects/inovare-in-sanatate-si-stiintele-vietii.md"),
    ("cluster", "pl", "Śląski Klaster Łódzki", "content/pl/clusters/slaski-klaster-lodzki.md"),
]


def test_new_files_are_valid_and_named_by_romanisation(fixture_site):
    """Each kind in a language of its own, side by side in one site (one check and one build for all)."""
    expected = set()
    for kind, lang, title, path in NEW_FILES:
        result = run(fixture_site, "new", kind, "--lang", lang, title)
        assert result.returncode == 0, (path, result.stderr)
        assert result.stdout.strip() == path
        text = (fixture_site.root / path).read_text(encoding="utf-8")
        front_matter = yaml.load(text.split("---")[1], Loader=_Loader)
        assert front_matter["title"] == title, path
        # The starter text is in the editor's language, and check refuses to publish it until replaced.
        body = i18n.translate(lang, "starter_body")
        assert text.endswith(f"\n{body}\n"), path
        expected.add(f"{path}:{text.count(chr(10))}: the starter text {body!r} is still there "
                     "(replace it with your own words)")
    checked = run(fixture_site, "check")
    assert checked.returncode == 1
    assert sorted(PROBLEM_LINE.findall(checked.stdout)) == sorted(expected)  # each file's one line, exactly
    for _, lang, _, path in NEW_FILES:
        created = fixture_site.root / path
        created.write_text(created.read_text(encoding="utf-8").replace(i18n.translate(lang, "starter_body"),
                                                                       "Our own words."), encoding="utf-8")
    assert run(fixture_site, "check").returncode == 0
    for kind, lang, title, path in NEW_FILES:
        again = run(fixture_site, "new", kind, "--lang", lang, title)
        assert again.returncode == 1 and "already exists; not overwriting" in again.stderr, path
    assert fixture_site.build().ok


@pytest.mark.parametrize("slug", ["../../outside", "/tmp/x", "a/b", "Зустріч", "UPPER"])
def test_new_never_writes_outside_the_content_folder(fixture_site, slug):
    before = sorted(p for p in fixture_site.root.parent.rglob("*"))
    result = run(fixture_site, "new", "news", "--lang", "en", "--slug", slug, "Title")
    assert result.returncode == 1 and "is not a slug" in result.stderr
    assert sorted(p for p in fixture_site.root.parent.rglob("*")) == before


def test_new_translation_copies_the_language_independent_facts(fixture_site):
    fixture_site.write("en/clusters/hlsc-bulgaria.md", {"title": "HLSC Bulgaria", "country": "BG"})
    fixture_site.write("en/events/spinoff.md", {
        "title": "Spinoff Bulgaria", "start": "2024-06-20T09:30", "end": "2024-06-21T17:00",
        "timezone": "Europe/Sofia", "status": "postponed", "registration": "https://spinoff.bg/",
        "clusters": ["hlsc-bulgaria"], "summary": "English summary", "organizers": ["Venrize"],
        "location": {"name": "Sofia Tech Park", "city": "Sofia", "country": "BG", "latitude": 42.6, "longitude": 23.3}})
    result = run(fixture_site, "new", "event", "--lang", "uk", "--translate-from", "en", "--slug", "spinoff",
                 "Спінофф Болгарія")
    assert result.returncode == 0, result.stderr
    text = (fixture_site.root / "content/uk/events/spinoff.md").read_text(encoding="utf-8")
    assert text.endswith("\n\nНапишіть переклад тут.\n") and "# Переклад з content/en/events/spinoff.md" in text
    values = yaml.load(text.split("---")[1], Loader=_Loader)
    assert values == {"title": "Спінофф Болгарія", "clusters": ["hlsc-bulgaria"], "start": "2024-06-20T09:30",
                      "end": "2024-06-21T17:00", "timezone": "Europe/Sofia",
                      "location": {"country": "BG", "latitude": 42.6, "longitude": 23.3},
                      "registration": "https://spinoff.bg/", "status": "postponed"}
    checked = run(fixture_site, "check")
    assert checked.returncode == 1 and "starter text 'Напишіть переклад тут.'" in checked.stdout
    missing = run(fixture_site, "new", "event", "--lang", "bg", "--translate-from", "en", "--slug", "nope", "X")
    assert missing.returncode == 1 and "there is no content/en/events/nope.md" in missing.stderr
    no_slug = run(fixture_site, "new", "event", "--lang", "bg", "--translate-from", "en", "X")
    assert no_slug.returncode == 1 and "needs --slug" in no_slug.stderr
    wrong = run(fixture_site, "new", "news", "--lang", "de", "X")
    assert wrong.returncode == 1 and "unknown language 'de'" in wrong.stderr


def git(root: Path, *args: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)


def test_translations_matrix_with_outdated_translations(fixture_site):
    root = fixture_site.root
    fixture_site.write("en/news/a.md", {"title": "A", "date": "2025-01-01"})
    fixture_site.write("uk/news/a.md", {"title": "А", "date": "2025-01-02"})
    fixture_site.write("ro/news/a.md", {"title": "A ro", "date": "2025-01-02"})
    fixture_site.write("bg/events/b.md", {"title": "Б", "start": "2025-03-01"})
    git(root, "init", "-q", when="2025-01-01T10:00:00")
    git(root, "-c", "user.name=t", "-c", "user.email=t@e", "add", ".", when="2025-01-01T10:00:00")
    git(root, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "first", when="2025-01-01T10:00:00")
    fixture_site.write("en/news/a.md", {"title": "A, corrected", "date": "2025-01-01"})
    fixture_site.write("ro/news/a.md", {"title": "A ro", "date": "2025-01-02"}, body="Updated too.\n")
    git(root, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qam", "fix", when="2025-02-01T10:00:00")
    table = run(fixture_site, "translations")
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["item", *LANGUAGES]
    assert lines[1].split() == ["news/a", "original", "outdated", "missing", "present", "missing"]
    assert lines[2].split() == ["events/b", "missing", "missing", "original", "missing", "missing"]
    rows = list(csv.DictReader(io.StringIO(run(fixture_site, "translations", "--format", "csv").stdout)))
    assert rows[0] == {"item": "news/a", "en": "original", "uk": "outdated", "bg": "missing", "ro": "present",
                       "pl": "missing"}
    data = json.loads(run(fixture_site, "translations", "--format", "json").stdout)
    assert data[1] == {"item": "events/b", "section": "events", "slug": "b",
                       "languages": {"en": "missing", "uk": "missing", "bg": "original", "ro": "missing",
                                     "pl": "missing"}}
    markdown = run(fixture_site, "translations", "--format", "md").stdout.splitlines()
    assert markdown[0] == "| item | en | uk | bg | ro | pl |"
    assert markdown[2] == "| news/a | original | outdated | missing | present | missing |"


def test_committed_json_schemas_are_current_and_describe_the_sample():
    schemas = all_schemas()
    for kind, schema in schemas.items():
        committed = json.loads((REPO / "docs" / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert committed == schema, f"run: cluster-news schema --out docs/schemas ({kind})"
        jsonschema.Draft202012Validator.check_schema(schema)
    for path in (REPO / "content").rglob("*.md"):
        parts = path.relative_to(REPO / "content").parts
        kind = parts[1] if len(parts) == 3 and parts[1] in schemas else "page"
        front_matter = yaml.load(path.read_text(encoding="utf-8").split("---")[1], Loader=_Loader)
        jsonschema.validate(front_matter, schemas[kind], format_checker=jsonschema.FormatChecker())
    bad = {"title": "X", "start": "2024-06-20", "status": "canceled", "location": {"town": "Sofia"}}
    errors = list(jsonschema.Draft202012Validator(schemas["events"]).iter_errors(bad))
    assert {error.json_path for error in errors} == {"$.status", "$.location"}


def test_pre_commit_hooks_are_valid_and_run_the_check(tmp_path):
    """The hook runs `cluster-news check` on the repository's content/, which must pass (what is checked
    about content/: that it is valid; tests never count or name its articles)."""
    pre_commit = Path(sys.executable).parent / "pre-commit"
    for command, file in (("validate-config", ".pre-commit-config.yaml"), ("validate-manifest", ".pre-commit-hooks.yaml")):
        result = subprocess.run([str(pre_commit), command, file], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    run_hook = subprocess.run([str(pre_commit), "run", "cluster-news-check", "--all-files"], cwd=REPO,
                              capture_output=True, text=True, env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path),
                                   "PATH": f"{pre_commit.parent}:{os.environ['PATH']}"})
    assert run_hook.returncode == 0, run_hook.stdout + run_hook.stderr
    assert "Passed" in run_hook.stdout


def test_sync_facts_copies_the_originals_shared_facts_into_every_translation(fixture_site):
    fixture_site.write("en/clusters/hlsc-bulgaria.md", {"title": "HLSC Bulgaria", "country": "BG"})
    fixture_site.write("en/events/spinoff.md", {
        "title": "Spinoff Bulgaria", "start": "2024-06-21T10:00", "end": "2024-06-22T17:00",
        "timezone": "Europe/Sofia", "clusters": ["hlsc-bulgaria"], "status": "rescheduled",
        "location": {"name": "Sofia Tech Park", "city": "Sofia", "country": "BG"}})
    bg = fixture_site.write("bg/events/spinoff.md", "# Бележка на редактора\ntitle: Спиноф България\n"
                            "start: 2024-06-20T09:30\nend: 2024-06-21T17:00\ntimezone: Europe/Sofia\n"
                            "location:\n  name: София Тех Парк\n  city: София\n  country: BG\n"
                            "registration: https://old.example/\nsummary: Резюме.\n", "Текст на събитието.\n")
    uk = fixture_site.write("uk/events/spinoff.md", {"title": "Спінофф Болгарія", "start": "2024-06-20T09:30",
                                                     "timezone": "Europe/Sofia"}, "Текст.\n")
    before = run(fixture_site, "check")
    assert before.returncode == 1 and "says 2024-06-20T09:30:00 but content/en/events/spinoff.md" in before.stdout
    result = run(fixture_site, "sync-facts", "events/spinoff")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["content/uk/events/spinoff.md", "content/bg/events/spinoff.md"]
    assert "2 translations updated from content/en/events/spinoff.md" in result.stderr
    assert bg.read_text(encoding="utf-8") == (
        "---\n# Бележка на редактора\ntitle: Спиноф България\nstart: 2024-06-21T10:00\nend: 2024-06-22T17:00\n"
        "timezone: Europe/Sofia\nlocation:\n  name: София Тех Парк\n  city: София\n  country: BG\n"
        "summary: Резюме.\nclusters:\n- hlsc-bulgaria\nstatus: rescheduled\n---\nТекст на събитието.\n")
    values = yaml.load(uk.read_text(encoding="utf-8").split("---")[1], Loader=_Loader)
    assert values == {"title": "Спінофф Болгарія", "start": "2024-06-21T10:00", "end": "2024-06-22T17:00",
                      "timezone": "Europe/Sofia", "clusters": ["hlsc-bulgaria"], "status": "rescheduled",
                      "location": {"country": "BG"}}
    assert run(fixture_site, "check").returncode == 0
    again = run(fixture_site, "sync-facts", "events/spinoff")
    assert again.stdout == "" and "0 translations updated" in again.stderr
    wrong = run(fixture_site, "sync-facts", "event/spinoff")
    assert wrong.returncode == 1 and "name the item as <section>/<slug>" in wrong.stderr


def test_sync_facts_refuses_an_original_with_errors_and_check_says_to_fix_the_original(fixture_site):
    """A typo in the original's cluster: `check` says the translation disagrees and that the original is
    where to fix it (not `sync-facts`, which would copy the typo); `sync-facts` refuses, saying why."""
    fixture_site.write("en/clusters/hlsc-bulgaria.md", {"title": "HLSC Bulgaria", "country": "BG"})
    fixture_site.write("en/news/forum.md", {"title": "Forum", "date": "2025-03-01", "clusters": ["hlsc-bulgara"]})
    uk = fixture_site.write("uk/news/forum.md", {"title": "Форум", "date": "2025-03-01",
                                                 "clusters": ["hlsc-bulgaria"]}, "Текст.\n")
    translated = uk.read_bytes()
    checked = run(fixture_site, "check")
    typo = "content/en/news/forum.md:4: clusters: there is no cluster 'hlsc-bulgara' (did you mean 'hlsc-bulgaria'?"
    assert typo in checked.stdout
    disagreement = next(line for line in checked.stdout.splitlines() if line.startswith("content/uk/news/forum.md"))
    assert "content/en/news/forum.md:4 has an error in clusters itself: fix it there first" in disagreement
    assert "sync-facts" not in checked.stdout
    refused = run(fixture_site, "sync-facts", "news/forum")
    assert refused.returncode == 1 and refused.stdout == ""
    assert typo in refused.stderr
    assert "content/en/news/forum.md has errors (above): fix the original first" in refused.stderr
    assert "Traceback" not in refused.stderr and uk.read_bytes() == translated
