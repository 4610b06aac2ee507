"""A run history that keeps a run only once the outputs made from it are complete."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from cs_peers.analysis.history import RunHistory, RunRecord

__all__ = ["PendingHistory"]


class PendingHistory:
    """Wraps a :class:`~cs_peers.analysis.history.RunHistory`: ``save`` waits until :meth:`commit`.

    A pack interrupted half-way must not be remembered as a run that a meeting saw, so commands
    that write outputs analyse against a pending history and commit it after the last file is in
    place. Reads see the held run as if it were kept, so the outputs can compare with it.
    """

    def __init__(self, history: RunHistory) -> None:
        self.history = history
        self.held: RunRecord | None = None
        self.claims: Mapping[str, tuple[int, int]] = {}

    def list_runs(self) -> list[RunRecord]:
        """Return the kept runs, oldest first, followed by the held one."""
        runs = self.history.list_runs()
        return [*runs, self.held] if self.held is not None else runs

    def get(self, run_id: str) -> RunRecord:
        """Return one run with its memberships (the held one included)."""
        if self.held is not None and self.held.run_id == run_id:
            return self.held
        return self.history.get(run_id)

    def save(self, record: RunRecord, *, claims: Mapping[str, tuple[int, int]] = {}) -> None:
        """Hold ``record`` (and the numbers it claims) until :meth:`commit`."""
        self.held, self.claims = record, dict(claims)

    def peek(self, counter: str) -> int:
        """Return the underlying history's next number of ``counter``."""
        return self.history.peek(counter)

    def mark_pack(self, run_id: str) -> None:
        """Mark the held run (kept as ``pack`` at :meth:`commit`) or a kept one."""
        if self.held is not None and self.held.run_id == run_id:
            self.held = replace(self.held, kind="pack")
        else:
            self.history.mark_pack(run_id)

    def commit(self) -> RunRecord | None:
        """Return the run now kept in the underlying history (None if nothing was held)."""
        held, self.held = self.held, None
        if held is not None:
            self.history.save(held, claims=self.claims)
        return held
