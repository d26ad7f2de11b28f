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

import prewarmed
from conftest import MKDOCS, REPO, SITE_URL

PROPERDOCS = MKDOCS.parent / "properdocs"
GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def _build(command: Path, site: Path) -> list[str]:
    """The repository's site built with `command` into `site`, as of a fixed day; what it said, without its
    timings and site folder, in a stable order (the languages are built side by side)."""
    env = prewarmed.environment(SITE_URL=SITE_URL, SOURCE_DATE_EPOCH="1764979200")
    result = prewarmed.run([command, "build", "--strict", "--config-file", REPO / "mkdocs.yml", "--site-dir", site],
                           cwd=REPO, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    said = result.stderr.replace(str(site), "<site>")
    return sorted(re.sub(r"\d+\.\d+ seconds", "N seconds", line) for line in said.splitlines())


def _different(left: Path, right: Path) -> list[str]:
    """The files under `left` and `right` that are not the same, or not in both, by their path."""
    found, folders = [], [("", filecmp.dircmp(left, right))]
    while folders:
        path, compared = folders.pop()
        found += [path + name for name in compared.left_only + compared.right_only + compared.diff_files]
        folders += [(f"{path}{name}/", sub) for name, sub in compared.subdirs.items()]
    return sorted(found)


def test_the_site_builds_with_properdocs_as_with_mkdocs(tmp_path):
    said = {name: _build(command, tmp_path / name) for name, command in (("mkdocs", MKDOCS), ("properdocs", PROPERDOCS))}
    assert said["properdocs"] == said["mkdocs"]
    differing = _different(tmp_path / "mkdocs", tmp_path / "properdocs")
    assert differing and all(path.endswith(".html") for path in differing), differing
    for path in differing:
        pages = [(tmp_path / name / path).read_text(encoding="utf-8") for name in said]
        generators = [lxml.html.document_fromstring(page).xpath("//meta[@name='generator']/@content") for page in pages]
        material = f"mkdocs-material-{version('mkdocs-material')}"
        assert generators == [[f"mkdocs-{version('mkdocs')}, {material}"],
                              [f"mkdocs-ProperDocs {version('properdocs')}, {material}"]], path
        assert GENERATOR.sub("", pages[0]) == GENERATOR.sub("", pages[1]), path
