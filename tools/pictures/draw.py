"""Draws the pictures of the sample content into content/assets/: maps of the network, event posters,
key figures, a chart and a list of partners, from the content's own front matter (and the real coordinates of
the clusters' cities, below). Run it again after changing those facts; the same content, fonts and Pillow
give the same files. The network's logo is drawn as an SVG (overrides/assets/images/network-logo.svg);
its picture for search engines is rendered from it by Debian's Chromium.

    npm ci --prefix tools/pictures                  # country outlines: Natural Earth (public domain)
    .venv/bin/python tools/pictures/draw.py         # needs DejaVu fonts (Debian: fonts-dejavu-core)
    .venv/bin/python tools/pictures/draw.py logo    # only the logo's picture, from its SVG

Every picture with words in it (place names included) is drawn once per language that shows it, in that
language, as `<name>-<lang>.png`: the languages whose files name `assets/<name>-<lang>.png` in their `image:`
(a picture no file shows is not drawn). Words come from the language's own version of the item where it has
one (title, city, venue), from CLDR through Babel (country names, numbers and the plural form of a count),
from the site's interface strings ("Online"), else from the tables below. The alt text of each picture is
written in the front matter of each language version, not here: it says what the picture says.
"""

from __future__ import annotations

import base64
import io
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal
from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "plugins"))
from cluster_news.core.content import load_content  # noqa: E402
from cluster_news.core.i18n import translate  # noqa: E402

CONTENT = REPO / "content"
ASSETS = CONTENT / "assets"
ATLAS = Path(__file__).parent / "node_modules" / "world-atlas" / "countries-50m.json"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
LOGO = REPO / "overrides" / "assets" / "images" / "network-logo.svg"
CHROMIUM = "/usr/bin/chromium"
LANGUAGES = ["en", "uk", "bg", "ro", "pl"]

WIDTH, HEIGHT = 1600, 900
SCALE = 2
"""Everything is drawn twice as large, then reduced: Pillow draws shapes without anti-aliasing."""

TEAL, TEAL_DARK, AMBER, INK, PAPER = "#00695c", "#004d40", "#ffb300", "#1c2b2a", "#ffffff"
SEA, LAND, BORDER = "#d9e9ec", "#f5f2ea", "#c2ccc9"

CITIES = {
    # Where each cluster is based (its front matter's city; Lower Silesia by its capital, Wrocław).
    "biocat": (2.1686, 41.3874),
    "hlsc-bulgaria": (23.3219, 42.6977),
    "imago-mol": (23.6236, 46.7712),
    "lifescience-krakow": (19.9450, 50.0647),
    "oslo-cancer-cluster": (10.7522, 59.9139),
    "promedmen": (30.5234, 50.4501),
    "rivne-medical-cluster": (26.2516, 50.6199),
    "innovative-medicine-cluster": (17.0385, 51.1079),
}
REGIONS = {"innovative-medicine-cluster": "Lower Silesia"}
"""A cluster whose front matter names a region rather than a city."""
PLACE_NAMES = {
    "Barcelona": {"uk": "Барселона", "bg": "Барселона"},
    "Sofia": {"uk": "Софія", "bg": "София"},
    "Cluj-Napoca": {"uk": "Клуж-Напока", "bg": "Клуж-Напока", "pl": "Kluż-Napoka"},
    "Kraków": {"uk": "Краків", "bg": "Краков", "ro": "Cracovia"},
    "Oslo": {"uk": "Осло", "bg": "Осло"},
    "Kyiv": {"uk": "Київ", "bg": "Киев", "ro": "Kiev", "pl": "Kijów"},
    "Rivne": {"uk": "Рівне", "bg": "Ривне", "pl": "Równe"},
    "Lower Silesia": {"uk": "Нижня Сілезія", "bg": "Долна Силезия", "ro": "Silezia Inferioară", "pl": "Dolny Śląsk"},
}
"""Places by their English names, as each language writes them where no version of the item there says it (the
maps name clusters in every language; a language missing here writes the English name)."""


