"""The prewarmed commands (prewarmed.py) answer as the same commands in a new interpreter do."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

import prewarmed
from conftest import CLUSTER_NEWS, MKDOCS, FixtureSite
from test_serve import free_port

TIMING = re.compile(r"^INFO +- +Documentation built in [0-9.]+ seconds\n", re.MULTILINE)


@pytest.fixture
def broken_site(fixture_site: FixtureSite) -> FixtureSite:
    fixture_site.write("uk/news/two.md", {"date": "2025-01-01"})  # no title
    fixture_site.write("en/news/one.md", {"title": "One", "date": "2025-02-30"}, "Text with ![](missing.png)\n")
    return fixture_site


@pytest.mark.parametrize("args,language", [([CLUSTER_NEWS, "check"], {}), ([MKDOCS, "build", "--strict"], {}),
                                           ([CLUSTER_NEWS, "no-such-command"], {}), ([MKDOCS, "--version"], {}),
                                           ([CLUSTER_NEWS, "check"], {"LC_ALL": "uk_UA.UTF-8"})],
                         ids=["check", "build", "usage", "version", "check in Ukrainian"])
def test_a_command_answers_as_in_a_new_interpreter(broken_site, args, language):
    """In the tests' environment, and in an editor's language (from a server started in it)."""
    env = prewarmed.environment(SOURCE_DATE_EPOCH="1751328000", **language)
    forked, new = (prewarmed.run(args, cwd=broken_site.root, env=env, timeout=120, new_interpreter=fresh)
                   for fresh in (False, True))
    assert forked.args == new.args
    assert (forked.returncode, forked.stdout, TIMING.sub("", forked.stderr)) == \
           (new.returncode, new.stdout, TIMING.sub("", new.stderr))
    assert forked.stdout + forked.stderr, "the command said nothing: nothing was compared"


def test_the_command_runs_in_its_folder_with_its_environment(fixture_site, tmp_path):
    env = prewarmed.environment(SITE_URL="https://example.org/elsewhere/")
    built = prewarmed.run([MKDOCS, "build", "--site-dir", tmp_path / "out"], cwd=fixture_site.root, env=env)
    assert built.returncode == 0, built.stderr
    assert "https://example.org/elsewhere/" in (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8")
    outside = prewarmed.run([CLUSTER_NEWS, "check"], cwd=tmp_path, env=env)
    assert outside.returncode != 0 and "mkdocs.yml" in outside.stdout + outside.stderr


def test_a_command_past_its_timeout_is_stopped_and_the_next_one_runs(fixture_site):
    with pytest.raises(subprocess.TimeoutExpired):
        prewarmed.run([MKDOCS, "serve", "-a", f"127.0.0.1:{free_port()}"], cwd=fixture_site.root, timeout=3)
    assert prewarmed.run([CLUSTER_NEWS, "check"], cwd=fixture_site.root).returncode == 0


def test_a_server_that_stopped_is_started_again(fixture_site):
    assert prewarmed.run([CLUSTER_NEWS, "check"], cwd=fixture_site.root).returncode == 0
    stopped = prewarmed.server_for(prewarmed.environment())
    stopped.process.kill()
    stopped.process.wait()
    assert prewarmed.run([CLUSTER_NEWS, "check"], cwd=fixture_site.root).returncode == 0
    again = prewarmed.server_for(prewarmed.environment())
    assert again is not stopped and again.process.poll() is None


class _Unstarted:
    """Stands for a server where the question is only which server a command goes to: it starts no process
    (its `process` is itself, never ended) and runs nothing."""

    def __init__(self, values: dict[str, str]):
        self.values, self.owner, self.process, self.ran, self.stopped = values, os.getpid(), self, [], False

    def poll(self) -> None:
        return None

    def run(self, args, cwd, env, timeout) -> None:
        self.ran.append(args)

    def stop(self) -> None:
        self.stopped = True


@pytest.fixture
def unstarted(monkeypatch) -> dict:
    """This process's servers, emptied and made of `_Unstarted` for the test (its own are left as they were)."""
    servers = {}
    monkeypatch.setattr(prewarmed, "_Server", _Unstarted)
    monkeypatch.setattr(prewarmed, "_servers", servers)
    return servers


@pytest.mark.parametrize("variable", ["TZ", "TMPDIR", "LC_ALL", "PYTHONHASHSEED", "NO_MKDOCS_2_WARNING"])
def test_what_python_reads_at_start_chooses_a_server_started_with_it(unstarted, monkeypatch, tmp_path, variable):
    """Never the server of the tests' environment, never a new interpreter per command: a server started with
    that value, which the next such command goes to too."""
    started = []
    monkeypatch.setattr(prewarmed.subprocess, "run", lambda args, **options: started.append(args))
    env = prewarmed.environment(**{variable: "0"})
    for environment in (prewarmed.environment(), env, env):
        prewarmed.run([CLUSTER_NEWS, "check"], cwd=tmp_path, env=environment)
    default, server = unstarted.values()
    assert started == [] and default.values == prewarmed.started_values(prewarmed.environment())
    assert server.values == prewarmed.started_values(env) and server.values[variable] == "0"
    assert default.ran == [[str(CLUSTER_NEWS), "check"]] and server.ran == 2 * default.ran


def test_only_the_servers_used_last_are_kept(unstarted, monkeypatch):
    monkeypatch.setattr(prewarmed, "MOST_SERVERS", 2)
    oldest, used, last = (prewarmed.server_for(prewarmed.environment(TZ=zone)) for zone in ("UTC", "CET", "EET"))
    assert oldest.stopped and not used.stopped and not last.stopped
    assert list(unstarted.values()) == [used, last]
