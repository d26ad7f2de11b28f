"""The web editor at /admin/ (Sveltia CMS) in Chromium, end to end, offline.

The CMS runs in its local-repository mode, which works on a folder through the browser's File System
Access API. A headless browser cannot click through the operating system's folder picker, so the
picker is answered with a folder of the browser's origin-private file system, filled with a copy of a
temporary git clone; what the CMS writes there is copied into a copy of the clone, which must then pass
`cluster-news check`, build with --strict and show the new pages with their translations."""

from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import yaml
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cluster_news.core import metadata
from cluster_news.core.cms import choice_label
from cluster_news.core.schema import NETWORK_TIME_ZONES, STATUS, writing_order
from cluster_news.core.slugs import slugify
from test_untrusted_content import SECRET_XMP, camera_exif, photo

import prewarmed
from browser import require_chromium, serve
from conftest import CLUSTER_NEWS, LANGUAGES, REPO, SITE_URL, Built, FixtureSite
from fixture_content import PIXEL_PNG, picture_png
from test_serve import fetch, free_port, serving, wait_for

NODE_MODULES = REPO / "admin" / "node_modules"

# Answers the folder picker with <origin-private file system>/repo.
PICKER = "window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('repo');"
# Chromium without the View Transitions API, as a browser that lacks it: the CMS then changes views at once,
# its own way for such browsers (`if (!document.startViewTransition) ...`), to the same views and files. With
# the API, every change of view takes a snapshot of the whole window and cross-fades it for a quarter of a
# second, and headless Chromium composites each frame of that in software: some 0.4 s of CPU a change of view
# (perf: Chromium's compositor thread took a third of these tests' CPU). The end-to-end test keeps the API
# (`view_transitions=True`), as editors' Chromium has it.
NO_VIEW_TRANSITIONS = "delete Document.prototype.startViewTransition;"
FILL = """async files => {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry('repo', {recursive: true}).catch(() => {});
  const repo = await root.getDirectoryHandle('repo', {create: true});
  for (const [path, data] of Object.entries(files)) {
    const parts = path.split('/');
    let folder = repo;
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, {create: true});
    const writable = await (await folder.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writable.write(Uint8Array.from(atob(data), c => c.charCodeAt(0)));
    await writable.close();
  }
}"""
# The contents of a file handle, in base64 (bytes, whatever the text encoding).
BASE64 = """async handle => {
  const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}"""
# Every file of the folder, as [path, handle], those the CMS is still writing included.
FILE_HANDLES = """async () => {
  const out = [];
  const walk = async (folder, prefix) => {
    for await (const [name, handle] of folder.entries()) {
      if (handle.kind === 'directory') await walk(handle, prefix + name + '/');
      else out.push([prefix + name, handle]);
    }
  };
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('repo'), '');
  return out;
}"""
# Every file's path in the folder.
LIST = """async () => (await (""" + FILE_HANDLES + """)()).map(([path]) => path)"""
# Every file of the folder, by path, in base64. The CMS writes a new file as .sveltia-tmp-<id> and then
# renames it: such files, and any that is renamed while the folder is read, are not (or not yet) part of it.
READ = """async () => {
  const base64 = """ + BASE64 + """;
  const out = {};
  for (const [path, handle] of await (""" + FILE_HANDLES + """)()) {
    if (path.split('/').at(-1).startsWith('.sveltia-tmp-')) continue;
    try {
      out[path] = await base64(handle);
    } catch (error) {
      // Renamed or changed while read (the CMS is writing it): not part of the folder yet.
      if (error.name !== 'NotFoundError' && error.name !== 'NotReadableError') throw error;
    }
  }
  return out;
}"""
# True once the form shows the field with this key path; until then, scrolls the form to its end.
REVEAL = """keyPath => {
  const fields = [...document.querySelectorAll('section.field[data-key-path]')];
  if (fields.some(field => field.dataset.keyPath === keyPath)) return true;
  let pane = fields[0]?.parentElement;
  while (pane && !['auto', 'scroll'].includes(getComputedStyle(pane).overflowY)) pane = pane.parentElement;
  if (pane) pane.scrollTop = pane.scrollHeight;
  return false;
}"""
# The file at this path (in base64) once it exists and differs from `previous`, looked at every 50 ms (a
# look on every frame kept Chromium making frames: about a tenth of a core while waiting); null if that does
# not happen within `timeout` ms.
WRITTEN = """async ([path, previous, timeout]) => {
  const base64 = """ + BASE64 + """;
  const parts = path.split('/');
  const deadline = performance.now() + timeout;
  while (performance.now() < deadline) {
    try {
      let folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
      for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part);
      const content = await base64(await folder.getFileHandle(parts.at(-1)));
      if (content !== previous) return content;
    } catch (error) {
      // Not there yet, or changed while read (the CMS is writing it): look again.
      if (error.name !== 'NotFoundError' && error.name !== 'NotReadableError') throw error;
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  return null;
}"""
# True once no file is being written: the CMS's temporary files and Chromium's swap files (.crswap,
# where a file's new contents go until it is closed) are gone.
WRITING_DONE = """async () => (await (""" + LIST + """)()).every(
  path => !path.split('/').at(-1).startsWith('.sveltia-tmp-') && !path.endsWith('.crswap'))"""
