"""Benchmark: the full site build against plain Material + static-i18n (and Hugo, when installed).

    .venv/bin/python bench/run.py                       # N = 200 and 1000 items per language, 3 runs each
    .venv/bin/python bench/run.py --sizes 200 --repeat 1
    .venv/bin/python bench/run.py --sizes 200 1000 2000 --repeat 3 --repeat-at 2000:1
    .venv/bin/python bench/run.py --sizes 1000 --before e9416ea   # also the plugin as it was at a commit
    .venv/bin/python bench/run.py --sizes 1000 3000 5000            # large sizes: one run, fewer variants

Prints a table, writes bench/results.json and the figures section of docs/performance.md.
Every variant is built in turn within each repetition (so that a change in the machine's load hits them
alike); wall times are medians. CPU is user + system time of the build and every process it started.
Peak memory is the largest sum, sampled every 50 ms, of the memory of the build's processes (its language
workers and Pagefind included): proportional (PSS: a page shared by forked processes counts once, split
between them; what the machine must have) and resident (RSS: a shared page counts once per process, an
upper bound). Sizes from `--large-from` (3000) are built once (unless `--repeat-at` says otherwise), with
only the variants the targets compare there (the full build, plain Material + i18n + lunr, before) and
without the lone event's build, so that N = 5000 fits in minutes; the output says which were left out.
The site's size is broken down by what its bytes are (pages, search index, pictures, calendars, feeds).
"""

from __future__ import annotations

import argparse
import filecmp
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from cluster_news.core.cache import CACHE_FOLDER

from corpus import LANGUAGES, copy_named_files, generate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
VARIANTS = ["full", "full-uncached", "before", "full-sequential", "full-nosearch", "plain", "plain-search"]
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SOURCE_DATE_EPOCH = "1751328000"  # 2025-07-01, inside the corpus' years of events


def site_config(variant: str) -> str:
    """mkdocs.yml for a variant: 'full', 'full-uncached' (the same, with nothing kept from the build
    before but the pictures), 'before' (the same, built by the plugin of `--before`), 'full-sequential' (languages
    one after another in one process), 'full-nosearch', 'plain' (no cluster-news), 'plain-search'
    (+ Material's lunr search)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if variant in ("full", "full-uncached", "before"):
        return text
    if variant == "full-sequential":
        return text.replace("      serve_drafts: true", "      serve_drafts: true\n      jobs: 1")
    if variant == "full-nosearch":
        return text.replace("      serve_drafts: true", "      serve_drafts: true\n      search: false")
    plain = re.sub(r"  - cluster-news:\n(      .*\n)*", "", text)
    plain = plain.replace("site_url: !ENV", "nav:\n  - index.md\nsite_url: !ENV")
    if variant == "plain-search":
        plain = plain.replace("plugins:\n", "plugins:\n  - search\n", 1)
    return plain


def _tree(root: int) -> list[int]:
    """`root` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _resident_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            pass
    return total


def _proportional_bytes(pids: list[int]) -> int:
    """The processes' proportional set size (each shared page split between the processes sharing it)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
                for line in rollup:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, IndexError, ValueError):
            pass
    return total


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> dict:
    """Wall seconds, CPU seconds and peak resident memory (MB, summed over the process tree) of one run."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak, proportional, done = 0, 0, threading.Event()

    def sample() -> None:
        nonlocal peak, proportional
        while not done.is_set():
            tree = _tree(process.pid)
            peak = max(peak, _resident_bytes(tree))
            proportional = max(proportional, _proportional_bytes(tree))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output.decode(errors='replace')[-5000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": peak / 2**20,
            "pss_mb": proportional / 2**20, "load": load}


