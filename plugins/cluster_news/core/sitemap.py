"""sitemap.xml with hreflang alternates (`xhtml:link`) for exactly the translations that exist."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # site.py writes sitemaps with this module
    from .site import PagePlan, SitePlan

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"

# Month grids, filtered lists and the search page are for people; what they list is in the sitemap already.
LISTED_KINDS = {"home", "item", "page", "section", "tags", "tag"}


def sitemap(site: SitePlan, pages: Iterable[PagePlan]) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in sorted(pages, key=lambda p: p.url):
        if page.kind not in LISTED_KINDS:
            continue
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = site.urls.absolute(page.url)
        if page.item is not None and page.item.date:
            changed = page.item.values.get("updated") or page.item.date
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = changed.isoformat()
        alternates = [(lang, page.translations[lang]) for lang in site.languages if lang in page.translations]
        for lang, target in alternates + [("x-default", site.x_default(page))]:
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=lang, href=site.urls.absolute(target))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
