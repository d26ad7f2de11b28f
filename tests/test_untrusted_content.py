"""What a hostile pull request can send (docs/security.md): each case ends in a `file:line` problem that
`check` and the build agree on, or is published safely, within bounds. Every hostile file is made here."""

from __future__ import annotations

import datetime as dt
import gc
import html
import io
import json
import logging
import os
import re
import struct
import subprocess
import time
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image, ImageCms, PngImagePlugin

from cluster_news.adapter.logs import LogSafe
from cluster_news.core import body as body_module
from cluster_news.core.body import BodyChecker, Links
from cluster_news.core.bounds import MAX_SCAN, BoundedHTMLParser
from cluster_news.core.content import load_content
from cluster_news.core.history import ContentHistory
from cluster_news.core.model import Item
from cluster_news.core.pictures import MAX_WIDTH, PictureMaker
from cluster_news.core.problems import log_safe, one_line
from cluster_news.core.urls import UrlScheme
from test_cli import problems_of_build, run
from test_content_rules import SITE_MARKDOWN, news, write

import prewarmed
from conftest import CLUSTER_NEWS, LANGUAGES, FixtureSite, write_minimal_config
from fixture_content import PIXEL_PNG


def problems(root: Path, files: dict[str, str | bytes]) -> list[str]:
    return [str(problem) for problem in load_content(write(root, files), LANGUAGES, body=SITE_MARKDOWN).problems]


def commands_in(output: str) -> list[str]:
    """The lines of `output` that GitHub's runner would read as workflow commands: '::' at the start of a line
    (after spaces), '##[' anywhere, or a line broken by a carriage return."""
    lines = re.split(r"\r\n|\r|\n", output)
    return [line for line in lines if line.lstrip().startswith("::") or "##[" in line]


# What is printed ------------------------------------------------------------------------------------------

HOSTILE_TEXT = "x\n::error file=mkdocs.yml,line=1::All checks passed\r::add-mask::content\n ::stop-commands::t ##[add-mask]y\x1b[8m"


def test_text_from_content_cannot_write_workflow_commands_into_a_log():
    assert commands_in(HOSTILE_TEXT) and not commands_in(one_line(HOSTILE_TEXT))
    assert "\n" not in one_line(HOSTILE_TEXT) and "\x1b" not in one_line(HOSTILE_TEXT)
    kept = log_safe("first line\n::error::second\n  ::warning::third ##[error]x")
    assert kept.count("\n") == 2 and not commands_in(kept)  # line breaks kept, each line neutralised
    assert log_safe("content/en/news/a.md:4: title: is empty") == "content/en/news/a.md:4: title: is empty"


