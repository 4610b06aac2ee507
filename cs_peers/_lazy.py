"""Names a package exports but imports only when first asked for (PEP 562).

The front door (``cs_peers``) and packages whose contents pull in numpy or pandas name what they
export without importing it, so that ``import cs_peers`` and ``cs-peers --help`` stay fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

__all__ = ["lazy_attributes"]


def lazy_attributes(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """Return a module ``__getattr__`` for ``package`` that imports each name of ``homes``
    (name → the module defining it) when it is first asked for.

    Examples
    --------
    >>> attribute = lazy_attributes("demo", {"sqrt": "math"})
    >>> attribute("sqrt")(9.0)
    3.0
    >>> attribute("cbrt")
    Traceback (most recent call last):
    ...
    AttributeError: module 'demo' has no attribute 'cbrt'
    """

    def __getattr__(name: str) -> Any:
        if name in homes:
            return getattr(import_module(homes[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
