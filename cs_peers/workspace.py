"""The workspace: where runs and the local Neo4j are kept (``$CS_PEERS_HOME``)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["workspace_home"]


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
