"""cs-peers commands in processes of their own, stopped at a chosen function: races and kills
made repeatable without sleeping.

:class:`PausedCommand` runs ``cs-peers ARGS`` in a fresh interpreter in which one function (a
module's, or a class's method) is wrapped: the ``nth`` time it is called, the process tells the
test through a pipe that it got there and waits, reading another pipe, until the test releases
it (:meth:`PausedCommand.release`) or kills it (:meth:`PausedCommand.kill`, ``SIGKILL``: no
clean-up runs, as when a laptop dies). ``inside=True`` stops inside a context manager (after
entering it: inside a database transaction, holding its lock) rather than before the call.

Waiting is on the pipes, never on the clock: a test knows the process is where it wants it.
The timeout only keeps a broken test from hanging.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Finished", "PausedCommand", "run_cs_peers"]

# Seconds a test waits for a process to reach its stop or to finish: generous for a machine
# shared by several test runs; reached only when something is broken.
TIMEOUT = 600

_CHILD = r"""
import importlib, os, sys
from contextlib import contextmanager

target, mode, nth, reached, go, *argv = sys.argv[1:]
module_name, _, path = target.partition(":")
owner = importlib.import_module(module_name)
*parents, name = path.split(".")
for part in parents:
    owner = getattr(owner, part)
real = getattr(owner, name)
calls = [0]


def stop():
    os.write(int(reached), b"!")
    os.read(int(go), 1)


if mode == "inside":
    @contextmanager
    def patched(*args, **kwargs):
        calls[0] += 1
        with real(*args, **kwargs) as value:
            if calls[0] == int(nth):
                stop()
            yield value
else:
    def patched(*args, **kwargs):
        calls[0] += 1
        if calls[0] == int(nth):
            stop()
        return real(*args, **kwargs)

setattr(owner, name, patched)
from cs_peers.cli.app import main

sys.argv = ["cs-peers", *argv]
main()
"""


@dataclass(frozen=True)
class Finished:
    """How a command ended: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def run_cs_peers(args: Sequence[str], *, cwd: Path | None = None) -> Finished:
    """Return how ``cs-peers ARGS`` ended, run in a fresh interpreter (the test's environment)."""
    done = subprocess.run(
        [sys.executable, "-c", "from cs_peers.cli.app import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=TIMEOUT,
        check=False,
    )
    return Finished(done.returncode, done.stdout, done.stderr)


class PausedCommand:
    """``cs-peers ARGS`` in its own process, stopped at ``at`` ("module:function" or
    "module:Class.method") the ``nth`` time it is called."""

    def __init__(
        self,
        args: Sequence[str],
        *,
        at: str,
        nth: int = 1,
        inside: bool = False,
        cwd: Path | None = None,
    ) -> None:
        self.at = at
        reached_read, reached_write = os.pipe()
        go_read, go_write = os.pipe()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _CHILD,
                at,
                "inside" if inside else "before",
                str(nth),
                str(reached_write),
                str(go_read),
                *args,
            ],
            pass_fds=(reached_write, go_read),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
        )
        os.close(reached_write)
        os.close(go_read)
        self._reached, self._go = reached_read, go_write

    def wait_until_stopped(self) -> None:
        """Return once the process is stopped at its function; fail if it ended before."""
        ready, _, _ = select.select([self._reached], [], [], TIMEOUT)
        got = os.read(self._reached, 1) if ready else b""
        if not got:
            self.kill()
            out, err = self.process.communicate()
            raise AssertionError(
                f"the command never reached {self.at} (exit {self.process.returncode}):\n"
                f"{out}\n{err}"
            )

    def release(self) -> None:
        """Let the stopped process go on."""
        os.write(self._go, b"!")

    def kill(self) -> None:
        """End the process with SIGKILL: nothing of it runs any more, no clean-up at all.

        Harmless once it has ended (tests call it in ``finally``)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.finish()

    def finish(self) -> Finished:
        """Return how the process ended (after :meth:`release`, or on its own)."""
        out, err = self.process.communicate(timeout=TIMEOUT)
        for fd in (self._reached, self._go):
            with contextlib.suppress(OSError):
                os.close(fd)
        return Finished(self.process.returncode, out, err)
