"""Benchmark: does search find articles by other forms of their words, in every language?

    .venv/bin/python bench/search_recall.py                 # the plugin as it is in this tree
    .venv/bin/python bench/search_recall.py --before main   # also the plugin as it was at a commit
    .venv/bin/python bench/search_recall.py --lang uk bg --show-misses

Builds a site of the articles in bench/search_recall/<lang>.yml (written for it from the facts in the shared
seeds) among distractor news made of the synthetic corpus' words (bench/corpus.py), then asks each query of
that file on the language's search page in Chromium, each in a fresh browser context (nothing cached), as a
reader would. A query is an inflected (or, in Romanian and Polish, diacritic-free) form that its article does
not contain as written; it is found when the article is among the first five results. Prints per language the
share found in the top five and anywhere, and what a query downloads from a cold start: the search files
Chromium fetched for it (Pagefind's, its worker's included, and the word-form tables), by their size as served
(uncompressed by the local server; Pagefind's own files are gzip inside).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from corpus import WORDS, copy_named_files  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CORPUS = Path(__file__).parent / "search_recall"
LANGUAGES = ["en", "uk", "bg", "ro", "pl"]
DISTRACTORS = 24
"""Synthetic news per language around the written articles: they share the common words (cluster, project,
hospital, ...), so that a query must rank its article, not only find it."""
TOP = 5
SEARCH_FILES = re.compile(r"/(pagefind|wordforms)/")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update"]


def words(text: str) -> set[str]:
    """The words of `text` as written (lower case, diacritics kept), split as Pagefind splits them."""
    return {"".join(c for c in token if c.isalnum()).lower() for token in text.split()} - {""}


def load(lang: str) -> dict:
    corpus = yaml.safe_load((CORPUS / f"{lang}.yml").read_text(encoding="utf-8"))
    for query, slug in corpus["queries"]:
        article = corpus["articles"][slug]
        verbatim = words(query) & words(f"{article['title']} {article['body']}")
        if verbatim:
            raise SystemExit(f"{lang}.yml: query {query!r}: {slug} contains {sorted(verbatim)} as written")
    return corpus


def write_project(root: Path, corpora: dict[str, dict]) -> None:
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    copy_named_files((REPO / "mkdocs.yml").read_text(encoding="utf-8"), root / "content", REPO / "content")
    rng = random.Random(26)
    for lang, corpus in corpora.items():
        folder = root / "content" / lang
        (folder / "news").mkdir(parents=True)
        (folder / "index.md").write_text(f"---\ntitle: {lang}\n---\n", encoding="utf-8")
        for number, (slug, article) in enumerate(sorted(corpus["articles"].items())):
            front = {"title": article["title"], "date": f"2025-06-{number + 1:02d}"}
            (folder / "news" / f"{slug}.md").write_text(
                f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n{article['body']}", encoding="utf-8")
        vocabulary = WORDS[lang].split()
        for number in range(DISTRACTORS):
            sentences = [" ".join(rng.choice(vocabulary) for _ in range(12)) + "." for _ in range(8)]
            front = {"title": " ".join(rng.choice(vocabulary) for _ in range(5)), "date": f"2025-05-{number + 1:02d}"}
            (folder / "news" / f"distractor-{number:02d}.md").write_text(
                f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n{' '.join(sentences)}\n", encoding="utf-8")


def build(root: Path, plugin_path: Path | None) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1751328000",
           "SITE_URL": "https://example.org/"}
    if plugin_path:
        env["PYTHONPATH"] = str(plugin_path)
    start = time.perf_counter()
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-q"], cwd=root, env=env,
                            capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"build failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - start


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def ask(browser, base: str, site: Path, lang: str, query: str) -> tuple[list[str], int]:
    """The addresses of the results the search page shows for `query`, and the bytes of the search files it
    downloaded (Pagefind's, which its worker fetches, and ours): the files' sizes, as served uncompressed."""
    context = browser.new_context()
    try:
        fetched: list[str] = []
        context.on("requestfinished", lambda request: fetched.append(urlsplit(request.url).path))
        page = context.new_page()
        root = "" if lang == "en" else f"{lang}/"
        page.goto(f"{base}{root}search/?q={quote(query)}")
        page.wait_for_function("() => { const s = document.querySelector('.cn-search__status').textContent;"
                               " return s && !s.endsWith('…'); }", timeout=30000)
        page.wait_for_load_state("networkidle")
        found = page.eval_on_selector_all(".cn-result__title a", "links => links.map(a => a.pathname)")
        downloaded = sum((site / unquote(path).lstrip("/")).stat().st_size for path in fetched
                         if SEARCH_FILES.search(path))
        return found, downloaded
    finally:
        context.close()


def measure(site: Path, corpora: dict[str, dict], show_misses: bool) -> dict:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    figures = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for lang, corpus in corpora.items():
                top = anywhere = 0
                downloads = []
                for query, slug in corpus["queries"]:
                    target = f"/{'' if lang == 'en' else lang + '/'}news/{slug}/"
                    found, downloaded = ask(browser, base, site, lang, query)
                    downloads.append(downloaded)
                    rank = found.index(target) + 1 if target in found else None
                    top += rank is not None and rank <= TOP
                    anywhere += rank is not None
                    if show_misses and (rank is None or rank > TOP):
                        print(f"  {lang} {query!r} -> {slug}: rank {rank}, {len(found)} shown", flush=True)
                count = len(corpus["queries"])
                figures[lang] = {"queries": count, "top": top, "anywhere": anywhere,
                                 "bytes_median": statistics.median(downloads), "bytes_max": max(downloads)}
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return figures


def index_bytes(site: Path) -> dict[str, int]:
    """Bytes of each language's search data: Pagefind's index chunks and page fragments, and word forms."""
    sizes: dict[str, int] = {}
    for lang in LANGUAGES:
        files = [*site.glob(f"pagefind/index/{lang}_*"), *site.glob(f"wordforms/{lang}/*")]
        fragments = [path for path in site.glob(f"pagefind/fragment/{lang}_*")]
        sizes[lang] = sum(path.stat().st_size for path in files + fragments)
    return sizes


def run(label: str, corpora: dict[str, dict], plugin_path: Path | None, show_misses: bool, keep: Path | None) -> None:
    with tempfile.TemporaryDirectory(prefix="search-recall-") as tmp:
        root = keep or Path(tmp)
        if keep and keep.exists():
            shutil.rmtree(keep)
        root.mkdir(parents=True, exist_ok=True)
        write_project(root, corpora)
        seconds = build(root, plugin_path)
        print(f"{label}: built in {seconds:.1f} s", flush=True)
        figures = measure(root / "site", corpora, show_misses)
        sizes = index_bytes(root / "site")
    print(f"| {label} | queries | top {TOP} | found | bytes per query (median, max) | search data on disk |")
    print("|---|---|---|---|---|---|")
    for lang, f in figures.items():
        print(f"| {lang} | {f['queries']} | {f['top']} ({100 * f['top'] / f['queries']:.0f} %) | "
              f"{f['anywhere']} ({100 * f['anywhere'] / f['queries']:.0f} %) | "
              f"{f['bytes_median'] / 1024:.1f} KiB, {f['bytes_max'] / 1024:.1f} KiB | {sizes[lang] / 1024:.1f} KiB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lang", nargs="*", default=LANGUAGES, choices=LANGUAGES)
    parser.add_argument("--before", help="also measure the plugin as it was at this git revision")
    parser.add_argument("--show-misses", action="store_true", help="print every query not found in the top five")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args()
    corpora = {lang: load(lang) for lang in args.lang}
    if args.before:
        with tempfile.TemporaryDirectory(prefix="search-recall-before-") as folder:
            archive = subprocess.run(["git", "-C", str(REPO), "archive", args.before, "plugins"],
                                     capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
            run(f"before ({args.before})", corpora, Path(folder) / "plugins", args.show_misses, None)
    run("this tree", corpora, None, args.show_misses, args.keep)


if __name__ == "__main__":
    main()
