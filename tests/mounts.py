"""Real full disks and read-only folders for the tests, where the machine allows them.

:func:`small_disk` mounts a tmpfs of a few kilobytes at a folder (root, or a user allowed to
mount), so that writing there fails as a full disk does (``ENOSPC``); :func:`read_only`
mounts one read-only (``EROFS``; permissions alone would not stop root). Each yields whether
the mount was made: where it cannot be, the test fakes the same error of the file system
instead, and asserts the same things either way. ``CS_PEERS_TEST_NO_MOUNT=1`` makes every
mount fail, to run the faked branch on a machine that could mount.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["fill", "read_only", "small_disk"]


def _mount(*args: str) -> bool:
    if os.environ.get("CS_PEERS_TEST_NO_MOUNT", "") not in ("", "0"):
        return False
    try:
        done = subprocess.run(["mount", *args], capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False, timeout=60)


@contextmanager
def small_disk(folder: Path, *, kilobytes: int) -> Iterator[bool]:
    """Yield whether a tmpfs of ``kilobytes`` is mounted at ``folder`` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = _mount("-t", "tmpfs", "-o", f"size={kilobytes}k,mode=0700", "tmpfs", str(folder))
    try:
        yield mounted
    finally:
        if mounted:
            _unmount(folder)


def fill(folder: Path) -> None:
    """Fill the disk ``folder`` is on, to the last byte."""
    # Unbuffered: the write that finds the disk full raises, and closing has nothing left.
    with open(folder / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass


@contextmanager
def read_only(folder: Path) -> Iterator[bool]:
    """Yield whether ``folder`` (which must exist) is now mounted read-only over itself."""
    mounted = _mount("--bind", str(folder), str(folder))
    if mounted and not _mount("-o", "remount,bind,ro", str(folder)):
        _unmount(folder)
        mounted = False
    try:
        yield mounted
    finally:
        if mounted:
            _unmount(folder)
