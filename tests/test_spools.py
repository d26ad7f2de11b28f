"""The build's spools (the searchable pages and the bodies, kept in files of a private temporary folder until
their pages are written) on a full disk: the build stops with a message naming the folder and what to do, in
the maintainer's language, never a traceback nor an entry cut short. The disk is Linux's /dev/full, which
refuses every write as a full disk does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from cluster_news.adapter.logs import spools_said
from cluster_news.adapter.search import SearchInput
from cluster_news.core import processes
from cluster_news.core.body import BodyCheck, SpooledBodies
from cluster_news.core.page_kinds import ITEM
from cluster_news.core.processes import SpoolUnwritable, append_all
from cluster_news.core.site import PagePlan

FULL_DISK = Path("/dev/full")
pytestmark = pytest.mark.skipif(not FULL_DISK.exists(), reason="needs Linux's /dev/full")


def said_of(unwritable: SpoolUnwritable, folder: Path) -> str:
    message = unwritable.message
    assert str(folder) in message and "No space left on device" in message and "TMPDIR" in message, message
    assert "звільніть там місце" in message.in_language("uk"), message.in_language("uk")
    return message


def test_a_full_disk_stops_the_search_spool_with_what_to_do():
    search = SearchInput()
    (search.folder / f"{os.getpid()}.html").symlink_to(FULL_DISK)
    with pytest.raises(SpoolUnwritable) as raised:
        search.add("news/a/index.html", PagePlan("news/a/", "en", ITEM, "A"), "<div data-pagefind-body><h1>A</h1></div>")
    said_of(raised.value, search.folder)
    assert not search.pages, "a page whose HTML was not spooled whole is not kept"


def _store_on_a_full_disk(spool: SpooledBodies) -> None:
    (spool.folder / f"{os.getpid()}.bodies").symlink_to(FULL_DISK)
    spool.store([BodyCheck([], "<p>Text.</p>", [])])


def test_a_full_disk_stops_the_bodies_spool_in_a_worker_with_what_to_do():
    """Bodies are spooled by the processes that render them: the message crosses back to the build's
    process whole, to be said in the maintainer's language there."""
    spool = SpooledBodies()
    with pytest.raises(SpoolUnwritable) as raised:
        processes.in_processes(_store_on_a_full_disk, [spool, spool], 2)
    said_of(raised.value, spool.folder)


def test_the_build_says_it_in_the_environments_language(monkeypatch):
    monkeypatch.setenv("LANG", "pl_PL.UTF-8")
    spool = SpooledBodies()
    with pytest.raises(PluginError) as raised, spools_said():
        _store_on_a_full_disk(spool)
    assert str(raised.value).startswith(f"cluster-news: budowanie nie może zapisać plików roboczych w {spool.folder}")
    assert raised.value.__cause__ is None and raised.value.__suppress_context__, "no traceback of the OSError"


def test_a_write_that_the_system_cuts_short_is_finished(tmp_path, monkeypatch):
    """`os.write` may write only part of what it is given (a disk filling up mid-write): the rest follows."""
    data = "Зміст сторінки, ".encode() * 100
    write = os.write
    calls = []

    def short_write(descriptor: int, chunk) -> int:
        calls.append(len(chunk))
        return write(descriptor, bytes(chunk[:7]))

    monkeypatch.setattr(os, "write", short_write)
    descriptor = os.open(tmp_path / "spool", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        append_all(descriptor, data)
    finally:
        os.close(descriptor)
    assert (tmp_path / "spool").read_bytes() == data
    assert len(calls) == -(-len(data) // 7)
