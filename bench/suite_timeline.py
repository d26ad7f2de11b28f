"""A pytest plugin for bench/suite.py: when each test started and ended, and on which xdist worker.

Loaded with `-p suite_timeline` (bench/ on PYTHONPATH); writes one JSON line per test, from the process
that ran it, to the file named by SUITE_TIMELINE.
"""

from __future__ import annotations

import json
import os
import time

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    started = time.time()
    yield
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(os.environ["SUITE_TIMELINE"], "a", encoding="utf-8") as timeline:
        timeline.write(json.dumps([worker, item.nodeid, started, time.time()]) + "\n")
