"""What the content tree may contain: file kinds, links, bounded YAML, pages and their addresses, times,
and article bodies (links, pictures, sanitised HTML). Each rule ends in a `file:line` problem."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cluster_news.adapter.settings import read_settings
from cluster_news.core.body import BodySettings, safe_heading_id, safe_heading_text
from cluster_news.core.content import load_content
from cluster_news.core.project import ProjectSettings, SiteOptions
from cluster_news.core.site import load_site

import prewarmed
from conftest import CLUSTER_NEWS, LANGUAGES, REPO, write_minimal_config
from fixture_content import PIXEL_PNG

HOMES = {f"{lang}/index.md": "---\ntitle: Home\n---\n" for lang in LANGUAGES}
SITE_MARKDOWN = read_settings(REPO / "mkdocs.yml").body
"""Bodies are rendered as the site renders them (its extensions, with MkDocs' own)."""


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for relative, text in {**HOMES, **files}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return root


def problems(tmp_path: Path, files: dict[str, str | bytes], **kwargs) -> list[str]:
    root = write(tmp_path / "content", files)
    tree = load_content(root, LANGUAGES, body=SITE_MARKDOWN, **kwargs)
    return [str(problem) for problem in tree.problems]


def site_problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    root = write(tmp_path / "content", files)
    settings = ProjectSettings(tmp_path, root, LANGUAGES, "en", options=SiteOptions("https://example.org/x/"),
                               body=SITE_MARKDOWN)
    tree, _ = load_site(settings, dt.date(2025, 7, 1))
    return [str(problem) for problem in tree.problems]


def news(body: str = "Text.\n", extra: str = "") -> str:
    return f"---\ntitle: A\ndate: 2025-01-01\n{extra}---\n{body}"


# Files ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["evil.html", "en/page.htm", "assets/javascripts/bundle.abc.min.js",
                                  "assets/site.css", "assets/logo.svg", "assets/data.json", "CNAME"])
def test_only_known_kinds_of_files_are_published(tmp_path, name):
    found = problems(tmp_path, {name: "<script>alert(1)</script>"})
    assert found == [f"content/{name}:1: files of type {Path(name).suffix or '(none)'!r} cannot be published "
                     "(only these can: .md, .jpg, .jpeg, .png, .webp, .gif, .pdf, .docx, .xlsx, .pptx, .odt, .ods, .odp)"]


def test_pictures_and_documents_live_in_assets_and_are_what_they_say(tmp_path):
    found = problems(tmp_path, {"en/news/photo.png": PIXEL_PNG, "assets/fake.png": "<html><script>x</script>",
                                "assets/ok.png": PIXEL_PNG, "assets/docs/plan.pdf": b"%PDF-1.7\n",
                                "assets/CAPS.PNG": PIXEL_PNG})
    assert found == [
        "content/assets/fake.png:1: the file's content is not a .png file (export it again in that format, or give it "
        "the right extension)",
        "content/en/news/photo.png:1: pictures and documents belong in content/assets/ (move it there and write "
        "assets/photo.png where you use it)",
    ]


@pytest.mark.parametrize("target", ["/etc/passwd", "/proc/self/environ", "../../.git/config", "ok.png"])
def test_symbolic_links_are_refused_never_followed(tmp_path, target):
    root = write(tmp_path / "content", {"assets/ok.png": PIXEL_PNG})
    os.symlink(target, root / "assets" / "x.jpg")
    tree = load_content(root, LANGUAGES)
    assert [str(p) for p in tree.problems] == [
        f"content/assets/x.jpg:1: is a symbolic link (to {target!r}) (links are not allowed under content/: put the "
        "file itself there)"]
    assert tree.assets == ["assets/ok.png"]


def test_a_linked_folder_of_articles_is_refused_and_not_read(tmp_path):
    outside = write(tmp_path / "elsewhere", {"news/secret.md": "---\ntitle: [unclosed\n---\n"})
    root = write(tmp_path / "content", {})
    os.symlink(outside / "news", root / "en" / "news")
    tree = load_content(root, LANGUAGES)
    assert [str(p) for p in tree.problems] == [
        f"content/en/news:1: is a symbolic link (to {str(outside / 'news')!r}) (links are not allowed under content/: "
        "put the file itself there)"]


def test_special_files_are_refused_without_reading_them(tmp_path):
    root = write(tmp_path / "content", {})
    os.mkfifo(root / "en" / "pipe.md")
    started = time.monotonic()
    tree = load_content(root, LANGUAGES)
    assert time.monotonic() - started < 10
    assert [str(p) for p in tree.problems] == ["content/en/pipe.md:1: is not a regular file (remove it)"]


# Bounded YAML --------------------------------------------------------------------------------------------

LAUGHS = "".join(f"m{n}: &m{n} {{x{n}: 1}}\n" if n == 0 else f"m{n}: &m{n}\n  <<: [{', '.join([f'*m{n - 1}'] * 9)}]\n"
                 for n in range(9))


