"""The front-matter contract: the sections, which fields each takes, their kinds, and how to read them.

One declaration serves the build, the `check` command, `cluster-news new`, the JSON Schemas, the web editor
and the pages, so they cannot drift. Adding a field means declaring it here — with how its page shows it:
among its section's facts (`Section.facts`, by the macro its kind or `Field.fact` names), elsewhere
(`Field.shown`), or not at all and why (`Field.hidden`); and the structured-data property it fills, if any —
then its label in strings.yml and its row in docs/content.md.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from babel import Locale

from .messages import Message, tr, tr_n
from .model import CLUSTERS, EVENTS, NEWS, PROJECTS, SCHEDULED, Location, Party, Picture
from .problems import ContentError
from .urls import is_web_address, split_url

DEFAULT_TIMEZONE = "Europe/Brussels"
"""Where event times are local when neither the event nor the site's configuration names a zone."""
NETWORK_TIME_ZONES = ("Europe/Kyiv", "Europe/Sofia", "Europe/Bucharest", "Europe/Warsaw", DEFAULT_TIMEZONE)
"""Where the network's events mostly take place (Ukraine, Bulgaria, Romania, Poland, Brussels): offered first."""

MAX_LIST = 50
"""Entries a list field may hold: more is a mistake (or an attack on the build's time), never a need."""

ASSETS_FOLDER = "assets"
"""Pictures and documents live in content/assets/ (shared by all languages) and are written assets/<file>."""
THEME_ASSETS = ("images", "javascripts", "stylesheets")
"""Folders of content/assets/ that the theme uses for its own files (favicon, scripts, styles)."""

PICTURE_TYPES = {".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG\r\n\x1a\n",
                 ".webp": b"RIFF", ".gif": b"GIF8"}
"""Picture files editors may publish, by extension, with the bytes such a file starts with."""
DOCUMENT_TYPES = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04", ".pptx": b"PK\x03\x04",
                  ".odt": b"PK\x03\x04", ".ods": b"PK\x03\x04", ".odp": b"PK\x03\x04"}
"""Documents editors may attach (linked from articles), likewise. Nothing else is published from content/:
HTML, scripts, stylesheets or SVG pictures could run code in readers' browsers on the site's address."""


@dataclass(frozen=True)
class EventStatus:
    """An event's status, and what it is called in iCalendar (RFC 5545 STATUS) and schema.org."""

    name: str
    ical: str
    schema_org: str


EVENT_STATUSES = (
    EventStatus(SCHEDULED, "CONFIRMED", "https://schema.org/EventScheduled"),
    EventStatus("cancelled", "CANCELLED", "https://schema.org/EventCancelled"),
    EventStatus("postponed", "TENTATIVE", "https://schema.org/EventPostponed"),
    EventStatus("rescheduled", "CONFIRMED", "https://schema.org/EventRescheduled"),
    EventStatus("moved-online", "CONFIRMED", "https://schema.org/EventMovedOnline"),
)
STATUS = {status.name: status for status in EVENT_STATUSES}