# True once the preview pane shows a picture of the text; until then, scrolls the pane to its end.
PREVIEW_PICTURE = """() => {
  if (document.querySelector('[data-rich-text-preview] img')) return true;
  let pane = document.querySelector('[role="document"]');
  while (pane && !['auto', 'scroll'].includes(getComputedStyle(pane).overflowY)) pane = pane.parentElement;
  if (pane) pane.scrollTop = pane.scrollHeight;
  return false;
}"""
TIMEOUT_MS = 90_000
"""For every wait: the whole suite runs beside these tests on two cores."""
# The CMS declares three fonts on a CDN; the page's CSP blocks them (admin.css supplies its own).
BLOCKED_FONTS = ("https://cdn.jsdelivr.net/fontsource/fonts/",)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


_clone: FixtureSite | None = None


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> FixtureSite:
    """A small site in a git repository, with the repository's web-editor configuration, made and built once per
    test process: this module and test_browser_cms_languages.py share it. No test leaves it changed (the end-to-end
    test saves into a copy; the preview's test puts back the file it edits)."""
    global _clone
    require_chromium()
    if not (NODE_MODULES / "@sveltia" / "cms").is_dir():
        pytest.fail(f"{NODE_MODULES} is missing: run make test (it installs the CMS with npm ci)")
    if _clone is None:
        _clone = _make_clone(tmp_path_factory)
    return _clone


def _make_clone(tmp_path_factory) -> FixtureSite:
    site = FixtureSite(tmp_path_factory.mktemp("cms") / "project")
    site.write("en/clusters/biocat.md", {"title": "Biocat", "country": "ES", "city": "Barcelona"})
    site.write("bg/clusters/hlsc-bulgaria.md", {"title": "Биотехнологичен и здравен клъстер", "country": "BG"})
    site.write("en/projects/clusters4health.md", {"title": "Clusters4Health", "acronym": "C4H",
                                                  "start": "2025-01-01", "end": "2027-12-31",
                                                  "coordinator": "biocat"})
    site.write("en/events/spinoff-bulgaria.md", {
        "title": "Spinoff Bulgaria", "start": "2025-06-20", "end": "2025-06-21", "timezone": "Europe/Sofia",
        "location": {"name": "Sofia Tech Park", "city": "Sofia", "country": "BG"}, "clusters": ["hlsc-bulgaria"]})
    site.write("pl/clusters/innovative-medicine-cluster.md", {"title": "Innowacyjny Klaster Medyczny", "country": "PL"})
    (site.root / "content" / "assets" / "2026").mkdir(parents=True)
    (site.root / "content" / "assets" / "2026" / "network-map.png").write_bytes(picture_png(4, 3))
    site.write("en/news/network-forum.md", {
        "title": "Network forum", "date": "2025-05-20", "tags": ["health data", "Ukraine"],
        "image": {"src": "assets/2026/network-map.png", "alt": "Map of the network"}},
        "The forum met in Kyiv.\n\n![Map of the partner regions](assets/2026/network-map.png)\n")
    (site.root / "admin").mkdir()
    (site.root / "admin" / "config.yml").write_bytes((REPO / "admin" / "config.yml").read_bytes())
    (site.root / "admin" / "node_modules").symlink_to(NODE_MODULES)
    (site.root / ".gitignore").write_text("site/\n.cache/\nadmin/node_modules\n", encoding="utf-8")  # as ours
    _git(site.root, "init", "--quiet", "--initial-branch=main")
    _git(site.root, "add", "--all")
    _git(site.root, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "--quiet", "-m", "start")
    built = site.build()
    assert built.ok, built.output
    return site


