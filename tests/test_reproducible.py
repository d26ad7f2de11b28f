"""The same sources and SOURCE_DATE_EPOCH give byte-identical sites, whether the languages are built side
by side in worker processes (the default, one per CPU) or one after another in one process (`jobs: 1`),
and whether bodies are rendered anew or come from the cache of the build before."""

from __future__ import annotations

import subprocess

from conftest import FixtureSite, build_site
from fixture_content import write_fixture_content


def test_two_builds_of_the_same_sources_are_identical(tmp_path_factory, tmp_path):
    shared = build_site(tmp_path_factory, "fixture", write_fixture_content)  # languages side by side
    site = FixtureSite(tmp_path / "sequential", jobs=1)
    assert "      jobs: 1\n" in (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    write_fixture_content(site)
    sequential = site.build(new_interpreter=True)  # its own hash seed: an order from hashing would show
    assert sequential.ok, sequential.output
    sites = [shared.site, sequential.site]
    files = {path.relative_to(sites[0]).as_posix() for path in sites[0].rglob("*") if path.is_file()}
    for kind in ("index.html", "events.ics", "feed.xml", "sitemap.xml", "pagefind/pagefind-entry.json"):
        assert any(path.endswith(kind) for path in files), f"no {kind} was built"
    cached = site.build("--site-dir", str(tmp_path / "cached"), new_interpreter=True)
    assert cached.ok, cached.output
    assert list((site.root / ".cache" / "cluster-news").glob("bodies-*.json")), "the first build kept no bodies"
    sites.append(tmp_path / "cached")
    for other in sites[1:]:
        diff = subprocess.run(["diff", "-r", str(sites[0]), str(other)], capture_output=True, text=True)
        assert diff.returncode == 0, diff.stdout[:2000]
