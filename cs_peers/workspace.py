"""The workspace: where runs, reviews, pack settings and the local Neo4j are kept
(``$CS_PEERS_HOME``)."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path

from cs_peers.errors import WorkspaceError

__all__ = [
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
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(asdict(changed), indent=2, ensure_ascii=False), "utf-8")
    os.replace(tmp, path)
    return changed


def workspace_secret(path: Path) -> str:
    """Return the random secret kept at ``path`` in a workspace, made on first use (mode 0600).

    Its folder is made private (0700). Two processes starting at once cannot both write one:
    the file is created exclusively.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.is_file():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text("utf-8").strip()
