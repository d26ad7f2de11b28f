"""Material's interface strings ("Skip to content", "Search"...), looked up once per language.

Material's `partials/language.html` answers `lang.t(key)` by calling the language's macro, which builds
a table of every string (some fifty) to pick one, and the English one when that is empty: thirty-odd
calls a page, some 4 % of a large site's build. Our `partials/language.html` asks `theme_string` instead,
which asks Material's macros once per key, so the strings stay Material's own
(`couplings.MATERIAL_LANGUAGE_MACROS`).
"""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import Environment


def theme_string(env: Environment, language: str) -> Callable[[str], str]:
    """`t(key)` for the theme's templates in `env` (one build, one language), as Material answers it."""
    strings: dict[str, str] = {}
    chosen = env.get_template(f"partials/languages/{language}.html").module
    english = env.get_template("partials/languages/en.html").module

    def answer(key) -> str:
        return chosen.t(key) or english.t(key) or key

    def t(key: str) -> str:
        if not isinstance(key, str):  # no template passes anything else; Material answers it all the same
            return answer(key)
        if key not in strings:
            strings[key] = answer(key)
        return strings[key]

    return t
