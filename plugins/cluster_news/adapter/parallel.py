"""Work shared among processes: the languages after the first, and the pictures to resize.

The languages after the first are built side by side in worker processes.

static-i18n builds the default language, then, inside its `on_post_build`, re-runs the whole MkDocs
build for each other language, one after another, on one core. Each of those builds only needs the
validated content and the site plan, which the first pass computed before writing anything; so, right
after that, worker processes are forked (they inherit the plan, nothing is read twice), and every
process — this one included, once its own language is done — takes the next language that nobody has
taken yet and builds it with the same nested `build(config)` static-i18n would run. The output is the
same as one after another (tests/test_reproducible.py compares them byte for byte): each language is
written under its own `<lang>/` folder and the files at the site root only by the default language.

`jobs: 1` (plugin option) builds every language in this process, one after another; so does the preview
after its first build, when its server and file watcher run in other threads (see `can_fork`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from multiprocessing.connection import Connection

from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin

from ..core.processes import FORK, can_fork, shared_with_forks
from . import couplings

log = logging.getLogger("mkdocs.plugins.cluster_news")


def processes_for(languages: int, cpus: int) -> int:
    """How many processes build `languages` languages best on `cpus` CPUs: one more than the CPUs (five
    languages in two processes take three languages' time, in three processes two and a half), never more
    than the languages; one on one CPU."""
    return 1 if cpus <= 1 else min(languages, cpus + 1)


class _NestedBuildMessages(logging.Filter):
    """What MkDocs says at the start and end of every build, said once for the whole site (as static-i18n
    does for its own nested builds)."""

    _PREFIXES = ("Documentation built in", "Building documentation to directory", "Cleaning site directory",
                 "Template skipped: '404.html'")  # written to <lang>/404.html by the plugin instead

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self._PREFIXES)


class LanguageBuilds:
    """Builds `languages` (every language but the default one) after the default language's pass."""

    def __init__(self, i18n: BasePlugin, languages: list[str], jobs: int,
                 report: Callable[[], object] | None = None):
        """`report()`, called by a worker after its languages, says what to send back to this process."""
        self.i18n = i18n
        self.languages = languages
        self.report = report
        self._wanted = min(jobs, len(languages) + 1) - 1 if can_fork() else 0
        self._taken = FORK.Value("i", 0) if self._wanted > 0 else None
        self._next_alone = 0
        self._workers: list[tuple[multiprocessing.Process, Connection]] = []
        self.nested = False
        """True inside the nested build of a language (in this process or a worker)."""
        self.started = False

    def start(self, config: MkDocsConfig) -> None:
        """Fork the workers (from the first pass, once the content is valid and the site folder emptied):
        they start building now."""
        self.started = True
        if not self._wanted:  # nothing to fork (the preview after an edit): nothing to set aside for children
            return
        sys.stdout.flush()
        sys.stderr.flush()
        with shared_with_forks():
            for _ in range(self._wanted):
                receiving, sending = FORK.Pipe(duplex=False)
                worker = FORK.Process(target=self._work, args=(config, sending), daemon=True)
                worker.start()
                sending.close()  # the worker's end: reading sees the end of it when the worker is gone
                self._workers.append((worker, receiving))

    def finish(self, config: MkDocsConfig) -> list[object]:
        """After the default language: build the languages no worker has taken, then wait for the workers.
        Any language that failed fails the build, with the message its build gave. Returns what the
        workers reported."""
        failures, reports = [], []
        try:
            self._build_taken(config)
        finally:
            for worker, receiving in self._workers:
                try:
                    error, report = receiving.recv()  # one message, when the worker is done
                except EOFError:
                    error, report = None, None
                worker.join()
                receiving.close()
                if error is not None:
                    failures.append(error)
                elif worker.exitcode != 0:
                    failures.append(f"a worker process stopped with exit code {worker.exitcode}")
                if report is not None:
                    reports.append(report)
            self._workers = []
        if failures:
            raise Abort(failures[0])
        return reports

    def stop(self) -> None:
        """The build failed in this process: stop the workers (they would write into a failed site)."""
        for worker, receiving in self._workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()
            receiving.close()
        self._workers = []

    def _take(self) -> str | None:
        """The next language nobody has taken yet (shared between the processes)."""
        if self._taken is None:
            index, self._next_alone = self._next_alone, self._next_alone + 1
        else:
            with self._taken.get_lock():
                index = self._taken.value
                self._taken.value += 1
        return self.languages[index] if index < len(self.languages) else None

    def _build_taken(self, config: MkDocsConfig) -> None:
        with self._nested_builds():
            while (lang := self._take()) is not None:
                self._build(lang, config)

    def _build(self, lang: str, config: MkDocsConfig) -> None:
        started = time.monotonic()
        couplings.start_language_pass(self.i18n, lang)
        build(config)
        couplings.forget_language_files(self.i18n)  # this language's pages: the next language does not need them
        log.debug(f"cluster-news: '{lang}' built in {time.monotonic() - started:.2f} s by process {os.getpid()}")

    def _work(self, config: MkDocsConfig, sending: Connection) -> None:
        """A worker: build languages until none is left, then send (error, report) and exit."""
        self._workers = []
        lang = None
        try:
            with self._nested_builds():
                while (lang := self._take()) is not None:
                    self._build(lang, config)
        except Abort as error:
            sending.send((f"{error.message} (building '{lang}')", None))
            sys.exit(1)
        except Exception as error:
            traceback.print_exc()
            sending.send((f"{type(error).__name__}: {error} (building '{lang}')", None))
            sys.exit(1)
        sending.send((None, self.report() if self.report else None))
        sending.close()

    @contextmanager
    def _nested_builds(self):
        """What static-i18n sets up around its nested builds: the site folder is not emptied again, and the
        start and end messages are not repeated (`couplings.NESTED_BUILD`)."""
        messages = _NestedBuildMessages()
        build_log = couplings.build_logger()
        restore = couplings.keep_site_folder()
        build_log.addFilter(messages)
        couplings.forget_language_files(self.i18n)  # the first pass's pages (the build's process)
        self.nested = True
        couplings.set_language_builds(self.i18n, True)
        try:
            yield
        finally:
            self.nested = False
            restore()
            build_log.removeFilter(messages)
