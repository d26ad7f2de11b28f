"""What the plugin adds to MkDocs' configuration in every language's pass: its templates, stylesheet, script
and link resolver. Each pass of static-i18n reuses the configuration, so each addition is made once."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..core import icons
from ..core.body import LinkExtension
from .theme_files import list_theme_files_unhidden

THEME_DIR = str(Path(__file__).parent / "theme")
ASSETS = Path(__file__).parent.parent / "assets"
STYLESHEET = "assets/cluster-news.css"
SCRIPT = "assets/cluster-news.js"
PREVIEW_SCRIPT = "assets/cluster-news-preview.js"
"""Loaded by the preview's pages while the content has errors."""
SEARCH_SCRIPT = "assets/cluster-news-search.js"
"""Loaded by the search page only."""
NOT_FOUND_SCRIPT = "assets/cluster-news-404.js"
"""Loaded by the 404 pages only, in <head>."""
TOC_IN_NAVIGATION = "toc.integrate"
"""Material's feature: the table of contents only in the navigation (couplings.MATERIAL_TOC_INTEGRATE)."""
HEADER_ICONS = {"menu": ("menu", "material/menu"), "search": (None, "material/magnify"),
                "to-dark": (None, "material/weather-night"), "to-light": (None, "material/weather-sunny"),
                "language": ("alternate", "material/translate")}
"""The header's icons (partials/header.html, alternate.html): symbol id -> (the `theme: icon:` option that
chooses it, as Material's header reads it, or None; Material's icon otherwise)."""


def add_to_config(config: MkDocsConfig, links: LinkExtension | None) -> None:
    # Our sitemap lists generated pages and exact alternates; the theme's would overwrite it.
    config.theme.static_templates.discard("sitemap.xml")
    list_theme_files_unhidden(config.theme)
    if THEME_DIR not in config.theme.dirs:
        custom = config.theme.custom_dir
        config.theme.dirs.insert(config.theme.dirs.index(custom) + 1 if custom in config.theme.dirs else 0, THEME_DIR)
    # The table of contents once a page, in the page's entry of the navigation: no sidebar of its own.
    features = config.theme["features"] = config.theme.get("features") or []
    if TOC_IN_NAVIGATION not in features:
        features.append(TOC_IN_NAVIGATION)
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    add_script(config, SCRIPT)
    if links is not None and links not in config.markdown_extensions:
        config.markdown_extensions.append(links)


def add_script(config: MkDocsConfig, script: str) -> None:
    if script not in [str(known) for known in config.extra_javascript]:
        config.extra_javascript.append(script)


def header_icons(config: MkDocsConfig) -> bytes:
    """The file of the header's icons (core/icons.py), read from the theme's folders as its templates include
    them (`couplings.MATERIAL_ICONS`)."""
    chosen = config.theme.get("icon") or {}
    found = {}
    for symbol, (option, default) in HEADER_ICONS.items():
        name = (chosen.get(option) if option else None) or default
        paths = [os.path.join(folder, ".icons", f"{name}.svg") for folder in config.theme.dirs]
        path = next((path for path in paths if os.path.isfile(path)), None)
        if path is None:
            raise PluginError(f"cluster-news: the theme has no icon '{name}' (theme: icon: {option or symbol})")
        found[symbol] = Path(path).read_text(encoding="utf-8")
    return icons.sprite(found)
