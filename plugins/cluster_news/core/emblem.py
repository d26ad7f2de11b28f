"""The emblem of the European Union, drawn from its official geometric description.

A blue rectangle whose width is one and a half times its height; twelve gold stars at equal intervals on an
invisible circle centred where the diagonals cross, of radius one third of the height, at the positions of
the hours on a clock face; each star has five points on an invisible circle of radius one eighteenth of the
height, and stands upright (one point straight up, two points on a line perpendicular to the flagpole).
Colours: Pantone Reflex Blue (#003399) and Pantone Yellow (#FFCC00), as docs/publishing.md cites them.
Funded projects' pages show it beside "Funded by the European Union" (render/templates/eu_funding.html).
"""

from __future__ import annotations

import math

FILE = "assets/eu-emblem.svg"
"""Where the site serves it: a file of its own, fetched once, not drawn again into every page."""
HEIGHT = 540
"""The rectangle's height in the drawing's units: divisible by 3 and 18, so the circles' radii are whole."""
WIDTH = HEIGHT * 3 // 2
BLUE = "#003399"
YELLOW = "#FFCC00"
STARS = 12
CIRCLE_RADIUS = HEIGHT / 3
STAR_RADIUS = HEIGHT / 18
INNER_RATIO = math.cos(math.radians(72)) / math.cos(math.radians(36))
"""A regular five-pointed star: its inner corners lie where the lines between its points cross."""


def star_centres() -> list[tuple[float, float]]:
    """Where the stars stand: the hours of a clock face, twelve o'clock first."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    return [(cx + CIRCLE_RADIUS * math.sin(math.radians(30 * hour)), cy - CIRCLE_RADIUS * math.cos(math.radians(30 * hour)))
            for hour in range(STARS)]


def star_points(cx: float, cy: float) -> list[tuple[float, float]]:
    """A star's outline, point, inner corner, point …, the first point straight up."""
    points = []
    for corner in range(10):
        radius = STAR_RADIUS if corner % 2 == 0 else STAR_RADIUS * INNER_RATIO
        angle = math.radians(36 * corner)
        points.append((cx + radius * math.sin(angle), cy - radius * math.cos(angle)))
    return points


def _number(value: float) -> str:
    """Three decimals, without trailing zeros: a few hundredths of a pixel at any size a page shows it."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def emblem_svg() -> str:
    """The emblem as a standalone SVG file (pages show it with <img> and a text alternative in their language)."""
    stars = "".join(
        '<polygon points="' + " ".join(f"{_number(x)},{_number(y)}" for x, y in star_points(cx, cy)) + '"/>'
        for cx, cy in star_centres())
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">'
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BLUE}"/><g fill="{YELLOW}">{stars}</g></svg>\n')
