"""What editors write, built into a real site under a sub-path: pictures and links in bodies in every
language, plain pages, safe embeds; and what the build refuses before writing anything."""

from __future__ import annotations

import os
import re

import pytest
from lxml import etree

from conftest import LANGUAGES, SITE_URL, Built, build_site
from fixture_content import PIXEL_PNG

ROOTS = {lang: "" if lang == "en" else f"{lang}/" for lang in LANGUAGES}
HOSTILE_TITLE = "Про нас & <b>нас</b>"
BODY = """Intro.

![Map of the network](assets/sofia.png) ![Same map](../../assets/sofia.png) ![Again](/assets/sofia.png)

[Programme (PDF)](assets/programme.pdf) · [the forum](../events/forum.md) · [about us](../pro-nas.md)

| Day | Place |
|:---:|-------|
| 1 | Sofia |

Text with a note[^1].

[^1]: The note.

!!! warning "Registration"
    Places are limited.

<iframe src="https://www.youtube-nocookie.com/embed/abc123" title="Video" allowfullscreen></iframe>
"""


def write_editors_content(site) -> None:
    assets = site.root / "content" / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "sofia.png").write_bytes(PIXEL_PNG)
    (assets / "programme.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    site.write("en/events/forum.md", {"title": "Forum", "start": "2025-09-01"})
    for lang in LANGUAGES:
        site.write(f"{lang}/news/pictures.md", {"title": f"Pictures {lang}", "date": "2025-06-01"}, BODY)
    site.write("uk/pro-nas.md", {"title": HOSTILE_TITLE, "summary": "Хто ми <i>є</i>"}, "Мережа кластерів.\n")
    for lang in ("en", "bg", "ro", "pl"):
        site.write(f"{lang}/pro-nas.md", {"title": f"About {lang}"}, "Text.\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory, "editors", write_editors_content)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pictures_in_the_text_work_in_every_language_under_a_sub_path(built, lang):
    url = f"{ROOTS[lang]}news/pictures/"
    article = built.article(url)
    pictures = article.select(".md-content__inner p img")
    assert [img["alt"] for img in pictures] == ["Map of the network", "Same map", "Again"]
    for img in pictures:
        assert not img["src"].startswith("/"), "an absolute path would miss the sub-path"
        assert built.resolve(url, img["src"]) == "assets/sofia.png"
    links = {a.get_text(): built.resolve(url, a["href"]) for a in article.select("p a")}
    assert links["Programme (PDF)"] == "assets/programme.pdf"
    assert links["the forum"] == "events/forum/"  # only in English: the link leads there from every language
    assert links["about us"] == f"{ROOTS[lang]}pro-nas/"
    assert built.exists("assets/sofia.png") and built.exists("assets/programme.pdf")


def test_markdown_features_editors_need_survive_sanitising(built):
    article = built.article("uk/news/pictures/")
    assert article.select_one("table th")["align"] == "center"
    assert article.select_one("sup a.footnote-ref") and article.select_one("div.footnote li[id]")
    assert article.select_one("div.admonition.warning p.admonition-title").get_text() == "Registration"
    frame = article.select_one("iframe")
    assert frame["src"] == "https://www.youtube-nocookie.com/embed/abc123" and frame.has_attr("allowfullscreen")
    assert not article.select("[style]") and not article.select("[onclick], [onerror], [onload]")


def test_a_plain_page_is_a_page_like_any_other(built):
    page = built.html("uk/pro-nas/")
    assert page.title.get_text().startswith(HOSTILE_TITLE)
    assert page.select_one("article h1").get_text() == HOSTILE_TITLE
    assert not page.select("title b, article h1 b, head b")
    assert page.head.select_one('meta[property="og:title"]')["content"] == HOSTILE_TITLE
    assert page.head.select_one('meta[name="description"]')["content"] == "Хто ми <i>є</i>"
    assert page.select_one("[data-pagefind-body]") is not None
    switcher = {a["hreflang"]: built.resolve("uk/pro-nas/", a["href"]) for a in page.select("a.md-select__link")}
    assert switcher == {lang: f"{ROOTS[lang]}pro-nas/" for lang in LANGUAGES}
    sitemap = etree.parse(str(built.path_of("uk/sitemap.xml")))
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{SITE_URL}uk/pro-nas/" in locs
    assert all(loc.isascii() for loc in locs)


REFUSED = [
    ("uk/news/x.md", "<script>alert(1)</script>\n", "content/uk/news/x.md:5: <script> removed"),
    ("bg/news/x.md", "Text\n{: onmouseover=\"alert(1)\" }\n", "content/bg/news/x.md:6: onmouseover='alert(1)'"),
    ("ro/news/x.md", "[x](javascript:alert(document.cookie))\n", "content/ro/news/x.md:5: link to 'javascript:"),
    ("pl/news/x.md", "![x](missing.png)\n", "content/pl/news/x.md:5: picture 'missing.png' not found"),
]


def errors_of(output: str) -> list[str]:
    return [re.sub(r"^ERROR +- +", "", line) for line in output.splitlines() if re.match(r"^ERROR +- +content/", line)]


def test_hostile_or_broken_bodies_stop_every_build_before_anything_is_written(fixture_site):
    """Each refused body in a file of its own, side by side: each is a content error at its line, and
    the content's errors stop the strict build and the preview's alike."""
    for path, body, _ in REFUSED:
        fixture_site.write(path, {"title": "X", "date": "2025-01-01"}, body)
    for strict in (True, False):
        built = fixture_site.build(strict=strict)
        assert not built.ok and "Traceback" not in built.output
        errors = errors_of(built.output)
        assert len(errors) == len(REFUSED), errors
        for _, _, message in REFUSED:
            assert [error for error in errors if error.startswith(message)], (message, built.output)
        assert f"the content has {len(REFUSED)} errors, 0 warnings" in built.output
        assert not built.site.exists()


LINKED = ["/etc/passwd", "/proc/self/environ", "../../mkdocs.yml"]


def test_symbolic_links_publish_nothing(fixture_site):
    assets = fixture_site.root / "content" / "assets"
    assets.mkdir(exist_ok=True)
    for number, target in enumerate(LINKED):
        os.symlink(target, assets / f"leak-{number}.jpg")
    built = fixture_site.build(strict=False)
    assert not built.ok
    assert sorted(error.split(" (links are")[0] for error in errors_of(built.output)) == [
        f"content/assets/leak-{number}.jpg:1: is a symbolic link (to {target!r})" for number, target in enumerate(LINKED)]
    assert not built.site.exists()


def test_files_that_could_run_code_are_refused(fixture_site):
    (fixture_site.root / "content" / "evil.html").write_text("<script>alert(1)</script>")
    bundle = fixture_site.root / "content" / "assets" / "javascripts"
    bundle.mkdir(parents=True)
    (bundle / "bundle.f1a2b3c4.min.js").write_text("alert(1)")
    built = fixture_site.build(strict=False)
    assert "content/evil.html:1: files of type '.html' cannot be published" in built.output
    assert "content/assets/javascripts/bundle.f1a2b3c4.min.js:1: files of type '.js'" in built.output
    assert not built.ok and not built.site.exists()
