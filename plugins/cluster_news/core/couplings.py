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