class Editor:
    """Chromium on /admin/ with the clone's files in the origin-private file system."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.problems: list[str] = []
        self.leaks: list[str] = []
        self._listeners: list[tuple[str, object]] = []
        self.on("console", lambda message: message.type == "error" and self._console(message.text))
        self.on("pageerror", lambda error: self.problems.append(str(error)))
        self.on("requestfinished", lambda request: None if request.url.startswith((base, "blob:", "data:"))
                else self.leaks.append(request.url))

    def on(self, event: str, listener) -> None:
        """Listen to the page's `event` while this editor lasts (the page may serve the next test too)."""
        self.page.on(event, listener)
        self._listeners.append((event, listener))

    def stop_listening(self) -> None:
        for event, listener in self._listeners:
            self.page.remove_listener(event, listener)

    def _console(self, text: str) -> None:
        if not any(font in text for font in BLOCKED_FONTS) and "net::ERR_FAILED" not in text:
            self.problems.append(text)

    def load(self, root: Path) -> None:
        files = {p.relative_to(root).as_posix(): base64.b64encode(p.read_bytes()).decode("ascii")
                 for p in (root / "content").rglob("*") if p.is_file()}
        files[".git/HEAD"] = base64.b64encode(b"ref: refs/heads/main\n").decode("ascii")  # a repository root
        self.page.goto(self.base + "admin/")
        self.page.evaluate(FILL, files)

    def files(self) -> dict[str, bytes]:
        return {path: base64.b64decode(data) for path, data in self.page.evaluate(READ).items()
                if path.startswith("content/")}

    def open(self, original: str) -> None:
        """Open the editor for originals in `original` and sign in to the local repository. A page the
        CMS is still writing from is not left: what it has not finished writing would be missing."""
        self.page.wait_for_function(WRITING_DONE)
        self.page.goto(f"{self.base}admin/?original={original}")
        local = self.page.get_by_role("button", name="Work with Local Repository")
        collections = self.page.get_by_role("treeitem", name="News")
        local.or_(collections).first.wait_for()
        if local.is_visible():
            local.click()
        collections.wait_for()
        # Once it has read the folder, the CMS shows the first collection (replacing the address): a
        # collection chosen before that would be replaced too.
        self.page.wait_for_url(re.compile(rf"/admin/\?original={original}#/collections/[^/]+$"))

    def collection(self, name: str) -> None:
        """Show the list of the collection `name` (e.g. 'Events')."""
        choose_collection(self.page, name, name.lower())

    def diagnosis(self) -> str:
        """What the page showed and said, for a step that failed."""
        try:
            shown = self.page.locator("body").inner_text(timeout=5_000)
            files = sorted(self.page.evaluate(LIST))
        except Exception as error:  # a diagnosis must not hide the failure it explains
            shown, files = f"(unreadable: {error})", []
        return "\n".join([f"address: {self.page.url}", f"console errors: {self.problems}",
                          f"files: {files}", "page text:", shown[:2_000]])

    def field(self, key_path: str):
        """The form's field `key_path` (e.g. 'image.alt'), scrolled into view. The CMS renders a long
        form in chunks, the next one when the end of the form comes into view, as an editor scrolls."""
        self.page.wait_for_function(REVEAL, arg=key_path)
        section = self.page.locator(f'section.field[data-key-path="{key_path}"]')  # not the preview's
        section.scroll_into_view_if_needed()
        return section

    def add_lead_picture(self, upload: dict, listed_as: str | re.Pattern, stored_as: str) -> None:
        """Tick the optional picture group and upload `upload` (a Playwright file payload) into it: the CMS
        lists the upload as `listed_as` and the field names it `stored_as` once inserted."""
        self.field("image").get_by_role("checkbox", name=re.compile(r"^Add\W+Image\W*$")).click()
        self.field("image.src").get_by_role("button", name="Browse").click()
        dialog = self.page.get_by_role("dialog").last
        with self.page.expect_file_chooser() as chooser:
            dialog.get_by_role("button", name="Upload").click()
        chooser.value.set_files(files=[upload])
        dialog.get_by_role("option", name=listed_as).wait_for()
        dialog.get_by_role("button", name="Insert").click()
        self.field("image.src").get_by_role("textbox").filter(has_text=stored_as).wait_for()

    def save_and_wait_for(self, path: str, changed_from: bytes | None = None) -> bytes:
        """Save the form; the file's new contents once the CMS has written it and gone back to the list of
        the collection (what it does after a save: an address changed later would cancel the next step's)."""
        self.page.get_by_role("button", name="Save", exact=True).click()
        previous = base64.b64encode(changed_from).decode("ascii") if changed_from is not None else None
        written = self.page.evaluate(WRITTEN, [path, previous, TIMEOUT_MS])
        assert written is not None, f"the CMS did not write {path}"
        self.page.wait_for_url(re.compile(r"/admin/\?original=[a-z]+#/collections/[^/]+$"))
        return base64.b64decode(written)


def choose_collection(page, label: str, name: str) -> None:
    """Click the collection `label` in the list of collections until its list is shown (`#/collections/<name>`).
    Right after the CMS has started, a click on it now and then changes nothing (the page shows the first
    collection still, and the CMS wrote no address: without view transitions, about one run of this module and
    test_browser_cms_languages.py in four): then it is clicked again, as an editor would, after a few seconds."""
    shown = re.compile(rf"#/collections/{name}$")
    for attempt in range(3):
        page.get_by_role("treeitem", name=label).click()
        try:
            page.wait_for_url(shown, timeout=5_000 if attempt < 2 else TIMEOUT_MS)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise


ORIGIN_STORAGE_EMPTY = """async () => localStorage.length === 0 && (await indexedDB.databases()).length === 0
  && (await (await navigator.storage.getDirectory()).keys().next()).done"""
"""True when the origin keeps nothing: no local storage, no database, an empty origin-private file system."""


