"""python-igraph, imported without the plotting back-end it would load and we never use.

On import igraph looks for matplotlib and, where it is installed (it is: the briefing draws
with it), imports ``matplotlib.pyplot``: 0.6 s of CPU on the project machine, more than a
Leiden run on 100,000 young people, for igraph's own plotting, which cs-peers does not use
(diagrams are drawn by pyvis and, for static files, by matplotlib directly). So matplotlib is
hidden while igraph is imported, when nothing has imported it yet; igraph then keeps its
stand-in for plotting, and matplotlib itself imports as usual afterwards.

Modules that use igraph import it from here: ``from …igraph_module import ig``.
"""

from __future__ import annotations

import sys

__all__ = ["ig"]

_hidden = "matplotlib" not in sys.modules
if _hidden:
    # None in sys.modules makes `import matplotlib` raise ImportError, which igraph handles.
    sys.modules["matplotlib"] = None  # type: ignore[assignment]
try:
    import igraph as ig
finally:
    if _hidden and sys.modules.get("matplotlib", 0) is None:
        del sys.modules["matplotlib"]