@pytest.mark.parametrize("front_matter,line,message", [
    ("title: A\ndate: 2025-01-01\n" + LAUGHS, 4, "an anchor (&m0) in the front matter"),
    ("title: A\ndate: 2025-01-01\nother: &a x\n", 4, "an anchor (&a) in the front matter"),
    ("title: A\ndate: 2025-01-01\n<<: {summary: merged}\n", 4, "a merge key (<<) in the front matter"),
    ("title: A\ndate: 2025-01-01\nsummary: !!python/object/apply:os.system [ls]\n", 4, "a YAML tag"),
    ("title: A\ndate: 2025-01-01\ntags: " + "[" * 50_000 + "\n", 4, "nested more than 6 levels deep"),
    ("title: A\ndate: 2025-01-01\ntags: [" + ", ".join(["t"] * 100_000) + "]\n", 1,
     "the front matter is longer than 64 KB"),
    ("title: A\ndate: 2025-01-01\ntags: [" + ", ".join(f"t{n}" for n in range(51)) + "]\n", 4,
     "has 51 entries, more than 50"),
    ("title: A\ndate: 2025-01-01\ntitle: B\n", 4, "the field 'title' appears twice"),
    ("title: A\ndate: 2025-01-01\nimage:\n  src: assets/a.png\n  src: assets/b.png\n", 6, "'src' appears twice"),
    ("title: A\ndate: 2025-01-01\nimage:\n\tsrc: assets/a.png\n", 5, "a tab character in the front matter"),
    ("title: A\ndate: 2025-01-01\ntags:\n- " + "- " * 7 + "x\n", 5, "nested more than 6"),
])
def test_yaml_is_read_within_bounds(tmp_path, front_matter, line, message):
    found = problems(tmp_path, {"en/news/a.md": f"---\n{front_matter}---\nBody\n"})
    assert len(found) == 1 and found[0].startswith(f"content/en/news/a.md:{line}:") and message in found[0], found


HOSTILE_FILES = {
    "en/news/laughs.md": "---\ntitle: A\ndate: 2025-01-01\n" + LAUGHS + "---\n",
    "en/news/tags.md": "---\ntitle: A\ndate: 2025-01-01\ntags: [" + ", ".join(["t"] * 500_000) + "]\n---\n",
    "en/news/nested.md": "---\ntitle: A\ndate: 2025-01-01\ntags: " + "[" * 50_000 + "\n---\n",
    "en/news/big.md": "---\ntitle: A\ndate: 2025-01-01\n---\n" + "word " * 2_000_000,
}


def test_check_on_hostile_files_is_quick_and_bounded(tmp_path):
    """A generous guard against exponential blow-ups (the merge keys took 269 s before): the measured
    time, well under a second, is in docs/security.md."""
    root = write(tmp_path / "content", HOSTILE_FILES)
    write_minimal_config(tmp_path)
    started = time.monotonic()
    result = prewarmed.run([CLUSTER_NEWS, "check"], cwd=tmp_path, timeout=60)
    assert time.monotonic() - started < 30
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [f"content/{name}" for name in sorted(HOSTILE_FILES)]
    assert "larger than 8 MB" in lines[0] or "longer than 1024 KB" in lines[0]
    assert root.exists()


# Pages and their addresses ------------------------------------------------------------------------------

@pytest.mark.parametrize("path,message", [
    ("uk/event/x.md", "content/uk/event/x.md:1: event/ is not a section folder (did you mean events/?"),
    ("en/new/x.md", "content/en/new/x.md:1: new/ is not a section folder (did you mean news/?"),
    ("pl/projekts/x.md", "content/pl/projekts/x.md:1: projekts/ is not a section folder (did you mean projects/?"),
    ("uk/про-нас.md", "content/uk/про-нас.md:1: the file name 'про-нас.md' is not a valid slug (use lower-case ASCII "
                      "letters, digits and hyphens, e.g. pro-nas.md)"),
    ("en/About Us.md", "content/en/About Us.md:1: the file name 'About Us.md' is not a valid slug"),
    ("en/Team/people.md", "content/en/Team/people.md:1: the folder name 'Team' is not a valid slug"),
    ("en/uk/x.md", "content/en/uk/x.md:1: a language folder (uk/) inside another language's folder"),
])
def test_pages_outside_the_sections_are_validated_like_the_rest(tmp_path, path, message):
    found = problems(tmp_path, {path: "---\ntitle: X\n---\n"})
    assert len(found) == 1 and found[0].startswith(message), found


def test_a_plain_page_is_checked_like_an_item(tmp_path):
    found = problems(tmp_path, {"uk/pro-nas.md": "---\ntitle:\nsumary: x\n---\n"})
    assert found == ["content/uk/pro-nas.md:2: title: is empty (write text or remove the line)",
                     "content/uk/pro-nas.md:3: sumary: unknown field, ignored (did you mean 'summary'?)"]