def place_name(english: str, lang: str) -> str:
    return PLACE_NAMES.get(english, {}).get(lang, english)

POSTER_COLOURS = ["#00695c", "#283593", "#6a1b9a", "#ad1457", "#bf360c", "#2e7d32", "#37474f", "#00838f", "#4e342e"]


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size * SCALE)


def canvas(colour: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), colour)
    return image, ImageDraw.Draw(image)


def save(image: Image.Image, name: str) -> None:
    final = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    final = final.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    final.save(ASSETS / name, "PNG", optimize=True)  # 64 colours: flat graphics, small files
    print(f"content/assets/{name}: {(ASSETS / name).stat().st_size // 1024} KB")


def lighter(colour: str, amount: float) -> str:
    """`colour` mixed with white."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in (red, green, blue))


def wrap(draw: ImageDraw.ImageDraw, text: str, typeface: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=typeface) > width * SCALE:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line] if line else lines


def fitted(draw, text: str, width: int, max_lines: int, largest: int, smallest: int, bold: bool = True):
    """The largest type size at which `text` fits `width` in `max_lines` lines."""
    for size in range(largest, smallest - 1, -4):
        typeface = font(size, bold)
        lines = wrap(draw, text, typeface, width)
        if len(lines) <= max_lines:
            return typeface, lines, size
    typeface = font(smallest, bold)
    return typeface, wrap(draw, text, typeface, width), smallest


def text(draw, xy, content: str, typeface, fill: str, halo: str | None = None, anchor: str = "la") -> None:
    x, y = xy
    options = {"stroke_width": 5 * SCALE, "stroke_fill": halo} if halo else {}
    draw.text((x * SCALE, y * SCALE), content, font=typeface, fill=fill, anchor=anchor, **options)


# Content ---------------------------------------------------------------------------------------

@dataclass
class Facts:
    items: dict[tuple[str, str], dict[str, object]]
    """(section, slug) -> {lang: Item}"""
    shown: dict[str, set[str]]
    """The name of each picture drawn here that the content shows ('network-map') -> the languages that show it."""

    def languages_showing(self, name: str) -> list[str]:
        return [lang for lang in LANGUAGES if lang in self.shown.get(name, ())]

    def versions(self, section: str, slug: str) -> dict:
        return self.items[(section, slug)]

    def any(self, section: str, slug: str):
        versions = self.versions(section, slug)
        return versions.get("en") or next(iter(versions.values()))

    def slugs(self, section: str) -> list[str]:
        return sorted(slug for kind, slug in self.items if kind == section)


_SHOWN = re.compile(rf"assets/(.+?)(?:-(?:{'|'.join(LANGUAGES)}))?\.png")


def read_content() -> Facts:
    tree = load_content(CONTENT, LANGUAGES)
    items: dict[tuple[str, str], dict] = {}
    shown: dict[str, set[str]] = {}
    for item in tree.items:
        if item.draft:
            continue
        if item.section:
            items.setdefault((item.section, item.slug), {})[item.lang] = item
        picture = _SHOWN.fullmatch(item.image.src) if item.image else None
        if picture:
            shown.setdefault(picture.group(1), set()).add(item.lang)
    return Facts(items, shown)


def save_for(image: Image.Image, name: str, lang: str) -> None:
    save(image, f"{name}-{lang}.png")


# Maps ------------------------------------------------------------------------------------------

class Projection:
    """Lambert azimuthal equal-area centred on Europe (as EU maps are, EPSG:3035), fitted to the canvas."""

    def __init__(self, places: list[tuple[float, float]], margin: float = 0.16):
        self.lat0, self.lon0 = math.radians(52), math.radians(15)
        xs, ys = zip(*(self._raw(lon, lat) for lon, lat in places), strict=True)
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        width, height = width * (1 + 2 * margin), height * (1 + 2 * margin)
        if width / height < WIDTH / HEIGHT:
            width = height * WIDTH / HEIGHT
        else:
            height = width * HEIGHT / WIDTH
        self.left, self.top, self.scale = cx - width / 2, cy + height / 2, WIDTH * SCALE / width

    def _raw(self, lon: float, lat: float) -> tuple[float, float]:
        lam, phi = math.radians(lon) - self.lon0, math.radians(lat)
        k = math.sqrt(2 / (1 + math.sin(self.lat0) * math.sin(phi)
                           + math.cos(self.lat0) * math.cos(phi) * math.cos(lam)))
        return (k * math.cos(phi) * math.sin(lam),
                k * (math.cos(self.lat0) * math.sin(phi) - math.sin(self.lat0) * math.cos(phi) * math.cos(lam)))

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self._raw(lon, lat)
        return (x - self.left) * self.scale, (self.top - y) * self.scale


def country_rings() -> list[list[tuple[float, float]]]:
    """Every outer and inner ring of the countries near Europe, as (longitude, latitude) points."""
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indices:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)
        return points

    rings = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry["type"], [])
        for polygon in polygons:
            for indices in polygon:
                points = ring(indices)
                if any(-30 < lon < 60 and 27 < lat < 75 for lon, lat in points):
                    rings.append([(lon, lat) for lon, lat in points if -40 < lon < 75])
    return rings


def base_map(project: Projection, rings) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image, draw = canvas(SEA)
    for points in rings:
        if len(points) > 2:
            draw.polygon([project(lon, lat) for lon, lat in points], fill=LAND, outline=BORDER, width=2 * SCALE)
    return image, draw


def dot(draw, xy, radius: int, fill: str, ring: str = PAPER) -> None:
    x, y = xy
    r, w = radius * SCALE, 3 * SCALE
    draw.ellipse((x - r - w, y - r - w, x + r + w, y + r + w), fill=ring)
    draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def label_of(facts: Facts, slug: str, lang: str) -> str:
    """Where a cluster is, as `lang` writes it: its version's city there, else its English name there."""
    version = facts.versions("clusters", slug).get(lang)
    if version is not None and version.values.get("city"):
        return version.values["city"]
    english = REGIONS.get(slug) or facts.any("clusters", slug).values.get("city") or slug
    return place_name(english, lang)


