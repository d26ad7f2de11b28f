"""Templates compiled once per user: a later process (a build, `check`, the preview) loads the code instead
of compiling again, and never gets code that does not belong to its template, its source or its settings."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from cluster_news.render.compiled_templates import CompiledTemplates, user_folder


def _compiling(env: Environment) -> list[str]:
    """The names of the templates `env` compiles from now on."""
    compiled: list[str] = []
    compile_source = env.compile

    def counting(source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_source(source, name, *args, **kwargs)

    env.compile = counting
    return compiled


def _environment(cache: CompiledTemplates, templates: dict[str, str], **options) -> tuple[Environment, list[str]]:
    """An environment as a new process makes it, and the names of the templates it compiled."""
    env = Environment(loader=DictLoader(templates), bytecode_cache=cache, **options)
    return env, _compiling(env)


def test_a_changed_source_is_compiled_again(tmp_path: Path):
    env, _ = _environment(CompiledTemplates(tmp_path), {"page.html": "old {{ x }}"})
    assert env.get_template("page.html").render(x=1) == "old 1"
    env, compiled = _environment(CompiledTemplates(tmp_path), {"page.html": "new {{ x }}"})
    assert env.get_template("page.html").render(x=1) == "new 1"
    assert compiled == ["page.html"]


def test_differently_configured_environments_never_share_code(tmp_path: Path):
    templates = {"page.html": "{{ x }}"}
    escaping, _ = _environment(CompiledTemplates(tmp_path), templates, autoescape=True)
    assert escaping.get_template("page.html").render(x="<b>") == "&lt;b&gt;"
    raw, compiled = _environment(CompiledTemplates(tmp_path), templates, autoescape=False)
    assert raw.get_template("page.html").render(x="<b>") == "<b>"
    assert compiled == ["page.html"]
    escaping, compiled = _environment(CompiledTemplates(tmp_path), templates, autoescape=True)
    assert escaping.get_template("page.html").render(x="<b>") == "&lt;b&gt;"
    assert compiled == []


def _flip_inside(data: bytes) -> bytes:
    """One bit changed in the compiled code itself (past Jinja's header and checksum)."""
    middle = len(data) * 2 // 3
    return data[:middle] + bytes([data[middle] ^ 0x10]) + data[middle + 1:]


@pytest.mark.parametrize("damage", [lambda data: data[: len(data) // 2], lambda data: b"", lambda data: b"\x00" * 64,
                                    _flip_inside], ids=["cut short", "empty", "zeros", "a bit changed inside"])
def test_a_damaged_file_is_compiled_again_and_replaced(tmp_path: Path, damage):
    templates = {"page.html": "Hello {{ x }}{% for i in range(2) %}, {{ i|string|upper }}{% endfor %}"}
    env, _ = _environment(CompiledTemplates(tmp_path), templates)
    env.get_template("page.html")
    [kept] = tmp_path.glob("cluster-news-*.cache")
    kept.write_bytes(damage(kept.read_bytes()))
    env, compiled = _environment(CompiledTemplates(tmp_path), templates)
    assert env.get_template("page.html").render(x="you") == "Hello you, 0, 1"
    assert compiled == ["page.html"]
    env, compiled = _environment(CompiledTemplates(tmp_path), templates)
    env.get_template("page.html")
    assert compiled == []
    assert [path.name for path in tmp_path.iterdir()] == [kept.name]  # no temporary file left behind


@pytest.mark.parametrize("change", ["writable by others", "a symbolic link"])
def test_a_file_anyone_else_could_have_written_is_not_run(tmp_path: Path, change: str):
    """The folder is checked when the process starts; each file again when it is read (a long preview outlives
    a cleaner of the temporary folder, and the folder could then be someone else's)."""
    templates = {"page.html": "{{ x }}"}
    env, _ = _environment(CompiledTemplates(tmp_path), templates)
    env.get_template("page.html")
    [kept] = tmp_path.glob("cluster-news-*.cache")
    if change == "writable by others":
        kept.chmod(0o666)
    else:
        moved = tmp_path / "elsewhere"
        kept.rename(moved)
        kept.symlink_to(moved)
    env, compiled = _environment(CompiledTemplates(tmp_path), templates)
    assert env.get_template("page.html").render(x=1) == "1"
    assert compiled == ["page.html"]


def test_a_different_filter_never_gets_code_compiled_for_another(tmp_path: Path):
    """Jinja compiles a filter of constants to its result, and decides when compiling what a filter is passed:
    neither shows in the template's source, so the filters are part of the key."""
    from jinja2 import pass_context

    def first(value):
        return value + "-v1"

    def second(value):
        return value + "-v2"

    @pass_context
    def with_context(context, value):
        return value + "-" + context["suffix"]

    templates = {"page.html": '{{ "x"|f }} {{ y|f }}'}
    outputs = []
    for function in (first, second, with_context, first):
        env, compiled = _environment(CompiledTemplates(tmp_path), templates)
        env.filters["f"] = function
        outputs.append((env.get_template("page.html").render(y="y", suffix="s"), compiled))
    assert outputs == [("x-v1 y-v1", ["page.html"]), ("x-v2 y-v2", ["page.html"]), ("x-s y-s", ["page.html"]),
                       ("x-v1 y-v1", [])]


def test_a_missing_folder_only_costs_compiling_again(tmp_path: Path):
    missing = tmp_path / "gone"
    env, compiled = _environment(CompiledTemplates(missing), {"page.html": "{{ x }}"})
    assert env.get_template("page.html").render(x=2) == "2"
    assert compiled == ["page.html"] and not missing.exists()


def test_the_users_folder_is_the_users_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Compiled templates are code: Jinja's folder is made readable by its owner only, and refused when it is
    anyone else's or open to others (then templates are compiled in every process, as before)."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    folder = user_folder()
    assert folder is not None and folder.parent == tmp_path
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.rmdir()
    folder.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir(mode=0o777)
    assert user_folder() is None
