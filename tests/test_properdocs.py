"""Platform insurance: the repository's site builds with ProperDocs, the maintained fork of MkDocs 1.x, as it
does with MkDocs (MkDocs 1.x has had no release since 1.6.1, and 2.0 has no plugins).

ProperDocs loads MkDocs plugins and themes and answers their `mkdocs.*` imports with its own modules, so
the plugin, Material and static-i18n run unchanged. Its output is MkDocs' byte for byte but for the
generator Material names in every page's <head>."""

from __future__ import annotations

import filecmp
import re
from importlib.metadata import version
from pathlib import Path

import lxml.html

from test_sample_site import SAMPLE_DAY, sample_site

import prewarmed
from conftest import MKDOCS, REPO, SITE_URL

PROPERDOCS = MKDOCS.parent / "properdocs"
GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def _said(output: str, site: Path) -> list[str]:
    """What a build said, without its timings and site folder, in a stable order (the languages are built side
    by side)."""
    said = output.replace(str(site), "<site>")
    return sorted(re.sub(r"\d+\.\d+ seconds", "N seconds", line) for line in said.splitlines())


def _different(left: Path, right: Path) -> list[str]:
    """The files under `left` and `right` that are not the same, or not in both, by their path."""
    found, folders = [], [("", filecmp.dircmp(left, right))]
    while folders:
        path, compared = folders.pop()
        found += [path + name for name in compared.left_only + compared.right_only + compared.diff_files]
        folders += [(f"{path}{name}/", sub) for name, sub in compared.subdirs.items()]
    return sorted(found)


def test_the_site_builds_with_properdocs_as_with_mkdocs(tmp_path_factory, tmp_path):
    """ProperDocs builds the sample as of the day MkDocs' build of it (test_sample_site.py's, shared) was."""
    mkdocs = sample_site(tmp_path_factory)
    site = tmp_path / "properdocs"
    env = prewarmed.environment(SITE_URL=SITE_URL, SOURCE_DATE_EPOCH=SAMPLE_DAY)
    result = prewarmed.run([PROPERDOCS, "build", "--strict", "--config-file", REPO / "mkdocs.yml", "--site-dir", site],
                           cwd=REPO, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _said(result.stdout + result.stderr, site) == _said(mkdocs.output, mkdocs.site)
    differing = _different(mkdocs.site, site)
    assert differing and all(path.endswith(".html") for path in differing), differing
    for path in differing:
        pages = [(folder / path).read_text(encoding="utf-8") for folder in (mkdocs.site, site)]
        generators = [lxml.html.document_fromstring(page).xpath("//meta[@name='generator']/@content") for page in pages]
        material = f"mkdocs-material-{version('mkdocs-material')}"
        assert generators == [[f"mkdocs-{version('mkdocs')}, {material}"],
                              [f"mkdocs-ProperDocs {version('properdocs')}, {material}"]], path
        assert GENERATOR.sub("", pages[0]) == GENERATOR.sub("", pages[1]), path