LABEL_SIDES = {"innovative-medicine-cluster": "left", "rivne-medical-cluster": "above", "promedmen": "below"}
"""Where a city's label goes when the right of its dot is taken by a neighbour."""


def place_label(draw, xy, label: str, typeface, side: str = "right", fill: str = INK) -> None:
    """A label beside its dot."""
    x, y = xy
    if side == "right" and x > WIDTH * SCALE * 0.8:
        side = "left"
    gap = 24 * SCALE
    anchor, position = {"right": ("lm", (x + gap, y)), "left": ("rm", (x - gap, y)),
                        "above": ("md", (x, y - gap)), "below": ("ma", (x, y + gap))}[side]
    draw.text(position, label, font=typeface, fill=fill, anchor=anchor, stroke_width=5 * SCALE, stroke_fill=PAPER)


def maps(facts: Facts) -> None:
    clusters = [slug for slug in facts.slugs("clusters") if slug in CITIES]
    project = Projection([CITIES[slug] for slug in clusters])
    rings = country_rings()
    partners_of = {slug: project_clusters(facts, slug) for slug in facts.slugs("projects")}

    # The whole network: every cluster, and a line between clusters that share a project.
    links = sorted({tuple(sorted((members[0], other))) for members in partners_of.values() for other in members[1:]
                    if members[0] in CITIES and other in CITIES})  # from each project's first cluster
    for lang in facts.languages_showing("network-map"):
        image, draw = base_map(project, rings)
        for a, b in links:
            draw.line([project(*CITIES[a]), project(*CITIES[b])], fill="#4db6ac", width=4 * SCALE)
        for slug in clusters:
            dot(draw, project(*CITIES[slug]), 13, TEAL)
        for slug in clusters:
            place_label(draw, project(*CITIES[slug]), label_of(facts, slug, lang), font(30, bold=True),
                        LABEL_SIDES.get(slug, "right"))
        save_for(image, "network-map", lang)

    # Each cluster on the map of the network.
    for slug in clusters:
        for lang in facts.languages_showing(f"cluster-{slug}"):
            image, draw = base_map(project, rings)
            for other in clusters:
                if other != slug:
                    dot(draw, project(*CITIES[other]), 9, "#90a4ae")
            dot(draw, project(*CITIES[slug]), 22, AMBER, ring=TEAL_DARK)
            place_label(draw, project(*CITIES[slug]), label_of(facts, slug, lang), font(46, bold=True),
                        LABEL_SIDES.get(slug, "right"))
            save_for(image, f"cluster-{slug}", lang)

    # Clusters4Health: its coordinator and partners with a page on the site.
    members = partners_of["clusters4health"]
    coordinator = facts.any("projects", "clusters4health").values["coordinator"]
    for lang in facts.languages_showing("project-clusters4health-map"):
        image, draw = base_map(project, rings)
        for slug in members:
            if slug != coordinator:
                draw.line([project(*CITIES[coordinator]), project(*CITIES[slug])], fill=TEAL, width=6 * SCALE)
        for slug in members:
            dot(draw, project(*CITIES[slug]), 22 if slug == coordinator else 14,
                AMBER if slug == coordinator else TEAL, ring=TEAL_DARK if slug == coordinator else PAPER)
        for slug in members:
            place_label(draw, project(*CITIES[slug]), label_of(facts, slug, lang), font(34, bold=True),
                        LABEL_SIDES.get(slug, "right"))
        save_for(image, "project-clusters4health-map", lang)


