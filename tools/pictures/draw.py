"""Draws the pictures of the sample content into content/assets/: maps of the network, event posters,
key figures and a chart, from the content's own front matter (and the real coordinates of the
clusters' cities, below). Run it again after changing those facts; the same content, fonts and Pillow
give the same files. The network's logo is drawn as an SVG (overrides/assets/images/network-logo.svg);
its picture for search engines is rendered from it by Debian's Chromium.

    npm ci --prefix tools/pictures                  # country outlines: Natural Earth (public domain)
    .venv/bin/python tools/pictures/draw.py         # needs DejaVu fonts (Debian: fonts-dejavu-core)
    .venv/bin/python tools/pictures/draw.py logo    # only the logo's picture, from its SVG

Pictures with words in them (key figures, the chart) are drawn once per language the item exists in;
maps and posters carry only names, numbers and dates, and serve every language. The alt text of each
picture is written in the front matter of each language version, not here.
"""

from __future__ import annotations

import base64
import io
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal
from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "plugins"))
from cluster_news.core.content import load_content  # noqa: E402

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
REGION_LABELS = {"innovative-medicine-cluster": "Dolny Śląsk"}
"""A cluster whose front matter names a region rather than a city."""

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

    def versions(self, section: str, slug: str) -> dict:
        return self.items[(section, slug)]

    def any(self, section: str, slug: str):
        versions = self.versions(section, slug)
        return versions.get("en") or next(iter(versions.values()))

    def slugs(self, section: str) -> list[str]:
        return sorted(slug for kind, slug in self.items if kind == section)


def read_content() -> Facts:
    tree = load_content(CONTENT, LANGUAGES)
    items: dict[tuple[str, str], dict] = {}
    for item in tree.items:
        if item.section and not item.draft:
            items.setdefault((item.section, item.slug), {})[item.lang] = item
    return Facts(items)


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


def label_of(facts: Facts, slug: str) -> str:
    if slug in REGION_LABELS:
        return REGION_LABELS[slug]
    return facts.any("clusters", slug).values.get("city") or slug


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
    image, draw = base_map(project, rings)
    links = sorted({tuple(sorted((members[0], other))) for members in partners_of.values() for other in members[1:]
                    if members[0] in CITIES and other in CITIES})  # from each project's first cluster
    for a, b in links:
        draw.line([project(*CITIES[a]), project(*CITIES[b])], fill="#4db6ac", width=4 * SCALE)
    for slug in clusters:
        dot(draw, project(*CITIES[slug]), 13, TEAL)
    for slug in clusters:
        place_label(draw, project(*CITIES[slug]), label_of(facts, slug), font(30, bold=True), LABEL_SIDES.get(slug, "right"))
    save(image, "network-map.png")

    # Each cluster on the map of the network.
    for slug in clusters:
        image, draw = base_map(project, rings)
        for other in clusters:
            if other != slug:
                dot(draw, project(*CITIES[other]), 9, "#90a4ae")
        dot(draw, project(*CITIES[slug]), 22, AMBER, ring=TEAL_DARK)
        place_label(draw, project(*CITIES[slug]), label_of(facts, slug), font(46, bold=True), LABEL_SIDES.get(slug, "right"))
        save(image, f"cluster-{slug}.png")

    # Clusters4Health: its coordinator and partners with a page on the site.
    members = partners_of["clusters4health"]
    coordinator = facts.any("projects", "clusters4health").values["coordinator"]
    image, draw = base_map(project, rings)
    for slug in members:
        if slug != coordinator:
            draw.line([project(*CITIES[coordinator]), project(*CITIES[slug])], fill=TEAL, width=6 * SCALE)
    for slug in members:
        dot(draw, project(*CITIES[slug]), 22 if slug == coordinator else 14, AMBER if slug == coordinator else TEAL,
            ring=TEAL_DARK if slug == coordinator else PAPER)
    for slug in members:
        place_label(draw, project(*CITIES[slug]), label_of(facts, slug), font(34, bold=True), LABEL_SIDES.get(slug, "right"))
    save(image, "project-clusters4health-map.png")


def project_clusters(facts: Facts, slug: str) -> list[str]:
    """The clusters of the network in a project: its coordinator and the partners written as slugs."""
    values = facts.any("projects", slug).values
    known = set(facts.slugs("clusters"))
    members = ([values["coordinator"]] if values.get("coordinator") else []) + values.get("partners", [])
    return list(dict.fromkeys(member for member in members if member in known))


# Posters ---------------------------------------------------------------------------------------

