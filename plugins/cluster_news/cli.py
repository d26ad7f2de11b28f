"""The `cluster-news` command for editors: check content, start new files, see what is translated.

It reads mkdocs.yml from the current folder with MkDocs' own loader, and shares every rule with the site build.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
from pathlib import Path

from PIL import Image

from .adapter.settings import read_settings
from .core import dates, metadata
from .core.cache import CommittedCache, cache_folder
from .core.cms import CmsSettings, cms_config_yaml
from .core.content import ContentTree
from .core.couplings import argparse_speaking
from .core.history import ContentHistory
from .core.jsonschema import all_schemas
from .core.messages import Message, available_languages, in_language, language_from_environment, tr, tr_n, translations
from .core.model import Item
from .core.pictures import is_picture
from .core.problems import log_safe, problem_counts
from .core.project import ProjectSettings
from .core.schema import ASSETS_FOLDER, KINDS, SECTION_DECLARATIONS, SECTIONS, SLUG_PATTERN, section_of_noun
from .core.site import load_site
from .core.slugs import slugify
from .core.templates import new_item, sync_facts, translation_of
from .core.translations import translation_matrix


class CommandError(Exception):
    """A mistake in how the command was called: printed as one line, in the editor's language, exit code 1."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def say(text: object = "", *, error: bool = False, end: str = "\n") -> None:
    """Print what may hold names or text from content: CI logs show it, so safely (`log_safe`)."""
    print(log_safe(str(text)), end=end, file=sys.stderr if error else sys.stdout)