def test_every_log_line_of_a_build_is_neutralised(caplog):
    """MkDocs' handler gets the filter (adapter/logs.py): whoever logs, the record's text is made safe."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(LogSafe())
    logger = logging.getLogger("mkdocs.test_untrusted_content")
    logger.addHandler(handler)
    try:
        logger.error("Doc file '%s' contains an unrecognized relative link", HOSTILE_TEXT)
        try:
            raise FileNotFoundError(HOSTILE_TEXT)
        except FileNotFoundError:
            logger.exception("while reading %s", "x")
    finally:
        logger.removeHandler(handler)
    assert "All checks passed" in stream.getvalue() and not commands_in(stream.getvalue())


# Names ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,message", [
    ("en/news/.hidden.md", "the name '.hidden.md' starts with '.', which hides it: MkDocs would leave it out"),
    ("en/.well-known/security.md", "the name '.well-known' starts with '.'"),
    ("assets/.photo.png", "the name '.photo.png' starts with '.'"),
    ("en/news/event\n.md", "the name has an invisible or control character (U+000A)"),
    ("en/events/forum.md\n", "the name has an invisible or control character (U+000A)"),
    ("en/news/x\n::error title=Fake::All good\n::add-mask::content\n.md", "invisible or control character (U+000A)"),
    ("assets/photo\u202egpj.png", "(U+202E RIGHT-TO-LEFT OVERRIDE)"),
    ("en/news/zero\u200bwidth.md", "(U+200B ZERO WIDTH SPACE)"),
])
def test_every_name_under_content_follows_one_rule(tmp_path, name, message):
    found = problems(tmp_path / "content", {name: news() if name.endswith(".md") else PIXEL_PNG})
    assert len(found) == 1 and message in found[0], found
    assert found[0].startswith("content/") and ":1: " in found[0] and not commands_in(found[0])


def test_the_few_dot_files_allowed_are_files_and_are_never_published(tmp_path):
    root = write(tmp_path / "content", {"assets/.gitkeep": "", ".DS_Store": b"\0\0\0\1Bud1", "en/.gitignore": "*~\n"})
    (root / "uk" / ".gitkeep").mkdir()
    tree = load_content(root, LANGUAGES)
    assert [str(p) for p in tree.problems] == [
        "content/uk/.gitkeep:1: is not a regular file (only files may be called .gitkeep)"]
    assert tree.assets == [] and tree.files == 6  # the five home pages and the folder refused


def test_a_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    root = write(tmp_path / "content", {})
    os.close(os.open(os.fsencode(root / "en") + b"/caf\xe9.md", os.O_CREAT | os.O_WRONLY))
    found = [str(p) for p in load_content(root, LANGUAGES).problems]
    assert found == ["content/en/caf\\udce9.md:1: the name has an invisible or control character (U+DCE9) (rename it "
                     "with letters, digits, '-' and '_' only)"]


def test_check_prints_hostile_names_safely_as_text_and_as_json(tmp_path):
    names = ["en/news/.x\n::error title=Fake::All good\n::add-mask::content\n.md", "assets/##[add-mask]secret.png",
             "en/news/a\r::warning::b.md"]
    root = write(tmp_path / "content", {name: news() if name.endswith(".md") else PIXEL_PNG for name in names})
    write_minimal_config(tmp_path)
    env = prewarmed.environment(SOURCE_DATE_EPOCH="1751328000")
    text = prewarmed.run([CLUSTER_NEWS, "check"], cwd=tmp_path, env=env, timeout=60)
    as_json = prewarmed.run([CLUSTER_NEWS, "check", "--format", "json"], cwd=tmp_path, env=env, timeout=60)
    assert text.returncode == as_json.returncode == 1 and "Traceback" not in text.stderr + as_json.stderr
    assert len(text.stdout.splitlines()) == len(names) and not commands_in(text.stdout + text.stderr)
    assert "content/assets/\\x23#[add-mask]secret.png:1: " in text.stdout
    assert not commands_in(as_json.stdout)
    assert sorted(problem["path"] for problem in json.loads(as_json.stdout)) == sorted(f"content/{n}" for n in names)
    assert root.exists()


# Characters that make text show otherwise than it reads ------------------------------------------------------

@pytest.mark.parametrize("name,value,message", [
    ("website", "https://example.org/\u202egnp.exe", "website: contains U+202E RIGHT-TO-LEFT OVERRIDE, a character that "
                                                     "changes the direction of the text around it"),
    ("website", "https://exa\u200bmple.org/", "website: contains U+200B ZERO WIDTH SPACE, a character that cannot be seen"),
    ("website", "https://exa\u00admple.org/", "website: contains U+00AD SOFT HYPHEN, a character that cannot be seen"),
    ("title", "Biocat\u2066 evil\u2069", "title: contains U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("title", "Bio\u200dcat", "title: contains U+200D ZERO WIDTH JOINER"),
    ("city", "Barcelona\u200e", "city: contains U+200E LEFT-TO-RIGHT MARK"),
])
def test_bidirectional_and_zero_width_characters_are_refused_in_fields(tmp_path, name, value, message):
    fields = {"title": "Biocat", "country": "ES", name: value}
    text = "---\n" + "".join(f"{key}: {json.dumps(text, ensure_ascii=False)}\n" for key, text in fields.items()) + "---\n"
    found = problems(tmp_path / "content", {"en/clusters/biocat.md": text})
    line = 2 + list(fields).index(name)
    assert len(found) == 1 and found[0].startswith(f"content/en/clusters/biocat.md:{line}: {message}"), found


def test_emoji_keep_their_joiners(tmp_path):
    assert problems(tmp_path / "content", {"en/news/a.md": news(extra="summary: 👩\u200d⚕️ and 👨🏽\u200d🔬 at work\n")}) == []


def test_bidirectional_characters_in_the_text_and_in_link_addresses_are_refused(tmp_path):
    found = problems(tmp_path / "content", {"en/news/a.md": news(
        "First.\n\nThe file is called \u202egnp.exe.\n\n[bank](https://example.org/\u200blogin)\n")})
    assert found == [
        "content/en/news/a.md:7: the text contains U+202E RIGHT-TO-LEFT OVERRIDE, a character that changes the direction "
        "of the text around it (delete and retype the text around it; it often comes with copy and paste)",
        "content/en/news/a.md:9: the address 'https://example.org/\\u200blogin' contains U+200B ZERO WIDTH SPACE, a "
        "character that cannot be seen (type the address again)",  # shown escaped: repr()
    ]


# Numbers, history, feeds ---------------------------------------------------------------------------------------

def test_a_number_too_long_to_be_one_is_text_or_a_problem_at_its_line(tmp_path):
    digits = "9" * 5000
    root = write(tmp_path / "content", {
        "en/news/a.md": news(extra=f"tags: [{digits}, 12]\n"),
        "en/events/b.md": f"---\ntitle: B\nstart: 2025-01-01\nlocation:\n  country: BG\n  latitude: {digits}\n"
                          "  longitude: 23\n---\n",
        "en/projects/c.md": f"---\ntitle: {digits}\n---\n"})
    tree = load_content(root, LANGUAGES)
    assert len(tree.problems) == 1 and str(tree.problems[0]).startswith(
        "content/en/events/b.md:6: location.latitude: expected a number, got '9999999999")
    assert {item.slug: item.values.get("tags", item.title) for item in tree.items if item.section} == {
        "a": [digits, "12"], "c": digits}


def test_a_commit_dated_past_year_9999_stops_no_build(tmp_path):
    root = write(tmp_path / "content", {"en/news/a.md": news(), "en/news/b.md": news()})

    def commit(path: str, when: int) -> None:
        (root / path).write_text((root / path).read_text() + "More.\n")
        dated = {"GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"}
        subprocess.run(["git", "-c", "user.name=x", "-c", "user.email=x@example.org", "commit", "-qam", "x"],
                       cwd=root, check=True, env={**os.environ, **dated})
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    commit("en/news/a.md", 1_700_000_000)
    commit("en/news/a.md", 299_000_000_000)  # year 11444: what Python's dates cannot hold
    commit("en/news/b.md", 5_000_000_000)  # year 2128: past the years of the site's dates
    history = ContentHistory.from_git(root)
    for name in ("a.md", "b.md"):  # dated by their first commit, the only one with a possible date; both counted
        change = history.last_change([root / "en" / "news" / name])
        assert change.at == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc) and change.revision == 1


def test_feed_readers_show_a_summary_as_text(tmp_path):
    """An item's RSS <description> is HTML to readers: the summary is escaped for HTML, then for XML."""
    from cluster_news.core.feeds import news_feed
    from cluster_news.core.project import SiteOptions
    from cluster_news.core.site import SitePlan

    summary = 'Read <img src="https://tracker.example/p.gif"> & <b>this</b>'
    root = write(tmp_path / "content", {"en/news/a.md": news(extra=f"summary: '{summary}'\n")})
    site = SitePlan(load_content(root, LANGUAGES), "en", SiteOptions(site_url="https://example.org/"),
                    dt.date(2025, 7, 1))
    feed = etree.fromstring(news_feed(site.catalog, site.urls, "en", "News", "All the news"))
    description = feed.find("channel/item/description").text
    assert description == html.escape(summary, quote=False)
    assert etree.HTML(f"<p>{description}</p>").xpath("string(//p)") == summary  # as a reader's HTML shows it
    assert not etree.HTML(f"<p>{description}</p>").xpath("//img")