def project_clusters(facts: Facts, slug: str) -> list[str]:
    """The clusters of the network in a project: its coordinator and the partners written as slugs."""
    values = facts.any("projects", slug).values
    known = set(facts.slugs("clusters"))
    members = ([values["coordinator"]] if values.get("coordinator") else []) + values.get("partners", [])
    return list(dict.fromkeys(member for member in members if member in known))


# Posters ---------------------------------------------------------------------------------------

POSTER_TITLES = {
    "hadea-synergies-rome-2023": {"en": "Synergies across the EU funding programmes",
                                  "bg": "Синергии между програмите на ЕС", "ro": "Sinergii între programele UE"},
    "innopro-sinaia-2023": {"en": "InnopRo — Innovation Pathways Romania",
                            "bg": "InnopRo – пътища за иновации в Румъния", "ro": "InnopRo – Căi de inovare în România"},
    "investment-destination-bulgaria-webinar": {"en": "Investment Destination Bulgaria — Biotechnologies",
                                                "bg": "Инвестиционна дестинация България – биотехнологии"},
    "clusters4health-deep-dive-oslo": {"en": "Clusters4Health Deep Dive Days",
                                       "uk": "Дні поглибленого занурення Clusters4Health",
                                       "ro": "Zilele Deep Dive Clusters4Health"},
    "european-cluster-days-2015": {"en": "European Cluster Days", "pl": "Europejskie Dni Klastrów"},
    "preciseu-kick-off": {"uk": "Старт PRECISEU у Барселоні", "pl": "Inauguracja PRECISEU w Barcelonie"},
}
"""Poster titles where the event's own title is a sentence rather than a name, or where a language shows the poster
(with a news story) that has no version of the event (an event named alike in every language needs none)."""
KICKERS = {"hadea-synergies-rome-2023": "HaDEA", "clusters4health-deep-dive-oslo": "Clusters4Health",
           "preciseu-kick-off": "PRECISEU"}


def numeric_days(start, end) -> str:
    """'20–21.06.2024', '30.06–02.07.2024', '23.11.2021 · 11:00–12:00': dates every reader reads."""
    first = start.date() if hasattr(start, "date") and callable(start.date) else start
    last = end.date() if end is not None and hasattr(end, "date") and callable(end.date) else (end or first)
    if first == last:
        days = f"{first:%d.%m.%Y}"
    elif (first.year, first.month) == (last.year, last.month):
        days = f"{first:%d}–{last:%d.%m.%Y}"
    elif first.year == last.year:
        days = f"{first:%d.%m}–{last:%d.%m.%Y}"
    else:
        days = f"{first:%d.%m.%Y}–{last:%d.%m.%Y}"
    if hasattr(start, "hour") and end is not None and hasattr(end, "hour") and first == last:
        days += f" · {start:%H:%M}–{end:%H:%M}"
    return days


