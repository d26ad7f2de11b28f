"""Options of the `cluster-news` plugin in mkdocs.yml."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class ClusterNewsConfig(base.Config):
    default_timezone = c.Type(str, default="Europe/Brussels")
    """Time zone of event times whose front matter names none."""
    news_per_page = c.Type(int, default=10)
    home_news = c.Type(int, default=5)
    home_events = c.Type(int, default=5)
    serve_drafts = c.Type(bool, default=True)
    """Show drafts (with a notice) in `mkdocs serve`; `mkdocs build` never includes them."""
    search = c.Type(bool, default=True)
    """Index the built site with Pagefind: one index per language, found from <html lang>."""
    about_page = c.Type(str, default="about")
    """The plain page about the network (`content/<lang>/<about_page>.md`), linked from every footer."""
    contact_email = c.Type(str, default="")
    """The network's public e-mail address, in every footer and in the imprint."""
    imprint = c.Type(str, default="")
    """Who publishes the site, one line each (name, postal address): the imprint under the about page."""