# Messages ---------------------------------------------------------------------------------------------------------

def test_removals_are_reported_at_each_line_they_are_written_on(tmp_path):
    body = ("Markup such as `<script>` and a big <b>word</b> on this line.\n\n```\n<b onclick=\"a()\">\n```\n\n"
            "<b onclick=\"a()\">x</b> <b onclick=\"a()\">y</b>\n\n<script>alert(1)</script>\n\n<p class=\"big\">z</p>\n\n"
            "<b onclick=\"a()\">z</b>\n")
    found = problems(tmp_path / "content", {"en/news/a.md": news(body)})
    assert [line.split(" (")[0] for line in found] == [
        "content/en/news/a.md:11: onclick='a()' on <b> removed",
        "content/en/news/a.md:13: <script> removed",
        "content/en/news/a.md:15: class 'big' on <p> removed",
        "content/en/news/a.md:17: onclick='a()' on <b> removed",
    ]


# Bodies: bounded work whatever their shape ---------------------------------------------------------------------

CHECKER = BodyChecker(Links([], [], UrlScheme("", "en"), LANGUAGES), SITE_MARKDOWN)


def item_with(body: str) -> Item:
    return Item("news", "a", "en", Path("a.md"), "en/news/a.md", "content/en/news/a.md", "A", {}, {}, body, 2, 5)


def checked(body: str) -> tuple[list[str], float]:
    """The body's problems as check and the build report them, and the processor time that took."""
    started = time.process_time()
    check, _ = CHECKER.check(item_with(body))
    return [str(problem) for problem in check.problems], time.process_time() - started