def poster_title(facts: Facts, slug: str, lang: str) -> str:
    versions = facts.versions("events", slug)
    if lang in POSTER_TITLES.get(slug, {}):
        return POSTER_TITLES[slug][lang]
    if lang in versions:
        return versions[lang].title
    titles = {version.title for version in versions.values()}
    if len(titles) > 1:
        sys.exit(f"event-{slug}-{lang}.png: no {lang} version of the event to take its title from: "
                 "give it one in POSTER_TITLES")
    return titles.pop()


def posters(facts: Facts) -> None:
    for index, slug in enumerate(facts.slugs("events")):
        for lang in facts.languages_showing(f"event-{slug}"):
            poster(facts, slug, lang, POSTER_COLOURS[index % len(POSTER_COLOURS)], index)


def poster(facts: Facts, slug: str, lang: str, colour: str, index: int) -> None:
    """An event's poster in `lang`: where (or that it is online), its title, its dates in digits, its venue."""
    item = facts.any("events", slug)
    own = facts.versions("events", slug).get(lang)  # its words in this language, if it has a version here
    image, draw = canvas(colour)
    # A field of rings on the right, in a lighter shade: the same for the same event.
    shade = lighter(colour, 0.25)
    for row in range(7):
        for column in range(4):
            cx, cy = (1200 + column * 110) * SCALE, (70 + row * 128) * SCALE
            r = (18 + ((row * 7 + column * 3 + index) % 4) * 9) * SCALE
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=shade, width=4 * SCALE)
    draw.rectangle((96 * SCALE, 96 * SCALE, 196 * SCALE, 108 * SCALE), fill=AMBER)
    location = item.location
    if location is None and item.values.get("online"):
        where = translate(lang, "online")
    else:
        city = own.location.city if own is not None and own.location and own.location.city else (
            place_name(location.city, lang) if location and location.city else None)
        country = Locale.parse(lang).territories.get(location.country) if location and location.country else None
        where = ", ".join(part for part in (city, country) if part)
    text(draw, (96, 140), KICKERS.get(slug, where).upper(), font(34, bold=True), lighter(colour, 0.75))
    typeface, lines, size = fitted(draw, poster_title(facts, slug, lang), 960, 3, 104, 64)
    y = 210
    for line in lines:
        text(draw, (96, y), line, typeface, PAPER)
        y += int(size * 1.12)
    text(draw, (96, 690), numeric_days(item.start, item.end), font(64, bold=True), PAPER)
    venue = own.location.name if own is not None and own.location and own.location.name else None
    line = " · ".join(part for part in (venue, where if slug in KICKERS else None) if part) or (
        where if slug not in KICKERS else "")
    if line:
        text(draw, (96, 780), line, font(34), lighter(colour, 0.85))
    save_for(image, f"event-{slug}", lang)


# Key figures and the chart, in each language ----------------------------------------------------