def hugo_site(root: Path, content: Path) -> Path | None:
    """The same Markdown as a minimal multilingual Hugo site (one content folder per language)."""
    hugo = shutil.which("hugo")
    if not hugo:
        return None
    site = root / "hugo"
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "layouts" / "_default" / "single.html").write_text(
        '<!doctype html><html lang="{{ .Language.Lang }}"><title>{{ .Title }}</title>'
        "<body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>")
    (site / "layouts" / "_default" / "list.html").write_text(
        '<!doctype html><html lang="{{ .Language.Lang }}"><title>{{ .Title }}</title><body><ul>'
        '{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>')
    languages = "\n".join(
        f"[languages.{lang}]\n  contentDir = '{content / lang}'\n  weight = {index + 1}"
        for index, lang in enumerate(LANGUAGES))
    (site / "hugo.toml").write_text(f"baseURL = 'https://example.org/'\ndefaultContentLanguage = 'en'\n"
                                    f"disableKinds = ['taxonomy', 'term', 'RSS']\n{languages}\n")
    return site


def _summary(runs: list[dict]) -> dict:
    return {"seconds": statistics.median(r["wall"] for r in runs), "cpu": statistics.median(r["cpu"] for r in runs),
            "runs": [round(r["wall"], 2) for r in runs], "load": [round(r["load"], 1) for r in runs],
            "peak_mb": max(r["peak_mb"] for r in runs), "pss_mb": max(r["pss_mb"] for r in runs)}


def _differences(first: Path, second: Path, under: str = "") -> list[str]:
    """The files (paths from the site's root) that are not byte for byte the same in two built sites."""
    comparison = filecmp.dircmp(first, second)
    found = [under + name for name in comparison.left_only + comparison.right_only + comparison.funny_files]
    _, mismatch, errors = filecmp.cmpfiles(first, second, comparison.common_files, shallow=False)
    found += [under + name for name in mismatch + errors]
    for name in comparison.common_dirs:
        found += _differences(first / name, second / name, f"{under}{name}/")
    return sorted(found)


def _compared(differences: list[str]) -> str:
    """What a comparison of two built sites found, in words."""
    if not differences:
        return "byte-identical"
    folders = sorted({path.rpartition("/")[0] or "/" for path in differences})
    shown = ", ".join(folders[:8]) + (f" and {len(folders) - 8} more folders" if len(folders) > 8 else "")
    return f"DIFFERENT in {len(differences)} files (in {shown})"


SIZE_KINDS = {"pages": "HTML pages", "search": "search index (Pagefind, word forms)", "pictures": "pictures",
              "calendars": "calendars (.ics)", "feeds": "feeds and sitemaps", "theme": "theme (scripts, styles)",
              "admin": "web editor", "other": "other"}


def site_size(site: Path) -> dict:
    """The published site's bytes by what they are, and its HTML pages' count."""
    sizes = dict.fromkeys(SIZE_KINDS, 0)
    pages = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        relative, suffix = path.relative_to(site).as_posix(), path.suffix.lower()
        if relative.startswith(("pagefind/", "wordforms/")):
            kind = "search"
        elif relative.startswith("admin/"):
            kind = "admin"
        elif suffix == ".html":
            kind, pages = "pages", pages + 1
        elif suffix in (".jpg", ".jpeg", ".png", ".webp", ".gif") and not relative.startswith("assets/images/"):
            kind = "pictures"
        elif suffix == ".ics":
            kind = "calendars"
        elif suffix == ".xml" or relative == "robots.txt":
            kind = "feeds"
        elif relative.startswith("assets/"):
            kind = "theme"
        else:
            kind = "other"
        sizes[kind] += path.stat().st_size
    return {"bytes": sum(sizes.values()), "pages": pages, "by_kind": sizes}


def _site_size_line(size: str, built: dict) -> str:
    total, pages = built["bytes"], built["pages"]
    parts = ", ".join(f"{SIZE_KINDS[kind]} {count / 2**20:.1f} MB ({count / pages / 1024:.1f} KiB a page)"
                      for kind, count in sorted(built["by_kind"].items(), key=lambda pair: -pair[1]) if count)
    return f"- N = {size}: site {total / 2**20:.0f} MB, {total / pages / 1024:.1f} KiB a page ({pages} pages): {parts}."


def _lone_event(content: Path) -> None:
    """One event a year after the others: the months between (without events) must cost next to nothing."""
    path = content / "en" / "events" / "lone-event.md"
    path.write_text("---\ntitle: A lone event\nstart: 2027-01-15\n---\n\nText.\n", encoding="utf-8")


