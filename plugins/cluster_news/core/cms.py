"""The web editor's configuration (Sveltia CMS), generated from the front-matter declarations.

The same `Field` objects drive validation, the JSON Schemas and `cluster-news new`; here each kind of
field becomes a CMS widget, so that the form offers what the build accepts (required fields, allowed
values, references to existing items) and marks the facts every translation shares as
`i18n: duplicate` (edited once, in the entry's original language, copied to every translation).

Everything the configuration puts on screen (collection names, labels, hints, option labels, pattern
messages) is written here and in schema.py in English, once, and put into each editor language through the
`cms` gettext catalogue (core/messages.py): `cms_config(settings, lang)` is the configuration in `lang`, and
`extract_messages` gives `pybabel extract` its message ids (see docs/web-editor-setup.md). The one exception
is a field's label where its page shows it under one: the reader's label in strings.yml, so that one word is
translated once for both.
"""

from __future__ import annotations

import gettext
import importlib.resources
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import IO, Any

import yaml
from babel import Locale

from . import slugs
from .i18n import all_strings, translate
from .messages import SOURCE_LANGUAGE, translations
from .model import CLUSTERS, EVENTS, NEWS, PROJECTS
from .schema import (
    ASSETS_FOLDER,
    KINDS,
    LOCATION_FIELDS,
    NETWORK_TIME_ZONES,
    PAGE,
    PARTY_FIELDS,
    PICTURE_FIELDS,
    PICTURE_TYPES,
    YEARS,
    Choice,
    Coordinate,
    Count,
    Country,
    Date,
    Field,
    Flag,
    Kind,
    LocationKind,
    Moment,
    PartyList,
    PictureKind,
    PicturePath,
    Slug,
    SlugList,
    Text,
    TextList,
    TimeZone,
    Url,
    writing_order,
)

CONTENT_FOLDER = "content"
PICTURE_MEDIA_TYPES = sorted({"image/jpeg" if extension in (".jpg", ".jpeg") else f"image/{extension[1:]}"
                              for extension in PICTURE_TYPES})
"""The picture formats the build accepts under content/assets/ (it refuses other files there)."""
MAX_PICTURE_BYTES = 5 * 1024 * 1024
"""Larger pictures make pages slow on phones; 5 MB is a generous ceiling for a photo."""
UPLOAD_WIDTH = 2400
"""Uploaded photos are kept wider than the site publishes them (`pictures.MAX_WIDTH`): room for a later,
wider layout without asking editors for their photos again."""
UPLOAD_TRANSFORMATIONS = {kind: {"format": "webp", "quality": 85, "width": UPLOAD_WIDTH}
                          for kind in ("jpeg", "webp", "heic", "avif")}
"""Photos are drawn again by the browser before they are uploaded, as WebP at most UPLOAD_WIDTH wide: the new
file has the pixels only, none of the camera's metadata (GPS position, serial number, owner), so nothing
personal reaches the public repository. PNG and GIF files are uploaded as they are (drawing them again
would blur charts and stop animations); `check` warns about personal data in them. See docs/security.md."""

LABELS = {NEWS: "News", EVENTS: "Events", PROJECTS: "Projects", CLUSTERS: "Clusters", PAGE: "Pages"}
SINGULAR = {NEWS: "News article", EVENTS: "Event", PROJECTS: "Project", CLUSTERS: "Cluster", PAGE: "Page"}

FIELD_LABELS = {
    "online": "Online link",  # its page says "Online" over the link's text; the form asks for the link itself
    "registration": "Registration link",
    "grant": "Grant number",  # its page says "Grant agreement" over the number
    "partner_count": "Number of partners",
    "location.name": "Venue",
    "image.src": "Picture file",
    "image.alt": "Alt text",
    "eu_funded": "EU-funded",
    "organization": "Organisation",  # a part of each author and organiser
    "url": "Web page",  # likewise
    "body": "Text",
    "file_name": "File name",  # FILE_NAME: a field of the form only
}
"""Labels of the form that its field's page does not give (keyed by name, or group.name for a part of an
object group; a list's parts by their name): where the name is not a plain word, or the page labels the field
otherwise. Every other field is labelled as its page labels it, else with its name, capitalised (`_label`)."""