@pytest.mark.parametrize("body,problem", [
    ("<a " * 40_000, "content/en/news/a.md:5: more than 2000 HTML tags in the text ('<' followed by a letter"),
    ("# a\n" * 40_000, "content/en/news/a.md:30: more than 25 headings or rules in one paragraph"),
    ("# a\n" * 25 + "\n" + ("# a\n" * 20 + "\n") * 50, "content/en/news/a.md:1054: more than 1000 headings or rules"),
    ("---\n" * 40_000, "content/en/news/a.md:30: more than 25 headings or rules in one paragraph"),
    ("Intro.\n\n" + "> " * 40_000, "content/en/news/a.md:7: a line nested more than 20 levels deep"),
    ("- " + "1. " * 40_000, "content/en/news/a.md:5: a line nested more than 20 levels deep"),
    ("[^1]: <div markdown>" * 2_001, "content/en/news/a.md:5: more than 2000 HTML tags"),
    ("<?" * 2_001, "content/en/news/a.md:5: more than 2000 HTML tags"),
    ("word\n\n" * 10_001, "content/en/news/a.md:5: more than 10000 paragraphs"),
    ("[" * 1200, "content/en/news/a.md:5: more than 1000 '['"),
    ("word " * 220_000, "content/en/news/a.md:5: the text is longer than 1024 KB"),
])
def test_shapes_python_markdown_reads_slowly_are_refused_before_reading(body, problem):
    found, spent = checked(body)
    assert any(line.startswith(problem) for line in found), found
    assert spent < 1, f"{spent:.1f} s"


@pytest.mark.parametrize("body", [
    "<a " * 1990 + "<b>" + "x" * 500_000,  # each tag looked for within reach (was 96 s for 40,000)
    "![a](" * 990 + "x" * 500_000,  # each link's address likewise
    "<![ " * 990 + "x" * 500_000,  # each picture's text found from bracket to bracket
    "``x`" * 200_000,  # each code span's end from run to run of backticks (33 s for 64 KB)
    "[^1]: <div markdown>" * 990,  # each reference to one footnote named from the last (0.5 s for 16 KB)
    "<div markdown>\n\n" + "<?" * 1990 + "x" * 500_000,  # an instruction's end looked for once (5.7 s for 128 KB)
    "> # " + "{: " * 100_000 + "===",  # a heading's attribute list looked for on its last line (12 s for 128 KB)
    "# a\n" * 25 + "word\n" * 150_000,  # headings before a long paragraph
    ("Word " * 19 + "word.\n\n") * 9_990,  # paragraphs (1 MB; 40 µs each)
], ids=["start tags", "link addresses", "link texts", "code spans", "footnotes",
                        "processing instructions", "attribute lists", "headings", "paragraphs"])
def test_the_worst_shapes_still_allowed_take_well_under_their_budget(body):
    found, spent = checked(body)
    assert spent < 2, f"{spent:.1f} s (the budget: 3.6 s)"
    assert all(":5: " in line or ":6: " in line for line in found), found[:3]


def test_an_address_python_cannot_split_is_a_problem_not_a_traceback(tmp_path):
    """Brackets around what is no IPv6 address make urlsplit raise ValueError (found by the fuzzer)."""
    found = problems(tmp_path / "content", {"en/clusters/c.md": '---\ntitle: C\nwebsite: "http://[^1]/"\n---\n'
                                            'See [x](https://[oops]/) and <a href="https://[bad]/">y</a>.\n'})
    assert [line.split(" (")[0] for line in found] == [
        "content/en/clusters/c.md:3: website: 'http://[^1]/' is not a web address",
        "content/en/clusters/c.md:5: 'https://[oops]/' is not an address",
        "content/en/clusters/c.md:5: link to 'https://[bad]/' removed"]


def test_a_body_over_its_budget_is_a_problem_of_its_file(monkeypatch):
    """Whatever no bound foresaw stops at the budget, with the file and the body's first line."""
    monkeypatch.setattr(body_module, "RENDERING_BUDGET", (0.2, 0))
    found, spent = checked("Text.\n\n" + "*a* " * 20_000)  # Python-Markdown rebuilds the paragraph at each match
    assert found == ["content/en/news/a.md:5: reading the text took more than 0.2 s of processor time (its shape is "
                     "one that Markdown reads slowly (long runs of unclosed brackets or tags, say): simplify it, or "
                     "split the article)"]
    assert spent < 1
    assert checked("Text.\n")[0] == []  # and the next body is read as usual


