"""The Content-Security-Policy: on every HTML page the build writes, first in <head>, with the hashes of
exactly the theme's inline scripts; the embeds option; the preview's live-reload script.
(What Chromium does with the policy is in test_browser_csp.py.)"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess

import pytest
import yaml
from bs4 import BeautifulSoup

from cluster_news.core.csp import ContentSecurityPolicy, allow_script, inline_script_hashes

from conftest import LANGUAGES, MKDOCS, SITE_URL, Built, build_site
from fixture_content import write_fixture_content
from test_serve import free_port, wait_for

DEFAULT_FRAMES = "frame-src https://www.youtube-nocookie.com https://player.vimeo.com https://www.openstreetmap.org"
JAVASCRIPT = {None, "", "module", "text/javascript"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory, "fixture", write_fixture_content)


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        assert name not in parsed, f"{name} twice"
        parsed[name] = values
    return parsed


def policy_of(soup: BeautifulSoup) -> str:
    metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert len(metas) == 1
    return metas[0]["content"]


def test_every_html_page_carries_the_policy_before_anything_it_governs(built):
    pages = sorted(built.site.rglob("*.html"))
    assert len(pages) == len(built.pages()) + len(LANGUAGES)  # and a 404.html per language
    for path in pages:
        page = built.tree(path.relative_to(built.site).as_posix().removesuffix("index.html"))
        first = [element for element in page.head if isinstance(element.tag, str)][:2]  # elements, not comments
        assert first[0].tag == "meta" and first[0].get("charset") == "utf-8", path
        assert first[1].get("http-equiv") == "Content-Security-Policy", path
        policies = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert len(policies) == 1, path
        policy = directives(policies[0])
        # The theme's scripts, found by another parser: executable inline scripts outside the article.
        theirs = [script for script in page.iter("script") if not script.get("src")
                  and script.get("type") in JAVASCRIPT and not script.xpath("ancestor::article")]
        assert theirs, path
        hashes = [sha256(script.text) for script in theirs]
        assert policy.pop("script-src") == ["'self'", *dict.fromkeys(hashes), "'wasm-unsafe-eval'"], path
        assert policy == {
            "default-src": ["'self'"], "img-src": ["'self'", "data:"], "frame-src": DEFAULT_FRAMES.split()[1:],
            "object-src": ["'none'"], "base-uri": ["'none'"], "form-action": ["'self'"],
        }, path


def test_the_search_page_has_no_inline_script(built):
    for lang in LANGUAGES:
        url = f"{'' if lang == 'en' else lang + '/'}search/"
        soup = built.html(url)
        assert all(script.get("src") or script.get("type") == "application/ld+json"
                   for script in soup.select_one("article").find_all("script")), "an inline script"
        scripts = [built.resolve(url, script["src"]) for script in soup.find_all("script", src=True)]
        assert "assets/cluster-news-search.js" in scripts
        form = soup.select_one("article [data-cn-search]")
        assert json.loads(form["data-cn-search"])  # its words, as data: nothing to run
        assert built.resolve(url, form["data-cn-bundle"]) == "pagefind/"
    assert (built.site / "assets" / "cluster-news-search.js").is_file()


def test_each_404_page_leads_to_every_languages_home(built):
    homes = {lang: SITE_URL + ("" if lang == "en" else f"{lang}/") for lang in LANGUAGES}
    for lang in LANGUAGES:
        soup = built.html(f"{'' if lang == 'en' else lang + '/'}404.html")
        # No hreflang alternates: the page is served at any address, and Material would fetch their sitemaps.
        assert soup.select('head link[rel="alternate"][hreflang]') == []
        switcher = soup.select("a.md-select__link")
        assert {link["hreflang"]: link["href"] for link in switcher} == homes
        assert [link["hreflang"] for link in switcher if link.get("aria-current")] == [lang]


def test_only_the_themes_inline_scripts_are_hashed():
    page = ('<html><head><meta charset="utf-8"><script>var theme = 1;</script>'
            '<script type="application/json">{"data": 1}</script></head><body>'
            '<article><p>Text</p><script>alert("editor")</script></article>'
            '<script type="module">import "./x.js";</script><script src="a.js"></script>'
            '<script type="application/ld+json">{"@type": "Event"}</script></body></html>')
    article = '<article><p>Text</p><script>alert("editor")</script></article>'
    assert inline_script_hashes(page) == [sha256("var theme = 1;"), sha256('alert("editor")'),
                                          sha256('import "./x.js";')]
    with_policy = ContentSecurityPolicy(["maps.example.org"]).apply(page, untrusted=article)
    policy = directives(BeautifulSoup(with_policy, "lxml").find("meta", attrs={"http-equiv": True})["content"])
    assert policy["script-src"] == ["'self'", sha256("var theme = 1;"), sha256('import "./x.js";'),
                                    "'wasm-unsafe-eval'"]
    assert policy["frame-src"] == ["https://maps.example.org"]
    assert ContentSecurityPolicy([]).policy([]).split("; ")[3] == "frame-src 'none'"
    with pytest.raises(ValueError, match="cannot be told apart"):
        ContentSecurityPolicy([]).apply(page, untrusted="<p>Not in the page</p>")


def test_scripts_are_read_as_a_browsers_tokenizer_reads_them():
    page = ("<head><SCRIPT TYPE='Text/JavaScript' data-note=\"a > b\">var upper = 1;</SCRIPT >"
            '<script language="javascript">var old = 1;</script>'
            "<script type=text/plain>not run</script><script\nsrc=x.js></script><scripts>no</scripts>"
            '<script>var text = "<b>";</script/></head>')
    assert inline_script_hashes(page) == [sha256("var upper = 1;"), sha256("var old = 1;"),
                                          sha256('var text = "<b>";')]


@pytest.mark.parametrize("host", ["https://maps.example.org", "*.example.org", "maps.example.org/embed",
                                  "maps.example.org; script-src *", "Maps.Example.org", "localhost"])
def test_embeds_must_be_plain_host_names(host):
    with pytest.raises(ValueError, match="is not a host name"):
        ContentSecurityPolicy([host])


def set_embeds(fixture_site, embeds) -> None:
    config = fixture_site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert len(re.findall(r"^      embeds: .*$", text, flags=re.MULTILINE)) == 1
    config.write_text(re.sub(r"^      embeds: .*$", f"      embeds: {json.dumps(embeds)}", text, flags=re.MULTILINE),
                      encoding="utf-8")
    assert yaml.load(config.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # still YAML


def test_the_embeds_option_sets_frame_src(fixture_site):
    set_embeds(fixture_site, ["www.openstreetmap.org", "media.example.eu"])
    result = fixture_site.build()
    assert result.ok, result.output
    for url in ("", "uk/", "404.html"):
        policy = directives(policy_of(result.html(url)))
        assert policy["frame-src"] == ["https://www.openstreetmap.org", "https://media.example.eu"]


def test_a_bad_embed_host_stops_the_build_with_a_clear_message(fixture_site):
    set_embeds(fixture_site, ["https://www.youtube.com/embed"])
    result = fixture_site.build()
    assert not result.ok
    assert "embeds: 'https://www.youtube.com/embed' is not a host name" in result.output
    assert "Traceback" not in result.output


def test_the_preview_allows_its_live_reload_script_and_nothing_else(fixture_site):
    port = free_port()
    # The preview's site folder (MkDocs makes it in TMPDIR and leaves it behind when stopped) in the test's.
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(fixture_site.root.parent)}
    server = subprocess.Popen([str(MKDOCS), "serve", "-a", f"127.0.0.1:{port}"], cwd=fixture_site.root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = wait_for(f"http://127.0.0.1:{port}/clusters-site/uk/", lambda text: "livereload(" in text)
    finally:
        server.terminate()
        server.wait(timeout=30)
    soup = BeautifulSoup(page, "lxml")
    live_reload = soup.find_all("script")[-1].string
    assert "livereload(" in live_reload
    hashes = directives(policy_of(soup))["script-src"][1:-1]
    built = fixture_site.build()
    assert hashes == [sha256(live_reload), *directives(policy_of(built.html("uk/")))["script-src"][1:-1]]


def test_a_script_is_allowed_whichever_way_the_policy_writes_its_quotes():
    """The web editor's page writes its policy with the quotes as character references, the readers' pages
    as quotes: either is read as the browser reads it."""
    script = "livereload(1, 2);"
    for written in ("script-src 'self'", "script-src &#x27;self&#x27;", "default-src &#x27;none&#x27;"):
        page = f'<html><head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="{written}">'
        soup = BeautifulSoup(allow_script(page + "</head><body></body></html>", script), "lxml")
        policy = directives(policy_of(soup))
        assert policy["script-src"] == (["'self'", sha256(script)] if "self" in written else [sha256(script)])
        assert policy.get("default-src", ["'none'"]) == ["'none'"]
