"""The theme's files are listed without walking hidden folders (Material's 14,000 icons), and MkDocs still
copies exactly the files it copied before."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import Files

from cluster_news.adapter.theme_files import UnhiddenListing, list_theme_files_unhidden

CUSTOM = ["assets/app.css", "assets/.editor.swp", ".cache/listing.json", "partials/.drafts/x.html",
          "pictures/a/b/logo.png", "main.html", "robots.txt"]


def theme_files(config) -> list[str]:
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return sorted(file.src_uri for file in files)


def test_mkdocs_adds_the_same_theme_files_as_with_jinjas_own_listing(tmp_path: Path):
    for name in CUSTOM:
        (tmp_path / "custom" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "custom" / name).write_text("x", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n  custom_dir: custom\n",
                                         encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    listed_by_jinja = config.theme.get_env().list_templates()
    before = theme_files(config)

    list_theme_files_unhidden(config.theme)
    list_theme_files_unhidden(config.theme)  # every language's pass asks again: wrapped once
    environment = config.theme.get_env()
    assert isinstance(environment.loader, UnhiddenListing)
    assert theme_files(config) == before
    assert {"assets/app.css", "pictures/a/b/logo.png", "robots.txt"} <= set(before)
    assert any(name.startswith(".icons/material/") for name in listed_by_jinja)  # what is no longer walked
    listed = environment.list_templates()
    assert not any(name.startswith(".") or "/." in name for name in listed if name != "assets/.editor.swp")
    assert set(listed) == {name for name in listed_by_jinja if not name.startswith(".") and "/." not in name} | {
        "assets/.editor.swp"}  # hidden files are listed (MkDocs drops them), hidden folders are not entered
    assert environment.get_template(".icons/material/calendar.svg").render()  # icons still load
