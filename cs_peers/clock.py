"""The time outputs are stamped with: ``SOURCE_DATE_EPOCH`` when set, else the real clock.

``SOURCE_DATE_EPOCH`` is the reproducible-builds standard
(https://reproducible-builds.org/specs/source-date-epoch/): integer seconds since
1970-01-01 UTC. Set, it fixes every time an output carries ("generated at", run ids and run
times, the day actions are counted from, the day ages are taken on), so the same data and the
same command give byte-identical files. The audit log and retention keep the real clock: they
record when something really happened and decide what to delete.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from cs_peers.errors import SourceDateEpochError

__all__ = ["ENV", "now", "today"]

ENV = "SOURCE_DATE_EPOCH"


def _fixed() -> datetime | None:
    """Return the time ``SOURCE_DATE_EPOCH`` names, or None when it is unset or empty."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        return None
    # The standard allows only an integer; anything else is a mistake worth stopping for,
    # since a silently ignored value would stamp outputs with the real clock.
    if not value.isascii() or not value.isdigit():
        raise SourceDateEpochError(
            f"{ENV}={value!r} is not a time: expected whole seconds since 1970-01-01 UTC, "
            "e.g. 1796083200 (as `date +%s` prints)"
        )
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (OverflowError, OSError, ValueError):
        raise SourceDateEpochError(
            f"{ENV}={value!r} is out of range: expected whole seconds since 1970-01-01 UTC "
            "up to the year 9999"
        ) from None


def now() -> datetime:
    """Return the current UTC time, or the time ``SOURCE_DATE_EPOCH`` names when it is set.

    Raises
    ------
    SourceDateEpochError
        If ``SOURCE_DATE_EPOCH`` is set but not whole seconds since 1970-01-01 UTC.

    Examples
    --------
    >>> now().tzinfo
    datetime.timezone.utc
    """
    fixed = _fixed()
    return fixed if fixed is not None else datetime.now(UTC)


def today() -> date:
    """Return today's local date, or the UTC date of ``SOURCE_DATE_EPOCH`` when it is set."""
    fixed = _fixed()
    return fixed.date() if fixed is not None else date.today()
