"""What the content tools need from mkdocs.yml, read without starting MkDocs (fast, engine-free)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may use MkDocs' own tags (!ENV, !!python/name:...): read what they say, run nothing."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node):
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else (names + [None])
    return next((os.environ[name] for name in variables if name in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class ProjectSettings:
    root: Path
    content_dir: Path
    languages: list[str]
    default_language: str
    default_timezone: str
    cms_repository: str = ""
    """GitHub owner/name the web editor commits to (plugin option `cms_repository`)."""
    cms_branch: str = "main"
    cms_auth_url: str | None = None

    @property
    def display_root(self) -> str:
        return display_root(self.content_dir, self.root)


def display_root(content_dir: Path, project_root: Path) -> str:
    """How the content folder is named in messages: relative to the project ('content')."""
    try:
        return content_dir.resolve().relative_to(project_root.resolve()).as_posix()
    except ValueError:
        return content_dir.as_posix()


def _plugin_options(plugins, name: str) -> dict:
    for entry in plugins or []:
        if entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            return entry[name] or {}
    if isinstance(plugins, dict):
        return plugins.get(name) or {}
    raise KeyError(name)


def read_settings(config_file: Path) -> ProjectSettings:
    """Content folder, languages and default time zone from an mkdocs.yml (KeyError/OSError if unusable)."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    root = config_file.resolve().parent
    i18n = _plugin_options(config.get("plugins"), "i18n")
    ours = _plugin_options(config.get("plugins"), "cluster-news")
    languages = [language["locale"] for language in i18n.get("languages", [])]
    default = next((language["locale"] for language in i18n.get("languages", []) if language.get("default")),
                   languages[0] if languages else "en")
    return ProjectSettings(
        root=root,
        content_dir=root / config.get("docs_dir", "docs"),
        languages=[default] + [lang for lang in languages if lang != default],
        default_language=default,
        default_timezone=ours.get("default_timezone", "Europe/Brussels"),
        cms_repository=ours.get("cms_repository", ""),
        cms_branch=ours.get("cms_branch", "main"),
        cms_auth_url=ours.get("cms_auth_url"),
    )
