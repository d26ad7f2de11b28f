"""What the build and the content tools need from mkdocs.yml, as plain settings: MkDocs reads the file and
the adapter hands them over (adapter/settings.py), so the core never imports MkDocs. The defaults of the
plugin's options that reach the core are declared here; the options' schema (adapter/config.py) takes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .body import BodySettings
from .cms import CmsSettings
from .messages import Message, tr
from .schema import DEFAULT_TIMEZONE, PICTURE_TYPES


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

    def problems(self, content_dir: Path) -> list[Message]:
        """What is wrong with these options, each as 'field: problem (hint)'."""
        found = []
        for field_name, value in [("url", self.url)] + [("same_as", address) for address in self.same_as]:
            if value and not value.startswith("https://"):
                found.append(tr("organization: {field}: {value} is not an https address (write https://…)",
                                field=field_name, value=repr(value)))
        logo = self.logo
        if logo:
            path = content_dir / logo
            if "://" in logo or logo.startswith("/") or ".." in Path(logo).parts or not path.is_file():
                found.append(tr("organization: logo: {value} is no file under {folder} (save the picture there, "
                                "e.g. assets/logo.png, and write that path: the site links nothing from elsewhere)",
                                value=repr(logo), folder=f"{content_dir.name}/"))
            elif path.suffix.lower() not in PICTURE_TYPES:
                found.append(tr("organization: logo: {value} is not a picture ({types})", value=repr(logo),
                                types=", ".join(PICTURE_TYPES)))
        return found


@dataclass(frozen=True)
class SiteOptions:
    """What the plugin's options and the i18n languages say about the site (defaults declared here)."""

    site_url: str = ""
    site_names: dict[str, str] = field(default_factory=dict)
    """The site's name in each language."""
    site_descriptions: dict[str, str] = field(default_factory=dict)
    news_per_page: int = 10
    """News a page of the news list or a news filter's shows (cards); and the latest news and events a project's or
    a cluster's page shows, before its links to all of them."""
    rows_per_page: int = 50
    """Entries a page of the lists in rows shows: events, events filters', tags'. A page carries some 12 KiB
    besides its list, and a row about 0.9 KiB: pages of 50 rows are about 60 KiB (a first page, with the filters
    and the months, under 80), and the lists cost a few per cent more than whole (pages of 10: twice as much)."""
    home_news: int = 5
    home_events: int = 5
    about_page: str = "about"
    """The slug of the plain page about the network, linked from every page's footer."""
    calendar_uid_domain: str = ""
    """What follows the '@' of every event's UID, declared once so that it survives a move of the site
    (empty: taken from `site_url`, see `urls.calendar_uid_domain`)."""
    organization: Organization = field(default_factory=Organization)

    def problems(self) -> list[Message]:
        """What is wrong with the counts, each as 'field: problem (hint)': a list split into pages of no entries
        would never end, and a negative count would slice entries off the end of a list."""
        least = {"news_per_page": 1, "rows_per_page": 1, "home_news": 0, "home_events": 0}
        return [tr("{field}: {value} is less than {least} (write a whole number of entries, e.g. {default})",
                   field=name, value=repr(getattr(self, name)), least=number, default=getattr(SiteOptions, name))
                for name, number in least.items() if getattr(self, name) < number]


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
    cms_branch: str = CmsSettings.branch
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


def organization_of(options: dict) -> Organization:
    """The `organization` option as mkdocs.yml writes it."""
    return Organization(name=options.get("name") or "", url=options.get("url") or "", logo=options.get("logo") or "",
                        same_as=tuple(options.get("same_as") or ()))