SHARED_NOTE = "{hint} (the same in every translation)"
MOMENT_FORMAT = "YYYY-MM-DD for the whole day, or YYYY-MM-DDTHH:MM"
WEB_ADDRESS = "a web address starting with https://"
BODY_HINT = (f"Pictures are stored in content/{ASSETS_FOLDER}/ and written {ASSETS_FOLDER}/photo.jpg; "
             "add them with the picture button, which asks what they show.")
FILE_NAME_HINT = "Made from the title (in Latin letters, as cluster-news new makes it); the page's address"

INTERFACE = {
    "page_title": "{site} — web editor",
    "choose_question": "Which language are you writing in?",
    "choose_explanation": "New articles start in that language, and the facts that every translation shares "
                          "(dates, places, links, references) are edited in it. To translate an article, choose "
                          "the language it was written in, open it and switch on the new language.",
    "handbook_intro": "How it works:",
    "handbook_link": "the web editor in the editors' handbook",
    "picture": "Picture",
    "picture_file": FIELD_LABELS["image.src"],
    "alt_text": FIELD_LABELS["image.alt"],
    "alt_hint": "What the picture shows, for readers who cannot see it, in the page's language",
    "picture_title": "Title",
}
"""Words of our own pages and fields around the CMS (admin/index.html's language choice, admin/setup.js's
picture button and references), by the name setup.js knows them by."""

REQUIRED_IN_FORM = {"image.alt"}
"""Parts the form asks for although the declarations let a file leave them out: `check` refuses a
picture without alt text (a warning, and warnings fail it), so a form with a picture needs one."""

WRITTEN_IN_EACH_LANGUAGE = {"tags"}
"""Lists whose entries a translation writes anew (keywords in its language), so a new translation starts
with them empty: the CMS copies the original's values into a new translation except those of text
fields, so these are lists of text fields."""

FILE_NAME = "file_name"
"""A field of the form only (admin/setup.js removes it before saving): the file name made from the title
by the site's romanisation (core/slugs.py), which the CMS's slug template takes."""


@dataclass(frozen=True)
class Words:
    """The configuration's words in one editor language: each English text through the `cms` catalogue."""

    lang: str
    catalogue: gettext.NullTranslations

    def __call__(self, text: str, **values: str) -> str:
        translated = self.catalogue.gettext(text)
        return translated.format(**values) if values else translated


def words(lang: str) -> Words:
    return Words(lang, translations(lang, "cms"))


@dataclass(frozen=True)
class CmsSettings:
    """What the configuration needs besides the field declarations (from mkdocs.yml)."""

    languages: list[str]
    default_language: str
    repository: str
    branch: str = "main"
    auth_url: str | None = None
    """An OAuth client for GitHub (e.g. Sveltia CMS Authenticator); without it, editors sign in with a token."""


def _text(kind: Kind, say: Words) -> dict[str, Any]:
    return {"widget": "string"}


def _text_list(kind: Kind, say: Words) -> dict[str, Any]:
    return {"widget": "list"}


def _reference(kind: Kind, say: Words) -> dict[str, Any]:
    """A choice among the published items of another section, in any language (admin/setup.js: the CMS's
    own relation field offers only the items that exist in the language being edited)."""
    assert isinstance(kind, SlugList)
    return {"widget": "reference", "collection": kind.target, "multiple": not isinstance(kind, Slug)}


def _date(kind: Kind, say: Words) -> dict[str, Any]:
    return {"widget": "datetime", "type": "date", "format": "YYYY-MM-DD",
            "min": f"{YEARS.start}-01-01", "max": f"{YEARS.stop - 1}-12-31"}


def _moment(kind: Kind, say: Words) -> dict[str, Any]:
    # One picker cannot take "a day, or a day and a time": a text box with the build's own pattern can.
    pattern = kind.json_schema["pattern"]
    return {"widget": "string", "pattern": [pattern, say(MOMENT_FORMAT)]}