class EditorTab:
    """The clone's site served for every test of the web editor in this process (at `base`), and one page of
    Chromium on it that those tests take in turn: a page of their own cost each test about a second more of
    Chromium's CPU (a new renderer process, which compiles the CMS's 2 MB script again). Each test gets the page
    as a new context would give it (`_fresh`): nothing stored, the browser's language it asks for, and view
    transitions only if it asks for them."""

    def __init__(self, browser, clone: FixtureSite):
        self.clone = clone
        self._server = ExitStack()
        self.base = self._server.enter_context(serve(clone.root / "site"))
        self._context = browser.new_context(viewport={"width": 1280, "height": 800})  # its language: `_speak`
        self._context.add_init_script(PICKER)
        self._page = self._context.new_page()
        self._devtools = self._context.new_cdp_session(self._page)
        self._devtools.send("Page.enable")  # for scripts run in every new document (`_view_transitions`)
        self._user_agent = self._page.evaluate("navigator.userAgent")
        self._without_view_transitions: str | None = None  # NO_VIEW_TRANSITIONS's identifier while it runs

    def close(self) -> None:
        """Stop serving (the page closes with the browser)."""
        self._server.close()

    def _speak(self, locale: str) -> None:
        """The browser's language `locale` (e.g. 'uk-UA') from the next document on, as Playwright's `locale`
        option of a context sets it: Intl's and navigator.language(s), and the requests' Accept-Language."""
        self._devtools.send("Emulation.setLocaleOverride", {"locale": locale})
        self._devtools.send("Emulation.setUserAgentOverride",
                            {"userAgent": self._user_agent, "acceptLanguage": locale})

    def _view_transitions(self, wanted: bool) -> None:
        """The View Transitions API in the next documents (`wanted`), or not (`NO_VIEW_TRANSITIONS`)."""
        if wanted and self._without_view_transitions is not None:
            self._devtools.send("Page.removeScriptToEvaluateOnNewDocument",
                                {"identifier": self._without_view_transitions})
            self._without_view_transitions = None
        elif not wanted and self._without_view_transitions is None:
            self._without_view_transitions = self._devtools.send(
                "Page.addScriptToEvaluateOnNewDocument", {"source": NO_VIEW_TRANSITIONS})["identifier"]

    def _fresh(self, base: str, locale: str, view_transitions: bool):
        """The shared page with no CMS running and nothing stored for `base`'s origin (nor the site's), as in a
        new context of the browser in `locale`, with or without view transitions; the browser's cache of the
        files it fetched is kept."""
        page = self._page
        self._speak(locale)
        self._view_transitions(view_transitions)
        page.goto(self.base + "admin/")  # the language choice: the CMS is not started there
        for url in {self.base, base}:
            origin = "/".join(url.split("/", 3)[:3])  # http://127.0.0.1:<port>
            self._devtools.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
        assert page.evaluate(ORIGIN_STORAGE_EMPTY), "the shared page kept the previous test's storage"
        assert page.evaluate("[navigator.language, !!document.startViewTransition]") == [locale, view_transitions]
        return page

    @contextmanager
    def editor(self, base: str | None = None, locale: str = "en-US", load: bool = True,
               view_transitions: bool = False):
        """An editor on `base` (the clone's site unless given), with the clone's files in its folder (`load`),
        or to be loaded later; in Chromium without view transitions unless asked (`NO_VIEW_TRANSITIONS`)."""
        base = base or self.base
        with ExitStack() as stack:
            page = self._fresh(base, locale, view_transitions)
            # Left without the CMS, which would keep running (and spending CPU) until the next test.
            stack.callback(page.goto, self.base + "admin/")
            page.set_default_timeout(TIMEOUT_MS)
            editor = Editor(page, base)
            stack.callback(editor.stop_listening)
            if load:
                editor.load(self.clone.root)
            try:
                yield editor
            except Exception as error:
                error.add_note(editor.diagnosis())
                raise


_tab: EditorTab | None = None


@pytest.fixture(scope="module")
def editor_tab(chromium, clone, request) -> EditorTab:
    """The web editor's shared page and served site (made once per test process: test_browser_cms_languages.py
    shares them too)."""
    global _tab
    if _tab is None:
        _tab = EditorTab(chromium, clone)
        request.config.add_cleanup(_tab.close)
    return _tab


def _front_matter(text: bytes) -> dict:
    return yaml.safe_load(text.decode("utf-8").split("---\n")[1])


