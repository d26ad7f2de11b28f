"""The register of every dependence of the plugin on what another package does not promise, and those of
them that code without MkDocs relies on (the command's, on Python's own argparse).

adapter/couplings.py declares the ones on MkDocs, static-i18n, Material and Pagefind in the same register;
tests/test_couplings.py pins each: when an upgrade changes what we rely on, a test fails naming it.
"""

from __future__ import annotations

import argparse
import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment


@dataclass(frozen=True)
class Coupling:
    name: str
    package: str
    relies_on: str
    why: str
    """Why no public hook does it."""


COUPLINGS: dict[str, Coupling] = {}


def declare(name: str, package: str, relies_on: str, why: str) -> str:
    COUPLINGS[name] = Coupling(name, package, relies_on, why)
    return name


# Python

ARGPARSE_TEXTS = declare(
    "argparse-texts", "python (argparse)",
    "argparse says each of its own texts (the 'usage: ' prefix, the titles 'positional arguments' and 'options', "
    "the help of -h, every error) through its module's names `_` and `ngettext` (gettext's, imported by name), "
    "looked up when the text is said, with the message ids `pybabel extract` finds in argparse.py",
    "argparse has no setting for its language; gettext's global domain would need compiled .mo files on disk "
    "and read LANGUAGE, which the command does not; see cli.py and locale/argparse.cfg")


@contextmanager
def argparse_speaking(catalogue: gettext.NullTranslations) -> Iterator[None]:
    """Within the block, argparse says its own texts as `catalogue` translates them (`ARGPARSE_TEXTS`)."""
    said = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = catalogue.gettext, catalogue.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = said  # type: ignore[attr-defined]


# Jinja

JINJA_TEMPLATE_GLOBALS = declare(
    "jinja-template-globals", "jinja2",
    "Environment.make_globals(d) makes the globals of each template the environment loads, and every context of "
    "a template (its render, each include and import) copies them: into the context's variables, and their names "
    "into globals_keys",
    "Jinja makes them a ChainMap over the environment's globals, copied key by key in Python by every context "
    "(dozens a page); no setting makes them a dict. See `globals_fixed_when_loaded`")


def globals_fixed_when_loaded(environment: Environment) -> None:
    """The templates `environment` loads from now on take its globals as a dict, as they are when loaded
    (JINJA_TEMPLATE_GLOBALS), instead of a ChainMap that sees later changes: every global must be set before the
    first template is loaded (as Jinja advises anyway). Each context then copies a dict, in C, instead of reading
    a ChainMap key by key in Python."""
    def make_globals(template_globals: dict[str, Any] | None = None) -> dict[str, Any]:
        return {**environment.globals, **(template_globals or {})}
    environment.make_globals = make_globals  # type: ignore[method-assign]


JINJA_TEMPLATE_CACHE = declare(
    "jinja-template-cache", "jinja2",
    "Environment.cache holds the templates the environment loaded, by (a weak reference to its loader, name): "
    "an LRUCache unless the environment was made with cache_size=-1, then a dict; _load_template looks each "
    "template up there with .get and stores it by item",
    "MkDocs makes the theme's environment with the default (an LRUCache of 400); its lookups, one for every "
    "include and import of every page, take a lock and move the template to the end of a deque by removing it "
    "(a linear scan of the queue)")


def templates_kept(environment: Environment) -> None:
    """`environment` keeps the templates it loads in a dict (JINJA_TEMPLATE_CACHE), as `cache_size=-1` makes it
    do, instead of a least-recently-used cache: a theme's templates are a few hundred files at most, all kept
    anyway, and the LRU cache's bookkeeping on every include of every page cost more than the lookup. The
    templates it holds stay."""
    if environment.cache is not None:
        environment.cache = dict(environment.cache.items())
