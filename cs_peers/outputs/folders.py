"""Writing outputs without ever destroying what cs-peers did not write.

Every folder cs-peers writes (a pack, diagrams, assessment seeds, a sample dataset) is built in a
temporary sibling and renamed into place at the end, with a manifest (``.cs-peers-output``)
listing what it wrote. An existing folder is replaced only when its manifest says it is an
earlier output of the same kind and it holds nothing the manifest does not list; anything else
is refused before a single byte is written. Links are replaced, never written through.

A command killed while writing (``kill -9``, a laptop that dies) leaves its temporary sibling
(``.NAME-new-*``, or ``.NAME-old-*`` holding the output being replaced) behind. Each one is
marked as ours from its first moment and locked by the command writing it; the next command
that writes ``NAME`` removes those whose command has gone and says so (through the
``cs_peers`` logger, which the command line prints on stderr). A folder of that name that is
not marked as ours, or is still locked, is left alone. A full disk or a read-only folder is
an :class:`~cs_peers.errors.OutputError` naming the path, and nothing is left half-written.

Office files (Word, Excel) as the same bytes for the same content: zip entries re-dated.

A ``.docx`` or ``.xlsx`` is a zip whose entries carry the time they were written; re-zipped
with one fixed time (the output's ``generated at``, else the earliest a zip can hold), equal
inputs give equal files (``tests/test_byte_identical.py``).
"""

from __future__ import annotations

import contextlib
import glob
import io
import json
import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path

from cs_peers.errors import CANNOT_WRITE, OutputError

__all__ = [
    "MANIFEST",
    "ZIP_EPOCH",
    "check_output_file",
    "check_output_folder",
    "current_stamp",
    "export_stamp",
    "output_file",
    "output_folder",
    "remove_unfinished_outputs",
    "stable_zip",
    "write_output_file",
    "write_output_folder",
]


try:  # POSIX: a lock the system releases when its process dies, however it dies
    import fcntl
except ImportError:  # pragma: no cover - Windows: unfinished outputs are never removed
    fcntl = None  # type: ignore[assignment]


MANIFEST = ".cs-peers-output"
_FILE_MODE = 0o600
_DIR_MODE = 0o700
_LOG = logging.getLogger("cs_peers")
# The facts of the export being written (its audit entry), set by the audit log around it.
_STAMP: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("cs_peers_export_stamp", default=())


def _plain(path: Path) -> Path:
    """Return ``path`` made absolute without following links (so a link can be seen)."""
    return Path(os.path.abspath(path))


def _forbidden(target: Path, protect: Iterable[Path]) -> str | None:
    """Return why ``target`` must never be replaced, or None."""
    resolved = target.resolve()
    if resolved == Path(resolved.anchor):
        return "it is the root of the file system"
    home = Path.home().resolve()
    if resolved == home:
        return "it is your home folder"
    cwd = Path.cwd().resolve()
    if cwd.is_relative_to(resolved):
        return "it is the current folder or one of its parents"
    for kept in protect:
        kept = _plain(kept).resolve()
        if kept.is_relative_to(resolved):
            return f"it holds {kept}, which this command reads"
    return None


def _read_manifest(folder: Path) -> dict[str, object] | None:
    path = folder / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _entries(folder: Path) -> list[str]:
    """Return every file, link and folder under ``folder`` as relative POSIX paths."""
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        base = Path(root).relative_to(folder)
        found += [(base / name).as_posix() for name in files]
        found += [(base / name).as_posix() for name in dirs if (Path(root) / name).is_symlink()]
    return sorted(found)


def check_output_folder(
    out: Path, kind: str, *, protect: Iterable[Path] = (), replace: bool = True
) -> None:
    """Return nothing if ``out`` may be written as a ``kind`` output; raise OutputError if not.

    ``out`` may be missing, an empty folder, or an earlier cs-peers ``kind`` output holding only
    the files its manifest lists (unless ``replace`` is false: then it must be missing or
    empty). ``protect`` names paths the command reads (its input data, the workspace): a folder
    holding one of them is never replaced.
    """
    target = _plain(out)
    if target.is_symlink():
        raise OutputError(
            f"{out} is a symbolic link; cs-peers does not write through links. "
            "Give the real folder, or a new one."
        )
    why = _forbidden(target, protect)
    if why:
        raise OutputError(f"cs-peers will not write its output over {out}: {why}")
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputError(f"{out} is a file, not a folder; choose a new folder for the {kind}")
    present = _entries(target)
    if not present:
        return
    if not replace:
        raise OutputError(f"{out} already exists and is not empty; cs-peers will not overwrite it")
    manifest = _read_manifest(target)
    if manifest is None:
        shown = ", ".join(present[:3]) + (" …" if len(present) > 3 else "")
        raise OutputError(
            f"{out} already holds files cs-peers did not write ({shown}); "
            f"choose a new or empty folder for the {kind}"
        )
    if manifest.get("kind") != kind:
        raise OutputError(
            f"{out} holds a cs-peers {manifest.get('kind')!s} output, not a {kind}; "
            "choose another folder"
        )
    listed = manifest.get("files")
    ours = set(listed) if isinstance(listed, list) else set()
    foreign = [p for p in present if p != MANIFEST and p not in ours]
    if foreign:
        shown = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
        raise OutputError(
            f"{out} is an earlier {kind}, but it now also holds files cs-peers did not write "
            f"({shown}); move them out first, or choose a new folder"
        )