def test_the_bounds_agree_with_python_markdown_within_reach():
    """The replaced methods (core/bounds.py) give Python-Markdown's own results for every tag, link text and
    address shorter than MAX_SCAN: random texts of the characters that matter, rendered with each."""
    from markdown import htmlparser
    from markdown.extensions.attr_list import AttrListTreeprocessor
    from markdown.extensions.footnotes import FootnoteExtension
    from markdown.htmlparser import HTMLExtractor
    from markdown.inlinepatterns import BacktickInlineProcessor, LinkInlineProcessor

    replaced = [(HTMLExtractor, "check_for_whole_start_tag"), (LinkInlineProcessor, "getText"),
                (LinkInlineProcessor, "getLink"), (BacktickInlineProcessor, "find_code_spans"),
                (FootnoteExtension, "unique_ref"), (htmlparser._HTMLParser, "parse_pi"),
                (AttrListTreeprocessor, "HEADER_RE"), (AttrListTreeprocessor, "BLOCK_RE")]
    bounded = [getattr(owner, name) for owner, name in replaced]

    def rendered(text: str, originals: bool) -> str:
        for (owner, name), method in zip(replaced, bounded, strict=True):
            setattr(owner, name, method.original if originals else method)
        try:
            return markdown.markdown(text, extensions=list(SITE_MARKDOWN.extensions),
                                     extension_configs=SITE_MARKDOWN.configs)
        finally:
            for (owner, name), method in zip(replaced, bounded, strict=True):
                setattr(owner, name, method)

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(st.text(st.sampled_from("<a b=\"'/>[]()!\\ \n`x^1:{}?#"), max_size=80))
    def agree(text):
        assert rendered(text, originals=False) == rendered(text, originals=True)

    agree()
    parser = BoundedHTMLParser()
    parser.rawdata = "<a title=\"" + "x" * MAX_SCAN + "\">text"
    assert HTMLParser.check_for_whole_start_tag(parser, 0) == MAX_SCAN + 12  # Python's: a tag
    assert parser.check_for_whole_start_tag(0) == -1  # too long: text, as an unclosed tag is


SHAPES = ["<a ", "<b>", "</b>", "<", ">", "[", "]", "(", ")", "![", "](", "# ", "#", "!!! note\n", "---", "***", "___",
          "===", "* ", "- ", "1. ", "> ", "    ", "`", "``", "```", "~~~", "*", "_", "**", "&", "&amp;", ";", "\\", '"',
          "'", "=", "{: ", "{", "}", ".", "#x", "|", ":-", "[^1]", "[^1]: ", "<!--", "-->", "<![CDATA[", "<?", "<div markdown>",
          "</div>", "http://a.b", "<http://a", "a", "word ", " ", "\n", "\n\n", "\t", "é", ":", "@", "<a href=", "x=",
          "&#", "<br/>", "<p>", "</", "!", "/", "+", "~", "^"]
"""Pieces of Markdown and HTML syntax; the fuzzer repeats combinations of them, the shapes that made
Python-Markdown slow (found this way: `> `, `1. `, `<![`, ``` ````<a `` ```, `[^1]: <div markdown>`, and an
address that made urlsplit raise)."""