def _url(kind: Kind, say: Words) -> dict[str, Any]:
    return {"widget": "string", "type": "url", "pattern": [r"^https?://\S+$", say(WEB_ADDRESS)]}


def _picture_file(kind: Kind, say: Words) -> dict[str, Any]:
    return {"widget": "image", "choose_url": False, "accept": ",".join(PICTURE_MEDIA_TYPES)}


def _picture(kind: Kind, say: Words) -> dict[str, Any]:
    """The file with its alt text and credit, which are written in each language."""
    parts = [cms_field(part, say, "image") for part in PICTURE_FIELDS]
    return {"widget": "object", "collapsed": False, "fields": parts}


def _select(options: list[Any]) -> dict[str, Any]:
    return {"widget": "select", "options": options}


def _choice(kind: Kind, say: Words) -> dict[str, Any]:
    assert isinstance(kind, Choice)
    return _select([{"label": say(choice_label(value)), "value": value} for value in kind.choices])


def _time_zone(kind: Kind, say: Words) -> dict[str, Any]:
    return _select(time_zones())


def _country(kind: Kind, say: Words) -> dict[str, Any]:
    return _select([{"label": f"{code} — {name}", "value": code} for code, name in countries(say.lang)])


def _flag(kind: Kind, say: Words) -> dict[str, Any]:
    return {"widget": "boolean", "default": False}


def _coordinate(kind: Kind, say: Words) -> dict[str, Any]:
    assert isinstance(kind, Coordinate)
    return {"widget": "number", "value_type": "float", "min": -kind.limit, "max": kind.limit, "step": 0.000001}


def _count(kind: Kind, say: Words) -> dict[str, Any]:
    assert isinstance(kind, Count)
    return {"widget": "number", "value_type": "int", "min": 1, "max": kind.limit, "step": 1}


def _parties(kind: Kind, say: Words) -> dict[str, Any]:
    """Authors and organisers: one entry per person or organisation, saying which (the build also takes
    plain names, as editors type them by hand)."""
    return {"widget": "list", "fields": [cms_field(part, say) for part in PARTY_FIELDS],
            "summary": "{{fields.person}}{{fields.organization}}{{fields.cluster}}", "collapsed": "auto"}


def _location(kind: Kind, say: Words) -> dict[str, Any]:
    parts = [cms_field(part, say, "location") for part in LOCATION_FIELDS]
    return {"widget": "object", "collapsed": False, "fields": parts}


WIDGETS: dict[type[Kind], Callable[[Kind, Words], dict[str, Any]]] = {
    Text: _text,
    TextList: _text_list,
    SlugList: _reference,
    Slug: _reference,
    Date: _date,
    Moment: _moment,
    Url: _url,
    PicturePath: _picture_file,
    PictureKind: _picture,
    TimeZone: _time_zone,
    Choice: _choice,
    Country: _country,
    Flag: _flag,
    Coordinate: _coordinate,
    Count: _count,
    LocationKind: _location,
    PartyList: _parties,
}
"""Each kind of front-matter field, as a widget. A kind missing here is an error, not a text box."""


@cache
def time_zones() -> list[str]:
    """The network's zones first, then the others of the IANA database's zone1970.tab (one per region, no
    aliases) and UTC, in alphabetical order.

    Read from the pinned `tzdata` package rather than the machine's, so every machine generates the
    same list; each is a name the build accepts."""
    table = (importlib.resources.files("tzdata") / "zoneinfo" / "zone1970.tab").read_text(encoding="utf-8")
    zones = {line.split("\t")[2] for line in table.splitlines() if line and not line.startswith("#")}
    return list(NETWORK_TIME_ZONES) + sorted((zones | {"UTC"}) - set(NETWORK_TIME_ZONES))


@cache
def countries(lang: str = SOURCE_LANGUAGE) -> list[tuple[str, str]]:
    """(code, name in `lang`) of every two-letter ISO 3166 code the build accepts (Babel's CLDR data: the
    English names list every code; a language that names fewer, e.g. not Sark, is completed with them)."""
    english, names = Locale(SOURCE_LANGUAGE).territories, Locale(lang).territories
    return sorted((code, names.get(code, english[code])) for code in english if len(code) == 2 and code.isalpha())