FIGURES = {
    # A label under a number is a sentence written for it, or the words of a count by CLDR plural category (in the
    # number's form: '25 de parteneri', '12 regiuni', '21 партнер'), which Babel's rules pick.
    "preciseu": {
        "numbers": [25, 12, 10],
        "en": ("PRECISEU", "Personalised medicine, connecting innovation ecosystems across Europe",
               [{"one": "partner", "other": "partners"}, {"one": "EU region", "other": "EU regions"},
                {"one": "Member State", "other": "Member States"}]),
        "uk": ("PRECISEU", "Персоналізована медицина: інноваційні екосистеми Європи разом",
               [{"one": "партнер", "few": "партнери", "many": "партнерів", "other": "партнера"},
                {"one": "регіон ЄС", "few": "регіони ЄС", "many": "регіонів ЄС", "other": "регіону ЄС"},
                {"one": "держава-член", "few": "держави-члени", "many": "держав-членів", "other": "держави-члена"}]),
        "bg": ("PRECISEU", "Персонализирана медицина: иновационните екосистеми на Европа заедно",
               [{"one": "партньор", "other": "партньори"}, {"one": "регион на ЕС", "other": "региона на ЕС"},
                {"one": "държава членка", "other": "държави членки"}]),
        "ro": ("PRECISEU", "Medicină personalizată: ecosistemele de inovare ale Europei, împreună",
               [{"one": "partener", "few": "parteneri", "other": "de parteneri"},
                {"one": "regiune a UE", "few": "regiuni ale UE", "other": "de regiuni ale UE"},
                {"one": "stat membru", "few": "state membre", "other": "de state membre"}]),
        "pl": ("PRECISEU", "Medycyna spersonalizowana: europejskie ekosystemy innowacji razem",
               [{"one": "partner", "few": "partnerów", "many": "partnerów", "other": "partnera"},
                {"one": "region UE", "few": "regiony UE", "many": "regionów UE", "other": "regionu UE"},
                {"one": "państwo członkowskie", "few": "państwa członkowskie", "many": "państw członkowskich",
                 "other": "państwa członkowskiego"}]),
    },
    "veles": {
        "numbers": [15, 7, 4],
        "en": ("VELES", "A regional smart health data space for South-East Europe",
               [{"one": "partner", "other": "partners"}, {"one": "country", "other": "countries"},
                {"one": "year", "other": "years"}]),
        "bg": ("VELES", "Регионално интелигентно пространство за здравни данни в Югоизточна Европа",
               [{"one": "партньор", "other": "партньори"}, {"one": "държава", "other": "държави"},
                {"one": "година", "other": "години"}]),
    },
    "survey-ukraine": {
        "numbers": ["72%", "100+", 25],
        "en": ("Clusters4Health", "What Ukrainian health organisations told the first consultation workshop",
               ["say the war disrupted their place in a value chain", "Ukrainian health organisations surveyed",
                "had worked on international projects"]),
        "uk": ("Clusters4Health", "Що українські організації охорони здоров'я сказали на першому семінарі",
               ["кажуть, що війна порушила їхнє місце в ланцюгу цінності", "українських організацій опитано",
                "мали досвід міжнародних проєктів"]),
        "bg": ("Clusters4Health", "Какво казаха украинските здравни организации на първия семинар",
               ["казват, че войната е нарушила мястото им във веригата на стойността",
                "украински здравни организации са анкетирани", "имат опит с международни проекти"]),
        "ro": ("Clusters4Health", "Ce au spus organizațiile ucrainene din sănătate la primul atelier",
               ["spun că războiul le-a perturbat locul în lanțul valoric", "organizații ucrainene chestionate",
                "aveau experiență în proiecte internaționale"]),
        "pl": ("Clusters4Health", "Co ukraińskie organizacje ochrony zdrowia powiedziały na pierwszych warsztatach",
               ["mówi, że wojna zakłóciła ich miejsce w łańcuchu wartości", "ukraińskich organizacji w badaniu",
                "miało doświadczenie w projektach międzynarodowych"]),
    },
    "innovation-week-catalonia": {
        "numbers": [6, "1200+"],
        "en": ("Barcelona", "Ukrainian medical clusters at the European Health-Tech Innovation Week",
               ["Ukrainian medical clusters in the delegation", "participants, in the hall and online"]),
        "uk": ("Барселона", "Українські медичні кластери на Європейському тижні інновацій у медтехі",
               ["українських медичних кластерів у делегації", "учасників у залі й онлайн"]),
        "pl": ("Barcelona", "Ukraińskie klastry medyczne na Europejskim Tygodniu Innowacji Health-Tech",
               ["ukraińskich klastrów medycznych w delegacji", "uczestników na sali i online"]),
    },
}