@pytest.fixture(scope="module")
def frozen_heap():
    """What the process holds before the examples below (its modules, earlier tests' objects) kept out of the
    garbage collector's sight (gc.freeze): each example's collection then looks at what the examples made, not
    at everything, 0.4-0.5 s a collection."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.lists(st.sampled_from(SHAPES), min_size=1, max_size=6).map("".join), min_size=1, max_size=3),
       opening=st.sampled_from(["", "Text.\n\n", "<div markdown>\n\n", "> ", "- "]))
def test_no_body_shape_takes_long(frozen_heap, parts, opening):
    """12 KB of any repetition of syntax is checked in well under a second (normal text: 10 ms), with every
    problem at file:line and the HTML sanitised; a new slow shape fails here, not in a pull request. (Many
    inline elements in one paragraph stay quadratic in Python-Markdown, which looks for each one's place
    among the others: '*{*' took 0.25 s at 12 KB; the budget stops it at larger sizes.)"""
    body = opening + "".join(part * (12_000 // len(part) // len(parts) + 1) for part in parts)
    gc.collect()  # the garbage of earlier examples is not this body's time
    gc.disable()
    try:
        started = time.process_time()
        check, _ = CHECKER.check(item_with(body))
        spent = time.process_time() - started
    finally:
        gc.enable()
    event(f"{'problems' if check.problems else 'published'}")
    assert spent < 0.5, f"{spent:.2f} s for {parts!r} after {opening!r}"
    assert all(problem.path == "content/en/news/a.md" and problem.line >= 5 for problem in check.problems)
    assert check.html is None or "<script" not in check.html


# Pictures ------------------------------------------------------------------------------------------------------

def gif_of_frames(width: int, height: int, frames: int) -> bytes:
    """A GIF whose screen is `width` × `height` with `frames` frames of one pixel each: a few bytes a frame,
    but every frame is decoded onto the whole screen."""
    out = bytearray(b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff")
    out += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\0\0\0"
    for number in range(frames):
        out += b"\x21\xf9\x04\x04\x0a\0\0\0" + b"\x2c" + struct.pack("<HHHH", number % width, 0, 1, 1) + b"\0"
        out += b"\x02\x02\x44\x01\x00"
    return bytes(out + b"\x3b")


def animation(size: tuple[int, int], frames: int, fmt: str = "GIF", **extra) -> bytes:
    pictures = [Image.new("RGB", size, (40 * number % 256, 90, 200 - 30 * number % 200)) for number in range(frames)]
    for number, picture in enumerate(pictures):
        picture.paste((250, 250, 250), (number * 20 % size[0], 0, number * 20 % size[0] + 10, size[1]))
    out = io.BytesIO()
    pictures[0].save(out, fmt, save_all=True, append_images=pictures[1:], duration=[100 + 10 * n for n in range(frames)],
                     loop=2, **extra)
    return out.getvalue()


@pytest.mark.parametrize("name,make,message", [  # made when the test runs, not in every worker that collects it
    ("bomb.gif", partial(gif_of_frames, 4999, 5000, 60),
     "the animation has 60 frames of 4999 × 5000 pixels, 1,500 million in all, more than 25 million"),
    ("many.gif", partial(gif_of_frames, 10, 10, 301), "the animation has 301 frames, more than 300"),
    ("big.webp", partial(animation, (1000, 1000), 26, "WEBP"),
     "the animation has 26 frames of 1000 × 1000 pixels, 26 million"),
])
def test_an_animation_is_bounded_by_all_its_frames(tmp_path, name, make, message):
    found = problems(tmp_path / "content", {f"assets/{name}": make()})
    assert len(found) == 1 and found[0].startswith(f"content/assets/{name}:1: {message}"), found


def test_an_animation_is_published_resized_under_the_cap(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "wide.gif").write_bytes(animation((3000, 300), 6, comment=b"SECRET"))
    maker = PictureMaker(tmp_path, tmp_path / "cache")
    assert maker.sizes("assets/wide.gif").full.width == MAX_WIDTH == 1600
    published = Image.open(maker.path("assets/wide.gif"))
    assert published.size == (1600, 160) and published.n_frames == 6 and published.info["loop"] == 2
    assert [(published.seek(n), published.info["duration"])[1] for n in range(6)] == [100, 110, 120, 130, 140, 150]
    assert b"SECRET" not in maker.path("assets/wide.gif").read_bytes()


SECRET_XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description exif:GPSLatitude="42,41.85N" '
              b'aux:SerialNumber="SECRET-SN"><dc:creator>SECRET Author</dc:creator></rdf:Description></rdf:RDF>'
              b'</x:xmpmeta>')


def camera_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112], exif[0x013B] = orientation, "SECRET Artist"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (42.0, 41.0, 51.0), "E", (23.0, 19.0, 0.0)
    exif.get_ifd(0x8769)[0xA431] = "SECRET-SERIAL"
    return exif


def photo(width: int = 1300, height: int = 900) -> Image.Image:
    picture = Image.new("RGB", (width, height), (200, 120, 40))
    picture.paste((20, 20, 20), (0, 0, width // 4, height))
    return picture


def iptc_segment() -> bytes:
    """A JPEG APP13 segment with IPTC's By-line."""
    records = b"\x1c\x02\x50\x00\x0dSECRET Author"
    resource = b"8BIM\x04\x04\x00\x00" + len(records).to_bytes(4, "big") + records + b"\x00" * (len(records) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload


def hostile_pictures() -> dict[str, bytes]:
    """Every kind of metadata, in every format: the word SECRET in each. The JPEG's colour profile cannot be
    read; the others' can, but carry more than a profile."""
    unreadable_profile = b"SECRET profile " * 40
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() + b"SECRET after the profile"
    jpeg = io.BytesIO()
    photo().save(jpeg, "JPEG", exif=camera_exif(), comment=b"SECRET comment", xmp=SECRET_XMP,
                 icc_profile=unreadable_profile)
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "SECRET Author")
    text.add_text("Comment", "SECRET comment", zip=True)
    text.add_itxt("XML:com.adobe.xmp", SECRET_XMP.decode())
    png = io.BytesIO()
    photo().save(png, "PNG", pnginfo=text, exif=camera_exif(1), icc_profile=profile)
    webp = io.BytesIO()
    photo().save(webp, "WEBP", exif=camera_exif(), xmp=SECRET_XMP, icc_profile=profile)
    gif = io.BytesIO()
    photo(600, 400).quantize(16).save(gif, "GIF", comment=b"SECRET comment")
    xmp_block = b"\x21\xff\x0bXMP DataXMP" + SECRET_XMP + bytes(range(255, -1, -1)) + b"\x00"
    data = jpeg.getvalue()
    return {"photo.jpg": data[:2] + iptc_segment() + data[2:] + b"SECRET trailer",
            "chart.png": png.getvalue() + b"SECRET after the end", "photo.webp": webp.getvalue(),
            "anim.gif": gif.getvalue()[:-1] + xmp_block + b"\x3b"}


