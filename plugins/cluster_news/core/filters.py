"""Facets that narrow the news and events lists: by country, attendance, project and cluster.

Each facet value gets a page of its own (so filters work without JavaScript, and can be shared as
links); the events page also lets the browser combine them in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import EVENTS, NEWS, Item

DIMENSIONS: dict[str, tuple[str, ...]] = {
    EVENTS: ("country", "attendance", "project", "cluster"),
    NEWS: ("project", "cluster"),
}
"""Which facets each filterable section offers, in the order readers see them."""

ATTENDANCE = ("in-person", "online")


@dataclass(frozen=True, order=True)
class Facet:
    dimension: str
    """'country', 'attendance', 'project' or 'cluster'."""
    value: str
    """A country code ('BG'), 'online' or 'in-person', or a project or cluster slug."""

    @property
    def token(self) -> str:
        """How list entries carry it for the browser: 'country:BG'."""
        return f"{self.dimension}:{self.value}"


def attendance_of(item: Item) -> list[str]:
    """'in-person' where there is a place to go, 'online' where there is a link to join (both for hybrid)."""
    moved_online = item.status == "moved-online"
    found = []
    if item.location and not moved_online:
        found.append("in-person")
    if item.values.get("online") or moved_online:
        found.append("online")
    return found


def facets_of(item: Item) -> list[Facet]:
    """Every facet an item of a filterable section belongs to (facts shared by its translations)."""
    dimensions = DIMENSIONS.get(item.section, ())
    found: list[Facet] = []
    if "country" in dimensions and item.location and item.location.country:
        found.append(Facet("country", item.location.country))
    if "attendance" in dimensions:
        found += [Facet("attendance", mode) for mode in attendance_of(item)]
    if "project" in dimensions:
        found += [Facet("project", slug) for slug in item.projects]
    if "cluster" in dimensions:
        found += [Facet("cluster", slug) for slug in item.clusters]
    return found
