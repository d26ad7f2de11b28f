"""Benchmark: the full site build against plain Material + static-i18n (and Hugo, when installed).

    .venv/bin/python bench/run.py                 # N = 200 and 1000 items per language, 3 runs each
    .venv/bin/python bench/run.py --sizes 200 --repeat 1

Prints a table, writes bench/results.json and the figures section of docs/performance.md.
Wall times are medians of the runs; peak memory is the largest resident set of the build process
(GNU time's %M, which includes Pagefind, run as a child of the build).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import LANGUAGES, generate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TIME = shutil.which("time") or "/usr/bin/time"


def site_config(variant: str) -> str:
    """mkdocs.yml for a variant: 'full', 'full-nosearch', 'plain' (no cluster-news), 'plain-search' (+ lunr)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if variant == "full":
        return text
    if variant == "full-nosearch":
        return text.replace("      serve_drafts: true", "      serve_drafts: true\n      search: false")
    plain = re.sub(r"  - cluster-news:\n(      .*\n)*", "", text)
    plain = plain.replace("site_url: !ENV", "nav:\n  - index.md\nsite_url: !ENV")
    if variant == "plain-search":
        plain = plain.replace("plugins:\n", "plugins:\n  - search\n", 1)
    return plain


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """(wall seconds, peak resident KB) of one run."""
    started = time.perf_counter()
    result = subprocess.run([TIME, "-f", "@@%M", *command], cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    peak = int(re.findall(r"@@(\d+)", result.stderr)[-1])
    return wall, peak


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


def run(sizes: list[int], repeat: int) -> dict:
    results: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                     "repeat": repeat, "sizes": {}}
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1751328000",
           "SITE_URL": "https://example.org/site/"}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as tmp:
            root = Path(tmp)
            files = generate(root / "content", size)
            shutil.copytree(REPO / "overrides", root / "overrides")
            figures: dict = {"files": files}
            variants = ["full", "full-nosearch", "plain", "plain-search"]
            for variant in variants:
                (root / "mkdocs.yml").write_text(site_config(variant), encoding="utf-8")
                runs = [measure([str(BIN / "mkdocs"), "build", "--strict", "-q"], root, env) for _ in range(repeat)]
                pages = sum(1 for _ in (root / "site").rglob("*.html"))
                figures[variant] = {"seconds": statistics.median(r[0] for r in runs),
                                    "runs": [round(r[0], 2) for r in runs],
                                    "peak_mb": max(r[1] for r in runs) / 1024, "html_pages": pages}
                print(f"N={size} {variant:14s} {figures[variant]['seconds']:7.1f} s  "
                      f"{figures[variant]['peak_mb']:6.0f} MB  {pages} pages  runs {figures[variant]['runs']}",
                      flush=True)
            (root / "mkdocs.yml").write_text(site_config("full"), encoding="utf-8")
            check = [measure([str(BIN / "cluster-news"), "check"], root, env) for _ in range(repeat)]
            figures["check"] = {"seconds": statistics.median(r[0] for r in check)}
            site = hugo_site(root, root / "content")
            if site:
                hugo_runs = [measure([shutil.which("hugo"), "--quiet", "-d", str(root / "hugo-out")], site, env)
                             for _ in range(repeat)]
                figures["hugo"] = {"seconds": statistics.median(r[0] for r in hugo_runs),
                                   "peak_mb": max(r[1] for r in hugo_runs) / 1024}
            results["sizes"][str(size)] = figures
    return results


def table(results: dict) -> str:
    lines = ["| items per language (files) | full build | without search | plain Material + i18n | "
             "plain + lunr search | plugin overhead | per page | peak memory | check | Hugo |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for size, f in results["sizes"].items():
        overhead = f["full-nosearch"]["seconds"] / f["plain"]["seconds"]
        per_page = f["full"]["seconds"] / f["full"]["html_pages"] * 1000
        hugo = f"{f['hugo']['seconds']:.1f} s" if "hugo" in f else "not installed"
        lines.append(
            f"| {size} ({f['files']}) | {f['full']['seconds']:.1f} s | {f['full-nosearch']['seconds']:.1f} s | "
            f"{f['plain']['seconds']:.1f} s | {f['plain-search']['seconds']:.1f} s | ×{overhead:.2f} | "
            f"{per_page:.1f} ms | {f['full']['peak_mb']:.0f} MB | {f['check']['seconds']:.2f} s | {hugo} |")
    sizes = list(results["sizes"])
    if len(sizes) >= 2:
        small, large = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
        growth = large["full"]["seconds"] / small["full"]["seconds"]
        lines.append("")
        lines.append(f"From N={sizes[0]} to N={sizes[-1]} (×{int(sizes[-1]) / int(sizes[0]):.0f} content): "
                     f"full build ×{growth:.2f}, plain Material + i18n "
                     f"×{large['plain']['seconds'] / small['plain']['seconds']:.2f}.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    results = run(args.sizes, args.repeat)
    text = table(results)
    print("\n" + text)
    if not args.no_write:
        (REPO / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        performance = REPO / "docs" / "performance.md"
        page = performance.read_text(encoding="utf-8")
        start, end = "<!-- figures:start -->", "<!-- figures:end -->"
        figures = f"{start}\nMachine: {results['machine']}; medians of {results['repeat']} runs.\n\n{text}\n{end}"
        performance.write_text(re.sub(f"{start}.*{end}", lambda _: figures, page, flags=re.S), encoding="utf-8")


if __name__ == "__main__":
    main()