def test_editors_create_translate_and_edit_files_that_pass_check_and_build(editor_tab, clone, tmp_path):
    started = time.monotonic()
    with editor_tab.editor(view_transitions=True) as editor:
        page = editor.page

        # 1. A Ukrainian news article with a picture, written by a Ukrainian editor.
        editor.open("uk")
        editor.collection("News")
        page.get_by_role("button", name="Create New Entry").first.click()
        editor.field("title").locator("input").fill("Форум медичних кластерів у Києві")
        editor.field("date").locator("input[type=date]").fill("2025-07-14")
        editor.field("summary").locator("input").fill("Перша зустріч мережі в Києві.")
        # An optional group is added with a tick; the picture file is required in it, and so is its alt
        # text (`check` refuses a picture without one).
        editor.add_lead_picture({"name": "kyiv-forum.png", "mimeType": "image/png", "buffer": PIXEL_PNG},
                                listed_as="kyiv-forum.png", stored_as="kyiv-forum.png")
        editor.field("image.alt").locator("input").fill("Учасники форуму в залі")
        editor.field("body").get_by_role("textbox").click()
        page.keyboard.type("Текст новини про форум.")
        news_path = "content/uk/news/forum-medychnykh-klasteriv-u-kyievi.md"
        news = _front_matter(editor.save_and_wait_for(news_path))
        assert list(news) == ["title", "date", "summary", "image", "draft"]
        assert list(news) == [field.name for field in writing_order("news") if field.name in news]
        assert news["date"].isoformat() == "2025-07-14"  # an unquoted YAML date, as cluster-news new writes
        assert news["image"] == {"src": "assets/kyiv-forum.png", "alt": "Учасники форуму в залі"}
        assert list(news["image"]) == ["src", "alt"]  # as declared, the order cluster-news new writes

        # 2. The English event translated into Bulgarian: the shared facts come from the original.
        editor.open("en")
        editor.collection("Events")
        page.get_by_text("Spinoff Bulgaria").first.click()
        page.get_by_role("combobox", name="Switch Locale").first.click()
        page.get_by_role("option", name="Bulgarian").first.click()
        page.get_by_role("button", name=re.compile("Enable .*Bulgarian")).click()
        editor.field("title").locator("input").fill("Спиноф България")
        editor.field("location.name").locator("input").fill("София Тех Парк")
        editor.field("location.city").locator("input").fill("София")
        event = _front_matter(editor.save_and_wait_for("content/bg/events/spinoff-bulgaria.md"))
        assert event["title"] == "Спиноф България"
        assert (event["start"], event["end"], event["timezone"]) == ("2025-06-20", "2025-06-21", "Europe/Sofia") \
            or (str(event["start"]), str(event["end"]), event["timezone"]) == ("2025-06-20", "2025-06-21",
                                                                                "Europe/Sofia")
        assert event["location"] == {"name": "София Тех Парк", "city": "София", "country": "BG"}
        assert event["clusters"] == ["hlsc-bulgaria"]

        # 3. A project edited: a new programme and website.
        editor.collection("Projects")
        page.get_by_text("Clusters4Health").first.click()
        editor.field("programme").locator("input").fill("Single Market Programme")
        editor.field("website").locator("input").fill("https://clusters4health.eu/")
        before = (clone.root / "content/en/projects/clusters4health.md").read_bytes()
        project = _front_matter(editor.save_and_wait_for("content/en/projects/clusters4health.md", before))
        assert project["programme"] == "Single Market Programme"
        assert project["coordinator"] == "biocat"

        written = editor.files()
        assert editor.problems == []
        assert editor.leaks == []  # nothing was fetched from outside the site

    project = FixtureSite.copy_of(clone, tmp_path / "project")
    for path, content in written.items():
        target = project.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    changed = sorted(line[3:] for line in _git(project.root, "status", "--porcelain", "--untracked-files=all")
                     .splitlines())
    assert set(changed) >= {news_path, "content/assets/kyiv-forum.png", "content/bg/events/spinoff-bulgaria.md",
                            "content/en/projects/clusters4health.md"}, changed
    assert all(path.startswith("content/") for path in changed), changed

    check = prewarmed.run([CLUSTER_NEWS, "check"], cwd=project.root)
    assert check.returncode == 0, check.stdout + check.stderr
    built = project.build()
    assert built.ok, built.output
    _assert_published(built)
    print(f"editor session and rebuild: {time.monotonic() - started:.1f} s")


def _assert_published(built: Built) -> None:
    article = built.html("uk/news/forum-medychnykh-klasteriv-u-kyievi/")
    assert "Форум медичних кластерів у Києві" in article.title.text
    picture = article.select_one("article img[src*='kyiv-forum.png']")
    assert picture is not None and built.exists(built.resolve("uk/news/forum-medychnykh-klasteriv-u-kyievi/",
                                                              picture["src"]))
    bulgarian = built.html("bg/events/spinoff-bulgaria/")
    alternates = {link["hreflang"]: link["href"] for link in bulgarian.select("link[hreflang]")}
    assert alternates["en"] == SITE_URL + "events/spinoff-bulgaria/"
    assert alternates["bg"] == SITE_URL + "bg/events/spinoff-bulgaria/"
    english = {link["hreflang"] for link in built.html("events/spinoff-bulgaria/").select("link[hreflang]")}
    assert "bg" in english
    assert "Single Market Programme" in built.article("projects/clusters4health/").text


