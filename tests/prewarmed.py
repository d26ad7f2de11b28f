"""Our console scripts (`mkdocs`, `cluster-news`) run in processes forked from one that has imported them.

Every build and every command the tests run is a process of its own, as on an editor's machine. Started from
a new interpreter, each spent about 0.6 s of CPU importing MkDocs, Material, Markdown, Babel and the plugin
before doing anything: half of a small fixture site's build, and some 40 s of the suite's CPU over its
hundred builds and commands. So each test process keeps one server process that has imported them, and forks
it once per command: the child takes the command's working folder, environment, arguments and standard
streams (stdin empty, stdout and stderr captured), runs the script's entry point, and exits as the script
would (its exit code, atexit handlers and threads' ends, streams flushed).

What a forked child could do differently from a new interpreter, and how that is kept out:

- Python reads some environment variables only when it starts, and modules read some when imported (the
  temporary folder, the time zone, the locale, `PYTHON*`, Material's `NO_MKDOCS_2_WARNING`): a command is
  forked from a server started with the same values of these as the command's environment. Most commands run
  in the tests' own environment; the tests of messages in the editor's language run a few commands in each of
  a few languages' environments, and each of those gets a server too (a new interpreter for each command cost
  about ten times a fork). The servers used last are kept (`MOST_SERVERS`), the others stopped.
- Every child has the server's hash seed, so an order that depends on hashing is the same in all of them:
  tests that compare two builds byte for byte (test_reproducible.py, the calendar's stamps) build in new
  interpreters (`new_interpreter=True`), so that such an order would show.

`python tests/prewarmed.py` is the server: one JSON request per line on stdin, one reply per line on stdout.
"""

from __future__ import annotations

import atexit
import importlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from importlib.metadata import entry_points
from pathlib import Path

BIN = Path(sys.executable).parent
SCRIPTS = ("mkdocs", "cluster-news")
PRELOAD = ("mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults", "mkdocs.structure.pages",
           "mkdocs_static_i18n.plugin", "material.templates", "cluster_news.adapter.plugin", "cluster_news.cli",
           "cluster_news.core.feeds", "pymdownx.emoji", "pymdownx.slugs", "pymdownx.superfences", "pymdownx.tasklist",
           *(f"markdown.extensions.{name}" for name in ("admonition", "codehilite", "fenced_code", "footnotes",
                                                          "md_in_html", "tables", "toc")))
"""What a build and the commands import: every module not here is imported by the child, as it would be."""


def read_at_start(name: str) -> bool:
    """Whether Python, or a module when imported, reads the environment variable `name` (see above)."""
    return name in ("TMPDIR", "TEMP", "TMP", "TZ", "LANG", "LANGUAGE", "NO_MKDOCS_2_WARNING") or \
        name.startswith(("LC_", "PYTHON"))


def environment(**values: str) -> dict[str, str]:
    """This process's environment as the tests run every command in it (without Material's notice of MkDocs 2),
    with `values` added."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **values}


def started_values(env: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in env.items() if read_at_start(name)}


class _Server:
    """A server of this process, started with `values` of what is read at start and otherwise this process's
    environment (started on first use, stopped when this process exits or when it is no longer among the
    servers used last)."""

    def __init__(self, values: dict[str, str]) -> None:
        started = {**{name: value for name, value in environment().items() if not read_at_start(name)}, **values}
        self.values = started_values(started)
        self.owner = os.getpid()
        self.process = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        env=started)
        self.lock = threading.Lock()
        atexit.register(self.stop)

    def run(self, args: list[str], cwd: Path, env: dict[str, str],
            timeout: float | None) -> subprocess.CompletedProcess:
        with self.lock, tempfile.TemporaryDirectory(prefix="prewarmed-") as scratch:
            streams = [Path(scratch) / "stdout", Path(scratch) / "stderr"]
            for path in streams:
                path.touch()
            request = {"script": Path(args[0]).name, "argv": args, "cwd": str(cwd), "env": env, "timeout": timeout,
                       "stdout": str(streams[0]), "stderr": str(streams[1])}
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError(f"the prewarmed server stopped (exit code {self.process.poll()})")
            reply = json.loads(line)
            stdout, stderr = (_text(path.read_bytes()) for path in streams)
        if reply["timed_out"]:
            raise subprocess.TimeoutExpired(args, timeout, stdout, stderr)
        return subprocess.CompletedProcess(args, reply["returncode"], stdout, stderr)

    def stop(self) -> None:
        if self.owner == os.getpid() and self.process.poll() is None:
            self.process.stdin.close()  # the server ends with its requests
            self.process.wait()


def _text(data: bytes) -> str:
    """As subprocess.run(text=True) decodes: UTF-8 here, universal newlines."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


