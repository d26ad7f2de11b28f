"""Our partials/language.html answers every one of Material's interface strings exactly as Material's own
partial does, in each of the site's languages (and falls back to English, then to the key, as it does)."""

from __future__ import annotations

import re

import pytest
from mkdocs.theme import Theme

from cluster_news.adapter.configure import THEME_DIR
from cluster_news.adapter.theme_strings import theme_string

from conftest import LANGUAGES


def _keys(theme: Theme) -> list[str]:
    """Every key of Material's English table (the fallback of every language)."""
    source, _, _ = theme.get_env().loader.get_source(theme.get_env(), "partials/languages/en.html")
    return re.findall(r'^\s*"([^"]+)":', source, flags=re.MULTILINE)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_is_materials_own(lang: str):
    material = Theme(name="material", language=lang)
    ours = Theme(name="material", language=lang, custom_dir=THEME_DIR)
    keys = _keys(material) + ["a.key.material.does.not.have"]
    assert len(keys) > 50
    context = {"config": {"theme": {"language": lang}}}
    materials = material.get_env().get_template("partials/language.html").make_module(context)
    env = ours.get_env()
    env.globals["cn_theme_string"] = theme_string(env, lang)
    replaced = env.get_template("partials/language.html").make_module(context)
    assert "cn_theme_string" in env.loader.get_source(env, "partials/language.html")[0]  # ours, not Material's
    assert [str(replaced.t(key)) for key in keys] == [str(materials.t(key)) for key in keys]
    assert str(replaced.t("a.key.material.does.not.have")) == "a.key.material.does.not.have"
    # An environment the theme makes without our hook (Material's search or blog plugin translate with one).
    unhooked = ours.get_env().get_template("partials/language.html").make_module(context)
    assert [str(unhooked.t(key)) for key in keys] == [str(materials.t(key)) for key in keys]
