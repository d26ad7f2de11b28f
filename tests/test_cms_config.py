"""The web editor's configuration: generated from the field declarations, valid for the CMS, and
field by field the same rules as the JSON Schemas and `cluster-news new`."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re

import pytest
import yaml
from jsonschema import Draft7Validator

from cluster_news.cli import main
from cluster_news.core import schema
from cluster_news.core.cms import (
    FIELD_LABELS,
    FILE_NAME,
    REQUIRED_IN_FORM,
    WIDGETS,
    WRITTEN_IN_EACH_LANGUAGE,
    CmsSettings,
    cms_config,
    countries,
    time_zones,
)
from cluster_news.core.i18n import all_strings, translate
from cluster_news.core.jsonschema import front_matter_schema
from cluster_news.core.schema import KINDS, SECTION_DECLARATIONS, Kind, writing_order
from cluster_news.core.templates import new_item

from conftest import LANGUAGES, REPO

CMS_SCHEMA = REPO / "admin" / "node_modules" / "@sveltia" / "cms" / "schema" / "sveltia-cms.json"
SETTINGS = CmsSettings(languages=LANGUAGES, default_language=LANGUAGES[0],
                       repository="health-clusters/cluster-news")


def _collections() -> dict[str, dict]:
    return {collection["name"]: collection for collection in cms_config(SETTINGS)["collections"]}


def test_the_committed_configuration_is_up_to_date():
    assert main(["--config", str(REPO / "mkdocs.yml"), "cms-config", "--check"]) == 0, \
        "admin/config.yml is stale: run .venv/bin/cluster-news cms-config"


def test_every_kind_of_field_has_a_widget():
    kinds = {cls for _, cls in inspect.getmembers(schema, inspect.isclass)
             if issubclass(cls, Kind) and cls is not Kind and cls.__module__ == schema.__name__}
    assert kinds - set(WIDGETS) == set(), "a kind of field without a web-editor widget"


def test_the_configuration_is_valid_for_the_pinned_cms():
    if not CMS_SCHEMA.exists():
        pytest.fail(f"{CMS_SCHEMA} is missing: run make test (it installs the CMS with npm ci)")
    validator = Draft7Validator(json.loads(CMS_SCHEMA.read_text(encoding="utf-8")))
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(cms_config(SETTINGS))]
    assert errors == []


def test_collections_write_content_lang_section_slug():
    collections = _collections()
    assert list(collections) == list(KINDS)
    for name, collection in collections.items():
        expected = "content/{{locale}}" + ("" if name == "page" else f"/{name}")
        assert (collection["folder"], collection["extension"], collection["i18n"]) == (expected, "md", True)
    i18n = cms_config(SETTINGS)["i18n"]
    assert (i18n["structure"], i18n["locales"]) == ("multiple_folders", SETTINGS.languages)


@pytest.mark.parametrize("kind", list(KINDS))
def test_fields_match_the_json_schema_one_by_one(kind):
    declared = {f["name"]: f for f in _collections()[kind]["fields"] if f["name"] not in ("body", FILE_NAME)}
    json_schema = front_matter_schema(kind)
    assert set(declared) == set(json_schema["properties"])
    assert {n for n, f in declared.items() if f["required"]} == set(json_schema["required"])
    for name, rule in json_schema["properties"].items():
        field = declared[name]
        spec = schema.fields_for(kind)[name]
        assert field["i18n"] == ("duplicate" if spec.shared and field["widget"] != "object" else True), name
        if "enum" in rule:
            assert field["widget"] == "select", name
            assert [option["value"] for option in field["options"]] == rule["enum"], name
        if rule.get("format") == "date":
            assert (field["widget"], field["format"]) == ("datetime", "YYYY-MM-DD"), name
        if "pattern" in rule and field["widget"] == "string":
            assert field["pattern"][0] in (rule["pattern"], r"^https?://\S+$"), name
        if rule.get("type") == "array" and "pattern" in rule["items"]:
            assert field["widget"] == "reference" and field["multiple"] is True, name
            assert field["collection"] == spec.kind.target
        if name in WRITTEN_IN_EACH_LANGUAGE:  # a list of text fields: a new translation starts with it empty
            assert field["field"]["widget"] == "string" and field["field"]["i18n"] is True, name
        if rule.get("type") == "boolean":
            assert field["widget"] == "boolean", name
        group = rule if rule.get("type") == "object" else next(
            (choice for choice in rule.get("oneOf", []) if choice.get("type") == "object"), None)
        if group is not None:
            parts = {part["name"]: part for part in field["fields"]}
            assert set(parts) == set(group["properties"])
            assert {n for n, p in parts.items() if p["required"]} == set(group.get("required", [])) | {
                key.split(".")[1] for key in REQUIRED_IN_FORM if key.startswith(f"{name}.")}
            declared_parts = schema.LOCATION_FIELDS if name == "location" else schema.PICTURE_FIELDS
            assert {n for n, p in parts.items() if p["i18n"] == "duplicate"} == {
                part.name for part in declared_parts if part.shared}
            for part_name, part_rule in group["properties"].items():
                if "minimum" in part_rule:
                    assert (parts[part_name]["min"], parts[part_name]["max"]) == (part_rule["minimum"],
                                                                                  part_rule["maximum"])


@pytest.mark.parametrize("section", [declared.name for declared in SECTION_DECLARATIONS])
def test_fields_come_in_the_order_cluster_news_new_writes_them(section):
    text = new_item(section, "A title", dt.date(2025, 7, 1), "Europe/Brussels", "en")
    keys = [m.group(1) for m in re.finditer(r"^#? ?([a-z]+):", text.split("---\n")[1], re.MULTILINE)]
    fields = [f["name"] for f in _collections()[section]["fields"] if f["name"] not in ("body", FILE_NAME)]
    assert fields == [field.name for field in writing_order(section)]
    assert [key for key in fields if key in keys] == keys

def test_an_events_end_and_time_zone_come_right_after_its_start_and_the_networks_zones_first():
    fields = [f["name"] for f in _collections()["events"]["fields"]]
    assert fields[:5] == ["title", FILE_NAME, "start", "end", "timezone"] and fields.index("draft") > 5
    zones = next(f for f in _collections()["events"]["fields"] if f["name"] == "timezone")["options"]
    assert zones[:5] == ["Europe/Kyiv", "Europe/Sofia", "Europe/Bucharest", "Europe/Warsaw", "Europe/Brussels"]
    assert len(zones) == len(set(zones)) and zones[5:] == sorted(zones[5:])


def _key_paths(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    """Fields by the key FIELD_LABELS names them with: group.name for an object group's part, the name for a
    list's part (the same parts in every list of people and organisations)."""
    paths = {}
    for field in fields:
        paths[prefix + field["name"]] = field
        parts_prefix = prefix + field["name"] + "." if field["widget"] == "object" else ""
        paths |= _key_paths(field.get("fields", []), parts_prefix)
    return paths