def test_no_metadata_reaches_any_published_copy(tmp_path):
    """EXIF (GPS, serial, author), XMP, IPTC, comments, PNG text chunks, unreadable colour profiles and what
    follows a picture's end: in no copy, the picture at its own address included."""
    (tmp_path / "assets").mkdir()
    for name, data in hostile_pictures().items():
        (tmp_path / "assets" / name).write_bytes(data)
    maker = PictureMaker(tmp_path, tmp_path / "cache")
    for name in hostile_pictures():
        maker.sizes(f"assets/{name}")
    # each picture at its own address, its WebP copies (cards' 256 px too), its share card; the animation's still PNG
    assert len(maker.urls()) == 22
    for url in maker.urls():
        data = maker.path(url).read_bytes()
        assert b"SECRET" not in data, url
        copy = Image.open(io.BytesIO(data))
        assert not {"icc_profile", "comment", "exif", "xmp", "Author", "Comment"} & set(copy.info), (url, copy.info)
        assert not dict(copy.getexif()), url
    assert Image.open(maker.path("assets/photo.jpg")).size == (900, 1300)  # turned upright


def test_check_warns_of_personal_data_and_strip_metadata_removes_it_losslessly(tmp_path):
    pictures = hostile_pictures()
    root = write(tmp_path / "content", {f"assets/{name}": data for name, data in pictures.items()})
    write_minimal_config(tmp_path)
    assert [str(p) for p in load_content(root, LANGUAGES).problems] == [
        f"content/assets/{name}:1: the picture carries personal data: a GPS position, the camera's serial number, "
        f"the author's name{extra} (the site never shows it, but the repository does: remove it with cluster-news "
        f"strip-metadata content/assets/{name})"
        for name, extra in (("anim.gif", ""), ("chart.png", ""), ("photo.jpg", ""), ("photo.webp", ""))]
    env = prewarmed.environment(SOURCE_DATE_EPOCH="1751328000")
    one = prewarmed.run([CLUSTER_NEWS, "strip-metadata", "content/assets/photo.jpg"], cwd=tmp_path, env=env, timeout=60)
    assert (one.returncode, one.stdout) == (0, "content/assets/photo.jpg\n"), one.stderr
    rest = prewarmed.run([CLUSTER_NEWS, "strip-metadata"], cwd=tmp_path, env=env, timeout=60)
    assert rest.stdout.splitlines() == ["content/assets/anim.gif", "content/assets/chart.png", "content/assets/photo.webp"]
    assert load_content(root, LANGUAGES).problems == []
    for name, data in pictures.items():
        after = (root / "assets" / name).read_bytes()
        assert b"SECRET" not in after and len(after) < len(data), name
        with Image.open(io.BytesIO(data)) as before, Image.open(io.BytesIO(after)) as now:
            assert before.tobytes() == now.tobytes(), f"{name}: the same pixels"
            assert dict(now.getexif()) == ({0x0112: 6} if name in ("photo.jpg", "photo.webp") else {}), name
            assert ("icc_profile" in now.info) == (name in ("chart.png", "photo.webp")), f"{name}: a profile read is kept"
    again = prewarmed.run([CLUSTER_NEWS, "strip-metadata"], cwd=tmp_path, env=env, timeout=60)
    assert again.stdout == "" and "0 pictures" in again.stderr


# Check and the build, side by side ----------------------------------------------------------------------------