@contextmanager
def export_stamp(facts: Mapping[str, str]) -> Iterator[None]:
    """Mark every output written inside the ``with`` with ``facts``: its export's audit entry.

    The audit log (:func:`cs_peers.governance.audit.audited_export`) sets it for the time an
    export is made, so that whoever writes the outputs, each carries the entry it was logged
    under: in the manifest of a folder, in the provenance of a pack's index, a question's page
    and a network export's metadata.
    """
    token = _STAMP.set(tuple({**dict(_STAMP.get()), **facts}.items()))
    try:
        yield
    finally:
        _STAMP.reset(token)


def current_stamp() -> dict[str, str]:
    """Return the facts of the export being written (empty outside one)."""
    return dict(_STAMP.get())


def _seal(folder: Path, kind: str) -> None:
    """Write the manifest (with the export's stamp) and make everything owner-only."""
    files = [p for p in _entries(folder) if p != MANIFEST]
    facts = {"kind": kind, "written_by": "cs-peers", **current_stamp(), "files": files}
    (folder / MANIFEST).write_text(json.dumps(facts, indent=1), "utf-8")
    for root, dirs, names in os.walk(folder):
        for name in dirs:
            os.chmod(Path(root) / name, _DIR_MODE)
        for name in names:
            os.chmod(Path(root) / name, _FILE_MODE)
    os.chmod(folder, _DIR_MODE)


def _cannot_write(out: Path, exc: OSError) -> OutputError:
    """Return the error an output that the file system refused becomes."""
    where = f" ({exc.filename})" if exc.filename else ""
    return OutputError(
        f"{out} could not be written: {exc.strerror or exc}{where}; nothing was written "
        "there, and an earlier output in its place is as it was"
    )


