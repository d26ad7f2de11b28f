"""Per-language search: Pagefind indexes the searchable part of every page (one index per <html lang>).

Pagefind indexes only what a page holds in `data-pagefind-body`, but its command reads and parses every
byte of every page to find it: Material's header, navigation, icons and scripts around that part are
four fifths of a built site (245 MB at N = 1000). So each process that builds a language keeps, as it
writes a searchable page, that part in a small page of its own (`SearchInput`), spooled to a file of its
own rather than held in memory (where the pages of every language would wait for the end of the build: the
build's memory would grow with the archive); at the end the build hands them to Pagefind's service, one
Pagefind per language and CPU, in the order of their addresses, read back one at a time, and writes the
bundles it gets back into the site as one, and beside them each language's table of word forms
(core/wordforms.py), made from the same pages while the Pagefinds index. A language whose searchable pages,
code and packages are those of a recent build takes that build's index and table from the cache folder
(`KEPT_PREFIX`): a push that changes one language's articles indexes that language only. Only data is kept
there: Pagefind's scripts, styles and WebAssembly are code, which the cache folder (restored by the deploy
workflow) never provides, so a Pagefind given one page of each such language writes them anew (`_is_code`).

Pagefind numbers pages in the order it is given them, and its command takes them in the order the file
system lists them (ext4 and tmpfs list the same folder differently): given in order, the same sources
give the same index on every machine. The pages' fragments are byte for byte those Pagefind's command
makes from the built site (tests/test_publishing.py).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import lxml.html
from markupsafe import escape
from mkdocs.exceptions import PluginError

from ..core import wordforms
from ..core.cache import code_version, read_document, write_entries
from ..core.processes import append_all, read_spooled, spool_folder, spooling
from ..core.site import PagePlan
from ..core.urls import SEARCH_INDEX_FOLDER
from ..render.pages import searchable_part

ENTRY = "pagefind-entry.json"
KEPT_PREFIX = "search-"
"""The cache's files of one language's bundle and word forms: search-<lang>-<key>.json, the key made of the
code, the packages (Pagefind's and the morphology libraries' versions) and every byte of its searchable pages,
so that a kept index is one the same build would make again."""


class SearchInput:
    """The searchable pages written so far, until the index is written: their HTML in spool files (one per
    process, appended to as pages are written: the workers forked from this process spool beside it), and
    here, by their path in the site, which language each is in and where its HTML is."""

    def __init__(self, cache: Path | None = None) -> None:
        self.cache = cache
        """The project's cache folder, where each language's index is kept for the next builds (None: not kept)."""
        self.pages: dict[str, tuple[str, str, int, int]] = {}
        """path in the site -> (language, spool file, offset, length in bytes)"""
        self.folder = spool_folder(self, "cluster-news-search-")
        self._spool: tuple[int, int] | None = None
        """(process id, file descriptor) of this process's spool file."""

    def add(self, dest_uri: str, page: PagePlan, content: str) -> None:
        """The page written at `dest_uri`, planned as `page`, whose content (the article, its lists) is `content`."""
        part = searchable_part(page, content)
        if part is None:
            return
        # Pagefind takes each page's language from <html lang>, as in the site.
        data = (f'<!doctype html>\n<html lang="{escape(page.lang)}"><head>'
                f'<meta charset="utf-8"></head><body>\n{part}\n</body></html>\n').encode("utf-8")
        with spooling(self.folder):
            if self._spool is None or self._spool[0] != os.getpid():  # a worker writes a file of its own
                name = self.folder / f"{os.getpid()}.html"
                self._spool = (os.getpid(), os.open(name, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
            offset = os.lseek(self._spool[1], 0, os.SEEK_END)
            append_all(self._spool[1], data)  # unbuffered: nothing is left in a buffer that a fork would copy
        self.pages[dest_uri] = (page.lang, f"{self._spool[0]}.html", offset, len(data))

    def html(self, path: str) -> str:
        """The searchable page kept for `path` in the site."""
        return self._bytes(path).decode("utf-8")

    def _bytes(self, path: str) -> bytes:
        _, name, offset, length = self.pages[path]
        return read_spooled(self.folder / name, offset, length)

    def take(self) -> dict[str, tuple[str, str, int, int]]:
        """Where the pages kept so far are (a language worker sends it to the build's process), forgotten here;
        their spool file stays for the build's process to read."""
        pages, self.pages = self.pages, {}
        return pages

    def index(self, site_dir: Path, processes: int) -> None:
        """Write site/pagefind/ with the Pagefind binary shipped in the pinned `pagefind[bin]` package: each
        language's bundle made by a Pagefind of its own, `processes` at a time, then put together; and the
        languages' word forms, site/wordforms/."""
        languages: dict[str, list[str]] = {}
        for path, (lang, *_) in sorted(self.pages.items()):
            languages.setdefault(lang, []).append(path)
        try:
            files = {lang: self._kept_file(lang, paths) for lang, paths in languages.items()} if self.cache else {}
            kept = {lang: index for lang, file in files.items() if (index := _read_kept(file)) is not None}
            todo = [lang for lang in languages if lang not in kept]
            probe = [languages[lang][0] for lang in languages if lang in kept]  # for the kept ones' code
            jobs = [languages[lang] for lang in todo] + ([probe] if probe else [])
            with ThreadPoolExecutor(max(processes, 1)) as pool:  # no page at all: Pagefind's empty bundle
                indexing = pool.map(lambda paths: _bundle(paths, self.html), jobs or [[]])
                forms = {lang: _word_forms(lang, languages[lang], self.html) for lang in todo}  # while they index
                bundles = list(indexing)
        finally:
            self.pages = {}
            shutil.rmtree(self.folder, ignore_errors=True)
        errors = [error for _, errors in bundles for error in errors]
        if errors:
            raise PluginError(f"cluster-news: Pagefind could not index the site: {'; '.join(errors[:3])}")
        code = {name: content for name, content in bundles[-1][0].items() if _is_code(name)} if probe else {}
        for lang, (bundle, _) in zip(todo, bundles, strict=False):
            if lang in files:
                _keep(files[lang], bundle, forms[lang])
            kept[lang] = (bundle, forms[lang])
        merged = _merged([{**kept[lang][0], **code} for lang in languages] or [bundles[0][0]])
        forms = {name: content for lang in languages for name, content in kept[lang][1].items()}
        for name, content in {**{f"{SEARCH_INDEX_FOLDER}/{name}": content for name, content in merged.items()}, **forms}.items():
            path = site_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


    def _kept_file(self, lang: str, paths: list[str]) -> Path:
        """Where the index of `lang`'s pages at `paths` is kept: named by everything that makes it."""
        key = hashlib.sha256(json.dumps([code_version(), lang]).encode("utf-8"))
        for path in paths:
            page = self._bytes(path)
            key.update(f"\0{path}\0{len(page)}\0".encode() + page)
        return self.cache / f"{KEPT_PREFIX}{lang}-{key.hexdigest()[:32]}.json"


def _is_code(name: str) -> bool:
    """Whether a file of Pagefind's bundle is code (its scripts, styles, WebAssembly), not the index's data."""
    return name.endswith((".js", ".css")) or name.startswith("wasm.")


def _read_kept(file: Path) -> tuple[dict[str, bytes], dict[str, bytes]] | None:
    """The bundle's data and the word forms kept in `file` by `_keep` (never code); None if there are none."""
    entries = read_document(file).get("entries")
    if not entries:
        return None
    try:
        found = {name: base64.b64decode(content, validate=True) for name, content in entries.items()}
    except (TypeError, ValueError):
        return None
    return ({name[2:]: content for name, content in found.items() if name.startswith("b:") and not _is_code(name[2:])},
            {name[2:]: content for name, content in found.items() if name.startswith("f:")})


def _keep(file: Path, bundle: dict[str, bytes], forms: dict[str, bytes]) -> None:
    data = {name: content for name, content in bundle.items() if not _is_code(name)}
    entries = [f"{json.dumps(kind + name)}:{json.dumps(base64.b64encode(content).decode('ascii'))}"
               for kind, files in (("b:", data), ("f:", forms)) for name, content in sorted(files.items())]
    write_entries(file, file.name.rsplit("-", 1)[0] + "-", entries)  # a build that cannot write it still builds


def _word_forms(lang: str, paths: list[str], html: Callable[[str], str]) -> dict[str, bytes]:
    """The word-form table of the language's pages at `paths` (core/wordforms.py; `html(path)` reads a page), by
    their path in the site, beside the notice of whose data its forms come from; an empty one for a language that
    has no morphology library (the search page asks every language for its table)."""
    files = {}
    texts = (_indexed_text(html(path)) for path in paths) if lang in wordforms.MORPHOLOGY and paths else None
    for name, content in wordforms.shards(wordforms.table(lang, texts) if texts else {}).items():
        files[f"{wordforms.FOLDER}/{lang}/{name}"] = content
    if texts:
        files[f"{wordforms.FOLDER}/{lang}/{wordforms.NOTICE_FILE}"] = wordforms.notice(lang)
    return files


def _indexed_text(page: str) -> str:
    """The text of a searchable page that Pagefind indexes: without the elements it ignores and scripts (the
    news' JSON-LD), elements apart (an address in a link is not one word with the text after it)."""
    tree = lxml.html.document_fromstring(page)
    for ignored in tree.xpath("//*[@data-pagefind-ignore] | //script | //style"):
        ignored.drop_tree()
    return " ".join(tree.itertext())


# Pagefind is driven through `pagefind --service`, the process behind Pagefind's own Python and Node.js
# wrappers: messages of base64-encoded JSON, each followed by a comma, on its standard input and output,
# handled in order (`couplings.PAGEFIND_SERVICE`). (The Python wrapper waits 0.1 s before reading each answer: 466 s for 4,620 pages;
# here every page is sent at once by a thread while the answers are read.)


def _bundle(paths: list[str], html: Callable[[str], str]) -> tuple[dict[str, bytes], list[str]]:
    """The bundle of the pages at `paths` in the site (numbered in that order; `html(path)` reads one), by
    file name, and Pagefind's error messages. Pagefind hands the files over rather than writing them: it
    writes them in the background and exits as soon as its input ends, finished or not."""
    requests = itertools.chain(
        [{"type": "NewIndex", "config": None}],
        ({"type": "AddFile", "index_id": 0, "file_path": path, "url": None, "file_contents": html(path)}
         for path in paths),
        [{"type": "GetFiles", "index_id": 0}])
    expected = len(paths) + 2
    # Imported here: it imports asyncio (a tenth of a second), which `cluster-news check` would wait for
    # (it loads this plugin when it reads mkdocs.yml).
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        return {}, ["the pagefind binary is not installed (make .venv/.installed installs pagefind[bin])"]
    with tempfile.TemporaryFile() as stderr:
        backend = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=stderr)
        sender = threading.Thread(target=_send, args=(backend, requests), daemon=True)
        sender.start()
        files, errors, answered = _answers(backend, expected)
        sender.join()
        with contextlib.suppress(BrokenPipeError):
            backend.stdin.close()  # the service exits at the end of its input
        backend.wait()
        if answered < expected:
            stderr.seek(0)
            errors.append(stderr.read().decode("utf-8", "replace").strip()
                          or f"pagefind stopped (exit code {backend.returncode})")
    return files, errors


def _send(backend: subprocess.Popen, requests: Iterable[dict]) -> None:
    try:
        for number, payload in enumerate(requests):
            message = json.dumps({"message_id": number, "payload": payload}, ensure_ascii=False)
            backend.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        backend.stdin.flush()
    except BrokenPipeError:  # it stopped: _answers reports why
        pass
    except OSError:  # a page could not be read back: Pagefind stops at the end of its input, unanswered
        with contextlib.suppress(OSError):
            backend.stdin.close()


def _answers(backend: subprocess.Popen, expected: int) -> tuple[dict[str, bytes], list[str], int]:
    files, errors, answered = {}, [], 0
    pending: list[bytes] = []  # the start of an answer (the files' answer spans megabytes)
    while answered < expected and (chunk := backend.stdout.read1(1 << 20)):
        *ends, start = chunk.split(b",")
        for end in ends:
            answer = json.loads(base64.b64decode(b"".join([*pending, end])))["payload"]
            pending = []
            answered += 1
            if answer["type"] == "Error":
                errors.append(answer["message"])
            elif answer["type"] == "GetFiles":
                files = {file["path"]: base64.b64decode(file["content"]) for file in answer["files"]}
        pending.append(start)
    return files, errors, answered


def _merged(bundles: list[dict[str, bytes]]) -> dict[str, bytes]:
    """One bundle of several languages' bundles: each language's files (named by it), the files every
    bundle has alike, and an entry listing every language, sorted (Pagefind lists them in hash-map order,
    different on every run)."""
    merged: dict[str, bytes] = {}
    entry: dict = {}
    for bundle in bundles:
        own = json.loads(bundle.pop(ENTRY))
        if entry and {**entry, "languages": None} != {**own, "languages": None}:
            raise PluginError(f"cluster-news: Pagefind's bundles of two languages differ in {ENTRY}")
        entry = {**own, "languages": {**entry.get("languages", {}), **own["languages"]}}
        for name, content in bundle.items():
            if merged.setdefault(name, content) != content:
                raise PluginError(f"cluster-news: Pagefind's bundles of two languages differ in {name}")
    entry["languages"] = dict(sorted(entry["languages"].items()))
    merged[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return dict(sorted(merged.items()))
