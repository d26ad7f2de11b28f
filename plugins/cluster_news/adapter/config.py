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
    embeds = c.ListOfItems(c.Type(str), default=["www.youtube-nocookie.com", "player.vimeo.com",
                                                  "www.openstreetmap.org"])
    """Hosts whose pages may be shown in an <iframe> (over HTTPS): the Content-Security-Policy's frame-src."""
