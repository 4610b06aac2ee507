"""Writing outputs without ever destroying what cs-peers did not write.

Every folder cs-peers writes (a pack, diagrams, assessment seeds, a sample dataset) is built in a
temporary sibling and renamed into place at the end, with a manifest (``.cs-peers-output``)
listing what it wrote. An existing folder is replaced only when its manifest says it is an
earlier output of the same kind and it holds nothing the manifest does not list; anything else
is refused before a single byte is written. Links are replaced, never written through.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from cs_peers.errors import OutputError

__all__ = [
    "MANIFEST",
    "check_output_file",
    "check_output_folder",
    "output_file",
    "output_folder",
    "write_output_file",
    "write_output_folder",
]

MANIFEST = ".cs-peers-output"
_FILE_MODE = 0o600
_DIR_MODE = 0o700


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


def _seal(folder: Path, kind: str) -> None:
    """Write the manifest and make everything readable by its owner only."""
    files = [p for p in _entries(folder) if p != MANIFEST]
    (folder / MANIFEST).write_text(
        json.dumps({"kind": kind, "written_by": "cs-peers", "files": files}, indent=1), "utf-8"
    )
    for root, dirs, names in os.walk(folder):
        for name in dirs:
            os.chmod(Path(root) / name, _DIR_MODE)
        for name in names:
            os.chmod(Path(root) / name, _FILE_MODE)
    os.chmod(folder, _DIR_MODE)


@contextmanager
def output_folder(
    out: Path, kind: str, *, protect: Iterable[Path] = (), replace: bool = True
) -> Iterator[Path]:
    """Yield a temporary folder to write a ``kind`` output in; on success it replaces ``out``.

    On any failure (an exception, Ctrl-C) the temporary folder is removed and ``out`` is left as
    it was. The earlier output at ``out``, checked to be ours, is removed only after the new one
    is complete.
    """
    check_output_folder(out, kind, protect=protect, replace=replace)
    target = _plain(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        yield tmp
        _seal(tmp, kind)
        check_output_folder(out, kind, protect=protect, replace=replace)  # nothing crept in
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
            os.replace(target, old / "previous")
            try:
                os.replace(tmp, target)
            except BaseException:
                os.replace(old / "previous", target)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_output_folder(
    out: Path, kind: str, write: Callable[[Path], None], *, protect: Iterable[Path] = ()
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
    """Yield a temporary sibling of ``path`` to write; on success it replaces ``path``.

    An existing regular file is replaced only when ``is_ours`` says, from its first 2 MB, that
    cs-peers wrote it; a link is replaced by the file, never written through.
    """
    check_output_file(path, is_ours=is_ours)
    target = _plain(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}-", suffix=target.suffix, dir=target.parent
    )
    os.close(fd)
    try:
        yield Path(tmp_name)
        os.chmod(tmp_name, _FILE_MODE)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


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