def choice_label(value: str) -> str:
    """The English label of one of a field's allowed values ('moved-online' -> 'Moved online')."""
    return value.replace("-", " ").capitalize()


def _label(key: str, name: str, say: Words) -> str:
    """FIELD_LABELS' label; else the one the field's page shows it under (the reader's interface string named
    after it in strings.yml, as render/templates/facts.html labels a fact), so that one word is translated once
    for both; else its name, capitalised."""
    if key in FIELD_LABELS:
        return say(FIELD_LABELS[key])
    shown = translate(say.lang, name) if name in all_strings()[SOURCE_LANGUAGE] else None
    return shown if isinstance(shown, str) else say(name.capitalize())


def cms_field(field: Field, say: Words, group: str = "") -> dict[str, Any]:
    """One field (or a part of the group `group`) as the CMS declares it: widget, label, hint, required,
    and whether translations share it."""
    try:
        widget = WIDGETS[type(field.kind)](field.kind, say)
    except KeyError:
        raise TypeError(f"{type(field.kind).__name__} (field {field.name!r}) has no web-editor widget: "
                        "add one to cluster_news.core.cms.WIDGETS") from None
    key = f"{group}.{field.name}" if group else field.name
    if key in WRITTEN_IN_EACH_LANGUAGE:
        widget["field"] = {"name": field.name.removesuffix("s"), "label": say(field.name.removesuffix("s").capitalize()),
                           "widget": "string", "required": False, "i18n": True}
        widget["collapsed"] = False  # one short text each: shown open
    label = _label(key, field.name, say)
    required = field.required or key in REQUIRED_IN_FORM
    declared: dict[str, Any] = {"name": field.name, "label": label, **widget, "required": required}
    declared["i18n"] = "duplicate" if field.shared else True
    group = isinstance(field.kind, (LocationKind, PictureKind))
    if group:
        declared["i18n"] = True  # the group is translated; its parts say which of them are shared
    if field.doc:
        hint = say(field.doc)
        hint = hint[:1].upper() + hint[1:]
        declared["hint"] = say(SHARED_NOTE, hint=hint) if field.shared and not group else hint
    return declared


def _collection(kind: str, say: Words) -> dict[str, Any]:
    folder = f"{CONTENT_FOLDER}/{{{{locale}}}}" + ("" if kind == PAGE else f"/{kind}")
    # Pictures in the text: the picture button's dialog (admin/setup.js) asks for the alt text; the CMS's
    # own picture component, and its linked variant, would not.
    body = {"name": "body", "label": say(FIELD_LABELS["body"]), "widget": "markdown", "required": False,
            "i18n": True, "editor_components": ["image", "code-block"], "linked_images": False,
            "hint": say(BODY_HINT)}
    file_name = {"name": FILE_NAME, "label": say(FIELD_LABELS[FILE_NAME]), "widget": "file-name", "required": False,
                 "i18n": False, "hint": say(FILE_NAME_HINT)}
    fields = [cms_field(field, say) for field in writing_order(kind)]
    collection: dict[str, Any] = {
        "name": kind,
        "label": say(LABELS[kind]),
        "label_singular": say(SINGULAR[kind]),
        "folder": folder,
        "extension": "md",
        "format": "yaml-frontmatter",
        "i18n": True,
        "identifier_field": "title",
        # The slug is the file name: the title romanised as `cluster-news new` does it; editable when created.
        "slug": {"template": f"{{{{fields.{FILE_NAME}}}}}", "editable": ["create"]},
        # The languages the item exists in, after its title: admin/setup.js shows the language of a title
        # that is not in the language being edited (the CMS then shows another language's) and hides the rest.
        "summary": "{{title}} ({{locales}})",
        "sortable_fields": _sorting(kind),
        # Where the CMS finds a picture written assets/<file> (relative to content/, not to the entry's
        # folder): a `media_folder` from the project root, with a relative `public_folder` stripped from
        # the value. The same folder as the global one, so no second folder appears in the media library.
        "media_folder": f"/{CONTENT_FOLDER}/{ASSETS_FOLDER}",
        "public_folder": ASSETS_FOLDER,
        "fields": fields[:1] + [file_name] + fields[1:] + [body],
    }
    return collection


