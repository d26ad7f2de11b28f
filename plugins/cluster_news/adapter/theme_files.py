"""The theme's files listed without walking Material's 14,000 icons.

Every build (one per language, and one per save in the preview) lists the theme's folders to find the
files to copy into the site (`Files.add_files_from_theme`). Material's folder holds 14,509 files, 14,348
of them icons under `.icons/`, which MkDocs then drops one by one (a name with a part that starts with a
dot is never copied): walking and matching them cost 0.12 s a pass, an eighth of building a small
five-language site and a quarter of a second of every save in the preview (two passes). This loader
lists the same folders without entering hidden ones, so MkDocs finds exactly the files it found before;
templates and icons still load as they did (only the listing changes). No hook runs between the
environment's creation and the listing: `theme.get_env` is wrapped (`couplings.THEME_GET_ENV`).
"""

from __future__ import annotations

import os

import jinja2
from mkdocs.theme import Theme


class UnhiddenListing(jinja2.FileSystemLoader):
    """Jinja's file loader whose listing skips hidden folders (nothing in them is ever a theme file to copy)."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                relative = os.path.relpath(folder, searchpath)
                for name in names:
                    path = name if relative == os.curdir else os.path.join(relative, name)
                    found.add(path.replace(os.sep, "/"))
        return sorted(found)


def list_theme_files_unhidden(theme: Theme) -> None:
    """Give `theme`'s Jinja environments the loader above (once per theme object: each pass reuses it)."""
    if "get_env" in vars(theme):
        return
    make_environment = theme.get_env

    def get_env() -> jinja2.Environment:
        environment = make_environment()
        loader = environment.loader
        if type(loader) is jinja2.FileSystemLoader:  # what MkDocs 1.6 makes; anything else is left as it is
            environment.loader = UnhiddenListing(loader.searchpath, loader.encoding, loader.followlinks)
        return environment

    theme.get_env = get_env  # type: ignore[method-assign]