@pytest.mark.parametrize("path,address", [
    ("en/tags.md", "tags/ is inside tags/"), ("en/search.md", "search/ is inside search/"),
    ("en/tags/health.md", "tags/health/ is inside tags/"), ("uk/pagefind.md", "uk/pagefind/ is inside pagefind/"),
    ("en/assets.md", "assets/ is inside assets/"), ("en/admin.md", "admin/ is inside admin/"),
    ("en/pl.md", "pl/ is inside pl/"),
])
def test_addresses_the_site_uses_are_refused(tmp_path, path, address):
    found = site_problems(tmp_path, {path: "---\ntitle: X\n---\n"})
    assert found == [f"content/{path}:1: its address {address}, which the site uses (rename the file or its folder)"]


def test_a_news_intro_and_a_plain_page_in_a_folder_are_fine(tmp_path):
    assert site_problems(tmp_path, {"en/news/index.md": "---\ntitle: About our news\n---\n",
                                    "en/about/team.md": "---\ntitle: Team\n---\n"}) == []


# References, times -------------------------------------------------------------------------------------

def test_every_problem_of_a_file_at_once_and_the_closest_slug_suggested(tmp_path):
    found = problems(tmp_path, {
        "en/clusters/rivne-medical-cluster.md": "---\ntitle: Rivne\n---\n",
        "en/news/a.md": news(extra="clusters: [Rivne Cluster, rivne]\nprojects: [clusters4helth]\nsumary: x\n"),
        "en/news/b.md": news(extra="clusters: [rivne]\n"),
        "en/projects/clusters4health.md": "---\ntitle: C4H\n---\n",
    })
    assert found == [
        "content/en/news/a.md:4: clusters: 'Rivne Cluster' is not a slug (use the file name of a page in clusters/, "
        "without .md)",
        "content/en/news/a.md:4: clusters: there is no cluster 'rivne' (did you mean 'rivne-medical-cluster'? "
        "known: rivne-medical-cluster)",
        "content/en/news/a.md:5: projects: there is no project 'clusters4helth' (did you mean 'clusters4health'? "
        "known: clusters4health)",
        "content/en/news/a.md:6: sumary: unknown field, ignored (did you mean 'summary'?)",
        "content/en/news/b.md:4: clusters: there is no cluster 'rivne' (did you mean 'rivne-medical-cluster'? "
        "known: rivne-medical-cluster)",
    ]


@pytest.mark.parametrize("zone,start,message", [
    ("Europe/Warsaw", "2025-03-30T02:30", "2025-03-30T02:30 does not exist in Europe/Warsaw: clocks go from 02:00 "
                                          "to 03:00 on 30 March 2025 (CET to CEST)"),
    ("Europe/Kyiv", "2025-03-30T03:15", "2025-03-30T03:15 does not exist in Europe/Kyiv: clocks go from 03:00 to "
                                        "04:00 on 30 March 2025 (EET to EEST)"),
])
def test_a_time_the_clocks_skip_is_an_error_naming_the_rule(tmp_path, zone, start, message):
    found = problems(tmp_path, {"en/events/a.md": f"---\ntitle: A\nstart: {start}\ntimezone: {zone}\n---\n"})
    assert found == [f"content/en/events/a.md:3: start: {message} (choose a time before or after the change)"]


@pytest.mark.parametrize("zone", ["localtime", "Factory", "posixrules", "/etc/localtime"])
def test_machine_dependent_time_zones_are_refused(tmp_path, zone):
    found = problems(tmp_path, {"en/events/a.md": f"---\ntitle: A\nstart: 2025-06-01T10:00\ntimezone: {zone}\n---\n"})
    assert len(found) == 1 and f"timezone: {zone!r} is not a known time zone" in found[0]


# Bodies: pictures, links, sanitised HTML ---------------------------------------------------------------

def test_pictures_and_links_in_bodies_resolve_in_every_language(tmp_path):
    files = {"assets/map.png": PIXEL_PNG, "assets/plan.pdf": b"%PDF-1.4\n",
             "en/events/forum.md": "---\ntitle: Forum\nstart: 2025-01-01\n---\n"}
    for lang in LANGUAGES:
        files[f"{lang}/news/a.md"] = news(
            "![Map](assets/map.png) ![Map](../../assets/map.png) ![Map](/assets/map.png)\n\n"
            "[plan](assets/plan.pdf) [forum](../events/forum.md) [home](../index.md) [top](#top) "
            "[web](https://example.org/) [mail](mailto:a@example.org)\n")
    assert problems(tmp_path, files) == []


def test_a_missing_picture_or_page_names_file_and_line(tmp_path):
    found = problems(tmp_path, {"assets/map.png": PIXEL_PNG, "uk/news/a.md": news(
        "Intro.\n\n![Map](assets/mapp.png)\n\n![Web](https://tracker.example/pixel.gif)\n\n"
        "[x](../events/nowhere.md) [doc](assets/map.png)\n\n```\n![code](not-a-picture.png)\n```\n")})
    assert found == [
        "content/uk/news/a.md:7: picture 'mapp.png' not found (the file is content/assets/map.png: write assets/map.png)",
        "content/uk/news/a.md:9: picture 'https://tracker.example/pixel.gif' is not a file of this site (save it in "
        "content/assets/ and write assets/<file> (the site loads nothing from other sites))",
        "content/uk/news/a.md:11: link target '../events/nowhere.md' not found (link to an article's file, e.g. "
        "../events/spinoff-bulgaria-2024.md, or to assets/<file>)",
    ]


