"""The editors' preview (`make serve`, `mkdocs serve`): drafts marked as drafts, problems shown on the
page while the content has errors, recovery on the next save, and the address the README gives."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bs4 import BeautifulSoup

from cluster_news.core import wordforms

from conftest import LANGUAGES, MKDOCS, REPO, SITE_URL, has_class
from fixture_content import write_fixture_content


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str] | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, condition, timeout: float = 120) -> str:
    """The page at `url` once `condition(text)` holds (the preview rebuilds after a save)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = fetch(url)
        if last is not None and condition(last[1]):
            return last[1]
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed what was expected; last: {last and last[1][:500]}")


@contextmanager
def serving(root, port: int, scratch: Path, command: list[str] | None = None):
    """`mkdocs serve` (or `command`) in `root`; the preview's site folder, which MkDocs makes in TMPDIR and
    leaves behind when stopped, goes to `scratch`."""
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(scratch)}
    server = subprocess.Popen(command or [str(MKDOCS), "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        yield
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def _draft_badges(page: str) -> list[tuple[str, str]]:
    """(the entry's title, the badge's words) for every entry of the page marked as a draft."""
    soup = BeautifulSoup(page, "lxml")
    return [(badge.find_previous("a").get_text(strip=True), badge.get_text()) for badge in soup.select(".cn-draft-badge")]


def test_drafts_are_marked_wherever_the_preview_lists_them_and_a_published_build_has_none(fixture_site):
    """The newest news is a draft: the home page's lead story and the first of the news list, in every
    language (where it is marked in the page's language); a draft event in the month's calendar and the
    list of events. Each with a badge, and the draft's own page with a notice; the published site has neither
    the drafts nor a badge."""
    fixture_site.write("en/news/published.md", {"title": "Published news", "date": "2025-01-01"})
    fixture_site.write("en/news/lead.md", {"title": "Draft lead", "date": "2025-06-01", "draft": True})
    fixture_site.write("en/events/meeting.md", {"title": "Draft meeting", "start": "2025-06-10", "draft": True})
    port = free_port()
    with serving(fixture_site.root, port, fixture_site.root.parent):
        base = f"http://127.0.0.1:{port}/clusters-site/"
        home = wait_for(base, lambda text: "Draft lead" in text)
        assert "Draft: this page is shown only in the local preview." in fetch(f"{base}news/lead/")[1]
        lead = BeautifulSoup(home, "lxml").select_one(".cn-lead__title")
        assert lead.a.get_text() == "Draft lead" and lead.select_one(".cn-draft-badge").get_text() == "Draft"
        assert ("Draft lead", "Draft") in _draft_badges(fetch(f"{base}news/")[1])
        assert ("Published news", "Draft") not in _draft_badges(fetch(f"{base}news/")[1])
        assert ("Draft meeting", "Draft") in _draft_badges(fetch(f"{base}events/")[1])
        assert ("Draft meeting", "Draft") in _draft_badges(fetch(f"{base}events/2025/06/")[1])
        for lang, words in {"uk": "Чернетка", "bg": "Чернова", "ro": "Ciornă", "pl": "Szkic"}.items():
            assert ("Draft lead", words) in _draft_badges(fetch(f"{base}{lang}/")[1]), lang
    built = fixture_site.build()
    assert built.ok and not built.exists("news/lead/") and not built.exists("events/meeting/")
    for url in built.pages():  # the draft's title nowhere in the page, not even in its markup
        assert not built.tree(url).xpath(f"//*[{has_class('cn-draft-badge')}]"), url
        assert "Draft lead" not in built.path_of(url).read_text(encoding="utf-8"), url


def test_preview_shows_problems_instead_of_hanging_and_recovers_on_the_next_save(fixture_site):
    article = fixture_site.write("uk/news/zustrich.md", {"title": "Зустріч", "date": "2025-01-01"}, "Текст.\n")
    port = free_port()
    with serving(fixture_site.root, port, fixture_site.root.parent):
        base = f"http://127.0.0.1:{port}/clusters-site/"
        wait_for(f"{base}uk/news/zustrich/", lambda text: "Зустріч" in text)
        article.write_text("---\ntitle: Зустріч\ndate: 2025-02-30\n---\nТекст.\n", encoding="utf-8")
        page = wait_for(f"{base}uk/news/zustrich/", lambda text: "cn-preview-problems" in text, timeout=60)
        assert "Цю сторінку поки не можна показати" in page  # in the page's language, the problems too
        problem = " ".join(BeautifulSoup(page, "lxml").select_one(".cn-problem").get_text().split())
        assert problem == "content/uk/news/zustrich.md:3 date: '2025-02-30' — такої дати не існує " \
                          "(пишіть YYYY-MM-DD, наприклад 2025-06-30)"
        elsewhere = fetch(f"{base}news/")  # any other address: the 404 page, with the same list (in English there)
        assert elsewhere[0] == 404 and "content/uk/news/zustrich.md:3" in elsewhere[1]
        assert "date: '2025-02-30' is not a real date (use YYYY-MM-DD, e.g. 2025-06-30)" in \
            " ".join(BeautifulSoup(elsewhere[1], "lxml").get_text().split())
        article.write_text("---\ntitle: Зустріч\ndate: 2025-02-28\nsumary: x\n---\nТекст.\n", encoding="utf-8")
        page = wait_for(f"{base}uk/news/zustrich/", lambda text: ">Зустріч</h1>" in text, timeout=60)
        # Warnings do not stop the preview; they are shown above the page they belong to.
        assert "Виправте перед публікацією" in page and "<strong>sumary</strong>: невідоме поле, пропущено" in page
        assert fetch(f"{base}news/")[0] == 200


def test_the_readme_gives_the_address_make_serve_really_uses_and_the_web_editor_is_there(fixture_site, tmp_path):
    """README.md's address of `make serve`, and the web editor's as docs/web-editor-setup.md says to try it
    (`make serve`, then /admin/?original=en): served, with its own policy, without the preview's live-reload
    script (a rebuild after a save in the editor must not reload the editor's page). The repository's Makefile,
    environment and web editor, with a fixture site's content (the repository's would cost what it holds)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    address = re.search(r"make serve\s+# live preview at (http://[\d.]+:(\d+)(/\S*))", readme)
    assert address, "README.md must say where `make serve` shows the site"
    setup = (REPO / "docs" / "web-editor-setup.md").read_text(encoding="utf-8")
    editor = re.search(r"Open `http://127\.0\.0\.1:8000(/admin/\?original=en)`", setup)
    assert editor, "docs/web-editor-setup.md must say where to try the web editor"
    for name in ("Makefile", "requirements.txt", "pyproject.toml", ".venv", "admin"):
        (fixture_site.root / name).symlink_to(REPO / name)
    port = free_port()
    with serving(fixture_site.root, port, tmp_path, ["make", "--silent", "serve", f"SERVE_ADDRESS=127.0.0.1:{port}"]):
        page = wait_for(f"http://127.0.0.1:{port}{address.group(3)}", lambda text: "<html" in text, timeout=240)
        status, admin = fetch(f"http://127.0.0.1:{port}{editor.group(1)}")
    assert 'lang="en"' in page and "livereload(" in page
    assert status == 200, admin[:2000]
    soup = BeautifulSoup(admin, "lxml")
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert policy.startswith("default-src 'none'; script-src 'self' 'sha256-")
    assert "livereload(" not in admin and soup.find("script", src="setup.js") is not None


def _served_files(site_dir: Path) -> dict[str, bytes]:
    """Every file of a preview's site folder, except the search index and its word forms (rebuilt by full
    builds only)."""
    return {path.relative_to(site_dir).as_posix(): path.read_bytes() for path in sorted(site_dir.rglob("*"))
            if path.is_file() and path.relative_to(site_dir).parts[0] not in ("pagefind", wordforms.FOLDER)}


def _serve_into(root: Path, port: int, tmp: Path):
    """`mkdocs serve` whose site folder (a temporary folder MkDocs makes) is the only one in `tmp`; what it
    says goes to tmp/serve.log."""
    tmp.mkdir()
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp)}
    with open(tmp / "serve.log", "w") as log:
        return subprocess.Popen([str(MKDOCS), "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _wait_for_log(log: Path, words: str, after: str = "", timeout: float = 60, poll: float = 0.3) -> None:
    deadline = time.monotonic() + timeout
    while words not in (log.read_text(encoding="utf-8").partition(after)[2] if after else log.read_text(encoding="utf-8")):
        assert time.monotonic() < deadline, f"the preview never said {words!r}"
        time.sleep(poll)


def test_after_edits_of_words_the_preview_is_what_a_fresh_preview_would_show(fixture_site, tmp_path):
    """The preview rebuilds only the pages an edit of an article's words or dates changed
    (adapter/incremental.py): after a series of edits, every file it serves is the same as in a preview
    started afresh."""
    write_fixture_content(fixture_site)
    content = fixture_site.root / "content"
    port = free_port()
    base = f"http://127.0.0.1:{port}/clusters-site/"
    server = _serve_into(fixture_site.root, port, tmp_path / "edited")
    log = tmp_path / "edited" / "serve.log"
    try:
        # Saved while the first build runs, after it read the files (MkDocs empties the site folder after
        # on_config): MkDocs' watcher starts after that build, and the preview builds again for it.
        _wait_for_log(log, "Cleaning site directory", poll=0.02)
        _edit(content / "en/news/filler-05.md", "Filler news 05", "Filler news five")
        wait_for(f"{base}news/filler-05/", lambda text: "Filler news five" in text, timeout=60)
        wait_for(f"{base}news/mapping-workshop/", lambda text: "Mapping the Ukrainian" in text)
        _edit(content / "en/news/filler-03.md", "2025-05-03", "2025-06-28")  # the newest: first in every list
        for page in ("", "news/", "uk/"):  # the homes and the news list's first page, which never linked it
            wait_for(f"{base}{page}", lambda text: "Filler news 03" in text, timeout=60)
        # An event in progress postponed: now upcoming, in another month, in a new place in every list.
        event = content / "en/events/in-progress.md"
        event.write_text(event.read_text(encoding="utf-8").replace("2025-06-30", "2025-08-04")
                         .replace("2025-07-02", "2025-08-06"), encoding="utf-8")
        wait_for(f"{base}events/2025/08/", lambda text: "Week in progress" in text, timeout=60)
        webinar = content / "uk/events/webinar.md"  # moved within its month
        webinar.write_text(webinar.read_text(encoding="utf-8").replace("2025-07-10T", "2025-07-24T"), encoding="utf-8")
        wait_for(f"{base}uk/events/webinar/", lambda text: 'datetime="2025-07-24' in text, timeout=60)
        _edit(content / "en/news/mapping-workshop.md", "title: Mapping", "title: Charting")
        wait_for(f"{base}news/", lambda text: "Charting the Ukrainian" in text, timeout=60)
        _edit(content / "en/news/mapping-workshop.md", "---\nText.", "---\nText, and a new paragraph.")
        wait_for(f"{base}news/mapping-workshop/", lambda text: "a new paragraph" in text, timeout=60)
        _edit(content / "ro/news/deep-dive-oslo.md", "Zilele Deep Dive", "Săptămâna Deep Dive")  # in every list
        wait_for(f"{base}uk/news/", lambda text: "Săptămâna Deep Dive" in text, timeout=60)
        # A news item in a language other than the default, from the top of every news list to its second
        # page (every language's), of its tag's list and its filters' lists, and of its language's sitemap.
        _edit(content / "ro/news/deep-dive-oslo.md", "2025-06-20", "2025-04-20")
        wait_for(f"{base}uk/news/page/2/", lambda text: "Săptămâna Deep Dive" in text, timeout=60)
        # One version of a translated news item: it moves in the lists of its language only, which show it;
        # the others show their own version (English, Romanian) or the English one (Bulgarian, Polish).
        _edit(content / "uk/news/mapping-workshop.md", "2025-06-12", "2025-04-12")
        wait_for(f"{base}uk/news/mapping-workshop/", lambda text: 'datetime="2025-04-12' in text, timeout=60)
        _edit(content / "en/events/deep-dive-days.md", "Deep Dive Days", "Deep Dive Week")  # calendars too
        wait_for(f"{base}events/", lambda text: "Deep Dive Week" in text, timeout=60)
        _edit(content / "uk/events/webinar.md", "Вебінар про", "Вебінар щодо")
        wait_for(f"{base}uk/events/", lambda text: "Вебінар щодо" in text, timeout=60)
        for path in ("ro/news/deep-dive-oslo.md", "bg/events/spinoff-bulgaria-2024.md"):  # saved as they were
            (content / path).write_bytes((content / path).read_bytes())
            _wait_for_log(log, "Reloading browsers", after=f"content/{path}" if "events" in path else "nothing changed")
        edited = _served_files(next((tmp_path / "edited").glob("mkdocs_*")))
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    said = log.read_text(encoding="utf-8")
    # Every edit rebuilt some pages only (the one during the first build too); the news saved as it was,
    # nothing; the event saved as it was, its calendars (outside git, their stamps are the time of the save).
    assert said.count("saved during the first build") == 1, said
    assert said.count("changed: building") == 12 and said.count("nothing changed") == 1, said
    assert re.search(r"uk/news/mapping-workshop\.md changed: building \d+ pages in uk again", said), said
    server = _serve_into(fixture_site.root, port, tmp_path / "fresh")
    try:
        wait_for(f"{base}uk/events/", lambda text: "Вебінар щодо" in text)
        fresh = _served_files(next((tmp_path / "fresh").glob("mkdocs_*")))
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    assert edited.keys() == fresh.keys()
    assert [path for path in fresh if edited[path] != fresh[path]] == []


def test_a_preview_with_errors_serves_nothing_from_content(fixture_site):
    """Files the site refuses to publish are among a hostile pull request's errors: the preview of it must
    not serve them at its address, where the reviewer's browser would run their scripts (no policy there)."""
    (fixture_site.root / "content" / "evil.html").write_text("<script>alert(document.domain)</script>")
    (fixture_site.root / "content" / "assets").mkdir(exist_ok=True)
    (fixture_site.root / "content" / "assets" / "map.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    port = free_port()
    with serving(fixture_site.root, port, fixture_site.root.parent):
        base = f"http://127.0.0.1:{port}/clusters-site/"
        wait_for(base, lambda text: "content/evil.html" in text)  # the problems, listed on the home page
        for address in ("evil.html", "assets/map.svg"):
            status, text = fetch(base + address)
            assert status == 404 and "alert(" not in text, address


ARRIVED = "was saved during this build: the next build shows it"
"""What the preview says of a file that came between its reading of the content and a language's pass."""


def test_files_created_while_the_preview_rebuilds_are_shown_without_an_error(fixture_site, tmp_path):
    """New articles saved one after another, each while the preview is still building the site for the
    ones before (each language's pass lists the files when it starts, seconds after the content was
    read): no ERROR, no stuck server; every article is shown once the preview has caught up. The saves go
    on for 8 s at most, and stop once two builds have met files saved meanwhile: each further build would
    meet them the same way, at the cost of a whole site's build."""
    write_fixture_content(fixture_site)
    content = fixture_site.root / "content"
    port = free_port()
    base = f"http://127.0.0.1:{port}/clusters-site/"
    server = _serve_into(fixture_site.root, port, tmp_path / "serve")
    log = tmp_path / "serve" / "serve.log"
    try:
        wait_for(base, lambda text: "<html" in text)
        _wait_for_log(log, "Serving on")
        written = []
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and _builds_that_met_a_new_file(log) < 2:
            number = len(written)
            lang = LANGUAGES[number % len(LANGUAGES)]
            path = content / lang / "news" / f"arrival-{number}.md"
            path.parent.mkdir(exist_ok=True)
            path.write_text(f"---\ntitle: Arrival {number}\ndate: 2025-05-{1 + number % 28:02}\n---\nText.\n",
                            encoding="utf-8")
            written.append((lang, number))
            time.sleep(0.25)
        for lang, number in written:
            prefix = "" if lang == "en" else f"{lang}/"
            wait_for(f"{base}{prefix}news/arrival-{number}/", lambda text, n=number: f"Arrival {n}</h1>" in text,
                     timeout=120)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    said = log.read_text(encoding="utf-8")
    assert "ERROR" not in said and "belongs to no page" not in said and "Traceback" not in said, said


def _builds_that_met_a_new_file(log: Path) -> int:
    """How many of the preview's builds so far left out a file saved while they ran (the log's builds start
    with 'Building documentation')."""
    builds = log.read_text(encoding="utf-8").split("Building documentation")
    return sum(ARRIVED in build for build in builds)


def test_a_busy_address_is_said_in_one_line_before_anything_is_built(tmp_path):
    """Another program listens where `make serve` would: the command ends at once with one plain line that
    gives the command for a free address, instead of building the whole site and
    ending in a traceback."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp_path)}
        started = time.monotonic()
        result = subprocess.run(["make", "--silent", "serve", f"SERVE_ADDRESS=127.0.0.1:{port}"], cwd=REPO, env=env,
                                capture_output=True, text=True, timeout=120)
        took = time.monotonic() - started
    said = [line for line in result.stdout.splitlines() if line.strip()]
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    assert len(said) == 1 and said[0].startswith(f"The preview cannot use 127.0.0.1:{port}: "), result.stdout
    suggested = re.search(r"make serve SERVE_ADDRESS=(127\.0\.0\.1:(\d+)) \(without make: mkdocs serve --dev-addr \1\)$",
                          said[0])
    assert suggested and int(suggested.group(2)) != port
    assert "Documentation built" not in result.stderr and "Building 'en' documentation" not in result.stderr
    assert took < 60, f"{took:.0f} s: something was built first"
