"""What the content tools need from mkdocs.yml, read without starting MkDocs (fast, engine-free)."""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .body import DEFAULT_EMBEDS, BodySettings
from .schema import DEFAULT_TIMEZONE, PICTURE_TYPES
from .urls import calendar_uid_domain


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may use MkDocs' own tags (!ENV, !!python/name:...): read what they say, run nothing."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node):
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else (names + [None])
    return next((os.environ[name] for name in variables if name in os.environ), default)


_KNOWN_CALLABLES = {"pymdownx.slugs.slugify"}
"""What mkdocs.yml may build with `!!python/object/apply:` for the tools: they render Markdown as the
build does, and a heading's id depends on the slugify function (Cyrillic headings, say)."""


def _apply(loader: yaml.SafeLoader, suffix: str, node: yaml.Node):
    if suffix not in _KNOWN_CALLABLES or not isinstance(node, yaml.MappingNode):
        return None
    arguments = loader.construct_mapping(node, deep=True)
    module, _, name = suffix.rpartition(".")
    return getattr(importlib.import_module(module), name)(*arguments.get("args", []), **arguments.get("kwds", {}))


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _apply)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Organization:
    """The network, as home pages describe it to search engines (plugin option `organization`)."""

    name: str = ""
    """Empty: the site's name in the default language."""
    url: str = ""
    """Its own website; empty: the site's home in the default language."""
    logo: str = ""
    """A picture under content/ ('assets/logo.png'), published at that path; empty: none."""
    same_as: tuple[str, ...] = ()
    """Its pages elsewhere (social networks, registries), as https addresses."""

    def problems(self, content_dir: Path) -> list[str]:
        """What is wrong with these options, each as 'field: problem (hint)'."""
        found = []
        for field_name, value in [("url", self.url)] + [("same_as", address) for address in self.same_as]:
            if value and not value.startswith("https://"):
                found.append(f"organization: {field_name}: {value!r} is not an https address (write https://…)")
        logo = self.logo
        if logo:
            path = content_dir / logo
            if "://" in logo or logo.startswith("/") or ".." in Path(logo).parts or not path.is_file():
                found.append(f"organization: logo: {logo!r} is no file under {content_dir.name}/ (save the picture "
                             f"there, e.g. assets/logo.png, and write that path: the site links nothing from elsewhere)")
            elif path.suffix.lower() not in PICTURE_TYPES:
                found.append(f"organization: logo: {logo!r} is not a picture ({', '.join(PICTURE_TYPES)})")
        return found


@dataclass(frozen=True)
class SiteOptions:
    """What the plugin's options and the i18n languages say about the site (defaults declared here)."""

    site_url: str = ""
    site_names: dict[str, str] = field(default_factory=dict)
    """The site's name in each language."""
    site_descriptions: dict[str, str] = field(default_factory=dict)
    news_per_page: int = 10
    home_news: int = 5
    home_events: int = 5
    about_page: str = "about"
    """The slug of the plain page about the network, linked from every page's footer."""
    calendar_uid_domain: str = ""
    """What follows the '@' of every event's UID, declared once so that it survives a move of the site
    (empty: taken from `site_url`, see `urls.calendar_uid_domain`)."""
    organization: Organization = field(default_factory=Organization)


@dataclass(frozen=True)
class ProjectSettings:
    root: Path
    content_dir: Path
    languages: list[str]
    """The default language first."""
    default_language: str
    default_timezone: str = DEFAULT_TIMEZONE
    options: SiteOptions = field(default_factory=SiteOptions)
    body: BodySettings = field(default_factory=BodySettings)
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


def organization_of(options: dict) -> Organization:
    """The `organization` option as mkdocs.yml writes it."""
    return Organization(name=options.get("name") or "", url=options.get("url") or "", logo=options.get("logo") or "",
                        same_as=tuple(options.get("same_as") or ()))


MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")
"""Extensions MkDocs always adds to those mkdocs.yml lists."""


def _names(entries) -> set[str]:
    return {name for entry in entries or [] for name in (entry if isinstance(entry, dict) else [entry])}


def _markdown_extensions(entries) -> tuple[tuple[str, ...], dict[str, dict]]:
    """Extension names and options as MkDocs reads them; options MkDocs would build from Python tags
    (e.g. a slugify function) are left to their defaults, which render the same links and HTML."""
    names, configs = [], {}
    for entry in list(entries or []) + [name for name in MKDOCS_EXTENSIONS if name not in _names(entries)]:
        if isinstance(entry, dict):
            for name, options in entry.items():
                names.append(name)
                configs[name] = {key: value for key, value in (options or {}).items() if value is not None}
        else:
            names.append(entry)
    return tuple(names), configs


def read_settings(config_file: Path) -> ProjectSettings:
    """Everything the content tools need from an mkdocs.yml (KeyError/OSError/ValueError if unusable)."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    root = config_file.resolve().parent
    i18n = _plugin_options(config.get("plugins"), "i18n")
    ours = _plugin_options(config.get("plugins"), "cluster-news")
    declared = i18n.get("languages", [])
    languages = [language["locale"] for language in declared]
    default = next((language["locale"] for language in declared if language.get("default")),
                   languages[0] if languages else "en")
    defaults = SiteOptions()
    options = SiteOptions(
        site_url=config.get("site_url") or "",
        site_names={lang["locale"]: lang.get("site_name") or config.get("site_name", "") for lang in declared},
        site_descriptions={lang["locale"]: lang.get("site_description") or config.get("site_description") or ""
                           for lang in declared},
        news_per_page=ours.get("news_per_page", defaults.news_per_page),
        home_news=ours.get("home_news", defaults.home_news),
        home_events=ours.get("home_events", defaults.home_events),
        about_page=ours.get("about_page", defaults.about_page),
        calendar_uid_domain=ours.get("calendar_uid_domain", defaults.calendar_uid_domain),
        organization=organization_of(ours.get("organization") or {}),
    )
    calendar_uid_domain(options.calendar_uid_domain, options.site_url)  # ValueError: the build would refuse it
    content_dir = root / config.get("docs_dir", "docs")
    problems = options.organization.problems(content_dir)
    if problems:
        raise ValueError("; ".join(problems))
    extensions, configs = _markdown_extensions(config.get("markdown_extensions"))
    return ProjectSettings(
        root=root,
        content_dir=content_dir,
        languages=[default] + [lang for lang in languages if lang != default],
        default_language=default,
        default_timezone=ours.get("default_timezone", DEFAULT_TIMEZONE),
        options=options,
        body=BodySettings(extensions, configs, tuple(ours.get("embeds", DEFAULT_EMBEDS))),
        cms_repository=ours.get("cms_repository", ""),
        cms_branch=ours.get("cms_branch", "main"),
        cms_auth_url=ours.get("cms_auth_url"),
    )