def test_a_picture_in_a_sub_folder_of_assets_is_suggested_by_its_path(tmp_path):
    """Written as if it were at the top of assets/: the hint names where the file is, in the text and in
    `image:` alike, for pictures and documents; with no such file, where to put one."""
    found = problems(tmp_path, {
        "assets/2026/forum-participants-chart.png": PIXEL_PNG, "assets/2026/programme.pdf": b"%PDF-1.4\n",
        "en/news/a.md": "---\ntitle: A\ndate: 2025-01-01\nimage:\n  src: assets/forum-participants-chart.png\n"
                        "  alt: Chart\n---\n![Chart](assets/forum-participants-chart.png)\n\n"
                        "[Programme](assets/programme.pdf) ![Other](assets/elsewhere.png)\n"})
    assert found == [
        "content/en/news/a.md:4: image: picture 'assets/forum-participants-chart.png' not found (the file is "
        "content/assets/2026/forum-participants-chart.png: write assets/2026/forum-participants-chart.png)",
        "content/en/news/a.md:8: picture 'forum-participants-chart.png' not found (the file is "
        "content/assets/2026/forum-participants-chart.png: write assets/2026/forum-participants-chart.png)",
        "content/en/news/a.md:10: link target 'assets/programme.pdf' not found (the file is "
        "content/assets/2026/programme.pdf: write assets/2026/programme.pdf)",
        "content/en/news/a.md:10: picture 'elsewhere.png' not found (put it in content/assets/ and write "
        "assets/elsewhere.png)",
    ]


HOSTILE_BODIES = [
    ("<script>alert(1)</script>", "<script> removed (scripts are not allowed)"),
    ('<img src="assets/map.png" onerror="alert(1)">', "onerror='alert(1)' on <img> removed"),
    ("[x](javascript:alert(1))", "link to 'javascript:alert(1)' removed"),
    ("[x](JaVaScRiPt:alert(1))", "link to 'JaVaScRiPt:alert(1)' removed"),
    ("![x](data:image/png;base64,AAAA)", "picture 'data:image/png;base64,AAAA' is not a file of this site"),
    ("Text\n{: onmouseover=\"alert(1)\" }", "onmouseover='alert(1)' on <p> removed"),
    ('<p style="position:fixed;top:0">x</p>', "style='position:fixed;top:0' on <p> removed"),
    ('<iframe src="https://evil.example/x"></iframe>', "embed from 'https://evil.example/x' removed"),
    ('<iframe src="http://www.youtube-nocookie.com/embed/x"></iframe>', "embed from 'http://www.youtube-nocookie"),
    ('<form action="https://evil.example/"><input name="p"></form>', "<form> removed"),
    ('<object data="x.swf"></object>', "<object> removed"),
    ("<style>body{display:none}</style>", "<style> removed (styles come from the theme)"),
    ("## Heading {: #__config }", "id='__config' removed"),
    ('<a href="https://example.org/" target="_blank">x</a>', "target='_blank' on <a> removed"),
    ("<svg><script>alert(1)</script></svg>", "<svg> removed"),
    # Found by attacking the site (the table of contents, tooltips, the resolver's own marks, raw HTML):
    ("## Programme {: id='x\"><script/@>alert(1)</script/@>' }", "id='x\"><script/@>alert(1)</script/@>' removed"),
    ("## Agenda <!--><script/@>alert(document.domain)</script/@>-->", "<!… (an HTML comment or declaration) removed"),
    ("<![CDATA[<script>alert(1)</script>]]>", "<!… (an HTML comment or declaration) removed"),
    ('[report](https://ok.example/ "<meta http-equiv=refresh content=\'0;url=https://example.org/phish\'>Report")',
     'title="<meta http-equiv=refresh'),
    ("[Click me](cn-site:javascript:alert(document.domain))", "link to 'cn-site:javascript:alert(document.domain)' removed"),
    ('<a href="cn-site:data:text/html,hi">raw</a>', "link to 'cn-site:data:text/html,hi' removed"),
    ('<img src="https://evil.example/pixel.png" alt="t">', "picture 'https://evil.example/pixel.png' removed"),
    ('<img src="assets/map.png" alt="written in HTML">', "picture 'assets/map.png' removed"),
    ('<a href="../../../other-project/">x</a>', "link to '../../../other-project/' removed (write links"),
    ('<a href="//evil.example/phish">x</a>', "link to '//evil.example/phish' removed"),
    ('<iframe src="https://user:pass@www.youtube-nocookie.com/embed/x"></iframe>', "embed from 'https://user:pass@"),
    ('<iframe src="https://www.openstreetmap.org:8443/export/embed.html"></iframe>', "embed from 'https://www.openstree"),
    ('```{ #x onclick="alert(1)" }\ncode\n```', "onclick='alert(1)' on <code> removed", 0),
    ("[" * 1200, "more than 1000 '[' in the text"),
    ("*" * 5000 + "a" + "*" * 5000, "a run of more than 40 '*'"),
]


