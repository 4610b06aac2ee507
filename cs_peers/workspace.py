"""The workspace: where runs, reviews, pack settings and the local Neo4j are kept
(``$CS_PEERS_HOME``)."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import tempfile
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path

from cs_peers.errors import WorkspaceError

__all__ = [
    "MIN_SECRET_LENGTH",
    "PackSettings",
    "read_pack_settings",
    "workspace_home",
    "workspace_secret",
    "write_pack_settings",
]


def workspace_home(explicit: Path | None = None) -> Path:
    """Return the workspace directory as an absolute path.

    Parameters
    ----------
    explicit
        A directory given by the caller; wins over everything else.

    Returns
    -------
    Path
        ``explicit``, else ``$CS_PEERS_HOME``, else ``./.cs-peers``, resolved.
    """
    if explicit is not None:
        return explicit.expanduser().resolve()
    env = os.environ.get("CS_PEERS_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return (Path.cwd() / ".cs-peers").resolve()


@dataclass(frozen=True)
class PackSettings:
    """What every map from this workspace is for (the Leeds peer-mapping protocol).

    ``purpose`` why the map is made, ``owner`` who is responsible for it, ``review_date`` when
    it is looked at again (ISO day). Empty strings when not set.
    """

    purpose: str = ""
    owner: str = ""
    review_date: str = ""

    @property
    def missing(self) -> list[str]:
        """Return the names of what is not set, in protocol order."""
        return [n for n in ("purpose", "owner", "review_date") if not getattr(self, n)]


def _settings_path(home: Path) -> Path:
    return Path(home) / "pack.json"


def read_pack_settings(home: Path) -> PackSettings:
    """Return the workspace's pack settings (all empty when none were set)."""
    path = _settings_path(home)
    if not path.is_file():
        return PackSettings()
    try:
        data = json.loads(path.read_text("utf-8"))
        return PackSettings(**{k: str(v) for k, v in data.items()})
    except (OSError, ValueError, TypeError) as exc:
        raise WorkspaceError(f"{path} cannot be read ({exc})") from exc


def write_pack_settings(
    home: Path,
    *,
    purpose: str | None = None,
    owner: str | None = None,
    review_date: str | None = None,
) -> PackSettings:
    """Return the workspace's pack settings after setting the ones given (others are kept).

    Raises
    ------
    WorkspaceError
        If ``review_date`` is not a date in the form YYYY-MM-DD; nothing is written then.
    """
    current = read_pack_settings(home)
    if review_date:
        try:
            review_date = date.fromisoformat(review_date).isoformat()
        except ValueError:
            raise WorkspaceError(
                f"--review-date {review_date!r} is not a date in the form YYYY-MM-DD"
            ) from None
    changed = replace(
        current,
        **{
            k: v.strip()
            for k, v in (("purpose", purpose), ("owner", owner), ("review_date", review_date))
            if v is not None
        },
    )
    path = _settings_path(home)
    tmp = path.with_suffix(".json.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(asdict(changed), indent=2, ensure_ascii=False), "utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise WorkspaceError(
            f"{path} cannot be written ({exc.strerror or exc}); the settings are as they were"
        ) from exc
    return changed


# A secret shorter than this (hex characters) is not one cs-peers made: 256 bits are 64.
MIN_SECRET_LENGTH = 64


def workspace_secret(path: Path) -> str:
    """Return the random secret kept at ``path`` in a workspace, made on first use (mode 0600).

    Its folder is made private (0700). The secret is written to a temporary file, flushed to
    disk and only then linked into place, so a full disk or a killed command never leaves an
    empty or partial secret, and two commands at once end with one secret.

    Raises
    ------
    WorkspaceError
        If the secret kept there is empty or short (a pseudonym keyed by it could be turned
        back into an id), readable by others, or owned by another user; or if it cannot be
        made.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            _make_secret(path)
        info = path.stat()
        text = path.read_text("utf-8").strip()
    except OSError as exc:
        raise WorkspaceError(
            f"the workspace secret {path} cannot be made or read ({exc.strerror or exc})"
        ) from exc
    uid = os.getuid() if hasattr(os, "getuid") else info.st_uid
    if info.st_uid != uid or info.st_mode & 0o077:
        raise WorkspaceError(
            f"the workspace secret {path} is not private to you (owner uid {info.st_uid}, mode "
            f"{info.st_mode & 0o777:o}); someone else may have planted or read it. Remove it "
            "only if no export was made with it (pseudonyms and audit hashes depend on it)"
        )
    if len(text) < MIN_SECRET_LENGTH or not all(c in "0123456789abcdef" for c in text):
        raise WorkspaceError(
            f"the workspace secret {path} is damaged (empty, short or not hex); cs-peers will "
            "not use it. Restore it from a backup, or remove it to start a new one (earlier "
            "pseudonyms and erasure hashes then no longer match)"
        )
    return text


def _make_secret(path: Path) -> None:
    """Write a new secret at ``path`` atomically; keep another command's if it won the race."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another command made one first: keep it
            os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
