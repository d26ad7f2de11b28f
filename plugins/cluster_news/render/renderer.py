"""A small renderer over Jinja fragments: every value from front matter is escaped on the way out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..core import dates, emblem, i18n, icons, links
from ..core.calendar import first_day
from ..core.catalog import Catalog, Shown
from ..core.couplings import globals_fixed_when_loaded
from ..core.filters import facets_of
from ..core.model import CLUSTERS, EVENTS, NEWS, PROJECTS, SCHEDULED, Item
from ..core.pictures import PictureMaker
from ..core.schema import SECTION_DECLARATIONS, fields_for
from ..core.structured import script_json
from ..core.urls import UrlScheme, relative_url
from .compiled_templates import COMPILED_TEMPLATES

ARTICLE_SIZES = "(min-width: 76.25em) 46rem, (min-width: 45em) 70vw, 100vw"
"""How wide a picture in an article's column is shown (the `sizes` attribute): the browser picks its copy."""
CARD_SIZES = "(max-width: 44.9375em) 128px, (max-width: 59.9375em) 46vw, 320px"
"""A card's picture: a thumbnail beside the text on phones, two cards a row on tablets, three on wide
screens (cluster-news.css lays them out)."""
LEAD_SIZES = "(max-width: 59.9375em) 100vw, 600px"
"""The home page's lead story: the whole width on phones and tablets, beside its text on wide screens."""

ROOT = "\x00root\x00"
"""Stands for the way up to the site root in fragments rendered once for many pages; front matter
cannot contain it (control characters are refused)."""