def label_text(label: str | dict[str, str], value, lang: str) -> str:
    """A label as written, or a count's words in the CLDR plural form of `value` in `lang`."""
    if isinstance(label, str):
        return label
    return label.get(Locale.parse(lang).plural_form(value)) or label["other"]


def number_text(value, lang: str) -> str:
    if isinstance(value, int):
        return format_decimal(value, locale=lang)
    if value.endswith("+") and value[:-1].isdigit():
        return format_decimal(int(value[:-1]), locale=lang) + "+"
    return value


def figures(facts: Facts) -> None:
    for name, spec in FIGURES.items():
        for lang in facts.languages_showing(f"figures-{name}"):
            if lang not in spec:
                sys.exit(f"figures-{name}-{lang}.png is shown but FIGURES has no {lang} words for it")
            kicker, heading, labels = spec[lang]
            image, draw = canvas(PAPER)
            draw.rectangle((0, 0, WIDTH * SCALE, 14 * SCALE), fill=TEAL)
            text(draw, (96, 96), kicker.upper(), font(34, bold=True), TEAL)
            typeface, lines, size = fitted(draw, heading, 1400, 2, 56, 40)
            y = 150
            for line in lines:
                text(draw, (96, y), line, typeface, INK)
                y += int(size * 1.2)
            count = len(spec["numbers"])
            column = (WIDTH - 192) // count
            for index, (value, label) in enumerate(zip(spec["numbers"], labels, strict=True)):
                x = 96 + index * column
                draw.rectangle((x * SCALE, 380 * SCALE, (x + 8) * SCALE, 760 * SCALE), fill=AMBER)
                text(draw, (x + 40, 380), number_text(value, lang), font(150 if count < 3 else 128, bold=True),
                     TEAL_DARK)
                label_face, label_lines, label_size = fitted(draw, label_text(label, value, lang), column - 80, 3, 40,
                                                             30, bold=False)
                ly = 580
                for line in label_lines:
                    text(draw, (x + 40, ly), line, label_face, INK)
                    ly += int(label_size * 1.25)
            save_for(image, f"figures-{name}", lang)


def partner_roster(facts: Facts) -> None:
    """INNAXE: its six cluster organisations, by name: a cluster of the network by its title in each language,
    the others as the project names them."""
    values = facts.any("projects", "innaxe").values
    for lang in facts.languages_showing("innaxe-partners"):
        names = []
        for partner in values["partners"]:
            versions = facts.items.get(("clusters", partner))
            names.append((versions.get(lang) or facts.any("clusters", partner)).title if versions else partner)
        image, draw = canvas("#e0f2f1")
        text(draw, (96, 90), "INNAXE", font(88, bold=True), TEAL_DARK)
        for index, name in enumerate(names):
            column, row = index % 2, index // 2
            x, y = 96 + column * 720, 300 + row * 180
            dot(draw, ((x + 18) * SCALE, (y + 30) * SCALE), 14, TEAL)
            typeface, lines, size = fitted(draw, name, 600, 2, 44, 32)
            ly = y + (0 if len(lines) > 1 else 8)
            for line in lines:
                text(draw, (x + 60, ly), line, typeface, INK)
                ly += int(size * 1.2)
        save_for(image, "innaxe-partners", lang)


CHART_WORDS = {
    "en": ("Clusters of the network in its projects, by country",
           "Coordinators and partners that have a page on this site"),
    "uk": ("Кластери мережі в її проєктах за країнами", "Координатори й партнери, що мають сторінку на цьому сайті"),
    "bg": ("Клъстерите от мрежата в нейните проекти, по държави",
           "Координатори и партньори, които имат страница на този сайт"),
    "ro": ("Clusterele rețelei în proiectele ei, pe țări",
           "Coordonatori și parteneri care au o pagină pe acest site"),
    "pl": ("Klastry sieci w jej projektach według krajów", "Koordynatorzy i partnerzy, którzy mają stronę w serwisie"),
}
PROJECT_COLOURS = ["#00695c", "#ffb300", "#5c6bc0", "#e57373", "#8d6e63", "#26a69a"]