_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029]|(?<=#)#(?=\\[)")


def say_json(value: object) -> None:
    """JSON as readable as `json.dumps` writes it, but safe in a CI log: the characters it leaves as they
    are that a log could read otherwise (C1 controls, line separators, the '#' of '##[') written as
    `\\uXXXX` escapes, which JSON readers turn back into the same text."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    print(_UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text))


def _load(settings: ProjectSettings) -> ContentTree:
    """The content exactly as the build reads it (drafts included in the tree, not in the plan), without
    the bodies' HTML."""
    try:
        cache = cache_folder(settings.root)
    except CommittedCache as committed:
        raise CommandError(committed.message) from None
    tree, _ = load_site(settings, dates.today(), cache=cache, renderings=False)
    return tree


def _check(args: argparse.Namespace, settings: ProjectSettings) -> int:
    """The build's verdict without building: the deploy builds with --strict, so a warning fails here too.
    Messages and hints are in the editor's language; paths, lines, fields and the JSON's keys never change."""
    tree, lang = _load(settings), args.messages_lang
    if args.format == "json":
        say_json([{"path": p.path, "line": p.line, "field": p.field, "severity": p.severity.value,
                   "message": in_language(p.message, lang), "hint": in_language(p.hint, lang)}
                  for p in tree.problems])
    else:
        for problem in tree.problems:
            say(problem.in_language(lang))
        say(in_language(problem_counts(len(tree.errors), len(tree.warnings), tree.files), lang), error=True)
        if tree.warnings and not tree.errors:
            say(in_language(tr("warnings stop the published build (it is strict): fix them too"), lang), error=True)
    return 1 if tree.problems else 0



def _new(args: argparse.Namespace, settings: ProjectSettings) -> int:
    section = section_of_noun(args.kind)
    if args.lang not in settings.languages:
        raise CommandError(tr("unknown language {lang}; the site has: {languages}", lang=repr(args.lang),
                              languages=", ".join(settings.languages)))
    if args.slug is not None and not SLUG_PATTERN.fullmatch(args.slug):
        raise CommandError(tr("--slug {slug} is not a slug: lower-case ASCII letters, digits and hyphens (e.g. "
                              "{example})", slug=repr(args.slug), example=slugify(args.slug, args.lang) or "my-article"))
    if args.translate_from:
        if not args.slug:
            raise CommandError(tr("--translate-from needs --slug: the file name of the item to translate"))
        original = next((item for item in _load(settings).items if (item.section, item.slug, item.lang) ==
                         (section, args.slug, args.translate_from)), None)
        if original is None:
            raise CommandError(tr("there is no {path} (or it has errors: run cluster-news check)",
                                  path=f"{settings.display_root}/{args.translate_from}/{section}/{args.slug}.md"))
        text = translation_of(original, args.title, dates.today(), args.lang)
        slug = args.slug
    else:
        slug = args.slug or slugify(args.title, args.lang)
        if not slug:
            raise CommandError(tr("cannot make a file name from this title; give one with --slug"))
        zone = dates.language_time_zone(args.lang, settings.default_language, settings.default_timezone)
        text = new_item(section, args.title, dates.today(), zone, args.lang, settings.default_timezone)
    path = settings.content_dir / args.lang / section / f"{slug}.md"
    shown = f"{settings.display_root}/{args.lang}/{section}/{slug}.md"
    if path.exists():
        raise CommandError(tr("{path} already exists; not overwriting it (choose another --slug)", path=shown))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    say(shown)
    return 0


def _sync_facts(args: argparse.Namespace, settings: ProjectSettings) -> int:
    """Copy an original's language-independent facts into each of its translations; never from an original
    with errors (its mistakes would be copied into every translation)."""
    section, _, slug = args.item.strip("/").partition("/")
    if section not in SECTIONS or not slug:
        raise CommandError(tr("name the item as <section>/<slug>, e.g. events/spinoff-bulgaria-2024 (sections: "
                              "{sections})", sections=", ".join(SECTIONS)))
    tree = _load(settings)
    versions: dict[str, Item] = {item.lang: item for item in tree.items if (item.section, item.slug) == (section, slug)}
    files = {lang: f"{settings.display_root}/{lang}/{section}/{slug}.md" for lang in settings.languages
             if (settings.content_dir / lang / section / f"{slug}.md").is_file()}
    source = args.source or next(iter(files), None)
    if source not in files:
        raise CommandError(tr("there is no {path}", path=f"{settings.display_root}/{source or '<lang>'}/{section}/{slug}.md"))
    errors = {lang: [problem for problem in tree.errors if problem.path == shown] for lang, shown in files.items()}
    if errors[source] or source not in versions:
        for problem in errors[source]:
            say(problem.in_language(args.messages_lang), error=True)
        raise CommandError(tr("{path} has errors (above): fix the original first, then run sync-facts again; "
                              "copying its facts would copy its mistakes into every translation", path=files[source]))
    original = versions[source]
    changed = 0
    for lang in settings.languages:
        if lang not in files or lang == source:
            continue
        translation = versions.get(lang)
        if translation is None:
            say(in_language(tr("{path}: not updated: it has errors that stop it from being read (fix them as "
                               "cluster-news check says, then run sync-facts again)", path=files[lang]),
                            args.messages_lang), error=True)
            continue
        text = translation.path.read_text(encoding="utf-8")
        updated = sync_facts(original, translation, text)
        if updated != text:
            translation.path.write_text(updated, encoding="utf-8")
            say(translation.display_path)
            changed += 1
    say(in_language(tr_n("{count} translation updated from {path}", "{count} translations updated from {path}",
                         changed, path=original.display_path), args.messages_lang), error=True)
    return 0


def _translations(args: argparse.Namespace, settings: ProjectSettings) -> int:
    rows = translation_matrix(_load(settings), ContentHistory.from_git(settings.content_dir))
    languages = settings.languages
    if args.format == "json":
        say_json([{"item": row.item, "section": row.section, "slug": row.slug, "languages": row.status}
                  for row in rows])
    elif args.format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["item", *languages])
        writer.writerows([row.item, *(row.status[lang] for lang in languages)] for row in rows)
        say(out.getvalue(), end="")
    elif args.format == "md":
        say("| item | " + " | ".join(languages) + " |")
        say("|---|" + "---|" * len(languages))
        for row in rows:
            say(f"| {row.item} | " + " | ".join(row.status[lang] for lang in languages) + " |")
    else:
        width = max([len(row.item) for row in rows] + [4]) + 2
        say("item".ljust(width) + "".join(lang.ljust(10) for lang in languages).rstrip())
        for row in rows:
            say(row.item.ljust(width) + "".join(row.status[lang].ljust(10) for lang in languages).rstrip())
        say()
        for lang in languages:
            counts = [row.status[lang] for row in rows]
            summary = tr("{lang}: {current} up to date, {outdated} outdated, {missing} missing of {count}", lang=lang,
                         current=sum(s in ("original", "present") for s in counts), outdated=counts.count("outdated"),
                         missing=counts.count("missing"), count=len(rows))
            say(in_language(summary, args.messages_lang))
    return 0


def _schema(args: argparse.Namespace, settings: ProjectSettings | None) -> int:
    schemas = all_schemas()
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for kind, schema in schemas.items():
            (out / f"{kind}.schema.json").write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n",
                                                     encoding="utf-8")
            print(out / f"{kind}.schema.json")
    else:
        print(json.dumps(schemas[args.section], ensure_ascii=False, indent=2))
    return 0


