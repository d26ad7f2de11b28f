"""The files of /admin/: the web editor (Sveltia CMS, from the npm package pinned in admin/), its
configuration, and the page that starts it with a Content-Security-Policy of its own.

The CMS as published reaches for CDNs at run time (interface translations, an icon font, a few
libraries it imports on demand). Everything it needs is served from this folder instead: the
translations through `setup.js`, the font through `admin.css`, the libraries through an import map.

The editor speaks the language its interface is in (the CMS's own choice: its setting, else the browser's
language): the configuration is written once per editor language (`config.<lang>.yml`, from the `cms`
catalogue), and the CMS's interface strings are completed where its translation lacks some, or all of them
(Romanian): see `interface_locales`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import Any

import yaml

from . import slugs
from .cms import FILE_NAME, PICTURE_MEDIA_TYPES, CmsSettings, cms_config_yaml, interface_texts
from .messages import SOURCE_LANGUAGE
from .model import Item
from .schema import ASSETS_FOLDER, KINDS, fields_for

CMS_PACKAGE = "@sveltia/cms"
ICON_FONT = "@fontsource-variable/material-symbols-outlined/files/material-symbols-outlined-latin-wght-normal.woff2"
"""The variable icon font the CMS names (Material Symbols Outlined, weight axis), from Fontsource."""

ON_DEMAND_MODULES = {
    "immutable": "dist/immutable.es.js",  # the entry handed to our preSave hook (setup.js)
    "exifr": "dist/lite.esm.mjs",  # reads a photo's date and place when it is uploaded
    "turndown": "lib/turndown.browser.es.js",  # HTML to Markdown when text is pasted or copied across languages
}
"""Libraries the CMS imports from unpkg.com when a feature needs them: the ones our editors use."""

LICENSES = {
    CMS_PACKAGE: "LICENSE.txt",
    "@fontsource-variable/material-symbols-outlined": "LICENSE",
    "immutable": "LICENSE",
    "exifr": "LICENSE",
    "turndown": "LICENSE",
}

CONTENT_SECURITY_POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],  # + the import map's hash
    # Svelte adds its styles as <style> elements and style attributes at run time.
    "style-src": ["'self'", "'unsafe-inline'"],
    # Previews of pictures being uploaded are blob: URLs; the GitHub sign-in shows the editor's avatar.
    "img-src": ["'self'", "blob:", "data:", "https://avatars.githubusercontent.com"],
    "media-src": ["'self'", "blob:"],
    "font-src": ["'self'"],
    # Reading and committing files goes through GitHub's REST and GraphQL API.
    # (and the CMS fetches its own data: URL logo).
    "connect-src": ["'self'", "blob:", "data:", "https://api.github.com"],
    "worker-src": ["'self'", "blob:"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'none'"],
}


CMS_SOURCE_LOCALE = "en-US"
"""The CMS's own language (its strings are bundled; the others are fetched as locales/<code>.json)."""
CMS_LOCALE_LIST = re.compile(r"`((?:[a-z]{2,3}(?:-[A-Z]{2})?,)+[a-z]{2,3}(?:-[A-Z]{2})?)`\.split\(`,`\)")
"""A list of language codes as the CMS's bundle spells it; the one with en-US lists its interface languages
(the only place that names them)."""


class AdminBundleMissing(Exception):
    """The CMS package is not installed where the build expects it, or is not the one this code knows."""


@dataclass(frozen=True)
class AdminSite:
    titles: dict[str, str]
    """Language code -> the site's name in it."""
    languages: dict[str, str]
    """Language code -> its own name, in the site's order."""
    handbook_url: str
    cms: CmsSettings
    references: dict[str, list[dict]] = field(default_factory=dict)
    """What the form's references may name, by section: `reference_choices`."""


def reference_choices(items: list[Item]) -> dict[str, list[dict]]:
    """The published items that a reference may name (clusters, projects), each with its title in every
    language it exists in: the web editor offers every one, whatever the language being edited."""
    targets = {field.target for kind in KINDS for field in fields_for(kind).values() if field.target}
    choices: dict[str, dict[str, dict[str, str]]] = {target: {} for target in sorted(targets)}
    for item in items:
        if item.section in choices and not item.draft:
            choices[item.section].setdefault(item.slug, {})[item.lang] = item.title
    return {section: [{"slug": slug, "titles": titles} for slug, titles in sorted(by_slug.items())]
            for section, by_slug in choices.items()}