def test_a_reload_or_a_bookmark_keeps_the_language_chosen_and_a_wrong_form_is_not_saved(editor_tab):
    with editor_tab.editor() as editor:
        page, base = editor.page, editor.base
        editor.open("bg")
        editor.collection("Events")
        bookmark = base + "admin/?original=bg#/collections/events"
        assert page.url == bookmark  # the CMS writes its addresses without the query; setup.js keeps it
        page.reload()
        # The CMS again, for Bulgarian originals (its title names them), on the same list.
        page.wait_for_function("() => /Events.* Collection – .* — Български$/.test(document.title)")
        assert page.url == bookmark
        assert page.locator("#choose").is_hidden()
        # An address without the language asks for it, then leads to the same list.
        page.goto(base + "admin/#/collections/events")
        page.locator("#choose").get_by_role("link", name="Български").click()
        page.wait_for_function("() => /Events.* Collection – .* — Български$/.test(document.title)")
        assert page.url == bookmark
        # A hostile route stays in the choices' addresses, as text: nothing is added to the page.
        page.goto(base + 'admin/#"><img src=x onerror=alert(1)>')
        hrefs = page.locator("#choose li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert hrefs == [f"?original={lang}#%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E"
                         for lang in LANGUAGES]
        assert page.locator("img").count() == 0
        _a_form_with_an_empty_required_field_or_a_wrong_date_is_not_saved(editor)
        assert editor.problems == []


def _a_form_with_an_empty_required_field_or_a_wrong_date_is_not_saved(editor: Editor) -> None:
    """Events' new entry: the status and time zone choices, and a save refused with the reasons. Run last in
    the reload test's session (a session of its own would boot the CMS once more): it leaves a form unsaved."""
    page = editor.page
    editor.open("en")
    editor.collection("Events")
    page.get_by_role("button", name="Create New Entry").first.click()
    status = editor.field("status").get_by_role("combobox")
    status.click()
    listbox = page.locator(f"#{status.get_attribute('aria-controls')}")
    listbox.wait_for()
    for value in STATUS:  # each named in words ('moved-online' is 'Moved online')
        assert listbox.get_by_role("option", name=choice_label(value), exact=True).count() == 1
    assert listbox.get_by_role("option").count() == len(STATUS) + 1  # and "(None)": nothing else
    page.keyboard.press("Escape")
    listbox.wait_for(state="hidden")
    # An event's end and time zone right after its start, the network's zones first.
    fields = page.locator("section.field[data-key-path]").evaluate_all(
        "sections => sections.map(section => section.dataset.keyPath).filter(path => !path.includes('.'))")
    assert fields[:5] == ["title", "file_name", "start", "end", "timezone"], fields
    zone = editor.field("timezone").get_by_role("combobox")
    zone.click()
    zones = page.locator(f"#{zone.get_attribute('aria-controls')}").get_by_role("option")
    zones.first.wait_for()
    assert zones.all_inner_texts()[1:6] == list(NETWORK_TIME_ZONES)  # after "(None)"
    page.keyboard.press("Escape")
    editor.field("start").locator("input").fill("next Tuesday")
    editor.field("image").get_by_role("checkbox", name=re.compile(r"^Add\W+Image\W*$")).click()
    page.get_by_role("button", name="Save", exact=True).click()
    for required in ("title", "image.src", "image.alt"):  # alt text too: check refuses a picture without
        editor.field(required).get_by_text("This field is required.").wait_for()
    editor.field("start").get_by_text("YYYY-MM-DD for the whole day, or YYYY-MM-DDTHH:MM").wait_for()
    assert not any(path.startswith("content/en/events/") and path != "content/en/events/spinoff-bulgaria.md"
                   for path in editor.files())
    assert editor.problems == []