def _builder(mkdocs: list[str], root: Path, env: dict[str, str], before: Path | None):
    """`build(variant, name)` builds into a new folder, as on a fresh checkout, and `built[name]` is the last
    one. (Building into the last run's folder would measure the file system too: MkDocs empties it first,
    and ext4 without a journal then spends seconds of kernel time a thousand files finding inodes that
    were not just freed.)"""
    built: dict[str, Path] = {}
    runs = itertools.count()

    def build(variant: str, name: str) -> dict:
        variant_env = {**env, "PYTHONPATH": str(before)} if variant == "before" else env
        if variant == "full-uncached":  # as after a change of code or packages: only the pictures stay cached
            for kept in (root / CACHE_FOLDER).glob("*.json"):  # bodies, verdicts, readings, search indexes
                kept.unlink()
        built[name] = root / "out" / f"{name}-{next(runs)}"
        return measure([*mkdocs, "-f", f"{variant}.yml", "-d", str(built[name])], root, variant_env)
    return build, built


def _plugin_at(revision: str, folder: Path) -> Path:
    """The plugin's package as it was at `revision` (git), to put first on PYTHONPATH."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, "plugins"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder / "plugins"


LARGE_VARIANTS = ("full", "before", "plain-search")
"""What large sizes build: the variants the issue's targets compare there."""


def run(sizes: list[int], repeat: int, repeat_at: dict[int, int], variants: list[str],
        before: str | None = None, pictures_every: int = 10, done=None, large_from: int = 3000) -> dict:
    """Every size in turn; `done(results)` after each (the figures so far are written at once). Sizes from
    `large_from` run once (unless `repeat_at` says otherwise), only LARGE_VARIANTS, without the lone event."""
    results: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                     "repeat": repeat, "before": before, "pictures_every": pictures_every, "sizes": {}}
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
           "SITE_URL": "https://example.org/site/"}
    mkdocs = [str(BIN / "mkdocs"), "build", "--strict", "-q"]
    all_variants = variants
    for size in sizes:
        large = size >= large_from
        times = repeat_at.get(size, 1 if large else repeat)
        variants = [variant for variant in all_variants if not large or variant in LARGE_VARIANTS]
        if large and variants != all_variants:
            print(f"N={size}: large: {times} run(s); left out: "
                  f"{', '.join(v for v in all_variants if v not in variants)}, the lone event", flush=True)
        with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as tmp:
            root = Path(tmp)
            files = generate(root / "content", size, pictures_every=pictures_every)
            copy_named_files((REPO / "mkdocs.yml").read_text(encoding="utf-8"), root / "content", REPO / "content")
            shutil.copytree(REPO / "overrides", root / "overrides")
            figures: dict = {"files": files, "repeat": times, "large": large,
                             "pictures": len(list((root / "content" / "assets").glob("*.jpg")))}
            for variant in variants:
                (root / f"{variant}.yml").write_text(site_config(variant), encoding="utf-8")
            build, built = _builder(mkdocs, root, env, _plugin_at(before, root) if before else None)
            # The first build makes the resized pictures (and renders every body); the others find them in the cache.
            cold = build("full", "site-full")
            print(f"N={size} full, pictures not cached {cold['wall']:7.1f} s  cpu {cold['cpu']:6.1f} s  "
                  f"{cold['pss_mb']:6.0f} MB ({cold['peak_mb']:.0f} MB resident)  load {cold['load']:.1f}", flush=True)
            if "before" in variants:  # its picture cache is its own (named differently): fill it first
                build("before", "site-before")
            runs: dict[str, list[dict]] = {variant: [] for variant in variants}
            for _ in range(times):
                for variant in variants:
                    runs[variant].append(build(variant, f"site-{variant}"))
                    r = runs[variant][-1]
                    print(f"N={size} {variant:16s} {r['wall']:7.1f} s  cpu {r['cpu']:6.1f} s  "
                          f"{r['pss_mb']:6.0f} MB ({r['peak_mb']:.0f} MB resident)  load {r['load']:.1f}", flush=True)
            for variant in variants:
                figures[variant] = {**_summary(runs[variant]),
                                    "html_pages": sum(1 for _ in built[f"site-{variant}"].rglob("*.html"))}
            figures["full-cold-pictures"] = _summary([cold])
            if "full-sequential" in variants:
                figures["identical"] = _compared(_differences(built["site-full"], built["site-full-sequential"]))
            if "before" in variants:
                figures["identical-before"] = _compared(_differences(built["site-full"], built["site-before"]))
            figures["site"] = site_size(built["site-full"])
            # check after the builds, with what they kept (renderings, verdicts, files read), as an editor's
            # check after a build or preview; then after one article's text was edited, as after a save.
            check = [str(BIN / "cluster-news"), "--config", "full.yml", "check"]
            figures["check"] = _summary([measure(check, root, env) for _ in range(times)])
            edited = sorted((root / "content" / "uk" / "news").glob("item-*.md"))[-1]
            original = edited.read_text(encoding="utf-8")
            edited.write_text(original + "\nAn edited paragraph.\n", encoding="utf-8")
            figures["check-edited"] = _summary([measure(check, root, env)])
            edited.write_text(original, encoding="utf-8")
            for name, what in (("check", "check"), ("check-edited", "check, 1 edit")):
                r = figures[name]
                print(f"N={size} {what:16s} {r['seconds']:7.2f} s  cpu {r['cpu']:6.2f} s  "
                      f"({r['seconds'] * 1000 / size:.2f} s per 1,000 items)  load {r['load'][0]:.1f}", flush=True)
            if not large:
                _lone_event(root / "content")
                figures["full-lone-event"] = _summary([build("full", "site-lone") for _ in range(times)])
                figures["full-lone-event"]["html_pages"] = sum(1 for _ in built["site-lone"].rglob("*.html"))
            site = hugo_site(root, root / "content")
            if site:
                figures["hugo"] = _summary([measure([shutil.which("hugo"), "--quiet", "-d", str(root / "hugo-out")],
                                                    site, env) for _ in range(times)])
            results["sizes"][str(size)] = figures
            if done is not None:
                done(results)
    return results