def _sorting(kind: str) -> dict[str, Any]:
    """Newest first where items have a date; by title elsewhere."""
    by_date = {NEWS: "date", EVENTS: "start"}.get(kind)
    if by_date is None:
        return {"fields": ["title"], "default": {"field": "title", "direction": "ascending"}}
    return {"fields": [by_date, "title"], "default": {"field": by_date, "direction": "descending"}}


def cms_config(settings: CmsSettings, lang: str = SOURCE_LANGUAGE) -> dict[str, Any]:
    """The whole configuration, as the CMS reads it from admin/config.yml, with its words in `lang`."""
    return _config(settings, words(lang))


def _config(settings: CmsSettings, say: Words) -> dict[str, Any]:
    backend: dict[str, Any] = {"name": "github", "repo": settings.repository, "branch": settings.branch}
    if settings.auth_url:
        backend |= {"base_url": settings.auth_url, "auth_methods": ["oauth", "token"]}
    else:
        backend["auth_methods"] = ["token"]
    return {
        "backend": backend,
        # Every change becomes a branch and a pull request, so the pull-request checks run on it.
        "publish_mode": "editorial_workflow",
        "media_folder": f"{CONTENT_FOLDER}/{ASSETS_FOLDER}",
        # The CMS writes /assets/<file>; admin/setup.js turns that into assets/<file> before saving.
        "public_folder": f"/{ASSETS_FOLDER}",
        "media_libraries": {"default": {"config": {"max_file_size": MAX_PICTURE_BYTES,
                                                    "slugify_filename": True,
                                                    "transformations": UPLOAD_TRANSFORMATIONS}},
                            "stock_assets": {"providers": []}},  # no third-party photo services
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-", "lowercase": True,
                 "trim": True, "maxlength": slugs.MAX_LENGTH},
        "output": {"omit_empty_optional_fields": True, "yaml": {"quote": "none"}},
        "i18n": {"structure": "multiple_folders", "locales": settings.languages,
                 "default_locale": settings.default_language, "initial_locales": "default"},
        "collections": [_collection(kind, say) for kind in KINDS],
    }


def cms_config_yaml(settings: CmsSettings, lang: str = SOURCE_LANGUAGE) -> str:
    header = ("# The web editor's configuration (Sveltia CMS), generated by `cluster-news cms-config` from the\n"
              "# front-matter declarations in plugins/cluster_news/core/schema.py. Do not edit: regenerate it.\n")
    return header + yaml.safe_dump(cms_config(settings, lang), allow_unicode=True, sort_keys=False, width=120)


def interface_texts(lang: str) -> dict[str, str]:
    """INTERFACE in `lang` (its placeholders left for the page to fill)."""
    say = words(lang)
    return {name: say(text) for name, text in INTERFACE.items()}


class _Recorder(gettext.NullTranslations):
    """A catalogue that answers in English and notes every message id asked for, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: dict[str, None] = {}

    def gettext(self, message: str) -> str:
        self.asked.setdefault(message)
        return message


def message_ids() -> list[str]:
    """Every text the configuration (in any language) and INTERFACE put on screen: the `cms` domain's ids."""
    recorder = _Recorder()
    say = Words(SOURCE_LANGUAGE, recorder)
    _config(CmsSettings(languages=[SOURCE_LANGUAGE], default_language=SOURCE_LANGUAGE, repository="OWNER/NAME"), say)
    for text in INTERFACE.values():
        say(text)
    return list(recorder.asked)


def extract_messages(fileobj: IO[bytes], keywords: object, comment_tags: object,
                     options: dict[str, Any]) -> Iterator[tuple[int, None, str, list[str]]]:
    """A Babel extraction method (`pybabel extract -F plugins/cluster_news/locale/cms.cfg`): the `cms` ids
    come from the configuration as generated, not from calls in the code (schema.py's docs are hints)."""
    for text in message_ids():
        yield 0, None, text, []
