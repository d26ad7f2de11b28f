"""The `cluster-news` command, run as a subprocess on fixture content, and its agreement with the build."""

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

from cluster_news.core.jsonschema import all_schemas
from cluster_news.core.source import _Loader

from conftest import LANGUAGES, REPO, FixtureSite
from test_build_errors import CASES

CLI = Path(sys.executable).parent / "cluster-news"
PROBLEM_LINE = re.compile(r"^(content/\S+:\d+: .*)$", re.MULTILINE)


def run(site: FixtureSite | Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    cwd = site.root if isinstance(site, FixtureSite) else site
    return subprocess.run([str(CLI), *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1751328000", **(env or {})})


def problems_of_build(output: str) -> set[str]:
    return {re.sub(r"^(ERROR|WARNING) +- +", "", line) for line in output.splitlines()
            if re.match(r"^(ERROR|WARNING) +- +content/", line)}


@pytest.mark.parametrize("path,front_matter,location,words", CASES, ids=[f"{c[0]}:{c[3]}" for c in CASES])
def test_check_and_build_report_the_same_problems(fixture_site, path, front_matter, location, words):
    fixture_site.write(path, front_matter)
    checked = run(fixture_site, "check")
    built = fixture_site.build()
    lines = set(PROBLEM_LINE.findall(checked.stdout))
    assert lines, checked.stdout + checked.stderr
    assert any(line.startswith(location) and words in line for line in lines)
    assert lines == problems_of_build(built.output)
    is_error = "unknown field" not in location
    assert checked.returncode == (1 if is_error else 0)
    assert not built.ok and "Traceback" not in checked.stderr


def test_check_reports_every_problem_at_once_and_as_json(fixture_site):
    for path, front_matter, _, _ in CASES[:4]:
        fixture_site.write(path.replace(".md", "-x.md"), front_matter)
    result = run(fixture_site, "check", "--format", "json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert {p["path"] for p in problems} == {f"content/{c[0].replace('.md', '-x.md')}" for c in CASES[:4]}
    assert all({"path", "line", "field", "severity", "message", "hint"} <= set(p) for p in problems)
    assert all(p["severity"] == "error" for p in problems)


def test_check_passes_on_good_content_and_on_the_sample(fixture_site):
    result = run(fixture_site, "check")
    assert result.returncode == 0 and result.stdout == ""
    assert "0 error(s), 0 warning(s) in 5 file(s)" in result.stderr
    sample = run(REPO, "check")
    assert sample.returncode == 0, sample.stdout


def test_check_explains_a_missing_or_broken_config(tmp_path):
    result = run(tmp_path, "check")
    assert result.returncode == 2
    assert "cannot read mkdocs.yml" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("kind,lang,title,path", [
    ("news", "uk", "Зустріч кластерів у Києві", "content/uk/news/zustrich-klasteriv-u-kyievi.md"),
    ("event", "uk", "Щорічний форум «Здоров'я» у Житомирі", "content/uk/events/shchorichnyi-forum-zdorovia-u-zhytomyri.md"),
    ("event", "bg", "Среща на клъстерите в България", "content/bg/events/sreshta-na-klasterite-v-balgaria.md"),
    ("project", "ro", "Inovare în sănătate și științele vieții", "content/ro/projects/inovare-in-sanatate-si-stiintele-vietii.md"),
    ("cluster", "pl", "Śląski Klaster Łódzki", "content/pl/clusters/slaski-klaster-lodzki.md"),
])
def test_new_files_are_valid_and_named_by_romanisation(fixture_site, kind, lang, title, path):
    result = run(fixture_site, "new", kind, "--lang", lang, title)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == path
    created = fixture_site.root / path
    front_matter = yaml.load(created.read_text(encoding="utf-8").split("---")[1], Loader=_Loader)
    assert front_matter["title"] == title
    assert run(fixture_site, "check").returncode == 0
    again = run(fixture_site, "new", kind, "--lang", lang, title)
    assert again.returncode == 1 and "already exists; not overwriting" in again.stderr
    assert fixture_site.build().ok


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
    values = yaml.load(text.split("---")[1], Loader=_Loader)
    assert values == {"title": "Спінофф Болгарія", "clusters": ["hlsc-bulgaria"], "start": "2024-06-20T09:30",
                      "end": "2024-06-21T17:00", "timezone": "Europe/Sofia",
                      "location": {"country": "BG", "latitude": 42.6, "longitude": 23.3},
                      "registration": "https://spinoff.bg/", "status": "postponed"}
    assert run(fixture_site, "check").returncode == 0
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
    checked = 0
    for path in (REPO / "content").rglob("*.md"):
        parts = path.relative_to(REPO / "content").parts
        kind = parts[1] if len(parts) == 3 and parts[1] in schemas else "page"
        front_matter = yaml.load(path.read_text(encoding="utf-8").split("---")[1], Loader=_Loader)
        jsonschema.validate(front_matter, schemas[kind], format_checker=jsonschema.FormatChecker())
        checked += 1
    assert checked, "no content file was checked"  # how many there are is the editors' business
    bad = {"title": "X", "start": "2024-06-20", "status": "canceled", "location": {"town": "Sofia"}}
    errors = list(jsonschema.Draft202012Validator(schemas["events"]).iter_errors(bad))
    assert {error.json_path for error in errors} == {"$.status", "$.location"}


def test_pre_commit_hooks_are_valid_and_run_the_check(tmp_path):
    pre_commit = Path(sys.executable).parent / "pre-commit"
    for command, file in (("validate-config", ".pre-commit-config.yaml"), ("validate-manifest", ".pre-commit-hooks.yaml")):
        result = subprocess.run([str(pre_commit), command, file], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())[0]
    assert hook["entry"] == "cluster-news check" and hook["pass_filenames"] is False
    local = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"][0]
    assert local["entry"] == "make --silent check"
    run_hook = subprocess.run([str(pre_commit), "run", "cluster-news-check", "--all-files"], cwd=REPO,
                              capture_output=True, text=True, env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path),
                                   "PATH": f"{pre_commit.parent}:{os.environ['PATH']}"})
    assert run_hook.returncode == 0, run_hook.stdout + run_hook.stderr
    assert "Passed" in run_hook.stdout