def hostile_site(site: FixtureSite) -> dict[str, str]:
    """A file for each case the build must refuse, beside the others; what each one's problem starts with."""
    event = "---\ntitle: Forum\nstart: 2025-06-01\n---\n"
    files: dict[str, tuple[str | bytes, str]] = {
        "en/news/.hidden.md": (news(), "content/en/news/.hidden.md:1: the name '.hidden.md' starts with '.'"),
        "en/events/forum\n.md": (event, "content/en/events/forum\\n.md:1: the name has an invisible or control"),
        "en/news/x\n::error title=Fake::All good\n::add-mask::content\n.md":
            (news(), "content/en/news/x\\n::error title=Fake::All good\\n::add-mask::content\\n.md:1: the name"),
        "assets/##[add-mask]secret.png": (PIXEL_PNG, "content/assets/\\x23#[add-mask]secret.png:1: the name"),
        "assets/bomb.gif": (gif_of_frames(4999, 5000, 60), "content/assets/bomb.gif:1: the animation has 60 frames"),
        "assets/" + "a" * 97 + ".png": (PIXEL_PNG, "content/assets/" + "a" * 97 + ".png:1: the name 'aaaaaaaa"),
        "assets/phone.jpg": (hostile_pictures()["photo.jpg"], "content/assets/phone.jpg:1: the picture carries personal"),
        "en/clusters/spoof.md": ('---\ntitle: Spoof\ncountry: ES\nwebsite: "https://bank.example/\u202egnp.exe"\n---\n',
                                 "content/en/clusters/spoof.md:4: website: contains U+202E RIGHT-TO-LEFT OVERRIDE"),
        "en/news/zero.md": (news(extra="summary: \"Pay\u200bPal\"\n"), "content/en/news/zero.md:4: summary: contains U+200B"),
        "en/events/far.md": (f"---\ntitle: Far\nstart: 2025-06-01\nlocation:\n  country: BG\n  latitude: {'9' * 5000}\n"
                             "  longitude: 1\n---\n", "content/en/events/far.md:6: location.latitude: expected a number"),
        "en/news/tags.md": (news("<a " * 40_000), "content/en/news/tags.md:5: more than 2000 HTML tags"),
        "en/news/headings.md": (news("# a\n" * 40_000), "content/en/news/headings.md:30: more than 25 headings"),
        "en/news/removed.md": (news("`<script>` is code.\n\n<b onclick=\"x()\">a</b>\n"),
                               "content/en/news/removed.md:7: onclick='x()' on <b> removed"),
    }
    for path, (data, _) in files.items():
        target = site.root / "content" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return {path: start for path, (_, start) in files.items()}


def test_check_and_the_build_refuse_every_hostile_file_alike_safely_and_quickly(fixture_site):
    expected = hostile_site(fixture_site)
    started = time.monotonic()
    checked = run(fixture_site, "check")
    built = fixture_site.build()
    assert time.monotonic() - started < 60  # 2-5 s each on this machine (docs/security.md); generous for CI
    assert not built.ok and not built.site.exists() and "Traceback" not in built.output + checked.stderr
    lines = {line for line in checked.stdout.splitlines() if line.startswith("content/")}
    assert lines == problems_of_build(built.output)
    for path, start in expected.items():
        assert [line for line in lines if line.startswith(start)], (path, start, sorted(lines))
    assert len(lines) == len(expected) + 1  # headings.md: too many in a paragraph, and in all
    assert not commands_in(checked.stdout + checked.stderr) and not commands_in(built.output)


def test_what_is_published_safely_is_published_safely(fixture_site):
    """A long number, markup in a summary, an animation wider than the cap, metadata that is not personal,
    a commit dated past year 9999, many tags within bounds: built, and published without harm."""
    assets = fixture_site.root / "content" / "assets"
    assets.mkdir(exist_ok=True)  # the fixture has its logo there
    (assets / "wide.gif").write_bytes(animation((3000, 300), 4, comment=b"SECRET"))
    jpeg = io.BytesIO()
    photo().save(jpeg, "JPEG", comment=b"SECRET comment", icc_profile=b"SECRET profile " * 40)
    (assets / "photo.jpg").write_bytes(jpeg.getvalue())
    summary = 'Read <img src="https://tracker.example/p.gif"> & this'
    fixture_site.write("en/news/a.md", {"title": "A", "date": "2025-06-01", "summary": summary, "tags": ["9" * 5000],
                                        "image": {"src": "assets/photo.jpg", "alt": "A photo"}},
                       "![An animation](assets/wide.gif)\n\n" + "<a " * 990 + "\n")
    root = fixture_site.root
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    for when in (1_700_000_000, 299_000_000_000):
        dated = {"GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"}
        subprocess.run(["git", "-c", "user.name=x", "-c", "user.email=x@example.org", "commit", "-q",
                        "--allow-empty", "-am", "x"], cwd=root, check=True, env={**os.environ, **dated})
    checked = run(fixture_site, "check")
    built = fixture_site.build()
    assert checked.returncode == 0 and built.ok, checked.stdout + built.output
    gif = Image.open(built.path_of("assets/wide.gif"))
    assert gif.size == (1600, 160) and gif.n_frames == 4
    for folder in ("assets", "pictures"):
        for published in built.site.joinpath(folder).rglob("*"):
            assert published.is_dir() or b"SECRET" not in published.read_bytes(), published
    feed = etree.fromstring(built.path_of("feed.xml").read_bytes())
    assert feed.find("channel/item/description").text == html.escape(summary, quote=False)
    assert "<a <a <a" in built.article("news/a/").get_text()  # shown as text
    assert built.html("news/a/").select_one(".cn-tags a").get_text() == "9" * 5000