MAX_NAME = 100
"""Characters in the name of a file or folder under content/ (a slug, an asset's name): short enough for
every file that is named after it (`<slug>.ics`, copies of pictures)."""
SLUG_PATTERN = re.compile(r"^(?=.{1,100}$)[a-z0-9]+(?:-[a-z0-9]+)*$")
"""File names of items and pages, and references to them (matched whole: `fullmatch`; the text is also
the JSON Schema's and the web editor's pattern)."""
ASSET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""Names of files and folders under content/assets/ (matched whole): no spaces, quotes, '#' or ',' that
would break their addresses (srcset lists are comma-separated)."""
SKIPPED_DOT_FILES = (".DS_Store", ".gitignore", ".gitkeep")
"""The only names starting with '.' allowed under content/, as files: macOS's folder settings, git's lists of
ignored files and the empty file that keeps an empty folder in git. They are never published (MkDocs leaves
out every name that starts with '.'). Any other such name is an error: MkDocs would leave a page out
silently, and what folder listings hide is where a pull request would hide things."""
_UNSEEN_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")
"""Control and format characters (line breaks, bidirectional overrides, zero-width characters), bytes
that are not UTF-8 (read as lone surrogates) and line separators: no name needs one, and each makes the
name print otherwise than it reads (in a log, a folder listing or a review)."""


def name_problem(name: str) -> tuple[Message, Message] | None:
    """What is wrong with the name of any file or folder under content/ (message, hint), or None; the rules
    of its kind (slugs, asset names) come after."""
    unseen = next((char for char in name if unicodedata.category(char) in _UNSEEN_CATEGORIES), None)
    if unseen is not None:
        return (tr("the name has an invisible or control character ({character})", character=character_name(unseen)),
                tr("rename it with letters, digits, '-' and '_' only"))
    if name.startswith(".") and name not in SKIPPED_DOT_FILES:
        return (tr("the name {name} starts with '.', which hides it: MkDocs would leave it out", name=repr(name)),
                tr("rename it without the '.', or remove it; allowed: {names}", names=", ".join(SKIPPED_DOT_FILES)))
    return None


def character_name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE': how messages name a character that cannot be shown."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT_PATTERN = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$")
_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$")
_WITH_OFFSET_MESSAGE = tr("must be a local time without offset")
_WITH_OFFSET_HINT = tr("write YYYY-MM-DDTHH:MM and set 'timezone' to the place's zone, e.g. Europe/Sofia")


def _entries(value: Any, node: yaml.Node | None) -> list[tuple[Any, yaml.Node | None]]:
    """A list field's entries with their YAML nodes (for their lines), once it is a list of at most
    MAX_LIST entries."""
    if not isinstance(value, list):
        raise ContentError(tr("expected a list, got {value}", value=_describe(value)), tr("write it as [first, second]"))
    if len(value) > MAX_LIST:
        raise ContentError(tr_n("has {count} entry, more than {limit}", "has {count} entries, more than {limit}",
                                len(value), limit=MAX_LIST), tr("keep the list short"))
    nodes = node.value if isinstance(node, yaml.SequenceNode) else [None] * len(value)
    return list(zip(value, nodes, strict=False))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return tr("a yes/no value ({value})", value="true" if value else "false")
    if isinstance(value, (int, float)):
        return tr("a number ({value})", value=value)
    if isinstance(value, dt.datetime):
        return tr("a date-time ({value})", value=value.isoformat())
    if isinstance(value, dt.date):
        return tr("a date ({value})", value=value.isoformat())
    if isinstance(value, list):
        return tr("a list")
    if isinstance(value, dict):
        return tr("a group of fields")
    if value is None:
        return tr("empty")
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")


# Invisible characters that no page, feed or calendar can carry (XML forbids them): C0/C1 controls
# other than tab and line breaks, lone surrogates, the noncharacters U+FFFE and U+FFFF; and the
# byte-order mark U+FEFF, which some calendar readers drop (so titles would differ between outputs).
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")


def _scalar_text(value: Any, node: yaml.Node | None, expected: str | None = None) -> str:
    """The text the editor wrote for a scalar: `NO` stays 'NO', `2024` stays '2024'."""
    expected = expected or tr("text")
    if value is None:
        raise ContentError(tr("is empty"), tr("write {expected} or remove the line", expected=expected))
    if isinstance(value, (list, dict)):
        raise ContentError(tr("expected {expected}, got {value}", expected=expected, value=_describe(value)))
    text = str(node.value) if isinstance(node, yaml.ScalarNode) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as in the file itself, and as HTML reads it
    bad = _UNWRITABLE.search(text)
    if bad:
        raise ContentError(tr("contains an invisible character ({character})", character=f"U+{ord(bad.group()):04X}"),
                           tr("delete and retype the text around it; it often comes with copy and paste"))
    spoofing = _spoofing_character(text)
    if spoofing is not None:
        message = tr("contains {character}, a character that changes the direction of the text around it",
                     character=character_name(spoofing)) if BIDI_CONTROLS.fullmatch(spoofing) else \
            tr("contains {character}, a character that cannot be seen", character=character_name(spoofing))
        raise ContentError(message, tr("delete and retype the text around it; it often comes with copy and paste"))
    return text


BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Marks, embeddings, overrides and isolates of the bidirectional algorithm: none of the site's languages
needs one, and they make text show otherwise than it reads ('moc.elpmaxe' shown as 'example.com')."""
_ZERO_WIDTH = re.compile("[\u180e\u200b-\u200d\u2060-\u2064]")
"""Characters that take no room: two texts that look the same would differ (a title, an address)."""
_EMOJI_JOINER = "\u200d"
"""The zero-width joiner, which emoji sequences need (👩‍⚕️ is a woman, a joiner, a staff of Aesculapius)."""


def _spoofing_character(text: str) -> str | None:
    """The first bidirectional control or zero-width character of `text`, except a joiner between two
    symbols (an emoji sequence)."""
    bidi = BIDI_CONTROLS.search(text)
    if bidi:
        return bidi.group()
    for match in _ZERO_WIDTH.finditer(text):
        at = match.start()
        if match.group() == _EMOJI_JOINER and _is_symbol(text[:at].rstrip("\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd"
                                                                        "\U0001f3fe\U0001f3ff")[-1:]) \
                and _is_symbol(text[at + 1:at + 2]):
            continue
        return match.group()
    return None