def _package_dir(node_modules: Path, name: str) -> Path:
    directory = node_modules / name
    if not (directory / "package.json").is_file():
        raise AdminBundleMissing(f"{directory} is missing: run `make build` (it runs npm ci --prefix admin)")
    return directory


def _cdn_module_url(cms_dependencies: dict[str, str], name: str, path: str) -> str:
    """The address the CMS imports `name` from: unpkg, at the version its package.json names."""
    version = cms_dependencies[name].lstrip("^~=")
    return f"https://unpkg.com/{name}@{version}/{path}"


def _flat(strings: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Interface strings by dotted key (`config.error.invalid_step`), as the CMS looks them up."""
    flat: dict[str, str] = {}
    for key, value in strings.items():
        if isinstance(value, dict):
            flat |= _flat(value, f"{prefix}{key}.")
        else:
            flat[prefix + key] = value
    return flat


def _nested(flat: dict[str, str]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, value in flat.items():
        *groups, last = key.split(".")
        place = nested
        for group in groups:
            place = place.setdefault(group, {})
        place[last] = value
    return nested


def our_interface_strings(lang: str) -> dict[str, str]:
    """Our translations of the CMS's interface strings in `lang`, by dotted key: those its own translation
    lacks, and a few corrections where its text does not fit the words our configuration gives it
    (assets/admin/locales/<lang>.yaml, in the CMS's key names and MessageFormat 2 syntax, so that they can
    be offered upstream)."""
    source = files("cluster_news") / "assets" / "admin" / "locales" / f"{lang}.yaml"
    return yaml.safe_load(source.read_text(encoding="utf-8")) if source.is_file() else {}


def interface_locales(cms: Path, languages: list[str]) -> dict[str, bytes]:
    """The CMS's interface strings for each of `languages` (locales/<code>.json), complete: its own file,
    if it has one, with our translations (`our_interface_strings`). English is bundled in the CMS."""
    source = _flat(json.loads((cms / "locales" / f"{CMS_SOURCE_LOCALE}.json").read_text(encoding="utf-8")))
    out = {}
    for lang in languages:
        if lang == SOURCE_LANGUAGE:
            continue
        shipped = cms / "locales" / f"{lang}.json"
        strings = _flat(json.loads(shipped.read_text(encoding="utf-8"))) if shipped.is_file() else {}
        strings |= {key: text for key, text in our_interface_strings(lang).items() if key in source}
        ordered = {key: strings[key] for key in source if key in strings}
        out[f"locales/{lang}.json"] = json.dumps(_nested(ordered), ensure_ascii=False, sort_keys=False,
                                                 separators=(",", ":")).encode("utf-8")
    return out


def with_interface_languages(bundle: bytes, languages: list[str]) -> bytes:
    """The CMS's bundle with `languages` among those it offers for its interface. It has no way to add one
    at run time (`CMS.registerLocale` is among the Netlify/Decap CMS features it does not implement, and
    a language it does not list falls back to English): its list is the one place that names them, and a
    language added there is fetched like the others, as locales/<code>.json."""
    text = bundle.decode("utf-8")
    known = interface_languages(text)
    wanted = sorted(set(known) | {lang for lang in languages if lang != SOURCE_LANGUAGE})
    return text.replace(f"`{','.join(known)}`", f"`{','.join(wanted)}`", 1).encode("utf-8")


def interface_languages(bundle: str) -> list[str]:
    """The languages the CMS's bundle offers for its interface."""
    lists = [found for found in CMS_LOCALE_LIST.findall(bundle) if CMS_SOURCE_LOCALE in found.split(",")]
    if len(lists) != 1:
        raise AdminBundleMissing("the CMS's list of interface languages was not found once in sveltia-cms.js: "
                                 "see CMS_LOCALE_LIST in core/admin_site.py for what it looked like")
    return lists[0].split(",")


def _script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def admin_files(admin_dir: Path, site: AdminSite) -> dict[str, bytes]:
    """Every file of /admin/, by path inside that folder (the same bytes for the same sources)."""
    node_modules = admin_dir / "node_modules"
    config = admin_dir / "config.yml"
    if not config.is_file():
        raise AdminBundleMissing(f"{config} is missing: run `cluster-news cms-config`")
    cms = _package_dir(node_modules, CMS_PACKAGE)
    manifest = json.loads((cms / "package.json").read_text(encoding="utf-8"))
    version = manifest["version"]

    languages = list(site.languages)
    bundle = with_interface_languages((cms / "dist" / "sveltia-cms.js").read_bytes(), languages)
    out: dict[str, bytes] = {"sveltia-cms.js": bundle}
    for lang in languages:
        out[config_name(lang)] = cms_config_yaml(site.cms, lang).encode("utf-8")
    # Parts of the CMS it imports from beside itself when needed (react-dom, for our own fields in
    # setup.js); from unpkg.com when they are not there.
    for chunk in sorted((cms / "dist" / "chunks").glob("*.js")):
        out[f"chunks/{chunk.name}"] = chunk.read_bytes()
    for locale in sorted((cms / "locales").glob("*.json")):
        out[f"locales/{locale.name}"] = locale.read_bytes()
    out |= interface_locales(cms, languages)
    font = node_modules / ICON_FONT
    if not font.is_file():
        raise AdminBundleMissing(f"{font} is missing: run `make build` (it runs npm ci --prefix admin)")
    out["fonts/material-symbols-outlined.woff2"] = font.read_bytes()

    imports = {}
    for name, path in ON_DEMAND_MODULES.items():
        local = f"vendor/{name}/{path}"
        out[local] = (_package_dir(node_modules, name) / path).read_bytes()
        imports[_cdn_module_url(manifest["dependencies"], name, path)] = "./" + local
    for name, license_file in LICENSES.items():
        out[f"licenses/{name.replace('/', '__')}.txt"] = (_package_dir(node_modules, name) / license_file).read_bytes()

    assets = files("cluster_news") / "assets" / "admin"
    out["setup.js"] = (assets / "setup.js").read_bytes()
    out["admin.css"] = (assets / "admin.css").read_bytes()
    out["index.html"] = _index_html((assets / "index.html").read_text(encoding="utf-8"), site, version,
                                    imports, interface_languages(bundle.decode("utf-8"))).encode("utf-8")
    return out


def config_name(lang: str) -> str:
    """The configuration in `lang`: config.yml in English (where the CMS looks by default), config.<lang>.yml."""
    return "config.yml" if lang == SOURCE_LANGUAGE else f"config.{lang}.yml"


def _json_in_html(value: object) -> str:
    """JSON for a <script> data block: `<` escaped so no text can close the element."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def _index_html(template: str, site: AdminSite, version: str, imports: dict[str, str],
                interface_languages: list[str]) -> str:
    import_map = _json_in_html({"imports": imports})
    policy = {**CONTENT_SECURITY_POLICY,
              "script-src": CONTENT_SECURITY_POLICY["script-src"] + [_script_hash(import_map)]}
    csp = "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())
    settings = {
        "languages": list(site.languages),
        "names": site.languages,
        "titles": site.titles,
        "configs": {lang: config_name(lang) for lang in site.languages},
        "interface": {lang: interface_texts(lang) for lang in site.languages},
        "interfaceLanguages": interface_languages,
        "sourceLanguage": SOURCE_LANGUAGE,
        "mediaFolder": ASSETS_FOLDER,
        "localesFrom": f"https://unpkg.com/{CMS_PACKAGE}@{version}/locales/",
        "version": version,
        "notFetched": [f"https://unpkg.com/{CMS_PACKAGE}/package.json", "https://www.githubstatus.com/"],
        "fileNameField": FILE_NAME,
        "pictureTypes": ",".join(PICTURE_MEDIA_TYPES),
        "references": site.references,
        "sharedReferences": sorted({field.name for kind in KINDS for field in fields_for(kind).values()
                                    if field.target and field.shared}),
        "romanisation": slugs.tables(),
        "slugLength": slugs.MAX_LENGTH,
    }
    choices = "\n".join(
        f'<li><a href="?original={html.escape(code)}" lang="{html.escape(code)}">{html.escape(name)}</a></li>'
        for code, name in site.languages.items())
    title = interface_texts(SOURCE_LANGUAGE)["page_title"].format(site=site.titles[SOURCE_LANGUAGE])
    return Template(template).substitute(
        csp=html.escape(csp), title=html.escape(title), version=html.escape(version),
        import_map=import_map, settings=_json_in_html(settings), choices=choices,
        handbook=html.escape(site.handbook_url))
