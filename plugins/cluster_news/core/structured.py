"""schema.org JSON-LD for news, event, breadcrumb and home-page data, safe to embed in a <script> element."""

from __future__ import annotations

import json
from typing import Any

from . import i18n
from .calendar import ends_at, starts_at
from .model import Item, Party
from .project import Organization
from .schema import STATUS

SEARCH_TERM = "search_term_string"
"""The name of the placeholder in a SearchAction's address, which `query-input` declares."""


def _place(item: Item) -> dict[str, Any]:
    """Where an event is. Search engines want every place named: without a venue, it is named by what the
    editor gave (address, city and country, in the event's language), as its page and calendars name it."""
    location = item.location
    country = i18n.country_name(location.country, item.lang) if location.country else None
    place: dict[str, Any] = {"@type": "Place",
                             "name": location.name or ", ".join(location.parts() + ([country] if country else []))}
    address = {"@type": "PostalAddress"}
    for key, value in (("streetAddress", location.address), ("addressLocality", location.city),
                       ("addressCountry", location.country)):
        if value:
            address[key] = value
    if len(address) > 1:
        place["address"] = address
    if location.latitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": location.latitude, "longitude": location.longitude}
    return place


def party_json_ld(party: Party, cluster_page: tuple[str, str, str | None] | None = None) -> dict[str, Any]:
    """A schema.org Person or Organization. A cluster of the network is an Organization named and
    found by its page here (`cluster_page`: its title, absolute address and own website, if any)."""
    if party.kind == "cluster":
        if cluster_page is None:
            return {"@type": "Organization", "name": party.cluster}
        name, url, website = cluster_page
        data = {"@type": "Organization", "name": name, "url": url}
        if website:
            data["sameAs"] = website
        return data
    data = {"@type": "Person" if party.kind == "person" else "Organization", "name": party.name}
    if party.url:
        data["url"] = party.url
    return data


def event_json_ld(item: Item, url: str, images: list[str] | None = None,
                  parties: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """A schema.org Event: dates as ISO 8601, with the offset of the event's zone for timed events; `parties`:
    people and organisations by property ('organizer')."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": item.title,
        "url": url,
        "inLanguage": item.lang,
        "eventStatus": STATUS[item.status].schema_org,
    }
    if item.all_day:
        data["startDate"] = item.start.isoformat()
        data["endDate"] = item.last_day.isoformat()
    else:
        data["startDate"] = starts_at(item).isoformat()
        end = ends_at(item)
        if end is not None:
            data["endDate"] = end.isoformat()
    if item.summary:
        data["description"] = item.summary
    online = item.values.get("online")
    locations: list[dict[str, Any]] = []
    if item.location:
        locations.append(_place(item))
    if online:
        locations.append({"@type": "VirtualLocation", "url": online})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if item.status == "moved-online" or (online and not item.location):
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
    elif online:
        data["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    for name, named in (parties or {}).items():
        if named:
            data[name] = named
    if images:
        data["image"] = images
    return data


def script_json(data: dict[str, Any]) -> str:
    """Compact JSON that cannot end its <script> element early: '<', '>' and '&' are written as escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def home_json_ld(organization: Organization, organization_url: str, logo: str | None, site_name: str, home: str,
                 lang: str, search: str, search_parameter: str) -> dict[str, Any]:
    """A language's home page: the network as an Organization (one `@id` in every language, at its own
    address) and this language's WebSite, published by it, with the search that `search` answers: the address
    of the search page, which reads the query from `search_parameter`."""
    network = {"@type": "Organization", "@id": f"{organization_url}#organization", "name": organization.name,
               "url": organization_url}
    if logo:
        network["logo"] = logo
    if organization.same_as:
        network["sameAs"] = list(organization.same_as)
    website = {
        "@type": "WebSite", "@id": f"{home}#website", "url": home, "name": site_name, "inLanguage": lang,
        "publisher": {"@id": network["@id"]},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?{search_parameter}={{{SEARCH_TERM}}}"},
            "query-input": f"required name={SEARCH_TERM}",
        },
    }
    return {"@context": "https://schema.org", "@graph": [network, website]}


def news_json_ld(item: Item, url: str, publisher: tuple[str, str], images: list[str] | None = None,
                 authors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A schema.org NewsArticle for a news page; `publisher`: the site's name and home address."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": item.title,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": item.lang,
        "datePublished": item.date.isoformat(),
        "dateModified": (item.values.get("updated") or item.date).isoformat(),
        "publisher": {"@type": "Organization", "name": publisher[0], "url": publisher[1]},
    }
    if item.summary:
        data["description"] = item.summary
    if authors:
        data["author"] = authors
    if images:
        data["image"] = images
    if item.tags:
        data["keywords"] = item.tags
    return data


def breadcrumb_json_ld(trail: list[tuple[str, str]]) -> dict[str, Any]:
    """A schema.org BreadcrumbList from (name, absolute URL) pairs, the home page first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [{"@type": "ListItem", "position": position, "name": name, "item": url}
                            for position, (name, url) in enumerate(trail, start=1)],
    }