def chart(facts: Facts) -> None:
    """Stacked bars: for each country, how many of its clusters take part in each project."""
    projects = facts.slugs("projects")
    counts: dict[str, dict[str, int]] = {}
    for slug in projects:
        for member in project_clusters(facts, slug):
            country = facts.any("clusters", member).values["country"]
            counts.setdefault(country, {}).setdefault(slug, 0)
            counts[country][slug] += 1
    order = sorted(counts, key=lambda c: (-sum(counts[c].values()), c))
    most = max(sum(counts[c].values()) for c in order)
    acronyms = {slug: facts.any("projects", slug).values.get("acronym") or slug for slug in projects}
    for lang in LANGUAGES:
        title, subtitle = CHART_WORDS[lang]
        names = Locale.parse(lang).territories
        image, draw = canvas(PAPER)
        text(draw, (96, 70), title, fitted(draw, title, 1400, 1, 48, 34)[0], INK)
        text(draw, (96, 140), subtitle, font(30), "#555555")
        left, top, bar, gap, unit = 420, 230, 62, 26, 1000 / most
        for row, country in enumerate(order):
            y = top + row * (bar + gap)
            text(draw, (left - 24, y + bar // 2), names.get(country, country), font(32), INK, anchor="rm")
            x = left
            for index, slug in enumerate(projects):
                value = counts[country].get(slug, 0)
                if value:
                    draw.rectangle((x * SCALE, y * SCALE, (x + value * unit - 4) * SCALE, (y + bar) * SCALE),
                                   fill=PROJECT_COLOURS[index % len(PROJECT_COLOURS)])
                    x += value * unit
            text(draw, (x + 16, y + bar // 2), str(sum(counts[country].values())), font(32, bold=True), INK,
                 anchor="lm")
        x = 96
        for index, slug in enumerate(projects):
            draw.rectangle((x * SCALE, 820 * SCALE, (x + 34) * SCALE, 854 * SCALE),
                           fill=PROJECT_COLOURS[index % len(PROJECT_COLOURS)])
            text(draw, (x + 48, 837), acronyms[slug], font(30, bold=True), INK, anchor="lm")
            x += 96 + int(draw.textlength(acronyms[slug], font=font(30, bold=True)) / SCALE)
        save(image, f"chart-projects-by-country-{lang}.png")


def logo() -> None:
    """The network's logo for search engines (mkdocs.yml: `organization: logo:`): the SVG that the header and
    the browser's tab show (`theme: logo:`, in overrides/), rendered by Chromium on white, square, larger than
    the 112 px search engines ask. One drawing, so the two never differ: edit the SVG, then run this again."""
    from playwright.sync_api import sync_playwright

    size = 512
    source = base64.b64encode(LOGO.read_bytes()).decode("ascii")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": size, "height": size})
        page.set_content(f'<body style="margin:0;background:{PAPER}"><img style="display:block" width="{size}" '
                         f'height="{size}" alt="" src="data:image/svg+xml;base64,{source}"></body>')
        shot = page.screenshot()
        browser.close()
    final = Image.open(io.BytesIO(shot)).convert("RGB")
    final = final.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    final.save(ASSETS / "network-logo.png", "PNG", optimize=True)
    print(f"content/assets/network-logo.png: {(ASSETS / 'network-logo.png').stat().st_size // 1024} KB")


def main() -> None:
    if sys.argv[1:] == ["logo"]:  # only the logo's picture (needs neither the atlas nor the fonts)
        logo()
        return
    if not ATLAS.exists():
        sys.exit(f"{ATLAS} is missing: run npm ci --prefix tools/pictures")
    if not (FONTS / "DejaVuSans.ttf").exists():
        sys.exit(f"{FONTS} has no DejaVu fonts: apt-get install fonts-dejavu-core")
    ASSETS.mkdir(exist_ok=True)
    facts = read_content()
    maps(facts)
    posters(facts)
    figures(facts)
    partner_roster(facts)
    chart(facts)
    logo()


if __name__ == "__main__":
    main()
