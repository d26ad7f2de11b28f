"""`cluster-news` wholly in the editor's language: its help, each command's help, and argparse's own texts (usage,
titles, errors), from the catalogues (domains `editors` and `argparse`) of the language LC_ALL asks for."""

from __future__ import annotations

import inspect
import io
import re
import textwrap

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po

from cluster_news import cli
from cluster_news.core import messages
from test_cli import run

from conftest import LANGUAGES

TRANSLATED = [lang for lang in LANGUAGES if lang != messages.SOURCE_LANGUAGE]
COMMANDS = ["check", "new", "sync-facts", "translations", "schema", "strip-metadata", "cms-config"]
WIDE = {"COLUMNS": "400"}
"""argparse wraps to the terminal's width (and may break a line at a hyphen): here a line is never wrapped."""
PLACEHOLDER = re.compile(r"\{\w+\}|%(?:\(\w+\))?[srd]")


def _ids(domain: str, path: str | None = None) -> list[str]:
    """The message ids of `domain`'s template (the singular of a plural), those said in `path` if given."""
    with messages.template_path(domain).open("rb") as source:
        template = read_po(source)
    return [message.id if isinstance(message.id, str) else message.id[0] for message in template
            if message.id and (path is None or any(location == path for location, _ in message.locations))]


ARGPARSE = _ids("argparse")
CLI = _ids("editors", "plugins/cluster_news/cli.py")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _fragments(text: str) -> list[str]:
    """The words of a message between its placeholders, as they appear in the output."""
    return [_flat(part) for part in PLACEHOLDER.split(text) if part.strip()]


def _translated(lang: str, domain: str, text: str) -> str:
    return messages.translations(lang, domain).gettext(text)


def _help_texts() -> set[str]:
    """The messages `command_line` says: every text of the command's help."""
    source = textwrap.dedent(inspect.getsource(cli.command_line)).encode()
    return {message for _, message, _, _ in extract("python", io.BytesIO(source), keywords={"tr": None})}


def _assert_said_in(lang: str, output: str, argparse_texts: list[str], cli_texts: list[str]) -> None:
    """`output` holds each text in `lang` (every part between placeholders) and, unless it is English, not
    a phrase of any English text of argparse or of the command, nor a title or a metavar in English."""
    flat = _flat(output)
    said = [("argparse", text) for text in argparse_texts] + [("editors", text) for text in cli_texts]
    for domain, text in said:
        for fragment in _fragments(_translated(lang, domain, text)):
            assert fragment in flat, (lang, text, fragment, output)
    if lang == messages.SOURCE_LANGUAGE:
        return
    for text in ARGPARSE + CLI:
        for fragment in _fragments(text):
            if len(re.findall(r"[A-Za-z]{2,}", fragment)) >= 2 or re.fullmatch(r"[A-Za-z]+:", fragment):
                assert fragment not in flat, (lang, fragment, output)
    for title in ("positional arguments", "options", "commands"):
        assert f"{title}:" not in flat, (lang, title)
    usage = output.split("\n\n")[0]
    for word in [text for text in _help_texts() if re.fullmatch("[A-Za-z]+", text)]:  # FILE, title…
        if _translated(lang, "editors", word) != word:
            assert not re.search(rf"\b{word}\b", usage), (lang, word, usage)


def _in(lang: str) -> dict[str, str]:
    return {"LC_ALL": f"{lang}_{lang.upper()}.UTF-8", **WIDE}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_commands_help_is_in_the_environments_language(tmp_path, lang):
    said = run(tmp_path, "--help", env=_in(lang))
    assert said.returncode == 0 and said.stderr == ""
    assert said.stdout.startswith(f"{_translated(lang, 'argparse', 'usage: ')}cluster-news ")
    _assert_said_in(lang, said.stdout, ["usage: ", "options", "show this help message and exit"], [
        "Check the site's content, start new files and see what is translated, by the rules of the site's build. "
        "Run it in the folder of mkdocs.yml.", "commands", "command", "FILE",
        "the site's mkdocs.yml (default: ./mkdocs.yml)", "validate all content exactly as the build does",
        "start a news article, event, project or cluster page", "which item exists in which language"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_commands_help_is_in_the_environments_language(tmp_path, lang):
    said = run(tmp_path, "new", "--help", env=_in(lang))
    assert said.returncode == 0 and said.stderr == ""
    _assert_said_in(lang, said.stdout,
                    ["usage: ", "positional arguments", "options", "show this help message and exit"],
                    ["start a news article, event, project or cluster page", "the kind of page to start", "title",
                     "the title, in the page's language", "LANG", "the language folder, e.g. uk",
                     "the file name (default: the title, romanised)",
                     "copy the language-independent facts of the item --slug from this language"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_invalid_choice_is_told_in_the_environments_language(tmp_path, lang):
    said = run(tmp_path, "check", "--format", "xml", env=_in(lang))
    assert said.returncode == 2 and said.stdout == ""
    error = said.stderr.splitlines()[-1]
    assert error.startswith("cluster-news check: ") and "'xml'" in error and "'json'" in error
    _assert_said_in(lang, said.stderr, ["usage: ", "%(prog)s: error: %(message)s\n",
                                        "argument %(argument_name)s: %(message)s",
                                        "invalid choice: %(value)r (choose from %(choices)s)"], ["LANG"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_missing_argument_is_told_in_the_environments_language(tmp_path, lang):
    said = run(tmp_path, "new", "news", env=_in(lang))
    assert said.returncode == 2 and said.stdout == ""
    error = said.stderr.splitlines()[-1]
    assert error.endswith(f": {_translated(lang, 'editors', 'title')}, --lang"), error
    _assert_said_in(lang, said.stderr, ["usage: ", "%(prog)s: error: %(message)s\n",
                                        "the following arguments are required: %s"], ["title", "LANG"])


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_help_text_of_every_command_is_translated(monkeypatch, capsys, lang):
    """Every text of the help (the command's and each command's) is shown, and shown in `lang` with no English
    left."""
    def helps(lang: str) -> str:
        monkeypatch.setenv("LC_ALL", f"{lang}_{lang.upper()}.UTF-8")
        monkeypatch.setenv("COLUMNS", WIDE["COLUMNS"])
        shown = []
        for argv in [["--help"], *([command, "--help"] for command in COMMANDS)]:
            with pytest.raises(SystemExit) as exit:
                cli.main(argv)
            assert exit.value.code == 0
            shown.append(capsys.readouterr().out)
        return "\n\n".join(shown)

    english, texts = _flat(helps("en")), _help_texts()
    assert len(texts) > len(COMMANDS) and {text for text in texts if text in CLI} == texts
    assert [text for text in texts if not all(fragment in english for fragment in _fragments(text))] == []
    _assert_said_in(lang, helps(lang), ["usage: ", "positional arguments", "options", "show this help message and exit"],
                    sorted(texts))


def test_check_lang_chooses_the_report_and_the_environment_the_help(tmp_path):
    """`check --lang` is the language of check's report; help and mistakes in the command line, said before the
    command line is understood, follow the environment (`new --lang` is the new file's language)."""
    said = run(tmp_path, "check", "--lang", "pl", "--format", "xml", env=_in("uk"))
    assert said.returncode == 2
    assert said.stderr.splitlines()[-1].startswith("cluster-news check: помилка: аргумент --format: ")
