"""The EU emblem as the site draws it, read back with an XML parser and measured against the official
geometric description: a 3:2 blue rectangle, twelve gold five-pointed stars on a circle of radius one third
of the height around the centre, at the hours of a clock, each star's points on a circle of radius one
eighteenth of the height, upright."""

from __future__ import annotations

import math

import pytest
from lxml import etree

from cluster_news.core.emblem import emblem_svg

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def drawing():
    return etree.fromstring(emblem_svg().encode())


def turn(angle: float, expected: float) -> float:
    """How far `angle` is from `expected`, in degrees, either way round the circle."""
    return (angle - expected + 180) % 360 - 180


def stars(drawing) -> list[list[tuple[float, float]]]:
    return [[tuple(float(n) for n in pair.split(",")) for pair in polygon.get("points").split()]
            for polygon in drawing.iter(f"{SVG}polygon")]


def test_a_blue_rectangle_of_three_by_two(drawing):
    x, y, width, height = (float(n) for n in drawing.get("viewBox").split())
    assert (x, y) == (0, 0) and width / height == 1.5
    (rectangle,) = drawing.iter(f"{SVG}rect")
    assert (float(rectangle.get("width")), float(rectangle.get("height")), rectangle.get("fill")) == (
        width, height, "#003399")
    assert {group.get("fill") for group in drawing.iter(f"{SVG}g")} == {"#FFCC00"}
    assert [element.tag for element in drawing.iter()] == [
        f"{SVG}svg", f"{SVG}rect", f"{SVG}g", *[f"{SVG}polygon"] * 12]  # nothing else: no text, no link, no script


def test_twelve_upright_five_pointed_stars_at_the_hours_of_a_clock(drawing):
    _, _, width, height = (float(n) for n in drawing.get("viewBox").split())
    found = stars(drawing)
    assert len(found) == 12
    for hour, outline in enumerate(found):
        assert len(outline) == 10  # five points and the five corners between them
        points = outline[0::2]
        cx, cy = (sum(x for x, _ in points) / 5, sum(y for _, y in points) / 5)
        # its centre on the circle of radius height/3 around the centre, at this hour (twelve o'clock first)
        assert math.dist((cx, cy), (width / 2, height / 2)) == pytest.approx(height / 3, abs=0.01)
        angle = math.degrees(math.atan2(cx - width / 2, height / 2 - cy))
        assert turn(angle, 30 * hour) == pytest.approx(0, abs=0.01)
        # its points on a circle of radius height/18, 72° apart, the first straight up (upright)
        for number, (x, y) in enumerate(points):
            assert math.dist((x, y), (cx, cy)) == pytest.approx(height / 18, abs=0.01)
            assert turn(math.degrees(math.atan2(x - cx, cy - y)), 72 * number) == pytest.approx(0, abs=0.01)
        # a regular star: each inner corner lies on the line between the two points around the one opposite
        for corner in range(5):
            inner = outline[2 * corner + 1]
            a, b = points[corner], points[(corner + 2) % 5]
            cross = (b[0] - a[0]) * (inner[1] - a[1]) - (b[1] - a[1]) * (inner[0] - a[0])
            assert abs(cross) / math.dist(a, b) < 0.01
