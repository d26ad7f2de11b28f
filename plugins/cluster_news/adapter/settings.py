"""What the core needs from mkdocs.yml, as MkDocs itself reads it.

The build and the `cluster-news` command read the same: MkDocs' loader (its `!ENV` and Python tags, the
extensions it always adds, every option's default), static-i18n's languages, our plugin's options. The
core gets plain settings and never imports MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin

from ..core.body import BodySettings, LinkExtension
from ..core.messages import tr
from ..core.project import ProjectSettings, SiteOptions, organization_of
from ..core.urls import calendar_uid_domain
from . import couplings
from .config import ClusterNewsConfig

PLUGIN = "cluster-news"


def project_settings(config: MkDocsConfig, i18n: BasePlugin, options: ClusterNewsConfig) -> ProjectSettings:
    """The settings of a site as MkDocs loaded it (ValueError, saying what is wrong, if they are unusable)."""
    languages = couplings.site_languages(i18n)
    names, descriptions = {}, {}
    for lang in languages:
        name, description = couplings.language_site_text(i18n, lang)
        names[lang] = name or config.site_name
        descriptions[lang] = description or config.site_description or ""
    site = SiteOptions(site_url=config.site_url or "", site_names=names, site_descriptions=descriptions,
                       news_per_page=options.news_per_page, rows_per_page=options.rows_per_page,
                       home_news=options.home_news,
                       home_events=options.home_events, about_page=options.about_page,
                       calendar_uid_domain=options.calendar_uid_domain,
                       organization=organization_of(dict(options.organization)))
    problems = site.problems() + site.organization.problems(Path(config.docs_dir))
    if problems:
        raise ValueError(*problems)
    calendar_uid_domain(site.calendar_uid_domain, site.site_url)
    # The plugin adds its link resolver to the extensions (see configure.py): the core adds its own.
    extensions = tuple(ext for ext in config.markdown_extensions if not isinstance(ext, LinkExtension))
    return ProjectSettings(
        root=Path(config.config_file_path or ".").resolve().parent, content_dir=Path(config.docs_dir),
        languages=languages, default_language=couplings.default_language(i18n),
        default_timezone=options.default_timezone, options=site,
        body=BodySettings(extensions, dict(config.mdx_configs), tuple(options.embeds)),
        cms_repository=options.cms_repository, cms_branch=options.cms_branch, cms_auth_url=options.cms_auth_url,
    )


def read_settings(config_file: Path) -> ProjectSettings:
    """The settings of the site `config_file` describes, loaded by MkDocs as a build loads them (ValueError,
    saying why, if it cannot be read or used). What MkDocs logs about the file becomes that message, which
    the command prints safely, instead of going to the terminal as it is."""
    said = _Said(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(said)
    try:
        config = load_config(str(config_file))
    except MkDocsException as error:
        raise ValueError("; ".join([*said.messages, error.format_message()])) from None
    finally:
        logger.removeHandler(said)
    i18n = couplings.i18n_plugin(config)
    if i18n is None or PLUGIN not in config.plugins:
        raise ValueError(tr("the plugins 'i18n' (docs_structure: folder) and '{plugin}' are needed", plugin=PLUGIN))
    return project_settings(config, i18n, config.plugins[PLUGIN].config)


class _Said(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
