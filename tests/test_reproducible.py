"""The same sources and SOURCE_DATE_EPOCH give byte-identical sites."""

from __future__ import annotations

import subprocess

from conftest import FixtureSite
from fixture_content import write_fixture_content


def test_two_builds_of_the_same_sources_are_identical(tmp_path):
    sites = []
    for name in ("first", "second"):
        site = FixtureSite(tmp_path / name)
        write_fixture_content(site)
        built = site.build(env={"SOURCE_DATE_EPOCH": "1764547200"})
        assert built.ok, built.output
        sites.append(built.site)
    files = {path.relative_to(sites[0]).as_posix() for path in sites[0].rglob("*") if path.is_file()}
    for kind in ("index.html", "events.ics", "feed.xml", "sitemap.xml", "pagefind/pagefind-entry.json"):
        assert any(path.endswith(kind) for path in files), f"no {kind} was built"
    diff = subprocess.run(["diff", "-r", str(sites[0]), str(sites[1])], capture_output=True, text=True)
    assert diff.returncode == 0, diff.stdout[:2000]
