"""Save-to-reload time of the preview (`mkdocs serve`, what `make serve` runs).

    .venv/bin/python bench/preview.py                   # the repository's sample content
    .venv/bin/python bench/preview.py --size 1000       # the synthetic corpus, N items per language
    .venv/bin/python bench/preview.py --browser         # also measured in Chromium (its reload, not a poll)
    .venv/bin/python bench/preview.py --git             # in a git checkout, as editors work (one commit)

The content is copied to a temporary folder, served, and edited there: an article's text, its title
(which the lists show), then its date (which orders the lists), each `--repeat` times. Each time is
measured from the moment the file is saved to the moment the served page shows the edit: by polling the
page every 20 ms, and with `--browser` by Chromium, which reloads the page when the preview tells it to
(the page's `load` with the new words). Beside each polled time, the CPU time the preview's processes
spent meanwhile (user + system, its finished workers included): on a loaded machine, the figure that
does not depend on what else runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import copy_named_files, generate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).parent / "mkdocs"
SAMPLE_ARTICLE = "uk/news/mapping-ukrainian-health-value-chain.md"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_until(url: str, condition, timeout: float) -> float:
    """Seconds until the page at `url` satisfies `condition` (polled every 20 ms)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        text = fetch(url)
        if text is not None and condition(text):
            return time.perf_counter() - started
        time.sleep(0.02)
    raise SystemExit(f"{url} did not change within {timeout:.0f} s")


def cpu_seconds(root_pid: int) -> float:
    """User + system time of the process `root_pid`, its living descendants and the children they waited for."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    parents[int(entry.name)] = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / ticks


def reloaded(page, save, words: str) -> float:
    """Seconds from `save()` until Chromium has reloaded the page and it shows `words`."""
    with page.expect_event("load", timeout=600_000):
        save()
        saved = time.perf_counter()
    while words not in page.content():
        page.wait_for_event("load", timeout=600_000)
    return time.perf_counter() - saved


def project(size: int | None, root: Path, pictures_every: int = 10) -> str:
    """A copy of the sample site (or a generated corpus) in `root`; returns the article to edit."""
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if size is None:
        shutil.copytree(REPO / "content", root / "content")
        return SAMPLE_ARTICLE
    generate(root / "content", size, pictures_every=pictures_every)
    copy_named_files((REPO / "mkdocs.yml").read_text(encoding="utf-8"), root / "content", REPO / "content")
    newest = max((root / "content" / "uk" / "news").glob("item-*.md"))  # on the first page of the news list
    return newest.relative_to(root / "content").as_posix()


def commit(root: Path) -> None:
    """The copy as one commit of a git checkout (the calendars' stamps and translations' ages come from it)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "content"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True)


def edits(text: str, marker: str, number: int) -> list[tuple[str, str, str]]:
    """(what, new file text, words to wait for): the article's text, its title, then its date (`number` + 1
    days earlier: a new place in the lists)."""
    head, _, body = text.partition("\n---\n")
    title_line = next(line for line in head.splitlines() if line.startswith("title:"))
    date_line = next(line for line in head.splitlines() if line.startswith("date:"))
    date = dt.date.fromisoformat(date_line.removeprefix("date:").strip(" '\"")) - dt.timedelta(days=number + 1)
    return [
        ("text", f"{head}\n---\n{body}\nEdited paragraph {marker}.\n", f"Edited paragraph {marker}."),
        ("title", text.replace(title_line, f"{title_line} {marker}", 1), marker),
        ("date", text.replace(date_line, f"date: {date.isoformat()}", 1), f'datetime="{date.isoformat()}"'),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, help="items per language of a synthetic corpus (default: the sample)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--browser", action="store_true", help="also measure Chromium's reload")
    parser.add_argument("--pictures-every", type=int, default=10, metavar="K",
                        help="synthetic corpus: every K-th item has a picture (0: none)")
    parser.add_argument("--git", action="store_true",
                        help="commit the copy first: the preview reads git's history at every rebuild")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="preview-") as tmp:
        root = Path(tmp)
        article = project(args.size, root, args.pictures_every)
        if args.git:
            commit(root)
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "SITE_URL": base, "NO_MKDOCS_2_WARNING": "1"}
        log = open(root / "serve.log", "w")
        started = time.perf_counter()
        server = subprocess.Popen([str(MKDOCS), "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            path = root / "content" / article
            url = base + article.removesuffix(".md") + "/"
            listing = base + "uk/news/"
            first = wait_until(url, lambda text: "<html" in text, timeout=1800)
            print(f"first build (serve start to the page): {time.perf_counter() - started:.1f} s "
                  f"(page after {first:.1f} s)", flush=True)
            original = path.read_text(encoding="utf-8")
            page = None
            if args.browser:
                sys.path.insert(0, str(REPO / "tests"))
                from browser import chromium_page
                browser = chromium_page()
                page = browser.__enter__()
                page.goto(url)
            results: dict[str, list[float]] = {}
            used: dict[str, list[float]] = {}
            for number in range(args.repeat):
                for what, text, words in edits(original, f"M{number}x{os.getpid()}", number):
                    time.sleep(1.0)  # let the previous reload settle
                    if page is not None:
                        page.goto(listing if what == "title" else url)
                    watched = listing if what == "title" else url
                    if page is not None:
                        results.setdefault(f"{what}, Chromium reload", []).append(
                            reloaded(page, lambda t=text: path.write_text(t, encoding="utf-8"), words))
                        path.write_text(original, encoding="utf-8")
                        wait_until(watched, lambda t, w=words: w not in t, timeout=600)
                        time.sleep(1.0)
                    before = cpu_seconds(server.pid)
                    path.write_text(text, encoding="utf-8")
                    saved = time.perf_counter()
                    wait_until(watched, lambda t, w=words: w in t, timeout=600)
                    results.setdefault(f"{what}, page polled", []).append(time.perf_counter() - saved)
                    used.setdefault(f"{what}, page polled", []).append(cpu_seconds(server.pid) - before)
                    if what == "date":  # back to the original's date: the next text edit changes only text
                        path.write_text(original, encoding="utf-8")
                        wait_until(watched, lambda t, w=words: w not in t, timeout=600)
                    print(f"  {what}: {results[f'{what}, page polled'][-1]:.2f} s, CPU "
                          f"{used[f'{what}, page polled'][-1]:.2f} s (load {os.getloadavg()[0]:.1f})", flush=True)
            path.write_text(original, encoding="utf-8")
            if page is not None:
                browser.__exit__(None, None, None)
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=60)
            log.close()
        print(f"\n{'edit':28s} median    max   CPU (median)   (n={args.repeat}, "
              f"{'sample' if args.size is None else f'N = {args.size}'})")
        for what, times in results.items():
            cpu = f"{statistics.median(used[what]):5.2f} s" if what in used else ""
            print(f"{what:28s} {statistics.median(times):5.2f} s {max(times):5.2f} s  {cpu}")
        summary = [line for line in (root / "serve.log").read_text().splitlines() if "cluster-news:" in line]
        print("\n".join(summary[-4:]))


if __name__ == "__main__":
    main()