SHOWN_LABELS = {name: label for name, label in all_strings()["en"].items() if isinstance(label, str)}
"""The reader's labels (strings.yml): a field's page shows it under the one named after it."""


def test_labels_and_form_only_requirements_name_declared_fields():
    declared = {path: field for collection in _collections().values()
                for path, field in _key_paths(collection["fields"]).items()}
    assert set(FIELD_LABELS) | REQUIRED_IN_FORM <= set(declared), "an entry for a field that is not declared"
    for path, field in declared.items():
        name = field["name"]
        assert field["label"] == FIELD_LABELS.get(path, SHOWN_LABELS.get(name, name.capitalize())), path
    assert all(declared[path]["required"] for path in REQUIRED_IN_FORM)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_field_is_labelled_in_the_form_as_its_page_labels_it(lang):
    """One word per language for a field its page shows under a label: the form takes the reader's label of
    that name unless FIELD_LABELS says otherwise (the form's "Online link" for the page's "Online")."""
    labelled = [(path, field) for collection in cms_config(SETTINGS, lang)["collections"]
                for path, field in _key_paths(collection["fields"]).items()
                if field["name"] in SHOWN_LABELS and path not in FIELD_LABELS]
    assert {field["name"] for _, field in labelled} >= {"organizers", "timezone", "status", "partners"}
    assert [(path, field["label"]) for path, field in labelled] == [
        (path, translate(lang, field["name"])) for path, field in labelled]


def test_select_options_are_exactly_what_the_build_accepts():
    assert set(time_zones()) <= schema.time_zones()
    assert "Europe/Kyiv" in time_zones() and "Europe/Kiev" not in time_zones()  # no aliases
    for code, _ in countries():
        assert schema.Country().read(code, None) == code


def test_the_cli_prints_the_configuration(capsys):
    assert main(["--config", str(REPO / "mkdocs.yml"), "cms-config", "--out", "-"]) == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    assert printed == yaml.safe_load((REPO / "admin" / "config.yml").read_text(encoding="utf-8"))
