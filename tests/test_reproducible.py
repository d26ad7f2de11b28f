"""The same sources and SOURCE_DATE_EPOCH give byte-identical sites."""

from __future__ import annotations

import os
import subprocess

from conftest import MKDOCS, REPO, SITE_URL


def test_two_builds_of_the_sample_are_identical(tmp_path):
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764547200"}
    for name in ("first", "second"):
        result = subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(tmp_path / name)], cwd=REPO,
                                env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
    files = sorted(p.relative_to(tmp_path / "first") for p in (tmp_path / "first").rglob("*") if p.is_file())
    assert len(files) > 1000  # pages, feeds, calendars, sitemaps and the search index
    diff = subprocess.run(["diff", "-r", str(tmp_path / "first"), str(tmp_path / "second")], capture_output=True,
                          text=True)
    assert diff.returncode == 0, diff.stdout[:2000]
