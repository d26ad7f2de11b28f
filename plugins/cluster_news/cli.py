"""The `cluster-news` command for editors: check content before it breaks the site."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .core.content import load_content
from .core.project import read_settings


def _check(args: argparse.Namespace) -> int:
    settings = read_settings(Path(args.config))
    tree = load_content(settings.content_dir, settings.languages, display_root=settings.display_root,
                        default_timezone=settings.default_timezone)
    if args.format == "json":
        json.dump([{"path": p.path, "line": p.line, "field": p.field, "severity": p.severity.value,
                    "message": p.message, "hint": p.hint} for p in tree.problems],
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for problem in tree.problems:
            print(problem)
        files = len(tree.items) + len({p.path for p in tree.problems if p.is_error})
        print(f"{len(tree.errors)} error(s), {len(tree.warnings)} warning(s) in {files} file(s)", file=sys.stderr)
    return 1 if tree.errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cluster-news", description=__doc__)
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate all content exactly as the build does")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.set_defaults(run=_check)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (OSError, KeyError, ValueError) as error:
        print(f"cluster-news: cannot read {args.config}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
