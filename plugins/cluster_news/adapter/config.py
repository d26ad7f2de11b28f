"""Options of the `cluster-news` plugin in mkdocs.yml. The defaults of those the core reads are declared once,
by the core's settings (core/project.py); adapter/settings.py hands the options to it."""

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.body import BodySettings
from ..core.project import Organization, ProjectSettings, SiteOptions


class OrganizationConfig(base.Config):
    """The network, as each language's home page describes it to search engines (schema.org Organization)."""

    name = c.Type(str, default=Organization.name)
    """Empty: the site's name in the default language."""
    url = c.Type(str, default=Organization.url)
    """The network's own website, if it has one besides this site; empty: this site's home."""
    logo = c.Type(str, default=Organization.logo)
    """A square picture under content/ (assets/logo.png), at least 112 px wide."""
    same_as = c.ListOfItems(c.Type(str), default=list(Organization.same_as))
    """The network's pages elsewhere (LinkedIn, a register of associations), as https addresses."""


class ClusterNewsConfig(base.Config):
    default_timezone = c.Type(str, default=ProjectSettings.default_timezone)
    """Time zone of event times whose front matter names none."""
    news_per_page = c.Type(int, default=SiteOptions.news_per_page)
    rows_per_page = c.Type(int, default=SiteOptions.rows_per_page)
    """Entries a page of events, an events filter's or a tag's list shows (core/project.py)."""
    home_news = c.Type(int, default=SiteOptions.home_news)
    home_events = c.Type(int, default=SiteOptions.home_events)
    serve_drafts = c.Type(bool, default=True)
    """Show drafts (with a notice) in `mkdocs serve`; `mkdocs build` never includes them."""
    jobs = c.Type(int, default=0)
    """How many processes build the languages side by side: 0 chooses from the CPUs (adapter/parallel.py),
    1 builds them one after another in one process (the output is the same)."""
    search = c.Type(bool, default=True)
    """Index the built site with Pagefind: one index per language, found from <html lang>."""
    embeds = c.ListOfItems(c.Type(str), default=list(BodySettings.embeds))
    """Hosts whose players and maps articles may embed with <iframe src="https://<host>/…">."""
    cms_repository = c.Type(str, default=ProjectSettings.cms_repository)
    """GitHub owner/name the web editor at /admin/ commits to; read by `cluster-news cms-config`."""
    cms_branch = c.Type(str, default=ProjectSettings.cms_branch)
    cms_auth_url = c.Optional(c.Type(str))
    """Address of an OAuth client for GitHub sign-in; without it, editors sign in with a personal token."""
    about_page = c.Type(str, default=SiteOptions.about_page)
    """The plain page about the network (`content/<lang>/<about_page>.md`), linked from every footer."""
    contact_email = c.Type(str, default="")
    """The network's public e-mail address, in every footer and in the imprint."""
    calendar_uid_domain = c.Type(str, default=SiteOptions.calendar_uid_domain)
    """What follows the '@' of every event's UID (a host, optionally /path): declared once, it keeps every
    event the same event in subscribers' calendars when the site moves to another address."""
    organization = c.SubConfig(OrganizationConfig)
    imprint = c.Type(str, default="")
    """Who publishes the site, one line each (name, postal address): the imprint under the about page."""