def _unfinished(target: Path, kind: str) -> tuple[Path, int]:
    """Return a new temporary sibling of ``target``, marked as ours, and its open lock."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-{kind}-", dir=target.parent))
    lock = os.open(tmp, os.O_RDONLY)
    if fcntl is not None:
        fcntl.flock(lock, fcntl.LOCK_EX)
    (tmp / MANIFEST).write_text(
        json.dumps({"kind": "unfinished", "written_by": "cs-peers"}), "utf-8"
    )
    return tmp, lock


def _begin(out: Path) -> tuple[Path, int]:
    """Return the marked, locked temporary sibling ``out`` is written in (and its lock), after
    removing the unfinished ones of killed commands."""
    target = _plain(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_unfinished_outputs(target)
        return _unfinished(target, "new")
    except OSError as exc:
        if exc.errno in CANNOT_WRITE:
            raise _cannot_write(out, exc) from exc
        raise


def _marked_ours(folder: Path) -> bool:
    manifest = _read_manifest(folder)
    return manifest is not None and manifest.get("written_by") == "cs-peers"


def _in_use(folder: Path) -> bool:
    """Return whether a living command holds the lock of ``folder`` (True when unsure)."""
    if fcntl is None:
        return True
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing releases the lock just taken
    return False


def remove_unfinished_outputs(out: Path) -> list[Path]:
    """Return the unfinished siblings of ``out`` that were removed: ours, and whose command died.

    A ``.NAME-new-*`` folder is ours when its manifest says so (from its first moment); a
    ``.NAME-old-*`` folder when it is empty or holds only an earlier output of ours
    (``previous``). Anything else of that name, or a folder a living command still locks, is
    left alone.
    """
    target = _plain(out)
    removed: list[Path] = []
    if not target.parent.is_dir():
        return removed
    uid = os.getuid() if hasattr(os, "getuid") else None
    for state in ("new", "old"):
        pattern = glob.escape(str(target.parent / f".{target.name}-{state}-")) + "*"
        for found in sorted(Path(p) for p in glob.glob(pattern)):
            if found.is_symlink() or not found.is_dir():
                continue
            if uid is not None and found.stat().st_uid != uid:
                continue
            inside = sorted(p.name for p in found.iterdir())
            ours = (
                _marked_ours(found)
                if state == "new"
                else inside in ([], [MANIFEST])
                or (
                    inside in (["previous"], [MANIFEST, "previous"])
                    and _marked_ours(found / "previous")
                )
            )
            if not ours or _in_use(found):
                continue
            if state == "old" and "previous" in inside and not os.path.lexists(target):
                # Killed between moving the earlier output aside and putting the new one in
                # its place: the earlier one goes back.
                os.replace(found / "previous", target)
                _LOG.warning("put back %s, which an interrupted cs-peers command moved aside", out)
            shutil.rmtree(found)
            removed.append(found)
    if removed:
        _LOG.warning(
            "removed %d unfinished output%s left by an interrupted cs-peers command: %s",
            len(removed),
            "" if len(removed) == 1 else "s",
            ", ".join(str(p) for p in removed),
        )
    return removed


@contextmanager
def output_folder(
    out: Path,
    kind: str,
    *,
    protect: Iterable[Path] = (),
    replace: bool = True,
) -> Iterator[Path]:
    """Yield a temporary folder to write a ``kind`` output in; on success it replaces ``out``.

    On any failure (an exception, Ctrl-C) the temporary folder is removed and ``out`` is left as
    it was; a full disk or a read-only folder is an :class:`~cs_peers.errors.OutputError`. The
    earlier output at ``out``, checked to be ours, is removed only after the new one is
    complete; its manifest carries the export's stamp (:func:`export_stamp`). Unfinished
    outputs of ``out`` left by a killed command are removed first
    (:func:`remove_unfinished_outputs`).
    """
    check_output_folder(out, kind, protect=protect, replace=replace)
    target = _plain(out)
    tmp, lock = _begin(out)
    old_lock = None
    try:
        yield tmp
        _seal(tmp, kind)
        check_output_folder(out, kind, protect=protect, replace=replace)  # nothing crept in
        if target.exists():
            old, old_lock = _unfinished(target, "old")
            os.replace(target, old / "previous")
            try:
                os.replace(tmp, target)
            except BaseException:
                os.replace(old / "previous", target)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if exc.errno in CANNOT_WRITE:
            raise _cannot_write(out, exc) from exc
        raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        for fd in (lock, old_lock):
            if fd is not None:
                os.close(fd)


def write_output_folder(
    out: Path,
    kind: str,
    write: Callable[[Path], None],
    *,
    protect: Iterable[Path] = (),
) -> Path:
    """Return ``out`` after ``write`` filled a temporary folder that then replaced it."""
    with output_folder(out, kind, protect=protect) as tmp:
        write(tmp)
    return out


def check_output_file(path: Path, *, is_ours: Callable[[str], bool] | None = None) -> None:
    """Return nothing if ``path`` may be written as a file; raise OutputError if not.

    ``path`` may be missing, a link (replaced, never written through) or a regular file that
    ``is_ours`` says, from its first 2 MB, cs-peers wrote; never a folder.
    """
    target = _plain(path)
    if target.is_dir() and not target.is_symlink():
        raise OutputError(f"{path} is a folder; give a file name")
    if target.exists() and not target.is_symlink():
        with open(target, encoding="utf-8", errors="replace") as handle:
            head = handle.read(2_000_000)
        if is_ours is None or not is_ours(head):
            raise OutputError(
                f"{path} already exists and cs-peers did not write it; choose another file name"
            )


@contextmanager
def output_file(path: Path, *, is_ours: Callable[[str], bool] | None = None) -> Iterator[Path]:
    """Yield a temporary path to write ``path``'s content at; on success it replaces ``path``.

    An existing regular file is replaced only when ``is_ours`` says, from its first 2 MB, that
    cs-peers wrote it; a link is replaced by the file, never written through. The temporary
    file sits in a marked, locked sibling folder (``.NAME-new-*``), removed on failure and,
    after a kill, by the next command that writes ``path``. A full disk or a read-only folder
    is an :class:`~cs_peers.errors.OutputError`.
    """
    check_output_file(path, is_ours=is_ours)
    target = _plain(path)
    folder, lock = _begin(path)
    tmp = folder / target.name
    try:
        tmp.touch(mode=_FILE_MODE)
        yield tmp
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, target)
    except OSError as exc:
        if exc.errno in CANNOT_WRITE:
            raise _cannot_write(path, exc) from exc
        raise
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
        os.close(lock)


def write_output_file(
    path: Path, text: str, *, is_ours: Callable[[str], bool] | None = None
) -> Path:
    """Return ``path`` after writing ``text`` to a temporary sibling renamed over it.

    An existing regular file is replaced only when ``is_ours`` says, from its first line, that
    cs-peers wrote it; a link at ``path`` is replaced by the file, never written through.
    """

    def first_line_is_ours(head: str) -> bool:
        return is_ours is not None and is_ours(head.split("\n", 1)[0].rstrip("\r"))

    with (
        output_file(path, is_ours=first_line_is_ours) as tmp,
        open(tmp, "w", encoding="utf-8", newline="") as handle,
    ):
        handle.write(text)
    return path


# Zip entries need a timestamp; without a generation time, the earliest a zip can hold.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def stable_zip(data: bytes, when: datetime | None) -> bytes:
    """Return the zip ``data`` re-zipped with every entry dated ``when`` (deflated, mode 644)."""
    stamp = when.timetuple()[:6] if when is not None and when.year >= 1980 else ZIP_EPOCH
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