def cms_settings(settings: ProjectSettings) -> CmsSettings:
    if not settings.cms_repository:
        raise CommandError(tr("set cms_repository (GitHub owner/name) under the cluster-news plugin in mkdocs.yml"))
    return CmsSettings(languages=settings.languages, default_language=settings.default_language,
                       repository=settings.cms_repository, branch=settings.cms_branch,
                       auth_url=settings.cms_auth_url)


def _strip_metadata(args: argparse.Namespace, settings: ProjectSettings) -> int:
    """Remove the metadata of pictures in content/assets/ (all, or those named), in place and losslessly."""
    assets = settings.content_dir / ASSETS_FOLDER
    if args.pictures:
        named = [Path(name) for name in args.pictures]
        paths = [path if path.exists() else settings.root / path for path in named]
    else:
        paths = sorted(path for path in assets.rglob("*") if is_picture(path.name))
    changed = 0
    for path in paths:
        shown = f"{settings.display_root}/{path.resolve().relative_to(settings.content_dir.resolve()).as_posix()}" \
            if path.resolve().is_relative_to(settings.content_dir.resolve()) else str(path)
        if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(assets.resolve()) \
                or not is_picture(path.name):
            raise CommandError(tr("{path} is not a picture file in {folder}", path=shown,
                                  folder=f"{settings.display_root}/{ASSETS_FOLDER}/"))
        data = path.read_bytes()
        try:
            clean = metadata.stripped(data)
        except metadata.MetadataError as error:
            raise CommandError(tr("{path}: {problem}; nothing was changed", path=shown, problem=str(error))) from None
        if clean == data:
            continue
        if not _same_pixels(data, clean):
            raise CommandError(tr("{path}: the picture would not look the same without its metadata; nothing was "
                                  "changed (export it again without metadata)", path=shown))
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(clean)
        temporary.replace(path)
        say(shown)
        changed += 1
    say(in_language(tr_n("{count} picture without its metadata now", "{count} pictures without their metadata now",
                         changed), args.messages_lang), error=True)
    return 0


def _same_pixels(before: bytes, after: bytes) -> bool:
    """Whether two versions of a picture decode to the same pixels (every frame's)."""
    with Image.open(io.BytesIO(before)) as old, Image.open(io.BytesIO(after)) as new:
        if (old.size, old.mode, getattr(old, "n_frames", 1)) != (new.size, new.mode, getattr(new, "n_frames", 1)):
            return False
        for frame in range(getattr(old, "n_frames", 1)):
            old.seek(frame)
            new.seek(frame)
            if old.tobytes() != new.tobytes():
                return False
    return True


def _cms_config(args: argparse.Namespace, settings: ProjectSettings) -> int:
    text = cms_config_yaml(cms_settings(settings))
    if args.out == "-":
        print(text, end="")
        return 0
    out = settings.root / args.out if not Path(args.out).is_absolute() else Path(args.out)
    if args.check:
        if not out.is_file() or out.read_text(encoding="utf-8") != text:
            say(in_language(tr("{path} is out of date: run cluster-news cms-config", path=args.out),
                            args.messages_lang), error=True)
            return 1
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(args.out)
    return 0


def messages_language(args: argparse.Namespace, settings: ProjectSettings | None) -> str:
    """`check --lang`, else the environment's language, if the site has it (English otherwise)."""
    languages = settings.languages if settings else available_languages()
    if args.command == "check" and args.lang:
        if args.lang not in languages:
            raise CommandError(tr("unknown language {lang}; the site has: {languages}", lang=repr(args.lang),
                                  languages=", ".join(languages)))
        return args.lang
    return language_from_environment(languages)