@pytest.mark.parametrize("case", HOSTILE_BODIES, ids=[case[1].split(" removed")[0] for case in HOSTILE_BODIES])
def test_every_removal_by_the_sanitiser_is_an_error_at_its_line(tmp_path, case):
    body, message = case[:2]
    found = problems(tmp_path, {"assets/map.png": PIXEL_PNG, "bg/news/a.md": news(f"First line.\n\n{body}\n")})
    line = 7 + (case[2] if len(case) > 2 else body.count("\n"))  # the hostile part's line (the last, unless said)
    assert found and all(problem.startswith(f"content/bg/news/a.md:{line}: ") for problem in found), found
    assert any(message in line for line in found), found


def test_what_editors_need_survives_the_sanitiser(tmp_path):
    body = ("## A heading\n\n| a | b |\n|:-:|--|\n| 1 | 2 |\n\nText[^1] **bold** *em* `code` ~~no~~\n\n[^1]: A note\n\n"
            "!!! warning \"Careful\"\n    Inside.\n\n> quote\n\n1. one\n2. two\n\n[Register](https://example.org/){ .md-button }"
            "\n\n![Map](assets/map.png){ width=\"300\" }\n\n"
            '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video" allowfullscreen></iframe>\n\n'
            '<iframe src="https://www.openstreetmap.org/export/embed.html?bbox=1,2,3,4" title="Map"></iframe>\n')
    assert problems(tmp_path, {"assets/map.png": PIXEL_PNG, "ro/news/a.md": news(body)}) == []


def test_embed_hosts_come_from_the_configuration(tmp_path):
    body = '<iframe src="https://maps.example.org/x" title="Map"></iframe>\n'
    root = write(tmp_path / "content", {"en/news/a.md": news(body)})
    allowed = BodySettings(SITE_MARKDOWN.extensions, SITE_MARKDOWN.configs, ("maps.example.org",))
    assert load_content(root, LANGUAGES, body=allowed).problems == []
    assert load_content(root, LANGUAGES, body=SITE_MARKDOWN).problems != []


def test_starter_texts_are_warnings_and_long_bodies_errors(tmp_path):
    """A body over 1 MB is not rendered at all (an error: the preview would render it otherwise)."""
    root = write(tmp_path / "content", {"pl/news/a.md": news("Tutaj wpisz tekst.\n"),
                                        "en/news/b.md": news("word " * 220_000),
                                        "en/news/c.md": news("Write the text here.\n", extra="draft: true\n")})
    found = load_content(root, LANGUAGES, body=SITE_MARKDOWN).problems
    assert [(str(problem), problem.is_error) for problem in found] == [
        ("content/en/news/b.md:5: the text is longer than 1024 KB (split it into several articles)", True),
        ("content/pl/news/a.md:5: the starter text 'Tutaj wpisz tekst.' is still there (replace it with your own "
         "words)", False),
    ]


def test_a_body_nested_too_deeply_is_an_error_not_a_crash(tmp_path):
    body = "".join(f"{'  ' * 0}<div markdown>\n" for _ in range(600)) + "x\n" + "</div>\n" * 600
    found = problems(tmp_path, {"en/news/a.md": news(body)})
    assert found and all(line.startswith("content/en/news/a.md:") for line in found), found


def test_a_page_named_like_a_section_is_refused(tmp_path):
    found = site_problems(tmp_path, {"en/news.md": "---\ntitle: News\n---\n", "en/news/real.md": news()})
    assert found == ["content/en/news.md:1: its address news/ is the news section's (rename the file; an "
                     "introduction above the list is content/en/news/index.md)"]


@pytest.mark.parametrize("name,message", [
    ('assets/a"b<c> d,e#f.jpg', "the name 'a\"b<c> d,e#f.jpg' has characters that would break its address"),
    ("assets/images/favicon.png", "content/assets/images/ holds the theme's own files"),
    ("assets/stylesheets/x.png", "content/assets/stylesheets/ holds the theme's own files"),
    ("assets/" + "a" * 97 + ".png", "is 101 characters long, more than 100 (shorten it"),
])
def test_asset_names_and_the_themes_folders(tmp_path, name, message):
    found = problems(tmp_path, {name: PIXEL_PNG})
    assert len(found) == 1 and found[0].startswith(f"content/{name}:1: ") and message in found[0], found


def test_a_problem_is_always_one_line(tmp_path):
    key = "x\n::error file=mkdocs.yml,line=1::All checks passed\n::add-mask::content"
    found = problems(tmp_path, {"en/news/a.md": "---\ntitle: A\ndate: 2025-01-01\n" + json.dumps(key) + ": 1\n---\n"})
    assert len(found) == 1 and "\n" not in found[0] and "\\n::error" in found[0]


