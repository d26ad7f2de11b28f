"""Rendered bodies kept between runs: Markdown is most of what validation costs (a fifth of a build at
1,000 items per language), and from one build to the next most bodies have not changed.

A body's rendering depends on its text and file, on how the site renders Markdown (extensions and their
options) and on the code that renders (this package, the installed packages, Python): the file is named
after the last two, an entry after the first. Where the body's links lead also depends on which other
files exist: each entry records the references it resolved and their outcomes, and is used only while
every one of them still resolves the same.

The cache holds HTML before sanitising, which is then sanitised like a fresh rendering: whatever the
file holds, no markup the allowlist refuses reaches a page. Unreadable or malformed files and entries
are ignored: the cache only saves time.

Beside the renderings, a smaller file keeps the verdicts of `cluster-news check`, which needs no HTML:
which bodies were found clean (nothing to say but where their references lead), with those references.
A verdict depends on what a rendering does, and on the sanitiser and the hosts editors may embed from; an
entry on the body, its file, and the line it starts on. It holds for as long as every reference leads
where it did, as a rendering does; a body that had anything else to say is checked anew every time.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import markdown

from .body import SITE_SCHEME, BodySettings, Outcome, References, Rendering
from .cache import code_version, read_document, write_entries
from .model import Item

PORTABLE_SCHEME = "cn-site:"
"""Written in the file for this run's SITE_SCHEME, which is different in every run. A rendering whose
text already holds it (an editor wrote it) is not kept, so every one read back is the cache's own."""


class BodyCache:
    """The renderings of one way of rendering (`settings`), in `folder`; `find` before rendering, `keep`
    what this run used, `save` at the end (which drops what the content no longer has). And the verdicts
    on bodies found clean: `verdict`, `keep_verdict`."""

    def __init__(self, folder: Path, settings: BodySettings):
        self.fingerprint = fingerprint(settings)
        self.file = folder / f"bodies-{self.fingerprint[:24]}.json" if self.fingerprint else None
        verdicts = hashlib.sha256(json.dumps([self.fingerprint, sorted(settings.embeds)]).encode()).hexdigest()
        self.verdicts_file = folder / f"checks-{verdicts[:24]}.json" if self.fingerprint else None
        self._found: dict[str, Rendering] | None = None
        """Read at the first `find`: the preview's later builds make a cache they do not use."""
        self._kept: dict[str, Rendering] = {}
        self._as_it_is: list[str] = []
        self._verdicts_found: dict[str, References] | None = None
        self._verdicts_links: str | None = None
        self._verdicts_kept: dict[str, References] = {}

    def find(self, item: Item, outcome: Callable[[Item, str, bool], Outcome]) -> Rendering | None:
        """The rendering kept for `item`'s body, if every reference in it still has the same `outcome`; with
        the outcomes found now, whose messages can be told in any language (the file keeps their English)."""
        rendering = self._entries().get(_key(item))
        if rendering is None:
            return None
        now = _outcomes_now(item, rendering.references, outcome)
        return None if now is None else dataclasses.replace(rendering, references=now)

    def keep(self, item: Item, rendering: Rendering) -> None:
        self._kept[_key(item)] = rendering

    def keep_as_it_is(self, item: Item) -> None:
        """Keep the rendering of `item`'s body that the file holds, if any, without reading it now."""
        self._as_it_is.append(_key(item))

    def verdict(self, item: Item, outcome: Callable[[Item, str, bool], Outcome], links: str) -> References | None:
        """The references of `item`'s body, with their outcomes now, if the body was found clean as it is
        now, in this file at this line, and every reference in it still has the same `outcome`. `links` says
        which pages and files exist (`Links.fingerprint`): while they are those the verdicts were kept with,
        only the references that led nowhere are resolved again (their messages in the editor's language)."""
        key = _verdict_key(item)
        references = self._verdicts().get(key)
        if references is None:
            return None
        now = _outcomes_now(item, references, outcome, only_failures=links == self._verdicts_links)
        if now is not None:
            self._verdicts_kept[key] = now
        return now

    def keep_verdict(self, item: Item, references: References) -> None:
        """`item`'s body was found clean, with these references."""
        self._verdicts_kept[_verdict_key(item)] = references

    def save(self, links: str, renderings: bool = True) -> None:
        """Write what this run kept, unless it is what was read: the renderings (unless not `renderings`:
        this run did not use them) and the verdicts, with `links`, the pages and files they were found
        with; the files of other settings than the last few are removed. Nothing is said when the folder
        cannot be written: the build goes on."""
        if self.file is None:
            return
        if renderings:
            if self._as_it_is:
                found = self._entries()
                self._kept = {**{key: found[key] for key in self._as_it_is if key in found}, **self._kept}
            if self._kept != self._entries():
                entries = [f"{json.dumps(key)}:{text}" for key, rendering in self._kept.items()
                           if (text := _portable([rendering.html, rendering.toc_tokens, rendering.references]))]
                if write_entries(self.file, "bodies-", entries):
                    self._found = dict(self._kept)
        if self._verdicts_kept != self._verdicts() or links != self._verdicts_links:
            entries = [f"{json.dumps(key)}:{text}" for key, references in self._verdicts_kept.items()
                       if (text := _portable(references))]
            if write_entries(self.verdicts_file, "checks-", entries, links=links):
                self._verdicts_found, self._verdicts_links = dict(self._verdicts_kept), links

    def _entries(self) -> dict[str, Rendering]:
        if self._found is None:
            self._found = self._read() if self.file else {}
        return self._found

    def _read(self) -> dict[str, Rendering]:
        return {key: rendering for key, value in _read_document(self.file).get("entries", {}).items()
                if (rendering := _rendering(value)) is not None}

    def _verdicts(self) -> dict[str, References]:
        if self._verdicts_found is None:
            document = _read_document(self.verdicts_file) if self.file else {}
            links = document.get("links")
            self._verdicts_links = links if isinstance(links, str) else None
            self._verdicts_found = {key: references for key, value in document.get("entries", {}).items()
                                    if (references := _references(value)) is not None}
        return self._verdicts_found