def command_line(lang: str) -> argparse.ArgumentParser:
    """The command's arguments, with their help in `lang` (argparse's own texts: `argparse_speaking`)."""
    def said(message: Message) -> str:
        return in_language(message, lang)

    file, language = said(tr("FILE")), said(tr("LANG"))
    parser = argparse.ArgumentParser(
        prog="cluster-news", description=said(tr(
            "Check the site's content, start new files and see what is translated, by the rules of the site's "
            "build. Run it in the folder of mkdocs.yml.")),
        epilog=said(tr("A command's own help: cluster-news <command> --help. The help and the messages are in the "
                       "language LC_ALL, LC_MESSAGES or LANG sets (e.g. LANG=uk_UA.UTF-8), if there is one; check "
                       "--lang chooses the language of its report.")))
    parser.add_argument("--config", default="mkdocs.yml", metavar=file,
                        help=said(tr("the site's mkdocs.yml (default: ./mkdocs.yml)")))
    # --config is also accepted after the command name.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True, title=said(tr("commands")),
                                     metavar=said(tr("command")))

    def command(name: str, about: Message) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], help=said(about), description=said(about))

    check = command("check", tr("validate all content exactly as the build does"))
    check.add_argument("--format", choices=["text", "json"], default="text",
                       help=said(tr("text for people, json for other tools (default: text)")))
    check.add_argument("--lang", metavar=language, help=said(tr(
        "the language of the report, e.g. uk (default: the language LC_ALL, LC_MESSAGES or LANG sets, if the "
        "site has it; else English)")))
    check.set_defaults(run=_check)

    new = command("new", tr("start a news article, event, project or cluster page"))
    kinds = [section.noun for section in SECTION_DECLARATIONS]  # named by its choices when missing, not "kind"
    new.add_argument("kind", choices=kinds, metavar="{" + ",".join(kinds) + "}",
                     help=said(tr("the kind of page to start")))
    new.add_argument("title", metavar=said(tr("title")), help=said(tr("the title, in the page's language")))
    new.add_argument("--lang", required=True, metavar=language, help=said(tr("the language folder, e.g. uk")))
    new.add_argument("--slug", help=said(tr("the file name (default: the title, romanised)")))
    new.add_argument("--translate-from", metavar=language, help=said(tr(
        "copy the language-independent facts of the item --slug from this language")))
    new.set_defaults(run=_new)

    sync = command("sync-facts", tr("copy an item's language-independent facts (dates, places…) into its "
                                    "translations"))
    sync.add_argument("item", metavar=said(tr("item")), help=said(tr(
        "<section>/<slug>, e.g. events/spinoff-bulgaria-2024")))
    sync.add_argument("--from", dest="source", metavar=language, help=said(tr(
        "the version to copy from (default: the original, the first in site language order)")))
    sync.set_defaults(run=_sync_facts)

    matrix = command("translations", tr("which item exists in which language"))
    matrix.add_argument("--format", choices=["table", "csv", "json", "md"], default="table",
                        help=said(tr("a table to read, CSV, JSON or a Markdown table (default: table)")))
    matrix.set_defaults(run=_translations)

    schema = command("schema", tr("JSON Schema of the front matter, for editors' IDEs"))
    schema.add_argument("section", nargs="?", default=SECTIONS[0], choices=list(KINDS),
                        help=said(tr("the section whose schema to print (default: {section})", section=SECTIONS[0])))
    schema.add_argument("--out", metavar=said(tr("FOLDER")), help=said(tr(
        "write one <section>.schema.json per section into this folder")))
    schema.set_defaults(run=_schema, needs_config=False)

    strip = command("strip-metadata", tr("remove GPS positions, camera serial numbers, authors and all other "
                                         "metadata from pictures in content/assets/, without changing their pixels"))
    strip.add_argument("pictures", nargs="*", metavar=said(tr("picture")), help=said(tr(
        "the pictures (default: every picture in content/assets/)")))
    strip.set_defaults(run=_strip_metadata)

    cms = command("cms-config", tr("write the web editor's configuration (admin/config.yml) from the field rules"))
    cms.add_argument("--out", default="admin/config.yml", metavar=file, help=said(tr(
        "where to write it, relative to mkdocs.yml (default: admin/config.yml; - prints it)")))
    cms.add_argument("--check", action="store_true", help=said(tr(
        "only say whether the file is up to date (exit 1 if not)")))
    cms.set_defaults(run=_cms_config)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Help and mistakes in the command line are said in the environment's language: they come before the
    command line is understood (and `new --lang` is the new file's language, not the editor's)."""
    lang = language_from_environment(available_languages())
    with argparse_speaking(translations(lang, "argparse")):
        args = command_line(lang).parse_args(argv)
    args.messages_lang = lang
    try:
        settings = read_settings(Path(args.config)) if getattr(args, "needs_config", True) else None
    except (OSError, KeyError, ValueError, TypeError) as error:
        said = [in_language(part, args.messages_lang) for part in error.args if isinstance(part, Message)]
        problem = "; ".join(said) if said and len(said) == len(error.args) else str(error)
        say(in_language(tr("cluster-news: cannot read {file}: {problem}", file=args.config, problem=problem),
                        args.messages_lang), error=True)
        return 2
    try:
        args.messages_lang = messages_language(args, settings)
        return args.run(args, settings)
    except CommandError as error:
        say(f"cluster-news: {in_language(error.message, args.messages_lang)}", error=True)
        return 1
    except BrokenPipeError:  # the reader stopped early (| head): not an error worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
