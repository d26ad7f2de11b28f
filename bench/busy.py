"""How busy the machine's cores are, second by second, while a command runs: where a build leaves cores idle.

    .venv/bin/python bench/busy.py -- .venv/bin/mkdocs build -f full.yml -d /tmp/out
    .venv/bin/python bench/busy.py --log -- .venv/bin/mkdocs build -v ...   # and each line it prints, timed

Prints the command's wall time, the cores busy in each second (from /proc/stat: the whole machine's, so run
it on a machine otherwise idle), and the core-seconds left idle while the command ran: on two cores kept
busy all the time the command could end that many core-seconds divided by the cores sooner, and no sooner,
without spending less CPU. The command's own output is shown with --log, each line after the second it
came at (MkDocs' -v tells which event of which pass runs when).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import threading
import time

TICK = os.sysconf("SC_CLK_TCK")


def busy_ticks() -> int:
    """Clock ticks every core has spent busy since the machine started (idle and iowait left out)."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    return sum(fields[:8]) - fields[3] - fields[4]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--log", action="store_true", help="show the command's output, each line timed")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    arguments = parser.parse_args()
    command = arguments.command[1:] if arguments.command[:1] == ["--"] else arguments.command
    if not command:
        parser.error("no command given")
    cores = os.cpu_count() or 1
    seconds: list[float] = []
    done = threading.Event()

    def sample() -> None:
        last, then = busy_ticks(), time.monotonic()
        while not done.wait(1.0):
            ticks, now = busy_ticks(), time.monotonic()
            seconds.append((ticks - last) / TICK / (now - then))
            last, then = ticks, now

    started = time.monotonic()
    busy_at_start = busy_ticks()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    lines = [(time.monotonic() - started, line.rstrip()) for line in process.stdout]
    process.wait()
    wall, busy = time.monotonic() - started, (busy_ticks() - busy_at_start) / TICK
    done.set()
    sampler.join()
    print(f"wall {wall:.1f} s; exit status {process.returncode}; the machine busy {busy:.1f} core-seconds of "
          f"{wall * cores:.1f} ({cores} cores); idle {wall * cores - busy:.1f}")
    print("cores busy each second: " + " ".join(f"{value:.1f}" for value in seconds))
    if arguments.log:
        for at, line in lines:
            print(f"{at:7.1f}  {line}")


if __name__ == "__main__":
    main()
