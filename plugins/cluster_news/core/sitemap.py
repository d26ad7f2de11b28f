"""Sitemaps with hreflang alternates (`xhtml:link`) for exactly the translations that exist: one a language, and
at the root an index of them (the search engines' way to list more than one sitemap, and more than the 50,000
addresses one may hold), rather than one of the whole site, which would list every page a second time.

Written with lxml, which builds and writes them faster than ElementTree, at every build and after every edit
of dates in the preview; not indented (only crawlers read them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
_URL, _LOC, _LASTMOD, _SITEMAP = (f"{{{SITEMAP_NS}}}{name}" for name in ("url", "loc", "lastmod", "sitemap"))
_LINK = f"{{{XHTML_NS}}}link"


@dataclass(frozen=True)
class Listed:
    """A page as a sitemap lists it: its absolute address, when it last changed, and its versions in every
    language it exists in (hreflang -> absolute address, `x-default` last)."""

    loc: str
    lastmod: dt.date | None
    alternates: list[tuple[str, str]]


def sitemap(pages: Iterable[Listed]) -> bytes:
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    for page in pages:
        url = etree.SubElement(root, _URL)
        etree.SubElement(url, _LOC).text = page.loc
        if page.lastmod:
            etree.SubElement(url, _LASTMOD).text = page.lastmod.isoformat()
        for lang, target in page.alternates:
            etree.SubElement(url, _LINK, rel="alternate", hreflang=lang, href=target)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def sitemap_index(sitemaps: Iterable[str]) -> bytes:
    """The index of the sitemaps at these absolute addresses."""
    root = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for location in sitemaps:
        etree.SubElement(etree.SubElement(root, _SITEMAP), _LOC).text = location
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)