def test_the_admin_folder_is_published_with_its_licence_and_a_policy(clone):
    admin = clone.root / "site" / "admin"
    assert {"index.html", "config.yml", "sveltia-cms.js", "setup.js", "admin.css"} <= {p.name for p in admin.iterdir()}
    assert (admin / "config.yml").read_bytes() == (REPO / "admin" / "config.yml").read_bytes()
    assert b"MIT License" in (admin / "licenses" / "@sveltia__cms.txt").read_bytes()
    html = (admin / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in html and "default-src &#x27;none&#x27;" in html
    assert not (clone.root / "site" / "uk" / "admin").exists()  # one editor for every language
    assert os.path.getsize(admin / "sveltia-cms.js") > 1_000_000


def test_a_photo_uploaded_through_the_editor_arrives_without_its_metadata(editor_tab):
    """The CMS draws a JPEG again as WebP, at most 2,400 pixels wide, before it is committed (the
    configuration's transformations, core/cms.py): what the camera wrote (GPS, serial number, author,
    XMP, a comment) never reaches the public repository."""
    jpeg = io.BytesIO()
    photo(3600, 1800).save(jpeg, "JPEG", exif=camera_exif(1), xmp=SECRET_XMP, comment=b"SECRET comment")
    assert metadata.personal(metadata.read(jpeg.getvalue()))
    with editor_tab.editor() as editor:
        page = editor.page
        editor.open("en")
        editor.collection("News")
        page.get_by_role("button", name="Create New Entry").first.click()
        editor.field("title").locator("input").fill("Phone photo")
        editor.field("date").locator("input[type=date]").fill("2025-07-14")
        editor.add_lead_picture({"name": "Phone Photo.jpg", "mimeType": "image/jpeg", "buffer": jpeg.getvalue()},
                                listed_as=re.compile("phone-photo"), stored_as="phone-photo.webp")
        editor.field("image.alt").locator("input").fill("A photo")
        news = _front_matter(editor.save_and_wait_for("content/en/news/phone-photo.md"))
        uploaded = editor.files()["content/assets/phone-photo.webp"]
    assert news["image"]["src"] == "assets/phone-photo.webp"
    picture = Image.open(io.BytesIO(uploaded))
    assert (picture.format, picture.size) == ("WEBP", (2400, 1200))
    assert b"SECRET" not in uploaded and not dict(picture.getexif()) and "xmp" not in picture.info
    assert metadata.personal(metadata.read(uploaded)) == []


def test_the_web_editor_works_in_the_preview_and_a_rebuild_does_not_reload_it(editor_tab, clone, tmp_path):
    """As docs/web-editor-setup.md says to try it: the preview (`make serve` runs `mkdocs serve`), then
    /admin/?original=en in Chromium. The page runs under its own policy (nothing refused, nothing fetched
    from elsewhere), and a rebuild of the preview (a file saved) leaves the editor's page as it is."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/clusters-site/"
    project = clone.root / "content" / "en" / "projects" / "clusters4health.md"
    original = project.read_bytes()
    try:
        with serving(clone.root, port, tmp_path), editor_tab.editor(base, load=False) as editor:
            wait_for(base + "projects/clusters4health/", lambda text: "Clusters4Health" in text)
            assert fetch(base + "admin/?original=en")[0] == 200
            editor.load(clone.root)
            editor.open("en")
            editor.collection("Projects")
            editor.page.evaluate("() => { window.cnStillHere = true; }")
            project.write_bytes(original.replace(b"title: Clusters4Health", b"title: Clusters4Health Alliance"))
            wait_for(base + "projects/clusters4health/", lambda text: "Clusters4Health Alliance" in text)
            editor.page.get_by_text("Clusters4Health").first.click()
            editor.field("programme").locator("input").fill("Single Market Programme")
            assert editor.page.evaluate("() => window.cnStillHere === true")
            assert editor.problems == [] and editor.leaks == []
    finally:
        project.write_bytes(original)


def test_saved_pictures_show_as_pictures_and_a_picture_in_the_text_needs_its_alt_text(editor_tab):
    """A saved article's pictures (written assets/2026/<file>) are shown as pictures in the form and in its
    preview, without a request that fails; the text's picture button asks for alt text, as `check` does."""
    with editor_tab.editor() as editor:
        page = editor.page
        failed = []
        editor.on("response", lambda response: response.status >= 400 and failed.append(response.url))
        editor.open("en")
        editor.collection("News")
        page.get_by_text("Network forum").first.click()
        shown = "img => img.src.startsWith('blob:') && img.complete && img.naturalWidth > 0"
        for where in ("image", "body"):  # the picture of the article, and the one in its text
            picture = editor.field(where).locator("img").first
            picture.wait_for()
            page.wait_for_function(f"img => ({shown})(img)", arg=picture.element_handle())
        page.wait_for_function(PREVIEW_PICTURE)  # the preview pane renders the text when it comes into view
        preview = page.locator("[data-rich-text-preview] img").first
        page.wait_for_function(f"img => ({shown})(img)", arg=preview.element_handle())
        assert failed == []

        # A second picture in the text, with the picture button: not saved without its alt text.
        path = "content/en/news/network-forum.md"
        before = editor.files()[path]
        body = editor.field("body")
        body.get_by_text("The forum met in Kyiv.", exact=True).click()
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        body.get_by_role("toolbar").get_by_role("button", name="Picture", exact=True).click()
        added = page.locator("section.field[data-key-path^='body:'][data-key-path$=':src']").filter(
            has=page.get_by_role("button", name="Browse"))  # the new picture's: the other has its file
        component = added.get_attribute("data-key-path").removesuffix("src")
        added.get_by_role("button", name="Browse").click()
        dialog = page.get_by_role("dialog").last
        with page.expect_file_chooser() as chooser:
            dialog.get_by_role("button", name="Upload").click()
        # Another picture than the article's (the CMS takes an upload of a file it has for that file).
        chooser.value.set_files(files=[{"name": "regions.png", "mimeType": "image/png", "buffer": picture_png(8, 6)}])
        dialog.get_by_role("option", name="regions.png").click()
        dialog.get_by_role("button", name="Insert").click()
        alt = page.locator(f"section.field[data-key-path='{component}alt']")
        # A save writes the text the CMS makes of the form, which its preview shows: as an editor would, the test
        # saves once the new picture is there, and again once its alt text is, not while the CMS may still be
        # carrying the form's values into the text.
        preview_pictures = page.locator("[data-rich-text-preview] img")
        preview_pictures.nth(1).wait_for()
        page.get_by_role("button", name="Save", exact=True).click()
        alt.get_by_text("This field is required.").wait_for()
        assert editor.files()[path] == before
        alt.locator("input").fill("The partner regions")
        preview_pictures.and_(page.locator("[alt='The partner regions']")).wait_for()
        saved = editor.save_and_wait_for(path, before).decode("utf-8")
        assert "\n\n![The partner regions](assets/regions.png)\n\n" in saved
        assert "![Map of the partner regions](assets/2026/network-map.png)" in saved
        assert editor.problems == [] and editor.leaks == []


def test_references_offer_every_item_in_any_language_and_a_translation_starts_without_tags(editor_tab, clone,
                                                                                           tmp_path):
    """The Polish-only cluster can be chosen in the English editor (marked as Polish), as `check` accepts
    it; a new translation gets the references, and writes its own tags (none copied from the original)."""
    with editor_tab.editor() as editor:
        page = editor.page
        editor.open("en")
        editor.collection("News")
        page.get_by_text("Network forum").first.click()
        clusters = editor.field("clusters")
        assert clusters.get_by_role("checkbox").evaluate_all("boxes => boxes.map(box => box.parentElement.textContent.trim())") == [
            "Biocat", "Биотехнологичен и здравен клъстер (Български)", "Innowacyjny Klaster Medyczny (Polski)"]
        assert clusters.get_by_text("Innowacyjny Klaster Medyczny (Polski)").get_attribute("lang") == "pl"
        clusters.get_by_role("checkbox", name="Innowacyjny Klaster Medyczny (Polski)").check()
        add_author = editor.field("authors").get_by_role("button", name=re.compile("^Add")).first  # an author too
        add_author.click()
        author = page.locator('section.field[data-key-path="authors.0.cluster"] select')
        try:
            author.wait_for(timeout=15_000)
        except PlaywrightTimeout:  # the click came while the form was still being drawn, and was lost
            add_author.click()
        author.select_option("innovative-medicine-cluster")
        page.get_by_role("combobox", name="Switch Locale").first.click()
        page.get_by_role("option", name="Ukrainian").first.click()
        page.get_by_role("button", name=re.compile("Enable .*Ukrainian")).click()
        tags = editor.field("tags").locator("input")
        assert [tags.nth(index).input_value() for index in range(tags.count())] == [""] * tags.count()
        shared = editor.field("clusters").get_by_role("checkbox")  # the original's, copied: read-only here
        assert shared.evaluate_all("boxes => boxes.length > 0 && boxes.every(box => box.disabled)")
        editor.field("title").locator("input").fill("Форум мережі")
        editor.field("image.alt").locator("input").fill("Мапа мережі")  # the picture is shared, not its words
        translated = _front_matter(editor.save_and_wait_for("content/uk/news/network-forum.md"))
        assert translated["clusters"] == ["innovative-medicine-cluster"] and "tags" not in translated
        written = editor.files()
        original = _front_matter(written["content/en/news/network-forum.md"])
        assert original["tags"] == ["health data", "Ukraine"]
        assert original["clusters"] == ["innovative-medicine-cluster"]
        assert original["authors"] == [{"cluster": "innovative-medicine-cluster"}]
        assert editor.problems == [] and editor.leaks == []
    project = FixtureSite.copy_of(clone, tmp_path / "project").root
    for path, content in written.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_bytes(content)
    check = prewarmed.run([CLUSTER_NEWS, "check"], cwd=project)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize("original,titles", [
    ("uk", ["Форум медичних кластерів у Києві", "Зустріч у Згурівці: Ярослав, Юлія та Єва", "Щедрий вечір",
            "Spotkanie w Łodzi: sănătate și inovație", "Zdrowie, Kraków — 2025!"]),
    ("bg", ["Среща на клъстерите в България", "Щастливи юбилеи и ябълки"]),
])
def test_a_new_entry_is_named_as_cluster_news_new_names_it(editor_tab, original, titles):
    """The file name the form shows (and saves under) is the title romanised as `cluster-news new` does it
    (core/slugs.py), in the language of the originals."""
    with editor_tab.editor() as editor:
        page = editor.page
        editor.open(original)
        editor.collection("News")
        page.get_by_role("button", name="Create New Entry").first.click()
        for title in titles:
            editor.field("title").locator("input").fill(title)
            expected = slugify(title, original) + ".md"
            editor.field("file_name").locator("output").filter(has_text=expected).wait_for()
        assert editor.problems == []