MOST_SERVERS = 6
"""How many servers a test process keeps: the tests of messages take turns between the five languages'
environments, and a server holds some 50 MB (RSS)."""
_servers: dict[tuple[tuple[str, str], ...], _Server] = {}
"""This process's servers by the values they were started with, the one used last at the end."""


def server_for(env: dict[str, str]) -> _Server:
    """The running server of this process started with `env`'s values of what is read at start (started
    now if there is none, again after one that stopped; a process forked from this one has its own)."""
    values = started_values(env)
    key = tuple(sorted(values.items()))
    server = _servers.pop(key, None)
    if server is None or server.owner != os.getpid() or server.process.poll() is not None:
        server = _Server(values)
    _servers[key] = server
    while len(_servers) > MOST_SERVERS:
        _servers.pop(next(iter(_servers))).stop()
    return server


def run(args: list, *, cwd: Path, env: dict[str, str] | None = None, timeout: float | None = None,
        new_interpreter: bool = False) -> subprocess.CompletedProcess:
    """`subprocess.run(args, cwd=cwd, env=env, timeout=timeout, capture_output=True, text=True)`, forked from
    a server started as `env` says (above) when `args` runs one of our console scripts, unless the caller
    asks for a new interpreter. `env` is `environment()` when not given."""
    args = [str(arg) for arg in args]
    env = environment() if env is None else env
    script = Path(args[0])
    if not new_interpreter and script.parent == BIN and script.name in SCRIPTS:
        return server_for(env).run(args, cwd, env, timeout)
    return subprocess.run(args, cwd=cwd, env=env, timeout=timeout, capture_output=True, text=True)


def serve() -> None:
    """Import what the commands need, then run each request in a child forked for it."""
    sys.path[0] = str(BIN)  # what a console script of BIN finds first, not this folder
    for module in PRELOAD:
        importlib.import_module(module)
    mains = {point.name: point.load() for point in entry_points(group="console_scripts") if point.name in SCRIPTS}
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    while line := requests.readline():  # one request at a time: nothing read ahead is left for a child
        request = json.loads(line)
        assert threading.active_count() == 1, "forking a process with threads"
        child = os.fork()
        if child == 0:
            _child(request, mains[request["script"]])
        exited = os.pidfd_open(child)  # readable when the child has exited
        timed_out = not select.select([exited], [], [], request["timeout"])[0]
        os.close(exited)
        if timed_out:
            os.kill(child, signal.SIGKILL)
        _, status = os.waitpid(child, 0)
        replies.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status), "timed_out": timed_out}).encode()
                      + b"\n")
        replies.flush()


def _child(request: dict, main) -> None:
    """Become the command of `request` and exit as its script would; never returns."""
    code = 1
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        for descriptor, path, flags in ((0, os.devnull, os.O_RDONLY), (1, request["stdout"], os.O_WRONLY),
                                        (2, request["stderr"], os.O_WRONLY)):
            opened = os.open(path, flags)
            os.dup2(opened, descriptor)
            os.close(opened)
        sys.argv = request["argv"]
        code = _exit_code(main)
        threading._shutdown()  # as the interpreter does at exit: wait for threads that are not daemons
        atexit._run_exitfuncs()
    except BaseException:
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        os._exit(code)


def _exit_code(main) -> int:
    """`sys.exit(main())`, as the console script runs it, and the exit code the interpreter would give."""
    try:
        sys.exit(main())
    except SystemExit as exit:
        if exit.code is None or isinstance(exit.code, int):
            return exit.code or 0
        print(exit.code, file=sys.stderr)
        return 1
    except BaseException:
        sys.excepthook(*sys.exc_info())
        return 1


if __name__ == "__main__":
    serve()