def test_slugs_and_events_are_bounded(tmp_path):
    found = problems(tmp_path, {
        "en/events/long.md": "---\ntitle: Long\nstart: 1900-01-01\nend: 2100-12-31\n---\n",
        "en/events/" + "a" * 101 + ".md": "---\ntitle: A\nstart: 2025-01-01\n---\n",
    })
    assert found[0].startswith("content/en/events/" + "a" * 101 + ".md:1: the file name") and "not a valid slug" in found[0]
    assert found[1] == ("content/en/events/long.md:4: end: the event would last from 1900-01-01 to 2100-12-31 "
                        "(an event lasts at most 366 days: is the year a typo? (a longer undertaking is a project))")


def test_empty_calendar_months_stay_near_today(tmp_path):
    """Months between events get pages (readers step month by month) only within three years of today."""
    root = write(tmp_path / "content", {"en/events/old.md": "---\ntitle: Old\nstart: 2015-03-01\n---\n",
                                        "en/events/far.md": "---\ntitle: Far\nstart: 2099-05-01\n---\n"})
    settings = ProjectSettings(tmp_path, root, LANGUAGES, "en", options=SiteOptions("https://example.org/x/"),
                               body=SITE_MARKDOWN)
    tree, plan = load_site(settings, dt.date(2025, 7, 1))
    assert tree.problems == []
    months = plan.months()
    assert months[0] == (2015, 3) and months[-1] == (2099, 5)
    assert months[1:-1] == [(2022 + (6 + i) // 12, (6 + i) % 12 + 1) for i in range(73)]  # 2022-07 … 2028-07


def test_the_table_of_contents_keeps_only_plain_text_and_plain_ids():
    """The theme prints headings' entries unescaped: what the build hands it is text (validation refuses
    such headings first; this guards the output)."""
    text = safe_heading_text('Agenda <script/@>alert(document.domain)</script/@>')
    assert text.startswith("Agenda") and "<" not in text
    assert safe_heading_text("R&amp;D &lt;b&gt;") == "R&amp;D &lt;b&gt;"
    assert safe_heading_id('x"><script>alert(1)</script>') == ""
    assert safe_heading_id("зустріч-у-києві") == "зустріч-у-києві"


# Authors and organisers ------------------------------------------------------------------------------

CLUSTER = "---\ntitle: Biocat\ncountry: ES\n---\nText.\n"


@pytest.mark.parametrize("authors,message", [
    ("authors:\n- organization: Team\n  person: Ann\n",
     "content/en/news/a.md:5: authors: an entry says more than one of person, organization, cluster "
     "(write exactly one, e.g. organization: Network editorial team)"),
    ("authors:\n- url: https://example.org/\n",
     "content/en/news/a.md:5: authors: an entry says none of person, organization, cluster"),
    ("authors:\n- cluster: biocat\n  url: https://example.org/\n",
     "content/en/news/a.md:5: authors: a cluster needs no url: it links to its page on this site"),
    ("authors:\n- organization: Team\n  url: javascript:alert(1)\n",
     "content/en/news/a.md:6: authors.url: 'javascript:alert(1)' is not a web address"),
    ("authors:\n- organization: Team\n  role: editor\n", "content/en/news/a.md:6: authors.role: unknown field 'role'"),
    ("authors:\n- cluster: biocta\n",
     "content/en/news/a.md:4: authors: there is no cluster 'biocta' (did you mean 'biocat'?"),
    ("authors:\n- cluster: Biocat Team\n", "content/en/news/a.md:5: authors.cluster: 'Biocat Team' is not a slug"),
    ("authors: Ann\n", "content/en/news/a.md:4: authors: expected a list, got 'Ann'"),
    ("authors:\n- [Ann]\n", "content/en/news/a.md:4: authors: every entry must be a name or a group, got a list"),
])
def test_authors_say_who_they_are_or_the_file_and_line_are_named(tmp_path, authors, message):
    found = problems(tmp_path, {"en/clusters/biocat.md": CLUSTER, "en/news/a.md": news(extra=authors)})
    assert len(found) == 1 and found[0].startswith(message), found


def test_organizers_take_the_same_entries_and_plain_names_are_organisations(tmp_path):
    event = ("---\ntitle: E\nstart: 2025-01-01\norganizers:\n- cluster: biocat\n- InvestBulgaria Agency\n"
             "- person: Olga Trofymova\n  url: https://example.org/olga\n---\nText.\n")
    root = write(tmp_path / "content", {"en/clusters/biocat.md": CLUSTER, "en/events/e.md": event})
    tree = load_content(root, LANGUAGES, body=SITE_MARKDOWN)
    assert tree.problems == []
    parties = next(item for item in tree.items if item.slug == "e").values["organizers"]
    assert [(p.kind, p.name, p.cluster, p.url) for p in parties] == [
        ("cluster", None, "biocat", None), ("organization", "InvestBulgaria Agency", None, None),
        ("person", "Olga Trofymova", None, "https://example.org/olga")]


@pytest.mark.parametrize("location,message", [
    ("location: {}\n", "content/en/events/e.md:4: location: names no place (add name: (the venue), city: and "
                       "country:, or remove location:)"),
    ("location:\n  latitude: 42.6\n  longitude: 23.3\n", "content/en/events/e.md:5: location: names no place"),
])
def test_an_event_place_names_a_place(tmp_path, location, message):
    event = f"---\ntitle: E\nstart: 2025-01-01\n{location}---\nText.\n"
    found = problems(tmp_path, {"en/events/e.md": event})
    assert len(found) == 1 and found[0].startswith(message), found
    named = "---\ntitle: E\nstart: 2025-01-01\nlocation:\n  country: BG\n  latitude: 42.6\n  longitude: 23.3\n---\n"
    assert problems(tmp_path, {"en/events/e.md": named}) == []  # a country is enough: the place is named by it


def test_a_partner_count_is_at_least_the_partners_named(tmp_path):
    project = "---\ntitle: P\npartners:\n- A\n- B\n- C\npartner_count: {}\n---\nText.\n"
    found = problems(tmp_path, {"en/projects/p.md": project.format(2)})
    assert found == ["content/en/projects/p.md:7: partner_count: says 2 but partners names 3 (write how many "
                     "partners the whole consortium has, or remove the line when partners names them all)"]
    assert problems(tmp_path, {"en/projects/p.md": project.format(25)}) == []
    assert problems(tmp_path, {"en/projects/p.md": project.format("twenty")})[0].startswith(
        "content/en/projects/p.md:7: partner_count: expected a whole number, got 'twenty'")


def test_check_renders_cyrillic_headings_as_the_build_does(tmp_path):
    """A Ukrainian article with a heading and a link is checked with the build's slug function (with
    Markdown's own, its heading would get id="_1", which the sanitiser refuses)."""
    from cluster_news.adapter.settings import read_settings

    (tmp_path / "mkdocs.yml").write_text((Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8"),
                                         encoding="utf-8")
    write(tmp_path / "content", {"uk/news/a.md": "---\ntitle: А\ndate: 2025-01-01\n---\n## Що показало опитування\n\n"
                                                 "[Головна](../index.md)\n"})
    (tmp_path / "content" / "assets").mkdir()
    (tmp_path / "content" / "assets" / "network-logo.png").write_bytes(PIXEL_PNG)  # mkdocs.yml's organization logo
    (tmp_path / "overrides").mkdir()  # mkdocs.yml's theme custom_dir, which MkDocs' loader checks
    settings = read_settings(tmp_path / "mkdocs.yml")
    tree = load_content(settings.content_dir, LANGUAGES, body=settings.body)
    assert [str(p) for p in tree.problems] == []


def test_a_broken_file_that_others_refer_to_is_reported_not_a_crash(tmp_path):
    """The cluster's only file has an error, so it is not read: lists that filter by cluster must not
    fail on the news that names it (the problem is reported with its file and line)."""
    found = site_problems(tmp_path, {"en/clusters/biocat.md": "---\ntitle: Biocat\ncountry: es\n---\n",
                                     "en/news/a.md": news(extra="clusters: [biocat]\n")})
    assert found[0].startswith("content/en/clusters/biocat.md:3: country: 'es' must be upper case")


# Checking bodies at scale ----------------------------------------------------------------------------

def _bodies(count: int) -> dict[str, str]:
    return {f"en/news/n{i}.md": news(f"Text [link](missing-{i}.md) <b onclick=x>b</b>.\n" if i % 3 == 0 else "Text.\n")
            for i in range(count)}


def test_bodies_checked_in_forked_processes_give_the_same_problems(tmp_path):
    """Bodies are checked on every CPU when the process may fork (never in xdist's threaded workers,
    so in a process of its own here)."""
    root = write(tmp_path / "content", _bodies(12))
    script = ("import sys, json; from pathlib import Path; from cluster_news.core import processes; "
              "from cluster_news.core.content import load_content; processes.MIN_CHUNK = int(sys.argv[2]); "
              "processes.cpus = lambda: 2; "
              "print(json.dumps([str(p) for p in load_content(Path(sys.argv[1]), sys.argv[3].split(',')).problems]))")
    runs = [subprocess.run([sys.executable, "-c", script, str(root), chunk, ",".join(LANGUAGES)], capture_output=True,
                           text=True, check=True).stdout for chunk in ("1", "100000")]
    found = json.loads(runs[0])
    assert runs[0] == runs[1] and len(found) == 8 and all(line.startswith("content/en/news/n") for line in found)


def test_after_each_edit_the_preview_finds_what_a_fresh_check_finds(tmp_path):
    """The preview's validation keeps what it found between saves (`Remembered`): never a stale problem, never a
    lost one (a broken file's error is still told after another file's edit)."""
    from cluster_news.core import content

    root = write(tmp_path / "content", {**_bodies(6), "en/news/broken.md": "---\ntitle: [\n---\nText.\n"})
    remembered = content.Remembered()

    def load(settings: bytes = b"a") -> list[str]:
        return [str(p) for p in load_content(root, LANGUAGES, remembered=remembered.for_settings(settings)).problems]

    def fresh() -> list[str]:
        return [str(p) for p in load_content(root, LANGUAGES).problems]

    first = load()
    assert first == fresh() and len(first) == 5
    (root / "en/news/n1.md").write_text(news("New [link](n9.md).\n"), encoding="utf-8")
    edited = load()
    assert edited == fresh() and any("n1.md" in problem and "n9.md" in problem for problem in edited)
    assert any("broken.md" in problem for problem in edited)
    (root / "en/news/n9.md").write_text(news(), encoding="utf-8")  # a new file: the link leads somewhere now
    assert load() == fresh() == first
    assert load(b"b") == fresh()  # mkdocs.yml changed


def test_after_each_edit_the_preview_finds_across_files_what_a_fresh_check_finds(tmp_path):
    """The preview checks references and translations' shared facts again only for the items edited since
    (`CheckedAcross`): after each edit, of a translation, of an original (whose translations were not
    edited), of a reference, of which items are drafts, it finds what a fresh check finds."""
    from cluster_news.core import content

    project = "---\ntitle: Alpha\nstart: 2025-01-01\n---\nText.\n"
    event = "---\ntitle: Forum\nstart: 2025-09-10\nprojects: [alpha]\nlocation:\n  country: BG\n---\nText.\n"
    root = write(tmp_path / "content", {**{f"{lang}/index.md": "---\ntitle: Home\n---\n" for lang in LANGUAGES},
                                        "en/projects/alpha.md": project, "uk/projects/alpha.md": project,
                                        "en/events/forum.md": event, "uk/events/forum.md": event,
                                        "ro/events/forum.md": event})
    remembered = content.Remembered().for_settings(b"a")

    def load() -> list[str]:
        return [str(p) for p in load_content(root, LANGUAGES, remembered=remembered).problems]

    def fresh() -> list[str]:
        return [str(p) for p in load_content(root, LANGUAGES).problems]

    def edit(path: str, old: str, new: str) -> list[str]:
        (root / path).write_text((root / path).read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        found = load()
        assert found == fresh(), path
        return found

    assert load() == fresh() == []
    assert any("uk/events/forum.md" in p and "location.country" in p for p in edit("uk/events/forum.md", "BG", "RO"))
    found = edit("en/events/forum.md", "BG", "RO")  # the original agrees with one translation, not the other
    assert any("ro/events/forum.md" in p for p in found) and not any("uk/events/forum.md" in p for p in found)
    assert any("no project 'beta'" in p for p in edit("ro/events/forum.md", "[alpha]", "[beta]"))
    assert edit("ro/events/forum.md", "[beta]", "[alpha]") == [p for p in fresh() if "ro/events" in p]
    assert not any("still a draft" in p for p in edit("en/projects/alpha.md", "start:", "draft: true\nstart:"))
    assert any("still a draft" in p for p in edit("uk/projects/alpha.md", "start:", "draft: true\nstart:"))
    edit("en/projects/alpha.md", "draft: true\n", "")
    edit("uk/projects/alpha.md", "draft: true\n", "")
    edit("ro/events/forum.md", "RO", "BG")
    assert any("ro/events/forum.md" in p for p in edit("uk/events/forum.md", "RO", "BG"))
    assert edit("en/events/forum.md", "RO", "BG") == []  # the translations agree with their original again


def test_the_preview_sees_every_edit_of_files_it_does_not_open_again(tmp_path):
    """The preview takes unchanged files' bytes from the last reading (`FileContents`) by their status: an edit
    is still seen when it keeps the size and sets the modification time back (as copying tools do), and when it
    comes within the kernel's coarse clock of the last reading; and the files not edited are not opened."""
    import builtins
    import os
    import time

    from cluster_news.core import content

    root = write(tmp_path / "content", _bodies(4))
    time.sleep(0.1)  # the files' change times are older than the next reading by more than the coarse clock
    remembered = content.Remembered().for_settings(b"a")
    opened: list[str] = []
    real_open = builtins.open

    def counting_open(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    def load() -> list[str]:
        opened.clear()
        builtins.open = counting_open
        try:
            return [str(p) for p in load_content(root, LANGUAGES, remembered=remembered).problems]
        finally:
            builtins.open = real_open

    def fresh() -> list[str]:
        return [str(p) for p in load_content(root, LANGUAGES).problems]

    first = load()
    assert first == fresh() and any("n0.md" in problem for problem in first)
    assert any(path.endswith("en/news/n0.md") for path in opened)
    time.sleep(0.1)
    assert load() == first and not any(path.endswith(".md") for path in opened)

    edited = root / "en/news/n0.md"
    before = edited.stat()
    text = edited.read_text(encoding="utf-8").replace("missing-0.md", "missing-X.md")
    edited.write_text(text, encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edited.stat().st_size == before.st_size
    seen = load()
    assert seen == fresh() and seen != first and any("missing-X" in problem for problem in seen)
    assert [path for path in opened if path.endswith(".md")] == [str(edited)]

    # Two saves of the same size in a row, the second perhaps within the same tick of the coarse clock (the same
    # status as the first's): the first's bytes are not taken for the second's.
    edited.write_text(text.replace("missing-X.md", "missing-Y.md"), encoding="utf-8")
    assert any("missing-Y" in problem for problem in load())
    edited.write_text(text.replace("missing-X.md", "missing-Z.md"), encoding="utf-8")
    assert any("missing-Z" in problem for problem in load()) and load() == fresh()