SHORT_TITLES = {
    "hadea-synergies-rome-2023": "Synergies across the EU funding programmes",
    "innopro-sinaia-2023": "InnopRo — Innovation Pathways Romania",
    "investment-destination-bulgaria-webinar": "Investment Destination Bulgaria — Biotechnologies",
    "clusters4health-deep-dive-oslo": "Clusters4Health Deep Dive Days",
    "european-cluster-days-2015": "European Cluster Days",
}
"""Poster titles where the event's own title is a sentence rather than a name."""
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


def posters(facts: Facts) -> None:
    for index, slug in enumerate(facts.slugs("events")):
        item = facts.any("events", slug)
        colour = POSTER_COLOURS[index % len(POSTER_COLOURS)]
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
        where = "Online" if location is None and item.values.get("online") else ", ".join(
            part for part in (location.city if location else None, location.country if location else None) if part)
        text(draw, (96, 140), KICKERS.get(slug, where).upper(), font(34, bold=True), lighter(colour, 0.75))
        title = SHORT_TITLES.get(slug, item.title)
        typeface, lines, size = fitted(draw, title, 960, 3, 104, 64)
        y = 210
        for line in lines:
            text(draw, (96, y), line, typeface, PAPER)
            y += int(size * 1.12)
        text(draw, (96, 690), numeric_days(item.start, item.end), font(64, bold=True), PAPER)
        venue = location.name if location and location.name else None
        line = " · ".join(part for part in (venue, where if slug in KICKERS else None) if part) or (
            where if slug not in KICKERS else "")
        if line:
            text(draw, (96, 780), line, font(34), lighter(colour, 0.85))
        save(image, f"event-{slug}.png")


# Key figures and the chart, in each language ----------------------------------------------------

FIGURES = {
    "preciseu": {
        "numbers": [25, 12, 10],
        "en": ("PRECISEU", "Personalised medicine, connecting innovation ecosystems across Europe",
               ["partners", "EU regions", "Member States"]),
        "uk": ("PRECISEU", "Персоналізована медицина: інноваційні екосистеми Європи разом",
               ["партнерів", "регіонів ЄС", "держав-членів"]),
        "bg": ("PRECISEU", "Персонализирана медицина: иновационните екосистеми на Европа заедно",
               ["партньори", "региона на ЕС", "държави членки"]),
        "ro": ("PRECISEU", "Medicină personalizată: ecosistemele de inovare ale Europei, împreună",
               ["parteneri", "regiuni ale UE", "state membre"]),
        "pl": ("PRECISEU", "Medycyna spersonalizowana: europejskie ekosystemy innowacji razem",
               ["partnerów", "regionów UE", "państw członkowskich"]),
    },
    "veles": {
        "numbers": [15, 7, 4],
        "en": ("VELES", "A regional smart health data space for South-East Europe",
               ["partners", "countries", "years"]),
        "bg": ("VELES", "Регионално интелигентно пространство за здравни данни в Югоизточна Европа",
               ["партньори", "държави", "години"]),
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
        "uk": ("Barcelona", "Українські медичні кластери на Європейському тижні інновацій у медтехі",
               ["українських медичних кластерів у делегації", "учасників у залі й онлайн"]),
        "pl": ("Barcelona", "Ukraińskie klastry medyczne na Europejskim Tygodniu Innowacji Health-Tech",
               ["ukraińskich klastrów medycznych w delegacji", "uczestników na sali i online"]),
    },
}


def number_text(value, lang: str) -> str:
    if isinstance(value, int):
        return format_decimal(value, locale=lang)
    if value.endswith("+") and value[:-1].isdigit():
        return format_decimal(int(value[:-1]), locale=lang) + "+"
    return value


def figures() -> None:
    for name, spec in FIGURES.items():
        for lang in LANGUAGES:
            if lang not in spec:
                continue
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
                label_face, label_lines, label_size = fitted(draw, label, column - 80, 3, 40, 30, bold=False)
                ly = 580
                for line in label_lines:
                    text(draw, (x + 40, ly), line, label_face, INK)
                    ly += int(label_size * 1.25)
            save(image, f"figures-{name}-{lang}.png")


def partner_roster(facts: Facts) -> None:
    """INNAXE: its six cluster organisations, by name (names read the same in every language)."""
    values = facts.any("projects", "innaxe").values
    names = [facts.any("clusters", p).title if ("clusters", p) in facts.items else p for p in values["partners"]]
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
    save(image, "innaxe-partners.png")


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
    figures()
    partner_roster(facts)
    chart(facts)
    logo()


if __name__ == "__main__":
    main()