def _is_symbol(char: str) -> bool:
    return bool(char) and unicodedata.category(char) == "So"


class Kind:
    """How one field is read from YAML and described to editors."""

    description = ""
    json_schema: dict[str, Any] = {}
    fact: str | None = None
    """The macro of render/templates/facts.html that shows a value of this kind among an item's facts, unless
    its field names another (`Field.fact`)."""

    def read(self, value: Any, node: yaml.Node | None) -> Any:
        raise NotImplementedError

    def references(self, value: Any) -> list[str]:
        """The slugs of items in another section (`target`) that a value read by this kind names."""
        return []


class Text(Kind):
    description = tr("text")
    fact = "text"
    json_schema = {"type": "string", "minLength": 1}

    def read(self, value: Any, node: yaml.Node | None) -> str:
        text = _scalar_text(value, node, self.description).strip()
        if not text:
            raise ContentError(tr("is empty"), tr("write some text or remove the line"))
        return text


class TextList(Kind):
    description = tr("a list of texts, e.g. [health, innovation]")
    json_schema = {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": MAX_LIST}

    def read(self, value: Any, node: yaml.Node | None) -> list[str]:
        result = []
        for element, element_node in _entries(value, node):
            if isinstance(element, (list, dict)) or element is None:
                raise ContentError(tr("every entry must be text, got {value}", value=_describe(element)))
            text = _scalar_text(element, element_node).strip()
            if text:
                result.append(text)
        return result


class SlugList(Kind):
    """Slugs of items in another section; existence is checked once all content is read."""

    def __init__(self, target: str):
        self.target = target
        self.description = tr("a list of {section} slugs (file names in content/<lang>/{section}/)", section=target)
        self.json_schema = {"type": "array", "items": {"type": "string", "pattern": SLUG_PATTERN.pattern},
                            "maxItems": MAX_LIST}

    def read(self, value: Any, node: yaml.Node | None) -> list[str]:
        slugs = TextList().read(value, node)
        bad = [slug for slug in slugs if not SLUG_PATTERN.fullmatch(slug)]
        if bad:
            raise ContentError(
                tr_n("{slugs} is not a slug", "{slugs} are not slugs", len(bad),
                     slugs=", ".join(repr(slug) for slug in bad)),
                tr("use the file name of a page in {section}/, without .md", section=self.target),
                partial=[slug for slug in slugs if slug not in bad],
            )
        return slugs

    def references(self, value: Any) -> list[str]:
        return [value] if isinstance(value, str) else list(value or [])


class Slug(SlugList):
    fact = "reference"

    def __init__(self, target: str):
        super().__init__(target)
        self.description = tr("one {section} slug (a file name in content/<lang>/{section}/)", section=target)
        self.json_schema = {"type": "string", "pattern": SLUG_PATTERN.pattern}

    def read(self, value: Any, node: yaml.Node | None) -> str:
        if isinstance(value, list):
            raise ContentError(tr("expected one slug, got a list"))
        slugs = super().read([value], None)
        if not slugs:
            raise ContentError(tr("is empty"), self.description)
        return slugs[0]


YEARS = range(1900, 2101)
"""Dates outside are typos (2205 for 2025), and would fill the calendar with empty months."""


def _parse_date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ContentError(tr("{value} is not a real date", value=repr(text)),
                           tr("use YYYY-MM-DD, e.g. 2025-06-30")) from None
    if day.year not in YEARS:
        raise ContentError(tr("the year {year} is outside {first}–{last}", year=day.year, first=YEARS.start,
                              last=YEARS.stop - 1), tr("is it a typo?"))
    return day


class Date(Kind):
    description = tr("a date, YYYY-MM-DD")
    json_schema = {"type": "string", "format": "date"}

    def read(self, value: Any, node: yaml.Node | None) -> dt.date:
        if isinstance(value, dt.datetime):
            raise ContentError(tr("expected a date, got {value}", value=_describe(value)),
                               tr("write only the day: YYYY-MM-DD"))
        if isinstance(value, dt.date):
            return value
        text = _scalar_text(value, node, self.description).strip()
        if not _DATE_PATTERN.fullmatch(text):
            raise ContentError(tr("{value} is not a date", value=repr(text)), tr("use YYYY-MM-DD, e.g. 2025-06-30"))
        return _parse_date(text)


class Moment(Kind):
    description = tr("a date YYYY-MM-DD (all day) or a local date-time YYYY-MM-DDTHH:MM")
    json_schema = {
        "type": "string",
        "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$",
    }

    def read(self, value: Any, node: yaml.Node | None) -> dt.date | dt.datetime:
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                raise ContentError(_WITH_OFFSET_MESSAGE, _WITH_OFFSET_HINT)
            return value
        if isinstance(value, dt.date):
            return value
        text = _scalar_text(value, node, self.description).strip()
        if _DATE_PATTERN.fullmatch(text):
            return _parse_date(text)
        if _WITH_OFFSET.fullmatch(text):
            raise ContentError(_WITH_OFFSET_MESSAGE, _WITH_OFFSET_HINT)
        match = _MOMENT_PATTERN.fullmatch(text)
        if not match:
            raise ContentError(
                tr("{value} is neither a date nor a date-time", value=repr(text)),
                tr("use YYYY-MM-DD for all-day events or YYYY-MM-DDTHH:MM, e.g. 2024-06-20T09:30"),
            )
        day = _parse_date(match.group(1))
        hour, minute, second = int(match.group(2)), int(match.group(3)), int(match.group(4) or 0)
        try:
            return dt.datetime.combine(day, dt.time(hour, minute, second))
        except ValueError:
            raise ContentError(tr("{value} is not a real time of day", value=repr(text)),
                               tr("hours 00-23, minutes 00-59")) from None


class Url(Kind):
    description = tr("a web address starting with https://")
    fact = "link"
    json_schema = {"type": "string", "format": "uri", "pattern": "^https?://"}

    def read(self, value: Any, node: yaml.Node | None) -> str:
        text = _scalar_text(value, node, self.description).strip()
        parts = split_url(text)
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
            raise ContentError(tr("{value} is not a web address", value=repr(text)),
                               tr("write the full address, e.g. https://example.org/"))
        unseen = next((char for char in text if unicodedata.category(char) == "Cf"), None)
        if unseen is not None:  # a soft hyphen or a joiner: an address that looks like another
            raise ContentError(tr("contains {character}, a character that cannot be seen", character=character_name(unseen)),
                               tr("type the address again, or copy it from the browser's address bar"))
        return text


def _any_case(word: str) -> str:
    """'jpg' -> '[jJ][pP][gG]' (JSON Schema patterns have no case-insensitive flag)."""
    return "".join(f"[{c}{c.upper()}]" for c in word)


class PicturePath(Kind):
    description = tr("a picture under content/{folder}/, written {folder}/photo.jpg", folder=ASSETS_FOLDER)
    json_schema = {"type": "string",
                   "pattern": f"^{ASSETS_FOLDER}/[^/].*\\.({'|'.join(_any_case(t[1:]) for t in PICTURE_TYPES)})$"}

    def read(self, value: Any, node: yaml.Node | None) -> str:
        text = _scalar_text(value, node, self.description).strip()
        if is_web_address(text):
            raise ContentError(
                tr("{value} is a web address", value=repr(text)),
                tr("save the picture in content/{folder}/ and write {folder}/<file> (the site loads nothing from "
                   "other sites, and makes sizes for phones from the file)", folder=ASSETS_FOLDER),
            )
        parts = text.lstrip("/").split("/")
        if parts[0] != ASSETS_FOLDER or len(parts) < 2 or any(part in ("", ".", "..") for part in parts):
            raise ContentError(tr("{value} is not a path in content/{folder}/", value=repr(text), folder=ASSETS_FOLDER),
                               tr("write it like {folder}/photo.jpg", folder=ASSETS_FOLDER))
        suffix = "." + parts[-1].rsplit(".", 1)[-1].lower() if "." in parts[-1] else ""
        if suffix not in PICTURE_TYPES:
            raise ContentError(tr("{value} is not a picture file", value=repr(text)),
                               tr("use {types}", types=", ".join(PICTURE_TYPES)))
        return "/".join(parts)


class PictureKind(Kind):
    """`image: assets/x.jpg`, or a group with the alt text and credit in the page's language."""

    description = tr("a group of src ({folder}/photo.jpg), alt (what it shows) and credit", folder=ASSETS_FOLDER)

    @property
    def json_schema(self) -> dict[str, Any]:  # type: ignore[override]
        group = {"type": "object", "properties": {f.name: f.kind.json_schema for f in PICTURE_FIELDS},
                 "required": ["src"], "additionalProperties": False}
        return {"oneOf": [PicturePath.json_schema, group]}

    def read(self, value: Any, node: yaml.Node | None) -> Picture:
        if not isinstance(value, dict):
            return Picture(PicturePath().read(value, node))
        return Picture(**_read_group(value, node, PICTURE_FIELDS, "image"))


@cache
def time_zones() -> frozenset[str]:
    """The zones of the pinned `tzdata` package (never the machine's own, such as 'localtime')."""
    return frozenset(files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()) - {"Factory"}


class TimeZone(Kind):
    description = tr("an IANA time zone such as Europe/Kyiv")
    json_schema = {"type": "string", "pattern": r"^[A-Za-z_]+(/[A-Za-z0-9_+\-]+)*$"}

    def read(self, value: Any, node: yaml.Node | None) -> str:
        text = _scalar_text(value, node, self.description).strip()
        if text not in time_zones():
            last = text.lower().split("/")[-1]
            close = sorted(z for z in time_zones() if z.lower().endswith("/" + last))
            hint = tr("did you mean {value}?", value=close[0]) if close else \
                tr("e.g. {zones}", zones="Europe/Kyiv, Europe/Sofia, Europe/Bucharest, Europe/Warsaw")
            raise ContentError(tr("{value} is not a known time zone", value=repr(text)), hint)
        return text


class Choice(Kind):
    def __init__(self, choices: tuple[str, ...]):
        self.choices = choices
        self.description = tr("one of {choices}", choices=", ".join(choices))
        self.json_schema = {"type": "string", "enum": list(choices)}

    def read(self, value: Any, node: yaml.Node | None) -> str:
        text = _scalar_text(value, node, self.description).strip()
        if text not in self.choices:
            raise ContentError(tr("{value} is not allowed", value=repr(text)), self.description)
        return text


@cache
def _countries() -> frozenset[str]:
    return frozenset(code for code in Locale("en").territories if len(code) == 2 and code.isalpha())


class Country(Kind):
    description = tr("an ISO 3166 two-letter country code such as UA, BG, RO, PL")
    fact = "country"
    json_schema = {"type": "string", "pattern": "^[A-Z]{2}$"}

    def read(self, value: Any, node: yaml.Node | None) -> str:
        text = _scalar_text(value, node, self.description).strip()
        if text.upper() in _countries() and text != text.upper():
            raise ContentError(tr("{value} must be upper case", value=repr(text)), tr("write {value}", value=text.upper()))
        if text not in _countries():
            raise ContentError(tr("{value} is not a country code", value=repr(text)), self.description)
        return text


class Flag(Kind):
    description = tr("true or false")
    json_schema = {"type": "boolean"}

    def read(self, value: Any, node: yaml.Node | None) -> bool:
        if not isinstance(value, bool):
            raise ContentError(tr("expected true or false, got {value}", value=_describe(value)))
        return value


class Coordinate(Kind):
    def __init__(self, name: str, limit: float):
        self.limit = limit
        self.description = tr("a latitude in decimal degrees, from {low} to {high}", low=f"{-limit:g}", high=f"{limit:g}") \
            if name == "latitude" else \
            tr("a longitude in decimal degrees, from {low} to {high}", low=f"{-limit:g}", high=f"{limit:g}")
        self.json_schema = {"type": "number", "minimum": -limit, "maximum": limit}

    def read(self, value: Any, node: yaml.Node | None) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ContentError(tr("expected a number, got {value}", value=_describe(value)), self.description)
        if not -self.limit <= value <= self.limit:
            raise ContentError(tr("{value} is out of range", value=value), self.description)
        return float(value)


class Count(Kind):
    """How many of something there are: a whole number, at least one."""

    def __init__(self, limit: int):
        self.limit = limit
        self.description = tr("a whole number from 1 to {limit}", limit=limit)
        self.json_schema = {"type": "integer", "minimum": 1, "maximum": limit}

    def read(self, value: Any, node: yaml.Node | None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ContentError(tr("expected a whole number, got {value}", value=_describe(value)), self.description)
        if not 1 <= value <= self.limit:
            raise ContentError(tr("{value} is out of range", value=value), self.description)
        return value


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool = False
    shared: bool = False
    """Language-independent: every translation must say the same."""
    doc: str = ""
    example: str | None = None
    """What `cluster-news new` suggests after 'name: ' (as a comment to fill in); None: not suggested."""
    fact: str | None = None
    """The macro of render/templates/facts.html that shows it among the item's facts, when its section lists it
    there (`Section.facts`) and its kind's macro (`Kind.fact`) is not the one."""
    shown: str = ""
    """Where else its page shows it, when not among the facts (tests/test_fields_shown.py holds every field to
    one of the three)."""
    hidden: str = ""
    """Why its page does not show it."""
    hidden_on_pages: str = ""
    """Why a page outside the sections does not show it, though it accepts it as every item does."""
    note: str | None = None
    """What `cluster-news new` says after the example, in the editor's language (a `Message`)."""
    json_ld: str | None = None
    """The schema.org property of the page's structured data that names these people or organisations
    (a list of parties)."""

    @property
    def fact_macro(self) -> str | None:
        return self.fact or self.kind.fact

    @property
    def target(self) -> str | None:
        """The section this field refers to by slug (clusters, projects), if it is a reference."""
        return getattr(self.kind, "target", None)


def _read_group(value: Any, node: yaml.Node | None, fields: tuple[Field, ...], name: str) -> dict[str, Any]:
    """Read a group of sub-fields (location, image); an error names the sub-field and its line."""
    if not isinstance(value, dict) or not isinstance(node, yaml.MappingNode):
        raise ContentError(tr("expected a group of fields, got {value}", value=_describe(value)),
                           tr("indent {fields} under {field}:", fields=", ".join(f.name + ":" for f in fields),
                              field=name))
    known = {f.name: f for f in fields}
    read: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line
        field = known.get(key)
        if field is None:
            raise ContentError(tr("unknown field {value}", value=repr(key)),
                               tr("{field} takes {fields}", field=name, fields=", ".join(known)),
                               field=f"{name}.{key}", line=line)
        try:
            read[key] = field.kind.read(value.get(key_node.value), value_node)
        except ContentError as error:
            error.field = f"{name}.{key}"
            error.line = line
            raise
    missing = [f.name for f in fields if f.required and f.name not in read]
    if missing:
        raise ContentError(tr("{field} is missing", field=missing[0]),
                           tr("add {field}: under {group}:", field=missing[0], group=name),
                           field=f"{name}.{missing[0]}", line=node.start_mark.line)
    return read


PICTURE_FIELDS = (
    Field("src", PicturePath(), required=True, doc=f"the file, e.g. {ASSETS_FOLDER}/photo.jpg"),
    Field("alt", Text(), doc="what the picture shows, for readers who cannot see it, in the page's language"),
    Field("credit", Text(), doc="who made it, e.g. Photo: Biocat"),
)

LOCATION_FIELDS = (
    Field("name", Text(), doc="the venue, e.g. Sofia Tech Park"),
    Field("address", Text(), doc="street and number"),
    Field("city", Text(), doc="the city, in the page's language"),
    Field("country", Country(), shared=True, doc="ISO 3166 alpha-2 code"),
    Field("latitude", Coordinate("latitude", 90), shared=True, doc="for the map link and calendar GEO"),
    Field("longitude", Coordinate("longitude", 180), shared=True, doc="for the map link and calendar GEO"),
)


class LocationKind(Kind):
    description = "a group of name, address, city, country"
    fact = "place"
    json_schema = {
        "type": "object",
        "properties": {f.name: f.kind.json_schema for f in LOCATION_FIELDS},
        "additionalProperties": False,
        "anyOf": [{"required": [part]} for part in ("name", "address", "city", "country")],
    }

    def read(self, value: Any, node: yaml.Node | None) -> Location:
        read = _read_group(value, node, LOCATION_FIELDS, "location")
        if ("latitude" in read) != ("longitude" in read):
            missing = "longitude" if "latitude" in read else "latitude"
            raise ContentError(tr("latitude and longitude go together"), tr("add {field}", field=missing),
                               field=f"location.{missing}",
                               line=node.start_mark.line)
        if not any(read.get(part) for part in ("name", "address", "city", "country")):
            raise ContentError(tr("names no place"), tr("add name: (the venue), city: and country:, or remove location:"),
                               line=node.start_mark.line)
        return Location(**read)


PARTY_FIELDS = (
    Field("person", Text(), doc="a person's name"),
    Field("organization", Text(), doc="an organisation's name, in the page's language"),
    Field("cluster", Slug(CLUSTERS), doc="a cluster of the network: its page names it and is linked"),
    Field("url", Url(), doc="the person's or organisation's own web page"),
)
_PARTY_KINDS = ("person", "organization", "cluster")


class PartyList(Kind):
    """People and organisations (authors, organisers): a name, taken as `plain` (a person for authors,
    an organisation for organisers), or a group that says which: person, organization or cluster."""

    target = CLUSTERS
    fact = "parties"

    def __init__(self, name: str, plain: str):
        self.name = name
        self.plain = plain
        self.description = tr("a list of names (people), or groups of person:, organization: or cluster: (a cluster "
                              "slug) with an optional url:") if plain == "person" else \
            tr("a list of names (organisations), or groups of person:, organization: or cluster: (a cluster slug) "
               "with an optional url:")

    @property
    def json_schema(self) -> dict[str, Any]:  # type: ignore[override]
        group = {"type": "object", "properties": {f.name: f.kind.json_schema for f in PARTY_FIELDS},
                 "additionalProperties": False,
                 "oneOf": [{"required": [kind]} for kind in _PARTY_KINDS],
                 "not": {"required": ["cluster", "url"]}}
        return {"type": "array", "items": {"oneOf": [{"type": "string", "minLength": 1}, group]},
                "maxItems": MAX_LIST}

    def read(self, value: Any, node: yaml.Node | None) -> list[Party]:
        return [self._entry(element, element_node) for element, element_node in _entries(value, node)]

    def _entry(self, value: Any, node: yaml.Node | None) -> Party:
        if not isinstance(value, dict):
            if isinstance(value, list) or value is None:
                raise ContentError(tr("every entry must be a name or a group, got {value}", value=_describe(value)))
            return Party(self.plain, name=Text().read(value, node))
        read = _read_group(value, node, PARTY_FIELDS, self.name)
        kinds = [kind for kind in _PARTY_KINDS if kind in read]
        line = node.start_mark.line if isinstance(node, yaml.MappingNode) else None
        if len(kinds) != 1:
            message = tr("an entry says none of person, organization, cluster") if not kinds else \
                tr("an entry says more than one of person, organization, cluster")
            raise ContentError(message, tr("write exactly one, e.g. organization: Network editorial team"), line=line)
        if kinds == ["cluster"] and "url" in read:
            raise ContentError(tr("a cluster needs no url: it links to its page on this site"),
                               tr("remove url:, or write organization: with url:"), line=line)
        kind = kinds[0]
        return Party(kind, name=read.get(kind) if kind != "cluster" else None, cluster=read.get("cluster"),
                     url=read.get("url"))

    def references(self, value: Any) -> list[str]:
        return [party.cluster for party in value or [] if party.cluster]


_UNLISTED = ("no tag page, project or cluster lists a page outside the sections (they list items), so its page "
             "has no footer of tags and related pages either")

COMMON_FIELDS = (
    Field("title", Text(), required=True, doc="the headline, in the page's language", shown="the heading"),
    Field("summary", Text(), doc="one or two sentences shown in lists and search results", example="{summary}",
          shown="under the heading (and in the page's description)"),
    Field("tags", TextList(), doc="free keywords in the page's language", example="[]", shown="the footer's tags",
          hidden_on_pages=_UNLISTED),
    Field("clusters", SlugList(CLUSTERS), shared=True, doc="clusters this item is about", example="[]",
          shown="the footer's related clusters", hidden_on_pages=_UNLISTED),
    Field("projects", SlugList(PROJECTS), shared=True, doc="projects this item is about", example="[]",
          shown="the footer's related projects", hidden_on_pages=_UNLISTED),
    Field("image", PictureKind(), doc="an illustration: src, alt text, credit",
          example=f"\n  src: {ASSETS_FOLDER}/photo.jpg\n  alt: {{alt}}\n  credit: ", shown="the lead picture"),
    Field("draft", Flag(), doc="true keeps the page out of the published site",
          shown="a notice on the page, which only the preview builds",
          hidden_on_pages="it keeps the page out of the published site; the preview shows the page as it will be"),
)


@dataclass(frozen=True)
class Section:
    """A folder of items under each language: what editors call one, and the fields it takes."""

    name: str
    noun: str
    """What editors type to `cluster-news new`: 'event' for events/."""
    fields: tuple[Field, ...]
    completing: tuple[str, ...] = ()
    """Optional fields that complete a required one, written right after the required fields (an event's
    end and time zone, with its start)."""
    facts: tuple[str, ...] = ()
    """The fields an item's page lists among its facts (`<dl class="cn-facts">`), in the order shown there,
    each by its macro (`Field.fact_macro`); a section without facts has no such list."""
    grows_with_archive: bool = False
    """Its list grows with the archive (news, events), so it is split into pages (`page_kinds.SECTION`'s
    `further_pages`); the others (projects, clusters) stay one page."""


SECTION_DECLARATIONS = (
    Section(NEWS, "news", (
        Field("date", Date(), required=True, doc="publication date", shown="under the heading"),
        Field("updated", Date(), doc="date of the last real change", shown="under the heading"),
        Field("authors", PartyList("authors", "person"),
              doc="who wrote it: people's names; an organisation as organization: <name>, a cluster of the "
                  "network as cluster: <slug>", example="[]", shown="under the heading (the byline)"),
    ), grows_with_archive=True),
    Section(EVENTS, "event", (
        Field("start", Moment(), required=True, shared=True, doc="first day, or start date-time in local time",
              fact="when"),
        Field("end", Moment(), shared=True, doc="last day (inclusive), or end date-time; same kind as start",
              example="{today}", note=tr("the last day; or 2025-06-20T17:00 with start: 2025-06-20T09:30"),
              shown="with the start, as the event's dates or times"),
        Field("timezone", TimeZone(), shared=True, doc="where the times are local; the site default otherwise",
              example="{timezone}", fact="timezone"),
        Field("location", LocationKind(), shared=True,
              doc="where it takes place (only the country must agree across translations)",
              example="\n  name: \n  city: \n  country: {country}"),
        Field("online", Url(), shared=True, doc="link to join online", example="https://", fact="online"),
        Field("registration", Url(), shared=True, doc="link to register", example="https://", fact="registration"),
        Field("organizers", PartyList("organizers", "organization"),
              doc="who organises it: organisations' names; a cluster of the network as cluster: <slug>, "
                  "a person as person: <name>", example="[]", json_ld="organizer"),
        Field("status", Choice(tuple(STATUS)), shared=True, doc="scheduled unless something changed",
              example=EVENT_STATUSES[0].name, shown="under the heading, unless scheduled"),
    ), completing=("end", "timezone"),
        facts=("start", "timezone", "location", "online", "registration", "organizers"), grows_with_archive=True),
    Section(PROJECTS, "project", (
        Field("acronym", Text(), shared=True, doc="short name, e.g. PRECISEU", example="", fact="acronym"),
        Field("programme", Text(), doc="funding programme, e.g. Horizon Europe", example="Horizon Europe"),
        Field("grant", Text(), shared=True, doc="grant agreement number", example=""),
        Field("start", Date(), shared=True, doc="first day of the project", example="{today}", fact="duration"),
        Field("end", Date(), shared=True, doc="last day of the project", example="{today}",
              shown="with the start, as the project's duration"),
        Field("coordinator", Slug(CLUSTERS), shared=True, doc="the coordinating cluster", example=""),
        Field("partners", TextList(), doc="partner names; a cluster slug links to its page", example="[]",
              fact="partners"),
        Field("partner_count", Count(10_000), shared=True,
              doc="how many partners the consortium has, when partners names only some of them", example="",
              shown="with the partners, when it counts more than they name"),
        Field("website", Url(), shared=True, doc="the project's own site", example="https://"),
        Field("eu_funded", Flag(), shared=True, doc="true if the EU funds it: its pages show the EU funding notice",
              shown="the EU funding notice, under the heading and at the foot of the page"),
    ), facts=("acronym", "programme", "grant", "start", "coordinator", "partners", "website")),
    Section(CLUSTERS, "cluster", (
        Field("country", Country(), shared=True, doc="ISO 3166 alpha-2 code", example="{country}"),
        Field("city", Text(), doc="home city, in the page's language", example=""),
        Field("website", Url(), shared=True, doc="the cluster's own site", example="https://"),
    ), facts=("city", "country", "website")),
)

SECTIONS = tuple(section.name for section in SECTION_DECLARATIONS)
"""Item sections, in navigation order."""
SPLIT_SECTIONS = tuple(section.name for section in SECTION_DECLARATIONS if section.grows_with_archive)
"""The sections whose lists are split into pages."""

PAGE = "page"
"""The kind of every other Markdown file: home pages, section introductions, plain pages."""

KINDS = SECTIONS + (PAGE,)


@cache
def fields_for(kind: str) -> dict[str, Field]:
    """All fields an item of `kind` (a section, or 'page') accepts, by name."""
    section = next((s for s in SECTION_DECLARATIONS if s.name == kind), None)
    return {f.name: f for f in COMMON_FIELDS + (section.fields if section else ())}


def writing_order(kind: str) -> list[Field]:
    """The order fields are written in new files (`cluster-news new`, the web editor): the required
    ones, then those that complete them (`Section.completing`), then the others as declared."""
    fields = list(fields_for(kind).values())
    section = next((s for s in SECTION_DECLARATIONS if s.name == kind), None)
    completing = [fields_for(kind)[name] for name in section.completing] if section else []
    return ([f for f in fields if f.required] + completing
            + [f for f in fields if not f.required and f not in completing])


def section_of_noun(noun: str) -> str:
    """'event' -> 'events' (what editors type to `cluster-news new`)."""
    return next(section.name for section in SECTION_DECLARATIONS if section.noun == noun)