@cache
def environment() -> Environment:
    """Our Jinja fragments, with autoescaping: every value from front matter is escaped. One for the
    process, not one per build of the preview; its templates compiled once per user (compiled_templates.py)."""
    env = Environment(
        loader=PackageLoader("cluster_news", "render/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # templates ship with the package; checking their files on every render costs a stat
        bytecode_cache=COMPILED_TEMPLATES,
        cache_size=-1,  # a dict of our few templates: a least-recently-used cache's bookkeeping costs every include
    )
    # Templates name sections and the default status as declared (core/model.py), never as strings.
    env.globals.update(NEWS=NEWS, EVENTS=EVENTS, PROJECTS=PROJECTS, CLUSTERS=CLUSTERS, SCHEDULED=SCHEDULED,
                       CARD_ICONS=icons.CARD_ICONS, ICONS_FILE=icons.FILE)
    globals_fixed_when_loaded(env)  # every page renders a dozen fragments
    return env


class Renderer:
    def __init__(self, catalog: Catalog, urls: UrlScheme, pictures: PictureMaker | None, today: dt.date):
        self.catalog = catalog
        self.urls = urls
        self.pictures = pictures
        self.today = today
        """The build's date (`SitePlan.today`): what has ended by then is said to have taken place."""
        self._fragments: dict[tuple, str] = {}
        self.env = environment()

    def render(self, template: str, *, lang: str, page_url: str, **context: Any) -> str:
        """Render `template` for the page at `page_url` (site-root relative) in `lang`."""
        helpers = _PageHelpers(self, lang, page_url)
        return self.env.get_template(template).render(
            lang=lang, page_url=page_url, h=helpers, t=helpers.t, **context
        )

    def fragment(self, template: str, shown: Shown, lang: str, **options: Any) -> str:
        """A piece about one entry that many pages show (list item, link), rendered once per language
        with links from the site root (`ROOT`), which each page then replaces with its way up."""
        key = (template, shown.entry.key, lang, tuple(sorted(options.items())))
        if key not in self._fragments:
            helpers = _PageHelpers(self, lang, None)
            self._fragments[key] = self.env.get_template(template).render(
                lang=lang, h=helpers, t=helpers.t, shown=shown, **options)
        return self._fragments[key]

    def forget_fragments(self) -> None:
        """Let go of the fragments rendered so far: a language's are for its own pages (see PageRenderer)."""
        self._fragments = {}

    def shared(self, key: tuple, template: str, lang: str, page_url: str, **context: Any) -> Markup:
        """A piece that many pages of `lang` show alike (`key` names it), rendered once with links
        from the site root, then given each page's way up. Its context must not depend on the page."""
        if key not in self._fragments:
            helpers = _PageHelpers(self, lang, None)
            self._fragments[key] = self.env.get_template(template).render(lang=lang, h=helpers, t=helpers.t,
                                                                          **context)
        return _PageHelpers(self, lang, page_url).rooted(self._fragments[key])


class _PageHelpers:
    """What templates may ask about the page being rendered: links, dates, names."""

    def __init__(self, renderer: Renderer, lang: str, page_url: str | None):
        self.renderer = renderer
        self.catalog = renderer.catalog
        self.urls = renderer.urls
        self.today = renderer.today
        self.lang = lang
        self.page_url = page_url
        """None while rendering a shared fragment: links then start with `ROOT`."""

    def t(self, key: str, **values: str) -> str:
        return i18n.translate(self.lang, key, **values)

    def sentence(self, key: str, **values: str) -> str:
        """A sentence that may end with a value that ends with its own full stop (Ukrainian and Bulgarian
        dates end in 'р.', 'г.'): one stop, not two."""
        text = self.t(key, **values)
        return text[:-1] if text.endswith("..") and not text.endswith("...") else text

    def href(self, url: str) -> str:
        return ROOT + url if self.page_url is None else relative_url(url, self.page_url)

    def rooted(self, html: str) -> Markup:
        if self.page_url is None:
            return Markup(html)
        return Markup(html.replace(ROOT, "../" * self.page_url.count("/")))

    def entry_link(self, shown: Shown) -> Markup:
        """A link to an entry's version for this reader, marked with its language when not theirs."""
        return self.rooted(self.renderer.fragment("entry_link.html", shown, self.lang))

    CARD_SIZES = CARD_SIZES
    LEAD_SIZES = LEAD_SIZES
    EMBLEM = emblem.FILE

    def entries(self, shown_list: list[Shown], heading: str = "h2", empty: str | None = "no_items",
                typed: bool = False, layout: str = "cards") -> Markup:
        """A list of entries as cards: laid out as a grid (`layout="cards"`) or one under the other
        (`"rows"`: events, and lists that mix news and events). `typed` lists say which entry is which;
        `empty` is what an empty list says (None: nothing, the page says it otherwise)."""
        items = "".join(self.renderer.fragment("entry.html", shown, self.lang, heading=heading, typed=typed)
                        for shown in shown_list)
        note = ""
        if empty is not None:
            hidden = " hidden" if shown_list else ""
            note = f'\n<p class="cn-empty"{hidden}>{escape(self.t(empty))}</p>'
        mixed = " cn-mixed" if typed else ""  # news and events: their pictures and date blocks take one width
        return self.rooted(f'<ul class="cn-entries cn-{escape(layout)}{mixed}">\n{items}</ul>{note}\n')

    def link_to(self, item: Item) -> str:
        return self.href(self.urls.item(item))

    def picture(self, item: Item, lead: bool = False, css_class: str = "", sizes: str = ARTICLE_SIZES) -> Markup:
        """The item's picture in every size (`lead`: the page's main picture, loaded at once; `sizes`:
        how wide it is shown, so that the browser fetches the smallest copy that is sharp enough)."""
        image, pictures = item.image, self.renderer.pictures
        if pictures is None:
            return Markup(f'<img src="{escape(self.href(image.src))}" alt="{escape(image.alt or "")}">')
        return Markup(self.renderer.env.get_template("picture.html").render(
            h=self, copies=pictures.sizes(image.src), sizes=sizes, alt=image.alt or "", lead=lead,
            css_class=css_class))

    def srcset(self, sizes) -> str:
        return ", ".join(f"{self.href(size.url)} {size.width}w" for size in sizes)

    def number(self, value: int) -> str:
        """A count as readers of the language write it (25, 1 200, 1.200)."""
        return i18n.number(value, self.lang)

    def counted(self, key: str, count: int) -> str:
        """'3 події', '5 подій': a count's words in the form CLDR gives its number (strings.yml: `key`)."""
        return i18n.counted(self.lang, key, count)

    def script_data(self, value: object) -> str:
        """`value` as JSON for a script to read from an attribute (plural forms: the browser picks one)."""
        return script_json(value)

    def day(self, day: dt.date) -> str:
        return dates.format_day(day, self.lang)

    def month_abbreviation(self, month: int) -> str:
        return dates.month_abbreviation(month, self.lang)

    def first_day(self, item: Item) -> dt.date:
        return first_day(item)

    def days(self, first: dt.date, last: dt.date | None) -> str:
        return dates.format_day_range(first, last or first, self.lang)

    def when(self, item: Item) -> str:
        """An event's dates (and times) in the reader's language."""
        if item.all_day:
            return dates.format_day_range(item.start, item.last_day, self.lang)
        return dates.format_moment_range(item.start, item.end, self.lang)

    def zone(self, item: Item) -> str:
        return dates.zone_name(item.start, item.timezone, self.lang)

    def in_language_parts(self) -> tuple[str, str]:
        """The words around a language's name in 'in {language}' ('мовою: ', ''): a badge shows only the name."""
        before, _, after = i18n.translate(self.lang, "in_language", language="\x00").partition("\x00")
        return before, after

    def language_name(self, code: str) -> str:
        return i18n.language_name(code, self.lang)

    def autonym(self, code: str) -> str:
        return i18n.autonym(code)

    def country(self, code: str, in_lang: str | None = None) -> str:
        return i18n.country_name(code, in_lang or self.lang)

    def facet_tokens(self, shown: Shown) -> str:
        """The facets an entry has, for the script that filters lists in place: 'country:BG project:x'."""
        return " ".join(sorted({facet.token for facet in facets_of(shown.entry.facts)}))

    def show(self, section: str, slug: str) -> Shown | None:
        entry = self.catalog.entry(section, slug)
        return self.catalog.show(entry, self.lang) if entry else None

    def translations(self, item: Item) -> list[Item]:
        """The other language versions of `item`, in site language order."""
        entry = self.catalog.entry_of(item)
        return [entry.versions[code] for code in self.catalog.languages if code in entry.versions and code != item.lang]

    @staticmethod
    def facts_shown(item: Item) -> list[tuple[str, str]]:
        """(field, macro of facts.html) for each fact the item's section lists (item_facts.html)."""
        return _facts_shown(item.section)

    def facts(self, item: Item) -> defaultdict[str, Any]:
        """The item's front-matter values; a field the editor left out reads as none."""
        return defaultdict(lambda: None, item.values)

    def map_url(self, item: Item) -> str:
        country = item.location.country
        return links.map_url(item, i18n.country_name(country, self.lang) if country else None)


@cache
def _facts_shown(section: str) -> list[tuple[str, str]]:
    fields = fields_for(section)
    declared = next((declared for declared in SECTION_DECLARATIONS if declared.name == section), None)
    return [(name, fields[name].fact_macro) for name in declared.facts] if declared else []
