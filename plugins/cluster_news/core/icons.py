"""The header's and the cards' icons as one file of symbols, fetched once and kept by the browser: drawn into
every page, the header's alone (menu, search twice, dark and light, languages) would be about 2 KB of each.

Pages show a symbol with `<svg><use href="…/cluster-news-icons.svg#search"></use></svg>`: the symbol keeps the
icon's viewBox, so it fills the box the theme's CSS gives the `<svg>` as the icon drawn inline did, and its paths
take the colour of the text around them (`fill: currentcolor` is inherited).
"""

from __future__ import annotations

from lxml import etree

FILE = "assets/cluster-news-icons.svg"
CARD_ICONS = {
    # What a card without a picture shows in its place: the kind of entry (Material Design Icons, Apache
    # License 2.0, as Material for MkDocs ships them), by section.
    "news": "M20 5v14H4V5zm0-2H4c-1.11 0-2 .89-2 2v14c0 1.11.89 2 2 2h16c1.11 0 2-.89 2-2V5c0-1.11-.89-2-2-2m-2 12H6v2h12zm-8-8H6v6h4zm2 2h6V7h-6zm6 2h-6v2h6z",
    "projects": "M20 6c.58 0 1.05.2 1.42.59.38.41.58.86.58 1.41v11c0 .55-.2 1-.58 1.41-.37.39-.84.59-1.42.59H4c-.58 0-1.05-.2-1.42-.59C2.2 20 2 19.55 2 19V8c0-.55.2-1 .58-1.41C2.95 6.2 3.42 6 4 6h4V4c0-.58.2-1.05.58-1.42C8.95 2.2 9.42 2 10 2h4c.58 0 1.05.2 1.42.58.38.37.58.84.58 1.42v2zM4 8v11h16V8zm10-2V4h-4v2z",
    "clusters": "M12 5a3.5 3.5 0 0 0-3.5 3.5A3.5 3.5 0 0 0 12 12a3.5 3.5 0 0 0 3.5-3.5A3.5 3.5 0 0 0 12 5m0 2a1.5 1.5 0 0 1 1.5 1.5A1.5 1.5 0 0 1 12 10a1.5 1.5 0 0 1-1.5-1.5A1.5 1.5 0 0 1 12 7M5.5 8A2.5 2.5 0 0 0 3 10.5c0 .94.53 1.75 1.29 2.18.36.2.77.32 1.21.32s.85-.12 1.21-.32c.37-.21.68-.51.91-.87A5.42 5.42 0 0 1 6.5 8.5v-.28c-.3-.14-.64-.22-1-.22m13 0c-.36 0-.7.08-1 .22v.28c0 1.2-.39 2.36-1.12 3.31.12.19.25.34.4.49a2.482 2.482 0 0 0 1.72.7c.44 0 .85-.12 1.21-.32.76-.43 1.29-1.24 1.29-2.18A2.5 2.5 0 0 0 18.5 8M12 14c-2.34 0-7 1.17-7 3.5V19h14v-1.5c0-2.33-4.66-3.5-7-3.5m-7.29.55C2.78 14.78 0 15.76 0 17.5V19h3v-1.93c0-1.01.69-1.85 1.71-2.52m14.58 0c1.02.67 1.71 1.51 1.71 2.52V19h3v-1.5c0-1.74-2.78-2.72-4.71-2.95M12 16c1.53 0 3.24.5 4.23 1H7.77c.99-.5 2.7-1 4.23-1",
}
SVG_NS = "http://www.w3.org/2000/svg"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


def sprite(icons: dict[str, str]) -> bytes:
    """One SVG document with a `<symbol id=…>` for each icon (`id` -> the icon's SVG text), in that order, then
    the cards' (CARD_ICONS)."""
    root = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS})
    cards = {name: f'<svg xmlns="{SVG_NS}" viewBox="0 0 24 24"><path d="{path}"/></svg>'
             for name, path in CARD_ICONS.items()}
    for name, text in {**icons, **cards}.items():
        icon = etree.fromstring(text.encode("utf-8"), _PARSER)
        symbol = etree.SubElement(root, f"{{{SVG_NS}}}symbol", id=name)
        if icon.get("viewBox"):
            symbol.set("viewBox", icon.get("viewBox"))
        symbol.extend(list(icon))
    return etree.tostring(root, encoding="utf-8")