def table(results: dict) -> str:
    before = results.get("before")
    lines = [f"| items per language (files, pages; runs) | full build | full / plain + lunr | bodies not cached | "
             "nothing cached | nothing cached / plain + lunr | "
             f"before ({before or 'not run'}) | full / before | languages one after another | "
             "plain Material + i18n + lunr | CPU (full) | peak memory: PSS (RSS) | check (per 1,000 items) | "
             "site (per page) | Hugo |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for size, f in results["sizes"].items():
        def seconds(name: str, f: dict = f) -> str:
            return f"{f[name]['seconds']:.1f} s" if name in f else "–"
        def ratio(name: str, to: str, f: dict = f) -> str:
            return f"×{f[name]['seconds'] / f[to]['seconds']:.2f}" if name in f and to in f else "–"
        hugo = f"{f['hugo']['seconds']:.1f} s" if "hugo" in f else "not installed"
        check = f"{f['check']['seconds']:.2f} s ({f['check']['seconds'] * 1000 / int(size):.2f} s)"
        site = (f"{f['site']['bytes'] / 2**20:.0f} MB ({f['site']['bytes'] / f['site']['pages'] / 1024:.1f} KiB)"
                if "site" in f else "–")
        memory = (f"{f['full']['pss_mb']:.0f} MB ({f['full']['peak_mb']:.0f} MB)" if "pss_mb" in f["full"]
                  else f"– ({f['full']['peak_mb']:.0f} MB)")
        lines.append(
            f"| {size} ({f['files']}, {f['full']['html_pages']}; {f['repeat']} run{'s' if f['repeat'] > 1 else ''}) | "
            f"{seconds('full')} | {ratio('full', 'plain-search')} | {seconds('full-uncached')} | "
            f"{seconds('full-cold-pictures')} | {ratio('full-cold-pictures', 'plain-search')} | "
            f"{seconds('before')} | {ratio('full', 'before')} | {seconds('full-sequential')} | {seconds('plain-search')} | "
            f"{f['full']['cpu']:.0f} s | {memory} | {check} | {site} | {hugo} |")
    lines.append("")
    for size, f in results["sizes"].items():
        loads = [load for name in ("full", "full-sequential", "plain-search", "before") if name in f
                 for load in f[name]["load"]]
        lone = f.get("full-lone-event")
        others = [f"{label} {f[name]['seconds']:.1f} s" for name, label in
                  (("full-nosearch", "without search"), ("plain", "plain Material + i18n without search"))
                  if name in f]
        lines.append(
            f"- N = {size}: {f['pictures']} pictures; nothing cached (the first build: pictures not yet resized, "
            f"no bodies' renderings) CPU {f['full-cold-pictures']['cpu']:.0f} s, peak memory "
            f"{f['full-cold-pictures'].get('pss_mb', 0):.0f} MB PSS"
            + (f"; one event a year after the others (+{lone['html_pages'] - f['full']['html_pages']} pages: "
               "the months up to it, empty ones included within three years of today): "
               f"{lone['seconds']:.1f} s" if lone else "; large: fewer variants, no lone event")
            + "".join(f"; {other}" for other in others)
            + (f"; parallel and sequential output {f['identical']}"
               if "identical" in f else "")
            + (f"; the output of before {f['identical-before']}"
               if "identical-before" in f else "")
            + (f"; check after one article's text was edited {f['check-edited']['seconds']:.2f} s "
               f"(CPU {f['check-edited']['cpu']:.2f} s; after the builds: CPU {f['check']['cpu']:.2f} s)"
               if "check-edited" in f else "") + "; load average during the runs "
            f"{min(loads):.1f}–{max(loads):.1f}.")
    for size, f in results["sizes"].items():
        if "site" in f:
            lines.append(_site_size_line(size, f["site"]))
    sizes = list(results["sizes"])
    if len(sizes) >= 2:
        small, large = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
        growth = large["full"]["seconds"] / small["full"]["seconds"]
        plain = (f", plain Material + i18n + lunr ×{large['plain-search']['seconds'] / small['plain-search']['seconds']:.2f}"
                 if "plain-search" in large and "plain-search" in small else "")
        lines.append(f"- From N = {sizes[0]} to N = {sizes[-1]} (×{int(sizes[-1]) / int(sizes[0]):.0f} content): "
                     f"full build ×{growth:.2f} (CPU ×{large['full']['cpu'] / small['full']['cpu']:.2f}){plain}, "
                     f"check ×{large['check']['seconds'] / small['check']['seconds']:.2f}.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repeat-at", nargs="*", default=[], metavar="SIZE:RUNS",
                        help="fewer (or more) runs for some sizes, e.g. 2000:1")
    parser.add_argument("--variants", nargs="+", default=VARIANTS, choices=VARIANTS)
    parser.add_argument("--before", metavar="REVISION",
                        help="also build with the plugin as it was at this git revision (variant 'before')")
    parser.add_argument("--pictures-every", type=int, default=10, metavar="K",
                        help="every K-th item has a picture (0: none)")
    parser.add_argument("--large-from", type=int, default=3000, metavar="SIZE",
                        help="from this size: one run, only the full build, plain + lunr and before")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    repeat_at = {int(size): int(runs) for size, runs in (item.split(":") for item in args.repeat_at)}
    variants = ["full"] + [variant for variant in args.variants
                           if variant != "full" and (variant != "before" or args.before)]
    results = run(args.sizes, args.repeat, repeat_at, variants, args.before, args.pictures_every,
                  done=None if args.no_write else write, large_from=args.large_from)
    print("\n" + table(results))


def write(results: dict) -> None:
    """bench/results.json and the figures section of docs/performance.md."""
    (REPO / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    performance = REPO / "docs" / "performance.md"
    page = performance.read_text(encoding="utf-8")
    start, end = "<!-- figures:start -->", "<!-- figures:end -->"
    pictures = f"a picture on every {results['pictures_every']}th item" if results["pictures_every"] else "no pictures"
    figures = (f"{start}\nMachine: {results['machine']}; medians of {results['repeat']} runs (fewer or more where "
               f"noted); {pictures}.\n\n{table(results)}\n{end}")
    performance.write_text(re.sub(f"{start}.*{end}", lambda _: figures, page, flags=re.S), encoding="utf-8")


if __name__ == "__main__":
    main()