def _outcomes_now(item: Item, references: References, outcome: Callable[[Item, str, bool], Outcome],
                  only_failures: bool = False) -> References | None:
    """`references` with their outcomes now (`only_failures`: those that led nowhere found again, the others
    as they were), if every one is the same as it was."""
    now = tuple((url, picture, was if only_failures and isinstance(was, str) else outcome(item, url, picture))
                for url, picture, was in references)
    if any(found != was for (_, _, found), (_, _, was) in zip(now, references, strict=True)):
        return None
    return now


def _portable(value: object) -> str | None:
    """`value` as JSON with this run's SITE_SCHEME written as PORTABLE_SCHEME; None if its text holds that
    already (an editor wrote it)."""
    text = json.dumps(value, ensure_ascii=False)
    return None if PORTABLE_SCHEME in text else text.replace(SITE_SCHEME, PORTABLE_SCHEME)


def _read_document(file: Path) -> dict[str, object]:
    return read_document(file, lambda text: text.replace(PORTABLE_SCHEME, SITE_SCHEME))


def _key(item: Item) -> str:
    return hashlib.sha256(json.dumps([item.content_path, item.body]).encode()).hexdigest()


def _verdict_key(item: Item) -> str:
    """The body and where it is (paths hold no NUL character)."""
    return hashlib.sha256(f"{item.content_path}\0{item.display_path}\0{item.body_line}\0{item.body}"
                          .encode("utf-8", "surrogatepass")).hexdigest()


def _rendering(value: object) -> Rendering | None:
    """An entry as read back, if it has the shape the cache writes."""
    if not (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str) and _tokens(value[1])):
        return None
    references = _references(value[2])
    return None if references is None else Rendering(value[0], value[1], references)


def _references(value: object) -> References | None:
    """References as read back, if they have the shape the cache writes."""
    if not isinstance(value, list):
        return None
    references = []
    for reference in value:
        if not (isinstance(reference, list) and len(reference) == 3 and isinstance(reference[0], str)
                and isinstance(reference[1], bool)):
            return None
        outcome = reference[2]
        if isinstance(outcome, list) and len(outcome) == 2 and all(isinstance(part, str) for part in outcome):
            outcome = tuple(outcome)
        elif not isinstance(outcome, str):
            return None
        references.append((reference[0], reference[1], outcome))
    return tuple(references)


def _tokens(tokens: object) -> bool:
    """Table-of-contents tokens as Python-Markdown's toc extension makes them."""
    return isinstance(tokens, list) and all(
        isinstance(token, dict) and isinstance(token.get("level"), int)
        and all(isinstance(token.get(name), str) for name in ("id", "name"))
        and _tokens(token.get("children")) for token in tokens)


def fingerprint(settings: BodySettings) -> str | None:
    """What renderings depend on besides the body: the code and the Markdown settings; None when the
    settings hold something that cannot be described from one run to the next (then nothing is kept)."""
    try:
        described = _describe([list(settings.extensions), settings.configs])
    except TypeError:
        return None
    return hashlib.sha256(json.dumps([code_version(), described]).encode()).hexdigest()


def _describe(value: object) -> object:
    """`value` as JSON that is the same in every run (functions by name, not by address)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_describe(part) for part in value]
    if isinstance(value, dict):
        return [[str(key), _describe(part)] for key, part in sorted(value.items(), key=lambda pair: str(pair[0]))]
    if isinstance(value, functools.partial):
        return {"partial": _describe(value.func), "args": _describe(value.args), "keywords": _describe(value.keywords)}
    if isinstance(value, markdown.Extension):
        return {"extension": _describe(type(value)), "options": _describe(value.getConfigs())}
    module, name = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
    if isinstance(module, str) and isinstance(name, str) and "<" not in name:
        return f"{module}:{name}"
    raise TypeError(f"cannot describe {type(value).__name__}")
